import {AbortedError} from './client.js';
import {DataFastError, isFinal, type RateLimit} from './errors.js';
import {backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy} from './retry.js';

export type Loaded<T> = {value: T; latencyMs: number; rateLimit: RateLimit | null};

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
};

type Listener<T> = (outcome: PollOutcome<T>, status: PollerStatus<T>) => void;

/**
 * Polls on an interval with never more than one request in flight. Transient failures back off
 * (Retry-After first); final ones (401/403/404/400) stop until `refresh()`. The last good value is kept.
 */
export class Poller<T> {
  private readonly options: PollerOptions<T>;
  private readonly listeners = new Set<Listener<T>>();
  private readonly stateListeners = new Set<(status: PollerStatus<T>) => void>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: AbortController | null = null;
  private status: PollerStatus<T>;

  constructor(options: PollerOptions<T>) {
    this.options = options;
    this.status = {
      state: 'idle',
      intervalMs: options.intervalMs,
      last: null,
      lastOkAt: null,
      lastError: null,
      failures: 0,
      latencyMs: null,
      rateLimit: null,
      nextPollAt: null,
    };
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

  private set(patch: Partial<PollerStatus<T>>) {
    this.status = {...this.status, ...patch};
    for (const l of this.stateListeners) l(this.status);
  }

  start(): void {
    if (this.status.state !== 'idle') return;
    void this.tick();
  }

  /** Poll now, whatever the schedule; also the way out of a final error. */
  refresh(): void {
    if (this.status.state === 'stopped' || this.inFlight) return;
    this.clearTimer();
    void this.tick();
  }

  pause(): void {
    if (this.status.state === 'stopped' || this.status.state === 'paused') return;
    this.clearTimer();
    this.inFlight?.abort();
    this.set({state: 'paused', nextPollAt: null});
  }

  resume(): void {
    if (this.status.state !== 'paused') return;
    void this.tick();
  }

  stop(): void {
    this.clearTimer();
    this.inFlight?.abort();
    this.set({state: 'stopped', nextPollAt: null});
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number, state: PollState) {
    const nextPollAt = this.now() + delayMs;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.set({state, nextPollAt});
    return nextPollAt;
  }

  private emit(outcome: PollOutcome<T>) {
    for (const l of this.listeners) l(outcome, this.status);
  }

  private async tick(): Promise<void> {
    if (this.inFlight || this.status.state === 'stopped') return;
    this.timer = null;
    const controller = new AbortController();
    this.inFlight = controller;
    this.set({state: 'fetching', nextPollAt: null});
    try {
      const loaded = await this.options.load(controller.signal);
      this.inFlight = null;
      if (controller.signal.aborted) return;
      const at = this.now();
      this.status = {...this.status, last: loaded.value, lastOkAt: at, lastError: null, failures: 0, latencyMs: loaded.latencyMs, rateLimit: loaded.rateLimit};
      const nextPollAt = this.schedule(this.okDelay(loaded.rateLimit), 'waiting');
      this.emit({kind: 'ok', value: loaded.value, latencyMs: loaded.latencyMs, rateLimit: loaded.rateLimit, at, nextPollAt});
    } catch (caught) {
      this.inFlight = null;
      if (caught instanceof AbortedError || controller.signal.aborted) return;
      const error = caught instanceof DataFastError ? caught : new DataFastError('malformed', String((caught as Error)?.message ?? caught), {cause: caught});
      const failures = this.status.failures + 1;
      this.status = {...this.status, lastError: error, failures, rateLimit: error.rateLimit ?? this.status.rateLimit};
      const final = isFinal(error);
      let nextPollAt: number | null = null;
      if (final) this.set({state: 'failed', nextPollAt: null});
      else nextPollAt = this.schedule(this.retryDelay(error, failures), 'retrying');
      this.emit({kind: 'error', error, attempt: failures, at: this.now(), final, nextPollAt});
    }
  }

  /** The interval, stretched when the rate-limit headers say the budget is spent. */
  private okDelay(rateLimit: RateLimit | null): number {
    if (rateLimit && rateLimit.remaining === 0 && rateLimit.resetAt !== null) {
      return Math.max(this.options.intervalMs, rateLimit.resetAt - this.now());
    }
    return this.options.intervalMs;
  }

  private retryDelay(error: DataFastError, attempt: number): number {
    if (error.retryAfterMs !== null) return Math.max(error.retryAfterMs, 500);
    if (error.kind === 'rate-limited' && error.rateLimit?.resetAt) return Math.max(500, error.rateLimit.resetAt - this.now());
    const backoff = backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    return Math.max(backoff, Math.min(this.options.intervalMs, 1000));
  }
}
