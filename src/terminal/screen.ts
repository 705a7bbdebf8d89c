// The terminal's modes, entered once and left on every exit path. Writes go straight to the stream so
// they work even when Ink has already gone (an uncaught error, a signal).

export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';
export const HIDE_CURSOR = '\x1b[?25l';
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';

type Out = {write(s: string): unknown};
type In = {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown; isRaw?: boolean};

export class TerminalScreen {
  private active = false;

  constructor(private readonly stdout: Out, private readonly stdin: In) {}

  get isActive(): boolean {
    return this.active;
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR);
  }

  /** Back to the main screen with the cursor shown and raw mode off. Safe to call any number of times. */
  leave(): void {
    if (!this.active) return;
    this.active = false;
    try {
      if (this.stdin.isTTY && this.stdin.setRawMode) this.stdin.setRawMode(false);
    } catch {
      // stdin may already be closed (SIGHUP); the escape sequences below still restore the screen.
    }
    this.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  }
}
