import type {Charset} from '../map/glyphs.js';
import {placeVisitors} from '../map/markers.js';
import type {ProjectionName} from '../map/projection.js';
import {WORLD_VIEW} from '../map/views.js';
import {NOTHING_NEW} from '../model/feed.js';
import {sanitise} from '../model/sanitise.js';
import type {Feed} from '../model/types.js';
import type {ColorDepth, Run} from '../text/style.js';
import {displayWidth, truncate} from '../text/width.js';
import {paintRows} from '../terminal/writer.js';
import {derive} from './derive.js';
import {formatCount, formatMoney} from './format.js';
import {glyphs} from './glyphs.js';
import {idealMapRows, mapWidthFor, type Layout, type Rect} from './layout.js';
import {strings} from './strings.js';
import {THEME, type Painter} from './theme.js';
import {amountForms, box, longestFitting, type Lines as LineList} from './views/common.js';
import {compose, type Block} from './views/compose.js';
import {eventsView, paymentsView, scoresView, visitorsView, type ListProps} from './views/lists.js';
import {mapView} from './views/map.js';
import {NOW_COLUMN_MIN, nowView} from './views/now.js';

export type SnapshotOptions = {
  site: string;
  width: number;
  height: number;
  depth: ColorDepth;
  charset: Charset;
  projection: ProjectionName;
  privacy: boolean;
  /** The output is not UTF-8 (LANG=C, a dumb terminal): ASCII chrome, and every other character made ASCII. */
  ascii?: boolean;
  /** A filter expression (`--filter`): the map, the lists and Now show only what matches; the header says so. */
  filter?: string;
  /** The site's currency, for event amounts. */
  currency?: string | null;
};

const rect = (x: number, y: number, width: number, height: number): Rect => ({x, y, width: Math.max(0, width), height: Math.max(0, height)});

/** The Now pane needs this much room to be worth showing in a snapshot. */
const NOW_MIN = {width: NOW_COLUMN_MIN + 4, height: 8};

/**
 * The map goes left of the tables on a wide canvas, on top of them otherwise. The Now pane goes where there is
 * room: beside a map that its height keeps narrow, under a map in the side layout, or as a third column.
 */
export function snapshotLayout(width: number, height: number): {map: Rect | null; lists: Rect[]; side: boolean; now: Rect | null} {
  const bodyY = 2;
  const bodyH = height - bodyY;
  if (width < 30 || bodyH < 8) return {map: null, lists: stack(rect(0, bodyY, width, bodyH)), side: false, now: null};
  const side = width >= 3 * bodyH && width >= 120;
  if (side) {
    const mapWidth = Math.min(Math.round(width * 0.5), Math.round(bodyH * 2.1 * 2 - 2));
    const mapRows = Math.min(bodyH, idealMapRows(mapWidth));
    let lists = rect(mapWidth + 1, bodyY, width - mapWidth - 1, bodyH);
    let now: Rect | null = null;
    // Right under the map (its title row is the rule between them): a blank row there would break the column's rule.
    if (bodyH - mapRows >= NOW_MIN.height) now = rect(0, bodyY + mapRows, mapWidth, bodyH - mapRows);
    else if (lists.width >= 90 + NOW_MIN.width + 1) {
      const nowWidth = Math.max(NOW_MIN.width, Math.floor(lists.width / 3));
      now = rect(width - nowWidth, bodyY, nowWidth, bodyH);
      lists = rect(lists.x, lists.y, lists.width - nowWidth - 1, lists.height);
    }
    return {map: rect(0, bodyY, mapWidth, mapRows), lists: stack(lists), side, now};
  }
  const mapRows = Math.min(idealMapRows(width), Math.floor(bodyH * 0.55));
  // Right under the map: the first table's title row is the rule between them.
  const lists = stack(rect(0, bodyY + mapRows, width, bodyH - mapRows));
  // The world map is as wide as its height allows; the columns beside it hold the Now pane.
  const mapWidth = Math.min(width, mapWidthFor(mapRows));
  if (width - mapWidth - 1 >= NOW_MIN.width && mapRows >= NOW_MIN.height) {
    return {map: rect(0, bodyY, mapWidth, mapRows), lists, side, now: rect(mapWidth + 1, bodyY, width - mapWidth - 1, mapRows)};
  }
  return {map: rect(0, bodyY, width, mapRows), lists, side, now: null};
}

/** The four tables in order (visitors, scores, events, payments): two columns of two when the area is wide. */
function stack(area: Rect): Rect[] {
  if (area.width >= 90 && area.height >= 6) {
    const left = Math.ceil((area.width - 1) / 2);
    const top = Math.ceil(area.height / 2);
    const column = (x: number, width: number) => [rect(x, area.y, width, top), rect(x, area.y + top, width, area.height - top)];
    const [visitors, scores] = column(area.x, left);
    const [events, payments] = column(area.x + left + 1, area.width - left - 1);
    return [visitors, scores, events, payments];
  }
  const each = Math.floor(area.height / 4);
  if (each < 3) return [rect(area.x, area.y, area.width, area.height)];
  const first = area.height - 3 * each;
  return [0, 1, 2, 3].map((i) => rect(area.x, area.y + (i === 0 ? 0 : first + (i - 1) * each), area.width, i === 0 ? first : each));
}

/** A snapshot stands alone: with no previous poll to compare with, nothing is marked new. */
export function snapshotLines(polled: Feed, options: SnapshotOptions): LineList {
  const feed: Feed = {...polled, fresh: NOTHING_NEW};
  const painter: Painter = {theme: THEME, depth: options.depth, ascii: options.charset === 'ascii' || options.ascii === true};
  const t = THEME;
  const g = glyphs(painter.ascii);
  const {width, height} = options;
  const derived = derive(feed, 'newest', options.filter ?? '');
  const widthOf = (runs: readonly Run[]) => runs.reduce((n, r) => n + displayWidth(r.text), 0);
  const sep: Run = {text: g.sep, style: t.faint};
  const who: Run[] = [{text: strings.app, style: t.titleFocused}, sep, {text: sanitise(options.site), style: t.title}, sep, {text: `${formatCount(feed.count)} ${strings.active}`, style: t.fresh}];
  const time: Run = {text: feed.fetchedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'), style: t.dim};
  // The filter and what it leaves; a long expression is cut, its count never.
  const label: Run = {text: strings.filterLabel, style: t.faint};
  const count: Run = {text: `  ${strings.matchCount(derived.visitors.length, derived.totalVisitors)}`, style: t.accent};
  const expression = sanitise(derived.filter.text);
  const filter: Run[] = derived.filter.terms.length
    ? [label, {text: truncate(expression, Math.max(1, width - widthOf([label, count]))), style: t.warn}, count]
    : [];
  // The revenue in the live header's forms, whole or not at all: `row` and then the revenue after `joint`, when
  // the longest form that fits the room left exists.
  const forms = amountForms(derived.revenue.map(([c, n]) => formatMoney(n, c, painter.ascii)), g.sep);
  const withMoney = (row: Run[], joint: Run | null): Run[] | null => {
    const text = forms.length ? longestFitting(forms, width - widthOf(row) - (joint ? displayWidth(joint.text) : 0)) : null;
    return text ? [...row, ...(joint ? [joint] : []), {text, style: t.money}] : null;
  };
  // The header's two rows: of the arrangements that fit, the one that shows most (the revenue, then the time), in
  // this order of preference: all on the first row; the revenue after the filter; the time and the revenue after
  // the filter; the time alone.
  const gap: Run = {text: '  ', style: null};
  const fits = (runs: readonly Run[]) => widthOf(runs) <= width;
  const whoTime = [...who, sep, time];
  const timeAfterFilter = filter.length ? [...filter, gap, time] : [time];
  const arrangements: {rows: [Run[], Run[]]; money: boolean; time: boolean}[] = [];
  if (fits(whoTime)) {
    const one = withMoney(whoTime, sep);
    arrangements.push({rows: [one ?? whoTime, [...filter]], money: one !== null, time: true});
    const two = withMoney([...filter], filter.length ? gap : null);
    arrangements.push({rows: [whoTime, two ?? [...filter]], money: two !== null, time: true});
  }
  if (fits(timeAfterFilter)) {
    const two = withMoney(timeAfterFilter, sep);
    arrangements.push({rows: [who, two ?? timeAfterFilter], money: two !== null, time: true});
  }
  arrangements.push({rows: [who, [...filter]], money: false, time: false});
  const score = (a: (typeof arrangements)[number]) => (a.money ? 2 : 0) + (a.time ? 1 : 0);
  const [header, second] = arrangements.reduce((a, b) => (score(b) > score(a) ? b : a)).rows;
  const plan = snapshotLayout(width, height);
  const layout: Layout = {kind: 'standard', width, height, header: rect(0, 0, width, 2), body: rect(0, 2, width, height - 2), hint: rect(0, height, width, 0), panes: {}, strip: null, hidden: []};
  const blocks: Block[] = [{rect: layout.header, lines: box([header, second], width, 2, painter.ascii)}];
  if (plan.map) {
    blocks.push({
      rect: plan.map,
      lines: mapView({painter, feed, derived, placements: placeVisitors(derived.visitors), width: plan.map.width, height: plan.map.height, charset: options.charset, projection: options.projection, view: WORLD_VIEW, focused: false, titled: false}),
    });
  }
  const views = plan.lists.length === 4 ? [visitorsView, scoresView, eventsView, paymentsView] : [visitorsView];
  // Only the visitors fit: the last row says what was left out, so a small snapshot is not taken for the whole.
  const only = plan.lists.length === 1 && plan.lists[0].height > 4 ? plan.lists[0] : null;
  if (only) {
    plan.lists[0] = rect(only.x, only.y, only.width, only.height - 1);
    blocks.push({rect: rect(only.x, only.y + only.height - 1, only.width, 1), lines: box([[{text: strings.snapshotLeftOut, style: t.faint}]], only.width, 1, painter.ascii)});
  }
  plan.lists.forEach((r, i) => {
    const props: ListProps = {painter, feed, derived, width: r.width, height: r.height, focused: false, cursor: 0, privacy: options.privacy, sort: 'newest', filter: options.filter ?? '', currency: options.currency};
    blocks.push({rect: r, lines: views[i](props)});
  });
  if (plan.now) blocks.push({rect: plan.now, lines: nowView({painter, feed, derived, width: plan.now.width, height: plan.now.height, focused: false, cursor: 0})});
  const lines = compose(layout, blocks, painter);
  while (lines.length > 1 && lines[lines.length - 1].every((r) => r.text.trim() === '')) lines.pop();
  return lines;
}

/**
 * The `--once` text: the same views as the live screen, painted row by row by the frame writer's painter (the
 * live screen's full repaint, without cursor moves), through the same ASCII gate.
 */
export function renderSnapshot(feed: Feed, options: SnapshotOptions): string {
  // Plain rows lose their padding: a snapshot in a file or a wiki has no trailing blanks.
  return paintRows(snapshotLines(feed, options), options.depth, options.ascii === true).map((row) => row.replace(/ +$/, '')).join('\n');
}
