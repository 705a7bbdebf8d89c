import {afterEach, describe, expect, it} from 'vitest';
import {faultServer, json} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {spawnDftop} from '../helpers/pty.js';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Every escape sequence dftop itself may write: SGR, cursor movement, erasing, and its own modes. */
const ALLOWED = [
  /^\x1b\[[0-9;]*m/,
  /^\x1b\[\d*[ABCDEFGHJK]/,
  /^\x1b\[\d+;\d+H/,
  /^\x1b\[\?(25|1049|2026)[hl]/,
];

function foreignSequences(raw: string): string[] {
  const found: string[] = [];
  for (let i = raw.indexOf('\x1b'); i !== -1; i = raw.indexOf('\x1b', i + 1)) {
    const rest = raw.slice(i, i + 64);
    if (!ALLOWED.some((re) => re.test(rest))) found.push(JSON.stringify(rest));
  }
  return found;
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
