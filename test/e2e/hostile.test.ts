import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, json} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {spawnDftop} from '../helpers/pty.js';
import {escapes} from '../helpers/raw.js';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Every escape sequence dftop itself may write, each matched whole. */
const ALLOWED = [
  /^\x1b\[[0-9;]*m$/, // SGR
  /^\x1b\[\d*[ABCDEFGJKST]$/, // cursor moves, erasing, scrolling (SU/SD)
  /^\x1b\[(\d+(;\d+)?)?H$/, // cursor position
  /^\x1b\[(\d+;\d+)?r$/, // scroll region (DECSTBM) and its reset
  /^\x1b\[\?(25|1049|2026|1000|1002|1006|2004)[hl]$/, // cursor, alternate screen, synchronized output, mouse, paste
];
/** The start-up probe's queries (cursor position, background colour, DECRQM 2026, DA1): once each, no more. */
const PROBE = ['\x1b[6n', '\x1b]11;?\x1b\\', '\x1b[?2026$p', '\x1b[c'];

function foreignSequences(raw: string): string[] {
  return escapes(raw)
    .filter(({seq}) => !PROBE.includes(seq) && !ALLOWED.some((re) => re.test(seq)))
    .map(({index, seq}) => `${JSON.stringify(seq)} in ${JSON.stringify(raw.slice(Math.max(0, index - 20), index + 40))}`);
}

describe('hostile visitor text in a real terminal', () => {
  it('reaches the screen as plain text: no visitor escape, control, bidi or bell gets through', async () => {
    const server = await faultServer([json(200, fixture('hostile.json'))]);
    cleanup.push(() => server.close());
    for (const width of [160, 100]) {
      const s = spawnDftop(['--base-url', server.url, '--interval', '0.5'], {cols: width, rows: 50, env: {DATAFAST_API_KEY: 'df_test'}});
      cleanup.push(async () => {
        s.kill('SIGKILL');
        await s.exited;
      });
      const lines = await s.waitFor((l) => l.some((x) => x.includes('Paris')) && l.some((x) => x.includes('Eve')), 'the hostile data on screen');
      for (const key of ['2', '\r']) {
        s.write(key);
        await new Promise((r) => setTimeout(r, 150));
      }
      await s.waitFor((l) => l.some((x) => x.includes('Visitor id')), 'the detail view');
      for (const key of ['\x1b', 'P']) {
        s.write(key);
        await new Promise((r) => setTimeout(r, 150));
      }
      await s.waitFor((l) => l.join('').includes('(hidden)'), 'privacy mode');
      const raw = s.raw();
      expect(foreignSequences(raw)).toEqual([]);
      for (const query of PROBE) expect(raw.split(query).length - 1, JSON.stringify(query)).toBeLessThanOrEqual(1);
      // No OSC at all beyond the probe's background query: no title, no clipboard (OSC 52), no hyperlink.
      expect(escapes(raw).filter(({seq}) => seq.startsWith('\x1b]') && seq !== PROBE[1])).toEqual([]);
      expect(raw).not.toMatch(/[\x00-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/);
      expect(raw).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
      expect(s.titles).toEqual([]);
      expect(s.term.buffer.active.type).toBe('alternate');
      expect(lines.join('\n')).not.toContain('pwned');
      s.kill('SIGTERM');
      await s.exited;
    }
  });
});
