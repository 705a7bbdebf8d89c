import {afterEach, describe, expect, it} from 'vitest';
import type {ClientOptions} from '../../src/api/client.js';
import {Poller, type PollOutcome} from '../../src/api/poller.js';
import {createPoller, loadSnapshot} from '../../src/cli/source.js';
import type {Snapshot} from '../../src/model/types.js';
import {faultServer, hang, json, reset, success, text, type Reply} from '../helpers/fault-server.js';

// A timeout far above a loopback answer's time on a loaded machine (the server and the client share this worker):
// the good answers must never time out. Tests of the timeout pass their own.
const client = (url: string, timeoutMs = 5000): ClientOptions => ({baseUrl: url, apiKey: 'df_k', websiteId: null, timeoutMs, userAgent: 'dftop/test'});
const ok = (count: number) => success({count, visitors: []});

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function run(replies: Reply[], until: (outcomes: PollOutcome<Snapshot>[]) => boolean, options: {intervalMs?: number; timeoutMs?: number} = {}) {
  const server = await faultServer(replies);
  const poller = new Poller<Snapshot>({
    load: (signal) => loadSnapshot(client(server.url, options.timeoutMs), signal),
    intervalMs: options.intervalMs ?? 50,
    backoff: {baseMs: 20, capMs: 100},
  });
  cleanup.push(() => poller.stop(), () => server.close());
  const outcomes: PollOutcome<Snapshot>[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${outcomes.length} outcomes`)), 20_000);
    poller.onOutcome((o) => {
      outcomes.push(o);
      if (until(outcomes)) {
        clearTimeout(timer);
        resolve();
      }
    });
    poller.start();
  });
  return {server, poller, outcomes};
}

describe('Poller against a loopback server', () => {
  it('polls on its interval and reports each snapshot with its latency', async () => {
    const {outcomes, server} = await run([ok(1), ok(2), ok(3)], (o) => o.length >= 3);
    expect(outcomes.map((o) => o.kind === 'ok' && o.value.count)).toEqual([1, 2, 3]);
    for (const o of outcomes) if (o.kind === 'ok') expect(o.latencyMs).toBeGreaterThan(0);
    expect(server.maxInFlight).toBe(1);
  });

  it.each([
    ['429 with Retry-After', json(429, {status: 'error', error: {code: 429, message: 'slow down'}}, {'retry-after': '0'}), 'rate-limited'],
    ['500', json(500, {status: 'error', error: {code: 500, message: 'boom'}}), 'server'],
    ['an HTML 502', text(502, '<html>bad gateway</html>'), 'server'],
    ['a reset connection', reset, 'network'],
    ['a body that is not JSON', json(200, '{"status":'), 'malformed'],
  ])('recovers by itself after %s and keeps the last good snapshot meanwhile', async (_name, fault, kind) => {
    const {outcomes, poller} = await run([ok(5), fault, fault, ok(6)], (o) => o.some((x) => x.kind === 'ok' && x.value.count === 6));
    const errors = outcomes.filter((o) => o.kind === 'error');
    expect(errors).toHaveLength(2);
    for (const e of errors) {
      expect(e.kind === 'error' && e.error.kind).toBe(kind);
      expect(e.kind === 'error' && e.final).toBe(false);
      expect(e.nextPollAt).not.toBeNull();
    }
    expect(errors.map((e) => e.kind === 'error' && e.attempt)).toEqual([1, 2]);
    expect(poller.current.last?.count).toBe(6);
    expect(poller.current.failures).toBe(0);
  });

  it('a timeout is a network error and is retried', async () => {
    // A timeout a loaded machine's good answers stay within (1 s was seen to be exceeded under load).
    const {outcomes} = await run([ok(1), hang, ok(2)], (o) => o.length >= 3, {timeoutMs: 3000});
    expect(outcomes.map((o) => (o.kind === 'ok' ? o.value.count : o.error.kind))).toEqual([1, 'network', 2]);
  });

  it.each([
    [401, 'auth'],
    [403, 'permission'],
    [404, 'not-found'],
  ])('stops on %i (%s) until refresh', async (status, kind) => {
    const {outcomes, poller, server} = await run([ok(1), json(status, {status: 'error', error: {code: status, message: 'no'}}), ok(2)], (o) => o.length >= 2);
    const last = outcomes[1];
    expect(last.kind === 'error' && [last.error.kind, last.final]).toEqual([kind, true]);
    expect(poller.current.state).toBe('failed');
    expect(poller.current.last?.count).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.seen).toHaveLength(2);
    const next = new Promise<PollOutcome<Snapshot>>((resolve) => poller.onOutcome(resolve));
    poller.refresh();
    const after = await next;
    expect(after.kind === 'ok' && after.value.count).toBe(2);
  });

  it('waits for Retry-After before the next try', async () => {
    const {server} = await run([json(429, {status: 'error', error: {code: 429, message: 'x'}}, {'retry-after': '1'}), ok(1)], (o) => o.length >= 2);
    expect(server.seen[1].at - server.seen[0].at).toBeGreaterThanOrEqual(900);
  });

  it('pauses, resumes and stops (aborting the request in flight)', async () => {
    const server = await faultServer([ok(1), hang, ok(2)]);
    const poller = createPoller(client(server.url, 10_000), 50);
    cleanup.push(() => poller.stop(), () => server.close());
    const outcomes: PollOutcome<Snapshot>[] = [];
    poller.onOutcome((o) => outcomes.push(o));
    poller.start();
    await waitFor(() => server.seen.length >= 2);
    poller.pause();
    expect(poller.current.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 200));
    expect(server.seen).toHaveLength(2);
    expect(outcomes).toHaveLength(1);
    poller.resume();
    await waitFor(() => outcomes.length >= 2);
    expect(outcomes[1].kind === 'ok' && outcomes[1].value.count).toBe(2);
    poller.stop();
    const seen = server.seen.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(server.seen.length).toBe(seen);
    expect(poller.current.state).toBe('stopped');
  });
});

async function waitFor(check: () => boolean, ms = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}
