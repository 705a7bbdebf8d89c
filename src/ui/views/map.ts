import type {Placements} from '../../map/markers.js';
import {legendItems, packLegend, renderMap} from '../../map/render.js';
import type {Charset} from '../../map/glyphs.js';
import type {ProjectionName} from '../../map/projection.js';
import type {View} from '../../map/views.js';
import {newSinceLastPoll} from '../../model/feed.js';
import type {Feed} from '../../model/types.js';
import type {Derived} from '../derive.js';
import {glyphs} from '../glyphs.js';
import {strings} from '../strings.js';
import type {Painter} from '../theme.js';
import {box, titleRow, type Lines} from './common.js';

export type MapViewProps = {
  painter: Painter;
  feed: Feed | null;
  derived: Derived;
  placements: Placements | undefined;
  width: number;
  height: number;
  charset: Charset;
  projection: ProjectionName;
  view: View;
  focused: boolean;
  /** Draw a title row (the dashboard does; the snapshot does not). */
  titled: boolean;
};

// Where a zoomed view is, in words: the first box holding the view's centre ([west, south, east, north]).
const REGIONS: [string, number, number, number, number][] = [
  ['Middle East', 34, 12, 63, 42],
  ['Europe', -25, 34, 45, 72],
  ['Central America', -118, 7, -59, 23],
  ['North America', -170, 23, -50, 84],
  ['South America', -82, -56, -34, 13],
  ['Africa', -18, -35, 52, 37],
  ['South Asia', 60, 5, 92, 36],
  ['Southeast Asia', 92, -11, 141, 21],
  ['East Asia', 100, 21, 146, 55],
  ['Asia', 45, -11, 180, 80],
  ['Oceania', 110, -50, 180, -11],
  ['Atlantic', -70, -60, -18, 60],
  ['Indian Ocean', 20, -60, 110, 5],
  ['Pacific', -180, -60, -70, 60],
];

/** "Europe", "East Asia", "Pacific"… for a point given as [lon, lat]. */
export function regionName(center: readonly [number, number]): string {
  const [lon, lat] = center;
  for (const [name, w, s, e, n] of REGIONS) if (lon >= w && lon <= e && lat >= s && lat <= n) return name;
  return lat > 60 ? 'Arctic' : lat < -60 ? 'Antarctic' : lon > 110 ? 'Pacific' : 'World';
}

/** The map title's words for a view: "Europe ×4" when zoomed, nothing for the world. */
export function viewLabel(view: View, ascii = false): string | null {
  if (view.zoom <= 1 || !view.center) return null;
  return `${regionName(view.center)} ${glyphs(ascii).times}${view.zoom}`;
}

/** The map with its legend below: the legend takes one row, two when the pane is roomy. */
export function mapView(props: MapViewProps): Lines {
  const {painter: p, width, height} = props;
  const lines: Lines = [];
  if (props.titled) {
    const label = viewLabel(props.view, p.ascii);
    const zoom = label ? [{text: label, style: p.theme.accent}] : [];
    lines.push(titleRow(p.theme, width, 1, strings.pane.map, zoom, props.focused, p.ascii));
  }
  const legendRows = height - lines.length >= 20 ? 2 : 1;
  const mapRows = height - lines.length - legendRows;
  if (mapRows < 2 || width < 8) return box(lines, width, height, p.ascii);
  const frame = renderMap(
    {
      // The filtered visitors: the map shows what the lists show.
      visitors: props.feed ? props.derived.visitors : [],
      freshVisitors: newSinceLastPoll(props.feed).visitors,
      eventCountries: props.derived.eventCountries,
      paymentCountries: props.derived.paymentCountries,
      placements: props.placements,
    },
    {cols: width, rows: mapRows, charset: props.charset, projection: props.projection, view: props.view, palette: p.theme.map},
  );
  lines.push(...frame.rows, ...packLegend(legendItems(frame, p.theme.map), width, legendRows));
  return box(lines, width, height, p.ascii);
}
