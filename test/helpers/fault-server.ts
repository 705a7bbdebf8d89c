import http from 'node:http';
import net, {type AddressInfo} from 'node:net';
import zlib from 'node:zlib';

export type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;
export type Seen = {url: string; headers: http.IncomingHttpHeaders; at: number};

/** A loopback server that answers the n-th request with replies[n] (the last one repeats). */
export async function faultServer(replies: Reply[]) {
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
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
    /** Requests whose response has not closed yet (an aborted client closes it). */
    get inFlight() {
      return inFlight;
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

/** A redirect to `location`. */
export const redirect =
  (status: number, location: string): Reply =>
  (_req, res) => {
    res.writeHead(status, {location, 'content-type': 'text/html'});
    res.end('<html>moved</html>');
  };

/** A success body compressed with `encoding` (gzip, deflate or br), or labelled with an encoding nobody knows. */
export const compressed =
  (encoding: 'gzip' | 'deflate' | 'br' | 'zstd-bogus', body: unknown): Reply =>
  (_req, res) => {
    const text = Buffer.from(JSON.stringify(body));
    const data = encoding === 'gzip' ? zlib.gzipSync(text) : encoding === 'deflate' ? zlib.deflateSync(text) : encoding === 'br' ? zlib.brotliCompressSync(text) : text;
    res.writeHead(200, {'content-type': 'application/json', 'content-encoding': encoding, 'content-length': String(data.length)});
    res.end(data);
  };

/**
 * A loopback HTTP proxy: forwards absolute-form requests (`GET http://host/…`) and tunnels CONNECT, to
 * 127.0.0.1 only. Records what it was asked, with the Proxy-Authorization header it saw.
 */
export async function forwardProxy() {
  const seen: {method: string; target: string; proxyAuthorization: string | undefined}[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push({method: req.method ?? '', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization']});
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.hostname !== '127.0.0.1') {
      res.writeHead(403).end();
      return;
    }
    const headers = {...req.headers};
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request({host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: req.method, headers}, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push({method: 'CONNECT', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization']});
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
