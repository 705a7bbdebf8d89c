import type {Feed, Snapshot} from './types.js';
import {redact} from './redact.js';
import {terminalSafeJson} from './sanitise.js';

/** The documented, stable `--json` object (README: "JSON output"). Field order is part of the interface. */
export function toJsonSnapshot(s: Snapshot | Feed) {
  return {
    fetchedAt: s.fetchedAt,
    websiteId: s.websiteId,
    count: s.count,
    visitors: s.visitors.map((v) => ({
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
      isCustomer: v.isCustomer,
      utm: v.utm,
      conversion: v.conversion && {
        score: v.conversion.score,
        confidence: v.conversion.confidence,
        isBaseline: v.conversion.isBaseline,
        expectedValue: v.conversion.expectedValue,
      },
    })),
    events: s.events.map((e) => ({
      id: e.id,
      type: e.type,
      visitorId: e.visitorId,
      timestamp: e.timestamp,
      path: e.path,
      countryCode: e.countryCode,
      name: e.name,
      amount: e.amount,
      data: e.data,
    })),
    payments: s.payments.map((p) => ({
      id: p.id,
      timestamp: p.timestamp,
      name: p.name,
      email: p.email,
      amount: p.amount,
      currency: p.currency,
      renewal: p.renewal,
      isNew: p.isNew,
    })),
    hasConversionPredictions: s.hasConversionPredictions,
    conversionMetrics: s.conversionMetrics,
  };
}

/** One NDJSON line; its strings were cleaned by the normaliser, and the line is redacted once more. */
export function jsonLine(s: Snapshot | Feed): string {
  return redact(terminalSafeJson(toJsonSnapshot(s))) + '\n';
}
