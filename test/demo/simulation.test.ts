import {describe, expect, it} from 'vitest';
import {CITIES} from '../../src/demo/cities.js';
import {Simulation} from '../../src/demo/simulation.js';
import {normaliseData} from '../../src/model/normalise.js';

const START = Date.parse('2026-11-20T12:00:00Z');

describe('Simulation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Simulation({seed: 9, startTime: START});
    const b = new Simulation({seed: 9, startTime: START});
    a.advanceBy(30_000);
    b.advanceBy(30_000);
    expect(JSON.stringify(a.snapshot())).toBe(JSON.stringify(b.snapshot()));
    const c = new Simulation({seed: 10, startTime: START});
    c.advanceBy(30_000);
    expect(JSON.stringify(c.snapshot())).not.toBe(JSON.stringify(a.snapshot()));
  });

  it('keeps about the asked number of visitors, each active for ten minutes after their last page', () => {
    const sim = new Simulation({seed: 1, visitors: 80, startTime: START});
    const counts: number[] = [];
    const firstSeen = new Map<string, number>();
    const lifetimes: number[] = [];
    let ids = new Set(sim.snapshot().visitors.map((v) => v.visitorId));
    let arrived = 0;
    for (let minute = 1; minute <= 40; minute++) {
      sim.advanceBy(60_000);
      const now = new Set(sim.snapshot().visitors.map((v) => v.visitorId));
      for (const id of now) {
        if (!ids.has(id)) {
          arrived++;
          firstSeen.set(id, minute);
        }
      }
      for (const id of ids) if (!now.has(id) && firstSeen.has(id)) lifetimes.push(minute - firstSeen.get(id)!);
      ids = now;
      counts.push(now.size);
    }
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(125);
    // 80 active for ~14 minutes each: about six arrivals a minute, with a slow swell.
    expect(arrived / 40).toBeGreaterThan(3);
    expect(arrived / 40).toBeLessThan(12);
    expect(lifetimes.length).toBeGreaterThan(50);
    // Nobody leaves before the ten-minute window has passed (whole-minute sampling: at least 10 minutes).
    expect(Math.min(...lifetimes)).toBeGreaterThanOrEqual(10);
  });

  it('puts visitors on every inhabited continent, weighted towards big internet populations', () => {
    const sim = new Simulation({seed: 3, visitors: 400, startTime: START});
    const seen = new Map<string, number>();
    for (let i = 0; i < 10; i++) {
      sim.advanceBy(120_000);
      for (const v of sim.snapshot().visitors) seen.set(v.location.countryCode, (seen.get(v.location.countryCode) ?? 0) + 1);
    }
    const continents: Record<string, string[]> = {
      northAmerica: ['US', 'CA', 'MX'], southAmerica: ['BR', 'AR', 'CO', 'CL'], europe: ['GB', 'FR', 'DE', 'NL', 'ES'],
      africa: ['NG', 'KE', 'EG', 'ZA', 'MA'], asia: ['IN', 'JP', 'CN', 'SG', 'ID'], oceania: ['AU', 'NZ'],
    };
    for (const codes of Object.values(continents)) expect(codes.some((c) => (seen.get(c) ?? 0) > 0)).toBe(true);
    expect(seen.get('US')!).toBeGreaterThan(seen.get('NZ') ?? 0);
    expect(CITIES.every((c) => Math.abs(c.lat) <= 90 && Math.abs(c.lon) <= 180)).toBe(true);
  });

  it('produces goals with parameters, payments in several currencies with renewals, and scores', () => {
    const sim = new Simulation({seed: 5, visitors: 120, startTime: START});
    const goals = new Set<string>();
    const currencies = new Set<string>();
    let renewals = 0;
    let paramGoals = 0;
    const payments = new Set<string>();
    for (let i = 0; i < 30; i++) {
      sim.advanceBy(20_000);
      const data = sim.snapshot();
      for (const e of data.recentEvents) {
        goals.add(e.type);
        if (e.type !== 'pageview' && Object.keys(e.extraData).length) paramGoals++;
      }
      for (const p of data.recentPayments) {
        if (payments.has(p._id)) continue;
        payments.add(p._id);
        currencies.add(p.currency);
        if (p.renewal) renewals++;
      }
      for (const v of data.visitors) {
        expect(v.conversionLikelihood.score).toBeGreaterThanOrEqual(0);
        expect(v.conversionLikelihood.score).toBeLessThanOrEqual(100);
        if ((v as {isCustomer?: boolean}).isCustomer) expect(v.conversionLikelihood.score).toBe(100);
      }
    }
    for (const goal of ['signup', 'trial_started', 'add_to_cart']) expect(goals).toContain(goal);
    expect(paramGoals).toBeGreaterThan(0);
    expect(currencies.size).toBeGreaterThanOrEqual(3);
    expect(renewals).toBeGreaterThan(0);
  });

  it('a payment event names a payment the Payments pane shows: visible, same payer and amount, with a currency', () => {
    let paymentEvents = 0;
    let hidden = 0;
    for (const seed of [1, 2, 3, 4]) {
      const sim = new Simulation({seed, visitors: 200, startTime: START});
      for (let i = 0; i < 40; i++) {
        sim.advanceBy(15_000);
        const data = sim.snapshot();
        hidden += data.recentPayments.filter((p) => !p.visible).length;
        for (const e of data.recentEvents.filter((x) => x.type === 'payment')) {
          paymentEvents++;
          const match = data.recentPayments.find((p) => p.amount === e.amount && p.name === e.displayName && Math.abs(Date.parse(p.timestamp) - Date.parse(e.timestamp)) <= 60_000);
          expect(match, JSON.stringify(e)).toBeDefined();
          expect(match!.visible).toBe(true);
          expect(match!.currency).toMatch(/^[A-Z]{3}$/);
        }
      }
    }
    expect(paymentEvents).toBeGreaterThan(5);
    // Hidden payments still happen (the client's visible:false handling stays exercised).
    expect(hidden).toBeGreaterThan(0);
  });

  it('answers in both documented shapes, which normalise to the same places and systems', () => {
    const sim = new Simulation({seed: 2, startTime: START});
    const objects = normaliseData(sim.snapshot('objects'), new Date(START), null);
    const strings = normaliseData(sim.snapshot('strings'), new Date(START), null);
    expect(strings.visitors.map((v) => [v.id, v.countryCode, v.browser, v.os, v.device])).toEqual(objects.visitors.map((v) => [v.id, v.countryCode, v.browser, v.os, v.device]));
    expect(typeof sim.snapshot('strings').visitors[0].system.browser).toBe('string');
    expect(typeof sim.snapshot('objects').visitors[0].system.browser).toBe('object');
    expect(objects.visitors.every((v) => v.lat !== null && v.lon !== null)).toBe(true);
  });
});
