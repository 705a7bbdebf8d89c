// Certificates and TLS: failures that cannot heal are final at once, with the host, what failed, the code, and
// NODE_EXTRA_CA_CERTS as the way to add a company CA. dftop has no option that turns verification off.
import {afterEach, describe, expect, it} from 'vitest';
import {fetchRealtimeMap, type ClientOptions} from '../../src/api/client.js';
import {DataFastError, isFinal} from '../../src/api/errors.js';
import {Poller, type PollOutcome} from '../../src/api/poller.js';
import {errorLine} from '../../src/cli/report.js';
import {fetchOnce, loadSnapshot} from '../../src/cli/source.js';
import type {Snapshot} from '../../src/model/types.js';
import {cleanEnv, runCli} from '../helpers/cli.js';
import {faultServer, reset, success} from '../helpers/fault-server.js';
import {selfSigned, tlsServer} from '../helpers/tls.js';

const client = (url: string): ClientOptions => ({baseUrl: url, apiKey: 'df_k', websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test'});
const body = {count: 3, visitors: []};

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function failure(url: string): Promise<DataFastError> {
  const e = await fetchRealtimeMap(client(url)).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(DataFastError);
  return e as DataFastError;
}

describe('TLS', () => {
  it('a self-signed certificate is final at once; the message names the host, what failed and NODE_EXTRA_CA_CERTS', async () => {
    const server = await tlsServer(selfSigned('loopback'), success(body));
    cleanup.push(() => server.close());
    const e = await failure(server.url);
    expect(e.kind).toBe('tls');
    expect(isFinal(e)).toBe(true);
    expect(e.message).toBe(`the certificate of 127.0.0.1:${server.port} is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)`);
    expect(errorLine(e)).toBe(`dftop: TLS failure: ${e.message} — a company CA can be added with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; dftop never turns verification off`);
    expect(server.requests).toBe(0);
  });

  it('the poller stops on it after one try (no retries against a certificate that will not change)', async () => {
    const server = await tlsServer(selfSigned('loopback'), success(body));
    cleanup.push(() => server.close());
    const poller = new Poller<Snapshot>({load: (signal) => loadSnapshot(client(server.url), signal), intervalMs: 20});
    cleanup.push(() => poller.stop());
    const outcome = await new Promise<PollOutcome<Snapshot>>((resolve) => {
      poller.onOutcome(resolve);
      poller.start();
    });
    expect(outcome.kind === 'error' && [outcome.error.kind, outcome.final]).toEqual(['tls', true]);
    expect(poller.current.state).toBe('failed');
  });

  it('--once does not retry it either', async () => {
    const server = await tlsServer(selfSigned('loopback'), success(body));
    cleanup.push(() => server.close());
    const sleeps: number[] = [];
    const e = await fetchOnce(client(server.url), 30_000, async (ms) => void sleeps.push(ms)).catch((x: unknown) => x);
    expect((e as DataFastError).kind).toBe('tls');
    expect(sleeps).toEqual([]);
  });

  it('https:// to a plain-HTTP port says so and points at the scheme of --base-url', async () => {
    const plain = await faultServer([success(body)]);
    cleanup.push(() => plain.close());
    const e = await failure(plain.url.replace('http://', 'https://'));
    expect(e.kind).toBe('tls');
    expect(isFinal(e)).toBe(true);
    expect(e.message).toMatch(/^127\.0\.0\.1:\d+ did not answer in TLS: it looks like a plain-HTTP port \(ERR_SSL_[A-Z_]+\)$/);
    expect(errorLine(e)).toMatch(/— check --base-url: use http:\/\/ if that server has no TLS/);
  });

  it('http:// to an HTTPS port says so and is final (the server closes without a word; not retried as a network failure)', async () => {
    const server = await tlsServer(selfSigned('loopback'), success(body));
    cleanup.push(() => server.close());
    const e = await failure(server.url.replace('https://', 'http://'));
    expect(e.kind).toBe('tls');
    expect(isFinal(e)).toBe(true);
    expect(e.message).toMatch(/^127\.0\.0\.1:\d+ answered in TLS: it looks like an https:\/\/ port \((UND_ERR_SOCKET|ECONNRESET)\)$/);
    expect(errorLine(e)).toMatch(/— check --base-url: use https:\/\/ for that port/);
    // A plain-HTTP server that drops a connection is still a network failure (retried).
    const plain = await faultServer([reset]);
    cleanup.push(() => plain.close());
    const dropped = await failure(plain.url);
    expect(dropped.kind).toBe('network');
    expect(isFinal(dropped)).toBe(false);
  });

  it('through the real CLI: NODE_EXTRA_CA_CERTS makes the same server trusted; a certificate for another host is named', async () => {
    const pair = selfSigned('loopback');
    const server = await tlsServer(pair, success(body));
    cleanup.push(() => server.close());
    const untrusted = await runCli(['--once', '--json', '--base-url', server.url], cleanEnv({DATAFAST_API_KEY: 'df_k'}));
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain(`the certificate of 127.0.0.1:${server.port} is self-signed and not trusted`);
    expect(untrusted.stderr).toContain('NODE_EXTRA_CA_CERTS');
    const trusted = await runCli(['--once', '--json', '--base-url', server.url], cleanEnv({DATAFAST_API_KEY: 'df_k', NODE_EXTRA_CA_CERTS: pair.certFile}));
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.stdout).count).toBe(3);

    const other = selfSigned('other');
    const wrongHost = await tlsServer(other, success(body));
    cleanup.push(() => wrongHost.close());
    const mismatch = await runCli(['--once', '--json', '--base-url', wrongHost.url], cleanEnv({DATAFAST_API_KEY: 'df_k', NODE_EXTRA_CA_CERTS: other.certFile}));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain(`the certificate presented by 127.0.0.1:${wrongHost.port} is for another host: it names DNS:other.example (ERR_TLS_CERT_ALTNAME_INVALID)`);
  });
});
