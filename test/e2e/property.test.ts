import {describe, expect, it} from 'vitest';
import {sessionsPerTest} from '../helpers/pty.js';
import {seeded} from '../helpers/raw.js';
import {checkRepaint, resizeTo} from '../helpers/repaint.js';

// Issue 8's property test at the emulator level: random sequences of keys (focus, expand, help, detail,
// charset, privacy, zoom, sort, the filter, paging), mouse clicks and wheel notches, and resizes, with polls arriving all the while (a busy demo site polled every
// 0.3 s). After each sequence the screen, read back cell by cell through @xterm/headless, must equal dftop's own
// full repaint of the same state (Ctrl-L). Seeds are fixed; a failure names its seed and the actions taken.

const spawn = sessionsPerTest();

const KEYS = ['1', '2', '3', '4', '5', '6', '\t', 'e', '?', '\x1b', '\r', 'j', 'k', 'c', 'P', '+', '-', '0', 's'];
/** Less common keys, drawn less often: shift-tab, page down, ends, pan, fit, zoom to, goals only, next, the filter. */
const MORE_KEYS = ['\x1b[Z', '\x1b[6~', 'g', 'G', 'h', 'l', 'f', 'z', 'o', 'n', '/'];
const SIZES: readonly [number, number][] = [[120, 40], [100, 30], [80, 24], [200, 50], [60, 20], [160, 12]];
const SEEDS = [1, 2, 3, 4, 5];
const ROUNDS = 3;
const STEPS = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));



describe('random keys, resizes and polls: the screen always equals its own full repaint', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const random = seeded(seed);
    let [cols, rows] = random.pick(SIZES);
    const actions: string[] = [`start ${cols}×${rows}`];
    const s = spawn(['--demo', '--interval', '0.3', '--demo-visitors', '600'], {cols, rows});
    await s.waitFor((l) => /● LIVE/.test(l[0]), 'the dashboard');
    for (let round = 1; round <= ROUNDS; round++) {
      for (let step = 0; step < STEPS; step++) {
        const draw = random.next();
        if (draw < 0.2) {
          const others = SIZES.filter(([c, r]) => c !== cols || r !== rows);
          [cols, rows] = random.pick(others);
          actions.push(`${cols}×${rows}`);
          await resizeTo(s, cols, rows);
        } else if (draw < 0.35) {
          // The mouse, anywhere: a click (press and release) or a notch of the wheel (1-based SGR coordinates).
          const [x, y] = [1 + random.int(cols), 1 + random.int(rows)];
          const report = random.pick([`\x1b[<0;${x};${y}M\x1b[<0;${x};${y}m`, `\x1b[<64;${x};${y}M`, `\x1b[<65;${x};${y}M`]);
          actions.push(`mouse ${JSON.stringify(report)}`);
          s.write(report);
        } else if (draw < 0.45) {
          const key = random.pick(MORE_KEYS);
          actions.push(JSON.stringify(key));
          s.write(key);
        } else {
          const key = random.pick(KEYS);
          actions.push(JSON.stringify(key));
          s.write(key);
        }
        // Let polls and renders land between the actions (a lone Esc needs its 40 ms to count as Escape).
        await sleep(50 + random.int(100));
      }
      const check = await checkRepaint(s, {what: `seed ${seed}, round ${round}`});
      expect(check.diff, `seed ${seed}, round ${round}, after: ${actions.join(' ')}`).toBeNull();
      actions.push('| checked');
    }
  });

  it('a busy site polled for a while: the updates take every path (stretches, scrolled rows) and still equal the repaint', async () => {
    const s = spawn(['--demo', '--interval', '0.3', '--demo-visitors', '2500'], {cols: 120, rows: 40});
    await s.waitFor((l) => /● LIVE/.test(l[0]), 'the dashboard');
    const mark = s.mark();
    // Rows that moved as a block (new visitors on top) scroll in a region; changed cells mid-row are stretches.
    await s.waitForOutput(mark, (text) => /\x1b\[\d+;\d+r\x1b\[\d+[ST]\x1b\[r/.test(text) && /\x1b\[\d+;(?!1H)\d+H/.test(text), 'a scroll region and a mid-row stretch');
    const check = await checkRepaint(s, {what: 'busy site'});
    expect(check.diff).toBeNull();
  });
});
