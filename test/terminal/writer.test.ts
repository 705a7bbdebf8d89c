import {afterEach, describe, expect, it} from 'vitest';
import {blankRow, rasterise, rowText, styleKeys} from '../../src/terminal/cells.js';
import {CLEAR_SCREEN, FrameWriter, paintRows, SYNC_BEGIN, SYNC_END, type WriterOptions} from '../../src/terminal/writer.js';
import {paint, type Run, type Style} from '../../src/text/style.js';
import {displayWidth, fit, setAmbiguousWide} from '../../src/text/width.js';
import {compareCells, Emulator, reference, type Widths} from '../helpers/emulator.js';

afterEach(() => setAmbiguousWide(false));

const RED: Style = {fg: [220, 40, 40], bold: true};
const BLUE_BG: Style = {bg: [30, 60, 200]};
const GREEN: Style = {fg: [40, 200, 60], underline: true};
const INVERSE: Style = {inverse: true, dim: true};

type Part = string | [string, Style | null];
/** A row of runs from parts (plain text, or [text, style]), padded with blanks to `width` columns. */
function row(width: number, ...parts: Part[]): Run[] {
  const runs: Run[] = parts.map((p) => (typeof p === 'string' ? {text: p, style: null} : {text: p[0], style: p[1]}));
  const used = runs.reduce((n, r) => n + displayWidth(r.text), 0);
  if (used < width) runs.push({text: ' '.repeat(width - used), style: null});
  return runs;
}

/** A writer whose output lands in an emulator; `frame` renders and checks the emulator against the reference. */
function setup(width: number, height: number, options: Partial<WriterOptions> = {}, widths: Widths = 'narrow') {
  let written = '';
  let writes = 0;
  const opts: WriterOptions = {depth: 'truecolor', syncOutput: false, scrollRegions: true, ascii: false, ...options};
  const writer = new FrameWriter({write: (s: string) => ((written += s), writes++)}, opts);
  const emulator = new Emulator(width, height, widths);
  const frame = async (rows: Run[][], w = width, h = height) => {
    written = '';
    const n = writer.render(rows, w, h);
    expect(n).toBe(Buffer.byteLength(written));
    await emulator.write(written);
    const want = await reference(rows, w, h, writer['options'].depth, {widths, ascii: writer['options'].ascii});
    expect(compareCells(emulator.cells(), want)).toBeNull();
    return written;
  };
  return {writer, emulator, frame, writes: () => writes};
}

const cups = (bytes: string) => bytes.match(/\x1b\[\d+(;\d+)?H/g) ?? [];

describe('FrameWriter: stretches', () => {
  it('writes only the cells that changed, the frame\'s first stretch at an absolute cursor position', async () => {
    const {frame} = setup(40, 4);
    await frame([row(40, 'Visitors 12'), row(40, ['Paris', RED], ' France'), row(40, 'London United Kingdom')]);
    const bytes = await frame([row(40, 'Visitors 13'), row(40, ['Paris', RED], ' France'), row(40, 'London United Kingdom')]);
    expect(bytes).toBe('\x1b[1;11H\x1b[m3');
    const next = await frame([row(40, 'Visitors 13'), row(40, ['Lyon', RED], '  France'), row(40, 'London United Kingdom')]);
    for (const unchanged of ['Visitors', 'France', 'London']) expect(next).not.toContain(unchanged);
  });

  it('joins stretches on a row when rewriting the gap is cheaper than moving the cursor, moves otherwise', async () => {
    const {frame} = setup(60, 2);
    const base = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX';
    await frame([row(60, base)]);
    // Cells 2 and 5 change: rewriting 'de' (2 bytes) beats a cursor move (4 bytes: CUF 2).
    const near = await frame([row(60, 'abCdeFghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX')]);
    expect(cups(near)).toHaveLength(1);
    expect(near).toContain('CdeF');
    // Cells 2 and 40 change: two stretches, the second reached by a move forward on the row (CUF).
    const far = await frame([row(60, 'abcdeFghijklmnopqrstuvwxyz0123456789ABCDeFGHIJKLMNOPQRSTUVWX')]);
    expect(far).toBe('\x1b[1;3H\x1b[mc\x1b[37Ce');
    expect(far).not.toContain('ghij');
  });

  it('counts style changes in a gap: a gap of another colour costs its SGR sequences', async () => {
    const {frame} = setup(30, 1);
    await frame([row(30, 'a', ['bcd', RED], 'efghij')]);
    const bytes = await frame([row(30, 'A', ['bcd', RED], 'Efghij')]);
    // Rewriting 'bcd' needs two SGR sequences (~22 bytes): a move forward (4 bytes) is cheaper.
    expect(bytes).toBe('\x1b[H\x1b[mA\x1b[3CE');
  });
});

describe('FrameWriter: SGR state', () => {
  it('sets the full state at the frame\'s first stretch, then only changes of style; the frame ends in the default state', async () => {
    const {emulator, frame} = setup(20, 3);
    await frame([row(20, 'plain'), row(20, 'plain'), row(20, 'plain')]);
    // A foreign write left bold red on; the writer must not inherit it.
    await emulator.write('\x1b[1;31;44m');
    const bytes = await frame([row(20, ['pla', RED], 'IN'), row(20, 'plaIN'), row(20, ['p', GREEN], ['la', INVERSE], 'in')]);
    // The first stretch sets the whole state (a reset and the style, in one sequence): the foreign bold red
    // and blue background are gone.
    expect(bytes.startsWith('\x1b[H\x1b[0;1;38;2;220;40;40mpla')).toBe(true);
    // Then only changes: back to the default (shortest as a reset), and row 2's stretch (reached from the
    // end of row 1 by CUD and two backspaces) is in the default style already: no SGR at all.
    expect(bytes).toContain('pla\x1b[mIN\x1b[B\b\bIN');
    // Row 3: underline and green set from the default (no reset needed), then dim and inverse by a reset
    // (shorter than the delta 2;24;7;39); 'in' did not change; the frame ends with a reset: nothing outlives it.
    expect(bytes.endsWith('\x1b[3H\x1b[4;38;2;40;200;60mp\x1b[0;2;7mla\x1b[m')).toBe(true);
  });

  it('resets a styled state before a scroll region, and after the frame only when the state is not the default', async () => {
    const {frame} = setup(30, 8);
    const items = (names: string[]) => names.map((t) => row(30, [`${t.padEnd(10)} a visitor from afar`, RED]));
    await frame([row(30, 'head'), ...items(['a', 'b', 'c', 'd', 'e', 'f'])]);
    const bytes = await frame([row(30, 'head'), ...items(['new', 'a', 'b', 'c', 'd', 'e'])]);
    expect(bytes).toMatch(/^\x1b\[m\x1b\[2;\d+r\x1b\[1T\x1b\[r/);
    expect(bytes.endsWith('\x1b[m')).toBe(true);
  });

  it('maps styles through the colour depth: equal-looking styles are equal cells', async () => {
    const {frame} = setup(20, 2, {depth: '16'});
    await frame([row(20, ['red', {fg: [205, 49, 49]}])]);
    // Another object, another shade that is the same palette colour at 16 colours: nothing to write.
    const bytes = await frame([row(20, ['red', {fg: [200, 50, 50]}])]);
    expect(bytes).toBe('');
  });
});

describe('FrameWriter: scroll regions', () => {
  const header = (w: number) => [row(w, ['dftop', RED], ' live'), row(w, '─'.repeat(w))];
  // Each item has its own style (by its number), so a moved row looks the same at its new place.
  const list = (items: string[], w: number) => items.map((t) => row(w, [t.padEnd(12), Number(t.at(-1)) % 2 ? GREEN : null], ' visitor from somewhere far'));

  it('moves rows inserted at the top of a list down with a band that does not start at row 1', async () => {
    const w = 40;
    const h = 14;
    const {frame} = setup(w, h);
    const items = Array.from({length: 10}, (_, i) => `item ${i}`);
    const footer = [row(w, ['q quit', INVERSE])];
    await frame([...header(w), ...list(items, w), ...footer]);
    const next = ['new a', 'new b', ...items.slice(0, 8)];
    const bytes = await frame([...header(w), ...list(next, w), ...footer]);
    // The list is rows 3..12: the two new rows push the first eight down by two.
    expect(bytes).toContain('\x1b[3;12r\x1b[2T\x1b[r');
    expect(bytes).not.toContain('item 7');
  });

  it('moves rows up when the top of a band went away, and costs fewer bytes than rewriting', async () => {
    const w = 40;
    const h = 14;
    const with_ = setup(w, h);
    const without = setup(w, h, {scrollRegions: false});
    const items = Array.from({length: 12}, (_, i) => `item ${i}`);
    const first = [...header(w), ...list(items.slice(0, 11), w), row(w, 'footer')];
    const second = [...header(w), ...list(items.slice(3, 12), w), row(w), row(w), row(w, 'footer')];
    await with_.frame(first);
    await without.frame(first);
    const a = await with_.frame(second);
    const b = await without.frame(second);
    expect(a).toMatch(/\x1b\[3;\d+r\x1b\[3S\x1b\[r/);
    expect(Buffer.byteLength(a)).toBeLessThan(Buffer.byteLength(b));
  });

  it('does not scroll when rewriting is cheaper, nor when scroll regions are off', async () => {
    const {frame} = setup(20, 6);
    await frame([row(20, 'a'), row(20, 'b'), row(20, 'c'), row(20, 'd')]);
    // One short row moved: rewriting a few cells beats the scroll sequences.
    const bytes = await frame([row(20, 'x'), row(20, 'a'), row(20, 'c'), row(20, 'd')]);
    expect(bytes).not.toMatch(/\x1b\[\d+;\d+r/);
    const off = setup(40, 14, {scrollRegions: false});
    const items = Array.from({length: 12}, (_, i) => row(40, `long line number ${i} with text`));
    await off.frame(items);
    expect(await off.frame([row(40, 'new'), ...items.slice(0, 11)])).not.toMatch(/r\x1b\[\d*[ST]/);
  });

  it('handles several bands in one frame and a scroll covering the whole screen', async () => {
    const w = 30;
    const {frame} = setup(w, 12);
    const a = Array.from({length: 5}, (_, i) => row(w, `top list entry ${i}`, ['!', RED]));
    const b = Array.from({length: 5}, (_, i) => row(w, ['bottom list entry', BLUE_BG], ` ${i}`));
    await frame([...a, row(w, '────'), ...b, row(w)]);
    await frame([row(w, 'fresh'), ...a.slice(0, 4), row(w, '────'), ...b.slice(2), row(w), row(w), row(w)]);
    const all = Array.from({length: 12}, (_, i) => row(w, `whole screen line ${i}`));
    await frame(all);
    await frame([...all.slice(4), row(w), row(w), row(w), row(w)]);
  });
});

describe('FrameWriter: wide characters', () => {
  it('writes a wide character whole at either edge of a stretch, CJK and emoji', async () => {
    const {frame} = setup(16, 3);
    await frame([row(16, 'ab東京cd'), row(16, 'x😀y😀z'), row(16, '東東東東東東東東')]);
    // The second half of 東 changes to a narrow character: the stretch starts at its first half.
    await frame([row(16, 'ab東', 'x京cd'), row(16, 'x😀yz😀'), row(16, ' 東東東東東東東 ')]);
    // A narrow character over the first half of a wide one, and wide characters one column over.
    await frame([row(16, 'abQ ', '京cd'), row(16, 'x 😀yz😀'), row(16, '東東東東東東東東')]);
    await frame([row(16, 'a東 東cd'), row(16, '😀😀😀😀😀😀😀😀'), row(16, 'a東東東東東東東 ')]);
  });

  it('puts a space where a wide character would cross the right edge, and cuts longer rows', async () => {
    const {writer, frame} = setup(5, 2);
    await frame([row(5, 'abcd', ' '), row(5, 'abcde')]);
    written(writer, [[{text: 'abcd東', style: RED}], [{text: 'abcdefgh', style: null}]], 5, 2);
    expect(writer.shown().map(rowText)).toEqual(['abcd ', 'abcde']);
    expect(writer.shown()[0].style[4]).toBe(writer.shown()[0].style[0]);
  });
});

function written(writer: FrameWriter, rows: Run[][], w: number, h: number) {
  return writer.render(rows, w, h);
}

describe('FrameWriter: output framing', () => {
  it('wraps each non-empty frame in synchronized output when asked, and writes nothing when nothing changed', async () => {
    const on = setup(20, 3, {syncOutput: true});
    const bytes = await on.frame([row(20, 'hello')]);
    expect(bytes.startsWith(SYNC_BEGIN + CLEAR_SCREEN)).toBe(true);
    expect(bytes.endsWith(SYNC_END)).toBe(true);
    expect(on.emulator.term.modes.synchronizedOutputMode).toBe(false);
    const writes = on.writes();
    expect(on.writer.render([row(20, 'hello')], 20, 3)).toBe(0);
    // Other objects, other runs, the same cells: still nothing.
    expect(on.writer.render([[{text: 'hel', style: null}, {text: 'lo', style: {}}]], 20, 3)).toBe(0);
    expect(on.writes()).toBe(writes);
    const off = setup(20, 3, {syncOutput: false});
    await off.frame([row(20, 'hello')]);
    expect(await off.frame([row(20, 'help')])).not.toContain('\x1b[?2026');
    off.writer.setOptions({syncOutput: true});
    expect(await off.frame([row(20, 'hello')])).toMatch(/^\x1b\[\?2026h.*\x1b\[\?2026l$/s);
  });

  it('invalidate() repaints every cell from a cleared screen, repairing a foreign write', async () => {
    const {writer, emulator, frame} = setup(30, 4, {syncOutput: true});
    const rows = [row(30, ['dftop', RED], ' 東京 ⠿⠿'), row(30), row(30, 'last', ['line', GREEN])];
    await frame(rows);
    // Another program wrote text, left attributes on and a scroll region set.
    await emulator.write('\x1b[2;3H\x1b[7mwall: system going down\x1b[H\x1b[1mjunk\x1b[2;3r');
    writer.invalidate();
    const bytes = await frame(rows);
    expect(bytes.startsWith(SYNC_BEGIN + CLEAR_SCREEN)).toBe(true);
    for (const text of ['dftop', '東京', 'last', 'line']) expect(bytes).toContain(text);
  });

  it('repaints in full after a resize, with blank rows below a short frame', async () => {
    const {emulator, frame} = setup(20, 5);
    await frame([row(20, 'one'), row(20, 'two'), row(20, 'three'), row(20, 'four'), row(20, 'five')]);
    emulator.resize(12, 3);
    const bytes = await frame([row(12, 'uno')], 12, 3);
    expect(bytes.startsWith(CLEAR_SCREEN)).toBe(true);
    emulator.resize(25, 6);
    await frame([row(25, 'wide again'), row(25, ['styled', BLUE_BG])], 25, 6);
    // Fewer rows than the height: the rows below become blank.
    await frame([row(25, 'only one')], 25, 6);
  });

  it('repaints in full after a change of colour depth or ASCII mode', async () => {
    const {writer, frame} = setup(20, 2);
    await frame([row(20, ['red', RED])]);
    writer.setOptions({depth: '256'});
    expect((await frame([row(20, ['red', RED])])).startsWith(CLEAR_SCREEN)).toBe(true);
    writer.setOptions({ascii: true});
    expect((await frame([row(20, ['red', RED])])).startsWith(CLEAR_SCREEN)).toBe(true);
    writer.setOptions({scrollRegions: false});
    expect(await frame([row(20, ['red', RED])])).toBe('');
  });

  it('paints the next frame whole after a write that failed', () => {
    let fail = false;
    let bytes = '';
    const writer = new FrameWriter({write: (s: string) => {
      if (fail) throw new Error('EPIPE');
      bytes += s;
    }}, {depth: '256', syncOutput: false, scrollRegions: true, ascii: false});
    writer.render([row(10, 'one')], 10, 2);
    fail = true;
    expect(() => writer.render([row(10, 'two')], 10, 2)).toThrow('EPIPE');
    fail = false;
    bytes = '';
    writer.render([row(10, 'two')], 10, 2);
    expect(bytes.startsWith(CLEAR_SCREEN)).toBe(true);
  });

  it('never writes a control character from the text it is given', async () => {
    const {writer} = setup(20, 2);
    let bytes = '';
    const w = new FrameWriter({write: (s: string) => (bytes += s)}, writer['options']);
    w.render([[{text: 'a\x1b[31mb\x07c\x9bd\te\u200bf', style: null}]], 20, 2);
    const text = bytes.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(text).toBe('a[31mbcdef');
    expect(w.shown().map(rowText)[0]).toBe('a[31mbcdef' + ' '.repeat(10));
  });
});

describe('FrameWriter: sizes and widths', () => {
  it("agrees with xterm.js's own Unicode tables on CJK, box drawing and braille", async () => {
    const {frame} = setup(24, 3, {}, 'xterm');
    await frame([row(24, ['東京', RED], ' ─│ ⠿⣀ abc'), row(24, '가나다 │ x')]);
    await frame([row(24, ['東', RED], 'x ─│ ⣀⠿ abc'), row(24, '가 다 │ 東')]);
  });

  it('handles an empty screen and a one-column one', async () => {
    let bytes = '';
    const writer = new FrameWriter({write: (s: string) => (bytes += s)}, {depth: '256', syncOutput: true, scrollRegions: true, ascii: false});
    expect(writer.render([], 0, 0)).toBeGreaterThan(0);
    expect(writer.render([], 0, 0)).toBe(0);
    expect(bytes).toContain(CLEAR_SCREEN);
    // One column (xterm.js has two at least, so the model is checked): a wide character becomes a space.
    writer.render([row(1, 'a'), row(1, '東'), row(1, ['b', RED])], 1, 3);
    expect(writer.shown().map(rowText)).toEqual(['a', ' ', 'b']);
    const {frame} = setup(2, 3);
    await frame([row(2, 'a'), row(2, '東'), row(2, ['b', RED])]);
    await frame([row(2, ['b', RED]), row(2, 'a'), row(2, '東')]);
  });
});

describe('FrameWriter: ASCII mode', () => {
  it('emits no byte above 0x7F and keeps every column where it was', async () => {
    const {frame} = setup(30, 4, {ascii: true});
    const rows = [
      row(30, ['▶ dftop', RED], ' · 東京 ─ ⠿⣀⠀ …'),
      row(30, 'São Paulo │ 😀 │ ●'),
      row(30, '▁▂▃▄▅▆▇█'),
    ];
    const bytes = await frame(rows);
    expect([...Buffer.from(bytes)].every((b) => b <= 0x7f)).toBe(true);
    const next = await frame([rows[0], row(30, 'Zürich │ 😀 │ ●'), rows[2]]);
    expect([...Buffer.from(next)].every((b) => b <= 0x7f)).toBe(true);
  });
});

describe('FrameWriter: East-Asian ambiguous characters drawn wide', () => {
  it('keeps every column boundary in an emulator that draws them wide', async () => {
    setAmbiguousWide(true);
    const {frame, emulator, writer} = setup(40, 4, {}, 'wide');
    // A table laid out with fit(): the separators must land at the columns the layout computed.
    const cells = (a: string, b: string) => row(40, fit(a, 10), ['│', GREEN], fit(b, 8, 'right'), ['│', GREEN], '●·×');
    await frame([cells('Zürich', '1·2'), cells('─────────────', '…'), cells('東京 city', '×3')]);
    for (const y of [0, 1, 2]) {
      const line = emulator.cells()[y];
      expect(line[10].chars).toBe('│');
      expect(line[10].width).toBe(2);
      expect(line[20].chars).toBe('│');
    }
    expect(writer.shown()[0].width[10]).toBe(2);
    expect(writer.shown()[0].width[11]).toBe(0);
    await frame([cells('Zürich!', '1·3'), cells('──', '……'), cells('東京 city', '×3')]);
  });

  it('repaints in full when the setting changes', () => {
    let bytes = '';
    const writer = new FrameWriter({write: (s: string) => (bytes += s)}, {depth: 'none', syncOutput: false, scrollRegions: false, ascii: false});
    writer.render([row(10, '─│')], 10, 1);
    expect(writer.shown()[0].width[1]).toBe(1);
    bytes = '';
    setAmbiguousWide(true);
    writer.render([row(10, '─│')], 10, 1);
    expect(bytes.startsWith(CLEAR_SCREEN)).toBe(true);
    expect(Array.from(writer.shown()[0].width.slice(0, 4))).toEqual([2, 0, 2, 0]);
  });
});

describe('cells', () => {
  it('rasterises runs into cells: wide characters take two, zero-width ones none, the row padded', () => {
    const keyOf = styleKeys('truecolor');
    const cells = rasterise([{text: 'a東e\u0301\u200b', style: RED}, {text: '😀', style: null}], 8, keyOf, false);
    expect(cells.text).toEqual(['a', '東', '', 'e\u0301', '😀', '', ' ', ' ']);
    expect(Array.from(cells.width)).toEqual([1, 2, 0, 1, 2, 0, 1, 1]);
    expect(cells.style[2]).toBe(cells.style[1]);
    expect(rowText(blankRow(3))).toBe('   ');
  });
});

describe('paintRows', () => {
  it('paints rows as plain SGR strings, through the ASCII gate when asked', () => {
    const rows: Run[][] = [[{text: 'dftop ', style: RED}, {text: '東京 ─', style: null}], []];
    expect(paintRows(rows, 'truecolor', false)).toEqual([paint(rows[0], 'truecolor'), '']);
    const ascii = paintRows(rows, '256', true);
    expect(ascii[0]).toBe(paint([{text: 'dftop ', style: RED}, {text: '???? -', style: null}], '256'));
    expect(ascii.every((s) => /^[\x00-\x7f]*$/.test(s))).toBe(true);
  });
});
