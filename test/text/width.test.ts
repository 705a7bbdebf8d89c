import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {displayWidth, fit, truncate} from '../../src/text/width.js';

describe('displayWidth', () => {
  it('agrees with string-width on every character of its fast path, and on wide text', () => {
    const ranges: [number, number][] = [[0x20, 0x7e], [0xa0, 0xac], [0xae, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e], [0x20a0, 0x20bf], [0x2190, 0x2199], [0x2500, 0x25fc], [0x2800, 0x28ff]];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCodePoint(c);
        expect(displayWidth(ch), `U+${c.toString(16)}`).toBe(stringWidth(ch));
      }
    }
    for (const s of ['東京', '🇫🇷 Paris', 'e\u0301', '◽', 'ｱｲ']) expect(displayWidth(s)).toBe(stringWidth(s));
  });
});

describe('truncate and fit', () => {
  it('cut by display width with an ellipsis, never mid-character', () => {
    expect(truncate('São Paulo', 5)).toBe('São …');
    expect(truncate('東京都庁', 5)).toBe('東京…');
    expect(stringWidth(truncate('東京都庁', 5))).toBeLessThanOrEqual(5);
    expect(fit('ab', 5, 'right')).toBe('   ab');
    expect(fit('東京都庁', 6)).toBe('東京… ');
    expect(truncate('x', 0)).toBe('');
  });
});
