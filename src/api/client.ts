import {DataFastError, kindForStatus, type RateLimit} from './errors.js';
import {parseRateLimit, parseRetryAfter} from './retry.js';

export const DEFAULT_BASE_URL = 'https://datafa.st';
export const MAP_PATH = '/api/v1/analytics/realtime/map';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export type ClientOptions = {
  baseUrl: string;
  apiKey: string;
  websiteId: string | null;
  timeoutMs: number;
  userAgent: string;
  maxBodyBytes?: number;
};

export type MapResponse = {
  /** The envelope's `data`, not yet normalised. */
  data: unknown;
  status: number;
  latencyMs: number;
  rateLimit: RateLimit | null;
  receivedAt: Date;
  /** performance.now() when the last byte of the body arrived (before parsing). */
  bodyEndAt: number;
};

/** `dft_` account tokens name the website on every request; `df_` website keys imply it. */
export function needsWebsiteId(apiKey: string): boolean {
  return apiKey.startsWith('dft_');
}

export function mapUrl(baseUrl: string, apiKey: string, websiteId: string | null): URL {
  const url = new URL(MAP_PATH, baseUrl.endsWith('/') ? baseUrl : baseUrl + '/');
  // A base URL with a path prefix (a proxy) keeps it.
  const base = new URL(baseUrl);
  if (base.pathname !== '/' && base.pathname !== '') url.pathname = base.pathname.replace(/\/$/, '') + MAP_PATH;
  if (needsWebsiteId(apiKey) && websiteId) url.searchParams.set('websiteId', websiteId);
  return url;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the response',
  UND_ERR_BODY_TIMEOUT: 'timed out reading the response',
  UND_ERR_CLOSED: 'connection closed',
};

function errorCode(error: unknown): string | null {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as {code?: unknown}).code;
    if (typeof code === 'string') return code;
    e = (e as {cause?: unknown}).cause;
  }
  return null;
}

/** Reads DataFast's `{status:"error", error:{code, message}}`; `code` may be a number or a string. */
export function readErrorEnvelope(text: string): {code: string | null; message: string | null} | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as {error?: unknown}).error;
  if (typeof error === 'string') return {code: null, message: error};
  if (typeof error !== 'object' || error === null) {
    const message = (body as {message?: unknown}).message;
    return typeof message === 'string' ? {code: null, message} : null;
  }
  const {code, message} = error as {code?: unknown; message?: unknown};
  return {
    code: typeof code === 'number' || typeof code === 'string' ? String(code) : null,
    message: typeof message === 'string' ? message : null,
  };
}

/**
 * Reads the body as text, refusing it past `cap` bytes without buffering the rest. Decoding happens chunk by
 * chunk while the body arrives, so a large answer is ready to parse the moment its last byte is in.
 */
async function readCapped(body: AsyncIterable<Uint8Array> & {destroy(): unknown}, cap: number): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > cap) {
      body.destroy();
      throw new DataFastError('malformed', `response larger than ${formatBytes(cap)}; refused`);
    }
    parts.push(decoder.decode(chunk, {stream: true}));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

// undici is loaded on the first request, not at start-up: evaluating it costs ~35 ms that the first frame
// (drawn before the first poll answers) does not need to wait for.
let undici: Promise<typeof import('undici')> | null = null;
const loadUndici = () => (undici ??= import('undici'));

/** One GET of the realtime map. Throws a classified DataFastError; never includes the key in a message. */
export async function fetchRealtimeMap(options: ClientOptions, signal?: AbortSignal): Promise<MapResponse> {
  const started = performance.now();
  const cap = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const url = mapUrl(options.baseUrl, options.apiKey, options.websiteId);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, {once: true});
  const timeoutSeconds = options.timeoutMs / 1000;
  try {
    let response;
    try {
      const {request} = await loadUndici();
      response = await request(url, {
        method: 'GET',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          'user-agent': options.userAgent,
          'cache-control': 'no-cache',
        },
        signal: timeout.signal,
      });
    } catch (error) {
      throw networkError(error, signal, timeoutSeconds);
    }
    const rateLimit = parseRateLimit(response.headers);
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      response.body.destroy();
      throw new DataFastError('malformed', `response of ${formatBytes(declared)} is larger than ${formatBytes(cap)}; refused`, {status: response.statusCode});
    }
    let text: string;
    try {
      text = await readCapped(response.body, cap);
    } catch (error) {
      if (error instanceof DataFastError) throw error;
      throw networkError(error, signal, timeoutSeconds);
    }
    const bodyEndAt = performance.now();
    const latencyMs = bodyEndAt - started;
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      const envelope = readErrorEnvelope(text);
      const retryHeader = response.headers['retry-after'];
      throw new DataFastError(kindForStatus(status), `HTTP ${status}`, {
        status,
        apiMessage: envelope?.message ?? null,
        retryAfterMs: parseRetryAfter(Array.isArray(retryHeader) ? retryHeader[0] : retryHeader),
        rateLimit,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DataFastError('malformed', 'the body is not JSON', {status});
    }
    if (typeof body !== 'object' || body === null || (body as {status?: unknown}).status !== 'success') {
      const envelope = readErrorEnvelope(text);
      if (envelope && (body as {status?: unknown}).status === 'error') {
        const code = Number(envelope.code);
        const kind = Number.isInteger(code) && code >= 400 ? kindForStatus(code) : 'malformed';
        throw new DataFastError(kind, 'an error envelope', {status: Number.isInteger(code) ? code : status, apiMessage: envelope.message});
      }
      throw new DataFastError('malformed', 'the body is not the DataFast envelope', {status});
    }
    const data = (body as {data?: unknown}).data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new DataFastError('malformed', '"data" is not an object', {status});
    }
    return {data, status, latencyMs, rateLimit, receivedAt: new Date(), bodyEndAt};
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

function networkError(error: unknown, signal: AbortSignal | undefined, timeoutSeconds: number): Error {
  if (signal?.aborted) return new AbortedError();
  const code = errorCode(error);
  const name = (error as {name?: string})?.name;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new DataFastError('network', `no answer within ${timeoutSeconds} s (timeout)`, {cause: error});
  }
  const what = (code && NETWORK_CODES[code]) ?? (code ? `network failure (${code})` : 'network failure');
  return new DataFastError('network', what, {cause: error});
}

export type JsonResponse = {data: unknown; status: number; latencyMs: number; rateLimit: RateLimit | null; receivedAt: Date};

/**
 * One GET of another DataFast endpoint (`/api/v1/admin/websites`, `/api/v1/analytics/metadata`): the same
 * headers, timeout, body cap and error classes as the map, and the envelope's `data` whatever its type.
 * `query` is added to the URL; the base URL's path prefix is kept.
 */
export async function getJson(options: ClientOptions, path: string, query: Record<string, string> = {}, signal?: AbortSignal): Promise<JsonResponse> {
  const started = performance.now();
  const cap = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const url = new URL(options.baseUrl);
  url.pathname = url.pathname.replace(/\/$/, '') + path;
  url.search = '';
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, {once: true});
  const timeoutSeconds = options.timeoutMs / 1000;
  try {
    let response;
    try {
      const {request} = await loadUndici();
      response = await request(url, {
        method: 'GET',
        headers: {authorization: `Bearer ${options.apiKey}`, accept: 'application/json', 'user-agent': options.userAgent, 'cache-control': 'no-cache'},
        signal: timeout.signal,
      });
    } catch (error) {
      throw networkError(error, signal, timeoutSeconds);
    }
    const rateLimit = parseRateLimit(response.headers);
    let text: string;
    try {
      text = await readCapped(response.body, cap);
    } catch (error) {
      if (error instanceof DataFastError) throw error;
      throw networkError(error, signal, timeoutSeconds);
    }
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      const retryHeader = response.headers['retry-after'];
      throw new DataFastError(kindForStatus(status), `HTTP ${status}`, {
        status,
        apiMessage: readErrorEnvelope(text)?.message ?? null,
        retryAfterMs: parseRetryAfter(Array.isArray(retryHeader) ? retryHeader[0] : retryHeader),
        rateLimit,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DataFastError('malformed', 'the body is not JSON', {status});
    }
    if (typeof body !== 'object' || body === null || (body as {status?: unknown}).status !== 'success') {
      const envelope = readErrorEnvelope(text);
      if (envelope && (body as {status?: unknown}).status === 'error') {
        const code = Number(envelope.code);
        const kind = Number.isInteger(code) && code >= 400 ? kindForStatus(code) : 'malformed';
        throw new DataFastError(kind, 'an error envelope', {status: Number.isInteger(code) ? code : status, apiMessage: envelope.message});
      }
      throw new DataFastError('malformed', 'the body is not the DataFast envelope', {status});
    }
    return {data: (body as {data?: unknown}).data, status, latencyMs: performance.now() - started, rateLimit, receivedAt: new Date()};
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
