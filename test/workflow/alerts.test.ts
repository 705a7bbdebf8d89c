import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {applySnapshot} from '../../src/model/feed.js';
import {normaliseData} from '../../src/model/normalise.js';
import {flushAlerts, hysteresis, initialAlertState, nextFlushAt, observeAlerts, parseRule, parseRules, type Alert, type AlertState} from '../../src/model/alerts.js';
import type {Feed} from '../../src/model/types.js';
import {alertSequence, CommandRunner, notificationText, osc9, splitCommand, tmuxPassthrough} from '../../src/cli/notify.js';
import {AlertPipeline, withAlerts} from '../../src/cli/extras.js';
import {alertLine, alertText, emptyBanner, showAlerts, ALERT_HOLD_MS} from '../../src/ui/views/alerts.js';
import {THEME} from '../../src/ui/theme.js';
import {faultServer, json} from '../helpers/fault-server.js';
import {cleanEnv, runCli} from '../helpers/cli.js';

// Scripted polls: each is the `data` of one answer, folded into a feed as the live screen and --json do.
type Pay = {id: string; amount: number; currency?: string | null; name?: string; at?: string};
const T0 = Date.parse('2024-05-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function poll(n: number, opts: {count?: number; payments?: Pay[]; goals?: {id: string; type: string; path?: string}[]; customers?: string[]} = {}) {
  const at = T0 + n * 5000;
  return normaliseData(
    {
      count: opts.count ?? 10,
      visitors: (opts.customers ?? []).map((id) => ({visitorId: id, isCustomer: true, customerName: `Customer ${id}`, currentUrl: '/pricing'})),
      recentEvents: (opts.goals ?? []).map((g) => ({_id: g.id, type: g.type, path: g.path ?? '/', timestamp: iso(at - 1000)})),
      recentPayments: (opts.payments ?? []).map((p) => ({_id: p.id, amount: p.amount, currency: p.currency === undefined ? 'EUR' : p.currency, name: p.name ?? 'Jane', timestamp: p.at ?? iso(at - 1000)})),
    },
    new Date(at),
    null,
  );
}

/** Runs rules over polls; returns the alerts fired at each poll (wall clock 5 s apart unless given). */
function run(rules: string[], polls: ReturnType<typeof poll>[], times?: number[]): Alert[][] {
  let state: AlertState = initialAlertState(parseRules(rules));
  let feed: Feed | null = null;
  return polls.map((p, i) => {
    feed = applySnapshot(feed, p);
    const now = times?.[i] ?? T0 + i * 5000;
    const flushed = flushAlerts(state, now, feed.count);
    const r = observeAlerts(flushed.state, feed, now);
    state = r.state;
    return [...flushed.alerts, ...r.alerts];
  });
}

describe('alert rules', () => {
  it('parses every documented rule, case- and space-insensitively, and rejects the rest', () => {
    expect(parseRule('payment')).toMatchObject({kind: 'payment', min: null});
    expect(parseRule(' Payment >= 99.5 ')).toMatchObject({kind: 'payment', min: 99.5, source: 'payment>=99.5'});
    expect(parseRule('goal')).toMatchObject({kind: 'goal', name: null});
    expect(parseRule('goal=Signup')).toMatchObject({kind: 'goal', name: 'signup'});
    expect(parseRule('customer')).toMatchObject({kind: 'customer'});
    expect(parseRule('visitors > 50')).toMatchObject({kind: 'visitors', op: '>', n: 50});
    expect(parseRule('visitors<5')).toMatchObject({kind: 'visitors', op: '<', n: 5});
    for (const bad of ['payments>5', 'goal=', 'visitors>=5', 'visitors>x', 'sale', '']) expect(() => parseRule(bad), bad).toThrow(/is not one of payment, payment>=AMOUNT/);
    expect(parseRules(['payment', 'payment', 'goal'])).toHaveLength(2);
  });

  it('payment: each new payment after the first poll, not the ones already there', () => {
    const fired = run(['payment'], [poll(0, {payments: [{id: 'old', amount: 5}]}), poll(1, {payments: [{id: 'old', amount: 5}, {id: 'p1', amount: 49}]}), poll(2, {payments: [{id: 'old', amount: 5}, {id: 'p1', amount: 49}]})]);
    expect(fired.map((a) => a.length)).toEqual([0, 1, 0]);
    expect(fired[1][0]).toMatchObject({rule: 'payment', kind: 'payment', count: 1, totals: [['EUR', 49]]});
    expect(alertText(fired[1][0])).toBe('Payment €49.00 from Jane');
    expect(alertText(fired[1][0], {privacy: true})).toBe('Payment €49.00');
  });

  it('payment>=AMOUNT: only payments at or above the amount', () => {
    const fired = run(['payment>=100'], [poll(0), poll(1, {payments: [{id: 'a', amount: 99}, {id: 'b', amount: 100}]})]);
    expect(fired[1]).toHaveLength(1);
    expect(fired[1][0].payments.map((p) => p.id)).toEqual(['b']);
  });

  it('goal and goal=NAME: new goal events, never pageviews', () => {
    const polls = [
      poll(0, {goals: [{id: 'g0', type: 'signup'}]}),
      poll(1, {goals: [{id: 'g0', type: 'signup'}, {id: 'pv', type: 'pageview'}, {id: 'g1', type: 'signup', path: '/pricing'}, {id: 'g2', type: 'trial_started'}]}),
    ];
    const any = run(['goal'], polls);
    expect(any[0]).toEqual([]);
    expect(any[1][0]).toMatchObject({count: 2});
    expect(alertText(any[1][0])).toBe('2 goals: signup, trial_started');
    const named = run(['goal=signup'], polls);
    expect(named[1][0].goals.map((g) => g.id)).toEqual(['g1']);
    expect(alertText(named[1][0])).toBe('Goal signup on /pricing');
  });

  it('customer: a customer who was not on the site at the last poll', () => {
    const fired = run(['customer'], [poll(0, {customers: ['c0']}), poll(1, {customers: ['c0', 'c1']}), poll(2, {customers: ['c1']}), poll(3, {customers: ['c1', 'c0']})]);
    expect(fired.map((a) => a.map((x) => x.customers.map((c) => c.id)))).toEqual([[], [['c1']], [], [['c0']]]);
    expect(alertText(fired[1][0])).toBe('Customer Customer c1 on /pricing');
  });

  it('visitors>N fires on crossing only, and again only after falling back by the hysteresis margin', () => {
    expect(hysteresis(50)).toBe(5);
    expect(hysteresis(3)).toBe(1);
    const counts = [40, 51, 55, 49, 52, 45, 60, 61];
    const fired = run(['visitors>50'], counts.map((count, i) => poll(i, {count})), counts.map((_, i) => T0 + i * 20_000));
    // 51 crosses; 55 still above; 49 is not 5 below 50, so 52 does not fire; 45 re-arms; 60 fires.
    expect(fired.map((a) => a.length)).toEqual([0, 1, 0, 0, 0, 0, 1, 0]);
    expect(alertText(fired[1][0])).toBe('51 visitors, above 50');
  });

  it('visitors<N likewise, and a rule that already holds at start does not fire', () => {
    const counts = [3, 2, 6, 4, 7, 2];
    const fired = run(['visitors<5'], counts.map((count, i) => poll(i, {count})), counts.map((_, i) => T0 + i * 20_000));
    // 3 holds at start (no crossing); 6 re-arms (5 + 1); 4 fires; 7 re-arms; 2 fires.
    expect(fired.map((a) => a.length)).toEqual([0, 0, 0, 1, 0, 1]);
    expect(alertText(fired[3][0])).toBe('4 visitors, below 5');
  });

  it('a burst in one poll is one alert with a summary; at most one notification per rule per 10 s, the rest merged', () => {
    const p = (n: number, ids: string[]) => poll(n, {payments: ids.map((id, i) => ({id, amount: [49, 99, 83, 10][i % 4], currency: 'EUR'}))});
    // Polls 2 s apart: the second burst arrives inside the first alert's cooldown.
    const times = [T0, T0 + 2000, T0 + 4000, T0 + 6000, T0 + 13_000];
    const fired = run(['payment'], [p(0, []), p(1, ['a', 'b', 'c']), p(2, ['a', 'b', 'c', 'd']), p(3, ['a', 'b', 'c', 'd', 'e']), p(4, ['a', 'b', 'c', 'd', 'e'])], times);
    expect(fired.map((a) => a.length)).toEqual([0, 1, 0, 0, 1]);
    expect(alertText(fired[1][0])).toBe('3 payments, €231.00');
    expect(fired[4][0].payments.map((x) => x.id)).toEqual(['d', 'e']);
    expect(alertText(fired[4][0])).toBe('2 payments, €59.00');
  });

  it('what waits for the cooldown comes out on a timer too (flush), at nextFlushAt', () => {
    let state = initialAlertState(parseRules(['payment']));
    let feed = applySnapshot(null, poll(0));
    state = observeAlerts(state, feed, T0).state;
    feed = applySnapshot(feed, poll(1, {payments: [{id: 'a', amount: 1}]}));
    let r = observeAlerts(state, feed, T0 + 1000);
    expect(r.alerts).toHaveLength(1);
    feed = applySnapshot(feed, poll(2, {payments: [{id: 'a', amount: 1}, {id: 'b', amount: 2, currency: 'USD'}]}));
    r = observeAlerts(r.state, feed, T0 + 3000);
    expect(r.alerts).toHaveLength(0);
    expect(nextFlushAt(r.state)).toBe(T0 + 11_000);
    expect(flushAlerts(r.state, T0 + 10_999).alerts).toHaveLength(0);
    const out = flushAlerts(r.state, T0 + 11_000);
    expect(out.alerts.map((a) => alertText(a))).toEqual(['Payment $2.00 from Jane']);
    expect(nextFlushAt(out.state)).toBeNull();
  });

  it('mixed currencies are summed per currency', () => {
    const fired = run(['payment'], [poll(0), poll(1, {payments: [{id: 'a', amount: 10, currency: 'EUR'}, {id: 'b', amount: 49, currency: 'USD'}, {id: 'c', amount: 5, currency: 'EUR'}]})]);
    expect(alertText(fired[1][0])).toBe('3 payments, $49.00 + €15.00');
  });
});

describe('the header alert line (pure)', () => {
  it('shows the newest alert for a while, with a count of the others, then nothing', () => {
    const painter = {theme: THEME, depth: 'none' as const, ascii: false};
    const fired = run(['payment', 'goal'], [poll(0), poll(1, {payments: [{id: 'a', amount: 49}], goals: [{id: 'g', type: 'signup'}]})]);
    const banner = showAlerts(emptyBanner, fired[1], 1000);
    const line = alertLine(painter, banner, 2000, 60)!;
    expect(line.map((r) => r.text).join('')).toBe('! Goal signup on / · +1 more'.padEnd(60));
    expect(alertLine(painter, banner, 1000 + ALERT_HOLD_MS, 60)).toBeNull();
    const ascii = alertLine({...painter, ascii: true}, showAlerts(emptyBanner, fired[1].slice(0, 1), 0), 0, 40)!;
    expect(ascii.map((r) => r.text).join('')).toMatch(/^! Payment \? ?49\.00 from Jane|^! Payment EUR 49\.00 from Jane/);
  });
});

describe('terminal notifications', () => {
  it('OSC 9 with the text, wrapped for tmux passthrough (every ESC doubled) inside tmux, then the bell', () => {
    expect(osc9('Payment $49.00', false)).toBe('\x1b]9;dftop: Payment $49.00\x07');
    expect(tmuxPassthrough('\x1b]9;x\x07')).toBe('\x1bPtmux;\x1b\x1b]9;x\x07\x1b\\');
    expect(alertSequence('hi', {TMUX: '/tmp/tmux-0/default,1,0'})).toBe('\x1bPtmux;\x1b\x1b]9;dftop: hi\x07\x1b\\\x07');
    expect(alertSequence('hi', {})).toBe('\x1b]9;dftop: hi\x07\x07');
  });

  it('a payer named \\e]9;x\\a (or with any control character) cannot end the OSC string or start another sequence', () => {
    const hostile = ['\x1b]9;x\x07', 'a\x07b', 'a\x1b\\b', 'a\x9cb', 'a\x9d8;;http://evil\x9c', 'a\nb\rc', '\x1b[2J\x1b]0;title\x07', 'ok\u202eevil', '4;3;50'];
    for (const name of hostile) {
      const fired = run(['payment'], [poll(0), poll(1, {payments: [{id: 'x', amount: 1, name}]})]);
      const seq = osc9(alertText(fired[1][0]), false);
      const inner = seq.slice('\x1b]9;'.length, -1);
      expect(inner, JSON.stringify(name)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
      expect(seq.endsWith('\x07')).toBe(true);
      expect(inner.startsWith('dftop: ')).toBe(true);
      const wrapped = osc9(alertText(fired[1][0]), true);
      // Inside the passthrough only our own ESCs, doubled: three in all (opening DCS, the doubled OSC, the ST).
      expect(wrapped.match(/\x1b/g)).toHaveLength(4);
    }
    expect(notificationText('x'.repeat(500)).length).toBeLessThanOrEqual(207);
  });
});

describe('--alert-command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-alert-cmd-'));
  // A tiny command: appends its argv, stdin and two env values as one JSON line to the file named by argv[2].
  const script = path.join(dir, 'record-alert.mjs');
  fs.writeFileSync(
    script,
    `import fs from 'node:fs';
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  fs.appendFileSync(process.argv[2], JSON.stringify({argv: process.argv.slice(3), stdin: input, key: process.env.DATAFAST_API_KEY ?? null, text: process.env.DFTOP_ALERT_TEXT}) + '\\n');
  if (process.argv[3] === 'slow') setTimeout(() => {}, 60_000);
});
`,
  );

  it('runs without a shell: ; and $(…) in an argument and in the alert are data; the alert is JSON on stdin; one at a time, in order', async () => {
    const out = path.join(dir, 'calls.ndjson');
    const marker = path.join(dir, 'pwned');
    const runner = new CommandRunner([process.execPath, script, out, `a;touch ${marker}`, `$(touch ${marker})`, '`id`'], {env: {PATH: process.env.PATH, DATAFAST_API_KEY: 'df_secret_never_passed'}});
    runner.run({text: `Payment from $(touch ${marker}); rm -rf /`, rule: 'payment'});
    runner.run({text: 'second', rule: 'goal'});
    await runner.idle();
    const calls = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(calls).toHaveLength(2);
    expect(calls[0].argv).toEqual([`a;touch ${marker}`, `$(touch ${marker})`, '`id`']);
    expect(JSON.parse(calls[0].stdin)).toEqual({text: `Payment from $(touch ${marker}); rm -rf /`, rule: 'payment'});
    expect(calls[0].key).toBeNull();
    expect(calls[0].text).toBe(`Payment from $(touch ${marker}); rm -rf /`);
    expect(JSON.parse(calls[1].stdin).text).toBe('second');
    expect(fs.existsSync(marker)).toBe(false);
    expect(runner.started).toBe(2);
  });

  it('stops a command that outlives its timeout and goes on with the next; a missing command is reported, not thrown', async () => {
    const out = path.join(dir, 'slow.ndjson');
    const errors: string[] = [];
    const runner = new CommandRunner([process.execPath, script, out, 'slow'], {timeoutMs: 300, onError: (m) => errors.push(m)});
    runner.run({text: 'one', rule: 'payment'});
    runner.run({text: 'two', rule: 'payment'});
    await runner.idle();
    // Both ran, one after the other, each stopped at its timeout (whether or not it got as far as writing).
    expect(runner.started).toBe(2);
    expect(errors.filter((e) => /stopped after 0.3 s/.test(e))).toHaveLength(2);
    const missing: string[] = [];
    const none = new CommandRunner(['/nonexistent/dftop-alert'], {onError: (m) => missing.push(m)});
    none.run({text: 'x', rule: 'payment'});
    await none.idle();
    expect(missing[0]).toMatch(/command not found/);
  });

  it('splits a command string on whitespace only', () => {
    expect(splitCommand('  notify-send  "dftop alert" ')).toEqual(['notify-send', '"dftop', 'alert"']);
  });

  it('the pipeline delivers alerts to the terminal writer and the command, and --json lines gain an "alerts" array', async () => {
    const out = path.join(dir, 'pipeline.ndjson');
    const written: string[] = [];
    const pipeline = new AlertPipeline({alerts: parseRules(['payment']), alertCommand: [process.execPath, script, out], privacy: false}, {TMUX: 'x'}, {writeTerminal: (t) => written.push(t)});
    let feed = applySnapshot(null, poll(0));
    expect(pipeline.observe(feed, T0)).toEqual([]);
    feed = applySnapshot(feed, poll(1, {payments: [{id: 'a', amount: 49, name: 'Bob'}]}));
    const alerts = pipeline.observe(feed, T0 + 5000);
    expect(alerts.map((a) => a.text)).toEqual(['Payment €49.00 from Bob']);
    expect(written).toEqual(['\x1bPtmux;\x1b\x1b]9;dftop: Payment €49.00 from Bob\x07\x1b\\\x07']);
    await pipeline.close();
    const line = JSON.parse(withAlerts('{"count":3}\n', alerts));
    expect(line).toMatchObject({count: 3, alerts: [{text: 'Payment €49.00 from Bob', rule: 'payment', count: 1, totals: [['EUR', 49]]}]});
    expect(JSON.parse(JSON.parse(fs.readFileSync(out, 'utf8')).stdin)).toMatchObject({text: 'Payment €49.00 from Bob', kind: 'payment'});
  });
});

describe('--json --alert as a process', () => {
  it('each line carries the alerts that fired with that poll; the command gets them; a bad rule is exit 2', async () => {
    const pay = (id: string, amount: number) => ({_id: id, amount, currency: 'USD', name: 'Zoë', timestamp: new Date().toISOString()});
    const bodies = [
      {count: 10, recentPayments: [pay('old', 5)]},
      {count: 60, recentPayments: [pay('old', 5), pay('p1', 49), pay('p2', 150)]},
      {count: 61, recentPayments: [pay('old', 5), pay('p1', 49), pay('p2', 150)]},
    ];
    let n = 0;
    const s = await faultServer([
      (req, res) => {
        const body = bodies[n++];
        if (!body) return json(401, {status: 'error', error: {code: 401, message: 'Invalid API key'}})(req, res);
        json(200, {status: 'success', data: body})(req, res);
      },
    ]);
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-alert-cli-'));
      const out = path.join(dir, 'calls.ndjson');
      const script = path.join(dir, 'cmd.mjs');
      fs.writeFileSync(script, `import fs from 'node:fs'; let i = ''; process.stdin.on('data', (d) => (i += d)); process.stdin.on('end', () => fs.appendFileSync(process.argv[2], i));\n`);
      const config = path.join(dir, 'config');
      fs.mkdirSync(path.join(config, 'dftop'), {recursive: true});
      // The command from the config file, as argv (a path with a space stays one argument).
      fs.writeFileSync(path.join(config, 'dftop', 'config.json'), JSON.stringify({alertCommand: [process.execPath, script, out]}));
      const env = cleanEnv({DATAFAST_API_KEY: 'df_alert_cli_key_1234', XDG_CONFIG_HOME: config});
      const r = await runCli(['--json', '--interval', '0.2', '--base-url', s.url, '--alert', 'payment>=100', '--alert', 'visitors>50'], env);
      expect(r.code).toBe(3);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.alerts.map((a: {text: string}) => a.text))).toEqual([[], ['Payment $150.00 from Zoë', '60 visitors, above 50'], []]);
      expect(Object.keys(lines[1]).slice(0, 3)).toEqual(['fetchedAt', 'websiteId', 'count']);
      const calls = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(calls.map((c) => c.rule)).toEqual(['payment>=100', 'visitors>50']);
    } finally {
      await s.close();
    }
    const bad = await runCli(['--once', '--json', '--demo', '--alert', 'sale'], cleanEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/alert rule "sale" is not one of payment, payment>=AMOUNT, goal, goal=NAME, customer, visitors>N or visitors<N/);
  });
});
