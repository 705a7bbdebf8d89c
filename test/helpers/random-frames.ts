import type {Run, Style} from '../../src/text/style.js';
import {displayWidth} from '../../src/text/width.js';
import type {seeded} from './raw.js';

/** A cell of a random row: a glyph ('' for the second column of a wide one) and an index into the styles. */
export type Cellv = {g: string; s: number};
type Rnd = ReturnType<typeof seeded>;

/**
 * Random screen rows that change the way screens change (a few cells, often the last ones; a blank tail; a blank
 * run; a restyle; a new row), drawn from `glyphs` and `styles`: for the writer's property tests.
 */
export function randomFrames(glyphs: readonly string[], styles: readonly (Style | null)[], options: {fullRows?: number} = {}) {
  const fullRows = options.fullRows ?? 0.3;

  /** Places glyph g (style s) at column x, clearing any wide character it overlaps; a wide one at the edge is a space. */
  function place(cols: Cellv[], x: number, g: string, s: number): void {
    const w = cols.length;
    let gw = displayWidth(g);
    if (x + gw > w) [g, gw] = [' ', 1];
    for (let k = x; k < x + gw; k++) {
      if (cols[k].g === '' && k > 0) cols[k - 1] = {g: ' ', s: cols[k - 1].s};
      if (k + 1 < w && cols[k + 1].g === '') cols[k + 1] = {g: ' ', s: cols[k].s};
    }
    cols[x] = {g, s};
    if (gw === 2) cols[x + 1] = {g: '', s};
  }

  function runsOf(cols: Cellv[]): Run[] {
    const runs: Run[] = [];
    for (const c of cols) {
      if (c.g === '') continue;
      const last = runs[runs.length - 1];
      if (last && last.style === styles[c.s]) last.text += c.g;
      else runs.push({text: c.g, style: styles[c.s]});
    }
    return runs;
  }

  function randomCols(r: Rnd, width: number): Cellv[] {
    const cols: Cellv[] = Array.from({length: width}, () => ({g: ' ', s: 0}));
    const filled = r.next() < fullRows ? width : r.int(width + 1);
    let s = r.int(styles.length);
    for (let x = 0; x < filled; x++) {
      if (r.next() < 0.3) s = r.int(styles.length);
      place(cols, x, r.next() < 0.25 ? ' ' : r.pick(glyphs), s);
      if (cols[x + 1]?.g === '') x++;
    }
    return cols;
  }

  /** Changes a row the way screens change: a few cells (often the last ones), a blank tail, a blank run, a restyle. */
  function mutate(r: Rnd, cols: Cellv[]): Cellv[] {
    const out = cols.map((c) => ({...c}));
    const w = out.length;
    if (!w) return out;
    const roll = r.next();
    if (roll < 0.4) {
      for (let n = 1 + r.int(4); n > 0; n--) {
        const x = r.next() < 0.4 ? w - 1 - r.int(Math.min(w, 3)) : r.int(w);
        place(out, x, r.next() < 0.2 ? ' ' : r.pick(glyphs), r.next() < 0.5 ? out[x].s : r.int(styles.length));
      }
    } else if (roll < 0.6) {
      const from = r.int(w);
      const s = r.next() < 0.8 ? 0 : r.int(styles.length);
      for (let x = from; x < w; x++) place(out, x, ' ', s);
    } else if (roll < 0.75) {
      const from = r.int(w);
      const to = Math.min(w, from + 1 + r.int(12));
      for (let x = from; x < to; x++) place(out, x, ' ', 0);
    } else if (roll < 0.9) {
      const from = r.int(w);
      const to = Math.min(w, from + 1 + r.int(8));
      const s = r.int(styles.length);
      for (let x = from; x < to; x++) if (out[x].g !== '') out[x] = {g: out[x].g, s};
      for (let x = 1; x < w; x++) if (out[x].g === '') out[x] = {g: '', s: out[x - 1].s};
    } else {
      return randomCols(r, w);
    }
    return out;
  }

  return {place, runsOf, randomCols, mutate};
}
