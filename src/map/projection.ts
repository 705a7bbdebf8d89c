import {geoEquirectangular, geoNaturalEarth1, geoPath, type GeoProjection} from 'd3-geo';
import type {FeatureCollection, Geometry} from 'geojson';
import type {View} from './views.js';

export type ProjectionName = 'natural-earth' | 'equirectangular';

type Bounds = [[number, number], [number, number]];

// d3's fitExtent projects every ring to find the land's bounds at scale 150; those bounds never change for a
// projection, so every fit is arithmetic. They are written here (found by d3 from the pinned world-atlas and
// d3-geo; test/map/projection.test.ts checks them): finding them costs ~40 ms before the first frame.
export const LAND_BOUNDS_AT_150: Readonly<Record<ProjectionName, Bounds>> = {
  'natural-earth': [[-405.37690801542954, -206.81074989446964], [405.37690801542954, 145.970634595113]],
  equirectangular: [[-471.23889803846896, -218.98243826380266], [471.23889803846896, 145.59140861774992]],
};
const boundsAt150 = new Map<ProjectionName, Bounds>(Object.entries(LAND_BOUNDS_AT_150) as [ProjectionName, Bounds][]);

const create = (name: ProjectionName) => (name === 'equirectangular' ? geoEquirectangular() : geoNaturalEarth1());

function landBounds(name: ProjectionName, land: FeatureCollection<Geometry>): Bounds {
  let bounds = boundsAt150.get(name);
  if (!bounds) {
    bounds = geoPath(create(name).scale(150).translate([0, 0])).bounds(land) as Bounds;
    boundsAt150.set(name, bounds);
  }
  return bounds;
}

/**
 * A projection fitted to the land (Antarctica dropped) inside a grid of `width`×`height` dots, as d3's
 * fitExtent would with a half-dot margin. Braille dots and half-block pixels are roughly square, so no
 * aspect correction. A zoomed view scales about its centre, which lands in the middle of the grid.
 */
export function makeProjection(name: ProjectionName, land: FeatureCollection<Geometry>, width: number, height: number, view: View): GeoProjection {
  const [[x0, y0], [x1, y1]] = landBounds(name, land);
  const [left, top] = [0.5, 0.5];
  const w = Math.max(1, width - 0.5) - left;
  const h = Math.max(1, height - 0.5) - top;
  const k = Math.min(w / (x1 - x0), h / (y1 - y0));
  const projection = create(name)
    .scale(150 * k)
    .translate([left + (w - k * (x1 + x0)) / 2, top + (h - k * (y1 + y0)) / 2]);
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
