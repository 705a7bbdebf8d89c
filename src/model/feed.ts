import {lineageFrom} from './lineage.js';
import type {Feed, Fresh, GoalEvent, Payment, RevenueTotal, SeenIds, Snapshot} from './types.js';

// The API returns only the last 10 minutes; a monitor left open for days keeps a bounded history. The caps
// bound what is kept from earlier polls only: the latest answer is always kept whole, the revenue totals come
// from the whole answer, and "new" is measured against a separate, larger set of ids seen so far.
export const EVENT_HISTORY = 300;
export const PAYMENT_HISTORY = 200;
/** Ids remembered per kind (events, payments) for "new": the most recently seen. */
export const SEEN_IDS = 20_000;
/** DataFast's realtime window: revenue is summed over it. */
export const REVENUE_WINDOW_MS = 10 * 60 * 1000;

const time = (iso: string | null): number => {
  const t = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * Newest first, deduplicated by id (the newer copy wins), at most `limit` — but never fewer than the incoming
 * list holds: history is what gets dropped, not the latest answer.
 */
export function mergeById<T extends {id: string; timestamp: string | null}>(
  incoming: readonly T[],
  history: readonly T[],
  limit: number,
): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const item of [...incoming, ...history]) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    merged.push(item);
  }
  // A stable sort keeps the API's order for equal or missing timestamps.
  merged.sort((a, b) => time(b.timestamp) - time(a.timestamp));
  if (merged.length <= limit) return merged;
  const current = new Set(incoming.map((i) => i.id));
  let room = Math.max(0, limit - current.size);
  return merged.filter((item) => current.has(item.id) || room-- > 0);
}

/**
 * Totals per currency of the payments in the 10-minute window before `fetchedAt`, the currency of most payments first. `current`
 * payments (the latest answer) count even without a timestamp: the API listed them as recent.
 */
export function revenueTotals(current: readonly Payment[], history: readonly Payment[], fetchedAt: string): RevenueTotal[] {
  const now = Date.parse(fetchedAt);
  const totals = new Map<string | null, number>();
  const payments = new Map<string | null, number>();
  const counted = new Set<string>();
  const add = (p: Payment, isCurrent: boolean) => {
    if (counted.has(p.id)) return;
    counted.add(p.id);
    if (p.amount === null) return;
    const t = p.timestamp === null ? NaN : Date.parse(p.timestamp);
    if (Number.isNaN(t) ? !isCurrent : now - t > REVENUE_WINDOW_MS) return;
    totals.set(p.currency, (totals.get(p.currency) ?? 0) + p.amount);
    payments.set(p.currency, (payments.get(p.currency) ?? 0) + 1);
  };
  for (const p of current) add(p, true);
  for (const p of history) add(p, false);
  // The currency most payments came in first (amounts in different currencies do not compare: ¥28,500 is not more
  // than $1,135), then the larger amount. Ties by currency code in code-unit order: the codes are ASCII (the same
  // order localeCompare gives them), and the first localeCompare of a process loads ICU's collation data (~2 MiB).
  // An unknown currency goes last, whatever its count.
  return [...totals].sort(byPaymentsThenAmount(payments, null));
}

/**
 * The order of revenue per currency: the currency of most payments first (`payments` counts them), `unknown` last,
 * then the larger amount, then the code. One order for the dashboard and `dftop status`.
 */
export function byPaymentsThenAmount<C extends string | null>(payments: ReadonlyMap<C, number>, unknown: C): (a: readonly [C, number], b: readonly [C, number]) => number {
  const count = (c: C) => (c === unknown ? -1 : payments.get(c) ?? 0);
  return (a, b) => count(b[0]) - count(a[0]) || b[1] - a[1] || byCode(String(a[0]), String(b[0]));
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ids of `items` not in `known` (all of them when nothing is known yet), and `known` updated: every id of
 * `items` becomes the most recent, and the oldest are forgotten beyond `SEEN_IDS` (or the answer's own size).
 */
function remember<T extends {id: string}>(items: readonly T[], known: ReadonlySet<string> | null): {fresh: Set<string>; seen: Set<string>} {
  const fresh = new Set<string>();
  const seen = new Set(known ?? []);
  for (const item of items) {
    if (!known || !known.has(item.id)) fresh.add(item.id);
    seen.delete(item.id);
    seen.add(item.id);
  }
  const cap = Math.max(SEEN_IDS, items.length);
  if (seen.size > cap) {
    let excess = seen.size - cap;
    for (const id of seen) {
      if (excess-- <= 0) break;
      seen.delete(id);
    }
  }
  return {fresh, seen};
}

function newIds<T extends {id: string}>(items: readonly T[], known: ReadonlySet<string> | null): Set<string> {
  const fresh = new Set<string>();
  for (const item of items) if (!known || !known.has(item.id)) fresh.add(item.id);
  return fresh;
}

const ids = <T extends {id: string}>(items: readonly T[]): Set<string> => new Set(items.map((i) => i.id));

/**
 * Visitors not in the previous poll. The same list (an unchanged body) has none; a list made from the previous
 * one (src/model/lineage.ts: the loader thread's, or BodyMemo.reuse's) says which arrived; any other is compared
 * id by id.
 */
function freshVisitors(snapshot: Snapshot, previous: Feed | null): Set<string> {
  if (!previous) return newIds(snapshot.visitors, null);
  if (snapshot.visitors === previous.visitors) return new Set();
  const lineage = lineageFrom(snapshot.visitors, previous.visitors);
  if (lineage) return new Set(lineage.arrived);
  return newIds(snapshot.visitors, ids(previous.visitors));
}

/** What the previous feed had seen (a feed built without `seen` falls back to its lists). */
function previouslySeen(previous: Feed | null): SeenIds | null {
  if (!previous) return null;
  return previous.seen ?? {events: ids(previous.events), payments: ids(previous.payments)};
}

/** Nothing new (a first poll, a snapshot that stands alone). */
export const NOTHING_NEW: Fresh = {visitors: new Set(), events: new Set(), payments: new Set()};

/**
 * What the screen marks new ("+", a lit marker or country): what came since the last poll. The first poll has no
 * last poll, so nothing on it is marked (its `fresh` holds everything, for whoever counts what was seen).
 */
export function newSinceLastPoll(feed: Feed | null): Fresh {
  return feed && feed.polls > 1 ? feed.fresh : NOTHING_NEW;
}

/**
 * Folds one poll into the feed. A visitor not in the previous poll is fresh for this poll only; an event or
 * payment is fresh when its id was never seen before (not merely absent from the capped history). On the
 * first poll everything is fresh, since everything is seen for the first time.
 */
export function applySnapshot(previous: Feed | null, snapshot: Snapshot): Feed {
  const known = previouslySeen(previous);
  const events = remember(snapshot.events, known?.events ?? null);
  const payments = remember(snapshot.payments, known?.payments ?? null);
  const history = previous?.payments ?? [];
  return {
    ...snapshot,
    events: mergeById<GoalEvent>(snapshot.events, previous?.events ?? [], EVENT_HISTORY),
    payments: mergeById<Payment>(snapshot.payments, history, PAYMENT_HISTORY),
    fresh: {
      visitors: freshVisitors(snapshot, previous),
      events: events.fresh,
      payments: payments.fresh,
    },
    previousCount: previous ? previous.count : null,
    polls: (previous?.polls ?? 0) + 1,
    revenue: revenueTotals(snapshot.payments, history, snapshot.fetchedAt),
    seen: {events: events.seen, payments: payments.seen},
  };
}
