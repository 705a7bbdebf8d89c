// The live screen's terminal session: the profile decided once (environment, flags, the start-up probe), the
// input read from the terminal (stdin, or /dev/tty when stdin is a pipe) and parsed into events, the screen
// modes, and the frame writer, which alone writes frames to the terminal. Ink runs the React application
// beside it on streams of its own, so nothing Ink writes reaches the terminal.

import {EventEmitter} from 'node:events';
import {PassThrough, Writable} from 'node:stream';
import {setAmbiguousWide, setAsciiEllipsis} from '../text/width.js';
import type {Run} from '../text/style.js';
import {attachInput, type InputEvent, type InputReader} from './input.js';
import {probeTerminal, type ProbeResult} from './probe.js';
import {decideProfile, doctorReport, isDumbTerminal, probePlan, type ProfileFlags, type TerminalProfile} from './profile.js';
import {TerminalScreen} from './screen.js';
import {openInput, type KeyStream, type TerminalInput} from './tty.js';
import {FrameWriter} from './writer.js';

type Env = Record<string, string | undefined>;
type Out = NodeJS.WriteStream;

/** A stream that swallows what Ink writes but answers its questions about the terminal's size. */
export class InkSink extends Writable {
  isTTY = true;
  constructor(private readonly terminal: Out) {
    super();
    terminal.on('resize', this.forward);
  }
  get columns(): number {
    return this.terminal.columns || 80;
  }
  get rows(): number {
    return this.terminal.rows || 24;
  }
  private readonly forward = () => this.emit('resize');
  override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.terminal.off('resize', this.forward);
    callback(error);
  }
}

/** Ink's stdin: never a terminal, never read, so Ink neither sets raw mode nor competes for the keys. */
export function quietInput(): NodeJS.ReadStream {
  const stream = new PassThrough() as unknown as NodeJS.ReadStream;
  (stream as {isTTY?: boolean}).isTTY = false;
  return stream;
}

export type LiveSession = {
  profile: TerminalProfile;
  screen: TerminalScreen;
  writer: FrameWriter;
  input: TerminalInput;
  /** Input events for the Dashboard (an InputSource). */
  events: {subscribe(listener: (event: InputEvent) => void): () => void};
  /** The Dashboard's FrameSink: draws through the writer, holds frames while a resize settles or while suspended. */
  sink: {render(rows: readonly (readonly Run[])[], width: number, height: number): void; redraw(): void};
  /** Leaves the screen as it was found; safe to call more than once. */
  close(): void;
};

/** Opens the session: input, profile (with the probe's answers), screen modes and the writer. */
/** A resize is drawn once the window has kept its size this long: one repaint per drag, not one per step. */
export const RESIZE_SETTLE_MS = 80;

export async function openLiveSession(stdout: Out, stdin: NodeJS.ReadStream, env: Env, flags: ProfileFlags, probeTimeoutMs = 200): Promise<LiveSession> {
  const input = openInput(stdin);
  const plan = probePlan(env, flags, !!stdout.isTTY, input.source);
  const screen = new TerminalScreen(stdout, input, {modes: !isDumbTerminal(env), mouse: false, paste: true, raw: true});
  screen.enter();
  let probe: ProbeResult | null = null;
  if (plan.run && input.stream) {
    input.setRaw(true);
    probe = await probeTerminal(input.stream, stdout, {timeoutMs: probeTimeoutMs, width: plan.width, background: plan.background, sync: plan.sync});
  }
  const profile = decideProfile({env, flags, isTTY: !!stdout.isTTY, input: input.source, probe, size: {columns: stdout.columns, rows: stdout.rows}, nodeVersion: process.version});
  setAmbiguousWide(profile.ambiguousWide);
  setAsciiEllipsis(!profile.utf8 || profile.ambiguousWide);
  screen.setMouse(profile.mouse);

  const writer = new FrameWriter(stdout, {depth: profile.depth, syncOutput: profile.syncOutput, scrollRegions: profile.scrollRegions, ascii: !profile.utf8});
  const bus = new EventEmitter();
  let reader: InputReader | null = null;
  if (input.stream) {
    input.setRaw(true);
    reader = attachInput(input.stream, (event) => bus.emit('event', event), {initial: probe?.leftover});
  }
  let last: {rows: readonly (readonly Run[])[]; width: number; height: number} | null = null;
  // Set by a resize until the whole screen has been painted again at the settled size.
  let repaintDue = false;
  const draw = () => {
    if (!last || !screen.isActive) return;
    // A frame laid out for another size would wrap on this terminal: the settled resize brings the right one.
    if (last.width !== stdout.columns || last.height !== stdout.rows) return;
    if (repaintDue) {
      repaintDue = false;
      writer.invalidate();
    }
    writer.render(last.rows, last.width, last.height);
  };
  // Every settled resize repaints the whole screen, even one that ends at the size it started from: the
  // terminal may have reflowed, cut or cleared what was there while the window changed.
  let settle: NodeJS.Timeout | null = null;
  const onResize = () => {
    repaintDue = true;
    if (settle) clearTimeout(settle);
    settle = setTimeout(() => {
      settle = null;
      if (repaintDue) draw();
    }, RESIZE_SETTLE_MS);
  };
  stdout.on('resize', onResize);
  // Node emits 'resize' only when the size it reads differs from the last one: a window shrunk and given back
  // between two reads (a pane zoomed and unzoomed) would go unseen, with the terminal's cut rows left blank.
  process.on('SIGWINCH', onResize);
  let closed = false;
  return {
    profile,
    screen,
    writer,
    input,
    events: {
      subscribe(listener) {
        bus.on('event', listener);
        return () => void bus.off('event', listener);
      },
    },
    sink: {
      render(rows, width, height) {
        last = {rows, width, height};
        draw();
      },
      redraw() {
        writer.invalidate();
        draw();
      },
    },
    close() {
      if (closed) return;
      closed = true;
      if (settle) clearTimeout(settle);
      stdout.off('resize', onResize);
      process.off('SIGWINCH', onResize);
      reader?.dispose();
      screen.leave();
      input.close();
    },
  };
}

/**
 * --doctor waits this long for the terminal's answers: it runs once, by hand, and its report is about them; a link
 * with a long round trip (SSH across the world) still answers in time. The live screen waits far less.
 */
const DOCTOR_PROBE_MS = 1500;
/** After a probe that timed out, answers still on their way are read and dropped for this long (not left to the shell). */
const LATE_ANSWERS_MS = 250;

/** `dftop --doctor`: what was detected about this terminal and why, asked as the live screen would ask. */
export async function doctor(stdout: Out, stdin: NodeJS.ReadStream, env: Env, flags: ProfileFlags, probeTimeoutMs = DOCTOR_PROBE_MS): Promise<string> {
  const input = openInput(stdin);
  try {
    const plan = probePlan(env, flags, !!stdout.isTTY, input.source);
    let probe: ProbeResult | null = null;
    if (plan.run && input.stream) {
      input.setRaw(true);
      probe = await probeTerminal(input.stream, stdout, {timeoutMs: probeTimeoutMs, width: plan.width, background: plan.background, sync: plan.sync});
      if (probe.timedOut) await dropLateInput(input.stream, LATE_ANSWERS_MS);
    }
    const size = stdout.isTTY ? {columns: stdout.columns, rows: stdout.rows} : null;
    return doctorReport(decideProfile({env, flags, isTTY: !!stdout.isTTY, input: input.source, probe, size, nodeVersion: process.version}));
  } finally {
    input.close();
  }
}

/** Reads and drops what arrives for `ms` (a late answer would otherwise be typed into the shell after exit). */
function dropLateInput(stream: KeyStream, ms: number): Promise<void> {
  const drop = () => {};
  stream.on('data', drop);
  stream.resume();
  return new Promise((resolve) =>
    setTimeout(() => {
      stream.off('data', drop);
      stream.pause();
      resolve();
    }, ms),
  );
}
