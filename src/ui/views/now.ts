import {isActive} from '../../model/filter.js';
import {NOW_SECTIONS, type NowRow, type NowSection} from '../../model/now.js';
import type {Feed} from '../../model/types.js';
import type {Run} from '../../text/style.js';
import {NOW_PANE_ROWS, type Derived} from '../derive.js';
import {formatDelta} from '../format.js';
import {glyphs} from '../glyphs.js';
import {strings} from '../strings.js';
import {layoutColumns, tableRow, type Cell, type Column} from '../table.js';
import type {Painter} from '../theme.js';
import {blank, box, line, titleRow, type Lines} from './common.js';
import {scrollOffset} from './lists.js';
import {displayWidth} from '../../text/width.js';

// Pane 6, "Now": what is hot right now among the (filtered) visitors. Sections (pages, sources, countries,
// devices, browsers) side by side when the pane is wide, stacked otherwise; each row has its count, its
// change since the previous poll and a bar. The cursor moves over `derived.nowRows` (every section's rows in
// order); Enter applies the row as a filter (state.ts, through derive.ts openTargetAt).

export type NowViewProps = {
  painter: Painter;
  feed: Feed | null;
  derived: Derived;
  width: number;
  height: number;
  focused: boolean;
  /** Index into derived.nowRows. */
  cursor: number;
  /** Draw the title row (the dashboard does; the snapshot does too). */
  titled?: boolean;
  /** The pane whose place this one took, when nothing else on screen names it ("in place of 5 Payments"). */
  insteadOf?: {key: string; name: string} | null;
};

/** A section column is at least this wide; below it sections stack. */
export const NOW_COLUMN_MIN = 30;

/** Row columns; the change column only once there is a previous poll to compare with. */
function columnsFor(withDelta: boolean): Column[] {
  return [
    {key: 'mark', title: '', width: 1},
    {key: 'label', title: '', width: 10, flex: 5},
    {key: 'count', title: '', width: 4, align: 'right'},
    ...(withDelta ? [{key: 'delta', title: '', width: 4, align: 'right' as const, dropOrder: 2}] : []),
    {key: 'bar', title: '', width: 3, flex: 1, dropOrder: 1},
  ];
}

type Placed = {section: NowSection; rows: NowRow[]; first: number};

/** Every section with where its rows start in derived.nowRows. */
function sectionsOf(derived: Derived): Placed[] {
  let first = 0;
  return NOW_SECTIONS.map((section) => {
    const rows = derived.nowRows.filter((r) => r.section === section);
    const placed = {section, rows, first};
    first += rows.length;
    return placed;
  });
}

/** Lines with, for each, the index into derived.nowRows it shows (null: a heading or a gap). */
type Indexed = {lines: Lines; index: (number | null)[]};

/** One section: a heading and up to `room - 1` rows, scrolled to keep the cursor's row in view. */
function sectionLines(p: Painter, s: Placed, width: number, room: number, cursor: number | null, perSection: number): Indexed {
  const g = glyphs(p.ascii);
  const out: Lines = [];
  const index: (number | null)[] = [];
  if (room <= 0) return {lines: out, index};
  const max = Math.max(1, ...s.rows.map((r) => r.count));
  out.push([{text: ' ' + strings.now.sections[s.section], style: p.theme.title}, ...(s.rows.length ? [] : [{text: ` ${g.none}`, style: p.theme.faint}])]);
  index.push(null);
  const visible = Math.min(room - 1, perSection);
  const local = cursor !== null && cursor >= s.first && cursor < s.first + s.rows.length ? cursor - s.first : null;
  const offset = scrollOffset(local ?? 0, s.rows.length, visible);
  const layout = layoutColumns(columnsFor(s.rows.some((r) => r.delta !== null)), width);
  const barWidth = layout.find((c) => c.column.key === 'bar')?.width ?? 0;
  for (let i = offset; i < Math.min(s.rows.length, offset + visible); i++) {
    const row = s.rows[i];
    const selected = local === i;
    const filled = Math.max(1, Math.round((row.count / max) * barWidth));
    const delta: Cell | string = row.delta === null || row.delta === 0 ? '' : {text: formatDelta(row.delta, p.ascii), style: row.delta > 0 ? p.theme.good : p.theme.warn};
    const cells: Record<string, Cell | string> = {
      mark: selected ? {text: g.cursor, style: p.theme.titleFocused} : ' ',
      label: {text: row.label, style: row.term === null ? p.theme.faint : null},
      count: {text: String(row.count), style: p.theme.accent},
      delta,
      bar: {text: g.barFull.repeat(Math.min(barWidth, filled)), style: p.theme.bar},
    };
    out.push(tableRow(layout, cells, selected ? p.theme.selected : null, p.ascii));
    index.push(s.first + i);
  }
  return {lines: out, index};
}

/**
 * How many rows of each section a `width`×`height` Now pane shows (at least NOW_PANE_ROWS): its sections sit in
 * as many columns as fit, each column's sections share its height (a heading and a gap each).
 */
export function nowRowsPerSection(width: number, height: number): number {
  const columns = Math.max(1, Math.min(NOW_SECTIONS.length, Math.floor((width + 3) / (NOW_COLUMN_MIN + 3))));
  const stacked = Math.ceil(NOW_SECTIONS.length / columns);
  return Math.max(NOW_PANE_ROWS, Math.floor((height - 1 - (stacked - 1)) / stacked) - 1);
}

export function nowView(props: NowViewProps): Lines {
  return renderNow(props).lines;
}

/**
 * Which row of derived.nowRows is at column `x`, line `y` of the pane (0-based, the title row is y = 0): for
 * a mouse click (select it; a second click applies it as a filter). Null on a heading, a gap or the title.
 */
export function nowRowAt(props: NowViewProps, x: number, y: number): number | null {
  const {hits} = renderNow(props);
  return hits.find((h) => y === h.y && x >= h.x && x < h.x + h.width)?.index ?? null;
}

function renderNow(props: NowViewProps): {lines: Lines; hits: {x: number; y: number; width: number; index: number}[]} {
  const {painter: p, feed, derived, width, height, focused} = props;
  const hits: {x: number; y: number; width: number; index: number}[] = [];
  const g = glyphs(p.ascii);
  const lines: Lines = [];
  if (props.titled !== false) {
    // First, when this pane stands in for another: which one, and its key (a narrow title keeps this and cuts the rest).
    const instead: Run[] = props.insteadOf ? [{text: strings.now.insteadOf(props.insteadOf.key, props.insteadOf.name), style: p.theme.warn}, {text: g.sep, style: p.theme.faint}] : [];
    const extra: Run[] = [...instead, ...(feed ? [{text: strings.now.visitors(derived.now.total), style: p.theme.accent}] : [{text: strings.empty.waiting, style: p.theme.faint}])];
    if (feed && isActive(derived.filter)) extra.push({text: `${g.sep}/${derived.filter.text}`, style: p.theme.warn});
    lines.push(titleRow(p.theme, width, 6, strings.pane.now, extra, focused, p.ascii));
  }
  const bodyHeight = height - lines.length;
  if (bodyHeight <= 0) return {lines: box(lines, width, height, p.ascii), hits};
  if (!feed || derived.now.total === 0) {
    const text = !feed ? strings.empty.waiting : isActive(derived.filter) ? strings.empty.noMatch('visitors', derived.filter.text) : strings.empty.visitors;
    return {lines: box([...lines, line(' ' + text, p.theme.faint)], width, height, p.ascii), hits};
  }
  const cursor = focused ? Math.min(props.cursor, derived.nowRows.length - 1) : null;
  const sections = sectionsOf(derived);
  // Columns of sections: as many as fit, sections flowing across them in order.
  // Columns apart by a faint rule, so one column's heading never reads as part of the row beside it.
  const divider: Run = {text: p.ascii ? ' | ' : ' │ ', style: p.theme.rule};
  const gap = displayWidth(divider.text);
  const columns = Math.max(1, Math.min(NOW_SECTIONS.length, Math.floor((width + gap) / (NOW_COLUMN_MIN + gap))));
  const perColumn: Placed[][] = Array.from({length: columns}, () => []);
  sections.forEach((s, i) => perColumn[i % columns].push(s));
  const colWidth = Math.floor((width - gap * (columns - 1)) / columns);
  const top = lines.length;
  const blocks = perColumn.map((list, c) => {
    const w = c === columns - 1 ? width - (columns - 1) * (colWidth + gap) : colWidth;
    const block = columnLines(p, list, w, bodyHeight, cursor, derived.nowPerSection ?? NOW_PANE_ROWS);
    block.index.forEach((index, y) => {
      if (index !== null) hits.push({x: c * (colWidth + gap), y: top + y, width: w, index});
    });
    return block;
  });
  for (let y = 0; y < bodyHeight; y++) {
    const row: Run[] = [];
    blocks.forEach((block, c) => {
      if (c > 0) row.push(divider);
      row.push(...(block.lines[y] ?? blank(block.width)));
    });
    lines.push(row);
  }
  return {lines: box(lines, width, height, p.ascii), hits};
}

/** Sections stacked in one column of `height` rows: each gets an equal share (its heading included), the cursor's first. */
function columnLines(p: Painter, list: Placed[], width: number, height: number, cursor: number | null, perSection: number): Indexed & {width: number} {
  const out: Lines = [];
  const index: (number | null)[] = [];
  let left = height;
  list.forEach((s, i) => {
    const sectionsLeft = list.length - i;
    // A blank row between sections when there is room for it.
    const gap = i > 0 && left > sectionsLeft * 3 ? 1 : 0;
    if (gap) {
      out.push(blank(width));
      index.push(null);
      left -= 1;
    }
    const want = Math.min(s.rows.length, perSection) + 1;
    const share = Math.max(0, Math.floor(left / sectionsLeft));
    const room = Math.min(want, Math.max(share, Math.min(want, 2)), left);
    const section = sectionLines(p, s, width, room, cursor, perSection);
    out.push(...section.lines.map((l) => box([l], width, 1, p.ascii)[0]));
    index.push(...section.index);
    left -= room;
  });
  return {lines: out, index, width};
}
