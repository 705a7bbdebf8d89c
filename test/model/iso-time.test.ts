import {describe, expect, it} from 'vitest';
import {canonicalIsoMillis} from '../../src/model/iso-time.js';

describe('canonicalIsoMillis', () => {
  it('reads toISOString text as Date.parse does, over random times from year 100 to 9999', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lo = Date.UTC(100, 0, 1);
    const hi = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    for (let i = 0; i < 20_000; i++) {
      const s = new Date(lo + Math.floor(random() * (hi - lo))).toISOString();
      expect(canonicalIsoMillis(s)).toBe(Date.parse(s));
    }
    for (const s of ['2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z']) {
      expect(canonicalIsoMillis(s)).toBe(Date.parse(s));
    }
  });

  it('is NaN for anything else: other forms, impossible dates, years before 100, non-digits', () => {
    for (const s of [
      '2023-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2024-04-31T00:00:00.000Z', '2024-13-01T00:00:00.000Z', '2024-00-10T00:00:00.000Z',
      '2024-01-01T24:00:00.000Z', '2024-01-01T00:60:00.000Z', '2024-01-01T00:00:60.000Z', '0099-01-01T00:00:00.000Z', '2024-01-01T00:00:00Z',
      '2024-01-01 00:00:00.000Z', '2024-01-01T00:00:00.000+', '2024-01-0xT00:00:00.000Z', '+02024-01-01T00:00:00.00', '',
    ]) {
      expect(canonicalIsoMillis(s), s).toBeNaN();
    }
  });
});
