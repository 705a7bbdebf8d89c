import type {RateLimit} from './errors.js';

/**
 * The longest any wait may be: an hour. Node fires a timer of more than 2³¹−1 ms after 1 ms (and warns), so an
 * unclamped Retry-After of a month is a request storm; after an hour dftop simply asks again.
 */
export const MAX_DELAY_MS = 3_600_000;

/** Every delay handed to setTimeout goes through this: never negative, never NaN, never over `max`. */
export function clampDelay(ms: number, max: number = MAX_DELAY_MS): number {
  if (Number.isNaN(ms)) return max;
  return Math.min(max, Math.max(0, Math.round(ms)));
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date. Returns milliseconds to wait (at most an hour), or
 * null. A date in the past is 0: callers add their own floor.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return clampDelay(Number(text) * 1000);
  // An HTTP date names a month and a four-digit year; anything else Date.parse might accept ("-5") is not one.
  if (!/[A-Za-z]{3}/.test(text) || !/\d{4}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return clampDelay(at - now);
}

const numberOrNull = (v: string | null | undefined): number | null => {
  if (v == null || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** Reset values at or above this are epoch milliseconds (1e11 s would be the year 5138). */
const EPOCH_MS_FROM = 1e11;
/** Reset values at or above this (and below the above) are epoch seconds (1e9 s is 2001); below, seconds from now. */
const EPOCH_S_FROM = 1e9;

/**
 * `X-RateLimit-Reset` comes in three conventions: seconds from now (small numbers), epoch seconds and epoch
 * milliseconds. `resetAt` is an epoch in ms, at most an hour ahead.
 */
export function parseRateLimit(headers: Record<string, string | string[] | undefined>, now: number = Date.now()): RateLimit | null {
  const get = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const limit = numberOrNull(get('x-ratelimit-limit'));
  const remaining = numberOrNull(get('x-ratelimit-remaining'));
  const reset = numberOrNull(get('x-ratelimit-reset'));
  if (limit === null && remaining === null && reset === null) return null;
  let resetAt: number | null = null;
  if (reset !== null) {
    const at = reset >= EPOCH_MS_FROM ? reset : reset >= EPOCH_S_FROM ? reset * 1000 : now + reset * 1000;
    resetAt = now + clampDelay(at - now);
  }
  return {limit, remaining, resetAt};
}

export type BackoffPolicy = {baseMs: number; capMs: number};
export const DEFAULT_BACKOFF: BackoffPolicy = {baseMs: 1000, capMs: 60_000};

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so waits never collapse
 * to zero and many monitors restarted together still spread out. `attempt` counts from 1.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(40, Math.max(0, attempt - 1)));
  return clampDelay(step / 2 + random() * (step / 2));
}

/**
 * How long to wait after a failure before asking again: Retry-After and a spent rate-limit budget are floors,
 * never ceilings, and so is `floorMs` (the poller's interval, or a second for --once); then backoff. Clamped.
 */
export function retryWait(
  error: {kind: string; retryAfterMs: number | null; rateLimit: RateLimit | null},
  attempt: number,
  options: {floorMs: number; backoff: BackoffPolicy; random?: () => number; now?: number; maxMs?: number},
): number {
  const now = options.now ?? Date.now();
  let wait = Math.max(options.floorMs, backoffDelay(attempt, options.backoff, options.random));
  if (error.retryAfterMs !== null) wait = Math.max(wait, error.retryAfterMs);
  const rl = error.rateLimit;
  if (rl?.resetAt != null && (error.kind === 'rate-limited' || rl.remaining === 0)) wait = Math.max(wait, rl.resetAt - now);
  return clampDelay(wait, options.maxMs);
}
