import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, success, type Reply} from '../helpers/fault-server.js';
import {spawnDftop, type Session} from '../helpers/pty.js';
import {escapes} from '../helpers/raw.js';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const payment = (id: string) => ({_id: id, timestamp: new Date().toISOString(), name: 'Ada', amount: 49, currency: 'EUR', renewal: false, isNew: true, visible: true});

/** Bells rung on their own: BEL characters that do not end an OSC string (OSC 9 notifications end with one). */
function bells(raw: string): number {
  let outside = raw;
  for (const {seq} of escapes(raw)) if (seq.startsWith('\x1b]')) outside = outside.replace(seq, '');
  return outside.split('\x07').length - 1;
}

/** OSC 9 desktop notifications. */
const notifications = (raw: string) => escapes(raw).filter((e) => e.seq.startsWith('\x1b]9;')).map((e) => e.seq);

async function start(flags: string[], replies: Reply[]): Promise<{s: Session; server: Awaited<ReturnType<typeof faultServer>>}> {
  const server = await faultServer(replies);
  const s: Session = spawnDftop(['--base-url', server.url, '--interval', '0.4', ...flags], {cols: 100, rows: 30, env: {DATAFAST_API_KEY: 'df_test'}});
  cleanup.push(() => server.close(), async () => {
    s.kill('SIGKILL');
    await s.exited;
  });
  return {s, server};
}

describe('--bell', () => {
  it.each([
    [['--bell'], 1],
    [[], 0],
  ])('%j rings the terminal bell once per poll with a new payment (%i)', async (flags, rings) => {
    // The payment arrives once the dashboard is up and has polled, and stays in every answer after that.
    let paid = false;
    const answer: Reply = (req, res) => success({count: 1, visitors: [], recentPayments: paid ? [payment('p1')] : []})(req, res);
    const {s, server} = await start(flags, [answer]);
    await s.waitFor((l) => /LIVE/.test(l[0]) && server.seen.length >= 2, 'the dashboard, polling');
    paid = true;
    await s.waitFor((l) => l.some((x) => x.includes('Ada')), 'the payment on screen');
    const polled = server.seen.length;
    await s.waitFor(() => server.seen.length >= polled + 2, 'two more polls with the same payment');
    expect(bells(s.raw())).toBe(rings);
    // With the bell, the alert also goes out as one desktop notification (OSC 9) naming the payment.
    const sent = notifications(s.raw());
    expect(sent).toHaveLength(rings);
    for (const n of sent) expect(n).toMatch(/^\x1b\]9;dftop: .*Ada/);
  });

  it('a payment in the second poll, right after start, rings too', async () => {
    // Polls of the realtime map are counted on their own (the site's metadata is asked beside the first one).
    let polls = 0;
    const answer: Reply = (req, res) => {
      if (!req.url?.includes('/realtime/')) return success({})(req, res);
      polls++;
      success({count: 1, visitors: [], recentPayments: polls >= 2 ? [payment('p1')] : []})(req, res);
    };
    const {s} = await start(['--bell'], [answer]);
    await s.waitFor((l) => l.some((x) => x.includes('Ada')), 'the payment on screen');
    const seen = polls;
    await s.waitFor(() => polls >= seen + 2, 'two more polls');
    expect(bells(s.raw()), 'bells for a payment that arrived in the second poll').toBe(1);
  });
});
