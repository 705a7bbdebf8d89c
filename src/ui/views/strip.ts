import type {Run} from '../../text/style.js';
import type {LayoutPane} from '../layout.js';
import {PANES} from '../state.js';
import {strings} from '../strings.js';
import type {Painter} from '../theme.js';
import {box, type Lines} from './common.js';
import {displayWidth} from '../../text/width.js';

/** The strip's panes in the order shown, each with its runs (the number and the short name). */
function stripItems(p: Painter, hidden: readonly LayoutPane[]): {pane: LayoutPane; runs: Run[]}[] {
  const order: readonly LayoutPane[] = [...PANES, 'now'];
  return order
    .filter((pane, i) => hidden.includes(pane) && order.indexOf(pane) === i)
    .map((pane) => ({pane, runs: [{text: String(order.indexOf(pane) + 1), style: p.theme.key}, {text: ' ' + strings.paneShort[pane], style: p.theme.dim}]}));
}

const separator = (p: Painter): Run => ({text: p.ascii ? ' . ' : ' · ', style: p.theme.faint});

/** "2 Visitors · 3 Scores · 4 Events": the panes a narrow screen could not show, and the keys that show them. */
export function stripView(p: Painter, width: number, hidden: readonly LayoutPane[]): Lines {
  const runs: Run[] = [];
  stripItems(p, hidden).forEach((item, i) => {
    if (i > 0) runs.push(separator(p));
    runs.push(...item.runs);
  });
  return box([runs], width, 1, p.ascii);
}

/** The pane named at column `x` of the strip (a click there focuses it), or null between names. */
export function stripPaneAt(p: Painter, width: number, hidden: readonly LayoutPane[], x: number): LayoutPane | null {
  let at = 0;
  for (const [i, item] of stripItems(p, hidden).entries()) {
    if (i > 0) at += displayWidth(separator(p).text);
    const w = item.runs.reduce((n, r) => n + displayWidth(r.text), 0);
    if (x >= at && x < Math.min(width, at + w)) return item.pane;
    at += w;
  }
  return null;
}
