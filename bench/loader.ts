// `node bench/run.mjs loader`: how long each 10,000-visitor poll blocks the main thread, loading on the main
// thread (fetch + JSON.parse + normalise) versus in the loader thread (only the snapshot's structured clone
// arrives here). A 1 ms ticker on the main thread measures the gaps: the longest gap is what a keypress can wait.
import {spawn} from 'node:child_process';
import v8 from 'node:v8';
import {fetchRealtimeMap} from '../src/api/client.js';
import {normaliseData} from '../src/model/normalise.js';
import type {ClientOptions} from '../src/api/client.js';
import {enableLoaderWorker, isLoaderThread, loadOffThread, runLoaderWorker, stopLoaderWorker} from '../src/cli/loader-worker.js';
import {loadSnapshot} from '../src/cli/load.js';

const args = process.argv.slice(2);
const polls = Number(args[args.indexOf('--polls') + 1] || 12);

async function demoServer(extra: string[]): Promise<{url: string; close: () => void}> {
  const child = spawn(process.execPath, ['bin/dftop.js', 'demo-server', '--visitors', '10500', '--seed', '4', '--steady', ...extra], {stdio: ['ignore', 'pipe', 'inherit']});
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error('demo server exited')));
  });
  return {url, close: () => void child.kill('SIGTERM')};
}

/** Runs `poll` `polls` times; per poll, the longest main-thread gap and the sum of gaps over 2 ms. */
async function measure(poll: () => Promise<unknown>) {
  const longest: number[] = [];
  const blocked: number[] = [];
  for (let i = 0; i < polls; i++) {
    const elu0 = performance.eventLoopUtilization();
    let last = performance.now();
    let max = 0;
    let sum = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      const gap = now - last;
      last = now;
      max = Math.max(max, gap);
      if (gap > 2) sum += gap;
    }, 1);
    await poll();
    // One more tick after the answer: the gap the answer's handling made.
    await new Promise((r) => setTimeout(r, 5));
    clearInterval(ticker);
    // Busy time of the main thread's event loop during the poll (the ticker's own ticks are tiny).
    const busy = performance.eventLoopUtilization(elu0).active;
    if (i > 1) {
      longest.push(max);
      blocked.push(busy);
    }
    void sum;
    await new Promise((r) => setTimeout(r, 100));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {longestMs: median(longest), worstMs: Math.max(...longest), blockedMs: median(blocked)};
}

if (isLoaderThread()) {
  runLoaderWorker();
} else {
  const rows: string[] = [];
  for (const shape of ['objects', 'strings']) {
    const server = await demoServer(['--shape', shape]);
    const client: ClientOptions = {baseUrl: server.url, apiKey: 'df_demo', websiteId: null, timeoutMs: 30_000, userAgent: 'dftop/bench'};
    // The synchronous blocks themselves, min of 8 (the minimum filters out other processes on the machine).
    const r = await fetchRealtimeMap(client);
    const text = JSON.stringify({status: 'success', data: r.data});
    const minOf = (f: () => void) => Math.min(...Array.from({length: 20}, () => {
      const t = performance.now();
      f();
      return performance.now() - t;
    }));
    const parse = minOf(() => JSON.parse(text));
    const snapshot = normaliseData(r.data, new Date(), null);
    const normalise = minOf(() => normaliseData(r.data, new Date(), null));
    const slices: Buffer[] = [];
    for (let i = 0; i < snapshot.visitors.length; i += 500) slices.push(v8.serialize(snapshot.visitors.slice(i, i + 500)));
    const slice = minOf(() => v8.deserialize(slices[0]));
    const all = minOf(() => slices.forEach((b) => v8.deserialize(b)));
    const whole = v8.serialize(snapshot);
    const wholeMs = minOf(() => v8.deserialize(whole));
    rows.push(`10,000 visitors, ${shape} shape (${(text.length / 1048576).toFixed(1)} MB) — on the main thread: JSON.parse ${parse.toFixed(0)} ms + normalise ${normalise.toFixed(0)} ms in one block; from the loader thread: one slice of 500 visitors ${slice.toFixed(1)} ms, all ${slices.length} slices ${all.toFixed(0)} ms (the whole snapshot in one message would be ${wholeMs.toFixed(0)} ms)`);
    const main = await measure(() => loadSnapshot(client));
    enableLoaderWorker(import.meta.url);
    const worker = await measure(() => loadOffThread(client, new AbortController().signal));
    await stopLoaderWorker();
    enableLoaderWorker(null);
    server.close();
    const f = (m: typeof main) => `longest gap ${m.longestMs.toFixed(0)} ms (worst ${m.worstMs.toFixed(0)}), main thread busy ${m.blockedMs.toFixed(0)} ms per poll`;
    rows.push(`  under this machine's load, a 1 ms ticker on the main thread — loading here: ${f(main)}; in the loader thread: ${f(worker)}`);
  }
  process.stdout.write(rows.join('\n') + '\n');
  process.exit(0);
}
