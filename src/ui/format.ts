import {clockText, dayText, enMoney, enNumber} from './en-format.js';
import {glyphs} from './glyphs.js';

// Numbers, times and money as people read them in a narrow column. Helpers that can emit a chrome
// character (a placeholder, a minus sign, a sparkline) take `ascii` and then emit pure ASCII.

/** Minutes are enough for time on site, and a column that changes once a minute costs a slow link little. */
export function formatDuration(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  if (m < 1) return '<1m';
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** "14:09:12" in the viewer's time zone; a placeholder for a missing or broken timestamp. */
export function formatClock(iso: string | null, ascii = false): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return glyphs(ascii).none;
  return clockText(t);
}

/** "14:09:12" when `iso` is on the same day as `reference`, else "24 Nov 09:12:03" (viewer's time zone). */
export function formatWhen(iso: string | null, reference: number, ascii = false): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return glyphs(ascii).none;
  const day = dayText(t);
  return day === dayText(reference) ? clockText(t) : `${day} ${clockText(t)}`;
}

// Intl only for what en-format.ts leaves to it (amounts that are not finite, or ≥ 1e21): a process that never
// creates an Intl number format saves ~4.5 MiB and ~20 ms (see en-format.ts).
const intlFormats = new Map<string, Intl.NumberFormat>();
function intlFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = intlFormats.get(key);
  if (!format) intlFormats.set(key, (format = new Intl.NumberFormat('en-US', options)));
  return format;
}

/**
 * An amount in its currency's own format (¥2,900, €19.00, $49.00). With no currency, the amount alone
 * ("2,900", "19.50"): never a guessed "$". A bad code falls back to "49.00 XYZ". In ASCII, a symbol outside
 * ASCII becomes the code ("JPY 2,900", "EUR 19.00"); "$49.00" stays.
 */
export function formatMoney(amount: number | null, currency: string | null, ascii = false): string {
  if (amount === null) return glyphs(ascii).none;
  if (currency === null || currency === '') {
    const digits = Number.isInteger(amount) ? 0 : 2;
    return enNumber(amount, digits) ?? intlFormat(`${digits}`, {minimumFractionDigits: digits, maximumFractionDigits: digits}).format(amount);
  }
  const code = /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null;
  if (!code) return `${amount.toFixed(2)} ${currency}`;
  const money = (display: 'symbol' | 'code') =>
    (enMoney(amount, code, display) ?? intlFormat(`${code}|${display}`, {style: 'currency', currency: code, currencyDisplay: display}).format(amount)).replace(/[\u00a0\u202f]/g, ' ');
  const text = money('symbol');
  if (!ascii || /^[\x20-\x7e]*$/.test(text)) return text;
  return money('code');
}

export function formatCount(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatDelta(delta: number | null, ascii = false): string {
  const g = glyphs(ascii);
  if (delta === null || delta === 0) return `${g.plusMinus}0`;
  return delta > 0 ? `+${delta}` : `${g.minus}${-delta}`;
}

/**
 * The last `width` values as a sparkline. The scale starts at zero (62 → 61 is a small step, not a cliff);
 * the top is the largest value shown.
 */
export function sparkline(values: readonly number[], width: number, ascii = false): string {
  const slice = values.slice(-width);
  if (slice.length === 0) return '';
  const chars = glyphs(ascii).spark;
  const low = Math.min(0, ...slice);
  const high = Math.max(...slice);
  const top = chars.length - 1;
  return slice.map((v) => chars[high === low ? 0 : Math.round(((v - low) / (high - low)) * top)]).join('');
}

/** "/pricing" from "https://example.com/pricing?x=1"; paths stay as they are. */
export function shortUrl(url: string | null, ascii = false): string {
  if (!url) return glyphs(ascii).none;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  const path = m ? m[1] || '/' : url;
  return path;
}

export function formatPercent(fraction: number | null, digits = 2, ascii = false): string {
  return fraction === null ? glyphs(ascii).none : `${(fraction * 100).toFixed(digits)}%`;
}
