import {eastAsianWidth} from 'get-east-asian-width';

// The one width function of the project: how many terminal columns a text takes, cluster by cluster.
//
// The rules are string-width's (the tests hold it as the reference): grapheme clusters as Intl.Segmenter finds
// them; a cluster of only zero-width characters (controls, format characters, marks, default ignorables) is
// zero columns; an RGI emoji two; anything else the East Asian Width of its first visible code point, plus
// any halfwidth or fullwidth forms after it. Calling string-width itself is unfit for a renderer: Intl.Segmenter
// on Node 20 takes time quadratic in the length of what it segments and is slow per character even on short
// text, and string-width's RGI-emoji expression costs ~100 ms to compile at the first non-ASCII character. So:
//  - printable ASCII (and braille, which is not East-Asian ambiguous) is one column per code unit;
//  - a code point is "simple" when a grapheme boundary is certain on both sides of it next to any other simple
//    code point (found once per code point by asking Intl.Segmenter, so it agrees with the ICU of the running
//    Node). A simple code point between simple neighbours is a cluster on its own, measured once and cached
//    (a single code point is an RGI emoji exactly when it has Emoji_Presentation and is not a regional
//    indicator: checked over every code point);
//  - anything else (combining marks, emoji sequences, Hangul jamo, regional indicators...) is segmented by
//    Intl.Segmenter in stretches that start and end at certain boundaries, in bounded chunks, so the work is
//    linear in the length of the text; the RGI-emoji expression is compiled only if a cluster may be one.
// East-Asian ambiguous characters (─ │ ● … · × é, and U+FFFD) are one column or two by a process-wide setting
// decided once at start from the terminal profile.

let wide = false;
let asciiEllipsis = false;

/** Whether East-Asian ambiguous characters are measured two columns wide (a CJK terminal). Process-wide. */
export function setAmbiguousWide(on: boolean): void {
  wide = on;
}

export function ambiguousWide(): boolean {
  return wide;
}

/**
 * The mark a cut text ends with: '…' normally, '~' when set (a terminal that is not UTF-8, or one that draws
 * ambiguous characters wide: '…' is itself ambiguous). Process-wide.
 */
export function setAsciiEllipsis(on: boolean): void {
  asciiEllipsis = on;
}

export function ellipsis(): string {
  return asciiEllipsis ? '~' : '…';
}

export type Grapheme = {text: string; width: number};
/** Called once per grapheme cluster with its text, its width in columns, and its end offset in the text. */
export type GraphemeVisitor = (text: string, width: number, end: number) => boolean | void;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ONE_COLUMN = /^[\x20-\x7e\u2800-\u28ff]*$/;

// Made when first needed: creating one costs ~18 ms (ICU's break rules), and text of the simple ranges below (all
// a first frame draws) never needs it.
let segmenterInstance: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => (segmenterInstance ??= new Intl.Segmenter());

// Per code point: bit 7 known, bit 6 simple, bits 0-1 width with ambiguous narrow, bits 2-3 with ambiguous wide.
const KNOWN = 0x80;
const SIMPLE = 0x40;
const bmpInfo = new Uint8Array(0x10000);
const astralInfo = new Map<number, number>();

// A probe around the code point with simple neighbours of each kind that a boundary rule can see: an ordinary
// letter, Hangul LV and LVT syllables, and the code point itself (regional indicators pair up).
const PROBE_PARTS = ['a', '\uac00', '\uac01'];

/** Whether Intl.Segmenter puts a boundary on both sides of the code point next to each kind of simple neighbour. */
export function simpleByProbe(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  let probe = '';
  for (const p of PROBE_PARTS) probe += p + ch + p;
  probe += ch + ch;
  let count = 0;
  for (const _ of segmenter().segment(probe)) count++;
  return count === PROBE_PARTS.length * 3 + 2;
}

// Ranges known to be simple, checked exhaustively against the probe by the tests: Latin-1 and Latin Extended
// letters, dashes, quotes and the ellipsis, arrows, mathematical operators, box drawing, blocks, geometric
// shapes, braille, CJK ideographs, Hangul syllables.
export const SIMPLE_RANGES: readonly (readonly [number, number])[] = [
  [0xa0, 0xac], [0xae, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x21ff], [0x2200, 0x22ff], [0x2500, 0x259f], [0x25a0, 0x25ff],
  [0x2800, 0x28ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3],
];

const ZERO_POINT = /^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}]$/u;
const ZERO_CLUSTER = /^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}]+$/u;
const LEADING_ZERO = /^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}]+/u;
const EMOJI_POINT = /^\p{Emoji_Presentation}$/u;
// Every RGI emoji sequence holds one of these; text without them skips the costly expression below.
const MAYBE_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u20e3\ufe0f]/u;
let rgiEmoji: RegExp | undefined;

function isRgiEmoji(cluster: string): boolean {
  rgiEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v');
  return rgiEmoji.test(cluster);
}

const isRegionalIndicator = (cp: number) => cp >= 0x1f1e6 && cp <= 0x1f1ff;

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let narrow: number;
  let wideWidth: number;
  if (ZERO_POINT.test(ch)) narrow = wideWidth = 0;
  else if (!isRegionalIndicator(cp) && EMOJI_POINT.test(ch)) narrow = wideWidth = 2;
  else {
    narrow = eastAsianWidth(cp);
    wideWidth = eastAsianWidth(cp, {ambiguousAsWide: true});
  }
  let v = KNOWN | narrow | (wideWidth << 2);
  if (narrow > 0 && wideWidth > 0) {
    if (SIMPLE_RANGES.some(([from, to]) => cp >= from && cp <= to) || simpleByProbe(cp)) v |= SIMPLE;
  }
  return v;
}

// Printable ASCII and braille: one column, no lookups.
for (let cp = 0x20; cp <= 0x7e; cp++) bmpInfo[cp] = KNOWN | SIMPLE | 1 | (1 << 2);
for (let cp = 0x2800; cp <= 0x28ff; cp++) bmpInfo[cp] = KNOWN | SIMPLE | 1 | (1 << 2);

function info(cp: number): number {
  if (cp < 0x10000) {
    let v = bmpInfo[cp];
    if (v === 0) bmpInfo[cp] = v = classify(cp);
    return v;
  }
  let v = astralInfo.get(cp);
  if (v === undefined) astralInfo.set(cp, (v = classify(cp)));
  return v;
}

/** Whether a code point is treated as a grapheme cluster of its own between simple neighbours (for tests). */
export function isSimpleCodePoint(cp: number): boolean {
  return (info(cp) & SIMPLE) !== 0;
}

const widthOf = (v: number) => (wide ? (v >> 2) & 3 : v & 3);

/**
 * The width of a UTF-16 code unit that is a simple code point (a grapheme cluster of its own whenever its
 * neighbours are simple too), or -1. Text whose code units all have a width here is one cluster per code unit.
 */
export function simpleCharWidth(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return -1;
  let v = bmpInfo[code];
  if (v === 0) bmpInfo[code] = v = classify(code);
  return v & SIMPLE ? widthOf(v) : -1;
}

/** The width of text made only of simple code units, or -1 when it holds anything else. */
function simpleWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const w = simpleCharWidth(text.charCodeAt(i));
    if (w < 0) return -1;
    width += w;
  }
  return width;
}

function clusterWidth(segment: string): number {
  const cp = segment.codePointAt(0)!;
  if (segment.length === 1 || (segment.length === 2 && cp > 0xffff)) return widthOf(info(cp));
  if (ZERO_CLUSTER.test(segment)) return 0;
  if (MAYBE_EMOJI.test(segment) && isRgiEmoji(segment)) return 2;
  const options = {ambiguousAsWide: wide};
  let width = eastAsianWidth(segment.replace(LEADING_ZERO, '').codePointAt(0)!, options);
  // Halfwidth and fullwidth forms after the first code point (dakuten, handakuten, the prolonged sound mark).
  for (let i = 1; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c >= 0xff00 && c <= 0xffef) width += eastAsianWidth(c, options);
  }
  return width;
}

const nativeIsWellFormed = (String.prototype as {isWellFormed?: (this: string) => boolean}).isWellFormed;
const nativeToWellFormed = (String.prototype as {toWellFormed?: (this: string) => string}).toWellFormed;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates replaced by U+FFFD, as a terminal draws them (same length, same offsets). */
export function wellFormed(text: string): string {
  if (nativeIsWellFormed && nativeToWellFormed) return nativeIsWellFormed.call(text) ? text : nativeToWellFormed.call(text);
  return text.replace(LONE_SURROGATE, '\ufffd');
}

// Segments at most this many code units at a time (Intl.Segmenter's cost grows with the square of the length).
const CHUNK = 256;

/** Segments text[start, end), which starts at a certain boundary and ends at one (or at the end of the text). */
function segmentStretch(text: string, start: number, end: number, visit: GraphemeVisitor): boolean {
  let s = start;
  while (s < end) {
    let e = Math.min(end, s + CHUNK);
    if (e < end) {
      const last = text.charCodeAt(e - 1);
      if (last >= 0xd800 && last <= 0xdbff) e--;
    }
    const chunk = text.slice(s, e);
    let pending = '';
    let pendingIndex = 0;
    for (const {segment, index} of segmenter().segment(chunk)) {
      if (pending && visit(pending, clusterWidth(pending), s + index) === false) return false;
      pending = segment;
      pendingIndex = index;
    }
    if (e === end || pendingIndex === 0) {
      // The last cluster of the stretch, or one cluster longer than a chunk (a base with a run of marks): whole.
      if (visit(pending, clusterWidth(pending), e) === false) return false;
      s = e;
    } else {
      // The chunk's last cluster may go on past the chunk: segment again from its start, a certain boundary.
      s += pendingIndex;
    }
  }
  return true;
}

/**
 * Visits the grapheme clusters of a well-formed text in order with their widths; stops when the visitor returns
 * false. Zero-width clusters (controls, lone marks, format characters) are visited with width 0.
 */
function scan(text: string, visit: GraphemeVisitor): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let cp = text.charCodeAt(i);
    let len = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      cp = text.codePointAt(i)!;
      if (cp > 0xffff) len = 2;
    }
    const v = info(cp);
    let j = i + len;
    if (v & SIMPLE) {
      let nextSimple = true;
      if (j < n) {
        const next = text.codePointAt(j)!;
        nextSimple = (info(next) & SIMPLE) !== 0;
      }
      if (nextSimple) {
        if (visit(len === 1 ? text[i] : text.slice(i, j), widthOf(v), j) === false) return;
        i = j;
        continue;
      }
    }
    // A stretch that needs segmenting: up to the first pair of simple code points (a certain boundary between them).
    let prevSimple = (v & SIMPLE) !== 0;
    while (j < n) {
      const next = text.codePointAt(j)!;
      const s = (info(next) & SIMPLE) !== 0;
      if (s && prevSimple) break;
      prevSimple = s;
      j += next > 0xffff ? 2 : 1;
    }
    if (!segmentStretch(text, i, j, visit)) return;
    i = j;
  }
}

/** Calls `visit` for each grapheme cluster with its text and width (lone surrogates come as U+FFFD). */
export function forEachGrapheme(text: string, visit: GraphemeVisitor): void {
  if (PRINTABLE_ASCII.test(text)) {
    for (let i = 0; i < text.length; i++) if (visit(text[i], 1, i + 1) === false) return;
    return;
  }
  scan(wellFormed(text), visit);
}

/** The grapheme clusters of a text with their widths in columns. */
export function graphemes(text: string): Grapheme[] {
  const out: Grapheme[] = [];
  forEachGrapheme(text, (g, w) => {
    out.push({text: g, width: w});
  });
  return out;
}

/** Display width in terminal columns (text without escape sequences). Linear in the length of the text. */
export function displayWidth(text: string): number {
  if (ONE_COLUMN.test(text)) return text.length;
  const simple = simpleWidth(text);
  if (simple >= 0) return simple;
  let width = 0;
  scan(wellFormed(text), (_, w) => {
    width += w;
  });
  return width;
}

/** Cuts `text` to at most `width` columns, ending with an ellipsis when anything was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const mark = ellipsis();
  const markWidth = asciiEllipsis ? 1 : wide ? 2 : 1;
  // Printable ASCII: only the first width+1 characters decide.
  const head = text.length > width ? text.slice(0, width + 1) : text;
  if (PRINTABLE_ASCII.test(head)) {
    if (text.length <= width) return text;
    return markWidth <= width ? text.slice(0, width - markWidth) + mark : text.slice(0, width);
  }
  // Simple code units, each at least one column: again only the first width+1 decide.
  if (simpleWidth(head) >= 0) {
    let used = 0;
    let cutEnd = 0;
    let fitEnd = 0;
    for (let i = 0; i < head.length; i++) {
      used += simpleCharWidth(head.charCodeAt(i));
      if (used > width) break;
      if (used <= width - markWidth) cutEnd = i + 1;
      fitEnd = i + 1;
    }
    if (used <= width && head.length === text.length) return text;
    return markWidth <= width ? text.slice(0, cutEnd) + mark : text.slice(0, fitEnd);
  }
  // Nothing past this many code units can be visible within `width` columns, short of a pile of zero-width
  // characters; such a text counts as cut there.
  const bound = width * 8 + 64;
  const bounded = text.length > bound;
  const source = wellFormed(bounded ? text.slice(0, bound) : text);
  let used = 0;
  let cutEnd = 0; // where the text is cut to leave room for the mark
  let fitEnd = 0; // where it is cut to fit without a mark (when the mark itself does not fit)
  let overflow = false;
  scan(source, (_, w, end) => {
    if (used + w > width || (bounded && end === source.length)) {
      overflow = true;
      return false;
    }
    used += w;
    if (used <= width - markWidth) cutEnd = end;
    fitEnd = end;
  });
  if (!overflow) return source;
  return markWidth <= width ? source.slice(0, cutEnd) + mark : source.slice(0, fitEnd);
}

/** Pads (or truncates) to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}
