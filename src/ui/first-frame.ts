import type {Charset} from '../map/glyphs.js';
import type {ProjectionName} from '../map/projection.js';
import {WORLD_VIEW} from '../map/views.js';
import type {ColorDepth} from '../text/style.js';
import {derive} from './derive.js';
import {computeLayout} from './layout.js';
import type {KeyModes} from './keymap.js';
import {initialUiState} from './state.js';
import type {Painter, Theme} from './theme.js';
import type {Lines} from './views/common.js';
import {compose, type Block} from './views/compose.js';
import {headerView, type PollInfo} from './views/header.js';
import {eventsView, paymentsView, scoresView, visitorsView} from './views/lists.js';
import {mapView} from './views/map.js';
import {nowView} from './views/now.js';
import {hintView, tinyView} from './views/overlays.js';

export type FirstFrameOptions = {
  site: string;
  theme: Theme;
  depth: ColorDepth;
  charset: Charset;
  projection: ProjectionName;
  asciiChrome: boolean;
  privacy: boolean;
  filter: string;
  columns: number;
  rows: number;
  intervalMs: number;
  /** The hint bar's extra keys (`w` with an account token), as the Dashboard will show them. */
  modes?: KeyModes;
};

const VIEWS = {visitors: visitorsView, scores: scoresView, events: eventsView, payments: paymentsView} as const;

/**
 * The live screen before its first answer, drawn by the same views the Dashboard uses, so the terminal shows
 * the map while the application framework (Ink, React) is still loading; the Dashboard's own first frame then
 * equals it and writes nothing.
 */
export function firstFrame(o: FirstFrameOptions): Lines {
  const ui = initialUiState(o.charset, o.privacy, o.filter);
  const painter: Painter = {theme: o.theme, depth: o.depth, ascii: o.charset === 'ascii' || o.asciiChrome};
  const layout = computeLayout(o.columns, o.rows);
  const derived = derive(null, ui.sort, ui.filter);
  const poll: PollInfo = {state: 'idle', intervalMs: o.intervalMs, lastOkAt: null, lastError: null, latencyMs: null, nextPollAt: null};
  const header = headerView({painter, site: o.site, feed: null, poll, history: [], revenue: [], now: Date.now(), width: layout.header.width, height: layout.header.height, filterEditing: false, filter: ui.filter, filterCursor: ui.filterCursor, match: null});
  const blocks: Block[] = [{rect: layout.header, lines: header}];
  if (layout.kind === 'tiny') {
    blocks.push({rect: layout.body, lines: tinyView(painter, null, layout.body.width, layout.body.height, o.columns, o.rows)});
    return compose(layout, blocks, painter);
  }
  blocks.push({rect: layout.hint, lines: hintView(painter, layout.hint.width, ui.focus, o.modes)});
  for (const [pane, rect] of Object.entries(layout.panes)) {
    if (!rect) continue;
    const focused = ui.focus === pane;
    if (pane === 'map') {
      blocks.push({rect, lines: mapView({painter, feed: null, derived, placements: undefined, width: rect.width, height: rect.height, charset: ui.charset, projection: o.projection, view: WORLD_VIEW, focused, titled: true})});
    } else if (pane === 'now') {
      blocks.push({rect, lines: nowView({painter, feed: null, derived, width: rect.width, height: rect.height, focused, cursor: 0})});
    } else {
      const view = VIEWS[pane as keyof typeof VIEWS];
      blocks.push({rect, lines: view({painter, feed: null, derived, width: rect.width, height: rect.height, focused, cursor: 0, privacy: ui.privacy, sort: ui.sort, filter: ui.filter})});
    }
  }
  return compose(layout, blocks, painter);
}
