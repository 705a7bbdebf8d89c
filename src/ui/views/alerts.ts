import type {Alert, GoalItem} from '../../model/alerts.js';
import {sanitise} from '../../model/sanitise.js';
import type {Run} from '../../text/style.js';
import {fitRuns} from '../../text/style.js';
import {formatMoney} from '../format.js';
import {workflowStrings} from '../strings-workflow.js';
import type {Painter} from '../theme.js';

// The words of an alert (header, desktop notification, --json, --alert-command) and the header's alert line.

const s = workflowStrings.alert;

/** Money in ASCII when asked: a symbol outside ASCII becomes the code ("EUR 19.00"). */
export function money(amount: number, currency: string | null, ascii: boolean): string {
  const text = formatMoney(amount, currency);
  if (!ascii || /^[\x20-\x7e]*$/.test(text)) return text;
  return `${(currency ?? '').toUpperCase()} ${amount.toFixed(2)}`.trim();
}

const totalText = (totals: readonly [string, number][], ascii: boolean) => totals.map(([c, n]) => money(n, c || null, ascii)).join(' + ');

/** Untrusted text for a one-line message: sanitised, whitespace collapsed, cut. */
const clean = (text: string | null, max = 40): string | null => {
  if (!text) return null;
  const t = sanitise(text).replace(/\s+/g, ' ').trim();
  if (!t) return null;
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

function goalSummary(goals: readonly GoalItem[], times: string): string {
  const counts = new Map<string, number>();
  for (const g of goals) counts.set(g.goal, (counts.get(g.goal) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([goal, n]) => (n > 1 ? `${clean(goal, 30)} ${times}${n}` : clean(goal, 30))).join(', ');
}

/**
 * One line about an alert: "Payment €49.00 from Jane Doe", "3 payments, €231.00", "Goal signup on /pricing",
 * "57 visitors, above 50". With `privacy`, no names. Visitor-controlled parts are sanitised here; whatever
 * carries the text on (OSC 9, a header) sanitises again for its own medium.
 */
export function alertText(alert: Alert, options: {privacy?: boolean; ascii?: boolean} = {}): string {
  const ascii = options.ascii ?? false;
  const who = (name: string | null, email: string | null) => (options.privacy ? null : clean(name) ?? clean(email));
  switch (alert.kind) {
    case 'payment': {
      if (alert.payments.length === 1) {
        const p = alert.payments[0];
        return s.payment(p.amount === null ? '?' : money(p.amount, p.currency, ascii), who(p.name, p.email), p.renewal);
      }
      return s.payments(alert.count, totalText(alert.totals, ascii));
    }
    case 'goal': {
      if (alert.goals.length === 1) return s.goal(clean(alert.goals[0].goal, 64) ?? '?', clean(alert.goals[0].path, 60));
      return s.goals(alert.count, goalSummary(alert.goals, ascii ? 'x' : '×'));
    }
    case 'customer': {
      if (alert.customers.length === 1) {
        const c = alert.customers[0];
        return s.customer(who(c.name, c.email), clean(c.url, 60));
      }
      return s.customers(alert.count);
    }
    case 'visitors': {
      const m = /^visitors([<>])(\d+)$/.exec(alert.rule);
      const n = m ? Number(m[2]) : 0;
      return m?.[1] === '<' ? s.below(alert.visitors, n) : s.above(alert.visitors, n);
    }
  }
}

/** How long the header shows an alert. */
export const ALERT_HOLD_MS = 15_000;

/** What the header shows: the alerts of the last `ALERT_HOLD_MS`, newest last. Pure: the lead's Dashboard keeps it. */
export type AlertBanner = {readonly shown: readonly {text: string; kind: Alert['kind']; at: number}[]};

export const emptyBanner: AlertBanner = {shown: []};

/** Adds alerts (at wall-clock `now`) and forgets the expired ones; at most 20 are kept. */
export function showAlerts(banner: AlertBanner, alerts: readonly Alert[], now: number, options: {privacy?: boolean; ascii?: boolean} = {}): AlertBanner {
  const kept = banner.shown.filter((a) => now - a.at < ALERT_HOLD_MS);
  const added = alerts.map((a) => ({text: alertText(a, options), kind: a.kind, at: now}));
  return {shown: [...kept, ...added].slice(-20)};
}

/** The alerts still showing at `now`, newest last. */
export function visibleAlerts(banner: AlertBanner, now: number): AlertBanner['shown'] {
  return banner.shown.filter((a) => now - a.at < ALERT_HOLD_MS);
}

/** When the header must redraw to drop the oldest alert; null when nothing shows. */
export function bannerExpiresAt(banner: AlertBanner, now: number): number | null {
  const visible = visibleAlerts(banner, now);
  return visible.length ? Math.min(...visible.map((a) => a.at + ALERT_HOLD_MS)) : null;
}

/**
 * The header's alert line: "! Payment €49.00 from Jane · +2 more", exactly `width` columns; null when no alert
 * shows (the header then draws its usual second line).
 */
export function alertLine(painter: Painter, banner: AlertBanner, now: number, width: number): Run[] | null {
  const visible = visibleAlerts(banner, now);
  if (!visible.length) return null;
  const t = painter.theme;
  const newest = visible[visible.length - 1];
  const style = newest.kind === 'payment' ? t.money : newest.kind === 'visitors' ? t.warn : t.goal;
  const runs: Run[] = [
    {text: '! ', style: t.bad},
    {text: painter.ascii ? toAsciiText(newest.text) : newest.text, style},
  ];
  if (visible.length > 1) runs.push({text: (painter.ascii ? ' - ' : ' · ') + s.more(visible.length - 1), style: t.dim});
  return fitRuns(runs, width);
}

/** Any character outside printable ASCII becomes "?" (names, symbols), for terminals that are not UTF-8. */
function toAsciiText(text: string): string {
  return text.replace(/\u2026/g, '...').replace(/\u00d7/g, 'x').replace(/[^\x20-\x7e]/gu, '?');
}
