import type {PaneId} from './state.js';

export type Rect = {x: number; y: number; width: number; height: number};
/** The Now pane joins the panes where it is known. */
export type LayoutPane = PaneId | 'now';
export type LayoutKind = 'wide' | 'standard' | 'short' | 'side' | 'tiny';

export type Layout = {
  kind: LayoutKind;
  width: number;
  /** Rows the frame uses: the whole terminal (the frame writer addresses every cell itself). */
  height: number;
  header: Rect;
  body: Rect;
  hint: Rect;
  panes: Partial<Record<LayoutPane, Rect>>;
  /** A row naming the panes that did not fit (narrow layouts), and which they are. */
  strip: Rect | null;
  hidden: LayoutPane[];
};

export const MIN_MAP = {cols: 40, rows: 14};
const HEADER_ROWS = 2;
/** Below this a list column is too cramped to read: a pane that would be narrower is left out. */
const MIN_LIST_WIDTH = 34;
/** Lists wider than this only stretch their columns: the room is better spent on another pane. */
const MAX_LIST_WIDTH = 72;

/** Lists in the order they give way when room is short: the first ones stay longest. */
const LIST_PRIORITY: readonly LayoutPane[] = ['visitors', 'events', 'payments', 'scores', 'now'];

export function chooseKind(cols: number, rows: number): LayoutKind {
  if (cols < MIN_MAP.cols || rows < 10 || (rows < MIN_MAP.rows && cols < 80)) return 'tiny';
  if (rows - HEADER_ROWS - 1 <= 16 && cols >= 80) return 'short';
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

/** Splits `width` columns into `n` panes with a one-column rule between each; the first ones take the spare. */
function columns(x: number, width: number, n: number): {x: number; width: number}[] {
  const each = Math.floor((width - (n - 1)) / n);
  let spare = width - (n - 1) - each * n;
  const out: {x: number; width: number}[] = [];
  let at = x;
  for (let i = 0; i < n; i++) {
    const w = each + (spare-- > 0 ? 1 : 0);
    out.push({x: at, width: w});
    at += w + 1;
  }
  return out;
}

export function computeLayout(cols: number, rows: number, options: {expanded?: LayoutPane | null; lists?: readonly LayoutPane[]} = {}): Layout {
  const width = Math.max(1, cols);
  const height = Math.max(1, rows);
  const kind = chooseKind(cols, rows);
  // The Now pane has a place of its own where there is room for it (wide); elsewhere `6` shows it in a list's place.
  const lists = options.lists ?? (kind === 'wide' ? LIST_PRIORITY : LIST_PRIORITY.filter((p) => p !== 'now'));
  const header = rect(0, 0, width, Math.min(HEADER_ROWS, height));
  const none = {strip: null, hidden: [] as LayoutPane[]};
  if (kind === 'tiny') {
    const body = rect(0, header.height, width, height - header.height);
    return {kind, width, height, header, body, hint: rect(0, height, width, 0), panes: {}, ...none};
  }
  const hint = rect(0, height - 1, width, 1);
  const body = rect(0, header.height, width, height - header.height - hint.height);
  const panes: Layout['panes'] = {};
  if (options.expanded) {
    panes[options.expanded] = body;
    return {kind, width, height, header, body, hint, panes, ...none};
  }
  const {x, y} = body;
  const ordered = LIST_PRIORITY.filter((p) => lists.includes(p));
  const hiddenFrom = (shown: readonly LayoutPane[]) => ordered.filter((p) => !shown.includes(p));

  if (kind === 'short') {
    // A strip along the bottom of a tmux window: the map as wide as its height allows, then as many lists
    // side by side as fit, each with every row the height gives.
    const mapWidth = Math.min(mapWidthFor(body.height), Math.floor(width * 0.4));
    const showMap = mapWidth >= 20;
    if (showMap) panes.map = rect(x, y, mapWidth, body.height);
    const left = showMap ? mapWidth + 1 : 0;
    const room = width - left;
    const n = Math.max(1, Math.min(ordered.length, Math.floor((room + 1) / (MIN_LIST_WIDTH + 1))));
    const shown = ordered.slice(0, n);
    const widthEach = Math.min(MAX_LIST_WIDTH, Math.floor((room - (n - 1)) / n));
    // Capped panes leave spare room: the map's pane takes it (blank beside the world), so the rule between the
    // map and the first list stays, rather than absurdly wide columns.
    const used = widthEach * n + (n - 1);
    const spare = Math.max(0, room - used);
    if (showMap && spare > 0) panes.map = rect(x, y, mapWidth + spare, body.height);
    columns(x + left + spare, Math.min(room, used), n).forEach((c, i) => (panes[shown[i]] = rect(c.x, y, c.width, body.height)));
    const hidden = hiddenFrom(shown);
    return {kind, width, height, header, body, hint, panes, strip: null, hidden};
  }

  if (kind === 'wide') {
    const mapWidth = Math.round(width * 0.62);
    const mapRows = Math.min(idealMapRows(mapWidth), Math.floor(body.height * 0.62));
    panes.map = rect(x, y, mapWidth, mapRows);
    panes.visitors = rect(x + mapWidth + 1, y, width - mapWidth - 1, mapRows);
    const rest = body.height - mapRows;
    const below = ordered.filter((p) => p !== 'visitors');
    columns(x, width, below.length).forEach((c, i) => (panes[below[i]] = rect(c.x, y + mapRows, c.width, rest)));
    return {kind, width, height, header, body, hint, panes, ...none};
  }

  // Standard and side: the map as wide as its height allows; when that leaves room beside it, the slow lists
  // (payments, scores) go there and the fast ones (visitors, events) get whole rows below, which the
  // terminal can scroll in place.
  const mapShare = kind === 'standard' ? 0.5 : body.height < 16 ? 0.62 : 0.45;
  const mapRows = Math.min(idealMapRows(width), Math.max(5, Math.floor(body.height * mapShare)));
  const mapWidth = Math.min(width, mapWidthFor(mapRows));
  const side = width - mapWidth - 1;
  const rest = body.height - mapRows;
  const besideMap = ordered.filter((p) => p === 'payments' || p === 'scores');
  const belowMap = ordered.filter((p) => p === 'visitors' || p === 'events');
  if (side >= MIN_LIST_WIDTH - 4 && rest >= 6 && besideMap.length) {
    panes.map = rect(x, y, mapWidth, mapRows);
    const first = Math.ceil(mapRows / besideMap.length);
    besideMap.forEach((p, i) => (panes[p] = rect(x + mapWidth + 1, y + i * first, side, i === besideMap.length - 1 ? mapRows - i * first : first)));
    const visitorsRows = belowMap.length > 1 ? Math.ceil(rest * 0.55) : rest;
    belowMap.forEach((p, i) => (panes[p] = rect(x, y + mapRows + (i ? visitorsRows : 0), width, i ? rest - visitorsRows : visitorsRows)));
    return {kind, width, height, header, body, hint, panes, ...none};
  }
  panes.map = rect(x, y, width, mapRows);
  if (kind === 'standard' && rest >= 8) {
    const visitorsRows = Math.ceil(rest * 0.55);
    panes.visitors = rect(x, y + mapRows, width, visitorsRows);
    const others = ordered.filter((p) => p !== 'visitors');
    columns(x, width, others.length).forEach((c, i) => (panes[others[i]] = rect(c.x, y + mapRows + visitorsRows, c.width, rest - visitorsRows)));
    return {kind, width, height, header, body, hint, panes, ...none};
  }
  // Stacked lists: each needs a title, a heading and a row; when they do not all fit, the first stays (the
  // focused one takes its place) and a strip names the others.
  if (rest >= 5 * ordered.length) {
    const each = Math.floor(rest / ordered.length);
    const first = rest - each * (ordered.length - 1);
    ordered.forEach((p, i) => (panes[p] = rect(x, y + mapRows + (i ? first + (i - 1) * each : 0), width, i ? each : first)));
    return {kind, width, height, header, body, hint, panes, ...none};
  }
  if (rest >= 4) {
    panes[ordered[0]] = rect(x, y + mapRows, width, rest - 1);
    return {kind, width, height, header, body, hint, panes, strip: rect(x, y + body.height - 1, width, 1), hidden: hiddenFrom([ordered[0]])};
  }
  return {kind, width, height, header, body, hint, panes, strip: null, hidden: hiddenFrom([])};
}
