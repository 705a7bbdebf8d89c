import type {Feed, GoalEvent, Payment, Snapshot} from './types.js';

// The API returns only the last 10 minutes; a monitor left open for days keeps a bounded history.
export const EVENT_HISTORY = 300;
export const PAYMENT_HISTORY = 200;

const time = (iso: string | null): number => {
  const t = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

/** Newest first, deduplicated by id (the newer copy wins), at most `limit`. */
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
  return merged.length > limit ? merged.slice(0, limit) : merged;
}

function newIds<T extends {id: string}>(items: readonly T[], known: ReadonlySet<string> | null): Set<string> {
  const fresh = new Set<string>();
  for (const item of items) if (!known || !known.has(item.id)) fresh.add(item.id);
  return fresh;
}

const ids = <T extends {id: string}>(items: readonly T[]): Set<string> => new Set(items.map((i) => i.id));

/**
 * Folds one poll into the feed. A visitor, event or payment not in the previous poll is fresh for this poll
 * only; on the first poll everything is fresh, since everything is seen for the first time.
 */
export function applySnapshot(previous: Feed | null, snapshot: Snapshot): Feed {
  const events = mergeById<GoalEvent>(snapshot.events, previous?.events ?? [], EVENT_HISTORY);
  const payments = mergeById<Payment>(snapshot.payments, previous?.payments ?? [], PAYMENT_HISTORY);
  return {
    ...snapshot,
    events,
    payments,
    fresh: {
      visitors: newIds(snapshot.visitors, previous ? ids(previous.visitors) : null),
      events: newIds(snapshot.events, previous ? ids(previous.events) : null),
      payments: newIds(snapshot.payments, previous ? ids(previous.payments) : null),
    },
    previousCount: previous ? previous.count : null,
    polls: (previous?.polls ?? 0) + 1,
  };
}
