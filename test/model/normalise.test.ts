import {describe, expect, it} from 'vitest';
import {normaliseData} from '../../src/model/normalise.js';
import {fixture} from '../helpers/fixtures.js';

const at = new Date('2026-11-20T14:10:00.000Z');
const norm = (data: unknown) => normaliseData(data, at, null);

describe('normaliseData — the older shape (system.* objects)', () => {
  const s = norm(fixture('realtime-map.objects.json').data);

  it('reads every documented field', () => {
    const denver = s.visitors[0];
    expect(denver).toMatchObject({
      id: '7d0c2f4e-51a8-4a33-9a51-0f6f2b8e1c01', city: 'Denver', region: 'US-CO', countryCode: 'US', lat: 39.7392, lon: -104.9903,
      browser: 'Chrome', os: 'Mac OS', device: 'desktop', url: '/pricing', referrer: 'news.ycombinator.com',
      sessionStart: '2026-11-20T14:02:11.000Z', visitCount: 3, name: 'amber-otter', nameIsRandom: true, isCustomer: false,
      utm: {source: 'hn', medium: 'social', campaign: 'launch', content: null, term: null},
    });
    expect(denver.conversion).toMatchObject({score: 72, confidence: 0.81, isBaseline: false, expectedValue: 1.51, dimensionMatches: ['device', 'os', 'country', 'referrer']});
    expect(s.visitors[1]).toMatchObject({name: 'Claire Martin', isCustomer: true, email: 'claire@example.com', nameIsRandom: false});
  });

  it('keeps count, predictions and metrics; drops invisible payments', () => {
    expect(s.count).toBe(4);
    expect(s.hasConversionPredictions).toBe(true);
    expect(s.conversionMetrics).toEqual({baselineConversionRate: 0.0044, baselineAverageValue: 243.63});
    expect(s.payments.map((p) => p.id)).toEqual(['6741a2b3c4d5e6f708192a40', '6741a2b3c4d5e6f708192a41']);
    expect(s.payments[1]).toMatchObject({name: 'Jonas Weber', currency: 'EUR', renewal: true, isNew: false, amount: 19});
  });

  it('reads events with their parameters', () => {
    expect(s.events[0]).toEqual({
      id: '6741a2b3c4d5e6f708192a3b', type: 'signup', visitorId: '7d0c2f4e-51a8-4a33-9a51-0f6f2b8e1c01', timestamp: '2026-11-20T14:09:12.000Z',
      path: '/pricing', countryCode: 'US', name: 'amber-otter', amount: null, data: {plan: 'pro'},
    });
  });

  it('a visitor without coordinates keeps null, not 0', () => {
    const singapore = s.visitors.find((v) => v.city === 'Singapore')!;
    expect(singapore.lat).toBeNull();
    expect(singapore.lon).toBeNull();
  });
});

describe('normaliseData — the newer shape (system.* strings)', () => {
  const s = norm(fixture('realtime-map.strings.json').data);
  it('reads strings, nulls and missing fields', () => {
    expect(s.visitors[0]).toMatchObject({city: 'São Paulo', countryCode: 'BR', browser: 'Chrome', os: 'Android', device: 'mobile', url: 'https://example.com/pt/precos?ref=ig', name: null, referrer: null, visitCount: null, utm: null, conversion: null, isCustomer: false});
    expect(s.visitors[1]).toMatchObject({city: null, countryCode: 'DE', browser: 'Safari', os: null, device: null, url: null});
    expect(s.visitors[2].countryCode).toBeNull();
    expect(s.conversionMetrics).toBeNull();
    expect(s.hasConversionPredictions).toBe(false);
  });

  it('the published example (count larger than the list)', () => {
    const e = norm(fixture('realtime-map.seed-example.json').data);
    expect(e.count).toBe(2);
    expect(e.visitors).toHaveLength(1);
    expect(e.visitors[0]).toMatchObject({city: 'Paris', countryCode: 'FR', browser: 'Chrome', device: 'desktop', os: null});
  });
});

describe('normaliseData — odd values never fail a poll', () => {
  it('turns every wrong type into null and keeps the rest', () => {
    const s = norm({
      count: 'many',
      visitors: [
        null,
        42,
        'visitor',
        {visitorId: 7, location: 'Paris', system: null, latitude: '48.8', longitude: NaN, visitCount: '3', isCustomer: 'yes', params: [], profileData: 'x', conversionLikelihood: {score: '80', dimensionMatches: 'all', raw: null}},
        {visitorId: 'ok', location: {city: 12, countryCode: 'fra'}, system: {browser: {name: 5}, os: {}, device: {type: null}}, latitude: 91, longitude: -181},
        {visitorId: 'cc', location: {countryCode: 'gb'}, latitude: -90, longitude: 180},
        {visitorId: 'inf', latitude: Infinity, longitude: Number.POSITIVE_INFINITY * -1},
      ],
      recentEvents: [null, {type: 'signup'}, {_id: 1, extraData: {n: 3, b: true, o: {x: 1}, s: 'v'}}],
      recentPayments: {not: 'a list'},
      conversionMetrics: [],
      hasConversionPredictions: 'true',
    });
    expect(s.count).toBe(7);
    expect(s.visitors).toHaveLength(7);
    expect(s.visitors[0].id).toBe('unknown-0');
    const odd = s.visitors[3];
    expect(odd).toMatchObject({id: 'unknown-3', city: null, lat: null, lon: null, visitCount: null, isCustomer: false, utm: null, name: null});
    expect(odd.conversion).toMatchObject({score: null, dimensionMatches: [], expectedValue: null});
    expect(s.visitors[4]).toMatchObject({city: null, countryCode: null, lat: null, lon: null, browser: null, os: null, device: null});
    expect(s.visitors[5]).toMatchObject({countryCode: 'GB', lat: -90, lon: 180});
    expect(s.visitors[6]).toMatchObject({lat: null, lon: null});
    expect(s.events).toHaveLength(3);
    expect(s.events[2].data).toEqual({n: '3', b: 'true', o: null, s: 'v'});
    expect(s.payments).toEqual([]);
    expect(s.conversionMetrics).toBeNull();
    expect(s.hasConversionPredictions).toBe(false);
  });

  it('count: a number wins even when the list is shorter; a negative or missing one falls back to the list', () => {
    expect(norm({count: 120, visitors: [{}]}).count).toBe(120);
    expect(norm({count: -1, visitors: [{}, {}]}).count).toBe(2);
    expect(norm({visitors: [{}, {}, {}]}).count).toBe(3);
    expect(norm(null).count).toBe(0);
  });

  it('country codes: upper-cased, exactly two letters', () => {
    const codes = ['us', 'Fr', 'USA', 'U', '1A', ' de', 'XK', ''].map((c) => norm({visitors: [{location: {countryCode: c}}]}).visitors[0].countryCode);
    expect(codes).toEqual(['US', 'FR', null, null, null, null, 'XK', null]);
  });

  it('name: the profile display name first, else the customer name', () => {
    const v = norm({visitors: [{customerName: 'Real Name', profileData: {displayName: null}}, {customerName: 'Real', profileData: {displayName: 'Shown'}}]}).visitors;
    expect(v.map((x) => x.name)).toEqual(['Real Name', 'Shown']);
  });

  it('payments: customerName when name is missing; visible:false dropped, missing visible kept', () => {
    const p = norm({recentPayments: [{_id: 'a', customerName: 'C', amount: 5, currency: 'USD'}, {_id: 'b', visible: false}, {_id: 'c', visible: true}]}).payments;
    expect(p.map((x) => [x.id, x.name])).toEqual([['a', 'C'], ['c', null]]);
  });
});
