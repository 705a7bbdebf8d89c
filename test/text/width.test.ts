import {createRandom} from '../../src/demo/random.js';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {
  ambiguousWide,
  wellFormed,
  displayWidth,
  ellipsis,
  fit,
  forEachGrapheme,
  graphemes,
  isSimpleCodePoint,
  setAmbiguousWide,
  setAsciiEllipsis,
  simpleByProbe,
  SIMPLE_RANGES,
  truncate,
} from '../../src/text/width.js';

afterEach(() => {
  setAmbiguousWide(false);
  setAsciiEllipsis(false);
});

const segmenter = new Intl.Segmenter();
const reference = (text: string, wide: boolean) =>
  [...segmenter.segment(wellFormed(text))].map(({segment}) => ({text: segment, width: stringWidth(segment, {ambiguousIsNarrow: !wide})}));

// A deterministic pseudo-random generator (the demo's mulberry32).
const random = createRandom;

// Characters that make grapheme segmentation and width hard, and ordinary ones between them.
const POOL = [
  'a', 'Z', '1', '#', ' ', '~', 'é', 'ø', '─', '│', '●', '…', '·', '×', '⠿', '⠀', '█', '東', '京', 'ｱ', 'ﾞ', 'Ａ', '가', '각',
  '\u1100', '\u1161', '\u11a8', // Hangul jamo L V T
  '\u0301', '\u0308', '\u20e3', '\u200d', '\ufe0f', '\ufe0e', '\u200b', '\u00ad', '\u0600', '\u0915', '\u094d', '\u0e33',
  '😀', '👍', '🏽', '🇫', '🇷', '👨', '👩', '👧', '❤', '☺', '🏳', '\u{e0067}', '\u{1f3f4}',
  '\ud800', '\udc00', // lone surrogates
  '\x1b', '\x07', '\t', '\x7f', '\x85', '\ufffd', '\u3000', '𠀀',
];

function randomText(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += POOL[Math.floor(next() * POOL.length)];
  return s;
}

describe('displayWidth', () => {
  it('agrees with string-width on every character of the common blocks, with ambiguous characters narrow and wide', () => {
    const ranges: [number, number][] = [
      [0x20, 0x7e], [0xa0, 0x52f], [0x2000, 0x2bff], [0x2e80, 0x33ff], [0xfe00, 0xfe6f], [0xff00, 0xffef], [0x1f000, 0x1faff],
    ];
    for (const wide of [false, true]) {
      setAmbiguousWide(wide);
      for (const [from, to] of ranges) {
        for (let c = from; c <= to; c++) {
          const ch = String.fromCodePoint(c);
          const want = stringWidth(ch, {ambiguousIsNarrow: !wide});
          if (displayWidth(ch) !== want) expect(displayWidth(ch), `U+${c.toString(16)} wide=${wide}`).toBe(want);
        }
      }
    }
  });

  it('agrees with string-width on a sample of every plane', () => {
    const next = random(7);
    for (let i = 0; i < 3000; i++) {
      const c = Math.floor(next() * 0x110000);
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      for (const wide of [false, true]) {
        setAmbiguousWide(wide);
        expect(displayWidth(ch), `U+${c.toString(16)}`).toBe(stringWidth(ch, {ambiguousIsNarrow: !wide}));
      }
    }
  });

  it('measures East-Asian ambiguous characters by the process-wide setting, braille and ASCII always one column', () => {
    expect(ambiguousWide()).toBe(false);
    expect(displayWidth('─│●…·×▶━é')).toBe(9);
    setAmbiguousWide(true);
    expect(ambiguousWide()).toBe(true);
    expect(displayWidth('─│●…·×▶━é')).toBe(18);
    expect(displayWidth('⠿⠀⣿ ab')).toBe(6);
    expect(displayWidth('東京')).toBe(4);
  });

  it('is string-width over the grapheme clusters of random hard text, in both settings', () => {
    const next = random(1);
    for (let i = 0; i < 800; i++) {
      const text = randomText(next, 1 + Math.floor(next() * 24));
      for (const wide of [false, true]) {
        setAmbiguousWide(wide);
        const want = reference(text, wide);
        expect(graphemes(text), JSON.stringify(text)).toEqual(want);
        expect(displayWidth(text)).toBe(want.reduce((n, g) => n + g.width, 0));
      }
    }
  });

  it('segments long hard text exactly, across its internal chunks', () => {
    const next = random(2);
    for (let i = 0; i < 20; i++) {
      const text = randomText(next, 600 + Math.floor(next() * 600));
      expect(graphemes(text)).toEqual(reference(text, false));
    }
    // Regional indicators pair up from the start of their run; a chunk edge must not change the pairing.
    const flags = '🇫🇷🇩🇪'.repeat(100) + '🇫';
    expect(graphemes(flags)).toEqual(reference(flags, false));
    expect(displayWidth('x' + flags)).toBe(1 + 400 + 1);
  });

  it('counts a lone surrogate as the one column of the U+FFFD a terminal draws for it', () => {
    expect(displayWidth('a\ud800b')).toBe(3);
    expect(displayWidth('\udc00')).toBe(1);
    expect(graphemes('a\ud83d').map((g) => g.text)).toEqual(['a', '\ufffd']);
    expect(truncate('\ud800\ud800\ud800', 2)).toBe('\ufffd…');
  });

  it('is zero for controls and zero-width characters, never negative, never throws', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('\x1b\x00\x07\u200b\u200d\ufe0f\u0301')).toBe(0);
    expect(displayWidth('a\u0301\u0301\u0301')).toBe(1);
    expect(truncate('\u0301\u200b', 1)).toBe('\u0301\u200b');
  });

  it('takes time linear in the length of huge text (Intl.Segmenter alone is quadratic)', () => {
    expect(displayWidth('a'.repeat(1_000_000))).toBe(1_000_000);
    expect(displayWidth('東'.repeat(300_000))).toBe(600_000);
    expect(displayWidth('e\u0301'.repeat(40_000))).toBe(40_000);
    expect(displayWidth('🇫🇷'.repeat(20_000))).toBe(40_000);
    expect(displayWidth('a' + '\u0301'.repeat(50_000) + 'b')).toBe(2);
    expect(truncate('東'.repeat(1_000_000), 9)).toBe('東東東東…');
    expect(truncate('e\u0301'.repeat(1_000_000), 4)).toBe('e\u0301e\u0301e\u0301…');
  });
});

describe('simple code points', () => {
  it('the ranges taken as simple without asking Intl.Segmenter are simple by its answer', () => {
    const ranges = [[0x20, 0x7e], ...SIMPLE_RANGES] as const;
    const wrong: string[] = [];
    for (const [from, to] of ranges) for (let c = from; c <= to; c++) if (!simpleByProbe(c)) wrong.push(c.toString(16));
    expect(wrong).toEqual([]);
  });

  it('marks, joiners, jamo, regional indicators, prepended and zero-width characters are not simple', () => {
    for (const c of [0x301, 0x200d, 0xfe0f, 0x1100, 0x1161, 0x11a8, 0x1f1eb, 0x600, 0x94d, 0xe33, 0x200b, 0xad, 0x1b, 0x1f3fd]) {
      expect(isSimpleCodePoint(c), c.toString(16)).toBe(false);
    }
    for (const c of [0x61, 0xe9, 0x2500, 0x28ff, 0x6771, 0xac00, 0x1f600, 0x25b6]) expect(isSimpleCodePoint(c), c.toString(16)).toBe(true);
  });
});

describe('graphemes', () => {
  it('gives each cluster with its width, and the callback form its end offset and an early stop', () => {
    expect(graphemes('a東e\u0301🇫🇷')).toEqual([
      {text: 'a', width: 1}, {text: '東', width: 2}, {text: 'e\u0301', width: 1}, {text: '🇫🇷', width: 2},
    ]);
    const seen: [string, number, number][] = [];
    forEachGrapheme('ab東c', (g, w, end) => {
      seen.push([g, w, end]);
      return g !== '東';
    });
    expect(seen).toEqual([['a', 1, 1], ['b', 1, 2], ['東', 2, 3]]);
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
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello!', 5)).toBe('hell…');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧', 3)).toBe('👨‍👩‍👧…');
  });

  it("the ellipsis is '…' (two columns when ambiguous characters are wide), or '~' when set", () => {
    expect(ellipsis()).toBe('…');
    setAmbiguousWide(true);
    expect(truncate('hello world', 5)).toBe('hel…');
    expect(truncate('hello world', 1)).toBe('h');
    expect(fit('hello world', 5)).toBe('hel…');
    expect(truncate('───────', 5)).toBe('─…');
    setAsciiEllipsis(true);
    expect(ellipsis()).toBe('~');
    expect(truncate('hello world', 5)).toBe('hell~');
    expect(truncate('東京都庁', 5)).toBe('東京~');
    setAmbiguousWide(false);
    expect(truncate('São Paulo', 5)).toBe('São ~');
  });

  it('fit pads the cut text to exactly the width, truncate is never wider, for random hard text in every setting', () => {
    const next = random(3);
    for (const wide of [false, true]) {
      for (const ascii of [false, true]) {
        setAmbiguousWide(wide);
        setAsciiEllipsis(ascii);
        for (let i = 0; i < 400; i++) {
          const text = randomText(next, Math.floor(next() * 16));
          const width = Math.floor(next() * 12);
          const cut = truncate(text, width);
          expect(displayWidth(cut), JSON.stringify([text, width])).toBeLessThanOrEqual(width);
          if (displayWidth(text) <= width) expect(cut).toBe(wellFormed(text));
          else if (width >= displayWidth(ellipsis())) expect(cut.endsWith(ellipsis())).toBe(true);
          // Measured apart: a text may begin with a character that would join the padding before it.
          const align = i % 2 ? 'left' : 'right';
          const fitted = fit(text, width, align);
          const pad = fitted.length - cut.length;
          expect(align === 'left' ? fitted.slice(0, cut.length) : fitted.slice(pad)).toBe(cut);
          expect(displayWidth(cut) + pad, JSON.stringify([text, width])).toBe(width);
        }
      }
    }
  });
});
