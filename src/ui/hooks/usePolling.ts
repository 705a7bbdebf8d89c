import {useEffect, useRef, useState} from 'react';
import type {PollerStatus} from '../../api/poller.js';
import {applySnapshot} from '../../model/feed.js';
import {withSiteCurrency} from '../../model/site.js';
import type {Feed, Snapshot} from '../../model/types.js';
import type {SnapshotSource} from '../source.js';
import type {PollInfo} from '../views/header.js';

/** Active counts kept for the header's sparkline: an hour at 5 s, bounded whatever the uptime. */
export const HISTORY_LENGTH = 720;

export type Polling = {feed: Feed | null; poll: PollInfo; history: readonly number[]};

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

/** One poll → one feed update (and `onFeed`, once); state changes (fetching, paused…) update only the status. */
export function usePolling(poller: SnapshotSource | null, options: PollingOptions = {}): Polling {
  const [state, setState] = useState<Polling>(() => ({feed: null, poll: poller ? info(poller.current) : IDLE, history: []}));
  // The feed folds each poll into the last one: kept here so the fold happens once, outside React's updaters.
  const current = useRef(state);
  const latest = useRef(options);
  latest.current = options;
  const key = options.key ?? null;
  const shownKey = useRef(key);
  const kept = useRef(new Map<string | null, {feed: Feed | null; history: readonly number[]}>());
  const {onRewind} = options;
  useEffect(() => {
    const publish = (next: Polling) => {
      current.current = next;
      setState(next);
    };
    if (shownKey.current !== key) {
      // Another site: its own feed and history, or none yet.
      kept.current.set(shownKey.current, {feed: current.current.feed, history: current.current.history});
      const back = kept.current.get(key) ?? {feed: null, history: []};
      kept.current.delete(key);
      shownKey.current = key;
      publish({...back, poll: poller ? info(poller.current) : IDLE});
    }
    if (!poller) {
      if (!samePoll(current.current.poll, IDLE)) publish({...current.current, poll: IDLE});
      return;
    }
    const offOutcome = poller.onOutcome((outcome, status) => {
      if (outcome.kind !== 'ok') return;
      const {history} = current.current;
      const feed = applySnapshot(current.current.feed, withSiteCurrency(outcome.value, latest.current.currency));
      publish({feed, poll: info(status), history: history.length >= HISTORY_LENGTH ? [...history.slice(1), feed.count] : [...history, feed.count]});
      latest.current.onFeed?.(feed);
    });
    const offState = poller.onState((status) => {
      const poll = info(status);
      if (!samePoll(poll, current.current.poll)) publish({...current.current, poll});
    });
    const offRewind = onRewind?.(() => {
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
