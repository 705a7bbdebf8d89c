// The clock, day and money texts the live screen shows (en-GB times, en-US numbers), made without Intl.
//
// Why not Intl: the first Intl.DateTimeFormat or Intl.NumberFormat of a process makes V8 open the resource
// bundle of every ICU locale to list the available ones: ~20 ms before the first frame and ~4.5 MiB of the
// node binary's ICU data paged in for the rest of the run (measured on Node 20, ICU 78; see scratch/NOTES-rss.md).
// What is here gives the same text as those formats (test/ui/en-format.test.ts compares them over every
// three-letter code and many amounts): en-US rounds the shortest decimal form of a number half away from
// zero (1.005 → "1.01", unlike toFixed), groups by three, puts the sign before the symbol, and separates a
// symbol that ends in a letter from the digits with a no-break space.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "14:09:12" in the viewer's time zone (en-GB, 24-hour), as Intl.DateTimeFormat('en-GB', 2-digit h/m/s). */
export function clockText(t: number): string {
  const d = new Date(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "3 Sept" in the viewer's time zone, as Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'short'}). */
export function dayText(t: number): string {
  const d = new Date(t);
  return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
}

/** "2024-05-01 14:09:12" in the viewer's time zone. */
export function stampText(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clockText(t)}`;
}

// en-US currency symbols (CLDR 48) where they are not the code itself, and the codes whose amounts do not
// have two decimals. Every other well-formed code is shown as itself, a no-break space, and two decimals.
const SYMBOLS: Readonly<Record<string, string>> = {
  AUD: 'A$', BRL: 'R$', CAD: 'CA$', CNY: 'CN¥', EUR: '€', GBP: '£', HKD: 'HK$', ILS: '₪', INR: '₹', JPY: '¥', KRW: '₩',
  MXN: 'MX$', NZD: 'NZ$', PHP: '₱', TWD: 'NT$', USD: '$', VND: '₫', XAF: 'FCFA\u00a0', XCD: 'EC$', XCG: 'Cg.\u00a0',
  XOF: 'F\u202fCFA\u00a0', XPF: 'CFPF\u00a0', XXX: '¤',
};
const DIGITS: Readonly<Record<string, number>> = {
  ADP: 0, AFN: 0, ALL: 0, BHD: 3, BIF: 0, BYR: 0, CLF: 4, CLP: 0, COP: 0, DJF: 0, ESP: 0, GNF: 0, HUF: 0, IDR: 0, IQD: 0,
  IRR: 0, ISK: 0, ITL: 0, JOD: 3, JPY: 0, KMF: 0, KPW: 0, KRW: 0, KWD: 3, LAK: 0, LBP: 0, LUF: 0, LYD: 3, MGA: 0, MGF: 0,
  MMK: 0, MRO: 0, OMR: 3, PKR: 0, PYG: 0, RWF: 0, SLL: 0, SOS: 0, STD: 0, SYP: 0, TMM: 0, TND: 3, TRL: 0, UGX: 0, UYI: 0,
  UYW: 4, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, YER: 0, ZMK: 0, ZWD: 0,
};

/** Decimals of an upper-case three-letter currency code. */
export function currencyDigits(code: string): number {
  return DIGITS[code] ?? 2;
}

/**
 * `abs` (≥ 0) with `digits` decimals (0–4), rounded as Intl does: its shortest decimal form, half away from
 * zero. Null for a number too large for a plain decimal form (≥ 1e21), which the caller leaves to Intl.
 */
function fixed(abs: number, digits: number): string | null {
  const s = String(abs);
  if (s.includes('e')) {
    // Below 1e-6: zero at four decimals or fewer.
    if (s.includes('e-')) return digits ? `0.${'0'.repeat(digits)}` : '0';
    return null;
  }
  const dot = s.indexOf('.');
  const whole = dot < 0 ? s : s.slice(0, dot);
  const fraction = dot < 0 ? '' : s.slice(dot + 1);
  if (fraction.length <= digits) return digits ? `${whole}.${fraction.padEnd(digits, '0')}` : whole;
  let kept = whole + fraction.slice(0, digits);
  if (fraction.charCodeAt(digits) >= 53 /* '5' */) {
    const chars = kept.split('');
    let i = chars.length - 1;
    for (; i >= 0 && chars[i] === '9'; i--) chars[i] = '0';
    if (i >= 0) chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
    else chars.unshift('1');
    kept = chars.join('');
  }
  const cut = kept.length - digits;
  return digits ? `${kept.slice(0, cut)}.${kept.slice(cut)}` : kept;
}

function grouped(text: string): string {
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  if (whole.length <= 3) return text;
  let out = whole.slice(0, whole.length % 3 || 3);
  for (let i = out.length; i < whole.length; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return dot < 0 ? out : out + text.slice(dot);
}

/**
 * `amount` as en-US shows it with `digits` decimals ("2,900", "-19.50"), optionally after a currency
 * `prefix`: the sign comes first ("-$5.00"). Null when the amount is not finite or too large (≥ 1e21).
 */
export function enNumber(amount: number, digits: number, prefix = ''): string | null {
  if (!Number.isFinite(amount)) return null;
  const text = fixed(Math.abs(amount), digits);
  if (text === null) return null;
  return `${amount < 0 || Object.is(amount, -0) ? '-' : ''}${prefix}${grouped(text)}`;
}

/**
 * `amount` in an upper-case three-letter currency, as Intl.NumberFormat('en-US', {style: 'currency',
 * currencyDisplay}) shows it ("$49.00", "¥2,900", "CHF 19.00" with a no-break space); null when the amount is
 * not finite or too large.
 */
export function enMoney(amount: number, code: string, display: 'symbol' | 'code'): string | null {
  const prefix = display === 'symbol' ? SYMBOLS[code] ?? `${code}\u00a0` : `${code}\u00a0`;
  return enNumber(amount, currencyDigits(code), prefix);
}
