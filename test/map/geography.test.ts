import {describe, expect, it} from 'vitest';
import {countryPoint, loadAtlas} from '../../src/map/atlas.js';
import {GRIDS, type Charset} from '../../src/map/glyphs.js';
import {mapBase} from '../../src/map/render.js';
import type {ProjectionName} from '../../src/map/projection.js';
import {countryAt} from '../../src/map/raster.js';
import {createRequire} from 'node:module';
import {geoContains} from 'd3-geo';
import {feature} from 'topojson-client';
import type {Feature, Geometry} from 'geojson';

const require = createRequire(import.meta.url);

/** The 50m countries the country points were generated from (tests only: the program never loads them). */
function require50m(): (Feature<Geometry> & {id?: string | number})[] {
  const topology = require('world-atlas/countries-50m.json');
  return (feature(topology, topology.objects.countries) as unknown as {features: (Feature<Geometry> & {id?: string})[]}).features;
}

function numericOf(code: string): string {
  const data = require('../../data/country-points.json') as {numeric: Record<string, string>};
  return data.numeric[code];
}

// Correctness by geography: the cell a marker lands in belongs to (or touches) the right country.
const CITIES: [string, string, number, number][] = [
  ['Paris', 'FR', 2.3522, 48.8566],
  ['Tokyo', 'JP', 139.6503, 35.6762],
  ['São Paulo', 'BR', -46.6333, -23.5505],
  ['Sydney', 'AU', 151.2093, -33.8688],
  ['Nairobi', 'KE', 36.8219, -1.2921],
  ['New York', 'US', -74.006, 40.7128],
];

const SIZES: [number, number][] = [
  [40, 12],
  [80, 24],
  [120, 40],
  [160, 48],
  [300, 90],
];
const PROJECTIONS: ProjectionName[] = ['natural-earth', 'equirectangular'];
const CHARSETS: Charset[] = ['braille', 'block'];

/** Countries in the marker's cell and its eight neighbours. */
function countriesNear(cols: number, rows: number, charset: Charset, projection: ProjectionName, lon: number, lat: number): Set<string> {
  const atlas = loadAtlas();
  const base = mapBase(cols, rows, charset, projection);
  const grid = GRIDS[charset];
  const [x, y] = base.projection([lon, lat])!;
  const cx = Math.floor(x / grid.dx);
  const cy = Math.floor(y / grid.dy);
  const found = new Set<string>();
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      for (let sy = 0; sy < grid.dy; sy++) {
        for (let sx = 0; sx < grid.dx; sx++) {
          const index = countryAt(base.raster, (cx + dx) * grid.dx + sx, (cy + dy) * grid.dy + sy);
          if (index >= 0 && atlas.codeOf[index]) found.add(atlas.codeOf[index]!);
        }
      }
    }
  }
  return found;
}

describe('markers land in the right country', () => {
  for (const projection of PROJECTIONS) {
    for (const charset of CHARSETS) {
      for (const [cols, rows] of SIZES) {
        it(`${projection} ${charset} ${cols}×${rows}`, () => {
          for (const [city, code, lon, lat] of CITIES) {
            expect(countriesNear(cols, rows, charset, projection, lon, lat), `${city} at ${cols}×${rows}`).toContain(code);
          }
        });
      }
    }
  }
});

describe('country points', () => {
  const world50m = require50m();

  it.each(['FR', 'US', 'NO', 'SG', 'HK', 'MT', 'BH', 'AU', 'RU', 'CA', 'GB', 'JP', 'BR', 'ZA', 'NZ', 'ID', 'IT', 'CL'])('%s lies inside its own country in countries-50m', (code) => {
    const point = countryPoint(code)!;
    const numeric = numericOf(code);
    const shapes = world50m.filter((f) => String(f.id).padStart(3, '0') === numeric);
    expect(shapes.length).toBeGreaterThan(0);
    expect(shapes.some((f) => geoContains(f, point))).toBe(true);
  });

  it.each(['FR', 'US', 'NO', 'AU', 'BR', 'JP'])('%s lands on its own country in the 110m raster', (code) => {
    expect(countriesNear(300, 90, 'braille', 'natural-earth', ...countryPoint(code)!)).toContain(code);
  });

  it('exactly the strict point: FR and US are inside, not in the Bay of Biscay or Canada', () => {
    const atlas = loadAtlas();
    const base = mapBase(300, 90, 'braille', 'natural-earth');
    for (const code of ['FR', 'US', 'NO']) {
      const [x, y] = base.projection(countryPoint(code)!)!;
      expect(atlas.codeOf[countryAt(base.raster, x, y)]).toBe(code);
    }
  });

  it('covers every ISO 3166-1 code plus XK, each a valid lon/lat', async () => {
    const data = (await import('../../data/country-points.json', {with: {type: 'json'}})).default as unknown as {points: Record<string, [number, number]>};
    const codes = Object.keys(data.points);
    expect(codes.length).toBeGreaterThanOrEqual(249);
    for (const code of ['XK', 'SG', 'HK', 'MT', 'BH', 'RE', 'GP', 'MQ', 'GF', 'YT', 'BQ']) expect(codes).toContain(code);
    for (const [lon, lat] of Object.values(data.points)) {
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
    }
  });
});

describe('the atlas', () => {
  it('drops Antarctica and names countries by alpha-2', () => {
    const atlas = loadAtlas();
    expect(atlas.countries.some((f) => f.id === '010')).toBe(false);
    expect(atlas.indexOf.has('AQ')).toBe(false);
    for (const code of ['FR', 'US', 'BR', 'XK']) expect(atlas.indexOf.has(code)).toBe(true);
  });

  it('is fitted without Antarctica, so a height-bound map uses its whole height', () => {
    const [cols, rows] = [200, 30];
    const base = mapBase(cols, rows, 'braille', 'natural-earth');
    const landRows = Array.from({length: rows}, (_, r) => r).filter((r) => base.mask.subarray(r * cols, (r + 1) * cols).some((m) => m > 0));
    expect(landRows[0]).toBeLessThanOrEqual(1);
    expect(landRows[landRows.length - 1]).toBeGreaterThanOrEqual(rows - 2);
  });
});
