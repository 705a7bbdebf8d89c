// `npm run bench`: the figures of the endurance-and-speed issue, each measured as its table says.
// Run through bench/run.mjs, which bundles this file and starts it with --expose-gc and without CI set.
import React from 'react';
import {render} from 'ink';
import pty from 'node-pty';
import {fetchRealtimeMap, type ClientOptions} from '../src/api/client.js';
import {Poller} from '../src/api/poller.js';
import {startDemoServer} from '../src/demo/server.js';
import {Simulation} from '../src/demo/simulation.js';
import {mapBase} from '../src/map/render.js';
import {aggregate, placeVisitors} from '../src/map/markers.js';
import {GRIDS} from '../src/map/glyphs.js';
import {applySnapshot} from '../src/model/feed.js';
import {jsonLine} from '../src/model/json.js';
import {normaliseData} from '../src/model/normalise.js';
import type {Snapshot} from '../src/model/types.js';
import type {ColorDepth} from '../src/text/style.js';
import {Dashboard} from '../src/ui/app.js';
import {renderSnapshot} from '../src/ui/snapshot.js';
import {CountingTerminal, QuietInput} from './terminal.js';
import {ManualClock, mount, writerSink, type Mounted} from './mount.js';
import {formatPeer, peerFigures} from './peer.js';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
/** Progress goes to stderr; stdout carries only the table or the JSON. */
const log = (text: string) => process.stderr.write(text + '\n');

const gc = (globalThis as {gc?: () => void}).gc;
if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const heapMb = () => {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/** One poll through the poller; resolves when its frame has been written. */
async function pollOnce(m: Mounted): Promise<void> {
  const written = m.terminal.nextWrite();
  m.poller.refresh();
  await written;
  // Let React and Ink settle (a second write can follow the first within the same poll).
  await new Promise((r) => setImmediate(r));
}

const simLoad = (sim: Simulation, stepMs: number) => async () => {
  sim.advanceBy(stepMs);
  return {value: normaliseData(sim.snapshot(), new Date(sim.time), null), latencyMs: 1, rateLimit: null};
};

// ---------------------------------------------------------------------------------------------------

async function startup() {
  const runs = option('startup-runs', 7);
  const spawnTime = (file: string, argv: string[], until: (out: string) => boolean) =>
    new Promise<number>((resolve, reject) => {
      const env = {...process.env, TERM: 'xterm-256color'} as Record<string, string>;
      delete env.CI;
      const t0 = performance.now();
      const p = pty.spawn(file, argv, {cols: 120, rows: 40, env, cwd: process.cwd()});
      let out = '';
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const t = performance.now() - t0;
        p.kill();
        resolve(t);
      };
      const timer = setTimeout(() => reject(new Error('no first frame')), 20_000);
      let answered = false;
      p.onData((d) => {
        out += d;
        // A terminal answers dftop's start-up probe at once (cursor position, then DA1, which ends it); a PTY
        // with no terminal behind it would make dftop wait out the probe's timeout instead.
        if (!answered && out.includes('\x1b[c')) {
          answered = true;
          p.write((out.includes('\x1b[6n') ? '\x1b[1;2R' : '') + '\x1b[?62;22c');
        }
        if (until(out)) {
          clearTimeout(timer);
          finish();
        }
      });
      p.onExit(() => {
        clearTimeout(timer);
        finish();
      });
    });
  const bare: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await spawnTime(process.execPath, ['-e', '0'], () => false));
    app.push(await spawnTime(process.execPath, ['bin/dftop.js', '--demo'], (out) => /[\u2801-\u28ff]{8}/.test(out)));
  }
  return {bareMs: median(bare), appMs: median(app), ratio: median(app) / median(bare)};
}

async function cpuPerFrame() {
  const sim = new Simulation({seed: 1, startTime: Date.parse('2026-11-20T12:00:00Z')});
  const snapshots = Array.from({length: 60}, () => {
    sim.advanceBy(5000);
    return normaliseData(sim.snapshot(), new Date(sim.time), null);
  });
  let i = 0;
  const m = mount(160, 48, async () => ({value: snapshots[i++ % snapshots.length], latencyMs: 1, rateLimit: null}), new ManualClock(sim.time));
  for (let w = 0; w < 20; w++) await pollOnce(m);
  const samples: number[] = [];
  for (let k = 0; k < 40; k++) {
    const c0 = cpuMs();
    await pollOnce(m);
    samples.push(cpuMs() - c0);
  }
  m.unmount();
  return {medianMs: median(samples), meanMs: mean(samples)};
}

async function bytesPerPoll(depth: ColorDepth = 'truecolor') {
  const sim = new Simulation({seed: 2, startTime: Date.parse('2026-11-20T12:00:00Z')});
  const clock = new ManualClock(Date.now());
  const m = mount(120, 40, simLoad(sim, 5000), clock, depth);
  for (let w = 0; w < 5; w++) await pollOnce(m);
  const polls = 40;
  let pollBytes = 0;
  let tickBytes = 0;
  for (let k = 0; k < polls; k++) {
    let b = m.terminal.bytes;
    clock.tick(1000);
    await pollOnce(m);
    pollBytes += m.terminal.bytes - b;
    // Four more clock ticks before the next poll at a 5 s interval.
    for (let t = 0; t < 4; t++) {
      b = m.terminal.bytes;
      const w = m.terminal.nextWrite(200);
      clock.tick(1000);
      await w;
      tickBytes += m.terminal.bytes - b;
    }
  }
  m.unmount();
  return {perPollBytes: (pollBytes + tickBytes) / polls, frameBytes: pollBytes / polls, clockBytesPerPoll: tickBytes / polls};
}

async function heap24h() {
  const polls = option('polls', 17_280);
  const serverClock = {t: Date.parse('2026-11-20T00:00:00Z')};
  const server = await startDemoServer({seed: 3, clock: () => serverClock.t});
  const client: ClientOptions = {baseUrl: server.url, apiKey: 'df_demo', websiteId: null, timeoutMs: 10_000, userAgent: 'dftop/bench'};
  const clock = new ManualClock(serverClock.t);
  const m = mount(160, 48, async (signal) => {
    serverClock.t += 5000;
    clock.tick(5000);
    const r = await fetchRealtimeMap(client, signal);
    return {value: normaliseData(r.data, new Date(serverClock.t), null), latencyMs: r.latencyMs, rateLimit: null};
  }, clock);
  const warm = Math.min(500, Math.floor(polls / 10));
  for (let w = 0; w < warm; w++) await pollOnce(m);
  const before = heapMb();
  const t0 = performance.now();
  const trend: number[] = [];
  for (let k = 0; k < polls; k++) {
    await pollOnce(m);
    if ((k + 1) % Math.ceil(polls / 8) === 0) {
      trend.push(Math.round((heapMb() - before) * 10) / 10);
      log(`  heap: ${k + 1}/${polls} polls, ${trend[trend.length - 1]} MB over the start`);
    }
  }
  const after = heapMb();
  m.unmount();
  await server.close();
  return {polls, beforeMb: before, afterMb: after, growthMb: after - before, seconds: (performance.now() - t0) / 1000, trendMb: trend};
}

/** The demo API in its own process, as DataFast is: its work and garbage are not the client's. */
async function demoServerProcess(args: string[]): Promise<{url: string; close: () => Promise<void>}> {
  const {spawn} = await import('node:child_process');
  const child = spawn(process.execPath, ['bin/dftop.js', 'demo-server', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error('demo server exited')));
  });
  return {url, close: () => new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  })};
}

async function bigSite(shape: 'objects' | 'strings' = 'objects') {
  const server = await demoServerProcess(['--visitors', '10500', '--seed', '4', '--steady', '--shape', shape]);
  const client: ClientOptions = {baseUrl: server.url, apiKey: 'df_demo', websiteId: null, timeoutMs: 30_000, userAgent: 'dftop/bench'};
  let bodyEnd = 0;
  let visitors = 0;
  // The size of one answer, measured apart from the timed polls.
  const bodyBytes = JSON.stringify((await fetchRealtimeMap(client)).data).length;
  const load = async (signal: AbortSignal) => {
    const r = await fetchRealtimeMap(client, signal);
    bodyEnd = r.bodyEndAt;
    const value = normaliseData(r.data, r.receivedAt, null);
    visitors = value.visitors.length;
    return {value, latencyMs: r.latencyMs, rateLimit: null};
  };
  const m = mount(160, 48, load, new ManualClock(Date.now()));
  const live: number[] = [];
  for (let k = 0; k < 9; k++) {
    const written = m.terminal.nextWrite(30_000);
    m.poller.refresh();
    const at = await written;
    if (at !== null && k > 0) live.push(at - bodyEnd);
    await new Promise((r) => setTimeout(r, 50));
  }
  m.unmount();
  // --once and --json: the same path to their output.
  const once: number[] = [];
  const json: number[] = [];
  for (let k = 0; k < 8; k++) {
    const r = await fetchRealtimeMap(client);
    const feed = applySnapshot(null, normaliseData(r.data, r.receivedAt, null));
    renderSnapshot(feed, {site: 'demo', width: 160, height: 48, depth: 'truecolor', charset: 'braille', projection: 'natural-earth', privacy: false});
    once.push(performance.now() - r.bodyEndAt);
    const r2 = await fetchRealtimeMap(client);
    jsonLine(applySnapshot(null, normaliseData(r2.data, r2.receivedAt, null)));
    json.push(performance.now() - r2.bodyEndAt);
  }
  await server.close();
  return {visitors, bodyMB: bodyBytes / 1024 / 1024, liveMs: median(live), onceMs: median(once.slice(1)), jsonMs: median(json.slice(1))};
}

async function idleCpu() {
  const seconds = option('idle-seconds', 30);
  const server = await startDemoServer({seed: 5});
  const client: ClientOptions = {baseUrl: server.url, apiKey: 'df_demo', websiteId: null, timeoutMs: 10_000, userAgent: 'dftop/bench'};
  const terminal = new CountingTerminal(120, 40);
  const poller = new Poller<Snapshot>({
    load: async (signal) => {
      const r = await fetchRealtimeMap(client, signal);
      return {value: normaliseData(r.data, r.receivedAt, null), latencyMs: r.latencyMs, rateLimit: null};
    },
    intervalMs: 5000,
  });
  const pollTimes: number[] = [];
  poller.onOutcome(() => pollTimes.push(performance.now()));
  const instance = render(
    React.createElement(Dashboard, {poller, site: 'demo', depth: 'truecolor', charset: 'braille', projection: 'natural-earth', privacy: false, interactive: false, output: writerSink(terminal), sizeSource: terminal}),
    {stdout: new CountingTerminal(terminal.columns, terminal.rows) as unknown as NodeJS.WriteStream, stdin: new QuietInput() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false},
  );
  await new Promise((r) => setTimeout(r, 6000));
  const buckets: {start: number; cpu: number}[] = [];
  const c0 = cpuMs();
  const t0 = performance.now();
  let last = cpuMs();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = cpuMs();
      buckets.push({start: performance.now() - 500, cpu: now - last});
      last = now;
      if (performance.now() - t0 >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 500);
  });
  const total = cpuMs() - c0;
  const wall = performance.now() - t0;
  instance.unmount();
  poller.stop();
  await server.close();
  // A half-second bucket that saw a poll arrive (or the one right after it) holds that poll's work.
  const quiet = buckets.filter((b) => !pollTimes.some((p) => p >= b.start - 600 && p <= b.start + 500));
  return {averagePercent: (total / wall) * 100, betweenPollsPercent: (quiet.reduce((n, b) => n + b.cpu, 0) / (quiet.length * 500)) * 100, seconds};
}

function mapFigures() {
  const raster: Record<string, number> = {};
  for (const [c, r] of [[80, 24], [160, 48], [300, 90]]) {
    // A view of zoom 1 with a centre draws the whole world but is a new cache key: every call rasterises.
    for (let w = 0; w < 3; w++) mapBase(c, r, 'braille', 'natural-earth', {zoom: 1, center: [w, 0]});
    const times: number[] = [];
    for (let k = 0; k < 9; k++) {
      const t = performance.now();
      mapBase(c, r, 'braille', 'natural-earth', {zoom: 1, center: [k + 10, 0]});
      times.push(performance.now() - t);
    }
    raster[`${c}x${r}`] = median(times);
  }
  const base = mapBase(160, 48, 'braille', 'natural-earth');
  const place: Record<string, number> = {};
  for (const n of [1000, 100_000]) {
    const visitors = Array.from({length: n}, (_, i) => ({id: String(i), lat: ((i * 37) % 140) - 60, lon: ((i * 73) % 360) - 180, countryCode: 'US', isCustomer: i % 50 === 0, conversion: null}));
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      aggregate(placeVisitors(visitors), base.projection, 160, 48, GRIDS.braille);
      times.push(performance.now() - t);
    }
    place[String(n)] = median(times);
  }
  return {rasterMs: raster, placementMs: place};
}

// ---------------------------------------------------------------------------------------------------

const FIGURES = ['peer', 'map', 'startup', 'frame', 'bytes', 'big', 'idle', 'heap'] as const;
const only = args.includes('--peer-only') ? ['peer'] : args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (name: string) => only?.includes(name) ?? false;

const results: Record<string, unknown> = {machine: {node: process.version, cpus: (await import('node:os')).cpus().length}};

// Each figure runs in a process of its own, so none pays for the garbage or the JIT state another left.
if (!only) {
  const {spawnSync} = await import('node:child_process');
  const self = (await import('node:url')).fileURLToPath(import.meta.url);
  const passed = args.filter((a) => a !== '--json');
  for (const figure of FIGURES) {
    const child = spawnSync(process.execPath, ['--expose-gc', self, `--only=${figure}`, '--json', ...passed], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
    // Ink's exit hook shows the cursor on stderr; the rest of stderr is the figure's progress.
    if (!asJson) process.stderr.write(child.stderr.replace(/\x1b\[\?25h/g, ''));
    if (child.status !== 0) throw new Error(`the ${figure} figure failed:\n${child.stderr}`);
    Object.assign(results, JSON.parse(child.stdout.trim().split('\n').pop()!), {machine: results.machine});
  }
}

/** Each figure: what it says while it runs, and how it is measured. */
const RUNNERS: Record<string, [string, () => Promise<Record<string, unknown>>]> = {
  peer: ['peer: dftop and the blessed-contrib peer side by side, in pseudo-terminals, 160×48…', async () => ({peer: await peerFigures({
    dftop: args.includes('--dftop') ? args[args.indexOf('--dftop') + 1] : 'bin/dftop.js',
    cols: 160,
    rows: 48,
    startupRuns: option('peer-runs', 7),
    polls: option('peer-polls', 10),
    keys: option('keys', 60),
    colorterm: args.includes('--truecolor') ? 'truecolor' : '',
    log,
  })})],
  map: ['map: raster and marker placement…', async () => ({map: mapFigures()})],
  startup: ['startup: first map frame in a pseudo-terminal, against a bare node…', async () => ({startup: await startup()})],
  frame: ['frame: CPU per frame at 160×48…', async () => ({frame: await cpuPerFrame()})],
  bytes: ['bytes: written per demo poll at 120×40…', async () => ({bytes: await bytesPerPoll(), bytes256: await bytesPerPoll('256')})],
  big: ['big: one poll of 10,000 visitors, in each documented shape…', async () => ({big: await bigSite('objects'), bigStrings: await bigSite('strings')})],
  idle: ['idle: CPU between polls at a 5 s interval…', async () => ({idle: await idleCpu()})],
  heap: ['heap: 24 h of polls at 5 s…', async () => ({heap: await heap24h()})],
};
for (const figure of FIGURES) {
  if (!want(figure)) continue;
  const [label, run] = RUNNERS[figure];
  log(label);
  Object.assign(results, await run());
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the figures object is assembled from per-process JSON
const r = results as any;
const rows: [string, string, string, boolean | null][] = [];
if (r.startup) rows.push(['start to first map frame (× bare node)', `${r.startup.ratio.toFixed(2)}× (${r.startup.appMs.toFixed(0)} ms vs ${r.startup.bareMs.toFixed(0)} ms)`, '≤ 4×', r.startup.ratio <= 4]);
if (r.frame) rows.push(['CPU per frame, 160×48 braille', `${r.frame.medianMs.toFixed(1)} ms (mean ${r.frame.meanMs.toFixed(1)})`, '≤ 15 ms', r.frame.medianMs <= 15]);
if (r.bytes) rows.push(['bytes per demo poll, 120×40', `${(r.bytes.perPollBytes / 1024).toFixed(2)} KiB (frame ${(r.bytes.frameBytes / 1024).toFixed(2)} + clock ${(r.bytes.clockBytesPerPoll / 1024).toFixed(2)})`, '≤ 1.5 KiB', r.bytes.perPollBytes <= 1536]);
if (r.bytes256) rows.push(['  the same with 256 colours', `${(r.bytes256.perPollBytes / 1024).toFixed(2)} KiB`, '≤ 1.5 KiB', r.bytes256.perPollBytes <= 1536]);
if (r.heap) rows.push([`heap growth, ${r.heap.polls} polls, 160×48`, `${r.heap.growthMb >= 0 ? '+' : ''}${r.heap.growthMb.toFixed(1)} MB (${r.heap.seconds.toFixed(0)} s)`, '≤ +10 MB', r.heap.growthMb <= 10]);
for (const [big, shape] of [[r.big, 'objects'], [r.bigStrings, 'strings']]) {
  if (!big) continue;
  rows.push([`${big.visitors.toLocaleString('en-US')} visitors (${shape}, ${big.bodyMB.toFixed(1)} MB): response → frame`, `${big.liveMs.toFixed(0)} ms live, ${big.onceMs.toFixed(0)} ms --once, ${big.jsonMs.toFixed(0)} ms --json`, '≤ 100 ms', Math.max(big.liveMs, big.onceMs, big.jsonMs) <= 100]);
}
if (r.idle) rows.push(['CPU between polls, 5 s interval', `${r.idle.betweenPollsPercent.toFixed(2)} % (all in: ${r.idle.averagePercent.toFixed(2)} %)`, '≤ 1 %', r.idle.betweenPollsPercent <= 1]);
if (r.map) {
  rows.push(['map raster 80×24 / 160×48 / 300×90', Object.values(r.map.rasterMs as Record<string, number>).map((v) => `${v.toFixed(1)} ms`).join(' / '), '—', null]);
  rows.push(['marker placement 1k / 100k visitors', Object.values(r.map.placementMs as Record<string, number>).map((v) => `${v.toFixed(2)} ms`).join(' / '), '—', null]);
}

if (asJson) {
  process.stdout.write(JSON.stringify(results) + '\n');
} else {
  if (r.peer) process.stdout.write('\n' + formatPeer(r.peer));
  if (rows.length === 0) process.exit(0);
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), 9];
  process.stdout.write(`\n${'figure'.padEnd(w[0])}  ${'measured'.padEnd(w[1])}  ${'goal'.padEnd(w[2])}  met\n`);
  for (const [a, b, c, ok] of rows) process.stdout.write(`${a.padEnd(w[0])}  ${b.padEnd(w[1])}  ${c.padEnd(w[2])}  ${ok === null ? '' : ok ? 'yes' : 'NO'}\n`);
}
process.exit(0);
