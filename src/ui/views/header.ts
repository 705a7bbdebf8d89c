import type {DataFastError} from '../../api/errors.js';
import {detailOf, titleFor} from '../../api/errors.js';
import type {PollState} from '../../api/poller.js';
import {sanitise} from '../../model/sanitise.js';
import {safeMessage} from '../../model/redact.js';
import type {Feed, RevenueTotal} from '../../model/types.js';
import type {Run} from '../../text/style.js';
import {formatAge, formatClock, formatCount, formatDelta, formatMoney, sparkline} from '../format.js';
import {chrome, glyphs} from '../glyphs.js';
import {strings} from '../strings.js';
import type {Painter} from '../theme.js';
import {amountForms, box, longestFitting, type Lines} from './common.js';
import {displayWidth, truncate} from '../../text/width.js';

/** An answer slower than this is shown in the header. */
export const SLOW_ANSWER_MS = 1000;

export type PollInfo = {
  state: PollState;
  intervalMs: number;
  lastOkAt: number | null;
  lastError: DataFastError | null;
  latencyMs: number | null;
  nextPollAt: number | null;
  /** PollerStatus.stale: a poll failed since the last success (also while the retry is in flight). */
  stale?: boolean;
  /** PollerStatus.fetching: a request is out (tells a one-off refresh while paused). */
  fetching?: boolean;
};

export type HeaderProps = {
  /** Privacy mode is on: said in the header, so a screen shared in it is known to hide what it hides. */
  privacy?: boolean;
  painter: Painter;
  site: string;
  feed: Feed | null;
  poll: PollInfo;
  history: readonly number[];
  revenue: readonly RevenueTotal[];
  now: number;
  width: number;
  height: number;
  filterEditing: boolean;
  filter: string;
  /** The caret in `filter` while it is typed (UiState.filterCursor); the end when absent. */
  filterCursor?: number;
  /** What the active filter leaves: {shown: derived.visitors.length, total: derived.totalVisitors}. */
  match?: {shown: number; total: number} | null;
  /** In place of the poll state ("● LIVE"): a replay's badge. */
  badge?: Run[] | null;
  /** In place of the poll's status, age and latency on the second row: a replay's clock and position. */
  status?: Run[] | null;
  /** The second row while an alert shows (views/alerts.ts alertLine), unless the filter is being typed. */
  banner?: Run[] | null;
};

/**
 * The state shown is the state of the data: stale from a failed poll until a poll succeeds, whether a retry is
 * waiting or in flight. `stale` comes from PollerStatus; without it, an unanswered error means the same.
 */
const isStale = (poll: PollInfo) => poll.stale ?? poll.lastError !== null;

/** Data older than two intervals (and a little) is stale even before a request fails: a poll that hangs. */
const overdue = (poll: PollInfo, now: number | undefined) => now !== undefined && poll.lastOkAt !== null && now - poll.lastOkAt > 2 * poll.intervalMs + 2000;

export function stateLabel(poll: PollInfo, hasData: boolean, p: Painter, now?: number): Run {
  const t = p.theme;
  if (poll.state === 'failed') return {text: strings.state.stopped, style: t.bad};
  if (poll.state === 'paused') return {text: strings.state.paused, style: t.warn};
  if (isStale(poll) || (hasData && overdue(poll, now))) return {text: hasData ? strings.state.stale : strings.state.retrying, style: t.warn};
  if (!hasData) return {text: strings.state.starting, style: t.dim};
  return {text: strings.state.live, style: t.good};
}

/**
 * Why the data may be old, in words; null when all is well. `brief`: without the error's wording, for a narrow
 * header, where when the data was last good matters more than why.
 */
export function statusText(poll: PollInfo, now: number, brief = false): string | null {
  const why = poll.lastError ? describeError(poll.lastError) : '';
  const stale = isStale(poll) && poll.lastOkAt !== null ? ' · ' + strings.staleSince(formatClock(new Date(poll.lastOkAt).toISOString())) : '';
  if (poll.state === 'failed') return strings.stoppedOn(why);
  if (poll.state === 'paused') {
    if (poll.fetching) return brief ? strings.pausedRefreshingBrief : strings.pausedRefreshing;
    if (isStale(poll) && poll.lastError) return (brief ? strings.pausedRefreshFailedBrief : strings.pausedRefreshFailed(why)) + stale;
    return brief ? strings.pausedHintBrief : strings.pausedHint;
  }
  if (!isStale(poll)) return null;
  if (poll.state === 'retrying' && poll.nextPollAt !== null) {
    const seconds = Math.max(0, Math.ceil((poll.nextPollAt - now) / 1000));
    return (brief ? strings.retryingInBrief(seconds) : strings.retryingIn(seconds, why)) + stale;
  }
  if (poll.state === 'fetching') return (brief ? strings.retryingNowBrief : strings.retryingNow(why)) + stale;
  return null;
}

/**
 * "updated just now" while polls arrive on time; once the data is older than an interval (and a bit), the
 * seconds count up. A healthy dashboard then writes nothing between polls.
 */
export function ageLabel(poll: PollInfo, now: number): string | null {
  if (poll.lastOkAt === null) return null;
  const age = now - poll.lastOkAt;
  if (age < poll.intervalMs + 2000) return strings.updatedJustNow;
  return `${strings.updated} ${formatAge(age)} ${strings.ago}`;
}

/** Everything in the header that depends on the time: the header redraws only when this changes. */
export function timeDependentText(poll: PollInfo, now: number): string {
  return `${statusText(poll, now) ?? ''}|${ageLabel(poll, now) ?? ''}`;
}

export function describeError(error: DataFastError): string {
  const status = error.status !== null ? ` ${error.status}` : '';
  const detail = detailOf(error);
  // Redacted before it is cut: a key straddling the cut must not leak its first half.
  const message = error.apiMessage ? `: ${safeMessage(error.apiMessage, 120)}` : detail !== null ? `: ${safeMessage(detail)}` : '';
  return `${titleFor(error.kind)}${status}${message}`;
}

/**
 * The second row in the usual case: why the data may be old, the filter, a slow answer, revenue, age. Each part
 * has shorter forms; what does not fit even shortened is left out whole, the least important first (never cut
 * mid-word, never a partial total shown as the whole); only the status itself may be cut.
 */
function statusLine(props: HeaderProps, width: number): Run[] {
  const {painter: p, feed, poll, now} = props;
  const t = p.theme;
  const g = glyphs(p.ascii);
  const match = props.match && feed ? [{text: `  ${strings.matchCount(props.match.shown, props.match.total)}`, style: t.accent}] : [];
  const status = statusText(poll, now);
  const age = ageLabel(poll, now);
  const widthOf = (runs: readonly Run[]) => runs.reduce((n, r) => n + displayWidth(r.text), 0);
  // [priority (lower is kept first), its forms from the longest; a function gives the form for the room left].
  type Form = Run[] | ((room: number) => Run[] | null);
  const parts: [number, Form[]][] = [];
  if (status) {
    const style = poll.state === 'failed' ? t.bad : t.warn;
    const brief = statusText(poll, now, true)!;
    parts.push([0, [[{text: chrome(status, p.ascii), style}], [{text: chrome(brief, p.ascii), style}]]]);
  }
  const filter = props.filter.trim();
  if (filter) {
    const label = {text: strings.filterLabel, style: t.faint};
    const full = [label, {text: sanitise(filter), style: t.warn}, ...match];
    // Narrow: the expression cut (with its mark), the count whole: a filtered screen never looks unfiltered.
    const cut = (room: number) => {
      const left = room - widthOf([label, ...match]);
      return left < 4 ? null : [label, {text: truncate(sanitise(filter), left), style: t.warn}, ...match];
    };
    parts.push([1, [full, cut]]);
  }
  if (poll.latencyMs !== null && poll.latencyMs >= SLOW_ANSWER_MS) parts.push([2, [[{text: strings.slowAnswer(poll.latencyMs), style: t.warn}]]]);
  if (props.revenue.length) {
    // As many currencies as the room left allows (the currency of most payments first), with how many more.
    const amounts = props.revenue.map(([c, n]) => formatMoney(n, c, p.ascii));
    parts.push([3, amountForms(amounts, g.sep).map((text): Run[] => [{text, style: t.money}, {text: ` ${strings.inWindow}`, style: t.faint}])]);
  }
  // "updated just now" is the least of it; data that is late (with no status to say since when) says how late
  // before the revenue does.
  if (age) parts.push([age !== strings.updatedJustNow && !status ? 1.5 : 4, [[{text: age, style: t.dim}]]]);
  if (!feed && !status) parts.push([0, [[{text: strings.noData, style: t.dim}]]]);
  // First what is shown, each part in its shortest form, the most important first; then, in the same order, each
  // part takes its longest form that the room left allows. Inclusion before wording: a paused note in full never
  // pushes the filter out.
  const order = parts.map((_, i) => i).sort((a, b) => parts[a][0] - parts[b][0]);
  const formFor = (i: number, room: number, shortest: boolean): Run[] | null => {
    const forms = shortest ? [...parts[i][1]].reverse() : parts[i][1];
    for (const f of forms) {
      const runs = typeof f === 'function' ? f(room) : f;
      if (runs && widthOf(runs) <= room) return runs;
    }
    return null;
  };
  const chosen = new Map<number, Run[]>();
  let used = 0;
  for (const i of order) {
    const gap = chosen.size ? 2 : 0;
    let form = formFor(i, width - used - gap, true);
    // The status is never left out: its shortest form, cut at the edge.
    if (!form && parts[i][0] === 0 && !chosen.size) form = (parts[i][1].filter((f) => typeof f !== 'function') as Run[][]).at(-1)!;
    if (!form) continue;
    chosen.set(i, form);
    used += widthOf(form) + gap;
  }
  for (const i of order) {
    for (;;) {
      const form = chosen.get(i);
      if (!form) break;
      const longer = formFor(i, width - used + widthOf(form), false);
      if (longer && widthOf(longer) > widthOf(form)) {
        used += widthOf(longer) - widthOf(form);
        chosen.set(i, longer);
        break;
      }
      // The status and the filter in full (why the data is old, what it is filtered by) come before the extras:
      // the least important extra goes to make room, when leaving out every extra would.
      if (parts[i][0] > 1) break;
      const extras = [...order].reverse().filter((j) => parts[j][0] >= 2 && chosen.has(j));
      const freed = extras.reduce((n, j) => n + widthOf(chosen.get(j)!) + 2, 0);
      const best = formFor(i, width - used + widthOf(form) + freed, false);
      if (!extras.length || !best || widthOf(best) <= widthOf(form)) break;
      const extra = extras[0];
      used -= widthOf(chosen.get(extra)!) + 2;
      chosen.delete(extra);
    }
  }
  const out: Run[] = [];
  parts.forEach((_, i) => {
    const form = chosen.get(i);
    if (!form) return;
    if (out.length) out.push({text: '  ', style: null});
    out.push(...form);
  });
  return out;
}

export function headerView(props: HeaderProps): Lines {
  const {painter: p, feed, poll, now, width} = props;
  const t = p.theme;
  const state = stateLabel(poll, feed !== null, p, now);
  const g = glyphs(p.ascii);
  const dot = g.dot;
  const first: Run[] = [
    {text: strings.app, style: t.titleFocused},
    {text: ' ', style: null},
    {text: sanitise(props.site), style: t.title},
    {text: '  ', style: null},
    ...(props.badge ?? [{text: `${dot} ${state.text}`, style: state.style}]),
  ];
  if (props.privacy) first.push({text: `  ${strings.privacyOn}`, style: t.warn});
  if (feed) {
    const delta = feed.previousCount === null ? null : feed.count - feed.previousCount;
    first.push(
      {text: '  ', style: null},
      {text: formatCount(feed.count), style: t.fresh},
      {text: ` ${strings.active} `, style: t.dim},
      // No change shown on the first poll: there is nothing yet to compare with.
      {text: delta === null ? '' : formatDelta(delta, p.ascii), style: delta && delta > 0 ? t.good : delta && delta < 0 ? t.warn : t.faint},
    );
    const used = first.reduce((n, r) => n + r.text.length, 0);
    const room = Math.min(40, width - used - 2);
    if (room >= 4 && props.history.length > 1) first.push({text: '  ', style: null}, {text: sparkline(props.history, room, p.ascii), style: t.accent});
  }

  const second: Run[] = [];
  const match = props.match && feed ? [{text: `  ${strings.matchCount(props.match.shown, props.match.total)}`, style: t.accent}] : [];
  if (props.filterEditing) {
    const caret = Math.max(0, Math.min(props.filter.length, props.filterCursor ?? props.filter.length));
    second.push(
      {text: strings.filterPrompt, style: t.warn},
      {text: sanitise(props.filter.slice(0, caret)), style: t.fresh},
      {text: g.caret, style: t.accent},
      {text: sanitise(props.filter.slice(caret)), style: t.fresh},
      ...match,
      {text: '  ' + chrome(strings.filterHelp, p.ascii), style: t.faint},
    );
  } else if (props.banner) {
    second.push(...props.banner);
  } else if (props.status) {
    if (props.filter.trim()) second.push({text: strings.filterLabel, style: t.faint}, {text: sanitise(props.filter.trim()), style: t.warn}, ...match, {text: '  ', style: null});
    second.push(...props.status);
    // The revenue in what the replay's clock leaves, in a form that fits whole, or not at all.
    const room = width - second.reduce((n, r) => n + displayWidth(r.text), 0) - 2 - strings.inWindow.length - 1;
    const revenue = props.revenue.length ? longestFitting(amountForms(props.revenue.map(([c, n]) => formatMoney(n, c, p.ascii)), g.sep), room) : null;
    if (revenue) {
      second.push({text: '  ', style: null}, {text: revenue, style: t.money}, {text: ` ${strings.inWindow}`, style: t.faint});
    }
  } else {
    second.push(...statusLine(props, width));
  }
  return box([first, second], width, props.height, p.ascii);
}
