// Issue 10, items 3-5: no request storms, whatever the server's headers or a listener do. Every test runs
// against a real loopback server and asserts request counts (never durations).
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {ClientOptions} from '../../src/api/client.js';
import {Poller, type PollOutcome} from '../../src/api/poller.js';
import {MAX_DELAY_MS} from '../../src/api/retry.js';
import {fetchOnce, loadSnapshot} from '../../src/cli/source.js';
import type {Snapshot} from '../../src/model/types.js';
import {faultServer, json, success, type Reply} from '../helpers/fault-server.js';

const client = (url: string): ClientOptions => ({baseUrl: url, apiKey: 'df_k', websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test'});
const ok = success({count: 1, visitors: []});
const limited = (headers: Record<string, string>) => json(429, {status: 'error', error: {code: 429, message: 'slow down'}}, headers);

let cleanup: (() => unknown)[] = [];
let warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(async () => {
  process.off('warning', onWarning);
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poller(replies: Reply[], options: {intervalMs?: number; maxDelayMs?: number; now?: () => number; onListenerError?: (e: unknown) => void} = {}) {
  const server = await faultServer(replies);
  const p = new Poller<Snapshot>({
    load: (signal) => loadSnapshot(client(server.url), signal),
    intervalMs: options.intervalMs ?? 100,
    backoff: {baseMs: 20, capMs: 100},
    random: () => 0.5,
    now: options.now,
    maxDelayMs: options.maxDelayMs,
    onListenerError: options.onListenerError,
  });
  const outcomes: PollOutcome<Snapshot>[] = [];
  p.onOutcome((o) => outcomes.push(o));
  cleanup.push(() => p.stop(), () => server.close());
  return {server, poller: p, outcomes};
}

async function until(check: () => boolean, what = 'condition') {
  for (let i = 0; i < 2000 && !check(); i++) await pause(10);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('a huge Retry-After or rate-limit reset waits at most an hour, then polls again', () => {
  const T = Date.parse('2026-11-20T14:00:00Z');

  it.each([
    ['Retry-After: 3000000 (seconds)', limited({'retry-after': '3000000'})],
    ['a Retry-After date in 2099', limited({'retry-after': 'Fri, 20 Nov 2099 14:00:00 GMT'})],
    ['X-RateLimit-Reset in epoch milliseconds on a 429', limited({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() + 30 * 86_400_000)})],
    ['X-RateLimit-Reset in epoch milliseconds on a 200', (_req, res) => {
      res.writeHead(200, {'content-type': 'application/json', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() + 30 * 86_400_000)});
      res.end(JSON.stringify({status: 'success', data: {count: 1, visitors: []}}));
    }],
  ] as [string, Reply][])('%s: one request, the next an hour later, no TimeoutOverflowWarning', async (_name, reply) => {
    const {server, poller: p, outcomes} = await poller([reply], {now: () => T});
    p.start();
    await until(() => outcomes.length === 1, 'the first outcome');
    expect(outcomes[0].nextPollAt).toBe(T + MAX_DELAY_MS);
    // Before the clamp, Node fired the 2^31+ ms timer after 1 ms: ~1,400 requests in 3 s.
    await pause(500);
    expect(server.seen).toHaveLength(1);
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });

  it('with a shorter maximum (the soak test), keeps polling at that pace and no faster', async () => {
    const {server, poller: p, outcomes} = await poller([limited({'retry-after': '3000000'})], {intervalMs: 20, maxDelayMs: 100});
    const started = Date.now();
    p.start();
    await until(() => outcomes.length >= 4, 'four outcomes');
    p.stop();
    const elapsed = Date.now() - started;
    for (const o of outcomes) expect(o.nextPollAt! - o.at).toBe(100);
    expect(server.seen.length).toBeLessThanOrEqual(Math.floor(elapsed / 100) + 1);
  });
});

describe('Retry-After 0, a past date or a short one never makes polling faster than the interval', () => {
  it.each([
    ['Retry-After: 0', {'retry-after': '0'}],
    ['a Retry-After date in the past', {'retry-after': 'Fri, 20 Nov 2020 14:00:00 GMT'}],
    ['Retry-After: 1 at a 5 s interval', {'retry-after': '1'}],
  ])('%s: the poller waits at least its interval', async (_name, headers) => {
    const {server, poller: p, outcomes} = await poller([limited(headers)], {intervalMs: 5000});
    p.start();
    await until(() => outcomes.length === 1, 'the first outcome');
    expect(outcomes[0].kind).toBe('error');
    expect(outcomes[0].nextPollAt! - outcomes[0].at).toBeGreaterThanOrEqual(5000);
    await pause(300);
    expect(server.seen).toHaveLength(1);
  });

  it('at a short interval, the request count stays within the interval\'s rate', async () => {
    const {server, poller: p, outcomes} = await poller([limited({'retry-after': '0'})], {intervalMs: 100});
    const started = Date.now();
    p.start();
    await until(() => outcomes.length >= 5, 'five outcomes');
    p.stop();
    expect(server.seen.length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 100) + 1);
    for (const o of outcomes) expect(o.nextPollAt! - o.at).toBeGreaterThanOrEqual(100);
  });

  it.each([
    ['Retry-After: 0', {'retry-after': '0'}],
    ['a Retry-After date in the past', {'retry-after': 'Fri, 20 Nov 2020 14:00:00 GMT'}],
  ])('--once with %s waits at least a second between tries and gives up within its budget', async (_name, headers) => {
    const server = await faultServer([limited(headers)]);
    cleanup.push(() => server.close());
    // A fake clock: every sleep advances it, so the 30 s budget is spent without waiting 30 s.
    let clock = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += ms;
    };
    const error = await fetchOnce(client(server.url), 30_000, sleep, undefined, () => clock).catch((e: unknown) => e);
    expect((error as {kind?: string}).kind).toBe('rate-limited');
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(1000);
    // Before: 17,000-23,000 requests in 30 s.
    expect(server.seen.length).toBeLessThanOrEqual(31);
    expect(server.seen.length).toBe(waits.length + 1);
  });

  it('--once gives up at once when Retry-After is beyond its budget, and never sleeps more than an hour', async () => {
    const server = await faultServer([limited({'retry-after': '3000000'})]);
    cleanup.push(() => server.close());
    const waits: number[] = [];
    const error = await fetchOnce(client(server.url), 30_000, async (ms) => void waits.push(ms)).catch((e: unknown) => e);
    expect((error as {kind?: string}).kind).toBe('rate-limited');
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('a listener that throws', () => {
  it('never creates a second timer: at a 100 ms interval the request count stays bounded', async () => {
    const thrown: unknown[] = [];
    const {server, poller: p, outcomes} = await poller([ok], {intervalMs: 100, onListenerError: (e) => thrown.push(e)});
    p.onOutcome(() => {
      throw new Error('listener bug');
    });
    p.onOutcome(() => {
      throw new Error('another listener bug');
    });
    const started = Date.now();
    p.start();
    await until(() => outcomes.length >= 6, 'six outcomes');
    p.stop();
    const elapsed = Date.now() - started;
    // Before: each throw scheduled another chain (17 loads a second at 100 ms with one throwing listener).
    expect(server.seen.length).toBeLessThanOrEqual(Math.floor(elapsed / 100) + 1);
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(thrown.length).toBe(outcomes.length * 2);
    expect(p.current.failures).toBe(0);
  });
});
