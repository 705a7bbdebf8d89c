import {getJson, type ClientOptions} from './client.js';
import type {SiteInfo} from './sites.js';

export const METADATA_PATH = '/api/v1/analytics/metadata';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** `data[0]` of `GET /api/v1/analytics/metadata` (a `df_` key): the site's domain, name, time zone and currency. */
export function readMetadata(data: unknown): SiteInfo | null {
  const first: unknown = Array.isArray(data) ? data[0] : data;
  if (typeof first !== 'object' || first === null) return null;
  const o = first as Record<string, unknown>;
  const info = {domain: str(o.domain), name: str(o.name), currency: str(o.currency), timezone: str(o.timezone)};
  return info.domain || info.name || info.currency || info.timezone ? info : null;
}

export async function fetchMetadata(client: ClientOptions, signal?: AbortSignal): Promise<SiteInfo | null> {
  const response = await getJson(client, METADATA_PATH, {}, signal);
  return readMetadata(response.data);
}
