import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, success, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {sessionsPerTest} from '../helpers/pty.js';

// A list scrolled in a small pane (a visitor arrived above the cursor, pushing it past the pane's last row) scrolls
// back up when the pane grows: the newest visitor is not left hidden behind "↑1 above" for good.

const spawn = sessionsPerTest();
let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('a list scrolled in a small pane', () => {
  it('scrolls back up when the window grows (40×14 → 120×40)', async () => {
    // More visitors than the grown pane has rows: the list still scrolls there.
    const template = (fixture('realtime-map.objects.json') as {data: {visitors: Record<string, unknown>[]}}).data.visitors[0];
    const start = Date.now() - 60_000;
    const visitors = Array.from({length: 80}, (_, i) => ({...template, visitorId: `grow-${i}`, sessionStartTime: new Date(start - i * 1000).toISOString()}));
    const answer = {data: {count: visitors.length, visitors}};
    let data: Record<string, unknown> = answer.data;
    const reply: Reply = (req, res) => success(data)(req, res);
    const server = await faultServer([reply]);
    cleanup.push(() => server.close());
    const s = spawn(['--base-url', server.url, '--interval', '0.3'], {cols: 40, rows: 14, env: {DATAFAST_API_KEY: 'df_grow_test_key'}});
    const title = (l: string[]) => l.find((x) => x.includes('2 Visitors')) ?? '';
    await s.waitFor((l) => /LIVE/.test(l[0]) && /▶ 2 Visitors/.test(title(l)), 'the visitors pane, focused');
    s.write('j');
    // A visitor arrives (the newest: first in the list); the cursor follows its visitor down, out of the pane.
    const newcomer = {...answer.data.visitors[0], visitorId: 'grow-newcomer', sessionStartTime: new Date().toISOString(), location: {countryCode: 'NZ', city: 'Wellington'}};
    data = {...answer.data, count: answer.data.count + 1, visitors: [newcomer, ...answer.data.visitors]};
    await s.waitFor((l) => /↑1 above/.test(title(l)), 'the title says a row is out of view above');
    s.resize(120, 40);
    const lines = await s.waitFor((l) => l.length === 40 && /Visitors 81/.test(title(l)) && l.some((x) => x.includes('NZ Wellington')), 'the grown pane with the newcomer in view');
    expect(title(lines)).not.toMatch(/above/);
  });

  it('a list left alone keeps showing the newest rows (40×14): the cursor on the first row stays there', async () => {
    const template = (fixture('realtime-map.objects.json') as {data: {visitors: Record<string, unknown>[]}}).data.visitors[0];
    const start = Date.now() - 60_000;
    const visitors = Array.from({length: 20}, (_, i) => ({...template, visitorId: `head-${i}`, sessionStartTime: new Date(start - i * 1000).toISOString()}));
    let data: Record<string, unknown> = {count: visitors.length, visitors};
    const server = await faultServer([(req, res) => success(data)(req, res)]);
    cleanup.push(() => server.close());
    const s = spawn(['--base-url', server.url, '--interval', '0.3'], {cols: 40, rows: 14, env: {DATAFAST_API_KEY: 'df_grow_test_key'}});
    const title = (l: string[]) => l.find((x) => x.includes('2 Visitors')) ?? '';
    await s.waitFor((l) => /LIVE/.test(l[0]) && /▶ 2 Visitors 20/.test(title(l)), 'the visitors pane, focused');
    const arrivals = [0, 1, 2].map((i) => ({...template, visitorId: `head-new-${i}`, sessionStartTime: new Date(Date.now() + i * 1000).toISOString(), location: {countryCode: 'NZ', city: 'Wellington'}}));
    data = {count: 23, visitors: [...arrivals, ...visitors]};
    const lines = await s.waitFor((l) => /Visitors 23/.test(title(l)), 'three new visitors');
    expect(title(lines)).not.toMatch(/above/);
    // The cursor row (›) is the newest visitor.
    expect(lines.find((x) => x.includes('›'))).toContain('NZ Wellington');
  });
});
