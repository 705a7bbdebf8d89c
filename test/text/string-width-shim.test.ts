import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import shim from '../../src/text/string-width-shim.js';

// The bundle gives Ink this module in place of string-width (scripts/build.mjs): it must measure as string-width
// does, styled text included.
describe('string-width for Ink', () => {
  const texts = ['', 'plain', '\u001b[1mbold\u001b[22m', '\u001b[38;5;208m⠿⠿ map\u001b[39m', '日本語 text', 'e\u0301 combining', '👍🏽 ok', '🇫🇷', 'a\u200bb', '\u001b]8;;http://x\u0007link\u001b]8;;\u0007', 'tab\there', '─│●…'];
  it('measures as string-width, escape sequences not counted', () => {
    for (const text of texts) expect([text, shim(text)]).toEqual([text, stringWidth(text)]);
  });
  it('counts escape sequences when asked, and non-strings are zero', () => {
    expect(shim('\u001b[1mab', {countAnsiEscapeCodes: true})).toBe(stringWidth('\u001b[1mab', {countAnsiEscapeCodes: true}));
    expect(shim(undefined)).toBe(0);
  });
});
