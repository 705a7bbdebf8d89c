import {TerminalScreen} from './screen.js';

/** The stream keys come from, or a TerminalInput (tty.ts), whose setRaw is used. */
type In = {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown} | {setRaw(on: boolean): void};

/**
 * Ctrl-Z in raw mode reaches us as a key, not as SIGTSTP: give the terminal back (main screen, cursor,
 * cooked mode) and stop the whole job as the terminal would, and when the shell's `fg` sends SIGCONT take
 * the screen again and repaint (mouse reporting and bracketed paste go with the screen). The kernel discards SIGTSTP for an orphaned process group (nobody could
 * `fg` it): then nothing stops, and the screen comes straight back.
 */
export function createSuspender(
  screen: TerminalScreen,
  stdin: In,
  repaint: () => void,
  kill: (pid: number, signal: NodeJS.Signals) => void = (pid, signal) => void process.kill(pid, signal),
) {
  let suspended = false;
  const resume = () => {
    if (!suspended) return;
    suspended = false;
    screen.enter();
    if ('setRaw' in stdin) stdin.setRaw(true);
    else if (stdin.isTTY) stdin.setRawMode?.(true);
    repaint();
  };
  process.on('SIGCONT', resume);
  return {
    suspend() {
      if (suspended) return;
      suspended = true;
      screen.leave();
      kill(0, 'SIGTSTP');
      // Runs only once the process runs again: at once if the stop was discarded, else after SIGCONT.
      setTimeout(resume, 100);
    },
    dispose() {
      process.off('SIGCONT', resume);
    },
  };
}
