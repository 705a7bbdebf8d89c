import type {ClientOptions} from '../api/client.js';
import {needsWebsiteId} from '../api/client.js';
import {DataFastError, type ErrorKind} from '../api/errors.js';
import {fetchSites, type Site, type SiteInfo} from '../api/sites.js';
import {sanitise, terminalSafeJson} from '../model/sanitise.js';
import {displayWidth, fit} from '../text/width.js';
import {strings} from '../ui/strings.js';
import {UsageError, type Parsed} from './args.js';
import type {Settings} from './config.js';
import {onceRetryWait} from './source.js';

export const ACCOUNT_TOKEN_NEEDED =
  '`dftop sites` needs an account token (dft_…) with the websites:read permission; a df_ website key belongs to one website';

const RETRIED: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['rate-limited', 'server', 'network']);

/** As `--once` does: rate limits, server errors and network trouble are retried (Retry-After first) within `budgetMs`. */
export async function withRetries<T>(load: () => Promise<T>, budgetMs = 30_000, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (!(error instanceof DataFastError) || !RETRIED.has(error.kind)) throw error;
      // Retry-After is a floor (0 or a past date must not loop), at least 1 s, at most an hour.
      const wait = onceRetryWait(error, attempt);
      if (Date.now() - started + wait > budgetMs) throw error;
      await sleep(wait);
    }
  }
}

export function clientOptions(settings: Settings, version: string, override: {baseUrl?: string; apiKey?: string} = {}): ClientOptions {
  return {
    baseUrl: override.baseUrl ?? settings.baseUrl,
    apiKey: override.apiKey ?? settings.apiKey!,
    websiteId: settings.websiteId,
    timeoutMs: settings.timeoutMs,
    userAgent: `dftop/${version}`,
    // An override is the in-process demo API, on loopback: never through a proxy.
    proxy: override.baseUrl ? null : settings.proxy,
  };
}

/**
 * What a header or a status line calls the site: "demo" for --demo, else the site's domain (or name) when
 * known, else the website id, else the API's host.
 */
export function siteHeader(settings: Pick<Settings, 'demo' | 'websiteId' | 'baseUrl'>, info: SiteInfo | null): string {
  if (settings.demo) return strings.demoSite;
  return info?.domain ?? info?.name ?? settings.websiteId ?? new URL(settings.baseUrl).host;
}

/** The table: id, domain, name, role, columns as wide as their longest cell. Untrusted text is sanitised. */
export function sitesTable(sites: readonly Site[]): string {
  const header = ['ID', 'DOMAIN', 'NAME', 'ROLE'];
  const rows = sites.map((s) => [s.id, s.domain ?? '-', s.name ?? '-', s.role ?? '-'].map((c) => sanitise(c).slice(0, 80)));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : fit(c, widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `dftop sites [--json]`, with settings resolved with `websiteOptional`. */
export async function runSites(settings: Settings, flags: Parsed, version: string, out: {write(text: string): unknown} = process.stdout): Promise<number> {
  if (!settings.demo && !needsWebsiteId(settings.apiKey!)) throw new UsageError(ACCOUNT_TOKEN_NEEDED);
  const demo = settings.demo ? await (await import('../demo/server.js')).startDemoServer() : null;
  try {
    const client = clientOptions(settings, version, demo ? {baseUrl: demo.url, apiKey: 'dft_demo'} : {});
    const sites = await withRetries(() => fetchSites(client));
    out.write(flags.json ? terminalSafeJson(sites) + '\n' : sitesTable(sites));
    if (!sites.length && !flags.json) process.stderr.write('dftop: this token sees no websites\n');
    return 0;
  } finally {
    await demo?.close();
  }
}
