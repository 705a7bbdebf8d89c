// The normalised domain: one shape whichever of DataFast's documented shapes came in.
// `toJsonSnapshot` (json.ts) projects it onto the documented `--json` interface.

export type Utm = {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  content: string | null;
  term: string | null;
};

export type Conversion = {
  score: number | null;
  confidence: number | null;
  isBaseline: boolean | null;
  expectedValue: number | null;
  conversionRate: number | null;
  averageValue: number | null;
  dimensionMatches: string[];
};

export type Visitor = {
  id: string;
  city: string | null;
  region: string | null;
  countryCode: string | null;
  lat: number | null;
  lon: number | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  url: string | null;
  referrer: string | null;
  sessionStart: string | null;
  visitCount: number | null;
  name: string | null;
  nameIsRandom: boolean;
  email: string | null;
  isCustomer: boolean;
  utm: Utm | null;
  conversion: Conversion | null;
};

export type GoalEvent = {
  id: string;
  type: string | null;
  visitorId: string | null;
  timestamp: string | null;
  path: string | null;
  countryCode: string | null;
  name: string | null;
  amount: number | null;
  data: Record<string, string | null>;
};

export type Payment = {
  id: string;
  timestamp: string | null;
  name: string | null;
  email: string | null;
  amount: number | null;
  currency: string | null;
  renewal: boolean;
  isNew: boolean;
};

export type ConversionMetrics = {
  baselineConversionRate: number | null;
  baselineAverageValue: number | null;
};

/** One poll's answer, normalised. */
export type Snapshot = {
  fetchedAt: string;
  websiteId: string | null;
  count: number;
  visitors: Visitor[];
  events: GoalEvent[];
  payments: Payment[];
  hasConversionPredictions: boolean;
  conversionMetrics: ConversionMetrics | null;
};

/** What changed with the latest poll, for one poll's highlighting. */
export type Fresh = {
  visitors: ReadonlySet<string>;
  events: ReadonlySet<string>;
  payments: ReadonlySet<string>;
};

/** Money per currency: `null` is a payment whose currency was not an ISO 4217 code (shown as the amount alone). */
export type RevenueTotal = [currency: string | null, amount: number];

/** Ids of events and payments seen in any poll so far, bounded (the most recent 20,000 of each). */
export type SeenIds = {
  events: ReadonlySet<string>;
  payments: ReadonlySet<string>;
};

/** The accumulated view: the latest poll plus event and payment history across polls. */
export type Feed = Snapshot & {
  fresh: Fresh;
  previousCount: number | null;
  polls: number;
  /**
   * Payment totals per currency in the API's 10-minute window, the currency of most payments first: from every payment of the
   * latest answer and the history, never from the capped list alone. Set by applySnapshot.
   */
  revenue?: RevenueTotal[];
  /** What "new" is measured against: an id not in here is fresh, whatever the history's cap. Set by applySnapshot. */
  seen?: SeenIds;
};
