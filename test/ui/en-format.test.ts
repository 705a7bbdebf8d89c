import {afterEach, describe, expect, it} from 'vitest';
import {clockText, currencyDigits, dayText, enMoney, enNumber, stampText} from '../../src/ui/en-format.js';
import {seeded} from '../helpers/raw.js';

// en-format.ts replaces Intl on the live screen; Intl is the reference here. Its tables come from CLDR 48
// (Node 20's ICU 78): a Node with another CLDR may change a symbol, and this test says which.

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const AMOUNTS = [0, 1, 1.005, 2.675, 0.045, 0.125, 19.5, 999.995, 1234.5, 2900, 1_000_000.125, 123456789.987, 1e-7, 5e-324, 1e20];

describe('money and numbers without Intl', () => {
  it('every three-letter code, both displays, as Intl.NumberFormat en-US shows it', () => {
    const wrong: string[] = [];
    for (const a of LETTERS) for (const b of LETTERS) for (const c of LETTERS) {
      const code = a + b + c;
      for (const display of ['symbol', 'code'] as const) {
        const intl = new Intl.NumberFormat('en-US', {style: 'currency', currency: code, currencyDisplay: display});
        for (const amount of [1, -2900.5]) {
          if (enMoney(amount, code, display) !== intl.format(amount)) wrong.push(`${code} ${display} ${amount}: ${enMoney(amount, code, display)} vs ${intl.format(amount)}`);
        }
      }
      expect(currencyDigits(code)).toBe(new Intl.NumberFormat('en-US', {style: 'currency', currency: code}).resolvedOptions().maximumFractionDigits);
    }
    expect(wrong).toEqual([]);
  });

  it('amounts round as Intl rounds them (the shortest decimal form, half away from zero), for 0–4 decimals', () => {
    const random = seeded(8).next;
    const amounts = [...AMOUNTS, ...AMOUNTS.map((x) => -x), -0];
    for (let i = 0; i < 4000; i++) {
      amounts.push(Math.round(random() * 1e7) / 1000, Math.round(random() * 1e6) / 10_000, random() * 10 ** Math.floor(random() * 15), -random() * 100);
    }
    for (const digits of [0, 1, 2, 3, 4]) {
      const intl = new Intl.NumberFormat('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
      const wrong = amounts.filter((x) => enNumber(x, digits) !== intl.format(x)).slice(0, 5).map((x) => `${x}: ${enNumber(x, digits)} vs ${intl.format(x)}`);
      expect(wrong).toEqual([]);
    }
    for (const code of ['USD', 'JPY', 'KWD', 'CLF', 'EUR']) {
      const intl = new Intl.NumberFormat('en-US', {style: 'currency', currency: code});
      expect(amounts.filter((x) => enMoney(x, code, 'symbol') !== intl.format(x))).toEqual([]);
    }
  });

  it('leaves what has no plain decimal form to the caller', () => {
    expect([enNumber(1e21, 2), enNumber(NaN, 2), enNumber(Infinity, 0), enMoney(-Infinity, 'USD', 'symbol')]).toEqual([null, null, null, null]);
  });
});

describe('clock and day without Intl', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('as Intl.DateTimeFormat en-GB shows them, in several time zones', () => {
    const clock = () => new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false});
    const day = () => new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'short'});
    const stamp = () => new Intl.DateTimeFormat('en-GB', {year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false});
    const random = seeded(3).next;
    const times = [0, Date.UTC(2024, 8, 3, 23, 59, 59), Date.UTC(2026, 2, 29, 1, 30), Date.UTC(2026, 9, 25, 0, 59, 59)];
    for (let i = 0; i < 300; i++) times.push(Math.floor(random() * 4e12));
    for (const tz of ['UTC', 'Europe/London', 'Asia/Kolkata', 'America/New_York', 'Pacific/Chatham']) {
      process.env.TZ = tz;
      const [c, d, s] = [clock(), day(), stamp()];
      for (const t of times) {
        expect(clockText(t)).toBe(c.format(t));
        expect(dayText(t)).toBe(d.format(t));
        const p = Object.fromEntries(s.formatToParts(t).map((x) => [x.type, x.value]));
        expect(stampText(t)).toBe(`${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`);
      }
    }
  });
});
