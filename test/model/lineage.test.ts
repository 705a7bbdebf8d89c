// Lists made from the previous poll's (the loader thread's replies, src/model/lineage.ts) update what was made
// from that poll — the feed's "new" marks, the Now pane's counts, the sorted lists — from the changes only. On
// random sequences of polls (arrivals, departures, changes, reorders, equal start times, case variants of a
// page), every result equals what working it out in full from a plain copy of the list gives.
import {describe, expect, it} from 'vitest';
import {applyVisitorDelta, visitorDelta} from '../../src/cli/loader-worker.js';
import {createRandom} from '../../src/demo/random.js';
import {applySnapshot} from '../../src/model/feed.js';
import {lineageFrom} from '../../src/model/lineage.js';
import {normaliseData} from '../../src/model/normalise.js';
import {computeNow, type NowStats} from '../../src/model/now.js';
import type {Feed, Snapshot, Visitor} from '../../src/model/types.js';
import {derive, type Derived} from '../../src/ui/derive.js';

const PAGES = ['/pricing', '/Pricing', '/docs', '/', '/blog/a', 'https://x.io/docs?q=1'];
const BROWSERS = ['Chrome', 'chrome', 'Firefox', 'Mobile Safari', null];

function rawVisitor(random: () => number, id: number, mixed: boolean) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  return {
    visitorId: `v${id}`,
    location: {countryCode: pick(['US', 'FR', 'JP', null]), city: pick(['A', 'B'])},
    // A page of its own now and then: its row comes and goes with the visitor.
    currentUrl: random() < 0.2 ? `/u/${id}` : mixed ? pick(PAGES) : pick(PAGES.filter((p) => p !== '/Pricing')),
    referrer: pick(['t.co', 'google.com', null]),
    system: {browser: {name: mixed ? pick(BROWSERS) : pick(BROWSERS.filter((b) => b !== 'chrome'))}, device: {type: pick(['desktop', 'mobile'])}},
    sessionStartTime: `2026-11-20T12:0${Math.floor(random() * 3)}:00.000Z`,
    conversionLikelihood: random() < 0.3 ? null : {score: Math.floor(random() * 4) * 25, confidence: random() < 0.5 ? 0.5 : 0.9},
    params: random() < 0.2 ? {utm_source: mixed ? pick(['HN', 'hn', 'news']) : pick(['hn', 'news'])} : {},
  };
}

const snapshotOf = (raws: unknown[], t: number): Snapshot => normaliseData({visitors: raws}, new Date(Date.UTC(2026, 10, 20, 12, 5, t)), null);
const withoutBasis = (s: NowStats) => ({total: s.total, sections: s.sections, counts: s.counts});
const plain = (d: Derived) => ({...d, now: withoutBasis(d.now), sorted: undefined});

describe('lineage: updating from the changes gives what working it out in full gives (repeated ids too)', () => {
  for (const mixed of [false, true]) {
    it(`over random polls${mixed ? ' (case variants of pages and browsers)' : ''}`, () => {
      const random = createRandom(mixed ? 11 : 7);
      let nextId = 0;
      let raws = Array.from({length: 40}, () => rawVisitor(random, nextId++, mixed));
      let base: Visitor[] = snapshotOf(raws, 0).visitors;
      let feed: Feed = applySnapshot(null, {...snapshotOf(raws, 0), visitors: base});
      let plainFeed: Feed = applySnapshot(null, snapshotOf(raws, 0));
      const sorts = ['newest', 'score', 'country'] as const;
      // Each sort, unfiltered and under filters that leave most, some or few visitors (the filtered list is made
      // anew each poll: its lineage is found by identity).
      const views = sorts.flatMap((sort) => ['', '-cc:JP', 'cc:FR', 'page:/docs chrome'].map((filter) => ({key: `${sort}|${filter}`, sort, filter})));
      let derived: Record<string, Derived> = Object.fromEntries(views.map((v) => [v.key, derive(feed, v.sort, v.filter)]));
      let plainDerived: Record<string, Derived> = Object.fromEntries(views.map((v) => [v.key, derive(plainFeed, v.sort, v.filter)]));
      let filteredLineages = 0;
      let lineages = 0;
      for (let poll = 1; poll <= 60; poll++) {
        // Some leave, some change, some arrive; sometimes the API reorders.
        raws = raws.filter(() => random() > 0.05).map((r) => (random() < 0.08 ? rawVisitor(random, Number(r.visitorId.slice(1)), mixed) : r));
        for (let i = 0; i < random() * 4; i++) raws.splice(Math.floor(random() * (raws.length + 1)), 0, rawVisitor(random, nextId++, mixed));
        if (random() < 0.1) raws.reverse();
        // An answer may repeat a visitor (the same id twice): counted twice, as working it out in full counts it.
        if (random() < 0.15 && raws.length) raws.splice(Math.floor(random() * (raws.length + 1)), 0, raws[Math.floor(random() * raws.length)]);
        const fresh = snapshotOf(raws, poll);
        // What the loader thread's reply gives: the base's unchanged visitors, the changed ones, a lineage.
        const delta = structuredClone(visitorDelta(base, fresh.visitors));
        const visitors = applyVisitorDelta(base, delta.order, delta.sent, delta.arrived);
        if (lineageFrom(visitors, base)) lineages++;
        const nextFeed = applySnapshot(feed, {...fresh, visitors});
        const nextPlainFeed = applySnapshot(plainFeed, {...fresh, visitors: [...fresh.visitors]});
        expect(nextFeed).toEqual(nextPlainFeed);
        const now = computeNow(visitors, derived['newest|'].now);
        expect(withoutBasis(now)).toEqual(withoutBasis(computeNow([...visitors], withoutBasis(derived['newest|'].now))));
        const nextDerived: Record<string, Derived> = {};
        const nextPlain: Record<string, Derived> = {};
        for (const {key, sort, filter} of views) {
          nextDerived[key] = derive(nextFeed, sort, filter, {previous: derived[key]});
          nextPlain[key] = derive(nextPlainFeed, sort, filter, {previous: plain(plainDerived[key])});
          expect(plain(nextDerived[key]), key).toEqual(plain(nextPlain[key]));
          expect(nextDerived[key].visitors.map((v) => v.id), key).toEqual(nextPlain[key].visitors.map((v) => v.id));
          expect(nextDerived[key].scores.map((v) => v.id), key).toEqual(nextPlain[key].scores.map((v) => v.id));
          const source = nextDerived[key].sorted?.scores.source;
          if (filter && source && lineageFrom(source, derived[key].sorted?.scores.source)) filteredLineages++;
        }
        base = visitors;
        feed = nextFeed;
        plainFeed = nextPlainFeed;
        derived = nextDerived;
        plainDerived = nextPlain;
      }
      expect(lineages).toBeGreaterThan(40);
      // Filtered lists were updated from their previous poll's, for every filter, nearly every poll.
      expect(filteredLineages).toBeGreaterThan(9 * 50);
    });
  }

  it('a list with no lineage, or from another base, is worked out in full', () => {
    const random = createRandom(3);
    const a = snapshotOf(Array.from({length: 5}, (_, i) => rawVisitor(random, i, false)), 0).visitors;
    const b = [...a.slice(1), a[0]];
    expect(lineageFrom(b, a)).toBeNull();
    const delta = visitorDelta(a, b);
    const c = applyVisitorDelta(a, delta.order, delta.sent, delta.arrived);
    expect(lineageFrom(c, a)).not.toBeNull();
    expect(lineageFrom(c, b)).toBeNull();
  });
});

describe('rebuildVisitor', () => {
  it('gives an equal visitor, field for field, in the normaliser\'s order', async () => {
    const {rebuildVisitor} = await import('../../src/model/normalise.js');
    const random = createRandom(5);
    const visitors = snapshotOf(Array.from({length: 50}, (_, i) => rawVisitor(random, i, true)), 0).visitors;
    for (const v of visitors) {
      const cloned = structuredClone(v);
      const rebuilt = rebuildVisitor(cloned);
      expect(rebuilt).toEqual(v);
      expect(Object.keys(rebuilt)).toEqual(Object.keys(v));
      if (v.conversion) expect(Object.keys(rebuilt.conversion!)).toEqual(Object.keys(v.conversion));
      if (v.utm) expect(Object.keys(rebuilt.utm!)).toEqual(Object.keys(v.utm));
    }
  });
});
