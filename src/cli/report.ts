import {DataFastError, adviceFor, detailOf, exitCodeFor, titleFor, EXIT} from '../api/errors.js';
import {redact, registerSecret, safeMessage} from '../model/redact.js';
import {UsageError} from './args.js';

/** How much of a server's own message an error line keeps (after redaction: a cut never splits a secret). */
export const API_MESSAGE_LIMIT = 200;

/** One line: what failed, the HTTP status, DataFast's message, what to do. Redacted and sanitised. */
export function errorLine(error: unknown): string {
  if (error instanceof UsageError) return `dftop: ${safeMessage(error.message)}`;
  if (error instanceof DataFastError) {
    const status = error.status !== null ? ` (HTTP ${error.status})` : '';
    const own = detailOf(error);
    const detail = error.apiMessage ? `: ${safeMessage(error.apiMessage, API_MESSAGE_LIMIT)}` : own !== null ? `: ${safeMessage(own)}` : '';
    return `dftop: ${titleFor(error.kind)}${status}${detail} — ${safeMessage(adviceFor(error))}`;
  }
  return `dftop: unexpected error: ${safeMessage(String((error as Error)?.message ?? error))}`;
}

export function exitCode(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof DataFastError) return exitCodeFor(error);
  return EXIT.runtime;
}

const debugging = (env: Record<string, string | undefined>) => !!env.DEBUG && /(^|,)\s*dftop\s*(,|$)/.test(env.DEBUG);

/** The error on `stderr` as one line (plus the stack with DEBUG=dftop), with the key redacted; the exit code. */
export function report(error: unknown, key: string | null, env: Record<string, string | undefined>, stderr: {write(s: string): unknown}): number {
  registerSecret(key);
  let text = errorLine(error);
  if (debugging(env) && error instanceof Error && error.stack) text += '\n' + error.stack.split('\n').map((l) => safeMessage(l)).join('\n');
  stderr.write(redact(text) + '\n');
  return exitCode(error);
}
