import {fetchRealtimeMap, type ClientOptions} from '../api/client.js';
import type {Loaded} from '../api/poller.js';
import {normaliseData} from '../model/normalise.js';
import type {Snapshot} from '../model/types.js';

/** Sees each successful answer's `data` exactly as received, before normalising (`--record`). */
export type RawHook = (data: unknown, receivedAt: Date, websiteId: string | null) => void;

/** A poll's snapshot, with the size of the body it came from (which decides where the next poll is parsed). */
export type LoadedSnapshot = Loaded<Snapshot> & {bodyLength: number};

/** One poll, normalised: what the poller (here or in the loader thread) and `--once` call. */
export async function loadSnapshot(client: ClientOptions, signal?: AbortSignal, onRaw?: RawHook): Promise<LoadedSnapshot> {
  const response = await fetchRealtimeMap(client, signal);
  onRaw?.(response.data, response.receivedAt, client.websiteId);
  return {
    value: normaliseData(response.data, response.receivedAt, client.websiteId),
    latencyMs: response.latencyMs,
    rateLimit: response.rateLimit,
    bodyLength: response.bodyLength,
  };
}
