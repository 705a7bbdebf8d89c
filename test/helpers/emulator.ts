import stringWidth from 'string-width';
import xterm from '@xterm/headless';
import {paint, type ColorDepth, type Run} from '../../src/text/style.js';
import {toAscii} from '../../src/text/ascii.js';

// A headless terminal emulator (@xterm/headless) that bytes are fed into and every cell read back from, to
// compare what a terminal shows with what a frame says, attribute by attribute.

/** One cell as the emulator shows it. Colours as 'default', 'p<index>' (palette) or 'rgb<hex>'. */
export type Cell = {chars: string; width: number; fg: string; bg: string; bold: boolean; dim: boolean; italic: boolean; underline: boolean; inverse: boolean};

/**
 * How the emulator measures characters:
 *  - 'xterm': xterm.js's own Unicode 6 tables (independent of string-width; CJK, box drawing, braille agree);
 *  - 'narrow' / 'wide': per code point by string-width with East-Asian ambiguous characters narrow or wide (as
 *    a CJK terminal draws them); zero-width code points join the cell before, as in xterm.js.
 */
export type Widths = 'xterm' | 'narrow' | 'wide';

const widthCache = {narrow: new Map<number, 0 | 1 | 2>(), wide: new Map<number, 0 | 1 | 2>()};

/** A Unicode provider measuring by string-width, ambiguous characters narrow or wide (a CJK terminal: wide). */
export function widthProvider(kind: 'narrow' | 'wide'): xterm.IUnicodeVersionProvider {
  const cache = widthCache[kind];
  const wcwidth = (cp: number): 0 | 1 | 2 => {
    let w = cache.get(cp);
    if (w === undefined) {
      w = Math.min(2, stringWidth(String.fromCodePoint(cp), {ambiguousIsNarrow: kind === 'narrow'})) as 0 | 1 | 2;
      cache.set(cp, w);
    }
    return w;
  };
  return {
    version: `dftop-${kind}`,
    wcwidth,
    // As xterm.js's Unicode 6 provider: a zero-width code point joins the cell before it.
    charProperties(cp: number, preceding: number): number {
      let width: number = wcwidth(cp);
      let join = width === 0 && preceding !== 0;
      if (join) {
        const before = (preceding >> 1) & 3;
        if (before === 0) join = false;
        else if (before > width) width = before;
      }
      return ((width & 3) << 1) | (join ? 1 : 0);
    },
  };
}

export class Emulator {
  readonly term: xterm.Terminal;

  constructor(cols: number, rows: number, widths: Widths = 'narrow') {
    this.term = new xterm.Terminal({cols, rows, allowProposedApi: true, scrollback: 100, logLevel: 'off'});
    if (widths !== 'xterm') {
      this.term.unicode.register(widthProvider(widths));
      this.term.unicode.activeVersion = `dftop-${widths}`;
    }
  }

  /** Feeds bytes (as written to a terminal) and waits until they are parsed. */
  write(data: string): Promise<void> {
    // The public write parses on a later timer tick (a millisecond or more per call); the core's synchronous
    // write parses at once, which keeps property tests of thousands of frames fast. Same parser either way.
    const core = (this.term as unknown as {_core?: {writeSync?: (data: string) => void}})._core;
    if (typeof core?.writeSync === 'function') {
      core.writeSync(data);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.term.write(data, resolve));
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  dispose(): void {
    this.term.dispose();
  }

  /** Every cell of the screen, row by row. An erased cell reads as a space. */
  cells(): Cell[][] {
    const buffer = this.term.buffer.active;
    const cell = buffer.getNullCell();
    const out: Cell[][] = [];
    for (let y = 0; y < this.term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      const row: Cell[] = [];
      for (let x = 0; x < this.term.cols; x++) {
        line?.getCell(x, cell);
        row.push({
          chars: cell.getWidth() === 0 ? '' : cell.getChars() || ' ',
          width: cell.getWidth(),
          fg: colour(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor()),
          bg: colour(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor()),
          bold: cell.isBold() !== 0,
          dim: cell.isDim() !== 0,
          italic: cell.isItalic() !== 0,
          underline: cell.isUnderline() !== 0,
          inverse: cell.isInverse() !== 0,
        });
      }
      out.push(row);
    }
    return out;
  }

  /** The screen as text, one string per row (wide characters once, trailing blanks kept). */
  lines(): string[] {
    return this.cells().map((row) => row.map((c) => c.chars).join(''));
  }

  cursor(): {x: number; y: number} {
    return {x: this.term.buffer.active.cursorX, y: this.term.buffer.active.cursorY};
  }
}

function colour(isDefault: boolean, isRgb: boolean, value: number): string {
  if (isDefault) return 'default';
  return isRgb ? `rgb${value.toString(16).padStart(6, '0')}` : `p${value}`;
}

/**
 * The screen a frame should produce, painted the plain way into a fresh emulator: each row at its own cursor
 * position with `paint` (through toAscii in ASCII mode). Rows must be exactly `width` columns wide.
 */
export async function reference(rows: readonly (readonly Run[])[], width: number, height: number, depth: ColorDepth, options: {widths?: Widths; ascii?: boolean} = {}): Promise<Cell[][]> {
  const emulator = new Emulator(width, height, options.widths ?? 'narrow');
  let data = '';
  rows.slice(0, height).forEach((runs, y) => {
    const painted = options.ascii ? runs.map((r) => ({text: toAscii(r.text), style: r.style})) : runs;
    data += `\x1b[${y + 1}H` + paint(painted, depth);
  });
  await emulator.write(data);
  const cells = emulator.cells();
  emulator.dispose();
  return cells;
}

function describe(c: Cell): string {
  const flags = (['bold', 'dim', 'italic', 'underline', 'inverse'] as const).filter((f) => c[f]).join('+');
  return `${JSON.stringify(c.chars)}/w${c.width} fg=${c.fg} bg=${c.bg}${flags ? ' ' + flags : ''}`;
}

/** The first few differing cells, described; null when the screens are equal cell by cell. */
export function compareCells(actual: Cell[][], expected: Cell[][], max = 5): string | null {
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`rows: ${actual.length} != ${expected.length}`);
  for (let y = 0; y < Math.min(actual.length, expected.length) && problems.length < max; y++) {
    const a = actual[y];
    const e = expected[y];
    if (a.length !== e.length) problems.push(`row ${y}: ${a.length} columns != ${e.length}`);
    for (let x = 0; x < Math.min(a.length, e.length) && problems.length < max; x++) {
      const da = describe(a[x]);
      const de = describe(e[x]);
      if (da !== de) problems.push(`(${x},${y}): got ${da}, want ${de}`);
    }
  }
  return problems.length ? problems.join('\n') : null;
}
