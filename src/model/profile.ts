import type {ClientOptions} from '../api/client.js';
import type {RateLimit} from '../api/errors.js';
import {ProfileStore, rateBudget, type PollView} from '../api/profiles.js';
import {fetchVisitorProfile} from '../api/visitor.js';
import {sanitise} from './sanitise.js';

// One visitor's profile (GET /api/v1/visitors/{id}), normalised. The docs describe the goals in two
// shapes (completedCustomGoals {name, description, isServer, timestamp} in the older version,
// completedGoals {…, origin: manual|payment_provider} in the newer); both are read. Every string is
// visitor-controlled or close to it: each one is sanitised and cut here, and lists are bounded.

export type ProfileGoal = {
  name: string;
  description: string | null;
  timestamp: string | null;
  /** 'manual' | 'payment_provider' (newer docs), 'server' | 'client' (older docs' isServer), or null. */
  origin: string | null;
};

export type ProfilePage = {url: string; timestamp: string | null};

export type VisitorProfile = {
  visitorId: string | null;
  identity: {
    country: string | null;
    countryCode: string | null;
    region: string | null;
    city: string | null;
    browser: string | null;
    os: string | null;
    device: string | null;
    viewport: {width: number; height: number} | null;
    /** UTM and ref/source/via parameters that are set, as [name, value]. */
    params: [string, string][];
    /** Ad click ids that are set (gclid, fbclid…), as [name, value]. */
    adClickIds: [string, string][];
  };
  activity: {
    visitCount: number | null;
    pageViewCount: number | null;
    timeSinceFirstVisitMs: number | null;
    timeSinceCurrentVisitMs: number | null;
    firstVisitAt: string | null;
    lastVisitAt: string | null;
    currentUrl: string | null;
    /** Pages of the journey, oldest first. */
    pages: ProfilePage[];
    /** Completed goals, oldest first. */
    goals: ProfileGoal[];
  };
  /** Present once the visitor is identified. */
  profile: {userId: string | null; identifiedAt: string | null; metadata: [string, string][]} | null;
  /** Null for customers and sites without revenue attribution. */
  prediction: {score: number | null; conversionRate: number | null; expectedValue: number | null; confidence: number | null} | null;
};

export const PROFILE_LIMITS = {text: 200, url: 500, pages: 200, goals: 100, entries: 30, key: 40};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const countryCode = (v: unknown): string | null => (typeof v === 'string' && /^[A-Za-z]{2}$/.test(v) ? v.toUpperCase() : null);

/** A string, sanitised and cut to `max` characters; null for anything else or an empty result. */
function text(v: unknown, max = PROFILE_LIMITS.text): string | null {
  if (typeof v !== 'string') return null;
  const clean = sanitise(v).trim();
  if (!clean) return null;
  return clean.length > max ? clean.slice(0, max) : clean;
}

/** A timestamp as given (ISO), when it parses. */
function when(v: unknown): string | null {
  const s = text(v, 40);
  return s !== null && !Number.isNaN(Date.parse(s)) ? s : null;
}

const time = (iso: string | null) => (iso === null ? Infinity : Date.parse(iso));

/** `{name}` or a string, plus a version when there is one: "Chrome 131.0". */
function software(v: unknown): string | null {
  if (typeof v === 'string') return text(v);
  const o = obj(v);
  const name = text(o.name);
  const version = text(o.version, 20);
  return name ? (version ? `${name} ${version}` : name) : null;
}

function device(v: unknown): string | null {
  if (typeof v === 'string') return text(v);
  const o = obj(v);
  const parts = [text(o.type, 30), [text(o.vendor, 40), text(o.model, 60)].filter(Boolean).join(' ')].filter(Boolean);
  if (parts.length === 2) return `${parts[0]} (${parts[1]})`;
  return parts[0] || null;
}

/** Set entries of a flat object, as text pairs; numbers and booleans are shown, nested values are not. */
function entries(v: unknown): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(obj(v))) {
    if (out.length >= PROFILE_LIMITS.entries) break;
    const k = text(key, PROFILE_LIMITS.key);
    const shown = typeof value === 'number' || typeof value === 'boolean' ? String(value) : text(value);
    if (k && shown !== null) out.push([k, shown]);
  }
  return out;
}

function goal(v: unknown): ProfileGoal | null {
  const o = obj(v);
  const name = text(o.name, 64);
  if (!name) return null;
  const origin = text(o.origin, 40) ?? (o.isServer === true ? 'server' : o.isServer === false ? 'client' : null);
  return {name, description: text(o.description), timestamp: when(o.timestamp), origin};
}

/** The `data` of a success envelope, normalised; never throws. */
export function normaliseProfile(data: unknown): VisitorProfile {
  const d = obj(data);
  const identity = obj(d.identity);
  const activity = obj(d.activity);
  const viewport = obj(identity.viewport);
  const width = num(viewport.width);
  const height = num(viewport.height);
  const pages = list(activity.visitedPages)
    .map((p): ProfilePage | null => {
      const o = isObj(p) ? p : {url: p};
      const url = text(o.url, PROFILE_LIMITS.url);
      return url ? {url, timestamp: when(o.timestamp)} : null;
    })
    .filter((p): p is ProfilePage => p !== null);
  // Both documented goal lists; a goal listed in both is kept once.
  const goals: ProfileGoal[] = [];
  const seen = new Set<string>();
  for (const g of [...list(activity.completedGoals), ...list(activity.completedCustomGoals)].map(goal)) {
    if (!g) continue;
    const key = `${g.name}|${g.timestamp}`;
    if (seen.has(key)) continue;
    seen.add(key);
    goals.push(g);
  }
  const byTime = <T extends {timestamp: string | null}>(items: T[]) =>
    items.map((item, i) => ({item, i})).sort((a, b) => time(a.item.timestamp) - time(b.item.timestamp) || a.i - b.i).map((x) => x.item);
  const profile = isObj(d.profile)
    ? {userId: text(d.profile.userId, 100), identifiedAt: when(d.profile.identifiedAt), metadata: entries(d.profile.metadata)}
    : null;
  const prediction = isObj(d.prediction)
    ? {score: num(d.prediction.score), conversionRate: num(d.prediction.conversionRate), expectedValue: num(d.prediction.expectedValue), confidence: num(d.prediction.confidence)}
    : null;
  return {
    visitorId: text(d.visitorId, 100),
    identity: {
      country: text(identity.country, 80),
      countryCode: countryCode(identity.countryCode),
      region: text(identity.region, 80),
      city: text(identity.city, 80),
      browser: software(identity.browser),
      os: software(identity.os),
      device: device(identity.device),
      viewport: width !== null && height !== null ? {width, height} : null,
      params: entries(identity.params),
      adClickIds: entries(identity.adClickIds),
    },
    activity: {
      visitCount: num(activity.visitCount),
      pageViewCount: num(activity.pageViewCount),
      timeSinceFirstVisitMs: num(activity.timeSinceFirstVisit),
      timeSinceCurrentVisitMs: num(activity.timeSinceCurrentVisit),
      firstVisitAt: when(activity.firstVisitAt),
      lastVisitAt: when(activity.lastVisitAt),
      currentUrl: text(activity.currentUrl, PROFILE_LIMITS.url),
      pages: byTime(pages).slice(-PROFILE_LIMITS.pages),
      goals: byTime(goals).slice(-PROFILE_LIMITS.goals),
    },
    profile,
    prediction,
  };
}

/** Goal names per visitor from loaded profiles, for the filter's `goal:`. */
export function profileGoalNames(profiles: Iterable<[string, VisitorProfile]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, p] of profiles) if (p.activity.goals.length) out.set(id, p.activity.goals.map((g) => g.name));
  return out;
}

/** One visitor's profile, fetched and normalised: the `load` of a ProfileStore<VisitorProfile>. */
export async function loadVisitorProfile(options: ClientOptions, visitorId: string, signal?: AbortSignal): Promise<{value: VisitorProfile; rateLimit: RateLimit | null; latencyMs: number}> {
  const response = await fetchVisitorProfile(options, visitorId, signal);
  return {value: normaliseProfile(response.data), rateLimit: response.rateLimit, latencyMs: response.latencyMs};
}

/**
 * The live screen's profile store: profiles loaded one at a time with the client the poller uses, from the
 * poller's rate budget (`poller.current` is read at each decision). Call `store.pump()` from the poller's
 * onState listener so a queued profile goes out as soon as the budget allows; `store.dispose()` on exit.
 */
export function profileStoreFor(client: ClientOptions | Promise<ClientOptions>, poller: {readonly current: PollView}): ProfileStore<VisitorProfile> {
  return new ProfileStore<VisitorProfile>({
    load: async (visitorId, signal) => loadVisitorProfile(await client, visitorId, signal),
    budget: rateBudget(() => poller.current),
  });
}
