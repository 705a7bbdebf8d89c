import type {Conversion, ConversionMetrics, GoalEvent, Payment, Snapshot, Utm, Visitor} from './types.js';
import {canonicalIsoMillis} from './iso-time.js';
import {redact} from './redact.js';
import {cutCodeUnits, SAFE_ASCII, sanitise} from './sanitise.js';

// DataFast documents two response shapes that disagree, and any field may be missing, null or of the
// wrong type. Each reader below returns null for what it cannot use, so one odd visitor never fails a poll.
//
// Everything that comes out of here is safe to measure and to print: every string is redacted (the key never
// comes back out, even when a server echoes it), sanitised (no escape sequence, control, bidi or invisible
// character), made well-formed (a lone surrogate is U+FFFD, one column, as the terminal draws it) and cut
// to a few KB; every number is within its meaning's range; every timestamp is an ISO string in UTC.

/** The most UTF-16 code units kept of any string field: far wider than any column, and cheap to measure. */
export const TEXT_LIMIT = 2048;
/** URLs, paths and referrers keep a little more (long query strings are common). */
export const URL_LIMIT = 4096;
/** Goal parameters kept per event (DataFast documents at most 10). */
export const EXTRA_DATA_LIMIT = 32;
/** Dimension names kept per prediction (DataFast has five). */
export const DIMENSION_LIMIT = 16;
/** An amount of money at or above this (in major units) is not believed and becomes null. */
export const AMOUNT_LIMIT = 1e12;
/** A visitor count or visit count above this is not believed. */
export const COUNT_LIMIT = 1e9;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A string field: redacted before and after sanitising (a sanitiser that drops an escape sequence may eat the
 * character after it, or join the halves of a secret), cut, trimmed; empty becomes null.
 */
export function cleanText(v: unknown, limit = TEXT_LIMIT): string | null {
  if (typeof v !== 'string') return null;
  let s: string;
  if (SAFE_ASCII.test(v)) {
    // Printable ASCII (nearly every field): sanitising changes nothing, and a second redaction can only find
    // something when the first replaced a secret.
    s = redact(v);
    if (s !== v) s = redact(s);
  } else {
    s = redact(sanitise(redact(v)));
  }
  s = cutCodeUnits(s, limit).trim();
  return s === '' ? null : s;
}

const str = (v: unknown): string | null => cleanText(v);
const url = (v: unknown): string | null => cleanText(v, URL_LIMIT);

/** Within [lo, hi]; out-of-range values are clamped (a score of 104 is 100), non-numbers are null. */
function clamped(v: unknown, lo: number, hi: number): number | null {
  const n = finite(v);
  return n === null ? null : Math.min(hi, Math.max(lo, n));
}

/** Money: finite and below AMOUNT_LIMIT in size, else null (never `$∞` or `$1e+302`). */
export function amount(v: unknown): number | null {
  const n = finite(v);
  return n !== null && Math.abs(n) < AMOUNT_LIMIT ? n : null;
}

/** A count: a whole non-negative number up to COUNT_LIMIT (1.5 is 1), else null. */
export function wholeCount(v: unknown): number | null {
  const n = finite(v);
  return n !== null && n >= 0 && n <= COUNT_LIMIT ? Math.floor(n) : null;
}

/** ISO 4217: three ASCII letters, upper-cased; anything else is null (the amount is shown alone). */
export function currencyCode(v: unknown): string | null {
  return typeof v === 'string' && /^\s*[A-Za-z]{3}\s*$/.test(v) ? v.trim().toUpperCase() : null;
}

// Timestamps. ISO 8601 with or without a zone (none means UTC, so nothing depends on the viewer's TZ), epoch
// seconds or milliseconds as numbers or digit strings, or a date string with an explicit zone (RFC 1123).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const EXPLICIT_ZONE = /(?:\b(?:GMT|UTC|UT)|[+-]\d{2}:?\d{2})\s*$/i;
/** Epoch values below this are seconds (1e11 s is the year 5138), above it milliseconds. */
const SECONDS_BELOW = 1e11;
const EARLIEST = Date.UTC(1970, 0, 1, 0, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function fromEpoch(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  return n < SECONDS_BELOW ? Math.round(n * 1000) : Math.round(n);
}

function fromIso(m: RegExpExecArray): number | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', z, sign, oh, om = '0'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 60) return null;
  const ms = Number((frac + '000').slice(0, 3));
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March: refuse a day the month does not have.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  if (z || !sign) return t;
  const offset = (Number(oh) * 60 + Number(om)) * 60_000;
  return sign === '+' ? t - offset : t + offset;
}

/**
 * `s` itself when it is already what timestamp() returns: `YYYY-MM-DDTHH:MM:SS.sssZ` as toISOString writes it,
 * a real time from 1970 on and within range. Null when it is anything else (then the full parse decides).
 */
function canonicalIso(s: string): string | null {
  const t = canonicalIsoMillis(s);
  return t >= EARLIEST && t <= LATEST ? s : null;
}

/** Any accepted timestamp as an ISO string in UTC (`2026-11-20T14:09:12.000Z`), else null. */
export function timestamp(v: unknown): string | null {
  let t: number | null = null;
  if (typeof v === 'number') t = fromEpoch(v);
  else if (typeof v === 'string') {
    // Nearly every answer's timestamps are already canonical: no regular expression, no Date.
    const canonical = canonicalIso(v);
    if (canonical !== null) return canonical;
    const s = v.trim();
    const iso = ISO.exec(s);
    if (iso) t = fromIso(iso);
    else if (/^\d{9,16}(?:\.\d+)?$/.test(s)) t = fromEpoch(Number(s));
    else if (s.length <= 64 && EXPLICIT_ZONE.test(s)) {
      const parsed = Date.parse(s);
      t = Number.isNaN(parsed) ? null : parsed;
    }
  }
  return t !== null && t >= EARLIEST && t <= LATEST ? new Date(t).toISOString() : null;
}

/** `system.browser` is `{name}` in one shape and a string in the other. */
function named(v: unknown, key: string): string | null {
  if (typeof v === 'string') return str(v);
  return isObj(v) ? str(v[key]) : null;
}

const COUNTRY = /^[A-Za-z]{2}$/;
export function countryCode(v: unknown): string | null {
  return typeof v === 'string' && COUNTRY.test(v) ? v.toUpperCase() : null;
}

function coordinate(v: unknown, limit: number): number | null {
  const n = finite(v);
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
  const matches: string[] = [];
  if (Array.isArray(v.dimensionMatches)) {
    for (const m of v.dimensionMatches) {
      const name = str(m);
      if (name !== null) matches.push(name);
      if (matches.length === DIMENSION_LIMIT) break;
    }
  }
  return {
    score: clamped(v.score, 0, 100),
    confidence: clamped(v.confidence, 0, 1),
    isBaseline: bool(v.isBaseline),
    expectedValue: amount(raw.expectedValue) ?? amount(v.expectedValue),
    conversionRate: clamped(raw.conversionRate, 0, 1),
    averageValue: amount(raw.averageValue),
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
    url: url(o.currentUrl),
    referrer: url(o.referrer),
    sessionStart: timestamp(o.sessionStartTime),
    visitCount: wholeCount(o.visitCount),
    name: displayName ?? customerName,
    nameIsRandom: displayName !== null && profile.isRandomName === true,
    email: str(o.customerEmail),
    isCustomer: o.isCustomer === true,
    utm: utm(o.params),
    conversion: conversion(o.conversionLikelihood),
  };
}

/** A goal's parameters: keys and values cleaned like every string, numbers and booleans as text. */
function extraData(v: unknown): Record<string, string | null> {
  if (!isObj(v)) return {};
  const entries: [string, string | null][] = [];
  for (const [rawKey, value] of Object.entries(v)) {
    const key = str(rawKey);
    if (key === null) continue;
    const text = typeof value === 'string' ? str(value) : typeof value === 'boolean' || finite(value) !== null ? String(value) : null;
    entries.push([key, text]);
    if (entries.length === EXTRA_DATA_LIMIT) break;
  }
  // fromEntries defines own properties: a key named "__proto__" stays data.
  return Object.fromEntries(entries);
}

function event(v: unknown): GoalEvent {
  const o = obj(v);
  const time = timestamp(o.timestamp);
  const type = str(o.type);
  const visitorId = str(o.visitorId);
  return {
    id: str(o._id) ?? str(o.id) ?? `${type}|${visitorId}|${time}`,
    type,
    visitorId,
    timestamp: time,
    path: url(o.path),
    countryCode: countryCode(o.countryCode),
    name: str(o.displayName) ?? str(o.customerName),
    amount: amount(o.amount),
    data: extraData(o.extraData),
  };
}

function payment(v: unknown): Payment {
  const o = obj(v);
  const time = timestamp(o.timestamp);
  const money = amount(o.amount);
  const name = str(o.name) ?? str(o.customerName) ?? str(o.displayName);
  return {
    id: str(o._id) ?? str(o.id) ?? `${time}|${money}|${name}`,
    timestamp: time,
    name,
    email: str(o.email),
    amount: money,
    currency: currencyCode(o.currency),
    renewal: o.renewal === true,
    isNew: o.isNew === true,
  };
}

function metrics(v: unknown): ConversionMetrics | null {
  if (!isObj(v)) return null;
  return {baselineConversionRate: clamped(v.baselineConversionRate, 0, 1), baselineAverageValue: amount(v.baselineAverageValue)};
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The `data` object of a success envelope, normalised. Missing lists are empty. */
export function normaliseData(data: unknown, fetchedAt: Date, websiteId: string | null): Snapshot {
  const d = obj(data);
  const visitors = list(d.visitors).map(visitor);
  const count = wholeCount(d.count);
  return {
    fetchedAt: fetchedAt.toISOString(),
    websiteId: websiteId === null ? null : cleanText(websiteId),
    count: count ?? visitors.length,
    visitors,
    events: list(d.recentEvents).map(event),
    payments: list(d.recentPayments)
      .filter((p) => !(isObj(p) && p.visible === false))
      .map(payment),
    hasConversionPredictions: d.hasConversionPredictions === true,
    conversionMetrics: metrics(d.conversionMetrics),
  };
}

/**
 * A visitor that crossed a thread boundary (structured clone), rebuilt as the normaliser builds one: the same
 * fields in the same order, so every visitor on the main thread has one object shape and the code that reads
 * 10,000 of them each poll stays monomorphic.
 */
export function rebuildVisitor(v: Visitor): Visitor {
  const u = v.utm;
  const c = v.conversion;
  return {
    id: v.id,
    city: v.city,
    region: v.region,
    countryCode: v.countryCode,
    lat: v.lat,
    lon: v.lon,
    browser: v.browser,
    os: v.os,
    device: v.device,
    url: v.url,
    referrer: v.referrer,
    sessionStart: v.sessionStart,
    visitCount: v.visitCount,
    name: v.name,
    nameIsRandom: v.nameIsRandom,
    email: v.email,
    isCustomer: v.isCustomer,
    utm: u === null ? null : {source: u.source, medium: u.medium, campaign: u.campaign, content: u.content, term: u.term},
    conversion:
      c === null
        ? null
        : {
            score: c.score,
            confidence: c.confidence,
            isBaseline: c.isBaseline,
            expectedValue: c.expectedValue,
            conversionRate: c.conversionRate,
            averageValue: c.averageValue,
            dimensionMatches: c.dimensionMatches,
          },
  };
}
