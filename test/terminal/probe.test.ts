import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {InputParser} from '../../src/terminal/input.js';
import {probeQuery, probeTerminal, ReplyScanner} from '../../src/terminal/probe.js';
import {openInput, type KeyStream} from '../../src/terminal/tty.js';

/** A terminal on the other side of a fake duplex: it answers each query by calling `answer` with what was written. */
function fakeTty(answer: (written: string, send: (data: string | Buffer) => void) => void, raw = true) {
  const input = Object.assign(new EventEmitter(), {
    isTTY: true,
    isRaw: raw,
    rawCalls: [] as boolean[],
    paused: 0,
    setRawMode(m: boolean) {
      this.rawCalls.push(m);
      this.isRaw = m;
    },
    pause() {
      this.paused++;
    },
    resume() {},
  });
  const written: string[] = [];
  const output = {
    write(s: string) {
      written.push(s);
      answer(s, (data) => setImmediate(() => input.emit('data', typeof data === 'string' ? Buffer.from(data, 'latin1') : data)));
    },
  };
  return {input, output, written};
}

const XTERM_ANSWERS = '\x1b[5;2R\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?2026;2$y\x1b[?62;22c';

describe('probeQuery', () => {
  it('asks everything in one write, erases its line, and ends with DA1', () => {
    const q = probeQuery();
    expect(q).toBe('\r\u2500\x1b[6n\x1b]11;?\x1b\\\x1b[?2026$p\r\x1b[2K\x1b[c');
    expect(q.endsWith('\r\x1b[2K\x1b[c')).toBe(true);
  });

  it('asks only what it is told to', () => {
    expect(probeQuery({width: false, background: false, sync: false})).toBe('\r\x1b[2K\x1b[c');
    expect(probeQuery({background: false, sync: false})).toBe('\r\u2500\x1b[6n\r\x1b[2K\x1b[c');
  });
});

describe('probeTerminal', () => {
  it('reads every answer and ends at DA1, long before the timeout', async () => {
    const t = fakeTty((_w, send) => send(XTERM_ANSWERS));
    const result = await probeTerminal(t.input, t.output, {timeoutMs: 60_000});
    expect(result).toMatchObject({answered: true, timedOut: false, cursorColumn: 2, background: [255, 255, 255], syncMode: 2});
    expect(result.leftover).toHaveLength(0);
    expect(t.written).toHaveLength(1);
    expect(t.input.listenerCount('data')).toBe(0);
    expect(t.input.paused).toBe(1);
  });

  it('a wide ambiguous character, a BEL-ended OSC with 2-digit components, and no DECRQM', async () => {
    const t = fakeTty((_w, send) => send('\x1b[1;3R\x1b]11;rgb:1e/1e/2e\x07\x1b[?1;2c'));
    const result = await probeTerminal(t.input, t.output, {timeoutMs: 60_000});
    expect(result).toMatchObject({answered: true, cursorColumn: 3, background: [30, 30, 46], syncMode: null});
  });

  it('answers split across chunks and keys typed in between are kept, in order, for the input parser', async () => {
    const t = fakeTty((_w, send) => {
      for (const part of ['j', '\x1b[5', ';2R', 'k\x1b', '[A\x1b]11;rgb:0000/', '0000/0000\x1b', '\\', '\x1b[?2026;0$y中', '\x1b[?6', '2c', 'q']) send(Buffer.from(part, 'utf8'));
    });
    const result = await probeTerminal(t.input, t.output, {timeoutMs: 60_000});
    expect(result).toMatchObject({answered: true, cursorColumn: 2, background: [0, 0, 0], syncMode: 0});
    // 'q' came after DA1: the probe had already stopped listening, so it stays in the stream for the reader
    const parser = new InputParser();
    expect(parser.feed(result.leftover).map((e) => (e.type === 'key' ? e.name : e.type))).toEqual(['j', 'k', 'up', '中']);
  });

  it('a UTF-8 key split across chunks survives in the leftover bytes', async () => {
    const bytes = Buffer.from('é', 'utf8');
    const t = fakeTty((_w, send) => {
      send(bytes.subarray(0, 1));
      send(Buffer.concat([bytes.subarray(1), Buffer.from('\x1b[?1c')]));
    });
    const result = await probeTerminal(t.input, t.output, {timeoutMs: 60_000});
    expect(result.leftover.toString('utf8')).toBe('é');
  });

  it('a terminal that answers nothing: the timeout ends it, with nothing known', async () => {
    const t = fakeTty((_w, send) => send('x'));
    const result = await probeTerminal(t.input, t.output, {timeoutMs: 20});
    expect(result).toMatchObject({answered: false, timedOut: true, cursorColumn: null, background: null, syncMode: null});
    expect(result.leftover.toString()).toBe('x');
  });

  it('an unfinished sequence at the timeout goes to the parser, which drops it when the rest comes', async () => {
    const t = fakeTty((_w, send) => send('\x1b[12;'));
    const result = await probeTerminal(t.input, t.output, {timeoutMs: 20});
    expect(result.leftover.toString()).toBe('\x1b[12;');
    const parser = new InputParser();
    expect(parser.feed(result.leftover)).toEqual([]);
    expect(parser.feed('40Rq')).toEqual([{type: 'key', name: 'q'}]);
  });

  it('sets raw mode for itself when the input is not raw, and puts it back', async () => {
    const t = fakeTty((_w, send) => send('\x1b[?1c'), false);
    await probeTerminal(t.input, t.output, {timeoutMs: 60_000});
    expect(t.input.rawCalls).toEqual([true, false]);
    const raw = fakeTty((_w, send) => send('\x1b[?1c'), true);
    await probeTerminal(raw.input, raw.output, {timeoutMs: 60_000});
    expect(raw.input.rawCalls).toEqual([]);
  });
});

describe('ReplyScanner', () => {
  it('keeps other sequences whole and a second cursor report (Shift-F3) as input', () => {
    const s = new ReplyScanner();
    s.push(Buffer.from('\x1b[1;2R\x1b[1;2R\x1b[5~\x1bOA\x1b]2;title\x07', 'latin1'));
    expect(s.answers()).toMatchObject({cursorColumn: 2, answered: false});
    expect(s.end().toString('latin1')).toBe('\x1b[1;2R\x1b[5~\x1bOA\x1b]2;title\x07');
  });

  it('scales X11 colour components of 1 to 4 hex digits', () => {
    for (const [answer, rgb] of [['rgb:f/8/0', [255, 136, 0]], ['rgb:ff/80/00', [255, 128, 0]], ['rgb:fff/800/000', [255, 128, 0]], ['rgba:ffff/8080/0000/ffff', [255, 128, 0]]] as const) {
      const s = new ReplyScanner();
      s.push(Buffer.from(`\x1b]11;${answer}\x1b\\`, 'latin1'));
      expect(s.answers().background, answer).toEqual(rgb);
    }
  });

  it('an OSC answer that is not a colour is kept for the parser (which drops it)', () => {
    const s = new ReplyScanner();
    s.push(Buffer.from('\x1b]11;?\x07', 'latin1'));
    expect(s.answers().background).toBeNull();
    expect(s.end().toString('latin1')).toBe('\x1b]11;?\x07');
  });
});

describe('openInput', () => {
  function stream(isTTY: boolean) {
    return Object.assign(new EventEmitter(), {
      isTTY, isRaw: false, raw: [] as boolean[], destroyed: false, unrefd: false,
      setRawMode(m: boolean) { this.raw.push(m); this.isRaw = m; },
      pause() {}, resume() {}, destroy() { this.destroyed = true; }, unref() { this.unrefd = true; },
    });
  }

  it('stdin when it is a terminal; close takes raw mode off and leaves stdin open', () => {
    const stdin = stream(true);
    const input = openInput(stdin as KeyStream, () => { throw new Error('not used'); });
    expect(input.source).toBe('stdin');
    expect(input.stream).toBe(stdin);
    input.setRaw(true);
    input.close();
    input.close();
    expect(stdin.raw).toEqual([true, false]);
    expect(stdin.destroyed).toBe(false);
  });

  it('/dev/tty when stdin is not a terminal: raw mode goes on the terminal, and close closes it', () => {
    const stdin = stream(false);
    const devTty = stream(true);
    const input = openInput(stdin as KeyStream, () => devTty as KeyStream);
    expect(input.source).toBe('/dev/tty');
    expect(input.stream).toBe(devTty);
    input.setRaw(true);
    expect(devTty.raw).toEqual([true]);
    expect(stdin.raw).toEqual([]);
    input.close();
    expect(devTty.raw).toEqual([true, false]);
    expect(devTty.destroyed).toBe(true);
  });

  it('no input when /dev/tty cannot be opened, with the reason', () => {
    const input = openInput(stream(false) as KeyStream, () => { throw new Error('ENXIO: no such device or address'); });
    expect(input.source).toBe('none');
    expect(input.stream).toBeNull();
    expect(input.problem).toContain('ENXIO');
    input.setRaw(true);
    input.close();
  });

  it('an error on the terminal (EIO after a hang-up) is not thrown', () => {
    const devTty = stream(true);
    openInput(stream(false) as KeyStream, () => devTty as KeyStream);
    expect(() => devTty.emit('error', new Error('EIO'))).not.toThrow();
  });
});
