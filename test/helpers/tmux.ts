import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import xterm from '@xterm/headless';
import {afterEach} from 'vitest';
import {cleanEnv} from './cli.js';
import {readCells, type ScreenCell} from './screen.js';

const run = promisify(execFile);

/** A private tmux server (its own socket, no config file) and a scratch folder, both gone after the test. */
export type TmuxServer = {socket: string; dir: string; cmd: (...args: string[]) => Promise<string>};

/**
 * Registers the clean-up (every server killed, every folder removed after each test) and returns a maker of
 * servers. tmux must be installed (.ci/run installs it).
 */
export function tmuxServers(prefix: string, options: {utf8?: boolean} = {}): () => TmuxServer {
  const servers: TmuxServer[] = [];
  afterEach(async () => {
    for (const {socket, dir} of servers.splice(0)) {
      await run('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });
  let made = 0;
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const socket = `${prefix}-${process.pid}-${made++}-${Date.now()}`;
    const env = cleanEnv(options.utf8 ? {LC_ALL: 'C.UTF-8'} : {});
    const flags = options.utf8 ? ['-u'] : [];
    const cmd = async (...a: string[]) => (await run('tmux', [...flags, '-L', socket, '-f', '/dev/null', ...a], {env, encoding: 'utf8'})).stdout;
    const server = {socket, dir, cmd};
    servers.push(server);
    return server;
  };
}

/**
 * A capture (`capture-pane -p -e`: text and SGR, the SGR state running on from line to line) read into cells by
 * a terminal emulator. tmux's serialisation differs for equal screens (where it resets attributes, whether
 * trailing blanks were written), so captures are compared as cells, not as strings. A blank's foreground,
 * boldness and the like are invisible: they read as the defaults.
 */
export async function captureCells(capture: string, cols: number, rows: number): Promise<ScreenCell[][]> {
  const term = new xterm.Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
  const lines = capture.replace(/\n$/, '').split('\n');
  await new Promise<void>((resolve) => term.write(lines.map((l, y) => `\x1b[${y + 1}H${l}`).join(''), resolve));
  const cells = readCells(term);
  term.dispose();
  return cells.map((row) => row.map((c) => (c.chars === ' ' && !c.inverse && !c.underline && !c.strike ? {...c, fg: 'default', bold: false, dim: false, italic: false, invisible: false} : c)));
}
