import {isActive} from '../../model/filter.js';
import {newSinceLastPoll} from '../../model/feed.js';
import type {Feed, GoalEvent, Payment, Visitor} from '../../model/types.js';
import {sameEvent, samePayment, sameVisitor} from '../../model/same.js';
import type {Run, Style} from '../../text/style.js';
import {formatDuration, formatClock, formatMoney, formatPercent, shortUrl} from '../format.js';
import {glyphs} from '../glyphs.js';
import {headerRow, layoutColumns, tableRow, type Cell, type Column} from '../table.js';
import type {Painter} from '../theme.js';
import {strings} from '../strings.js';
import type {Derived} from '../derive.js';
import type {Sort} from '../state.js';
import {amountForms, box, line, longestFitting, titleRow, type Lines} from './common.js';
import {ambiguousWide, displayWidth, ellipsis} from '../../text/width.js';

export type ListProps = {
  painter: Painter;
  feed: Feed | null;
  derived: Derived;
  width: number;
  height: number;
  focused: boolean;
  cursor: number;
  privacy: boolean;
  sort: Sort;
  filter: string;
  /** The site's currency (analytics metadata), for event amounts; unknown: the amount alone. */
  currency?: string | null;
  /** The first row the list showed last time (the Dashboard keeps it): the list scrolls only to keep the cursor in view. */
  offset?: number;
};

/** Predictions are documented in US dollars (the visitor endpoint: "expectedValue (USD)"). */
export const PREDICTION_CURRENCY = 'USD';

/**
 * First visible row when the list was showing from `previous`: it stays put while the cursor is in view and
 * moves just enough to bring it back otherwise, so a click never scrolls the row it hit from under the pointer.
 * When the pane has grown (`visibleBefore` rows before), the rows above that now fit with the cursor come back
 * into view: the newest rows are not left hidden by a scroll the small pane needed.
 */
export function keepInView(previous: number, cursor: number, length: number, visible: number, visibleBefore = visible): number {
  if (length <= visible || visible <= 0) return 0;
  const max = length - visible;
  if (visible > visibleBefore) previous = Math.min(previous, Math.max(0, cursor - visible + 1));
  let offset = Math.max(0, Math.min(max, previous));
  if (cursor < offset) offset = cursor;
  else if (cursor >= offset + visible) offset = cursor - visible + 1;
  return Math.max(0, Math.min(max, offset));
}

/** First visible row with the cursor centred (where no earlier position is known); lists render only what is visible. */
export function scrollOffset(cursor: number, length: number, visible: number): number {
  if (length <= visible) return 0;
  return Math.max(0, Math.min(length - visible, cursor - Math.floor(visible / 2)));
}

function nameCell(v: {name: string | null; nameIsRandom?: boolean}, privacy: boolean, p: Painter): Cell {
  if (!v.name) return {text: glyphs(p.ascii).none, style: p.theme.faint};
  if (privacy) return {text: strings.hidden, style: p.theme.faint};
  return {text: v.name, style: v.nameIsRandom ? p.theme.dim : null};
}

export function place(v: {countryCode: string | null; city: string | null}): string {
  return [v.countryCode ?? '??', v.city].filter(Boolean).join(' ');
}

/** What an empty list says: waiting, nothing there, or nothing that matches the filter. */
function emptyText(props: ListProps, what: string, nothing: string): string {
  if (!props.feed) return strings.empty.waiting;
  if (isActive(props.derived.filter)) return strings.empty.noMatch(what, props.derived.filter.text);
  return nothing;
}

// A list row is made again only when its item's data changed (`same`: every field compared) or what else it
// shows did (its `rowKey`: new, hidden names, a duration…, and the columns, the painter and the selection). The
// rows of each list's last frame are kept, by item id: at most the rows shown, whatever the list's length.
type Kept = {item: object; key: string; runs: Run[]};
const rowMemos = new Map<number, Map<string, Kept>>();
const themeIds = new WeakMap<object, number>();
let themeCount = 0;
function themeId(theme: object): number {
  let id = themeIds.get(theme);
  if (id === undefined) themeIds.set(theme, (id = ++themeCount));
  return id;
}

function renderList<T extends {id: string}>(
  props: ListProps,
  number: number,
  title: string,
  extra: Run[],
  columns: Column[],
  items: readonly T[],
  cells: (item: T, selected: boolean) => {cells: Record<string, Cell | string>; style?: Style | null},
  empty: string,
  same: (a: T, b: T) => boolean,
  rowKey: (item: T) => string,
): Lines {
  const {painter: p, width, height, focused} = props;
  const g = glyphs(p.ascii);
  // What this frame shows replaces what the last one kept.
  const memo = rowMemos.get(number);
  const kept = new Map<string, Kept>();
  rowMemos.set(number, kept);
  const visible = height - 2;
  const cursor = Math.min(props.cursor, items.length - 1);
  const offset = items.length === 0 || visible <= 0 ? 0 : props.offset !== undefined ? keepInView(props.offset, cursor, items.length, visible) : scrollOffset(cursor, items.length, visible);
  // Rows out of view above (newer rows pushed the followed one down) are said in the title: nothing new is hidden
  // without a word.
  const above: Run[] = offset > 0 ? [{text: ` ${strings.above(g.up, offset)}`, style: p.theme.warn}] : [];
  const lines: Lines = [titleRow(p.theme, width, number, title, [...extra, ...above], focused, p.ascii)];
  if (height <= 1) return box(lines, width, height, p.ascii);
  const layout = layoutColumns([{key: 'mark', title: '', width: 1}, ...columns], width);
  lines.push(headerRow(layout, p.theme.dim, p.ascii));
  if (items.length === 0) {
    lines.push(line(' ' + empty, p.theme.faint));
    return box(lines, width, height, p.ascii);
  }
  const frameKey = `${layout.map((c) => `${c.column.key}:${c.width}`).join(',')}|${p.ascii ? 1 : 0}${themeId(p.theme)}|${ambiguousWide() ? 1 : 0}${ellipsis()}`;
  for (let i = offset; i < Math.min(items.length, offset + visible); i++) {
    const item = items[i];
    const selected = focused && i === cursor;
    const key = `${frameKey}|${selected ? 1 : 0}|${rowKey(item)}`;
    const before = memo?.get(item.id);
    if (before && before.key === key && (before.item === item || same(before.item as T, item))) {
      kept.set(item.id, before);
      lines.push(before.runs);
      continue;
    }
    const row = cells(item, selected);
    const mark: Cell = selected ? {text: g.cursor, style: p.theme.titleFocused} : (row.cells.mark as Cell) ?? ' ';
    const runs = tableRow(layout, {...row.cells, mark}, selected ? p.theme.selected : row.style ?? null, p.ascii);
    kept.set(item.id, {item, key, runs});
    lines.push(runs);
  }
  return box(lines, width, height, p.ascii);
}

const countLabel = (shown: number, total: number) => (shown === total ? String(total) : strings.matchCount(shown, total));

/** The title's count: "42", "12 of 75" under a filter, or "waiting for the first answer" before one. */
function countRuns(p: Painter, feed: Feed | null, shown: number, total: number): Run[] {
  if (!feed) return [{text: strings.empty.waiting, style: p.theme.faint}];
  return [{text: countLabel(shown, total), style: p.theme.accent}];
}

export function visitorsView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const g = glyphs(p.ascii);
  const now = feed ? Date.parse(feed.fetchedAt) : Date.now();
  const extra: Run[] = countRuns(p, feed, derived.visitors.length, derived.totalVisitors);
  if (feed) extra.push({text: `${g.sep}${strings.sort} ${props.sort}`, style: p.theme.faint});
  if (isActive(derived.filter)) extra.push({text: `${g.sep}/${derived.filter.text}`, style: p.theme.warn});
  const columns: Column[] = [
    {key: 'place', title: strings.col.place, width: 12, flex: 2},
    {key: 'device', title: strings.col.device, width: 7, dropOrder: 3},
    {key: 'browser', title: strings.col.browser, width: 9, dropOrder: 5},
    {key: 'os', title: strings.col.os, width: 8, dropOrder: 6},
    {key: 'page', title: strings.col.page, width: 10, flex: 3},
    {key: 'time', title: strings.col.time, width: 6, align: 'right', dropOrder: 2},
    {key: 'name', title: strings.col.name, width: 10, flex: 1, dropOrder: 4},
    {key: 'badge', title: '', width: 1, dropOrder: 7},
    {key: 'score', title: strings.col.score, width: 3, align: 'right', dropOrder: 1},
  ];
  return renderList(props, 2, strings.pane.visitors, extra, columns, derived.visitors, (v: Visitor) => {
    const started = v.sessionStart ? Date.parse(v.sessionStart) : NaN;
    const fresh = newSinceLastPoll(feed).visitors.has(v.id);
    return {
      cells: {
        mark: fresh ? {text: '+', style: p.theme.fresh} : ' ',
        place: place(v),
        device: v.device ?? g.none,
        browser: v.browser ?? g.none,
        os: v.os ?? g.none,
        page: shortUrl(v.url, p.ascii),
        time: Number.isNaN(started) ? g.none : formatDuration(now - started),
        name: nameCell(v, privacy, p),
        badge: v.isCustomer ? {text: '$', style: p.theme.badgeCustomer} : '',
        score: v.conversion?.score != null ? {text: String(Math.round(v.conversion.score)), style: (v.conversion.confidence ?? 1) < 0.5 ? p.theme.faint : p.theme.accent} : '',
      },
    };
  }, emptyText(props, 'visitors', strings.empty.visitors), sameVisitor, (v) => {
    const started = v.sessionStart ? Date.parse(v.sessionStart) : NaN;
    return `${newSinceLastPoll(feed).visitors.has(v.id) ? 1 : 0}${privacy ? 1 : 0}${Number.isNaN(started) ? '' : formatDuration(now - started)}`;
  });
}

function bar(score: number, width: number, ascii: boolean): [string, string] {
  const g = glyphs(ascii);
  const filled = Math.round((Math.max(0, Math.min(100, score)) / 100) * width);
  return [g.barFull.repeat(filled), g.barEmpty.repeat(width - filled)];
}

export function scoresView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const g = glyphs(p.ascii);
  const metrics = feed?.conversionMetrics;
  const extra: Run[] = [];
  if (metrics && metrics.baselineConversionRate !== null) {
    const value = metrics.baselineAverageValue === null ? '' : ` ${g.times} ${formatMoney(metrics.baselineAverageValue, PREDICTION_CURRENCY, p.ascii)}`;
    extra.push({text: `${strings.baseline} ${formatPercent(metrics.baselineConversionRate, 2, p.ascii)}${value}`, style: p.theme.faint});
  }
  const columns: Column[] = [
    {key: 'score', title: strings.col.score, width: 3, align: 'right'},
    {key: 'bar', title: '', width: 6, flex: 1, dropOrder: 2},
    {key: 'confidence', title: strings.col.confidence, width: 4, align: 'right', dropOrder: 3},
    {key: 'value', title: strings.col.expected, width: 6, align: 'right', dropOrder: 1},
    {key: 'place', title: strings.col.place, width: 8, flex: 1, dropOrder: 4},
    {key: 'name', title: strings.col.name, width: 8, flex: 1, dropOrder: 5},
  ];
  const noPredictions = feed !== null && !feed.hasConversionPredictions;
  const empty = noPredictions ? strings.empty.noPredictions : emptyText(props, 'scored visitors', strings.empty.scores);
  const items = noPredictions ? [] : derived.scores;
  const barWidth = Math.max(6, layoutColumns([{key: 'mark', title: '', width: 1}, ...columns], props.width).find((c) => c.column.key === 'bar')?.width ?? 6);
  return renderList(props, 3, strings.pane.scores, extra, columns, items, (v: Visitor) => {
    const c = v.conversion!;
    const low = (c.confidence ?? 0) < 0.5;
    const [full, rest] = bar(c.score ?? 0, barWidth, p.ascii);
    return {
      cells: {
        score: {text: String(Math.round(c.score ?? 0)), style: low ? p.theme.faint : p.theme.accent},
        bar: {text: full + rest, style: low ? p.theme.barLow : p.theme.bar},
        confidence: c.confidence === null ? g.none : c.confidence.toFixed(2),
        value: c.expectedValue === null ? g.none : formatMoney(c.expectedValue, PREDICTION_CURRENCY, p.ascii),
        place: place(v),
        name: nameCell(v, privacy, p),
      },
      style: low ? p.theme.faint : null,
    };
  }, empty, sameVisitor, () => (privacy ? '1' : '0'));
}

/** The currency of the payment an event records: the same amount and payer within a minute. */
function paymentCurrency(e: GoalEvent, feed: Feed | null): string | null {
  if (!feed || e.amount === null) return null;
  const at = e.timestamp ? Date.parse(e.timestamp) : NaN;
  for (const pay of feed.payments) {
    if (pay.amount !== e.amount || !pay.currency) continue;
    if (e.name && pay.name && e.name !== pay.name) continue;
    const t = pay.timestamp ? Date.parse(pay.timestamp) : NaN;
    if (Number.isNaN(at) || Number.isNaN(t) || Math.abs(at - t) <= 60_000) return pay.currency;
  }
  return null;
}

export function eventsView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const g = glyphs(p.ascii);
  const columns: Column[] = [
    // When room is short the time stays longest (an event list is a timeline), then the page, then the name.
    {key: 'time', title: strings.col.clock, width: 8, dropOrder: 1},
    {key: 'goal', title: strings.col.goal, width: 10, flex: 2},
    {key: 'page', title: strings.col.page, width: 8, flex: 2, dropOrder: 2},
    {key: 'cc', title: 'CC', width: 2},
    {key: 'name', title: strings.col.name, width: 8, flex: 1, dropOrder: 3},
    {key: 'details', title: strings.col.details, width: 8, flex: 1, dropOrder: 4},
  ];
  const extra = countRuns(p, feed, derived.events.length, derived.totalEvents);
  if (derived.goalsOnly) extra.push({text: `${g.sep}${strings.goalsOnly}`, style: p.theme.warn});
  const what = derived.goalsOnly ? 'goals' : 'events';
  const nothing = derived.goalsOnly ? strings.empty.goals : strings.empty.events;
  return renderList(props, 4, strings.pane.events, extra, columns, derived.events, (e: GoalEvent) => {
    const fresh = newSinceLastPoll(feed).events.has(e.id);
    const isPageview = e.type === 'pageview';
    const details = Object.entries(e.data).map(([k, v]) => `${k}=${v ?? ''}`).join(' ');
    return {
      cells: {
        mark: fresh ? {text: '+', style: p.theme.fresh} : ' ',
        time: formatClock(e.timestamp, p.ascii),
        goal: {text: e.type ?? g.none, style: isPageview ? p.theme.pageview : p.theme.goal},
        page: e.path ?? g.none,
        cc: e.countryCode ?? '??',
        name: e.name ? (privacy ? strings.hidden : e.name) : g.none,
        // Events carry no currency: the payment's it records (same payer and amount, near in time), else the
        // site's, when known; else the amount alone (never a guessed "$").
        details: e.amount !== null ? `${formatMoney(e.amount, paymentCurrency(e, feed) ?? props.currency ?? null, p.ascii)} ${details}`.trimEnd() : details,
      },
      style: isPageview ? p.theme.pageview : null,
    };
  }, emptyText(props, what, nothing), sameEvent, (e) => `${newSinceLastPoll(feed).events.has(e.id) ? 1 : 0}${privacy ? 1 : 0}${e.amount !== null ? paymentCurrency(e, feed) ?? props.currency ?? '' : ''}`);
}

export function paymentsView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const g = glyphs(p.ascii);
  const unfiltered = isActive(derived.filter) ? `${g.sep}${strings.notFiltered}` : '';
  // The title's room for the amounts: what "─ 5 Payments ", the note, "↑N above" (when scrolled) and a last rule
  // leave. The longest form that fits with " in 10 min", else without it; else the shortest, cut by the title.
  const above = props.offset ? ` ${strings.above(g.up, props.offset)}` : '';
  const room = props.width - displayWidth(`${g.rule} 5 ${strings.pane.payments} ${unfiltered}${above} ${g.rule}`);
  const forms = amountForms(derived.revenue.map(([c, n]) => formatMoney(n, c, p.ascii)), g.sep);
  const window = ` ${strings.inWindow}`;
  const withWindow = longestFitting(forms.map((f) => f + window), room);
  // Nothing fits: under a filter the note stays and the amounts go (the note is what the title is for under a filter), else they are cut.
  const amounts = withWindow ? withWindow.slice(0, -window.length) : longestFitting(forms, room) ?? (unfiltered ? undefined : forms.at(-1));
  const extra: Run[] = amounts ? [{text: amounts, style: p.theme.money}, ...(withWindow ? [{text: window, style: p.theme.faint}] : [])] : [];
  if (unfiltered) extra.push({text: extra.length ? unfiltered : strings.notFiltered, style: p.theme.faint});
  // The badge column is there only when some payment has a badge.
  const badged = derived.payments.some((pay) => pay.renewal || pay.isNew);
  const columns: Column[] = [
    {key: 'time', title: strings.col.clock, width: 8, dropOrder: 1},
    {key: 'amount', title: strings.col.amount, width: 12, align: 'right'},
    ...(badged ? [{key: 'badge', title: '', width: 5}] : []),
    {key: 'name', title: strings.col.name, width: 8, flex: 1},
    {key: 'email', title: strings.col.email, width: 10, flex: 1, dropOrder: 2},
  ];
  return renderList(props, 5, strings.pane.payments, extra, columns, derived.payments, (pay: Payment) => {
    const fresh = newSinceLastPoll(feed).payments.has(pay.id);
    return {
      cells: {
        mark: fresh ? {text: '+', style: p.theme.fresh} : ' ',
        time: formatClock(pay.timestamp, p.ascii),
        amount: {text: formatMoney(pay.amount, pay.currency, p.ascii), style: p.theme.money},
        badge: pay.renewal ? {text: strings.badge.renewal, style: p.theme.badgeRenewal} : pay.isNew ? {text: strings.badge.new, style: p.theme.badgeNew} : '',
        name: pay.name ? (privacy ? strings.hidden : pay.name) : g.none,
        email: pay.email ? (privacy ? strings.hidden : pay.email) : g.none,
      },
    };
  }, feed ? strings.empty.payments : strings.empty.waiting, samePayment, (pay) => `${newSinceLastPoll(feed).payments.has(pay.id) ? 1 : 0}${privacy ? 1 : 0}`);
}
