import {hasSecrets, redact} from '../model/redact.js';

// Standard output and standard error, guarded once for every mode:
// - a reader that goes away (`dftop --json | head -1`, `--once | head -c 100`) ends dftop quietly with exit 0,
//   as `yes | head` users expect: never an "Unhandled 'error' event … EPIPE" trace;
// - any other write failure (a full disk) is one line on stderr and exit 1;
// - every string written is redacted (src/model/redact.ts): the last gate before a registered secret could
//   leave the process, whatever wrote it (the live screen, --json, --once, errors, Node's own warnings).

type Exit = (code: number) => void;
/** What the guards need of a stream (process.stdout, or a stand-in in tests). */
type Guardable = {
  write(chunk: unknown, ...rest: unknown[]): boolean;
  on(event: 'error', listener: (error: unknown) => void): unknown;
};

/** Error codes that mean "the reader went away" (EIO: the terminal hung up), not "something broke". */
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ECONNRESET', 'EIO']);

export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && CLOSED.has(code);
}

const closeHandlers = new Set<() => void>();
let closed = false;

/**
 * Runs `handler` (synchronously, before exit) when standard output's reader goes away: the live screen puts
 * the terminal back, a poller stops. Returns the unsubscribe function.
 */
export function onOutputClosed(handler: () => void): () => void {
  closeHandlers.add(handler);
  return () => closeHandlers.delete(handler);
}

/** True once standard output's reader has gone: write nothing more. */
export function outputClosed(): boolean {
  return closed;
}

/** Redacts every string (and UTF-8 buffer) written to `stream`; the stream's own write does the rest. */
export function redactWrites(stream: Guardable): void {
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    if (hasSecrets()) {
      if (typeof chunk === 'string') chunk = redact(chunk);
      else if (chunk instanceof Uint8Array) {
        const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
        const clean = redact(text);
        if (clean !== text) chunk = Buffer.from(clean, 'utf8');
      }
    }
    return write(chunk, ...rest);
  };
}

/**
 * What happens when `stdout` fails: a closed reader runs the close handlers and exits 0; anything else says
 * so on `stderr` and exits 1. Exported for tests; `guardOutput` applies it to the process's streams.
 */
export function guardStdout(stdout: Guardable, stderr: {write(text: string): unknown}, exit: Exit): void {
  stdout.on('error', (error: unknown) => {
    if (closed) return;
    closed = true;
    for (const handler of [...closeHandlers]) {
      try {
        handler();
      } catch {
        // Nothing can be reported: the reader is gone, and the exit below must still happen.
      }
    }
    if (isClosedPipe(error)) return exit(0);
    const code = (error as NodeJS.ErrnoException | null)?.code ?? (error as Error | null)?.message ?? String(error);
    try {
      stderr.write(`dftop: cannot write to standard output (${code})\n`);
    } catch {
      // stderr may be gone too.
    }
    exit(1);
  });
}

let guarded = false;

/** Installs the guards on process.stdout and process.stderr, once. Every mode runs behind them. */
export function guardOutput(exit: Exit = (code) => process.exit(code)): void {
  if (guarded) return;
  guarded = true;
  redactWrites(process.stdout);
  redactWrites(process.stderr);
  guardStdout(process.stdout, process.stderr, exit);
  // A closed stderr (`2>&1 | head`) leaves nothing to tell; stdout's guard decides how dftop ends.
  process.stderr.on('error', () => {});
}

/** For tests of the module state. */
export function resetOutputState(): void {
  closed = false;
  closeHandlers.clear();
}
