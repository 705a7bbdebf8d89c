import {afterEach, describe, expect, it} from 'vitest';
import {fetchRealtimeMap, mapUrl, readErrorEnvelope, type ClientOptions} from '../../src/api/client.js';
import {DataFastError, exitCodeFor, isFinal} from '../../src/api/errors.js';
import {faultServer, hang, json, reset, success, text} from '../helpers/fault-server.js';
import {fixture, fixtureText} from '../helpers/fixtures.js';

const KEY = 'df_secret_key_1234567890';
let server: Awaited<ReturnType<typeof faultServer>> | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

// Far above a good answer's time on a loaded machine (a streamed body of several hundred KB included); the timeout
// test passes its own.
const options = (url: string, extra: Partial<ClientOptions> = {}): ClientOptions => ({baseUrl: url, apiKey: KEY, websiteId: null, timeoutMs: 10_000, userAgent: 'dftop/test', ...extra});

async function failure(reply: Parameters<typeof faultServer>[0][number], extra: Partial<ClientOptions> = {}): Promise<DataFastError> {
  server = await faultServer([reply]);
  try {
    await fetchRealtimeMap(options(server.url, extra));
  } catch (error) {
    expect(error).toBeInstanceOf(DataFastError);
    const e = error as DataFastError;
    // The key never appears in anything an error carries.
    expect(JSON.stringify({m: e.message, a: e.apiMessage, s: String(e), c: String(e.cause)})).not.toContain(KEY);
    return e;
  }
  throw new Error('expected a failure');
}

describe('fetchRealtimeMap', () => {
  it('GETs the realtime map with bearer auth, a user agent and no websiteId for df_ keys', async () => {
    server = await faultServer([json(200, fixtureText('realtime-map.objects.json'))]);
    const r = await fetchRealtimeMap(options(server.url));
    expect(r.status).toBe(200);
    expect((r.data as {count: number}).count).toBe(4);
    const seen = server.seen[0];
    expect(seen.url).toBe('/api/v1/analytics/realtime/map');
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.headers['user-agent']).toBe('dftop/test');
  });

  it('sends websiteId with a dft_ token', async () => {
    server = await faultServer([success({count: 0, visitors: []})]);
    await fetchRealtimeMap(options(server.url, {apiKey: 'dft_token', websiteId: '665f0b3c4d2e1a0012345678'}));
    expect(server.seen[0].url).toBe('/api/v1/analytics/realtime/map?websiteId=665f0b3c4d2e1a0012345678');
  });

  it('keeps a path prefix of the base URL', () => {
    expect(mapUrl('https://proxy.example/datafast/', 'df_x', null).toString()).toBe('https://proxy.example/datafast/api/v1/analytics/realtime/map');
  });

  it.each([
    [401, 'auth', 'Invalid API key', 'error.401.json'],
    [403, 'permission', 'Token lacks analytics:read permission for this website', 'error.403.json'],
    [404, 'not-found', 'Website not found', 'error.404.json'],
    [429, 'rate-limited', 'Too many requests', 'error.429.json'],
  ] as const)('classifies HTTP %i as %s and reads DataFast\'s message', async (status, kind, message, file) => {
    const e = await failure(json(status, fixture(file)));
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.apiMessage).toBe(message);
  });

  it('reads Retry-After and the rate-limit headers of a 429', async () => {
    const e = await failure(json(429, fixture('error.429.json'), {'retry-after': '12', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '12'}));
    expect(e.retryAfterMs).toBe(12_000);
    expect(e.rateLimit).toMatchObject({limit: 60, remaining: 0});
    expect(isFinal(e)).toBe(false);
  });

  it('summarises a proxy\'s HTML 502 by its status, never its body', async () => {
    const e = await failure(text(502, fixtureText('error.502.html')));
    expect(e.kind).toBe('server');
    expect(e.status).toBe(502);
    expect(e.apiMessage).toBeNull();
    expect(e.message).not.toContain('<html>');
  });

  it('classifies 5xx as server and retryable', async () => {
    const e = await failure(json(500, {status: 'error', error: {code: '500', message: 'boom'}}));
    expect([e.kind, e.apiMessage, isFinal(e)]).toEqual(['server', 'boom', false]);
  });

  it('treats 400 as final', async () => {
    const e = await failure(json(400, {status: 'error', error: {code: 400, message: 'Invalid input'}}));
    expect([e.kind, isFinal(e), exitCodeFor(e)]).toEqual(['bad-request', true, 1]);
  });

  it.each([
    ['not JSON', json(200, '{"status":"success","data":{'), /not JSON/],
    ['not the envelope', json(200, {visitors: []}), /envelope/],
    ['data not an object', json(200, {status: 'success', data: [1, 2]}), /not an object/],
  ])('classifies a body that is %s as malformed', async (_name, reply, pattern) => {
    const e = await failure(reply);
    expect(e.kind).toBe('malformed');
    expect(e.message).toMatch(pattern);
  });

  it('reads an error envelope sent with 200 by its code', async () => {
    const e = await failure(json(200, {status: 'error', error: {code: '401', message: 'Invalid API key'}}));
    expect([e.kind, e.apiMessage]).toEqual(['auth', 'Invalid API key']);
  });

  it('refuses a body over the cap while streaming, announced or not', async () => {
    const big = (announce: boolean) => (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, announce ? {'content-length': String(3 * 1024 * 1024)} : {});
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 48) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    for (const announce of [true, false]) {
      const e = await failure(big(announce), {maxBodyBytes: 1024 * 1024});
      expect(e.kind).toBe('malformed');
      expect(e.message).toMatch(/larger than 1 MiB/);
      await server!.close();
      server = null;
    }
  });

  it('decodes a body sent in pieces that split characters, small (decoded whole) or large (decoded as it arrives)', async () => {
    for (const [visitors, piece] of [[3, 7], [6000, 4093]]) {
      const names = Array.from({length: visitors}, (_, i) => `Zoë 東京 😀 ${i}`);
      const body = Buffer.from(JSON.stringify({status: 'success', data: {count: visitors, visitors: names.map((name, i) => ({visitorId: `v${i}`, customerName: name}))}}));
      server = await faultServer([(_req, res) => {
        res.writeHead(200, {'content-type': 'application/json'});
        // Odd-sized pieces: multi-byte characters are cut at their edges.
        const pieces: Buffer[] = [];
        for (let i = 0; i < body.length; i += piece) pieces.push(body.subarray(i, i + piece));
        const pump = () => {
          while (pieces.length) if (!res.write(pieces.shift())) return void res.once('drain', pump);
          res.end();
        };
        pump();
      }]);
      expect(body.length > 256 * 1024).toBe(visitors > 3);
      const answer = await fetchRealtimeMap(options(server.url));
      expect(answer.bodyLength).toBe(body.toString('utf8').length);
      const got = (answer.data as {visitors: {customerName: string}[]}).visitors.map((v) => v.customerName);
      expect(got).toEqual(names);
      await server.close();
      server = null;
    }
  });

  it('classifies a reset connection, a refused one and a timeout as network errors', async () => {
    expect((await failure(reset)).kind).toBe('network');
    const timeout = await failure(hang, {timeoutMs: 300});
    expect(timeout.kind).toBe('network');
    expect(timeout.message).toMatch(/timeout/);
    await server!.close();
    const refused = server!.url;
    server = null;
    const e = (await fetchRealtimeMap(options(refused)).catch((x) => x)) as DataFastError;
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/refused/);
  });

  it('maps the final classes to their exit codes', () => {
    expect(exitCodeFor(new DataFastError('auth', 'x'))).toBe(3);
    expect(exitCodeFor(new DataFastError('permission', 'x'))).toBe(3);
    expect(exitCodeFor(new DataFastError('not-found', 'x'))).toBe(4);
    expect(exitCodeFor(new DataFastError('server', 'x'))).toBe(1);
  });
});

describe('readErrorEnvelope', () => {
  it('reads numeric and string codes, and plain messages', () => {
    expect(readErrorEnvelope('{"status":"error","error":{"code":404,"message":"Website not found"}}')).toEqual({code: '404', message: 'Website not found'});
    expect(readErrorEnvelope('{"status":"error","error":{"code":"429","message":"slow"}}')).toEqual({code: '429', message: 'slow'});
    expect(readErrorEnvelope('{"error":"nope"}')).toEqual({code: null, message: 'nope'});
    expect(readErrorEnvelope('<html>')).toBeNull();
  });
});
