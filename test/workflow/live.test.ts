// Issue 12 in the live screen, in a real pseudo-terminal: the site picker by keys, an alert firing (OSC 9, the
// header, the bell), --record while the screen is up, and a recording played back in the live screen.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {Recorder} from '../../src/cli/record.js';
import {faultServer, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {sessionsPerTest} from '../helpers/pty.js';

const SITES = '/api/v1/admin/websites';
const META = '/api/v1/analytics/metadata';
const MAP = '/api/v1/analytics/realtime/map';
// The fixture's sites: A is example.com (EUR), B is shop.example.org (USD).
const [A, B] = ['665f0b3c4d2e1a0012345678', '665f0b3c4d2e1a0012345679'];

const spawn = sessionsPerTest();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-live-'));

type Route = {status: number; body: unknown};
const ok = (body: unknown): Route => ({status: 200, body});
const mapOf = (count: number, payments: unknown[] = []): Route => ok({status: 'success', data: {count, visitors: [], recentEvents: [], recentPayments: payments}});
/** A payment as the API sends it; without a currency, the site's applies. */
const payment = (id: string, name: string, amount: number, currency: string | null = null) => ({_id: id, timestamp: new Date().toISOString(), name, amount, currency, renewal: false, isNew: true, visible: true});

/** A loopback DataFast routed by path (the map by website id, read at each request); anything else is a 404. */
async function api(routes: {sites?: () => Route; meta?: () => Route; map: (websiteId: string | null) => Route}) {
  const reply: Reply = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = url.pathname === SITES ? routes.sites?.() : url.pathname === META ? routes.meta?.() : url.pathname === MAP ? routes.map(url.searchParams.get('websiteId')) : undefined;
    const {status, body} = route ?? {status: 404, body: {status: 'error', error: {code: 404, message: 'Not found'}}};
    res.writeHead(status, {'content-type': 'application/json'});
    res.end(JSON.stringify(body));
  };
  const server = await faultServer([reply]);
  const maps = () => server.seen.filter((r) => r.url.startsWith(MAP)).map((r) => new URL(r.url, 'http://x').searchParams.get('websiteId'));
  return {server, maps};
}

describe('the site picker (a dft_ token without a website)', () => {
  it('type to filter, Enter opens the site; w reopens it with the filter, another site keeps layout and focus; each site keeps its own payments', async () => {
    let aPayments = [payment('pa1', 'Alice', 19)];
    let bPayments = [payment('pb1', 'Bruno', 7)];
    const {server, maps} = await api({sites: () => ok(fixture('admin-websites.json')), map: (id) => (id === A ? mapOf(3, aPayments) : id === B ? mapOf(5, bPayments) : {status: 400, body: {status: 'error', error: {code: 400, message: 'websiteId is required'}}})});
    const s = spawn(['--base-url', server.url, '--interval', '0.5'], {cols: 120, rows: 40, env: {DATAFAST_API_KEY: 'dft_live_picker_token_24680'}});

    await s.waitFor((l) => l.some((x) => x.includes('Choose a website')) && l.some((x) => x.includes('shop.example.org')) && l.some((x) => x.includes('example.com')), 'the picker listing both sites');
    expect(maps(), 'no map request before a site is chosen').toEqual([]);
    s.write('shop');
    await s.waitFor((l) => l.some((x) => x.includes('filter: shop')) && l.some((x) => /Choose a website 1\/2/.test(x)), 'the filter narrowing the list');
    expect(maps()).toEqual([]);
    s.write('\r');
    await s.waitFor((l) => /shop\.example\.org .*LIVE {2}5 active/.test(l[0]) && l.some((x) => x.includes('Bruno')), 'the dashboard of shop.example.org');
    // Its amounts without a currency take the site's (USD).
    expect(s.screen().join('\n')).toContain('$7.00');
    expect(maps().length).toBeGreaterThan(0);
    expect(new Set(maps())).toEqual(new Set([B]));

    // Focus the payments, then w: the picker again, with its filter.
    s.write('5');
    await s.waitFor((l) => l.some((x) => x.includes('▶ 5 Payments')), 'the payments focused');
    s.write('w');
    await s.waitFor((l) => l.some((x) => x.includes('Choose a website')) && l.some((x) => x.includes('filter: shop')), 'the picker with the filter kept');
    // Esc clears the filter; down, up, Enter: the first site.
    s.write('\x1b');
    await s.waitFor((l) => l.some((x) => /Choose a website 2 /.test(x)), 'the filter cleared');
    s.write('\x1b[B');
    s.write('\x1b[A');
    s.write('\r');
    const mark = maps().length;
    await s.waitFor((l) => /example\.com .*LIVE {2}3 active/.test(l[0]) && l.some((x) => x.includes('Alice')), 'the dashboard of example.com');
    let screen = s.screen().join('\n');
    expect(screen).toContain('▶ 5 Payments');
    expect(screen).toContain('€19.00');
    expect(screen, "the other site's payment is not in this one's list").not.toContain('Bruno');
    expect(new Set(maps().slice(mark))).toEqual(new Set([A]));

    // Back to the shop, which no longer sends its payment: its own history still has it, and nothing of A's.
    bPayments = [];
    aPayments = [];
    s.write('w');
    await s.waitFor((l) => l.some((x) => x.includes('Choose a website')), 'the picker');
    s.write('shop\r');
    await s.waitFor((l) => /shop\.example\.org .*LIVE/.test(l[0]), 'the shop again');
    const back = maps().length;
    await s.waitFor(() => maps().slice(back).filter((id) => id === B).length >= 2, 'two polls of the shop');
    await s.parsed();
    screen = s.screen().join('\n');
    expect(screen).toContain('Bruno');
    expect(screen).not.toContain('Alice');
    expect(screen).toContain('▶ 5 Payments');
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
  });

  it('Esc at start-up quits before any map request; the list failing says why', async () => {
    const {server, maps} = await api({sites: () => ({status: 403, body: {status: 'error', error: {code: 403, message: 'missing websites:read'}}}), map: () => mapOf(1)});
    const s = spawn(['--base-url', server.url], {cols: 100, rows: 30, env: {DATAFAST_API_KEY: 'dft_live_picker_token_24680'}});
    await s.waitFor((l) => l.some((x) => x.includes('could not list the websites') && x.includes('403')), 'the failure in the picker');
    s.write('\x1b');
    expect((await s.exited).exitCode).toBe(0);
    expect(maps()).toEqual([]);
  });
});

/** BEL characters rung on their own: not the end of an OSC string, not inside tmux's passthrough. */
function bells(raw: string): number {
  return raw.replace(/\x1bPtmux;(?:\x1b\x1b|[^\x1b])*\x1b\\/g, '').replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '').split('\x07').length - 1;
}

describe('alerts in the live screen', () => {
  it.each([
    ['a terminal', {}],
    ['tmux', {TMUX: '/tmp/tmux-1000/default,1234,0'}],
  ])('in %s: a payment fires once: OSC 9 with sanitised text, the header line, one bell', async (_where, env) => {
    let paid = false;
    // A payer's name that tries to end the notification and start sequences of its own.
    const hostile = payment('p1', 'Eve\x1b]9;pwned\x07\x1b[2J\x9c\u202eX', 49);
    const {server, maps} = await api({meta: () => ok(fixture('analytics-metadata.json')), map: () => mapOf(4, paid ? [hostile] : [])});
    const s = spawn(['--base-url', server.url, '--interval', '0.4', '--bell'], {cols: 100, rows: 30, env: {DATAFAST_API_KEY: 'df_live_alert_key_11223', ...env}});
    // The header names the site from the metadata, once the first data is in.
    await s.waitFor((l) => /^dftop example\.com .*LIVE/.test(l[0]) && maps().length >= 2, 'the dashboard on example.com, polling');
    expect(bells(s.raw())).toBe(0);
    paid = true;
    await s.waitFor((l) => /^! Payment €49\.00 from Eve/.test(l[1]), 'the alert on the header');
    const polled = maps().length;
    await s.waitFor(() => maps().length >= polled + 2, 'two more polls with the same payment');
    await s.parsed();
    const raw = s.raw();
    expect(bells(raw), 'one bell per payment').toBe(1);
    const tmux = 'TMUX' in env;
    // The notification: OSC 9, in tmux inside its passthrough (every ESC doubled); its text has no control character.
    const osc = [...raw.matchAll(tmux ? /\x1bPtmux;\x1b\x1b\]9;([^\x07]*)\x07\x1b\\/g : /\x1b\]9;([^\x07\x1b]*)(\x07|\x1b\\)/g)];
    expect(osc).toHaveLength(1);
    expect(osc[0][1]).toMatch(/^dftop: Payment €49\.00 from Eve/);
    expect(osc[0][1]).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
    expect(raw).not.toContain('pwned\x07');
    expect(raw.includes('\x1bPtmux;')).toBe(tmux);
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
  });
});

describe('--record in the live screen', () => {
  it('appends a line per poll (0600, the data as received, the site once known, never the key)', async () => {
    const key = 'df_live_record_key_44556';
    let n = 0;
    const {server, maps} = await api({meta: () => ok(fixture('analytics-metadata.json')), map: () => mapOf(++n, n >= 2 ? [payment('p1', 'Bob', 12, 'USD')] : [])});
    const file = path.join(tmp(), 'live.ndjson');
    const s = spawn(['--base-url', server.url, '--interval', '0.4', '--record', file], {cols: 100, rows: 30, env: {DATAFAST_API_KEY: key}});
    await s.waitFor((l) => l.some((x) => x.includes('Bob')) && /example\.com/.test(l[0]), 'the payment and the site on screen');
    await s.waitFor(() => maps().length >= 4, 'four polls');
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(key);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThanOrEqual(maps().length);
    expect(lines.map((l) => l.data.count)).toEqual(lines.map((_, i) => i + 1));
    expect(lines[1].data.recentPayments[0].name).toBe('Bob');
    expect(lines.at(-1).site).toMatchObject({domain: 'example.com', currency: 'EUR'});
  });
});

describe('dftop replay FILE on a terminal', () => {
  it('plays in the live screen: REPLAY badge, recorded clock, . and , step (the lists go back too), < > speed, q exits 0', async () => {
    const file = path.join(tmp(), 'rec.ndjson');
    const T0 = Date.parse('2024-05-01T12:00:00Z');
    const rec = new Recorder(file);
    rec.setSite({domain: 'shop.example.org', name: null, currency: 'USD', timezone: null});
    const datas = [
      {count: 2, visitors: [], recentEvents: [], recentPayments: []},
      {count: 3, visitors: [], recentEvents: [], recentPayments: [payment('p1', 'Bob', 12)]},
      {count: 4, visitors: [], recentEvents: [], recentPayments: []},
    ];
    datas.forEach((data, i) => rec.write(data, new Date(T0 + i * 5000), B));
    await rec.close();
    // Slow enough that it stays on the first poll until a key moves it.
    const s = spawn(['replay', file, '--speed', '0.05'], {cols: 100, rows: 30, env: {TZ: 'UTC'}});
    await s.waitFor((l) => /^dftop shop\.example\.org +REPLAY +▶ 1\/20× +2 active/.test(l[0]) && /^2024-05-01 12:00:00 · 1\/3/.test(l[1]), 'the replay on its first poll');
    expect(s.screen().at(-1)).toMatch(/^q quit +\? help +p pause +, \. step +< > speed/);
    s.write('.');
    await s.waitFor((l) => /REPLAY +❚❚ paused +3 active/.test(l[0]) && /^2024-05-01 12:00:05 · 2\/3/.test(l[1]) && l.some((x) => x.includes('Bob')), 'one poll forward, paused');
    expect(s.screen().join('\n')).toContain('$12.00');
    s.write('.');
    await s.waitFor((l) => /REPLAY +■ end +4 active/.test(l[0]) && /· 3\/3/.test(l[1]), 'the last poll');
    // The payment stays in the accumulated list after it left the answers; stepping back before it removes it.
    expect(s.screen().join('\n')).toContain('Bob');
    s.write(',');
    s.write(',');
    await s.waitFor((l) => /^2024-05-01 12:00:00 · 1\/3/.test(l[1]) && !l.some((x) => x.includes('Bob')), 'back on the first poll, without the later payment');
    s.write('>');
    s.write('p');
    await s.waitFor((l) => /REPLAY +▶ 1\/16×/.test(l[0]), 'playing again, faster');
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
  });
});
