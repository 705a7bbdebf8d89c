// Issue 10, item 7: the header shows the state of the data. With answers ok, 500, hang, hang, hang, ok it says
// STALE from the 500 until the last ok, also while each retry is in flight, and never LIVE in between.
import {afterEach, describe, expect, it} from 'vitest';
import type {ClientOptions} from '../../src/api/client.js';
import {Poller, type PollerStatus} from '../../src/api/poller.js';
import {loadSnapshot} from '../../src/cli/source.js';
import type {Snapshot} from '../../src/model/types.js';
import {THEME} from '../../src/ui/theme.js';
import {stateLabel, statusText, type PollInfo} from '../../src/ui/views/header.js';
import {faultServer, hang, json, success} from '../helpers/fault-server.js';

const painter = {theme: THEME, depth: 'truecolor' as const, ascii: false};
// The hangs end at this timeout; the good answers must come well within it on a loaded machine (a loopback answer
// was seen to take over a second there).
const client = (url: string): ClientOptions => ({baseUrl: url, apiKey: 'df_k', websiteId: null, timeoutMs: 3000, userAgent: 'dftop/test'});

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

type Seen = {state: string; label: string; text: string | null};

/** What the header shows, as the lead's usePolling passes it today (no stale/fetching) or with them. */
const info = (s: PollerStatus<Snapshot>, full: boolean): PollInfo => ({
  state: s.state, intervalMs: s.intervalMs, lastOkAt: s.lastOkAt, lastError: s.lastError, latencyMs: s.latencyMs, nextPollAt: s.nextPollAt,
  ...(full ? {stale: s.stale, fetching: s.fetching} : {}),
});

describe('the header through ok, 500, hang, hang, hang, ok', () => {
  it.each([
    ['with PollerStatus.stale passed through', true],
    ['with only lastError (as usePolling passes it today)', false],
  ])('is STALE from the failure until a poll succeeds, %s', async (_name, full) => {
    const server = await faultServer([success({count: 1, visitors: []}), json(500, {status: 'error', error: {code: 500, message: 'boom'}}), hang, hang, hang, success({count: 2, visitors: []})]);
    const poller = new Poller<Snapshot>({load: (signal) => loadSnapshot(client(server.url), signal), intervalMs: 50, backoff: {baseMs: 10, capMs: 40}});
    cleanup.push(() => poller.stop(), () => server.close());
    const seen: Seen[] = [];
    poller.onState((s) => {
      const poll = info(s, full);
      seen.push({state: s.state, label: stateLabel(poll, s.last !== null, painter).text, text: statusText(poll, Date.now())});
    });
    const done = new Promise<void>((resolve) => poller.onOutcome((o) => o.kind === 'ok' && o.value.count === 2 && resolve()));
    poller.start();
    await done;
    poller.stop();

    const firstFailure = seen.findIndex((s) => s.state === 'retrying');
    const recovered = seen.findIndex((s, i) => i > firstFailure && s.state === 'waiting');
    expect(seen[firstFailure - 1].label).toBe('LIVE');
    const between = seen.slice(firstFailure, recovered);
    // Four retries, each waiting and then in flight: never LIVE, always "stale since".
    expect(between.filter((s) => s.state === 'fetching')).toHaveLength(4);
    for (const s of between) {
      expect(s.label).toBe('STALE');
      expect(s.text).toMatch(/ · stale since \d\d:\d\d:\d\d$/);
    }
    const inFlight = between.filter((s) => s.state === 'fetching').map((s) => s.text);
    expect(inFlight[0]).toMatch(/^retrying now \(server error 500: boom\)/);
    for (const t of inFlight.slice(1)) expect(t).toMatch(/^retrying now \(network error: no answer within 3 s \(timeout\)\)/);
    for (const s of between.filter((x) => x.state === 'retrying')) expect(s.text).toMatch(/^retrying in \d+s \(/);
    expect(seen[recovered].label).toBe('LIVE');
    expect(seen[recovered].text).toBeNull();
    expect(server.seen).toHaveLength(6);
  });

  it('says RETRYING (not STARTING) when the very first poll fails and its retry is in flight', () => {
    const error = {kind: 'server', status: 503, apiMessage: null, message: 'HTTP 503'} as PollInfo['lastError'];
    const poll: PollInfo = {state: 'fetching', intervalMs: 5000, lastOkAt: null, lastError: error, latencyMs: null, nextPollAt: null, stale: true, fetching: true};
    expect(stateLabel(poll, false, painter).text).toBe('RETRYING');
    expect(statusText(poll, 0)).toBe('retrying now (server error 503)');
  });
});
