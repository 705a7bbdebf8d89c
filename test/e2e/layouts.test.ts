import {describe, expect, it} from 'vitest';
import {sessionsPerTest} from '../helpers/pty.js';
import {checkRepaint} from '../helpers/repaint.js';

const spawn = sessionsPerTest();
const start = (cols: number, rows: number) => spawn(['--demo', '--interval', '1'], {cols, rows});

const live = (lines: string[]) => /dftop demo {2}● LIVE {2}\d+ active/.test(lines[0]);
const row = (lines: string[], text: string) => lines.findIndex((l) => l.includes(text));
const BRAILLE = /[⠁-⣿]/;

/**
 * A frame uses the whole terminal: the header on the first two rows, the hint bar on the last, and no line
 * drawn twice (ghost lines of an older frame).
 */
function expectWholeFrame(lines: string[], cols: number, rows: number) {
  expect(lines).toHaveLength(rows);
  expect(lines[0]).toMatch(/^dftop demo/);
  expect(lines.filter((l) => l.startsWith('dftop demo'))).toHaveLength(1);
  expect(lines[rows - 1]).toMatch(/^q quit {2}\? help/);
  expect(lines.filter((l) => /q quit/.test(l))).toHaveLength(1);
  for (const line of lines) expect([...line].length).toBeLessThanOrEqual(cols);
}

describe('each layout in a real terminal', () => {
  it('wide 200×60: the map with visitors beside it, three lists side by side below', async () => {
    const s = start(200, 60);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the wide dashboard');
    expectWholeFrame(lines, 200, 60);
    const mapTitle = row(lines, '1 Map');
    expect(mapTitle).toBe(2);
    expect(lines[mapTitle]).toContain('2 Visitors');
    const below = row(lines, '4 Events');
    expect(below).toBeGreaterThan(mapTitle + 20);
    for (const title of ['5 Payments', '3 Conversion scores']) expect(lines[below]).toContain(title);
    expect(lines.slice(mapTitle, below).join('')).toMatch(/[⠁-⣿]{20}/);
    // Every list shows rows under its title and column headings.
    expect(lines[below + 2].trim()).not.toBe('');
  });

  it('standard 120×40: the map with payments and scores beside it, visitors and events on whole rows below', async () => {
    const s = start(120, 40);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('4 Events')), 'the standard dashboard');
    expectWholeFrame(lines, 120, 40);
    const mapTitle = row(lines, '1 Map');
    expect(mapTitle).toBe(2);
    expect(lines[mapTitle]).toContain('5 Payments');
    const scores = row(lines, '3 Conversion scores');
    expect(scores).toBeGreaterThan(mapTitle + 2);
    const visitors = row(lines, '2 Visitors');
    const events = row(lines, '4 Events');
    expect(visitors).toBeGreaterThan(scores);
    expect(events).toBeGreaterThan(visitors + 3);
    // Whole rows: nothing else shares the visitors' and events' title rows.
    expect(lines[visitors]).not.toMatch(/Events|Payments|Map|scores/);
    expect(lines[events]).not.toMatch(/Visitors|Payments|Map|scores/);
    // The map's column and the lists beside it meet at the same rule on every row of the map.
    const rule = lines[mapTitle].indexOf('│');
    expect(rule).toBeGreaterThan(40);
    for (let y = mapTitle; y < visitors; y++) expect(lines[y][rule], `row ${y}: ${lines[y]}`).toBe('│');
  });

  it('side pane 60×40: a map as wide as the pane, then the lists stacked', async () => {
    const s = start(60, 40);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('3 Conversion scores')), 'the side-pane dashboard');
    expectWholeFrame(lines, 60, 40);
    const order = ['1 Map', '2 Visitors', '4 Events', '5 Payments', '3 Conversion scores'].map((t) => row(lines, t));
    expect(order[0]).toBe(2);
    expect(order.every((r, i) => r >= 0 && (i === 0 || r > order[i - 1] + 2)), `title rows ${order.join(', ')}`).toBe(true);
    expect(lines.slice(order[0], order[1]).join('')).toMatch(BRAILLE);
  });

  it('side pane 80×24: the slow lists beside the map, the fast ones below', async () => {
    const s = start(80, 24);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('4 Events')), 'the 80×24 dashboard');
    expectWholeFrame(lines, 80, 24);
    expect(row(lines, '1 Map')).toBe(2);
    expect(lines[2]).toContain('5 Payments');
    expect(row(lines, '3 Conversion scores')).toBeLessThan(row(lines, '2 Visitors'));
    expect(row(lines, '2 Visitors')).toBeLessThan(row(lines, '4 Events'));
  });

  it('side pane at its smallest, 40×14: the map, the visitors list, and a strip naming the panes that do not fit', async () => {
    const s = start(40, 14);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('2 Visitors')), 'the 40×14 dashboard');
    expectWholeFrame(lines, 40, 14);
    expect(lines.slice(2, row(lines, '2 Visitors')).join('\n')).toMatch(BRAILLE);
    // The strip, just above the hint bar, names the other lists by their keys.
    const strip = lines[12];
    for (const pane of ['3 ', '4 Events', '5 Payments']) expect(strip).toContain(pane);
    // At least one visitor row between the list's headings and the strip.
    expect(lines.slice(row(lines, '2 Visitors') + 2, 12).some((l) => /[A-Z]{2} /.test(l))).toBe(true);
  });

  it('tiny 36×12: header and counts, and the size the map needs', async () => {
    const s = start(36, 12);
    const lines = await s.waitFor((l) => live(l) && l.join(' ').includes('40×14'), 'the tiny screen');
    expect(lines.join(' ').replace(/\s+/g, ' ')).toMatch(/needs 40×14 or more \(now 36×12\)/);
    expect(lines.join('')).not.toMatch(BRAILLE);
  });
});

describe('resizing', () => {
  it('re-chooses the layout on every resize and leaves nothing of the old frame behind', async () => {
    const s = start(120, 40);
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the first frame');
    const sizes: [number, number, (lines: string[]) => boolean][] = [
      [60, 40, (l) => row(l, '3 Conversion scores') > row(l, '5 Payments') && !l.some((x) => x.includes('1 Map') && x.includes('│'))],
      [200, 60, (l) => l.some((x) => x.includes('1 Map') && x.includes('2 Visitors'))],
      [200, 15, (l) => l.some((x) => x.includes('1 Map') && x.includes('2 Visitors') && x.includes('4 Events'))],
      [40, 14, (l) => l.some((x) => x.includes('2 Visitors')) && l.every((x) => [...x].length <= 40)],
      [36, 12, (l) => l.join(' ').includes('now 36×12')],
      [120, 40, (l) => l.some((x) => x.includes('1 Map') && x.includes('5 Payments'))],
    ];
    for (const [cols, rows, check] of sizes) {
      s.resize(cols, rows);
      const lines = await s.waitFor((l) => live(l) && check(l), `the layout at ${cols}×${rows}`);
      expect(lines.filter((l) => l.startsWith('dftop demo'))).toHaveLength(1);
      expect(lines.filter((l) => /q quit/.test(l)).length).toBeLessThanOrEqual(1);
      if (cols >= 40) expect(lines[rows - 1], `${cols}×${rows}:\n${lines.join("\n")}`).toMatch(/^q quit/);
      // Nothing of the old frame is left anywhere: the screen is exactly the new frame.
      expect((await checkRepaint(s, {what: `${cols}×${rows}`})).diff).toBeNull();
    }
  });
});
