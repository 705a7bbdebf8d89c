import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {bin} from '../helpers/cli.js';
import {CLEAR, seeded} from '../helpers/raw.js';
import {repaintIn, usesSync} from '../helpers/repaint.js';
import {diffScreens, type ScreenCell} from '../helpers/screen.js';
import {captureCells, tmuxServers} from '../helpers/tmux.js';

// Issue 8's check in a real tmux (tmux is what many people run dftop in, and tmux keeps its own model of the
// screen): after a sequence of keys and window resizes, `tmux capture-pane -p -e` (text and attributes) before
// and after Ctrl-L must be identical. tmux must be installed (.ci/run installs it); each test runs its own tmux
// server on a private socket and kills it afterwards.

const newServer = tmuxServers('dftop-e2e');

type Tmux = {
  cmd: (...args: string[]) => Promise<string>;
  capture: () => Promise<string[]>;
  /** The pane's screen, cell by cell with its attributes, as tmux holds it. */
  captureStyled: () => Promise<ScreenCell[][]>;
  /** Everything dftop wrote to the pane (tmux pipe-pane). */
  output: () => string;
  keys: (text: string) => Promise<string>;
  waitFor: (check: (lines: string[]) => boolean, what: string, ms?: number) => Promise<string[]>;
  waitForOutput: (mark: number, check: (since: string) => boolean, what: string, ms?: number) => Promise<string>;
};

async function startTmux(args: string[], cols: number, rows: number): Promise<Tmux> {
  const {dir, cmd} = newServer();
  const log = path.join(dir, 'pane.out');
  const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // The pane starts with a shell that waits for the pipe to be in place, so the log holds every byte dftop writes.
  await cmd('new-session', '-d', '-s', 'e2e', '-x', String(cols), '-y', String(rows), `read _; exec ${command}`);
  await cmd('set-option', '-t', 'e2e', 'remain-on-exit', 'on');
  await cmd('pipe-pane', '-t', 'e2e', '-o', `cat >> '${log}'`);
  await cmd('send-keys', '-t', 'e2e', 'Enter');
  const output = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
  const capture = async () => (await cmd('capture-pane', '-t', 'e2e', '-p')).replace(/\n$/, '').split('\n');
  const poll = async <T>(get: () => Promise<T> | T, check: (value: T) => boolean, what: string, describe: (value: T) => string, ms: number) => {
    const start = Date.now();
    for (;;) {
      const value = await get();
      if (check(value)) return value;
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what} in tmux:\n${describe(value)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    cmd,
    capture,
    captureStyled: async () => {
      const [cols, rows] = (await cmd('display-message', '-t', 'e2e', '-p', '#{pane_width} #{pane_height}')).trim().split(' ').map(Number);
      return captureCells(await cmd('capture-pane', '-t', 'e2e', '-p', '-e'), cols, rows);
    },
    output,
    keys: (text) => cmd('send-keys', '-t', 'e2e', '-l', text),
    waitFor: (check, what, ms = 20_000) => poll(capture, check, what, (l) => l.join('\n'), ms),
    waitForOutput: (mark, check, what, ms = 20_000) => poll(() => output().slice(mark), check, what, (t) => JSON.stringify(t.slice(-1500)), ms),
  };
}

const live = (lines: string[]) => /dftop demo/.test(lines[0]) && /LIVE/.test(lines[0]);
const hasHint = (lines: string[]) => /q quit/.test(lines[lines.length - 1]);

/** Resizes the tmux window and waits for dftop's full repaint at the new size. */
async function resize(t: Tmux, cols: number, rows: number) {
  const mark = t.output().length;
  await t.cmd('resize-window', '-t', 'e2e', '-x', String(cols), '-y', String(rows));
  await t.waitForOutput(mark, (text) => text.includes(CLEAR), `the repaint at ${cols}×${rows}`);
  await t.waitFor((l) => l.length === rows && hasHint(l), `the frame at ${cols}×${rows}`);
}

/** capture-pane before and after Ctrl-L, retried while another frame (a poll) lands next to the repaint. */
async function checkRepaint(t: Tmux, what: string): Promise<{before: ScreenCell[][]; after: ScreenCell[][]}> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const sync = usesSync(t.output());
    const mark = t.output().length;
    const before = await t.captureStyled();
    await t.cmd('send-keys', '-t', 'e2e', 'C-l');
    const rows = (await t.capture()).length;
    await t.waitForOutput(mark, (text) => repaintIn(text, sync) === 'more' || (repaintIn(text, sync) === 'alone' && (sync || new RegExp(`\\x1b\\[${rows}[;H]`).test(text))), `the Ctrl-L repaint (${what})`);
    const after = await t.captureStyled();
    // The pipe's copy may trail what tmux shows: give it time before deciding nothing else was drawn.
    await new Promise((r) => setTimeout(r, 250));
    if (repaintIn(t.output().slice(mark), sync) !== 'alone') continue;
    return {before, after};
  }
  throw new Error(`another frame landed next to every Ctrl-L repaint (${what})`);
}

describe('in a real tmux: the pane equals its own full repaint', () => {
  it('issue 8: 120×40, 3, e, resize to 100×30 and 80×24, e', async () => {
    const t = await startTmux(['--demo'], 120, 40);
    await t.waitFor((l) => live(l) && l.some((x) => x.includes('5 Payments')), 'the dashboard');
    await t.keys('3');
    await t.waitFor((l) => l.some((x) => x.includes('▶ 3 Conversion scores')), 'scores focused');
    await t.keys('e');
    await t.waitFor((l) => l.some((x) => x.includes('3 Conversion scores')) && !l.some((x) => x.includes('1 Map')), 'scores expanded');
    await resize(t, 100, 30);
    await resize(t, 80, 24);
    await t.keys('e');
    const lines = await t.waitFor((l) => l.some((x) => x.includes('1 Map')), 'the map back');
    expect(lines[0]).toMatch(/^dftop demo/);
    expect(lines.findIndex((l) => l.includes('1 Map'))).toBe(2);
    const {before, after} = await checkRepaint(t, 'issue 8');
    expect(diffScreens(after, before)).toBeNull();
  });

  it.each([7, 8])('random keys and resizes, seed %i', async (seed) => {
    const random = seeded(seed);
    const sizes: [number, number][] = [[120, 40], [100, 30], [80, 24], [160, 12], [60, 20]];
    const keys = ['1', '2', '3', '4', '5', '6', '\t', 'e', '?', 'j', 'k', 'c', 'P', '+', '-', '0', 's'];
    let [cols, rows] = sizes[0];
    const actions: string[] = [];
    const t = await startTmux(['--demo', '--interval', '1'], cols, rows);
    await t.waitFor((l) => live(l) && hasHint(l), 'the dashboard');
    for (let round = 1; round <= 2; round++) {
      for (let step = 0; step < 6; step++) {
        if (random.next() < 0.3) {
          [cols, rows] = random.pick(sizes.filter(([c, r]) => c !== cols || r !== rows));
          actions.push(`${cols}×${rows}`);
          await resize(t, cols, rows);
        } else {
          const key = random.pick(keys);
          actions.push(JSON.stringify(key));
          await t.keys(key);
          await new Promise((r) => setTimeout(r, 60 + random.int(80)));
        }
      }
      const {before, after} = await checkRepaint(t, `seed ${seed}`);
      expect(diffScreens(after, before), `seed ${seed}, round ${round}, after: ${actions.join(' ')}`).toBeNull();
    }
  });
});
