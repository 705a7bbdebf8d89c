// Numbers, times and money as people read them in a narrow column.

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

const clockFormat = new Intl.DateTimeFormat('en-GB', {hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false});

/** "14:09:12" in the viewer's time zone; "—" for a missing or broken timestamp. */
export function formatClock(iso: string | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  return clockFormat.format(t);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Amount in its currency's own format (¥4,900, €19.00, $49.00); a bad currency code falls back to "49 XYZ". */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  const code = currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null;
  if (!code) return `${amount.toFixed(2)}${currency ? ' ' + currency : ''}`;
  let format = moneyFormats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', {style: 'currency', currency: code, currencyDisplay: 'symbol'});
    } catch {
      return `${amount.toFixed(2)} ${code}`;
    }
    moneyFormats.set(code, format);
  }
  return format.format(amount);
}

export function formatCount(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatDelta(delta: number | null): string {
  if (delta === null || delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `−${-delta}`;
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** The last `width` values as a sparkline scaled between their min and max. */
export function sparkline(values: readonly number[], width: number, ascii = false): string {
  const slice = values.slice(-width);
  if (slice.length === 0) return '';
  const min = Math.min(...slice);
  const max = Math.max(...slice);
  const chars = ascii ? '_.-=+*#' : SPARKS;
  return slice.map((v) => chars[max === min ? Math.floor(chars.length / 2) : Math.round(((v - min) / (max - min)) * (chars.length - 1))]).join('');
}

/** "/pricing" from "https://example.com/pricing?x=1"; paths stay as they are. */
export function shortUrl(url: string | null): string {
  if (!url) return '—';
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  const path = m ? m[1] || '/' : url;
  return path;
}

export function formatPercent(fraction: number | null, digits = 2): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(digits)}%`;
}
