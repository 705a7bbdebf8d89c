import {DataFastError, adviceFor, detailOf, exitCodeFor, titleFor, EXIT} from '../api/errors.js';
import {sanitise} from '../model/sanitise.js';
import {UsageError} from './args.js';

/** Removes every occurrence of the key from text meant for people: errors must never leak it. */
export function redact(text: string, key: string | null): string {
  if (!key || key.length < 4) return text;
  return text.split(key).join('[redacted]');
}

/** One line: what failed, the HTTP status, DataFast's message, what to do. */
export function errorLine(error: unknown): string {
  if (error instanceof UsageError) return `dftop: ${error.message}`;
  if (error instanceof DataFastError) {
    const status = error.status !== null ? ` (HTTP ${error.status})` : '';
    const own = detailOf(error);
    const detail = error.apiMessage ? `: ${sanitise(error.apiMessage).slice(0, 200)}` : own !== null ? `: ${sanitise(own)}` : '';
    return `dftop: ${titleFor(error.kind)}${status}${detail} — ${adviceFor(error)}`;
  }
  return `dftop: unexpected error: ${sanitise(String((error as Error)?.message ?? error))}`;
}

export function exitCode(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof DataFastError) return exitCodeFor(error);
  return EXIT.runtime;
}

export function report(error: unknown, key: string | null, env: Record<string, string | undefined>, stderr: {write(s: string): unknown}): number {
  let text = errorLine(error);
  if (env.DEBUG && /(^|,)\s*dftop\s*(,|$)/.test(env.DEBUG) && error instanceof Error && error.stack) text += '\n' + error.stack;
  stderr.write(redact(text, key) + '\n');
  return exitCode(error);
}
