import type {ClientOptions} from '../api/client.js';
import {DataFastError, type ErrorKind} from '../api/errors.js';
import {Poller} from '../api/poller.js';
import {clampDelay, retryWait} from '../api/retry.js';
import type {Snapshot} from '../model/types.js';
import {loadSnapshot, type RawHook} from './load.js';
import {AdaptiveLoad} from './loader-worker.js';

export {loadSnapshot, type RawHook} from './load.js';

/**
 * A poller of the realtime map; the client may still be getting ready (the in-process demo API starting).
 * Polls load on the main thread while the answers are small and in the loader thread once one was large, when
 * the bundle's entry enabled it (src/cli/loader-worker.ts, AdaptiveLoad); with `onRaw` (--record), always on
 * the main thread.
 */
export function createPoller(client: ClientOptions | Promise<ClientOptions>, intervalMs: number, onRaw?: RawHook, placement: AdaptiveLoad = new AdaptiveLoad()): Poller<Snapshot> {
  return new Poller<Snapshot>({
    load: async (signal) => {
      const ready = await client;
      return onRaw ? loadSnapshot(ready, signal, onRaw) : placement.load(ready, signal);
    },
    intervalMs,
    // A site left in the picker: its last answer is not kept (in either thread) for the rest of the run.
    onStop: () => placement.forget(),
  });
}

// What `--once` tries again: rate limits, server errors, network trouble and timeouts. A malformed answer
// is not retried here (asking again for one snapshot rarely mends a proxy's page or an oversized body); the
// live poller does retry it, since it keeps the last data on screen and recovers by itself.
const RETRIED_ONCE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['rate-limited', 'server', 'network']);

/** `--once` waits at least this long between two tries, whatever Retry-After says (0 or a past date). */
export const ONCE_MIN_WAIT_MS = 1000;
const ONCE_BACKOFF = {baseMs: 500, capMs: 8000};

/** How long `--once` waits before try `attempt + 1`: max(Retry-After, a spent rate-limit budget, backoff, 1 s). */
export function onceRetryWait(error: DataFastError, attempt: number, now: number = Date.now()): number {
  return retryWait(error, attempt, {floorMs: ONCE_MIN_WAIT_MS, backoff: ONCE_BACKOFF, now});
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, clampDelay(ms)));

/** `--once`: retries transient failures (Retry-After first), giving up after `budgetMs` in all. */
export async function fetchOnce(
  client: ClientOptions,
  budgetMs = 30_000,
  sleep: (ms: number, error: DataFastError) => Promise<unknown> = defaultSleep,
  onRaw?: RawHook,
  now: () => number = Date.now,
): Promise<Snapshot> {
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return (await loadSnapshot(client, undefined, onRaw)).value;
    } catch (error) {
      if (!(error instanceof DataFastError) || !RETRIED_ONCE.has(error.kind)) throw error;
      const wait = onceRetryWait(error, attempt, now());
      if (now() - started + wait > budgetMs) throw error;
      await sleep(wait, error);
    }
  }
}
