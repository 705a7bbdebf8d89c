// Node's process warnings (TimeoutOverflowWarning, deprecations, ExperimentalWarning…) are printed to stderr
// by default, which on the live screen means onto the alternate screen, in the middle of the frame. dftop takes
// them over: each is kept for a status line, and written to stderr only with DEBUG=dftop.

type Env = Record<string, string | undefined>;
type Target = {removeAllListeners(event: 'warning'): unknown; on(event: 'warning', listener: (warning: Error) => void): unknown};

export type WarningLog = {
  /** The last few warnings, oldest first, as "Name: message" (control characters removed). */
  recent(): readonly string[];
  /** Called with each new warning (e.g. for a status line); returns the way to stop. */
  onWarning(listener: (text: string) => void): () => void;
};

const KEEP = 20;
let installed: WarningLog | null = null;

const debugging = (env: Env) => !!env.DEBUG && /(^|,)\s*dftop\s*(,|$)/.test(env.DEBUG);

/**
 * Replaces Node's own warning printer. Idempotent for the real process: calling it again returns the same log.
 * `target` and `stderr` are for tests.
 */
export function installWarningRouter(env: Env, target: Target = process, stderr: {write(s: string): unknown} = process.stderr): WarningLog {
  if (target === process && installed) return installed;
  const recent: string[] = [];
  const listeners = new Set<(text: string) => void>();
  target.removeAllListeners('warning');
  target.on('warning', (warning: Error) => {
    const text = `${warning?.name ?? 'Warning'}: ${String(warning?.message ?? warning)}`.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 300);
    recent.push(text);
    if (recent.length > KEEP) recent.shift();
    if (debugging(env)) stderr.write(`dftop: node warning: ${text}\n`);
    for (const listener of listeners) listener(text);
  });
  const log: WarningLog = {
    recent: () => recent,
    onWarning(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  if (target === process) installed = log;
  return log;
}
