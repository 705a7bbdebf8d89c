import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, success, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {sessionsPerTest} from '../helpers/pty.js';
import {SPARK_BUCKET_MS} from '../../src/ui/spark-history.js';

// Issue 8: "a write only when something visible changed". A site whose answer does not change (a quiet site:
// the same visitors on the same pages) costs no bytes on the terminal, poll after poll — not the clock, not
// "updated just now", not the sparkline — and the next change is drawn at once.

const spawn = sessionsPerTest();
let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** The fixture's answer with every time set to `at` (ages then read "5m" for the next 50 s). */
function answerAt(at: number): {data: Record<string, unknown>} {
  const iso = new Date(at).toISOString();
  const text = JSON.stringify(fixture('realtime-map.objects.json')).replace(/"(sessionStartTime|timestamp)":"[^"]*"/g, `"$1":"${iso}"`);
  return JSON.parse(text) as {data: Record<string, unknown>};
}

describe('a quiet site', () => {
  it.each([
    [120, 40],
    [80, 24],
    [200, 50],
  ])('writes nothing while the answer stays the same, and draws the next change (%i×%i)', async (cols, rows) => {
    const answer = answerAt(Date.now() - 5 * 60_000 - 10_000);
    let data: Record<string, unknown> = answer.data;
    const reply: Reply = (req, res) => success(data)(req, res);
    const server = await faultServer([reply]);
    cleanup.push(() => server.close());
    const s = spawn(['--base-url', server.url, '--interval', '0.3'], {cols, rows, env: {DATAFAST_API_KEY: 'df_quiet_test_key'}});
    await s.waitFor((l) => /LIVE/.test(l[0]), 'LIVE');
    // The quiet window must not span the start of a sparkline bar (every 30 s of the wall clock, which the header's
    // minute clock also ticks on): a new bar is a visible change, drawn on the next poll. The window lasts ~2.5 s.
    const intoBucket = Date.now() % SPARK_BUCKET_MS;
    if (intoBucket > SPARK_BUCKET_MS - 8_000) await new Promise((r) => setTimeout(r, SPARK_BUCKET_MS - intoBucket + 500));
    // Past the first polls (the Now pane's first counts, the marks of what is new, a bar that just opened).
    const settled = server.seen.length + 3;
    while (server.seen.length < settled) await new Promise((r) => setTimeout(r, 50));
    await s.parsed();
    const mark = s.mark();
    const until = server.seen.length + 6;
    while (server.seen.length < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(s.since(mark))).toBe('""');
    // One more visitor: drawn at the next poll (the header's count among what changes).
    const visitors = answer.data.visitors as Record<string, unknown>[];
    const before = s.screen()[0];
    data = {...answer.data, count: visitors.length + 1, visitors: [...visitors, {...visitors[0], visitorId: 'quiet-newcomer'}]};
    await s.waitForOutput(mark, (out) => out.length > 0, 'the change drawn');
    await s.waitFor((l) => l[0] !== before, 'the header changed');
  });
});
