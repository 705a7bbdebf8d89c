import {describe, expect, it} from 'vitest';
import {sessionsPerTest} from '../helpers/pty.js';

// At 40 columns the side layout shows one list; a strip names the others ("3 Scores · 4 Events · 5 Payments").
// A click on a name there focuses that pane, as its number key does.

const spawn = sessionsPerTest();
const click = (x: number, y: number) => `\x1b[<0;${x + 1};${y + 1}M\x1b[<0;${x + 1};${y + 1}m`;

describe('the pane strip', () => {
  it('40×24: a click on a name focuses that pane; a click between names does nothing', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols: 40, rows: 24});
    const stripRow = (l: string[]) => l.findIndex((x) => /^\d \w+ · \d \w+/.test(x));
    let lines = await s.waitFor((l) => /LIVE/.test(l[0]) && l.some((x) => x.includes('▶ 2 Visitors')) && stripRow(l) > 0, 'the side layout with its strip');
    const y = stripRow(lines);
    const events = lines[y].indexOf('4 Events');
    expect(events).toBeGreaterThan(0);
    // Between two names (on the separator): nothing changes.
    s.write(click(events - 2, y));
    s.write('p');
    lines = await s.waitFor((l) => /PAUSED/.test(l[0]), 'paused');
    expect(lines.some((x) => x.includes('▶ 2 Visitors'))).toBe(true);
    s.write(click(events + 3, y));
    lines = await s.waitFor((l) => l.some((x) => x.includes('▶ 4 Events')), 'events focused by a click on its name');
    // The strip now names the visitors, which the events displaced; a click there brings them back.
    const back = lines[stripRow(lines)].indexOf('2 Visitors');
    expect(back).toBeGreaterThanOrEqual(0);
    s.write(click(back, stripRow(lines)));
    await s.waitFor((l) => l.some((x) => x.includes('▶ 2 Visitors')), 'visitors focused again');
  });

  it.each([[[], true], [['--no-mouse'], false]] as const)('the help says what the mouse does when it is on (%j)', async (extra, shown) => {
    const s = spawn(['--demo', '--interval', '1', ...extra], {cols: 120, rows: 50});
    await s.waitFor((l) => /LIVE/.test(l[0]), 'live');
    s.write('?');
    const lines = await s.waitFor((l) => l.some((x) => x.includes('Keys Esc or ? to close')), 'the help');
    const text = lines.join('\n');
    expect(text.includes('Mouse (--no-mouse turns it off)')).toBe(shown);
    expect(/click map +zoom in on that place/.test(text)).toBe(shown);
  });
});
