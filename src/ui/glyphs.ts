import type {Run} from '../text/style.js';

// The screen's own characters (chrome), in two sets: the typographic one for UTF-8 terminals and a pure
// ASCII one for terminals that are not UTF-8 or draw East-Asian ambiguous characters wide. Views take their
// chrome from here (via the painter's `ascii`), never from literals, so ASCII mode emits no byte above 0x7F.
// Every glyph is one column wide in both sets unless its name says otherwise, so columns line up in both.

export type Glyphs = {
  /** A missing value in a cell. */
  none: string;
  /** The mark a cut cell ends with (one column). */
  cut: string;
  /** "…" in running text (may be wider than one column in ASCII). */
  ellipsis: string;
  /** Between items on a line: " · ". */
  sep: string;
  /** Multiplication: "×4", "40×14". */
  times: string;
  /** A state dot in the header. */
  dot: string;
  /** The focused pane's title mark. */
  focus: string;
  /** The selected row's mark. */
  cursor: string;
  /** The filter editor's caret. */
  caret: string;
  /** A bar's filled and empty parts. */
  barFull: string;
  barEmpty: string;
  /** Horizontal and vertical rules. */
  rule: string;
  vrule: string;
  /** Sparkline levels, lowest first. */
  spark: string;
  /** The journey: a page, a goal, a line joining them, the page the visitor is on. */
  page: string;
  goal: string;
  stem: string;
  here: string;
  /** Deltas: "+3", "−2", "±0". */
  minus: string;
  plusMinus: string;
  /** Arrows in key names. */
  up: string;
  down: string;
  left: string;
  right: string;
};

const UNICODE: Glyphs = {
  none: '—',
  cut: '…',
  ellipsis: '…',
  sep: ' · ',
  times: '×',
  dot: '●',
  focus: '▶',
  cursor: '›',
  caret: '▏',
  barFull: '━',
  barEmpty: '─',
  rule: '─',
  vrule: '│',
  spark: '▁▂▃▄▅▆▇█',
  page: '●',
  goal: '◆',
  stem: '│',
  here: '▶',
  minus: '−',
  plusMinus: '±',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
};

const ASCII: Glyphs = {
  none: '-',
  cut: '~',
  ellipsis: '...',
  sep: ' | ',
  times: 'x',
  dot: '*',
  focus: '>',
  cursor: '>',
  caret: '_',
  barFull: '#',
  barEmpty: '.',
  rule: '-',
  vrule: '|',
  spark: '_.,-=+*#',
  page: 'o',
  goal: '*',
  stem: '|',
  here: '>',
  minus: '-',
  plusMinus: '+-',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
};

export function glyphs(ascii: boolean): Glyphs {
  return ascii ? ASCII : UNICODE;
}

// Chrome characters that may appear inside the screen's own strings (strings.ts, the keymap, error texts),
// with their ASCII stand-ins. Visitor text is not chrome: the terminal's final gate handles it.
const CHROME: Record<string, string> = {
  '—': '-', '–': '-', '…': '...', '·': '|', '×': 'x', '±': '+-', '−': '-', '↑': 'Up', '↓': 'Down', '←': 'Left', '→': 'Right',
  '●': '*', '▶': '>', '›': '>', '▏': '_', '━': '#', '─': '-', '│': '|', '◆': '*', '\u00a0': ' ', '\u202f': ' ',
};
const CHROME_CHARS = new RegExp(`[${Object.keys(CHROME).join('')}]`, 'g');

/** The screen's own text for the terminal: unchanged in UTF-8, its chrome characters spelled in ASCII otherwise. */
export function chrome(text: string, ascii: boolean): string {
  return ascii ? text.replace(CHROME_CHARS, (c) => CHROME[c]) : text;
}

/** A fitted line in ASCII mode: the one-column cut mark a fit left becomes the ASCII one (width kept). */
export function asciiCuts(runs: Run[], ascii: boolean): Run[] {
  if (!ascii) return runs;
  return runs.map((r) => (r.text.includes('…') ? {text: r.text.replaceAll('…', ASCII.cut), style: r.style} : r));
}
