import {describe, expect, it} from 'vitest';
import {sessionsPerTest} from '../helpers/pty.js';

const spawn = sessionsPerTest();
const start = (cols: number, rows: number) => spawn(['--demo', '--interval', '1'], {cols, rows});

const live = (lines: string[]) => /dftop demo {2}● LIVE {2}\d+ active/.test(lines[0]);

/** A frame is at most rows - 1 tall, starts with the header, and draws no line twice (ghost lines). */
function expectWholeFrame(lines: string[], rows: number) {
  expect(lines[0]).toMatch(/^dftop demo/);
  expect(lines.filter((l) => l.startsWith('dftop demo'))).toHaveLength(1);
  expect(lines[rows - 1].trim()).toBe('');
}

describe('each layout in a real terminal', () => {
  it('wide 200×60: map with visitors beside it, three panes below', async () => {
    const s = start(200, 60);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the wide dashboard');
    expectWholeFrame(lines, 60);
    const mapTitle = lines.findIndex((l) => l.includes('1 Map'));
    expect(lines[mapTitle]).toContain('2 Visitors');
    const below = lines.findIndex((l) => l.includes('3 Conversion scores'));
    expect(below).toBeGreaterThan(mapTitle + 20);
    expect(lines[below]).toContain('4 Events');
    expect(lines[below]).toContain('5 Payments');
    expect(lines[58]).toMatch(/q quit/);
    expect(lines.slice(mapTitle, below).join('')).toMatch(/[⠁-⣿]{20}/);
  });

  it('standard 120×40: map on top with the slow panes beside it, visitors and events on whole rows below', async () => {
    const s = start(120, 40);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('4 Events')), 'the standard dashboard');
    expectWholeFrame(lines, 40);
    const mapTitle = lines.findIndex((l) => l.includes('1 Map'));
    expect(lines[mapTitle]).toContain('5 Payments');
    expect(lines.findIndex((l) => l.includes('3 Conversion scores'))).toBeGreaterThan(mapTitle);
    const visitors = lines.findIndex((l) => l.includes('2 Visitors'));
    const events = lines.findIndex((l) => l.includes('4 Events'));
    expect(visitors).toBeGreaterThan(mapTitle + 10);
    expect(events).toBeGreaterThan(visitors + 3);
    // Whole rows: nothing else shares the visitors' and events' title rows.
    expect(lines[visitors]).not.toMatch(/Events|Payments|Map/);
    expect(lines[events]).not.toMatch(/Visitors|Payments|Map/);
    expect(lines[38]).toMatch(/q quit/);
  });

  it('side pane 60×40: a small map and stacked lists', async () => {
    const s = start(60, 40);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the side-pane dashboard');
    expectWholeFrame(lines, 40);
    const order = ['1 Map', '2 Visitors', '3 Conversion scores', '4 Events', '5 Payments'].map((t) => lines.findIndex((l) => l.includes(t)));
    expect(order.every((row, i) => row >= 0 && (i === 0 || row > order[i - 1]))).toBe(true);
  });

  it('side pane at its smallest, 40×14: map and the visitors list still show', async () => {
    const s = start(40, 14);
    const lines = await s.waitFor((l) => live(l) && l.some((x) => x.includes('2 Visitors')), 'the 40×14 dashboard');
    expectWholeFrame(lines, 14);
    expect(lines.join('\n')).toMatch(/[⠁-⣿]/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('tiny 36×12: header and counts, and the size the map needs', async () => {
    const s = start(36, 12);
    const lines = await s.waitFor((l) => live(l) && l.join(' ').includes('40×14'), 'the tiny screen');
    expect(lines.join(' ').replace(/\s+/g, ' ')).toMatch(/needs 40×14 or more \(now 36×12\)/);
    expect(lines.join('')).not.toMatch(/[⠁-⣿]/);
  });
});

describe('resizing', () => {
  it('re-chooses the layout on every resize and leaves nothing of the old frame behind', async () => {
    const s = start(120, 40);
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the first frame');
    const sizes: [number, number, (lines: string[]) => boolean][] = [
      [60, 40, (l) => l.some((x) => x.includes('5 Payments')) && !l.some((x) => x.includes('1 Map') && (x.includes('2 Visitors') || x.includes('5 Payments')))],
      [200, 60, (l) => l.some((x) => x.includes('1 Map') && x.includes('2 Visitors'))],
      [40, 14, (l) => l.some((x) => x.includes('2 Visitors')) && l.every((x) => x.length <= 40)],
      [36, 12, (l) => l.join(' ').includes('now 36×12')],
      [120, 40, (l) => l.some((x) => x.includes('1 Map') && x.includes('5 Payments'))],
    ];
    for (const [cols, rows, check] of sizes) {
      s.resize(cols, rows);
      const lines = await s.waitFor((l) => live(l) && check(l), `the layout at ${cols}×${rows}`);
      expect(lines.filter((l) => l.startsWith('dftop demo'))).toHaveLength(1);
      expect(lines.filter((l) => /q quit/.test(l)).length).toBeLessThanOrEqual(1);
      expect(lines[rows - 1].trim()).toBe('');
    }
  });
});
