import type {GeoProjection} from 'd3-geo';
import type {Visitor} from '../model/types.js';
import {countryPoint} from './atlas.js';
import type {CharsetGrid} from './glyphs.js';

export type MapVisitor = Pick<Visitor, 'id' | 'lat' | 'lon' | 'countryCode' | 'isCustomer' | 'conversion'>;

export const HOT_SCORE = 70;

const FLAG_CUSTOMER = 1;
const FLAG_HOT = 2;
const FLAG_FRESH = 4;

/** Where each visitor goes, as flat arrays so 100k visitors cost little. */
export type Placements = {
  length: number;
  lon: Float64Array;
  lat: Float64Array;
  flags: Uint8Array;
  unplaced: number;
  /** Active visitors per country code, placed or not. */
  byCountry: Map<string, number>;
};

const isHot = (v: MapVisitor) => {
  const c = v.conversion;
  return !!c && c.score !== null && c.score >= HOT_SCORE && (c.confidence === null || c.confidence >= 0.5);
};

/** City-level coordinates when the API gave them, else the country's point; else unplaced. */
export function placeVisitors(visitors: readonly MapVisitor[], fresh: ReadonlySet<string> = new Set()): Placements {
  const n = visitors.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const flags = new Uint8Array(n);
  // Counted in one object per country (one lookup per visitor, not a get and a set), a Map at the end.
  const counters = new Map<string, {n: number}>();
  const anyFresh = fresh.size > 0;
  let length = 0;
  let unplaced = 0;
  for (let i = 0; i < n; i++) {
    const v = visitors[i];
    const code = v.countryCode;
    if (code) {
      const counter = counters.get(code);
      if (counter) counter.n++;
      else counters.set(code, {n: 1});
    }
    if (v.lat !== null && v.lon !== null) {
      lon[length] = v.lon;
      lat[length] = v.lat;
    } else {
      const point = code ? countryPoint(code) : null;
      if (!point) {
        unplaced++;
        continue;
      }
      lon[length] = point[0];
      lat[length] = point[1];
    }
    flags[length] = (v.isCustomer ? FLAG_CUSTOMER : 0) | (isHot(v) ? FLAG_HOT : 0) | (anyFresh && fresh.has(v.id) ? FLAG_FRESH : 0);
    length++;
  }
  const byCountry = new Map<string, number>();
  for (const [code, counter] of counters) byCountry.set(code, counter.n);
  return {length, lon, lat, flags, unplaced, byCountry};
}

/** Visitors per cell of a `cols`×`rows` map. */
export type CellCounts = {
  cols: number;
  rows: number;
  count: Uint32Array;
  customers: Uint32Array;
  hot: Uint32Array;
  fresh: Uint8Array;
  /** Placed visitors whose point lies outside the current view. */
  offView: number;
};

export function aggregate(placements: Placements, projection: GeoProjection, cols: number, rows: number, grid: CharsetGrid): CellCounts {
  const size = cols * rows;
  const counts: CellCounts = {
    cols,
    rows,
    count: new Uint32Array(size),
    customers: new Uint32Array(size),
    hot: new Uint32Array(size),
    fresh: new Uint8Array(size),
    offView: 0,
  };
  const point: [number, number] = [0, 0];
  for (let i = 0; i < placements.length; i++) {
    point[0] = placements.lon[i];
    point[1] = placements.lat[i];
    const p = projection(point);
    const cx = p ? Math.floor(p[0] / grid.dx) : -1;
    const cy = p ? Math.floor(p[1] / grid.dy) : -1;
    if (cx < 0 || cy < 0 || cx >= cols || cy >= rows) {
      counts.offView++;
      continue;
    }
    const cell = cy * cols + cx;
    const f = placements.flags[i];
    counts.count[cell]++;
    if (f & FLAG_CUSTOMER) counts.customers[cell]++;
    if (f & FLAG_HOT) counts.hot[cell]++;
    if (f & FLAG_FRESH) counts.fresh[cell] = 1;
  }
  return counts;
}
