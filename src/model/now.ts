import {pagePath, referrerHost, termFor, type FilterField} from './filter.js';
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
};

export const NOW_LIMIT = 50;

/** Labels for rows without a value. */
export const NOW_UNKNOWN = '(unknown)';
export const NOW_DIRECT = '(direct)';

/** A row's value for its filter term: what `field:value` matches must be exactly this row's visitors. */
type Term = {field: FilterField; value: string} | null;
type Tally = Map<string, {label: string; count: number; term: Term}>;

/** Counts one visitor under `key`; the row (its label and term) is made the first time only. */
function add(tally: Tally, key: string, label: string, field: FilterField | null, value: string) {
  const row = tally.get(key);
  if (row) row.count++;
  else tally.set(key, {label, count: 1, term: field === null ? null : {field, value}});
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

export function computeNow(visitors: readonly Visitor[], previous: NowStats | null = null, limit = NOW_LIMIT): NowStats {
  const tallies: Record<NowSection, Tally> = {pages: new Map(), sources: new Map(), countries: new Map(), devices: new Map(), browsers: new Map()};
  for (const v of visitors) {
    const path = pagePath(v.url);
    if (path) add(tallies.pages, path.toLowerCase(), path, 'page', path);
    else add(tallies.pages, '', NOW_UNKNOWN, null, '');

    const host = referrerHost(v.referrer);
    if (host) add(tallies.sources, `ref:${host}`, host, 'ref', host);
    else add(tallies.sources, 'ref:', NOW_DIRECT, 'ref', 'direct');
    const utm = v.utm?.source?.trim();
    if (utm) add(tallies.sources, `utm:${utm.toLowerCase()}`, `${utm} (utm)`, 'utm', utm);

    if (v.countryCode) add(tallies.countries, v.countryCode, v.countryCode, 'cc', v.countryCode);
    else add(tallies.countries, '', NOW_UNKNOWN, null, '');

    if (v.device) add(tallies.devices, v.device.toLowerCase(), v.device, 'device', v.device);
    else add(tallies.devices, '', NOW_UNKNOWN, null, '');

    if (v.browser) add(tallies.browsers, v.browser.toLowerCase(), v.browser, 'browser', v.browser);
    else add(tallies.browsers, '', NOW_UNKNOWN, null, '');
  }
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
  return {total: visitors.length, sections, counts};
}

const compareText = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/** Every row of every section in display order: what the Now pane's cursor moves over. */
export function nowRows(stats: NowStats, perSection = Infinity): NowRow[] {
  return NOW_SECTIONS.flatMap((s) => stats.sections[s].slice(0, perSection));
}
