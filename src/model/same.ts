import type {Conversion, GoalEvent, Payment, Utm, Visitor} from './types.js';

// Whether two items hold exactly the same data, every field compared (the tests change each field in turn to
// be sure none is left out): what is made from an item (a list row) can be kept while its data is the same.

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameUtm(a: Utm | null, b: Utm | null): boolean {
  if (a === null || b === null) return a === b;
  return a.source === b.source && a.medium === b.medium && a.campaign === b.campaign && a.content === b.content && a.term === b.term;
}

function sameConversion(a: Conversion | null, b: Conversion | null): boolean {
  if (a === null || b === null) return a === b;
  return a.score === b.score && a.confidence === b.confidence && a.isBaseline === b.isBaseline && a.expectedValue === b.expectedValue &&
    a.conversionRate === b.conversionRate && a.averageValue === b.averageValue && sameList(a.dimensionMatches, b.dimensionMatches);
}

export function sameVisitor(a: Visitor, b: Visitor): boolean {
  return a.id === b.id && a.city === b.city && a.region === b.region && a.countryCode === b.countryCode && a.lat === b.lat && a.lon === b.lon &&
    a.browser === b.browser && a.os === b.os && a.device === b.device && a.url === b.url && a.referrer === b.referrer &&
    a.sessionStart === b.sessionStart && a.visitCount === b.visitCount && a.name === b.name && a.nameIsRandom === b.nameIsRandom &&
    a.email === b.email && a.isCustomer === b.isCustomer && sameUtm(a.utm, b.utm) && sameConversion(a.conversion, b.conversion);
}

function sameData(a: Record<string, string | null>, b: Record<string, string | null>): boolean {
  let n = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
    n++;
  }
  for (const key in b) if (--n < 0 || !Object.hasOwn(a, key)) return false;
  return n === 0;
}

export function sameEvent(a: GoalEvent, b: GoalEvent): boolean {
  return a.id === b.id && a.type === b.type && a.visitorId === b.visitorId && a.timestamp === b.timestamp && a.path === b.path &&
    a.countryCode === b.countryCode && a.name === b.name && a.amount === b.amount && sameData(a.data, b.data);
}

export function samePayment(a: Payment, b: Payment): boolean {
  return a.id === b.id && a.timestamp === b.timestamp && a.name === b.name && a.email === b.email && a.amount === b.amount &&
    a.currency === b.currency && a.renewal === b.renewal && a.isNew === b.isNew;
}
