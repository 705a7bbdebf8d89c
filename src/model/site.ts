import type {Snapshot} from './types.js';

/**
 * The site's currency (from the site list or the metadata) for payments and goal amounts that came without
 * one. Payments that name their currency keep it. Returns the same snapshot when there is nothing to fill.
 */
export function withSiteCurrency(snapshot: Snapshot, currency: string | null | undefined): Snapshot {
  if (!currency || !/^[A-Za-z]{3}$/.test(currency) || !snapshot.payments.some((p) => p.currency === null)) return snapshot;
  const code = currency.toUpperCase();
  return {...snapshot, payments: snapshot.payments.map((p) => (p.currency === null ? {...p, currency: code} : p))};
}
