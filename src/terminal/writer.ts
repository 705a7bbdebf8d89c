import {toAscii} from '../text/ascii.js';
import {paint, type ColorDepth, type Run} from '../text/style.js';
import {ambiguousWide} from '../text/width.js';
import {blankRow, DEFAULT_STYLE, rasterise, rowSource, sameSource, sameSources, styleKeys, type CellRow, type RowSource, type StyleKey} from './cells.js';

// The frame writer: the only code that draws the live screen. It keeps a model of what the terminal shows
// (cells: grapheme and style), turns each new frame (rows of styled runs) into cells with the project's one
// width function, and writes only what changed:
//  - a row whose runs are those its model row was made from (same texts, same-looking styles) is not looked at
//    again: no cells made, no diff;
//  - every stretch of changed cells starts with an absolute cursor position (the cursor is never assumed to be
//    anywhere); the SGR state is tracked through the frame: the first stretch sets the full state (whatever a
//    foreign write left), later ones send a style only when it differs from the terminal's current one, and
//    the frame ends in the default state (one reset, and one before any scroll-region sequence), so no
//    attribute outlives the frame;
//  - stretches on one row are joined when rewriting the unchanged cells between them costs fewer bytes than
//    moving the cursor;
//  - a wide character is written whole: a stretch that touches either of its columns, in the old screen or the
//    new one, covers both;
//  - when rows moved up or down as a block (a list with new rows at the top), a scroll region moves them in the
//    terminal, if that costs fewer bytes than rewriting them;
//  - the whole frame is one write, inside a synchronized-output block when the terminal supports it.

export type WriterOptions = {depth: ColorDepth; syncOutput: boolean; scrollRegions: boolean; ascii: boolean};

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';
/**
 * Before a full repaint: the SGR state reset first (the erase takes the current background) and any scroll
 * region another program left reset (a full repaint also repairs foreign writes).
 */
export const CLEAR_SCREEN = '\x1b[0m\x1b[r\x1b[H\x1b[2J';

const EMPTY: readonly Run[] = [];

function cup(y: number, x: number): string {
  return x === 0 ? `\x1b[${y + 1}H` : `\x1b[${y + 1};${x + 1}H`;
}

function bytes(text: string): number {
  if (text.length === 1) {
    const c = text.charCodeAt(0);
    return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return Buffer.byteLength(text);
}

/** The terminal's SGR state while a frame is written: a style key, or null when unknown (a frame's start). */
type Pen = {sgr: string | null};

function emitStretch(row: CellRow, y: number, a: number, b: number, pen: Pen): string {
  let cur = pen.sgr;
  let out = cup(y, a);
  for (let x = a; x < b; x++) {
    const s = row.style[x];
    if (s !== cur) {
      out += s;
      cur = s;
    }
    out += row.text[x];
  }
  pen.sgr = cur;
  return out;
}

/** Bytes to rewrite the unchanged cells [b, c) between two stretches (and set the style of c), capped at `limit`. */
function gapCost(row: CellRow, b: number, c: number, limit: number): number {
  let cost = 0;
  let prev = row.style[b - 1];
  for (let x = b; x <= c && cost <= limit; x++) {
    const s = row.style[x];
    if (s !== prev) {
      cost += s.length;
      prev = s;
    }
    if (x < c) cost += bytes(row.text[x]);
  }
  return cost;
}

/**
 * The bytes that turn row `old` on the terminal into `row`, at screen row `y` ('' when they look the same).
 * `pen` is the SGR state before (unknown when absent) and is left as the state after.
 */
export function diffRow(old: CellRow, row: CellRow, y: number, pen: Pen = {sgr: null}): string {
  const w = row.text.length;
  let changed: Uint8Array | undefined;
  for (let x = 0; x < w; x++) {
    if (old.text[x] !== row.text[x] || old.style[x] !== row.style[x]) (changed ??= new Uint8Array(w))[x] = 1;
  }
  if (!changed) return '';
  // A wide character, old or new, is rewritten whole: its columns change together.
  for (let x = 1; x < w; x++) {
    if (changed[x - 1] && (old.width[x] === 0 || row.width[x] === 0)) changed[x] = 1;
  }
  for (let x = w - 1; x > 0; x--) {
    if (changed[x] && (old.width[x] === 0 || row.width[x] === 0)) changed[x - 1] = 1;
  }
  let out = '';
  let a = -1;
  let b = -1;
  for (let x = 0; x < w; ) {
    if (!changed[x]) {
      x++;
      continue;
    }
    const c = x;
    while (x < w && changed[x]) x++;
    if (a < 0) {
      [a, b] = [c, x];
      continue;
    }
    const move = cup(y, c).length + (row.style[c] !== row.style[b - 1] ? row.style[c].length : 0);
    if (gapCost(row, b, c, move) <= move) {
      b = x;
    } else {
      out += emitStretch(row, y, a, b, pen);
      [a, b] = [c, x];
    }
  }
  return out + emitStretch(row, y, a, b, pen);
}

type Shift = {from: number; to: number; by: number};

/** The next frame's rows as the writer compares them with its model. */
type Next = {
  /** Whether new row `y` makes the same cells as the model row `row` (any row of the model). */
  same(y: number, row: CellRow): boolean;
  /** The hash of new row `y`'s source. */
  hash(y: number): number;
  /** The cells of new row `y`. */
  cells(y: number): CellRow;
};

/**
 * The block of rows that moved furthest-reaching between the model and the next frame: new rows [from, to]
 * equal the model's rows [from - by, to - by] (by > 0: moved down). Scored by the rows it would fix. Rows that
 * did not change cost one comparison each (already made when the frame was read); none changed: no work.
 */
function findShift(model: readonly CellRow[], next: Next): Shift | null {
  const h = model.length;
  let at: Map<number, number[]> | null = null;
  let best: Shift | null = null;
  let bestGain = 0;
  const seen = new Set<number>();
  for (let y = 0; y < h; y++) {
    if (next.same(y, model[y])) continue;
    if (!at) {
      // The model's rows by hash (the first few of each), made once a changed row needs them.
      at = new Map();
      for (let o = 0; o < h; o++) {
        const source = model[o].source;
        if (!source) continue;
        const list = at.get(source.hash);
        if (!list) at.set(source.hash, [o]);
        else if (list.length < 4) list.push(o);
      }
    }
    const list = at.get(next.hash(y));
    if (!list) continue;
    for (const o of list) {
      const by = y - o;
      if (by === 0 || !next.same(y, model[o])) continue;
      let from = y;
      while (from > 0 && from - 1 - by >= 0 && from - 1 - by < h && next.same(from - 1, model[from - 1 - by])) from--;
      const id = by * 4096 + from;
      if (seen.has(id)) continue;
      seen.add(id);
      let to = y;
      while (to < h - 1 && to + 1 - by >= 0 && to + 1 - by < h && next.same(to + 1, model[to + 1 - by])) to++;
      let gain = 0;
      for (let r = from; r <= to; r++) if (!next.same(r, model[r])) gain++;
      if (gain > bestGain) [best, bestGain] = [{from, to, by}, gain];
    }
  }
  return best;
}

export class FrameWriter {
  private readonly out: {write(s: string): unknown};
  private options: WriterOptions;
  private keyOf: StyleKey;
  private model: CellRow[] = [];
  private width = -1;
  private height = -1;
  private invalid = true;
  private ambiguous = ambiguousWide();

  constructor(out: {write(s: string): unknown}, options: WriterOptions) {
    this.out = out;
    this.options = {...options};
    this.keyOf = styleKeys(options.depth);
  }

  /** The next render repaints every cell from a cleared screen (Ctrl-L, after resume, after a settled resize, after a foreign write). */
  invalidate(): void {
    this.invalid = true;
  }

  /** A change of colour depth or of ASCII mode repaints everything on the next render. */
  setOptions(partial: Partial<WriterOptions>): void {
    const before = this.options;
    this.options = {...before, ...partial};
    if (this.options.depth !== before.depth) {
      this.keyOf = styleKeys(this.options.depth);
      this.invalid = true;
    }
    if (this.options.ascii !== before.ascii) this.invalid = true;
  }

  /** What the writer believes the terminal shows (one row of cells per screen row), for tests and diagnostics. */
  shown(): readonly CellRow[] {
    return this.model;
  }

  /**
   * rows: each a list of runs exactly `width` columns wide (shorter rows are padded, longer cut); fewer rows than
   * height → blank rows below. Writes nothing at all when nothing visible changed. Returns the bytes written.
   */
  render(rows: readonly (readonly Run[])[], width: number, height: number): number {
    width = Math.max(0, Math.floor(width));
    height = Math.max(0, Math.floor(height));
    const {ascii} = this.options;
    const keyOf = this.keyOf;
    let out = '';
    let model: CellRow[];
    const pen: Pen = {sgr: null};
    const ambiguous = ambiguousWide();
    const full = this.invalid || width !== this.width || height !== this.height || ambiguous !== this.ambiguous;
    if (full) {
      out = CLEAR_SCREEN;
      pen.sgr = DEFAULT_STYLE;
      model = new Array<CellRow>(height).fill(blankRow(width));
      this.invalid = false;
      this.width = width;
      this.height = height;
      this.ambiguous = ambiguous;
    } else {
      model = this.model.slice();
    }
    const runsOf = (y: number) => rows[y] ?? EMPTY;
    // Each new row against the model row at its own place, once: unchanged rows are never looked at again.
    const unchanged = new Uint8Array(height);
    let changes = 0;
    for (let y = 0; y < height; y++) {
      const source = model[y].source;
      if (source && sameSource(source, runsOf(y), keyOf)) unchanged[y] = 1;
      else changes++;
    }
    if (changes === 0 && !full) return 0;
    const start = model.slice();
    const sources = new Array<RowSource | undefined>(height);
    const sourceOf = (y: number): RowSource => (unchanged[y] ? start[y].source! : (sources[y] ??= rowSource(runsOf(y), keyOf)));
    const made = new Array<CellRow | undefined>(height);
    const next: Next = {
      same: (y, row) => {
        if (row === start[y]) return unchanged[y] === 1;
        return row.source !== null && sameSources(sourceOf(y), row.source, keyOf);
      },
      hash: (y) => sourceOf(y).hash,
      cells: (y) => (made[y] ??= unchanged[y] ? start[y] : rasterise(runsOf(y), width, keyOf, ascii, sourceOf(y))),
    };
    if (!full && this.options.scrollRegions && height > 1) out += this.scroll(model, next, pen);
    for (let y = 0; y < height; y++) {
      if (next.same(y, model[y])) continue;
      const row = next.cells(y);
      out += diffRow(model[y], row, y, pen);
      model[y] = row;
    }
    this.model = model;
    if (!out) return 0;
    // The frame leaves the terminal in the default state.
    if (pen.sgr !== null && pen.sgr !== DEFAULT_STYLE) out += DEFAULT_STYLE;
    if (this.options.syncOutput) out = SYNC_BEGIN + out + SYNC_END;
    try {
      this.out.write(out);
    } catch (error) {
      // Whatever reached the terminal is unknown now: the next frame is painted whole.
      this.invalid = true;
      throw error;
    }
    return Buffer.byteLength(out);
  }

  /** Moves blocks of rows with scroll regions while that saves bytes; updates `model` (and the pen) to match. */
  private scroll(model: CellRow[], next: Next, pen: Pen): string {
    let out = '';
    const blank = blankRow(this.width);
    // What rewriting a row would cost, from an unknown SGR state (an estimate: the frame's pen is not known yet).
    const cost = (old: CellRow, y: number) => (next.same(y, old) ? 0 : Buffer.byteLength(diffRow(old, next.cells(y), y)));
    for (let pass = 0; pass < 4; pass++) {
      const shift = findShift(model, next);
      if (!shift) break;
      const {from, to, by} = shift;
      const top = by > 0 ? from - by : from;
      const bottom = by > 0 ? to : to - by;
      const n = Math.abs(by);
      // The scroll fills the new rows with the current background: the default one.
      const seq = `${pen.sgr === DEFAULT_STYLE ? '' : DEFAULT_STYLE}\x1b[${top + 1};${bottom + 1}r\x1b[${n}${by > 0 ? 'T' : 'S'}\x1b[r`;
      const moved: CellRow[] = [];
      let without = 0;
      let withShift = seq.length;
      for (let y = top; y <= bottom; y++) {
        const src = y - by;
        const row = src >= top && src <= bottom ? model[src] : blank;
        moved.push(row);
        without += cost(model[y], y);
        withShift += cost(row, y);
      }
      if (withShift >= without) break;
      out += seq;
      pen.sgr = DEFAULT_STYLE;
      for (let y = top; y <= bottom; y++) model[y] = moved[y - top];
    }
    return out;
  }
}

/**
 * Rows of runs painted one string per row (SGR only, no cursor movement), through the same ASCII gate as the
 * live screen: the `--once` snapshot and the live screen render styled rows alike.
 */
export function paintRows(rows: readonly (readonly Run[])[], depth: ColorDepth, ascii: boolean): string[] {
  return rows.map((runs) => paint(ascii ? runs.map((r) => ({text: toAscii(r.text), style: r.style})) : runs, depth));
}
