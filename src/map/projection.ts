import {geoEquirectangular, geoNaturalEarth1, type GeoProjection} from 'd3-geo';
import type {FeatureCollection, Geometry} from 'geojson';
import type {View} from './views.js';

export type ProjectionName = 'natural-earth' | 'equirectangular';

/**
 * A projection fitted to the land (Antarctica dropped) inside a grid of `width`×`height` dots. Braille
 * dots and half-block pixels are roughly square, so no aspect correction. A zoomed view scales about its
 * centre, which lands in the middle of the grid.
 */
export function makeProjection(name: ProjectionName, land: FeatureCollection<Geometry>, width: number, height: number, view: View): GeoProjection {
  const projection = name === 'equirectangular' ? geoEquirectangular() : geoNaturalEarth1();
  projection.fitExtent([[0.5, 0.5], [Math.max(1, width - 0.5), Math.max(1, height - 0.5)]], land);
  if (view.zoom > 1 && view.center) {
    projection.scale(projection.scale() * view.zoom);
    const [x, y] = projection(view.center) ?? [width / 2, height / 2];
    const [tx, ty] = projection.translate();
    projection.translate([tx + width / 2 - x, ty + height / 2 - y]);
    // Clip what lies far outside the grid: faster, and the scanline needs nothing there.
    projection.clipExtent([[-width, -height], [width * 2, height * 2]]);
  }
  return projection;
}
