// One poll's load with a BodyMemo: a body equal to the previous one is not parsed again, and what it hands on
// is exactly what a full parse of it gives (with the new poll's time), down to what the feed makes of it.
import {afterEach, describe, expect, it} from 'vitest';
import type {ClientOptions} from '../../src/api/client.js';
import {BodyMemo, loadSnapshot} from '../../src/cli/load.js';
import {applySnapshot} from '../../src/model/feed.js';
import {normaliseData} from '../../src/model/normalise.js';
import {clearSecrets, registerSecret} from '../../src/model/redact.js';
import {faultServer, success, type Reply} from '../helpers/fault-server.js';
import {fixture, fixtureText} from '../helpers/fixtures.js';

const client = (url: string, extra: Partial<ClientOptions> = {}): ClientOptions => ({baseUrl: url, apiKey: 'df_k_memo', websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test', ...extra});
const body = (text: string): Reply => (_req, res) => {
  res.writeHead(200, {'content-type': 'application/json'});
  res.end(text);
};

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  clearSecrets();
});

async function serve(replies: Reply[]) {
  const server = await faultServer(replies);
  cleanup.push(() => server.close());
  return server;
}

/** What a full parse of `text` gives as a poll at `fetchedAt`, as the client and normaliser make it. */
const fullParse = (text: string, fetchedAt: string, websiteId: string | null = null) =>
  normaliseData((JSON.parse(text) as {data: unknown}).data, new Date(fetchedAt), websiteId);

describe('loadSnapshot with a BodyMemo', () => {
  const text = fixtureText('realtime-map.objects.json');

  it('hands on the previous snapshot for an identical body, equal to a full parse, with the new poll\'s time', async () => {
    const server = await serve([body(text)]);
    const memo = new BodyMemo();
    const first = await loadSnapshot(client(server.url), undefined, undefined, memo);
    await new Promise((r) => setTimeout(r, 5)); // a later poll: its own fetchedAt
    const second = await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect(first.sameBody).toBe(false);
    expect(second.sameBody).toBe(true);
    expect(second.value.fetchedAt).not.toBe(first.value.fetchedAt);
    expect(second.value).toEqual(fullParse(text, second.value.fetchedAt));
    // Not parsed again: the very same visitors, events and payments.
    expect(second.value.visitors).toBe(first.value.visitors);
    expect(second.value.events).toBe(first.value.events);
    expect(second.value.payments).toBe(first.value.payments);
    expect(second.bodyLength).toBe(first.bodyLength);
    expect(server.seen).toHaveLength(2);
  });

  it('the feed made of a reused snapshot equals the feed of a full parse: the marks of the first poll are cleared', async () => {
    const server = await serve([body(text)]);
    const memo = new BodyMemo();
    const first = await loadSnapshot(client(server.url), undefined, undefined, memo);
    const second = await loadSnapshot(client(server.url), undefined, undefined, memo);
    const feed1 = applySnapshot(null, first.value);
    expect(feed1.fresh.visitors.size).toBeGreaterThan(0);
    const reused = applySnapshot(feed1, second.value);
    const parsed = applySnapshot(applySnapshot(null, fullParse(text, first.value.fetchedAt)), fullParse(text, second.value.fetchedAt));
    expect(reused).toEqual(parsed);
    expect(reused.fresh.visitors.size + reused.fresh.events.size + reused.fresh.payments.size).toBe(0);
    expect(reused.fetchedAt).toBe(second.value.fetchedAt);
    expect(reused.polls).toBe(2);
  });

  it('a different body is parsed (one character off), and becomes the one compared with', async () => {
    const changed = JSON.parse(text) as {data: {count: number}};
    changed.data.count += 1;
    const other = JSON.stringify(changed);
    const server = await serve([body(text), body(other), body(other), body(text)]);
    const memo = new BodyMemo();
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await loadSnapshot(client(server.url), undefined, undefined, memo));
    expect(got.map((g) => g.sameBody)).toEqual([false, false, true, false]);
    expect(got.map((g) => g.value.count)).toEqual([4, 5, 5, 4]);
    got.forEach((g, i) => expect(g.value).toEqual(fullParse(i === 1 || i === 2 ? other : text, g.value.fetchedAt)));
  });

  it('parses again when the website id or the registered secrets changed (they shape the snapshot)', async () => {
    const secret = 'sk_live_0123456789';
    const data = fixture('realtime-map.objects.json') as {data: {visitors: {customerEmail?: string}[]}};
    data.data.visitors[0].customerEmail = `leak ${secret}`;
    const leaky = JSON.stringify(data);
    const server = await serve([body(leaky)]);
    const memo = new BodyMemo();
    const a = await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect(JSON.stringify(a.value)).toContain(secret);
    registerSecret(secret);
    const b = await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect(b.sameBody).toBe(false);
    expect(JSON.stringify(b.value)).not.toContain(secret);
    expect(b.value).toEqual(fullParse(leaky, b.value.fetchedAt));
    const c = await loadSnapshot(client(server.url, {apiKey: 'dft_token', websiteId: 'site-2'}), undefined, undefined, memo);
    expect(c.sameBody).toBe(false);
    expect(c.value.websiteId).toBe('site-2');
    const d = await loadSnapshot(client(server.url, {apiKey: 'dft_token', websiteId: 'site-2'}), undefined, undefined, memo);
    expect(d.sameBody).toBe(true);
    expect(d.value).toEqual(fullParse(leaky, d.value.fetchedAt, 'site-2'));
  });

  it('--record (onRaw) always parses and sees the data; without a memo every body is parsed', async () => {
    const server = await serve([success({count: 2, visitors: []})]);
    const memo = new BodyMemo();
    const raw: unknown[] = [];
    await loadSnapshot(client(server.url), undefined, undefined, memo);
    const recorded = await loadSnapshot(client(server.url), undefined, (data) => raw.push(data), memo);
    expect(recorded.sameBody).toBe(false);
    expect(raw).toEqual([{count: 2, visitors: []}]);
    expect((await loadSnapshot(client(server.url))).sameBody).toBe(false);
    expect((await loadSnapshot(client(server.url), undefined, undefined, memo)).sameBody).toBe(true);
  });

  it('a changed body keeps the previous visitors that did not change (the same objects), and equals a full parse', async () => {
    const changed = JSON.parse(text) as {data: {visitors: {currentUrl?: string}[]; count: number}};
    changed.data.visitors[1].currentUrl = '/changed';
    changed.data.count += 1;
    const other = JSON.stringify(changed);
    const server = await serve([body(text), body(other)]);
    const memo = new BodyMemo();
    const first = await loadSnapshot(client(server.url), undefined, undefined, memo);
    const second = await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect(second.sameBody).toBe(false);
    expect(second.value).toEqual(fullParse(other, second.value.fetchedAt));
    expect(second.value.visitors.map((v, i) => v === first.value.visitors[i])).toEqual([true, false, true, true]);
    // Events and payments did not change: the previous lists themselves.
    expect(second.value.events).toBe(first.value.events);
    expect(second.value.payments).toBe(first.value.payments);
    const feed = applySnapshot(applySnapshot(null, first.value), second.value);
    expect(feed).toEqual(applySnapshot(applySnapshot(null, fullParse(text, first.value.fetchedAt)), fullParse(other, second.value.fetchedAt)));
  });

  it('a changed event or payment is the new one; the others stay the previous objects', async () => {
    const changed = JSON.parse(text) as {data: {recentEvents: {path?: string}[]; recentPayments: {amount?: number}[]}};
    changed.data.recentEvents[0].path = '/elsewhere';
    changed.data.recentPayments[1].amount = 20;
    const other = JSON.stringify(changed);
    const server = await serve([body(text), body(other)]);
    const memo = new BodyMemo();
    const first = await loadSnapshot(client(server.url), undefined, undefined, memo);
    const second = await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect(second.value).toEqual(fullParse(other, second.value.fetchedAt));
    expect(second.value.events.map((e, i) => e === first.value.events[i])).toEqual([false, true]);
    expect(second.value.payments.map((p, i) => p === first.value.payments[i])).toEqual([true, false]);
  });

  it('a body longer than the memo keeps is parsed every time', async () => {
    const server = await serve([body(text)]);
    const memo = new BodyMemo(text.length - 1);
    await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect((await loadSnapshot(client(server.url), undefined, undefined, memo)).sameBody).toBe(false);
    const roomy = new BodyMemo(text.length);
    await loadSnapshot(client(server.url), undefined, undefined, roomy);
    expect((await loadSnapshot(client(server.url), undefined, undefined, roomy)).sameBody).toBe(true);
  });

  it('an error in between keeps the memo: the next equal body is still handed on', async () => {
    const server = await serve([body(text), (_req, res) => res.writeHead(502).end('bad gateway'), body(text)]);
    const memo = new BodyMemo();
    const first = await loadSnapshot(client(server.url), undefined, undefined, memo);
    await expect(loadSnapshot(client(server.url), undefined, undefined, memo)).rejects.toMatchObject({kind: 'server'});
    const third = await loadSnapshot(client(server.url), undefined, undefined, memo);
    expect(third.sameBody).toBe(true);
    expect(third.value.visitors).toBe(first.value.visitors);
  });
});
