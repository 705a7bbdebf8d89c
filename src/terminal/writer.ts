import {toAscii} from '../text/ascii.js';
import {paint, type ColorDepth, type Run} from '../text/style.js';
import {ambiguousWide} from '../text/width.js';
import {blankRow, DEFAULT_STYLE, rasterise, RESET, rowSource, sameSource, sameSources, sgrTransition, steadyWidth, styleKeys, type CellRow, type RowSource, type StyleKey} from './cells.js';

// The frame writer: the only code that draws the live screen. It keeps a model of what the terminal shows
// (cells: grapheme and style), turns each new frame (rows of styled runs) into cells with the project's one
// width function, and writes only what changed:
//  - a row whose runs are those its model row was made from (same texts, same-looking styles) is not looked at
//    again: no cells made, no diff;
//  - each stretch of changed cells is reached by the shortest cursor move from where the cursor is known to be
//    (CUF/CUB/BS on its row, CR, CUD, or CUP; LF is never used: it scrolls at the bottom and a tty may turn it
//    into CR LF), or by rewriting the unchanged cells before it when that costs fewer bytes. A frame's first
//    move is absolute, as are the first move on each row of a full repaint, every move after a scroll region
//    and after a character terminals may measure otherwise (an emoji, a cluster of code points); after a write
//    into the last column (the pending-wrap state, in which terminals disagree on moves along the row) only CR
//    or an absolute move follows — CR, and CUD after it, behave alike on terminals with deferred wrap (xterm's
//    `xenl`: xterm, VTE, kitty, tmux, screen, the Linux console), which the writer assumes;
//  - the SGR state is tracked through the frame: the first stretch sets the full state (whatever a foreign
//    write left), later style changes send only the attributes that differ, or a reset and the style when that
//    is shorter; the frame ends in the default state (a reset, as before any scroll-region sequence), so no
//    attribute outlives the frame;
//  - a row whose tail became blank in the default style has it erased (EL), and (with the `ech` option) a longer
//    run of such blanks inside a stretch with ECH, when that costs fewer bytes than writing the blanks;
//  - a wide character is written whole: a stretch that touches either of its columns, in the old screen or the
//    new one, covers both;
//  - when rows moved up or down as a block (a list with new rows at the top), a scroll region moves them in the
//    terminal, if that costs fewer bytes than rewriting them;
//  - the whole frame is one write, inside a synchronized-output block when the terminal supports it.

export type WriterOptions = {
  depth: ColorDepth;
  syncOutput: boolean;
  scrollRegions: boolean;
  ascii: boolean;
  /**
   * Erase longer runs of blanks inside a row with ECH (CSI n X) when that is shorter than writing them. Off unless
   * asked: every VT220-compatible terminal has it, but it is one more sequence in what dftop writes.
   */
  ech?: boolean;
};

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';
/**
 * Before a full repaint: the SGR state reset first (the erase takes the current background) and any scroll
 * region another program left reset (a full repaint also repairs foreign writes).
 */
export const CLEAR_SCREEN = '\x1b[0m\x1b[r\x1b[H\x1b[2J';

const EMPTY: readonly Run[] = [];

function cup(y: number, x: number): string {
  return x === 0 ? (y === 0 ? '\x1b[H' : `\x1b[${y + 1}H`) : `\x1b[${y + 1};${x + 1}H`;
}

const cuf = (n: number) => (n === 1 ? '\x1b[C' : `\x1b[${n}C`);
const cub = (n: number) => (n === 1 ? '\b' : n === 2 ? '\b\b' : `\x1b[${n}D`);
const cud = (n: number) => (n === 1 ? '\x1b[B' : `\x1b[${n}B`);
/** Erases from the cursor to the end of its row (in the current background; the cursor does not move). */
const EL = '\x1b[K';
/** Erases n cells from the cursor on (in the current background; the cursor does not move). */
const ech = (n: number) => `\x1b[${n}X`;

function bytes(text: string): number {
  if (text.length === 1) {
    const c = text.charCodeAt(0);
    return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return Buffer.byteLength(text);
}

/**
 * What the writer knows of the terminal while a frame is written: the SGR state as a style key (null: unknown),
 * the cursor's row and column (-1: unknown). The column is unknown after a write into the last column (the
 * terminal's pending-wrap state, in which terminals disagree on relative moves) and both are after a cell whose
 * width terminals may disagree on (see steadyWidth).
 */
export type Term = {sgr: string | null; y: number; x: number};

export const unknownTerm = (): Term => ({sgr: null, y: -1, x: -1});

/**
 * The shortest way from where `term` says the cursor is to (y, x): nothing, CUF/CUB on the same row, CR, CUD
 * (which never scrolls, unlike LF, and is not turned into CR LF by the tty) with CR or a horizontal move, or
 * CUP. Relative moves only from a known position.
 */
function moveSeq(term: Term, y: number, x: number): string {
  const {y: cy, x: cx} = term;
  if (cy === y && cx === x) return '';
  // Compared by length first; only the shortest is made.
  const cupLength = x === 0 ? (y === 0 ? 3 : 3 + digits(y + 1)) : 4 + digits(y + 1) + digits(x + 1);
  if (cy < 0 || y < cy) return cup(y, x);
  const down = y - cy;
  const downLength = down === 0 ? 0 : down === 1 ? 3 : 3 + digits(down);
  const rel = cx < 0 ? Infinity : downLength + (x > cx ? cufLength(x - cx) : x < cx ? cubLength(cx - x) : 0);
  const cr = 1 + downLength + (x > 0 ? cufLength(x) : 0);
  if (cupLength <= rel && cupLength <= cr) return cup(y, x);
  const vertical = down === 0 ? '' : cud(down);
  if (rel <= cr) return vertical + (x > cx ? cuf(x - cx) : x < cx ? cub(cx - x) : '');
  return '\r' + vertical + (x > 0 ? cuf(x) : '');
}

const digits = (n: number) => (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : String(n).length);
const cufLength = (n: number) => (n === 1 ? 3 : 3 + digits(n));
const cubLength = (n: number) => (n <= 2 ? n : 3 + digits(n));

/** Writes cell x of `row` (on screen row `term.y`, the cursor at its column), and its style when it differs. */
function cell(row: CellRow, x: number, term: Term): string {
  const t = row.text[x];
  if (t === '') return '';
  const s = row.style[x];
  let out = t;
  if (s !== term.sgr) {
    out = sgrTransition(term.sgr, s) + t;
    term.sgr = s;
  }
  if (term.x >= 0) {
    const next = x + row.width[x];
    // Written into the last column: pending wrap, the column is not to be relied on.
    term.x = next < row.text.length ? next : -1;
  }
  if (!steadyWidth(t)) {
    term.x = -1;
    term.y = -1;
  }
  return out;
}

/**
 * Bytes to rewrite the unchanged cells [from, to) from the terminal's state and then set the style of cell `to`,
 * or Infinity when it exceeds `limit` or crosses a cell whose width is not steady.
 */
function bridgeCost(row: CellRow, from: number, to: number, sgr: string | null, limit: number): number {
  let cost = 0;
  let cur = sgr;
  for (let x = from; x < to; x++) {
    const t = row.text[x];
    if (t === '') continue;
    if (!steadyWidth(t)) return Infinity;
    const s = row.style[x];
    if (s !== cur) {
      cost += sgrTransition(cur, s).length;
      cur = s;
    }
    cost += bytes(t);
    if (cost > limit) return Infinity;
  }
  return cost + sgrTransition(cur, row.style[to]).length;
}

/**
 * The bytes that turn row `old` on the terminal into `row`, at screen row `y` ('' when they look the same).
 * `term` is what is known of the terminal before (nothing when absent) and is left as what is known after.
 * Each stretch of changed cells is reached by the cheapest cursor move, or by rewriting the unchanged cells
 * before it when that is cheaper; styles change by the shortest SGR transition; a blank tail in the default
 * style is erased (EL), as is (with `useEch`) a run of blanks inside a stretch when that is cheaper (ECH).
 */
export function diffRow(old: CellRow, row: CellRow, y: number, term: Term = unknownTerm(), useEch = false): string {
  const w = row.text.length;
  let changed: Uint8Array | undefined;
  let last = -1;
  for (let x = 0; x < w; x++) {
    if (old.text[x] !== row.text[x] || old.style[x] !== row.style[x]) {
      (changed ??= new Uint8Array(w))[x] = 1;
      last = x;
    }
  }
  if (!changed) return '';
  // A wide character, old or new, is rewritten whole: its columns change together.
  for (let x = 1; x < w; x++) {
    if (changed[x - 1] && (old.width[x] === 0 || row.width[x] === 0)) changed[x] = 1;
  }
  for (let x = w - 1; x > 0; x--) {
    if (changed[x] && (old.width[x] === 0 || row.width[x] === 0)) changed[x - 1] = 1;
  }
  while (last + 1 < w && changed[last + 1]) last++;
  // The row is blank in the default style from `tail` on (found when a blank is first written).
  let tail = -1;
  let out = '';
  let x = 0;
  while (x < w) {
    if (!changed[x]) {
      x++;
      continue;
    }
    let e = x;
    while (e < w && changed[e]) e++;
    // Reach the stretch: rewrite the unchanged cells from the cursor when that is cheaper than moving.
    const move = moveSeq(term, y, x);
    const moveCost = term.y === y && term.x >= 0 && term.x < x ? move.length + sgrTransition(term.sgr, row.style[x]).length : -1;
    if (moveCost >= 0 && bridgeCost(row, term.x, x, term.sgr, moveCost) <= moveCost) {
      for (let g = term.x; g < x; g++) out += cell(row, g, term);
    } else {
      out += move;
      term.y = y;
      term.x = x;
    }
    for (let p = x; p < e; ) {
      if (term.x === p && row.text[p] === ' ' && row.style[p] === DEFAULT_STYLE) {
        if (tail < 0) {
          tail = w;
          while (tail > 0 && row.text[tail - 1] === ' ' && row.style[tail - 1] === DEFAULT_STYLE) tail--;
        }
        // The rest of the row is blank: erase it, when that costs less than writing its changed blanks.
        if (p >= tail && last - p + 1 > EL.length) {
          out += sgrTransition(term.sgr, DEFAULT_STYLE) + EL;
          term.sgr = DEFAULT_STYLE;
          return out;
        }
        let q = p + 1;
        while (q < e && row.text[q] === ' ' && row.style[q] === DEFAULT_STYLE) q++;
        out += sgrTransition(term.sgr, DEFAULT_STYLE);
        term.sgr = DEFAULT_STYLE;
        const erase = useEch && q - p > 4 ? ech(q - p) + (q < e ? cuf(q - p) : '') : '';
        if (erase && erase.length < q - p) {
          // ECH leaves the cursor where it is: CUF takes it past the erased cells, unless the stretch ends
          // there (the next move starts from p then).
          out += erase;
          if (q < e) term.x = q;
        } else {
          out += ' '.repeat(q - p);
          term.x = q < row.text.length ? q : -1;
        }
        p = q;
        continue;
      }
      // The cells up to the next blank in the default style, with the state in locals.
      let sgr = term.sgr;
      let cx = term.x;
      let cy = term.y;
      for (; p < e; p++) {
        const t = row.text[p];
        if (t === '') continue;
        const st = row.style[p];
        if (cx === p && t === ' ' && st === DEFAULT_STYLE) break;
        if (st !== sgr) {
          out += sgrTransition(sgr, st);
          sgr = st;
        }
        out += t;
        // Written into the last column: pending wrap, the column is not to be relied on.
        if (cx >= 0) cx = p + row.width[p] < w ? p + row.width[p] : -1;
        if (t.length === 1) {
          const c = t.charCodeAt(0);
          // Below U+2300 and braille: steady, no lookup.
          if (c >= 0x2300 && (c < 0x2800 || c > 0x28ff) && !steadyWidth(t)) cx = cy = -1;
        } else if (!steadyWidth(t)) cx = cy = -1;
      }
      term.sgr = sgr;
      term.x = cx;
      term.y = cy;
    }
    x = e;
  }
  return out;
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
    const term = unknownTerm();
    const ambiguous = ambiguousWide();
    const full = this.invalid || width !== this.width || height !== this.height || ambiguous !== this.ambiguous;
    if (full) {
      out = CLEAR_SCREEN;
      // The clear leaves the default style on.
      term.sgr = DEFAULT_STYLE;
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
    if (!full && this.options.scrollRegions && height > 1) out += this.scroll(model, next, term);
    for (let y = 0; y < height; y++) {
      if (next.same(y, model[y])) continue;
      const row = next.cells(y);
      // A full repaint is the repair path: each row is placed absolutely, relying on nothing the terminal did
      // before (and whoever reads the output, a test or a recording, finds every row's address).
      if (full) term.y = term.x = -1;
      out += diffRow(model[y], row, y, term, this.options.ech === true);
      model[y] = row;
    }
    this.model = model;
    if (!out) return 0;
    // The frame leaves the terminal in the default state.
    if (term.sgr !== null && term.sgr !== DEFAULT_STYLE) out += RESET;
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

  /** Moves blocks of rows with scroll regions while that saves bytes; updates `model` (and `term`) to match. */
  private scroll(model: CellRow[], next: Next, term: Term): string {
    let out = '';
    const blank = blankRow(this.width);
    // What rewriting a row would cost, from an unknown state (an estimate: the frame's state there is not known yet).
    const cost = (old: CellRow, y: number) => (next.same(y, old) ? 0 : Buffer.byteLength(diffRow(old, next.cells(y), y, unknownTerm(), this.options.ech === true)));
    for (let pass = 0; pass < 4; pass++) {
      const shift = findShift(model, next);
      if (!shift) break;
      const {from, to, by} = shift;
      const top = by > 0 ? from - by : from;
      const bottom = by > 0 ? to : to - by;
      const n = Math.abs(by);
      // The scroll fills the new rows with the current background: the default one.
      const seq = `${sgrTransition(term.sgr, DEFAULT_STYLE)}\x1b[${top + 1};${bottom + 1}r\x1b[${n}${by > 0 ? 'T' : 'S'}\x1b[r`;
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
      // DECSTBM homes the cursor, but the writer does not rely on it.
      term.sgr = DEFAULT_STYLE;
      term.y = -1;
      term.x = -1;
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
