// The terminal's modes, entered once and left on every exit path. Writes go straight to the stream so
// they work even when Ink has already gone (an uncaught error, a signal).

export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';
export const HIDE_CURSOR = '\x1b[?25l';
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';
/** Mouse reporting: clicks (1000), drags (1002), as SGR reports (1006) that work beyond column 223. */
export const MOUSE_ON = '\x1b[?1000h\x1b[?1002h\x1b[?1006h';
export const MOUSE_OFF = '\x1b[?1006l\x1b[?1002l\x1b[?1000l';
export const PASTE_ON = '\x1b[?2004h';
export const PASTE_OFF = '\x1b[?2004l';

type Out = {write(s: string): unknown};
/** The stream keys come from (a tty.ReadStream), or a TerminalInput from tty.ts (its setRaw is used). */
type In = {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown; isRaw?: boolean} | {setRaw(on: boolean): void};

export type ScreenOptions = {
  /** Alternate screen and cursor sequences at all: false on a dumb terminal (nothing is written). */
  modes?: boolean;
  /** SGR mouse reporting while the screen is ours (profile.mouse). */
  mouse?: boolean;
  /** Bracketed paste while the screen is ours. */
  paste?: boolean;
  /** enter() also puts the input in raw mode (leave() always takes it out). */
  raw?: boolean;
};

/** The sequences enter() writes for these options. */
export function enterSequence(options: ScreenOptions = {}): string {
  if (options.modes === false) return '';
  return ENTER_ALT_SCREEN + HIDE_CURSOR + (options.paste ? PASTE_ON : '') + (options.mouse ? MOUSE_ON : '');
}

/** The sequences leave() writes: reporting off first, then the cursor and the main screen back. */
export function leaveSequence(options: ScreenOptions = {}): string {
  if (options.modes === false) return '';
  return (options.mouse ? MOUSE_OFF : '') + (options.paste ? PASTE_OFF : '') + SHOW_CURSOR + LEAVE_ALT_SCREEN;
}

export class TerminalScreen {
  private active = false;

  /** `stdin` is the stream keys are read from: process.stdin, or /dev/tty (tty.ts openInput). */
  private readonly options: ScreenOptions;

  constructor(private readonly stdout: Out, private readonly stdin: In, options: ScreenOptions = {}) {
    this.options = {...options};
  }

  get isActive(): boolean {
    return this.active;
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    if (this.options.raw) this.setRaw(true);
    const sequence = enterSequence(this.options);
    if (sequence) this.stdout.write(sequence);
  }

  /** Back to the main screen with the cursor shown, mouse and paste reporting off and raw mode off. Safe to
   * call any number of times (q, Ctrl-C, SIGTERM, SIGHUP, an uncaught error, a suspend). */
  leave(): void {
    if (!this.active) return;
    this.active = false;
    // stdin may already be closed (SIGHUP); the escape sequences below still restore the screen.
    this.setRaw(false);
    const sequence = leaveSequence(this.options);
    if (sequence) this.stdout.write(sequence);
  }

  /** Mouse reporting on or off from now on (the profile is decided after the screen is entered); switched at
   * once when the screen is ours. */
  setMouse(on: boolean): void {
    if (!!this.options.mouse === on) return;
    this.options.mouse = on;
    if (this.active && this.options.modes !== false) this.stdout.write(on ? MOUSE_ON : MOUSE_OFF);
  }

  get mouse(): boolean {
    return !!this.options.mouse;
  }

  private setRaw(on: boolean): void {
    try {
      const s = this.stdin;
      if ('setRaw' in s) s.setRaw(on);
      else if (s.isTTY && s.setRawMode) s.setRawMode(on);
    } catch {
      // the terminal is gone
    }
  }
}
