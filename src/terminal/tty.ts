// Where keys come from. stdin when it is a terminal; when it is not (`dftop < /dev/null`, a pipe, a
// script) the controlling terminal, /dev/tty, as less, fzf and htop do; when neither, no keys. Raw mode
// goes on the stream actually read, so the terminal never echoes typed text into the frame.

import fs from 'node:fs';
import tty from 'node:tty';
import type {InputSource} from './profile.js';

/** The parts of a tty.ReadStream used here (and by the probe and the input reader). */
export type KeyStream = {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy?(): unknown;
  unref?(): unknown;
};

export type TerminalInput = {
  /** The stream to read keys from; null when there is none (source 'none'). */
  stream: KeyStream | null;
  source: InputSource;
  /** Why there is no input (for the caller to say), or ''. */
  problem: string;
  /** Raw mode on the stream read (no echo, no line buffering, Ctrl-C and Ctrl-Z as keys). */
  setRaw(on: boolean): void;
  /** Raw mode off and the stream released (a /dev/tty stream closed); safe to call more than once. */
  close(): void;
};

type Opener = () => KeyStream;

/** Opens /dev/tty for reading as a tty.ReadStream. */
export function openDevTty(): KeyStream {
  const fd = fs.openSync('/dev/tty', 'r');
  try {
    if (!tty.isatty(fd)) throw new Error('/dev/tty is not a terminal');
    return new tty.ReadStream(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

export function openInput(stdin: KeyStream, open: Opener = openDevTty): TerminalInput {
  if (stdin.isTTY) return wrap(stdin, 'stdin', '', false);
  try {
    return wrap(open(), '/dev/tty', '', true);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return wrap(null, 'none', `stdin is not a terminal and /dev/tty could not be opened (${why})`, false);
  }
}

function wrap(stream: KeyStream | null, source: InputSource, problem: string, owned: boolean): TerminalInput {
  let closed = false;
  let raw = false;
  // An error on the terminal (EIO when it goes away) must not become an uncaught exception.
  const onError = () => {};
  stream?.on('error', onError);
  const setRaw = (on: boolean) => {
    if (!stream || closed || !stream.isTTY || !stream.setRawMode) return;
    try {
      stream.setRawMode(on);
      raw = on;
    } catch {
      // the terminal is gone (SIGHUP): nothing to restore
    }
  };
  return {
    stream,
    source,
    problem,
    setRaw,
    close() {
      if (closed || !stream) return;
      if (raw || stream.isRaw) setRaw(false);
      closed = true;
      stream.pause();
      if (owned) stream.destroy?.();
      else stream.unref?.();
    },
  };
}
