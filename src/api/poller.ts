import {AbortedError} from './client.js';
import {DataFastError, isFinal, type RateLimit} from './errors.js';
import {clampDelay, DEFAULT_BACKOFF, MAX_DELAY_MS, retryWait, type BackoffPolicy} from './retry.js';

export type Loaded<T> = {value: T; latencyMs: number; rateLimit: RateLimit | null};

/**
 * What the poller is doing. `paused` covers a one-off refresh while paused (see `fetching`); `failed` is a final
 * error (401, 403, 404, 400, TLS, redirect) that waits for `refresh()`.
 */
export type PollState = 'idle' | 'fetching' | 'waiting' | 'retrying' | 'paused' | 'stopped' | 'failed';

export type PollOutcome<T> =
  | {kind: 'ok'; value: T; latencyMs: number; rateLimit: RateLimit | null; at: number; nextPollAt: number | null}
  | {kind: 'error'; error: DataFastError; attempt: number; at: number; final: boolean; nextPollAt: number | null};

export type PollerStatus<T> = {
  state: PollState;
  intervalMs: number;
  last: T | null;
  lastOkAt: number | null;
  lastError: DataFastError | null;
  /** Consecutive failures since the last success. */
  failures: number;
  /**
   * The data is not the server's current answer: a poll has failed since the last success. Stays true while a
   * retry is in flight; only a successful poll clears it. (The state of the data, not of the request.)
   */
  stale: boolean;
  /** A request is in flight (also during a one-off refresh while paused, when `state` stays 'paused'). */
  fetching: boolean;
  latencyMs: number | null;
  rateLimit: RateLimit | null;
  nextPollAt: number | null;
};

export type PollerOptions<T> = {
  load: (signal: AbortSignal) => Promise<Loaded<T>>;
  intervalMs: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  now?: () => number;
  /** The longest wait between two polls, whatever the server asks (default an hour; the soak test shortens it). */
  maxDelayMs?: number;
  /**
   * A listener that throws: by default the error is re-thrown outside the poller (as an uncaught exception, the
   * way EventEmitter surfaces it), after the next poll was scheduled and the other listeners ran.
   */
  onListenerError?: (error: unknown) => void;
  /** Called by stop(): the loader lets go of what it remembers of this source (a stopped poller may start again). */
  onStop?: () => void;
};

/** A source's status before its first poll. */
export function idleStatus<T>(intervalMs: number): PollerStatus<T> {
  return {
    state: 'idle', intervalMs, last: null, lastOkAt: null, lastError: null, failures: 0, stale: false, fetching: false, latencyMs: null, rateLimit: null, nextPollAt: null,
  };
}

type Listener<T> = (outcome: PollOutcome<T>, status: PollerStatus<T>) => void;

const rethrow = (error: unknown) =>
  queueMicrotask(() => {
    throw error;
  });

/**
 * Polls on an interval with never more than one live request and never more than one timer. Transient failures
 * wait max(Retry-After, rate-limit reset, interval, backoff), at most `maxDelayMs`; final ones (401/403/404/400,
 * TLS, redirects) stop until `refresh()`. The last good value is kept.
 */
export class Poller<T> {
  private readonly options: PollerOptions<T>;
  private readonly listeners = new Set<Listener<T>>();
  private readonly stateListeners = new Set<(status: PollerStatus<T>) => void>();
  private timer: NodeJS.Timeout | null = null;
  /** The request in flight; an aborted one no longer counts (its late answer is ignored). */
  private inFlight: AbortController | null = null;
  private paused = false;
  private status: PollerStatus<T>;

  constructor(options: PollerOptions<T>) {
    this.options = options;
    this.status = idleStatus<T>(options.intervalMs);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get current(): PollerStatus<T> {
    return this.status;
  }

  onOutcome(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called whenever the state changes (fetching, paused…), not only on outcomes. */
  onState(listener: (status: PollerStatus<T>) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private get busy(): boolean {
    return this.inFlight !== null && !this.inFlight.signal.aborted;
  }

  private set(patch: Partial<PollerStatus<T>>) {
    this.status = {...this.status, ...patch};
    for (const l of this.stateListeners) {
      try {
        l(this.status);
      } catch (error) {
        (this.options.onListenerError ?? rethrow)(error);
      }
    }
  }

  start(): void {
    if (this.status.state !== 'idle') return;
    void this.tick();
  }

  /**
   * Poll now, whatever the schedule: while waiting or retrying (never a longer wait), after a final error (the
   * way out of it), and while paused (one poll; polling stays paused). Does nothing while a live request is out.
   */
  refresh(): void {
    if (this.status.state === 'stopped' || this.busy) return;
    void this.tick();
  }

  pause(): void {
    if (this.status.state === 'stopped' || this.paused) return;
    this.paused = true;
    this.clearTimer();
    this.abortInFlight();
    this.set({state: 'paused', fetching: false, nextPollAt: null});
  }

  /** Leaves pause and polls at once (unless a refresh made while paused is still in flight: its answer counts). */
  resume(): void {
    if (!this.paused || this.status.state === 'stopped') return;
    this.paused = false;
    if (this.busy) this.set({state: 'fetching'});
    else void this.tick();
  }

  stop(): void {
    this.clearTimer();
    this.abortInFlight();
    this.set({state: 'stopped', fetching: false, nextPollAt: null});
    this.options.onStop?.();
  }

  private abortInFlight() {
    this.inFlight?.abort();
    this.inFlight = null;
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The one place a timer is made: whatever was scheduled before is cleared first. */
  private schedule(delayMs: number, from: number): number {
    this.clearTimer();
    const delay = clampDelay(delayMs, this.options.maxDelayMs ?? MAX_DELAY_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delay);
    return from + delay;
  }

  private emit(outcome: PollOutcome<T>) {
    for (const l of this.listeners) {
      try {
        l(outcome, this.status);
      } catch (error) {
        (this.options.onListenerError ?? rethrow)(error);
      }
    }
  }

  private async tick(): Promise<void> {
    if (this.busy || this.status.state === 'stopped') return;
    this.clearTimer();
    const controller = new AbortController();
    this.inFlight = controller;
    this.set({state: this.paused ? 'paused' : 'fetching', fetching: true, nextPollAt: null});
    let loaded: Loaded<T> | null = null;
    let caught: unknown = null;
    try {
      loaded = await this.options.load(controller.signal);
    } catch (error) {
      caught = error;
    }
    // Paused, stopped or superseded meanwhile: this answer is not wanted.
    if (controller.signal.aborted || this.inFlight !== controller) return;
    this.inFlight = null;
    const at = this.now();
    let outcome: PollOutcome<T>;
    if (loaded) {
      const nextPollAt = this.paused ? null : this.schedule(this.okDelay(loaded.rateLimit, at), at);
      this.set({
        state: this.paused ? 'paused' : 'waiting', fetching: false, nextPollAt,
        last: loaded.value, lastOkAt: at, lastError: null, failures: 0, stale: false, latencyMs: loaded.latencyMs, rateLimit: loaded.rateLimit,
      });
      outcome = {kind: 'ok', value: loaded.value, latencyMs: loaded.latencyMs, rateLimit: loaded.rateLimit, at, nextPollAt};
    } else {
      if (caught instanceof AbortedError) return;
      const error = caught instanceof DataFastError ? caught : new DataFastError('malformed', String((caught as Error)?.message ?? caught), {cause: caught});
      const failures = this.status.failures + 1;
      const final = isFinal(error);
      const nextPollAt = final || this.paused ? null : this.schedule(this.retryDelay(error, failures, at), at);
      this.set({
        state: this.paused ? 'paused' : final ? 'failed' : 'retrying', fetching: false, nextPollAt,
        lastError: error, failures, stale: true, rateLimit: error.rateLimit ?? this.status.rateLimit,
      });
      outcome = {kind: 'error', error, attempt: failures, at, final, nextPollAt};
    }
    // Outside any try: a listener that throws can neither be taken for a failed poll nor schedule a second timer.
    this.emit(outcome);
  }

  /** The interval, stretched when the rate-limit headers say the budget is spent (clamped in schedule()). */
  private okDelay(rateLimit: RateLimit | null, now: number): number {
    if (rateLimit && rateLimit.remaining === 0 && rateLimit.resetAt !== null) return Math.max(this.options.intervalMs, rateLimit.resetAt - now);
    return this.options.intervalMs;
  }

  /** Never sooner than the interval: being rate-limited or failing never makes the poller faster. */
  private retryDelay(error: DataFastError, attempt: number, now: number): number {
    return retryWait(error, attempt, {
      floorMs: this.options.intervalMs,
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      random: this.options.random,
      now,
      maxMs: this.options.maxDelayMs,
    });
  }
}
