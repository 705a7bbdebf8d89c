import {seeded} from '../helpers/raw.js';
import {afterEach, expect, it} from 'vitest';
import {FrameWriter, type WriterOptions} from '../../src/terminal/writer.js';
import type {ColorDepth, Run, Style} from '../../src/text/style.js';
import {displayWidth, setAmbiguousWide} from '../../src/text/width.js';
import {compareCells, Emulator, type Widths} from '../helpers/emulator.js';
import {paint} from '../../src/text/style.js';
import {toAscii} from '../../src/text/ascii.js';

// Random sequences of random frames through the writer into an emulator: after every render the emulator's
// screen equals a plain paint of the frame into a second emulator, cell by cell with every attribute. Frames
// move blocks of rows (scroll regions), change a few cells, restyle, resize; the screen is sometimes damaged by
// a foreign write and invalidated. A failure names its seed: SEED=<n> npx vitest run <this file> replays it.

afterEach(() => setAmbiguousWide(false));

const random = seeded;
type Random = ReturnType<typeof random>;

// Text the emulator and the width function measure alike: ASCII, Latin with a combining mark, East-Asian
// ambiguous chrome, braille, blocks, CJK, Hangul, fullwidth forms and single-code-point emoji.
const GRAPHEMES = [
  'a', 'b', 'x', 'Z', '0', '7', ' ', ' ', ' ', '.', '-', '|', '[', 'é', 'e\u0301', 'ñ', 'ø',
  '─', '│', '●', '…', '·', '×', '▶', '━', '⠿', '⣀', '⠁', '▁', '▄', '█', '東', '京', '가', 'Ａ', '😀', '🎉',
];
const STYLES: readonly (Style | null)[] = [
  null, null, null,
  {fg: [220, 40, 40]}, {fg: [40, 200, 60], bold: true}, {bg: [30, 60, 200]}, {inverse: true}, {underline: true, dim: true},
  {fg: [250, 250, 250], bg: [90, 90, 90], bold: true}, {fg: [120, 120, 255], underline: true}, {dim: true},
];

/** A row exactly `width` columns wide (a wide character that would cross the edge becomes a space). */
function randomRow(r: Random, width: number): Run[] {
  const runs: Run[] = [];
  let used = 0;
  while (used < width) {
    const style = r.pick(STYLES);
    let text = '';
    for (let n = 1 + r.int(8); n > 0 && used < width; n--) {
      let g = r.next() < 0.3 ? ' ' : r.pick(GRAPHEMES);
      const w = displayWidth(g);
      if (used + w > width) g = ' ';
      text += g;
      used += displayWidth(g);
    }
    runs.push({text, style});
  }
  return runs;
}

function blankRow(width: number): Run[] {
  return width ? [{text: ' '.repeat(width), style: null}] : [];
}

/** The next frame: some rows changed, a block of rows moved (new rows where it came from), or all new. */
function nextFrame(r: Random, rows: Run[][], width: number, height: number): Run[][] {
  const out = rows.slice(0, height);
  while (out.length < height) out.push(r.next() < 0.5 ? blankRow(width) : randomRow(r, width));
  const roll = r.next();
  if (roll < 0.45 && height > 1) {
    const top = r.int(height - 1);
    const bottom = top + 1 + r.int(height - top - 1);
    const by = 1 + r.int(Math.max(1, bottom - top));
    const band = out.slice(top, bottom + 1);
    const fresh = () => (r.next() < 0.3 ? blankRow(width) : randomRow(r, width));
    const moved = r.next() < 0.5
      ? [...Array.from({length: by}, fresh), ...band.slice(0, band.length - by)]
      : [...band.slice(by), ...Array.from({length: by}, fresh)];
    out.splice(top, band.length, ...moved.slice(0, band.length));
  } else if (roll < 0.8) {
    for (let n = 1 + r.int(3); n > 0; n--) out[r.int(height)] = randomRow(r, width);
  } else if (roll < 0.9) {
    // Restyle a row without changing its text.
    const y = r.int(height);
    out[y] = out[y].map((run) => ({text: run.text, style: r.pick(STYLES)}));
  } else {
    for (let y = 0; y < height; y++) out[y] = randomRow(r, width);
  }
  // Sometimes fewer rows than the height: blank rows below.
  return r.next() < 0.1 ? out.slice(0, r.int(height + 1)) : out;
}

function referenceBytes(rows: readonly (readonly Run[])[], height: number, depth: ColorDepth, ascii: boolean): string {
  let data = '\x1b[0m\x1b[H\x1b[2J';
  rows.slice(0, height).forEach((runs, y) => {
    const painted = ascii ? runs.map((run) => ({text: toAscii(run.text), style: run.style})) : runs;
    data += `\x1b[${y + 1}H` + paint(painted, depth);
  });
  return data;
}

async function sequence(seed: number): Promise<void> {
  const r = random(seed);
  const depth = r.pick<ColorDepth>(['truecolor', '256', '16', 'none']);
  const wide = r.next() < 0.25;
  const ascii = r.next() < 0.15;
  setAmbiguousWide(wide);
  const widths: Widths = wide ? 'wide' : 'narrow';
  let width = 1 + r.int(30);
  let height = 1 + r.int(10);
  const options: WriterOptions = {depth, syncOutput: r.next() < 0.5, scrollRegions: r.next() < 0.85, ascii};
  let bytes = '';
  const writer = new FrameWriter({write: (s: string) => (bytes += s)}, options);
  const screen = new Emulator(width, height, widths);
  const expected = new Emulator(width, height, widths);
  let rows: Run[][] = [];
  try {
    for (let step = 0; step < 12; step++) {
      const roll = r.next();
      if (roll < 0.08) {
        width = 1 + r.int(30);
        height = 1 + r.int(10);
        screen.resize(width, height);
        expected.resize(width, height);
        rows = rows.map((row) => (row.length ? randomRow(r, width) : row));
      } else if (roll < 0.14) {
        // Someone else wrote to the terminal; the application notices and invalidates.
        await screen.write(`\x1b[${1 + r.int(height)};${1 + r.int(width)}H\x1b[1;7;31mforeign text\x1b[2;5r`);
        writer.invalidate();
      }
      rows = nextFrame(r, rows, width, height);
      bytes = '';
      const n = writer.render(rows, width, height);
      expect(n, `seed ${seed} step ${step}`).toBe(Buffer.byteLength(bytes));
      if (ascii) expect([...Buffer.from(bytes)].every((b) => b <= 0x7f), `seed ${seed} step ${step}: a byte above 0x7F`).toBe(true);
      await screen.write(bytes);
      await expected.write(referenceBytes(rows, height, depth, ascii));
      const problem = compareCells(screen.cells(), expected.cells());
      if (problem) {
        throw new Error(`seed ${seed} step ${step} (${width}x${height}, ${depth}, ${wide ? 'ambiguous wide' : 'narrow'}${ascii ? ', ascii' : ''}):\n${problem}\nbytes: ${JSON.stringify(bytes)}`);
      }
      // Rendering the same frame again writes nothing.
      bytes = '';
      expect(writer.render(rows, width, height), `seed ${seed} step ${step}: a repeated frame wrote ${JSON.stringify(bytes)}`).toBe(0);
    }
  } finally {
    screen.dispose();
    expected.dispose();
    setAmbiguousWide(false);
  }
}

it('after every render the emulator shows exactly the frame, over 200 random sequences', async () => {
  const only = process.env.SEED;
  const seeds = only ? [Number(only)] : Array.from({length: 200}, (_, i) => i + 1);
  for (const seed of seeds) await sequence(seed);
});

it('scroll regions are used by the random sequences (the property test exercises them)', async () => {
  let scrolls = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const r = random(seed);
    let bytes = '';
    const writer = new FrameWriter({write: (s: string) => (bytes += s)}, {depth: 'truecolor', syncOutput: false, scrollRegions: true, ascii: false});
    let rows: Run[][] = [];
    for (let step = 0; step < 12; step++) {
      rows = nextFrame(r, rows, 30, 10);
      bytes = '';
      writer.render(rows, 30, 10);
      if (/\x1b\[\d+;\d+r\x1b\[\d+[ST]\x1b\[r/.test(bytes)) scrolls++;
    }
  }
  expect(scrolls).toBeGreaterThan(20);
});
