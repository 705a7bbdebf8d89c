import {useEffect, useState} from 'react';

/** Where the time comes from: the wall clock, or a hand-driven one in benchmarks. */
export type Clock = {now(): number; subscribe(onTick: () => void): () => void};

export const wallClock = (intervalMs = 1000): Clock => ({
  now: () => Date.now(),
  subscribe(onTick) {
    const timer = setInterval(onTick, Math.max(1000, intervalMs));
    return () => clearInterval(timer);
  },
});

const WALL = wallClock();

/** The time, ticking once a second at most: only the header shows seconds. */
export function useClock(clock: Clock = WALL): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => clock.subscribe(() => setNow(clock.now())), [clock]);
  return now;
}
