import type {Session} from './pty.js';
import {CLEAR, cursorRows, escapes, SYNC_BEGIN, SYNC_END, syncBlocks} from './raw.js';
import {diffScreens, type ScreenCell} from './screen.js';

// The live screen's own oracle: Ctrl-L repaints the frame it last drew from a cleared screen. A screen drawn
// incrementally that differs from its own full repaint, cell by cell, is a screen that went wrong.

/** The writer's full repaint starts with a reset and a clear (src/terminal/writer.ts CLEAR_SCREEN). */
const FULL_REPAINT = '\x1b[0m\x1b[H\x1b[2J';

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
  if (!text.startsWith(FULL_REPAINT.slice(0, text.length))) return 'more';
  if (text.length < FULL_REPAINT.length) return 'partial';
  if (text.indexOf(CLEAR, FULL_REPAINT.length) !== -1 || /\x1b\[\d+;\d+r/.test(text)) return 'more';
  const rows = cursorRows(text.slice(FULL_REPAINT.length));
  return rows.every((r, i) => i === 0 || r >= rows[i - 1]) ? 'alone' : 'more';
}

export type RepaintCheck = {diff: string | null; before: ScreenCell[][]; after: ScreenCell[][]; tries: number};

/**
 * Reads the screen, presses Ctrl-L, reads the repainted screen and compares them cell by cell. When another
 * frame (a poll, a clock) lands between the two readings, the state may have changed: it tries again.
 */
export async function checkRepaint(s: Session, options: {tries?: number; what?: string} = {}): Promise<RepaintCheck> {
  const tries = options.tries ?? 10;
  const sync = usesSync(s.raw());
  for (let attempt = 1; attempt <= tries; attempt++) {
    const mark = await s.parsed();
    const before = s.cells();
    s.write('\x0c');
    await s.waitForOutput(mark, (text) => repaintIn(text, sync) !== 'partial', `the Ctrl-L repaint${options.what ? ` (${options.what})` : ''}`);
    // Without markers, a repaint is whole once the program has gone quiet.
    if (!sync) await s.quiet(250, 3000);
    const end = await s.parsed();
    const after = s.cells();
    if (repaintIn(s.raw().slice(mark, end), sync) !== 'alone') continue;
    return {diff: diffScreens(before, after), before, after, tries: attempt};
  }
  throw new Error(`another frame landed next to every one of ${tries} Ctrl-L repaints${options.what ? ` (${options.what})` : ''}`);
}
