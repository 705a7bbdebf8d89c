import type {Run} from '../../text/style.js';
import type {Layout, Rect} from '../layout.js';
import type {Painter} from '../theme.js';
import {blank, type Lines} from './common.js';

export type Block = {rect: Rect; lines: Lines};

/** Lays blocks side by side into whole screen rows; a one-column gap between blocks becomes a rule. */
export function compose(layout: Layout, blocks: readonly Block[], p: Painter): Lines {
  const rows: Lines = [];
  const separator: Run = {text: p.ascii ? '|' : '│', style: p.theme.rule};
  // Left to right once for the whole frame (a stable sort: blocks at the same x keep their order).
  const ordered = blocks.filter((b) => b.rect.width > 0).sort((a, b) => a.rect.x - b.rect.x);
  for (let y = 0; y < layout.height; y++) {
    const row: Run[] = [];
    let x = 0;
    for (const b of ordered) {
      if (y < b.rect.y || y >= b.rect.y + b.rect.height) continue;
      const gap = b.rect.x - x;
      if (gap === 1 && x > 0) row.push(separator);
      else if (gap > 0) row.push(...blank(gap));
      row.push(...(b.lines[y - b.rect.y] ?? blank(b.rect.width)));
      x = b.rect.x + b.rect.width;
    }
    if (x < layout.width) row.push(...blank(layout.width - x));
    rows.push(row);
  }
  return rows;
}
