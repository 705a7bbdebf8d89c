import type {RateLimit} from './errors.js';
import {DataFastError} from './errors.js';
import {isFinalProfileFailure, profileFailure, type ProfileFailure} from './visitor.js';
import {clampDelay} from './retry.js';

// Visitor profiles for the detail view: one request at a time, cached per visitor for the session
// (asked again when the visitor's current page changes or the answer is a minute old), and spent from the
// same rate-limit budget as the poller, so a profile never makes a poll late or eats its last requests.

/** What the budget needs to know of the poller; PollerStatus has these fields. */
export type PollView = {
  state: string;
  nextPollAt: number | null;
  rateLimit: RateLimit | null;
  /** A poll request is out (PollerStatus.fetching); `state === 'fetching'` says the same. */
  fetching?: boolean;
  lastError?: {kind: string} | null;
  /** The poll interval (PollerStatus.intervalMs): a guard longer than half of it would leave no gap at all. */
  intervalMs?: number;
};

export type RateBudget = {
  /** May a profile request go out at `now`? */
  canSpend(now: number): boolean;
  /** How long until it is worth asking again (ms), when it may not. */
  retryIn(now: number): number;
  /** Rate-limit headers of a profile answer, or a 429's Retry-After. */
  note(rateLimit: RateLimit | null, retryAfterMs: number | null, now: number): void;
};

export type BudgetOptions = {
  /** No profile request when a poll is due within this long (default 1 s; at most half the poll interval). */
  guardMs?: number;
  /** No profile request when the last rate-limit headers left this many requests or fewer (default 1). */
  minRemaining?: number;
};

/**
 * The poller's rate budget shared with the profiles: a profile request goes out only while no poll is out,
 * no poll is due within `guardMs`, the poller is not waiting out a 429, and the last rate-limit headers
 * (the poller's or a profile answer's) left more than `minRemaining` requests (until their reset).
 */
export function rateBudget(poll: () => PollView, options: BudgetOptions = {}): RateBudget {
  const guardMs = options.guardMs ?? 1000;
  const minRemaining = options.minRemaining ?? 1;
  let own: {rateLimit: RateLimit; at: number} | null = null;
  let blockedUntil = 0;
  const exhausted = (rl: RateLimit | null, now: number, at: number | null): number | null => {
    if (!rl || rl.remaining === null || rl.remaining > minRemaining) return null;
    if (rl.resetAt !== null) return rl.resetAt > now ? rl.resetAt : null;
    // No reset time: the poller's headers hold until its next answer replaces them; ours for a minute.
    return at === null ? now + 1000 : at + 60_000 > now ? at + 60_000 : null;
  };
  // Each blocker as the time it lifts (a guess where it depends on the poller).
  const blockers = (now: number): number[] => {
    const p = poll();
    const out: number[] = [];
    if (p.fetching || p.state === 'fetching') out.push(now + 500);
    // At a short interval (0.5 s) a poll is always due within a second: the guard is then half the interval.
    const guard = p.intervalMs ? Math.min(guardMs, p.intervalMs / 2) : guardMs;
    if (p.nextPollAt !== null && p.nextPollAt - now < guard) out.push(p.nextPollAt + Math.min(500, guard / 2));
    if (p.state === 'retrying' && p.lastError?.kind === 'rate-limited') out.push(Math.max(now, p.nextPollAt ?? now) + 500);
    const polled = exhausted(p.rateLimit, now, null);
    if (polled !== null) out.push(polled);
    const ours = own ? exhausted(own.rateLimit, now, own.at) : null;
    if (ours !== null) out.push(ours);
    if (blockedUntil > now) out.push(blockedUntil);
    return out;
  };
  return {
    canSpend: (now) => blockers(now).length === 0,
    retryIn: (now) => {
      const until = blockers(now);
      return until.length ? Math.max(50, Math.min(60_000, Math.max(...until) - now)) : 0;
    },
    note: (rateLimit, retryAfterMs, now) => {
      if (rateLimit) own = {rateLimit, at: now};
      if (retryAfterMs !== null) blockedUntil = Math.max(blockedUntil, now + retryAfterMs);
    },
  };
}

/** What the detail knows of one visitor's profile. */
export type ProfileEntry<T> = {
  /** The last good answer; kept on screen while it is asked again. */
  value: T | null;
  loadedAt: number | null;
  /** The visitor's current page when the profile was last asked for. */
  page: string | null;
  /** 'queued': waiting for its turn or for the budget; 'loading': the request is out. */
  pending: 'queued' | 'loading' | null;
  /** Why the last attempt failed (null after a success). */
  failure: ProfileFailure | null;
  error: unknown;
  failedAt: number | null;
};

export type Loaded<T> = {value: T; rateLimit: RateLimit | null};

export type ProfileStoreOptions<T> = {
  load: (visitorId: string, signal: AbortSignal) => Promise<Loaded<T>>;
  budget: RateBudget;
  now?: () => number;
  /** A profile is asked again after this long (default a minute). */
  maxAgeMs?: number;
  /** A failure that may mend (network, server, rate limit) is tried again after this long (default 15 s). */
  retryMs?: number;
  /** Visitors waiting for their turn, the most recently wanted first (default 3: older wishes are dropped). */
  queueLimit?: number;
  /** Timers, replaceable in tests (default setTimeout/clearTimeout, unref'd). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

/**
 * Profiles per visitor for the session. `want(id, page)` is cheap: call it whenever the detail shows a
 * visitor (on opening, on `n`/`N`, on every poll); it sends a request only when the profile is missing,
 * a minute old, or the visitor has moved to another page, and only when the budget allows.
 */
export class ProfileStore<T> {
  private readonly options: ProfileStoreOptions<T>;
  private readonly entries = new Map<string, ProfileEntry<T>>();
  private readonly listeners = new Set<() => void>();
  private queue: string[] = [];
  private inFlight: {id: string; controller: AbortController; done: Promise<void>} | null = null;
  private timer: unknown = null;
  private disposed = false;
  /** Set by a 401/403: no visitor's profile can be read with this key, so none is asked for again. */
  private refused: ProfileFailure | null = null;
  /** Requests sent so far. */
  requests = 0;

  constructor(options: ProfileStoreOptions<T>) {
    this.options = options;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  get(visitorId: string): ProfileEntry<T> | undefined {
    const entry = this.entries.get(visitorId);
    if (entry || !this.refused) return entry;
    return {value: null, loadedAt: null, page: null, pending: null, failure: this.refused, error: null, failedAt: null};
  }

  /** Goal names and the like come from here: every profile loaded so far. */
  *loaded(): Iterable<[string, T]> {
    for (const [id, e] of this.entries) if (e.value !== null) yield [id, e.value];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed() {
    for (const l of this.listeners) l();
  }

  /** Whether an entry needs asking (again) for a visitor now on `page`. */
  private stale(entry: ProfileEntry<T> | undefined, page: string | null, now: number): boolean {
    if (!entry) return true;
    if (entry.pending) return false;
    const {maxAgeMs = 60_000, retryMs = 15_000} = this.options;
    if (entry.failure !== null && entry.failedAt !== null) {
      if (isFinalProfileFailure(entry.failure)) return now - entry.failedAt >= maxAgeMs;
      return now - entry.failedAt >= retryMs;
    }
    if (entry.loadedAt === null) return true;
    return now - entry.loadedAt >= maxAgeMs || (page !== null && entry.page !== null && page !== entry.page);
  }

  /** The detail shows this visitor, now on `page` (the feed's current URL; null when it has left). */
  want(visitorId: string, page: string | null): void {
    if (this.disposed || this.refused) return;
    const now = this.now();
    const entry = this.entries.get(visitorId);
    if (entry?.pending === 'queued') {
      // The most recently wanted goes first.
      this.queue = [visitorId, ...this.queue.filter((id) => id !== visitorId)];
    } else if (this.stale(entry, page, now)) {
      const next: ProfileEntry<T> = entry ? {...entry, pending: 'queued', page: page ?? entry.page} : {value: null, loadedAt: null, page, pending: 'queued', failure: null, error: null, failedAt: null};
      this.entries.set(visitorId, next);
      this.queue = [visitorId, ...this.queue.filter((id) => id !== visitorId)];
      const limit = this.options.queueLimit ?? 3;
      for (const dropped of this.queue.splice(limit)) {
        const e = this.entries.get(dropped);
        if (e) this.entries.set(dropped, {...e, pending: null});
      }
      this.changed();
    } else return;
    this.pump();
  }

  /** Sends the next queued request when nothing is out and the budget allows; call it when the poller's state changes. */
  pump(): void {
    if (this.disposed || this.inFlight || this.queue.length === 0) return;
    const now = this.now();
    const budget = this.options.budget;
    if (!budget.canSpend(now)) {
      this.wake(budget.retryIn(now));
      return;
    }
    const id = this.queue.shift()!;
    const controller = new AbortController();
    const entry = this.entries.get(id)!;
    this.entries.set(id, {...entry, pending: 'loading'});
    this.requests++;
    const done = this.options.load(id, controller.signal).then(
      (loaded) => {
        const at = this.now();
        budget.note(loaded.rateLimit, null, at);
        const current = this.entries.get(id)!;
        this.entries.set(id, {...current, value: loaded.value, loadedAt: at, pending: null, failure: null, error: null, failedAt: null});
      },
      (error: unknown) => {
        const at = this.now();
        const failure = profileFailure(error);
        if (error instanceof DataFastError) budget.note(error.rateLimit, error.retryAfterMs ?? (failure === 'rate-limited' ? 10_000 : null), at);
        const current = this.entries.get(id)!;
        this.entries.set(id, {...current, pending: null, failure, error, failedAt: at});
        if (failure === 'permission' || failure === 'auth') this.refused = failure;
      },
    );
    this.inFlight = {
      id,
      controller,
      done: done.then(() => {
        this.inFlight = null;
        if (this.disposed) return;
        this.changed();
        this.pump();
      }),
    };
    this.changed();
  }

  private wake(ms: number) {
    if (this.timer !== null) return;
    const set = this.options.setTimer ?? ((fn: () => void, delay: number) => setTimeout(fn, delay).unref());
    this.timer = set(() => {
      this.timer = null;
      this.pump();
    }, clampDelay(ms));
  }

  /** Resolves once no request is out (tests; the app never waits). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight.done;
  }

  dispose(): void {
    this.disposed = true;
    this.inFlight?.controller.abort();
    if (this.timer !== null) (this.options.clearTimer ?? ((h: unknown) => clearTimeout(h as NodeJS.Timeout)))(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
