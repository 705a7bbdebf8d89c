import type {Session} from './pty.js';
import {CLEAR, cursorRows, escapes, SYNC_BEGIN, SYNC_END, syncBlocks} from './raw.js';
import {diffScreens, type ScreenCell} from './screen.js';

// The live screen's own oracle: Ctrl-L repaints the frame it last drew from a cleared screen. A screen drawn
// incrementally that differs from its own full repaint, cell by cell, is a screen that went wrong.

/** The writer's full repaint starts with resets (SGR, scroll region), the cursor home and a clear (writer.ts CLEAR_SCREEN). */
const FULL_REPAINT = /^(?:\x1b\[0?m|\x1b\[r|\x1b\[H)*\x1b\[2J/;
const FULL_REPAINT_PREFIX = /^(?:\x1b\[0?m|\x1b\[r|\x1b\[H)*(?:\x1b(?:\[[0-9;]*)?)?$/;

/** Whether the program wraps its frames in synchronized output (it does when the terminal answered DECRQM 2026). */
export function usesSync(raw: string): boolean {
  return escapes(raw).some((e) => e.seq === SYNC_BEGIN);
}

/**
 * What the output written after a Ctrl-L holds: 'partial' (the repaint is not all there yet), 'alone' (exactly
 * one full repaint and nothing else), 'more' (another frame came before or after it: the state may have moved).
 */
export function repaintIn(text: string, sync: boolean): 'partial' | 'alone' | 'more' {
  if (sync) {
    const blocks = syncBlocks(text);
    const complete = blocks.filter(([, end]) => text.slice(end - SYNC_END.length, end) === SYNC_END);
    const withClear = complete.findIndex(([a, b]) => text.slice(a, b).includes(CLEAR));
    if (withClear < 0) return blocks.length > 1 || (blocks.length === 1 && complete.length === 1) ? 'more' : 'partial';
    const [a, b] = complete[withClear];
    return a === 0 && b === text.length && blocks.length === 1 ? 'alone' : 'more';
  }
  // Without synchronized output frames have no markers: the repaint must come first, and its cursor moves go
  // down the screen row by row; a move back up (or a scroll region) is the next frame.
  const start = FULL_REPAINT.exec(text);
  if (!start) return FULL_REPAINT_PREFIX.test(text) ? 'partial' : 'more';
  const rest = text.slice(start[0].length);
  if (rest.includes(CLEAR) || /\x1b\[\d+;\d+r/.test(rest)) return 'more';
  const rows = cursorRows(rest);
  return rows.every((r, i) => i === 0 || r >= rows[i - 1]) ? 'alone' : 'more';
}

export type RepaintCheck = {diff: string | null; before: ScreenCell[][]; after: ScreenCell[][]; tries: number};

/**
 * Waits for the full repaint a Ctrl-L (sent after `mark`) brings, and says whether it came alone: `end` is the
 * output length the screen then shows.
 */
export async function awaitRepaint(s: Session, mark: number, sync: boolean, what = ''): Promise<{alone: boolean; end: number}> {
  await s.waitForOutput(mark, (text) => repaintIn(text, sync) !== 'partial', `the Ctrl-L repaint${what ? ` (${what})` : ''}`);
  // Without markers, a repaint is whole once it has drawn the last row (the hint bar), or gone quiet.
  if (!sync) {
    const rows = s.term.rows;
    await s.waitForOutput(mark, (text) => repaintIn(text, sync) === 'more' || cursorRows(text).includes(rows), 'the last row of the repaint', 3000).catch(() => s.quiet(250, 3000));
  }
  const end = await s.parsed();
  return {alone: repaintIn(s.raw().slice(mark, end), sync) === 'alone', end};
}

/**
 * Reads the screen, presses Ctrl-L, reads the repainted screen and compares them cell by cell. When another
 * frame (a poll, a clock) lands next to the repaint, the state may have changed: it tries again.
 */
export async function checkRepaint(s: Session, options: {tries?: number; what?: string} = {}): Promise<RepaintCheck> {
  const tries = options.tries ?? 10;
  const sync = usesSync(s.raw());
  for (let attempt = 1; attempt <= tries; attempt++) {
    const mark = await s.parsed();
    const before = s.cells();
    s.write('\x0c');
    const {alone} = await awaitRepaint(s, mark, sync, options.what);
    if (!alone) continue;
    return {diff: diffScreens(before, s.cells()), before, after: s.cells(), tries: attempt};
  }
  throw new Error(`another frame landed next to every one of ${tries} Ctrl-L repaints${options.what ? ` (${options.what})` : ''}`);
}

/** Whether the output since a resize holds a whole full repaint (the one drawn once the size has settled). */
export function repainted(text: string, sync: boolean): boolean {
  if (!sync) return text.includes(CLEAR);
  return syncBlocks(text).some(([a, b]) => text.slice(a, b).includes(CLEAR) && text.slice(b - SYNC_END.length, b) === SYNC_END);
}

/** Resizes the terminal and waits for dftop's full repaint at the new size. */
export async function resizeTo(s: Session, cols: number, rows: number): Promise<void> {
  const sync = usesSync(s.raw());
  const mark = s.mark();
  s.resize(cols, rows);
  await s.waitForOutput(mark, (text) => repainted(text, sync), `the repaint at ${cols}×${rows}`);
}
