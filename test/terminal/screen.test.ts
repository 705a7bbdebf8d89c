import {describe, expect, it} from 'vitest';
import {
  ENTER_ALT_SCREEN, HIDE_CURSOR, LEAVE_ALT_SCREEN, MOUSE_OFF, MOUSE_ON, PASTE_OFF, PASTE_ON, SHOW_CURSOR, TerminalScreen,
} from '../../src/terminal/screen.js';
import {createSuspender} from '../../src/terminal/suspend.js';

function fakeTerminal() {
  const written: string[] = [];
  const raw: boolean[] = [];
  return {written, raw, stdout: {write: (s: string) => written.push(s)}, stdin: {isTTY: true, setRawMode: (m: boolean) => raw.push(m)}};
}

/** Which of a pair of modes was switched last in `out`: 'on', 'off' or null. */
function last(out: string, on: string, off: string): 'on' | 'off' | null {
  const a = out.lastIndexOf(on);
  const b = out.lastIndexOf(off);
  if (a === -1 && b === -1) return null;
  return a > b ? 'on' : 'off';
}

describe('TerminalScreen with mouse and bracketed paste', () => {
  it('turns mouse reporting and bracketed paste on with the screen, and off first when leaving', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin, {mouse: true, paste: true, raw: true});
    screen.enter();
    expect(t.written).toEqual([ENTER_ALT_SCREEN + HIDE_CURSOR + PASTE_ON + MOUSE_ON]);
    expect(MOUSE_ON).toBe('\x1b[?1000h\x1b[?1002h\x1b[?1006h');
    expect(t.raw).toEqual([true]);
    screen.leave();
    screen.leave();
    expect(t.written.slice(1)).toEqual([MOUSE_OFF + PASTE_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN]);
    for (const mode of ['1000', '1002', '1006']) expect(MOUSE_OFF).toContain(`\x1b[?${mode}l`);
    expect(t.raw).toEqual([true, false]);
  });

  it('without mouse (--no-mouse, or no input) sends no mouse sequence at all', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin, {mouse: false, paste: true});
    screen.enter();
    screen.leave();
    expect(t.written.join('')).not.toContain('\x1b[?100');
  });

  it('on a dumb terminal writes nothing, but still takes raw mode on and off', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin, {modes: false, mouse: true, paste: true, raw: true});
    screen.enter();
    screen.leave();
    expect(t.written).toEqual([]);
    expect(t.raw).toEqual([true, false]);
  });

  it('sets raw mode on the stream it is given (/dev/tty), not on a stdin that is not a terminal', () => {
    const t = fakeTerminal();
    const devTty = {isTTY: true, raw: [] as boolean[], setRawMode(m: boolean) { this.raw.push(m); }};
    const screen = new TerminalScreen(t.stdout, devTty, {raw: true});
    screen.enter();
    screen.leave();
    expect(devTty.raw).toEqual([true, false]);
  });

  it('suspend gives the mouse back to the terminal, and resume takes it again', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin, {mouse: true, paste: true, raw: true});
    screen.enter();
    const suspender = createSuspender(screen, t.stdin, () => {}, () => {});
    try {
      suspender.suspend();
      const out = t.written.join('');
      expect(last(out, '\x1b[?1000h', '\x1b[?1000l')).toBe('off');
      expect(last(out, '\x1b[?1006h', '\x1b[?1006l')).toBe('off');
      expect(last(out, PASTE_ON, PASTE_OFF)).toBe('off');
      expect(t.raw.at(-1)).toBe(false);
      process.emit('SIGCONT', 'SIGCONT');
      const after = t.written.join('');
      expect(last(after, '\x1b[?1000h', '\x1b[?1000l')).toBe('on');
      expect(last(after, '\x1b[?1006h', '\x1b[?1006l')).toBe('on');
      expect(last(after, PASTE_ON, PASTE_OFF)).toBe('on');
      expect(t.raw.at(-1)).toBe(true);
    } finally {
      suspender.dispose();
      screen.leave();
    }
  });
});

describe('TerminalScreen.setMouse', () => {
  it('switches reporting at once while the screen is ours, and leave() turns it off', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin, {paste: true});
    screen.setMouse(true);
    expect(t.written).toEqual([]);
    screen.setMouse(false);
    screen.enter();
    expect(t.written.join('')).not.toContain(MOUSE_ON);
    screen.setMouse(true);
    screen.setMouse(true);
    expect(t.written.slice(1)).toEqual([MOUSE_ON]);
    expect(screen.mouse).toBe(true);
    screen.leave();
    expect(t.written.at(-1)).toBe(MOUSE_OFF + PASTE_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
    screen.enter();
    expect(t.written.at(-1)).toBe(ENTER_ALT_SCREEN + HIDE_CURSOR + PASTE_ON + MOUSE_ON);
    screen.setMouse(false);
    expect(t.written.at(-1)).toBe(MOUSE_OFF);
    screen.leave();
    expect(t.written.at(-1)).toBe(PASTE_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
  });

  it('writes nothing on a dumb terminal', () => {
    const t = fakeTerminal();
    const screen = new TerminalScreen(t.stdout, t.stdin, {modes: false});
    screen.enter();
    screen.setMouse(true);
    screen.leave();
    expect(t.written).toEqual([]);
  });

  it('takes a TerminalInput and uses its setRaw', () => {
    const t = fakeTerminal();
    const calls: boolean[] = [];
    const screen = new TerminalScreen(t.stdout, {setRaw: (on: boolean) => void calls.push(on)}, {raw: true});
    screen.enter();
    screen.leave();
    expect(calls).toEqual([true, false]);
  });
});

describe('createSuspender with a TerminalInput', () => {
  it('takes raw mode back through setRaw on resume', () => {
    const t = fakeTerminal();
    const calls: boolean[] = [];
    const input = {setRaw: (on: boolean) => void calls.push(on)};
    const screen = new TerminalScreen(t.stdout, input, {mouse: true});
    screen.enter();
    const suspender = createSuspender(screen, input, () => {}, () => {});
    try {
      suspender.suspend();
      expect(calls).toEqual([false]);
      process.emit('SIGCONT', 'SIGCONT');
      expect(calls.at(-1)).toBe(true);
      expect(t.written.at(-1)).toContain(MOUSE_ON);
    } finally {
      suspender.dispose();
      screen.leave();
    }
  });
});
