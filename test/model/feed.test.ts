import {describe, expect, it} from 'vitest';
import {applySnapshot, EVENT_HISTORY, mergeById, PAYMENT_HISTORY, SEEN_IDS} from '../../src/model/feed.js';
import {derive} from '../../src/ui/derive.js';
import {normaliseData} from '../../src/model/normalise.js';

const iso = (s: number) => new Date(Date.UTC(2026, 10, 20, 14, 0, s)).toISOString();
const snap = (visitors: string[], events: [string, number][], payments: [string, number][] = []) =>
  normaliseData(
    {
      visitors: visitors.map((id) => ({visitorId: id})),
      recentEvents: events.map(([id, s]) => ({_id: id, type: 'signup', timestamp: iso(s)})),
      recentPayments: payments.map(([id, s]) => ({_id: id, amount: 1, currency: 'USD', timestamp: iso(s)})),
    },
    new Date(),
    null,
  );

describe('applySnapshot', () => {
  it('accumulates events and payments across polls, deduplicated, newest first', () => {
    const a = applySnapshot(null, snap(['v1'], [['e1', 1], ['e2', 2]], [['p1', 1]]));
    const b = applySnapshot(a, snap(['v1'], [['e3', 3], ['e2', 2]], [['p2', 5]]));
    expect(b.events.map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
    expect(b.payments.map((p) => p.id)).toEqual(['p2', 'p1']);
  });

  it('marks visitors, events and payments new for one poll only', () => {
    const a = applySnapshot(null, snap(['v1'], [['e1', 1]]));
    expect([...a.fresh.visitors]).toEqual(['v1']);
    const b = applySnapshot(a, snap(['v1', 'v2'], [['e1', 1], ['e2', 2]], [['p1', 3]]));
    expect([...b.fresh.visitors]).toEqual(['v2']);
    expect([...b.fresh.events]).toEqual(['e2']);
    expect([...b.fresh.payments]).toEqual(['p1']);
    const c = applySnapshot(b, snap(['v1', 'v2'], [['e2', 2]], [['p1', 3]]));
    expect(c.fresh.visitors.size + c.fresh.events.size + c.fresh.payments.size).toBe(0);
    expect(c.previousCount).toBe(2);
    expect(c.polls).toBe(3);
  });

  it('bounds the history however long it runs', () => {
    let feed = applySnapshot(null, snap([], []));
    for (let poll = 0; poll < 100; poll++) {
      const events: [string, number][] = Array.from({length: 20}, (_, i) => [`e${poll}-${i}`, poll * 20 + i]);
      const payments: [string, number][] = Array.from({length: 5}, (_, i) => [`p${poll}-${i}`, poll * 5 + i]);
      feed = applySnapshot(feed, snap([], events, payments));
    }
    expect(feed.events).toHaveLength(EVENT_HISTORY);
    expect(feed.payments).toHaveLength(PAYMENT_HISTORY);
    expect(feed.events[0].id).toBe('e99-19');
  });
});

describe('mergeById', () => {
  it('keeps the newer copy of a duplicate and sorts missing timestamps last', () => {
    const merged = mergeById(
      [{id: 'a', timestamp: iso(5), v: 'new'}, {id: 'x', timestamp: null, v: 'x'}],
      [{id: 'a', timestamp: iso(5), v: 'old'}, {id: 'b', timestamp: iso(9), v: 'b'}],
      10,
    );
    expect(merged.map((m) => `${m.id}:${m.v}`)).toEqual(['b:b', 'a:new', 'x:x']);
  });
});

describe('history caps never lose money or ring false bells', () => {
  const fetchedAt = new Date('2026-11-20T14:10:00.000Z');
  const minutesAgo = (m: number) => new Date(fetchedAt.getTime() - m * 60_000).toISOString();
  const answer = (payments: {id: string; amount?: number | null; currency?: string | null; at?: string | null}[], events: string[] = []) =>
    normaliseData(
      {
        recentPayments: payments.map((p) => ({_id: p.id, amount: 'amount' in p ? p.amount : 1, currency: p.currency === undefined ? 'USD' : p.currency, timestamp: p.at === undefined ? minutesAgo(2) : p.at})),
        recentEvents: events.map((id) => ({_id: id, type: 'signup', timestamp: minutesAgo(1)})),
      },
      fetchedAt,
      null,
    );
  const many = (n: number, prefix = 'p') => Array.from({length: n}, (_, i) => ({id: `${prefix}${i}`}));

  it('250 payments of $1 in the window total $250.00, not the capped $200', () => {
    const feed = applySnapshot(null, answer(many(250)));
    expect(feed.revenue).toEqual([['USD', 250]]);
    expect(derive(feed, 'newest', '').revenue).toEqual([['USD', 250]]);
    expect(feed.payments).toHaveLength(250);
  });

  it('the same answer seven times: everything is new once, nothing after', () => {
    let feed = applySnapshot(null, answer(many(250)));
    expect(feed.fresh.payments.size).toBe(250);
    for (let poll = 2; poll <= 7; poll++) {
      feed = applySnapshot(feed, answer(many(250)));
      expect(feed.fresh.payments.size, `poll ${poll}`).toBe(0);
      expect(feed.revenue).toEqual([['USD', 250]]);
    }
  });

  it('more than 300 events are not "new" on every poll; a really new one is', () => {
    const events = Array.from({length: 450}, (_, i) => `e${i}`);
    let feed = applySnapshot(null, answer([], events));
    for (let poll = 0; poll < 5; poll++) {
      feed = applySnapshot(feed, answer([], events));
      expect(feed.fresh.events.size).toBe(0);
    }
    feed = applySnapshot(feed, answer([], [...events, 'e-new']));
    expect([...feed.fresh.events]).toEqual(['e-new']);
  });

  it('an id that fell out of the displayed history is still not new when it comes back', () => {
    let feed = applySnapshot(null, answer([{id: 'old'}]));
    for (let poll = 0; poll < 5; poll++) feed = applySnapshot(feed, answer(many(100, `batch${poll}-`)));
    expect(feed.payments.some((p) => p.id === 'old')).toBe(false);
    feed = applySnapshot(feed, answer([{id: 'old'}]));
    expect(feed.fresh.payments.size).toBe(0);
  });

  it('the seen ids are bounded', () => {
    let feed = applySnapshot(null, answer([], Array.from({length: 5000}, (_, i) => `a${i}`)));
    for (let poll = 0; poll < 6; poll++) feed = applySnapshot(feed, answer([], Array.from({length: 5000}, (_, i) => `b${poll}-${i}`)));
    expect(feed.seen!.events.size).toBe(SEEN_IDS);
    expect(feed.seen!.events.has('b5-4999')).toBe(true);
    expect(feed.seen!.events.has('a0')).toBe(false);
  });

  it('revenue: the window only, per currency (an unknown currency apart, last), history included; the currency of most payments first', () => {
    const first = applySnapshot(null, answer([{id: 'earlier', amount: 30, currency: 'EUR', at: minutesAgo(4)}]));
    const feed = applySnapshot(first, answer([
      {id: 'a', amount: 10},
      {id: 'b', amount: 6, currency: null},
      {id: 'c', amount: 7, currency: null},
      {id: 'stale', amount: 1000, at: minutesAgo(11)},
      {id: 'no-time', amount: 2, at: null},
      {id: 'no-amount', amount: null},
    ]));
    // `earlier` is no longer in the answer but still in the window: it counts.
    // USD has two payments (a, no-time), EUR one: USD first though EUR's number is larger.
    expect(feed.revenue).toEqual([['USD', 12], ['EUR', 30], [null, 13]]);
  });

  it('a payment in the history without a timestamp does not count twice or forever', () => {
    const first = applySnapshot(null, answer([{id: 'x', amount: 5, at: null}]));
    expect(first.revenue).toEqual([['USD', 5]]);
    const second = applySnapshot(first, answer([]));
    expect(second.revenue).toEqual([]);
  });
});
