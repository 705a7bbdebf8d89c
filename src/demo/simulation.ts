import {CITIES, type City} from './cities.js';
import {ADJECTIVES, ANIMALS, BROWSERS, FIRST_NAMES, GOALS, LAST_NAMES, PAGES, PRODUCTS, RATES, SOURCES, SYSTEMS} from './catalogue.js';
import {createRandom, exponential, hex, pick, pickWeighted, uuid, type Random} from './random.js';

export type Shape = 'objects' | 'strings';

export type SimulationOptions = {
  seed?: number;
  /** Average number of active visitors. */
  visitors?: number;
  /** Simulated epoch ms the simulation starts at; it is warmed up for ten minutes before it. */
  startTime?: number;
  /** No slow swell and ebb: the number of visitors stays near `visitors` (benchmarks). */
  steady?: boolean;
};

type SimVisitor = {
  id: string;
  city: City;
  browser: (typeof BROWSERS)[number];
  system: (typeof SYSTEMS)[number];
  path: string;
  source: (typeof SOURCES)[number];
  arrivedAt: number;
  /** This visitor's last pageview: they stay active for the realtime window after it. */
  browsingUntil: number;
  visitCount: number;
  displayName: string;
  isRandomName: boolean;
  userId: string | null;
  isCustomer: boolean;
  paid?: boolean;
  email: string | null;
  score: number;
  confidence: number;
  isBaseline: boolean;
  matches: string[];
  /** This visit's pages, oldest first (the last MAX_PAGES of them), and how many there were in all. */
  pages: {url: string; at: number}[];
  pageviews: number;
  /** Goals completed in this visit, oldest first (payments count, as the payment provider's goal). */
  goals: {name: string; at: number; origin: 'manual' | 'payment_provider'}[];
};

type SimEvent = {
  _id: string; type: string; visitorId: string; timestamp: string; path: string; countryCode: string;
  extraData: Record<string, string>; referrer: string | null; customerName: string | null; amount: number | null; displayName: string;
  at: number;
};

type SimPayment = {
  _id: string; type: 'payment_received'; timestamp: string; name: string | null; email: string | null; amount: number; currency: string;
  renewal: boolean; displayName: string | null; isNew: boolean; visible: boolean; at: number;
};

// DataFast counts a visitor as active for 10 minutes after their last pageview: a visitor who browses for a
// few minutes stays on the map for ten more. The arrival rate follows from that and the target count.
const WINDOW_MS = 10 * 60 * 1000;
const MEAN_SESSION_MS = 4 * 60 * 1000;
const STEP_MS = 1000;
const MAX_EVENTS = 100;
const BASELINE_RATE = 0.0044;
const BASELINE_VALUE = 243.63;
/** A visitor's journey keeps this many pages; profiles of this many departed visitors are kept. */
const MAX_PAGES = 50;
const MAX_GOALS = 50;
const MAX_DEPARTED = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the site owner wrote about each goal (DataFast shows it beside the goal); null when they wrote nothing. */
const GOAL_DESCRIPTIONS: Record<string, string | null> = {
  signup: 'Created an account',
  trial_started: 'Started the Pro trial',
  add_to_cart: null,
  newsletter_subscribe: 'Subscribed from the blog footer',
  demo_requested: 'Asked for a demo call',
  checkout_started: null,
  payment: 'Payment received',
};
const OS_VERSIONS: Record<string, readonly (string | null)[]> = {Windows: ['10', '11'], 'Mac OS': ['14.6', '15.1'], Linux: [null], iOS: ['18.1', '17.6'], Android: ['14', '15']};
const ANDROID_PHONES = [{vendor: 'Samsung', model: 'Galaxy S24'}, {vendor: 'Google', model: 'Pixel 8'}, {vendor: 'Xiaomi', model: 'Redmi Note 13'}] as const;
const VIEWPORTS: Record<string, readonly [number, number][]> = {
  desktop: [[1512, 857], [1920, 961], [1440, 789], [2560, 1305], [1366, 657]],
  mobile: [[393, 852], [390, 844], [412, 915], [360, 780]],
  tablet: [[820, 1180], [1024, 1366]],
};
const TEAMS = ['acme', 'globex', 'initech', 'hooli', 'umbrella'];
let countryNames: Intl.DisplayNames | null | undefined;
const countryName = (code: string): string => {
  if (countryNames === undefined) {
    try {
      countryNames = new Intl.DisplayNames(['en'], {type: 'region'});
    } catch {
      countryNames = null;
    }
  }
  return countryNames?.of(code) ?? code;
};
/** FNV-1a: a visitor's own seed, so the details a profile adds are stable and draw nothing from the site's sequence. */
const seedOf = (id: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
const iso = (ms: number) => new Date(ms).toISOString();

const cityWeight = CITIES.reduce((sum, c) => sum + c.weight, 0);
const weightOf = (items: readonly {weight: number}[]) => items.reduce((s, i) => s + i.weight, 0);
const W = {browsers: weightOf(BROWSERS), systems: weightOf(SYSTEMS), pages: weightOf(PAGES), sources: weightOf(SOURCES), goals: weightOf(GOALS), products: weightOf(PRODUCTS)};

/**
 * A lively site in simulated time: visitors arrive (Poisson), browse, hit goals, sometimes pay, and leave
 * after a few minutes. The same seed and the same calls give the same answers.
 */
export class Simulation {
  private readonly random: Random;
  private readonly target: number;
  private readonly steady: boolean;
  private now: number;
  private visitors = new Map<string, SimVisitor>();
  /** Visitors who left the realtime window, newest last: DataFast still knows them. */
  private departed = new Map<string, SimVisitor>();
  private events: SimEvent[] = [];
  private payments: SimPayment[] = [];

  constructor(options: SimulationOptions = {}) {
    this.random = createRandom(options.seed ?? 42);
    this.target = options.visitors ?? 60;
    this.steady = options.steady ?? false;
    const start = options.startTime ?? Date.now();
    // Start with a site already in its steady state rather than an empty one: arrivals spread over the
    // last session-plus-window, then a few simulated minutes to settle.
    this.now = start - MEAN_SESSION_MS;
    for (let i = 0; i < this.target; i++) this.arrive(this.now - this.random() * (WINDOW_MS + MEAN_SESSION_MS));
    this.advanceTo(start);
  }

  get time(): number {
    return this.now;
  }

  advanceTo(time: number): void {
    while (this.now + STEP_MS <= time) {
      this.now += STEP_MS;
      this.step();
    }
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  /** A slow swell and ebb so the count and the sparkline move. */
  private arrivalRate(): number {
    const swell = this.steady ? 1 : 1 + 0.35 * Math.sin((this.now / 1000 / 900) * Math.PI * 2);
    return (this.target / ((MEAN_SESSION_MS + WINDOW_MS) / 1000)) * swell;
  }

  private step(): void {
    const r = this.random;
    // Poisson arrivals in this second.
    let arrivals = 0;
    const lambda = this.arrivalRate();
    for (let p = Math.exp(-lambda), s = p, u = r(); u > s && arrivals < 1000; arrivals++) {
      p *= lambda / (arrivals + 1);
      s += p;
    }
    for (let i = 0; i < arrivals; i++) this.arrive(this.now);

    for (const v of this.visitors.values()) {
      if (this.now >= v.browsingUntil) {
        // The end of browsing is the last pageview; ten minutes later the visitor is no longer active.
        if (this.now - v.browsingUntil > WINDOW_MS) this.depart(v);
        continue;
      }
      const roll = r();
      if (roll < 1 / 40) this.navigate(v);
      else if (roll < 1 / 40 + 1 / 900) this.goal(v);
    }
    // About one payment a minute for 60 visitors, scaled with the site.
    if (r() < Math.min(0.5, this.target / 3600)) this.pay();

    const horizon = this.now - WINDOW_MS;
    if (this.events.length && this.events[this.events.length - 1].at < horizon) this.events = this.events.filter((e) => e.at >= horizon);
    if (this.events.length > MAX_EVENTS) this.events.length = MAX_EVENTS;
    if (this.payments.length && this.payments[this.payments.length - 1].at < horizon) this.payments = this.payments.filter((p) => p.at >= horizon);
  }

  private arrive(at: number): void {
    const r = this.random;
    const city = pickWeighted(r, CITIES, cityWeight);
    const system = pickWeighted(r, SYSTEMS, W.systems);
    const browserName = pick(r, system.browsers);
    const browser = BROWSERS.find((b) => b.name === browserName) ?? BROWSERS[0];
    const source = pickWeighted(r, SOURCES, W.sources);
    const isCustomer = r() < 0.06;
    const hasProfile = isCustomer || r() < 0.1;
    const first = pick(r, FIRST_NAMES);
    const last = pick(r, LAST_NAMES);
    const displayName = hasProfile ? `${first} ${last}` : `${pick(r, ADJECTIVES)}-${pick(r, ANIMALS)}`;
    const matches = ['device', 'os', 'browser', 'country', 'referrer'].filter(() => r() < 0.45);
    const isBaseline = matches.length === 0;
    const score = isCustomer ? 100 : isBaseline ? 50 : Math.round(Math.min(99, Math.max(1, 50 + (r() - 0.4) * 30 * matches.length)));
    const visitor: SimVisitor = {
      id: uuid(r),
      city,
      browser,
      system,
      path: pickWeighted(r, PAGES, W.pages).path,
      source,
      arrivedAt: at,
      browsingUntil: at + Math.max(20_000, exponential(r, MEAN_SESSION_MS)),
      visitCount: 1 + Math.floor(exponential(r, 1.5)),
      displayName,
      isRandomName: !hasProfile,
      userId: hasProfile ? `usr_${hex(r, 6)}` : null,
      isCustomer,
      email: isCustomer ? `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.com` : null,
      score,
      confidence: isCustomer ? 1 : Math.round((0.2 + r() * 0.75) * 100) / 100,
      isBaseline: !isCustomer && isBaseline,
      matches: isCustomer ? [] : matches,
      pages: [],
      pageviews: 0,
      goals: [],
    };
    this.visitors.set(visitor.id, visitor);
    this.visit(visitor, at);
    this.pageview(visitor);
  }

  private depart(v: SimVisitor): void {
    this.visitors.delete(v.id);
    this.departed.set(v.id, v);
    if (this.departed.size > MAX_DEPARTED) this.departed.delete(this.departed.keys().next().value!);
  }

  /** The visitor's journey gains their current page (no randomness: the seeded sequence stays as it was). */
  private visit(v: SimVisitor, at: number): void {
    v.pageviews++;
    v.pages.push({url: v.path, at});
    if (v.pages.length > MAX_PAGES) v.pages.shift();
  }

  private completed(v: SimVisitor, name: string, origin: 'manual' | 'payment_provider'): void {
    v.goals.push({name, at: this.now, origin});
    if (v.goals.length > MAX_GOALS) v.goals.shift();
  }

  private navigate(v: SimVisitor): void {
    v.path = pickWeighted(this.random, PAGES, W.pages).path;
    this.visit(v, this.now);
    this.pageview(v);
  }

  private pushEvent(v: SimVisitor, type: string, path: string, extraData: Record<string, string>, amount: number | null): void {
    this.events.unshift({
      _id: hex(this.random, 24), type, visitorId: v.id, timestamp: new Date(this.now).toISOString(), path,
      countryCode: v.city.countryCode, extraData, referrer: v.source.referrer, customerName: v.isCustomer ? v.displayName : null,
      amount, displayName: v.displayName, at: this.now,
    });
  }

  private pageview(v: SimVisitor): void {
    // Most pageviews stay out of the feed so goals are not drowned; the real API lists goals first too.
    if (this.random() < 0.05) this.pushEvent(v, 'pageview', v.path, {}, null);
  }

  private goal(v: SimVisitor): void {
    const goal = pickWeighted(this.random, GOALS, W.goals);
    // A goal is completed on its page: the visitor is there now, and the journey says so.
    if (v.path !== goal.page) {
      v.path = goal.page;
      this.visit(v, this.now);
    }
    if (!v.isCustomer) v.score = Math.min(99, v.score + 8);
    this.completed(v, goal.type, 'manual');
    this.pushEvent(v, goal.type, goal.page, goal.params(), null);
  }

  private pay(): void {
    const r = this.random;
    const product = pickWeighted(r, PRODUCTS, W.products);
    const currencies = Object.keys(RATES);
    const currency = r() < 0.6 ? 'USD' : pick(r, currencies);
    const rate = RATES[currency];
    const amount = currency === 'JPY' ? Math.round(product.usd * rate / 100) * 100 : Math.round(product.usd * rate);
    const renewal = r() < 0.3;
    // A few payments are hidden (`visible: false`: the client drops them); those never come from a visitor on the
    // site, whose payment event would then name a payment the Payments pane cannot show.
    const visible = r() > 0.05;
    // Half the payments come from a customer on the site (each pays once), the rest from elsewhere.
    const onSite = visible && r() < 0.5 ? [...this.visitors.values()].filter((v) => v.isCustomer && !v.paid) : [];
    const customer = onSite.length ? pick(r, onSite) : undefined;
    if (customer) customer.paid = true;
    const name = customer?.displayName ?? `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}`;
    this.payments.unshift({
      _id: hex(r, 24), type: 'payment_received', timestamp: new Date(this.now).toISOString(), name,
      email: customer?.email ?? `${name.split(' ')[0].toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.org`,
      amount, currency, renewal, displayName: customer ? customer.displayName : null, isNew: !renewal && r() < 0.7,
      visible, at: this.now,
    });
    if (customer) {
      this.completed(customer, 'payment', 'payment_provider');
      this.pushEvent(customer, 'payment', '/checkout', {product: product.label}, amount);
    }
  }

  /** The `data` object of a realtime-map answer in the requested shape. */
  snapshot(shape: Shape = 'objects') {
    const visitors = [...this.visitors.values()].map((v) => (shape === 'objects' ? this.objectVisitor(v) : this.stringVisitor(v)));
    return {
      count: visitors.length,
      visitors,
      conversionMetrics: {baselineConversionRate: BASELINE_RATE, baselineAverageValue: BASELINE_VALUE},
      hasConversionPredictions: true,
      recentEvents: this.events.map(({at: _at, ...e}) => e),
      recentPayments: this.payments.map(({at: _at, ...p}) => p),
    };
  }

  /**
   * The `data` of `GET /api/v1/visitors/{id}` for an active visitor (or one who left the realtime window not long
   * ago); null for an id the site never saw. The journey is this visit's pages and goals as the simulation made
   * them (the goals are those of the visitor's goal and payment events); earlier visits are made up from the
   * visitor's visit count, the same every time.
   */
  profile(id: string) {
    const v = this.visitors.get(id) ?? this.departed.get(id);
    if (!v) return null;
    const r = createRandom(seedOf(v.id));
    const utm = v.source.utm;
    const device = v.system.device;
    const hardware =
      v.system.os === 'iOS' ? {vendor: 'Apple', model: device === 'tablet' ? 'iPad' : 'iPhone'}
      : v.system.os === 'Mac OS' ? {vendor: 'Apple', model: 'Macintosh'}
      : v.system.os === 'Android' ? pick(r, ANDROID_PHONES)
      : {vendor: null, model: null};
    const [width, height] = pick(r, VIEWPORTS[device] ?? VIEWPORTS.desktop);
    // Earlier visits: a few days apart each, a few pages each; identified visitors signed up on their first.
    const earlierVisits = v.visitCount - 1;
    let earlierPageviews = 0;
    for (let i = 0; i < earlierVisits; i++) earlierPageviews += 1 + Math.floor(exponential(r, 3));
    const firstVisitAt = earlierVisits > 0 ? v.arrivedAt - Math.round((earlierVisits * (0.5 + r() * 3.5) * DAY_MS) / 1000) * 1000 : v.arrivedAt;
    const earlierGoals: {name: string; at: number; origin: 'manual' | 'payment_provider'}[] = [];
    let identifiedAt = v.arrivedAt;
    if (earlierVisits > 0) {
      const span = v.arrivedAt - firstVisitAt;
      if (v.userId) {
        const signup = firstVisitAt + Math.round(60 + r() * 300) * 1000;
        earlierGoals.push({name: 'signup', at: signup, origin: 'manual'});
        identifiedAt = signup + 20_000;
        if (v.isCustomer) earlierGoals.push({name: 'trial_started', at: signup + Math.round(r() * 0.5 * span / 1000) * 1000, origin: 'payment_provider'});
      } else if (r() < 0.3) {
        earlierGoals.push({name: 'newsletter_subscribe', at: firstVisitAt + Math.round(30 + r() * 600) * 1000, origin: 'manual'});
      }
    }
    const goals = [...earlierGoals, ...v.goals];
    const last = v.pages[v.pages.length - 1];
    const odds = this.likelihood(v);
    const plan = v.isCustomer ? pick(r, ['pro', 'team']) : 'free';
    const team = r() < 0.5 ? pick(r, TEAMS) : null;
    return {
      visitorId: v.id,
      identity: {
        country: countryName(v.city.countryCode),
        countryCode: v.city.countryCode,
        region: v.city.region,
        city: v.city.city,
        browser: {name: v.browser.name, version: v.browser.version},
        os: {name: v.system.os, version: pick(r, OS_VERSIONS[v.system.os] ?? [null])},
        device: {type: device, ...hardware},
        viewport: {width, height},
        params: {ref: null, source: null, via: null, utm_source: utm?.source ?? null, utm_medium: utm?.medium ?? null, utm_campaign: utm?.campaign ?? null, utm_content: null, utm_term: null},
        adClickIds: utm?.medium === 'cpc' ? {msclkid: hex(r, 32)} : {},
      },
      activity: {
        visitCount: v.visitCount,
        pageViewCount: earlierPageviews + v.pageviews,
        timeSinceFirstVisit: Math.round(this.now - firstVisitAt),
        timeSinceCurrentVisit: Math.round(this.now - v.arrivedAt),
        firstVisitAt: iso(firstVisitAt),
        lastVisitAt: iso(last.at),
        currentUrl: v.path,
        visitedPages: v.pages.map((p) => ({url: p.url, timestamp: iso(p.at)})),
        completedGoals: goals.map((g) => ({name: g.name, description: GOAL_DESCRIPTIONS[g.name] ?? null, origin: g.origin, timestamp: iso(g.at)})),
      },
      // Only identified visitors (customers, and visitors with a real name) have a profile.
      ...(v.userId ? {profile: {userId: v.userId, metadata: team ? {plan, team} : {plan}, identifiedAt: iso(identifiedAt)}} : {}),
      // DataFast predicts nothing for customers: they have paid.
      prediction: v.isCustomer ? null : {score: odds.score, conversionRate: odds.raw.conversionRate, expectedValue: odds.raw.expectedValue, confidence: odds.confidence},
    };
  }

  private likelihood(v: SimVisitor) {
    const rate = v.isCustomer ? 1 : BASELINE_RATE * (v.score / 50);
    const average = v.isCustomer ? 49 : BASELINE_VALUE;
    return {
      score: v.score, confidence: v.confidence, isBaseline: v.isBaseline, dimensionMatches: v.matches,
      raw: {conversionRate: Math.round(rate * 1e4) / 1e4, averageValue: average, expectedValue: Math.round(rate * average * 100) / 100},
    };
  }

  private objectVisitor(v: SimVisitor) {
    const utm = v.source.utm;
    // Visitors in the same city are spread a little, as city-level coordinates are.
    const jitter = (parseInt(v.id.slice(0, 4), 16) / 65535 - 0.5) * 0.3;
    return {
      visitorId: v.id,
      location: {city: v.city.city, region: v.city.region, countryCode: v.city.countryCode},
      system: {browser: {name: v.browser.name, version: v.browser.version}, os: {name: v.system.os}, device: {type: v.system.device}},
      currentUrl: v.path,
      referrer: v.source.referrer,
      sessionStartTime: new Date(v.arrivedAt).toISOString(),
      visitCount: v.visitCount,
      params: {ref: null, source: null, via: null, utm_source: utm?.source ?? null, utm_medium: utm?.medium ?? null, utm_campaign: utm?.campaign ?? null, utm_content: null, utm_term: null},
      latitude: Math.round((v.city.lat + jitter) * 1e4) / 1e4,
      longitude: Math.round((v.city.lon - jitter) * 1e4) / 1e4,
      isCustomer: v.isCustomer,
      customerName: v.isCustomer ? v.displayName : null,
      customerEmail: v.email,
      profileData: {displayName: v.displayName, userId: v.userId, hasProfile: !v.isRandomName, isRandomName: v.isRandomName},
      conversionLikelihood: this.likelihood(v),
    };
  }

  private stringVisitor(v: SimVisitor) {
    return {
      visitorId: v.id,
      location: {city: v.city.city, region: v.city.region, countryCode: v.city.countryCode},
      system: {browser: v.browser.name, os: v.system.os, device: v.system.device},
      currentUrl: `https://demo.dftop.dev${v.path}`,
      profileData: {displayName: v.displayName, isRandomName: v.isRandomName},
      conversionLikelihood: this.likelihood(v),
    };
  }
}
