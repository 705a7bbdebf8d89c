import {sanitise} from '../model/sanitise.js';
import {fit} from '../text/width.js';
import type {Run, Style} from '../text/style.js';
import {glyphs} from './glyphs.js';

// Tables are built from plain rows of runs that Ink's <Text> draws (ink-table 3.x cannot load beside
// Ink 6). Widths are measured with string-width; cells are cut with an ellipsis.

export type Column = {
  key: string;
  title: string;
  /** Fixed width, or the minimum width of a flexible column. */
  width: number;
  /** Share of the space left once fixed columns have theirs; 0 = fixed. */
  flex?: number;
  align?: 'left' | 'right';
  /** Columns with a higher priority are dropped first when the table is too narrow. */
  dropOrder?: number;
};

export type Cell = {text: string; style?: Style | null};

/** Which columns fit in `width` and how wide each is (one space between columns). */
export function layoutColumns(columns: readonly Column[], width: number): {column: Column; width: number}[] {
  let shown = [...columns];
  const need = (cols: Column[]) => cols.reduce((n, c) => n + c.width, 0) + Math.max(0, cols.length - 1);
  while (shown.length > 1 && need(shown) > width) {
    const droppable = shown.filter((c) => (c.dropOrder ?? 0) > 0);
    if (droppable.length === 0) break;
    const drop = droppable.reduce((a, b) => ((b.dropOrder ?? 0) > (a.dropOrder ?? 0) ? b : a));
    shown = shown.filter((c) => c !== drop);
  }
  let spare = Math.max(0, width - need(shown));
  const flexTotal = shown.reduce((n, c) => n + (c.flex ?? 0), 0);
  const widths = shown.map((c) => c.width);
  if (flexTotal > 0) {
    let given = 0;
    shown.forEach((c, i) => {
      if (!c.flex) return;
      const extra = Math.floor((spare * c.flex) / flexTotal);
      widths[i] += extra;
      given += extra;
    });
    spare -= given;
    const lastFlex = shown.map((c) => c.flex ?? 0).lastIndexOf(Math.max(...shown.map((c) => c.flex ?? 0)));
    widths[lastFlex] += spare;
  } else if (shown.length) {
    widths[widths.length - 1] += spare;
  }
  // Still too wide (a very narrow pane): the last column absorbs the overflow.
  const overflow = widths.reduce((a, b) => a + b, 0) + Math.max(0, shown.length - 1) - width;
  if (overflow > 0) widths[widths.length - 1] = Math.max(0, widths[widths.length - 1] - overflow);
  return shown.map((column, i) => ({column, width: widths[i]}));
}

/** A cell's text fitted to `width` columns; in ASCII a cut ends with the ASCII cut mark (same width). */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left', ascii = false): string {
  const out = fit(sanitise(text), width, align);
  return ascii && out.includes('…') ? out.replaceAll('…', glyphs(true).cut) : out;
}

/**
 * One table row, exactly `width` columns; every cell's text is sanitised here, the last gate before a frame.
 * `ascii`: cells cut to fit end with the ASCII cut mark.
 */
export function tableRow(layout: {column: Column; width: number}[], cells: Record<string, Cell | string>, base: Style | null = null, ascii = false): Run[] {
  const runs: Run[] = [];
  layout.forEach(({column, width}, i) => {
    if (i > 0) runs.push({text: ' ', style: base});
    const cell = cells[column.key];
    const text = typeof cell === 'string' ? cell : cell?.text ?? '';
    const style = typeof cell === 'string' ? base : cell?.style ?? base;
    runs.push({text: fitCell(text, width, column.align ?? 'left', ascii), style: base && style !== base ? {...base, ...style, bg: base.bg} : style});
  });
  return runs;
}

export function headerRow(layout: {column: Column; width: number}[], style: Style, ascii = false): Run[] {
  return tableRow(layout, Object.fromEntries(layout.map(({column}) => [column.key, column.title])), style, ascii);
}
