// Charsets: how many dots a cell holds and which glyph draws a cell's land dots. Every glyph here is one
// column wide for string-width; marker glyphs are ASCII so they stay readable without colour in any charset.

export type Charset = 'braille' | 'block' | 'ascii';

export type CharsetGrid = {dx: number; dy: number};

/**
 * Dots per cell of the raster behind each charset. Every charset rasterises at braille resolution (2×4):
 * a block or ASCII cell draws its upper and lower 2×2 dots as one pixel each, so a small country that
 * covers a single dot still shows, and the geography under a marker is as exact in every charset.
 */
export const GRIDS: Record<Charset, CharsetGrid> = {
  braille: {dx: 2, dy: 4},
  block: {dx: 2, dy: 4},
  ascii: {dx: 2, dy: 4},
};

// Braille dot bits by (column, row) inside a cell: U+2800 + sum of bits.
const BRAILLE_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

export function brailleBit(col: number, row: number): number {
  return BRAILLE_BITS[row][col];
}

export function brailleGlyph(mask: number): string {
  return String.fromCharCode(0x2800 + mask);
}

/** Two-pixel cells (block and ascii): bit 1 is the top pixel, bit 2 the bottom one. */
export function blockGlyph(mask: number): string {
  return mask === 3 ? '█' : mask === 1 ? '▀' : mask === 2 ? '▄' : ' ';
}

export function asciiGlyph(mask: number): string {
  return mask === 3 ? ':' : mask === 1 ? "'" : mask === 2 ? '.' : ' ';
}

export type MarkerKind = 'one' | 'few' | 'many' | 'crowd' | 'customer' | 'hot';

/** Visitors per cell, in buckets; customers and high scores take precedence over the count. */
export const MARKER_GLYPHS: Record<MarkerKind, string> = {one: 'o', few: 'O', many: '@', crowd: '#', customer: '$', hot: '*'};

export const MARKER_LABELS: Record<MarkerKind, string> = {one: '1', few: '2-9', many: '10-99', crowd: '100+', customer: 'customer', hot: 'score 70+'};

export function countKind(count: number): MarkerKind {
  return count >= 100 ? 'crowd' : count >= 10 ? 'many' : count >= 2 ? 'few' : 'one';
}

/** TERM values that cannot show braille or blocks. */
export function defaultCharset(term: string | undefined): Charset {
  return term === 'linux' || term === 'dumb' ? 'ascii' : 'braille';
}
