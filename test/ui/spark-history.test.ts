import {describe, expect, it} from 'vitest';
import {addToSpark, EMPTY_SPARK, SPARK_BUCKET_MS} from '../../src/ui/spark-history.js';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('addToSpark', () => {
  it('keeps the peak of each 30 s bucket, one value per bucket', () => {
    let h = addToSpark(EMPTY_SPARK, 5, T0);
    h = addToSpark(h, 7, T0 + 2_000);
    h = addToSpark(h, 6, T0 + 4_000);
    expect(h.values).toEqual([7]);
    h = addToSpark(h, 3, T0 + SPARK_BUCKET_MS);
    h = addToSpark(h, 4, T0 + SPARK_BUCKET_MS + 29_999);
    expect(h.values).toEqual([7, 4]);
    expect(h.bucketStart).toBe(T0 + SPARK_BUCKET_MS);
  });

  it('returns the same history when a poll does not raise its bucket (nothing to redraw)', () => {
    const h = addToSpark(addToSpark(EMPTY_SPARK, 9, T0), 9, T0 + 1_000);
    expect(addToSpark(h, 8, T0 + 2_000)).toBe(h);
    expect(addToSpark(h, 10, T0 + 2_000)).not.toBe(h);
  });

  it('leaves out buckets no poll fell into, and starts anew when the clock goes back', () => {
    let h = addToSpark(EMPTY_SPARK, 1, T0);
    h = addToSpark(h, 2, T0 + 10 * SPARK_BUCKET_MS);
    expect(h.values).toEqual([1, 2]);
    h = addToSpark(h, 3, T0 - SPARK_BUCKET_MS);
    expect(h.values).toEqual([3]);
  });

  it('is bounded, and takes bad counts and times without harm', () => {
    let h = EMPTY_SPARK;
    for (let i = 0; i < 50; i++) h = addToSpark(h, i, T0 + i * SPARK_BUCKET_MS, SPARK_BUCKET_MS, 10);
    expect(h.values).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    h = addToSpark(h, Number.NaN, T0 + 60 * SPARK_BUCKET_MS, SPARK_BUCKET_MS, 10);
    expect(h.values.at(-1)).toBe(0);
    h = addToSpark(h, -4, Number.NaN, SPARK_BUCKET_MS, 10);
    expect(h.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});
