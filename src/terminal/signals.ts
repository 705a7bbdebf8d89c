/**
 * Runs `cleanup` once on SIGTERM, SIGHUP (an SSH session dropping), SIGINT, an uncaught exception or an
 * unhandled rejection, then exits: 0 for an asked-for stop, 1 for an error, 129 for a hang-up.
 */
export function onTermination(
  cleanup: (reason: string, error?: unknown) => void,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  let done = false;
  const finish = (reason: string, code: number, error?: unknown) => {
    if (done) return;
    done = true;
    try {
      cleanup(reason, error);
    } finally {
      exit(code);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => finish(signal, signal === 'SIGHUP' ? 129 : 0);
  const onError = (error: unknown) => finish('error', 1, error);
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const s of signals) process.on(s, onSignal);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return () => {
    for (const s of signals) process.off(s, onSignal);
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  };
}
