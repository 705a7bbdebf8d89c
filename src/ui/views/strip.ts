import type {Run} from '../../text/style.js';
import type {LayoutPane} from '../layout.js';
import {PANES} from '../state.js';
import {strings} from '../strings.js';
import type {Painter} from '../theme.js';
import {box, type Lines} from './common.js';

/** "2 Visitors · 3 Scores · 4 Events": the panes a narrow screen could not show, and the keys that show them. */
export function stripView(p: Painter, width: number, hidden: readonly LayoutPane[]): Lines {
  const runs: Run[] = [];
  const order: readonly LayoutPane[] = [...PANES, 'now'];
  const ordered = order.filter((pane, i) => hidden.includes(pane) && order.indexOf(pane) === i);
  ordered.forEach((pane, i) => {
    if (i > 0) runs.push({text: p.ascii ? ' . ' : ' · ', style: p.theme.faint});
    runs.push({text: String(order.indexOf(pane) + 1), style: p.theme.key}, {text: ' ' + strings.paneShort[pane], style: p.theme.dim});
  });
  return box([runs], width, 1);
}
