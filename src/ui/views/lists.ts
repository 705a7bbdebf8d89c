import type {Feed, GoalEvent, Payment, Visitor} from '../../model/types.js';
import type {Run, Style} from '../../text/style.js';
import {formatDuration, formatClock, formatMoney, formatPercent, shortUrl} from '../format.js';
import {headerRow, layoutColumns, tableRow, type Cell, type Column} from '../table.js';
import type {Painter} from '../theme.js';
import {strings} from '../strings.js';
import type {Derived} from '../derive.js';
import type {Sort} from '../state.js';
import {box, line, titleRow, type Lines} from './common.js';

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
};

/** First visible row so the cursor stays in view; lists render only what is visible. */
export function scrollOffset(cursor: number, length: number, visible: number): number {
  if (length <= visible) return 0;
  return Math.max(0, Math.min(length - visible, cursor - Math.floor(visible / 2)));
}

const PRIVATE = '(hidden)';

function nameCell(v: {name: string | null; nameIsRandom?: boolean}, privacy: boolean, p: Painter): Cell {
  if (!v.name) return {text: '—', style: p.theme.faint};
  if (privacy) return {text: PRIVATE, style: p.theme.faint};
  return {text: v.name, style: v.nameIsRandom ? p.theme.dim : null};
}

function place(v: {countryCode: string | null; city: string | null}): string {
  return [v.countryCode ?? '??', v.city].filter(Boolean).join(' ');
}

function renderList<T>(
  props: ListProps,
  number: number,
  title: string,
  extra: Run[],
  columns: Column[],
  items: readonly T[],
  cells: (item: T, selected: boolean) => {cells: Record<string, Cell | string>; style?: Style | null},
  empty: string,
): Lines {
  const {painter: p, width, height, focused} = props;
  const lines: Lines = [titleRow(p.theme, width, number, title, extra, focused, p.ascii)];
  if (height <= 1) return box(lines, width, height);
  const layout = layoutColumns([{key: 'mark', title: '', width: 1}, ...columns], width);
  lines.push(headerRow(layout, p.theme.dim));
  const visible = height - 2;
  if (items.length === 0) {
    lines.push(line(' ' + empty, p.theme.faint));
    return box(lines, width, height);
  }
  const cursor = Math.min(props.cursor, items.length - 1);
  const offset = scrollOffset(cursor, items.length, visible);
  for (let i = offset; i < Math.min(items.length, offset + visible); i++) {
    const selected = focused && i === cursor;
    const row = cells(items[i], selected);
    const mark: Cell = selected ? {text: p.ascii ? '>' : '›', style: p.theme.titleFocused} : (row.cells.mark as Cell) ?? ' ';
    lines.push(tableRow(layout, {...row.cells, mark}, selected ? p.theme.selected : row.style ?? null));
  }
  return box(lines, width, height);
}

const countLabel = (shown: number, total: number) => (shown === total ? String(total) : `${shown}/${total}`);

export function visitorsView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const now = feed ? Date.parse(feed.fetchedAt) : Date.now();
  const extra: Run[] = [{text: countLabel(derived.visitors.length, feed?.visitors.length ?? 0), style: p.theme.accent}, {text: ` · ${strings.sort} ${props.sort}`, style: p.theme.faint}];
  if (props.filter) extra.push({text: ` · /${props.filter}`, style: p.theme.warn});
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
    const fresh = feed?.fresh.visitors.has(v.id) ?? false;
    return {
      cells: {
        mark: fresh ? {text: '+', style: p.theme.fresh} : ' ',
        place: {text: place(v), style: fresh ? p.theme.fresh : null},
        device: v.device ?? '—',
        browser: v.browser ?? '—',
        os: v.os ?? '—',
        page: shortUrl(v.url),
        time: Number.isNaN(started) ? '—' : formatDuration(now - started),
        name: nameCell(v, privacy, p),
        badge: v.isCustomer ? {text: '$', style: p.theme.badgeCustomer} : '',
        score: v.conversion?.score != null ? {text: String(Math.round(v.conversion.score)), style: (v.conversion.confidence ?? 1) < 0.5 ? p.theme.faint : p.theme.accent} : '',
      },
    };
  }, feed ? strings.empty.visitors : strings.empty.waiting);
}

function bar(score: number, width: number, ascii: boolean): [string, string] {
  const filled = Math.round((Math.max(0, Math.min(100, score)) / 100) * width);
  return ascii ? ['#'.repeat(filled), '.'.repeat(width - filled)] : ['━'.repeat(filled), '─'.repeat(width - filled)];
}

export function scoresView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const metrics = feed?.conversionMetrics;
  const extra: Run[] = [];
  if (metrics && metrics.baselineConversionRate !== null) {
    extra.push({text: `${strings.baseline} ${formatPercent(metrics.baselineConversionRate)} × ${formatMoney(metrics.baselineAverageValue, 'USD')}`, style: p.theme.faint});
  }
  const columns: Column[] = [
    {key: 'score', title: strings.col.score, width: 3, align: 'right'},
    {key: 'bar', title: '', width: 6, flex: 1, dropOrder: 2},
    {key: 'confidence', title: strings.col.confidence, width: 4, align: 'right', dropOrder: 3},
    {key: 'value', title: strings.col.expected, width: 6, align: 'right', dropOrder: 1},
    {key: 'place', title: strings.col.place, width: 8, flex: 1, dropOrder: 4},
    {key: 'name', title: strings.col.name, width: 8, flex: 1, dropOrder: 5},
  ];
  const empty = feed && !feed.hasConversionPredictions ? strings.empty.noPredictions : feed ? strings.empty.scores : strings.empty.waiting;
  const items = feed && !feed.hasConversionPredictions ? [] : derived.scores;
  const barWidth = Math.max(6, layoutColumns([{key: 'mark', title: '', width: 1}, ...columns], props.width).find((c) => c.column.key === 'bar')?.width ?? 6);
  return renderList(props, 3, strings.pane.scores, extra, columns, items, (v: Visitor) => {
    const c = v.conversion!;
    const low = (c.confidence ?? 0) < 0.5;
    const [full, rest] = bar(c.score ?? 0, barWidth, p.ascii);
    return {
      cells: {
        score: {text: String(Math.round(c.score ?? 0)), style: low ? p.theme.faint : p.theme.accent},
        bar: {text: full + rest, style: low ? p.theme.barLow : p.theme.bar},
        confidence: c.confidence === null ? '—' : c.confidence.toFixed(2),
        value: c.expectedValue === null ? '—' : formatMoney(c.expectedValue, 'USD'),
        place: place(v),
        name: nameCell(v, privacy, p),
      },
      style: low ? p.theme.faint : null,
    };
  }, empty);
}

export function eventsView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const columns: Column[] = [
    {key: 'time', title: strings.col.clock, width: 8, dropOrder: 3},
    {key: 'goal', title: strings.col.goal, width: 10, flex: 2},
    {key: 'page', title: strings.col.page, width: 8, flex: 2, dropOrder: 2},
    {key: 'cc', title: 'CC', width: 2},
    {key: 'name', title: strings.col.name, width: 8, flex: 1, dropOrder: 1},
    {key: 'details', title: strings.col.details, width: 8, flex: 1, dropOrder: 4},
  ];
  return renderList(props, 4, strings.pane.events, [{text: String(derived.events.length), style: p.theme.accent}], columns, derived.events, (e: GoalEvent) => {
    const fresh = feed?.fresh.events.has(e.id) ?? false;
    const isPageview = e.type === 'pageview';
    const details = Object.entries(e.data).map(([k, v]) => `${k}=${v ?? ''}`).join(' ');
    return {
      cells: {
        mark: fresh ? {text: '+', style: p.theme.fresh} : ' ',
        time: formatClock(e.timestamp),
        goal: {text: e.type ?? '—', style: fresh ? p.theme.fresh : isPageview ? p.theme.pageview : p.theme.goal},
        page: e.path ?? '—',
        cc: e.countryCode ?? '??',
        name: e.name ? (privacy ? PRIVATE : e.name) : '—',
        details: e.amount !== null ? `${formatMoney(e.amount, 'USD')} ${details}` : details,
      },
      style: isPageview && !fresh ? p.theme.pageview : null,
    };
  }, feed ? strings.empty.events : strings.empty.waiting);
}

export function paymentsView(props: ListProps): Lines {
  const {painter: p, feed, derived, privacy} = props;
  const extra: Run[] = derived.revenue.length
    ? [{text: derived.revenue.map(([c, n]) => formatMoney(n, c)).join(' · '), style: p.theme.money}, {text: ` ${strings.inWindow}`, style: p.theme.faint}]
    : [];
  const columns: Column[] = [
    {key: 'time', title: strings.col.clock, width: 8, dropOrder: 2},
    {key: 'amount', title: strings.col.amount, width: 12, align: 'right'},
    {key: 'badge', title: '', width: 5},
    {key: 'name', title: strings.col.name, width: 8, flex: 1},
    {key: 'email', title: strings.col.email, width: 10, flex: 1, dropOrder: 1},
  ];
  return renderList(props, 5, strings.pane.payments, extra, columns, derived.payments, (pay: Payment) => {
    const fresh = feed?.fresh.payments.has(pay.id) ?? false;
    return {
      cells: {
        mark: fresh ? {text: '+', style: p.theme.fresh} : ' ',
        time: formatClock(pay.timestamp),
        amount: {text: formatMoney(pay.amount, pay.currency), style: p.theme.money},
        badge: pay.renewal ? {text: strings.badge.renewal, style: p.theme.badgeRenewal} : pay.isNew ? {text: strings.badge.new, style: p.theme.badgeNew} : '',
        name: pay.name ? (privacy ? PRIVATE : pay.name) : '—',
        email: pay.email ? (privacy ? PRIVATE : pay.email) : '—',
      },
    };
  }, feed ? strings.empty.payments : strings.empty.waiting);
}
