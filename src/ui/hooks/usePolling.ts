import {useEffect, useRef, useState} from 'react';
import type {Poller, PollerStatus} from '../../api/poller.js';
import {applySnapshot} from '../../model/feed.js';
import type {Feed, Snapshot} from '../../model/types.js';
import type {PollInfo} from '../views/header.js';

/** Active counts kept for the header's sparkline: an hour at 5 s, bounded whatever the uptime. */
export const HISTORY_LENGTH = 720;

export type Polling = {feed: Feed | null; poll: PollInfo; history: readonly number[]};

const info = (s: PollerStatus<Snapshot>): PollInfo => ({state: s.state, intervalMs: s.intervalMs, lastOkAt: s.lastOkAt, lastError: s.lastError, latencyMs: s.latencyMs, nextPollAt: s.nextPollAt, stale: s.stale, fetching: s.fetching});

const samePoll = (a: PollInfo, b: PollInfo) => (Object.keys(a) as (keyof PollInfo)[]).every((k) => a[k] === b[k]);

/** One poll → one feed update (and `onFeed`, once); state changes (fetching, paused…) update only the status. */
export function usePolling(poller: Poller<Snapshot>, onFeed?: (feed: Feed) => void): Polling {
  const [state, setState] = useState<Polling>(() => ({feed: null, poll: info(poller.current), history: []}));
  // The feed folds each poll into the last one: kept here so the fold happens once, outside React's updaters.
  const current = useRef(state);
  const onFeedRef = useRef(onFeed);
  onFeedRef.current = onFeed;
  useEffect(() => {
    const publish = (next: Polling) => {
      current.current = next;
      setState(next);
    };
    const offOutcome = poller.onOutcome((outcome, status) => {
      if (outcome.kind !== 'ok') return;
      const {history} = current.current;
      const feed = applySnapshot(current.current.feed, outcome.value);
      publish({feed, poll: info(status), history: history.length >= HISTORY_LENGTH ? [...history.slice(1), feed.count] : [...history, feed.count]});
      onFeedRef.current?.(feed);
    });
    const offState = poller.onState((status) => {
      const poll = info(status);
      if (!samePoll(poll, current.current.poll)) publish({...current.current, poll});
    });
    poller.start();
    return () => {
      offOutcome();
      offState();
    };
  }, [poller]);
  return state;
}
