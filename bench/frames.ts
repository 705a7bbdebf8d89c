// Where the bytes of a poll go: renders consecutive demo polls with the dashboard's own views and reports,
// per pane, how many rows changed and how many bytes those rows are. A tool for `npm run bench` work.
import {Simulation} from '../src/demo/simulation.js';
import {applySnapshot} from '../src/model/feed.js';
import {normaliseData} from '../src/model/normalise.js';
import {paint} from '../src/text/style.js';
import {derive} from '../src/ui/derive.js';
import {computeLayout} from '../src/ui/layout.js';
import {placeVisitors} from '../src/map/markers.js';
import {THEME} from '../src/ui/theme.js';
import {eventsView, paymentsView, scoresView, visitorsView} from '../src/ui/views/lists.js';
import {mapView} from '../src/ui/views/map.js';
import type {Feed} from '../src/model/types.js';
import type {Lines} from '../src/ui/views/common.js';
// The patched incremental writer itself, so the figures are what a terminal would receive per pane.
import logUpdate from '../node_modules/ink/build/log-update.js';

const writers: Record<string, {render: (s: string) => void; bytes: number}> = {};
const writerFor = (name: string) => {
  if (!writers[name]) {
    const entry = {bytes: 0, render: (_: string) => {}};
    const stream = {write: (s: string) => (entry.bytes += Buffer.byteLength(s))};
    const render = logUpdate.create(stream as never, {incremental: true, scrollRegions: true} as never);
    entry.render = (text: string) => render(text);
    writers[name] = entry;
  }
  return writers[name];
};

const [cols, rows] = [Number(process.argv[2] ?? 120), Number(process.argv[3] ?? 40)];
const sim = new Simulation({seed: 2, startTime: Date.parse('2026-11-20T12:00:00Z')});
const painter = {theme: THEME, depth: 'truecolor' as const, ascii: false};
const layout = computeLayout(cols, rows);
let feed: Feed | null = null;
const previous: Record<string, string[]> = {};
const totals: Record<string, {rows: number; bytes: number}> = {};
for (let poll = 0; poll < 30; poll++) {
  sim.advanceBy(5000);
  feed = applySnapshot(feed, normaliseData(sim.snapshot(), new Date(sim.time), null));
  const derived = derive(feed, 'newest', '');
  if (process.env.NO_HIGHLIGHT) { derived.eventCountries.clear(); derived.paymentCountries.clear(); }
  if (process.env.NO_FRESH) feed = {...feed, fresh: {visitors: new Set(), events: new Set(), payments: new Set()}};
  const panes: Record<string, Lines> = {};
  const p = layout.panes;
  const base = {painter, feed, derived, focused: false, cursor: 0, privacy: false, sort: 'newest' as const, filter: ''};
  panes.map = mapView({painter, feed, derived, placements: placeVisitors(feed.visitors, feed.fresh.visitors), width: p.map!.width, height: p.map!.height, charset: 'braille', projection: 'natural-earth', view: {zoom: 1, center: null}, focused: false, titled: true});
  panes.visitors = visitorsView({...base, width: p.visitors!.width, height: p.visitors!.height});
  panes.scores = scoresView({...base, width: p.scores!.width, height: p.scores!.height});
  panes.events = eventsView({...base, width: p.events!.width, height: p.events!.height});
  panes.payments = paymentsView({...base, width: p.payments!.width, height: p.payments!.height});
  for (const [name, lines] of Object.entries(panes)) {
    const painted = lines.map((l) => paint(l, 'truecolor'));
    const writer = writerFor(name);
    const before = writer.bytes;
    writer.render(painted.join('\n') + '\n');
    if (poll > 5) {
      const t = (totals[name] ??= {rows: 0, bytes: 0});
      painted.forEach((line, i) => {
        if (previous[name]?.[i] !== line) t.rows++;
      });
      t.bytes += writer.bytes - before;
    }
    previous[name] = painted;
  }
}
for (const [name, t] of Object.entries(totals)) console.log(`${name.padEnd(9)} ${(t.rows / 24).toFixed(1).padStart(5)} rows/poll ${(t.bytes / 24).toFixed(0).padStart(6)} B/poll (as written)`);
