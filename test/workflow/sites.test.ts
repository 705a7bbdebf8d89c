import {afterEach, describe, expect, it} from 'vitest';
import {fetchSites, readSites, resolveSite} from '../../src/api/sites.js';
import {readMetadata} from '../../src/api/metadata.js';
import type {ClientOptions} from '../../src/api/client.js';
import {DataFastError} from '../../src/api/errors.js';
import {faultServer, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {cleanEnv, runCli} from '../helpers/cli.js';

const TOKEN = 'dft_account_secret_token_13579';
const KEY = 'df_site_secret_key_97531';
const SITES = '/api/v1/admin/websites';
const META = '/api/v1/analytics/metadata';
const MAP = '/api/v1/analytics/realtime/map';
const [A, B] = ['665f0b3c4d2e1a0012345678', '665f0b3c4d2e1a0012345679'];

let servers: Awaited<ReturnType<typeof faultServer>>[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

type Route = {status: number; body: unknown};
/** A loopback DataFast: routes by path (and the map by website id); everything else is 404. */
async function api(routes: {sites?: Route; meta?: Route; map?: (websiteId: string | null) => Route}) {
  const reply: Reply = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const route =
      url.pathname === SITES ? routes.sites : url.pathname === META ? routes.meta : url.pathname === MAP ? routes.map?.(url.searchParams.get('websiteId')) : undefined;
    const {status, body} = route ?? {status: 404, body: {status: 'error', error: {code: 404, message: 'Not found'}}};
    res.writeHead(status, {'content-type': 'application/json'});
    res.end(JSON.stringify(body));
  };
  const s = await faultServer([reply]);
  servers.push(s);
  return {...s, paths: () => s.seen.map((r) => r.url)};
}

const ok = (body: unknown): Route => ({status: 200, body});
const client = (url: string, apiKey: string, websiteId: string | null = null): ClientOptions => ({baseUrl: url, apiKey, websiteId, timeoutMs: 5000, userAgent: 'dftop/test'});
const mapOf = (count: number, payments: unknown[] = []) => ok({status: 'success', data: {count, visitors: [], recentEvents: [], recentPayments: payments}});

describe('the site list and the metadata', () => {
  it('reads /admin/websites liberally: entries without an id are dropped, any other field may be missing', async () => {
    const s = await api({sites: ok(fixture('admin-websites.json'))});
    const sites = await fetchSites(client(s.url, TOKEN));
    expect(sites).toEqual([
      {id: A, domain: 'example.com', name: 'Example', trackingId: 'dfid_a1b2c3d4e5', timezone: 'Europe/Paris', currency: 'EUR', role: 'owner'},
      {id: B, domain: 'shop.example.org', name: null, trackingId: 'dfid_f6e5d4c3b2', timezone: 'America/New_York', currency: 'USD', role: 'viewer'},
    ]);
    expect(s.seen[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(readSites([{domain: 'no-id.example'}, null, 3, {id: 'x'}])).toEqual([{id: 'x', domain: null, name: null, trackingId: null, timezone: null, currency: null, role: null}]);
    expect(() => readSites({not: 'a list'})).toThrow(DataFastError);
  });

  it('resolveSite: a df_ key reads the metadata, a dft_ token its site in the list; any failure is null, not an error', async () => {
    const s = await api({sites: ok(fixture('admin-websites.json')), meta: ok(fixture('analytics-metadata.json'))});
    expect(await resolveSite(client(s.url, KEY))).toEqual({domain: 'example.com', name: 'Example', currency: 'EUR', timezone: 'Europe/Berlin'});
    expect(await resolveSite(client(s.url, TOKEN, B))).toEqual({domain: 'shop.example.org', name: null, currency: 'USD', timezone: 'America/New_York'});
    expect(await resolveSite(client(s.url, TOKEN, 'ffffffffffffffffffffffff'))).toBeNull();
    const down = await api({sites: {status: 500, body: 'oops'}, meta: {status: 403, body: {status: 'error', error: {code: 403, message: 'no'}}}});
    expect(await resolveSite(client(down.url, KEY))).toBeNull();
    expect(await resolveSite(client(down.url, TOKEN, A))).toBeNull();
    expect(await resolveSite(client('http://127.0.0.1:1', KEY))).toBeNull();
    expect(readMetadata([])).toBeNull();
    expect(readMetadata({domain: 'single.example'})).toMatchObject({domain: 'single.example'});
  });
});

describe('dftop sites', () => {
  it('prints a table of id, domain, name and role; --json prints the list as one line', async () => {
    const s = await api({sites: ok(fixture('admin-websites.json'))});
    const env = cleanEnv({DATAFAST_API_KEY: TOKEN});
    const table = await runCli(['sites', '--base-url', s.url], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toBe(
      ['ID                        DOMAIN            NAME     ROLE', `${A}  example.com       Example  owner`, `${B}  shop.example.org  -        viewer`, ''].join('\n'),
    );
    const line = await runCli(['sites', '--json', '--base-url', s.url], env);
    expect(line.stdout.split('\n')).toHaveLength(2);
    expect(JSON.parse(line.stdout).map((x: {id: string; domain: string}) => [x.id, x.domain])).toEqual([[A, 'example.com'], [B, 'shop.example.org']]);
  });

  it('with a df_ key: exit 2 before any request, saying an account token is needed', async () => {
    const s = await api({sites: ok(fixture('admin-websites.json'))});
    const r = await runCli(['sites', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an account token \(dft_…\)/);
    expect(s.seen).toHaveLength(0);
  });

  it('errors exit as --once does: 401/403 → 3, one line, no token', async () => {
    for (const [status, code] of [[401, 3], [403, 3]] as const) {
      const s = await api({sites: {status, body: {status: 'error', error: {code: status, message: 'Missing websites:read'}}}});
      const r = await runCli(['sites', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: TOKEN}));
      expect(r.code).toBe(code);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('Missing websites:read');
      expect(r.stderr + r.stdout).not.toContain(TOKEN);
    }
  });

  it('the demo API lists its sites', async () => {
    const r = await runCli(['sites', '--demo', '--json'], cleanEnv());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: {domain: string}) => x.domain)).toEqual(['demo.example', 'shop.demo.example', 'docs.demo.example']);
  });
});

describe('the map per website, and the site in the --once header', () => {
  it('a dft_ token asks the map for the chosen website; --once names it by its domain and uses its currency', async () => {
    const s = await api({
      sites: ok(fixture('admin-websites.json')),
      map: (id) => (id === A ? mapOf(11, [{_id: 'p1', amount: 30, currency: null, timestamp: new Date().toISOString()}]) : id === B ? mapOf(22) : {status: 404, body: {status: 'error', error: {code: 404, message: 'Website not found'}}}),
    });
    const env = cleanEnv({DATAFAST_API_KEY: TOKEN});
    const a = await runCli(['--once', '--json', '--website-id', A, '--base-url', s.url], env);
    const b = await runCli(['--once', '--json', '--website-id', B, '--base-url', s.url], env);
    expect([JSON.parse(a.stdout).count, JSON.parse(b.stdout).count]).toEqual([11, 22]);
    expect(s.paths().filter((p) => p.startsWith(MAP))).toEqual([`${MAP}?websiteId=${A}`, `${MAP}?websiteId=${B}`]);
    const text = await runCli(['--once', '--website-id', A, '--base-url', s.url, '--width', '120', '--height', '30'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^dftop · example\.com · 11 active/);
    // The payment came without a currency: the site's (EUR) is used.
    expect(text.stdout).toContain('€30.00');
  });

  it('a df_ key: the header names the metadata domain; when the metadata fails, the host', async () => {
    const s = await api({meta: ok(fixture('analytics-metadata.json')), map: () => mapOf(3)});
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    expect((await runCli(['--once', '--base-url', s.url], env)).stdout).toMatch(/^dftop · example\.com · 3 active/);
    const bare = await api({map: () => mapOf(3)});
    const r = await runCli(['--once', '--base-url', bare.url], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^dftop · ${new URL(bare.url).host.replace(/\./g, '\\.')} · 3 active`));
  });
});
