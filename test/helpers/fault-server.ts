import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;
export type Seen = {url: string; headers: http.IncomingHttpHeaders; at: number};

/** A loopback server that answers the n-th request with replies[n] (the last one repeats). */
export async function faultServer(replies: Reply[]) {
  const seen: Seen[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    seen.push({url: req.url ?? '', headers: req.headers, at: Date.now()});
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
    reply(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, {'content-type': 'application/json', ...headers});
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, {'content-type': 'text/html', ...headers});
    res.end(body);
  };

export const reset: Reply = (req) => req.socket.destroy();
export const hang: Reply = () => {};

export const success = (data: unknown) => json(200, {status: 'success', data});
