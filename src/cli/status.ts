import {resolveSite, type SiteInfo} from '../api/sites.js';
import {DataFastError, EXIT} from '../api/errors.js';
import {startDemoServer} from '../demo/server.js';
import {byPaymentsThenAmount} from '../model/feed.js';
import {sanitise} from '../model/sanitise.js';
import {withSiteCurrency} from '../model/site.js';
import type {Snapshot} from '../model/types.js';
import {detectUtf8} from '../terminal/profile.js';
import {toAscii} from '../text/ascii.js';
import {workflowStrings} from '../ui/strings-workflow.js';
import {UsageError, type Parsed} from './args.js';
import {acquireLock, cacheFile, emptyCache, readCache, writeCache, type CacheState, type LastPayment, type StatusData} from './cache.js';
import type {Settings} from './config.js';
import {errorLine, exitCode} from './report.js';
import {clientOptions, siteHeader} from './sites.js';
import {loadSnapshot} from './source.js';

// `dftop status`: one short line for a tmux status bar or a shell prompt, e.g. "● 57 ↑3 · $437 10m · 2m ago".
// Answers are cached (src/cli/cache.ts) so that any number of callers make one request per --max-age.

type Env = Record<string, string | undefined>;

export const DEFAULT_FORMAT = '{state} {active} {delta} · {revenue} 10m · {lastPayment}';
export const DEFAULT_MAX_AGE_S = 10;
const WINDOW_MS = 10 * 60 * 1000;
/** The site's name is looked up again after a day. */
const SITE_MAX_AGE_MS = 24 * 3600 * 1000;

export const PLACEHOLDERS = ['site', 'active', 'delta', 'revenue', 'lastPayment', 'lastAmount', 'age', 'state', 'stale'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** The same decision as everywhere else (src/terminal/profile.ts): the first of LC_ALL, LC_CTYPE, LANG set. */
export function localeIsUtf8(env: Env): boolean {
  return detectUtf8(env).utf8;
}

/** Counts and money of one answer; nothing about people goes into the cache. */
export function statusData(snapshot: Snapshot, at: number): {data: StatusData; newest: LastPayment | null} {
  const totals = new Map<string, number>();
  const payments = new Map<string, number>();
  let newest: LastPayment | null = null;
  const now = Date.parse(snapshot.fetchedAt);
  for (const p of snapshot.payments) {
    const t = p.timestamp ? Date.parse(p.timestamp) : NaN;
    if (Number.isNaN(t)) continue;
    if (!newest || t > newest.at) newest = {amount: p.amount, currency: p.currency, at: t, id: p.id};
    if (p.amount === null || now - t > WINDOW_MS) continue;
    const currency = (p.currency ?? '').toUpperCase();
    totals.set(currency, (totals.get(currency) ?? 0) + p.amount);
    payments.set(currency, (payments.get(currency) ?? 0) + 1);
  }
  // As the dashboard orders them: the currency of most payments first, unknown ('') last.
  return {data: {at, count: snapshot.count, revenue: [...totals].sort(byPaymentsThenAmount(payments, ''))}, newest};
}

/** Folds a successful answer into the cache: the current answer becomes the previous one. */
export function withAnswer(state: CacheState, snapshot: Snapshot, at: number): CacheState {
  const {data, newest} = statusData(snapshot, at);
  const lastPayment = newest && (!state.lastPayment || newest.at >= state.lastPayment.at) ? newest : state.lastPayment;
  return {...state, previous: state.current, current: data, lastPayment, failedAt: null, error: null, retryAt: null};
}

export function withFailure(state: CacheState, error: unknown, at: number): CacheState {
  const line = errorLine(error);
  const kind = error instanceof DataFastError ? error.kind : 'unexpected';
  const status = error instanceof DataFastError ? error.status : null;
  const retryAt = error instanceof DataFastError && error.retryAfterMs !== null ? at + error.retryAfterMs : null;
  return {...state, failedAt: at, error: {kind, status, exit: exitCode(error), line}, retryAt};
}

/** Whether the cache can answer without a request: a recent answer, a recent failure, or a Retry-After not yet over. */
export function isFresh(state: CacheState | null, now: number, maxAgeMs: number): boolean {
  if (!state) return false;
  if (state.retryAt !== null && now < state.retryAt) return true;
  const last = Math.max(state.current?.at ?? -Infinity, state.failedAt ?? -Infinity);
  return now - last < maxAgeMs;
}

/** "4s", "3m", "2h", "5d". */
export function shortAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

const compactFormats = new Map<string, Intl.NumberFormat | null>();

/** "$437", "€49.50", "¥4,900"; with `ascii`, a symbol outside ASCII becomes the code ("EUR 231"). No currency: "437". */
export function compactMoney(amount: number, currency: string | null, ascii: boolean): string {
  const digits = Number.isInteger(amount) || Math.abs(amount) >= 100 ? 0 : 2;
  const plain = amount.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  const code = currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null;
  if (!code) return currency ? `${plain} ${sanitise(currency).slice(0, 8)}` : plain;
  const key = `${code}|${digits}`;
  if (!compactFormats.has(key)) {
    try {
      compactFormats.set(key, new Intl.NumberFormat('en-US', {style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits}));
    } catch {
      compactFormats.set(key, null);
    }
  }
  const format = compactFormats.get(key);
  const text = format ? format.format(amount).replace(/[\u00a0\u202f]/g, ' ') : `${plain} ${code}`;
  return ascii && !/^[\x20-\x7e]*$/.test(text) ? `${code} ${plain}` : text;
}

type Segment = {text: string; color?: 'green' | 'yellow' | 'red' | 'cyan' | 'colour245'};

export type LineOptions = {format: string; tmux: boolean; ascii: boolean; now: number; site: string; siteCurrency: string | null; stale: boolean};

/** The template split into literal text and placeholders; `{{` and `}}` are literal braces. */
export function parseFormat(format: string): (string | {name: Placeholder})[] {
  const parts: (string | {name: Placeholder})[] = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if ((c === '{' || c === '}') && format[i + 1] === c) {
      text += c;
      i++;
      continue;
    }
    if (c === '{') {
      const end = format.indexOf('}', i);
      const name = end === -1 ? '' : format.slice(i + 1, end);
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        throw new UsageError(`--format: unknown placeholder {${name || format.slice(i + 1, i + 12)}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`);
      }
      if (text) parts.push(text);
      text = '';
      parts.push({name: name as Placeholder});
      i = end;
      continue;
    }
    text += c;
  }
  if (text) parts.push(text);
  return parts;
}

/** tmux reads `#` as the start of a format or style: text from outside is doubled, "##". */
const tmuxText = (text: string) => text.replace(/#/g, '##');
/** ASCII only, when the locale is not UTF-8: the width-preserving gate (ä → a, ● → *, 中 → ??). */
const asciiText = (text: string) => toAscii(text);

/** The line for a cache state. Pure: the time, the site and the options are parameters. */
export function statusLine(state: CacheState, options: LineOptions): string {
  const {ascii, tmux, now} = options;
  const cur = state.current;
  const sym = ascii ? {live: '*', stale: 'o', up: '+', down: '-', sep: '·'} : {live: '●', stale: '○', up: '↑', down: '↓', sep: '·'};
  const values: Record<Placeholder, Segment> = {
    site: {text: sanitise(options.site).slice(0, 60)},
    active: {text: cur ? String(cur.count) : '?', color: options.stale ? 'yellow' : undefined},
    delta: {text: ''},
    revenue: {text: ''},
    lastPayment: {text: ''},
    lastAmount: {text: ''},
    age: {text: cur ? shortAge(now - cur.at) : ''},
    state: options.stale ? {text: sym.stale, color: 'yellow'} : {text: sym.live, color: 'green'},
    stale: {text: options.stale && cur ? `${workflowStrings.status.stale} ${shortAge(now - cur.at)}` : '', color: 'yellow'},
  };
  if (cur && state.previous) {
    const d = cur.count - state.previous.count;
    if (d > 0) values.delta = {text: `${sym.up}${d}`, color: 'green'};
    if (d < 0) values.delta = {text: `${sym.down}${-d}`, color: 'red'};
  }
  if (cur) {
    const money = cur.revenue.length ? cur.revenue.map(([c, n]) => compactMoney(n, c || null, ascii)).join('+') : compactMoney(0, options.siteCurrency, ascii);
    values.revenue = {text: money, color: cur.revenue.length ? 'green' : undefined};
  }
  if (state.lastPayment) {
    values.lastPayment = {text: `${shortAge(now - state.lastPayment.at)} ${workflowStrings.status.ago}`, color: 'cyan'};
    if (state.lastPayment.amount !== null) values.lastAmount = {text: compactMoney(state.lastPayment.amount, state.lastPayment.currency ?? options.siteCurrency, ascii), color: 'green'};
  }
  const parts = parseFormat(options.format);
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      const literal = ascii ? asciiText(part.replace(/\u00b7/g, '-')) : part;
      out += tmux ? tmuxText(literal) : literal;
      continue;
    }
    const seg = values[part.name];
    let text = ascii ? asciiText(seg.text) : seg.text;
    if (tmux) text = tmuxText(text);
    out += tmux && seg.color && text ? `#[fg=${seg.color}]${text}#[default]` : text;
  }
  // Placeholders with nothing to say leave no double spaces and no dangling separators.
  const dot = ascii ? '-' : '·';
  out = out.replace(/ {2,}/g, ' ').trim();
  while (out.includes(` ${dot} ${dot} `)) out = out.split(` ${dot} ${dot} `).join(` ${dot} `);
  while (out.endsWith(` ${dot}`)) out = out.slice(0, -2).trimEnd();
  while (out.startsWith(`${dot} `)) out = out.slice(2).trimStart();
  const marked = parts.some((p) => typeof p !== 'string' && (p.name === 'state' || p.name === 'stale'));
  if (options.stale && !marked) out += tmux ? ` #[fg=yellow](${workflowStrings.status.stale})#[default]` : ` (${workflowStrings.status.stale})`;
  return out;
}

/** A line from a stale cache is still printed; past this age the exit status says the data is too old. */
export const staleLimitMs = (maxAgeMs: number) => Math.max(5 * 60_000, 30 * maxAgeMs);

export type StatusOutcome = {line: string | null; exit: number; error: string | null; requested: boolean};

/** `dftop status`, with settings resolved (a dft_ token without a website has stopped there, before any request). */
export async function runStatus(settings: Settings, flags: Parsed, env: Env, version: string): Promise<number> {
  const format = (flags.format as string | undefined) ?? DEFAULT_FORMAT;
  parseFormat(format); // a bad template fails before any request
  const outcome = await status(settings, env, version, {
    format,
    tmux: flags.tmux === true,
    maxAgeMs: ((flags['max-age'] as number | undefined) ?? DEFAULT_MAX_AGE_S) * 1000,
  });
  if (outcome.line !== null) process.stdout.write(outcome.line + '\n');
  if (outcome.error) process.stderr.write(outcome.error + '\n');
  return outcome.exit;
}

export async function status(settings: Settings, env: Env, version: string, options: {format: string; tmux: boolean; maxAgeMs: number; now?: () => number}): Promise<StatusOutcome> {
  const now = options.now ?? Date.now;
  const key = settings.demo ? 'df_demo' : settings.apiKey!;
  const file = cacheFile(env, settings.demo ? 'http://demo' : settings.baseUrl, settings.websiteId, key);
  let state = readCache(file);
  let requested = false;
  if (!isFresh(state, now(), options.maxAgeMs)) {
    const lock = await acquireLock(file + '.lock', {
      waitMs: settings.timeoutMs * 2 + 2000,
      staleMs: settings.timeoutMs * 2 + 5000,
      done: () => isFresh(readCache(file), now(), options.maxAgeMs),
    });
    if (lock) {
      try {
        state = readCache(file);
        if (!isFresh(state, now(), options.maxAgeMs)) {
          state = await refresh(state ?? emptyCache(), settings, version, key, now);
          requested = true;
          writeCache(file, state);
        }
      } finally {
        lock.release();
      }
    } else state = readCache(file);
  }
  state ??= emptyCache();
  const t = now();
  const failing = state.error !== null && (state.current === null || (state.failedAt ?? 0) >= state.current.at);
  const line = (stale: boolean) =>
    statusLine(state!, {format: options.format, tmux: options.tmux, ascii: !localeIsUtf8(env), now: t, site: siteHeader(settings, state!.site?.info ?? null), siteCurrency: state!.site?.info?.currency ?? null, stale});
  if (!failing) {
    if (!state.current) return {line: null, exit: EXIT.runtime, error: 'dftop: status: no answer yet (another dftop status is asking; try again)', requested};
    return {line: line(false), exit: EXIT.ok, error: null, requested};
  }
  const err = state.error!;
  const errorText = err.line;
  if (!state.current) {
    const short = options.tmux ? `#[fg=red]dftop: ${tmuxText(err.line.replace(/^dftop: /, '').split(' — ')[0])}#[default]` : null;
    return {line: short, exit: err.exit || EXIT.runtime, error: errorText, requested};
  }
  const tooOld = t - state.current.at > staleLimitMs(options.maxAgeMs);
  const final = ['auth', 'permission', 'not-found', 'bad-request'].includes(err.kind);
  return {line: line(true), exit: tooOld || final ? err.exit || EXIT.runtime : EXIT.ok, error: errorText, requested};
}

async function refresh(state: CacheState, settings: Settings, version: string, key: string, now: () => number): Promise<CacheState> {
  const demo = settings.demo ? await startDemoServer() : null;
  try {
    const client = clientOptions(settings, version, demo ? {baseUrl: demo.url, apiKey: key} : {});
    try {
      const loaded = await loadSnapshot(client);
      let site = state.site;
      if (!site || now() - site.at > SITE_MAX_AGE_MS) {
        const info: SiteInfo | null = settings.demo ? null : await resolveSite(client);
        site = {info, at: now()};
      }
      const snapshot = withSiteCurrency(loaded.value, site.info?.currency);
      return {...withAnswer(state, snapshot, now()), site};
    } catch (error) {
      return withFailure(state, error, now());
    }
  } finally {
    await demo?.close();
  }
}
