import type {Conversion, Feed, GoalEvent, Payment, RevenueTotal, SeenIds, Snapshot, Utm, Visitor} from './types.js';

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
 * Totals per currency of the payments in the 10-minute window before `fetchedAt`, largest first. `current`
 * payments (the latest answer) count even without a timestamp: the API listed them as recent.
 */
export function revenueTotals(current: readonly Payment[], history: readonly Payment[], fetchedAt: string): RevenueTotal[] {
  const now = Date.parse(fetchedAt);
  const totals = new Map<string | null, number>();
  const counted = new Set<string>();
  const add = (p: Payment, isCurrent: boolean) => {
    if (counted.has(p.id)) return;
    counted.add(p.id);
    if (p.amount === null) return;
    const t = p.timestamp === null ? NaN : Date.parse(p.timestamp);
    if (Number.isNaN(t) ? !isCurrent : now - t > REVENUE_WINDOW_MS) return;
    totals.set(p.currency, (totals.get(p.currency) ?? 0) + p.amount);
  };
  for (const p of current) add(p, true);
  for (const p of history) add(p, false);
  return [...totals].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

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

/** What the previous feed had seen (a feed built without `seen` falls back to its lists). */
function previouslySeen(previous: Feed | null): SeenIds | null {
  if (!previous) return null;
  return previous.seen ?? {events: ids(previous.events), payments: ids(previous.payments)};
}

// Unchanged items keep their identity from one poll to the next: a visitor, event or payment whose data is
// exactly what the previous poll had is the previous poll's object again, so what is made from it (a list row,
// a label) can be kept by identity instead of made again every poll. Every field is compared; the feed's tests
// change each field in turn to be sure none is left out.

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameUtm(a: Utm | null, b: Utm | null): boolean {
  if (a === null || b === null) return a === b;
  return a.source === b.source && a.medium === b.medium && a.campaign === b.campaign && a.content === b.content && a.term === b.term;
}

function sameConversion(a: Conversion | null, b: Conversion | null): boolean {
  if (a === null || b === null) return a === b;
  return a.score === b.score && a.confidence === b.confidence && a.isBaseline === b.isBaseline && a.expectedValue === b.expectedValue &&
    a.conversionRate === b.conversionRate && a.averageValue === b.averageValue && sameList(a.dimensionMatches, b.dimensionMatches);
}

export function sameVisitor(a: Visitor, b: Visitor): boolean {
  return a.id === b.id && a.city === b.city && a.region === b.region && a.countryCode === b.countryCode && a.lat === b.lat && a.lon === b.lon &&
    a.browser === b.browser && a.os === b.os && a.device === b.device && a.url === b.url && a.referrer === b.referrer &&
    a.sessionStart === b.sessionStart && a.visitCount === b.visitCount && a.name === b.name && a.nameIsRandom === b.nameIsRandom &&
    a.email === b.email && a.isCustomer === b.isCustomer && sameUtm(a.utm, b.utm) && sameConversion(a.conversion, b.conversion);
}

function sameData(a: Record<string, string | null>, b: Record<string, string | null>): boolean {
  let n = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
    n++;
  }
  for (const key in b) if (--n < 0 || !Object.hasOwn(a, key)) return false;
  return n === 0;
}

export function sameEvent(a: GoalEvent, b: GoalEvent): boolean {
  return a.id === b.id && a.type === b.type && a.visitorId === b.visitorId && a.timestamp === b.timestamp && a.path === b.path &&
    a.countryCode === b.countryCode && a.name === b.name && a.amount === b.amount && sameData(a.data, b.data);
}

export function samePayment(a: Payment, b: Payment): boolean {
  return a.id === b.id && a.timestamp === b.timestamp && a.name === b.name && a.email === b.email && a.amount === b.amount &&
    a.currency === b.currency && a.renewal === b.renewal && a.isNew === b.isNew;
}

/** `items` with every item equal to the previous poll's item of the same id replaced by that object. */
export function keepUnchanged<T extends {id: string}>(items: T[], previous: readonly T[] | undefined, same: (a: T, b: T) => boolean): T[] {
  if (!previous || previous.length === 0 || items.length === 0) return items;
  const before = new Map<string, T>();
  for (const item of previous) if (!before.has(item.id)) before.set(item.id, item);
  let out: T[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const old = before.get(items[i].id);
    if (old && old !== items[i] && same(old, items[i])) (out ??= items.slice())[i] = old;
  }
  return out ?? items;
}

/**
 * Folds one poll into the feed. A visitor not in the previous poll is fresh for this poll only; an event or
 * payment is fresh when its id was never seen before (not merely absent from the capped history). On the
 * first poll everything is fresh, since everything is seen for the first time.
 */
export function applySnapshot(previous: Feed | null, latest: Snapshot): Feed {
  const snapshot: Snapshot = previous
    ? {
        ...latest,
        visitors: keepUnchanged(latest.visitors, previous.visitors, sameVisitor),
        events: keepUnchanged(latest.events, previous.events, sameEvent),
        payments: keepUnchanged(latest.payments, previous.payments, samePayment),
      }
    : latest;
  const known = previouslySeen(previous);
  const events = remember(snapshot.events, known?.events ?? null);
  const payments = remember(snapshot.payments, known?.payments ?? null);
  const history = previous?.payments ?? [];
  return {
    ...snapshot,
    events: mergeById<GoalEvent>(snapshot.events, previous?.events ?? [], EVENT_HISTORY),
    payments: mergeById<Payment>(snapshot.payments, history, PAYMENT_HISTORY),
    fresh: {
      visitors: newIds(snapshot.visitors, previous ? ids(previous.visitors) : null),
      events: events.fresh,
      payments: payments.fresh,
    },
    previousCount: previous ? previous.count : null,
    polls: (previous?.polls ?? 0) + 1,
    revenue: revenueTotals(snapshot.payments, history, snapshot.fetchedAt),
    seen: {events: events.seen, payments: payments.seen},
  };
}
