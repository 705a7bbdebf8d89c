import {afterEach, describe, expect, it} from 'vitest';
import {DEFAULT_STYLE, sgrTransition, styleKeys} from '../../src/terminal/cells.js';
import {FrameWriter, type WriterOptions} from '../../src/terminal/writer.js';
import {paint, type ColorDepth, type Run, type Style} from '../../src/text/style.js';
import {displayWidth, setAmbiguousWide} from '../../src/text/width.js';
import {compareCells, Emulator, type Cell, type Widths} from '../helpers/emulator.js';
import {seeded} from '../helpers/raw.js';
import {randomFrames, type Cellv} from '../helpers/random-frames.js';

// How the writer encodes what changed: the cheapest cursor move from where the cursor is (CUF/CUB/BS on the
// row, CR, CUD, CUP), unchanged cells rewritten when that is cheaper than a move, SGR deltas from the tracked
// state, EL for a blank tail and ECH for a run of blanks. Each encoding is checked byte for byte on a small
// case and, above all, through an emulator: random frames whose changes hit the edges (the last column and its
// pending-wrap state, wide characters there, blank tails, rows after a scroll region moved, frames smaller
// than the screen) must leave the emulator equal, cell by cell with every attribute, to the frame painted plainly.

afterEach(() => setAmbiguousWide(false));

const RED: Style = {fg: [220, 40, 40], bold: true};
const GREEN: Style = {fg: [40, 200, 60], underline: true};
const BG: Style = {bg: [30, 60, 200]};

function row(width: number, ...parts: (string | [string, Style | null])[]): Run[] {
  const runs: Run[] = parts.map((p) => (typeof p === 'string' ? {text: p, style: null} : {text: p[0], style: p[1]}));
  const used = runs.reduce((n, r) => n + displayWidth(r.text), 0);
  if (used < width) runs.push({text: ' '.repeat(width - used), style: null});
  return runs;
}

/** The frame painted plainly into a fresh emulator of the given size (each row at its own CUP). */
async function plain(rows: readonly (readonly Run[])[], height: number, cols: number, lines: number, depth: ColorDepth, widths: Widths): Promise<Cell[][]> {
  const emulator = new Emulator(cols, lines, widths);
  let data = '';
  rows.slice(0, height).forEach((runs, y) => (data += `\x1b[${y + 1}H` + paint(runs, depth)));
  await emulator.write(data);
  const cells = emulator.cells();
  emulator.dispose();
  return cells;
}

/** A writer into an emulator (possibly larger than the frames); `frame` renders and compares. */
function setup(width: number, height: number, options: Partial<WriterOptions> = {}, widths: Widths = 'narrow', extra = {cols: 0, rows: 0}) {
  let written = '';
  const opts: WriterOptions = {depth: 'truecolor', syncOutput: false, scrollRegions: true, ascii: false, ...options};
  const writer = new FrameWriter({write: (s: string) => (written += s)}, opts);
  const emulator = new Emulator(width + extra.cols, height + extra.rows, widths);
  const frame = async (rows: Run[][]) => {
    written = '';
    expect(writer.render(rows, width, height)).toBe(Buffer.byteLength(written));
    await emulator.write(written);
    expect(compareCells(emulator.cells(), await plain(rows, height, width + extra.cols, height + extra.rows, opts.depth, widths))).toBeNull();
    return written;
  };
  return {writer, emulator, frame};
}

describe('SGR transitions', () => {
  const key = styleKeys('256');
  it('sends only the attributes that differ, or a reset and the style when that is shorter', () => {
    const red = key({fg: [220, 40, 40]});
    const boldRed = key({fg: [220, 40, 40], bold: true});
    const dimRed = key({fg: [220, 40, 40], dim: true});
    const boldDim = key({bold: true, dim: true});
    const onBlue = key({fg: [220, 40, 40], bg: [30, 60, 200]});
    expect(boldRed).toBe('\x1b[0;1;38;5;160m');
    expect(sgrTransition(DEFAULT_STYLE, boldRed)).toBe('\x1b[1;38;5;160m');
    expect(sgrTransition(boldRed, red)).toBe('\x1b[22m');
    // 22 turns bold and dim off together: dim is set again.
    expect(sgrTransition(boldRed, dimRed)).toBe('\x1b[22;2m');
    // ...unless the reset is shorter.
    expect(sgrTransition(boldDim, key({dim: true}))).toBe('\x1b[0;2m');
    expect(sgrTransition(red, key({fg: [220, 40, 40], underline: true, inverse: true}))).toBe('\x1b[4;7m');
    expect(sgrTransition(key({underline: true, inverse: true}), key(null))).toBe('\x1b[m');
    expect(sgrTransition(onBlue, key({bg: [30, 60, 200]}))).toBe('\x1b[39m');
    expect(sgrTransition(onBlue, red)).toBe('\x1b[49m');
    // To the default: a reset (3 bytes) beats 39 (5 bytes).
    expect(sgrTransition(red, DEFAULT_STYLE)).toBe('\x1b[m');
    // From an unknown state: the whole style after a reset, in one sequence.
    expect(sgrTransition(null, red)).toBe('\x1b[0;38;5;160m');
    expect(sgrTransition(null, DEFAULT_STYLE)).toBe('\x1b[m');
    expect(sgrTransition(red, red)).toBe('');
    const k16 = styleKeys('16');
    expect(sgrTransition(k16({fg: [205, 49, 49]}), k16({fg: [205, 49, 49], bg: [36, 114, 200]}))).toBe('\x1b[44m');
    expect(sgrTransition(k16({fg: [241, 76, 76], bg: [36, 114, 200]}), k16({bg: [36, 114, 200]}))).toBe('\x1b[39m');
  });
});

describe('FrameWriter: cursor moves', () => {
  it('moves forward on a row (CUF), to the next rows (CUD, CR), back (BS) and absolutely, whichever is shortest', async () => {
    const {frame} = setup(40, 12);
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD';
    const at = (...xs: number[]) => row(40, [...text].map((c, x) => (xs.includes(x) ? 'X' : c)).join(''));
    await frame(Array.from({length: 12}, () => at()));
    const bytes = await frame([at(0, 39), at(), at(), at(3), at(), at(4), at(3, 20), at(), at(), at(), at(39), at(0)]);
    // Row 1: CUP home, X, 38 cells on (CUF), X into the last column (the column is unknown then: pending
    // wrap); row 4 absolutely; row 6 two rows down (CUD 2), same column; row 7 one down and back two (BS), then
    // on (CUF); row 11 absolutely; row 12 from the last column of row 11: CR and CUD (shorter than CUP 12).
    expect(bytes).toBe('\x1b[H\x1b[mX\x1b[38CX\x1b[4;4HX\x1b[2BX\x1b[B\b\bX\x1b[16CX\x1b[11;40HX\r\x1b[BX');
  });

  it('after a write into the last column (pending wrap) moves only by CR or CUP, wide characters too', async () => {
    for (const widths of ['narrow', 'xterm'] as const) {
      const {frame} = setup(12, 12, {}, widths);
      const top = Array.from({length: 8}, () => row(12, 'abc'));
      await frame([...top, row(12, 'abcdefghijkl'), row(12, 'abcdefghij東'), row(12, 'abcdefghijkl'), row(12, 'abcdefghijkl')]);
      const bytes = await frame([...top, row(12, 'abcdefghijkL'), row(12, 'abcdefghij京'), row(12, 'Mbcdefghijkl'), row(12, 'abcdefghijkN')]);
      // After each write that ends in the last column the next move starts with CR or is absolute.
      for (const after of bytes.split(/[LN京]/).slice(1)) if (after) expect(after).toMatch(/^(\r|\x1b\[\d+(;\d+)?H)/);
      expect(bytes).toContain('京\r\x1b[BM');
    }
  });

  it('does not rely on the cursor after a character terminals measure differently (an emoji)', async () => {
    // xterm.js draws 😀 one column wide, the width function two: the cells after it on that row are off in
    // this emulator, but the next stretch is placed absolutely, where it belongs, and so is the next row's.
    let bytes = '';
    const writer = new FrameWriter({write: (s: string) => (bytes += s)}, {depth: 'none', syncOutput: false, scrollRegions: false, ascii: false});
    const emulator = new Emulator(20, 12, 'xterm');
    const blank = Array.from({length: 10}, () => row(20));
    writer.render([...blank, row(20, 'ab'), row(20, 'cd')], 20, 12);
    await emulator.write(bytes);
    bytes = '';
    writer.render([...blank, row(20, 'a😀b', '        ', 'X', '     😀'), row(20, 'Zd')], 20, 12);
    await emulator.write(bytes);
    // After the first emoji: CUP (not CUF); after the second, in the last columns: CUP (not CR and CUD).
    expect(bytes).toBe('\x1b[11;2H\x1b[m😀b\x1b[11;13HX\x1b[5C😀\x1b[12HZ');
    expect(emulator.cells()[10][12].chars).toBe('X');
    expect(emulator.cells()[11][0].chars).toBe('Z');
    emulator.dispose();
  });
});

describe('FrameWriter: gaps, erasing', () => {
  it('rewrites a short gap of unchanged cells instead of moving, counting the SGR it needs', async () => {
    const {frame} = setup(30, 1);
    await frame([row(30, 'abcdefghijklmnopqrstuvwxyz')]);
    expect(await frame([row(30, 'aBcdEfghijklmnopqrstuvwxyz')])).toBe('\x1b[1;2H\x1b[mBcdE');
    expect(await frame([row(30, 'aBcdEfghijklmnopqrstuvwxyZ')])).toBe('\x1b[1;26H\x1b[mZ');
    // Four cells: CUF (4 bytes) costs as much as rewriting; five: CUF.
    expect(await frame([row(30, 'aXcdEXghijklmnopqrstuvwxyZ')])).toBe('\x1b[1;2H\x1b[mXcdEX');
    expect(await frame([row(30, 'aYcdEXgYijklmnopqrstuvwxyZ')])).toBe('\x1b[1;2H\x1b[mY\x1b[5CY');
    expect(await frame([row(30, 'aZcdEXZYijklmnopqrstuvwxyZ')])).toBe('\x1b[1;2H\x1b[mZcdEXZ');
    // A gap in another style costs its SGR sequences: moving is cheaper.
    await frame([row(30, 'ab', ['cd', RED], 'efghijklmnopqrstuvwxyz')]);
    expect(await frame([row(30, 'aB', ['cd', RED], 'Efghijklmnopqrstuvwxyz')])).toBe('\x1b[1;2H\x1b[mB\x1b[2CE');
  });

  it('erases a tail that became blank with EL and (when asked) a long blank run with ECH, in the default style only', async () => {
    const {frame} = setup(40, 3, {ech: true});
    const full = 'The quick brown fox jumps over the lazy ';
    await frame([row(40, full), row(40, full), row(40, ['styled tail that goes on and on', BG])]);
    const bytes = await frame([row(40, 'The quick'), row(40, 'The', ' '.repeat(20), 'the lazy '), row(40, ['styled', BG], ['                         ', BG])]);
    expect(bytes).toContain('\x1b[1;11H\x1b[m\x1b[K');
    expect(bytes).toMatch(/\x1b\[2;5H\x1b\[5X\x1b\[6C\x1b\[5X/);
    expect(bytes.split('\x1b[3;')[0]).toMatch(/the lazy\x1b\[K$/);
    // Blanks in a background colour are written, not erased (an erase would take the background, but not
    // the other attributes, and the writer only erases in the default style).
    expect(bytes.split('\x1b[3;')[1]).not.toMatch(/\x1b\[\d*[KX]/);
    // Without the option, the blanks are written (EL still erases the tail).
    const plainWriter = setup(40, 3);
    await plainWriter.frame([row(40, full), row(40, full)]);
    const without = await plainWriter.frame([row(40, 'The quick'), row(40, 'The', ' '.repeat(20), 'the lazy ')]);
    expect(without).not.toMatch(/\x1b\[\d+X/);
    expect(without).toContain('\x1b[1;11H\x1b[m\x1b[K');
  });

  it('erases the rest of a row when the frame is narrower than the screen, leaving the screen right', async () => {
    const {frame} = setup(20, 3, {}, 'narrow', {cols: 6, rows: 2});
    await frame([row(20, 'abcdefghijklmnopqrst'), row(20, ['東京東京東京東京東京', RED])]);
    await frame([row(20, 'abc'), row(20, ['東京', RED], ' 東京 ', ['x', GREEN])]);
    await frame([row(20, 'abcdefghijklmnopqr東'), row(20)]);
  });

  it('places each row of a full repaint absolutely (the repair path relies on nothing before it)', async () => {
    const {writer, frame} = setup(20, 5);
    const rows = [row(20, 'one'), row(20), row(20, ['three', RED], '      x'), row(20, 'four'), row(20, ['five', BG])];
    await frame(rows);
    writer.invalidate();
    const bytes = await frame(rows);
    expect(bytes.match(/\x1b\[\d*(;\d+)?H/g)).toEqual(['\x1b[H', '\x1b[H', '\x1b[3H', '\x1b[4H', '\x1b[5H']);
    expect(bytes).toContain('\x1b[3H\x1b[1;38;2;220;40;40mthree\x1b[6C\x1b[mx\x1b[4H');
  });

  it('moves blocks with a scroll region and places the next stretch absolutely after it', async () => {
    const {frame} = setup(30, 8);
    const items = (names: string[]) => names.map((t) => row(30, [`${t.padEnd(10)} a visitor from afar`, GREEN]));
    await frame([row(30, 'head'), ...items(['a', 'b', 'c', 'd', 'e', 'f']), row(30, 'foot')]);
    const bytes = await frame([row(30, 'head'), ...items(['new', 'a', 'b', 'c', 'd', 'e']), row(30, 'foot')]);
    expect(bytes).toMatch(/^\x1b\[m\x1b\[2;7r\x1b\[1T\x1b\[r\x1b\[2H/);
  });
});

// --- The property: random frames that change at the edges, through an emulator. ---

const GLYPHS = ['a', 'b', 'z', 'Q', '0', '.', '-', '|', 'é', '─', '●', '⠿', '⣀', '█', '東', '京', '가', '😀', 'e\u0301', '…', '×'];
const STYLES: readonly (Style | null)[] = [
  null, null, null, {bold: true}, {dim: true}, {bold: true, dim: true}, {underline: true}, {inverse: true},
  {fg: [220, 40, 40]}, {fg: [220, 40, 40], bold: true}, {fg: [40, 200, 60], underline: true}, {bg: [30, 60, 200]},
  {fg: [250, 250, 250], bg: [90, 90, 90], bold: true}, {fg: [120, 120, 255], inverse: true, dim: true}, {bg: [200, 200, 40], underline: true},
];

const {runsOf, randomCols, mutate} = randomFrames(GLYPHS, STYLES);

const USED = {cuf: /\x1b\[\d*C/, cr: /\r/, cud: /\x1b\[\d*B/, back: /\x08|\x1b\[\d*D/, el: /\x1b\[K/, ech: /\x1b\[\d+X/, delta: /\x1b\[(22|24|27|39|49)[;m]/, scroll: /\x1b\[\d+;\d+r/};

async function sequence(seed: number, used: Record<string, number>): Promise<void> {
  const r = seeded(seed);
  const depth = r.pick<ColorDepth>(['truecolor', '256', '256', '16', 'none']);
  const wideAmbiguous = r.next() < 0.2;
  setAmbiguousWide(wideAmbiguous);
  const widths: Widths = wideAmbiguous ? 'wide' : 'narrow';
  let width = 2 + r.int(24);
  let height = 1 + r.int(14);
  const extra = r.next() < 0.3 ? {cols: r.int(4), rows: r.int(3)} : {cols: 0, rows: 0};
  let bytes = '';
  const ech = r.next() < 0.5;
  const writer = new FrameWriter({write: (s: string) => (bytes += s)}, {depth, syncOutput: r.next() < 0.3, scrollRegions: r.next() < 0.7, ascii: false, ech});
  let screen = new Emulator(width + extra.cols, height + extra.rows, widths);
  let grid: Cellv[][] = Array.from({length: height}, () => randomCols(r, width));
  try {
    for (let step = 0; step < 14; step++) {
      const roll = r.next();
      if (roll < 0.06) {
        width = 2 + r.int(24);
        height = 1 + r.int(14);
        screen.dispose();
        screen = new Emulator(width + extra.cols, height + extra.rows, widths);
        grid = Array.from({length: height}, () => randomCols(r, width));
        // The new screen is blank: the application repaints after every settled resize, even to the same size.
        writer.invalidate();
      } else if (roll < 0.1) {
        await screen.write(`\x1b[${1 + r.int(height)};${1 + r.int(width)}H\x1b[4;35mforeign`);
        writer.invalidate();
      } else if (roll < 0.3 && height > 2) {
        // A block of rows moves (a list with new rows at the top, or old ones gone).
        const top = r.int(height - 1);
        const bottom = top + 1 + r.int(height - top - 1);
        const by = 1 + r.int(bottom - top);
        const band = grid.slice(top, bottom + 1);
        const fresh = () => randomCols(r, width);
        const moved = r.next() < 0.5 ? [...Array.from({length: by}, fresh), ...band.slice(0, band.length - by)] : [...band.slice(by), ...Array.from({length: by}, fresh)];
        grid.splice(top, band.length, ...moved.slice(0, band.length));
        if (r.next() < 0.5) grid[r.int(height)] = mutate(r, grid[r.int(height)]);
      } else {
        for (let n = 1 + r.int(height); n > 0; n--) {
          const y = r.int(height);
          grid[y] = mutate(r, grid[y]);
        }
      }
      const rows = grid.map(runsOf);
      const shown = r.next() < 0.1 ? rows.slice(0, r.int(height + 1)) : rows;
      bytes = '';
      expect(writer.render(shown, width, height), `seed ${seed} step ${step}`).toBe(Buffer.byteLength(bytes));
      for (const [name, re] of Object.entries(USED)) if (re.test(bytes)) used[name] = (used[name] ?? 0) + 1;
      if (!ech) expect(bytes, `seed ${seed} step ${step}: ECH without the option`).not.toMatch(USED.ech);
      await screen.write(bytes);
      const problem = compareCells(screen.cells(), await plain(shown, height, width + extra.cols, height + extra.rows, depth, widths));
      if (problem) {
        throw new Error(`seed ${seed} step ${step} (${width}x${height}, screen +${extra.cols}x+${extra.rows}, ${depth}, ${widths}):\n${problem}\nbytes: ${JSON.stringify(bytes)}`);
      }
      bytes = '';
      expect(writer.render(shown, width, height), `seed ${seed} step ${step}: a repeated frame wrote ${JSON.stringify(bytes)}`).toBe(0);
    }
  } finally {
    screen.dispose();
    setAmbiguousWide(false);
  }
}

it('random frames changing at the edges leave the emulator equal to the frame, over 300 sequences, every encoding used', async () => {
  const only = process.env.SEED;
  const seeds = only ? [Number(only)] : Array.from({length: 300}, (_, i) => 1000 + i);
  const used: Record<string, number> = {};
  for (const seed of seeds) await sequence(seed, used);
  if (!only) for (const name of Object.keys(USED)) expect(used[name] ?? 0, `frames using ${name}`).toBeGreaterThan(20);
});
