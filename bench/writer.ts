// The frame writer on a 160×48 dashboard-like frame: bytes written and time per render when a few rows change
// (the clock, a handful of map markers, two new rows at the top of the full-width events list, one list row),
// with and without scroll regions, and for a full repaint. `node bench/run.mjs writer`.
import {FrameWriter} from '../src/terminal/writer.js';
import type {Run, Style} from '../src/text/style.js';

const W = 160;
const H = 48;
const MAP_W = 100;
const MAP_ROWS = 30;

const title: Style = {fg: [240, 240, 240], bold: true};
const dim: Style = {fg: [110, 110, 120]};
const land: Style = {fg: [70, 120, 80]};
const marker: Style = {fg: [250, 200, 60], bold: true};
const fresh: Style = {fg: [90, 220, 120]};
const money: Style = {fg: [240, 190, 70]};
const rule: Style = {fg: [80, 80, 90]};
const bar: Style = {fg: [20, 20, 20], bg: [200, 200, 210]};

let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);

function pad(runs: Run[], width: number): Run[] {
  const used = runs.reduce((n, r) => n + r.text.length, 0);
  return used < width ? [...runs, {text: ' '.repeat(width - used), style: null}] : runs;
}

// A braille "world": land where a fixed noise says so, markers at some cells.
const landMask = Array.from({length: MAP_ROWS}, (_, y) => Array.from({length: MAP_W}, (_, x) => (Math.sin(x / 7) + Math.cos(y / 4) + Math.sin((x + y) / 11) > 0.4 ? 1 + Math.floor(rand() * 254) : 0)));
const markers = new Map<number, string>();
for (let i = 0; i < 40; i++) markers.set(Math.floor(rand() * MAP_W * MAP_ROWS), 'o');

function mapRow(y: number): Run[] {
  const runs: Run[] = [];
  let text = '';
  let style: Style | null = null;
  const flush = () => text && runs.push({text, style});
  for (let x = 0; x < MAP_W; x++) {
    const m = markers.get(y * MAP_W + x);
    const [t, s] = m ? [m, marker] : landMask[y][x] ? [String.fromCharCode(0x2800 + landMask[y][x]), land] : [' ', null];
    if (s !== style) {
      flush();
      text = '';
      style = s;
    }
    text += t;
  }
  flush();
  return runs;
}

const cities = ['Paris', 'Tokyo', 'São Paulo', 'Lagos', 'Berlin', 'Austin', 'Seoul', 'Mumbai', 'Toronto', 'Sydney'];
let eventNo = 0;
const events: Run[][] = [];
function eventRow(): Run[] {
  eventNo++;
  const city = cities[eventNo % cities.length];
  return pad([
    {text: `12:${String(eventNo % 60).padStart(2, '0')}:07  `, style: dim},
    {text: `signup `, style: fresh},
    {text: `visitor #${1000 + eventNo} from ${city} · /pricing → /checkout`, style: null},
    {text: eventNo % 3 ? '' : '  $49.00', style: money},
  ], W);
}
for (let i = 0; i < 13; i++) events.push(eventRow());

const side = Array.from({length: MAP_ROWS}, (_, i) => pad([{text: i === 0 ? '▶ Visitors' : ` ${cities[i % cities.length].padEnd(12)} `, style: i === 0 ? title : null}, {text: i ? `${(i * 37) % 100} pages · ${i}m` : '', style: dim}], W - MAP_W - 1));

function frame(clock: string): Run[][] {
  const rows: Run[][] = [];
  rows.push(pad([{text: ' dftop ', style: title}, {text: '● live', style: fresh}, {text: ` · example.com · 1,284 visitors · ${clock}`, style: dim}], W));
  rows.push([{text: '─'.repeat(W), style: rule}]);
  for (let y = 0; y < MAP_ROWS; y++) rows.push([...mapRow(y), {text: '│', style: rule}, ...side[y]]);
  rows.push([{text: '─'.repeat(W), style: rule}]);
  rows.push(pad([{text: '▶ Events', style: title}], W));
  rows.push(...events);
  rows.push(pad([{text: ' q quit  ? help  / filter  1-6 panes ', style: bar}], W));
  return rows.slice(0, H);
}

function measure(scrollRegions: boolean) {
  seed = 7;
  let bytes = 0;
  const writer = new FrameWriter({write: () => {}}, {depth: 'truecolor', syncOutput: true, scrollRegions, ascii: false});
  const firstStart = performance.now();
  const full = writer.render(frame('12:00:00'), W, H);
  const fullMs = performance.now() - firstStart;
  const polls = 300;
  let ms = 0;
  for (let poll = 1; poll <= polls; poll++) {
    // A poll: the clock, a few markers, two new events at the top of the list, one visitor row.
    for (let i = 0; i < 4; i++) {
      markers.delete([...markers.keys()][Math.floor(rand() * markers.size)]);
      markers.set(Math.floor(rand() * MAP_W * MAP_ROWS), rand() < 0.2 ? '@' : 'o');
    }
    events.unshift(eventRow(), eventRow());
    events.length = 13;
    side[1 + (poll % (MAP_ROWS - 1))] = pad([{text: ` ${cities[poll % cities.length].padEnd(12)} `, style: null}, {text: `${poll % 100} pages · now`, style: fresh}], W - MAP_W - 1);
    const rows = frame(`12:${String(Math.floor(poll / 30) % 60).padStart(2, '0')}:${String((poll * 2) % 60).padStart(2, '0')}`);
    // CPU time of this process (user + system), less disturbed than wall time on a busy machine.
    const t = process.cpuUsage();
    bytes += writer.render(rows, W, H);
    const used = process.cpuUsage(t);
    ms += (used.user + used.system) / 1000;
  }
  writer.invalidate();
  const repaintStart = performance.now();
  const repaint = writer.render(frame('12:59:59'), W, H);
  const repaintMs = performance.now() - repaintStart;
  return {perPollBytes: Math.round(bytes / polls), perPollMs: ms / polls, fullBytes: full, firstMs: fullMs, repaintBytes: repaint, repaintMs};
}

export function writerFigures() {
  measure(true); // warm up
  return {scrollRegions: measure(true), noScrollRegions: measure(false)};
}

const figures = writerFigures();
for (const [name, f] of Object.entries(figures)) {
  console.log(
    `${name.padEnd(16)} per poll ${String(f.perPollBytes).padStart(5)} B ${f.perPollMs.toFixed(3)} ms | ` +
      `first frame ${f.fullBytes} B ${f.firstMs.toFixed(2)} ms | repaint ${f.repaintBytes} B ${f.repaintMs.toFixed(2)} ms`,
  );
}
