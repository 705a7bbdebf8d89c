import type {Feature, FeatureCollection, Geometry} from 'geojson';
import {feature} from 'topojson-client';
import type {Topology, GeometryCollection} from 'topojson-specification';
import world from 'world-atlas/countries-110m.json' with {type: 'json'};
import countryData from '../../data/country-points.json' with {type: 'json'};

export type CountryFeature = Feature<Geometry, {name: string}> & {id?: string};

export type Atlas = {
  /** Countries without Antarctica, in a fixed order: a country's index is its position here. */
  countries: CountryFeature[];
  land: FeatureCollection<Geometry>;
  /** Feature index for an alpha-2 code, where 110m has the country. */
  indexOf: ReadonlyMap<string, number>;
  /** Alpha-2 code for a feature index, or null (N. Cyprus, Somaliland have none). */
  codeOf: readonly (string | null)[];
};

const ANTARCTICA = '010';

let cached: Atlas | null = null;

/** Parsed once per process (≈20 ms); everything after works on the result. */
export function loadAtlas(): Atlas {
  if (cached) return cached;
  // In the bundle the import is the JSON text (scripts/build.mjs): the topology is parsed here and is garbage once
  // the features are made, instead of an object literal kept (with its boilerplate) for the whole run.
  const topology = (typeof world === 'string' ? JSON.parse(world) : world) as Topology<{countries: GeometryCollection<{name: string}>}>;
  const all = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, {name: string}>).features as CountryFeature[];
  const countries = all.filter((f) => f.id !== ANTARCTICA);
  const numericToCode = new Map<string, string>();
  for (const [code, numeric] of Object.entries(countryData.numeric)) numericToCode.set(numeric, code);
  numericToCode.set('-99', 'XK');
  const codeOf = countries.map((f) => {
    if (f.properties?.name === 'Kosovo') return 'XK';
    return f.id ? numericToCode.get(String(f.id)) ?? null : null;
  });
  const indexOf = new Map<string, number>();
  codeOf.forEach((code, i) => code && indexOf.set(code, i));
  cached = {countries, land: {type: 'FeatureCollection', features: countries}, indexOf, codeOf};
  return cached;
}

const points = countryData.points as unknown as Record<string, [number, number]>;

/** The country's point (centroid of its largest polygon, from countries-50m), or null for an unknown code. */
export function countryPoint(code: string): [number, number] | null {
  return points[code] ?? null;
}
