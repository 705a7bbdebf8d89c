import {sameVisitor} from './same.js';
import type {Visitor} from './types.js';

// Where a list of visitors came from, when it was made from an earlier list by keeping most of its visitors (the
// same objects) and adding a few: the loader thread's replies do this (src/cli/loader-worker.ts), and so does a
// changed body parsed on the main thread (BodyMemo.reuse, src/cli/load.ts). Whoever made
// something from the earlier list (the feed's "new" marks, the Now pane's counts, a sorted order) can then update
// it from the few changes instead of going over 10,000 visitors again. A list without a lineage is simply worked
// out in full.

export type Lineage = {
  /** The earlier list (a lineage does not keep it alive: else every list would hold all the earlier ones). */
  base: readonly Visitor[];
  /** Per position of the new list: the index in `base` of the visitor kept there (the same object), or -1. */
  kept: Int32Array;
  /** Ids of the new list's visitors that were not in `base` at all (not merely changed). */
  arrived: readonly string[];
};

type Stored = {base: WeakRef<readonly Visitor[]>; kept: Int32Array; arrived: readonly string[]};
const lineages = new WeakMap<readonly Visitor[], Stored>();

/** Records that `visitors` was made from `lineage.base` (call it before anyone else sees `visitors`). */
export function noteLineage(visitors: readonly Visitor[], lineage: Lineage): void {
  lineages.set(visitors, {base: new WeakRef(lineage.base), kept: lineage.kept, arrived: lineage.arrived});
}

/**
 * Records a lineage for a list made by picking visitors (the same objects) from lists related to `base`, such
 * as the visitors a filter leaves, poll after poll: kept is found by identity. What is made from the earlier
 * filtered list (sorted lists, the Now pane's counts) is then updated from the few changes.
 */
export function noteLineageByIdentity(visitors: readonly Visitor[], base: readonly Visitor[]): void {
  const at = new Map<Visitor, number>();
  for (let i = 0; i < base.length; i++) at.set(base[i], i);
  const kept = new Int32Array(visitors.length);
  let ids: Set<string> | null = null;
  const arrived: string[] = [];
  for (let i = 0; i < visitors.length; i++) {
    const j = at.get(visitors[i]);
    // Each base visitor is kept at one position at most (a list that repeats an object counts it once).
    if (j !== undefined) at.delete(visitors[i]);
    kept[i] = j ?? -1;
    if (j === undefined) {
      ids ??= new Set(base.map((v) => v.id));
      if (!ids.has(visitors[i].id)) arrived.push(visitors[i].id);
    }
  }
  noteLineage(visitors, {base, kept, arrived});
}

/** How `visitors` was made from `base`, when it was (else null: work it out in full). */
export function lineageFrom(visitors: readonly Visitor[], base: readonly Visitor[] | null | undefined): Lineage | null {
  if (!base) return null;
  const stored = lineages.get(visitors);
  return stored && stored.base.deref() === base ? {base, kept: stored.kept, arrived: stored.arrived} : null;
}

/** The visitors of the base not kept in the new list (left, or changed: their new version is among the added). */
export function removedVisitors(lineage: Lineage): Visitor[] {
  const keptFlags = new Uint8Array(lineage.base.length);
  for (let i = 0; i < lineage.kept.length; i++) if (lineage.kept[i] >= 0) keptFlags[lineage.kept[i]] = 1;
  const out: Visitor[] = [];
  for (let j = 0; j < keptFlags.length; j++) if (!keptFlags[j]) out.push(lineage.base[j]);
  return out;
}

/** The visitors of the new list not kept from the base (arrived, or changed). */
export function addedVisitors(lineage: Lineage, visitors: readonly Visitor[]): Visitor[] {
  const out: Visitor[] = [];
  for (let i = 0; i < lineage.kept.length; i++) if (lineage.kept[i] < 0) out.push(visitors[i]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// A new list made from a base: what to send (the loader thread) and how to rebuild it (the main thread).

/** How a reply's visitors are made from the base's: all of them as they were, or per position. */
export type VisitorOrder =
  /** No base: every visitor came in the slices. */
  | null
  /** The base's visitors themselves (the same array): the body did not change, or nothing in it did. */
  | 'same'
  /** Per position, the index of the base's visitor that is kept, or -1 for the next visitor of the slices. */
  | Int32Array;

/** What changed between the base's visitors and the new ones: the order, and the visitors to send. */
export function visitorDelta(base: readonly Visitor[] | undefined, next: Visitor[]): {order: VisitorOrder; sent: Visitor[]; arrived: string[]} {
  if (!base) return {order: null, sent: next, arrived: []};
  if (base === next) return {order: 'same', sent: [], arrived: []};
  const at = new Map<string, number>();
  for (let i = 0; i < base.length; i++) at.set(base[i].id, i);
  const order = new Int32Array(next.length);
  // Each base visitor is kept at one position at most: an answer that repeats an id gets the second one sent
  // (what is made from the base counts each kept visitor once).
  const used = new Uint8Array(base.length);
  const sent: Visitor[] = [];
  const arrived: string[] = [];
  let kept = next.length === base.length;
  for (let i = 0; i < next.length; i++) {
    const v = next[i];
    const j = at.get(v.id);
    if (j !== undefined && !used[j] && sameVisitor(base[j], v)) {
      used[j] = 1;
      order[i] = j;
      if (j !== i) kept = false;
    } else {
      order[i] = -1;
      sent.push(v);
      if (j === undefined) arrived.push(v.id);
      kept = false;
    }
  }
  return kept ? {order: 'same', sent: [], arrived: []} : {order, sent, arrived};
}

/**
 * The visitors a delta describes, made from the base's (unchanged ones are the base's own objects); the new list's
 * lineage is noted so what was made from the base can be updated from the changes.
 */
export function applyVisitorDelta(base: Visitor[] | undefined, order: VisitorOrder, sent: Visitor[], arrived: readonly string[] = []): Visitor[] {
  if (order === null) return sent;
  if (!base) throw new Error('a reply relative to a base the main thread does not hold');
  if (order === 'same') return base;
  const out = new Array<Visitor>(order.length);
  let k = 0;
  for (let i = 0; i < order.length; i++) out[i] = order[i] >= 0 ? base[order[i]] : sent[k++];
  noteLineage(out, {base, kept: order, arrived});
  return out;
}

