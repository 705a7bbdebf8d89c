// The client against answers and settings that used to retry forever or say the wrong thing: redirects,
// compressed bodies, keys that cannot be sent, credentials in the base URL.
import {afterEach, describe, expect, it} from 'vitest';
import {displayUrl, fetchRealtimeMap, keyProblem, mapUrl, type ClientOptions} from '../../src/api/client.js';
import {DataFastError, exitCodeFor, isFinal} from '../../src/api/errors.js';
import {errorLine} from '../../src/cli/report.js';
import {fetchOnce} from '../../src/cli/source.js';
import {compressed, faultServer, redirect, success, type Reply} from '../helpers/fault-server.js';

const KEY = 'df_secret_key_1234567890';
const options = (url: string, extra: Partial<ClientOptions> = {}): ClientOptions => ({baseUrl: url, apiKey: KEY, websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test', ...extra});
const body = {status: 'success', data: {count: 7, visitors: [{visitorId: 'a'}]}};

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function serve(replies: Reply[]) {
  const server = await faultServer(replies);
  cleanup.push(() => server.close());
  return server;
}

async function failure(url: string, extra: Partial<ClientOptions> = {}): Promise<DataFastError> {
  const e = await fetchRealtimeMap(options(url, extra)).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(DataFastError);
  const text = JSON.stringify({m: (e as Error).message, line: errorLine(e)});
  expect(text).not.toContain(KEY);
  return e as DataFastError;
}

describe('redirects', () => {
  it('are not followed; the message says the API redirected, to where, and to check --base-url', async () => {
    const target = await serve([success(body.data)]);
    const server = await serve([redirect(301, `${target.url}/elsewhere/api?token=abc`)]);
    const e = await failure(server.url);
    expect([e.kind, e.status, isFinal(e), exitCodeFor(e)]).toEqual(['redirect', 301, true, 1]);
    expect(e.message).toBe(`the API answered with a redirect to ${target.url}/elsewhere/api?…`);
    expect(errorLine(e)).toBe(`dftop: redirected (HTTP 301): ${e.message} — check --base-url (often http:// where https:// is meant); dftop does not follow redirects with the key`);
    // The key never went to the other origin.
    expect(target.seen).toHaveLength(0);
    expect(server.seen).toHaveLength(1);
  });

  it('http:// → https:// of the same host is named as such', async () => {
    const server = await serve([redirect(308, 'https://127.0.0.1/api/v1/analytics/realtime/map')]);
    const e = await failure(server.url);
    expect(errorLine(e)).toMatch(/— use https:\/\/ in --base-url \(https:\/\/127\.0\.0\.1\); dftop does not follow redirects with the key$/);
  });

  it('strips credentials from the Location and says so when there is none', async () => {
    const withCreds = await serve([redirect(302, 'https://user:hunter2@proxy.example/login')]);
    const e = await failure(withCreds.url);
    expect(e.message).toBe('the API answered with a redirect to https://proxy.example/login');
    expect(e.message).not.toContain('hunter2');
    const bare = await serve([(_req, res) => res.writeHead(302).end()]);
    expect((await failure(bare.url)).message).toBe('the API answered with a redirect without saying where to');
  });

  it('--once does not retry a redirect', async () => {
    const server = await serve([redirect(301, 'https://example.com/')]);
    const e = await fetchOnce(options(server.url), 30_000, async () => {}).catch((x: unknown) => x);
    expect((e as DataFastError).kind).toBe('redirect');
    expect(server.seen).toHaveLength(1);
  });
});

describe('compressed bodies', () => {
  it('asks for gzip, deflate and br', async () => {
    const server = await serve([success(body.data)]);
    await fetchRealtimeMap(options(server.url));
    expect(server.seen[0].headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each(['gzip', 'deflate', 'br'] as const)('decodes a %s body', async (encoding) => {
    const server = await serve([compressed(encoding, body)]);
    const r = await fetchRealtimeMap(options(server.url));
    expect((r.data as {count: number}).count).toBe(7);
  });

  it('keeps the body cap on the decoded size (a small gzip of many MiB is refused)', async () => {
    const big = {status: 'success', data: {count: 1, visitors: [], pad: ' '.repeat(3 * 1024 * 1024)}};
    const server = await serve([compressed('gzip', big)]);
    const e = await failure(server.url, {maxBodyBytes: 1024 * 1024});
    expect(e.kind).toBe('malformed');
    expect(e.message).toMatch(/larger than 1 MiB/);
  });

  it('refuses an unknown encoding, and a corrupt gzip, with a clear message', async () => {
    const unknown = await serve([compressed('zstd-bogus', body)]);
    expect((await failure(unknown.url)).message).toBe('the body is encoded as "zstd-bogus", which dftop cannot decode');
    const corrupt = await serve([(_req, res) => {
      res.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
      res.end('definitely not gzip');
    }]);
    const e = await failure(corrupt.url);
    expect([e.kind, e.message]).toEqual(['malformed', 'the compressed body is corrupt']);
  });
});

describe('a key that cannot be sent', () => {
  it.each([
    ['a trailing CR (a CRLF file)', 'df_abc\r', 'holds a line break'],
    ['two lines', 'df_abc\ndf_def', 'holds a line break'],
    ['a space', 'df_abc def', 'holds a space (character 7)'],
    ['a non-ASCII character', 'df_abc\u00a0', 'holds a non-ASCII character, U+00A0 (character 7)'],
    ['a control character', 'df_\u0001abc', 'holds a control character (character 4)'],
  ])('with %s is refused before any request, final, exit 2', async (_name, key, problem) => {
    expect(keyProblem(key)).toBe(problem);
    const server = await serve([success(body.data)]);
    const e = await failure(server.url, {apiKey: key});
    expect([e.kind, isFinal(e), exitCodeFor(e)]).toEqual(['key', true, 2]);
    expect(e.message).toBe(`the API key ${problem}; nothing was sent`);
    expect(server.seen).toHaveLength(0);
  });

  it('accepts keys of printable ASCII', () => {
    expect(keyProblem('df_AZaz09-_.~+/=')).toBeNull();
    expect(keyProblem('dft_0123456789abcdef')).toBeNull();
  });
});

describe('credentials in the base URL', () => {
  it('are never sent in the URL nor shown', async () => {
    const server = await serve([success(body.data)]);
    const withCreds = server.url.replace('http://', 'http://alice:s3cret@');
    expect(mapUrl(withCreds, KEY, null).toString()).not.toContain('s3cret');
    await fetchRealtimeMap(options(withCreds));
    expect(server.seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
    await server.close();
    const e = await failure(withCreds);
    expect(e.kind).toBe('network');
    expect(JSON.stringify([e.message, errorLine(e)])).not.toContain('s3cret');
    expect(displayUrl(new URL('https://bob:pw@host.example/a/b?x=1#f'))).toBe('https://host.example/a/b?…');
  });
});
