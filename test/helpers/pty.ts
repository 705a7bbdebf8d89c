import pty from 'node-pty';
import {afterEach, expect} from 'vitest';
import xterm from '@xterm/headless';
import {bin, cleanEnv} from './cli.js';
import {ambiguousWideProvider, readCells, type ScreenCell} from './screen.js';

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
  /** How much output has arrived so far: a mark for `since` and `waitForOutput`. */
  mark: () => number;
  /** The output since a mark. */
  since: (mark: number) => string;
  /** Waits until `check` holds for the output since `mark` (and the emulator has parsed it). */
  waitForOutput: (mark: number, check: (since: string) => boolean, what: string, ms?: number) => Promise<string>;
  /**
   * Waits until the emulator has parsed everything the program wrote, with nothing new arriving meanwhile;
   * returns the output length the screen then shows (a consistent pair: screen and raw()[0, length)).
   */
  parsed: () => Promise<number>;
  /** Waits until no output has arrived for `quietMs` (polls keep writing: bounded by `ms`, then it returns false). */
  quiet: (quietMs: number, ms?: number) => Promise<boolean>;
  /** Every cell of the screen, with its attributes. */
  cells: () => ScreenCell[][];
};

export type SpawnOptions = {
  cols: number;
  rows: number;
  env?: Record<string, string>;
  command?: string[];
  /** The emulator answers the program's queries (cursor position, background colour, DECRQM, DA1), as a real
   * terminal does. Default true. */
  answer?: boolean;
  /** 'wide': the emulator draws East-Asian ambiguous characters two columns wide, as a CJK terminal does. */
  widths?: 'xterm' | 'wide';
};

/**
 * dftop in a real pseudo-terminal, its output fed through a real terminal emulator. The environment is clean
 * (cleanEnv): CI and the like reach the child only when a test passes them.
 */
export function spawnDftop(args: string[], options: SpawnOptions): Session {
  const env = cleanEnv({COLORTERM: 'truecolor', ...options.env});
  const term = new xterm.Terminal({cols: options.cols, rows: options.rows, allowProposedApi: true});
  if (options.widths === 'wide') {
    const provider = ambiguousWideProvider();
    term.unicode.register(provider);
    term.unicode.activeVersion = provider.version;
  }
  const titles: string[] = [];
  term.onTitleChange((t) => titles.push(t));
  const [file, ...rest] = options.command ?? [process.execPath, bin, ...args];
  // node-pty sets TERM from `name`: the environment's TERM (TERM=dumb in a test) must win.
  const child = pty.spawn(file, rest, {name: env.TERM || 'xterm-256color', cols: options.cols, rows: options.rows, env, cwd: process.cwd()});
  let raw = '';
  let lastData = Date.now();
  let alive = true;
  child.onData((data) => {
    raw += data;
    lastData = Date.now();
    term.write(data);
  });
  if (options.answer !== false) {
    term.onData((data) => {
      if (alive) child.write(data);
    });
  }
  const exited = new Promise<{exitCode: number; signal?: number}>((resolve) =>
    child.onExit((e) => {
      alive = false;
      resolve(e);
    }),
  );
  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < term.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return lines;
  };
  // xterm.write is asynchronous: let it parse what arrived before reading the screen.
  const flushed = () => new Promise<void>((resolve) => term.write('', resolve));
  const parsed = async () => {
    for (;;) {
      const length = raw.length;
      await flushed();
      if (raw.length === length) return length;
    }
  };
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
        const length = await parsed();
        const lines = screen();
        // A frame in synchronized output is read whole: not while its block is still open (a terminal that
        // supports it would not show it yet either).
        if (!insideSync(raw, length) && check(lines)) return lines;
        if (Date.now() - start > ms) {
          const tail = raw.slice(-600).replace(/\x1b\[[0-9;]*m/g, '');
          throw new Error(`timed out waiting for ${what}; screen:\n${lines.join('\n')}\nlast output (SGR dropped): ${JSON.stringify(tail)}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    mark: () => raw.length,
    since: (mark) => raw.slice(mark),
    waitForOutput: async (mark, check, what, ms = 20_000) => {
      const start = Date.now();
      for (;;) {
        const length = await parsed();
        const text = raw.slice(mark, length);
        if (check(text)) return text;
        if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; output since the mark (${text.length} chars):\n${JSON.stringify(text.slice(-2000))}\nscreen:\n${screen().join('\n')}`);
        await new Promise((r) => setTimeout(r, 30));
      }
    },
    parsed,
    quiet: async (quietMs, ms = 10_000) => {
      const start = Date.now();
      for (;;) {
        await parsed();
        if (Date.now() - lastData >= quietMs) return true;
        if (Date.now() - start > ms) return false;
        await new Promise((r) => setTimeout(r, Math.max(10, quietMs - (Date.now() - lastData))));
      }
    },
    cells: () => readCells(term),
  };
}

const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';

/** Whether the output up to `length` ends inside a synchronized-output block. */
function insideSync(raw: string, length: number): boolean {
  const head = raw.slice(Math.max(0, length - 2_000_000), length);
  return head.lastIndexOf(SYNC_BEGIN) > head.lastIndexOf(SYNC_END);
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
  return (args: string[], options: SpawnOptions) => {
    const s = spawnDftop(args, options);
    sessions.push(s);
    return s;
  };
}

/** The line the holding shell prints once dftop has ended (its exit status follows). */
const ENDED = 'DFTOP-TEST-ENDED';

/**
 * Runs dftop to its end in a pseudo-terminal and returns everything it wrote. On Linux a PTY can drop the last
 * few KB a process writes just before it exits: node-pty reports the exit, and gives up reading, before the
 * kernel has passed them on (node-pty issues 72 and 726; a 14 KB `--once --json` line lost its tail about one
 * run in ten). So dftop runs under a shell that keeps the terminal open: it prints a marker line with dftop's
 * exit status once dftop has ended, and waits for a line from the test before it exits with that status.
 * Everything before the marker is all dftop wrote, read while the terminal was still open.
 */
export async function runToEnd(
  start: (args: string[], options: SpawnOptions) => Session,
  args: string[],
  options: Omit<SpawnOptions, 'command'>,
): Promise<{session: Session; output: string; exitCode: number}> {
  const script = `"$@"; status=$?; printf '\\n${ENDED} %d\\n' "$status"; IFS= read -r _; exit "$status"`;
  const session = start(args, {...options, command: ['/bin/sh', '-c', script, 'sh', process.execPath, bin, ...args]});
  const marker = new RegExp(`\\r?\\n${ENDED} (\\d+)\\r?\\n`);
  const text = await session.waitForOutput(0, (out) => marker.test(out), 'dftop to end', 45_000);
  const found = marker.exec(text)!;
  // A line feed ends the shell's line whether or not the terminal is in raw mode.
  session.write('\n');
  const {exitCode} = await session.exited;
  expect(exitCode, 'the exit status the shell passed on').toBe(Number(found[1]));
  return {session, output: text.slice(0, found.index), exitCode};
}
