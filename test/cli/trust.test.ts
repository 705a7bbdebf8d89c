import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, json, success, type Reply} from '../helpers/fault-server.js';
import {fixture, fixtureText} from '../helpers/fixtures.js';
import {bin, cleanEnv, root, runCli} from '../helpers/cli.js';
import {runToEnd, sessionsPerTest} from '../helpers/pty.js';

// dftop as a process against hostile and failing loopback servers: what reaches stdout, stderr, a file and
// a real terminal, and how it ends.

const KEY = 'df_live_secret_key_987654321';
/** A leak of the key's first part (a cut through it) shows this. */
const KEY_PREFIX = 'df_live';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});
const start = sessionsPerTest();

async function serve(...replies: Reply[]) {
  const s = await faultServer(replies);
  cleanup.push(() => s.close());
  return s;
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `dftop ARGS > file`: standard output is a regular file. */
function runToFile(args: string[], env: Record<string, string>): Promise<{code: number | null; out: string; stderr: string}> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-out-')), 'out');
  const fd = fs.openSync(file, 'w');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', fd, 'pipe']});
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      fs.closeSync(fd);
      resolve({code, out: fs.readFileSync(file, 'latin1'), stderr});
    });
  });
}

/** `sh -c "dftop … | head …"` with pipefail: the exit code is dftop's. */
function runPiped(args: string, head: string, env: Record<string, string>) {
  return new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
    const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" ${args} | ${head}`], {env, cwd: root});
    child.stdout.setEncoding('latin1');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });
}

/** Bytes a terminal would act on: ESC, BEL and the other C0 controls but newline, C1 (UTF-8 C2 80–9F), bidi controls. */
const TERMINAL_ACTIVE = /[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]/;

describe('a reader that goes away ends dftop quietly', () => {
  it('--demo --json: the reader closes after the first line → exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [bin, '--demo', '--json', '--interval', '0.2'], {env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('dftop --demo --json | head -1 → exit 0, one line, empty stderr', async () => {
    const r = await runPiped('--demo --json --interval 0.2', 'head -1', cleanEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['--demo --once --json --demo-visitors 10000'],
    ['--demo --once --width 600 --height 400'],
  ])('big output of %s into head -c 100 → exit 0, empty stderr', async (args) => {
    const r = await runPiped(args, 'head -c 100', cleanEnv({NO_COLOR: '1'}));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(100);
  });
});

describe('hostile text in every field, currency included', () => {
  it.each([[{}], [{NO_COLOR: '1'}]])('--once > file %j holds none of the escape, control, C1 or bidi bytes', async (extra) => {
    const s = await serve(json(200, fixture('hostile.json')));
    const r = await runToFile(['--once', '--base-url', s.url, '--width', '160', '--height', '50'], cleanEnv({DATAFAST_API_KEY: KEY, ...extra}));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Paris');
    expect(r.out).not.toMatch(TERMINAL_ACTIVE);
    expect(r.out).not.toMatch(/PWNED|pwned|cm0gLXJmIH4/);
    // Payments whose currency is not a code show the amount alone.
    expect(r.out).toMatch(/ 49 NEW +Eve /);
    expect(r.out).not.toMatch(/US.?D/);
  });

  it('--once --color always writes only its own SGR sequences', async () => {
    const s = await serve(json(200, fixture('hostile.json')));
    const r = await runToFile(['--once', '--base-url', s.url, '--width', '160', '--height', '50', '--color', 'always'], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\x1b\[[0-9;]*m/);
    expect(r.out.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(TERMINAL_ACTIVE);
  });

  it('--json, streamed and --once, holds none of them either', async () => {
    const s = await serve(json(200, fixture('hostile.json')));
    const once = await runToFile(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(once.code).toBe(0);
    const child = spawn(process.execPath, [bin, '--json', '--base-url', s.url, '--interval', '0.2'], {env: cleanEnv({DATAFAST_API_KEY: KEY})});
    let out = '';
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve) => child.stdout.on('data', () => out.split('\n').length > 2 && resolve()));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    for (const text of [once.out, out]) {
      expect(text.trimEnd()).not.toMatch(TERMINAL_ACTIVE);
      expect(text).not.toMatch(/PWNED|\\u001b|\\u0007|\\u009[bdc]|\\u202e/i);
      const first = JSON.parse(text.split('\n')[0]);
      expect(first.payments.map((p: {currency: unknown}) => p.currency)).toEqual([null, null, null, null]);
      expect(first.visitors[0].city).toBe('Paris');
    }
  });
});

describe('a 128K-character non-ASCII URL does not freeze anything', () => {
  it('--once and --once --json finish, with the URL cut', async () => {
    const url = '/' + 'é日'.repeat(64 * 1024);
    const body = {status: 'success', data: {count: 1, visitors: [{visitorId: 'v1', location: {city: 'Lisbon', countryCode: 'PT'}, latitude: 38.7, longitude: -9.1, currentUrl: url, referrer: url}], recentEvents: [{_id: 'e1', type: 'signup', path: url, timestamp: new Date().toISOString()}], recentPayments: []}};
    const s = await serve(json(200, body));
    const text = await runCli(['--once', '--base-url', s.url, '--width', '200', '--height', '40'], cleanEnv({DATAFAST_API_KEY: KEY, NO_COLOR: '1'}));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Lisbon');
    expect(text.stdout).toContain('/é日é日');
    const line = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(line.code).toBe(0);
    const snapshot = JSON.parse(line.stdout);
    expect(snapshot.visitors[0].url).toHaveLength(4096);
    expect(snapshot.events[0].path).toHaveLength(4096);
  });
});

describe('the key never reaches any output', () => {
  /** Echoes the Authorization header into every field a visitor, an event and a payment have. */
  const echoData: Reply = (req, res) => {
    const auth = String(req.headers.authorization);
    const token = auth.replace(/^Bearer /, '');
    const data = {
      count: 1,
      visitors: [{visitorId: auth, location: {city: `${auth} Paris`, region: token, countryCode: 'FR'}, latitude: 48.85, longitude: 2.35, currentUrl: `/x?token=${token}`, referrer: auth, profileData: {displayName: auth}, customerEmail: token, params: {utm_source: token}, system: {browser: auth, os: token, device: token}}],
      recentEvents: [{_id: token, type: token, visitorId: auth, timestamp: new Date().toISOString(), path: `/${token}`, extraData: {[token]: auth}, displayName: auth}],
      recentPayments: [{_id: token, timestamp: new Date().toISOString(), name: auth, email: token, amount: 9, currency: token}],
    };
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify({status: 'success', data}));
  };
  /** An error whose message quotes the header, the first time straddling `cut` (error lines keep 200 characters of it). */
  const echoError =
    (status: number, cut = 200): Reply =>
    (req, res) => {
      const auth = String(req.headers.authorization);
      res.writeHead(status, {'content-type': 'application/json', 'retry-after': '1'});
      res.end(JSON.stringify({status: 'error', error: {code: status, message: 'x'.repeat(cut - 'Bearer '.length - 10) + auth + ' was refused; got ' + auth}}));
    };

  it('--once: stdout (text and JSON) and stderr', async () => {
    const s = await serve(echoData);
    const text = await runCli(['--once', '--base-url', s.url, '--width', '160', '--height', '40'], cleanEnv({DATAFAST_API_KEY: KEY, NO_COLOR: '1'}));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('[redacted]');
    const line = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(line.code).toBe(0);
    expect(JSON.parse(line.stdout).visitors[0].city).toBe('Bearer [redacted] Paris');
    const e = await serve(echoError(401));
    const failed = await runCli(['--once', '--base-url', e.url], cleanEnv({DATAFAST_API_KEY: KEY, DEBUG: 'dftop'}));
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/authentication failed \(HTTP 401\): x+Bearer \[redac/);
    for (const out of [text.stdout, text.stderr, line.stdout, line.stderr, failed.stdout, failed.stderr]) expect(out).not.toContain(KEY_PREFIX);
  });

  it('--json: every line and every error on stderr', async () => {
    const s = await serve(echoData, echoError(500), echoData);
    const child = spawn(process.execPath, [bin, '--json', '--base-url', s.url, '--interval', '0.2'], {env: cleanEnv({DATAFAST_API_KEY: KEY})});
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve) => child.stdout.on('data', () => out.split('\n').length > 2 && resolve()));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    expect(err).toMatch(/server error \(HTTP 500\): x+Bearer \[redac/);
    expect(out).toContain('[redacted]');
    expect(out + err).not.toContain(KEY_PREFIX);
  });

  it('the live screen: data fields, the header and the error text', async () => {
    const s = await serve(echoData, echoError(500, 30));
    const session = start(['--base-url', s.url, '--interval', '0.3'], {cols: 160, rows: 45, env: {DATAFAST_API_KEY: KEY}});
    await session.waitFor((l) => l.join('\n').includes('[redac'), 'the echoed data on screen');
    await session.waitFor((l) => /server error 500: x+Bearer \[redac/.test(l.join('\n')), 'the echoed error in the header');
    expect(session.raw()).not.toContain(KEY_PREFIX);
    expect(session.screen().join('\n')).toContain('[redacted]');
  });
});

describe('--once against a server that is not there', () => {
  it('on a terminal, says once that it is retrying, then shows the snapshot', async () => {
    const s = await serve(json(503, {status: 'error', error: {code: 503, message: 'busy'}}), json(503, {}), success({count: 3, visitors: []}));
    // Run to its end under a shell that holds the PTY open: a PTY can drop the tail of a long last write (the snapshot).
    const {output: raw, exitCode} = await runToEnd(start, ['--once', '--base-url', s.url], {cols: 120, rows: 30, env: {DATAFAST_API_KEY: KEY}});
    expect(exitCode).toBe(0);
    expect(raw.match(/dftop: server error \(HTTP 503\) — retrying \(up to 30 s\)…/g)).toHaveLength(1);
    expect(raw).toMatch(/3 active/);
    expect(s.seen.filter((r) => r.url.startsWith('/api/v1/analytics/realtime/map'))).toHaveLength(3);
  });

  it('a closed port on a terminal: "connection refused — retrying"', async () => {
    const port = await closedPort();
    const session = start(['--once', '--base-url', `http://127.0.0.1:${port}`], {cols: 120, rows: 30, env: {DATAFAST_API_KEY: KEY}});
    await session.waitFor((l) => l.join('\n').includes('dftop: connection refused — retrying (up to 30 s)…'), 'the retry notice');
  });

  it('in a pipe or cron, nothing is written unless it finally fails', async () => {
    const s = await serve(json(503, {}), success({count: 3, visitors: []}));
    const r = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).count).toBe(3);
  });
});

describe('timestamps do not depend on TZ', () => {
  it.each([['Pacific/Kiritimati'], ['Pacific/Pago_Pago'], ['UTC']])('TZ=%s: zone-less UTC timestamps are in the 10-minute window', async (tz) => {
    const zoneless = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, '');
    const reply: Reply = (req, res) =>
      success({count: 1, visitors: [], recentEvents: [], recentPayments: [{_id: 'p1', amount: 49, currency: 'USD', timestamp: zoneless(120_000)}, {_id: 'p2', amount: 1, currency: 'USD', timestamp: Math.floor((Date.now() - 60_000) / 1000)}]})(req, res);
    const s = await serve(reply);
    const text = await runCli(['--once', '--base-url', s.url, '--width', '160', '--height', '30'], cleanEnv({DATAFAST_API_KEY: KEY, NO_COLOR: '1', TZ: tz}));
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toContain('$50.00');
    const line = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY, TZ: tz}));
    for (const p of JSON.parse(line.stdout).payments) expect(p.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('250 payments of $1', () => {
  it('--once shows $250.00 and --once --json lists all 250', async () => {
    const payments = Array.from({length: 250}, (_, i) => ({_id: `p${i}`, amount: 1, currency: 'USD', timestamp: new Date(Date.now() - 60_000).toISOString()}));
    const s = await serve(success({count: 1, visitors: [], recentPayments: payments}));
    const text = await runCli(['--once', '--base-url', s.url, '--width', '160', '--height', '30'], cleanEnv({DATAFAST_API_KEY: KEY, NO_COLOR: '1'}));
    expect(text.stdout.split('\n')[0]).toContain('$250.00');
    const line = await runCli(['--once', '--json', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(JSON.parse(line.stdout).payments).toHaveLength(250);
  });
});

describe('command line', () => {
  it('-h and -v', async () => {
    const help = await runCli(['-h'], cleanEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('dftop -h | --help | -v | --version');
    const version = await runCli(['-v'], cleanEnv());
    expect(version.stdout).toMatch(/^dftop \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['--inteval', '5'], /^dftop: unknown flag --inteval; did you mean --interval\? \(see dftop --help\)\n$/],
    [['--interval', '2147484'], /^dftop: --interval must be between 0\.1 and 3600 seconds, not 2147484\n$/],
    [['--timeout', '3000000'], /^dftop: --timeout must be between 0\.1 and 300 seconds, not 3000000\n$/],
    [['demo-server', '--faults', 'bogus'], /^dftop: --faults: unknown fault "bogus" \(one of ok, .*\)\n$/],
    [['demo-server', '--faults', ','], /^dftop: --faults: no fault given/],
    [['demo-server', '--seeed', '1'], /did you mean --seed\?/],
  ])('%j exits 2 with the reason', async (args, message) => {
    const r = await runCli(args, cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('the config file', () => {
  const home = (config: string | null, mode = 0o600) => {
    const env = cleanEnv();
    const dir = path.join(env.XDG_CONFIG_HOME, 'dftop');
    fs.mkdirSync(dir, {recursive: true});
    if (config === null) fs.mkdirSync(path.join(dir, 'config.json'));
    else fs.writeFileSync(path.join(dir, 'config.json'), config, {mode});
    return env;
  };

  it('with a UTF-8 byte order mark is read', async () => {
    const s = await serve(json(200, fixtureText('realtime-map.objects.json')));
    const r = await runCli(['--once', '--json', '--base-url', s.url], home('\ufeff' + JSON.stringify({apiKey: KEY})));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(s.seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it.each([['{"apiKey": '], [null]])('unusable (%j) is a warning when the environment has the key, exit 2 naming it when not', async (config) => {
    const s = await serve(json(200, fixtureText('realtime-map.objects.json')));
    const env = home(config);
    const ok = await runCli(['--once', '--json', '--base-url', s.url], {...env, DATAFAST_API_KEY: KEY});
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^dftop: warning: config .*config\.json (is not valid JSON|cannot be read \(EISDIR\)); it is ignored\n$/);
    const missing = await runCli(['--once', '--json', '--base-url', s.url], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no API key: .*\(config .*config\.json (is not valid JSON|cannot be read)/);
  });
});
