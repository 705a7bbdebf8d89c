import {forEachGrapheme} from './width.js';

// The final gate for a terminal that is not UTF-8: any non-ASCII text becomes ASCII of the same display width,
// so a layout measured before the gate stays aligned. Views already spell their chrome in ASCII in that mode
// (src/ui/glyphs.ts); this catches the rest (visitor names, page paths, anything a view missed).

// Known glyphs, one column each. The sparkline levels follow the ASCII sparkline of src/ui/glyphs.ts.
const GLYPHS: Record<string, string> = {
  '─': '-', '━': '-', '═': '=', '—': '-', '–': '-', '‐': '-', '‑': '-', '−': '-', '┄': '-', '┅': '-', '╌': '-',
  '│': '|', '┃': '|', '║': '|', '▏': '|', '▕': '|', '▌': '|', '▐': '|', '┆': '|', '┇': '|', '╎': '|',
  '┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
  '╭': '+', '╮': '+', '╰': '+', '╯': '+', '┏': '+', '┓': '+', '┗': '+', '┛': '+',
  '●': '*', '•': '*', '◆': '*', '◇': 'o', '○': 'o', '◦': 'o', '■': '#', '□': '#', '★': '*', '☆': '*',
  '▶': '>', '▸': '>', '►': '>', '›': '>', '»': '>', '◀': '<', '◂': '<', '◄': '<', '‹': '<', '«': '<',
  '▲': '^', '▴': '^', '▼': 'v', '▾': 'v',
  '↑': '^', '↓': 'v', '←': '<', '→': '>',
  '…': '~', '·': '.', '∙': '.', '×': 'x', '±': '+', '÷': '/', '°': 'o',
  '‘': "'", '’': "'", '‚': ',', '′': "'", '“': '"', '”': '"', '„': '"', '″': '"',
  '▁': '_', '▂': '.', '▃': ',', '▄': '-', '▅': '=', '▆': '+', '▇': '*', '█': '#',
  '▀': "'", '░': '.', '▒': ':', '▓': '#',
  'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ħ': 'h', 'Ħ': 'H', 'ł': 'l', 'Ł': 'L', 'ı': 'i', 'ß': 's',
  'æ': 'a', 'Æ': 'A', 'œ': 'o', 'Œ': 'O', 'ð': 'd', 'Ð': 'D', 'þ': 'p', 'Þ': 'P',
};

// Glyphs that draw a line: repeated when the character is two columns wide (ambiguous-wide terminals).
const REPEATED = new Set(['-', '=', '_', '#']);

const ASCII = /^[\x00-\x7f]*$/;
const PRINTABLE = /^[\x20-\x7e]+$/;
const MARKS = /\p{M}/gu;
const SPACE = /^\p{Zs}$/u;

function brailleDots(cp: number): number {
  let bits = cp - 0x2800;
  let dots = 0;
  for (; bits; bits >>= 1) dots += bits & 1;
  return dots;
}

function asciiCluster(cluster: string, width: number): string {
  const cp = cluster.codePointAt(0)!;
  let one: string | undefined;
  if (cp >= 0x2800 && cp <= 0x28ff && cluster.length === 1) {
    const dots = brailleDots(cp);
    one = dots === 0 ? ' ' : dots <= 2 ? '.' : ':';
  } else {
    one = GLYPHS[cluster];
    if (one === undefined && SPACE.test(cluster)) one = ' ';
    if (one === undefined) {
      // Letters with diacritics and compatibility forms: the base letters, when they fit the same width.
      const base = cluster.normalize('NFKD').replace(MARKS, '');
      const mapped = GLYPHS[base] ?? base;
      if (mapped.length <= width && PRINTABLE.test(mapped)) return mapped + ' '.repeat(width - mapped.length);
    }
  }
  if (one === undefined) return '?'.repeat(width);
  return width <= 1 ? one : one + (REPEATED.has(one) ? one : ' ').repeat(width - 1);
}

/**
 * `text` in ASCII, column for column: known glyphs by their ASCII look-alikes, letters with diacritics by their
 * base letters, braille by '.' or ':' by its dots, anything else by '?' for each column it takes (a wide CJK
 * character becomes '??'). Zero-width characters are dropped; ASCII (controls too) passes unchanged.
 */
export function toAscii(text: string): string {
  if (ASCII.test(text)) return text;
  let out = '';
  forEachGrapheme(text, (cluster, width) => {
    if (cluster.charCodeAt(0) < 0x80 && ASCII.test(cluster)) out += cluster;
    else if (width > 0) out += asciiCluster(cluster, width);
  });
  return out;
}
