import {getJson, needsWebsiteId, type ClientOptions, type JsonResponse} from './client.js';
import {DataFastError} from './errors.js';

// GET /api/v1/visitors/{visitorId}: one visitor's profile (identity, activity with the journey and goals,
// the identified profile, the prediction). The same key and headers as the map; `?websiteId=` with a `dft_`
// account token. The answer's `data` is returned as received (src/model/profile.ts normalises it).

export const VISITOR_PATH = '/api/v1/visitors/';

/** Why a profile could not be had, for the detail view's words. */
export type ProfileFailure = 'bot' | 'unknown-visitor' | 'permission' | 'auth' | 'rate-limited' | 'network' | 'server' | 'malformed' | 'other';

const MESSAGES: Partial<Record<ProfileFailure, string>> = {
  bot: 'DataFast counts this visitor as a bot and keeps no profile for it (HTTP 400)',
  'unknown-visitor': 'DataFast knows no visitor with this id (HTTP 404)',
  permission: 'the key may not read visitor profiles (HTTP 403: missing permission)',
};

/** The kind of failure, from the error the request threw. */
export function profileFailure(error: unknown): ProfileFailure {
  if (!(error instanceof DataFastError)) return 'other';
  if (error.status === 400) return 'bot';
  if (error.status === 404) return 'unknown-visitor';
  if (error.status === 403 || error.kind === 'permission') return 'permission';
  if (error.kind === 'auth') return 'auth';
  if (error.kind === 'rate-limited') return 'rate-limited';
  if (error.kind === 'network') return 'network';
  if (error.kind === 'server') return 'server';
  if (error.kind === 'malformed') return 'malformed';
  return 'other';
}

/** Failures that asking again will not mend within a session (a bot stays a bot). */
export function isFinalProfileFailure(failure: ProfileFailure): boolean {
  return failure === 'bot' || failure === 'unknown-visitor' || failure === 'permission' || failure === 'auth';
}

/**
 * One visitor's profile. Throws a DataFastError whose message says what a 400 (a bot), a 404 (an unknown
 * visitor) and a 403 (a missing permission) mean; other failures are classified as for the map.
 */
export async function fetchVisitorProfile(options: ClientOptions, visitorId: string, signal?: AbortSignal): Promise<JsonResponse & {data: Record<string, unknown>}> {
  const query: Record<string, string> = needsWebsiteId(options.apiKey) && options.websiteId ? {websiteId: options.websiteId} : {};
  let response: JsonResponse;
  try {
    response = await getJson(options, VISITOR_PATH + encodeURIComponent(visitorId), query, signal);
  } catch (error) {
    const message = MESSAGES[profileFailure(error)];
    if (error instanceof DataFastError && message) {
      throw new DataFastError(error.kind, message, {status: error.status, apiMessage: error.apiMessage, retryAfterMs: error.retryAfterMs, rateLimit: error.rateLimit, cause: error});
    }
    throw error;
  }
  const data = response.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DataFastError('malformed', '"data" is not an object', {status: response.status, rateLimit: response.rateLimit});
  }
  return {...response, data: data as Record<string, unknown>};
}
