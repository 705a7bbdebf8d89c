import fs from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {FrameWriter} from '../../src/terminal/writer.js';
import {paint, type ColorDepth, type Style} from '../../src/text/style.js';
import {seeded} from '../helpers/raw.js';
import {randomFrames} from '../helpers/random-frames.js';
import {diffScreens, type ScreenCell} from '../helpers/screen.js';
import {captureCells, tmuxServers} from '../helpers/tmux.js';

// The writer's bytes in a real terminal, tmux (which keeps its own model of the screen, with its own
// pending-wrap, erase and cursor-move rules): random frames that change at the edges (the last column, wide
// characters there, blank tails and runs, blocks of rows moved by scroll regions) are written step by step into
// one tmux pane, and each frame painted plainly from a cleared screen into another; after every step both panes
// must show the same cells (capture-pane -p -e read back into cells). tmux must be installed (.ci/run installs it).

const newServer = tmuxServers('dftop-writer', {utf8: true});

const W = 40;
const H = 12;
// Characters tmux and the width function measure alike (no emoji, no combining marks).
const GLYPHS = ['a', 'b', 'z', 'Q', '0', '.', '-', '|', 'é', '─', '●', '⠿', '⣀', '█', '東', '京', '가', '…', '×'];
const STYLES: readonly (Style | null)[] = [
  null, null, null, {bold: true}, {dim: true}, {bold: true, dim: true}, {underline: true}, {inverse: true},
  {fg: [220, 40, 40]}, {fg: [220, 40, 40], bold: true}, {fg: [40, 200, 60], underline: true}, {bg: [30, 60, 200]},
  {fg: [250, 250, 250], bg: [90, 90, 90], bold: true}, {fg: [120, 120, 255], inverse: true, dim: true},
];
const frames = randomFrames(GLYPHS, STYLES, {fullRows: 0.4});
const {runsOf, mutate} = frames;
const randomCols = (r: ReturnType<typeof seeded>) => frames.randomCols(r, W);

/** The writer's bytes for each step of a random sequence, and each step's frame painted from a cleared screen. */
function sequence(seed: number): {written: string[]; plain: string[]} {
  const r = seeded(seed);
  const depth = r.pick<ColorDepth>(['truecolor', '256', '16']);
  let bytes = '';
  const writer = new FrameWriter({write: (s: string) => (bytes += s)}, {depth, syncOutput: r.next() < 0.5, scrollRegions: true, ascii: false, ech: r.next() < 0.5});
  let grid = Array.from({length: H}, () => randomCols(r));
  const written: string[] = [];
  const plain: string[] = [];
  for (let step = 0; step < 14; step++) {
    if (step > 0 && r.next() < 0.3) {
      const top = r.int(H - 1);
      const bottom = top + 1 + r.int(H - top - 1);
      const by = 1 + r.int(bottom - top);
      const band = grid.slice(top, bottom + 1);
      const fresh = () => randomCols(r);
      const moved = r.next() < 0.5 ? [...Array.from({length: by}, fresh), ...band.slice(0, band.length - by)] : [...band.slice(by), ...Array.from({length: by}, fresh)];
      grid.splice(top, band.length, ...moved.slice(0, band.length));
    } else if (step > 0) {
      grid = grid.map((row) => (r.next() < 0.5 ? mutate(r, row) : row));
    }
    const rows = grid.map(runsOf);
    bytes = '';
    writer.render(rows, W, H);
    written.push(bytes);
    plain.push('\x1b[0m\x1b[H\x1b[2J' + rows.map((runs, y) => `\x1b[${y + 1}H` + paint(runs, depth)).join(''));
  }
  return {written, plain};
}

/** A pane that plays chunks of bytes one at a time, on each 'n' typed, and names the step in its title. */
const PLAYER = `
const chunks = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
let i = 0;
process.stdin.setRawMode(true);
process.stdout.write('\\x1b]2;ready\\x07');
process.stdin.on('data', (d) => {
  for (const b of d) if (b === 110 && i < chunks.length) process.stdout.write(chunks[i] + '\\x1b]2;step ' + i++ + '\\x07');
});
`;

const cells = (capture: string): Promise<ScreenCell[][]> => captureCells(capture, W, H);

it('in a real tmux, every step of random sequences shows the frame, cell by cell with attributes', async () => {
  const {dir, cmd: tmux} = newServer();
  const player = path.join(dir, 'player.cjs');
  fs.writeFileSync(player, PLAYER);
  const title = async (pane: string) => (await tmux('display-message', '-p', '-t', pane, '#{pane_title}')).trim();
  const until = async (what: string, check: () => Promise<boolean>) => {
    const start = Date.now();
    while (!(await check())) {
      if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  let used = '';
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const {written, plain} = sequence(seed);
    used += written.join('');
    const sessions = [`w${seed}`, `p${seed}`];
    for (const [name, chunks] of [[sessions[0], written], [sessions[1], plain]] as const) {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(chunks));
      await tmux('new-session', '-d', '-s', name, '-x', String(W), '-y', String(H), `'${process.execPath}' '${player}' '${file}'`);
    }
    for (const s of sessions) await until(`the player in ${s}`, async () => (await title(s)) === 'ready');
    for (let step = 0; step < written.length; step++) {
      for (const s of sessions) await tmux('send-keys', '-t', s, 'n');
      for (const s of sessions) await until(`step ${step} in ${s}`, async () => (await title(s)) === `step ${step}`);
      const [got, want] = await Promise.all(sessions.map(async (s) => cells(await tmux('capture-pane', '-p', '-e', '-N', '-t', s))));
      const diff = diffScreens(got, want);
      expect(diff, `seed ${seed} step ${step}: ${JSON.stringify(written[step])}`).toBeNull();
    }
    for (const s of sessions) await tmux('kill-session', '-t', s);
  }
  // The sequences took the paths this test is for.
  for (const re of [/\x1b\[\d*C/, /\r\x1b\[\d*B/, /\x1b\[\d*B/, /\x1b\[K/, /\x1b\[\d+X/, /\x1b\[\d+;\d+r/, /\x1b\[(22|24|27|39|49)[;m]/]) expect(used).toMatch(re);
}, 120_000);
