import type {DataFastError} from '../../api/errors.js';
import {adviceFor} from '../../api/errors.js';
import type {Feed, Visitor} from '../../model/types.js';
import type {Run} from '../../text/style.js';
import {formatClock, formatMoney, formatPercent} from '../format.js';
import {helpEntries, hintEntries, type Scope} from '../keymap.js';
import {strings} from '../strings.js';
import {layoutColumns, tableRow} from '../table.js';
import {THEME, type Painter} from '../theme.js';
import {box, line, titleRow, type Lines} from './common.js';
import {displayWidth} from '../../text/width.js';
import {describeError} from './header.js';

/** Label/value rows; values are sanitised by tableRow. */
function fields(p: Painter, width: number, rows: [string, string | null, Run['style']?][]): Lines {
  const layout = layoutColumns([{key: 'label', title: '', width: 20}, {key: 'value', title: '', width: 10, flex: 1}], width - 2);
  return rows.map(([label, value, style]) => [
    {text: '  ', style: null},
    ...tableRow(layout, {label: {text: label, style: p.theme.dim}, value: {text: value ?? '—', style: style ?? null}}),
  ]);
}

export function detailView(p: Painter, visitor: Visitor | null, privacy: boolean, width: number, height: number): Lines {
  const f = strings.detail.fields;
  const lines: Lines = [titleRow(p.theme, width, null, strings.detail.title, [{text: strings.detail.close, style: p.theme.faint}], true, p.ascii)];
  if (!visitor) return box([...lines, line('  ' + strings.detail.gone, p.theme.warn)], width, height);
  const v = visitor;
  const c = v.conversion;
  const utm = v.utm ? Object.entries(v.utm).filter(([, x]) => x).map(([k, x]) => `${k}=${x}`).join(' ') || null : null;
  const hide = (s: string | null) => (s && privacy ? '(hidden)' : s);
  const rows: [string, string | null, Run['style']?][] = [
    [f.id, v.id],
    [f.place, [v.city, v.countryCode].filter(Boolean).join(', ') || null],
    [f.region, v.region],
    [f.coordinates, v.lat !== null && v.lon !== null ? `${v.lat.toFixed(3)}, ${v.lon.toFixed(3)}` : null],
    [f.device, v.device],
    [f.browser, v.browser],
    [f.os, v.os],
    [f.page, v.url],
    [f.referrer, v.referrer],
    [f.utm, utm],
    [f.sessionStart, v.sessionStart ? `${formatClock(v.sessionStart)} (${v.sessionStart})` : null],
    [f.visitCount, v.visitCount !== null ? String(v.visitCount) : null],
    [f.name, hide(v.name) ? `${hide(v.name)}${v.nameIsRandom ? ' (generated)' : ''}` : null],
    [f.email, hide(v.email)],
    [f.customer, v.isCustomer ? 'yes' : 'no', v.isCustomer ? p.theme.badgeCustomer : null],
  ];
  if (c) {
    const low = (c.confidence ?? 0) < 0.5;
    rows.push(
      [f.score, c.score !== null ? String(c.score) : null, low ? p.theme.faint : p.theme.accent],
      [f.confidence, c.confidence !== null ? `${c.confidence.toFixed(2)}${low ? ' — ' + strings.detail.lowConfidence : ''}` : null, low ? p.theme.warn : null],
      [f.baseline, c.isBaseline === null ? null : c.isBaseline ? 'yes (no matching segment)' : 'no'],
      [f.matches, c.dimensionMatches.length ? c.dimensionMatches.join(', ') : null],
      [f.rate, formatPercent(c.conversionRate)],
      [f.average, c.averageValue !== null ? formatMoney(c.averageValue, 'USD') : null],
      [f.expected, c.expectedValue !== null ? formatMoney(c.expectedValue, 'USD') : null],
    );
  }
  return box([...lines, ...fields(p, width, rows)], width, height);
}

/** The help's rows, from the keymap: two columns when both fit side by side and one would not fit the height. */
function helpRows(p: Painter, width: number, height: number): Lines {
  const entries = helpEntries();
  const keyWidth = Math.max(...entries.map((e) => e.keys.length)) + 2;
  const itemWidth = 2 + keyWidth + Math.max(...entries.map((e) => e.help.length));
  const items: Lines = [];
  for (const scope of ['global', 'list', 'map'] as Scope[]) {
    items.push(line(strings.help.scopes[scope], p.theme.title));
    for (const e of entries.filter((x) => x.scope === scope)) items.push([{text: '  ' + e.keys.padEnd(keyWidth), style: p.theme.key}, {text: e.help, style: null}]);
  }
  if (width < itemWidth * 2 + 2 || items.length <= height - 1) return items;
  const half = Math.ceil(items.length / 2);
  const colWidth = Math.floor(width / 2);
  const left = box(items.slice(0, half), colWidth, half);
  const right = box(items.slice(half), width - colWidth, half);
  return left.map((l, i) => [...l, ...right[i]]);
}

/** How far the help scrolls on a `width`×`height` body: a title row and a "more" row frame the rest. */
export function helpScrollLimit(width: number, height: number): number {
  const rows = helpRows({theme: THEME, depth: 'none', ascii: false}, width, height).length;
  return rows <= height - 1 ? 0 : rows - (height - 2);
}

/** The help; on a short screen it scrolls (`offset` rows down) with the list keys. */
export function helpView(p: Painter, width: number, height: number, offset = 0): Lines {
  const title = titleRow(p.theme, width, null, strings.help.title, [{text: strings.help.close, style: p.theme.faint}], true, p.ascii);
  const rows = helpRows(p, width, height);
  if (rows.length <= height - 1) return box([title, ...rows], width, height);
  const start = Math.max(0, Math.min(offset, helpScrollLimit(width, height)));
  const shown = rows.slice(start, start + height - 2);
  const more = start + shown.length < rows.length;
  return box([title, ...shown, line(more ? strings.help.more : strings.help.end, p.theme.faint)], width, height);
}

export function errorPanel(p: Painter, error: DataFastError, width: number, height: number): Lines {
  const lines: Lines = [
    titleRow(p.theme, width, null, strings.errorPanel.title, [], true, p.ascii),
    [],
    line('  ' + describeError(error), p.theme.bad),
    line('  ' + adviceFor(error.kind), null),
    [],
    line('  ' + strings.errorPanel.retry, p.theme.dim),
  ];
  return box(lines, width, height);
}

/** As many whole hints as fit, in keymap order (quit and help come first). */
export function hintView(p: Painter, width: number): Lines {
  const runs: Run[] = [];
  let used = 0;
  for (const h of hintEntries()) {
    const w = displayWidth(h.keys) + h.hint.length + 3;
    if (used + w - 2 > width) break;
    runs.push({text: h.keys, style: p.theme.key}, {text: ` ${h.hint}  `, style: p.theme.faint});
    used += w;
  }
  const last = runs[runs.length - 1];
  if (last) runs[runs.length - 1] = {...last, text: last.text.trimEnd()};
  return box([runs], width, 1);
}

export function tinyView(p: Painter, feed: Feed | null, width: number, height: number, cols: number, rows: number): Lines {
  const lines: Lines = [];
  if (feed) {
    lines.push([{text: `${feed.events.length} events · ${feed.payments.length} payments`, style: p.theme.dim}]);
  }
  for (const part of wrapWords(strings.tiny(cols, rows), width)) lines.push(line(part, p.theme.warn));
  return box(lines, width, height);
}

/** Greedy word wrap for short ASCII messages. */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}
