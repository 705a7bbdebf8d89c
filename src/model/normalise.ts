import type {Conversion, ConversionMetrics, GoalEvent, Payment, Snapshot, Utm, Visitor} from './types.js';

// DataFast documents two response shapes that disagree, and any field may be missing, null or of the
// wrong type. Each reader below returns null for what it cannot use, so one odd visitor never fails a poll.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** `system.browser` is `{name}` in one shape and a string in the other. */
function named(v: unknown, key: string): string | null {
  if (typeof v === 'string') return v;
  return isObj(v) ? str(v[key]) : null;
}

const COUNTRY = /^[A-Za-z]{2}$/;
export function countryCode(v: unknown): string | null {
  return typeof v === 'string' && COUNTRY.test(v) ? v.toUpperCase() : null;
}

function coordinate(v: unknown, limit: number): number | null {
  const n = num(v);
  return n !== null && n >= -limit && n <= limit ? n : null;
}

function utm(params: unknown): Utm | null {
  if (!isObj(params)) return null;
  return {
    source: str(params.utm_source),
    medium: str(params.utm_medium),
    campaign: str(params.utm_campaign),
    content: str(params.utm_content),
    term: str(params.utm_term),
  };
}

function conversion(v: unknown): Conversion | null {
  if (!isObj(v)) return null;
  const raw = obj(v.raw);
  const matches = Array.isArray(v.dimensionMatches) ? v.dimensionMatches.filter((m): m is string => typeof m === 'string') : [];
  return {
    score: num(v.score),
    confidence: num(v.confidence),
    isBaseline: bool(v.isBaseline),
    expectedValue: num(raw.expectedValue) ?? num(v.expectedValue),
    conversionRate: num(raw.conversionRate),
    averageValue: num(raw.averageValue),
    dimensionMatches: matches,
  };
}

function visitor(v: unknown, index: number): Visitor {
  const o = obj(v);
  const location = obj(o.location);
  const system = obj(o.system);
  const profile = obj(o.profileData);
  const displayName = str(profile.displayName);
  const customerName = str(o.customerName);
  return {
    id: str(o.visitorId) ?? str(o.id) ?? `unknown-${index}`,
    city: str(location.city),
    region: str(location.region),
    countryCode: countryCode(location.countryCode),
    lat: coordinate(o.latitude ?? location.latitude, 90),
    lon: coordinate(o.longitude ?? location.longitude, 180),
    browser: named(system.browser, 'name'),
    os: named(system.os, 'name'),
    device: named(system.device, 'type'),
    url: str(o.currentUrl),
    referrer: str(o.referrer),
    sessionStart: str(o.sessionStartTime),
    visitCount: num(o.visitCount),
    name: displayName ?? customerName,
    nameIsRandom: displayName !== null && profile.isRandomName === true,
    email: str(o.customerEmail),
    isCustomer: o.isCustomer === true,
    utm: utm(o.params),
    conversion: conversion(o.conversionLikelihood),
  };
}

function extraData(v: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (!isObj(v)) return out;
  for (const [key, value] of Object.entries(v)) {
    out[key] = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
  }
  return out;
}

function event(v: unknown): GoalEvent {
  const o = obj(v);
  const timestamp = str(o.timestamp);
  const type = str(o.type);
  const visitorId = str(o.visitorId);
  return {
    id: str(o._id) ?? str(o.id) ?? `${type}|${visitorId}|${timestamp}`,
    type,
    visitorId,
    timestamp,
    path: str(o.path),
    countryCode: countryCode(o.countryCode),
    name: str(o.displayName) ?? str(o.customerName),
    amount: num(o.amount),
    data: extraData(o.extraData),
  };
}

function payment(v: unknown): Payment {
  const o = obj(v);
  const timestamp = str(o.timestamp);
  const amount = num(o.amount);
  const name = str(o.name) ?? str(o.customerName) ?? str(o.displayName);
  return {
    id: str(o._id) ?? str(o.id) ?? `${timestamp}|${amount}|${name}`,
    timestamp,
    name,
    email: str(o.email),
    amount,
    currency: str(o.currency),
    renewal: o.renewal === true,
    isNew: o.isNew === true,
  };
}

function metrics(v: unknown): ConversionMetrics | null {
  if (!isObj(v)) return null;
  return {baselineConversionRate: num(v.baselineConversionRate), baselineAverageValue: num(v.baselineAverageValue)};
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The `data` object of a success envelope, normalised. Missing lists are empty. */
export function normaliseData(data: unknown, fetchedAt: Date, websiteId: string | null): Snapshot {
  const d = obj(data);
  const visitors = list(d.visitors).map(visitor);
  const count = num(d.count);
  return {
    fetchedAt: fetchedAt.toISOString(),
    websiteId,
    count: count !== null && count >= 0 ? count : visitors.length,
    visitors,
    events: list(d.recentEvents).map(event),
    payments: list(d.recentPayments)
      .filter((p) => !(isObj(p) && p.visible === false))
      .map(payment),
    hasConversionPredictions: d.hasConversionPredictions === true,
    conversionMetrics: metrics(d.conversionMetrics),
  };
}
