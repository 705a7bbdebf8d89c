import pty from 'node-pty';
import {afterEach} from 'vitest';
import xterm from '@xterm/headless';
import {bin, cleanEnv} from './cli.js';

export type Session = {
  term: xterm.Terminal;
  /** Everything the program wrote, as it was written. */
  raw: () => string;
  screen: () => string[];
  write: (data: string) => void;
  resize: (cols: number, rows: number) => void;
  kill: (signal?: string) => void;
  pid: number;
  exited: Promise<{exitCode: number; signal?: number}>;
  waitFor: (check: (screen: string[]) => boolean, what: string, ms?: number) => Promise<string[]>;
  titles: string[];
};

/**
 * dftop in a real pseudo-terminal, its output fed through a real terminal emulator. The environment is clean
 * (cleanEnv): CI and the like reach the child only when a test passes them.
 */
export function spawnDftop(args: string[], options: {cols: number; rows: number; env?: Record<string, string>; command?: string[]}): Session {
  const env = cleanEnv({COLORTERM: 'truecolor', ...options.env});
  const term = new xterm.Terminal({cols: options.cols, rows: options.rows, allowProposedApi: true});
  const titles: string[] = [];
  term.onTitleChange((t) => titles.push(t));
  const [file, ...rest] = options.command ?? [process.execPath, bin, ...args];
  const child = pty.spawn(file, rest, {name: 'xterm-256color', cols: options.cols, rows: options.rows, env, cwd: process.cwd()});
  let raw = '';
  child.onData((data) => {
    raw += data;
    term.write(data);
  });
  const exited = new Promise<{exitCode: number; signal?: number}>((resolve) => child.onExit(resolve));
  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < term.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return lines;
  };
  // xterm.write is asynchronous: let it parse what arrived before reading the screen.
  const flushed = () => new Promise<void>((resolve) => term.write('', resolve));
  return {
    term,
    raw: () => raw,
    screen,
    write: (data) => child.write(data),
    resize: (cols, rows) => {
      child.resize(cols, rows);
      term.resize(cols, rows);
    },
    kill: (signal) => child.kill(signal),
    pid: child.pid,
    exited,
    titles,
    waitFor: async (check, what, ms = 20_000) => {
      const start = Date.now();
      for (;;) {
        await flushed();
        const lines = screen();
        if (check(lines)) return lines;
        if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; screen:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Sessions started through `start` are killed after each test. */
export function sessionsPerTest() {
  const sessions: Session[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      s.kill('SIGKILL');
      await s.exited;
    }
  });
  return (args: string[], options: Parameters<typeof spawnDftop>[1]) => {
    const s = spawnDftop(args, options);
    sessions.push(s);
    return s;
  };
}
