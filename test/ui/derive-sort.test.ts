// derive's sorting without comparison callbacks: the ISO reader and the stable descending order agree with
// Date.parse and with a plain stable sort, on random input including ties, -Infinity and invalid dates.
import {describe, expect, it} from 'vitest';
import {createRandom} from '../../src/demo/random.js';
import {isoTime, orderDescending, rankScores, sortVisitors} from '../../src/ui/derive.js';
import {normaliseData} from '../../src/model/normalise.js';

const random = createRandom(42);
const int = (n: number) => Math.floor(random() * n);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('isoTime', () => {
  it('reads canonical UTC times exactly as Date.parse does, and anything else through it', () => {
    const samples: string[] = ['2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '2026-04-31T12:00:00.000Z', '2026-13-01T00:00:00.000Z',
      '0099-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2000-01-01T24:00:00.000Z', '2026-11-20T14:09:12Z', '2026-11-20T14:09:1x.000Z',
      '1600-03-01T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '9999-12-31T23:59:59.999Z', 'not a date at all, 24 ch', ''];
    for (let i = 0; i < 5000; i++) {
      samples.push(`${pad(int(10000), 4)}-${pad(int(14), 2)}-${pad(int(33), 2)}T${pad(int(26), 2)}:${pad(int(62), 2)}:${pad(int(62), 2)}.${pad(int(1000), 3)}Z`);
      samples.push(new Date(int(4e12) - 1e12).toISOString());
    }
    for (const s of samples) expect([s, isoTime(s)]).toEqual([s, Date.parse(s)]);
  });
});

describe('orderDescending', () => {
  it('is a stable descending sort (ties in position order, NaN as -Infinity)', () => {
    for (let round = 0; round < 300; round++) {
      const n = int(60);
      const pool = [-Infinity, Infinity, -0, 0, NaN, 1.5, -3, 1e12];
      const keys = Float64Array.from({length: n}, () => (random() < 0.3 ? pool[int(pool.length)] : int(8)));
      const clean = Array.from(keys, (k) => (Number.isNaN(k) ? -Infinity : k));
      const expected = clean.map((k, i) => ({k, i})).sort((a, b) => (b.k > a.k ? 1 : b.k < a.k ? -1 : a.i - b.i)).map((x) => x.i);
      expect(Array.from(orderDescending(keys))).toEqual(expected);
    }
    expect(Array.from(orderDescending(new Float64Array(0)))).toEqual([]);
  });

  it('sorts visitors as before: newest first by session start, scores best first, ties in API order', () => {
    const raw = Array.from({length: 200}, (_, i) => ({
      visitorId: `v${i}`,
      sessionStartTime: random() < 0.1 ? null : new Date(Date.UTC(2026, 10, 20, 12, int(5), int(3))).toISOString(),
      conversionLikelihood: random() < 0.3 ? null : {score: int(5) * 10, confidence: random() < 0.5 ? 0.5 : 0.9},
    }));
    const visitors = normaliseData({visitors: raw}, new Date(0), null).visitors;
    const start = (s: string | null) => (s ? Date.parse(s) : -Infinity);
    const byNewest = [...visitors].sort((a, b) => start(b.sessionStart) - start(a.sessionStart) || 0);
    expect(sortVisitors(visitors, 'newest').map((v) => v.id)).toEqual(byNewest.map((v) => v.id));
    const scored = visitors.filter((v) => v.conversion?.score != null);
    const key = (v: (typeof visitors)[number]) => v.conversion!.score! * 10 + (v.conversion!.confidence ?? 0);
    expect(rankScores(visitors).map((v) => v.id)).toEqual([...scored].sort((a, b) => key(b) - key(a)).map((v) => v.id));
  });
});

describe('derive without the Now pane', () => {
  it('leaves now empty, and the next poll with the pane shows counts, not changes', async () => {
    const {applySnapshot} = await import('../../src/model/feed.js');
    const {derive} = await import('../../src/ui/derive.js');
    const raw = (n: number) => Array.from({length: n}, (_, i) => ({visitorId: `v${i}`, currentUrl: i % 2 ? '/a' : '/b', location: {countryCode: 'FR'}}));
    const feed1 = applySnapshot(null, normaliseData({visitors: raw(4)}, new Date(0), null));
    const feed2 = applySnapshot(feed1, normaliseData({visitors: raw(6)}, new Date(2000), null));
    const skipped = derive(feed1, 'newest', '', {now: false});
    expect(skipped.now.total).toBe(0);
    expect(skipped.nowRows).toEqual([]);
    expect(skipped.visitors).toHaveLength(4);
    const back = derive(feed2, 'newest', '', {previous: skipped});
    expect(back.now).toEqual(derive(feed2, 'newest').now);
    expect(back.nowRows.every((r) => r.delta === null)).toBe(true);
    // With the pane all along, the second poll counts changes.
    const shown = derive(feed2, 'newest', '', {previous: derive(feed1, 'newest')});
    expect(shown.nowRows.find((r) => r.section === 'pages' && r.key === '/a')?.delta).toBe(1);
  });
});
