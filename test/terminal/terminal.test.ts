import {describe, expect, it} from 'vitest';
import {ENTER_ALT_SCREEN, HIDE_CURSOR, LEAVE_ALT_SCREEN, SHOW_CURSOR, TerminalScreen} from '../../src/terminal/screen.js';
import {onTermination} from '../../src/terminal/signals.js';
import {createSuspender} from '../../src/terminal/suspend.js';

function fakeTerminal() {
  const written: string[] = [];
  const raw: boolean[] = [];
  return {written, raw, stdout: {write: (s: string) => written.push(s)}, stdin: {isTTY: true, setRawMode: (m: boolean) => raw.push(m)}};
}

describe('TerminalScreen', () => {
  it('enters once, and leaves once with the cursor shown and raw mode off', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin);
    screen.enter();
    screen.enter();
    expect(t.written).toEqual([ENTER_ALT_SCREEN + HIDE_CURSOR]);
    screen.leave();
    screen.leave();
    expect(t.written.slice(1)).toEqual([SHOW_CURSOR + LEAVE_ALT_SCREEN]);
    expect(t.raw).toEqual([false]);
  });

  it('still restores the screen when stdin is gone', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, {isTTY: true, setRawMode: () => { throw new Error('EIO'); }});
    screen.enter();
    screen.leave();
    expect(t.written.at(-1)).toBe(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  });
});

describe('onTermination', () => {
  it.each([
    ['SIGTERM', 0],
    ['SIGINT', 0],
    ['SIGHUP', 129],
  ] as const)('%s runs the clean-up once and exits %i', (signal, code) => {
    const calls: string[] = [];
    const exits: number[] = [];
    const off = onTermination((reason) => calls.push(reason), (c) => exits.push(c));
    try {
      process.emit(signal, signal);
      process.emit(signal, signal);
    } finally {
      off();
    }
    expect(calls).toEqual([signal]);
    expect(exits).toEqual([code]);
  });

  it('an uncaught error restores first, then exits 1 with the error handed over', () => {
    const seen: unknown[] = [];
    const exits: number[] = [];
    const boom = new Error('boom');
    const off = onTermination((reason, error) => seen.push(reason, error), (c) => exits.push(c));
    try {
      (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', boom, 'uncaughtException');
    } finally {
      off();
    }
    expect(seen).toEqual(['error', boom]);
    expect(exits).toEqual([1]);
  });
});

describe('createSuspender', () => {
  it('gives the terminal back, stops the job, and on SIGCONT takes the screen again and repaints', async () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin);
    screen.enter();
    const signals: [number, string][] = [];
    let repaints = 0;
    const suspender = createSuspender(screen, t.stdin, () => repaints++, (pid, signal) => void signals.push([pid, signal]));
    try {
      suspender.suspend();
      expect(screen.isActive).toBe(false);
      expect(signals).toEqual([[0, 'SIGTSTP']]);
      process.emit('SIGCONT', 'SIGCONT');
      expect(screen.isActive).toBe(true);
      expect(t.raw).toEqual([false, true]);
      expect(repaints).toBe(1);
      await new Promise((r) => setTimeout(r, 150));
      expect(repaints).toBe(1);
    } finally {
      suspender.dispose();
    }
  });
});
