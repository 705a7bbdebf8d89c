// The loader thread: polls fetched and normalised off the main thread, from the built bundle (dist/dftop.js,
// built by the test setup), with the same results and the same errors as on the main thread.
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {AbortedError, type ClientOptions} from '../../src/api/client.js';
import {DataFastError} from '../../src/api/errors.js';
import {enableLoaderWorker, fromWire, loadOffThread, loadsOffThread, stopLoaderWorker, toWire} from '../../src/cli/loader-worker.js';
import {createPoller, loadSnapshot} from '../../src/cli/source.js';
import {root} from '../helpers/cli.js';
import {faultServer, hang, json} from '../helpers/fault-server.js';
import {fixtureText} from '../helpers/fixtures.js';

const bundle = pathToFileURL(path.join(root, 'dist/dftop.js'));
const client = (url: string, extra: Partial<ClientOptions> = {}): ClientOptions => ({baseUrl: url, apiKey: 'df_k_worker', websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test', ...extra});

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  await stopLoaderWorker();
  enableLoaderWorker(null);
});

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
    for (let i = 0; i < 500 && server.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.seen).toHaveLength(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    // The worker dropped the request: the server sees its connection close.
    for (let i = 0; i < 500 && server.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
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
    const poller = createPoller(client(server.url), 60_000);
    cleanup.push(() => poller.stop());
    const outcome = await new Promise((resolve) => {
      poller.onOutcome(resolve);
      poller.start();
    });
    expect(outcome).toMatchObject({kind: 'ok', value: {count: 9}});
    expect(loadsOffThread()).toBe(false);
    expect(warnings.map((w) => w.message).join()).toMatch(/the loader thread stopped .*; polls load on the main thread/);
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
