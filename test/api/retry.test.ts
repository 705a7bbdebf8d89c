import {describe, expect, it} from 'vitest';
import {backoffDelay, parseRateLimit, parseRetryAfter} from '../../src/api/retry.js';

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
});

describe('parseRateLimit', () => {
  const now = 1_000_000_000_000;
  it('reads the X-RateLimit-* headers; reset as a delta or an epoch', () => {
    expect(parseRateLimit({'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30'}, now)).toEqual({limit: 60, remaining: 0, resetAt: now + 30_000});
    expect(parseRateLimit({'x-ratelimit-reset': '1800000000'}, now)).toEqual({limit: null, remaining: null, resetAt: 1_800_000_000_000});
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
