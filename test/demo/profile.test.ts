import {request} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {fetchRealtimeMap, type ClientOptions} from '../../src/api/client.js';
import {DataFastError} from '../../src/api/errors.js';
import {fetchVisitorProfile, profileFailure} from '../../src/api/visitor.js';
import {DEMO_SITES, startDemoServer, type DemoServer} from '../../src/demo/server.js';
import {loadVisitorProfile} from '../../src/model/profile.js';

// The demo API's visitor profiles, read by the client the live screen uses: the journey is the one the
// simulation made, consistent with what the map endpoint reports about the same visitor.

type Event = {type: string; visitorId: string; timestamp: string; path: string};
type MapVisitor = {visitorId: string; currentUrl: string; sessionStartTime: string; visitCount: number; isCustomer: boolean; profileData: {isRandomName: boolean}};
type MapData = {visitors: MapVisitor[]; recentEvents: Event[]};

const START = Date.parse('2026-11-27T09:30:00Z');
let server: DemoServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A demo server on a clock the test moves, so the map and the profiles describe the same moment. */
async function demo(options: {seed?: number; visitors?: number} = {}) {
  let now = START;
  server = await startDemoServer({seed: options.seed ?? 7, visitors: options.visitors ?? 60, clock: () => now});
  const client = (apiKey = 'df_demo', websiteId: string | null = null): ClientOptions => ({baseUrl: server!.url, apiKey, websiteId, timeoutMs: 5000, userAgent: 'dftop/test'});
  const map = async (options = client()) => (await fetchRealtimeMap(options)).data as MapData;
  return {client, map, advance: (ms: number) => (now += ms), now: () => now};
}

const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('no error'), (e: unknown) => e as DataFastError);
const goalsOf = (data: MapData, id: string) => data.recentEvents.filter((e) => e.visitorId === id && e.type !== 'pageview').map((e) => ({name: e.type, timestamp: e.timestamp}));

describe('demo API: GET /api/v1/visitors/{id}', () => {
  it('gives each visitor on the map a journey that ends on their current page', async () => {
    const {client, map, advance} = await demo();
    advance(5 * 60_000);
    const data = await map();
    expect(data.visitors.length).toBeGreaterThan(10);
    for (const v of data.visitors.slice(0, 10)) {
      const {value: p} = await loadVisitorProfile(client(), v.visitorId);
      expect(p.visitorId).toBe(v.visitorId);
      expect(p.activity.currentUrl).toBe(v.currentUrl);
      expect(p.activity.pages.length).toBeGreaterThan(0);
      expect(p.activity.pages.at(-1)!.url).toBe(v.currentUrl);
      expect(p.activity.pages.map((pg) => pg.url)).toContain(v.currentUrl);
      // The journey starts when the map says the session started, and is in order.
      expect(p.activity.pages[0].timestamp).toBe(v.sessionStartTime);
      const times = p.activity.pages.map((pg) => Date.parse(pg.timestamp!));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(p.activity.lastVisitAt).toBe(p.activity.pages.at(-1)!.timestamp);
      expect(p.activity.visitCount).toBe(v.visitCount);
      expect(p.activity.pageViewCount).toBeGreaterThanOrEqual(p.activity.pages.length);
      expect(Date.parse(p.activity.firstVisitAt!)).toBeLessThanOrEqual(Date.parse(v.sessionStartTime));
      if (v.visitCount === 1) expect(p.activity.firstVisitAt).toBe(v.sessionStartTime);
      else expect(Date.parse(p.activity.firstVisitAt!)).toBeLessThan(Date.parse(v.sessionStartTime));
      expect(p.identity.countryCode).toBeTruthy();
      expect(p.identity.country).toBeTruthy();
      expect(p.identity.browser).toMatch(/\d/);
      expect(p.identity.viewport).not.toBeNull();
      // Identified visitors (customers, real names) have a profile; customers no prediction.
      expect(p.profile !== null).toBe(!v.profileData.isRandomName);
      expect(p.prediction === null).toBe(v.isCustomer);
    }
  });

  it('lists the goals of the visitor\'s goal events, with the same names and times', async () => {
    const {client, map, advance} = await demo({seed: 3, visitors: 120});
    let checked = 0;
    for (let round = 0; round < 6 && checked < 3; round++) {
      advance(90_000);
      const data = await map();
      // Below the feed's cap every event of the last ten minutes is listed, so the two must agree both ways.
      expect(data.recentEvents.length).toBeLessThan(100);
      // Visitors still on the site (an event stays in the ten minutes after its visitor left).
      const onSite = new Set(data.visitors.map((v) => v.visitorId));
      const withGoals = [...new Set(data.recentEvents.filter((e) => e.type !== 'pageview' && onSite.has(e.visitorId)).map((e) => e.visitorId))];
      for (const id of withGoals.slice(0, 3 - checked)) {
        const visitor = data.visitors.find((v) => v.visitorId === id)!;
        expect(visitor).toBeDefined();
        const {value: p} = await loadVisitorProfile(client(), id);
        const events = goalsOf(data, id);
        const since = Math.max(Date.parse(visitor.sessionStartTime), Date.parse(data.recentEvents.at(-1)!.timestamp));
        const thisVisit = p.activity.goals.filter((g) => Date.parse(g.timestamp!) >= since).map((g) => ({name: g.name, timestamp: g.timestamp}));
        expect(thisVisit).toEqual([...events].reverse().filter((e) => Date.parse(e.timestamp) >= since));
        // Goals of earlier visits come before this one.
        for (const g of p.activity.goals) if (Date.parse(g.timestamp!) < Date.parse(visitor.sessionStartTime)) expect(events.map((e) => e.timestamp)).not.toContain(g.timestamp);
        // A goal is completed on its event's page: the journey's page at that moment (payments come from the provider).
        for (const e of data.recentEvents.filter((e) => e.visitorId === id && e.type !== 'pageview' && e.type !== 'payment')) {
          const at = p.activity.pages.filter((pg) => Date.parse(pg.timestamp!) <= Date.parse(e.timestamp)).at(-1);
          expect(at?.url).toBe(e.path);
        }
        checked++;
      }
    }
    expect(checked).toBe(3);
  });

  it('answers the same profile twice at the same moment, and a departed visitor for a while after', async () => {
    const {client, map, advance} = await demo();
    const id = (await map()).visitors[0].visitorId;
    const a = await fetchVisitorProfile(client(), id);
    const b = await fetchVisitorProfile(client(), id);
    expect(b.data).toEqual(a.data);
    // Long after they left the map, DataFast still knows them.
    advance(40 * 60_000);
    expect((await map()).visitors.map((v) => v.visitorId)).not.toContain(id);
    const later = await loadVisitorProfile(client(), id);
    expect(later.value.visitorId).toBe(id);
  });

  it('404 for an unknown id, 400 for the "bot" hook, 401 without a key; dft_ tokens need a websiteId', async () => {
    const {client, map} = await demo();
    const unknown = await failure(fetchVisitorProfile(client(), '00000000-0000-4000-8000-000000000000'));
    expect(unknown).toBeInstanceOf(DataFastError);
    expect([profileFailure(unknown), unknown.status, unknown.apiMessage]).toEqual(['unknown-visitor', 404, 'Visitor not found']);
    const bot = await failure(fetchVisitorProfile(client(), 'bot-1'));
    expect([profileFailure(bot), bot.status, bot.apiMessage]).toEqual(['bot', 400, 'Visitor is a bot']);
    const id = (await map()).visitors[0].visitorId;
    // The client sends no request without a key, so ask without one by hand.
    const noKey = await request(`${server!.url}/api/v1/visitors/${id}`);
    expect([noKey.statusCode, await noKey.body.json()]).toEqual([401, {status: 'error', error: {code: 401, message: 'Missing API key'}}]);
    const badKey = await failure(fetchVisitorProfile(client('sk_nonsense'), id));
    expect([profileFailure(badKey), badKey.status]).toEqual(['auth', 401]);
    const noSite = await failure(fetchVisitorProfile(client('dft_account'), id));
    expect(noSite.status).toBe(400);
    // With a dft_ token and the first site's id, the same simulation answers.
    const site = client('dft_account', DEMO_SITES[0]._id);
    const viaAccount = await loadVisitorProfile(site, (await map(site)).visitors[0].visitorId);
    expect(viaAccount.value.activity.pages.length).toBeGreaterThan(0);
    // Profile requests are counted apart from the map's.
    expect(server!.profileRequests).toBe(6);
    expect(server!.requests).toBe(2);
  });

  it('injected faults are the map\'s: profiles neither draw them nor shift their order', async () => {
    const faults = ['500', 'ok'] as const;
    server = await startDemoServer({seed: 7, clock: () => START, fault: (n) => faults[n % faults.length]});
    const options: ClientOptions = {baseUrl: server.url, apiKey: 'df_demo', websiteId: null, timeoutMs: 5000, userAgent: 'dftop/test'};
    expect((await failure(fetchRealtimeMap(options))).status).toBe(500);
    const id = ((await fetchRealtimeMap(options)).data as MapData).visitors[0].visitorId;
    expect((await loadVisitorProfile(options, id)).value.visitorId).toBe(id);
    expect((await failure(fetchRealtimeMap(options))).status).toBe(500);
  });
});
