import {describe, expect, it} from 'vitest';
import {applySnapshot} from '../../src/model/feed.js';
import {jsonLine, toJsonSnapshot} from '../../src/model/json.js';
import {normaliseData} from '../../src/model/normalise.js';
import {fixture} from '../helpers/fixtures.js';

describe('the --json interface', () => {
  const feed = applySnapshot(null, normaliseData(fixture('realtime-map.objects.json').data, new Date('2026-11-20T14:10:00Z'), '665f0b3c4d2e1a0012345678'));
  const json = toJsonSnapshot(feed);

  it('has exactly the documented keys, in order', () => {
    expect(Object.keys(json)).toEqual(['fetchedAt', 'websiteId', 'count', 'visitors', 'events', 'payments', 'hasConversionPredictions', 'conversionMetrics']);
    expect(Object.keys(json.visitors[0])).toEqual(['id', 'city', 'region', 'countryCode', 'lat', 'lon', 'browser', 'os', 'device', 'url', 'referrer', 'sessionStart', 'visitCount', 'name', 'isCustomer', 'utm', 'conversion']);
    expect(Object.keys(json.visitors[0].utm!)).toEqual(['source', 'medium', 'campaign', 'content', 'term']);
    expect(Object.keys(json.visitors[0].conversion!)).toEqual(['score', 'confidence', 'isBaseline', 'expectedValue']);
    expect(Object.keys(json.events[0])).toEqual(['id', 'type', 'visitorId', 'timestamp', 'path', 'countryCode', 'name', 'amount', 'data']);
    expect(Object.keys(json.payments[0])).toEqual(['id', 'timestamp', 'name', 'email', 'amount', 'currency', 'renewal', 'isNew']);
    expect(json.fetchedAt).toBe('2026-11-20T14:10:00.000Z');
    expect(json.websiteId).toBe('665f0b3c4d2e1a0012345678');
  });

  it('is one line that parses back to the same object', () => {
    const line = jsonLine(feed);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(json)));
  });

  it('carries hostile strings cleaned by the normaliser, and never a raw control on the line', () => {
    const hostile = applySnapshot(null, normaliseData(fixture('hostile.json').data, new Date(), null));
    const line = jsonLine(hostile);
    expect(line.trimEnd()).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(line).not.toMatch(/\\u00(1b|07|9b|9d)/i);
    expect(JSON.parse(line).visitors[0].city).toBe('Paris');
  });

  it('lists every payment and event of one answer, past the history caps', () => {
    const payments = Array.from({length: 250}, (_, i) => ({_id: `p${i}`, amount: 1, currency: 'USD', timestamp: '2026-11-20T14:05:00Z'}));
    const events = Array.from({length: 400}, (_, i) => ({_id: `e${i}`, type: 'signup', timestamp: '2026-11-20T14:05:00Z'}));
    const line = JSON.parse(jsonLine(applySnapshot(null, normaliseData({recentPayments: payments, recentEvents: events}, new Date('2026-11-20T14:10:00Z'), null))));
    expect(line.payments).toHaveLength(250);
    expect(line.events).toHaveLength(400);
  });
});
