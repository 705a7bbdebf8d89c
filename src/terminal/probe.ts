// The start-up probe: a few questions to the terminal, asked in one write before the first frame, with a
// short timeout. Nothing stays on the screen. DA1 goes last as a sentinel: every terminal answers it, and
// terminals answer in order, so once its answer is in, a query still unanswered is unsupported.

import type {Rgb} from '../text/style.js';
import type {ProbeAnswers} from './profile.js';

/** U+2500 BOX DRAWINGS LIGHT HORIZONTAL: East-Asian ambiguous, and the character the frame uses most. */
export const PROBE_CHAR = '\u2500';
export const CURSOR_POSITION_QUERY = '\x1b[6n';
export const BACKGROUND_QUERY = '\x1b]11;?\x1b\\';
export const SYNC_QUERY = '\x1b[?2026$p';
export const DA1_QUERY = '\x1b[c';
export const ERASE_LINE = '\r\x1b[2K';

export type ProbeOptions = {
  timeoutMs?: number;
  /** Which questions to ask (profile.ts probePlan); all by default. */
  width?: boolean;
  background?: boolean;
  sync?: boolean;
};

export type ProbeResult = ProbeAnswers & {
  /** Bytes that were not answers (keys typed meanwhile), in order, for the input parser. */
  leftover: Buffer;
  /** The timeout ended the probe (no DA1 answer). */
  timedOut: boolean;
};

type ProbeInput = {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  pause?(): unknown;
  resume?(): unknown;
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
};
type ProbeOutput = {write(s: string): unknown};

/** The one write the probe sends for these options. */
export function probeQuery(options: ProbeOptions = {}): string {
  const {width = true, background = true, sync = true} = options;
  let out = '';
  // The cursor position is asked right after the probe character; the other queries follow before the
  // line is erased, so text a terminal might print for a query it does not know is erased too.
  if (width) out += '\r' + PROBE_CHAR + CURSOR_POSITION_QUERY;
  if (background) out += BACKGROUND_QUERY;
  if (sync) out += SYNC_QUERY;
  out += ERASE_LINE + DA1_QUERY;
  return out;
}

/**
 * Asks, waits for DA1's answer or the timeout, and returns the answers and every other byte that arrived.
 * Set raw mode first (TerminalInput.setRaw): without it the answers wait for a newline and are echoed. If
 * the input is not raw the probe sets it for its own duration and puts it back. The input is left paused,
 * so nothing is lost before the input parser starts reading (attachInput resumes it).
 */
export function probeTerminal(input: ProbeInput, output: ProbeOutput, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 200;
  const scanner = new ReplyScanner();
  let setRaw = false;
  if (input.isTTY && input.setRawMode && !input.isRaw) {
    try {
      input.setRawMode(true);
      setRaw = true;
    } catch {
      // no raw mode: the answers may still come (or the timeout ends it)
    }
  }
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (timedOut: boolean) => {
      if (timer) clearTimeout(timer);
      input.off('data', onData);
      input.pause?.();
      if (setRaw) {
        try {
          input.setRawMode!(false);
        } catch {
          // closed meanwhile
        }
      }
      resolve({...scanner.answers(), leftover: scanner.end(), timedOut});
    };
    const onData = (chunk: Buffer | string) => {
      scanner.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      if (scanner.done) finish(false);
    };
    input.on('data', onData);
    input.resume?.();
    timer = setTimeout(() => finish(true), timeoutMs);
    output.write(probeQuery(options));
  });
}

/**
 * Picks the probe's answers out of the bytes the terminal sends, keeping everything else (typed keys,
 * other sequences) in order. Works on latin1 strings so bytes map one to one and split UTF-8 survives.
 */
export class ReplyScanner {
  private buffer = '';
  private kept = '';
  private cursorColumn: number | null = null;
  private background: Rgb | null = null;
  private syncMode: number | null = null;
  done = false;

  push(chunk: Buffer): void {
    this.buffer += chunk.toString('latin1');
    this.scan();
  }

  answers(): ProbeAnswers {
    return {answered: this.done, cursorColumn: this.cursorColumn, background: this.background, syncMode: this.syncMode};
  }

  /** What was not an answer, including an unfinished sequence (the input parser deals with it). */
  end(): Buffer {
    const out = Buffer.from(this.kept + this.buffer, 'latin1');
    this.kept = '';
    this.buffer = '';
    return out;
  }

  private scan(): void {
    let b = this.buffer;
    while (b.length > 0 && !this.done) {
      const esc = b.indexOf('\x1b');
      if (esc === -1) {
        this.kept += b;
        b = '';
        break;
      }
      if (esc > 0) {
        this.kept += b.slice(0, esc);
        b = b.slice(esc);
      }
      const length = this.answer(b);
      if (length === 0) break; // unfinished: wait for more
      if (length > 0) {
        b = b.slice(length);
        continue;
      }
      // Not an answer: keep the whole sequence (or the ESC alone) for the input parser.
      const skip = -length;
      this.kept += b.slice(0, skip);
      b = b.slice(skip);
    }
    if (this.done) {
      // Anything after DA1's answer is typing.
      this.kept += b;
      b = '';
    }
    this.buffer = b;
  }

  /** >0: an answer of that length, consumed; 0: unfinished; <0: not an answer, skip that many chars. */
  private answer(b: string): number {
    if (b.length < 2) return 0;
    if (b[1] === '[') {
      const csi = /^\x1b\[([\x30-\x3f]*)([\x20-\x2f]*)([\x40-\x7e])/.exec(b);
      if (!csi) return /^\x1b\[[\x30-\x3f]*[\x20-\x2f]*$/.test(b) ? 0 : -1;
      const [all, params, inter, final] = csi;
      let m: RegExpExecArray | null;
      if (final === 'R' && !inter && (m = /^(\d+);(\d+)$/.exec(params))) {
        if (this.cursorColumn === null) {
          this.cursorColumn = Number(m[2]);
          return all.length;
        }
        return -all.length;
      }
      if (final === 'y' && inter === '$' && (m = /^\?2026;(\d+)$/.exec(params))) {
        this.syncMode = Number(m[1]);
        return all.length;
      }
      if (final === 'c' && !inter && params.startsWith('?')) {
        this.done = true;
        return all.length;
      }
      return -all.length;
    }
    if (b[1] === ']') {
      const end = /\x07|\x1b\\/.exec(b);
      if (!end) return b.length > 4096 ? -1 : 0;
      const body = b.slice(2, end.index);
      const length = end.index + end[0].length;
      const m = /^11;rgba?:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})(?:\/[0-9a-f]{1,4})?$/i.exec(body);
      if (m) {
        this.background = [scale(m[1]), scale(m[2]), scale(m[3])];
        return length;
      }
      return -length;
    }
    return -1;
  }
}

/** An X11 colour component of 1 to 4 hex digits to 0-255. */
function scale(hex: string): number {
  const max = 16 ** hex.length - 1;
  return Math.round((parseInt(hex, 16) / max) * 255);
}
