// Issue 10, item 11: pause, resume and refresh at any moment, against a real loopback server.
import {afterEach, describe, expect, it} from 'vitest';
import {fetchRealtimeMap, AbortedError, type ClientOptions} from '../../src/api/client.js';
import {Poller, type PollOutcome} from '../../src/api/poller.js';
import {loadSnapshot} from '../../src/cli/source.js';
import type {Snapshot} from '../../src/model/types.js';
import {THEME} from '../../src/ui/theme.js';
import {stateLabel, statusText} from '../../src/ui/views/header.js';
import {faultServer, hang, json, success, type Reply} from '../helpers/fault-server.js';

const client = (url: string, timeoutMs = 10_000): ClientOptions => ({baseUrl: url, apiKey: 'df_k', websiteId: null, timeoutMs, userAgent: 'dftop/test'});
const ok = (count: number) => success({count, visitors: []});
const painter = {theme: THEME, depth: 'truecolor' as const, ascii: false};

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what = 'condition') {
  for (let i = 0; i < 2000 && !check(); i++) await pause(10);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

async function setup(replies: Reply[], intervalMs = 60_000, load?: (url: string) => (signal: AbortSignal) => ReturnType<typeof loadSnapshot>) {
  const server = await faultServer(replies);
  const poller = new Poller<Snapshot>({load: load ? load(server.url) : (signal) => loadSnapshot(client(server.url), signal), intervalMs, backoff: {baseMs: 20, capMs: 100}});
  const outcomes: PollOutcome<Snapshot>[] = [];
  poller.onOutcome((o) => outcomes.push(o));
  cleanup.push(() => poller.stop(), () => server.close());
  return {server, poller, outcomes};
}

describe('pause, resume and refresh', () => {
  it('resume() right after pause() polls again although the aborted request has not settled yet', async () => {
    // The load ignores the abort for a while, as a slow worker or a stuck socket would.
    let release: () => void = () => {};
    const {server, poller, outcomes} = await setup([ok(1), hang, ok(3)], 60_000, (url) => async (signal) => {
      const n = server.seen.length;
      if (n === 1) {
        void fetchRealtimeMap(client(url)).catch(() => {});
        await new Promise<void>((r) => (release = r));
        throw new AbortedError();
      }
      return loadSnapshot(client(url), signal);
    });
    poller.start();
    await until(() => outcomes.length === 1 && server.seen.length === 1, 'the first poll');
    poller.refresh();
    await until(() => server.seen.length === 2, 'the hanging request');
    poller.pause();
    poller.resume();
    await until(() => outcomes.length === 2, 'the poll after resume');
    expect(outcomes[1].kind === 'ok' && outcomes[1].value.count).toBe(3);
    release();
    await pause(50);
    expect(outcomes).toHaveLength(2);
    expect(poller.current.state).toBe('waiting');
  });

  it('refresh() while retrying polls now and never makes the wait longer', async () => {
    const {server, poller, outcomes} = await setup([json(429, {status: 'error', error: {code: 429, message: 'x'}}, {'retry-after': '30'}), ok(2)], 5000);
    poller.start();
    await until(() => outcomes.length === 1, 'the 429');
    expect(poller.current.state).toBe('retrying');
    const waitBefore = poller.current.nextPollAt! - outcomes[0].at;
    expect(waitBefore).toBe(30_000);
    poller.refresh();
    await until(() => outcomes.length === 2, 'the refresh');
    expect(server.seen).toHaveLength(2);
    expect(outcomes[1].kind).toBe('ok');
    expect(outcomes[1].nextPollAt! - outcomes[1].at).toBe(5000);
  });

  it('refresh() while a live request is out does not send a second one', async () => {
    const {server, poller} = await setup([ok(1), hang], 60_000);
    poller.start();
    await until(() => poller.current.state === 'waiting', 'the first poll');
    poller.refresh();
    await until(() => server.seen.length === 2, 'the hanging request');
    poller.refresh();
    poller.refresh();
    await pause(100);
    expect(server.seen).toHaveLength(2);
    expect(server.maxInFlight).toBe(1);
  });

  it('r while paused refreshes once and stays paused; the header says so; p resumes polling', async () => {
    const {server, poller, outcomes} = await setup([ok(1), ok(2), ok(3), ok(4)], 50);
    poller.start();
    await until(() => outcomes.length === 1, 'the first poll');
    poller.pause();
    const before = server.seen.length;
    const headers: string[] = [];
    poller.onState((s) => headers.push(`${stateLabel(s, true, painter).text} ${statusText(s, Date.now())}`));
    poller.refresh();
    expect(headers.at(-1)).toBe('PAUSED polling paused — refreshing once; p to resume');
    await until(() => outcomes.length === 2, 'the refresh');
    expect(poller.current.state).toBe('paused');
    expect(headers.at(-1)).toBe('PAUSED polling paused — p to resume, r to refresh once');
    await pause(300);
    // No polling while paused: the interval is 50 ms.
    expect(server.seen.length).toBe(before + 1);
    poller.resume();
    await until(() => outcomes.length >= 4, 'polling again');
    expect(poller.current.state === 'waiting' || poller.current.state === 'fetching').toBe(true);
  });

  it('a refresh that fails while paused stays paused and says why', async () => {
    const {poller, outcomes} = await setup([ok(1), json(500, {status: 'error', error: {code: 500, message: 'boom'}})], 60_000);
    poller.start();
    await until(() => outcomes.length === 1, 'the first poll');
    poller.pause();
    poller.refresh();
    await until(() => outcomes.length === 2, 'the refresh');
    expect(poller.current).toMatchObject({state: 'paused', stale: true, nextPollAt: null});
    expect(statusText(poller.current, Date.now())).toMatch(/^polling paused — the last poll failed \(server error 500: boom\); p to resume · stale since /);
  });

  it('p during a paused refresh resumes and that answer counts', async () => {
    let release: () => void = () => {};
    const {poller, outcomes} = await setup([ok(1)], 60_000, (url) => async (signal) => {
      if (outcomes.length === 1) await new Promise<void>((r) => (release = r));
      return loadSnapshot(client(url), signal);
    });
    poller.start();
    await until(() => outcomes.length === 1, 'the first poll');
    poller.pause();
    poller.refresh();
    poller.resume();
    expect(poller.current.state).toBe('fetching');
    release();
    await until(() => outcomes.length === 2, 'the refresh');
    expect(poller.current.state).toBe('waiting');
    expect(poller.current.nextPollAt).not.toBeNull();
  });
});

describe('the client and an aborted signal', () => {
  it('sends nothing when the signal is already aborted', async () => {
    const server = await faultServer([ok(1)]);
    cleanup.push(() => server.close());
    const controller = new AbortController();
    controller.abort();
    await expect(fetchRealtimeMap(client(server.url), controller.signal)).rejects.toBeInstanceOf(AbortedError);
    await pause(50);
    expect(server.seen).toHaveLength(0);
  });
});
