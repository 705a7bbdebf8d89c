import {useEffect, useRef, useState} from 'react';
import type {PollerStatus} from '../../api/poller.js';
import {applySnapshot} from '../../model/feed.js';
import {withSiteCurrency} from '../../model/site.js';
import type {Feed, Snapshot} from '../../model/types.js';
import type {SnapshotSource} from '../source.js';
import {addToSpark, EMPTY_SPARK, type SparkHistory} from '../spark-history.js';
import type {PollInfo} from '../views/header.js';

export type Polling = {
  feed: Feed | null;
  poll: PollInfo;
  history: readonly number[];
  /** The site (`PollingOptions.key`) the feed and history belong to: it changes after the key does, with them. */
  key: string | null;
};

/** What the hook keeps: the sparkline's buckets, of which `history` is the values. */
type Kept = {feed: Feed | null; spark: SparkHistory};

export type PollingOptions = {
  /**
   * The site the source's data belongs to. Each site keeps its own feed (events, payments) and sparkline
   * history: a new key with a new source puts the old site's aside and brings back the new one's, if seen.
   */
  key?: string | null;
  /** The site's currency, for amounts the API gives without one. */
  currency?: string | null;
  /** Once per poll, with the feed that poll made. */
  onFeed?: (feed: Feed) => void;
  /** A replay stepping back: the feed and history start again (the next outcome carries the lists so far). */
  onRewind?: (listener: () => void) => () => void;
};

const info = (s: PollerStatus<Snapshot>): PollInfo => ({state: s.state, intervalMs: s.intervalMs, lastOkAt: s.lastOkAt, lastError: s.lastError, latencyMs: s.latencyMs, nextPollAt: s.nextPollAt, stale: s.stale, fetching: s.fetching});

/** No source yet (the site picker at start-up): nothing asked, nothing to say. */
const IDLE: PollInfo = {state: 'idle', intervalMs: 5000, lastOkAt: null, lastError: null, latencyMs: null, nextPollAt: null, stale: false, fetching: false};

const samePoll = (a: PollInfo, b: PollInfo) => (Object.keys(a) as (keyof PollInfo)[]).every((k) => a[k] === b[k]);

/**
 * A poll on time going out (waiting → fetching, the next poll's time cleared) shows nothing new: the header says
 * LIVE either way, and a request that hangs shows as STALE from the clock (header.ts `overdue`). Publishing it
 * would cost a render of the whole dashboard per poll for an identical frame. Paused, stale or retrying states
 * show the request (a one-off refresh, "retrying now"), so those are published.
 */
const quietStart = (before: PollInfo, next: PollInfo) =>
  before.state === 'waiting' && next.state === 'fetching' && !before.stale && !next.stale && before.lastError === null && next.lastError === null &&
  before.lastOkAt === next.lastOkAt && before.intervalMs === next.intervalMs && before.latencyMs === next.latencyMs;

/** One poll → one feed update (and `onFeed`, once); state changes (fetching, paused…) update only the status. */
export function usePolling(poller: SnapshotSource | null, options: PollingOptions = {}): Polling {
  const [state, setState] = useState<Polling>(() => ({feed: null, poll: poller ? info(poller.current) : IDLE, history: [], key: options.key ?? null}));
  // The feed folds each poll into the last one: kept here so the fold happens once, outside React's updaters.
  const current = useRef(state);
  const spark = useRef<SparkHistory>(EMPTY_SPARK);
  const latest = useRef(options);
  latest.current = options;
  const key = options.key ?? null;
  const shownKey = useRef(key);
  const kept = useRef(new Map<string | null, Kept>());
  const {onRewind} = options;
  useEffect(() => {
    const publish = (next: Polling) => {
      current.current = next;
      setState(next);
    };
    if (shownKey.current !== key) {
      // Another site: its own feed and history, or none yet.
      kept.current.set(shownKey.current, {feed: current.current.feed, spark: spark.current});
      const back = kept.current.get(key) ?? {feed: null, spark: EMPTY_SPARK};
      kept.current.delete(key);
      shownKey.current = key;
      spark.current = back.spark;
      publish({feed: back.feed, history: back.spark.values, poll: poller ? info(poller.current) : IDLE, key});
    }
    if (!poller) {
      if (!samePoll(current.current.poll, IDLE)) publish({...current.current, poll: IDLE});
      return;
    }
    const offOutcome = poller.onOutcome((outcome, status) => {
      if (outcome.kind !== 'ok') return;
      const feed = applySnapshot(current.current.feed, withSiteCurrency(outcome.value, latest.current.currency));
      spark.current = addToSpark(spark.current, feed.count, Date.parse(feed.fetchedAt));
      publish({feed, poll: info(status), history: spark.current.values, key: current.current.key});
      latest.current.onFeed?.(feed);
    });
    const offState = poller.onState((status) => {
      const poll = info(status);
      const before = current.current.poll;
      if (!samePoll(poll, before) && !quietStart(before, poll)) publish({...current.current, poll});
    });
    const offRewind = onRewind?.(() => {
      spark.current = EMPTY_SPARK;
      current.current = {...current.current, feed: null, history: []};
    });
    poller.start();
    return () => {
      offOutcome();
      offState();
      offRewind?.();
    };
  }, [poller, key, onRewind]);
  return state;
}
