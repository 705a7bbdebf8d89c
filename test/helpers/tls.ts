import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type {Reply} from './fault-server.js';
import {root} from './cli.js';

export type Pair = {cert: string; key: string; certFile: string};

/**
 * A self-signed certificate for `san` (e.g. "IP:127.0.0.1,DNS:localhost"), made with openssl when it is installed,
 * else the committed test fixture of that name (test/fixtures/tls).
 */
export function selfSigned(name: 'loopback' | 'other'): Pair {
  const san = name === 'loopback' ? 'IP:127.0.0.1,DNS:localhost' : 'DNS:other.example';
  const cn = name === 'loopback' ? 'dftop test loopback' : 'other.example';
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-tls-'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${cn}`, '-addext', `subjectAltName=${san}`], {stdio: 'ignore'});
    return {cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8'), certFile};
  } catch {
    const dir = path.join(root, 'test/fixtures/tls');
    const certFile = path.join(dir, `${name}.cert.pem`);
    return {cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(path.join(dir, `${name}.key.pem`), 'utf8'), certFile};
  }
}

/** An https server on 127.0.0.1 answering every request with `reply`. */
export async function tlsServer(pair: Pair, reply: Reply) {
  let requests = 0;
  const server = https.createServer({cert: pair.cert, key: pair.key}, (req, res) => {
    requests++;
    reply(req, res);
  });
  // Refused handshakes are the point of these tests, not errors of the server.
  server.on('tlsClientError', () => {});
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s: import('node:net').Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
