import {describe, expect, it} from 'vitest';
import {sanitise, terminalSafeJson} from '../../src/model/sanitise.js';

const E = '\x1b';

describe('sanitise', () => {
  it.each([
    ['CSI colour', `a${E}[31mb${E}[0m`, 'ab'],
    ['CSI private mode (leave alt screen)', `x${E}[?1049ly`, 'xy'],
    ['clear screen', `${E}[2J${E}[Hhome`, 'home'],
    ['OSC title with BEL', `t${E}]0;pwned\x07itle`, 'title'],
    ['OSC 8 hyperlink with ST', `${E}]8;;https://evil/${E}\\click${E}]8;;${E}\\`, 'click'],
    ['OSC 52 clipboard', `${E}]52;c;aGVsbG8=${E}\\ok`, 'ok'],
    ['DCS', `${E}P1$qm${E}\\after`, 'after'],
    ['APC', `${E}_payload${E}\\z`, 'z'],
    ['unterminated OSC eats the rest', `keep${E}]0;never closed`, 'keep'],
    ['8-bit CSI', 'a\x9b31mb', 'ab'],
    ['8-bit OSC', 'a\x9d0;t\x9cb', 'ab'],
    ['charset designation', `${E}(0box`, 'box'],
    ['lone ESC sequences', `${E}7save${E}8`, 'save'],
    ['C0 controls', 'a\x00b\x07c\x08d\x7fe', 'abcde'],
    ['newlines and tabs become spaces', 'a\nb\tc\r\nd', 'a b c d'],
    ['C1 controls', 'a\x85b\x90\x9cc', 'a b c'.replace(' c', 'c')],
    ['bidi overrides and isolates', '\u202eevil\u202c \u2066iso\u2069 \u200fmark', 'evil iso mark'],
    ['zero-width characters', 'ze\u200bro\u200c\u200d\u2060\ufeff', 'zero'],
  ])('strips %s', (_name, input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it('keeps ordinary text, accents, CJK and emoji', () => {
    for (const ok of ['São Paulo', 'Zürich', '東京', 'Chloé Weber', '🇫🇷 Paris', '/pricing?plan=pro&x=1']) expect(sanitise(ok)).toBe(ok);
  });

  it('leaves no escape or control character whatever the input', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['\x1b', '[', ']', 'P', '\\', '\x07', '\x9b', '\x9d', '\x9c', 'a', '1', ';', 'm', '?', '\u202e', '\u200b', '\n', 'é'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let j = 0; j < 24; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      expect(sanitise(s)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
    }
  });
});

describe('terminalSafeJson', () => {
  it('escapes C1 and bidi characters that JSON.stringify leaves raw, and round-trips', () => {
    const value = {name: 'a\x9b31mb\u202ec\u2028d'};
    const text = terminalSafeJson(value);
    expect(text).not.toMatch(/[\x7f-\x9f\u202e\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
