import {useCallback, useMemo, useRef, useState} from 'react';
import {Box, useApp, useInput, useStdout} from 'ink';
import type {Poller} from '../api/poller.js';
import type {Charset} from '../map/glyphs.js';
import {placeVisitors} from '../map/markers.js';
import type {ProjectionName} from '../map/projection.js';
import type {Feed, Snapshot} from '../model/types.js';
import type {ColorDepth} from '../text/style.js';
import {Lines} from './components/Lines.js';
import {derive} from './derive.js';
import {Header} from './components/Header.js';
import type {Clock} from './clock.js';
import {usePolling} from './hooks/usePolling.js';
import {useTerminalSize, type Size} from './hooks/useTerminalSize.js';
import {actionFor, keyName, type InkKey} from './keymap.js';
import {computeLayout, type Rect} from './layout.js';
import {initialUiState, reduce, type Intent, type ListPane, type UiContext} from './state.js';
import {THEME, type Painter} from './theme.js';
import {compose, type Block} from './views/compose.js';
import {eventsView, paymentsView, scoresView, visitorsView, type ListProps} from './views/lists.js';
import {mapView} from './views/map.js';
import {detailView, errorPanel, helpScrollLimit, helpView, hintView, tinyView} from './views/overlays.js';

export type DashboardProps = {
  poller: Poller<Snapshot>;
  site: string;
  depth: ColorDepth;
  charset: Charset;
  projection: ProjectionName;
  privacy: boolean;
  bell: boolean;
  interactive: boolean;
  /** Used where the output stream does not know its size (tests, pipes). */
  fallbackSize?: Size;
  /** Written straight to the terminal (the bell); Ink owns everything else. */
  writeRaw?: (text: string) => void;
  /** The header's clock; the wall clock unless a benchmark drives it. */
  clock?: Clock;
  /** Ctrl-Z: the terminal layer stops the process and restores the screen on `fg`. */
  onSuspend?: () => void;
};

const LIST_VIEWS = {visitors: visitorsView, scores: scoresView, events: eventsView, payments: paymentsView} as const;

export function Dashboard(props: DashboardProps) {
  const {exit} = useApp();
  const onFeed = useCallback(
    (feed: Feed) => {
      if (props.bell && feed.polls > 1 && feed.fresh.payments.size > 0) props.writeRaw?.('\x07');
    },
    [props.bell, props.writeRaw],
  );
  const {feed, poll, history} = usePolling(props.poller, onFeed);
  const {stdout} = useStdout();
  const size = useTerminalSize(stdout, props.fallbackSize ?? {columns: 100, rows: 30});
  const [ui, setUi] = useState(() => initialUiState(props.charset, props.privacy));
  const painter: Painter = useMemo(() => ({theme: THEME, depth: props.depth, ascii: ui.charset === 'ascii'}), [props.depth, ui.charset]);

  const derived = useMemo(() => derive(feed, ui.sort, ui.filter), [feed, ui.sort, ui.filter]);
  const placements = useMemo(() => (feed ? placeVisitors(feed.visitors, feed.fresh.visitors) : undefined), [feed]);
  const layout = useMemo(() => computeLayout(size.columns, size.rows, {expanded: ui.expanded ? ui.focus : null}), [size, ui.expanded, ui.focus]);

  const rects = useMemo(() => {
    const panes = {...layout.panes};
    // In a short side pane only one list fits: it shows the focused one.
    if (ui.focus !== 'map' && !panes[ui.focus] && panes.visitors) {
      panes[ui.focus] = panes.visitors;
      delete panes.visitors;
    }
    return panes;
  }, [layout, ui.focus]);

  const listProps = (pane: ListPane, rect: Rect): ListProps => ({
    painter, feed, derived, width: rect.width, height: rect.height, focused: ui.focus === pane, cursor: ui.cursor[pane], privacy: ui.privacy, sort: ui.sort, filter: ui.filter,
  });

  const mapRect = rects.map;
  const mapLines = useMemo(
    () =>
      mapRect && !ui.help && !ui.detail
        ? mapView({painter, feed, derived, placements, width: mapRect.width, height: mapRect.height, charset: ui.charset, projection: props.projection, view: ui.view, focused: ui.focus === 'map', titled: true})
        : null,
    [mapRect?.width, mapRect?.height, painter, feed, derived, placements, ui.charset, props.projection, ui.view, ui.focus === 'map', ui.help, ui.detail],
  );

  const listLines = useMemo(() => {
    const out: Partial<Record<ListPane, ReturnType<typeof visitorsView>>> = {};
    for (const pane of ['visitors', 'scores', 'events', 'payments'] as const) {
      const rect = rects[pane];
      if (rect) out[pane] = LIST_VIEWS[pane](listProps(pane, rect));
    }
    return out;
  }, [rects, painter, feed, derived, ui.focus, ui.cursor, ui.privacy, ui.sort, ui.filter]);

  const blocks: Block[] = [];
  if (layout.kind === 'tiny') {
    blocks.push({rect: layout.body, lines: tinyView(painter, feed, layout.body.width, layout.body.height, size.columns, size.rows)});
  } else {
    blocks.push({rect: layout.hint, lines: hintView(painter, layout.hint.width)});
    if (ui.help) blocks.push({rect: layout.body, lines: helpView(painter, layout.body.width, layout.body.height, ui.helpScroll)});
    else if (ui.detail) {
      const visitor = feed?.visitors.find((v) => v.id === ui.detail) ?? null;
      blocks.push({rect: layout.body, lines: detailView(painter, visitor, ui.privacy, layout.body.width, layout.body.height)});
    } else if (poll.state === 'failed' && poll.lastError) {
      blocks.push({rect: layout.body, lines: errorPanel(painter, poll.lastError, layout.body.width, layout.body.height)});
    } else {
      if (mapRect && mapLines) blocks.push({rect: mapRect, lines: mapLines});
      for (const pane of ['visitors', 'scores', 'events', 'payments'] as const) {
        const rect = rects[pane];
        const lines = listLines[pane];
        if (rect && lines) blocks.push({rect, lines});
      }
    }
  }
  // The header is drawn apart (it owns the ticking clock); the body starts below it.
  const body = compose(layout, blocks, painter).slice(layout.header.height);

  const helpLimit = useMemo(() => helpScrollLimit(layout.body.width, layout.body.height), [layout.body.width, layout.body.height]);

  // The reducer's view of the lists, read at key time.
  const ctxRef = useRef<UiContext | null>(null);
  const focusedRect = ui.focus === 'map' ? null : rects[ui.focus];
  ctxRef.current = {
    lengths: {visitors: derived.visitors.length, scores: feed?.hasConversionPredictions === false ? 0 : derived.scores.length, events: derived.events.length, payments: derived.payments.length},
    pageSize: Math.max(1, (focusedRect?.height ?? 10) - 3),
    selectedVisitor: ui.focus === 'visitors' ? derived.visitors[ui.cursor.visitors]?.id ?? null : ui.focus === 'scores' ? derived.scores[ui.cursor.scores]?.id ?? null : null,
    helpScrollLimit: helpLimit,
    points: () => (placements ? Array.from({length: placements.length}, (_, i) => [placements.lon[i], placements.lat[i]] as [number, number]) : []),
  };

  // Keys are decided on the state the previous key left, not on the last render's: a fast typist (or a
  // paste) can send the next key before React has rendered the last one.
  const uiRef = useRef(ui);
  const update = (next: typeof ui) => {
    uiRef.current = next;
    setUi(next);
  };
  const dispatch = (intent: Intent) => update(reduce(uiRef.current, intent, ctxRef.current!));

  useInput(
    (input, key) => {
      const current = uiRef.current;
      const name = keyName(input, key as InkKey);
      if (current.editingFilter) {
        if (name === 'enter') return update({...current, editingFilter: false});
        if (name === 'escape') return dispatch({type: 'action', action: 'back'});
        if (name === 'backspace') return dispatch({type: 'filterBackspace'});
        if (name === 'ctrl+c') return exit();
        if (input && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input)) return dispatch({type: 'filterInput', text: input});
        return;
      }
      if (name === null) return;
      // While the help is open the list keys scroll it, whichever pane has the focus.
      const action = actionFor(name, current.focus === 'map' && !current.help);
      if (!action) return;
      if (action === 'quit') return exit();
      if (action === 'suspend') return props.onSuspend?.();
      if (action === 'pause') return props.poller.current.state === 'paused' ? props.poller.resume() : props.poller.pause();
      if (action === 'refresh') return props.poller.refresh();
      dispatch({type: 'action', action});
    },
    {isActive: props.interactive},
  );

  return (
    <Box flexDirection="column">
      <Header
        painter={painter} site={props.site} feed={feed} poll={poll} history={history} revenue={derived.revenue} width={layout.header.width}
        height={layout.header.height} filterEditing={ui.editingFilter} filter={ui.filter} clock={props.clock} depth={props.depth}
      />
      <Lines lines={body} depth={props.depth} />
    </Box>
  );
}

