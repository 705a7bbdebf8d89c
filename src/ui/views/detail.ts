import type {ProfileEntry} from '../../api/profiles.js';
import type {ProfileGoal, VisitorProfile} from '../../model/profile.js';
import type {Payment, Visitor} from '../../model/types.js';
import {sanitise} from '../../model/sanitise.js';
import type {Run, Style} from '../../text/style.js';
import {displayWidth, graphemes, type Grapheme} from '../../text/width.js';
import {formatClock, formatDuration, formatMoney, formatPercent, formatWhen, shortUrl} from '../format.js';
import {glyphs} from '../glyphs.js';
import {strings} from '../strings.js';
import {layoutColumns, tableRow, type Cell} from '../table.js';
import type {Painter} from '../theme.js';
import {box, line, titleRow, type Lines} from './common.js';
import {PREDICTION_CURRENCY} from './lists.js';

// The detail of one visitor: who (place, system, source), the realtime score beside the profile's
// prediction, the identified profile, and the journey as a timeline (page, time, time spent until the next
// page, goals inline). The profile loads in the background (api/profiles.ts); its loading or failure is a
// line in here, never a screen-wide error. The body scrolls (`scroll` rows down) under a fixed title row.

export type DetailProps = {
  painter: Painter;
  width: number;
  height: number;
  /** Rows scrolled down (UiState.detailScroll); clamped here. */
  scroll: number;
  privacy: boolean;
  visitorId: string;
  /** The visitor in the current poll; null once they have left the site. */
  visitor: Visitor | null;
  /** store.get(visitorId); undefined: not asked yet (shown as loading); null: no profiles here (no store). */
  profile?: ProfileEntry<VisitorProfile> | null;
  /** The time the journey's last page is measured to (the poll's fetchedAt, or the clock). */
  now: number;
  /** Where the visitor is in the list the detail came from: "3/42" in the title. */
  position?: {index: number; total: number} | null;
};

type Row = Run[];
/** A label, its value (null: not shown) and the value's style. */
type Field = [label: string, value: string | null, style?: Style | null];

/** A long value (a URL, a referrer, a name) takes at most this many rows; the last is cut with an ellipsis. */
const VALUE_ROWS = 6;

/**
 * A value into pieces of at most `width` columns, broken after a space, a URL's `/ ? & =` or a domain's dot when one is in the
 * piece's last two thirds, else at the width. Sanitised first: the pieces are what the terminal will show.
 */
export function wrapValue(value: string, width: number, maxRows = VALUE_ROWS): string[] {
  const text = sanitise(value);
  if (width < 4 || displayWidth(text) <= width) return [text];
  const pieces: string[] = [];
  // Each piece as it was in the text (its trailing space kept), for the last row's rest.
  const whole: string[] = [];
  let piece: Grapheme[] = [];
  let used = 0;
  for (const g of graphemes(text)) {
    if (used + g.width > width) {
      let cut = piece.length;
      for (let i = piece.length - 1; i >= Math.floor(piece.length / 3); i--) {
        // A dot only between letters (news.ycombinator.com), never in a number (0.81).
        // (The grapheme after the piece's last is the one that did not fit.)
        const after = i + 1 < piece.length ? piece[i + 1].text : g.text;
        const dot = piece[i].text === '.' && /^[A-Za-z]/.test(after) && /[A-Za-z]$/.test(piece[i - 1]?.text ?? '');
        if (' /?&=,;-'.includes(piece[i].text) || dot) {
          cut = i + 1;
          break;
        }
      }
      whole.push(piece.slice(0, cut).map((x) => x.text).join(''));
      pieces.push(whole[whole.length - 1].trimEnd());
      piece = piece.slice(cut);
      used = piece.reduce((n, x) => n + x.width, 0);
    }
    piece.push(g);
    used += g.width;
  }
  if (piece.length) {
    whole.push(piece.map((x) => x.text).join(''));
    pieces.push(whole[whole.length - 1]);
  }
  if (pieces.length <= maxRows) return pieces;
  // The last row shown says there is more (tableRow's cut adds the ellipsis); its words keep their spaces.
  return [...pieces.slice(0, maxRows - 1), whole.slice(maxRows - 1).join('')];
}

/** Label/value rows; a value wider than its column goes on under itself (VALUE_ROWS at most); sanitised by tableRow. */
function fieldRows(p: Painter, width: number, rows: Field[]): Row[] {
  const g = glyphs(p.ascii);
  const layout = layoutColumns([{key: 'label', title: '', width: 18}, {key: 'value', title: '', width: 10, flex: 1}], Math.max(10, width - 2));
  const valueWidth = layout.find((c) => c.column.key === 'value')?.width ?? 0;
  return rows
    .filter(([, value]) => value !== undefined)
    .flatMap(([label, value, style]) =>
      (value === null ? [g.none] : wrapValue(value, valueWidth)).map((piece, i): Row => [
        {text: '  ', style: null},
        ...tableRow(layout, {label: {text: i === 0 ? label : '', style: p.theme.dim}, value: {text: piece, style: style ?? null}}, null, p.ascii),
      ]),
    );
}

const heading = (p: Painter, text: string, extra = ''): Row => [{text: ' ' + text, style: p.theme.title}, ...(extra ? [{text: '  ' + extra, style: p.theme.faint}] : [])];

function placeText(v: Visitor | null, profile: VisitorProfile | null): string | null {
  const city = profile?.identity.city ?? v?.city ?? null;
  const cc = profile?.identity.countryCode ?? v?.countryCode ?? null;
  const country = profile?.identity.country ?? null;
  const text = [city, cc].filter(Boolean).join(', ');
  return (text ? text + (country ? ` (${country})` : '') : country) || null;
}

function sourceText(v: Visitor | null, profile: VisitorProfile | null, sep: string): string | null {
  const parts: string[] = [];
  if (v?.referrer) parts.push(v.referrer);
  const params = profile?.identity.params.length ? profile.identity.params.map(([k, x]) => `${k}=${x}`) : v?.utm ? Object.entries(v.utm).filter(([, x]) => x).map(([k, x]) => `utm_${k}=${x}`) : [];
  if (params.length) parts.push(params.join(' '));
  return parts.join(sep) || null;
}

function goalText(goal: ProfileGoal, sep: string): string {
  const origin = goal.origin ? ` (${strings.journey.origin[goal.origin] ?? goal.origin})` : '';
  return `${strings.journey.goal} ${goal.name}${origin}${goal.description ? sep + goal.description : ''}`;
}

/** The journey: pages and goals merged by time; each page with the time until the next one. */
function journeyRows(p: Painter, width: number, profile: VisitorProfile, visitor: Visitor | null, now: number): Row[] {
  const g = glyphs(p.ascii);
  const pages = profile.activity.pages;
  // The journey was loaded a while ago; the poll says where the visitor is now. Its last page is "on the page"
  // while that is the page the poll names (paths compared: host, query and fragment aside); else the current page
  // follows it, until the journey is asked again.
  const current = visitor?.url ?? null;
  const path = (url: string | null) => (url === null ? null : shortUrl(url).replace(/[?#].*$/, '') || '/');
  const lastPage = pages.length ? pages[pages.length - 1].url : null;
  const moved = current !== null && path(current) !== path(lastPage);
  const onSite = visitor !== null && !moved;
  const firstPage = pages.length && pages[0].timestamp ? Date.parse(pages[0].timestamp) : Infinity;
  type Item = {at: number; kind: 'page' | 'goal'; index: number};
  const items: Item[] = [
    ...pages.map((pg, index) => ({at: pg.timestamp ? Date.parse(pg.timestamp) : Infinity, kind: 'page' as const, index})),
    ...profile.activity.goals.map((goal, index) => ({at: goal.timestamp ? Date.parse(goal.timestamp) : Infinity, kind: 'goal' as const, index})),
  ].sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.index - b.index : a.kind === 'page' ? -1 : 1));
  const times = items.map((it) => formatWhen(it.kind === 'page' ? pages[it.index].timestamp : profile.activity.goals[it.index].timestamp, now, p.ascii));
  const timeWidth = Math.max(5, ...times.map((t) => t.length));
  // Time on each page: until the next page; the last one until now while the visitor is on it.
  const stays = pages.map((page, index) => {
    const next = pages[index + 1];
    const last = index === pages.length - 1;
    const from = page.timestamp ? Date.parse(page.timestamp) : NaN;
    const to = next?.timestamp ? Date.parse(next.timestamp) : last && onSite ? now : NaN;
    const spent = Number.isNaN(from) || Number.isNaN(to) ? '' : formatStay(to - from);
    return last && onSite && spent ? `${spent} ${strings.journey.onPage}` : spent;
  });
  // At most 100 columns: on a 250-column screen the time on a page stays near the page.
  const tableWidth = Math.max(12, Math.min(100, width - 3));
  const layout = layoutColumns(
    [
      {key: 'mark', title: '', width: 1},
      {key: 'time', title: '', width: timeWidth},
      {key: 'what', title: '', width: 10, flex: 1},
      {key: 'spent', title: '', width: Math.max(6, ...stays.map((x) => x.length), moved ? strings.journey.onPage.length : 0), align: 'right', dropOrder: 1},
    ],
    tableWidth,
  );
  const goalLayout = layoutColumns(layout.filter((c) => c.column.key !== 'spent').map((c) => ({...c.column, width: c.column.key === 'what' ? 10 : c.width})), tableWidth);
  const goalWidth = goalLayout.find((c) => c.column.key === 'what')?.width ?? 10;
  const rows: Row[] = [];
  let earlierShown = false;
  items.forEach((it, i) => {
    if (it.kind === 'goal' && it.at < firstPage && !earlierShown && pages.length) {
      rows.push([{text: '   ' + strings.journey.earlier, style: p.theme.faint}]);
      earlierShown = true;
    }
    if (it.kind === 'goal') {
      // A goal's name, origin and description go on under themselves (VALUE_ROWS at most), not cut at the column;
      // a goal has no time spent, so its text takes that column's room too.
      const pieces = wrapValue(goalText(profile.activity.goals[it.index], g.sep), goalWidth);
      pieces.forEach((piece, n) => {
        const first = n === 0;
        const cells = {mark: first ? {text: g.goal, style: p.theme.goal} : '', time: first ? {text: times[i], style: p.theme.dim} : '', what: {text: piece, style: p.theme.goal}};
        rows.push([{text: '  ', style: null}, ...tableRow(goalLayout, cells, null, p.ascii)]);
      });
      return;
    }
    const here = it.index === pages.length - 1 && onSite;
    const cells: Record<string, Cell | string> = {
      mark: {text: here ? g.here : g.page, style: here ? p.theme.titleFocused : p.theme.accent},
      time: {text: times[i], style: p.theme.dim},
      what: {text: shortUrl(pages[it.index].url, p.ascii), style: here ? p.theme.fresh : null},
      spent: {text: stays[it.index], style: p.theme.faint},
    };
    rows.push([{text: '  ', style: null}, ...tableRow(layout, cells, null, p.ascii)]);
  });
  if (moved) {
    const cells: Record<string, Cell | string> = {
      mark: {text: g.here, style: p.theme.titleFocused},
      time: {text: strings.journey.nowOn, style: p.theme.dim},
      what: {text: shortUrl(current, p.ascii), style: p.theme.fresh},
      spent: {text: strings.journey.onPage, style: p.theme.faint},
    };
    rows.push([{text: '  ', style: null}, ...tableRow(layout, cells, null, p.ascii)]);
  }
  return rows;
}

/** Seconds matter on a page: "45s", "1m13s", "2h05m". */
function formatStay(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return formatDuration(ms);
}

/** The profile's state as one line, when it is not simply there. */
function profileStatus(p: Painter, entry: ProfileEntry<VisitorProfile> | null | undefined): Row | null {
  if (entry === null) return line('   ' + strings.journey.unavailable, p.theme.faint);
  if (entry === undefined) return line('   ' + strings.journey.loading, p.theme.faint);
  if (entry.failure && !entry.pending) return line('   ' + strings.journey.failed[entry.failure], entry.value ? p.theme.faint : p.theme.warn);
  if (entry.pending === 'queued' && !entry.value) return line('   ' + strings.journey.queued, p.theme.faint);
  if (entry.pending === 'loading' && !entry.value) return line('   ' + strings.journey.loading, p.theme.faint);
  if (entry.pending) return line('   ' + strings.journey.refreshing, p.theme.faint);
  return null;
}

/** Every body row of a visitor's detail (the title row apart). */
export function detailRows(props: DetailProps): Row[] {
  const {painter: p, width, privacy, visitor: v, now} = props;
  const g = glyphs(p.ascii);
  const f = strings.detail.fields;
  const entry = props.profile;
  const profile = entry?.value ?? null;
  const hide = (s: string | null) => (s && privacy ? strings.hidden : s);
  const rows: Row[] = [];
  if (!v) rows.push(line('  ' + strings.detail.gone, p.theme.warn));

  const system = [profile?.identity.device ?? v?.device, profile?.identity.os ?? v?.os, profile?.identity.browser ?? v?.browser].filter(Boolean).join(g.sep);
  const viewport = profile?.identity.viewport ? `${profile.identity.viewport.width}${g.times}${profile.identity.viewport.height}` : null;
  const visits = profile?.activity.visitCount ?? v?.visitCount ?? null;
  const firstVisit = profile?.activity.firstVisitAt ?? null;
  const visitParts = [
    visits !== null ? strings.journey.visits(visits) : null,
    profile?.activity.pageViewCount != null ? strings.journey.pageviews(profile.activity.pageViewCount) : null,
    firstVisit ? `${strings.journey.firstVisit} ${formatWhen(firstVisit, now, p.ascii)}` : null,
  ].filter(Boolean);
  // Who and where first, then the journey (what the detail is opened for: on an 80×24 screen it is in view
  // without scrolling), then the rest of what is known.
  const top: Field[] = [
    [f.place, placeText(v, profile)],
    [f.device, system || null],
    [f.page, shortUrl(v?.url ?? profile?.activity.currentUrl ?? null, p.ascii)],
    [f.referrer, sourceText(v, profile, g.sep)],
    [f.visitCount, visitParts.join(g.sep) || null],
  ];
  const fields: Field[] = [
    [f.region, profile?.identity.region ?? v?.region ?? null],
    [strings.journey.viewport, viewport],
    [f.sessionStart, v?.sessionStart ? formatClock(v.sessionStart, p.ascii) : null],
    [f.name, hide(v?.name ?? null) ? `${hide(v!.name)}${v!.nameIsRandom && !privacy ? ' (generated)' : ''}` : null],
    [f.email, hide(v?.email ?? null)],
    [f.customer, v ? (v.isCustomer ? 'yes' : 'no') : null, v?.isCustomer ? p.theme.badgeCustomer : null],
  ];
  // Privacy: no id, no coordinates (country and city only), no ad click ids.
  if (!privacy) {
    fields.push([f.id, props.visitorId]);
    if (v && v.lat !== null && v.lon !== null) fields.push([f.coordinates, `${v.lat.toFixed(3)}, ${v.lon.toFixed(3)}`]);
    if (profile?.identity.adClickIds.length) fields.push([strings.journey.adClicks, profile.identity.adClickIds.map(([k, x]) => `${k}=${x}`).join(' ')]);
  }
  rows.push(...fieldRows(p, width, top.filter(([, value]) => value !== null)));

  // The journey.
  const pages = profile?.activity.pages.length ?? 0;
  const goals = profile?.activity.goals.length ?? 0;
  rows.push([], heading(p, strings.journey.title, profile ? [strings.journey.pageviews(pages), goals ? `${goals} ${strings.journey.goal}${goals === 1 ? '' : 's'}` : ''].filter(Boolean).join(g.sep) : ''));
  const status = profileStatus(p, entry);
  if (status) rows.push(status);
  if (profile) rows.push(...journeyRows(p, width, profile, v, now));

  rows.push([], ...fieldRows(p, width, fields.filter(([, value]) => value !== null)));

  // The realtime score next to the profile's prediction.
  const c = v?.conversion ?? null;
  const prediction = profile?.prediction ?? null;
  if (c || prediction) {
    rows.push([], heading(p, strings.journey.prediction));
    const score: Field[] = [];
    if (c) {
      const low = (c.confidence ?? 0) < 0.5;
      const conf = c.confidence !== null ? ` (${f.confidence.toLowerCase()} ${c.confidence.toFixed(2)})` : '';
      score.push([`${f.score} ${strings.journey.realtime}`, c.score !== null ? `${Math.round(c.score)}${conf}` : null, low ? p.theme.faint : p.theme.accent]);
      if (low && c.confidence !== null) score.push(['', strings.detail.lowConfidence, p.theme.warn]);
      if (c.isBaseline !== null) score.push([f.baseline, c.isBaseline ? 'yes (no matching segment)' : 'no']);
      if (c.dimensionMatches.length) score.push([f.matches, c.dimensionMatches.join(', ')]);
      if (c.conversionRate !== null) score.push([f.rate, formatPercent(c.conversionRate, 2, p.ascii)]);
      if (c.averageValue !== null) score.push([f.average, formatMoney(c.averageValue, PREDICTION_CURRENCY, p.ascii)]);
      if (c.expectedValue !== null) score.push([f.expected, formatMoney(c.expectedValue, PREDICTION_CURRENCY, p.ascii)]);
    }
    if (prediction) {
      const parts = [
        prediction.conversionRate !== null ? `${formatPercent(prediction.conversionRate, 2, p.ascii)} ${f.rate.toLowerCase()}` : null,
        prediction.expectedValue !== null ? `${formatMoney(prediction.expectedValue, PREDICTION_CURRENCY, p.ascii)} ${f.expected.toLowerCase()}` : null,
        prediction.confidence !== null ? `${f.confidence.toLowerCase()} ${prediction.confidence.toFixed(2)}` : null,
      ].filter(Boolean);
      const low = (prediction.confidence ?? 0) < 0.5;
      score.push([`${f.score} ${strings.journey.predicted}`, `${prediction.score !== null ? Math.round(prediction.score) : g.none}${parts.length ? g.sep + parts.join(g.sep) : ''}`, low ? p.theme.faint : p.theme.accent]);
    }
    rows.push(...fieldRows(p, width, score));
  }

  // The identified profile: hidden whole in privacy mode.
  if (profile?.profile) {
    rows.push([], heading(p, strings.journey.profile));
    if (privacy) rows.push(line('   ' + strings.hidden, p.theme.faint));
    else {
      rows.push(
        ...fieldRows(p, width, [
          [strings.journey.userId, profile.profile.userId],
          [strings.journey.identifiedAt, profile.profile.identifiedAt ? formatWhen(profile.profile.identifiedAt, now, p.ascii) : null],
          ...profile.profile.metadata.map(([k, x]): [string, string] => [k, x]),
        ]),
      );
    }
  }

  return rows;
}

function titleFor(props: {painter: Painter; width: number; privacy: boolean}, title: string, name: string | null, position: DetailProps['position']): Run[] {
  const p = props.painter;
  const g = glyphs(p.ascii);
  const extra: Run[] = [];
  if (name && !props.privacy) extra.push({text: name, style: p.theme.fresh});
  if (position) extra.push({text: `${extra.length ? ' ' : ''}${position.index + 1}/${position.total}`, style: p.theme.accent});
  extra.push({text: `${extra.length ? g.sep.trimEnd() + ' ' : ''}${strings.detail.close}`, style: p.theme.faint});
  return titleRow(p.theme, props.width, null, title, extra, true, p.ascii);
}

/** Rows the body can show under the title; one more goes to "rows a-b of n" when it does not all fit. */
function frame(total: number, height: number): {visible: number; limit: number} {
  const room = Math.max(0, height - 1);
  if (total <= room) return {visible: room, limit: 0};
  const visible = Math.max(1, room - 1);
  return {visible, limit: Math.max(0, total - visible)};
}

/** How far the detail scrolls (UiContext.detailScrollLimit): 0 when it fits. */
export function detailScrollLimit(props: DetailProps): number {
  return frame(detailRows(props).length, props.height).limit;
}

function scrolled(p: Painter, title: Run[], rows: Row[], scroll: number, width: number, height: number): Lines {
  const {visible, limit} = frame(rows.length, height);
  if (limit === 0) return box([title, ...rows], width, height, p.ascii);
  const start = Math.max(0, Math.min(limit, scroll));
  const shown = rows.slice(start, start + visible);
  const g = glyphs(p.ascii);
  const more = `  ${strings.journey.scrolled(start + 1, start + shown.length, rows.length)}${g.sep}${start < limit ? `${g.down} j/k PgDn` : `${g.up} k PgUp`}`;
  return box([title, ...shown, line(more, p.theme.faint)], width, height, p.ascii);
}

export function detailView(props: DetailProps): Lines {
  const name = props.visitor?.name ?? null;
  return scrolled(props.painter, titleFor(props, strings.detail.title, name, props.position), detailRows(props), props.scroll, props.width, props.height);
}

export type PaymentDetailProps = {
  painter: Painter;
  width: number;
  height: number;
  scroll: number;
  privacy: boolean;
  payment: Payment | null;
  now: number;
  position?: {index: number; total: number} | null;
};

/** A payment's own detail rows, when its payer is not on the site. */
function paymentRows(props: PaymentDetailProps): Row[] {
  const {painter: p, payment: pay, privacy, now} = props;
  const s = strings.payment;
  const hide = (x: string | null) => (x && privacy ? strings.hidden : x);
  if (!pay) return [line('  ' + strings.detail.gone, p.theme.warn)];
  return [
    ...fieldRows(p, props.width, [
      [s.amount, formatMoney(pay.amount, pay.currency, p.ascii), p.theme.money],
      [s.when, pay.timestamp ? formatWhen(pay.timestamp, now, p.ascii) : null],
      [s.kind, pay.renewal ? s.renewal : pay.isNew ? s.new : s.other],
      [s.name, hide(pay.name)],
      [s.email, hide(pay.email)],
      ...(privacy ? [] : [[s.id, pay.id] as [string, string]]),
    ]),
    [],
    line('  ' + s.notOnSite, p.theme.faint),
  ];
}

export function paymentDetailView(props: PaymentDetailProps): Lines {
  const title = titleFor(props, strings.payment.title, props.payment?.name ?? null, props.position);
  return scrolled(props.painter, title, paymentRows(props), props.scroll, props.width, props.height);
}

export function paymentDetailScrollLimit(props: PaymentDetailProps): number {
  return frame(paymentRows(props).length, props.height).limit;
}
