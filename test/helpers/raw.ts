// Reading what a program wrote to its terminal: escape sequences one by one, synchronized-output blocks, full
// clears, cursor positions, and a seeded random source for property tests (the seed is printed on failure).

import {createRandom} from '../../src/demo/random.js';

/** One escape sequence (CSI, OSC, DCS/SOS/PM/APC, or ESC + one character) and where it starts. */
export type Escape = {index: number; seq: string};

// CSI: parameters, intermediates, final byte. OSC: up to BEL or ST. DCS/SOS/PM/APC: up to ST. Else ESC + one.
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[\s\S]?)/g;

export function escapes(raw: string): Escape[] {
  const out: Escape[] = [];
  for (const m of raw.matchAll(ESCAPE)) out.push({index: m.index, seq: m[0]});
  return out;
}

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';
export const CLEAR = '\x1b[2J';

/** Every index at which `needle` occurs in `text`. */
export function indicesOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** Synchronized-output blocks as [begin, end) ranges of `raw` (an unterminated block runs to the end). */
export function syncBlocks(raw: string): [number, number][] {
  const blocks: [number, number][] = [];
  let open = -1;
  for (const {index, seq} of escapes(raw)) {
    if (seq === SYNC_BEGIN && open < 0) open = index;
    else if (seq === SYNC_END && open >= 0) {
      blocks.push([open, index + seq.length]);
      open = -1;
    }
  }
  if (open >= 0) blocks.push([open, raw.length]);
  return blocks;
}

/** Full clears (ED 2) that are not inside a synchronized-output block. */
export function clearsOutsideSync(raw: string): number[] {
  const blocks = syncBlocks(raw);
  return escapes(raw)
    .filter((e) => e.seq === CLEAR && !blocks.some(([a, b]) => e.index > a && e.index < b))
    .map((e) => e.index);
}

/** The 1-based row of every absolute cursor position (CUP `ESC[r;cH`, `ESC[rH`, `ESC[H`) in `text`. */
export function cursorRows(text: string): number[] {
  const rows: number[] = [];
  for (const {seq} of escapes(text)) {
    const m = /^\x1b\[(\d*)(?:;\d*)?[Hf]$/.exec(seq);
    if (m) rows.push(m[1] ? Number(m[1]) : 1);
  }
  return rows;
}

/** Characters outside 7-bit ASCII, with a little context, for a failure message. */
export function nonAscii(text: string, max = 5): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[^\x00-\x7f]/g)) {
    out.push(`${JSON.stringify(m[0])} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`);
    if (out.length >= max) break;
  }
  return out;
}

/** A small seeded random source (the demo's mulberry32): the same seed gives the same sequence on every run. */
export function seeded(seed: number) {
  const next = createRandom(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
