import {filterContext, isActive, matchEvent, matchVisitor, NO_FILTER, parseFilter, type Filter, type FilterContext} from '../model/filter.js';
import {isoTime} from '../model/iso-time.js';
import {computeNow, nowRows, type NowRow, type NowStats} from '../model/now.js';
import {newSinceLastPoll, REVENUE_WINDOW_MS, revenueTotals} from '../model/feed.js';
import {lineageFrom, noteLineageByIdentity} from '../model/lineage.js';
import type {Feed, GoalEvent, Payment, RevenueTotal, Visitor} from '../model/types.js';
import {countryPoint} from '../map/atlas.js';
import type {ListPane, OpenTarget, Sort, UiState} from './state.js';

// Derived lists, computed once per poll (or sort/filter change), never per frame.

export const WINDOW_MS = REVENUE_WINDOW_MS;

/** Rows per section the Now pane shows and its cursor moves over. */
export const NOW_PANE_ROWS = 8;

export {isoTime};

const startTime = (v: Visitor) => {
  const t = v.sessionStart ? isoTime(v.sessionStart) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * Positions 0..n-1 ordered by `keys` descending, equal keys in position order (a stable sort), without a
 * comparison callback: the distinct keys are sorted natively, each position is ranked by a binary search and
 * placed by a counting sort. NaN counts as -Infinity.
 */
export function orderDescending(keys: Float64Array): Uint32Array {
  const n = keys.length;
  for (let i = 0; i < n; i++) if (keys[i] !== keys[i]) keys[i] = -Infinity;
  const distinct = keys.slice().sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (u === 0 || distinct[i] !== distinct[u - 1]) distinct[u++] = distinct[i];
  const rank = new Uint32Array(n);
  const start = new Uint32Array(u + 1);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    const r = u - 1 - lo; // 0 for the largest key
    rank[i] = r;
    start[r + 1]++;
  }
  for (let r = 0; r < u; r++) start[r + 1] += start[r];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[start[rank[i]]++] = i;
  return order;
}

/** Countries with the most visitors first, then by country code, then by city (unknowns last). */
function sortByCountry(visitors: readonly Visitor[]): Visitor[] {
  const perCountry = new Map<string, number>();
  for (const v of visitors) if (v.countryCode) perCountry.set(v.countryCode, (perCountry.get(v.countryCode) ?? 0) + 1);
  const keyed = visitors.map((v, i) => ({v, n: v.countryCode ? perCountry.get(v.countryCode)! : 0, k: `${v.countryCode ?? '~~'}\u0000${v.city ?? '~'}`, i}));
  keyed.sort((a, b) => b.n - a.n || (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  return keyed.map((x) => x.v);
}

/** Visitors in the order `sort` shows them, worked out in full (derive updates from the changes when it can). */
export function sortVisitors(visitors: readonly Visitor[], sort: Sort): Visitor[] {
  if (sort === 'country') return sortByCountry(visitors);
  return listOf(sortedInFull(visitors, sort, sort === 'score' ? visitorScore : startTime));
}

const visitorScore = (v: Visitor) => v.conversion?.score ?? -1;
const isScored = (v: Visitor) => v.conversion?.score != null;
const rankKey = (v: Visitor) => v.conversion!.score! * 10 + (v.conversion!.confidence ?? 0);

/** Visitors with a score, best first; a more confident score first among equals. */
export function rankScores(visitors: readonly Visitor[]): Visitor[] {
  return listOf(sortedInFull(visitors, 'scores', rankKey, isScored));
}

/**
 * A sorted list kept for the next poll: the positions in `source` of the visitors listed, in order, and every
 * visitor's key (by position in `source`).
 */
export type SortMemo = {source: readonly Visitor[]; kind: string; indices: Uint32Array; keys: Float64Array};

const clean = (k: number) => (k !== k ? -Infinity : k);

/** The visitors of `source` that `include` takes, by `key` descending (stable), in full. */
function sortedInFull(source: readonly Visitor[], kind: string, key: (v: Visitor) => number, include?: (v: Visitor) => boolean): SortMemo {
  const keys = new Float64Array(source.length);
  let indices: Uint32Array;
  if (!include) {
    for (let i = 0; i < source.length; i++) keys[i] = clean(key(source[i]));
    indices = orderDescending(keys.slice());
  } else {
    const taken: number[] = [];
    for (let i = 0; i < source.length; i++) {
      if (!include(source[i])) continue;
      keys[i] = clean(key(source[i]));
      taken.push(i);
    }
    const takenKeys = Float64Array.from(taken, (i) => keys[i]);
    indices = Uint32Array.from(orderDescending(takenKeys), (k) => taken[k]);
  }
  return {source, kind, indices, keys};
}

/**
 * The same as sortedInFull, from the previous poll's sorted list when `source` was made from that one's source
 * (src/model/lineage.ts) keeping its visitors in the same relative order: the kept visitors are already in order
 * (same objects, same keys; ties go by position, which kept visitors keep relative to each other), the few that
 * came are sorted and merged in. Otherwise in full.
 */
export function sortedFrom(previous: SortMemo | undefined, source: readonly Visitor[], kind: string, key: (v: Visitor) => number, include?: (v: Visitor) => boolean): SortMemo {
  if (!previous || previous.kind !== kind) return sortedInFull(source, kind, key, include);
  if (previous.source === source) return previous;
  const lineage = lineageFrom(source, previous.source);
  if (!lineage) return sortedInFull(source, kind, key, include);
  const kept = lineage.kept;
  const n = source.length;
  const newPosition = new Int32Array(previous.source.length).fill(-1);
  const keys = new Float64Array(n);
  const added: number[] = [];
  let last = -1;
  for (let i = 0; i < n; i++) {
    const j = kept[i];
    if (j >= 0) {
      if (j < last) return sortedInFull(source, kind, key, include);
      last = j;
      newPosition[j] = i;
      keys[i] = previous.keys[j];
    } else if (!include || include(source[i])) {
      keys[i] = clean(key(source[i]));
      added.push(i);
    }
  }
  const addedOrder = orderDescending(Float64Array.from(added, (i) => keys[i]));
  const indices = new Uint32Array(previous.indices.length + added.length);
  let out = 0;
  let b = 0;
  const pushAddedBefore = (position: number, k: number) => {
    // Added visitors that sort before a kept one at `position` with key `k`: a larger key, or an equal key earlier.
    while (b < addedOrder.length) {
      const p = added[addedOrder[b]];
      if (keys[p] > k || (keys[p] === k && p < position)) {
        indices[out++] = p;
        b++;
      } else break;
    }
  };
  for (let a = 0; a < previous.indices.length; a++) {
    const p = newPosition[previous.indices[a]];
    if (p < 0) continue;
    pushAddedBefore(p, keys[p]);
    indices[out++] = p;
  }
  while (b < addedOrder.length) indices[out++] = added[addedOrder[b++]];
  return {source, kind, indices: indices.subarray(0, out), keys};
}

const listOf = (memo: SortMemo): Visitor[] => {
  const out = new Array<Visitor>(memo.indices.length);
  for (let i = 0; i < memo.indices.length; i++) out[i] = memo.source[memo.indices[i]];
  return out;
};

export type Derived = {
  visitors: Visitor[];
  scores: Visitor[];
  events: GoalEvent[];
  payments: Payment[];
  /** Payment totals per currency within the API's 10-minute window, the currency of most payments first (feed.revenue: the whole answer, not the capped list). */
  revenue: RevenueTotal[];
  /** Countries of events and payments new with this poll. */
  eventCountries: Set<string>;
  paymentCountries: Set<string>;
  /** The parsed filter (NO_FILTER when none). */
  filter: Filter;
  /** Visitors on the site before filtering (the "of 75" in "12 of 75"). */
  totalVisitors: number;
  /** Events before filtering (and before "goals only"). */
  totalEvents: number;
  /** Events show goals only (pageviews hidden). */
  goalsOnly: boolean;
  /** What is hot now among the filtered visitors, and the rows the Now pane's cursor moves over. */
  now: NowStats;
  nowRows: NowRow[];
  /** At most this many rows of each section are in nowRows (absent: NOW_PANE_ROWS). */
  nowPerSection?: number;
  /** The poll these lists come from (0 before the first answer): pairs `now` with the next poll's deltas. */
  polls: number;
  /** The sorted lists in the form the next poll can update (sortedFrom). */
  sorted?: {visitors: SortMemo | null; scores: SortMemo};
  /** `now` and `nowRows` were left empty (DeriveOptions.now false): the next poll cannot count changes from them. */
  nowSkipped?: boolean;
};

export type DeriveOptions = {
  /** Hide pageviews in the events list. */
  goalsOnly?: boolean;
  /** The previous result: the Now pane's changes are counted against it (same filter, previous poll). */
  previous?: Derived | null;
  /** Goal names per visitor known from loaded visitor profiles, for `goal:`. */
  profileGoals?: ReadonlyMap<string, readonly string[]>;
  /**
   * Whether to work out the Now pane's stats (default true). False when no Now pane is on screen: `now` is empty
   * and `nowRows` too; when the pane comes back, its first poll shows counts, not changes (as the first poll does).
   */
  now?: boolean;
  /** Rows per section of the Now pane the cursor moves over (default NOW_PANE_ROWS; more when the pane is tall). */
  nowPerSection?: number;
};

/** The Now pane's stats, with changes since the previous poll when `previous` was that poll under the same filter. */
function nowFor(visitors: readonly Visitor[], feed: Feed, filter: Filter, previous: Derived | null | undefined): NowStats {
  // Before the first answer there is nothing to compare with: the first poll shows counts, not changes.
  if (previous && previous.polls > 0 && !previous.nowSkipped && previous.filter.text === filter.text) {
    if (previous.polls === feed.polls) return previous.now;
    if (previous.polls === feed.polls - 1) return computeNow(visitors, previous.now);
  }
  return computeNow(visitors, null);
}

const EMPTY_NOW = computeNow([], null);

/**
 * The visitors a filter leaves. Under the same filter as the previous poll, the list is noted as made from that
 * poll's (by identity: unchanged visitors are the same objects): the sorted lists and the Now pane's counts are
 * then updated from the few changes instead of 10,000 visitors.
 */
function filtered(all: readonly Visitor[], filter: Filter, ctx: FilterContext, previous: Derived | null | undefined): readonly Visitor[] {
  const list = all.filter((v) => matchVisitor(v, filter, ctx));
  const base = previous && previous.filter.text === filter.text ? previous.sorted?.scores.source : undefined;
  if (base && base !== list) noteLineageByIdentity(list, base);
  return list;
}

/**
 * The lists every pane shows. One filter (an expression or a parsed Filter) applies to the visitors, the
 * scores, the events and the Now pane together; the map draws `visitors` (the filtered ones).
 */
export function derive(feed: Feed | null, sort: Sort, filterInput: string | Filter = NO_FILTER, options: DeriveOptions = {}): Derived {
  const filter = typeof filterInput === 'string' ? parseFilter(filterInput) : filterInput;
  const goalsOnly = options.goalsOnly ?? false;
  if (!feed) {
    return {
      visitors: [], scores: [], events: [], payments: [], revenue: [], eventCountries: new Set(), paymentCountries: new Set(),
      filter, totalVisitors: 0, totalEvents: 0, goalsOnly, now: EMPTY_NOW, nowRows: [], polls: 0,
    };
  }
  const ctx = isActive(filter) ? filterContext(feed, options.profileGoals) : null;
  const visitors = ctx ? filtered(feed.visitors, filter, ctx, options.previous) : feed.visitors;
  // Sorted from the previous poll's lists when this poll's visitors were made from its (see sortedFrom).
  const before = options.previous?.sorted;
  const scoresMemo = sortedFrom(before?.scores, visitors, 'scores', rankKey, isScored);
  const scores = scoresMemo === before?.scores ? options.previous!.scores : listOf(scoresMemo);
  const visitorsMemo = sort === 'country' ? null : sortedFrom(before?.visitors ?? undefined, visitors, sort, sort === 'score' ? visitorScore : startTime);
  const sortedVisitors = !visitorsMemo ? sortVisitors(visitors, sort) : visitorsMemo === before?.visitors ? options.previous!.visitors : listOf(visitorsMemo);
  const matching = ctx ? feed.events.filter((e) => matchEvent(e, filter, ctx)) : feed.events;
  const events = goalsOnly ? matching.filter((e) => e.type !== 'pageview') : matching;
  const nowSkipped = options.now === false;
  const nowStats = nowSkipped ? EMPTY_NOW : nowFor(visitors, feed, filter, options.previous);
  const eventCountries = new Set<string>();
  // Goals light their country for a poll; pageviews (most events) do not: a map that flickers with every page
  // seen is noise, and costs a slow link the redraw of whole countries.
  const marked = newSinceLastPoll(feed);
  for (const e of feed.events) if (marked.events.has(e.id) && e.countryCode && e.type !== 'pageview') eventCountries.add(e.countryCode);
  // Payments carry no country: a new payment lights the country of the visitor it matches by email or name.
  const paymentCountries = new Set<string>();
  for (const p of feed.payments) {
    if (!marked.payments.has(p.id)) continue;
    const v = feed.visitors.find((x) => (p.email && x.email === p.email) || (p.name && x.name === p.name));
    if (v?.countryCode) paymentCountries.add(v.countryCode);
  }
  return {
    visitors: sortedVisitors,
    scores,
    events,
    payments: feed.payments,
    revenue: feed.revenue ?? revenueTotals(feed.payments, [], feed.fetchedAt),
    eventCountries,
    paymentCountries,
    filter,
    totalVisitors: feed.visitors.length,
    totalEvents: feed.events.length,
    goalsOnly,
    now: nowStats,
    nowRows: nowSkipped ? [] : nowRows(nowStats, options.nowPerSection ?? NOW_PANE_ROWS),
    nowPerSection: options.nowPerSection ?? NOW_PANE_ROWS,
    polls: feed.polls,
    sorted: {visitors: visitorsMemo, scores: scoresMemo},
    ...(nowSkipped ? {nowSkipped} : {}),
  };
}

/** The visitor on the site a payment belongs to, by email, else by name. */
export function payerOnSite(payment: Payment, visitors: readonly Visitor[]): Visitor | null {
  const email = payment.email?.toLowerCase();
  if (email) {
    const v = visitors.find((x) => x.email?.toLowerCase() === email);
    if (v) return v;
  }
  return payment.name ? visitors.find((x) => x.name === payment.name) ?? null : null;
}

/**
 * What Enter opens at a row (UiContext.targetAt): a visitor (visitors, scores, and events, which carry a
 * visitorId); for a payment, the payer's visitor when on the site, else the payment's own detail; for a Now
 * row, its filter term.
 */
export function openTargetAt(derived: Derived, feed: Feed | null, pane: ListPane, index: number): OpenTarget | null {
  switch (pane) {
    case 'visitors':
    case 'scores': {
      const v = derived[pane][index];
      return v ? {kind: 'visitor', id: v.id} : null;
    }
    case 'events': {
      const id = derived.events[index]?.visitorId;
      return id ? {kind: 'visitor', id} : null;
    }
    case 'payments': {
      const p = derived.payments[index];
      if (!p) return null;
      const v = payerOnSite(p, feed?.visitors ?? []);
      return v ? {kind: 'visitor', id: v.id} : {kind: 'payment', id: p.id};
    }
    case 'now': {
      const term = derived.nowRows[index]?.term;
      return term ? {kind: 'filter', term} : null;
    }
  }
}

/** Where a visitor is on the map: city coordinates, else the country's point. */
export function visitorPoint(v: Visitor): [number, number] | null {
  if (v.lat !== null && v.lon !== null) return [v.lon, v.lat];
  return v.countryCode ? countryPoint(v.countryCode) : null;
}

/** For `z` (UiContext.selectedPoint): the detail's visitor, else the visitor under the focused list's cursor. */
export function selectedPointFor(ui: UiState, derived: Derived, feed: Feed | null): [number, number] | null {
  let visitor: Visitor | undefined;
  if (ui.detail && ui.detailKind === 'visitor') visitor = feed?.visitors.find((v) => v.id === ui.detail);
  else if (ui.focus === 'visitors' || ui.focus === 'scores') visitor = derived[ui.focus][ui.cursor[ui.focus]];
  else if (ui.focus === 'events') {
    const id = derived.events[ui.cursor.events]?.visitorId;
    visitor = id ? feed?.visitors.find((v) => v.id === id) : undefined;
  }
  return visitor ? visitorPoint(visitor) : null;
}

/** What identifies a row of each list across polls. */
const ROWS: {[P in ListPane]: (d: Derived) => readonly unknown[]} = {
  visitors: (d) => d.visitors,
  scores: (d) => d.scores,
  events: (d) => d.events,
  payments: (d) => d.payments,
  now: (d) => d.nowRows,
};
const rowId = (row: unknown): string | null =>
  row === undefined ? null : 'section' in (row as NowRow) ? `${(row as NowRow).section}|${(row as NowRow).key}` : (row as {id: string}).id;

/**
 * After a new poll, each list's cursor stays on the row it was on (the same visitor, event or payment), not on
 * the same position: rows that arrive above it must not move the selection, or Enter, `n` and `z` would act on
 * someone else. A cursor on the first row stays there instead (the head of a live list: what is newest, as
 * `tail -f` follows the end), unless a detail opened from that list is showing. A row that left keeps the
 * position. Returns `ui` itself when nothing moves.
 */
export function followSelection(ui: UiState, before: Derived, after: Derived): UiState {
  let cursor: UiState['cursor'] | null = null;
  for (const pane of Object.keys(ROWS) as ListPane[]) {
    if (ui.cursor[pane] === 0 && !(ui.detail && ui.detailFrom === pane)) continue;
    const id = rowId(ROWS[pane](before)[ui.cursor[pane]]);
    if (id === null) continue;
    const rows = ROWS[pane](after);
    if (rowId(rows[ui.cursor[pane]]) === id) continue;
    const index = rows.findIndex((row) => rowId(row) === id);
    if (index < 0) continue;
    cursor ??= {...ui.cursor};
    cursor[pane] = index;
  }
  return cursor ? {...ui, cursor} : ui;
}
