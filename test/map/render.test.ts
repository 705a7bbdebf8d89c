import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import type {Charset} from '../../src/map/glyphs.js';
import {defaultCharset, MARKER_GLYPHS} from '../../src/map/glyphs.js';
import type {MapVisitor} from '../../src/map/markers.js';
import {placeVisitors} from '../../src/map/markers.js';
import {legendItems, packLegend, renderMap} from '../../src/map/render.js';
import {DEFAULT_PALETTE} from '../../src/map/palette.js';
import {fitTo, pan, WORLD_VIEW, zoomIn, zoomOut} from '../../src/map/views.js';
import {paint} from '../../src/text/style.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const visitor = (id: string, lon: number | null, lat: number | null, extra: Partial<MapVisitor> = {}): MapVisitor => ({id, lon, lat, countryCode: null, isCustomer: false, conversion: null, ...extra});
const hot = {score: 85, confidence: 0.9, isBaseline: false, expectedValue: 1, conversionRate: 0.01, averageValue: 100, dimensionMatches: []};

const VISITORS: MapVisitor[] = [
  visitor('paris', 2.35, 48.86, {countryCode: 'FR'}),
  visitor('tokyo', 139.65, 35.68, {countryCode: 'JP', isCustomer: true}),
  visitor('sp', -46.63, -23.55, {countryCode: 'BR', conversion: hot}),
  ...Array.from({length: 12}, (_, i) => visitor(`ny${i}`, -74.0, 40.71, {countryCode: 'US'})),
  ...Array.from({length: 3}, (_, i) => visitor(`syd${i}`, 151.2, -33.87, {countryCode: 'AU'})),
  visitor('de-no-coords', null, null, {countryCode: 'DE'}),
  visitor('nowhere', null, null),
  visitor('bad-code', null, null, {countryCode: 'ZZ'}),
];

const plain = (rows: ReturnType<typeof renderMap>['rows']) => rows.map((r) => paint(r, 'none'));

describe('renderMap', () => {
  for (const charset of ['braille', 'block', 'ascii'] as Charset[]) {
    for (const [cols, rows] of [[40, 12], [61, 17], [80, 24], [157, 47], [300, 90]]) {
      it(`${charset} rows are exactly ${cols} columns (×${rows})`, () => {
        const frame = renderMap({visitors: VISITORS}, {cols, rows, charset, projection: 'natural-earth'});
        expect(frame.rows).toHaveLength(rows);
        for (const line of plain(frame.rows)) expect(stringWidth(line)).toBe(cols);
        for (const line of frame.rows.map((r) => paint(r, 'truecolor'))) expect(stringWidth(line)).toBe(cols);
      });
    }
  }

  it('every glyph is one column wide', () => {
    for (const charset of ['braille', 'block', 'ascii'] as Charset[]) {
      const frame = renderMap({visitors: VISITORS}, {cols: 120, rows: 40, charset, projection: 'equirectangular'});
      for (const line of plain(frame.rows)) for (const ch of line) expect(stringWidth(ch)).toBe(1);
    }
  });

  it('one run per style change, not per character', () => {
    const frame = renderMap({visitors: VISITORS}, {cols: 120, rows: 40, charset: 'braille', projection: 'natural-earth'});
    for (const row of frame.rows) for (let i = 1; i < row.length; i++) expect(row[i].style).not.toBe(row[i - 1].style);
  });

  it('aggregates per cell and marks customers, high scores and counts, also without colour', () => {
    const frame = renderMap({visitors: VISITORS}, {cols: 80, rows: 24, charset: 'braille', projection: 'natural-earth'});
    const text = plain(frame.rows).join('\n');
    expect(text).toContain(MARKER_GLYPHS.customer); // Tokyo
    expect(text).toContain(MARKER_GLYPHS.hot); // São Paulo
    expect(text).toContain(MARKER_GLYPHS.many); // 12 in New York
    expect(text).toContain(MARKER_GLYPHS.few); // 3 in Sydney
    expect(text).toContain(MARKER_GLYPHS.one); // Paris
  });

  it('places a visitor without coordinates at its country and counts the rest as unplaced', () => {
    const frame = renderMap({visitors: VISITORS}, {cols: 80, rows: 24, charset: 'ascii', projection: 'natural-earth'});
    expect(frame.unplaced).toBe(2);
    expect(frame.placed).toBe(VISITORS.length - 2);
    expect(frame.topCountries[0]).toEqual(['US', 12]);
    const legend = packLegend(legendItems(frame), 80, 2).map((r) => paint(r, 'none')).join('\n');
    expect(legend).toContain('2 unplaced');
    expect(legend).toContain('US 12');
  });

  it('new visitors and the countries of new events and payments are styled differently for one poll', () => {
    const base = renderMap({visitors: VISITORS}, {cols: 80, rows: 24, charset: 'braille', projection: 'natural-earth'});
    const fresh = renderMap({visitors: VISITORS, freshVisitors: new Set(['paris']), eventCountries: new Set(['CA']), paymentCountries: new Set(['IN'])}, {cols: 80, rows: 24, charset: 'braille', projection: 'natural-earth'});
    expect(plain(fresh.rows)).toEqual(plain(base.rows));
    expect(fresh.rows.map((r) => paint(r, 'truecolor'))).not.toEqual(base.rows.map((r) => paint(r, 'truecolor')));
  });

  it('with no colour, land and markers still differ in every charset', () => {
    for (const charset of ['braille', 'block', 'ascii'] as Charset[]) {
      const empty = plain(renderMap({visitors: []}, {cols: 80, rows: 24, charset, projection: 'natural-earth'}).rows).join('');
      const full = plain(renderMap({visitors: VISITORS}, {cols: 80, rows: 24, charset, projection: 'natural-earth'}).rows).join('');
      for (const glyph of Object.values(MARKER_GLYPHS)) expect(empty).not.toContain(glyph);
      expect(full).toMatch(/[oO@$*]/);
    }
  });

  it('reuses the placements the dashboard computed once per poll', () => {
    const placements = placeVisitors(VISITORS);
    const a = renderMap({visitors: VISITORS}, {cols: 60, rows: 20, charset: 'braille', projection: 'natural-earth'});
    const b = renderMap({visitors: [], placements}, {cols: 60, rows: 20, charset: 'braille', projection: 'natural-earth'});
    expect(plain(b.rows)).toEqual(plain(a.rows));
  });

  it('draws again only the rows whose markers or country styles changed; the others are the same arrays', () => {
    for (const charset of ['braille', 'block', 'ascii'] as Charset[]) {
      const options = {cols: 70, rows: 21, charset, projection: 'natural-earth' as const};
      const first = renderMap({visitors: VISITORS}, options);
      // A new visitor in Cape Town: its marker and South Africa's shade change a few rows.
      const moved = [...VISITORS, visitor('cpt', 18.42, -33.92, {countryCode: 'ZA'})];
      const second = renderMap({visitors: moved}, options);
      const changed = second.rows.map((row, y) => row !== first.rows[y]);
      const fresh = renderMap({visitors: moved}, {...options, palette: {...DEFAULT_PALETTE}});
      // Every row is what a drawing from scratch (another palette object: no memo) gives.
      expect(second.rows.map((r) => paint(r, 'truecolor'))).toEqual(fresh.rows.map((r) => paint(r, 'truecolor')));
      expect(changed.filter(Boolean).length, charset).toBeGreaterThan(0);
      expect(changed.filter(Boolean).length, charset).toBeLessThan(options.rows / 2);
    }
  });

  for (const charset of ['braille', 'block', 'ascii'] as Charset[]) {
    it(`matches the golden 40×12 ${charset} map`, () => {
      const frame = renderMap({visitors: VISITORS}, {cols: 40, rows: 12, charset, projection: 'natural-earth'});
      const text = plain(frame.rows).join('\n') + '\n';
      const file = path.join(here, 'golden', `world-40x12-${charset}.txt`);
      if (!fs.existsSync(file)) fs.writeFileSync(file, text);
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
    });
  }
});

describe('views', () => {
  it('zoom in and out by factors of two, back to the world', () => {
    const z = zoomIn(zoomIn(WORLD_VIEW, [2, 48]));
    expect(z).toEqual({zoom: 4, center: [2, 48]});
    expect(zoomOut(zoomOut(z))).toEqual(WORLD_VIEW);
    expect(zoomOut(WORLD_VIEW)).toEqual(WORLD_VIEW);
  });

  it('pans by a share of the visible span, wrapping longitude and bounding latitude', () => {
    const v = pan({zoom: 2, center: [170, 0]}, 0.5, 0);
    expect(v.center![0]).toBeCloseTo(-145);
    expect(pan({zoom: 1, center: [0, 70]}, 0, 1).center![1]).toBe(80);
  });

  it('fits to the visitors: Europe only zooms in on Europe; the whole world stays at the world', () => {
    const europe = fitTo([[2.35, 48.86], [13.4, 52.52], [-3.7, 40.4]]);
    expect(europe.zoom).toBeGreaterThanOrEqual(4);
    expect(europe.center![0]).toBeGreaterThan(0);
    expect(fitTo([[-74, 40.7], [151.2, -33.9]])).toEqual(WORLD_VIEW);
    expect(fitTo([])).toEqual(WORLD_VIEW);
  });

  it('a zoomed view puts its centre in the middle of the map, and Paris still lands in France', () => {
    const frame = renderMap({visitors: [visitor('p', 2.35, 48.86)]}, {cols: 80, rows: 24, charset: 'braille', projection: 'natural-earth', view: {zoom: 8, center: [2.35, 48.86]}});
    const lines = plain(frame.rows);
    const row = lines.findIndex((l) => l.includes('o'));
    expect(Math.abs(row - 12)).toBeLessThanOrEqual(1);
    expect(Math.abs(lines[row].indexOf('o') - 40)).toBeLessThanOrEqual(1);
  });

  it('counts visitors outside a zoomed view', () => {
    const frame = renderMap({visitors: VISITORS}, {cols: 80, rows: 24, charset: 'braille', projection: 'natural-earth', view: {zoom: 8, center: [2.35, 48.86]}});
    expect(frame.offView).toBeGreaterThan(10);
  });
});

describe('defaultCharset', () => {
  it('ascii on the Linux console and dumb terminals, braille elsewhere (never half blocks)', () => {
    expect(defaultCharset('linux')).toBe('ascii');
    expect(defaultCharset('dumb')).toBe('ascii');
    expect(defaultCharset('xterm-256color')).toBe('braille');
    expect(defaultCharset(undefined)).toBe('braille');
  });
});

describe('makeProjection', () => {
  it('fits exactly as d3\'s fitExtent does, from bounds found once', async () => {
    const {geoNaturalEarth1, geoEquirectangular} = await import('d3-geo');
    const {makeProjection} = await import('../../src/map/projection.js');
    const {loadAtlas} = await import('../../src/map/atlas.js');
    const land = loadAtlas().land;
    for (const [name, make] of [['natural-earth', geoNaturalEarth1], ['equirectangular', geoEquirectangular]] as const) {
      for (const [w, h] of [[80, 48], [240, 96], [600, 360]]) {
        const ours = makeProjection(name, land, w, h, WORLD_VIEW);
        const d3 = make().fitExtent([[0.5, 0.5], [w - 0.5, h - 0.5]], land);
        expect(ours.scale()).toBeCloseTo(d3.scale(), 6);
        expect(ours.translate()[0]).toBeCloseTo(d3.translate()[0], 6);
        expect(ours.translate()[1]).toBeCloseTo(d3.translate()[1], 6);
      }
    }
  });
});
