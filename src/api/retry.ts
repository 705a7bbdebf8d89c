import type {RateLimit} from './errors.js';

/** `Retry-After` is either delta-seconds or an HTTP date. Returns milliseconds to wait, or null. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names a month and a four-digit year; anything else Date.parse might accept ("-5") is not one.
  if (!/[A-Za-z]{3}/.test(text) || !/\d{4}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

const intOrNull = (v: string | null | undefined): number | null => {
  if (v == null || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return null;
  return Number(v);
};

/**
 * `X-RateLimit-Reset` is seen both as epoch seconds and as seconds from now; values below a year of
 * seconds are read as a delta.
 */
export function parseRateLimit(headers: Record<string, string | string[] | undefined>, now: number = Date.now()): RateLimit | null {
  const get = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const limit = intOrNull(get('x-ratelimit-limit'));
  const remaining = intOrNull(get('x-ratelimit-remaining'));
  const reset = intOrNull(get('x-ratelimit-reset'));
  if (limit === null && remaining === null && reset === null) return null;
  let resetAt: number | null = null;
  if (reset !== null) resetAt = reset < 31_536_000 ? now + reset * 1000 : reset * 1000;
  return {limit, remaining, resetAt};
}

export type BackoffPolicy = {baseMs: number; capMs: number};
export const DEFAULT_BACKOFF: BackoffPolicy = {baseMs: 1000, capMs: 60_000};

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so waits never collapse
 * to zero and many monitors restarted together still spread out. `attempt` counts from 1.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
