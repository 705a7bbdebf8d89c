import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {Simulation, type Shape} from './simulation.js';

// The demo API speaks only HTTP, like DataFast: same path, bearer auth, the same envelopes. It imports
// nothing from the client side of dftop, so the client is tested against it as against a stranger.

export const MAP_PATH = '/api/v1/analytics/realtime/map';
export const SITES_PATH = '/api/v1/admin/websites';
export const METADATA_PATH = '/api/v1/analytics/metadata';
/** `GET /api/v1/visitors/{visitorId}`: one visitor's profile. */
export const VISITOR_PATH = '/api/v1/visitors/';

/**
 * The demo account's websites (`GET /api/v1/admin/websites` with a dft_ token). The first is the site a df_ key
 * (and any other 24-hex id) sees; the others are smaller sites with simulations of their own.
 */
export const DEMO_SITES = [
  {_id: '64b000000000000000000001', domain: 'demo.example', name: 'dftop demo', trackingId: 'dfid_demo00001', timezone: 'Europe/Paris', currency: 'USD', role: 'owner', share: 1},
  {_id: '64b000000000000000000002', domain: 'shop.demo.example', name: 'Demo shop', trackingId: 'dfid_demo00002', timezone: 'America/New_York', currency: 'EUR', role: 'admin', share: 0.3},
  {_id: '64b000000000000000000003', domain: 'docs.demo.example', name: null, trackingId: 'dfid_demo00003', timezone: 'Asia/Tokyo', currency: 'JPY', role: 'viewer', share: 0.1},
] as const;

const siteEntry = ({share: _share, ...site}: (typeof DEMO_SITES)[number]) => site;

/** What a request can be answered with instead of data, for tests and the soak. */
export type Fault =
  | 'ok'
  | '400' | '401' | '403' | '404' | '429' | '500' | '502' | '503'
  | 'html502' // a proxy's HTML page
  | 'malformed' // 200 with a body that is not JSON
  | 'not-envelope' // 200 JSON without the envelope
  | 'huge' // a body larger than any sensible cap
  | 'reset' // the connection is destroyed
  | 'hang' // no answer at all, until the client gives up
  | 'slow'; // answers after 1.5 s

export const FAULTS: readonly Fault[] = ['ok', '400', '401', '403', '404', '429', '500', '502', '503', 'html502', 'malformed', 'not-envelope', 'huge', 'reset', 'hang', 'slow'];

export type DemoServerOptions = {
  port?: number;
  host?: string;
  shape?: Shape;
  seed?: number;
  visitors?: number;
  steady?: boolean;
  /** Chooses the answer to the n-th request (from 0); 'ok' or undefined serves data. */
  fault?: (n: number) => Fault | undefined;
  retryAfterSeconds?: number;
  clock?: () => number;
};

/** `requests` counts every request but visitor profiles (which draw no faults); `profileRequests` counts those. */
export type DemoServer = {url: string; port: number; requests: number; profileRequests: number; close(): Promise<void>};

const MESSAGES: Record<string, string> = {
  '400': 'Invalid input',
  '401': 'Invalid API key',
  '403': 'Token lacks analytics:read permission for this website',
  '404': 'Website not found',
  '429': 'Too many requests',
  '500': 'Internal server error',
  '503': 'Service unavailable',
};

const HTML_502 = '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>\n';

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers});
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  sendJson(res, status, {status: 'error', error: {code: status, message}}, headers);
}

/** Why a bearer token is refused, or null. */
function tokenProblem(token: string): string | null {
  if (!token) return 'Missing API key';
  if (!token.startsWith('df_') && !token.startsWith('dft_')) return 'Invalid API key';
  return null;
}

/** An account token's website id: 400 without one, 404 when it is not an ObjectId; null when all is well. */
function websiteProblem(token: string, websiteId: string | null): [number, string] | null {
  if (!token.startsWith('dft_')) return null;
  if (!websiteId) return [400, 'websiteId is required with an account token'];
  if (!/^[0-9a-f]{24}$/i.test(websiteId)) return [404, 'Website not found'];
  return null;
}

export function parseFaultList(text: string): Fault[] {
  const list = text.split(',').map((f) => f.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`no fault given (a comma-separated list of ${FAULTS.join(', ')})`);
  for (const f of list) if (!FAULTS.includes(f as Fault)) throw new Error(`unknown fault "${f}" (one of ${FAULTS.join(', ')})`);
  return list as Fault[];
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const clock = options.clock ?? Date.now;
  const simulation = new Simulation({seed: options.seed, visitors: options.visitors, steady: options.steady, startTime: clock()});
  // The other demo sites get their own, smaller simulation on first use; the default one is the first site's.
  const others = new Map<string, Simulation>();
  const simulationFor = (websiteId: string | null): Simulation => {
    const index = DEMO_SITES.findIndex((s) => s._id === websiteId);
    if (index <= 0) return simulation;
    let sim = others.get(websiteId!);
    if (!sim) {
      const visitors = Math.max(1, Math.round((options.visitors ?? 60) * DEMO_SITES[index].share));
      sim = new Simulation({seed: options.seed === undefined ? undefined : options.seed + index, visitors, steady: options.steady, startTime: clock()});
      others.set(websiteId!, sim);
    }
    return sim;
  };
  const shape = options.shape ?? 'objects';
  const sockets = new Set<import('node:net').Socket>();
  let requests = 0;
  let profileRequests = 0;
  const hanging = new Set<http.ServerResponse>();

  // A visitor's profile, with the map's auth rules. An id starting with "bot" is a bot (400), a test hook:
  // simulated ids are hex and never do.
  const serveProfile = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (req.method !== 'GET') return sendError(res, 405, 'Method not allowed');
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const refused = tokenProblem(token);
    if (refused) return sendError(res, 401, refused);
    const websiteId = url.searchParams.get('websiteId');
    const site = websiteProblem(token, websiteId);
    if (site) return sendError(res, site[0], site[1]);
    let id = '';
    try {
      id = decodeURIComponent(url.pathname.slice(VISITOR_PATH.length));
    } catch {
      // Not a percent-encoding: no visitor has that id.
    }
    if (id.startsWith('bot')) return sendError(res, 400, 'Visitor is a bot');
    const sim = simulationFor(token.startsWith('dft_') ? websiteId : null);
    sim.advanceTo(clock());
    const data = id ? sim.profile(id) : null;
    if (!data) return sendError(res, 404, 'Visitor not found');
    sendJson(res, 200, {status: 'success', data});
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(VISITOR_PATH)) {
      profileRequests++;
      return serveProfile(req, res, url);
    }
    const n = requests++;
    if (req.method !== 'GET') return sendError(res, 405, 'Method not allowed');
    if (url.pathname === '/' || url.pathname === '/health') return sendJson(res, 200, {status: 'success', data: {name: 'dftop demo API', path: MAP_PATH}});
    if (url.pathname !== MAP_PATH && url.pathname !== SITES_PATH && url.pathname !== METADATA_PATH) return sendError(res, 404, 'Not found');

    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const refused = tokenProblem(token);
    if (refused) return sendError(res, 401, refused);
    const websiteId = url.searchParams.get('websiteId');
    if (url.pathname === SITES_PATH) {
      if (!token.startsWith('dft_')) return sendError(res, 403, 'This endpoint needs an account token (dft_) with the websites:read permission');
      return sendJson(res, 200, {status: 'success', data: DEMO_SITES.map(siteEntry)});
    }
    if (url.pathname === METADATA_PATH) {
      const site = DEMO_SITES.find((s) => s._id === websiteId) ?? DEMO_SITES[0];
      if (token.startsWith('dft_') && !websiteId) return sendError(res, 400, 'websiteId is required with an account token');
      return sendJson(res, 200, {status: 'success', data: [{domain: site.domain, timezone: site.timezone, name: site.name, kpiColorScheme: null, kpi: null, currency: site.currency}]});
    }
    const site = websiteProblem(token, websiteId);
    if (site) return sendError(res, site[0], site[1]);

    const fault = options.fault?.(n) ?? 'ok';
    switch (fault) {
      case 'ok':
      case 'slow':
        break;
      case '429':
        return sendError(res, 429, MESSAGES['429'], {
          'retry-after': String(options.retryAfterSeconds ?? 1),
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(options.retryAfterSeconds ?? 1),
        });
      case '502':
      case 'html502':
        res.writeHead(502, {'content-type': 'text/html'});
        return res.end(HTML_502);
      case 'malformed':
        res.writeHead(200, {'content-type': 'application/json'});
        return res.end('{"status":"success","data":{"count":3,"visitors":[{');
      case 'not-envelope':
        return sendJson(res, 200, {visitors: []});
      case 'huge': {
        res.writeHead(200, {'content-type': 'application/json'});
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      case 'reset':
        return req.socket.destroy();
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      default:
        return sendError(res, Number(fault), MESSAGES[fault] ?? 'Error');
    }

    const sim = simulationFor(token.startsWith('dft_') ? websiteId : null);
    sim.advanceTo(clock());
    const body = {status: 'success', data: sim.snapshot(shape)};
    if (fault === 'slow') setTimeout(() => sendJson(res, 200, body), 1500);
    else sendJson(res, 200, body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    get profileRequests() {
      return profileRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
