import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {attachInput, InputParser, type InputEvent} from '../../src/terminal/input.js';

/** Everything the parser makes of these chunks, with the Escape timer running out at the end. */
function parse(...chunks: (string | Buffer)[]): InputEvent[] {
  const p = new InputParser();
  const events: InputEvent[] = [];
  for (const c of chunks) events.push(...p.feed(c));
  events.push(...p.flush());
  return events;
}

const keys = (...names: string[]) => names.map((name) => ({type: 'key', name}));
const names = (events: InputEvent[]) => events.map((e) => (e.type === 'key' ? e.name : e.type));

describe('keys that arrive together all count', () => {
  it('"jjj" in one read is three keys', () => {
    expect(parse('jjj')).toEqual(keys('j', 'j', 'j'));
  });

  it('several escape sequences in one read', () => {
    expect(parse('\x1b[A\x1b[A')).toEqual(keys('up', 'up'));
    expect(parse('\x1b[Bj\x1b[6~k')).toEqual(keys('down', 'j', 'pagedown', 'k'));
  });

  it('letters keep their case; capitals are plain names', () => {
    expect(parse('qGP')).toEqual(keys('q', 'G', 'P'));
  });
});

describe('key names as the keymap uses them', () => {
  it.each([
    ['\x03', 'ctrl+c'], ['\x0c', 'ctrl+l'], ['\x15', 'ctrl+u'], ['\x17', 'ctrl+w'], ['\x1a', 'ctrl+z'], ['\x01', 'ctrl+a'],
    ['\x00', 'ctrl+space'], ['\x1c', 'ctrl+\\'], ['\x1f', 'ctrl+_'],
    ['\r', 'enter'], ['\n', 'enter'], ['\t', 'tab'], ['\x7f', 'backspace'], ['\x08', 'backspace'], [' ', 'space'],
    ['\x1b[Z', 'shift+tab'],
    ['\x1b[A', 'up'], ['\x1b[B', 'down'], ['\x1b[C', 'right'], ['\x1b[D', 'left'],
    ['\x1bOA', 'up'], ['\x1bOB', 'down'], ['\x1bOC', 'right'], ['\x1bOD', 'left'], ['\x1bOH', 'home'], ['\x1bOF', 'end'], ['\x1bOM', 'enter'],
    ['\x1b[H', 'home'], ['\x1b[F', 'end'], ['\x1b[1~', 'home'], ['\x1b[4~', 'end'], ['\x1b[7~', 'home'], ['\x1b[8~', 'end'],
    ['\x1b[5~', 'pageup'], ['\x1b[6~', 'pagedown'], ['\x1b[3~', 'delete'], ['\x1b[2~', 'insert'],
    ['\x1bOP', 'f1'], ['\x1b[15~', 'f5'], ['\x1b[24~', 'f12'],
    ['\x1b[1;5A', 'ctrl+up'], ['\x1b[1;2B', 'shift+down'], ['\x1b[1;3C', 'meta+right'], ['\x1b[1;6D', 'ctrl+shift+left'],
    ['\x1b[5;5~', 'ctrl+pageup'], ['\x1b[3;2~', 'shift+delete'], ['\x1bO5A', 'ctrl+up'],
    ['\x1bx', 'meta+x'], ['\x1bX', 'meta+X'], ['\x1b\x7f', 'meta+backspace'], ['\x1b\r', 'meta+enter'], ['\x1b ', 'meta+space'],
    ['\x1b\x03', 'ctrl+meta+c'], ['\x1b\x1b[A', 'meta+up'], ['\x1b\x1b[1;5B', 'ctrl+meta+down'],
    // CSI u (kitty, fixterms) and xterm's modifyOtherKeys
    ['\x1b[99;5u', 'ctrl+c'], ['\x1b[97;6u', 'ctrl+shift+a'], ['\x1b[97;2u', 'A'], ['\x1b[13u', 'enter'], ['\x1b[9;2u', 'shift+tab'],
    ['\x1b[27u', 'escape'], ['\x1b[127u', 'backspace'], ['\x1b[27;5;9~', 'ctrl+tab'], ['\x1b[27;3;120~', 'meta+x'], ['\x1b[27;2;33~', '!'],
    ['é', 'é'], ['中', '中'], ['😀', '😀'],
  ])('%j is %s', (input, name) => {
    expect(parse(input)).toEqual(keys(name));
  });

  it('a UTF-8 character is one key even when its bytes arrive in separate reads', () => {
    const bytes = Buffer.from('中é😀', 'utf8');
    const p = new InputParser();
    const events: InputEvent[] = [];
    for (const byte of bytes) events.push(...p.feed(Buffer.from([byte])));
    expect(events).toEqual(keys('中', 'é', '😀'));
    expect(p.needsFlush).toBe(false);
  });
});

describe('Escape', () => {
  it('a lone ESC is the Escape key only once nothing follows (flush)', () => {
    const p = new InputParser();
    expect(p.feed('\x1b')).toEqual([]);
    expect(p.needsFlush).toBe(true);
    expect(p.flush()).toEqual(keys('escape'));
    expect(p.needsFlush).toBe(false);
  });

  it('ESC then the rest of a sequence in the next read is the sequence, not Escape', () => {
    const p = new InputParser();
    expect(p.feed('\x1b')).toEqual([]);
    expect(p.feed('[A')).toEqual(keys('up'));
    expect(p.feed('\x1b[1;')).toEqual([]);
    expect(p.feed('5B')).toEqual(keys('ctrl+down'));
  });

  it('ESC followed by a key before the timer is Alt with that key', () => {
    const p = new InputParser();
    p.feed('\x1b');
    expect(p.feed('x')).toEqual(keys('meta+x'));
  });

  it('Escape pressed twice is two Escapes; Escape then a key after the timer is both', () => {
    expect(parse('\x1b\x1b')).toEqual(keys('escape', 'escape'));
    expect(parse('\x1b\x1bq')).toEqual(keys('escape', 'meta+q'));
    const p = new InputParser();
    p.feed('\x1b');
    expect(p.flush()).toEqual(keys('escape'));
    expect(p.feed('q')).toEqual(keys('q'));
  });

  it('Alt-[, Alt-O and Alt-] alone are keys once the timer runs out', () => {
    expect(parse('\x1b[')).toEqual(keys('meta+['));
    expect(parse('\x1bO')).toEqual(keys('meta+O'));
    expect(parse('\x1b]')).toEqual(keys('meta+]'));
  });

  it('a sequence cut off and never finished is dropped, not typed', () => {
    expect(parse('\x1b[1;5')).toEqual([]);
    expect(parse('\x1b[12')).toEqual([]);
  });
});

describe('unknown sequences and late terminal answers are dropped whole', () => {
  it.each([
    ['a cursor position report', '\x1b[12;40R'],
    ['a DA1 answer', '\x1b[?62;22;52c'],
    ['a DA2 answer', '\x1b[>1;10;0c'],
    ['a DECRQM answer', '\x1b[?2026;2$y'],
    ['an OSC 11 answer ended by ST', '\x1b]11;rgb:ffff/ffff/ffff\x1b\\'],
    ['an OSC 11 answer ended by BEL', '\x1b]11;rgb:0000/0000/0000\x07'],
    ['a DCS answer', '\x1bP1$r0m\x1b\\'],
    ['an unknown CSI', '\x1b[99x'],
    ['an unknown tilde key', '\x1b[99~'],
    ['focus in and out', '\x1b[I\x1b[O'],
    ['kitty keyboard flags', '\x1b[?1u'],
  ])('%s', (_what, seq) => {
    expect(parse('a' + seq + 'b')).toEqual(keys('a', 'b'));
  });

  it('an answer split across reads is still dropped whole', () => {
    const p = new InputParser();
    expect(p.feed('x\x1b]11;rgb:ff')).toEqual(keys('x'));
    expect(p.feed('ff/ffff/ffff\x1b')).toEqual([]);
    expect(p.feed('\\y')).toEqual(keys('y'));
  });

  it('an OSC answer split across reads survives one Escape timer, and is dropped at the second', () => {
    const p = new InputParser();
    p.feed('\x1b]11;rgb:ffff/');
    expect(p.flush()).toEqual([]);
    expect(p.needsFlush).toBe(true);
    expect(p.feed('ffff/ffff\x07k')).toEqual(keys('k'));
    p.feed('\x1b]11;rgb:');
    expect(p.flush()).toEqual([]);
    expect(p.flush()).toEqual([]);
    expect(p.needsFlush).toBe(false);
  });

  it('a sequence broken by a control character drops the broken part only', () => {
    expect(parse('\x1b[12\x03')).toEqual(keys('ctrl+c'));
  });

  it('C1 controls and replacement characters are not typed', () => {
    expect(parse('a\u0085\ufffdb')).toEqual(keys('a', 'b'));
    expect(parse(Buffer.from([0x61, 0xff, 0x62]))).toEqual(keys('a', 'b'));
  });
});

describe('bracketed paste', () => {
  it('is one paste event, not keys', () => {
    expect(parse('\x1b[200~hello world\x1b[201~')).toEqual([{type: 'paste', text: 'hello world'}]);
  });

  it('keeps keys typed before and after it', () => {
    expect(parse('/\x1b[200~abc\x1b[201~\r')).toEqual([...keys('/'), {type: 'paste', text: 'abc'}, ...keys('enter')]);
  });

  it('carries escape-looking text and line ends without typing them', () => {
    expect(parse('\x1b[200~a\r\nb\rc\x1b[Aq\x1b[201~')).toEqual([{type: 'paste', text: 'a\nb\nc[Aq'}]);
  });

  it('waits across reads, and across Escape timers, for its end', () => {
    const p = new InputParser();
    expect(p.feed('\x1b[200~one ')).toEqual([]);
    expect(p.needsFlush).toBe(false);
    expect(p.flush()).toEqual([]);
    expect(p.feed('two\x1b[20')).toEqual([]);
    expect(p.feed('1~j')).toEqual([{type: 'paste', text: 'one two'}, ...keys('j')]);
  });

  it('an empty paste is nothing', () => {
    expect(parse('\x1b[200~\x1b[201~')).toEqual([]);
  });
});

describe('mouse (SGR 1006)', () => {
  const m = (action: string, button: string | null, x: number, y: number, mods: Partial<Record<'shift' | 'meta' | 'ctrl', boolean>> = {}) =>
    ({type: 'mouse', action, button, x, y, shift: false, meta: false, ctrl: false, ...mods});

  it.each([
    ['\x1b[<0;10;5M', m('press', 'left', 9, 4)],
    ['\x1b[<0;10;5m', m('release', 'left', 9, 4)],
    ['\x1b[<1;1;1M', m('press', 'middle', 0, 0)],
    ['\x1b[<2;3;4M', m('press', 'right', 2, 3)],
    ['\x1b[<32;11;5M', m('drag', 'left', 10, 4)],
    ['\x1b[<35;11;5M', m('move', null, 10, 4)],
    ['\x1b[<64;20;8M', m('wheelUp', null, 19, 7)],
    ['\x1b[<65;20;8M', m('wheelDown', null, 19, 7)],
    ['\x1b[<4;1;1M', m('press', 'left', 0, 0, {shift: true})],
    ['\x1b[<8;1;1M', m('press', 'left', 0, 0, {meta: true})],
    ['\x1b[<16;1;1M', m('press', 'left', 0, 0, {ctrl: true})],
    ['\x1b[<80;1;1M', m('wheelUp', null, 0, 0, {ctrl: true})],
    ['\x1b[<0;300;200M', m('press', 'left', 299, 199)],
  ])('%j', (seq, event) => {
    expect(parse(seq)).toEqual([event]);
  });

  it('horizontal wheel, extra buttons and malformed reports are dropped', () => {
    expect(parse('\x1b[<66;1;1M\x1b[<128;1;1M\x1b[<0;1M\x1b[<0;1;1;1M\x1b[<0;;1Mq')).toEqual(keys('q'));
  });

  it('a wheel burst in one read is every notch', () => {
    expect(parse('\x1b[<65;5;5M'.repeat(4)).map((e) => (e.type === 'mouse' ? e.action : ''))).toEqual(['wheelDown', 'wheelDown', 'wheelDown', 'wheelDown']);
  });

  it('X10 reports (a terminal without SGR) are parsed, their bytes never typed', () => {
    expect(parse('\x1b[M' + String.fromCharCode(32, 33 + 9, 33 + 4) + 'q')).toEqual([m('press', 'left', 9, 4), ...keys('q')]);
    expect(parse('\x1b[M' + String.fromCharCode(35, 34, 34))).toEqual([m('release', null, 1, 1)]);
  });
});

describe('every split point gives the same events', () => {
  const mixed = 'jj\x1b[A\x1b[1;5B中q\x1b[<0;10;5M\x1b[200~pa\x1b[Aste\r\n\x1b[201~\x1b[5~\x1bx\x1b[12;40R\x1b]11;rgb:ffff/ffff/ffff\x1b\\é\x1bOA\x1b[<64;3;3M\x7f\x03\x1b';
  const whole = parse(mixed);

  it('the whole string parses as expected', () => {
    expect(names(whole)).toEqual(['j', 'j', 'up', 'ctrl+down', '中', 'q', 'mouse', 'paste', 'pageup', 'meta+x', 'é', 'up', 'mouse', 'backspace', 'ctrl+c', 'escape']);
  });

  it('split in two at every character', () => {
    for (let i = 1; i < mixed.length; i++) {
      expect(parse(mixed.slice(0, i), mixed.slice(i)), `split at ${i}`).toEqual(whole);
    }
  });

  it('split in two at every byte', () => {
    const bytes = Buffer.from(mixed, 'utf8');
    for (let i = 1; i < bytes.length; i++) {
      expect(parse(bytes.subarray(0, i), bytes.subarray(i)), `split at byte ${i}`).toEqual(whole);
    }
  });

  it('split in three at every pair of points, and one byte at a time', () => {
    const short = 'j\x1b[1;5A\x1b[200~x\x1b[201~\x1b[<0;2;3m中';
    const expected = parse(short);
    for (let i = 1; i < short.length; i++) {
      for (let k = i + 1; k < short.length; k++) {
        expect(parse(short.slice(0, i), short.slice(i, k), short.slice(k)), `split at ${i}, ${k}`).toEqual(expected);
      }
    }
    const bytes = Buffer.from(mixed, 'utf8');
    expect(parse(...[...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
  });
});

describe('attachInput', () => {
  it('parses the probe leftovers first, then every read, and resolves a lone ESC by its timer', async () => {
    const stream = Object.assign(new EventEmitter(), {resumed: 0, paused: 0, resume() { this.resumed++; }, pause() { this.paused++; }});
    const events: InputEvent[] = [];
    const reader = attachInput(stream, (e) => events.push(e), {escapeTimeoutMs: 5, initial: Buffer.from('jj')});
    expect(stream.resumed).toBe(1);
    expect(names(events)).toEqual(['j', 'j']);
    stream.emit('data', Buffer.from('\x1b[Bq'));
    expect(names(events)).toEqual(['j', 'j', 'down', 'q']);
    stream.emit('data', Buffer.from('\x1b'));
    expect(names(events)).toEqual(['j', 'j', 'down', 'q']);
    await new Promise<void>((resolve) => {
      const check = () => (events.length === 5 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(names(events)).toEqual(['j', 'j', 'down', 'q', 'escape']);
    reader.dispose();
    stream.emit('data', Buffer.from('q'));
    expect(events).toHaveLength(5);
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.paused).toBe(1);
  });
});
