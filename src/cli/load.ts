import {fetchRealtimeMap, type ClientOptions} from '../api/client.js';
import type {Loaded} from '../api/poller.js';
import {applyVisitorDelta, visitorDelta} from '../model/lineage.js';
import {normaliseData} from '../model/normalise.js';
import {sameEvent, samePayment} from '../model/same.js';
import {secretsVersion} from '../model/redact.js';
import type {GoalEvent, Payment, Snapshot} from '../model/types.js';

/** Sees each successful answer's `data` exactly as received, before normalising (`--record`). */
export type RawHook = (data: unknown, receivedAt: Date, websiteId: string | null) => void;

/** A poll's snapshot, with the size of the body it came from (which decides where the next poll is parsed). */
export type LoadedSnapshot = Loaded<Snapshot> & {
  bodyLength: number;
  /**
   * The body was character for character the previous one's (BodyMemo): `value` holds the previous snapshot's
   * visitors, events and payments themselves (the same objects), with this poll's `fetchedAt`.
   */
  sameBody?: boolean;
};

/** `next` with the items of `before` that are the same (by id, every field); `before` itself when all are. */
function reuseItems<T extends GoalEvent | Payment>(before: T[], next: T[], same: (a: T, b: T) => boolean): T[] {
  if (before.length === 0) return next;
  const byId = new Map<string, T>();
  for (const item of before) byId.set(item.id, item);
  let all = before.length === next.length;
  const out = next.map((item, i) => {
    const old = byId.get(item.id);
    if (old && same(old, item)) {
      if (old !== before[i]) all = false;
      return old;
    }
    all = false;
    return item;
  });
  return all ? before : out;
}

/** The longest body a BodyMemo keeps (characters): ~1,000 visitors. */
export const MEMO_MAX_LENGTH = 1024 * 1024;

/**
 * One poller's last successful answer: its body and the snapshot made from it. When the next body is the same
 * text (a quiet site: nothing arrived, nothing left, nothing changed), it is not parsed or normalised again:
 * normaliseData depends on the body, the website id and the registered secrets only, besides the time of the
 * poll, which is the new one's.
 */
export class BodyMemo {
  private last: {text: string; websiteId: string | null; secrets: number; snapshot: Snapshot} | null = null;

  /**
   * Bodies longer than this are not kept: a large site's answer is rarely the same twice, and keeping it (its
   * text and its snapshot, in the loader thread) cost ~70 MB of RSS at 10,000 visitors.
   */
  constructor(readonly maxLength = MEMO_MAX_LENGTH) {}

  /** The previous body when an equal body may reuse its snapshot (same website id, same secrets). */
  previousBody(websiteId: string | null): string | undefined {
    return this.usable(websiteId)?.text;
  }

  /**
   * `snapshot` with the previous snapshot's visitors, events and payments where they are unchanged (the same
   * objects; for visitors see src/model/lineage.ts): poll-lived copies die young instead of each poll's items
   * outliving it, and what was made from the previous visitors is updated from the changes.
   */
  reuse(snapshot: Snapshot, websiteId: string | null): Snapshot {
    const before = this.usable(websiteId)?.snapshot;
    if (!before) return snapshot;
    const {order, sent, arrived} = visitorDelta(before.visitors, snapshot.visitors);
    return {
      ...snapshot,
      visitors: applyVisitorDelta(before.visitors, order, sent, arrived),
      events: reuseItems(before.events, snapshot.events, sameEvent),
      payments: reuseItems(before.payments, snapshot.payments, samePayment),
    };
  }

  private usable(websiteId: string | null) {
    const last = this.last;
    return last && last.websiteId === websiteId && last.secrets === secretsVersion() ? last : undefined;
  }

  /** The snapshot the previous body gave, as a poll at `fetchedAt` (only after previousBody() gave its text). */
  again(fetchedAt: Date): Snapshot {
    return {...this.last!.snapshot, fetchedAt: fetchedAt.toISOString()};
  }

  remember(text: string, websiteId: string | null, snapshot: Snapshot): void {
    this.last = text.length > this.maxLength ? null : {text, websiteId, secrets: secretsVersion(), snapshot};
  }

  forget(): void {
    this.last = null;
  }
}

/**
 * One poll, normalised: what the poller (here or in the loader thread) and `--once` call. With a memo, a body
 * equal to the previous one hands on the previous snapshot (see BodyMemo); `onRaw` always gets a fresh parse.
 */
export async function loadSnapshot(client: ClientOptions, signal?: AbortSignal, onRaw?: RawHook, memo?: BodyMemo): Promise<LoadedSnapshot> {
  const useMemo = memo !== undefined && onRaw === undefined;
  const response = await fetchRealtimeMap(client, signal, useMemo ? memo.previousBody(client.websiteId) : undefined);
  onRaw?.(response.data, response.receivedAt, client.websiteId);
  let value: Snapshot;
  if (response.same) value = memo!.again(response.receivedAt);
  else {
    value = normaliseData(response.data, response.receivedAt, client.websiteId);
    if (useMemo) {
      value = memo.reuse(value, client.websiteId);
      memo.remember(response.text, client.websiteId, value);
    }
  }
  return {value, latencyMs: response.latencyMs, rateLimit: response.rateLimit, bodyLength: response.bodyLength, sameBody: response.same};
}
