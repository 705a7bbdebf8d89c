// Every failure the client can meet, classified once so that retry policy, exit codes and messages agree.

export type ErrorKind =
  | 'auth' // 401
  | 'permission' // 403
  | 'not-found' // 404
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'bad-request' // other 4xx
  | 'network' // refused, DNS, reset, timeout
  | 'malformed' // not JSON, not the envelope, too large, an unknown content-encoding
  | 'tls' // the certificate was refused, or https:// met a plain-HTTP server: final
  | 'redirect' // the API answered 3xx; dftop never follows it with the key: final
  | 'key'; // the key cannot be sent at all (a line break, a non-ASCII character): final, no request made

export type RateLimit = {limit: number | null; remaining: number | null; resetAt: number | null};

export class DataFastError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | null;
  /** DataFast's own `error.message`, when the body carried one. Untrusted text. */
  readonly apiMessage: string | null;
  readonly retryAfterMs: number | null;
  readonly rateLimit: RateLimit | null;
  /** What to do, when this error knows better than its kind's advice (e.g. https:// to a plain-HTTP port). */
  readonly advice: string | null;

  constructor(
    kind: ErrorKind,
    message: string,
    options: {status?: number | null; apiMessage?: string | null; retryAfterMs?: number | null; rateLimit?: RateLimit | null; advice?: string | null; cause?: unknown} = {},
  ) {
    super(message, {cause: options.cause});
    this.name = 'DataFastError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.apiMessage = options.apiMessage ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.rateLimit = options.rateLimit ?? null;
    this.advice = options.advice ?? null;
  }
}

const FINAL: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['auth', 'permission', 'not-found', 'bad-request', 'tls', 'redirect', 'key']);

/** Authentication, permission, not found, bad requests, certificates, redirects and a bad key will not change by asking again. */
export function isFinal(error: DataFastError): boolean {
  return FINAL.has(error.kind);
}

/** Kinds whose `message` is the precise account of what failed (the others are summed up by status and title). */
const OWN_DETAIL: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'malformed', 'tls', 'redirect', 'key']);

/** The error's own words, when they say more than its title and status; null otherwise. Never holds the key. */
export function detailOf(error: DataFastError): string | null {
  return OWN_DETAIL.has(error.kind) ? error.message : null;
}

export function kindForStatus(status: number): ErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}

export const EXIT = {ok: 0, runtime: 1, usage: 2, auth: 3, notFound: 4} as const;

export function exitCodeFor(error: DataFastError): number {
  if (error.kind === 'key') return EXIT.usage;
  if (error.kind === 'auth' || error.kind === 'permission') return EXIT.auth;
  if (error.kind === 'not-found') return EXIT.notFound;
  return EXIT.runtime;
}

const ADVICE: Record<ErrorKind, string> = {
  auth: 'check the key in DATAFAST_API_KEY (or --api-key-file); DataFast rejected it',
  permission: 'the token needs the analytics:read permission for this website',
  'not-found': 'check --website-id (or DATAFAST_WEBSITE_ID) and the base URL',
  'rate-limited': 'poll less often with --interval',
  server: 'DataFast had a problem; it usually passes, try again shortly',
  'bad-request': 'check --website-id and the base URL',
  network: 'check the network and --base-url',
  malformed: 'the server did not answer like the DataFast API; check --base-url',
  tls: 'a company CA can be added with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; dftop never turns verification off',
  redirect: 'check --base-url (often http:// where https:// is meant); dftop does not follow redirects with the key',
  key: 'the key must be one line of printable ASCII; check DATAFAST_API_KEY or --api-key-file',
};

/** What to do about an error (its own advice first) or, given a kind, about any error of that kind. */
export function adviceFor(what: ErrorKind | DataFastError): string {
  if (typeof what === 'string') return ADVICE[what];
  return what.advice ?? ADVICE[what.kind];
}

const TITLE: Record<ErrorKind, string> = {
  auth: 'authentication failed',
  permission: 'permission denied',
  'not-found': 'website not found',
  'rate-limited': 'rate limited',
  server: 'server error',
  'bad-request': 'request rejected',
  network: 'network error',
  malformed: 'malformed response',
  tls: 'TLS failure',
  redirect: 'redirected',
  key: 'unusable API key',
};

export function titleFor(kind: ErrorKind): string {
  return TITLE[kind];
}
