import {describe, expect, it} from 'vitest';
import {backoffDelay, clampDelay, MAX_DELAY_MS, parseRateLimit, parseRetryAfter, retryWait} from '../../src/api/retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-20T14:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Fri, 20 Nov 2026 14:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 13:59:00 GMT', now)).toBe(0);
  });
  it('ignores garbage and absence', () => {
    for (const v of [null, undefined, '', 'soon', '-5', '5s']) expect(parseRetryAfter(v as string, now)).toBeNull();
  });
  it('clamps a huge delta and a far-future date to an hour (Node fires longer timers at once)', () => {
    expect(parseRetryAfter('3000000', now)).toBe(MAX_DELAY_MS);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_DELAY_MS);
    expect(parseRetryAfter('Fri, 20 Nov 2099 14:00:30 GMT', now)).toBe(MAX_DELAY_MS);
  });
});

describe('clampDelay', () => {
  it('keeps every delay within 0 … an hour, NaN and Infinity included', () => {
    expect(clampDelay(-5)).toBe(0);
    expect(clampDelay(1500.4)).toBe(1500);
    expect(clampDelay(2 ** 31)).toBe(3_600_000);
    expect(clampDelay(Infinity)).toBe(3_600_000);
    expect(clampDelay(NaN)).toBe(3_600_000);
    expect(clampDelay(10_000, 2000)).toBe(2000);
  });
});

describe('parseRateLimit', () => {
  const now = 1_000_000_000_000;
  it('reads the X-RateLimit-* headers; reset as a delta, epoch seconds or epoch milliseconds', () => {
    expect(parseRateLimit({'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30'}, now)).toEqual({limit: 60, remaining: 0, resetAt: now + 30_000});
    expect(parseRateLimit({'x-ratelimit-reset': String(now / 1000 + 90)}, now)).toEqual({limit: null, remaining: null, resetAt: now + 90_000});
    expect(parseRateLimit({'x-ratelimit-reset': String(now + 45_000)}, now)?.resetAt).toBe(now + 45_000);
  });
  it('never puts the reset more than an hour ahead, in whichever convention', () => {
    for (const reset of ['1800000000', '1800000000000', '99999999', '1e400', '9'.repeat(30)]) {
      const r = parseRateLimit({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset}, now);
      if (r?.resetAt != null) expect(r.resetAt - now).toBeLessThanOrEqual(MAX_DELAY_MS);
    }
    expect(parseRateLimit({'x-ratelimit-reset': '1800000000000'}, now)?.resetAt).toBe(now + MAX_DELAY_MS);
  });
  it('is null without any of them, and ignores non-numbers', () => {
    expect(parseRateLimit({}, now)).toBeNull();
    expect(parseRateLimit({'x-ratelimit-limit': 'lots'}, now)).toBeNull();
  });
});

describe('backoffDelay', () => {
  const policy = {baseMs: 1000, capMs: 60_000};
  it('grows exponentially between half and all of each step', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const step = 1000 * 2 ** (attempt - 1);
      expect(backoffDelay(attempt, policy, () => 0)).toBe(step / 2);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBeLessThanOrEqual(step);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBeGreaterThan(step * 0.99);
    }
  });
  it('is capped however many attempts', () => {
    for (const attempt of [7, 20, 1000]) {
      const d = backoffDelay(attempt, policy, Math.random);
      expect(d).toBeGreaterThanOrEqual(30_000);
      expect(d).toBeLessThanOrEqual(60_000);
    }
  });
  it('jitters: different random draws give different waits', () => {
    const values = new Set(Array.from({length: 20}, (_, i) => backoffDelay(4, policy, () => i / 20)));
    expect(values.size).toBe(20);
  });
});

describe('retryWait', () => {
  const backoff = {baseMs: 1000, capMs: 60_000};
  const err = (retryAfterMs: number | null, rateLimit: {limit: number | null; remaining: number | null; resetAt: number | null} | null = null, kind = 'rate-limited') => ({kind, retryAfterMs, rateLimit});
  const now = 1_000_000;
  it('is max(Retry-After, floor, backoff): Retry-After is a floor, never a ceiling', () => {
    expect(retryWait(err(1000), 1, {floorMs: 5000, backoff, random: () => 0, now})).toBe(5000);
    expect(retryWait(err(0), 1, {floorMs: 1000, backoff, random: () => 0, now})).toBe(1000);
    expect(retryWait(err(12_000), 1, {floorMs: 5000, backoff, random: () => 0, now})).toBe(12_000);
    expect(retryWait(err(null), 8, {floorMs: 5000, backoff, random: () => 0, now})).toBe(30_000);
  });
  it('waits for a spent budget to reset, and never more than the maximum', () => {
    expect(retryWait(err(null, {limit: 60, remaining: 0, resetAt: now + 20_000}), 1, {floorMs: 5000, backoff, random: () => 0, now})).toBe(20_000);
    expect(retryWait(err(MAX_DELAY_MS), 1, {floorMs: 5000, backoff, now, maxMs: 2000})).toBe(2000);
    expect(retryWait(err(Infinity), 1, {floorMs: 5000, backoff, now})).toBe(MAX_DELAY_MS);
  });
});
