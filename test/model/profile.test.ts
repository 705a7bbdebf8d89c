import {describe, expect, it} from 'vitest';
import {normaliseProfile, PROFILE_LIMITS, profileGoalNames} from '../../src/model/profile.js';
import {fixture} from '../helpers/fixtures.js';

describe('the visitor profile normaliser', () => {
  it('reads the newer docs\' shape: identity with versions, the journey oldest first, completedGoals with origin, profile, prediction', () => {
    const p = normaliseProfile(fixture('visitor-profile.json').data);
    expect(p.visitorId).toBe('3f2b8c1e-9d4a-4e6b-8a1f-2c3d4e5f6a7b');
    expect(p.identity).toMatchObject({country: 'Germany', countryCode: 'DE', region: 'Berlin', city: 'Berlin', browser: 'Chrome 131.0', os: 'Mac OS 14.6', device: 'desktop (Apple Macintosh)', viewport: {width: 1512, height: 857}});
    expect(p.identity.params).toEqual([['utm_source', 'newsletter'], ['utm_medium', 'email'], ['utm_campaign', 'launch']]);
    expect(p.activity).toMatchObject({visitCount: 3, pageViewCount: 11, timeSinceFirstVisitMs: 259200000, firstVisitAt: '2026-11-24T09:12:03.000Z', currentUrl: '/pricing'});
    expect(p.activity.pages.map((x) => x.url)).toEqual(['/', '/features', '/pricing']);
    expect(p.activity.goals).toEqual([
      {name: 'newsletter_subscribe', description: 'Subscribed from the footer', origin: 'manual', timestamp: '2026-11-24T09:15:40.000Z'},
      {name: 'trial_started', description: null, origin: 'payment_provider', timestamp: '2026-11-27T09:29:12.000Z'},
    ]);
    expect(p.profile).toEqual({userId: 'user_8842', identifiedAt: '2026-11-24T09:16:02.000Z', metadata: [['plan', 'pro'], ['team', 'acme']]});
    expect(p.prediction).toEqual({score: 78, conversionRate: 0.021, expectedValue: 5.12, confidence: 0.68});
  });
  it('reads the older docs\' completedCustomGoals (isServer) and a visitor not yet identified, with no prediction', () => {
    const p = normaliseProfile(fixture('visitor-profile.old-goals.json').data);
    expect(p.activity.goals).toEqual([{name: 'signup_click', description: null, origin: 'client', timestamp: '2026-11-27T09:30:40.000Z'}]);
    expect(p.profile).toBeNull();
    expect(p.prediction).toBeNull();
    expect(p.identity.params).toEqual([]);
    expect(p.activity.pages.map((x) => x.url)).toEqual(['/blog/realtime-map', '/signup']);
  });
  it('sanitises and cuts every string, drops what it cannot use, and never throws', () => {
    const p = normaliseProfile(fixture('visitor-profile.hostile.json').data);
    const all = JSON.stringify(p);
    expect(all).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b\u202e]/);
    expect(p.identity.countryCode).toBe('US');
    expect(p.identity.viewport).toBeNull();
    expect(p.identity.params).toEqual([['utm_source', 'xy'], ['ref', '42']]);
    expect(p.activity.visitCount).toBeNull();
    expect(p.activity.firstVisitAt).toBeNull();
    // Oldest first; a page without a time goes last.
    expect(p.activity.pages.map((x) => x.url.slice(0, 20))).toEqual(['/' + 'A'.repeat(19), '/red', '/checkout', '/bare-string-page']);
    expect(p.activity.pages[0].url).toHaveLength(PROFILE_LIMITS.url);
    // The same goal in both lists is kept once; a goal without a name is dropped; no timestamp goes last.
    expect(p.activity.goals.map((g) => [g.name, g.origin])).toEqual([['purchase', 'payment_provider'], ['newsletter', 'server']]);
    expect(p.profile!.metadata).toEqual([['plan', 'team'], ['seats', '12'], ['admin', 'true']]);
    expect(p.prediction).toEqual({score: null, conversionRate: 0.05, expectedValue: null, confidence: 0.4});
    for (const junk of [null, 42, 'x', [], {identity: 'x', activity: {visitedPages: 'x', completedGoals: {}}}]) expect(() => normaliseProfile(junk)).not.toThrow();
  });
  it('goal names per visitor for the filter', () => {
    const p = normaliseProfile(fixture('visitor-profile.json').data);
    expect(profileGoalNames([['v1', p]])).toEqual(new Map([['v1', ['newsletter_subscribe', 'trial_started']]]));
  });
});
