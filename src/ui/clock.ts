/** Where the time comes from: the wall clock, or a hand-driven one in benchmarks. */
export type Clock = {now(): number; subscribe(onTick: () => void): () => void};

export const wallClock = (intervalMs = 1000): Clock => ({
  now: () => Date.now(),
  subscribe(onTick) {
    const timer = setInterval(onTick, Math.max(1000, intervalMs));
    return () => clearInterval(timer);
  },
});
