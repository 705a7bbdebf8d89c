import type {GeoProjection} from 'd3-geo';
import {pushRun, type Run, type Style} from '../text/style.js';
import {loadAtlas} from './atlas.js';
import {asciiGlyph, blockGlyph, brailleBit, brailleGlyph, countKind, GRIDS, MARKER_GLYPHS, MARKER_LABELS, type Charset, type MarkerKind} from './glyphs.js';
import {aggregate, placeVisitors, type MapVisitor, type Placements} from './markers.js';
import {DEFAULT_PALETTE, type MapPalette} from './palette.js';
import {makeProjection, type ProjectionName} from './projection.js';
import {rasterise, type Raster} from './raster.js';
import {viewKey, WORLD_VIEW, type View} from './views.js';

export type MapOptions = {
  cols: number;
  rows: number;
  charset: Charset;
  projection: ProjectionName;
  view?: View;
  palette?: MapPalette;
};

export type MapInput = {
  visitors: readonly MapVisitor[];
  freshVisitors?: ReadonlySet<string>;
  /** Countries of events and payments new with this poll, highlighted for one poll. */
  eventCountries?: ReadonlySet<string>;
  paymentCountries?: ReadonlySet<string>;
  /** Reuse placements computed for the same visitors (the dashboard places once per poll). */
  placements?: Placements;
};

export type MapFrame = {
  rows: Run[][];
  placed: number;
  unplaced: number;
  offView: number;
  /** Countries by active visitors, most first. */
  topCountries: [string, number][];
};

/** The land layer of one (size, charset, projection, view): computed once, reused for every poll. */
type Base = {projection: GeoProjection; raster: Raster; mask: Uint8Array; top: Int16Array; bottom: Int16Array};

const BASE_CACHE_SIZE = 6;
const baseCache = new Map<string, Base>();

function dominant(counts: Map<number, number>): number {
  let best = -1;
  let bestN = 0;
  for (const [country, n] of counts) if (n > bestN) [best, bestN] = [country, n];
  return best;
}

export function mapBase(cols: number, rows: number, charset: Charset, projectionName: ProjectionName, view: View = WORLD_VIEW): Base {
  const key = `${cols}x${rows}|${charset}|${projectionName}|${viewKey(view)}`;
  const hit = baseCache.get(key);
  if (hit) {
    baseCache.delete(key);
    baseCache.set(key, hit);
    return hit;
  }
  const atlas = loadAtlas();
  const grid = GRIDS[charset];
  const width = cols * grid.dx;
  const height = rows * grid.dy;
  const projection = makeProjection(projectionName, atlas.land, width, height, view);
  const raster = rasterise(atlas.countries, projection, width, height);
  const mask = new Uint8Array(cols * rows);
  // top/bottom: the country of the cell's upper and lower half (for braille, the most common in each half).
  const top = new Int16Array(cols * rows).fill(-1);
  const bottom = new Int16Array(cols * rows).fill(-1);
  const tally = [new Map<number, number>(), new Map<number, number>()];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let bits = 0;
      tally[0].clear();
      tally[1].clear();
      for (let row = 0; row < grid.dy; row++) {
        const y = cy * grid.dy + row;
        for (let col = 0; col < grid.dx; col++) {
          const country = raster.country[y * width + cx * grid.dx + col];
          if (country < 0) continue;
          bits |= charset === 'braille' ? brailleBit(col, row) : row < grid.dy / 2 ? 1 : 2;
          const half = tally[row < grid.dy / 2 ? 0 : 1];
          half.set(country, (half.get(country) ?? 0) + 1);
        }
      }
      const cell = cy * cols + cx;
      mask[cell] = bits;
      top[cell] = dominant(tally[0]);
      bottom[cell] = dominant(tally[1]);
    }
  }
  const base = {projection, raster, mask, top, bottom};
  baseCache.set(key, base);
  if (baseCache.size > BASE_CACHE_SIZE) baseCache.delete(baseCache.keys().next().value!);
  return base;
}

const shadeBucket = (n: number) => (n >= 20 ? 3 : n >= 5 ? 2 : n >= 2 ? 1 : 0);

/** Two-colour block cells need a style per (top, bottom) pair; interned so runs merge by identity. */
const pairStyles = new WeakMap<Style, Map<Style | null, Style>>();
function pairStyle(top: Style, bottom: Style | null): Style {
  let byBottom = pairStyles.get(top);
  if (!byBottom) pairStyles.set(top, (byBottom = new Map()));
  let style = byBottom.get(bottom);
  if (!style) byBottom.set(bottom, (style = {fg: top.fg, bg: bottom?.fg}));
  return style;
}

/** Density first: where ten or more visitors share a cell, @ or # says so even if one of them is a customer. */
export function markerKind(count: number, customers: number, hot: number): MarkerKind {
  if (count >= 10) return countKind(count);
  return customers > 0 ? 'customer' : hot > 0 ? 'hot' : countKind(count);
}

/** What the land cells of each row of a base are coloured by: the countries whose style they take. */
const rowCountriesOf = new WeakMap<Base, Int16Array[]>();
function rowCountries(base: Base, cols: number, rows: number, charset: Charset): Int16Array[] {
  let list = rowCountriesOf.get(base);
  if (list) return list;
  list = [];
  for (let cy = 0; cy < rows; cy++) {
    const seen = new Set<number>();
    for (let cx = 0; cx < cols; cx++) {
      const cell = cy * cols + cx;
      if (base.mask[cell] === 0) continue;
      if (charset === 'braille' || charset === 'ascii') seen.add(base.top[cell] >= 0 ? base.top[cell] : base.bottom[cell]);
      else {
        seen.add(base.top[cell]);
        seen.add(base.bottom[cell]);
      }
    }
    seen.delete(-1);
    list.push(Int16Array.from(seen));
  }
  rowCountriesOf.set(base, list);
  return list;
}

/**
 * The rows of the last frame drawn on a base, each with what it was drawn from (its markers and the styles of
 * its countries): a row whose inputs did not change is the same array again, made once (most rows, most polls).
 */
type RowMemo = {palette: MapPalette; inputs: string[]; rows: Run[][]};
const rowMemos = new WeakMap<Base, RowMemo>();

// A country's land style, as a code: 0 land, 1-4 a shade bucket, 5 a new event, 6 a new payment.
const LAND = 0;
const EVENT = 5;
const PAYMENT = 6;

/** The map as rows of styled runs, each exactly `cols` columns wide. Pure: no I/O, no React. */
export function renderMap(input: MapInput, options: MapOptions): MapFrame {
  const {cols, rows, charset} = options;
  const palette = options.palette ?? DEFAULT_PALETTE;
  const atlas = loadAtlas();
  const base = mapBase(cols, rows, charset, options.projection, options.view);
  const placements = input.placements ?? placeVisitors(input.visitors, input.freshVisitors);
  const cells = aggregate(placements, base.projection, cols, rows, GRIDS[charset]);

  // One land style per country index for this frame.
  const countryCode = new Uint8Array(atlas.countries.length);
  for (const [code, n] of placements.byCountry) {
    const index = atlas.indexOf.get(code);
    if (index !== undefined) countryCode[index] = 1 + shadeBucket(n);
  }
  for (const code of input.eventCountries ?? []) {
    const index = atlas.indexOf.get(code);
    if (index !== undefined) countryCode[index] = EVENT;
  }
  for (const code of input.paymentCountries ?? []) {
    const index = atlas.indexOf.get(code);
    if (index !== undefined) countryCode[index] = PAYMENT;
  }
  const styles: Style[] = [palette.land, ...palette.shade.slice(0, 4), palette.eventCountry, palette.paymentCountry];
  const styleOf = (country: number): Style | null => (country < 0 ? null : styles[countryCode[country]] ?? palette.land);

  let memo = rowMemos.get(base);
  if (!memo || memo.palette !== palette) rowMemos.set(base, (memo = {palette, inputs: [], rows: []}));
  const countriesByRow = rowCountries(base, cols, rows, charset);
  const out: Run[][] = [];
  for (let cy = 0; cy < rows; cy++) {
    let inputs = '';
    for (let cx = 0; cx < cols; cx++) {
      const cell = cy * cols + cx;
      const count = cells.count[cell];
      if (count > 0) inputs += `${cx}:${markerKind(count, cells.customers[cell], cells.hot[cell])}${cells.fresh[cell] ? '+' : ''},`;
    }
    inputs += '|';
    for (const country of countriesByRow[cy]) inputs += countryCode[country] === LAND ? '0' : String(countryCode[country]);
    if (memo.inputs[cy] === inputs) {
      out.push(memo.rows[cy]);
      continue;
    }
    const runs: Run[] = [];
    for (let cx = 0; cx < cols; cx++) {
      const cell = cy * cols + cx;
      const count = cells.count[cell];
      if (count > 0) {
        const kind = markerKind(count, cells.customers[cell], cells.hot[cell]);
        pushRun(runs, MARKER_GLYPHS[kind], cells.fresh[cell] ? palette.fresh : palette.markers[kind]);
        continue;
      }
      const mask = base.mask[cell];
      if (mask === 0) {
        pushRun(runs, ' ', null);
        continue;
      }
      if (charset === 'braille') {
        pushRun(runs, brailleGlyph(mask), styleOf(base.top[cell] >= 0 ? base.top[cell] : base.bottom[cell]));
      } else if (charset === 'ascii') {
        pushRun(runs, asciiGlyph(mask), styleOf(base.top[cell] >= 0 ? base.top[cell] : base.bottom[cell]));
      } else {
        const topStyle = styleOf(base.top[cell]);
        const bottomStyle = styleOf(base.bottom[cell]);
        if (mask === 3 && topStyle !== bottomStyle) pushRun(runs, '▀', pairStyle(topStyle!, bottomStyle));
        else pushRun(runs, blockGlyph(mask), topStyle ?? bottomStyle);
      }
    }
    memo.inputs[cy] = inputs;
    memo.rows[cy] = runs;
    out.push(runs);
  }
  const topCountries = [...placements.byCountry].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {rows: out, placed: placements.length - cells.offView, unplaced: placements.unplaced, offView: cells.offView, topCountries};
}

/** Legend items, in order of importance; `legendRows` packs them into lines. */
export function legendItems(frame: MapFrame, palette: MapPalette = DEFAULT_PALETTE): Run[][] {
  const items: Run[][] = [];
  for (const kind of ['one', 'few', 'many', 'crowd', 'customer', 'hot'] as const) {
    items.push([{text: MARKER_GLYPHS[kind], style: palette.markers[kind]}, {text: ' ' + MARKER_LABELS[kind], style: palette.legendDim}]);
  }
  if (frame.unplaced > 0) items.push([{text: `${frame.unplaced} unplaced`, style: palette.legend}]);
  if (frame.offView > 0) items.push([{text: `${frame.offView} off view`, style: palette.legend}]);
  for (const [code, n] of frame.topCountries.slice(0, 8)) {
    items.push([{text: code, style: palette.legend}, {text: ' ' + n, style: palette.legendDim}]);
  }
  return items;
}

/** Packs items into at most `maxRows` rows of exactly `width` columns (ASCII-only items). */
export function packLegend(items: Run[][], width: number, maxRows: number): Run[][] {
  const rows: Run[][] = [];
  let row: Run[] = [];
  let used = 0;
  const itemWidth = (item: Run[]) => item.reduce((n, r) => n + r.text.length, 0);
  for (const item of items) {
    const w = itemWidth(item);
    const gap = used === 0 ? 0 : 2;
    if (used + gap + w > width) {
      if (used === 0) continue;
      rows.push(row);
      if (rows.length === maxRows) break;
      row = [];
      used = 0;
      if (w > width) continue;
    }
    if (used > 0) {
      row.push({text: '  ', style: null});
      used += 2;
    }
    row.push(...item);
    used += w;
  }
  if (rows.length < maxRows && row.length) rows.push(row);
  for (const r of rows) {
    const w = r.reduce((n, run) => n + run.text.length, 0);
    if (w < width) r.push({text: ' '.repeat(width - w), style: null});
  }
  return rows;
}

/**
 * The longitude and latitude under a cell of a map drawn `cols`×`rows` (the map's own cells, legend and title
 * excluded), or null off the land's projection (outside the globe) or outside the map.
 */
export function cellToLonLat(cols: number, rows: number, charset: Charset, projectionName: ProjectionName, view: View, cx: number, cy: number): [number, number] | null {
  if (cx < 0 || cy < 0 || cx >= cols || cy >= rows) return null;
  const grid = GRIDS[charset];
  const {projection} = mapBase(cols, rows, charset, projectionName, view);
  const point = projection.invert?.([(cx + 0.5) * grid.dx, (cy + 0.5) * grid.dy]);
  if (!point || !Number.isFinite(point[0]) || !Number.isFinite(point[1]) || Math.abs(point[0]) > 180 || Math.abs(point[1]) > 90) return null;
  return [point[0], point[1]];
}
