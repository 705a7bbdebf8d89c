import type {PaneId} from './state.js';

export type Rect = {x: number; y: number; width: number; height: number};
export type LayoutKind = 'wide' | 'standard' | 'side' | 'tiny';

export type Layout = {
  kind: LayoutKind;
  width: number;
  /** Rows the frame uses: at most the terminal's rows - 1, since a frame that reaches the terminal's height
   * makes Ink 6.8 clear the screen and its scrollback on every update. */
  height: number;
  header: Rect;
  body: Rect;
  hint: Rect;
  panes: Partial<Record<PaneId, Rect>>;
};

export const MIN_MAP = {cols: 40, rows: 14};
const HEADER_ROWS = 2;

export function chooseKind(cols: number, rows: number): LayoutKind {
  if (cols < MIN_MAP.cols || rows < MIN_MAP.rows) return 'tiny';
  if (cols >= 150 && rows >= 40) return 'wide';
  if (cols >= 100) return 'standard';
  return 'side';
}

/** Rows a world map wants at a width: braille dots are square and the fitted world is about 2:1 (+1 legend). */
export function idealMapRows(width: number): number {
  return Math.max(4, Math.round((width * 2) / 2.1 / 4)) + 1;
}

/** Columns a world map of `rows` rows (title and legend included) fills before its height limits it. */
export function mapWidthFor(rows: number): number {
  return Math.ceil(((rows - 2) * 4 * 2.1) / 2) + 2;
}

const rect = (x: number, y: number, width: number, height: number): Rect => ({x, y, width: Math.max(0, width), height: Math.max(0, height)});

export function computeLayout(cols: number, rows: number, options: {expanded?: PaneId | null} = {}): Layout {
  const width = Math.max(1, cols);
  const height = Math.max(1, rows - 1);
  const kind = chooseKind(cols, rows);
  const header = rect(0, 0, width, Math.min(HEADER_ROWS, height));
  if (kind === 'tiny') {
    const body = rect(0, header.height, width, height - header.height);
    return {kind, width, height, header, body, hint: rect(0, height, width, 0), panes: {}};
  }
  const hint = rect(0, height - 1, width, 1);
  const body = rect(0, header.height, width, height - header.height - hint.height);
  const panes: Layout['panes'] = {};
  if (options.expanded) {
    panes[options.expanded] = body;
    return {kind, width, height, header, body, hint, panes};
  }
  const {x, y} = body;
  if (kind === 'wide') {
    const mapWidth = Math.round(width * 0.62);
    const mapRows = Math.min(idealMapRows(mapWidth), Math.floor(body.height * 0.62));
    panes.map = rect(x, y, mapWidth, mapRows);
    panes.visitors = rect(x + mapWidth + 1, y, width - mapWidth - 1, mapRows);
    const rest = body.height - mapRows;
    const third = Math.floor((width - 2) / 3);
    panes.scores = rect(x, y + mapRows, third, rest);
    panes.events = rect(x + third + 1, y + mapRows, third, rest);
    panes.payments = rect(x + 2 * third + 2, y + mapRows, width - 2 * third - 2, rest);
  } else if (kind === 'standard') {
    // The map is as wide as its height allows; payments and scores (slow to change) take the room beside it.
    // Visitors and events (fast) get whole rows below, which the terminal can scroll in place.
    const mapRows = Math.min(idealMapRows(width), Math.floor(body.height * 0.5));
    const mapWidth = Math.min(width, mapWidthFor(mapRows));
    const side = width - mapWidth - 1;
    const rest = body.height - mapRows;
    const visitors = Math.ceil(rest * 0.55);
    if (side >= 34) {
      panes.map = rect(x, y, mapWidth, mapRows);
      const payments = Math.ceil(mapRows / 2);
      panes.payments = rect(x + mapWidth + 1, y, side, payments);
      panes.scores = rect(x + mapWidth + 1, y + payments, side, mapRows - payments);
      panes.visitors = rect(x, y + mapRows, width, visitors);
      panes.events = rect(x, y + mapRows + visitors, width, rest - visitors);
    } else {
      panes.map = rect(x, y, width, mapRows);
      panes.visitors = rect(x, y + mapRows, width, visitors);
      const third = Math.floor((width - 2) / 3);
      const lower = y + mapRows + visitors;
      panes.events = rect(x, lower, third, rest - visitors);
      panes.payments = rect(x + third + 1, lower, third, rest - visitors);
      panes.scores = rect(x + 2 * third + 2, lower, width - 2 * third - 2, rest - visitors);
    }
  } else {
    const mapRows = Math.min(idealMapRows(width), Math.max(5, Math.floor(body.height * 0.45)));
    panes.map = rect(x, y, width, mapRows);
    const rest = body.height - mapRows;
    // Stacked lists: each needs a title and a row; when they do not all fit, the visitors list stays.
    if (rest >= 12) {
      const visitors = rest - 3 * Math.floor(rest / 4);
      const each = Math.floor(rest / 4);
      panes.visitors = rect(x, y + mapRows, width, visitors);
      panes.scores = rect(x, y + mapRows + visitors, width, each);
      panes.events = rect(x, y + mapRows + visitors + each, width, each);
      panes.payments = rect(x, y + mapRows + visitors + 2 * each, width, each);
    } else if (rest >= 2) {
      panes.visitors = rect(x, y + mapRows, width, rest);
    }
  }
  return {kind, width, height, header, body, hint, panes};
}
