import {describe, expect, it} from 'vitest';
import {strings} from '../../src/ui/strings.js';
import {bin, cleanEnv, runCli} from '../helpers/cli.js';
import {runToEnd, sessionsPerTest, type Session} from '../helpers/pty.js';
import {escapes, nonAscii} from '../helpers/raw.js';
import {checkRepaint, usesSync} from '../helpers/repaint.js';
import {AMBIGUOUS_CHROME, cellText, type ScreenCell} from '../helpers/screen.js';

// Issue 9: terminals in the wild (odd locales, dumb terminals, CI variables, piped stdin, CJK widths), every
// key counting, and the mouse — in a real pseudo-terminal read back through @xterm/headless.

const spawn = sessionsPerTest();

/** The header says LIVE (its dot is ● or, in ASCII chrome, *). */
const live = (lines: string[]) => /[●*] LIVE/.test(lines[0]);
const paused = (lines: string[]) => /PAUSED/.test(lines[0]);
const BRAILLE = /[⠁-⣿]/g;
const row = (lines: string[], text: string) => lines.findIndex((l) => l.includes(text));

/** The row of the selected-row mark (›) in the column range of a pane, or -1. */
function markerRow(lines: string[], from = 0, col = 0): number {
  return lines.findIndex((l, y) => y >= from && [...l][col] === '›');
}

/** A title's row and column (in cells; every character of the chrome is one column). */
function titleAt(lines: string[], title: string): {y: number; x: number} {
  const y = row(lines, title);
  return {y, x: y < 0 ? -1 : [...lines[y].slice(0, lines[y].indexOf(title))].length};
}

const sgrPress = (x: number, y: number, button = 0) => `\x1b[<${button};${x + 1};${y + 1}M`;
const sgrRelease = (x: number, y: number, button = 0) => `\x1b[<${button};${x + 1};${y + 1}m`;
const click = (s: Session, x: number, y: number) => s.write(sgrPress(x, y) + sgrRelease(x, y));

describe('a terminal that is not UTF-8 (LANG=C)', () => {
  it('the live screen writes not one byte above 0x7F, through data and keys', async () => {
    const s = spawn(['--demo', '--interval', '0.5'], {cols: 120, rows: 40, env: {LANG: 'C', LC_ALL: 'C'}});
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('2 Visitors')), 'the dashboard');
    expect(nonAscii(s.raw())).toEqual([]);
    // The ASCII map still shows land.
    expect(lines.join('\n')).toMatch(/[.:#@]{5}/);
    // Help (arrows in key names), the detail, a filter, the charset key, privacy, the map zoomed.
    for (const [key, check] of [
      ['?', (l: string[]) => l.some((x) => /show or hide this help/.test(x))],
      ['\x1b', (l: string[]) => l.some((x) => x.includes('2 Visitors'))],
      ['\r', (l: string[]) => l.some((x) => x.includes('Visitor id'))],
      ['\x1b', (l: string[]) => l.some((x) => x.includes('2 Visitors'))],
      ['c', () => true],
      ['P', (l: string[]) => l.join('').includes('(hidden)')],
      ['1', (l: string[]) => l.some((x) => x.includes('> 1 Map'))],
      ['+', (l: string[]) => l.some((x) => /1 Map.*x2/.test(x))],
    ] as const) {
      s.write(key);
      await s.waitFor(check, `after ${JSON.stringify(key)}`);
    }
    await s.waitFor((l) => l.some((x) => x.includes('Visitors')), 'a frame');
    expect(nonAscii(s.raw())).toEqual([]);
  });

  it('--once is pure ASCII', async () => {
    const result = await runCli(['--demo', '--once', '--width', '120', '--height', '40'], cleanEnv({LANG: 'C', LC_ALL: 'C'}));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/dftop/);
    expect(result.stdout.split('\n').length).toBeGreaterThan(20);
    expect(nonAscii(result.stdout)).toEqual([]);
    expect(nonAscii(result.stderr)).toEqual([]);
  });

  it('--once in a terminal (colours on) is pure ASCII too', async () => {
    // Run to its end under a shell that holds the PTY open: a PTY can drop the tail of a long last write (the frame).
    const {output, exitCode} = await runToEnd(spawn, ['--demo', '--once', '--width', '100', '--height', '30'], {cols: 100, rows: 30, env: {LANG: 'C', LC_ALL: 'C'}});
    expect(exitCode).toBe(0);
    expect(output).toMatch(/dftop/);
    // The whole frame, down to its last row: the check below reads all of it.
    expect(output.trimEnd().split('\n')).toHaveLength(30);
    expect(nonAscii(output)).toEqual([]);
  });
});

describe('TERM=dumb', () => {
  it('prints the plain snapshot once per poll with no escape byte at all', async () => {
    const s = spawn(['--demo', '--interval', '0.5'], {cols: 100, rows: 30, env: {TERM: 'dumb'}});
    await s.waitFor(() => (s.raw().match(/\d+ active/g) ?? []).length >= 2, 'two snapshots');
    const raw = s.raw();
    expect(raw).not.toContain('\x1b');
    expect(raw.match(/[⠁-⣿]/g)?.length ?? 0).toBeGreaterThan(100);
    s.kill('SIGTERM');
    expect((await s.exited).exitCode).toBe(0);
  });

  it('q stops it (the keys are read, nothing is echoed)', async () => {
    const s = spawn(['--demo', '--interval', '0.5'], {cols: 100, rows: 30, env: {TERM: 'dumb'}});
    await s.waitFor(() => (s.raw().match(/\d+ active/g) ?? []).length >= 1, 'a snapshot');
    expect(s.raw()).toMatch(/q or Ctrl-C stops/);
    s.write('xq');
    expect((await s.exited).exitCode).toBe(0);
    expect(s.raw()).not.toMatch(/xq|^q/m);
    expect(s.raw()).not.toContain('\x1b');
  });
});

describe('CI variables in a real terminal', () => {
  it.each<Record<string, string>>([{CI: 'true'}, {CONTINUOUS_INTEGRATION: '1'}])('%j still draws the live map', async (env) => {
    const s = spawn(['--demo', '--interval', '1'], {cols: 120, rows: 40, env});
    const lines = await s.waitFor((l) => live(l) && (l.join('').match(BRAILLE)?.length ?? 0) >= 100, 'the braille map');
    expect(lines[lines.length - 1]).toMatch(/q quit/);
  });
});

describe('keys', () => {
  it('stdin from /dev/null: keys come from the terminal, q quits with 0, typed text is not echoed', async () => {
    const s = spawn([], {cols: 100, rows: 30, command: ['/bin/sh', '-c', 'exec "$0" "$1" --demo --interval 1 < /dev/null', process.execPath, bin]});
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('2 Visitors')), 'the dashboard');
    s.write('XYXYX');
    s.write('?');
    await s.waitFor((l) => l.some((x) => /show or hide this help/.test(x)), 'the help (keys are read)');
    expect(s.screen().join('\n')).not.toContain('XYXYX');
    expect(s.raw()).not.toContain('XYXYX');
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
  });

  it('jjj in one write moves the selection three rows', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols: 120, rows: 40});
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('▶ 2 Visitors')), 'the dashboard');
    s.write('p');
    const lines = await s.waitFor((l) => paused(l) && markerRow(l) > 0, 'paused, with the selected visitor');
    const first = markerRow(lines);
    expect(first).toBe(row(lines, '2 Visitors') + 2);
    s.write('jjj');
    await s.waitFor((l) => markerRow(l) === first + 3, 'the selection three rows down');
  });

  it('a bracketed paste after / lands in the filter', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols: 120, rows: 40});
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('2 Visitors')), 'the dashboard');
    s.write('p');
    await s.waitFor(paused, 'paused');
    s.write('/');
    s.write('\x1b[200~cc:US\x1b[201~');
    await s.waitFor((l) => l.slice(0, 2).join(' ').includes('cc:US'), 'the pasted filter in the header');
    s.write('\r');
    const lines = await s.waitFor((l) => l.some((x) => /2 Visitors.*cc:US/.test(x)), 'the filter applied');
    // Every visitor row left is in the US.
    const top = row(lines, '2 Visitors') + 2;
    const rows = lines.slice(top, row(lines, '4 Events')).filter((l) => /^[›+ ] [A-Z]{2} /.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const l of rows) expect(l).toMatch(/^[›+ ] US /);
  });
});

/** The last column of a row (in cells) that holds a non-blank character. */
function lastInk(cells: readonly ScreenCell[]): number {
  for (let x = cells.length - 1; x >= 0; x--) if (cells[x].chars.trim()) return x;
  return -1;
}

describe('East-Asian ambiguous characters drawn two columns wide', () => {
  // Detection by the probe needs the emulator's answer within dftop's probe timeout (300 ms for --doctor, 200 ms
  // live). The emulator answers from this test process, which a loaded machine can starve for longer: dftop then
  // says it had no answer at all, and runs as with a terminal that stays silent. That run proves nothing about
  // the detection, so it is run again (a few times at most); any run with an answer must detect the wide terminal.
  it('--doctor under such a terminal detects it', async () => {
    let output = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      ({output} = await runToEnd(spawn, ['--doctor'], {cols: 100, rows: 30, widths: 'wide'}));
      if (!/ambiguous width:.*no answer to the probe/.test(output)) break;
    }
    expect(output).toMatch(/ambiguous width:\s+wide/);
  });

  it.each([[['--ambiguous', 'wide']], [[]]])('%j: no ambiguous chrome, and every column boundary stays in place', async (flags) => {
    const lists = (l: string[]) => live(l) && l.some((x) => x.includes('4 Events')) && l.some((x) => x.includes('5 Payments'));
    let s = spawn(['--demo', '--interval', '1', ...flags], {cols: 120, rows: 40, widths: 'wide'});
    let lines = await s.waitFor(lists, 'the lists');
    // Without the flag the probe decides. Synchronized output is on only when the probe was answered (the
    // emulator answers DECRQM 2026 with its other answers): a session whose probe went unanswered starts again.
    for (let attempt = 2; attempt <= 3 && !flags.length && !usesSync(s.raw()); attempt++) {
      s.kill('SIGKILL');
      s = spawn(['--demo', '--interval', '1', ...flags], {cols: 120, rows: 40, widths: 'wide'});
      lines = await s.waitFor(lists, 'the lists');
    }
    const cells = s.cells();
    const text = cellText(cells).join('\n');
    for (const ch of AMBIGUOUS_CHROME) expect(text, `chrome character ${ch}`).not.toContain(ch);
    // The map and the lists beside it meet at the same rule on every row of the map.
    const mapTitle = row(lines, '1 Map');
    const visitors = row(lines, '2 Visitors');
    const rule = cells[mapTitle].findIndex((c) => c.chars === '|');
    expect(rule).toBeGreaterThan(40);
    for (let y = mapTitle; y < visitors; y++) expect(cells[y][rule].chars, `row ${y}: ${cellText(cells)[y]}`).toBe('|');
    // Names with ambiguous letters (é, ı, ã...) take two columns: the score column still ends where its heading does.
    const heading = lastInk(cells[visitors + 1]);
    expect(heading).toBe(119);
    for (let y = visitors + 2; y < row(lines, '4 Events'); y++) {
      if (/\d$/.test(cellText(cells)[y].trimEnd())) expect(lastInk(cells[y]), `row ${y}: ${cellText(cells)[y]}`).toBe(heading);
    }
    expect((await checkRepaint(s, {what: 'ambiguous wide'})).diff).toBeNull();
  });
});

describe('the mouse', () => {
  it.each([
    [200, 60, 'wide'],
    [120, 40, 'standard'],
    [80, 24, 'side'],
    [200, 15, 'short'],
  ])('%i×%i (%s): a click selects a row, focuses a pane, the wheel scrolls, a click on the map zooms; reporting off on q', async (cols, rows) => {
    const s = spawn(['--demo', '--interval', '1'], {cols, rows});
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('▶ 2 Visitors')) && l.some((x) => x.includes('4 Events')), 'the dashboard');
    expect(s.raw()).toContain('\x1b[?1006h');
    s.write('p');
    let lines = await s.waitFor((l) => paused(l) && markerRow(l, 0, titleAt(l, '2 Visitors').x - 2) > 0, 'paused, with the selected visitor');
    // A click on the third visitor row selects it.
    const visitors = titleAt(lines, '▶ 2 Visitors');
    const firstRow = visitors.y + 2;
    click(s, visitors.x + 4, firstRow + 2);
    lines = await s.waitFor((l) => markerRow(l, visitors.y, visitors.x) === firstRow + 2, 'the clicked visitor selected');
    // A click on the selected row again opens it; Esc goes back.
    click(s, visitors.x + 4, firstRow + 2);
    await s.waitFor((l) => l.some((x) => x.includes(strings.detail.close)), 'the visitor opened by a second click');
    s.write('\x1b');
    lines = await s.waitFor((l) => !l.some((x) => x.includes(strings.detail.close)) && markerRow(l, visitors.y, visitors.x) === firstRow + 2, 'back to the list');
    // A click on another pane's title focuses it.
    const events = titleAt(lines, '4 Events');
    click(s, events.x + 2, events.y);
    lines = await s.waitFor((l) => l.some((x) => x.includes('▶ 4 Events')), 'events focused');
    const eventsTitle = titleAt(lines, '▶ 4 Events');
    const eventsFirst = eventsTitle.y + 2;
    await s.waitFor((l) => markerRow(l, eventsTitle.y, eventsTitle.x) === eventsFirst, 'the first event selected');
    // The wheel over the events list moves its selection down, then back up.
    s.write(`\x1b[<65;${eventsTitle.x + 5};${eventsFirst + 2}M`);
    await s.waitFor((l) => markerRow(l, eventsTitle.y, eventsTitle.x) > eventsFirst, 'the wheel moved the selection down');
    s.write(`\x1b[<64;${eventsTitle.x + 5};${eventsFirst + 2}M`);
    await s.waitFor((l) => markerRow(l, eventsTitle.y, eventsTitle.x) === eventsFirst, 'the wheel moved it back up');
    // A click in the middle of the map zooms in there.
    const map = titleAt(lines, '1 Map');
    const mapBottom = lines.findIndex((l, y) => y > map.y && /^o 1 /.test(l));
    click(s, map.x + 12, Math.floor((map.y + (mapBottom > 0 ? mapBottom : map.y + 6)) / 2));
    await s.waitFor((l) => l.some((x) => /▶ 1 Map.*×2/.test(x)), 'the map zoomed in');
    // The wheel over the map zooms: down zooms back out, up zooms in again.
    s.write(`\x1b[<65;${map.x + 13};${map.y + 3}M`);
    await s.waitFor((l) => l.some((x) => x.includes('▶ 1 Map')) && !l.some((x) => /1 Map.*×\d/.test(x)), 'the wheel zoomed the map out');
    s.write(`\x1b[<64;${map.x + 13};${map.y + 3}M`);
    await s.waitFor((l) => l.some((x) => /▶ 1 Map.*×2/.test(x)), 'the wheel zoomed the map in');
    const before = s.mark();
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
    await s.waitFor(() => true, 'the output parsed');
    expect(s.since(before)).toContain('\x1b[?1006l');
  });

  it('--no-mouse never turns reporting on', async () => {
    const s = spawn(['--demo', '--interval', '1', '--no-mouse'], {cols: 120, rows: 40});
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('2 Visitors')), 'the dashboard');
    s.write('?');
    await s.waitFor((l) => l.some((x) => /show or hide this help/.test(x)), 'the help');
    expect(escapes(s.raw()).filter((e) => /^\x1b\[\?100[0-6]h$/.test(e.seq))).toEqual([]);
  });
});

describe('wide and short windows (a tmux strip)', () => {
  it.each([
    [200, 15],
    [160, 12],
  ])('%i×%i shows rows in at least three list panes', async (cols, rows) => {
    const s = spawn(['--demo', '--interval', '1'], {cols, rows});
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('4 Events')), 'the dashboard');
    const titles = ['2 Visitors', '3 Conversion scores', '4 Events', '5 Payments', '6 Now']
      .map((t) => ({t, ...titleAt(lines, t)}))
      .filter((p) => p.y === 2)
      .sort((a, b) => a.x - b.x);
    expect(titles.length, `titles on the pane row: ${lines[2]}`).toBeGreaterThanOrEqual(3);
    // Under each title a row of column headings, then data: at least three panes show at least one data row.
    const withRows = titles.filter((pane, i) => {
      const end = titles[i + 1]?.x ?? cols;
      const body = lines.slice(pane.y + 2, rows - 1).map((l) => [...l].slice(pane.x, end - 2).join('').trim());
      return body.some((l) => l.length > 0 && !/waiting for the first answer|^no /.test(l));
    });
    expect(withRows.map((p) => p.t).length, `panes with rows: ${withRows.map((p) => p.t).join(', ')}\n${lines.join('\n')}`).toBeGreaterThanOrEqual(3);
  });
});
