// `npm run soak`: the real dashboard against a demo API whose answers flip between data and every failure
// class at a fast interval, for a few minutes. No crash, a bounded heap, and recovery after every failure.
// A front server adds the headers that once caused request storms (a huge Retry-After, Retry-After 0, a
// rate-limit reset in epoch milliseconds) and a redirect; the poller's longest wait is a second here instead of
// an hour, and the request count must never exceed one per interval (plus the refreshes after a redirect).
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import React from 'react';
import {render} from 'ink';
import {fetchRealtimeMap, type ClientOptions} from '../src/api/client.js';
import {Poller, type PollOutcome} from '../src/api/poller.js';
import {startDemoServer, type Fault} from '../src/demo/server.js';
import {normaliseData} from '../src/model/normalise.js';
import type {Snapshot} from '../src/model/types.js';
import {Dashboard} from '../src/ui/app.js';
import {CountingTerminal, QuietInput} from './terminal.js';
import {writerSink} from './mount.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 180);
const gc = (globalThis as {gc?: () => void}).gc!;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

type Extra = 'retry-after-huge' | 'retry-after-0' | 'reset-ms' | 'redirect';
const CYCLE: (Fault | Extra)[] = [
  'ok', '429', 'ok', '500', 'html502', 'ok', 'malformed', 'ok', 'not-envelope', 'ok', 'reset', 'ok', 'hang', 'ok', '503', 'ok', 'ok', 'slow', 'ok',
  'retry-after-huge', 'ok', 'retry-after-0', 'ok', 'reset-ms', 'ok', 'redirect', 'ok',
];
const INTERVAL_MS = 200;
const MAX_DELAY_MS = 1000;
const crashes: unknown[] = [];
process.on('uncaughtException', (e) => crashes.push(e));
process.on('unhandledRejection', (e) => crashes.push(e));

// The demo API answers the faults it knows; the front server answers the others and counts every request.
let demoFault: Fault = 'ok';
const server = await startDemoServer({seed: 7, fault: () => demoFault, retryAfterSeconds: 1});
let requests = 0;
const front = http.createServer((req, res) => {
  const fault = CYCLE[requests++ % CYCLE.length];
  const limited = (headers: Record<string, string>) => {
    res.writeHead(429, {'content-type': 'application/json', ...headers});
    res.end(JSON.stringify({status: 'error', error: {code: 429, message: 'slow down'}}));
  };
  if (fault === 'retry-after-huge') return limited({'retry-after': '3000000'});
  if (fault === 'retry-after-0') return limited({'retry-after': '0'});
  if (fault === 'reset-ms') return limited({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() + 30 * 86_400_000)});
  if (fault === 'redirect') {
    res.writeHead(301, {location: 'https://user:secret@elsewhere.example/api/v1/analytics/realtime/map'});
    return void res.end();
  }
  demoFault = fault;
  const upstream = http.request(server.url + (req.url ?? '/'), {method: req.method, headers: req.headers}, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
});
await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
const client: ClientOptions = {baseUrl: frontUrl, apiKey: 'df_soak', websiteId: null, timeoutMs: 800, userAgent: 'dftop/soak'};
const poller = new Poller<Snapshot>({
  load: async (signal) => {
    const r = await fetchRealtimeMap(client, signal);
    return {value: normaliseData(r.data, r.receivedAt, null), latencyMs: r.latencyMs, rateLimit: r.rateLimit};
  },
  intervalMs: INTERVAL_MS,
  backoff: {baseMs: 200, capMs: 2000},
  maxDelayMs: MAX_DELAY_MS,
});
const terminal = new CountingTerminal(160, 48);
const instance = render(
  React.createElement(Dashboard, {poller, site: 'soak', depth: 'truecolor', charset: 'braille', projection: 'natural-earth', privacy: false, interactive: false, output: writerSink(terminal), sizeSource: terminal}),
  {stdout: new CountingTerminal(terminal.columns, terminal.rows) as unknown as NodeJS.WriteStream, stdin: new QuietInput() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false},
);

const kinds = new Map<string, number>();
let failuresOpen = 0;
let recoveries = 0;
let oks = 0;
let longestStreak = 0;
let refreshes = 0;
poller.onOutcome((o: PollOutcome<Snapshot>) => {
  if (o.kind === 'ok') {
    oks++;
    if (failuresOpen > 0) recoveries++;
    failuresOpen = 0;
  } else {
    kinds.set(o.error.kind, (kinds.get(o.error.kind) ?? 0) + 1);
    failuresOpen++;
    longestStreak = Math.max(longestStreak, failuresOpen);
    if (o.final && o.error.kind === 'redirect') {
      // A redirect is final (never followed with the key); a person would press r.
      refreshes++;
      setTimeout(() => poller.refresh(), INTERVAL_MS);
    } else if (o.final) crashes.push(new Error(`a transient fault was taken as final: ${o.error.kind}`));
  }
});

const pollStart = Date.now();
await new Promise((r) => setTimeout(r, 5000));
const start = heapMb();
const samples: number[] = [];
const t0 = Date.now();
while (Date.now() - t0 < seconds * 1000) {
  await new Promise((r) => setTimeout(r, 10_000));
  samples.push(heapMb() - start);
  process.stderr.write(`  ${Math.round((Date.now() - t0) / 1000)} s: ${oks} ok, ${[...kinds.values()].reduce((a, b) => a + b, 0)} failures, ${recoveries} recoveries, heap ${samples[samples.length - 1].toFixed(1)} MB over the start\n`);
}
const growth = heapMb() - start;
instance.unmount();
poller.stop();
const elapsedMs = Date.now() - pollStart;
await server.close();
front.close();
// Every wait is at least the interval, so at most one request per interval (and one per refresh).
const maxRequests = Math.floor(elapsedMs / INTERVAL_MS) + refreshes + 1;

const checks: [string, boolean][] = [
  ['no crash', crashes.length === 0],
  ['every failure class seen', ['rate-limited', 'server', 'malformed', 'network', 'redirect'].every((k) => kinds.has(k))],
  [`requests within one per interval (${requests} ≤ ${maxRequests})`, requests <= maxRequests],
  ['recovered after every failure streak', recoveries > 0 && failuresOpen <= 2],
  ['heap bounded (≤ +10 MB)', growth <= 10],
  ['kept drawing', terminal.bytes > 0],
];
process.stdout.write(`\nsoak: ${seconds} s, ${oks} good polls, failures by class ${JSON.stringify(Object.fromEntries(kinds))}, ${recoveries} recoveries, ${requests} requests in ${(elapsedMs / 1000).toFixed(0)} s, longest failure streak ${longestStreak}, heap growth ${growth.toFixed(1)} MB, ${(terminal.bytes / 1024).toFixed(0)} KiB drawn\n`);
for (const [name, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
for (const c of crashes) process.stdout.write(`  ${String((c as Error)?.stack ?? c)}\n`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
