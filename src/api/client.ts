import {pipeline} from 'node:stream';
import zlib from 'node:zlib';
import type {Dispatcher} from 'undici';
import {DataFastError, kindForStatus, type RateLimit} from './errors.js';
import {proxyFor, type ProxySettings} from './proxy.js';
import {clampDelay, parseRateLimit, parseRetryAfter} from './retry.js';

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
  /** HTTP(S)_PROXY / NO_PROXY as read from the environment; null or absent: connect directly. */
  proxy?: ProxySettings | null;
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
  /** The decoded body's length in characters (about its size in bytes): where the next poll is parsed. */
  bodyLength: number;
  /** The decoded body itself (a success envelope): what the next poll's body is compared with. */
  text: string;
  /**
   * The body was character for character `previousBody` (fetchRealtimeMap's third argument): it was not parsed
   * again and `data` is undefined; the caller already holds what it gives.
   */
  same: boolean;
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
  // `user:pass@` in the base URL is never used (the key is the only credential) and never shown.
  url.username = '';
  url.password = '';
  return url;
}

/**
 * Why a key cannot be sent as a header value, or null. A key is one line of printable ASCII; a line break (a
 * two-line key file, a CRLF file), a space or a non-ASCII character (a pasted NBSP) would fail inside the HTTP
 * library on every try. Never quotes the key.
 */
export function keyProblem(key: string): string | null {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 10 || c === 13) return 'holds a line break';
    if (c === 32 || c === 9) return `holds a space (character ${i + 1})`;
    if (c < 32 || c === 127) return `holds a control character (character ${i + 1})`;
    if (c > 126) return `holds a non-ASCII character, U+${(key.codePointAt(i) ?? c).toString(16).toUpperCase().padStart(4, '0')} (character ${i + 1})`;
  }
  return key === '' ? 'is empty' : null;
}

/** A URL as it may be shown: no credentials, no query, no fragment, at most 200 characters. */
export function displayUrl(url: URL): string {
  const shown = `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  return shown.length > 200 ? shown.slice(0, 199) + '…' : shown;
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

/** Drops a body unread. undici's body emits an error when destroyed; nobody else is listening for it then. */
function discard(body: {on(event: 'error', listener: () => void): unknown; destroy(): unknown}) {
  body.on('error', () => {});
  body.destroy();
}

type Body = NodeJS.ReadableStream & AsyncIterable<Uint8Array> & {destroy(error?: Error): unknown};

/** gzip, deflate and br bodies are decoded as they arrive; anything else is refused with its name. */
function decoded(body: Body, encoding: string | undefined): Body {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return body;
  const decoder = name === 'gzip' || name === 'x-gzip' ? zlib.createGunzip() : name === 'deflate' ? zlib.createInflate() : name === 'br' ? zlib.createBrotliDecompress() : null;
  if (!decoder) {
    discard(body);
    throw new DataFastError('malformed', `the body is encoded as "${name.replace(/[^\x21-\x7e]/g, '?').slice(0, 40)}", which dftop cannot decode`);
  }
  return pipeline(body, decoder, () => {}) as unknown as Body;
}

const ZLIB_CODES = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT', 'ERR_BROTLI_DECOMPRESSION_FAILED', 'ERR__ERROR_FORMAT_PADDING_1']);

/** Bodies up to this size are decoded once, when complete; larger ones chunk by chunk as they arrive. */
const DECODE_WHOLE_BYTES = 256 * 1024;

/**
 * Reads the body as text, refusing it past `cap` bytes (after decompression) without buffering the rest. A
 * small body is decoded in one piece at the end (the chunks' own strings would be garbage the moment they are
 * joined); past DECODE_WHOLE_BYTES decoding happens chunk by chunk while the body arrives, so a large answer is
 * ready to parse the moment its last byte is in.
 */
async function readCapped(body: Body, cap: number): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  const held: Uint8Array[] = [];
  const parts: string[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > cap) {
        body.destroy();
        throw new DataFastError('malformed', `response larger than ${formatBytes(cap)}; refused`);
      }
      if (parts.length === 0 && size <= DECODE_WHOLE_BYTES) {
        held.push(chunk);
        continue;
      }
      for (const piece of held.splice(0)) parts.push(decoder.decode(piece, {stream: true}));
      parts.push(decoder.decode(chunk, {stream: true}));
    }
  } catch (error) {
    const code = errorCode(error);
    if (code && (ZLIB_CODES.has(code) || code.startsWith('Z_') || code.startsWith('ERR_BROTLI'))) {
      throw new DataFastError('malformed', 'the compressed body is corrupt', {cause: error});
    }
    throw error;
  }
  if (parts.length === 0) return decoder.decode(held.length === 1 ? held[0] : Buffer.concat(held, size));
  parts.push(decoder.decode());
  return parts.join('');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

// undici is loaded on the first request, not at start-up: evaluating it costs ~35 ms that the first frame
// (drawn before the first poll answers) does not need to wait for.
let undici: Promise<typeof import('undici')> | null = null;
// A CommonJS package: depending on how it is bundled (one file, or chunks loaded on demand) its exports are the
// namespace itself or its `default`.
const loadUndici = () =>
  (undici ??= import('undici').then((m) => (typeof m.request === 'function' ? m : (m as unknown as {default: typeof m}).default)));

// One proxy agent per proxy setting (in practice one per process), made only when a proxy variable is set.
const proxyAgents = new Map<string, Dispatcher>();
async function dispatcherFor(proxy: ProxySettings | null | undefined): Promise<Dispatcher | undefined> {
  if (!proxy || (!proxy.httpProxy && !proxy.httpsProxy)) return undefined;
  const id = JSON.stringify(proxy);
  let agent = proxyAgents.get(id);
  if (!agent) {
    const {EnvHttpProxyAgent} = await loadUndici();
    // Empty strings, never undefined: undici would fall back to process.env, and the settings decide alone.
    // No tunnel for http:// through an http proxy: a plain forward request, which proxies allow to any port
    // (many refuse CONNECT to ports other than 443). https:// always tunnels, end to end.
    agent = new EnvHttpProxyAgent({httpProxy: proxy.httpProxy ?? '', httpsProxy: proxy.httpsProxy ?? '', noProxy: proxy.noProxy ?? '', proxyTunnel: false});
    proxyAgents.set(id, agent);
  }
  return agent;
}

/** One GET of the realtime map. Throws a classified DataFastError; never includes the key in a message. */
export async function fetchRealtimeMap(options: ClientOptions, signal?: AbortSignal, previousBody?: string): Promise<MapResponse> {
  const answer = await getEnvelope(options, mapUrl(options.baseUrl, options.apiKey, options.websiteId), signal, previousBody);
  if (answer.same) return answer;
  if (typeof answer.data !== 'object' || answer.data === null || Array.isArray(answer.data)) {
    throw new DataFastError('malformed', '"data" is not an object', {status: answer.status});
  }
  return answer;
}

/**
 * The one request path: key check, clamped timeout, proxy, no redirects, decompression, body cap, error
 * classes, the `{status:"success", data}` envelope. Returns the envelope's `data` whatever its type. A 2xx body
 * equal to `previousBody` (a success envelope the caller parsed before) is not parsed again (`same`).
 */
async function getEnvelope(options: ClientOptions, url: URL, signal?: AbortSignal, previousBody?: string): Promise<MapResponse> {
  const started = performance.now();
  const cap = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Checked before anything is sent: the HTTP library would refuse the header on every try.
  const problem = keyProblem(options.apiKey);
  if (problem) throw new DataFastError('key', `the API key ${problem}; nothing was sent`);
  if (signal?.aborted) throw new AbortedError();
  const timeout = new AbortController();
  const timeoutMs = clampDelay(options.timeoutMs);
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, {once: true});
  const where: Where = {url, proxy: proxyFor(url, options.proxy), timeoutSeconds: timeoutMs / 1000};
  try {
    let response;
    try {
      const {request} = await loadUndici();
      response = await request(url, {
        method: 'GET',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          'accept-encoding': 'gzip, deflate, br',
          'user-agent': options.userAgent,
          'cache-control': 'no-cache',
        },
        signal: timeout.signal,
        dispatcher: await dispatcherFor(options.proxy),
      });
    } catch (error) {
      throw (await plainToTlsPort(error, signal, where)) ?? networkError(error, signal, where);
    }
    const rateLimit = parseRateLimit(response.headers);
    const status = response.statusCode;
    if (status >= 300 && status < 400) {
      discard(response.body);
      throw redirectError(status, response.headers.location, url, rateLimit);
    }
    const declared = Number(response.headers['content-length']);
    const encoding = response.headers['content-encoding'];
    const identity = !encoding || encoding === 'identity';
    if (identity && Number.isFinite(declared) && declared > cap) {
      discard(response.body);
      throw new DataFastError('malformed', `response of ${formatBytes(declared)} is larger than ${formatBytes(cap)}; refused`, {status});
    }
    let text: string;
    try {
      text = await readCapped(decoded(response.body as unknown as Body, Array.isArray(encoding) ? encoding.join(',') : encoding), cap);
    } catch (error) {
      if (error instanceof DataFastError) throw error;
      throw networkError(error, signal, where);
    }
    const bodyEndAt = performance.now();
    const latencyMs = bodyEndAt - started;
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
    const receivedAt = new Date();
    if (previousBody !== undefined && text === previousBody) {
      return {data: undefined, status, latencyMs, rateLimit, receivedAt, bodyEndAt, bodyLength: text.length, text, same: true};
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
    return {data: (body as {data?: unknown}).data, status, latencyMs, rateLimit, receivedAt, bodyEndAt, bodyLength: text.length, text, same: false};
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

/** A 3xx: never followed (the key would go wherever the server says); said with where it pointed. */
function redirectError(status: number, location: string | string[] | undefined, url: URL, rateLimit: RateLimit | null): DataFastError {
  const raw = Array.isArray(location) ? location[0] : location;
  let target: URL | null = null;
  try {
    target = raw ? new URL(raw, url) : null;
  } catch {
    target = null;
  }
  const to = target ? `to ${displayUrl(target)}` : raw ? 'to an unreadable location' : 'without saying where to';
  let advice: string | null = null;
  if (target && url.protocol === 'http:' && target.protocol === 'https:' && target.hostname === url.hostname) {
    advice = `use https:// in --base-url (https://${target.host}); dftop does not follow redirects with the key`;
  }
  return new DataFastError('redirect', `the API answered with a redirect ${to}`, {status, rateLimit, advice});
}

const CERT_PROBLEMS: Record<string, (host: string) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: (h) => `the certificate of ${h} is self-signed and not trusted`,
  SELF_SIGNED_CERT_IN_CHAIN: (h) => `the certificate of ${h} comes from a CA this machine does not trust (a company proxy that re-signs TLS?)`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (h) => `the certificate of ${h} was issued by a CA this machine does not trust`,
  UNABLE_TO_GET_ISSUER_CERT: (h) => `the certificate of ${h} was issued by a CA this machine does not trust`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (h) => `the certificate of ${h} cannot be verified (its issuer is missing or not trusted)`,
  CERT_HAS_EXPIRED: (h) => `the certificate of ${h} has expired (or this machine's clock is wrong)`,
  CERT_NOT_YET_VALID: (h) => `the certificate of ${h} is not valid yet (or this machine's clock is wrong)`,
  CERT_REVOKED: (h) => `the certificate of ${h} has been revoked`,
};

const PLAIN_HTTP_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'EPROTO']);

/** Certificate and TLS failures: final at once, with the host, what failed and the code. */
function tlsError(error: unknown, code: string, url: URL): DataFastError | null {
  const host = url.host;
  const known = CERT_PROBLEMS[code];
  if (known) return new DataFastError('tls', `${known(host)} (${code})`, {cause: error});
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = String((error as {cert?: {subjectaltname?: unknown}})?.cert?.subjectaltname ?? '').replace(/[^\x20-\x7e]/g, '?');
    const shown = names ? `: it names ${names.length > 120 ? names.slice(0, 119) + '…' : names}` : '';
    return new DataFastError('tls', `the certificate presented by ${host} is for another host${shown} (${code})`, {
      cause: error,
      advice: 'check the host in --base-url; if a company proxy re-signs TLS, add its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem',
    });
  }
  if (PLAIN_HTTP_CODES.has(code) && url.protocol === 'https:') {
    const message = String((error as Error)?.message ?? '');
    if (code !== 'EPROTO' || /wrong version number|packet length too long|http request/i.test(message)) {
      return new DataFastError('tls', `${host} did not answer in TLS: it looks like a plain-HTTP port (${code})`, {
        cause: error,
        advice: `check --base-url: use http:// if that server has no TLS, or the port of its https:// service`,
      });
    }
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /^(CERT_|UNABLE_TO_|INVALID_CA|PATH_LENGTH|HOSTNAME_MISMATCH)/.test(code)) {
    return new DataFastError('tls', `the TLS connection to ${host} failed (${code})`, {cause: error});
  }
  return null;
}

type Where = {url: URL; proxy: string | null; timeoutSeconds: number};

/** Connections closed before any answer: what a TLS server does with a request in plain HTTP. */
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

/**
 * An `http://` base URL aimed at an HTTPS port: the server closes the connection without a word, which reads as a
 * network failure and would be retried for ever. When that happens, one TLS handshake with the same host and port
 * tells the two apart; a port that answers in TLS is a final error naming the fix. (Not through a proxy: the
 * proxy, not the port, answered.)
 */
async function plainToTlsPort(error: unknown, signal: AbortSignal | undefined, where: Where): Promise<DataFastError | null> {
  const {url} = where;
  const code = errorCode(error);
  if (url.protocol !== 'http:' || where.proxy || signal?.aborted || !code || !CLOSED_CODES.has(code)) return null;
  if (!(await speaksTls(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port) || 80, 2000))) return null;
  return new DataFastError('tls', `${url.host} answered in TLS: it looks like an https:// port (${code})`, {
    cause: error,
    advice: 'check --base-url: use https:// for that port',
  });
}

/** Whether host:port completes a TLS handshake (the certificate is not checked: only the protocol is asked). */
async function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  // Loaded here: node:tls is not needed at start for a plain-HTTP API.
  const tls = await import('node:tls');
  return new Promise((resolve) => {
    const socket = tls.connect({host, port, rejectUnauthorized: false, servername: /^[\d.:]+$/.test(host) ? undefined : host});
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

function networkError(error: unknown, signal: AbortSignal | undefined, where: Where): Error {
  if (signal?.aborted) return new AbortedError();
  const code = errorCode(error);
  const name = (error as {name?: string})?.name;
  const via = where.proxy ? ` (through the proxy ${where.proxy})` : '';
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    const proxyAnswer = /Proxy response \((\d{3})\)/.exec(String((error as Error)?.message ?? ''));
    if (proxyAnswer) return new DataFastError('network', `the proxy ${where.proxy ?? ''} refused the tunnel with HTTP ${proxyAnswer[1]}`.replace('  ', ' '), {cause: error});
    return new DataFastError('network', `no answer within ${where.timeoutSeconds} s (timeout)${via}`, {cause: error});
  }
  const tls = code ? tlsError(error, code, where.url) : null;
  if (tls) return tls;
  const what = (code && NETWORK_CODES[code]) ?? (code ? `network failure (${code})` : 'network failure');
  return new DataFastError('network', what + via, {cause: error});
}

export type JsonResponse = {data: unknown; status: number; latencyMs: number; rateLimit: RateLimit | null; receivedAt: Date};

/**
 * One GET of another DataFast endpoint (`/api/v1/admin/websites`, `/api/v1/analytics/metadata`): the same
 * request path as the map (headers, timeout, proxy, body cap, error classes), and the envelope's `data`
 * whatever its type. `query` is added to the URL; the base URL's path prefix is kept.
 */
export async function getJson(options: ClientOptions, path: string, query: Record<string, string> = {}, signal?: AbortSignal): Promise<JsonResponse> {
  const url = new URL(options.baseUrl);
  url.pathname = url.pathname.replace(/\/$/, '') + path;
  url.search = '';
  url.username = '';
  url.password = '';
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const {data, status, latencyMs, rateLimit, receivedAt} = await getEnvelope(options, url, signal);
  return {data, status, latencyMs, rateLimit, receivedAt};
}
