import {widthProvider} from './emulator.js';
import type xterm from '@xterm/headless';

// What a terminal emulator shows, cell by cell: the character and every attribute, to compare two screens
// (an incrementally drawn one and its own full repaint) exactly.

/** One cell. Colours as 'default', 'p16:<n>', 'p256:<n>' or 'rgb:<hex>'. A wide character's second column reads ''. */
export type ScreenCell = {chars: string; width: number; fg: string; bg: string; bold: boolean; dim: boolean; italic: boolean; underline: boolean; inverse: boolean; invisible: boolean; strike: boolean};

/** A colour by its mode (xterm.js: 0 default, 0x1000000 16-colour palette, 0x2000000 256-colour palette, else RGB). */
function colour(mode: number, value: number): string {
  if (mode === 0) return 'default';
  if (mode === 0x1000000) return `p16:${value}`;
  if (mode === 0x2000000) return `p256:${value}`;
  return `rgb:${value.toString(16).padStart(6, '0')}`;
}

/** Every cell of the visible screen, row by row. */
export function readCells(term: xterm.Terminal): ScreenCell[][] {
  const buffer = term.buffer.active;
  const cell = buffer.getNullCell();
  const rows: ScreenCell[][] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    const row: ScreenCell[] = [];
    for (let x = 0; x < term.cols; x++) {
      if (!line?.getCell(x, cell)) {
        row.push({chars: ' ', width: 1, fg: 'default', bg: 'default', bold: false, dim: false, italic: false, underline: false, inverse: false, invisible: false, strike: false});
        continue;
      }
      row.push({
        chars: cell.getWidth() === 0 ? '' : cell.getChars() || ' ',
        width: cell.getWidth(),
        fg: colour(cell.getFgColorMode(), cell.getFgColor()),
        bg: colour(cell.getBgColorMode(), cell.getBgColor()),
        bold: cell.isBold() !== 0,
        dim: cell.isDim() !== 0,
        italic: cell.isItalic() !== 0,
        underline: cell.isUnderline() !== 0,
        inverse: cell.isInverse() !== 0,
        invisible: cell.isInvisible() !== 0,
        strike: cell.isStrikethrough() !== 0,
      });
    }
    rows.push(row);
  }
  return rows;
}

/** The screen as text, one string per row, a wide character once (its second column adds nothing). */
export function cellText(cells: readonly ScreenCell[][]): string[] {
  return cells.map((row) => row.map((c) => c.chars).join(''));
}

function describeCell(c: ScreenCell): string {
  const flags = (['bold', 'dim', 'italic', 'underline', 'inverse', 'invisible', 'strike'] as const).filter((f) => c[f]).join('+');
  return `${JSON.stringify(c.chars)}/w${c.width} fg=${c.fg} bg=${c.bg}${flags ? ' ' + flags : ''}`;
}

/**
 * Where two screens differ, cell by cell (text and every attribute): the first few cells and, for context,
 * the differing rows as text. null when they are equal.
 */
export function diffScreens(actual: readonly ScreenCell[][], expected: readonly ScreenCell[][], max = 8): string | null {
  const problems: string[] = [];
  const rows = new Set<number>();
  if (actual.length !== expected.length) problems.push(`rows: ${actual.length} != ${expected.length}`);
  for (let y = 0; y < Math.min(actual.length, expected.length); y++) {
    const a = actual[y];
    const e = expected[y];
    if (a.length !== e.length) problems.push(`row ${y}: ${a.length} columns != ${e.length}`);
    for (let x = 0; x < Math.min(a.length, e.length); x++) {
      const da = describeCell(a[x]);
      const de = describeCell(e[x]);
      if (da === de) continue;
      rows.add(y);
      if (problems.length < max) problems.push(`(${x},${y}): got ${da}, want ${de}`);
    }
  }
  if (!problems.length) return null;
  const text = (cells: readonly ScreenCell[][], y: number) => cells[y]?.map((c) => c.chars).join('') ?? '';
  const context = [...rows].slice(0, 6).map((y) => `row ${y}\n  got  |${text(actual, y)}|\n  want |${text(expected, y)}|`);
  return [...problems, `${rows.size} row(s) differ`, ...context].join('\n');
}

/** A Unicode provider that draws East-Asian ambiguous characters two columns wide, as a CJK terminal does. */
export const ambiguousWideProvider = (): xterm.IUnicodeVersionProvider => widthProvider('wide');

/** The characters of dftop's own chrome that East-Asian terminals draw two columns wide. */
export const AMBIGUOUS_CHROME = ['─', '│', '●', '…', '·', '▶', '━', '›', '×', '—', '−', '±', '◆', '▏', '↑', '↓', '←', '→'];
