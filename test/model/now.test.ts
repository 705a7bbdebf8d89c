import {describe, expect, it} from 'vitest';
import {applySnapshot} from '../../src/model/feed.js';
import {matchVisitor, parseFilter} from '../../src/model/filter.js';
import {normaliseData} from '../../src/model/normalise.js';
import {computeNow, NOW_DIRECT, NOW_UNKNOWN, nowRows} from '../../src/model/now.js';
import type {Visitor} from '../../src/model/types.js';
import {fixture} from '../helpers/fixtures.js';

const visitorsOf = (name: string): Visitor[] => applySnapshot(null, normaliseData(fixture(name).data, new Date('2026-11-20T14:10:00Z'), null)).visitors;
const objects = visitorsOf('realtime-map.objects.json');
const strings = visitorsOf('realtime-map.strings.json');
const table = (rows: {label: string; count: number}[]) => rows.map((r) => `${r.label} ${r.count}`);

describe('the Now pane\'s counts', () => {
  it('from the objects fixture: pages, sources (referrer host and utm_source), countries, devices, browsers', () => {
    const now = computeNow(objects);
    expect(now.total).toBe(4);
    expect(table(now.sections.pages)).toEqual(['/ 1', '/blog/launch-week 1', '/docs/api 1', '/pricing 1']);
    expect(table(now.sections.sources)).toEqual([`${NOW_DIRECT} 1`, 'google.com 1', 'hn (utm) 1', 'news.ycombinator.com 1', 't.co 1']);
    expect(table(now.sections.countries)).toEqual(['FR 1', 'JP 1', 'SG 1', 'US 1']);
    expect(table(now.sections.devices)).toEqual(['desktop 3', 'mobile 1']);
    expect(table(now.sections.browsers)).toEqual(['Chrome 1', 'Edge 1', 'Firefox 1', 'Mobile Safari 1']);
    expect(now.sections.devices.every((r) => r.delta === null)).toBe(true);
  });
  it('from the strings fixture: full URLs count by path, missing values as unknown with no filter term', () => {
    const now = computeNow(strings);
    expect(table(now.sections.pages)).toEqual(['/ 1', '/pt/precos 1', `${NOW_UNKNOWN} 1`]);
    expect(now.sections.pages.find((r) => r.label === NOW_UNKNOWN)!.term).toBeNull();
    expect(table(now.sections.countries)).toEqual(['BR 1', 'DE 1', `${NOW_UNKNOWN} 1`]);
    expect(table(now.sections.devices)).toEqual([`${NOW_UNKNOWN} 2`, 'mobile 1']);
  });
  it('sorted by count, then by name; the change since the previous poll per row', () => {
    const [denver, paris, tokyo, singapore] = objects;
    const before = computeNow([denver, paris, tokyo, singapore]);
    const moved = {...paris, url: '/pricing'};
    const twin = {...denver, id: 'twin'};
    const after = computeNow([denver, moved, twin], before);
    expect(after.sections.pages.map((r) => [r.label, r.count, r.delta])).toEqual([['/pricing', 3, 2]]);
    expect(after.sections.countries.map((r) => [r.label, r.count, r.delta])).toEqual([['US', 2, 1], ['FR', 1, 0]]);
    expect(after.sections.devices.map((r) => [r.label, r.count, r.delta])).toEqual([['desktop', 3, 0]]);
  });
  it('each row\'s filter term selects exactly the visitors the row counts', () => {
    const all = [...objects, ...strings];
    const now = computeNow(all);
    for (const row of nowRows(now)) {
      if (!row.term) continue;
      const n = all.filter((v) => matchVisitor(v, parseFilter(row.term!))).length;
      expect(n, row.term).toBe(row.count);
    }
  });
  it('a row\'s term asks for its value exactly when the plain term would take in another row', () => {
    const now = computeNow([...objects, ...strings]);
    const term = (label: string) => nowRows(now).find((r) => r.label === label)!.term;
    expect(term('Safari')).toBe('browser:=Safari');
    expect(term('Chrome')).toBe('browser:Chrome');
    expect(term('Mobile Safari')).toBe('browser:"Mobile Safari"');
    expect(term('/pricing')).toBe('page:/pricing');
    expect(term(NOW_DIRECT)).toBe('ref:direct');
    expect(term('t.co')).toBe('ref:t.co');
    expect(term('hn (utm)')).toBe('utm:hn');
  });
  it('keeps at most `limit` rows per section, the biggest', () => {
    const many = Array.from({length: 30}, (_, i) => ({...objects[0], id: `v${i}`, url: `/p${i % 12}`}));
    const now = computeNow(many, null, 5);
    expect(now.sections.pages).toHaveLength(5);
    expect(now.sections.pages.map((r) => r.count)).toEqual([3, 3, 3, 3, 3]);
    expect(now.counts.pages.size).toBe(12);
    expect(nowRows(now, 2).map((r) => r.section)).toEqual(['pages', 'pages', 'sources', 'sources', 'countries', 'devices', 'browsers']);
  });
});
