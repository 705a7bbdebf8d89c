import {describe, expect, it} from 'vitest';
import {applySnapshot} from '../../src/model/feed.js';
import {
  addTerm, filterContext, filterFeed, filteredJsonLine, matchEvent, matchVisitor, pagePath, parseFilter, referrerHost, termFor, toFilteredJson,
} from '../../src/model/filter.js';
import {toJsonSnapshot} from '../../src/model/json.js';
import {normaliseData} from '../../src/model/normalise.js';
import type {Feed, GoalEvent, Visitor} from '../../src/model/types.js';
import {fixture} from '../helpers/fixtures.js';

const feedOf = (name: string): Feed => applySnapshot(null, normaliseData(fixture(name).data, new Date('2026-11-20T14:10:00Z'), null));
const objects = feedOf('realtime-map.objects.json');
const byCity = (city: string) => objects.visitors.find((v) => v.city === city)!;
const ctx = filterContext(objects);
const matching = (expression: string, visitors: readonly Visitor[] = objects.visitors) =>
  visitors.filter((v) => matchVisitor(v, parseFilter(expression), ctx)).map((v) => v.city ?? v.countryCode ?? v.id);
const matchingEvents = (expression: string, events: readonly GoalEvent[] = objects.events) =>
  events.filter((e) => matchEvent(e, parseFilter(expression), ctx)).map((e) => e.type);

describe('parseFilter', () => {
  it('reads every field, lower-cases values and keeps the expression as typed', () => {
    const f = parseFilter('  cc:DE page:/Pricing ref:google utm:hn goal:signup device:mobile browser:Chrome os:iOS city:Berlin name:claire customer  ');
    expect(f.text).toBe('cc:DE page:/Pricing ref:google utm:hn goal:signup device:mobile browser:Chrome os:iOS city:Berlin name:claire customer');
    expect(f.terms).toEqual([
      {kind: 'field', field: 'cc', value: 'de', negate: false},
      {kind: 'field', field: 'page', value: '/pricing', negate: false},
      {kind: 'field', field: 'ref', value: 'google', negate: false},
      {kind: 'field', field: 'utm', value: 'hn', negate: false},
      {kind: 'field', field: 'goal', value: 'signup', negate: false},
      {kind: 'field', field: 'device', value: 'mobile', negate: false},
      {kind: 'field', field: 'browser', value: 'chrome', negate: false},
      {kind: 'field', field: 'os', value: 'ios', negate: false},
      {kind: 'field', field: 'city', value: 'berlin', negate: false},
      {kind: 'field', field: 'name', value: 'claire', negate: false},
      {kind: 'customer', negate: false},
    ]);
  });
  it('field names are case-insensitive and have aliases', () => {
    expect(parseFilter('CC:de Country:fr PATH:/x referrer:t.co').terms.map((t) => t.kind === 'field' && t.field)).toEqual(['cc', 'cc', 'page', 'ref']);
  });
  it('-term excludes, for fields, words, phrases and customer', () => {
    expect(parseFilter('-cc:US -chrome -"new york" -customer').terms).toEqual([
      {kind: 'field', field: 'cc', value: 'us', negate: true},
      {kind: 'text', value: 'chrome', negate: true},
      {kind: 'text', value: 'new york', negate: true},
      {kind: 'customer', negate: true},
    ]);
  });
  it('quotes group words and quote field values; an unterminated quote runs to the end', () => {
    expect(parseFilter('"new york" cc:"DE" city:"Rio de Janeiro" "open').terms).toEqual([
      {kind: 'text', value: 'new york', negate: false},
      {kind: 'field', field: 'cc', value: 'de', negate: false},
      {kind: 'field', field: 'city', value: 'rio de janeiro', negate: false},
      {kind: 'text', value: 'open', negate: false},
    ]);
  });
  it('unknown field names are free text; an empty value or a lone dash filters nothing yet', () => {
    expect(parseFilter('lang:de foo:"a b"').terms).toEqual([
      {kind: 'text', value: 'lang:de', negate: false},
      {kind: 'text', value: 'foo:a b', negate: false},
    ]);
    expect(parseFilter('cc: - page:').terms).toEqual([]);
    expect(parseFilter('').terms).toEqual([]);
  });
  it('field:=value asks for the value exactly', () => {
    expect(parseFilter('browser:=Safari ref:= -os:="Mac OS"').terms).toEqual([
      {kind: 'field', field: 'browser', value: 'safari', negate: false, exact: true},
      {kind: 'field', field: 'os', value: 'mac os', negate: true, exact: true},
    ]);
  });
  it('"customers" and a quoted "customer" are words, not the customer term', () => {
    expect(parseFilter('customers "customer"').terms).toEqual([
      {kind: 'text', value: 'customers', negate: false},
      {kind: 'text', value: 'customer', negate: false},
    ]);
  });
});

describe('matching visitors', () => {
  it('cc is exact (a comma is either); city, device, browser, os contain', () => {
    expect(matching('cc:us')).toEqual(['Denver']);
    expect(matching('cc:U')).toEqual([]);
    expect(matching('cc:fr,jp')).toEqual(['Paris', 'Tokyo']);
    expect(matching('city:pari')).toEqual(['Paris']);
    expect(matching('device:mobile')).toEqual(['Tokyo']);
    expect(matching('browser:safari')).toEqual(['Tokyo']);
    expect(matching('os:windows')).toEqual(['Paris', 'Singapore']);
  });
  it('page:/path is the path exactly (query ignored), /path* a prefix, a word anywhere in the URL', () => {
    expect(matching('page:/pricing')).toEqual(['Denver']);
    expect(matching('page:/')).toEqual(['Tokyo']);
    expect(matching('page:/blog')).toEqual([]);
    expect(matching('page:/blog*')).toEqual(['Paris']);
    expect(matching('page:launch')).toEqual(['Paris']);
    const strings = feedOf('realtime-map.strings.json');
    expect(strings.visitors.filter((v) => matchVisitor(v, parseFilter('page:/pt/precos'))).map((v) => v.city)).toEqual(['São Paulo']);
  });
  it('ref matches the referrer or utm_source; ref:direct is no referrer; utm matches utm_source', () => {
    expect(matching('ref:google')).toEqual(['Singapore']);
    expect(matching('ref:hn')).toEqual(['Denver']);
    expect(matching('ref:direct')).toEqual(['Paris']);
    expect(matching('utm:hn')).toEqual(['Denver']);
    expect(matching('utm:google')).toEqual([]);
  });
  it('exact terms leave out longer values that contain them', () => {
    const safari = {...byCity('Tokyo'), id: 's', city: 'Lyon', countryCode: 'FR', browser: 'Safari', referrer: 'https://www.t.co/x'};
    const all = [...objects.visitors, safari];
    expect(matching('browser:safari', all)).toEqual(['Tokyo', 'Lyon']);
    expect(matching('browser:=safari', all)).toEqual(['Lyon']);
    expect(matching('ref:=t.co', all)).toEqual(['Tokyo', 'Lyon']);
    expect(matching('ref:=news', all)).toEqual([]);
    expect(matching('-device:=desktop', all)).toEqual(['Tokyo', 'Lyon']);
    expect(matching('page:=pricing', all)).toEqual(['Denver']);
    expect(matching('cc:=jp', all)).toEqual(['Tokyo']);
  });
  it('goal matches visitors with a goal event of that name; profiles can add goals', () => {
    expect(matching('goal:signup')).toEqual(['Denver']);
    expect(matching('goal:pageview')).toEqual([]);
    const withProfile = filterContext(objects, new Map([[byCity('Tokyo').id, ['trial_started']]]));
    expect(objects.visitors.filter((v) => matchVisitor(v, parseFilter('goal:trial'), withProfile)).map((v) => v.city)).toEqual(['Tokyo']);
  });
  it('name matches the display name or the email; customer the paying customers', () => {
    expect(matching('name:claire')).toEqual(['Paris']);
    expect(matching('name:example.com')).toEqual(['Paris']);
    expect(matching('customer')).toEqual(['Paris']);
    expect(matching('-customer')).toEqual(['Denver', 'Tokyo', 'Singapore']);
  });
  it('free text looks through place, page, name, system, referrer; terms combine with AND; case-insensitive', () => {
    expect(matching('WINDOWS')).toEqual(['Paris', 'Singapore']);
    expect(matching('windows -cc:sg')).toEqual(['Paris']);
    expect(matching('windows desktop cc:SG docs')).toEqual(['Singapore']);
    expect(matching('otter')).toEqual(['Denver']);
    expect(matching('lang:de')).toEqual([]);
    expect(matching('"mobile safari"')).toEqual(['Tokyo']);
    expect(matching('')).toHaveLength(4);
  });
});

describe('matching events', () => {
  it('by cc, page, goal, name and free text; goal never matches pageviews', () => {
    expect(matchingEvents('cc:US')).toEqual(['signup']);
    expect(matchingEvents('page:/')).toEqual(['pageview']);
    expect(matchingEvents('goal:sign')).toEqual(['signup']);
    expect(matchingEvents('goal:page')).toEqual([]);
    expect(matchingEvents('name:heron')).toEqual(['pageview']);
    expect(matchingEvents('pro')).toEqual(['signup']);
    expect(matchingEvents('-goal:signup')).toEqual(['pageview']);
  });
  it('visitor-only fields go through the event\'s visitor; an unknown visitor does not match them', () => {
    expect(matchingEvents('device:mobile')).toEqual(['pageview']);
    expect(matchingEvents('ref:hn')).toEqual(['signup']);
    expect(matchingEvents('chrome')).toEqual(['signup']);
    const stray: GoalEvent = {id: 'x', type: 'signup', visitorId: 'gone', timestamp: null, path: '/', countryCode: 'DE', name: null, amount: null, data: {}};
    expect(matchingEvents('device:mobile', [stray])).toEqual([]);
    expect(matchingEvents('-device:mobile', [stray])).toEqual(['signup']);
    expect(matchingEvents('customer', [stray])).toEqual([]);
  });
});

describe('terms for the Now pane', () => {
  it('quotes values with spaces; addTerm adds once (AND)', () => {
    expect(termFor('browser', 'Mobile Safari')).toBe('browser:"Mobile Safari"');
    expect(termFor('page', '/pricing')).toBe('page:/pricing');
    expect(addTerm('', 'page:/pricing')).toBe('page:/pricing');
    expect(addTerm('cc:DE', 'page:/pricing')).toBe('cc:DE page:/pricing');
    expect(addTerm('cc:DE page:/Pricing ', 'page:/pricing')).toBe('cc:DE page:/Pricing');
    expect(matching(termFor('browser', 'Mobile Safari'))).toEqual(['Tokyo']);
  });
  it('paths and hosts', () => {
    expect(pagePath('https://example.com/pt/precos?ref=ig')).toBe('/pt/precos');
    expect(pagePath('https://example.com')).toBe('/');
    expect(pagePath('/docs#intro')).toBe('/docs');
    expect(pagePath(null)).toBeNull();
    expect(referrerHost('https://www.Google.com/search?q=x')).toBe('google.com');
    expect(referrerHost('news.ycombinator.com')).toBe('news.ycombinator.com');
    expect(referrerHost('t.co/abc')).toBe('t.co');
    expect(referrerHost('')).toBeNull();
  });
});

describe('filtering a feed for --once and --json', () => {
  it('keeps only what matches; payments stay; no filter is the feed itself', () => {
    const f = filterFeed(objects, parseFilter('cc:US'));
    expect(f.visitors.map((v) => v.city)).toEqual(['Denver']);
    expect(f.count).toBe(1);
    expect(f.events.map((e) => e.type)).toEqual(['signup']);
    expect(f.payments).toEqual(objects.payments);
    expect(filterFeed(objects, parseFilter(' '))).toBe(objects);
  });
  it('the JSON holds only what matches and says which filter, as the last field; without a filter it is unchanged', () => {
    const json = toFilteredJson(objects, parseFilter('device:desktop -customer'));
    expect(Object.keys(json)).toEqual([...Object.keys(toJsonSnapshot(objects)), 'filter']);
    expect(json.visitors.map((v) => v.city)).toEqual(['Denver', 'Singapore']);
    expect(json.count).toBe(2);
    expect((json as {filter?: unknown}).filter).toEqual({expression: 'device:desktop -customer', totalCount: 4});
    expect(toFilteredJson(objects, parseFilter(''))).toEqual(toJsonSnapshot(objects));
    const line = filteredJsonLine(objects, parseFilter('cc:JP'));
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line).visitors).toHaveLength(1);
    expect(JSON.parse(line).filter.expression).toBe('cc:JP');
  });
});
