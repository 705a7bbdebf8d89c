import {toAscii} from '../text/ascii.js';
import {sgr, type ColorDepth, type Run, type Style} from '../text/style.js';
import {forEachGrapheme, simpleCharWidth} from '../text/width.js';

// The cell model of the frame writer: a screen row as the terminal shows it, one entry per column, made from a
// row of styled runs by the project's one width function.

/** Sets the default style from any state; also the style key of unstyled cells. */
export const DEFAULT_STYLE = '\x1b[0m';

/** A screen row as the terminal shows it: one entry per column (immutable once made). */
export type CellRow = {
  /** The grapheme cluster drawn from each column; '' on the columns a wide character covers after its first. */
  readonly text: readonly string[];
  /**
   * Each column's style as the SGR sequence that sets it from any state (a reset and the attributes, in one
   * sequence); a wide character's columns all carry its style.
   */
  readonly style: readonly string[];
  /** The width of the character starting in each column; 0 on the columns it covers after its first. */
  readonly width: Uint8Array;
  /** What the row was made from (see RowSource); null when it was not made from a frame (a cleared row). */
  readonly source: RowSource | null;
};

/**
 * The runs a row was made from, copied (texts and style objects): a row of runs with the same texts and
 * equal-looking styles (sameSource) makes the same cells, under the same width, depth, ASCII and ambiguous-width
 * settings. `hash` tells rows apart cheaply when matching moved rows.
 */
export type RowSource = {readonly texts: readonly string[]; readonly styles: readonly (Style | null)[]; readonly hash: number};

export type StyleKey = (style: Style | null) => string;

/** Style keys for a colour depth: equal keys look the same at that depth (cached per style object). */
export function styleKeys(depth: ColorDepth): StyleKey {
  const cache = new WeakMap<Style, string>();
  return (style) => {
    if (!style) return DEFAULT_STYLE;
    let key = cache.get(style);
    if (key === undefined) {
      const code = sgr(style, depth);
      key = code ? '\x1b[0;' + code.slice(2) : DEFAULT_STYLE;
      cache.set(style, key);
    }
    return key;
  };
}

/** The source of a row of runs: its texts and styles, and a hash of both (styles by their style key). */
export function rowSource(runs: readonly Run[], keyOf: StyleKey): RowSource {
  const n = runs.length;
  const texts = new Array<string>(n);
  const styles = new Array<Style | null>(n);
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) {
    const {text, style} = runs[i];
    texts[i] = text;
    styles[i] = style;
    const key = keyOf(style);
    for (let j = 0; j < key.length; j++) h = Math.imul(h ^ key.charCodeAt(j), 0x01000193);
    h = Math.imul(h ^ text.length, 0x01000193);
    for (let j = 0; j < text.length; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  }
  return {texts, styles, hash: h >>> 0};
}

/** Whether `runs` make the same cells as the row `source` came from (same texts, styles that look the same). */
export function sameSource(source: RowSource, runs: readonly Run[], keyOf: StyleKey): boolean {
  const {texts, styles} = source;
  if (texts.length !== runs.length) return false;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (texts[i] !== run.text) return false;
    if (styles[i] !== run.style && keyOf(styles[i]) !== keyOf(run.style)) return false;
  }
  return true;
}

/** Whether two sources make the same cells. */
export function sameSources(a: RowSource, b: RowSource, keyOf: StyleKey): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.texts.length !== b.texts.length) return false;
  for (let i = 0; i < a.texts.length; i++) {
    if (a.texts[i] !== b.texts[i]) return false;
    if (a.styles[i] !== b.styles[i] && keyOf(a.styles[i]) !== keyOf(b.styles[i])) return false;
  }
  return true;
}

/** Resets every attribute: the shortest form of DEFAULT_STYLE on the wire (an omitted parameter is 0). */
export const RESET = '\x1b[m';

/** A style key's attributes (see styleKeys), as the terminal holds them. */
type Attrs = {bold: boolean; dim: boolean; underline: boolean; inverse: boolean; fg: string; bg: string};

const attrsCache = new Map<string, Attrs>();

/** The attributes a style key sets from any state (keys are `\x1b[0;...m` as made by styleKeys, or DEFAULT_STYLE). */
function attrsOf(key: string): Attrs {
  let a = attrsCache.get(key);
  if (a) return a;
  a = {bold: false, dim: false, underline: false, inverse: false, fg: '', bg: ''};
  const parts = key.slice(2, -1).split(';');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const n = Number(p);
    if (p === '38' || p === '48') {
      // 38;5;n or 38;2;r;g;b
      const len = parts[i + 1] === '5' ? 3 : 5;
      const code = parts.slice(i, i + len).join(';');
      if (p === '38') a.fg = code;
      else a.bg = code;
      i += len - 1;
    } else if (n === 0) a = {bold: false, dim: false, underline: false, inverse: false, fg: '', bg: ''};
    else if (n === 1) a.bold = true;
    else if (n === 2) a.dim = true;
    else if (n === 4) a.underline = true;
    else if (n === 7) a.inverse = true;
    else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) a.fg = p;
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) a.bg = p;
  }
  if (attrsCache.size > 1024) attrsCache.clear();
  attrsCache.set(key, a);
  return a;
}

const transitions = new Map<string, Map<string, string>>();
// The last state's transitions: most lookups come from the same state as the one before.
let lastFrom: string | null = null;
let lastByTo: Map<string, string> | undefined;

/**
 * The shortest SGR sequence that takes the terminal from style key `from` (null: unknown) to style key `to`:
 * either only the attributes that differ (22 turns off bold and dim together, 24, 27, 39, 49 the others), or a
 * reset and the whole style, whichever is shorter ('' when they are the same). From an unknown state, always the
 * reset form.
 */
export function sgrTransition(from: string | null, to: string): string {
  if (from === to) return '';
  const reset = to === DEFAULT_STYLE ? RESET : to;
  if (from === null) return reset;
  let byTo = from === lastFrom ? lastByTo : transitions.get(from);
  if (byTo) {
    lastFrom = from;
    lastByTo = byTo;
    const seq = byTo.get(to);
    if (seq !== undefined) return seq;
  }
  const a = attrsOf(from);
  const b = attrsOf(to);
  const codes: string[] = [];
  if ((a.bold && !b.bold) || (a.dim && !b.dim)) {
    codes.push('22');
    if (b.bold) codes.push('1');
    if (b.dim) codes.push('2');
  } else {
    if (b.bold && !a.bold) codes.push('1');
    if (b.dim && !a.dim) codes.push('2');
  }
  if (a.underline !== b.underline) codes.push(b.underline ? '4' : '24');
  if (a.inverse !== b.inverse) codes.push(b.inverse ? '7' : '27');
  if (a.fg !== b.fg) codes.push(b.fg || '39');
  if (a.bg !== b.bg) codes.push(b.bg || '49');
  const delta = `\x1b[${codes.join(';')}m`;
  const seq = codes.length && delta.length < reset.length ? delta : reset;
  if (!byTo) {
    if (transitions.size > 256) transitions.clear();
    transitions.set(from, (byTo = new Map()));
  }
  byTo.set(to, seq);
  lastFrom = from;
  lastByTo = byTo;
  return seq;
}

/**
 * Whether every terminal draws this cell's text as wide as the width function says: one code unit outside the
 * emoji-presentation characters (whose width changed between Unicode versions). Clusters of several code points
 * (emoji sequences, combining marks) and astral characters may be drawn otherwise; after one, the writer no
 * longer relies on where the cursor is.
 */
export function steadyWidth(text: string): boolean {
  if (text.length !== 1) return text.length === 0;
  const c = text.charCodeAt(0);
  if (c < 0x2300) return true;
  let v = steady[c];
  if (v === 0) steady[c] = v = c >= 0xd800 && c <= 0xdfff ? 2 : EMOJI_PRESENTATION.test(text) ? 2 : 1;
  return v === 1;
}

const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;
const steady = new Uint8Array(0x10000);

const blankRows = new Map<number, CellRow>();

/** A row of blank cells (spaces in the default style), as a cleared screen shows. */
export function blankRow(width: number): CellRow {
  let row = blankRows.get(width);
  if (!row) {
    row = {text: new Array<string>(width).fill(' '), style: new Array<string>(width).fill(DEFAULT_STYLE), width: new Uint8Array(width).fill(1), source: null};
    if (blankRows.size > 16) blankRows.clear();
    blankRows.set(width, row);
  }
  return row;
}

const PRINTABLE = /^[\x20-\x7e]*$/;

// One string per simple character (braille, box drawing, CJK...): equal cells are the same string, compared at
// once by the writer's diff, and no string is made per cell. Kept in pages of 256 code units, each made when
// first used (a few: braille, box drawing, some CJK).
const charPages: (string | undefined)[][] = [];

/** The interned string for code unit `c`, which is `t[i]`. */
function char(t: string, i: number, c: number): string {
  const page = (charPages[c >> 8] ??= new Array<string | undefined>(256).fill(undefined));
  return (page[c & 255] ??= t[i]);
}

/**
 * A row of runs as cells, exactly `width` columns: a shorter row is padded with blanks, a longer one cut (a wide
 * character that would cross the right edge becomes a space in its style). Zero-width clusters (controls, lone
 * marks, format characters) are dropped: nothing the terminal would act on reaches it. With `ascii`, text goes
 * through toAscii first (same widths, no byte above 0x7F).
 */
export function rasterise(runs: readonly Run[], width: number, keyOf: StyleKey, ascii: boolean, source: RowSource | null = null): CellRow {
  const text = new Array<string>(width);
  const style = new Array<string>(width);
  const cw = new Uint8Array(width);
  let x = 0;
  // One cluster `w` columns wide at x (its continuation cells after it); one that would cross the right edge pads
  // the row with spaces in its style instead. False once the row is full that way.
  const put = (g: string, w: number, s: string): boolean => {
    if (x + w > width) {
      for (; x < width; x++) {
        text[x] = ' ';
        style[x] = s;
        cw[x] = 1;
      }
      return false;
    }
    text[x] = g;
    style[x] = s;
    cw[x] = w;
    for (let k = 1; k < w; k++) {
      text[x + k] = '';
      style[x + k] = s;
      cw[x + k] = 0;
    }
    x += w;
    return true;
  };
  // Text of simple code units (each its own cluster: box drawing, Latin, CJK...) placed code unit by code unit;
  // false when the text holds anything else (nothing placed then).
  const placeSimple = (t: string, s: string): boolean => {
    const room = width - x;
    const end = Math.min(t.length, room);
    for (let i = 0; i < end; i++) if (simpleCharWidth(t.charCodeAt(i)) < 0) return false;
    // The character after the last one placed must not join it (a combining mark).
    if (end < t.length && simpleCharWidth(t.charCodeAt(end)) < 0) return false;
    for (let i = 0; i < end && x < width; i++) {
      const c = t.charCodeAt(i);
      if (!put(char(t, i, c), simpleCharWidth(c), s)) break;
    }
    return true;
  };
  for (const run of runs) {
    if (x >= width) break;
    const s = keyOf(run.style);
    const room = width - x;
    let t = run.text;
    // Nothing far past the room can be visible (short of a pile of zero-width characters).
    if (t.length > room * 8 + 64) t = t.slice(0, room * 8 + 64);
    if (ascii) t = toAscii(t);
    // Printable ASCII up to the room (and a printable ASCII character after it, so no mark joins the last one).
    const head = t.length > room ? t.slice(0, room) : t;
    const after = t.length > room ? t.charCodeAt(room) : 0x20;
    if (after >= 0x20 && after < 0x7f && PRINTABLE.test(head)) {
      for (let i = 0; i < head.length; i++, x++) {
        text[x] = head[i];
        style[x] = s;
        cw[x] = 1;
      }
      continue;
    }
    if (placeSimple(t, s)) continue;
    forEachGrapheme(t, (g, w) => (w === 0 ? undefined : put(g, w, s) && x < width));
  }
  for (; x < width; x++) {
    text[x] = ' ';
    style[x] = DEFAULT_STYLE;
    cw[x] = 1;
  }
  return {text, style, width: cw, source};
}

/** The row's text as the terminal shows it (wide characters once), for tests and diagnostics. */
export function rowText(row: CellRow): string {
  return row.text.join('');
}
