// HTTP(S)_PROXY and NO_PROXY against a loopback proxy. undici's EnvHttpProxyAgent has no implicit exclusion of
// localhost: with a proxy set and NO_PROXY empty, even 127.0.0.1 goes through the proxy (as with curl).
import {afterEach, describe, expect, it} from 'vitest';
import {fetchRealtimeMap, type ClientOptions} from '../../src/api/client.js';
import {DataFastError} from '../../src/api/errors.js';
import {proxyFor, proxyFromEnv, type ProxySettings} from '../../src/api/proxy.js';
import {cleanEnv, runCli} from '../helpers/cli.js';
import {faultServer, forwardProxy, success} from '../helpers/fault-server.js';
import {selfSigned, tlsServer} from '../helpers/tls.js';

const options = (url: string, proxy: ProxySettings | null): ClientOptions => ({baseUrl: url, apiKey: 'df_k', websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test', proxy});

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const api = await faultServer([success({count: 5, visitors: []})]);
  const proxy = await forwardProxy();
  cleanup.push(() => api.close(), () => proxy.close());
  return {api, proxy};
}

describe('proxies', () => {
  it('an http:// base URL goes through HTTP_PROXY as a plain forward request, with the proxy\'s credentials', async () => {
    const {api, proxy} = await setup();
    const settings = proxyFromEnv({HTTP_PROXY: proxy.url.replace('http://', 'http://pu:pp@'), NO_PROXY: ''})!;
    const r = await fetchRealtimeMap(options(api.url, settings));
    expect((r.data as {count: number}).count).toBe(5);
    expect(proxy.seen).toEqual([{method: 'GET', target: `${api.url}/api/v1/analytics/realtime/map`, proxyAuthorization: `Basic ${Buffer.from('pu:pp').toString('base64')}`}]);
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0].headers['proxy-authorization']).toBeUndefined();
  });

  it('the lower-case form wins, as in curl', async () => {
    const {api, proxy} = await setup();
    const settings = proxyFromEnv({http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: ''})!;
    await fetchRealtimeMap(options(api.url, settings));
    expect(proxy.seen).toHaveLength(1);
  });

  it.each([
    ['the host', '127.0.0.1'],
    ['the host and port', null],
    ['a list with the host', 'example.com, 127.0.0.1'],
    ['*', '*'],
  ])('NO_PROXY naming %s goes direct', async (_name, noProxy) => {
    const {api, proxy} = await setup();
    const settings = proxyFromEnv({HTTP_PROXY: proxy.url, no_proxy: noProxy ?? new URL(api.url).host})!;
    await fetchRealtimeMap(options(api.url, settings));
    expect(proxy.seen).toHaveLength(0);
    expect(api.seen).toHaveLength(1);
    expect(proxyFor(new URL(api.url), settings)).toBeNull();
  });

  it('NO_PROXY with another port still uses the proxy', async () => {
    const {api, proxy} = await setup();
    const settings = proxyFromEnv({HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1:1'})!;
    await fetchRealtimeMap(options(api.url, settings));
    expect(proxy.seen).toHaveLength(1);
  });

  it('https:// tunnels through HTTPS_PROXY with CONNECT, and TLS is still verified end to end', async () => {
    const tls = await tlsServer(selfSigned('loopback'), success({count: 1, visitors: []}));
    const proxy = await forwardProxy();
    cleanup.push(() => tls.close(), () => proxy.close());
    const settings = proxyFromEnv({HTTPS_PROXY: proxy.url, NO_PROXY: ''})!;
    const e = await fetchRealtimeMap(options(tls.url, settings)).catch((x: unknown) => x);
    expect(proxy.seen).toEqual([{method: 'CONNECT', target: `127.0.0.1:${tls.port}`, proxyAuthorization: undefined}]);
    expect((e as DataFastError).kind).toBe('tls');
    expect((e as DataFastError).message).toContain(`the certificate of 127.0.0.1:${tls.port} is self-signed`);
  });

  it('a proxy that is down is named in the message, without its credentials', async () => {
    const {api, proxy} = await setup();
    await proxy.close();
    const settings = proxyFromEnv({HTTP_PROXY: proxy.url.replace('http://', 'http://pu:secretpw@'), NO_PROXY: ''})!;
    const e = (await fetchRealtimeMap(options(api.url, settings)).catch((x: unknown) => x)) as DataFastError;
    expect(e.kind).toBe('network');
    expect(e.message).toBe(`connection refused (through the proxy ${proxy.url})`);
    expect(api.seen).toHaveLength(0);
  });

  it('reads the environment: none set is null; a proxy without a scheme is http://; a bad one is named', () => {
    expect(proxyFromEnv({})).toBeNull();
    expect(proxyFromEnv({HTTPS_PROXY: '', NO_PROXY: 'x'})).toBeNull();
    expect(proxyFromEnv({HTTPS_PROXY: 'proxy.corp:3128'})).toEqual({httpProxy: null, httpsProxy: 'http://proxy.corp:3128', noProxy: null});
    expect(() => proxyFromEnv({HTTPS_PROXY: 'http://[bad'})).toThrow('HTTPS_PROXY is not a URL');
    expect(() => proxyFromEnv({HTTP_PROXY: 'ftp://u:p@x'})).toThrow(/HTTP_PROXY has the scheme ftp:/);
  });

  it('through the real CLI: HTTP_PROXY in the environment is used, NO_PROXY honoured', async () => {
    const {api, proxy} = await setup();
    const via = await runCli(['--once', '--json', '--base-url', api.url], cleanEnv({DATAFAST_API_KEY: 'df_k', HTTP_PROXY: proxy.url}));
    expect([via.code, via.stderr]).toEqual([0, '']);
    expect(proxy.seen).toHaveLength(1);
    const direct = await runCli(['--once', '--json', '--base-url', api.url], cleanEnv({DATAFAST_API_KEY: 'df_k', HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1'}));
    expect(direct.code).toBe(0);
    expect(proxy.seen).toHaveLength(1);
    expect(api.seen).toHaveLength(2);
  });
});
