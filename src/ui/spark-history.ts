/**
 * The header's sparkline: one bar per fixed stretch of time (the peak number of active visitors in it), not one
 * per poll. A bar per poll would slide the whole sparkline along on every poll (most of a quiet dashboard's bytes
 * on the wire) and cover only a minute or two; a bar per 30 s covers a working session and moves twice a minute.
 */
export const SPARK_BUCKET_MS = 30_000;

/** Bars kept: six hours at 30 s, bounded whatever the uptime. */
export const SPARK_BUCKETS = 720;

export type SparkHistory = {
  /** Peak count per bucket, oldest first (the header draws the last ones that fit). */
  readonly values: readonly number[];
  /** Start of the newest bucket (ms, a multiple of the bucket length); null before the first poll. */
  readonly bucketStart: number | null;
};

export const EMPTY_SPARK: SparkHistory = {values: [], bucketStart: null};

/**
 * Adds one poll's count at time `at`. A poll inside the newest bucket raises its peak (the same object when the
 * peak does not change, so nothing redraws); a later one opens a new bucket. Buckets no poll fell into are
 * left out (a pause, a night). A poll dated before the newest bucket (a clock set back) starts the history anew.
 */
export function addToSpark(history: SparkHistory, count: number, at: number, bucketMs = SPARK_BUCKET_MS, keep = SPARK_BUCKETS): SparkHistory {
  const value = Number.isFinite(count) ? Math.max(0, count) : 0;
  const start = Number.isFinite(at) ? Math.floor(at / bucketMs) * bucketMs : history.bucketStart ?? 0;
  const {values, bucketStart} = history;
  if (bucketStart !== null && start === bucketStart && values.length) {
    const last = values[values.length - 1]!;
    if (value <= last) return history;
    return {values: [...values.slice(0, -1), value], bucketStart};
  }
  if (bucketStart !== null && start < bucketStart) return {values: [value], bucketStart: start};
  const next = values.length >= keep ? [...values.slice(values.length - keep + 1), value] : [...values, value];
  return {values: next, bucketStart: start};
}
