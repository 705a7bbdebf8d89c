import type {Placements} from '../../map/markers.js';
import {legendItems, packLegend, renderMap} from '../../map/render.js';
import type {Charset} from '../../map/glyphs.js';
import type {ProjectionName} from '../../map/projection.js';
import type {View} from '../../map/views.js';
import type {Feed} from '../../model/types.js';
import type {Derived} from '../derive.js';
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

/** The map with its legend below: the legend takes one row, two when the pane is roomy. */
export function mapView(props: MapViewProps): Lines {
  const {painter: p, width, height} = props;
  const lines: Lines = [];
  if (props.titled) {
    const zoom = props.view.zoom > 1 ? [{text: `×${props.view.zoom}`, style: p.theme.accent}] : [];
    lines.push(titleRow(p.theme, width, 1, strings.pane.map, zoom, props.focused, p.ascii));
  }
  const legendRows = height - lines.length >= 20 ? 2 : 1;
  const mapRows = height - lines.length - legendRows;
  if (mapRows < 2 || width < 8) return box(lines, width, height);
  const frame = renderMap(
    {
      visitors: props.feed?.visitors ?? [],
      freshVisitors: props.feed?.fresh.visitors,
      eventCountries: props.derived.eventCountries,
      paymentCountries: props.derived.paymentCountries,
      placements: props.placements,
    },
    {cols: width, rows: mapRows, charset: props.charset, projection: props.projection, view: props.view, palette: p.theme.map},
  );
  lines.push(...frame.rows, ...packLegend(legendItems(frame, p.theme.map), width, legendRows));
  return box(lines, width, height);
}
