import stringWidth from 'string-width';

// Characters string-width counts as one column and that need no grapheme segmentation: Latin, general
// punctuation, currency signs, arrows, box drawing, blocks, geometric shapes, braille. The dashboard is
// made of these; the map's braille rows would otherwise go through Intl.Segmenter and an emoji regex.
const SINGLE_WIDTH = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2190-\u2199\u2500-\u25fc\u2800-\u28ff]*$/;

/** Display width in terminal columns (text without escape sequences). */
export function displayWidth(text: string): number {
  if (SINGLE_WIDTH.test(text)) return text.length;
  return stringWidth(text);
}

const segmenter = new Intl.Segmenter();

/** Cuts `text` to at most `width` columns, ending with an ellipsis when anything was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (SINGLE_WIDTH.test(text)) {
    return text.length <= width ? text : text.slice(0, width - 1) + '…';
  }
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const {segment} of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** Pads (or truncates) to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}
