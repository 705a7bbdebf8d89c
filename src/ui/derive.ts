import {REVENUE_WINDOW_MS, revenueTotals} from '../model/feed.js';
import type {Feed, GoalEvent, Payment, RevenueTotal, Visitor} from '../model/types.js';
import type {Sort} from './state.js';

// Derived lists, computed once per poll (or sort/filter change), never per frame.

export const WINDOW_MS = REVENUE_WINDOW_MS;

const text = (v: string | null) => (v ? v.toLowerCase() : '');

function matchesVisitor(v: Visitor, needle: string): boolean {
  return (
    text(v.countryCode).includes(needle) || text(v.city).includes(needle) || text(v.url).includes(needle) ||
    text(v.name).includes(needle) || text(v.browser).includes(needle) || text(v.os).includes(needle) ||
    text(v.device).includes(needle) || text(v.referrer).includes(needle) || text(v.region).includes(needle)
  );
}

function matchesEvent(e: GoalEvent, needle: string): boolean {
  return text(e.type).includes(needle) || text(e.path).includes(needle) || text(e.countryCode).includes(needle) || text(e.name).includes(needle);
}

const startTime = (v: Visitor) => {
  const t = v.sessionStart ? Date.parse(v.sessionStart) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/** Descending by a numeric key computed once per visitor, stable (10,000 visitors in a few milliseconds). */
function sortByNumber(visitors: readonly Visitor[], key: (v: Visitor) => number): Visitor[] {
  const keys = new Float64Array(visitors.length);
  const order = new Uint32Array(visitors.length);
  for (let i = 0; i < visitors.length; i++) {
    keys[i] = key(visitors[i]);
    order[i] = i;
  }
  order.sort((a, b) => keys[b] - keys[a] || a - b);
  return Array.from(order, (i) => visitors[i]);
}

function sortByText(visitors: readonly Visitor[], key: (v: Visitor) => string): Visitor[] {
  const keyed = visitors.map((v, i) => ({v, k: key(v), i}));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  return keyed.map((x) => x.v);
}

export function sortVisitors(visitors: readonly Visitor[], sort: Sort): Visitor[] {
  if (sort === 'score') return sortByNumber(visitors, (v) => v.conversion?.score ?? -1);
  if (sort === 'country') return sortByText(visitors, (v) => `${v.countryCode ?? '~~'}\u0000${v.city ?? '~'}`);
  return sortByNumber(visitors, startTime);
}

/** Visitors with a score, best first; a more confident score first among equals. */
export function rankScores(visitors: readonly Visitor[]): Visitor[] {
  const scored = visitors.filter((v) => v.conversion?.score != null);
  return sortByNumber(scored, (v) => v.conversion!.score! * 10 + (v.conversion!.confidence ?? 0));
}

export type Derived = {
  visitors: Visitor[];
  scores: Visitor[];
  events: GoalEvent[];
  payments: Payment[];
  /** Payment totals per currency within the API's 10-minute window, largest first (feed.revenue: the whole answer, not the capped list). */
  revenue: RevenueTotal[];
  /** Countries of events and payments new with this poll. */
  eventCountries: Set<string>;
  paymentCountries: Set<string>;
};

export function derive(feed: Feed | null, sort: Sort, filter: string): Derived {
  if (!feed) return {visitors: [], scores: [], events: [], payments: [], revenue: [], eventCountries: new Set(), paymentCountries: new Set()};
  const needle = filter.trim().toLowerCase();
  const visitors = needle ? feed.visitors.filter((v) => matchesVisitor(v, needle)) : feed.visitors;
  const scores = rankScores(visitors);
  const events = needle ? feed.events.filter((e) => matchesEvent(e, needle)) : feed.events;
  const eventCountries = new Set<string>();
  for (const e of feed.events) if (feed.fresh.events.has(e.id) && e.countryCode) eventCountries.add(e.countryCode);
  // Payments carry no country: a new payment lights the country of the visitor it matches by email or name.
  const paymentCountries = new Set<string>();
  for (const p of feed.payments) {
    if (!feed.fresh.payments.has(p.id)) continue;
    const v = feed.visitors.find((x) => (p.email && x.email === p.email) || (p.name && x.name === p.name));
    if (v?.countryCode) paymentCountries.add(v.countryCode);
  }
  return {
    visitors: sortVisitors(visitors, sort),
    scores,
    events,
    payments: feed.payments,
    revenue: feed.revenue ?? revenueTotals(feed.payments, [], feed.fetchedAt),
    eventCountries,
    paymentCountries,
  };
}
