import {describe, expect, it} from 'vitest';
import {DataFastError} from '../../src/api/errors.js';
import {WORLD_VIEW} from '../../src/map/views.js';
import type {Feed} from '../../src/model/types.js';
import {paint} from '../../src/text/style.js';
import {derive} from '../../src/ui/derive.js';
import {chrome, glyphs} from '../../src/ui/glyphs.js';
import {formatMoney, sparkline} from '../../src/ui/format.js';
import {helpEntries, hintEntries, type HintPlace} from '../../src/ui/keymap.js';
import {snapshotLines} from '../../src/ui/snapshot.js';
import {strings} from '../../src/ui/strings.js';
import type {Lines} from '../../src/ui/views/common.js';
import {compose} from '../../src/ui/views/compose.js';
import {detailView, paymentDetailView} from '../../src/ui/views/detail.js';
import {headerView, type HeaderProps, type PollInfo} from '../../src/ui/views/header.js';
import {eventsView, paymentsView, scoresView, visitorsView, type ListProps} from '../../src/ui/views/lists.js';
import {mapView} from '../../src/ui/views/map.js';
import {nowView} from '../../src/ui/views/now.js';
import {errorPanel, helpView, hintView, tinyView} from '../../src/ui/views/overlays.js';
import {feedOf, painter, profileEntry, SIZES} from './views-helpers.js';

// Issue 9, "ASCII everywhere": with an ASCII painter no view emits a byte above 0x7F. The input here is
// ASCII-only; visitors' own non-ASCII text is the terminal's final gate's job, not the views'.

const p = painter(true);
const previous = feedOf('realtime-map.objects.json', '2026-11-20T14:09:55Z');
const feed: Feed = feedOf('realtime-map.objects.json', '2026-11-20T14:10:00Z', previous);
feed.visitors = feed.visitors.map((v) => (v.city === 'Paris' ? {...v, url: '/pricing', device: 'mobile'} : v));
feed.events = [...feed.events, {id: 'buy', type: 'purchase', visitorId: null, timestamp: 'broken', path: null, countryCode: null, name: null, amount: 2900, data: {}}];
feed.payments = [...feed.payments, {id: 'jpy', timestamp: '2026-11-20T14:09:00Z', name: 'Kenji', email: null, amount: 2900, currency: 'JPY', renewal: false, isNew: true}];

const nonAscii = (lines: Lines | string[]): string[] => {
  const rows = lines.map((l) => (typeof l === 'string' ? l : paint(l, 'none')));
  return rows.filter((r) => /[^\x00-\x7f]/.test(r)).map((r) => `${JSON.stringify(r)} has ${[...new Set(r.match(/[^\x00-\x7f]/g))].join(' ')}`);
};
const expectAscii = (what: string, lines: Lines | string[]) => expect(nonAscii(lines), what).toEqual([]);

const before = derive(previous, 'newest', '');
const derivedFor = (filter: string, goalsOnly = false) => derive(feed, 'country', filter, {previous: filter ? null : before, goalsOnly});
const poll = (patch: Partial<PollInfo> = {}): PollInfo => ({state: 'waiting', intervalMs: 5000, lastOkAt: Date.parse(feed.fetchedAt), lastError: null, latencyMs: 42, nextPollAt: null, ...patch});

describe('ASCII chrome: not one byte above 0x7F from any view', () => {
  it('the fixtures used here are ASCII themselves', () => {
    expectAscii('visitor text', JSON.stringify({v: feed.visitors, e: feed.events, p: feed.payments}).split('\n').map((l) => l.replace(/€|¥/g, '')));
  });

  it('lists: visitors, scores, events (also goals only), payments, selected rows, filtered and empty, every size', () => {
    for (const [w, h] of SIZES) {
      for (const filter of ['', 'cc:US', 'cc:ZZ page:/x']) {
        for (const focusedFeed of [feed, null]) {
          const props: ListProps = {painter: p, feed: focusedFeed, derived: focusedFeed ? derivedFor(filter, filter === 'cc:US') : derive(null, 'newest', ''), width: w, height: Math.floor(h / 2), focused: true, cursor: 1, privacy: filter === 'cc:US', sort: 'country', filter, currency: filter ? 'EUR' : null};
          for (const view of [visitorsView, scoresView, eventsView, paymentsView]) expectAscii(`${view.name} ${w}x${h} ${filter}`, view(props));
        }
      }
      // Narrow panes cut cells: the cut mark is ASCII too.
      expectAscii('narrow', visitorsView({painter: p, feed, derived: derivedFor(''), width: 30, height: 8, focused: true, cursor: 0, privacy: false, sort: 'newest', filter: ''}));
    }
  });

  it('the header: state, count, delta, sparkline, revenue in several currencies, status, filter (typed and kept)', () => {
    const error = new DataFastError('network', 'no answer within 10 s (timeout) via proxy.example…', {status: null});
    const base: HeaderProps = {painter: p, site: 'example.com', feed, poll: poll(), history: [62, 61, 0, 30, 61], revenue: [['USD', 49], ['EUR', 19], ['JPY', 2900], [null, 5]], now: Date.parse(feed.fetchedAt) + 60_000, width: 200, height: 2, filterEditing: false, filter: ''};
    for (const props of [
      base,
      {...base, filter: 'cc:US', match: {shown: 1, total: 4}},
      {...base, filterEditing: true, filter: 'cc:US', filterCursor: 2, match: {shown: 1, total: 4}},
      {...base, feed: null, poll: poll({lastOkAt: null})},
      {...base, poll: poll({state: 'retrying', lastError: error, nextPollAt: Date.parse(feed.fetchedAt) + 65_000, stale: true})},
      {...base, poll: poll({state: 'failed', lastError: error})},
      {...base, poll: poll({state: 'paused'})},
    ]) {
      for (const width of [60, 100, 200]) expectAscii(`header ${width}`, headerView({...props, width}));
    }
  });

  it('help (scrolled and whole), hints for every place, the error panel, the tiny screen', () => {
    for (const [w, h] of [...SIZES, [60, 16]] as const) {
      for (let offset = 0; offset < 30; offset += 5) expectAscii(`help ${w}x${h}`, helpView(p, w, h - 3, offset, offset % 10 === 0));
      for (const place of ['map', 'visitors', 'scores', 'events', 'payments', 'now', 'detail', 'help', 'filter'] as HintPlace[]) expectAscii(`hint ${place}`, hintView(p, w, place));
      const error = new DataFastError('rate-limited', 'HTTP 429', {status: 429, apiMessage: 'Too many requests'});
      expectAscii('error panel', errorPanel(p, error, w, h - 3));
    }
    expectAscii('tiny', tinyView(p, feed, 39, 10, 39, 12));
    expectAscii('help entries', helpEntries(true).map((e) => e.keys + ' ' + e.help));
    expectAscii('hint entries', ['detail', 'filter', 'map'].flatMap((pl) => hintEntries(pl as HintPlace, true).map((e) => e.keys + ' ' + e.hint)));
  });

  it('the detail: fields, prediction, profile, journey, scroll line, loading and failure lines, privacy; a payment\'s detail', () => {
    const visitor = feed.visitors.find((v) => v.city === 'Denver')!;
    const entries = [
      profileEntry('visitor-profile.json'),
      profileEntry('visitor-profile.old-goals.json', {pending: 'loading'}),
      {...profileEntry('visitor-profile.json'), value: null, pending: 'queued' as const},
      {...profileEntry('visitor-profile.json'), value: null, failure: 'bot' as const, failedAt: 1},
      undefined,
      null,
    ];
    for (const [w, h] of SIZES) {
      for (const profile of entries) {
        for (const privacy of [false, true]) {
          for (const scroll of [0, 5, 100]) {
            expectAscii(`detail ${w}x${h}`, detailView({painter: p, width: w, height: h - 4, scroll, privacy, visitorId: visitor.id, visitor, profile, now: Date.parse('2026-11-27T09:33:45Z')}));
          }
        }
      }
      expectAscii('left', detailView({painter: p, width: w, height: h - 4, scroll: 0, privacy: false, visitorId: 'x', visitor: null, profile: profileEntry('visitor-profile.json'), now: 0}));
      for (const payment of [...feed.payments, null]) expectAscii('payment', paymentDetailView({painter: p, width: w, height: 12, scroll: 0, privacy: false, payment, now: Date.now(), position: {index: 0, total: 3}}));
    }
  });

  it('the Now pane: sections, bars, changes (also negative), the cursor, every size', () => {
    for (const [w, h] of [...SIZES, [40, 20]] as const) {
      for (const cursor of [0, 3, 12]) expectAscii(`now ${w}x${h}`, nowView({painter: p, feed, derived: derivedFor(''), width: w, height: Math.floor(h / 2), focused: true, cursor}));
      expectAscii('now empty', nowView({painter: p, feed, derived: derivedFor('cc:ZZ'), width: w, height: 6, focused: false, cursor: 0}));
      expectAscii('now waiting', nowView({painter: p, feed: null, derived: derive(null, 'newest', ''), width: w, height: 6, focused: false, cursor: 0}));
    }
  });

  it('the map with its title (zoomed: "Europe x4") and legend, and the panes composed with their separators', () => {
    const d = derivedFor('');
    for (const [w, h] of SIZES) {
      for (const view of [WORLD_VIEW, {zoom: 4, center: [10, 50] as [number, number]}]) {
        const lines = mapView({painter: p, feed, derived: d, placements: undefined, width: w, height: Math.floor(h * 0.6), charset: 'ascii', projection: 'natural-earth', view, focused: true, titled: true});
        expectAscii(`map ${w}x${h}`, lines);
      }
      const layout = {kind: 'standard' as const, width: w, height: 10, header: {x: 0, y: 0, width: w, height: 0}, body: {x: 0, y: 0, width: w, height: 10}, hint: {x: 0, y: 10, width: w, height: 0}, panes: {}, strip: null, hidden: []};
      const half = Math.floor((w - 1) / 2);
      const blocks = [
        {rect: {x: 0, y: 0, width: half, height: 10}, lines: visitorsView({painter: p, feed, derived: d, width: half, height: 10, focused: false, cursor: 0, privacy: false, sort: 'newest', filter: ''})},
        {rect: {x: half + 1, y: 0, width: w - half - 1, height: 10}, lines: nowView({painter: p, feed, derived: d, width: w - half - 1, height: 10, focused: false, cursor: 0})},
      ];
      expectAscii('composed', compose(layout as never, blocks, p));
    }
  });

  it('the --once snapshot at every size, filtered or not', () => {
    for (const [w, h] of [...SIZES, [100, 30], [200, 40], [60, 20]] as const) {
      for (const filter of ['', 'device:desktop']) {
        expectAscii(`snapshot ${w}x${h}`, snapshotLines(feed, {site: 'demo', width: w, height: h, depth: 'none', charset: 'ascii', projection: 'natural-earth', privacy: false, filter, ascii: true}));
      }
    }
  });

  it('the glyph table, chrome(), money and the sparkline in ASCII', () => {
    for (const value of Object.values(glyphs(true))) expectAscii('glyph', [value]);
    expectAscii('chrome', [chrome('— … · × ± − ↑ ↓ ← → ● ▶ › ▏ ━ ─ │ ◆ \u00a0', true)]);
    expectAscii('strings', [chrome(JSON.stringify(strings), true).replace(/\\u[0-9a-f]{4}/g, '')]);
    expectAscii('money', ['USD', 'EUR', 'JPY', 'GBP', 'INR', 'CHF', 'BRL', 'KRW', 'XYZ'].map((c) => formatMoney(2900.5, c, true)));
    expectAscii('spark', [sparkline([0, 5, 62, 61, 100], 10, true)]);
  });
});
