// Every failure the client can meet, classified once so that retry policy, exit codes and messages agree.

export type ErrorKind =
  | 'auth' // 401
  | 'permission' // 403
  | 'not-found' // 404
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'bad-request' // other 4xx
  | 'network' // refused, DNS, reset, timeout
  | 'malformed'; // not JSON, not the envelope, too large

export type RateLimit = {limit: number | null; remaining: number | null; resetAt: number | null};

export class DataFastError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | null;
  /** DataFast's own `error.message`, when the body carried one. Untrusted text. */
  readonly apiMessage: string | null;
  readonly retryAfterMs: number | null;
  readonly rateLimit: RateLimit | null;

  constructor(
    kind: ErrorKind,
    message: string,
    options: {status?: number | null; apiMessage?: string | null; retryAfterMs?: number | null; rateLimit?: RateLimit | null; cause?: unknown} = {},
  ) {
    super(message, {cause: options.cause});
    this.name = 'DataFastError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.apiMessage = options.apiMessage ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.rateLimit = options.rateLimit ?? null;
  }
}

/** Authentication, permission, not found and bad requests will not change by asking again. */
export function isFinal(error: DataFastError): boolean {
  return error.kind === 'auth' || error.kind === 'permission' || error.kind === 'not-found' || error.kind === 'bad-request';
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
};

export function adviceFor(kind: ErrorKind): string {
  return ADVICE[kind];
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
};

export function titleFor(kind: ErrorKind): string {
  return TITLE[kind];
}
