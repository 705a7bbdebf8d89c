import {describe, expect, it} from 'vitest';
import {applySnapshot, EVENT_HISTORY, mergeById, PAYMENT_HISTORY} from '../../src/model/feed.js';
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
