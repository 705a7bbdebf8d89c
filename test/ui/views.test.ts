import {describe, expect, it} from 'vitest';
import {WORLD_VIEW} from '../../src/map/views.js';
import type {Feed, GoalEvent, Payment, Visitor} from '../../src/model/types.js';
import {strings} from '../../src/ui/strings.js';
import {derive, openTargetAt, payerOnSite, selectedPointFor, sortVisitors} from '../../src/ui/derive.js';
import {DataFastError} from '../../src/api/errors.js';
import {applySnapshot} from '../../src/model/feed.js';
import {normaliseData} from '../../src/model/normalise.js';
import {fixture} from '../helpers/fixtures.js';
import {paint} from '../../src/text/style.js';
import {initialUiState} from '../../src/ui/state.js';
import {detailScrollLimit, detailView, paymentDetailView, wrapValue, type DetailProps} from '../../src/ui/views/detail.js';
import {headerView, type HeaderProps} from '../../src/ui/views/header.js';
import {eventsView, paymentsView, scoresView, visitorsView, type ListProps} from '../../src/ui/views/lists.js';
import {mapView, regionName, viewLabel} from '../../src/ui/views/map.js';
import {nowRowAt, nowView} from '../../src/ui/views/now.js';
import {helpView, hintView} from '../../src/ui/views/overlays.js';
import {snapshotLayout, snapshotLines} from '../../src/ui/snapshot.js';
import {expectBox, feedOf, joined, painter, profileEntry, SIZES, text} from './views-helpers.js';

const objects = feedOf('realtime-map.objects.json');
const p = painter();
const listProps = (feed: Feed | null, filter = '', extra: Partial<ListProps> = {}, goalsOnly = false): ListProps => ({
  painter: p, feed, derived: derive(feed, 'newest', filter, {goalsOnly}), width: 100, height: 10, focused: true, cursor: 0, privacy: false, sort: 'newest', filter, ...extra,
});

describe('the filter on every pane', () => {
  it('visitors, scores, events, Now and the map placements all narrow together', () => {
    const d = derive(objects, 'newest', 'device:desktop -customer');
    expect(d.visitors.map((v) => v.city)).toEqual(['Singapore', 'Denver']);
    expect(d.scores.map((v) => v.city)).toEqual(['Denver', 'Singapore'].filter((c) => d.scores.some((v) => v.city === c)));
    expect(d.scores.every((v) => d.visitors.includes(v))).toBe(true);
    expect(d.events.map((e) => e.type)).toEqual(['signup']);
    expect(d.now.total).toBe(2);
    expect(d.now.sections.countries.map((r) => r.label).sort()).toEqual(['SG', 'US']);
    expect([d.totalVisitors, d.totalEvents]).toEqual([4, 2]);
    // The map draws derived.visitors: its legend counts only them.
    const map = joined(mapView({painter: p, feed: objects, derived: d, placements: undefined, width: 80, height: 20, charset: 'ascii', projection: 'natural-earth', view: WORLD_VIEW, focused: false, titled: true}));
    expect(map).toMatch(/US 1/);
    expect(map).toMatch(/SG 1/);
    expect(map).not.toMatch(/FR 1|JP 1/);
  });
  it('the Payments title shows the currencies that fit whole, then how many more; never a bare "+N"', () => {
    const derived = {...derive(objects, 'newest', ''), revenue: [['USD', 1200], ['EUR', 340], ['JPY', 2900], ['GBP', 12]] as [string, number][]};
    const title = (width: number, offset = 0) => text(paymentsView({...listProps(objects, ''), derived, width, offset}))[0];
    expect(title(120)).toContain('$1,200.00 · €340.00 · ¥2,900 · £12.00 in 10 min');
    expect(title(60)).toMatch(/Payments \$1,200\.00 · €340\.00 · \+2 more in 10 min/);
    expect(title(46)).toMatch(/Payments \$1,200\.00 · \+3 more in 10 min/);
    // Tighter: " in 10 min" goes before a currency does.
    expect(title(40)).toMatch(/Payments \$1,200\.00 · \+3 more ─/);
    for (const w of [40, 46, 60, 120]) {
      expect(title(w)).not.toContain('…');
      expect(title(w)).not.toMatch(/\+\d(?! more)/);
    }
    // Under a filter "not filtered" is never cut: the amounts give way first (the header has them).
    const filtered = (width: number) => text(paymentsView({...listProps(objects, 'cc:US'), derived: {...derive(objects, 'newest', 'cc:US'), revenue: derived.revenue}, width}))[0];
    for (const w of [30, 40, 50, 60]) expect(filtered(w), String(w)).toMatch(/not filtered ─/);
    expect(filtered(40)).toMatch(/^▶ 5 Payments not filtered ─/);
    // Scrolled: the amounts leave room for the "↑N above" that follows them.
    expect(title(60, 3)).toMatch(/Payments \$1,200\.00 · \+3 more in 10 min/);
  });
  it('payments are not filtered (they carry no place or page)', () => {
    expect(derive(objects, 'newest', 'cc:JP').payments).toHaveLength(objects.payments.length);
    // … and their title says so while a filter is on.
    expect(text(paymentsView(listProps(objects, 'cc:JP')))[0]).toContain('not filtered');
    expect(text(paymentsView(listProps(objects, '')))[0]).not.toContain('not filtered');
  });
  it('an empty result says which filter left nothing, not "nobody on the site"', () => {
    const lines = text(visitorsView(listProps(objects, 'cc:DE page:/x')));
    expect(lines[0]).toMatch(/0 of 4/);
    expect(lines[2]).toContain('no visitors match cc:DE page:/x');
    expect(joined(eventsView(listProps(objects, 'cc:DE')))).toContain('no events match cc:DE');
    expect(joined(scoresView(listProps(objects, 'cc:DE')))).toContain('no scored visitors match cc:DE');
    expect(joined(nowView({painter: p, feed: objects, derived: derive(objects, 'newest', 'cc:DE'), width: 60, height: 10, focused: true, cursor: 0}))).toContain('no visitors match cc:DE');
    expect(joined(visitorsView(listProps(objects, '')))).not.toContain('match');
  });
  it('the header shows the active filter and the counts it leaves; while typed, the caret where it is', () => {
    const d = derive(objects, 'newest', 'cc:US');
    const props: HeaderProps = {
      painter: p, site: 'example.com', feed: objects, poll: {state: 'waiting', intervalMs: 5000, lastOkAt: Date.now(), lastError: null, latencyMs: 80, nextPollAt: null},
      history: [3, 4], revenue: [], now: Date.now(), width: 100, height: 2, filterEditing: false, filter: 'cc:US', match: {shown: d.visitors.length, total: d.totalVisitors},
    };
    expect(text(headerView(props))[1]).toMatch(/^filter cc:US {2}1 of 4/);
    const editing = text(headerView({...props, filterEditing: true, filter: 'cc:US', filterCursor: 2}))[1];
    expect(editing).toMatch(/^filter: cc▏:US {2}1 of 4 {2}Enter keep · Esc clear/);
    expect(text(headerView({...props, feed: null, filter: '', match: null}))[1]).toContain('waiting for the first answer');
    // The first poll has no change to show (no "±0"); the next one has.
    expect(objects.previousCount).toBeNull();
    expect(text(headerView(props))[0]).not.toMatch(/±0/);
    expect(text(headerView({...props, feed: {...objects, previousCount: objects.count}}))[0]).toMatch(/4 active ±0/);
  });
  it('at 40–50 columns the header shortens before it leaves out: the filter cut with its count, a total never shown as one currency, the stale time', () => {
    const base: HeaderProps = {
      painter: p, site: 'example.com', feed: objects, poll: {state: 'waiting', intervalMs: 5000, lastOkAt: Date.now(), lastError: null, latencyMs: 80, nextPollAt: null},
      history: [3, 4], revenue: [['NOK', 2090], ['USD', 326], ['CAD', 266], ['CHF', 44]], now: Date.now(), width: 40, height: 2, filterEditing: false, filter: '', match: null,
    };
    for (const width of [40, 44, 50, 56, 64]) {
      const row = text(headerView({...base, width}))[1];
      expect(row.length, String(width)).toBe(width);
      // Either no revenue at all, or the first currency with how many more.
      if (row.includes('NOK')) expect(row, String(width)).toMatch(/NOK 2,090\.00 · (\+3|\$326\.00)/);
    }
    expect(text(headerView({...base, width: 50}))[1]).toMatch(/NOK 2,090\.00 · \+3/);
    const filtered = text(headerView({...base, filter: 'cc:US,IN,GB page:/pricing', match: {shown: 5, total: 66}}))[1];
    expect(filtered).toMatch(/^filter cc:US,IN,GB pa\S*… {2}5 of 66/);
    const lastOkAt = Date.parse('2026-11-27T10:18:58Z');
    const error = new DataFastError('network', 'connection refused');
    const stale = text(headerView({...base, poll: {state: 'retrying', intervalMs: 2000, lastOkAt, lastError: error, latencyMs: null, nextPollAt: lastOkAt + 30_000, stale: true}, now: lastOkAt + 14_000}))[1];
    expect(stale).toContain('retry in 16s · stale since');
    const wide = text(headerView({...base, width: 120, poll: {state: 'retrying', intervalMs: 2000, lastOkAt, lastError: error, latencyMs: null, nextPollAt: lastOkAt + 30_000, stale: true}, now: lastOkAt + 14_000}))[1];
    expect(wide).toMatch(/retrying in 16s \(network error.*\) · stale since/);
    // With a status that already says what is wrong, a late age does not push the revenue out.
    const pausedLate = text(headerView({...base, width: 82, poll: {...base.poll, state: 'paused', lastOkAt: Date.now() - 30_000}, now: Date.now()}))[1];
    expect(pausedLate).toMatch(/^polling paused — p to resume, r to refresh once {2}NOK 2,090\.00/);
    // Late data (a poll that hangs: overdue, no error yet) says how late before the revenue does, at 40 columns.
    const late = text(headerView({...base, poll: {...base.poll, state: 'fetching', fetching: true, lastOkAt: Date.now() - 30_000}, now: Date.now()}))[1];
    expect(late).toMatch(/^updated 30s ago/);
    // Paused at 50 columns: the filter stays beside the short pause note.
    const paused = text(headerView({...base, width: 50, filter: 'cc:US', match: {shown: 1, total: 4}, poll: {...base.poll, state: 'paused'}}))[1];
    expect(paused).toMatch(/^paused — p resumes {2}filter cc:US {2}1 of 4/);
  });
  it('the header shows the currencies that fit in the room left, then how many more (not a bare "+N")', () => {
    const props: HeaderProps = {
      painter: p, site: 'example.com', feed: objects, poll: {state: 'waiting', intervalMs: 5000, lastOkAt: Date.now(), lastError: null, latencyMs: 80, nextPollAt: null},
      history: [3, 4], revenue: [['USD', 1200], ['EUR', 340], ['JPY', 2900], ['GBP', 12]], now: Date.now(), width: 60, height: 2, filterEditing: false, filter: '', match: null,
    };
    const narrow = text(headerView(props))[1];
    expect(narrow).toMatch(/^\$1,200\.00 · €340\.00 · \+2 more in 10 min {2}updated just now/);
    expect(text(headerView({...props, width: 50}))[1]).toMatch(/^\$1,200\.00 · \+3 more in 10 min {2}updated just now/);
    const wide = text(headerView({...props, width: 200}))[1];
    expect(wide).toContain('$1,200.00 · €340.00 · ¥2,900 · £12.00 in 10 min');
    expect(wide).not.toContain('more');
  });
});

describe('what is marked new', () => {
  it('nothing on the first poll (there is no last poll); on the next, what came since, in every list', () => {
    const marks = (feed: Feed, view: typeof visitorsView) => text(view(listProps(feed))).slice(2).filter((l) => l.startsWith('+')).length;
    for (const view of [visitorsView, eventsView, paymentsView]) expect(marks(objects, view)).toBe(0);
    const raw = structuredClone(fixture('realtime-map.objects.json').data) as {visitors: {visitorId: string}[]; recentEvents?: {_id: string}[]};
    raw.visitors.push({...raw.visitors[0], visitorId: 'newcomer'});
    const next = applySnapshot(objects, normaliseData(raw, new Date('2026-11-20T14:10:02Z'), null));
    expect(marks(next, visitorsView)).toBe(1);
    expect(marks(next, eventsView)).toBe(0);
    // The map lights no country on the first poll either.
    const first = derive(objects, 'newest', '');
    expect(first.eventCountries.size + first.paymentCountries.size).toBe(0);
  });
});

describe('lists', () => {
  it('before the first answer the visitors title says so instead of "Visitors 0"', () => {
    const title = text(visitorsView(listProps(null)))[0];
    expect(title).toContain('waiting for the first answer');
    expect(title).not.toMatch(/Visitors 0/);
  });
  it('"sort country" puts the countries with most visitors first, then by country, then by city', () => {
    const base = objects.visitors[0];
    const v = (id: string, countryCode: string | null, city: string | null): Visitor => ({...base, id, countryCode, city});
    const sorted = sortVisitors([v('a', 'US', 'Denver'), v('b', 'FR', 'Paris'), v('c', 'US', 'Austin'), v('d', null, null), v('e', 'DE', 'Berlin'), v('f', 'FR', 'Lyon'), v('g', 'US', 'Boston')], 'country');
    expect(sorted.map((x) => x.id)).toEqual(['c', 'g', 'a', 'f', 'b', 'e', 'd']);
  });
  it('says in the title how many rows are out of view above (newer rows pushed the followed one down)', () => {
    const base = objects.events[0];
    const events: GoalEvent[] = Array.from({length: 20}, (_, i) => ({...base, id: `e${i}`, timestamp: new Date(Date.UTC(2026, 10, 20, 14, 0, 59 - i)).toISOString()}));
    const feed: Feed = {...objects, events};
    const title = (cursor: number, offset: number) => text(eventsView(listProps(feed, '', {cursor, offset, height: 8})))[0];
    expect(title(0, 0)).not.toContain('above');
    expect(title(10, 7)).toContain(`${strings.above('↑', 7)}`);
    // The cursor pushed further down than the kept offset shows: the list scrolls to it and counts what it passed.
    expect(title(15, 0)).toContain(strings.above('↑', 10));
    expect(text(eventsView({...listProps(feed, '', {cursor: 15, offset: 0, height: 8}), painter: {...p, ascii: true}}))[0]).toContain(strings.above('Up', 10));
  });
  it('event amounts are in the site\'s currency, or the amount alone; never a hard-coded $', () => {
    const e: GoalEvent = {id: 'e1', type: 'purchase', visitorId: null, timestamp: '2026-11-20T14:09:00Z', path: '/buy', countryCode: 'JP', name: null, amount: 2900, data: {}};
    const feed: Feed = {...objects, events: [e]};
    expect(joined(eventsView(listProps(feed, '', {currency: 'JPY'})))).toContain('¥2,900');
    const plain = joined(eventsView(listProps(feed)));
    expect(plain).toContain('2,900');
    expect(plain).not.toContain('$');
  });
  it('o: events show goals only, and the title says so', () => {
    const lines = joined(eventsView(listProps(objects, '', {}, true)));
    expect(lines).toContain('signup');
    expect(lines).not.toContain('pageview');
    expect(lines).toMatch(/1 of 2 · goals only/);
  });
  it('payments: no blank badge column when no payment is NEW or RENEW', () => {
    const pay: Payment = {id: 'p', timestamp: '2026-11-20T14:06:55Z', name: 'Ann', email: 'ann@example.com', amount: 49, currency: 'USD', renewal: false, isNew: false};
    const feed: Feed = {...objects, payments: [pay]};
    const row = text(paymentsView(listProps(feed)))[2];
    expect(row).toMatch(/\$49\.00 Ann/);
    expect(text(paymentsView(listProps(objects)))[2]).toMatch(/\$49\.00 NEW +Claire/);
  });
  it('a row is made once while its item\'s data and what else it shows stay the same; any change makes it again', () => {
    const styled = (lines: ReturnType<typeof visitorsView>) => lines.map((l) => paint(l, 'truecolor'));
    const views = [visitorsView, scoresView, eventsView, paymentsView];
    // Two more polls with the same answer (on the first everything is new, marked +): new objects, same data.
    const second = feedOf('realtime-map.objects.json', '2026-11-20T14:10:02Z', objects);
    const third = feedOf('realtime-map.objects.json', '2026-11-20T14:10:04Z', second);
    for (const view of views) {
      const first = view(listProps(second, '', {cursor: 1}));
      const again = view(listProps(third, '', {cursor: 1}));
      for (let y = 2; y < first.length; y++) if (first[y].length > 2) expect(again[y], `${view.name} row ${y}`).toBe(first[y]);
      // What else a row shows: the selection, privacy, the focus, the painter.
      for (const extra of [{cursor: 2}, {privacy: true}, {focused: false}, {painter: painter(true)}]) {
        view(listProps(third, '', {cursor: 1}));
        const other = view(listProps(third, '', {cursor: 1, ...extra}));
        // An empty list in between: nothing kept, every row made from scratch.
        view(listProps(null));
        const made = view(listProps(third, '', {cursor: 1, ...extra}));
        expect(styled(other), `${view.name} ${JSON.stringify(extra)}`).toEqual(styled(made));
      }
    }
    // A visitor whose data changed: its row is made again.
    const moved = {...third.visitors[0], url: '/somewhere-else'};
    const changed = applySnapshot(third, {...third, visitors: [moved, ...third.visitors.slice(1)]});
    visitorsView(listProps(third));
    expect(joined(visitorsView(listProps(changed)))).toContain('/somewhere-else');
  });

  it('fits every size', () => {
    for (const [w, h] of SIZES) {
      for (const view of [visitorsView, scoresView, eventsView, paymentsView]) expectBox(view(listProps(objects, '', {width: w, height: Math.floor(h / 3)})), w, Math.floor(h / 3));
    }
  });
});

describe('Enter targets and z', () => {
  it('events open their visitor; payments open the payer on the site, else the payment; Now rows their filter term', () => {
    const d = derive(objects, 'newest', '');
    expect(openTargetAt(d, objects, 'events', 0)).toEqual({kind: 'visitor', id: objects.events[0].visitorId});
    expect(openTargetAt(d, objects, 'payments', 0)).toEqual({kind: 'visitor', id: objects.visitors.find((v) => v.city === 'Paris')!.id});
    expect(openTargetAt(d, objects, 'payments', 1)).toEqual({kind: 'payment', id: objects.payments[1].id});
    expect(openTargetAt(d, objects, 'now', 0)).toEqual({kind: 'filter', term: d.nowRows[0].term});
    expect(openTargetAt(d, objects, 'visitors', 99)).toBeNull();
    expect(payerOnSite({...objects.payments[0], email: 'CLAIRE@example.com'}, objects.visitors)?.city).toBe('Paris');
  });
  it('the selected visitor\'s point: city coordinates, else the country\'s', () => {
    const d = derive(objects, 'newest', '');
    const ui = {...initialUiState('braille', false), focus: 'visitors' as const};
    const denver = d.visitors.findIndex((v) => v.city === 'Denver');
    expect(selectedPointFor({...ui, cursor: {...ui.cursor, visitors: denver}}, d, objects)).toEqual([-104.9903, 39.7392]);
    expect(selectedPointFor({...ui, focus: 'payments'}, d, objects)).toBeNull();
    const noCoords = {...objects, visitors: objects.visitors.map((v) => ({...v, lat: null, lon: null}))};
    const d2 = derive(noCoords, 'newest', '');
    const point = selectedPointFor({...ui, detail: d2.visitors[0].id}, d2, noCoords);
    expect(point).not.toBeNull();
  });
});

describe('the Now pane', () => {
  const previous = feedOf('realtime-map.objects.json', '2026-11-20T14:09:55Z');
  const moved: Feed = feedOf('realtime-map.objects.json', '2026-11-20T14:10:00Z', previous);
  moved.visitors = moved.visitors.map((v) => (v.city === 'Paris' ? {...v, url: '/pricing', device: 'mobile'} : v));
  const before = derive(previous, 'newest', '');
  const d = derive(moved, 'newest', '', {previous: before});
  it('sections with counts, changes since the previous poll and bars; the cursor row marked', () => {
    for (const [w, h] of SIZES) {
      const lines = nowView({painter: p, feed: moved, derived: d, width: w, height: Math.floor(h / 2), focused: true, cursor: 0});
      expectBox(lines, w, Math.floor(h / 2));
      const all = joined(lines);
      for (const title of ['Pages', 'Sources', 'Countries', 'Devices', 'Browsers']) expect(all, `${w}×${h}`).toContain(title);
      expect(all).toMatch(/› \/pricing +2 +\+1 ━+/);
      expect(all).toMatch(/desktop +2 +−1/);
      expect(all).toMatch(/mobile +2 +\+1/);
      expect(text(lines)[0]).toMatch(/^▶ 6 Now 4 visitors/);
    }
  });
  it('the cursor scrolls within a section; a row past the section\'s room comes into view', () => {
    const many: Feed = {...objects, visitors: Array.from({length: 12}, (_, i) => ({...objects.visitors[0], id: `v${i}`, url: `/p${String(i).padStart(2, '0')}`}))};
    const dm = derive(many, 'newest', '');
    const lines = joined(nowView({painter: p, feed: many, derived: dm, width: 40, height: 12, focused: true, cursor: 7}));
    expect(lines).toContain('› /p07');
  });
  it('a tall Now pane lists more than eight rows of a section (derive\'s nowPerSection)', () => {
    const many: Feed = {...objects, visitors: Array.from({length: 30}, (_, i) => ({...objects.visitors[0], id: `v${i}`, url: `/p${String(i).padStart(2, '0')}`}))};
    const usual = derive(many, 'newest', '');
    expect(usual.nowRows.filter((r) => r.section === 'pages')).toHaveLength(8);
    const tall = derive(many, 'newest', '', {nowPerSection: 25});
    expect(tall.nowRows.filter((r) => r.section === 'pages')).toHaveLength(25);
    const lines = text(nowView({painter: p, feed: many, derived: tall, width: 250, height: 45, focused: false, cursor: 0}));
    expect(lines.filter((l) => /\/p\d\d/.test(l)).length).toBeGreaterThanOrEqual(25);
  });
  it('a click lands on the row under it (for the mouse), whichever column the section is in', () => {
    for (const width of [40, 120, 200]) {
      const props = {painter: p, feed: moved, derived: d, width, height: 20, focused: false, cursor: 0};
      const lines = text(nowView(props));
      let checked = 0;
      for (const label of ['/pricing', 't.co', 'JP', 'Firefox']) {
        const y = lines.findIndex((l) => l.includes(` ${label} `));
        if (y < 0) continue;
        const x = lines[y].indexOf(` ${label} `) + 1;
        expect(d.nowRows[nowRowAt(props, x, y)!].label, `${width}: ${label}`).toBe(label);
        checked++;
      }
      expect(checked, String(width)).toBeGreaterThanOrEqual(width >= 120 ? 4 : 2);
      const heading = lines.findIndex((l) => l.startsWith(' Pages'));
      expect(heading).toBeGreaterThan(0);
      expect(nowRowAt(props, 0, heading)).toBeNull();
      expect(nowRowAt(props, 0, 0)).toBeNull();
    }
  });
  it('before the first answer it waits', () => {
    expect(joined(nowView({painter: p, feed: null, derived: derive(null, 'newest', ''), width: 60, height: 8, focused: false, cursor: 0}))).toContain('waiting for the first answer');
  });
});

describe('the visitor detail', () => {
  const berlin: Visitor = {
    ...objects.visitors[0], id: '3f2b8c1e-9d4a-4e6b-8a1f-2c3d4e5f6a7b', city: 'Berlin', countryCode: 'DE', region: 'Berlin', lat: 52.52, lon: 13.405, url: '/pricing',
    name: 'Ada Lovelace', nameIsRandom: false, email: 'ada@example.com',
  };
  const props = (patch: Partial<DetailProps> = {}): DetailProps => ({
    painter: p, width: 120, height: 60, scroll: 0, privacy: false, visitorId: berlin.id, visitor: berlin, profile: profileEntry('visitor-profile.json'),
    now: Date.parse('2026-11-27T09:33:45Z'), ...patch,
  });
  it('the journey as a timeline: page, time, time until the next page, goals inline; the visitor\'s page marked', () => {
    const all = joined(detailView(props()));
    expect(all).toMatch(/● \S+ +\/ +1m13s/);
    expect(all).toMatch(/● \S+ +\/features +1m51s/);
    expect(all).toMatch(/▶ \S+ +\/pricing +3m04s on the page/);
    expect(all).toMatch(/◆ \S+ +goal trial_started \(payment\)/);
    expect(all).toMatch(/◆ .*goal newsletter_subscribe \(manual\) · Subscribed from the footer/);
    expect(all).toContain('earlier visits');
    const journey = all.slice(all.indexOf(' Journey'));
    const order = ['newsletter_subscribe', ' / ', '/features', 'trial_started', '/pricing'].map((s) => journey.indexOf(s));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
  it('a visitor who moved on since the journey was loaded: the current page follows the journey, "on the page" is there only', () => {
    const moved = text(detailView(props({visitor: {...berlin, url: '/checkout'}})));
    const journey = moved.slice(moved.findIndex((l) => l.startsWith(' Journey')));
    // When they left /pricing is not known: no time is made up for it.
    expect(journey.join('\n')).toMatch(/● \S+ +\/pricing *$/m);
    expect(journey.join('\n')).toMatch(/▶ now +\/checkout +on the page/);
    expect(journey.filter((l) => l.includes('on the page'))).toHaveLength(1);
    // Still on the journey's last page (a full URL in the poll, a path in the journey): no extra row.
    const same = joined(detailView(props({visitor: {...berlin, url: 'https://example.com/pricing'}})));
    expect(same).toMatch(/▶ \S+ +\/pricing +3m04s on the page/);
    expect(same).not.toMatch(/▶ now/);
    // A query string the journey does not carry is the same page.
    const query = joined(detailView(props({visitor: {...berlin, url: '/pricing?ref=ig'}})));
    expect(query).toMatch(/3m04s on the page/);
    expect(query).not.toMatch(/▶ now/);
    // Asked while the visitor was on another page, the journey already ends where the poll says: no "now" row.
    const caughtUp = joined(detailView(props({visitor: {...berlin, url: '/pricing'}, profile: profileEntry('visitor-profile.json', {page: '/features'})})));
    expect(caughtUp).not.toMatch(/▶ now/);
    expect(caughtUp).toMatch(/3m04s on the page/);
  });
  it('a goal in the journey goes on under itself at 40 columns: its description whole, its time once', () => {
    const lines = text(detailView(props({width: 40, height: 80})));
    const at = lines.findIndex((l) => l.includes('goal newsletter'));
    expect(at).toBeGreaterThan(0);
    // The goal's text column from its row and the rows under it, until the next journey entry.
    const column = lines[at].indexOf('goal newsletter');
    const rest = lines.slice(at + 1).findIndex((l) => l.slice(0, column).trim() !== '');
    const goal = lines.slice(at, at + 1 + rest).map((l) => l.slice(column).trimEnd());
    expect(goal.length).toBeGreaterThan(1);
    expect(goal.join(' ').replace(/\s+/g, ' ')).toMatch(/newsletter_sub ?scribe \(manual\) · Subscribed from the footer$/);
    expect(lines[at + 1]).not.toMatch(/◆|\d\d:\d\d/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
  });
  it('a long value cut after its last row keeps the spaces between its words', () => {
    const rows = wrapValue('one two three four five six seven eight nine ten', 10, 3);
    expect(rows).toHaveLength(3);
    expect(rows.join(' ')).toBe('one two three four five six seven eight nine ten');
  });
  it('on a 250-column screen the time on a page stays near the page (the journey is at most 100 columns)', () => {
    const lines = text(detailView(props({width: 250, height: 80})));
    const row = lines.find((l) => /\/features +1m51s/.test(l))!;
    expect(row.indexOf('1m51s') - row.indexOf('/features')).toBeLessThan(100);
  });
  it('a domain breaks after a dot, a number never does', () => {
    expect(wrapValue('news.ycombinator.com · utm_source=hn', 19)).toEqual(['news.ycombinator.', 'com · utm_source=hn']);
    expect(wrapValue('72 (confidence 0.81)', 18)).toEqual(['72 (confidence', '0.81)']);
    // A dot that is the piece's last character counts too (the letter after it is the one that did not fit).
    expect(wrapValue('ab cd.ef', 6)).toEqual(['ab cd.', 'ef']);
  });
  it('first visit, visit count, identified profile and metadata, the prediction next to the realtime score', () => {
    const all = joined(detailView(props()));
    expect(all).toMatch(/Visits +3 visits · 11 pageviews · first visit 24 Nov/);
    expect(all).toMatch(/User id +user_8842/);
    expect(all).toMatch(/plan +pro/);
    expect(all).toMatch(/Score realtime +72 \(confidence 0\.81\)/);
    expect(all).toMatch(/Score profile +78 · 2\.10% conversion rate · \$5\.12 expected value · confidence 0\.68/);
    expect(all).toMatch(/Device +desktop \(Apple Macintosh\) · Mac OS 14\.6 · Chrome 131\.0/);
    expect(all).toContain('utm_source=newsletter');
    expect(all).toMatch(/Coordinates +52\.520, 13\.405/);
  });
  it('privacy hides the name, email, visitor id, user id, metadata and coordinates; country and city stay', () => {
    const all = joined(detailView(props({privacy: true})));
    for (const secret of ['Ada', 'ada@example.com', berlin.id, 'user_8842', 'plan', 'acme', '52.520', 'Coordinates']) expect(all).not.toContain(secret);
    expect(all).toMatch(/Place +Berlin, DE \(Germany\)/);
    expect(all).toContain('(hidden)');
  });
  it('loading, queued, refreshing and failed are lines inside the detail', () => {
    const status = (entry: DetailProps['profile']) => joined(detailView(props({profile: entry})));
    expect(status(undefined)).toContain('loading the journey');
    expect(status({...profileEntry('visitor-profile.json'), value: null, pending: 'loading'})).toContain('loading the journey');
    expect(status({...profileEntry('visitor-profile.json'), value: null, pending: 'queued'})).toContain('rate budget');
    expect(status({...profileEntry('visitor-profile.json'), pending: 'loading'})).toContain('refreshing the journey');
    expect(status({...profileEntry('visitor-profile.json'), value: null, failure: 'bot', failedAt: 1})).toContain('DataFast counts this visitor as a bot');
    expect(status({...profileEntry('visitor-profile.json'), value: null, failure: 'permission', failedAt: 1})).toContain('missing permission');
    expect(status(null)).toContain('no journey in this mode');
  });
  it('a visitor who left still shows the profile; the older goals shape shows its goals', () => {
    const all = joined(detailView(props({visitor: null, visitorId: 'a1b2', profile: profileEntry('visitor-profile.old-goals.json')})));
    expect(all).toContain('This visitor has left the site.');
    expect(all).toMatch(/goal signup_click \(browser\)/);
    expect(all).toMatch(/\/signup/);
    expect(all).not.toContain('on the page');
  });
  it('scrolls at 80×24: the rows below come into view, with where it is; no row is ever cut off silently', () => {
    const small = props({width: 80, height: 20});
    const limit = detailScrollLimit(small);
    expect(limit).toBeGreaterThan(0);
    const top = text(detailView(small));
    expectBox(detailView(small), 80, 20);
    expect(top[19]).toMatch(/rows 1-18 of \d+ · ↓ j\/k PgDn/);
    // The journey comes right after who and where: in view at 80×24 without scrolling.
    expect(top.join('\n')).toContain('Journey');
    expect(top.join('\n')).toContain('/pricing');
    const bottom = joined(detailView({...small, scroll: limit}));
    expect(bottom).toContain('Identified profile');
    expect(bottom).toMatch(/↑ k PgUp/);
    expect(joined(detailView({...small, scroll: limit + 50}))).toBe(bottom);
    for (const [w, h] of SIZES) expectBox(detailView(props({width: w, height: h - 3})), w, h - 3);
    expect(detailScrollLimit(props({width: 200, height: 57}))).toBe(0);
  });
  it('a long value goes on under itself, whole up to six rows, then cut with an ellipsis', () => {
    const url = '/docs/getting-started/installation?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday-2026&ref=' + 'x'.repeat(60);
    const rows = text(detailView(props({width: 80, height: 60, visitor: {...berlin, url}})));
    const at = rows.findIndex((r) => /^ +Current page +\//.test(r));
    expect(at).toBeGreaterThan(0);
    const valueColumn = rows[at].indexOf('/docs');
    const pieces = [rows[at].slice(valueColumn).trimEnd()];
    for (let i = at + 1; rows[i].slice(0, valueColumn).trim() === '' && rows[i].trim() !== ''; i++) pieces.push(rows[i].slice(valueColumn).trimEnd());
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(url);
    expect(wrapValue('/' + 'y'.repeat(2000), 50)).toHaveLength(6);
    const cut = text(detailView(props({width: 80, height: 60, visitor: {...berlin, url: '/' + 'y'.repeat(2000)}})));
    // Six rows of the field (the journey's "now" row, one row of its own, apart).
    const field = cut.filter((r) => r.includes('yyyy') && !/▶ +now/.test(r));
    expect(field).toHaveLength(6);
    expect(field[5]).toMatch(/y…\s*│?$/);
    expect(wrapValue('a short one', 50)).toEqual(['a short one']);
    // Broken at the space, not one character short of the end (no ")" alone on a row).
    expect(wrapValue('wild-fox (generated)', 19)).toEqual(['wild-fox', '(generated)']);
    expect(wrapValue('tab\there', 50)).toEqual([expect.not.stringContaining('\t')]);
  });
  it('a payment whose payer is not on the site has its own detail', () => {
    const pay = objects.payments[1];
    const all = joined(paymentDetailView({painter: p, width: 80, height: 20, scroll: 0, privacy: false, payment: pay, now: Date.now()}));
    expect(all).toMatch(/Amount +€19\.00/);
    expect(all).toMatch(/Kind +renewal/);
    expect(all).toContain('jonas@example.de');
    expect(all).toContain('not on the site');
    const hidden = joined(paymentDetailView({painter: p, width: 80, height: 20, scroll: 0, privacy: true, payment: pay, now: Date.now()}));
    expect(hidden).not.toContain('jonas');
  });
});

describe('the map', () => {
  it('names where a zoomed view is', () => {
    expect(regionName([10, 50])).toBe('Europe');
    expect(regionName([-100, 40])).toBe('North America');
    expect(regionName([139, 35])).toBe('East Asia');
    expect(regionName([-60, -20])).toBe('South America');
    expect(regionName([20, 0])).toBe('Africa');
    expect(regionName([150, -30])).toBe('Oceania');
    expect(regionName([-30, 30])).toBe('Atlantic');
    expect(viewLabel({zoom: 4, center: [10, 50]})).toBe('Europe ×4');
    expect(viewLabel({zoom: 4, center: [10, 50]}, true)).toBe('Europe x4');
    expect(viewLabel(WORLD_VIEW)).toBeNull();
    const title = text(mapView({painter: p, feed: objects, derived: derive(objects, 'newest', ''), placements: undefined, width: 60, height: 16, charset: 'braille', projection: 'natural-earth', view: {zoom: 4, center: [10, 50]}, focused: true, titled: true}))[0];
    expect(title).toMatch(/^▶ 1 Map Europe ×4 ─+$/);
  });
});

describe('the hint bar', () => {
  it('says what Enter does in the focused pane', () => {
    expect(text(hintView(p, 120, 'events'))[0]).toContain('Enter visitor');
    expect(text(hintView(p, 120, 'now'))[0]).toContain('Enter filter');
    expect(text(hintView(p, 120, 'payments'))[0]).toContain('Enter open');
    expect(text(hintView(p, 120, 'detail'))[0]).toMatch(/^q quit {2}Esc back {2}n\/N next {2}j\/k scroll/);
  });
});

describe('the help', () => {
  it('lists the keys of the mode it is in: a replay\'s keys only in a replay, where r (refresh) is gone', () => {
    const live = joined(helpView(p, 120, 60, 0, false, {}));
    const replay = joined(helpView(p, 120, 60, 0, false, {replay: true}));
    expect(live).not.toContain('Replay (dftop replay FILE)');
    expect(replay).toContain('Replay (dftop replay FILE)');
    expect(live).toMatch(/\br +refresh now/);
    expect(replay).not.toMatch(/\br +refresh now/);
    // The replay's p wins over the live screen's, and there is no website to choose in a replay.
    expect(replay).not.toContain('pause or resume polling');
    expect(replay).toContain('pause or play the replay');
    expect(replay).not.toContain('choose another website');
    expect(live).toContain('pause or resume polling');
    // Without modes (the README's table, tests): every binding.
    expect(joined(helpView(p, 120, 80))).toContain('Replay (dftop replay FILE)');
  });
});

describe('the snapshot', () => {
  it('shows the Now pane when there is room, beside the map or below it', () => {
    expect(snapshotLayout(60, 20).now).toBeNull();
    for (const [w, h] of [[80, 24], [100, 30], [120, 40], [200, 60], [200, 40]] as const) {
      const plan = snapshotLayout(w, h);
      expect(plan.now, `${w}×${h}`).not.toBeNull();
      const all = joined(snapshotLines(objects, {site: 'demo', width: w, height: h, depth: 'none', charset: 'braille', projection: 'natural-earth', privacy: false}));
      expect(all, `${w}×${h}`).toContain('6 Now');
      expect(all).toContain('Pages');
    }
  });
  it('wide: the rule between the map column and the lists runs unbroken down the body (the Now pane right under the map)', () => {
    for (const [w, h] of [[160, 48], [200, 50], [250, 60], [300, 80]] as const) {
      const plan = snapshotLayout(w, h);
      expect(plan.side, `${w}×${h}`).toBe(true);
      const lines = text(snapshotLines(objects, {site: 'demo', width: w, height: h, depth: 'none', charset: 'braille', projection: 'natural-earth', privacy: false}));
      const x = plan.map!.width;
      for (let y = 2; y < h; y++) expect(lines[y][x], `${w}×${h} row ${y}: ${lines[y]}`).toBe('│');
    }
  });
  it('40 columns: the time and revenue go on the header\'s second row; the last row says what was left out', () => {
    const lines = text(snapshotLines(objects, {site: 'demo', width: 40, height: 24, depth: 'none', charset: 'braille', projection: 'natural-earth', privacy: false}));
    expect(lines[0]).toMatch(/^dftop · demo · 4 active *$/);
    expect(lines[1]).toMatch(/^2026-11-20 14:10:00 UTC/);
    expect(lines.at(-1)).toContain('scores, events, payments');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    // Wide enough: one header row, and all four tables.
    const wide = text(snapshotLines(objects, {site: 'demo', width: 120, height: 40, depth: 'none', charset: 'braille', projection: 'natural-earth', privacy: false}));
    expect(wide[0]).toMatch(/^dftop · demo · 4 active · 2026-11-20 14:10:00 UTC/);
    expect(wide.join('\n')).not.toContain('not shown here');
    // At any width, with or without a filter, the two header rows cut nothing: what does not fit is left out whole.
    const paid = {...objects, revenue: [['USD', 1135], ['JPY', 28500], ['INR', 1596], ['EUR', 12]] as [string, number][]};
    for (const w of [30, 40, 50, 60, 80, 100, 160]) {
      for (const filter of ['', 'cc:US,IN page:/pricing']) {
        const rows = text(snapshotLines(paid, {site: 'demo', width: w, height: 30, depth: 'none', charset: 'braille', projection: 'natural-earth', privacy: false, filter})).slice(0, 2);
        // Only a long filter expression is cut, never its count.
        for (const row of rows) expect(row.replace(/^filter .*…(?= {2}\d+ of \d+)/, ''), `${w} ${filter}: ${row}`).not.toContain('…');
        if (filter) expect(rows[1], `${w}`).toMatch(/^filter .* {2}\d+ of 4/);
        const all = rows.join(' ');
        if (all.includes('$1,135.00')) expect(all).toMatch(/\$1,135\.00 · (¥28,500|\+3 more)/);
      }
    }
    // Once the revenue fits, it stays at every wider size (it never gives way to the time's move).
    for (const filter of ['', 'cc:US,IN page:/pricing']) {
      let shown = false;
      for (let w = 30; w <= 120; w++) {
        const rows = text(snapshotLines(paid, {site: 'demo', width: w, height: 30, depth: 'none', charset: 'braille', projection: 'natural-earth', privacy: false, filter})).slice(0, 2);
        const has = rows.join(' ').includes('$1,135.00');
        if (shown) expect(has, `${w} ${filter}: ${rows.join(' / ')}`).toBe(true);
        shown ||= has;
        if (has) expect(rows.join(' '), `${w}`).toContain('2026-11-20 14:10:00 UTC');
      }
      expect(shown).toBe(true);
    }
  });
  it('--filter: the header says which filter and what it leaves; the lists, map and Now follow it', () => {
    const lines = text(snapshotLines(objects, {site: 'demo', width: 120, height: 40, depth: 'none', charset: 'ascii', projection: 'natural-earth', privacy: false, filter: 'cc:US'}));
    expect(lines[0]).toMatch(/^dftop \| demo \| 4 active/);
    expect(lines[1]).toMatch(/^filter cc:US {2}1 of 4/);
    const all = lines.join('\n');
    expect(all).toContain('Denver');
    expect(all).not.toContain('Tokyo');
    expect(all).toContain('1 visitor');
  });
});
