import {toJsonSnapshot} from './json.js';
import {terminalSafeJson} from './sanitise.js';
import type {Feed, GoalEvent, Visitor} from './types.js';

// The filter: `cc:DE page:/pricing ref:google goal:signup device:mobile customer` plus free words.
// Terms combine with AND; `-term` excludes; values may be quoted ("new york", cc:"DE"); an unknown field
// name is free text; everything is case-insensitive. One filter applies to the map, the visitors, the
// scores, the events and the Now pane alike, and to `--json`.
//
// Field by field (visitors / events):
//   cc:DE       country code, exact; `cc:DE,FR` is either
//   city:X      city contains X
//   page:/p     the current page's path is /p (query ignored); `page:/blog*` any path starting /blog;
//               without a leading `/`, any page URL containing the text. Events: the event's path.
//   ref:X       the referrer (or utm_source) contains X; `ref:direct` is visitors with no referrer
//   utm:X       utm_source contains X
//   goal:X      the visitor completed a goal whose name contains X (from the events); events: goals only
//   device:X, browser:X, os:X   contain X
//   name:X      display name or email contains X
//   customer    paying customers
//   field:=X    X exactly (case-insensitive), for any field: `browser:=Safari` leaves out Mobile Safari,
//               `ref:=t.co` is that referrer host only
// Events meet visitor-only fields (city, ref, utm, device, browser, os, customer) through their visitor
// when it is on the site; free text matches the event's own fields or its visitor's.

export const FILTER_FIELDS = ['cc', 'city', 'page', 'ref', 'utm', 'goal', 'device', 'browser', 'os', 'name'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

const ALIASES: Record<string, FilterField> = {country: 'cc', path: 'page', url: 'page', referrer: 'ref', source: 'ref', event: 'goal', email: 'name'};

export type Term =
  | {kind: 'field'; field: FilterField; value: string; negate: boolean; exact?: true}
  | {kind: 'customer'; negate: boolean}
  | {kind: 'text'; value: string; negate: boolean};

export type Filter = {
  /** The expression as typed, trimmed (shown in the header and in "no visitors match …"). */
  text: string;
  terms: Term[];
};

export const NO_FILTER: Filter = {text: '', terms: []};

const fieldOf = (name: string): FilterField | null => {
  const lower = name.toLowerCase();
  return (FILTER_FIELDS as readonly string[]).includes(lower) ? (lower as FilterField) : ALIASES[lower] ?? null;
};

/** Parses an expression; never throws (an unterminated quote runs to the end). */
export function parseFilter(expression: string): Filter {
  const text = expression.trim();
  const terms: Term[] = [];
  const s = text;
  let i = 0;
  const readQuoted = (): string => {
    // s[i] is the opening quote.
    const end = s.indexOf('"', i + 1);
    const value = end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
    i = end < 0 ? s.length : end + 1;
    return value;
  };
  const readWord = (): string => {
    const start = i;
    while (i < s.length && !/\s/.test(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    if (/\s/.test(s[i])) {
      i++;
      continue;
    }
    let negate = false;
    if (s[i] === '-' && i + 1 < s.length && !/\s/.test(s[i + 1])) {
      negate = true;
      i++;
    }
    if (s[i] === '"') {
      const value = readQuoted().trim().toLowerCase();
      if (value) terms.push({kind: 'text', value, negate});
      continue;
    }
    // A name up to a colon, a quote or a space.
    const start = i;
    while (i < s.length && !/[\s:"]/.test(s[i])) i++;
    const name = s.slice(start, i);
    if (s[i] === ':') {
      i++;
      const exact = s[i] === '=';
      if (exact) i++;
      const value = (s[i] === '"' ? readQuoted() : readWord()).trim();
      const field = fieldOf(name);
      if (!value) continue; // "cc:" while it is being typed filters nothing yet
      if (field && exact) terms.push({kind: 'field', field, value: value.toLowerCase(), negate, exact: true});
      else if (field) terms.push({kind: 'field', field, value: value.toLowerCase(), negate});
      else terms.push({kind: 'text', value: `${name}:${exact ? '=' : ''}${value}`.toLowerCase(), negate});
      continue;
    }
    if (s[i] === '"' && name === '') continue;
    const rest = s[i] === '"' ? readQuoted() : '';
    const word = (name + rest).toLowerCase();
    if (!word || word === '-') continue;
    if (word === 'customer' && !rest) terms.push({kind: 'customer', negate});
    else terms.push({kind: 'text', value: word, negate});
  }
  return {text, terms};
}

export const isActive = (filter: Filter): boolean => filter.terms.length > 0;

/** A value as a filter would need it typed: quoted when it holds a space or a quote. */
export function quoteValue(value: string): string {
  return /[\s"]/.test(value) || value === '' ? `"${value.replace(/"/g, '')}"` : value;
}

/** `field:value` (or `field:=value`, exactly) for one row of the Now pane. */
export function termFor(field: FilterField, value: string, exact = false): string {
  return `${field}:${exact ? '=' : ''}${quoteValue(value)}`;
}

const sameTerm = (a: Term, b: Term) => JSON.stringify(a) === JSON.stringify(b);

/** Adds a term to an expression (AND), unless the expression already has it. */
export function addTerm(expression: string, term: string): string {
  const [added] = parseFilter(term).terms;
  if (!added) return expression;
  if (parseFilter(expression).terms.some((t) => sameTerm(t, added))) return expression.trim();
  return `${expression.trim()} ${term}`.trim();
}

// -- paths and hosts ------------------------------------------------------------------------------------

/** The path of a page without its query or fragment ("/pricing" from "https://x.com/pricing?a=1"). */
export function pagePath(url: string | null): string | null {
  if (!url) return null;
  if (url.charCodeAt(0) === 47 && !/[?#]/.test(url)) return url; // "/pricing": the common case, as is
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  const path = (m ? m[1] : url).replace(/[?#].*$/, '');
  return path || '/';
}

/** "news.ycombinator.com" from a referrer URL or host; "www." dropped, lower case. */
export function referrerHost(referrer: string | null): string | null {
  if (!referrer) return null;
  if (/^[a-z0-9.-]+$/.test(referrer)) return referrer.startsWith('www.') ? referrer.slice(4) || null : referrer; // a bare host
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#:\s]+)/i.exec(referrer) ?? /^([^/?#:\s]+)/.exec(referrer);
  const host = m ? m[1].toLowerCase().replace(/^www\./, '') : null;
  return host || null;
}

// -- matching -------------------------------------------------------------------------------------------

/** What matching needs beyond one visitor or event: goals per visitor, and visitors by id for events. */
export type FilterContext = {
  /** Lower-case goal names per visitor id. */
  goals: ReadonlyMap<string, readonly string[]>;
  visitors: ReadonlyMap<string, Visitor>;
};

/** Goals come from the feed's events (and, when given, from visitor profiles already loaded). */
export function filterContext(feed: Pick<Feed, 'visitors' | 'events'> | null, extraGoals?: ReadonlyMap<string, readonly string[]>): FilterContext {
  const goals = new Map<string, string[]>();
  const visitors = new Map<string, Visitor>();
  if (feed) {
    for (const v of feed.visitors) visitors.set(v.id, v);
    for (const e of feed.events) {
      if (!e.visitorId || !e.type || e.type === 'pageview') continue;
      const list = goals.get(e.visitorId) ?? [];
      list.push(e.type.toLowerCase());
      goals.set(e.visitorId, list);
    }
  }
  if (extraGoals) {
    for (const [id, names] of extraGoals) goals.set(id, [...(goals.get(id) ?? []), ...names.map((n) => n.toLowerCase())]);
  }
  return {goals, visitors};
}

const EMPTY_CONTEXT: FilterContext = {goals: new Map(), visitors: new Map()};

const has = (field: string | null | undefined, value: string) => !!field && field.toLowerCase().includes(value);

function pageMatches(url: string | null, value: string): boolean {
  if (!url) return false;
  if (!value.startsWith('/')) return url.toLowerCase().includes(value);
  const path = (pagePath(url) ?? '').toLowerCase();
  if (value.endsWith('*')) return path.startsWith(value.slice(0, -1));
  return path === value || (value.length > 1 && value.endsWith('/') && path === value.slice(0, -1));
}

const ccMatches = (cc: string | null, value: string) => !!cc && value.split(',').includes(cc.toLowerCase());

const same = (field: string | null | undefined, value: string) => !!field && field.toLowerCase() === value;

function visitorExact(v: Visitor, field: FilterField, value: string, ctx: FilterContext): boolean {
  switch (field) {
    case 'page':
      return pageMatches(v.url, value.startsWith('/') ? value : `/${value}`);
    case 'ref':
      return value === 'direct' ? referrerHost(v.referrer) === null : referrerHost(v.referrer) === value;
    case 'utm':
      return same(v.utm?.source, value);
    case 'goal':
      return (ctx.goals.get(v.id) ?? []).includes(value);
    case 'name':
      return same(v.name, value) || same(v.email, value);
    default:
      return same({cc: v.countryCode, city: v.city, device: v.device, browser: v.browser, os: v.os}[field], value);
  }
}

function visitorField(v: Visitor, field: FilterField, value: string, ctx: FilterContext): boolean {
  switch (field) {
    case 'cc':
      return ccMatches(v.countryCode, value);
    case 'city':
      return has(v.city, value);
    case 'page':
      return pageMatches(v.url, value);
    case 'ref':
      if (value === 'direct') return referrerHost(v.referrer) === null;
      return has(v.referrer, value) || has(v.utm?.source, value);
    case 'utm':
      return has(v.utm?.source, value);
    case 'goal':
      return (ctx.goals.get(v.id) ?? []).some((g) => g.includes(value));
    case 'device':
      return has(v.device, value);
    case 'browser':
      return has(v.browser, value);
    case 'os':
      return has(v.os, value);
    case 'name':
      return has(v.name, value) || has(v.email, value);
  }
}

function visitorText(v: Visitor, value: string): boolean {
  return (
    has(v.countryCode, value) || has(v.city, value) || has(v.region, value) || has(v.url, value) || has(v.name, value) ||
    has(v.browser, value) || has(v.os, value) || has(v.device, value) || has(v.referrer, value) || has(v.utm?.source, value)
  );
}

function visitorTerm(v: Visitor, term: Term, ctx: FilterContext): boolean {
  if (term.kind === 'customer') return v.isCustomer;
  if (term.kind === 'text') return visitorText(v, term.value);
  return term.exact ? visitorExact(v, term.field, term.value, ctx) : visitorField(v, term.field, term.value, ctx);
}

export function matchVisitor(v: Visitor, filter: Filter, ctx: FilterContext = EMPTY_CONTEXT): boolean {
  for (const term of filter.terms) if (visitorTerm(v, term, ctx) === term.negate) return false;
  return true;
}

function eventText(e: GoalEvent, value: string): boolean {
  if (has(e.type, value) || has(e.path, value) || has(e.countryCode, value) || has(e.name, value)) return true;
  for (const x of Object.values(e.data)) if (has(x, value)) return true;
  return false;
}

function eventTerm(e: GoalEvent, term: Term, ctx: FilterContext): boolean {
  const visitor = e.visitorId ? ctx.visitors.get(e.visitorId) : undefined;
  if (term.kind === 'text') return eventText(e, term.value) || (!!visitor && visitorText(visitor, term.value));
  if (term.kind === 'customer') return !!visitor?.isCustomer;
  if (term.exact) {
    if (term.field === 'cc') return same(e.countryCode, term.value);
    if (term.field === 'page') return pageMatches(e.path, term.value.startsWith('/') ? term.value : `/${term.value}`);
    if (term.field === 'goal') return same(e.type, term.value) && term.value !== 'pageview';
    if (term.field === 'name' && same(e.name, term.value)) return true;
    return !!visitor && visitorExact(visitor, term.field, term.value, ctx);
  }
  switch (term.field) {
    case 'cc':
      return ccMatches(e.countryCode, term.value);
    case 'page':
      return pageMatches(e.path, term.value);
    case 'goal':
      return e.type !== null && e.type !== 'pageview' && e.type.toLowerCase().includes(term.value);
    case 'name':
      return has(e.name, term.value) || (!!visitor && visitorField(visitor, 'name', term.value, ctx));
    default:
      return !!visitor && visitorField(visitor, term.field, term.value, ctx);
  }
}

export function matchEvent(e: GoalEvent, filter: Filter, ctx: FilterContext = EMPTY_CONTEXT): boolean {
  for (const term of filter.terms) if (eventTerm(e, term, ctx) === term.negate) return false;
  return true;
}

// -- whole feeds (--once, --json) -----------------------------------------------------------------------

/**
 * The feed as the filter leaves it: matching visitors and events only; `count` becomes the number of
 * matching visitors. Payments carry no country, page or device and are kept. An empty filter returns
 * the feed itself.
 */
export function filterFeed(feed: Feed, filter: Filter): Feed {
  if (!isActive(filter)) return feed;
  const ctx = filterContext(feed);
  const visitors = feed.visitors.filter((v) => matchVisitor(v, filter, ctx));
  return {...feed, count: visitors.length, visitors, events: feed.events.filter((e) => matchEvent(e, filter, ctx))};
}

/**
 * The documented `--json` object for a filtered feed. With a filter it holds only what matches, and a
 * `filter` field last: `{"expression": "cc:DE", "totalCount": 75}` (totalCount: the API's count before
 * filtering). Without one it is exactly `toJsonSnapshot(feed)`.
 */
export function toFilteredJson(feed: Feed, filter: Filter) {
  if (!isActive(filter)) return toJsonSnapshot(feed);
  return {...toJsonSnapshot(filterFeed(feed, filter)), filter: {expression: filter.text, totalCount: feed.count}};
}

/** One NDJSON line, filtered (see toFilteredJson). */
export function filteredJsonLine(feed: Feed, filter: Filter): string {
  return terminalSafeJson(toFilteredJson(feed, filter)) + '\n';
}
