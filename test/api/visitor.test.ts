import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import type {ClientOptions} from '../../src/api/client.js';
import {DataFastError} from '../../src/api/errors.js';
import {ProfileStore, rateBudget, type PollView} from '../../src/api/profiles.js';
import {fetchVisitorProfile, profileFailure} from '../../src/api/visitor.js';
import {loadVisitorProfile, profileStoreFor, type VisitorProfile} from '../../src/model/profile.js';
import {paint} from '../../src/text/style.js';
import {THEME} from '../../src/ui/theme.js';
import {detailView} from '../../src/ui/views/detail.js';
import {fixtureText} from '../helpers/fixtures.js';

// A loopback DataFast that knows three visitors, a bot and (optionally) refuses visitor profiles.
type Seen = {path: string; query: URLSearchParams; auth: string | undefined};
async function visitorServer(options: {refuse?: boolean; headers?: Record<string, string>} = {}) {
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const bodies: Record<string, string> = {
    'v-new': fixtureText('visitor-profile.json'),
    'v-old': fixtureText('visitor-profile.old-goals.json'),
    'v-hostile': fixtureText('visitor-profile.hostile.json'),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({path: url.pathname, query: url.searchParams, auth: req.headers.authorization});
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const id = decodeURIComponent(url.pathname.replace('/api/v1/visitors/', ''));
    const send = (status: number, body: string) => {
      res.writeHead(status, {'content-type': 'application/json', ...options.headers});
      res.end(body);
    };
    if (options.refuse) return send(403, fixtureText('error.403.json'));
    if (id === 'v-bot') return send(400, fixtureText('visitor-error.400.bot.json'));
    if (bodies[id]) return send(200, bodies[id]);
    return send(404, JSON.stringify({status: 'error', error: {code: 404, message: 'Visitor not found'}}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});
async function setup(options: Parameters<typeof visitorServer>[0] = {}, apiKey = 'df_site') {
  const server = await visitorServer(options);
  closers.push(server.close);
  const client: ClientOptions = {baseUrl: server.url, apiKey, websiteId: apiKey.startsWith('dft_') ? '0123456789abcdef01234567' : null, timeoutMs: 5000, userAgent: 'dftop/test'};
  return {server, client};
}

describe('GET /api/v1/visitors/{id}', () => {
  it('sends the key, no websiteId with a df_ key; the journey comes back normalised', async () => {
    const {server, client} = await setup();
    const {value} = await loadVisitorProfile(client, 'v-new');
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].path).toBe('/api/v1/visitors/v-new');
    expect(server.seen[0].auth).toBe('Bearer df_site');
    expect([...server.seen[0].query.keys()]).toEqual([]);
    expect(value.activity.pages.map((p) => p.url)).toEqual(['/', '/features', '/pricing']);
    expect(value.activity.goals.map((g) => g.origin)).toEqual(['manual', 'payment_provider']);
    expect(value.profile?.userId).toBe('user_8842');
  });
  it('adds ?websiteId= with a dft_ token and escapes the id', async () => {
    const {server, client} = await setup({}, 'dft_account');
    await expect(fetchVisitorProfile(client, 'a/b c')).rejects.toThrow();
    expect(server.seen[0].path).toBe('/api/v1/visitors/a%2Fb%20c');
    expect(server.seen[0].query.get('websiteId')).toBe('0123456789abcdef01234567');
  });
  it('reads the older goals shape', async () => {
    const {client} = await setup();
    const {value} = await loadVisitorProfile(client, 'v-old');
    expect(value.activity.goals).toEqual([{name: 'signup_click', description: null, origin: 'client', timestamp: '2026-11-27T09:30:40.000Z'}]);
    expect(value.prediction).toBeNull();
  });
  it('400 is a bot, 404 an unknown visitor, 403 a missing permission: each says so', async () => {
    const {client} = await setup();
    const failed = (p: Promise<unknown>) => p.then(() => expect.unreachable('no error'), (e: unknown) => e as DataFastError);
    const bot = await failed(fetchVisitorProfile(client, 'v-bot'));
    expect(bot).toBeInstanceOf(DataFastError);
    expect([profileFailure(bot), bot.status]).toEqual(['bot', 400]);
    expect(bot.message).toMatch(/bot/);
    expect(bot.apiMessage).toBe('Visitor is a bot');
    const unknown = await failed(fetchVisitorProfile(client, 'v-nobody'));
    expect([profileFailure(unknown), unknown.status]).toEqual(['unknown-visitor', 404]);
    expect(unknown.message).toMatch(/no visitor/);
    const refused = await setup({refuse: true});
    const denied = await failed(fetchVisitorProfile(refused.client, 'v-new'));
    expect([profileFailure(denied), denied.status]).toEqual(['permission', 403]);
    expect(denied.message).toMatch(/permission/);
  });
});

/** A poller seen from the budget: nothing due, no rate limit, unless a test says otherwise. */
function fakePoll(): PollView {
  return {state: 'waiting', nextPollAt: null, rateLimit: null, fetching: false, lastError: null};
}

function storeFor(client: ClientOptions, poll: PollView, clock: {t: number}) {
  return new ProfileStore<VisitorProfile>({
    load: (id, signal) => loadVisitorProfile(client, id, signal),
    budget: rateBudget(() => poll),
    now: () => clock.t,
    setTimer: () => null, // tests pump by hand
  });
}

describe('the profile store', () => {
  it('caches per visitor: asked again only when the visitor changes page or after a minute', async () => {
    const {server, client} = await setup();
    const clock = {t: Date.now()};
    const store = storeFor(client, fakePoll(), clock);
    store.want('v-new', '/pricing');
    expect(store.get('v-new')?.pending).toBe('loading');
    await store.settled();
    expect(store.get('v-new')?.value?.activity.currentUrl).toBe('/pricing');
    store.want('v-new', '/pricing');
    clock.t += 59_000;
    store.want('v-new', '/pricing');
    await store.settled();
    expect(server.seen).toHaveLength(1);
    store.want('v-new', '/checkout');
    await store.settled();
    expect(server.seen).toHaveLength(2);
    expect(store.get('v-new')?.value).not.toBeNull();
    clock.t += 60_000;
    store.want('v-new', '/checkout');
    await store.settled();
    expect(server.seen).toHaveLength(3);
    expect(store.requests).toBe(3);
  });
  it('one request at a time; the most recently wanted first; older wishes beyond the queue are dropped', async () => {
    const {server, client} = await setup();
    const clock = {t: Date.now()};
    const store = storeFor(client, fakePoll(), clock);
    for (const id of ['v-new', 'v-old', 'v-hostile', 'v-bot', 'v-nobody']) store.want(id, '/');
    for (let i = 0; i < 5; i++) await store.settled();
    expect(server.maxInFlight).toBe(1);
    // v-new went out at once; then the three most recent wishes, newest first; v-old was dropped.
    expect(server.seen.map((s) => s.path.split('/').pop())).toEqual(['v-new', 'v-nobody', 'v-bot', 'v-hostile']);
    expect(store.get('v-old')?.pending).toBeNull();
    expect(store.get('v-bot')?.failure).toBe('bot');
    expect(store.get('v-nobody')?.failure).toBe('unknown-visitor');
    // A bot stays a bot: not asked again within the minute.
    store.want('v-bot', '/');
    await store.settled();
    expect(server.seen).toHaveLength(4);
  });
  it('at a poll interval under two seconds, the guard is half the interval: a journey still loads between polls', () => {
    const now = Date.now();
    const poll = {...fakePoll(), intervalMs: 500, nextPollAt: now + 400};
    const budget = rateBudget(() => poll);
    // 400 ms before a poll due every 500 ms: in the gap (the guard is 250 ms).
    expect(budget.canSpend(now)).toBe(true);
    poll.nextPollAt = now + 200;
    expect(budget.canSpend(now)).toBe(false);
    // At 2 s and more the guard stays a second.
    poll.intervalMs = 2000;
    poll.nextPollAt = now + 900;
    expect(budget.canSpend(now)).toBe(false);
    poll.nextPollAt = now + 1100;
    expect(budget.canSpend(now)).toBe(true);
  });

  it('never sends while a poll is out or due within a second, or the poller is waiting out a 429', async () => {
    const {server, client} = await setup();
    const clock = {t: Date.now()};
    const poll = fakePoll();
    const store = storeFor(client, poll, clock);
    poll.nextPollAt = clock.t + 900;
    store.want('v-new', '/');
    expect(store.get('v-new')?.pending).toBe('queued');
    poll.nextPollAt = null;
    poll.fetching = true;
    store.pump();
    poll.fetching = false;
    poll.state = 'retrying';
    poll.lastError = {kind: 'rate-limited'};
    poll.nextPollAt = clock.t + 30_000;
    store.pump();
    await store.settled();
    expect(server.seen).toHaveLength(0);
    poll.state = 'waiting';
    poll.lastError = null;
    poll.nextPollAt = clock.t + 4000;
    store.pump();
    await store.settled();
    expect(server.seen).toHaveLength(1);
    expect(store.get('v-new')?.value).not.toBeNull();
  });
  it('never spends the last request the poller\'s rate-limit headers left, until their reset', async () => {
    const {server, client} = await setup();
    const clock = {t: Date.now()};
    const poll = fakePoll();
    const store = storeFor(client, poll, clock);
    poll.rateLimit = {limit: 60, remaining: 1, resetAt: clock.t + 20_000};
    store.want('v-new', '/');
    await store.settled();
    expect(server.seen).toHaveLength(0);
    poll.rateLimit = {limit: 60, remaining: 40, resetAt: clock.t + 20_000};
    store.pump();
    await store.settled();
    expect(server.seen).toHaveLength(1);
  });
  it('its own answers\' rate-limit headers count too', async () => {
    const {server, client} = await setup({headers: {'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '1'}});
    const clock = {t: Date.now()};
    const store = storeFor(client, fakePoll(), clock);
    store.want('v-new', '/');
    await store.settled();
    store.want('v-old', '/');
    await store.settled();
    expect(server.seen).toHaveLength(1);
    expect(store.get('v-old')?.pending).toBe('queued');
    clock.t += 61_000;
    store.pump();
    await store.settled();
    expect(server.seen).toHaveLength(2);
  });
  it('a 403 stops all profile requests for the session, and says why for every visitor', async () => {
    const {server, client} = await setup({refuse: true});
    const clock = {t: Date.now()};
    const store = storeFor(client, fakePoll(), clock);
    store.want('v-new', '/');
    await store.settled();
    store.want('v-old', '/');
    clock.t += 120_000;
    store.want('v-new', '/');
    await store.settled();
    expect(server.seen).toHaveLength(1);
    expect(store.get('v-old')?.failure).toBe('permission');
  });
  it('notifies on every change; dispose stops it', async () => {
    const {client} = await setup();
    const clock = {t: Date.now()};
    const store = storeFor(client, fakePoll(), clock);
    let changes = 0;
    store.subscribe(() => changes++);
    store.want('v-new', '/');
    await store.settled();
    expect(changes).toBeGreaterThanOrEqual(2);
    store.dispose();
    store.want('v-old', '/');
    expect(store.get('v-old')).toBeUndefined();
  });
  it('a profile fetched from the server shows its journey in the detail; privacy hides identity, user id, metadata, id and coordinates', async () => {
    const {client} = await setup();
    const clock = {t: Date.parse('2026-11-27T09:33:45Z')};
    const store = storeFor(client, fakePoll(), clock);
    store.want('v-new', '/pricing');
    await store.settled();
    const render = (privacy: boolean) =>
      detailView({painter: {theme: THEME, depth: 'none', ascii: false}, width: 120, height: 60, scroll: 0, privacy, visitorId: 'v-new', visitor: null, profile: store.get('v-new'), now: clock.t})
        .map((l) => paint(l, 'none'))
        .join('\n');
    const open = render(false);
    for (const shown of ['/features', 'trial_started', 'user_8842', 'plan', 'v-new']) expect(open).toContain(shown);
    const hidden = render(true);
    for (const secret of ['user_8842', 'plan', 'acme', 'v-new']) expect(hidden).not.toContain(secret);
    expect(hidden).toContain('/features');
    expect(hidden).toMatch(/Berlin, DE \(Germany\)/);
  });
});

describe('profileStoreFor', () => {
  it('reads the poller\'s status at each decision', async () => {
    const {server, client} = await setup();
    const poller = {current: {...fakePoll(), nextPollAt: Date.now() + 200}};
    const store = profileStoreFor(Promise.resolve(client), poller);
    store.want('v-new', '/');
    await store.settled();
    expect(server.seen).toHaveLength(0);
    poller.current = {...fakePoll(), nextPollAt: Date.now() + 60_000};
    store.pump();
    await store.settled();
    expect(server.seen).toHaveLength(1);
    store.dispose();
  });
});
