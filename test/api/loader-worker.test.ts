// The loader thread: polls fetched and normalised off the main thread, from the built bundle (dist/dftop.js,
// built by the test setup), with the same results and the same errors as on the main thread.
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {AbortedError, type ClientOptions} from '../../src/api/client.js';
import {DataFastError} from '../../src/api/errors.js';
import {AdaptiveLoad, applyVisitorDelta, enableLoaderWorker, fromWire, LOADER_LIMITS, loaderStreamCount, loaderThreadRunning, loadOffThread, loadsOffThread, stopLoaderWorker, toWire, visitorDelta} from '../../src/cli/loader-worker.js';
import {createRandom} from '../../src/demo/random.js';
import {normaliseData} from '../../src/model/normalise.js';
import type {Visitor} from '../../src/model/types.js';
import {createPoller, loadSnapshot} from '../../src/cli/source.js';
import {root} from '../helpers/cli.js';
import {faultServer, hang, json, success} from '../helpers/fault-server.js';
import {fixtureText} from '../helpers/fixtures.js';

const bundle = pathToFileURL(path.join(root, 'dist/dftop.js'));
// No test here waits for a timeout: it only has to stay above a good answer's time on a loaded machine, the worker's
// start included (a request through a starting worker was seen to take over 5 s at a load of 9 on two cores).
const client = (url: string, extra: Partial<ClientOptions> = {}): ClientOptions => ({baseUrl: url, apiKey: 'df_k_worker', websiteId: null, timeoutMs: 20_000, userAgent: 'dftop/test', ...extra});

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  await stopLoaderWorker();
  enableLoaderWorker(null);
});

/** Waits until `check` holds or 20 s have passed (the assertion after it says which). */
async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!check() && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 10));
}

describe('the loader thread', () => {
  it('is off unless the entry enables it', () => {
    expect(loadsOffThread()).toBe(false);
    enableLoaderWorker(bundle);
    expect(loadsOffThread()).toBe(true);
  });

  it('gives the same snapshot as the main thread, through the bundle\'s worker', async () => {
    const server = await faultServer([json(200, fixtureText('realtime-map.objects.json'))]);
    cleanup.push(() => server.close());
    const here = await loadSnapshot(client(server.url));
    enableLoaderWorker(bundle);
    const there = await loadOffThread(client(server.url), new AbortController().signal);
    expect(there.value).toEqual({...here.value, fetchedAt: there.value.fetchedAt});
    expect(there.value.visitors.length).toBeGreaterThan(0);
    expect(server.seen).toHaveLength(2);
  });

  it('keeps an error\'s class and fields across the boundary', async () => {
    const server = await faultServer([json(429, {status: 'error', error: {code: 429, message: 'slow down'}}, {'retry-after': '12', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30'})]);
    cleanup.push(() => server.close());
    enableLoaderWorker(bundle);
    const e = await loadOffThread(client(server.url), new AbortController().signal).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataFastError);
    expect(e).toMatchObject({kind: 'rate-limited', status: 429, apiMessage: 'slow down', retryAfterMs: 12_000, rateLimit: {limit: 60, remaining: 0}});
    const key = await loadOffThread(client(server.url, {apiKey: 'df_bad\nkey'}), new AbortController().signal).catch((x: unknown) => x);
    expect(key).toMatchObject({kind: 'key', message: 'the API key holds a line break; nothing was sent'});
    expect(server.seen).toHaveLength(1);
  });

  it('an abort answers at once and reaches the request in the worker', async () => {
    const server = await faultServer([hang]);
    cleanup.push(() => server.close());
    enableLoaderWorker(bundle);
    const controller = new AbortController();
    const pending = loadOffThread(client(server.url, {timeoutMs: 60_000}), controller.signal);
    // Bounded by the clock, not by a count of 10 ms sleeps: a worker starting on a loaded machine may take seconds.
    await until(() => server.seen.length > 0);
    expect(server.seen).toHaveLength(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    // The worker dropped the request: the server sees its connection close.
    await until(() => server.inFlight === 0);
    expect(server.inFlight).toBe(0);
  });

  it('a worker that cannot start costs nothing but latency: the poll loads on the main thread', async () => {
    const server = await faultServer([json(200, {status: 'success', data: {count: 9, visitors: []}})]);
    cleanup.push(() => server.close());
    enableLoaderWorker(pathToFileURL(path.join(root, 'dist/no-such-file.js')));
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    cleanup.push(() => process.off('warning', onWarning));
    // Every answer counts as large here: the first poll loads on the main thread, the second asks the worker.
    const placement = new AdaptiveLoad({...LOADER_LIMITS, largeBody: 0});
    const poller = createPoller(client(server.url), 60_000, undefined, placement);
    cleanup.push(() => poller.stop());
    const outcomes: unknown[] = [];
    await new Promise<void>((resolve) => {
      poller.onOutcome((outcome) => {
        outcomes.push(outcome);
        if (outcomes.length === 1) {
          expect(placement.offThread).toBe(true);
          poller.refresh();
        } else resolve();
      });
      poller.start();
    });
    expect(outcomes[1]).toMatchObject({kind: 'ok', value: {count: 9}});
    expect(loadsOffThread()).toBe(false);
    expect(placement.offThread).toBe(false);
    expect(warnings.map((w) => w.message).join()).toMatch(/the loader thread stopped .*; polls load on the main thread/);
  });

  it('polls load on the main thread while answers are small, in the worker after a large one, and come back after a run of small ones', async () => {
    const visitor = (i: number) => ({visitorId: `v${i}`, location: {countryCode: 'FR', city: 'Paris'}, currentUrl: '/pricing', sessionStartTime: '2026-11-20T12:00:00.000Z'});
    const answer = (visitors: number, padding = 0) => success({count: visitors, visitors: Array.from({length: visitors}, (_, i) => visitor(i)), padding: 'x'.repeat(padding)});
    // small, large by size, large by visitors, then small answers.
    const server = await faultServer([answer(1), answer(1, 20_000), answer(40), answer(1), answer(1), answer(2)]);
    cleanup.push(() => server.close());
    enableLoaderWorker(bundle);
    const placement = new AdaptiveLoad({largeBody: 10_000, largeVisitors: 30, smallBody: 5_000, smallVisitors: 10, smallPolls: 2});
    const where: string[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) {
      where.push(placement.offThread ? 'worker' : 'main');
      const loaded = await placement.load(client(server.url), new AbortController().signal);
      counts.push(loaded.value.visitors.length);
      if (i === 2) expect(loaderThreadRunning()).toBe(true);
    }
    expect(counts).toEqual([1, 1, 40, 1, 1, 2]);
    // The 20 KB answer moved the next poll to the worker; 2 small answers there brought polls back.
    expect(where).toEqual(['main', 'main', 'worker', 'worker', 'worker', 'main']);
    // Back on the main thread, the idle worker was stopped (its heap given back).
    expect(loaderThreadRunning()).toBe(false);
    expect(server.seen).toHaveLength(6);
  });

  it('a poller that stops (a site left in the picker) leaves nothing of its answers in the worker', async () => {
    const body = JSON.stringify({status: 'success', data: {count: 2, visitors: [{visitorId: 'a'}, {visitorId: 'b'}]}});
    const server = await faultServer(Array.from({length: 12}, () => json(200, body)));
    cleanup.push(() => server.close());
    enableLoaderWorker(bundle);
    // Two sites, every answer large: each poller's second poll onwards loads in the worker.
    const polled = async (placement: AdaptiveLoad) => {
      const poller = createPoller(client(server.url), 60_000, undefined, placement);
      cleanup.push(() => poller.stop());
      let n = 0;
      await new Promise<void>((resolve) => {
        poller.onOutcome((outcome) => {
          expect(outcome.kind).toBe('ok');
          if (++n < 3) poller.refresh();
          else resolve();
        });
        poller.start();
      });
      return poller;
    };
    const first = await polled(new AdaptiveLoad({...LOADER_LIMITS, largeBody: 0}));
    const second = await polled(new AdaptiveLoad({...LOADER_LIMITS, largeBody: 0}));
    expect(await loaderStreamCount()).toBe(2);
    first.stop();
    expect(await loaderStreamCount()).toBe(1);
    second.stop();
    expect(await loaderStreamCount()).toBe(0);
  });

  it('a large answer stays on the main thread when the loader thread is not enabled', async () => {
    const server = await faultServer([success({count: 3, visitors: [], padding: 'x'.repeat(20_000)})]);
    cleanup.push(() => server.close());
    const placement = new AdaptiveLoad({...LOADER_LIMITS, largeBody: 10_000});
    await placement.load(client(server.url), new AbortController().signal);
    expect(placement.offThread).toBe(false);
    await placement.load(client(server.url), new AbortController().signal);
    expect(loaderThreadRunning()).toBe(false);
  });

  it('sends only the visitors that changed: every answer equals the main thread\'s, and unchanged visitors stay the same objects', async () => {
    const visitor = (i: number, page = '/pricing') => ({visitorId: `v${i}`, location: {countryCode: 'FR', city: 'Paris'}, currentUrl: page, sessionStartTime: '2026-11-20T12:00:00.000Z'});
    const bodies = [
      [0, 1, 2, 3].map((i) => visitor(i)), // on the main thread
      [0, 1, 2, 3].map((i) => visitor(i)), // the first in the worker: whole
      [0, 1, 2, 3].map((i) => visitor(i)), // the same body: not parsed again
      [0, 1, 2, 3].map((i) => visitor(i, i === 2 ? '/docs' : '/pricing')), // one visitor changed
      [4, 3, 1, 0].map((i) => visitor(i, i === 2 ? '/docs' : '/pricing')), // one left, one came, order changed
      [4, 3, 1, 0].map((i) => visitor(i, i === 2 ? '/docs' : '/pricing')).concat([visitor(9)]), // one more, a new body
    ].map((visitors) => JSON.stringify({status: 'success', data: {count: visitors.length, visitors}}));
    const server = await faultServer(bodies.map((b) => json(200, b)));
    cleanup.push(() => server.close());
    enableLoaderWorker(bundle);
    // Every answer counts as large: all polls but the first load in the worker.
    const placement = new AdaptiveLoad({...LOADER_LIMITS, largeBody: 0});
    const got: Visitor[][] = [];
    for (let i = 0; i < bodies.length; i++) {
      const loaded = await placement.load(client(server.url), new AbortController().signal);
      const data = (JSON.parse(bodies[i]) as {data: unknown}).data;
      expect(loaded.value).toEqual(normaliseData(data, new Date(loaded.value.fetchedAt), null));
      got.push(loaded.value.visitors);
    }
    expect(loaderThreadRunning()).toBe(true);
    // Poll 2 (the first in the worker) came whole; poll 3 had the same body: the same array.
    expect(got[2]).toBe(got[1]);
    // Poll 4: v2 changed, the others are poll 3's objects.
    expect(got[3].map((v, i) => v === got[2][i])).toEqual([true, true, false, true]);
    // Poll 5: v4 is new; v3, v1 and v0 are the objects of poll 4.
    expect(got[4].map((v) => got[3].includes(v))).toEqual([false, true, true, true]);
    // Poll 6 adds v9 to poll 5's.
    expect(got[5].slice(0, 4).every((v, i) => v === got[4][i])).toBe(true);
  });

  it('an answer of more visitors than one message holds comes whole, slice by slice as the main thread asks', async () => {
    const visitors = Array.from({length: 1234}, (_, i) => ({visitorId: `v${i}`, location: {countryCode: 'DE'}, currentUrl: `/p/${i % 7}`}));
    const body = JSON.stringify({status: 'success', data: {count: visitors.length, visitors}});
    const server = await faultServer([json(200, body)]);
    cleanup.push(() => server.close());
    enableLoaderWorker(bundle);
    const first = await loadOffThread(client(server.url), new AbortController().signal);
    expect(first.value).toEqual(normaliseData((JSON.parse(body) as {data: unknown}).data, new Date(first.value.fetchedAt), null));
    // And again, while another load is in flight: each gets its own slices.
    const [a, b] = await Promise.all([loadOffThread(client(server.url), new AbortController().signal), loadOffThread(client(server.url), new AbortController().signal)]);
    expect(a.value.visitors.map((v) => v.id)).toEqual(visitors.map((v) => v.visitorId));
    expect(b.value.visitors).toEqual(a.value.visitors);
  });

  it('a visitor delta rebuilds exactly the new list from the base, keeping unchanged visitors (random lists)', () => {
    const random = createRandom(8);
    const make = (id: number, page: string): Visitor => normaliseData({visitors: [{visitorId: `v${id}`, currentUrl: page}]}, new Date(0), null).visitors[0];
    for (let round = 0; round < 200; round++) {
      const base = Array.from({length: Math.floor(random() * 30)}, (_, i) => make(i, random() < 0.5 ? '/a' : '/b'));
      const next: Visitor[] = [];
      for (const v of base) {
        const r = random();
        if (r < 0.15) continue; // left
        next.push(r < 0.3 ? make(Number(v.id.slice(1)), '/changed') : r < 0.6 ? {...v} : v); // changed, an equal copy, or the same
      }
      for (let i = 0; i < random() * 5; i++) next.splice(Math.floor(random() * (next.length + 1)), 0, make(100 + i, '/new'));
      if (random() < 0.3) next.reverse();
      const {order, sent, arrived} = structuredClone(visitorDelta(base, next));
      const rebuilt = applyVisitorDelta(base, order, sent, arrived);
      expect(rebuilt).toEqual(next);
      // "Arrived" is exactly who was not in the base at all (a changed visitor is not new).
      expect(arrived).toEqual(next.filter((v) => !base.some((b) => b.id === v.id)).map((v) => v.id));
      for (let i = 0; i < next.length; i++) {
        const before = base.find((v) => v.id === next[i].id);
        if (before && JSON.stringify(before) === JSON.stringify(next[i])) expect(rebuilt[i]).toBe(before);
      }
    }
    expect(visitorDelta(undefined, [])).toEqual({order: null, sent: [], arrived: []});
    const same = [make(1, '/')];
    expect(applyVisitorDelta(same, visitorDelta(same, same).order, [])).toBe(same);
    expect(applyVisitorDelta(same, visitorDelta(same, [{...same[0]}]).order, [])).toBe(same);
  });

  it('serialises every kind of error and rebuilds it', () => {
    const e = new DataFastError('tls', 'cert', {advice: 'NODE_EXTRA_CA_CERTS', status: null});
    const back = fromWire(structuredClone(toWire(e)));
    expect(back).toBeInstanceOf(DataFastError);
    expect(back).toMatchObject({kind: 'tls', message: 'cert', advice: 'NODE_EXTRA_CA_CERTS', status: null});
    expect(fromWire(toWire(new AbortedError()))).toBeInstanceOf(AbortedError);
    expect(fromWire(toWire(new TypeError('odd'))).message).toBe('odd');
  });
});
