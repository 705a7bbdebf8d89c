import {afterEach, describe, expect, it} from 'vitest';
import {bin} from '../helpers/cli.js';
import {spawnDftop, type Session} from '../helpers/pty.js';
import {checkRepaint} from '../helpers/repaint.js';

let sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions) {
    try {
      process.kill(s.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    s.kill('SIGKILL');
    await s.exited;
  }
  sessions = [];
});

function start(args: string[] = [], command?: string[]) {
  const s = spawnDftop(['--demo', '--interval', '1', ...args], {cols: 100, rows: 30, command});
  sessions.push(s);
  return s;
}

const live = (lines: string[]) => lines.some((l) => /● LIVE/.test(l));

/** The main screen is back, with the cursor shown: the last of each pair of modes is the restoring one. */
function expectRestored(s: Session) {
  const raw = s.raw();
  expect(s.term.buffer.active.type).toBe('normal');
  expect(raw.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(raw.lastIndexOf('\x1b[?1049h'));
  expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'));
  expectReportingOff(raw);
}

/** Mouse reporting (1000, 1002, 1006) and bracketed paste (2004): each one turned on was turned off after. */
function expectReportingOff(raw: string) {
  for (const mode of ['1000', '1002', '1006', '2004']) {
    const on = raw.lastIndexOf(`\x1b[?${mode}h`);
    expect(on, `mode ${mode} turned on`).toBeGreaterThan(-1);
    expect(raw.lastIndexOf(`\x1b[?${mode}l`), `mode ${mode} off again`).toBeGreaterThan(on);
  }
}

describe('the terminal is restored however dftop ends', () => {
  it('enters the alternate screen once', async () => {
    const s = start();
    await s.waitFor(live, 'the dashboard');
    expect(s.term.buffer.active.type).toBe('alternate');
    expect(s.raw().split('\x1b[?1049h')).toHaveLength(2);
  });

  it.each([
    ['q', 'q'],
    ['Ctrl-C', '\x03'],
  ])('%s quits with exit 0', async (_name, key) => {
    const s = start();
    await s.waitFor(live, 'the dashboard');
    s.write(key);
    const {exitCode} = await s.exited;
    expect(exitCode).toBe(0);
    await s.waitFor(() => true, 'flush');
    expectRestored(s);
  });

  it.each([
    ['SIGTERM', 0],
    ['SIGHUP', 129],
  ])('%s (an SSH session dropping, for SIGHUP) restores the screen', async (signal, code) => {
    const s = start();
    await s.waitFor(live, 'the dashboard');
    s.kill(signal);
    const {exitCode} = await s.exited;
    expect(exitCode).toBe(code);
    await s.waitFor(() => true, 'flush');
    expectRestored(s);
  });

  it('Ctrl-Z suspends to the shell with the terminal given back, and fg repaints the dashboard', async () => {
    const s = start([], ['/bin/bash', '--norc', '--noprofile', '-i']);
    await s.waitFor((l) => l.some((x) => x.includes('$') || x.includes('#')), 'the shell prompt');
    s.write(`"${process.execPath}" "${bin}" --demo --interval 1\r`);
    await s.waitFor(live, 'the dashboard');
    s.write('\x1a');
    const stopped = await s.waitFor((l) => s.term.buffer.active.type === 'normal' && /Stopped/.test(l.join('\n')), 'the job to stop');
    expect(stopped.join('\n')).toMatch(/Stopped/);
    expect(s.raw().lastIndexOf('\x1b[?25h')).toBeGreaterThan(s.raw().lastIndexOf('\x1b[?25l'));
    // The shell gets a terminal without mouse reports or bracketed paste (up to the job's "Stopped": bash then
    // turns bracketed paste on again for its own prompt).
    expectReportingOff(s.raw().slice(0, s.raw().lastIndexOf('Stopped')));
    const resumed = s.mark();
    s.write('fg\r');
    const lines = await s.waitFor((l) => s.term.buffer.active.type === 'alternate' && live(l) && l.some((x) => x.includes('2 Visitors')), 'the repainted dashboard');
    expect(lines.filter((l) => l.startsWith('dftop demo'))).toHaveLength(1);
    expect(s.since(resumed)).toContain('\x1b[?1006h');
    expect((await checkRepaint(s, {what: 'after fg'})).diff).toBeNull();
    s.write('q');
    await s.waitFor(() => s.term.buffer.active.type === 'normal', 'the main screen after q');
  });

  it('Ctrl-Z where no shell can resume it (an orphaned job) brings the screen straight back', async () => {
    const s = start();
    await s.waitFor(live, 'the dashboard');
    const mark = s.mark();
    s.write('\x1a');
    // The main screen given back, then taken again (not the dashboard from before the key, still on screen).
    await s.waitForOutput(mark, (out) => out.includes('\x1b[?1049l') && out.lastIndexOf('\x1b[?1049h') > out.indexOf('\x1b[?1049l'), 'the screen left and taken again');
    const lines = await s.waitFor((l) => s.term.buffer.active.type === 'alternate' && live(l) && l.some((x) => x.includes('2 Visitors')), 'the dashboard again');
    expect(lines.filter((l) => l.startsWith('dftop demo'))).toHaveLength(1);
    // The screen came back whole: it equals its own full repaint.
    expect((await checkRepaint(s, {what: 'after an orphaned Ctrl-Z'})).diff).toBeNull();
  });

  it('piped stdin: no raw-mode crash, the dashboard runs and stops on SIGTERM', async () => {
    const s = start([], ['/bin/sh', '-c', `echo | exec "${process.execPath}" "${bin}" --demo --interval 1`]);
    await s.waitFor(live, 'the dashboard with piped stdin');
    expect(s.raw()).not.toMatch(/Raw mode is not supported/);
    s.kill('SIGTERM');
    expect((await s.exited).exitCode).toBe(0);
  });
});
