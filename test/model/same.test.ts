import {describe, expect, it} from 'vitest';
import {normaliseData} from '../../src/model/normalise.js';
import {sameEvent, samePayment, sameVisitor} from '../../src/model/same.js';

const iso = (s: number) => new Date(Date.UTC(2026, 10, 20, 14, 0, s)).toISOString();

describe('sameVisitor, sameEvent, samePayment', () => {
  const full = () =>
    normaliseData(
      {
        visitors: [
          {visitorId: 'v1', location: {city: 'Paris', region: 'FR-75', countryCode: 'FR'}, system: {browser: {name: 'Firefox'}, os: {name: 'Linux'}, device: {type: 'desktop'}},
            currentUrl: '/a', referrer: 'x.com', sessionStartTime: iso(1), visitCount: 2, latitude: 48.8, longitude: 2.3, isCustomer: false, customerEmail: 'a@b.c',
            profileData: {displayName: 'owl', isRandomName: true}, params: {utm_source: 's', utm_medium: 'm', utm_campaign: 'c', utm_content: 'x', utm_term: 't'},
            conversionLikelihood: {score: 50, confidence: 0.9, isBaseline: false, dimensionMatches: ['os'], raw: {conversionRate: 0.1, averageValue: 10, expectedValue: 1}}},
          {visitorId: 'v2'},
        ],
        recentEvents: [{_id: 'e1', type: 'signup', visitorId: 'v1', timestamp: iso(2), path: '/s', countryCode: 'FR', displayName: 'owl', amount: 3, extraData: {plan: 'pro'}}],
        recentPayments: [{_id: 'p1', timestamp: iso(3), name: 'N', email: 'n@x.y', amount: 9, currency: 'EUR', renewal: false, isNew: true}],
      },
      new Date(),
      null,
    );

  it('a change in any one field, nested ones included, makes an item different', () => {
    const {visitors: [v], events: [e], payments: [p]} = full();
    const other = (x: unknown): unknown => (typeof x === 'number' ? x + 1 : typeof x === 'boolean' ? !x : typeof x === 'string' ? x + '!' : x === null ? 'set' : x);
    const changes = <T extends object>(item: T): T[] =>
      Object.keys(item).flatMap((key): T[] => {
        const value = (item as Record<string, unknown>)[key];
        const with_ = (x: unknown) => ({...item, [key]: x}) as T;
        if (Array.isArray(value)) return [with_([...value, 'more']), with_(value.slice(1))];
        // utm and conversion may be null; an event's data is always an object.
        if (value && typeof value === 'object') return [...changes(value).map(with_), ...(key === 'data' ? [] : [with_(null)])];
        return [with_(other(value))];
      });
    for (const changed of changes(v)) expect(sameVisitor(v, changed), JSON.stringify(changed)).toBe(false);
    for (const changed of changes(e)) expect(sameEvent(e, changed), JSON.stringify(changed)).toBe(false);
    for (const changed of changes(p)) expect(samePayment(p, changed), JSON.stringify(changed)).toBe(false);
    expect(sameEvent(e, {...e, data: {...e.data, extra: null}})).toBe(false);
    expect(sameEvent(e, {...e, data: {}})).toBe(false);
    expect([sameVisitor(v, {...v}), sameEvent(e, {...e, data: {...e.data}}), samePayment(p, {...p})]).toEqual([true, true, true]);
  });
});
