// The peer of the benchmark: the DataFast dashboard most people would build instead of dftop, with
// blessed-contrib's stock widgets and nothing tuned. A braille world map with a marker per visitor, a table of
// visitors, a table of payments and a log of events, polled every 2 s, one `screen.render()` per poll.
//
//   DATAFAST_API_KEY=df_demo node bench/peer/dashboard.mjs --base-url http://127.0.0.1:PORT [--interval 2]
//
// Not part of dftop: it exists so `npm run bench` can put dftop's costs side by side with it (bench/peer.ts).
import http from 'node:http';
import https from 'node:https';
import blessed from 'blessed';
import contrib from 'blessed-contrib';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const baseUrl = flag('base-url', process.env.DATAFAST_API_BASE ?? 'https://datafa.st');
const intervalMs = Number(flag('interval', '2')) * 1000;
const apiKey = process.env.DATAFAST_API_KEY ?? 'df_demo';
const url = new URL('/api/v1/analytics/realtime/map', baseUrl);

const screen = blessed.screen({smartCSR: true, title: 'DataFast realtime'});
const grid = new contrib.grid({rows: 12, cols: 12, screen});
const map = grid.set(0, 0, 8, 8, contrib.map, {label: 'Visitors now'});
const visitors = grid.set(0, 8, 8, 4, contrib.table, {
  label: 'Visitors',
  keys: true,
  interactive: false,
  columnSpacing: 1,
  columnWidth: [16, 3, 10, 14],
});
const events = grid.set(8, 0, 4, 6, contrib.log, {label: 'Events', fg: 'green'});
const payments = grid.set(8, 6, 4, 6, contrib.table, {
  label: 'Payments',
  interactive: false,
  columnSpacing: 1,
  columnWidth: [20, 10, 6, 10],
});
screen.key(['q', 'C-c'], () => {
  screen.destroy();
  process.exit(0);
});

const seenEvents = new Set();
const time = (iso) => (typeof iso === 'string' ? iso.slice(11, 19) : '');

function get() {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).get(url, {headers: {Authorization: `Bearer ${apiKey}`, Accept: 'application/json'}}, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).data);
        } catch (e) {
          reject(e);
        }
      });
    });
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
  });
}

function show(data) {
  const list = Array.isArray(data.visitors) ? data.visitors.filter((v) => v && typeof v === 'object') : [];
  map.clearMarkers();
  for (const v of list) {
    if (typeof v.latitude === 'number' && typeof v.longitude === 'number') map.addMarker({lon: v.longitude, lat: v.latitude, color: v.isCustomer ? 'yellow' : 'red', char: 'X'});
  }
  // A live monitor says how fresh it is; without this line a poll that brings no new visitor writes nothing.
  map.setLabel(`Visitors now: ${data.count ?? list.length} · updated ${new Date().toTimeString().slice(0, 8)}`);
  visitors.setData({
    headers: ['City', 'CC', 'Browser', 'Page'],
    data: list.slice(0, 200).map((v) => [v.location?.city ?? '?', v.location?.countryCode ?? '', v.system?.browser?.name ?? '', v.currentUrl ?? '']),
  });
  for (const e of [...(data.recentEvents ?? [])].reverse()) {
    if (seenEvents.has(e._id)) continue;
    seenEvents.add(e._id);
    events.log(`${time(e.timestamp)} ${e.type} ${e.displayName ?? ''} ${e.path ?? ''}`);
  }
  payments.setData({
    headers: ['Customer', 'Amount', 'Cur', 'Time'],
    data: (data.recentPayments ?? []).map((p) => [p.name ?? p.email ?? '?', String(p.amount ?? ''), p.currency ?? '', time(p.timestamp)]),
  });
}

async function poll() {
  try {
    show(await get());
  } catch (e) {
    events.log(`error: ${e.message}`);
  }
  screen.render();
}

screen.render();
poll();
setInterval(poll, intervalMs);
