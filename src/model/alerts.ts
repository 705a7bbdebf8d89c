import type {Feed, GoalEvent, Payment, Visitor} from './types.js';

// Alert rules (`--alert`, config `alerts`), checked against each poll's feed. Pure: the state goes in and
// comes out, the time is a parameter. What fires is data; the words are the UI's (src/ui/views/alerts.ts).

export type AlertRule =
  | {kind: 'payment'; min: number | null; source: string}
  | {kind: 'goal'; name: string | null; source: string}
  | {kind: 'customer'; source: string}
  | {kind: 'visitors'; op: '>' | '<'; n: number; source: string};

export const RULE_SYNTAX = 'payment, payment>=AMOUNT, goal, goal=NAME, customer, visitors>N or visitors<N';

export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}

/** Parses one rule; spaces around the operator are allowed, keywords are case-insensitive. */
export function parseRule(text: string): AlertRule {
  const source = text.trim().replace(/\s+/g, '');
  const lower = source.toLowerCase();
  if (lower === 'payment' || lower === 'payments') return {kind: 'payment', min: null, source: 'payment'};
  if (lower === 'goal' || lower === 'goals') return {kind: 'goal', name: null, source: 'goal'};
  if (lower === 'customer' || lower === 'customers') return {kind: 'customer', source: 'customer'};
  let m = /^payments?>=(\d+(?:\.\d+)?)$/i.exec(source);
  if (m) return {kind: 'payment', min: Number(m[1]), source: `payment>=${m[1]}`};
  m = /^goals?=([A-Za-z0-9_-]{1,64})$/i.exec(source);
  if (m) return {kind: 'goal', name: m[1].toLowerCase(), source: `goal=${m[1].toLowerCase()}`};
  m = /^visitors?([<>])(\d+)$/i.exec(source);
  if (m) return {kind: 'visitors', op: m[1] as '>' | '<', n: Number(m[2]), source: `visitors${m[1]}${m[2]}`};
  throw new RuleError(`alert rule "${text}" is not one of ${RULE_SYNTAX}`);
}

/** Rules in order, duplicates (by their normal form) dropped. */
export function parseRules(texts: readonly string[]): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const text of texts) {
    const rule = parseRule(text);
    if (!rules.some((r) => r.source === rule.source)) rules.push(rule);
  }
  return rules;
}

export const ALERT_COOLDOWN_MS = 10_000;

/** The margin a visitors rule must be re-crossed by before it fires again: 10% of N, at least 1. */
export const hysteresis = (n: number): number => Math.max(1, Math.ceil(n * 0.1));

export type PaymentItem = {id: string; amount: number | null; currency: string | null; name: string | null; email: string | null; timestamp: string | null; renewal: boolean};
export type GoalItem = {id: string; goal: string; path: string | null; countryCode: string | null; name: string | null; timestamp: string | null};
export type CustomerItem = {id: string; name: string | null; email: string | null; countryCode: string | null; city: string | null; url: string | null};

/** One notification: a rule that fired, with everything it summarises (a burst is one alert). */
export type Alert = {
  rule: string;
  kind: AlertRule['kind'];
  /** The poll's time (the recorded time in a replay). */
  at: string;
  /** How many things it is about: payments, goals or customers; 1 for a visitors crossing. */
  count: number;
  /** Payment totals per currency, the currency of most payments first (payment rules only). */
  totals: [string, number][];
  /** The active count at the crossing (visitors rules); else the poll's count. */
  visitors: number;
  payments: PaymentItem[];
  goals: GoalItem[];
  customers: CustomerItem[];
};

type Pending = {payments: PaymentItem[]; goals: GoalItem[]; customers: CustomerItem[]; visitors: number | null; at: string};

type RuleState = {
  /** When this rule last notified; null never. */
  lastAt: number | null;
  /** Things seen during the cooldown, notified together when it ends. */
  pending: Pending | null;
  /** Visitors rules: whether a crossing would fire (false while the condition holds, until re-crossed by the margin). */
  armed: boolean | null;
};

export type AlertState = {
  rules: readonly AlertRule[];
  perRule: readonly RuleState[];
  /** Ids of the customers on the site at the last poll. */
  customers: ReadonlySet<string> | null;
  cooldownMs: number;
};

export function initialAlertState(rules: readonly AlertRule[], cooldownMs = ALERT_COOLDOWN_MS): AlertState {
  return {rules, perRule: rules.map(() => ({lastAt: null, pending: null, armed: null})), customers: null, cooldownMs};
}

const paymentItem = (p: Payment): PaymentItem => ({id: p.id, amount: p.amount, currency: p.currency, name: p.name, email: p.email, timestamp: p.timestamp, renewal: p.renewal});
const goalItem = (e: GoalEvent): GoalItem => ({id: e.id, goal: e.type ?? '', path: e.path, countryCode: e.countryCode, name: e.name, timestamp: e.timestamp});
const customerItem = (v: Visitor): CustomerItem => ({id: v.id, name: v.name, email: v.email, countryCode: v.countryCode, city: v.city, url: v.url});

const isGoal = (e: GoalEvent) => e.type !== null && e.type !== '' && e.type.toLowerCase() !== 'pageview';

/** What one poll brings for a rule (before the cooldown), or null. Also updates a visitors rule's arming. */
function detect(rule: AlertRule, rs: RuleState, feed: Feed, arrived: readonly Visitor[]): {found: Omit<Pending, 'at'> | null; armed: boolean | null} {
  const none = {payments: [], goals: [], customers: [], visitors: null};
  const first = feed.polls <= 1;
  switch (rule.kind) {
    case 'payment': {
      if (first) return {found: null, armed: null};
      const fresh = feed.payments.filter((p) => feed.fresh.payments.has(p.id) && (rule.min === null || (p.amount !== null && p.amount >= rule.min)));
      return {found: fresh.length ? {...none, payments: fresh.map(paymentItem)} : null, armed: null};
    }
    case 'goal': {
      if (first) return {found: null, armed: null};
      const fresh = feed.events.filter((e) => feed.fresh.events.has(e.id) && isGoal(e) && (rule.name === null || e.type!.toLowerCase() === rule.name));
      return {found: fresh.length ? {...none, goals: fresh.map(goalItem)} : null, armed: null};
    }
    case 'customer':
      return {found: arrived.length ? {...none, customers: arrived.map(customerItem)} : null, armed: null};
    case 'visitors': {
      const count = feed.count;
      const holds = rule.op === '>' ? count > rule.n : count < rule.n;
      const clear = rule.op === '>' ? count <= Math.max(0, rule.n - hysteresis(rule.n)) : count >= rule.n + hysteresis(rule.n);
      // The first poll only arms: a rule that already holds when dftop starts has not been crossed.
      if (rs.armed === null) return {found: null, armed: !holds};
      if (rs.armed && holds) return {found: {...none, visitors: count}, armed: false};
      return {found: null, armed: rs.armed || clear};
    }
  }
}

function merge(pending: Pending | null, found: Omit<Pending, 'at'>, at: string): Pending {
  if (!pending) return {...found, at};
  const add = <T extends {id: string}>(a: T[], b: T[]) => [...a, ...b.filter((x) => !a.some((y) => y.id === x.id))];
  return {payments: add(pending.payments, found.payments), goals: add(pending.goals, found.goals), customers: add(pending.customers, found.customers), visitors: found.visitors ?? pending.visitors, at};
}

function toAlert(rule: AlertRule, p: Pending, count: number): Alert {
  const totals = new Map<string, number>();
  for (const item of p.payments) {
    if (item.amount === null) continue;
    const currency = (item.currency ?? '').toUpperCase();
    totals.set(currency, (totals.get(currency) ?? 0) + item.amount);
  }
  const n = rule.kind === 'payment' ? p.payments.length : rule.kind === 'goal' ? p.goals.length : rule.kind === 'customer' ? p.customers.length : 1;
  return {
    rule: rule.source,
    kind: rule.kind,
    at: p.at,
    count: n,
    totals: [...totals].sort((a, b) => b[1] - a[1]),
    visitors: p.visitors ?? count,
    payments: p.payments,
    goals: p.goals,
    customers: p.customers,
  };
}

/**
 * Checks one poll. Returns the alerts to notify now: at most one per rule, a burst summarised in it; what a
 * rule finds within `cooldownMs` of its last notification waits (see `flushAlerts`) and is merged.
 */
export function observeAlerts(state: AlertState, feed: Feed, now: number): {state: AlertState; alerts: Alert[]} {
  const customersNow = new Set(feed.visitors.filter((v) => v.isCustomer).map((v) => v.id));
  const arrived = state.customers === null ? [] : feed.visitors.filter((v) => v.isCustomer && !state.customers!.has(v.id));
  const alerts: Alert[] = [];
  const perRule = state.rules.map((rule, i) => {
    const rs = state.perRule[i];
    const {found, armed} = detect(rule, rs, feed, arrived);
    let next: RuleState = {...rs, armed};
    if (found) next.pending = merge(rs.pending, found, feed.fetchedAt);
    if (next.pending && (next.lastAt === null || now - next.lastAt >= state.cooldownMs)) {
      alerts.push(toAlert(rule, next.pending, feed.count));
      next = {...next, pending: null, lastAt: now};
    }
    return next;
  });
  return {state: {...state, perRule, customers: customersNow}, alerts};
}

/** Notifies what waited for a cooldown that has now ended (call on a timer, or before each poll). */
export function flushAlerts(state: AlertState, now: number, count = 0): {state: AlertState; alerts: Alert[]} {
  const alerts: Alert[] = [];
  const perRule = state.rules.map((rule, i) => {
    const rs = state.perRule[i];
    if (!rs.pending || (rs.lastAt !== null && now - rs.lastAt < state.cooldownMs)) return rs;
    alerts.push(toAlert(rule, rs.pending, count));
    return {...rs, pending: null, lastAt: now};
  });
  return alerts.length ? {state: {...state, perRule}, alerts} : {state, alerts};
}

/** When `flushAlerts` next has something to notify; null when nothing waits. */
export function nextFlushAt(state: AlertState): number | null {
  let next: number | null = null;
  for (const rs of state.perRule) {
    if (!rs.pending || rs.lastAt === null) continue;
    const at = rs.lastAt + state.cooldownMs;
    if (next === null || at < next) next = at;
  }
  return next;
}
