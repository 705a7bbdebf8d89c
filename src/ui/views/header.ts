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
import {box, type Lines} from './common.js';

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

export function stateLabel(poll: PollInfo, hasData: boolean, p: Painter): Run {
  const t = p.theme;
  if (poll.state === 'failed') return {text: strings.state.stopped, style: t.bad};
  if (poll.state === 'paused') return {text: strings.state.paused, style: t.warn};
  if (isStale(poll)) return {text: hasData ? strings.state.stale : strings.state.retrying, style: t.warn};
  if (!hasData) return {text: strings.state.starting, style: t.dim};
  return {text: strings.state.live, style: t.good};
}

/** Why the data may be old, in words; null when all is well. */
export function statusText(poll: PollInfo, now: number): string | null {
  const why = poll.lastError ? describeError(poll.lastError) : '';
  const stale = isStale(poll) && poll.lastOkAt !== null ? ' · ' + strings.staleSince(formatClock(new Date(poll.lastOkAt).toISOString())) : '';
  if (poll.state === 'failed') return strings.stoppedOn(why);
  if (poll.state === 'paused') {
    if (poll.fetching) return strings.pausedRefreshing;
    return isStale(poll) && poll.lastError ? strings.pausedRefreshFailed(why) + stale : strings.pausedHint;
  }
  if (!isStale(poll)) return null;
  if (poll.state === 'retrying' && poll.nextPollAt !== null) {
    const seconds = Math.max(0, Math.ceil((poll.nextPollAt - now) / 1000));
    return strings.retryingIn(seconds, why) + stale;
  }
  if (poll.state === 'fetching') return strings.retryingNow(why) + stale;
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

export function headerView(props: HeaderProps): Lines {
  const {painter: p, feed, poll, now, width} = props;
  const t = p.theme;
  const state = stateLabel(poll, feed !== null, p);
  const g = glyphs(p.ascii);
  const dot = g.dot;
  const first: Run[] = [
    {text: strings.app, style: t.titleFocused},
    {text: ' ', style: null},
    {text: sanitise(props.site), style: t.title},
    {text: '  ', style: null},
    ...(props.badge ?? [{text: `${dot} ${state.text}`, style: state.style}]),
  ];
  if (feed) {
    const delta = feed.previousCount === null ? null : feed.count - feed.previousCount;
    first.push(
      {text: '  ', style: null},
      {text: formatCount(feed.count), style: t.fresh},
      {text: ` ${strings.active} `, style: t.dim},
      {text: formatDelta(delta, p.ascii), style: delta && delta > 0 ? t.good : delta && delta < 0 ? t.warn : t.faint},
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
    if (props.revenue.length) {
      second.push({text: '  ', style: null}, {text: props.revenue.map(([c, n]) => formatMoney(n, c, p.ascii)).join(g.sep), style: t.money}, {text: ` ${strings.inWindow}`, style: t.faint});
    }
  } else {
    if (props.filter.trim()) second.push({text: strings.filterLabel, style: t.faint}, {text: sanitise(props.filter.trim()), style: t.warn}, ...match, {text: '  ', style: null});
    const status = statusText(poll, now);
    if (status) second.push({text: chrome(status, p.ascii), style: poll.state === 'failed' ? t.bad : t.warn}, {text: '  ', style: null});
    if (props.revenue.length) {
      second.push({text: props.revenue.map(([c, n]) => formatMoney(n, c, p.ascii)).join(g.sep), style: t.money}, {text: ` ${strings.inWindow}  `, style: t.faint});
    }
    const age = ageLabel(poll, now);
    if (age) second.push({text: age, style: t.dim});
    // The answer's latency only when it is worth a look: a number that changes with every poll is bytes on a
    // slow link for nothing while the API is quick.
    if (poll.latencyMs !== null && poll.latencyMs >= SLOW_ANSWER_MS) second.push({text: `${g.sep}${strings.slowAnswer(poll.latencyMs)}`, style: t.warn});
    if (!feed && !status) second.push({text: strings.noData, style: t.dim});
  }
  return box([first, second], width, props.height, p.ascii);
}
