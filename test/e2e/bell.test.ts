import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, success} from '../helpers/fault-server.js';
import {spawnDftop, type Session} from '../helpers/pty.js';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const payment = (id: string) => ({_id: id, timestamp: new Date().toISOString(), name: 'Ada', amount: 49, currency: 'EUR', renewal: false, isNew: true, visible: true});

describe('--bell', () => {
  it.each([
    [['--bell'], 1],
    [[], 0],
  ])('%j rings the terminal bell once per new payment poll (%i)', async (flags, rings) => {
    const server = await faultServer([
      success({count: 1, visitors: [], recentPayments: []}),
      success({count: 1, visitors: [], recentPayments: [payment('p1')]}),
      success({count: 1, visitors: [], recentPayments: [payment('p1')]}),
    ]);
    const s: Session = spawnDftop(['--base-url', server.url, '--interval', '0.4', ...flags], {cols: 100, rows: 30, env: {DATAFAST_API_KEY: 'df_test'}});
    cleanup.push(() => server.close(), async () => {
      s.kill('SIGKILL');
      await s.exited;
    });
    await s.waitFor((l) => l.some((x) => x.includes('Ada')), 'the payment on screen');
    await s.waitFor(() => server.seen.length >= 3, 'a third poll');
    expect(s.raw().split('\x07').length - 1).toBe(rings);
  });
});
