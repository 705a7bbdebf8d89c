import {afterEach, describe, expect, it} from 'vitest';
import {toAscii} from '../../src/text/ascii.js';
import {displayWidth, setAmbiguousWide} from '../../src/text/width.js';

afterEach(() => setAmbiguousWide(false));

const NON_ASCII = /[^\x00-\x7f]/;

describe('toAscii', () => {
  it('passes ASCII through unchanged', () => {
    const text = 'plain ASCII: [q] quit, 12.5% ~ |x|';
    expect(toAscii(text)).toBe(text);
    expect(toAscii('')).toBe('');
  });

  it('spells the chrome glyphs in ASCII, one column for one', () => {
    expect(toAscii('─━│┃●•▶›…·×—–▏↑↓←→\u00a0')).toBe('--||**>>~.x--|^v<> ');
    expect(toAscii('▁▂▃▄▅▆▇█')).toBe('_.,-=+*#');
    expect(toAscii('▀')).toBe("'");
    expect(toAscii('┌─┐└┘')).toBe('+-+++');
  });

  it('draws braille by its dots: none a space, one or two a dot, more a colon', () => {
    expect(toAscii('⠀⠁⠃⠇⣿⢀⡇')).toBe(' ..::.:');
  });

  it('takes the base letter of a letter with diacritics', () => {
    expect(toAscii('São Paulo, Zürich, Kraków, Łódź, Ørsted, Straße, e\u0301')).toBe('Sao Paulo, Zurich, Krakow, Lodz, Orsted, Strase, e');
  });

  it("writes '?' for each column of anything else, so a wide character stays two columns", () => {
    expect(toAscii('東京')).toBe('????');
    expect(toAscii('x😀y')).toBe('x??y');
    expect(toAscii('가')).toBe('??');
    expect(toAscii('👨‍👩‍👧')).toBe('??');
    expect(toAscii('Ａ')).toBe('A ');
    expect(toAscii('\ud800')).toBe('?');
    expect(toAscii('™')).toBe('?');
  });

  it('keeps the width of ambiguous characters drawn wide', () => {
    setAmbiguousWide(true);
    expect(toAscii('─│●…é')).toBe('--| * ~ e ');
    expect(displayWidth('─│●…é')).toBe(10);
  });

  it('drops zero-width characters that are not ASCII', () => {
    expect(toAscii('a\u200bb\ufe0fc')).toBe('abc');
  });

  it('keeps the display width of random text and emits no byte above 0x7F', () => {
    const pool = ['a', ' ', 'é', '─', '●', '…', '⠿', '東', 'ｱ', 'Ａ', '가', '😀', '🇫🇷', 'e\u0301', '\u200d', '\ufe0f', '\ud800', 'ß', '™', '\u00a0', '█'];
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const wide of [false, true]) {
      setAmbiguousWide(wide);
      for (let i = 0; i < 500; i++) {
        let text = '';
        for (let n = Math.floor(next() * 12); n > 0; n--) text += pool[Math.floor(next() * pool.length)];
        const out = toAscii(text);
        expect(NON_ASCII.test(out), JSON.stringify(text)).toBe(false);
        expect(displayWidth(out), JSON.stringify(text)).toBe(displayWidth(text));
      }
    }
  });
});
