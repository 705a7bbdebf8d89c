import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {acquireLock, cacheFile, emptyCache, readCache, writeCache, type CacheState} from '../../src/cli/cache.js';
import {compactMoney, isFresh, parseFormat, statusData, statusLine, withAnswer, withFailure, type LineOptions} from '../../src/cli/status.js';
import {DataFastError} from '../../src/api/errors.js';
import {normaliseData} from '../../src/model/normalise.js';
import {faultServer, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {cleanEnv, runCli} from '../helpers/cli.js';

const KEY = 'df_status_secret_key_24680';
const MAP = '/api/v1/analytics/realtime/map';
const META = '/api/v1/analytics/metadata';
const NOW = Date.parse('2024-05-01T12:00:00Z');

let servers: Awaited<ReturnType<typeof faultServer>>[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

/** A loopback API: the map answers from `mapReply` (after `delayMs`), the metadata from the fixture. */
async function api(mapReply: (n: number) => {status: number; body: unknown}, delayMs = 0) {
  let n = 0;
  const reply: Reply = (req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {'content-type': 'application/json'});
      res.end(JSON.stringify(body));
    };
    if (p === META) return send(200, fixture('analytics-metadata.json'));
    if (p !== MAP) return send(404, {status: 'error', error: {code: 404, message: 'Not found'}});
    const {status, body} = mapReply(n++);
    setTimeout(() => send(status, body), delayMs);
  };
  const s = await faultServer([reply]);
  servers.push(s);
  return {...s, count: (p: string) => s.seen.filter((r) => new URL(r.url, 'http://x').pathname === p).length};
}

const snapshot = (count: number, payments: {amount: number; currency: string; agoMs: number}[] = [], at = NOW) =>
  normaliseData(
    {count, visitors: [], recentPayments: payments.map((p, i) => ({_id: `p${i}`, amount: p.amount, currency: p.currency, timestamp: new Date(at - p.agoMs).toISOString()}))},
    new Date(at),
    null,
  );

const opts = (extra: Partial<LineOptions> = {}): LineOptions => ({format: '{state} {active} {delta} · {revenue} 10m · {lastPayment}', tmux: false, ascii: false, now: NOW + 4000, site: 'example.com', siteCurrency: 'USD', stale: false, ...extra});

describe('the status line (pure)', () => {
  it('reads like "● 57 ↑3 · $437 10m · 2m ago", and keeps the last payment after the API has forgotten it', () => {
    let state = withAnswer(emptyCache(), snapshot(54), NOW - 10_000);
    state = withAnswer(state, snapshot(57, [{amount: 400, currency: 'USD', agoMs: 120_000}, {amount: 37, currency: 'USD', agoMs: 300_000}]), NOW);
    expect(statusLine(state, opts())).toBe('● 57 ↑3 · $437 10m · 2m ago');
    // Half an hour later the payments are out of the window and out of the answer; the line still knows.
    const later = withAnswer(state, snapshot(50, [], NOW + 1800_000), NOW + 1800_000);
    expect(statusLine(later, opts({now: NOW + 1800_000}))).toBe('● 50 ↓7 · $0 10m · 32m ago');
    // No change, no payment ever: nothing dangles.
    const quiet = withAnswer(withAnswer(emptyCache(), snapshot(5), NOW - 5000), snapshot(5), NOW);
    expect(statusLine(quiet, opts())).toBe('● 5 · $0 10m');
  });

  it('every placeholder; literal braces; an unknown placeholder is a usage error', () => {
    let state = withAnswer(emptyCache(), snapshot(10), NOW - 10_000);
    state = withAnswer(state, snapshot(12, [{amount: 19.5, currency: 'EUR', agoMs: 60_000}]), NOW);
    const line = statusLine(state, opts({format: '{{{site}}} {active} {delta} {revenue} {lastPayment} {lastAmount} {age} {state}{stale}'}));
    expect(line).toBe('{example.com} 12 ↑2 €19.50 1m ago €19.50 4s ●');
    expect(() => parseFormat('{visitors}')).toThrow(/unknown placeholder \{visitors\}/);
    expect(compactMoney(4900, 'JPY', false)).toBe('¥4,900');
    expect(compactMoney(1234.5, 'EUR', true)).toBe('EUR 1,235');
  });

  it('--tmux: style codes, and # in untrusted text doubled so it cannot start a tmux format', () => {
    let state = withAnswer(emptyCache(), snapshot(3), NOW - 10_000);
    state = withAnswer(state, snapshot(5, [{amount: 49, currency: 'USD', agoMs: 60_000}]), NOW);
    const line = statusLine(state, opts({tmux: true, format: '{site} {state} {active} {delta} {revenue}', site: 'evil#[fg=red]#(rm -rf ~)'}));
    expect(line).toBe('evil##[fg=red]##(rm -rf ~) #[fg=green]●#[default] 5 #[fg=green]↑2#[default] #[fg=green]$49#[default]');
    expect(line.replace(/##/g, '')).not.toMatch(/#\(/);
  });

  it('ASCII when the locale is not UTF-8; a stale line is marked', () => {
    let state = withAnswer(emptyCache(), snapshot(9), NOW - 10_000);
    state = withAnswer(state, snapshot(7, [{amount: 10, currency: 'EUR', agoMs: 60_000}]), NOW);
    expect(statusLine(state, opts({ascii: true, site: 'exämple'}))).toBe('* 7 -2 - EUR 10 10m - 1m ago');
    expect(statusLine(state, opts({ascii: true, site: 'exämple·中', format: '{site} {active}'}))).toBe('example.?? 7');
    const failed = withFailure(state, new DataFastError('server', 'HTTP 500', {status: 500}), NOW + 60_000);
    expect(statusLine(failed, opts({stale: true, now: NOW + 90_000}))).toBe('○ 7 ↓2 · €10 10m · 2m ago');
    expect(statusLine(failed, opts({stale: true, now: NOW + 90_000, format: '{active}'}))).toBe('7 (stale)');
    expect(statusLine(failed, opts({stale: true, now: NOW + 90_000, format: '{active} {stale}'}))).toBe('7 stale 1m');
  });

  it('a recent failure and a Retry-After count as fresh: a failing API is not asked by every caller', () => {
    const state = withFailure(emptyCache(), new DataFastError('rate-limited', 'HTTP 429', {status: 429, retryAfterMs: 60_000}), NOW);
    expect(isFresh(state, NOW + 5000, 10_000)).toBe(true);
    expect(isFresh(state, NOW + 30_000, 10_000)).toBe(true);
    expect(isFresh(state, NOW + 61_000, 10_000)).toBe(false);
  });
});

describe('the cache file and its lock', () => {
  it('is named by a hash (never the key), 0600 in a 0700 directory, and holds no key', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-cache-'));
    const env = {XDG_CACHE_HOME: home};
    const file = cacheFile(env, 'https://datafa.st', null, KEY);
    expect(path.dirname(file)).toBe(path.join(home, 'dftop'));
    expect(path.basename(file)).toMatch(/^status-datafa\.st-[0-9a-f]{24}\.json$/);
    expect(file).not.toContain(KEY.slice(3));
    expect(cacheFile(env, 'https://datafa.st', null, KEY + 'x')).not.toBe(file);
    expect(cacheFile(env, 'https://datafa.st', '665f0b3c4d2e1a0012345678', KEY)).not.toBe(file);
    writeCache(file, withAnswer(emptyCache(), snapshot(3), NOW));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(KEY.slice(3));
    expect(readCache(file)?.current?.count).toBe(3);
    expect(cacheFile({HOME: '/home/u'}, 'https://datafa.st', null, KEY).startsWith('/home/u/.cache/dftop/')).toBe(true);
  });

  it('one holder at a time; a waiter returns as soon as the work is done; a dead holder\'s lock is taken over', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-lock-'));
    const lockFile = path.join(dir, 'x.lock');
    const first = await acquireLock(lockFile, {waitMs: 1000, staleMs: 60_000});
    expect(first).not.toBeNull();
    expect(fs.statSync(lockFile).mode & 0o777).toBe(0o600);
    let done = false;
    const waiting = acquireLock(lockFile, {waitMs: 30_000, staleMs: 60_000, done: () => done});
    done = true;
    expect(await waiting).toBeNull();
    first!.release();
    // A lock left by a process that has exited.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(lockFile, `${os.hostname()} ${dead.pid} ${Date.now()}`);
    const taken = await acquireLock(lockFile, {waitMs: 5000, staleMs: 60_000});
    expect(taken).not.toBeNull();
    taken!.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});

describe('dftop status as a process', () => {
  const map = (count: number) => ({status: 200, body: {...fixture('realtime-map.objects.json'), data: {...fixture('realtime-map.objects.json').data, count}}});

  it('two calls in a row make one request; the line names nothing secret', async () => {
    const s = await api(() => map(4));
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    // A long --max-age: a loaded machine may take seconds to start the second process.
    const a = await runCli(['status', '--base-url', s.url, '--max-age', '300'], env);
    const b = await runCli(['status', '--base-url', s.url, '--max-age', '300'], env);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^● 4 · (\$0|€0) 10m · \d+d ago\n$/);
    expect(b.stdout).toBe(a.stdout);
    expect(s.count(MAP)).toBe(1);
    expect(s.count(META)).toBe(1); // the site's name (and currency), looked up once a day
    const dir = path.join(env.HOME, '.cache', 'dftop');
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).not.toContain(KEY.slice(3));
    expect(fs.readFileSync(path.join(dir, files[0]), 'utf8')).not.toContain(KEY.slice(3));
    expect(fs.statSync(path.join(dir, files[0])).mode & 0o777).toBe(0o600);
    const site = await runCli(['status', '--base-url', s.url, '--max-age', '300', '--format', '{site}: {active}'], env);
    expect(site.stdout).toBe('example.com: 4\n');
  });

  it('ten concurrent callers make one request: the others wait for it', async () => {
    const s = await api(() => map(8), 1500);
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    const runs = await Promise.all(Array.from({length: 10}, () => runCli(['status', '--base-url', s.url, '--max-age', '120', '--format', '{active}'], env)));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('8\n');
    }
    expect(s.count(MAP)).toBe(1);
  });

  it('when the API fails: the cached line marked stale (exit 0), then exit 1 once the cache is too old', async () => {
    const s = await api((n) => (n === 0 ? map(6) : {status: 500, body: {status: 'error', error: {code: 500, message: 'boom'}}}));
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    expect((await runCli(['status', '--base-url', s.url], env)).stdout).toMatch(/^● 6/);
    const stale = await runCli(['status', '--base-url', s.url, '--max-age', '0'], env);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toMatch(/^○ 6/);
    expect(stale.stderr).toMatch(/server error \(HTTP 500\): boom/);
    // The failure is cached too: within --max-age nobody asks again.
    const again = await runCli(['status', '--base-url', s.url, '--max-age', '300'], env);
    expect(again.stdout).toMatch(/^○ 6/);
    expect(s.count(MAP)).toBe(2);
    // Ten minutes without a good answer.
    const dir = path.join(env.HOME, '.cache', 'dftop');
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.json'))!);
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheState;
    state.current!.at -= 600_000;
    state.failedAt = Date.now() - 60_000;
    fs.writeFileSync(file, JSON.stringify(state));
    const old = await runCli(['status', '--base-url', s.url], env);
    expect(old.code).toBe(1);
    expect(old.stdout).toMatch(/^○ 6 .*(\(stale\))?/);
  });

  it('with no cache, errors exit as --once does, with one line on stderr; --tmux still shows something', async () => {
    const s = await api(() => ({status: 401, body: {status: 'error', error: {code: 401, message: 'Invalid API key'}}}));
    const r = await runCli(['status', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dftop: authentication failed \(HTTP 401\): Invalid API key/);
    expect(r.stderr).not.toContain(KEY);
    const t = await runCli(['status', '--tmux', '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(t.stdout).toBe('#[fg=red]dftop: authentication failed (HTTP 401): Invalid API key#[default]\n');
  });

  it('a dft_ token without a website: status, --once and --json exit 2 before any request, naming `dftop sites`', async () => {
    const s = await api(() => map(1));
    for (const args of [['status'], ['--once'], ['--json'], ['--once', '--json']]) {
      const r = await runCli([...args, '--base-url', s.url], cleanEnv({DATAFAST_API_KEY: 'dft_account_token_1234'}));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--website-id.*DATAFAST_WEBSITE_ID.*`dftop sites`/);
    }
    expect(s.seen).toHaveLength(0);
  });

  it('a stale lock left by a dead process does not block the status bar', async () => {
    const s = await api(() => map(2));
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    const file = cacheFile(env, s.url, null, KEY);
    fs.mkdirSync(path.dirname(file), {recursive: true});
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(file + '.lock', `${os.hostname()} ${dead.pid} ${Date.now()}`);
    const r = await runCli(['status', '--base-url', s.url, '--format', '{active}'], env);
    expect(r.stdout).toBe('2\n');
    expect(fs.existsSync(file + '.lock')).toBe(false);
  });
});

describe('statusData', () => {
  it('orders the revenue as the dashboard does: the currency of most payments first, an unknown currency last', () => {
    const at = '2026-11-27T10:00:00.000Z';
    const pay = (id: string, amount: number, currency: string | null) => ({id, timestamp: at, name: null, email: null, amount, currency, renewal: false, isNew: false});
    const snapshot = {...normaliseData({count: 0, visitors: []}, new Date(at), null), payments: [pay('a', 28500, 'JPY'), pay('b', 600, 'USD'), pay('c', 535, 'USD'), pay('d', 9999, null)]};
    expect(statusData(snapshot, Date.parse(at)).data.revenue.map(([c]) => c)).toEqual(['USD', 'JPY', '']);
  });
});
