import {pagePath, referrerHost, termFor, type FilterField} from './filter.js';
import {addedVisitors, lineageFrom, removedVisitors} from './lineage.js';
import type {Visitor} from './types.js';

// What is hot right now, from one poll's active visitors: top pages (the page each visitor is on), top
// sources (referrer host, and utm_source when present), countries, devices and browsers. Each list is
// sorted by count, then by name; with the previous poll's result passed in, each row carries its change.

export const NOW_SECTIONS = ['pages', 'sources', 'countries', 'devices', 'browsers'] as const;
export type NowSection = (typeof NOW_SECTIONS)[number];

export type NowRow = {
  section: NowSection;
  /** Identity across polls within a section. */
  key: string;
  label: string;
  count: number;
  /** Change since the previous poll; null when there is no previous poll to compare with. */
  delta: number | null;
  /** The filter term that shows exactly these visitors (e.g. `page:/pricing`); null for "unknown". */
  term: string | null;
};

export type NowStats = {
  /** Visitors counted. */
  total: number;
  /** Top rows per section, at most `limit` each. */
  sections: Record<NowSection, NowRow[]>;
  /** Every count per section and key, for the next poll's deltas. */
  counts: Record<NowSection, ReadonlyMap<string, number>>;
  /** What these stats were counted from, and the tallies: the next poll's are updated from them when it can. */
  basis?: NowBasis;
};

/** The visitors counted and every row of every section (never changed once made: the next poll copies). */
type NowBasis = {visitors: readonly Visitor[]; tallies: Record<NowSection, Tally>};

export const NOW_LIMIT = 50;

/** Labels for rows without a value. */
export const NOW_UNKNOWN = '(unknown)';
export const NOW_DIRECT = '(direct)';

/** A row's value for its filter term: what `field:value` matches must be exactly this row's visitors. */
type Term = {field: FilterField; value: string} | null;
/** `mixed`: visitors of different labels or terms are counted here (the first one's label is shown). */
type TallyRow = {label: string; count: number; term: Term; mixed?: boolean};
type Tally = Map<string, TallyRow>;

/** Counts one visitor under `key`; the row (its label and term) is made the first time only. */
/** Whether a row was counted under this label and term (a row whose visitors differ in them is "mixed"). */
const sameRow = (row: TallyRow, label: string, field: FilterField | null, value: string) =>
  row.label === label && (row.term === null ? field === null : row.term.field === field && row.term.value === value);

function add(tally: Tally, key: string, label: string, field: FilterField | null, value: string) {
  const row = tally.get(key);
  if (!row) tally.set(key, {label, count: 1, term: field === null ? null : {field, value}});
  else {
    row.count++;
    if (!sameRow(row, label, field, value)) row.mixed = true;
  }
}

/** A section's terms, lower-cased once, for telling whether a row's plain term would match other rows too. */
type Known = {field: FilterField; value: string; lower: string}[];
function knownTerms(tally: Tally): Known {
  const out: Known = [];
  for (const {term} of tally.values()) if (term) out.push({field: term.field, value: term.value, lower: term.value.toLowerCase()});
  return out;
}

/**
 * The filter text for a row: `field:value`, or `field:=value` when the plain term would also match another
 * row's visitors (browser:Safari would take in Mobile Safari; ref:t.co a utm_source of "t.co-ads").
 */
function termText(term: Term, known: () => Known): string | null {
  if (!term) return null;
  const value = term.value.toLowerCase();
  if (term.field === 'cc' || (term.field === 'page' && value.startsWith('/'))) return termFor(term.field, term.value);
  if (term.field === 'ref' && value === 'direct') return 'ref:direct';
  const others = (t: Known[number]) =>
    term.field === 'ref' ? t.field === 'utm' || (t.field === 'ref' && t.value !== 'direct') : term.field === 'utm' ? t.field === 'utm' : true;
  const ambiguous = known().some((t) => others(t) && t.lower !== value && t.lower.includes(value)) || (term.field === 'ref' && 'direct'.includes(value));
  return termFor(term.field, term.value, ambiguous);
}

/** Called for each row a visitor is counted under: its section, key, label and filter term. */
type Visit = (section: NowSection, key: string, label: string, field: FilterField | null, value: string) => void;

/**
 * What one visitor counts under, section by section (pages, sources with utm, countries, devices, browsers), as
 * calls rather than a list: 10,000 visitors a poll with no objects made per visitor.
 */
function eachEntry(v: Visitor, visit: Visit): void {
  const path = pagePath(v.url);
  if (path) visit('pages', path.toLowerCase(), path, 'page', path);
  else visit('pages', '', NOW_UNKNOWN, null, '');
  const host = referrerHost(v.referrer);
  if (host) visit('sources', `ref:${host}`, host, 'ref', host);
  else visit('sources', 'ref:', NOW_DIRECT, 'ref', 'direct');
  const utm = v.utm?.source?.trim();
  if (utm) visit('sources', `utm:${utm.toLowerCase()}`, `${utm} (utm)`, 'utm', utm);
  if (v.countryCode) visit('countries', v.countryCode, v.countryCode, 'cc', v.countryCode);
  else visit('countries', '', NOW_UNKNOWN, null, '');
  if (v.device) visit('devices', v.device.toLowerCase(), v.device, 'device', v.device);
  else visit('devices', '', NOW_UNKNOWN, null, '');
  if (v.browser) visit('browsers', v.browser.toLowerCase(), v.browser, 'browser', v.browser);
  else visit('browsers', '', NOW_UNKNOWN, null, '');
}

const newTallies = (): Record<NowSection, Tally> => ({pages: new Map(), sources: new Map(), countries: new Map(), devices: new Map(), browsers: new Map()});

/** Every visitor counted from scratch. */
function tallyAll(visitors: readonly Visitor[]): Record<NowSection, Tally> {
  const tallies = newTallies();
  const visit: Visit = (section, key, label, field, value) => add(tallies[section], key, label, field, value);
  for (const v of visitors) eachEntry(v, visit);
  return tallies;
}

/**
 * The previous tallies updated with the visitors that left and came (a list made from the previous one, see
 * src/model/lineage.ts), or null when that would not give exactly what counting from scratch gives: a row's label
 * and term come from the first visitor counted under its key, which depends on the order of the list when the
 * row's visitors differ (`/Pricing` and `/pricing`); such a row sends the count back to scratch.
 */
function tallyChanges(basis: NowBasis, visitors: readonly Visitor[]): Record<NowSection, Tally> | null {
  const lineage = lineageFrom(visitors, basis.visitors);
  if (!lineage) return null;
  const removed = removedVisitors(lineage);
  const added = addedVisitors(lineage, visitors);
  // Far more changes than a poll usually brings: counting from scratch costs no more.
  if (removed.length + added.length > visitors.length / 2) return null;
  const tallies = newTallies();
  for (const section of NOW_SECTIONS) {
    for (const [key, row] of basis.tallies[section]) {
      if (row.mixed) return null;
      tallies[section].set(key, {...row});
    }
  }
  const remove: Visit = (section, key) => {
    const tally = tallies[section];
    const row = tally.get(key)!;
    if (--row.count === 0) tally.delete(key);
  };
  for (const v of removed) eachEntry(v, remove);
  let differs = false;
  const count: Visit = (section, key, label, field, value) => {
    const row = tallies[section].get(key);
    if (row && !sameRow(row, label, field, value)) differs = true;
    else add(tallies[section], key, label, field, value);
  };
  for (const v of added) {
    eachEntry(v, count);
    if (differs) return null;
  }
  return tallies;
}

export function computeNow(visitors: readonly Visitor[], previous: NowStats | null = null, limit = NOW_LIMIT): NowStats {
  const basis = previous?.basis;
  const tallies = basis && basis.visitors === visitors ? basis.tallies : (basis && tallyChanges(basis, visitors)) || tallyAll(visitors);
  const sections = {} as Record<NowSection, NowRow[]>;
  const counts = {} as Record<NowSection, Map<string, number>>;
  for (const section of NOW_SECTIONS) {
    const before = previous?.counts[section];
    const rows: NowRow[] = [];
    const all = new Map<string, number>();
    for (const [key, {label, count, term}] of tallies[section]) {
      all.set(key, count);
      rows.push({section, key, label, count, term: term ? 'pending' : null, delta: before ? count - (before.get(key) ?? 0) : null});
    }
    // Unknowns go last among equal counts.
    rows.sort((a, b) => b.count - a.count || (a.term === null ? 1 : 0) - (b.term === null ? 1 : 0) || compareText(a.label, b.label));
    const kept = rows.length > limit ? rows.slice(0, limit) : rows;
    let known: Known | null = null;
    const knownOf = () => (known ??= knownTerms(tallies[section]));
    for (const row of kept) if (row.term) row.term = termText(tallies[section].get(row.key)!.term, knownOf);
    sections[section] = kept;
    counts[section] = all;
  }
  return {total: visitors.length, sections, counts, basis: {visitors, tallies}};
}

const compareText = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/** Every row of every section in display order: what the Now pane's cursor moves over. */
export function nowRows(stats: NowStats, perSection = Infinity): NowRow[] {
  return NOW_SECTIONS.flatMap((s) => stats.sections[s].slice(0, perSection));
}
