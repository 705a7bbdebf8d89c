import {geoEquirectangular, geoNaturalEarth1, geoPath} from 'd3-geo';
import {describe, expect, it} from 'vitest';
import {loadAtlas} from '../../src/map/atlas.js';
import {LAND_BOUNDS_AT_150} from '../../src/map/projection.js';

describe('land bounds', () => {
  it('are the ones d3 finds for the atlas, for each projection', () => {
    const land = loadAtlas().land;
    const make = {'natural-earth': geoNaturalEarth1, equirectangular: geoEquirectangular};
    for (const [name, bounds] of Object.entries(LAND_BOUNDS_AT_150)) {
      expect(geoPath(make[name as keyof typeof make]().scale(150).translate([0, 0])).bounds(land)).toEqual(bounds);
    }
  });
});
