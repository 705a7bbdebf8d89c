import {describe, expect, it} from 'vitest';
import {runToEnd, sessionsPerTest} from '../helpers/pty.js';

// Issue 11 in the live screen, against the demo API (which serves the visitor endpoint too), at the three sizes
// the issue names.

const spawn = sessionsPerTest();
const live = (lines: string[]) => /● LIVE/.test(lines[0] ?? '');
const text = (lines: string[]) => lines.join('\n');

describe.each([
  [80, 24],
  [120, 40],
  [200, 60],
])('depth at %i×%i', (cols, rows) => {
  it('Enter on a visitor shows the journey timeline; n steps to the next visitor; Esc returns', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols, rows});
    await s.waitFor(live, 'the dashboard');
    s.write('2');
    s.write('\r');
    const detail = await s.waitFor((l) => /Journey/.test(text(l)) && /pageview/.test(text(l)), 'the journey timeline');
    // A timeline row: a clock time and a path.
    expect(text(detail)).toMatch(/\d\d:\d\d:\d\d\s+\S*\//);
    const title = (l: string[]) => l.find((x) => /Visitor .* \d+\/\d+/.test(x));
    const first = title(detail)!;
    // The first row's visitor: position 1, or lower when visitors arrived meanwhile (the selection follows its
    // visitor, who then moves down the list).
    const position = (t: string | undefined) => Number(/ (\d+)\/\d+/.exec(t ?? '')?.[1] ?? 0);
    const name = (t: string | undefined) => /Visitor (\S+)/.exec(t ?? '')?.[1];
    expect(position(first)).toBeGreaterThanOrEqual(1);
    s.write('n');
    await s.waitFor((l) => position(title(l)) > position(first) && name(title(l)) !== name(first), 'the next visitor');
    s.write('\x1b');
    await s.waitFor((l) => !/Journey/.test(text(l)) && /Visitors/.test(text(l)), 'back to the lists');
  });

  it('6 shows the Now pane; Enter on its first row filters every pane by it', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols, rows});
    await s.waitFor(live, 'the dashboard');
    s.write('6');
    await s.waitFor((l) => /6 Now/.test(text(l)) && /Pages/.test(text(l)), 'the Now pane');
    s.write('\r');
    const filtered = await s.waitFor((l) => /filter page:/.test(l[1] ?? ''), 'the filter from the Now row');
    // The header says what the filter leaves.
    expect(filtered[1]).toMatch(/\d+ of \d+/);
  });

  it('/ with a field filter narrows the lists, and an impossible one says so', async () => {
    const s = spawn(['--demo', '--interval', '1'], {cols, rows});
    await s.waitFor(live, 'the dashboard');
    s.write('/');
    s.write('cc:ZZ');
    s.write('\r');
    await s.waitFor((l) => /no visitors match cc:ZZ/.test(text(l)), 'the empty result message');
    s.write('/');
    s.write('\x15');
    s.write('-cc:ZZ');
    s.write('\r');
    const all = await s.waitFor((l) => /filter -cc:ZZ/.test(l[1] ?? ''), 'the exclusion');
    const [, shown, total] = /(\d+) of (\d+)/.exec(all[1])!;
    expect(Number(shown)).toBe(Number(total));
  });
});

describe('--filter from the command line', () => {
  it('applies in --once and --json', async () => {
    // Run to its end under a shell that holds the PTY open: a PTY can drop the tail of a long last write.
    const {output, exitCode} = await runToEnd(spawn, ['--demo', '--once', '--json', '--filter', 'device:mobile'], {cols: 100, rows: 30});
    expect(exitCode).toBe(0);
    expect(output).toMatch(/\}\r?\n$/);
    const line = output.trim().split('\n').pop()!;
    const json = JSON.parse(line);
    expect(json.filter.expression).toBe('device:mobile');
    expect(json.visitors.length).toBeGreaterThan(0);
    for (const v of json.visitors) expect(v.device).toBe('mobile');
  });
});
