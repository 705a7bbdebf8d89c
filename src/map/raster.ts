import {geoPath, type GeoProjection} from 'd3-geo';
import type {CountryFeature} from './atlas.js';

/** Per dot: the index of the country it lies in, or -1 for sea. Row-major, `width`×`height` dots. */
export type Raster = {width: number; height: number; country: Int16Array};

type Ring = number[]; // x0, y0, x1, y1, …

/**
 * Records the rings d3 draws. d3 has already clipped (antimeridian, clip extent) and resampled them, so
 * filling these rings is exact for the projection — unlike testing geoContains per dot, which is ~1000×
 * slower and marks the corners outside the globe as land.
 */
class RingRecorder {
  rings: Ring[] = [];
  private current: Ring | null = null;
  moveTo(x: number, y: number) {
    this.current = [x, y];
    this.rings.push(this.current);
  }
  lineTo(x: number, y: number) {
    this.current?.push(x, y);
  }
  closePath() {
    this.current = null;
  }
  arc() {}
  beginPath() {}
}

/** Even-odd scanline fill of one country's rings, sampling each dot at its centre. Returns the dots filled. */
function fill(raster: Raster, rings: Ring[], index: number): number {
  let filled = 0;
  const {width, height, country} = raster;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i += 2) {
      if (ring[i] < minY) minY = ring[i];
      if (ring[i] > maxY) maxY = ring[i];
    }
  }
  const yStart = Math.max(0, Math.ceil(minY - 0.5));
  const yEnd = Math.min(height - 1, Math.floor(maxY - 0.5));
  const xs: number[] = [];
  for (let row = yStart; row <= yEnd; row++) {
    const y = row + 0.5;
    xs.length = 0;
    for (const ring of rings) {
      const n = ring.length;
      for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
        const y0 = ring[j + 1];
        const y1 = ring[i + 1];
        if (y0 > y !== y1 > y) {
          const x0 = ring[j];
          xs.push(x0 + ((y - y0) * (ring[i] - x0)) / (y1 - y0));
        }
      }
    }
    if (xs.length < 2) continue;
    xs.sort((a, b) => a - b);
    const base = row * width;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(width - 1, Math.floor(xs[k + 1] - 0.5));
      for (let x = from; x <= to; x++) country[base + x] = index;
      if (to >= from) filled += to - from + 1;
    }
  }
  return filled;
}

/**
 * A country too small to cover any dot centre (Japan at 40 columns, Singapore at most sizes) still gets
 * the dot under its largest ring, so it never vanishes and its visitors' markers sit on its land.
 */
function markSmall(raster: Raster, rings: Ring[], index: number): void {
  let largest = rings[0];
  for (const ring of rings) if (ring.length > largest.length) largest = ring;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < largest.length; i += 2) {
    sx += largest[i];
    sy += largest[i + 1];
  }
  const n = largest.length / 2;
  const x = Math.floor(sx / n);
  const y = Math.floor(sy / n);
  if (x >= 0 && y >= 0 && x < raster.width && y < raster.height && raster.country[y * raster.width + x] < 0) raster.country[y * raster.width + x] = index;
}

export function rasterise(countries: readonly CountryFeature[], projection: GeoProjection, width: number, height: number): Raster {
  const raster: Raster = {width, height, country: new Int16Array(width * height).fill(-1)};
  const recorder = new RingRecorder();
  const path = geoPath(projection, recorder);
  countries.forEach((feature, index) => {
    recorder.rings = [];
    path(feature);
    if (recorder.rings.length && fill(raster, recorder.rings, index) === 0) markSmall(raster, recorder.rings, index);
  });
  return raster;
}

export function countryAt(raster: Raster, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return -1;
  return raster.country[Math.floor(y) * raster.width + Math.floor(x)];
}
