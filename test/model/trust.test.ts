import {afterEach, describe, expect, it} from 'vitest';
import {applySnapshot} from '../../src/model/feed.js';
import {jsonLine} from '../../src/model/json.js';
import {AMOUNT_LIMIT, EXTRA_DATA_LIMIT, normaliseData, TEXT_LIMIT, timestamp, URL_LIMIT} from '../../src/model/normalise.js';
import {clearSecrets, registerSecret} from '../../src/model/redact.js';
import {fixture} from '../helpers/fixtures.js';

const at = new Date('2026-11-20T14:10:00.000Z');
const norm = (data: unknown) => normaliseData(data, at, null);

/** Every control, escape introducer, C1, bidi and invisible character a terminal could act on or mis-measure. */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/;

/** Every string anywhere in a value, with its path, object keys included. */
function strings(value: unknown, where = '$'): [string, string][] {
  if (typeof value === 'string') return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    if (value instanceof Set) return [...value].flatMap((v, i) => strings(v, `${where}{${i}}`));
    return Object.entries(value).flatMap(([k, v]) => [[`${where}.<key ${k}>`, k] as [string, string], ...strings(v, `${where}.${k}`)]);
  }
  return [];
}

describe('the hostile corpus: every string field the normaliser outputs is clean', () => {
  const snapshot = norm(fixture('hostile.json').data);

  it('no field, key or id holds an escape, control, C1, bidi or invisible character, or the payload text', () => {
    const all = strings(snapshot);
    expect(all.length).toBeGreaterThan(80);
    for (const [where, s] of all) {
      expect(s, where).not.toMatch(UNSAFE);
      expect(s, where).not.toMatch(/PWNED|pwned|cm0gLXJmIH4/);
    }
  });

  it('keeps the visible text around the payloads', () => {
    const [paris, tokyo, berlin] = snapshot.visitors;
    expect(paris).toMatchObject({id: 'evil-1', city: 'Paris', region: 'Ile-de-France', browser: 'Chrome', os: 'SOmac', device: 'desktop', url: '/pricingclick', referrer: 't.co'});
    expect(paris.utm).toEqual({source: 'news', medium: 'social', campaign: 'launch', content: 'hero', term: 'analytics'});
    expect(paris.conversion?.dimensionMatches).toEqual(['device', 'country']);
    expect(tokyo).toMatchObject({id: 'evil-2', city: 'Tok yo', browser: 'Firefox', countryCode: 'JP', url: 'https://x.example/ok'});
    expect(berlin).toMatchObject({city: 'Berlin', countryCode: null, sessionStart: null, email: 'mallory@example.com', name: 'Mallory Customer'});
    expect(snapshot.events[0]).toMatchObject({id: 'e1', type: 'signup', visitorId: 'evil-1', path: '/p', name: 'Mallory', data: {plan: 'pro', seats: 'five', count: '3'}});
    expect(snapshot.events[1]).toMatchObject({type: 'pageview', timestamp: null, countryCode: null, amount: 12});
    expect(snapshot.payments.map((p) => [p.id, p.name, p.email])).toEqual([
      ['p1', 'Eve', 'eve@x.example'],
      ['p2', 'Oscar', 'oscar@example.com'],
      ['p3', 'Clipboard', 'c@example.com'],
      ['p4', 'Peggy', null],
    ]);
  });

  it('a currency that is not three ASCII letters is null, whatever it carries', () => {
    expect(snapshot.payments.map((p) => p.currency)).toEqual([null, null, null, null]);
    expect(snapshot.payments.map((p) => p.amount)).toEqual([49, 19, 5, 7]);
  });

  it('the --json line holds none of the bytes either', () => {
    const line = jsonLine(applySnapshot(null, snapshot));
    expect(line.trimEnd()).not.toMatch(UNSAFE);
    expect(line).not.toMatch(/\\u00[01][0-9a-f]|\\u00[89][0-9a-f]|\\u20(2[a-e]|6[0-9])|PWNED/i);
  });
});

describe('currency codes', () => {
  it.each([
    ['USD', 'USD'],
    ['usd', 'USD'],
    [' eur ', 'EUR'],
    ['US', null],
    ['DOLLARS', null],
    ['U$D', null],
    ['ÉUR', null],
    ['', null],
    [840, null],
    [null, null],
  ])('%j → %j', (currency, expected) => {
    expect(norm({recentPayments: [{_id: 'p', amount: 1, currency}]}).payments[0].currency).toBe(expected);
  });
});

describe('long strings are cut before anything measures them', () => {
  it('a 128K-character non-ASCII URL is cut to URL_LIMIT, other fields to TEXT_LIMIT', () => {
    const url = '/' + 'é日'.repeat(64 * 1024);
    const s = norm({
      visitors: [{visitorId: 'v', currentUrl: url, referrer: url, location: {city: 'ü'.repeat(100_000)}, profileData: {displayName: '名'.repeat(100_000)}}],
      recentEvents: [{_id: 'e', path: url, type: 'x'.repeat(10_000), extraData: {k: 'v'.repeat(10_000)}}],
    });
    const v = s.visitors[0];
    expect(v.url).toHaveLength(URL_LIMIT);
    expect(v.url!.startsWith('/é日é日')).toBe(true);
    expect(v.referrer).toHaveLength(URL_LIMIT);
    expect(v.city).toHaveLength(TEXT_LIMIT);
    expect(v.name).toHaveLength(TEXT_LIMIT);
    expect(s.events[0].path).toHaveLength(URL_LIMIT);
    expect(s.events[0].type).toHaveLength(TEXT_LIMIT);
    expect(s.events[0].data.k).toHaveLength(TEXT_LIMIT);
  });

  it('the cut never leaves half of a surrogate pair', () => {
    const s = norm({visitors: [{location: {city: 'a' + '😀'.repeat(TEXT_LIMIT)}}]});
    const city = s.visitors[0].city!;
    expect(city.length).toBe(TEXT_LIMIT - 1);
    expect(city.endsWith('😀')).toBe(true);
    expect(city).not.toContain('\ufffd');
  });

  it('lone surrogates become U+FFFD (one column, as the terminal draws it)', () => {
    const s = norm({visitors: [{location: {city: 'a\ud800b\udc00c'}, currentUrl: '/x\udbff'}]});
    expect(s.visitors[0].city).toBe('a\ufffdb\ufffdc');
    expect(s.visitors[0].url).toBe('/x\ufffd');
  });

  it('whitespace-only or emptied fields are null; fields are trimmed', () => {
    const s = norm({visitors: [{location: {city: '  \x1b[2J ', region: ' Bavaria\n'}}]});
    expect(s.visitors[0]).toMatchObject({city: null, region: 'Bavaria'});
  });

  it('at most EXTRA_DATA_LIMIT goal parameters; a "__proto__" key stays data', () => {
    const extra = Object.fromEntries(Array.from({length: 100}, (_, i) => [`k${i}`, String(i)]));
    const s = norm({recentEvents: [{_id: 'a', extraData: extra}, {_id: 'b', extraData: JSON.parse('{"__proto__": "x", "ok": "y"}')}]});
    expect(Object.keys(s.events[0].data)).toHaveLength(EXTRA_DATA_LIMIT);
    expect(Object.getPrototypeOf(s.events[1].data)).toBe(Object.prototype);
    expect(Object.entries(s.events[1].data)).toEqual([['__proto__', 'x'], ['ok', 'y']]);
  });
});

describe('numbers out of range are clamped or hidden', () => {
  it('count: a whole non-negative number up to a billion, else the list length', () => {
    const counts = [1.5, 2.9, 1e302, -3, Infinity, 2e9, '7'].map((count) => norm({count, visitors: [{}, {}]}).count);
    expect(counts).toEqual([1, 2, 2, 2, 2, 2, 2]);
    // JSON has no Infinity, but 1e999 parses to it.
    expect(norm(JSON.parse('{"count": 1e999, "visitors": []}')).count).toBe(0);
  });

  it('scores 0–100, confidence and rates 0–1 (clamped), expected and average values are money', () => {
    const c = (conversionLikelihood: unknown) => norm({visitors: [{conversionLikelihood}]}).visitors[0].conversion;
    expect(c({score: 104, confidence: 7, raw: {conversionRate: 1.5, averageValue: 1e302, expectedValue: -1e13}})).toMatchObject({score: 100, confidence: 1, conversionRate: 1, averageValue: null, expectedValue: null});
    expect(c({score: -3, confidence: -0.5, raw: {conversionRate: -1, averageValue: 49.5, expectedValue: 0.2}})).toMatchObject({score: 0, confidence: 0, conversionRate: 0, averageValue: 49.5, expectedValue: 0.2});
    expect(norm({conversionMetrics: {baselineConversionRate: 1e302, baselineAverageValue: 1e302}}).conversionMetrics).toEqual({baselineConversionRate: 1, baselineAverageValue: null});
  });

  it('amounts: finite and below 1e12 in size, else null (never $∞); refunds stay negative', () => {
    const amounts = [49, -20, 1e302, AMOUNT_LIMIT, AMOUNT_LIMIT - 1, '49'].map((amount) => norm({recentPayments: [{_id: 'p', amount}]}).payments[0].amount);
    expect(amounts).toEqual([49, -20, null, null, AMOUNT_LIMIT - 1, null]);
    expect(norm({recentEvents: [{_id: 'e', amount: 1e300}]}).events[0].amount).toBeNull();
  });

  it('visitCount: a whole non-negative number', () => {
    const counts = [3, 2.7, -1, 1e302].map((visitCount) => norm({visitors: [{visitCount}]}).visitors[0].visitCount);
    expect(counts).toEqual([3, 2, null, null]);
  });
});

describe('timestamps are ISO strings in UTC, whatever the viewer\'s time zone', () => {
  it.each([
    ['2026-11-20T14:09:12.000Z', '2026-11-20T14:09:12.000Z'],
    ['2026-11-20T14:09:12Z', '2026-11-20T14:09:12.000Z'],
    ['2026-11-20T14:09:12', '2026-11-20T14:09:12.000Z'],
    ['2026-11-20 14:09:12', '2026-11-20T14:09:12.000Z'],
    ['2026-11-20T14:09:12.123456', '2026-11-20T14:09:12.123Z'],
    ['2026-11-20T14:09', '2026-11-20T14:09:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T15:09:12+01:00', '2026-11-20T14:09:12.000Z'],
    ['2026-11-20T09:39:12-0430', '2026-11-20T14:09:12.000Z'],
    ['2026-11-21T00:09:12+10', '2026-11-20T14:09:12.000Z'],
    ['Fri, 20 Nov 2026 14:09:12 GMT', '2026-11-20T14:09:12.000Z'],
    [1795183752, '2026-11-20T14:09:12.000Z'],
    [1795183752.5, '2026-11-20T14:09:12.500Z'],
    [1795183752000, '2026-11-20T14:09:12.000Z'],
    ['1795183752', '2026-11-20T14:09:12.000Z'],
    ['1795183752000', '2026-11-20T14:09:12.000Z'],
  ])('%j → %s', (input, expected) => {
    expect(timestamp(input)).toBe(expected);
    expect(norm({recentPayments: [{_id: 'p', timestamp: input}]}).payments[0].timestamp).toBe(expected);
  });

  it.each([['2026-02-31T00:00:00Z'], ['2026-13-01T00:00:00Z'], ['Nov 20 2026 14:09'], ['yesterday'], [''], [0], [-5], [1e20], ['2026'], [true], [null], [NaN]])('%j → null', (input) => {
    expect(timestamp(input)).toBeNull();
  });

  it('a timestamp already in the canonical form comes back as it is; canonical-looking impossible ones are still refused or rolled as before', () => {
    for (const t of ['2026-11-20T14:09:12.000Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:01.000Z', '9999-12-31T23:59:59.999Z']) expect(timestamp(t)).toBe(t);
    for (const t of ['2026-02-29T10:00:00.000Z', '2100-02-29T00:00:00.000Z', '2026-11-31T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2026-11-2xT00:00:00.000Z']) {
      expect(timestamp(t), t).toBeNull();
    }
    // What the full parse makes of them: hour 24 and second 60 roll over; lower case and spaces are accepted.
    expect(timestamp('2026-11-20T24:00:00.000Z')).toBe('2026-11-21T00:00:00.000Z');
    expect(timestamp('2026-11-20T23:59:60.000Z')).toBe('2026-11-21T00:00:00.000Z');
    expect(timestamp(' 2026-11-20t14:09:12.000z ')).toBe('2026-11-20T14:09:12.000Z');
  });

  it('events, payments and session starts are all normalised', () => {
    const s = norm({
      visitors: [{sessionStartTime: '2026-11-20T14:02:11'}],
      recentEvents: [{_id: 'e', timestamp: 1795183752}],
      recentPayments: [{_id: 'p', timestamp: '2026-11-20T14:06:55'}],
    });
    expect([s.visitors[0].sessionStart, s.events[0].timestamp, s.payments[0].timestamp]).toEqual(['2026-11-20T14:02:11.000Z', '2026-11-20T14:09:12.000Z', '2026-11-20T14:06:55.000Z']);
  });
});

describe('a registered secret never comes out of the normaliser', () => {
  const KEY = 'df_live_secret_key_987654321';
  afterEach(() => clearSecrets());

  it('is redacted in every field, even when escape sequences are wrapped around or inside it', () => {
    registerSecret(KEY);
    const s = norm({
      visitors: [{
        visitorId: KEY,
        location: {city: `Bearer ${KEY}`, region: `\x1b[${KEY}`},
        currentUrl: `/x?key=${KEY.slice(0, 10)}\x1b[0m${KEY.slice(10)}`,
        profileData: {displayName: `\x1b]0;${KEY}`},
      }],
      recentEvents: [{_id: 'e', extraData: {[KEY]: KEY}}],
      recentPayments: [{_id: 'p', name: KEY, currency: 'USD', amount: 1}],
    });
    const text = JSON.stringify(s);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(1));
    expect(s.visitors[0].city).toBe('Bearer [redacted]');
    expect(s.visitors[0].region).not.toContain('f_live');
    expect(s.visitors[0].url).toBe('/x?key=[redacted]');
    expect(s.events[0].data).toEqual({'[redacted]': '[redacted]'});
  });

  it('is redacted in plain ASCII text too, and a secret that a replacement makes is replaced as well', () => {
    registerSecret(KEY);
    registerSecret('acted]zz');
    const s = norm({visitors: [{customerName: `key ${KEY} end`, currentUrl: `/a/${KEY}zz`}]});
    expect(s.visitors[0].name).toBe('key [redacted] end');
    // "[redacted]zz" holds the second secret.
    expect(s.visitors[0].url).toBe('/a/[red[redacted]');
  });

  it('is redacted before the cut: a key straddling the length limit leaks no prefix', () => {
    registerSecret(KEY);
    const s = norm({visitors: [{location: {city: 'x'.repeat(TEXT_LIMIT - 8) + KEY}}]});
    expect(s.visitors[0].city!.endsWith('[redacted]'.slice(0, 8))).toBe(true);
    expect(s.visitors[0].city).not.toContain(KEY.slice(0, 6));
  });
});
