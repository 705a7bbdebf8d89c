// Secrets never reach any output. The key is registered once, when it is known (src/cli/main.ts), and every
// text that leaves the process passes through `redact` first: the normaliser's strings (src/model/normalise.ts),
// error lines (src/cli/report.ts, the header's describeError), --json lines, and — as a last gate — every write
// to stdout and stderr (src/cli/output.ts). Redaction comes before any cut, so a secret that straddles a
// length limit cannot leak its first part.

import {cutCodeUnits, sanitise} from './sanitise.js';

export const REDACTED = '[redacted]';

/** Shorter strings are not treated as secrets: replacing them would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 6;

const secrets: string[] = [];
let version = 0;

/** Changes whenever the registry does: what was redacted under another version may differ now. */
export function secretsVersion(): number {
  return version;
}

/** Adds a secret (the API key) to the process-wide registry. Blank or very short values are ignored. */
export function registerSecret(secret: string | null | undefined): void {
  const s = secret?.trim();
  if (!s || s.length < MIN_SECRET_LENGTH || secrets.includes(s)) return;
  secrets.push(s);
  version++;
  // The longest first, so a secret that contains another is replaced whole.
  secrets.sort((a, b) => b.length - a.length);
}

/** For tests: forgets every registered secret. */
export function clearSecrets(): void {
  secrets.length = 0;
  version++;
}

export function hasSecrets(): boolean {
  return secrets.length > 0;
}

/** Every occurrence of every registered secret replaced by `[redacted]`. Cheap when no secret occurs. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * Untrusted text for one line of people-facing output (a server's error message): redacted, sanitised,
 * redacted again (dropping an escape sequence can join a secret's halves), and only then cut to `max`.
 */
export function safeMessage(text: string, max = Infinity): string {
  const clean = redact(sanitise(redact(text)));
  return Number.isFinite(max) ? cutCodeUnits(clean, max) : clean;
}
