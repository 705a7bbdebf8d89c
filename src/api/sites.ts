import {getJson, needsWebsiteId, type ClientOptions} from './client.js';
import {DataFastError} from './errors.js';
import {fetchMetadata} from './metadata.js';

export const SITES_PATH = '/api/v1/admin/websites';

/** One website an account token can see (`GET /api/v1/admin/websites`). Strings are untrusted. */
export type Site = {
  id: string;
  domain: string | null;
  name: string | null;
  trackingId: string | null;
  timezone: string | null;
  currency: string | null;
  role: string | null;
};

/** What the header and the status line say about a site. */
export type SiteInfo = {domain: string | null; name: string | null; currency: string | null; timezone: string | null};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The list liberally read: an entry without an id cannot be chosen and is dropped; any other field may be missing. */
export function readSites(data: unknown): Site[] {
  if (!Array.isArray(data)) throw new DataFastError('malformed', '"data" is not a list of websites');
  const sites: Site[] = [];
  for (const item of data) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    const id = str(o._id) ?? str(o.id);
    if (!id) continue;
    sites.push({id, domain: str(o.domain), name: str(o.name), trackingId: str(o.trackingId), timezone: str(o.timezone), currency: str(o.currency), role: str(o.role)});
  }
  return sites;
}

/** The websites a `dft_` account token can see. A `df_` key cannot list them: callers check `needsWebsiteId` first. */
export async function fetchSites(client: ClientOptions, signal?: AbortSignal): Promise<Site[]> {
  const response = await getJson(client, SITES_PATH, {}, signal);
  return readSites(response.data);
}

export const siteInfo = (site: Site): SiteInfo => ({domain: site.domain, name: site.name, currency: site.currency, timezone: site.timezone});

/**
 * The site behind the client's key: from `/analytics/metadata` for a `df_` key, from the site list for a
 * `dft_` token (the entry with the client's website id). Any failure gives null: the caller falls back to
 * the website id or the host, and never fails because of it.
 */
export async function resolveSite(client: ClientOptions, signal?: AbortSignal): Promise<SiteInfo | null> {
  // A name in the header is not worth a long wait: the lookup gives up sooner than a poll would.
  client = {...client, timeoutMs: Math.min(client.timeoutMs, SITE_LOOKUP_TIMEOUT_MS)};
  try {
    if (!needsWebsiteId(client.apiKey)) return await fetchMetadata(client, signal);
    if (!client.websiteId) return null;
    const site = (await fetchSites(client, signal)).find((s) => s.id === client.websiteId);
    return site ? siteInfo(site) : null;
  } catch {
    return null;
  }
}

export const SITE_LOOKUP_TIMEOUT_MS = 4000;
