import {useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState} from 'react';
import {useApp, useStdout} from 'ink';
import {DataFastError} from '../api/errors.js';
import type {ProfileStore} from '../api/profiles.js';
import {clampDelay} from '../api/retry.js';
import type {Site} from '../api/sites.js';
import type {Charset} from '../map/glyphs.js';
import {placeVisitors} from '../map/markers.js';
import {cellToLonLat} from '../map/render.js';
import type {ProjectionName} from '../map/projection.js';
import {zoomIn, zoomOut} from '../map/views.js';
import {newSinceLastPoll} from '../model/feed.js';
import {NOW_LIMIT} from '../model/now.js';
import {isActive} from '../model/filter.js';
import {profileGoalNames, type VisitorProfile} from '../model/profile.js';
import {sanitise} from '../model/sanitise.js';
import type {Feed} from '../model/types.js';
import type {ColorDepth, Run} from '../text/style.js';
import {Lines} from './components/Lines.js';
import {derive, followSelection, NOW_PANE_ROWS, openTargetAt, selectedPointFor, type Derived} from './derive.js';
import type {Clock} from './clock.js';
import type {InputEvent, InputSource, MouseEvent} from './events.js';
import {useNow} from './hooks/useNow.js';
import {usePolling} from './hooks/usePolling.js';
import {useTerminalSize, type SizedStream, type Size} from './hooks/useTerminalSize.js';
import {glyphs} from './glyphs.js';
import {actionFor, filterEditFor, type Action, type HintPlace, type KeyModes} from './keymap.js';
import {computeLayout, type Rect} from './layout.js';
import type {AlertSource, Notices, ReplayControls, SiteChooser, SnapshotSource} from './source.js';
import {initialUiState, PANES, reduce, type Intent, type ListPane, type UiContext, type UiState} from './state.js';
import {strings} from './strings.js';
import {workflowStrings} from './strings-workflow.js';
import {THEME, type Painter, type Theme} from './theme.js';
import {ALERT_HOLD_MS, alertLine, bannerExpiresAt, emptyBanner, showAlerts, type AlertBanner} from './views/alerts.js';
import {compose, type Block} from './views/compose.js';
import {describeError, headerView} from './views/header.js';
import {initialPicker, onCurrent, pickerFailed, pickerLoaded, pickerReduce, pickerRows, pickerView, type PickerState} from './views/picker.js';
import {recordedClock, replayBadge, type ReplayInfo} from './views/replay.js';
import {eventsView, keepInView, paymentsView, scoresView, visitorsView, type ListProps} from './views/lists.js';
import {mapView} from './views/map.js';
import {stripPaneAt, stripView} from './views/strip.js';
import {detailScrollLimit, detailView, paymentDetailScrollLimit, paymentDetailView, type DetailProps, type PaymentDetailProps} from './views/detail.js';
import {nowRowAt, nowRowsPerSection, nowView, type NowViewProps} from './views/now.js';
import {errorPanel, helpScrollLimit, helpView, hintView, tinyView} from './views/overlays.js';
import type {Lines as LineList} from './views/common.js';

/** Where finished frames go: the project's frame writer on a terminal. Without one, Ink draws them (tests). */
export type FrameSink = {render(rows: LineList, width: number, height: number): void; redraw(): void};

export type DashboardProps = {
  /** Where the snapshots come from: the live poller, a replay; null before a site is chosen (the picker). */
  poller: SnapshotSource | null;
  /** The site the poller's data belongs to (its website id): each site keeps its own events, payments, history. */
  siteKey?: string | null;
  site: string;
  depth: ColorDepth;
  charset: Charset;
  projection: ProjectionName;
  privacy: boolean;
  interactive: boolean;
  /** Keys, pastes and mouse reports; none means a screen that only shows. */
  input?: InputSource;
  /** The frame writer; when absent the frame is rendered through Ink (ink-testing-library, benchmarks). */
  output?: FrameSink;
  /** The size comes from here (a terminal stream); Ink's stdout otherwise. */
  sizeSource?: SizedStream;
  /** A resize is applied once the size has stopped changing for this long. */
  resizeSettleMs?: number;
  theme?: Theme;
  /** ASCII-only chrome: the terminal is not UTF-8, or draws East-Asian ambiguous characters two columns wide. */
  asciiChrome?: boolean;
  /** The terminal reports the mouse (profile.mouse): the help then says what a click and the wheel do. */
  mouse?: boolean;
  /** Used where the output stream does not know its size (tests, pipes). */
  fallbackSize?: Size;
  /** The header's clock; the wall clock unless a benchmark drives it (or a replay: the recorded clock). */
  clock?: Clock;
  /** Ctrl-Z: the terminal layer stops the process and restores the screen on `fg`. */
  onSuspend?: () => void;
  /** Visitor profiles (journeys) for the detail view; none where there is no profile endpoint (a replay). */
  profiles?: ProfileStore<VisitorProfile> | null;
  /** The filter to start with (--filter). */
  filter?: string;
  /** The site's currency, for amounts the API gives without one. */
  currency?: string | null;
  /** A replay: the REPLAY badge and the recorded clock in the header, the keys , . < > (no refresh). */
  replay?: ReplayControls | null;
  /** --alert rules: checked after each poll; what fires shows on the header's second row for a while. */
  alerts?: AlertSource | null;
  /** A dft_ account token: the site picker (at start-up when `poller` is null, and with `w`). */
  sites?: SiteChooser | null;
  /** Messages to show on the header's second row for a while (a failing --alert-command). */
  notices?: Notices | null;
};

/** The site picker over the body: its state is kept while closed, so `w` reopens it with its filter. */
type PickerUi = {open: boolean; canCancel: boolean; state: PickerState};

/** A message on the header's second row (Notices), shown as long as an alert. */
type Notice = {text: string; at: number};

const LIST_VIEWS = {visitors: visitorsView, scores: scoresView, events: eventsView, payments: paymentsView} as const;
const LIST_PANES = ['visitors', 'scores', 'events', 'payments', 'now'] as const;
const WHEEL_ROWS = 3;
const DOUBLE_CLICK_MS = 400;

const inside = (r: Rect | undefined, x: number, y: number): r is Rect => !!r && x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

export function Dashboard(props: DashboardProps) {
  const {exit} = useApp();
  const {replay, alerts, sites, notices} = props;
  const modes: KeyModes = useMemo(() => ({replay: !!replay, sites: !!sites}), [replay, sites]);
  // Alerts: each poll's feed goes through the rules; what fires is shown for ALERT_HOLD_MS.
  const [banner, setBanner] = useState<AlertBanner>(emptyBanner);
  const [notice, setNotice] = useState<Notice | null>(null);
  const bannerOptions = useRef({privacy: props.privacy, ascii: false});
  // The Now pane counts changes against the previous result (same filter, previous poll); a rewind forgets it.
  const previous = useRef<Derived | null>(null);
  const onRewind = useMemo(
    () =>
      replay
        ? (listener: () => void) =>
            replay.onRewind(() => {
              previous.current = null;
              alerts?.reset();
              listener();
            })
        : undefined,
    [replay, alerts],
  );
  const {feed, poll, history, key: feedKey} = usePolling(props.poller, {
    key: props.siteKey ?? null,
    currency: props.currency,
    onRewind,
    onFeed: (fresh: Feed) => {
      const fired = alerts?.observe(fresh) ?? [];
      if (fired.length) setBanner((b) => showAlerts(b, fired, Date.now(), bannerOptions.current));
    },
  });
  const {stdout} = useStdout();
  const size = useTerminalSize(props.sizeSource ?? stdout, props.fallbackSize ?? {columns: 100, rows: 30}, props.resizeSettleMs ?? 0);
  const [ui, setUi] = useState(() => initialUiState(props.charset, props.privacy, props.filter ?? ''));
  const theme = props.theme ?? THEME;
  // The chrome is ASCII when the terminal needs it, or when the map started in ASCII (TERM=linux, --charset ascii);
  // `c` cycles the map's glyphs only: on a UTF-8 terminal the rest of the screen keeps its lines and marks.
  const painter: Painter = useMemo(() => ({theme, depth: props.depth, ascii: props.charset === 'ascii' || props.asciiChrome === true}), [theme, props.depth, props.charset, props.asciiChrome]);
  bannerOptions.current = {privacy: ui.privacy, ascii: painter.ascii};
  const now = useNow(poll, props.clock);

  // Alerts held back by a rule's cooldown go out when due; a shown alert or notice goes away after a while.
  useEffect(() => {
    const at = Date.now();
    const times = [alerts?.nextDueAt() ?? null, bannerExpiresAt(banner, at), notice ? notice.at + ALERT_HOLD_MS : null].filter((t): t is number => t !== null);
    if (!times.length) return;
    const timer = setTimeout(() => {
      const t = Date.now();
      const due = alerts?.nextDueAt();
      const fired = alerts && due !== null && due !== undefined && due <= t ? alerts.flush() : [];
      setBanner((b) => showAlerts(b, fired, t, bannerOptions.current));
      setNotice((n) => (n && t - n.at >= ALERT_HOLD_MS ? null : n));
    }, Math.max(50, clampDelay(Math.min(...times) - at + 5, ALERT_HOLD_MS)));
    return () => clearTimeout(timer);
  }, [alerts, banner, notice, feed]);
  useEffect(() => notices?.subscribe((text) => setNotice({text, at: Date.now()})), [notices]);

  // A replay: where it stands (badge, recorded clock, poll n of total), redrawn as its clock moves.
  const [replayInfo, setReplayInfo] = useState<ReplayInfo | null>(() => replay?.info() ?? null);
  useEffect(() => {
    if (!replay) return;
    const offInfo = replay.onInfo((info) => setReplayInfo(info));
    const offTick = replay.clock.subscribe(() => {
      const info = replay.info();
      setReplayInfo((before) => (before && recordedClock(before.recordedAt) === recordedClock(info.recordedAt) ? before : info));
    });
    setReplayInfo(replay.info());
    return () => {
      offInfo();
      offTick();
    };
  }, [replay]);

  // The site picker (a dft_ account token): open at start-up while there is no site, and with `w`.
  const [picker, setPickerState] = useState<PickerUi>(() => ({open: props.poller === null && !!sites, canCancel: false, state: initialPicker()}));
  const pickerRef = useRef(picker);
  const setPicker = (next: PickerUi) => {
    pickerRef.current = next;
    setPickerState(next);
  };
  const loadingSites = useRef(false);
  const siteKey = props.siteKey ?? null;
  useEffect(() => {
    if (!sites || !picker.open || picker.state.sites !== null || picker.state.error !== null || loadingSites.current) return;
    loadingSites.current = true;
    sites.load().then(
      (list) => {
        loadingSites.current = false;
        const p = pickerRef.current;
        setPicker({...p, state: pickerLoaded(p.state, list, siteKey)});
      },
      (error: unknown) => {
        loadingSites.current = false;
        const p = pickerRef.current;
        setPicker({...p, state: pickerFailed(p.state, error instanceof DataFastError ? describeError(error) : sanitise(String((error as Error)?.message ?? error)))});
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a (re)opened picker without a list is the trigger
  }, [sites, picker.open, picker.state.sites, picker.state.error]);

  // Profiles: a change in the store (a journey loaded) redraws; goal names from loaded journeys feed `goal:`.
  const {profiles} = props;
  const [profileVersion, profilesChanged] = useReducer((n: number) => n + 1, 0);
  useEffect(() => (profiles ? profiles.subscribe(profilesChanged) : undefined), [profiles]);
  useEffect(() => (profiles && props.poller ? props.poller.onState(() => profiles.pump()) : undefined), [profiles, props.poller]);
  useEffect(() => () => profiles?.dispose(), [profiles]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- profileVersion is the store's change counter
  const profileGoals = useMemo(() => (profiles ? profileGoalNames(profiles.loaded()) : undefined), [profiles, profileVersion]);

  const layout = useMemo(() => computeLayout(size.columns, size.rows, {expanded: ui.expanded ? ui.focus : null}), [size, ui.expanded, ui.focus]);
  // A focused list that has no place of its own (a short side pane, a strip along a tmux window) takes the
  // place of the last list shown; the strip then names the one it displaced.
  const {rects, hidden, displaced} = useMemo(() => {
    const panes = {...layout.panes};
    let hiddenPanes = layout.hidden;
    let moved: ListPane | null = null;
    if (ui.focus !== 'map' && !panes[ui.focus]) {
      const displaced = [...LIST_PANES].reverse().find((p) => panes[p]);
      if (displaced) {
        panes[ui.focus] = panes[displaced];
        delete panes[displaced];
        hiddenPanes = [...hiddenPanes.filter((p) => p !== ui.focus), displaced];
        moved = displaced;
      }
    }
    return {rects: panes, hidden: hiddenPanes, displaced: moved};
  }, [layout, ui.focus]);
  // Without a strip (the wide and standard layouts), the Now pane's title names the pane it stands in for.
  const nowInsteadOf = useMemo(
    () => (displaced && !layout.strip && ui.focus === 'now' ? {key: String(PANES.indexOf(displaced) + 1), name: strings.paneShort[displaced]} : null),
    [displaced, layout.strip, ui.focus],
  );

  // The Now pane's stats are worked out only while the pane is on screen (at 10,000 visitors they cost a pass over
  // every visitor per poll); when it comes back, its first poll shows counts, as a first poll does.
  const nowShown = rects.now !== undefined;
  // Another site's feed (the picker): its Now pane is not counted against the previous site's.
  const derivedFor = useRef(feedKey);
  if (derivedFor.current !== feedKey) {
    derivedFor.current = feedKey;
    previous.current = null;
  }
  // A tall Now pane (expanded, or a tall place of its own) lists as many rows of each section as it shows.
  const nowPerSection = rects.now ? Math.min(NOW_LIMIT, nowRowsPerSection(rects.now.width, rects.now.height)) : NOW_PANE_ROWS;
  const derived = useMemo(
    () => derive(feed, ui.sort, ui.filter, {goalsOnly: ui.goalsOnly, previous: previous.current, profileGoals, now: nowShown, nowPerSection}),
    [feed, ui.sort, ui.filter, ui.goalsOnly, profileGoals, nowShown, nowPerSection],
  );
  previous.current = derived;
  // A new poll keeps each list's selection on its row (the same visitor), not on its position: adjusted during
  // render, so no frame ever shows the cursor on a row the user did not choose.
  // (A ref, not state: most polls move no selection and must not cost a second render.)
  const followed = useRef(derived);
  if (followed.current !== derived) {
    const before = followed.current;
    followed.current = derived;
    // Also when the Now pane's rows per section change (expanded, resized): the cursor stays on its row.
    if (before.polls !== derived.polls || before.nowPerSection !== derived.nowPerSection) {
      const next = followSelection(ui, before, derived);
      if (next !== ui) setUi(next);
    }
  }
  // The map shows the filtered visitors.
  const placements = useMemo(() => (feed ? placeVisitors(derived.visitors, newSinceLastPoll(feed).visitors) : undefined), [feed, derived.visitors]);

  const mapRect = rects.map;
  const mapFocused = ui.focus === 'map';
  const overlay = ui.help || ui.detail !== null;
  const mapLines = useMemo(
    () =>
      mapRect && !overlay
        ? mapView({painter, feed, derived, placements, width: mapRect.width, height: mapRect.height, charset: ui.charset, projection: props.projection, view: ui.view, focused: mapFocused, titled: true})
        : null,
    [mapRect, overlay, painter, feed, derived, placements, ui.charset, props.projection, ui.view, mapFocused],
  );

  const nowProps = (rect: Rect): NowViewProps => ({painter, feed, derived, width: rect.width, height: rect.height, focused: ui.focus === 'now', cursor: ui.cursor.now, insteadOf: nowInsteadOf});
  // Where each list's visible rows start: kept between frames so a list scrolls only to keep its cursor in view
  // (a click never moves the row it hit), and read by the mouse to know which row is under the pointer.
  const offsets = useRef<Partial<Record<ListPane, number>>>({});
  // Each list's visible rows at the last frame it was on screen (0: not shown): a pane that grows scrolls back up.
  const shownRows = useRef<Partial<Record<ListPane, number>>>({});
  // Each pane's rows are made again only when what that pane shows changed: a key that moves one list's cursor
  // (or the focus) costs that list, not all five.
  const paneCache = useRef<Partial<Record<ListPane, {inputs: unknown[]; lines: LineList}>>>({});
  const listLines = useMemo(() => {
    const out: Partial<Record<ListPane, LineList>> = {};
    const cached = (pane: ListPane, inputs: unknown[], make: () => LineList): LineList => {
      const before = paneCache.current[pane];
      if (before && before.inputs.length === inputs.length && before.inputs.every((x, i) => x === inputs[i])) return before.lines;
      const lines = make();
      paneCache.current[pane] = {inputs, lines};
      return lines;
    };
    for (const pane of LIST_PANES) {
      const rect = rects[pane];
      if (!rect) {
        shownRows.current[pane] = 0;
        continue;
      }
      if (pane === 'now') {
        out.now = cached('now', [rect, painter, feed, derived, ui.focus === 'now', ui.cursor.now, nowInsteadOf], () => nowView(nowProps(rect)));
        continue;
      }
      const length = pane === 'scores' && feed && !feed.hasConversionPredictions ? 0 : ({visitors: derived.visitors, scores: derived.scores, events: derived.events, payments: derived.payments} as const)[pane].length;
      const offset = keepInView(offsets.current[pane] ?? 0, Math.min(ui.cursor[pane], Math.max(0, length - 1)), length, rect.height - 2, shownRows.current[pane] ?? 0);
      offsets.current[pane] = offset;
      shownRows.current[pane] = rect.height - 2;
      const listProps: ListProps = {
        painter, feed, derived, width: rect.width, height: rect.height, focused: ui.focus === pane, cursor: ui.cursor[pane], privacy: ui.privacy, sort: ui.sort, filter: ui.filter,
        currency: props.currency ?? null, offset,
      };
      out[pane] = cached(pane, [rect, painter, feed, derived, listProps.focused, listProps.cursor, ui.privacy, ui.sort, ui.filter, listProps.currency, offset], () => LIST_VIEWS[pane](listProps));
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- nowProps reads the same values listed here
  }, [rects, painter, feed, derived, ui.focus, ui.cursor, ui.privacy, ui.sort, ui.filter, props.currency, nowInsteadOf]);

  const headerLines = useMemo(() => {
    const width = layout.header.width;
    const t = painter.theme;
    const noticeLine: Run[] | null = notice ? [{text: '! ', style: t.bad}, {text: sanitise(notice.text), style: t.warn}] : null;
    const sep = glyphs(painter.ascii).sep;
    const noSite = props.poller === null;
    return headerView({
      privacy: ui.privacy, painter, site: props.site, feed, poll, history, revenue: derived.revenue, now, width, height: layout.header.height, filterEditing: ui.editingFilter,
      filter: ui.filter, filterCursor: ui.filterCursor, match: isActive(derived.filter) ? {shown: derived.visitors.length, total: derived.totalVisitors} : null,
      badge: replayInfo ? replayBadge(painter, replayInfo) : null,
      status: replayInfo
        ? [{text: recordedClock(replayInfo.recordedAt), style: t.fresh}, {text: sep + workflowStrings.replay.poll(replayInfo.index, replayInfo.total), style: t.dim}]
        : noSite
          ? [{text: workflowStrings.picker.noSite, style: t.dim}]
          : null,
      banner: alertLine(painter, banner, Date.now(), width) ?? noticeLine,
    });
  }, [painter, props.site, props.poller, feed, poll, history, derived, now, layout.header, ui.editingFilter, ui.filter, ui.filterCursor, ui.privacy, replayInfo, banner, notice]);
  const stopped = poll.state === 'failed' && poll.lastError !== null;
  const place: HintPlace = ui.editingFilter ? 'filter' : ui.help ? 'help' : ui.detail ? 'detail' : stopped ? 'stopped' : ui.focus;
  const hintLines = useMemo(() => hintView(painter, layout.hint.width, place, modes), [painter, layout.hint.width, place, modes]);

  // The detail: a visitor's journey, or a payment whose payer is not on the site.
  const body = layout.body;
  const detailProps = useMemo((): {kind: 'visitor'; props: DetailProps} | {kind: 'payment'; props: PaymentDetailProps} | null => {
    if (!ui.detail) return null;
    const base = {painter, width: body.width, height: body.height, scroll: ui.detailScroll, privacy: ui.privacy};
    if (ui.detailKind === 'payment') {
      const payment = feed?.payments.find((x) => x.id === ui.detail) ?? null;
      return {kind: 'payment', props: {...base, payment, now: feed ? Date.parse(feed.fetchedAt) : Date.now()} as PaymentDetailProps};
    }
    const from = ui.detailFrom;
    const total = from ? ({visitors: derived.visitors.length, scores: derived.scores.length, events: derived.events.length, payments: derived.payments.length, now: derived.nowRows.length} as const)[from] : 0;
    return {
      kind: 'visitor',
      props: {
        ...base, visitorId: ui.detail, visitor: feed?.visitors.find((v) => v.id === ui.detail) ?? null, profile: profiles ? profiles.get(ui.detail) : null,
        now: feed ? Date.parse(feed.fetchedAt) : Date.now(), position: from && total ? {index: ui.cursor[from], total} : null,
      },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- profileVersion: the store changed
  }, [ui.detail, ui.detailKind, ui.detailScroll, ui.privacy, ui.detailFrom, ui.cursor, painter, body.width, body.height, feed, derived, profiles, profileVersion]);
  // Whenever the detail shows a visitor (opened, stepped to, or a new poll while open), ask for the journey.
  const wantedUrl = detailProps?.kind === 'visitor' ? detailProps.props.visitor?.url ?? null : null;
  useEffect(() => {
    if (profiles && ui.detail && ui.detailKind === 'visitor') profiles.want(ui.detail, wantedUrl);
  }, [profiles, ui.detail, ui.detailKind, wantedUrl, feed]);

  // The picker covers everything below the header (its own key hint is its last row).
  const pickerRect: Rect = useMemo(() => ({x: 0, y: layout.body.y, width: layout.width, height: Math.max(0, layout.height - layout.body.y)}), [layout]);
  const pickerLines = useMemo(
    () => (picker.open ? pickerView({painter, state: picker.state, width: pickerRect.width, height: pickerRect.height, currentId: siteKey, canCancel: picker.canCancel}) : null),
    [picker, painter, pickerRect, siteKey],
  );

  const frame = useMemo(() => {
    const blocks: Block[] = [{rect: layout.header, lines: headerLines}];
    if (pickerLines) {
      blocks.push({rect: pickerRect, lines: pickerLines});
    } else if (layout.kind === 'tiny' && !ui.help && !detailProps) {
      blocks.push({rect: layout.body, lines: tinyView(painter, feed, layout.body.width, layout.body.height, size.columns, size.rows)});
    } else {
      // Too small for the dashboard, the help and a detail (which need no map) still show, without the hint row.
      if (layout.hint.height) blocks.push({rect: layout.hint, lines: hintLines});
      if (ui.help) blocks.push({rect: layout.body, lines: helpView(painter, layout.body.width, layout.body.height, ui.helpScroll, props.mouse === true, modes)});
      else if (detailProps) {
        blocks.push({rect: layout.body, lines: detailProps.kind === 'payment' ? paymentDetailView(detailProps.props) : detailView(detailProps.props)});
      } else if (poll.state === 'failed' && poll.lastError) {
        blocks.push({rect: layout.body, lines: errorPanel(painter, poll.lastError, layout.body.width, layout.body.height)});
      } else {
        if (mapRect && mapLines) blocks.push({rect: mapRect, lines: mapLines});
        for (const pane of LIST_PANES) {
          const rect = rects[pane];
          const lines = listLines[pane];
          if (rect && lines) blocks.push({rect, lines});
        }
        if (layout.strip && hidden.length) blocks.push({rect: layout.strip, lines: stripView(painter, layout.strip.width, hidden)});
      }
    }
    return compose(layout, blocks, painter);
  }, [layout, headerLines, hintLines, painter, feed, size, ui.help, ui.helpScroll, props.mouse, modes, detailProps, poll.state, poll.lastError, mapRect, mapLines, rects, listLines, hidden, pickerLines, pickerRect]);

  const helpLimit = useMemo(() => helpScrollLimit(layout.body.width, layout.body.height, painter.ascii, props.mouse === true, modes), [layout.body.width, layout.body.height, painter.ascii, props.mouse, modes]);
  const detailLimit = useMemo(() => (!detailProps ? 0 : detailProps.kind === 'payment' ? paymentDetailScrollLimit(detailProps.props) : detailScrollLimit(detailProps.props)), [detailProps]);

  // The reducer's view of the lists, for a given state: input is decided on the state the previous event
  // left, not on the last render's, since a fast typist, a paste or a held key can deliver the next event
  // before React has rendered the last one ("jjj" then Enter opens the third visitor down).
  const contextFor = (state: UiState): UiContext => {
    const focusedRect = state.focus === 'map' ? null : rects[state.focus];
    return {
      lengths: {visitors: derived.visitors.length, scores: feed?.hasConversionPredictions === false ? 0 : derived.scores.length, events: derived.events.length, payments: derived.payments.length, now: derived.nowRows.length},
      pageSize: Math.max(1, (state.detail ? layout.body.height - 2 : (focusedRect?.height ?? 10) - 3)),
      selectedVisitor: state.focus === 'visitors' ? derived.visitors[state.cursor.visitors]?.id ?? null : state.focus === 'scores' ? derived.scores[state.cursor.scores]?.id ?? null : null,
      targetAt: (pane, index) => openTargetAt(derived, feed, pane, index),
      helpScrollLimit: helpLimit,
      detailScrollLimit: detailLimit,
      selectedPoint: () => selectedPointFor(state, derived, feed),
      points: () => (placements ? Array.from({length: placements.length}, (_, i) => [placements.lon[i], placements.lat[i]] as [number, number]) : []),
    };
  };
  const latest = useRef({ui, contextFor, rects, mapRect, nowProps, pickerPage: pickerRows(pickerRect.height), siteKey, strip: layout.strip, hidden, painter});
  latest.current.strip = layout.strip;
  latest.current.hidden = hidden;
  latest.current.painter = painter;
  latest.current.contextFor = contextFor;
  latest.current.rects = rects;
  latest.current.mapRect = mapRect;
  latest.current.nowProps = nowProps;
  latest.current.pickerPage = pickerRows(pickerRect.height);
  latest.current.siteKey = siteKey;
  const lastClick = useRef({at: 0, x: -1, y: -1});

  const output = props.output;
  const sinkFrame = useRef({frame, width: layout.width, height: layout.height});
  useLayoutEffect(() => {
    sinkFrame.current = {frame, width: layout.width, height: layout.height};
    output?.render(frame, layout.width, layout.height);
  }, [output, frame, layout.width, layout.height]);

  const {poller, onSuspend, input, interactive, projection} = props;
  useEffect(() => {
    if (!input || !interactive) return;
    const update = (next: UiState) => {
      if (next === latest.current.ui) return;
      latest.current.ui = next;
      setUi(next);
    };
    const dispatch = (intent: Intent) => update(reduce(latest.current.ui, intent, latest.current.contextFor(latest.current.ui)));

    // The picker takes every key but Ctrl-C, Ctrl-L and Ctrl-Z: letters go to its filter.
    const onPickerKey = (name: string | null, text: string) => {
      const open = pickerRef.current;
      const result = pickerReduce(open.state, name, text, latest.current.pickerPage, latest.current.siteKey);
      if (result.chosen) {
        const site: Site = result.chosen;
        setPicker({open: false, canCancel: true, state: result.state});
        if (site.id === latest.current.siteKey && poller) return;
        // Another site: the same layout, focus and filter; its own lists, so no detail and the cursors at the top.
        const ui = latest.current.ui;
        const cursor = Object.fromEntries(Object.keys(ui.cursor).map((pane) => [pane, 0])) as UiState['cursor'];
        update({...ui, detail: null, detailFrom: null, detailScroll: 0, help: false, cursor});
        setBanner(emptyBanner);
        sites?.choose(site);
        return;
      }
      if (result.cancelled) {
        if (!open.canCancel) return exit();
        return setPicker({...open, open: false, state: result.state});
      }
      setPicker({...open, state: result.state});
    };

    const onKey = (name: string) => {
      const current = latest.current.ui;
      if (name === 'ctrl+l') return output?.redraw();
      if (pickerRef.current.open) {
        if (name === 'ctrl+c') return exit();
        if (name === 'ctrl+z') return onSuspend?.();
        return onPickerKey(name, name === 'space' ? ' ' : [...name].length === 1 ? name : '');
      }
      if (current.editingFilter) {
        if (name === 'ctrl+c') return exit();
        const edit = filterEditFor(name);
        if (edit) return dispatch({type: 'filterEdit', edit});
        if (name === 'space') return dispatch({type: 'filterInput', text: ' '});
        if ([...name].length === 1) return dispatch({type: 'filterInput', text: name});
        return;
      }
      // A key that came with an Escape in one read (Esc then 4, typed fast over SSH) is both keys: dftop binds
      // nothing to Alt.
      if (name.startsWith('meta+')) {
        onKey('escape');
        return onKey(name.slice('meta+'.length));
      }
      // While the help or a detail is open the list keys scroll it, whichever pane has the focus.
      const action = actionFor(name, current.focus === 'map' && !current.help && !current.detail, modes);
      if (!action) {
        // A key bound only in another mode (w without an account token) says why it does nothing.
        if (!modes.sites && actionFor(name, false, {...modes, sites: true}) === 'sites') setNotice({text: workflowStrings.picker.needsToken, at: Date.now()});
        return;
      }
      // Behind the panel of a final error the lists are not shown: nothing there to open.
      if (action === 'open' && poller?.current.state === 'failed' && !current.detail && !current.help) return;
      if (action === 'quit') return exit();
      if (action === 'suspend') return onSuspend?.();
      if (action === 'pause') return poller && (poller.current.state === 'paused' ? poller.resume() : poller.pause());
      if (action === 'refresh') return poller?.refresh();
      if (action === 'stepBack') return replay?.stepBack();
      if (action === 'stepForward') return replay?.stepForward();
      if (action === 'slower') return replay?.slower();
      if (action === 'faster') return replay?.faster();
      if (action === 'sites') {
        const closed = pickerRef.current;
        // A list that failed to load is asked for again.
        // Opened again: its filter kept, the cursor on the site being watched.
        const state = closed.state.error ? {...closed.state, error: null, sites: null} : onCurrent(closed.state, latest.current.siteKey);
        return setPicker({open: true, canCancel: poller !== null, state});
      }
      dispatch({type: 'action', action});
    };

    const onMouse = (event: MouseEvent) => {
      const {ui: current, rects: panes, mapRect: map} = latest.current;
      if (pickerRef.current.open) {
        if (event.action === 'wheelUp') onPickerKey('up', '');
        else if (event.action === 'wheelDown') onPickerKey('down', '');
        return;
      }
      if (current.help || current.detail || current.editingFilter) {
        if (event.action === 'wheelUp') onKey('up');
        else if (event.action === 'wheelDown') onKey('down');
        return;
      }
      const {x, y} = event;
      const strip = latest.current.strip;
      if (strip && inside(strip, x, y)) {
        // A name on the strip focuses that pane, as its number key does.
        const pane = event.action === 'press' && event.button === 'left' ? stripPaneAt(latest.current.painter, strip.width, latest.current.hidden, x - strip.x) : null;
        if (pane) dispatch({type: 'action', action: `focus${PANES.indexOf(pane) + 1}` as Action});
        return;
      }
      if (inside(map, x, y)) {
        const mapState = current.focus === 'map' ? current : {...current, focus: 'map' as const};
        // The first row is the pane's title; the map's cells start below it.
        const legendRows = map.height - 1 >= 20 ? 2 : 1;
        const lonLat = cellToLonLat(map.width, map.height - 1 - legendRows, current.charset, projection, current.view, x - map.x, y - map.y - 1);
        if (event.action === 'wheelUp' || (event.action === 'press' && event.button === 'left' && lonLat)) {
          return update({...mapState, view: zoomIn(current.view, lonLat ?? current.view.center)});
        }
        if (event.action === 'wheelDown') return update({...mapState, view: zoomOut(current.view)});
        if (event.action === 'press') return update(mapState);
        return;
      }
      for (const pane of LIST_PANES) {
        const rect = panes[pane];
        if (!inside(rect, x, y)) continue;
        const focused = current.focus === pane ? current : {...current, focus: pane};
        const length = latest.current.contextFor(current).lengths[pane];
        if (pane === 'now' && event.action === 'press' && event.button === 'left') {
          const index = nowRowAt(latest.current.nowProps(rect), x - rect.x, y - rect.y);
          if (index === null) return update(focused);
          const again = current.focus === 'now' && current.cursor.now === index;
          update({...focused, cursor: {...focused.cursor, now: index}});
          if (again) onKey('enter');
          return;
        }
        if (event.action === 'wheelUp' || event.action === 'wheelDown') {
          const step = event.action === 'wheelUp' ? -WHEEL_ROWS : WHEEL_ROWS;
          const cursor = Math.max(0, Math.min(Math.max(0, length - 1), focused.cursor[pane] + step));
          return update({...focused, cursor: {...focused.cursor, [pane]: cursor}});
        }
        if (event.action !== 'press' || event.button !== 'left') return;
        // Rows start under the pane's title and column headings.
        const visible = rect.height - 2;
        const row = y - rect.y - 2;
        if (row < 0 || length === 0) return update(focused);
        const index = (offsets.current[pane] ?? 0) + row;
        if (row >= visible) return update(focused);
        if (index >= length) return update(focused);
        const click = lastClick.current;
        const again = current.focus === pane && current.cursor[pane] === index;
        const double = Date.now() - click.at < DOUBLE_CLICK_MS && click.x === x && click.y === y;
        lastClick.current = {at: Date.now(), x, y};
        const selected = {...focused, cursor: {...focused.cursor, [pane]: index}};
        update(selected);
        if (again || double) onKey('enter');
        return;
      }
    };

    const onEvent = (event: InputEvent) => {
      if (event.type === 'key') return onKey(event.name);
      if (event.type === 'paste') return pickerRef.current.open ? onPickerKey(null, event.text) : dispatch({type: 'paste', text: event.text});
      return onMouse(event);
    };
    return input.subscribe(onEvent);
  }, [input, interactive, output, poller, onSuspend, exit, projection, modes, replay, sites]);

  latest.current.ui = ui;
  return output ? null : <Lines lines={frame} depth={props.depth} />;
}
