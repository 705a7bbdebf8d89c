import {useEffect, useMemo, useRef, useState} from 'react';
import {wallClock, type Clock} from '../clock.js';
import {timeDependentText, type PollInfo} from '../views/header.js';

const WALL = wallClock();

/**
 * The time the header shows. A clock tick moves it only when the text it drives changes (a countdown, a
 * stale age): while polls arrive on time nothing is drawn between them. A new poll status reads the clock.
 * The newest reading wins, not the largest: a replay's recorded clock goes back when it steps back.
 */
export function useNow(poll: PollInfo, clock: Clock = WALL): number {
  const readings = useRef(0);
  const [tick, setTick] = useState(() => ({at: clock.now(), n: 0}));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new poll status is the trigger; the clock is read anew
  const polled = useMemo(() => ({at: clock.now(), n: ++readings.current}), [poll, clock]);
  const shown = tick.n > polled.n ? tick.at : polled.at;
  const latest = useRef({poll, shown});
  latest.current = {poll, shown};
  useEffect(
    () =>
      clock.subscribe(() => {
        const t = clock.now();
        const {poll: current, shown: before} = latest.current;
        if (timeDependentText(current, before) !== timeDependentText(current, t)) setTick({at: t, n: ++readings.current});
      }),
    [clock],
  );
  return shown;
}
