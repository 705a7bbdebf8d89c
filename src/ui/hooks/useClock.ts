import {useEffect, useState} from 'react';

/** The time, ticking once a second at most: only what shows seconds reads it. */
export function useClock(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), Math.max(1000, intervalMs));
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
