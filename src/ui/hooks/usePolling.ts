import {useEffect, useRef, useState} from 'react';
import type {Poller, PollerStatus} from '../../api/poller.js';
import {applySnapshot} from '../../model/feed.js';
import type {Feed, Snapshot} from '../../model/types.js';
import type {PollInfo} from '../views/header.js';

/** Active counts kept for the header's sparkline: an hour at 5 s, bounded whatever the uptime. */
export const HISTORY_LENGTH = 720;

export type Polling = {feed: Feed | null; poll: PollInfo; history: readonly number[]};

const info = (s: PollerStatus<Snapshot>): PollInfo => ({state: s.state, intervalMs: s.intervalMs, lastOkAt: s.lastOkAt, lastError: s.lastError, latencyMs: s.latencyMs, nextPollAt: s.nextPollAt});

/** One poll → one feed update; state changes (fetching, paused…) update only the status. */
export function usePolling(poller: Poller<Snapshot>, onFeed?: (feed: Feed) => void): Polling {
  const [state, setState] = useState<Polling>(() => ({feed: null, poll: info(poller.current), history: []}));
  const onFeedRef = useRef(onFeed);
  onFeedRef.current = onFeed;
  useEffect(() => {
    const offOutcome = poller.onOutcome((outcome, status) => {
      if (outcome.kind !== 'ok') return;
      setState((prev) => {
        const feed = applySnapshot(prev.feed, outcome.value);
        const history = prev.history.length >= HISTORY_LENGTH ? [...prev.history.slice(1), feed.count] : [...prev.history, feed.count];
        onFeedRef.current?.(feed);
        return {feed, poll: info(status), history};
      });
    });
    const offState = poller.onState((status) => {
      setState((prev) => {
        const next = info(status);
        const same = Object.keys(next).every((k) => next[k as keyof PollInfo] === prev.poll[k as keyof PollInfo]);
        return same ? prev : {...prev, poll: next};
      });
    });
    poller.start();
    return () => {
      offOutcome();
      offState();
    };
  }, [poller]);
  return state;
}
