// Generates data/country-points.json: alpha-2 code → [lon, lat] for every ISO 3166-1 country plus XK,
// and alpha-2 → ISO numeric for matching world-atlas features. Run with `node scripts/country-points.mjs`.
//
// The point is the centroid of each country's largest polygon in world-atlas countries-50m (which has
// Singapore, Hong Kong, Malta, Bahrain… that 110m lacks): the centroid of a whole MultiPolygon puts France
// in the Bay of Biscay (French Guiana, Réunion) and the US north-west of the border (Alaska, Hawaii).
// The running program never loads the 50m file; it reads this JSON.
import {createRequire} from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {geoCentroid} from 'd3-geo';
import {feature} from 'topojson-client';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries');
const world = require('world-atlas/countries-50m.json');
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Places with no polygon of their own in 50m (overseas departments, tiny islands, Kosovo): capitals or centres.
const MANUAL = {
  // Fiji's polygons cross the antimeridian, which planar geometry cannot weigh: Viti Levu.
  FJ: [178.05, -17.8], KI: [172.98, 1.45],
  XK: [20.9, 42.6], RE: [55.53, -21.13], GP: [-61.55, 16.25], MQ: [-61.02, 14.64], GF: [-53.13, 3.93], YT: [45.15, -12.83],
  BQ: [-68.27, 12.18], TK: [-171.85, -9.2], CX: [105.69, -10.45], CC: [96.87, -12.16], BV: [3.4, -54.43], SJ: [16.0, 78.0],
  GI: [-5.35, 36.14], UM: [166.61, 19.28], IO: [72.42, -7.33], TV: [179.2, -8.52], PN: [-130.1, -25.07],
};

const byNumeric = new Map();
// Several features can share a code (Ashmore and Cartier Is. carry Australia's 036): pool their polygons.
for (const f of feature(world, world.objects.countries).features) {
  if (!f.id) continue;
  const id = String(f.id).padStart(3, '0');
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const known = byNumeric.get(id);
  if (known) known.geometry.coordinates.push(...polygons);
  else byNumeric.set(id, {type: 'Feature', geometry: {type: 'MultiPolygon', coordinates: [...polygons]}});
}

// Planar (lon/lat) geometry is enough to choose and check a point, and unlike spherical area it does not
// care which way a ring winds (some 50m rings wind the other way, which makes geoArea near 4π).
const ringArea = (ring) => {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(a / 2);
};

function inside(point, rings) {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

function distanceToEdges(point, rings) {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j];
      const [bx, by] = ring[i];
      const dx = bx - ax;
      const dy = by - ay;
      const t = dx || dy ? Math.max(0, Math.min(1, ((point[0] - ax) * dx + (point[1] - ay) * dy) / (dx * dx + dy * dy))) : 0;
      best = Math.min(best, Math.hypot(point[0] - ax - t * dx, point[1] - ay - t * dy));
    }
  }
  return best;
}

/**
 * The centroid of the largest polygon. Where that falls outside it or hard against its border (a crescent,
 * a long coast like Norway's), the most inland point near the centroid instead.
 */
function countryPointOf(f) {
  const rings = f.geometry.coordinates.reduce((best, p) => (ringArea(p[0]) > ringArea(best[0]) ? p : best));
  const centroid = geoCentroid({type: 'Feature', geometry: {type: 'Polygon', coordinates: rings}});
  const xs = rings[0].map((p) => p[0]);
  const ys = rings[0].map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best = null;
  let bestScore = -Infinity;
  let deepest = 0;
  for (let i = 0; i <= 60; i++) {
    for (let j = 0; j <= 60; j++) {
      const p = [x0 + ((x1 - x0) * i) / 60, y0 + ((y1 - y0) * j) / 60];
      if (!inside(p, rings)) continue;
      const depth = distanceToEdges(p, rings);
      deepest = Math.max(deepest, depth);
      const score = depth - 0.1 * Math.hypot(p[0] - centroid[0], p[1] - centroid[1]);
      if (score > bestScore) [best, bestScore] = [p, score];
    }
  }
  if (inside(centroid, rings) && distanceToEdges(centroid, rings) >= 0.5 * deepest) return centroid;
  return best ?? centroid;
}

const points = {};
const numeric = {};
const missing = [];
const alpha2Codes = Object.keys(countries.getAlpha2Codes()).concat('XK').sort();
for (const code of alpha2Codes) {
  const num = code === 'XK' ? null : countries.alpha2ToNumeric(code);
  if (num) numeric[code] = num;
  const f = num ? byNumeric.get(num) : null;
  if (MANUAL[code]) points[code] = MANUAL[code];
  else if (f) points[code] = countryPointOf(f).map((n) => Math.round(n * 100) / 100);
  else missing.push(code);
}
if (missing.length) {
  console.error(`no point for: ${missing.join(' ')}`);
  process.exit(1);
}
fs.mkdirSync(path.join(root, 'data'), {recursive: true});
fs.writeFileSync(path.join(root, 'data/country-points.json'), JSON.stringify({points, numeric}, null, 0) + '\n');
console.log(`wrote ${Object.keys(points).length} country points`);
