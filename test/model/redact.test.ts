import {afterEach, describe, expect, it} from 'vitest';
import {clearSecrets, hasSecrets, redact, registerSecret, safeMessage} from '../../src/model/redact.js';

const KEY = 'df_live_secret_key_987654321';
afterEach(() => clearSecrets());

describe('redact', () => {
  it('replaces every occurrence of every registered secret', () => {
    expect(redact(`a ${KEY} b ${KEY}`)).toBe(`a ${KEY} b ${KEY}`);
    registerSecret(KEY);
    registerSecret('dft_other_token_123');
    expect(hasSecrets()).toBe(true);
    expect(redact(`Bearer ${KEY}, then dft_other_token_123.`)).toBe('Bearer [redacted], then [redacted].');
  });

  it('ignores blank and very short values, and trims what it keeps', () => {
    registerSecret(null);
    registerSecret('');
    registerSecret('abc');
    expect(hasSecrets()).toBe(false);
    registerSecret(`  ${KEY}\n`);
    expect(redact(KEY)).toBe('[redacted]');
  });

  it('replaces a secret that contains another whole', () => {
    registerSecret('df_live_secret');
    registerSecret(KEY);
    expect(redact(KEY)).toBe('[redacted]');
  });
});

describe('safeMessage', () => {
  it('redacts before it cuts: a key straddling the cut leaks no prefix', () => {
    registerSecret(KEY);
    for (let pad = 180; pad < 200; pad++) {
      const message = safeMessage('x'.repeat(pad) + KEY + ' trailing', 200);
      expect(message.length).toBeLessThanOrEqual(200);
      expect(message).not.toContain(KEY.slice(0, 4));
    }
  });

  it('sanitises, and catches a key joined by dropping an escape sequence inside it', () => {
    registerSecret(KEY);
    expect(safeMessage(`token ${KEY.slice(0, 9)}\x1b[0m${KEY.slice(9)}\x1b]0;t\x07 bad`)).toBe('token [redacted] bad');
  });
});
