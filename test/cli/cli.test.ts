import {spawn} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, json, success, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {bin, cleanEnv, runCli} from '../helpers/cli.js';

const KEY = 'df_live_secret_key_987654321';
let servers: Awaited<ReturnType<typeof faultServer>>[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});
async function serve(...replies: Reply[]) {
  const s = await faultServer(replies);
  servers.push(s);
  return s;
}
const errorBody = (code: number | string, message: string) => ({status: 'error', error: {code, message}});

describe('dftop as a process', () => {
  it('--demo --once --json prints one snapshot line with placed visitors', async () => {
    const r = await runCli(['--demo', '--once', '--json'], cleanEnv());
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const snapshot = JSON.parse(lines[0]);
    expect(snapshot.count).toBeGreaterThan(0);
    expect(snapshot.visitors.filter((v: {lat: number | null; lon: number | null}) => v.lat !== null && v.lon !== null).length).toBeGreaterThan(0);
    expect(snapshot.websiteId).toBeNull();
  });

  it('talks to --base-url with the key from the environment, and sends no key anywhere else', async () => {
    const s = await serve(json(200, fixture('realtime-map.objects.json')));
    const r = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).count).toBe(4);
    expect(s.seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(s.seen[0].headers['user-agent']).toMatch(/^dftop\/\d+\.\d+\.\d+$/);
  });

  it('--once into a pipe takes its size from COLUMNS/LINES (as `watch` passes them), --width/--height first, else 100×30', async () => {
    const size = (out: string) => {
      const lines = out.replace(/\n$/, '').split('\n');
      return {rows: lines.length, widest: Math.max(...lines.map((l) => [...l].length))};
    };
    const fromEnv = await runCli(['--demo', '--once'], cleanEnv({COLUMNS: '60', LINES: '20'}));
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(size(fromEnv.stdout)).toEqual({rows: 20, widest: 60});
    const flags = await runCli(['--demo', '--once', '--width', '44', '--height', '16'], cleanEnv({COLUMNS: '60', LINES: '20'}));
    expect(size(flags.stdout)).toEqual({rows: 16, widest: 44});
    const neither = await runCli(['--demo', '--once'], cleanEnv({COLUMNS: 'wide', LINES: '0'}));
    expect(size(neither.stdout)).toEqual({rows: 30, widest: 100});
  });

  it.each([
    [401, 3, /authentication failed \(HTTP 401\): Invalid API key — check the key in DATAFAST_API_KEY/],
    [403, 3, /permission denied \(HTTP 403\): nope — the token needs the analytics:read permission/],
    [404, 4, /website not found \(HTTP 404\): Website not found — check --website-id/],
  ])('HTTP %i exits %i with one clear line and no key', async (status, code, message) => {
    const s = await serve(json(status, errorBody(String(status), status === 403 ? 'nope' : status === 401 ? 'Invalid API key' : 'Website not found')));
    const r = await runCli(['--once', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toContain(KEY);
    expect(s.seen).toHaveLength(1);
  });

  it('a server error that will not clear within the budget exits 1, summarising an HTML page by its status', async () => {
    const html: Reply = (_req, res) => {
      res.writeHead(503, {'content-type': 'text/html', 'retry-after': '120'});
      res.end('<html><body><h1>503 Service Unavailable</h1></body></html>');
    };
    const s = await serve(html);
    const r = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/server error \(HTTP 503\)/);
    expect(r.stderr).not.toContain('<html>');
  });

  it('--once does not retry a malformed answer: exit 1 at once, one request', async () => {
    const s = await serve(json(200, '<html>captive portal</html>'));
    const r = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/malformed response \(HTTP 200\): the body is not JSON — the server did not answer like the DataFast API/);
    expect(s.seen).toHaveLength(1);
  });

  it('--once retries a transient failure and then succeeds', async () => {
    const s = await serve(json(500, errorBody(500, 'boom')), json(429, errorBody(429, 'slow'), {'retry-after': '1'}), success({count: 7, visitors: []}));
    const r = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).count).toBe(7);
    expect(s.seen).toHaveLength(3);
  });

  it.each([
    [[], {}, /no API key: set DATAFAST_API_KEY.*--demo/],
    [['--bogus'], {}, /unknown flag --bogus/],
    [['--interval', 'x', '--demo'], {}, /--interval must be a number/],
    [[], {DATAFAST_API_KEY: 'dft_account_token'}, /--website-id ID or set DATAFAST_WEBSITE_ID/],
  ])('usage and configuration errors exit 2: %j', async (args, env, message) => {
    const s = await serve(success({}));
    const r = await runCli([...args, '--once', '--base-url', s.url], cleanEnv(env as Record<string, string>));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(s.seen).toHaveLength(0);
  });

  it('DEBUG=dftop adds the stack trace; otherwise none', async () => {
    const s = await serve(json(401, errorBody(401, 'Invalid API key')));
    const quiet = await runCli(['--once', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const loud = await runCli(['--once', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY, DEBUG: 'dftop'}));
    expect(loud.stderr).toMatch(/\n\s+at /);
    expect(loud.stderr).not.toContain(KEY);
  });

  it('--once prints a plain snapshot: header, map and tables, with hostile text defused', async () => {
    const s = await serve(json(200, fixture('hostile.json')));
    const r = await runCli(['--once', '--base-url', s.url, '--width', '100', '--height', '40'], cleanEnv({DATAFAST_API_KEY: KEY, NO_COLOR: '1'}));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
    expect(r.stdout).toContain('Paris');
    expect(r.stdout).toMatch(/Visitors/);
    expect(r.stdout).toMatch(/Events/);
    expect(r.stdout).toMatch(/Payments/);
    for (const line of r.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('--color always writes only SGR sequences, never the visitors\' escapes', async () => {
    const s = await serve(json(200, fixture('hostile.json')));
    const r = await runCli(['--once', '--base-url', s.url, '--width', '100', '--height', '40', '--color', 'always'], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[[0-9;]*m/);
    const withoutSgr = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(withoutSgr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it('with stdout not a terminal and no mode flag, prints the snapshot instead of a live UI', async () => {
    const r = await runCli(['--demo', '--width', '80', '--height', '24'], cleanEnv());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dftop · demo · \d+ active/);
    expect(r.stdout).not.toContain('\x1b[?1049h');
  });

  it('--json streams one line per poll until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [bin, '--demo', '--json', '--interval', '0.3'], {env: cleanEnv()});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no lines')), 20_000);
      child.stdout.on('data', () => {
        if (out.split('\n').length > 3) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(new Set(lines.map((l) => l.fetchedAt)).size).toBe(lines.length);
  });

  it('--help documents every flag; --version prints the version', async () => {
    const help = await runCli(['--help'], cleanEnv());
    expect(help.code).toBe(0);
    for (const flag of ['--demo', '--once', '--json', '--base-url', '--website-id', '--api-key-file', '--interval', '--timeout', '--width', '--height', '--color', '--charset', '--projection', '--privacy', '--bell', 'demo-server', '--port', '--shape', '--seed']) {
      expect(help.stdout).toContain(flag);
    }
    const version = await runCli(['--version'], cleanEnv());
    expect(version.stdout).toMatch(/^dftop \d+\.\d+\.\d+\n$/);
  });

  it('demo-server runs alone, prints its URL and serves the API until SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'demo-server', '--seed', '4', '--shape', 'strings'], {env: cleanEnv()});
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('no URL')), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const r = await runCli(['--once', '--json', '--base-url', url], cleanEnv({DATAFAST_API_KEY: 'df_x'}));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).visitors[0].browser).toEqual(expect.any(String));
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
