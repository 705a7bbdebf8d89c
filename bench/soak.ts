// `npm run soak`: the real dashboard against a demo API whose answers flip between data and every failure
// class at a fast interval, for a few minutes. No crash, a bounded heap, and recovery after every failure.
import React from 'react';
import {render} from 'ink';
import {fetchRealtimeMap, type ClientOptions} from '../src/api/client.js';
import {Poller, type PollOutcome} from '../src/api/poller.js';
import {startDemoServer, type Fault} from '../src/demo/server.js';
import {normaliseData} from '../src/model/normalise.js';
import type {Snapshot} from '../src/model/types.js';
import {Dashboard} from '../src/ui/app.js';
import {CountingTerminal, QuietInput} from './terminal.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 180);
const gc = (globalThis as {gc?: () => void}).gc!;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const CYCLE: Fault[] = ['ok', '429', 'ok', '500', 'html502', 'ok', 'malformed', 'ok', 'not-envelope', 'ok', 'reset', 'ok', 'hang', 'ok', '503', 'ok', 'ok', 'slow', 'ok'];
const crashes: unknown[] = [];
process.on('uncaughtException', (e) => crashes.push(e));
process.on('unhandledRejection', (e) => crashes.push(e));

const server = await startDemoServer({seed: 7, fault: (n) => CYCLE[n % CYCLE.length], retryAfterSeconds: 1});
const client: ClientOptions = {baseUrl: server.url, apiKey: 'df_soak', websiteId: null, timeoutMs: 800, userAgent: 'dftop/soak'};
const poller = new Poller<Snapshot>({
  load: async (signal) => {
    const r = await fetchRealtimeMap(client, signal);
    return {value: normaliseData(r.data, r.receivedAt, null), latencyMs: r.latencyMs, rateLimit: r.rateLimit};
  },
  intervalMs: 200,
  backoff: {baseMs: 200, capMs: 2000},
});
const terminal = new CountingTerminal(160, 48);
const instance = render(
  React.createElement(Dashboard, {poller, site: 'soak', depth: 'truecolor', charset: 'braille', projection: 'natural-earth', privacy: false, bell: false, interactive: false}),
  {stdout: terminal as unknown as NodeJS.WriteStream, stdin: new QuietInput() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, incrementalRendering: true, maxFps: 20, scrollRegions: true} as Parameters<typeof render>[1],
);

const kinds = new Map<string, number>();
let failuresOpen = 0;
let recoveries = 0;
let oks = 0;
let longestStreak = 0;
poller.onOutcome((o: PollOutcome<Snapshot>) => {
  if (o.kind === 'ok') {
    oks++;
    if (failuresOpen > 0) recoveries++;
    failuresOpen = 0;
  } else {
    kinds.set(o.error.kind, (kinds.get(o.error.kind) ?? 0) + 1);
    failuresOpen++;
    longestStreak = Math.max(longestStreak, failuresOpen);
    if (o.final) crashes.push(new Error(`a transient fault was taken as final: ${o.error.kind}`));
  }
});

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
await server.close();

const checks: [string, boolean][] = [
  ['no crash', crashes.length === 0],
  ['every failure class seen', ['rate-limited', 'server', 'malformed', 'network'].every((k) => kinds.has(k))],
  ['recovered after every failure streak', recoveries > 0 && failuresOpen <= 2],
  ['heap bounded (≤ +10 MB)', growth <= 10],
  ['kept drawing', terminal.bytes > 0],
];
process.stdout.write(`\nsoak: ${seconds} s, ${oks} good polls, failures by class ${JSON.stringify(Object.fromEntries(kinds))}, ${recoveries} recoveries, longest failure streak ${longestStreak}, heap growth ${growth.toFixed(1)} MB, ${(terminal.bytes / 1024).toFixed(0)} KiB drawn\n`);
for (const [name, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
for (const c of crashes) process.stdout.write(`  ${String((c as Error)?.stack ?? c)}\n`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
