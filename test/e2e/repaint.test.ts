import {describe, expect, it} from 'vitest';
import {sessionsPerTest, type Session} from '../helpers/pty.js';
import {CLEAR, clearsOutsideSync, cursorRows, indicesOf, SYNC_END} from '../helpers/raw.js';
import {awaitRepaint, checkRepaint, resizeTo, usesSync} from '../helpers/repaint.js';
import {cellText, diffScreens} from '../helpers/screen.js';

// Issue 8: the screen a terminal shows is always the frame dftop means. The oracle is dftop's own full repaint
// (Ctrl-L clears the screen and draws the last frame whole): an incrementally drawn screen must equal it cell
// by cell, text and every attribute.

const spawn = sessionsPerTest();

const live = (lines: string[]) => /dftop demo/.test(lines[0]) && /● LIVE/.test(lines[0]);
const hasHint = (lines: string[]) => /q quit/.test(lines[lines.length - 1]);



/** The height of the last full repaint in `text` (the lowest row it draws: the hint bar); 0 while none is whole. */
function lastRepaintHeight(text: string, sync: boolean): number {
  const at = text.lastIndexOf(CLEAR);
  if (at < 0) return 0;
  const end = sync ? text.indexOf(SYNC_END, at) : text.length;
  return end < 0 ? 0 : Math.max(0, ...cursorRows(text.slice(at, end)));
}

async function press(s: Session, key: string, check: (lines: string[]) => boolean, what: string) {
  s.write(key);
  return s.waitFor(check, what);
}

describe('Ctrl-L: an incrementally drawn screen equals its own full repaint', () => {
  it('issue 8: 120×40, 3, e, resize to 100×30 and 80×24, e — the screen is the frame, the map title under the header', async () => {
    const s = spawn(['--demo'], {cols: 120, rows: 40});
    await s.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the dashboard');
    await press(s, '3', (l) => l.some((x) => x.includes('▶ 3 Conversion scores')), 'scores focused');
    await press(s, 'e', (l) => l.some((x) => x.includes('3 Conversion scores')) && !l.some((x) => x.includes('1 Map')), 'scores expanded');
    await resizeTo(s, 100, 30);
    await s.waitFor((l) => hasHint(l) && l.some((x) => x.includes('3 Conversion scores')), 'the expanded scores at 100×30');
    await resizeTo(s, 80, 24);
    await s.waitFor((l) => hasHint(l) && l.some((x) => x.includes('3 Conversion scores')), 'the expanded scores at 80×24');
    const lines = await press(s, 'e', (l) => l.some((x) => x.includes('1 Map')), 'the map back');
    // The header keeps its two rows; the map's title is the row under them.
    expect(lines[0]).toMatch(/^dftop demo/);
    expect(lines.findIndex((l) => l.includes('1 Map'))).toBe(2);
    const check = await checkRepaint(s, {what: 'issue 8 sequence'});
    expect(check.diff).toBeNull();
    const after = cellText(check.after);
    expect(after[0]).toMatch(/^dftop demo/);
    expect(after.findIndex((l) => l.includes('1 Map'))).toBe(2);
  });

  it('after another program wrote to the terminal, Ctrl-L restores the exact frame', async () => {
    const s = spawn(['--demo', '--interval', '5'], {cols: 100, rows: 30});
    await s.waitFor((l) => live(l) && hasHint(l), 'the dashboard');
    const sync = usesSync(s.raw());
    let restored: string | null = 'no attempt';
    for (let attempt = 0; attempt < 8 && restored !== null; attempt++) {
      const mark = await s.parsed();
      const before = s.cells();
      // Another program (a background job, wall, a warning) writes to the same terminal.
      await new Promise<void>((resolve) => s.term.write('\x1b[5;5HGARBAGE\x1b[12;40Hmore GARBAGE', resolve));
      expect(s.screen().join('\n')).toContain('GARBAGE');
      s.write('\x0c');
      // A poll that landed next to the repaint moved the state: try again.
      if (!(await awaitRepaint(s, mark, sync, 'after a foreign write')).alone) continue;
      restored = diffScreens(s.cells(), before);
      expect(s.screen().join('\n')).not.toContain('GARBAGE');
    }
    expect(restored).toBeNull();
  });
});

describe('resizing', () => {
  it('a drag (10 resizes in about a second) clears the screen at most once per size, inside synchronized output', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols: 120, rows: 40});
    await s.waitFor((l) => live(l) && hasHint(l), 'the dashboard');
    const sync = usesSync(s.raw());
    const sizes: [number, number][] = [[112, 38], [104, 35], [96, 33], [90, 31], [100, 34], [110, 37], [102, 32], [94, 29], [86, 26], [80, 24]];
    const mark = s.mark();
    for (const [cols, rows] of sizes) {
      s.resize(cols, rows);
      await new Promise((r) => setTimeout(r, 100));
    }
    await s.waitForOutput(mark, (text) => lastRepaintHeight(text, sync) === 24, 'the repaint at 80×24');
    await s.waitFor((l) => live(l) && hasHint(l) && l.some((x) => x.includes('1 Map')), 'the dashboard at 80×24');
    const drag = s.since(mark);
    const clears = indicesOf(drag, CLEAR);
    // Each full repaint's height is the lowest row it draws (the hint bar is the last row of every frame).
    const heights = clears.map((at, i) => Math.max(...cursorRows(drag.slice(at, clears[i + 1] ?? drag.length))));
    expect(clears.length).toBeGreaterThanOrEqual(1);
    expect(clears.length).toBeLessThanOrEqual(sizes.length);
    expect(heights[heights.length - 1]).toBe(24);
    // Never two clears for one size: each one follows a size that differs from the one before it.
    for (let i = 1; i < heights.length; i++) expect(heights[i], `repaints at heights ${heights.join(', ')}`).not.toBe(heights[i - 1]);
    // Every frame drawn after a clear fits the size that clear was for: no frame of the old size after it.
    for (let i = 0; i < clears.length; i++) {
      const rows = cursorRows(drag.slice(clears[i], clears[i + 1] ?? drag.length));
      expect(Math.max(...rows)).toBeLessThanOrEqual(heights[i]);
    }
    if (sync) expect(clearsOutsideSync(drag)).toEqual([]);
    const check = await checkRepaint(s, {what: 'after the drag'});
    expect(check.diff).toBeNull();
  });

  it('a resize that comes back to the same size before it settles still repaints what the terminal cut', async () => {
    // No polls: only the resize can bring a repaint.
    const s = spawn(['--demo', '--interval', '600'], {cols: 120, rows: 40});
    await s.waitFor((l) => live(l) && hasHint(l) && l.some((x) => x.includes('4 Events')), 'the dashboard');
    const sync = usesSync(s.raw());
    const mark = await s.parsed();
    const before = s.cells();
    // A window shrunk and given back at once (a pane zoomed and unzoomed, a drag that ends where it began):
    // the terminal cuts the rows and columns that no longer fit, then shows blank ones.
    s.resize(100, 30);
    s.resize(120, 40);
    // dftop has nothing new to show: it must still repaint what the terminal lost, once, at 120×40.
    await s.waitForOutput(mark, (text) => lastRepaintHeight(text, sync) === 40, 'a full repaint at 120×40 after the shrink and the grow back', 10_000);
    await s.parsed();
    expect(diffScreens(s.cells(), before), 'the screen after a shrink and a grow back').toBeNull();
  });
});
