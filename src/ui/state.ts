import type {Charset} from '../map/glyphs.js';
import {fitTo, MAX_ZOOM, pan, reset, zoomIn, zoomOut, WORLD_VIEW, type View} from '../map/views.js';
import {addTerm} from '../model/filter.js';
import type {Action, FilterEdit} from './keymap.js';

export const PANES = ['map', 'visitors', 'scores', 'events', 'payments', 'now'] as const;
export type PaneId = (typeof PANES)[number];
export type ListPane = Exclude<PaneId, 'map'>;

export const SORTS = ['newest', 'score', 'country'] as const;
export type Sort = (typeof SORTS)[number];

export const CHARSET_CYCLE: readonly Charset[] = ['braille', 'block', 'ascii'];

/** The longest filter expression kept (a paste is cut here). */
export const FILTER_MAX = 200;

/** What Enter opens on a row: a visitor's detail, a payment's own detail, or (the Now pane) a filter term. */
export type OpenTarget = {kind: 'visitor'; id: string} | {kind: 'payment'; id: string} | {kind: 'filter'; term: string};

export type UiState = {
  focus: PaneId;
  /** Selected row per list. */
  cursor: Record<ListPane, number>;
  sort: Sort;
  filter: string;
  /** Caret position in `filter` while it is typed (0..filter.length). */
  filterCursor: number;
  editingFilter: boolean;
  /** Id shown in the detail view: a visitor id, or a payment id when `detailKind` is 'payment'. */
  detail: string | null;
  detailKind: 'visitor' | 'payment';
  /** The list the detail was opened from: `n`/`N` step through it. */
  detailFrom: ListPane | null;
  /** Rows the detail is scrolled down. */
  detailScroll: number;
  /** Events show goals only (pageviews hidden). */
  goalsOnly: boolean;
  expanded: boolean;
  help: boolean;
  /** Rows the help is scrolled down on a short screen. */
  helpScroll: number;
  view: View;
  charset: Charset;
  privacy: boolean;
};

export function initialUiState(charset: Charset, privacy: boolean, filter = ''): UiState {
  const text = cleanText(filter).slice(0, FILTER_MAX);
  return {
    focus: 'visitors',
    cursor: {visitors: 0, scores: 0, events: 0, payments: 0, now: 0},
    sort: 'newest',
    filter: text,
    filterCursor: text.length,
    editingFilter: false,
    detail: null,
    detailKind: 'visitor',
    detailFrom: null,
    detailScroll: 0,
    goalsOnly: false,
    expanded: false,
    help: false,
    helpScroll: 0,
    view: WORLD_VIEW,
    charset,
    privacy,
  };
}

/** What the reducer needs to know about the world outside it. */
export type UiContext = {
  /** Rows in each list, after filtering (now: derived.nowRows.length). */
  lengths: Record<ListPane, number>;
  /** Rows a page of the focused list (or of the detail) shows. */
  pageSize: number;
  /** The visitor under the cursor in the visitors or scores list (used when `targetAt` is not given). */
  selectedVisitor: string | null;
  /** What Enter opens at a row of a list (derive.ts `openTargetAt`). */
  targetAt?: (pane: ListPane, index: number) => OpenTarget | null;
  /** Points of the current (filtered) visitors, for "fit". */
  points: () => [number, number][];
  /** Where the selected visitor is (the detail's visitor, else the focused list's), for `z`. */
  selectedPoint?: () => [number, number] | null;
  /** How far the help can scroll on this screen. */
  helpScrollLimit: number;
  /** How far the detail can scroll on this screen (views/detail.ts `detailScrollLimit`). */
  detailScrollLimit?: number;
};

export type Intent =
  | {type: 'action'; action: Action}
  /** Typed or pasted text for the filter, inserted at the caret. */
  | {type: 'filterInput'; text: string}
  | {type: 'filterBackspace'}
  | {type: 'filterEdit'; edit: FilterEdit}
  /** Pasted text: goes into the filter (opening it when it is closed). */
  | {type: 'paste'; text: string}
  /** Replaces the filter (the `--filter` flag, a mouse click on a Now row). */
  | {type: 'setFilter'; text: string};

const clamp = (n: number, length: number) => Math.max(0, Math.min(Math.max(0, length - 1), n));

/** Text as the filter takes it: line breaks and tabs become spaces, other control characters go. */
function cleanText(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

/** The filter changed: lists shrink or grow, so their cursors go back to the top. */
function withFilter(state: UiState, filter: string, caret: number): UiState {
  const text = filter.slice(0, FILTER_MAX);
  return {
    ...state,
    filter: text,
    filterCursor: Math.max(0, Math.min(text.length, caret)),
    cursor: {...state.cursor, visitors: 0, scores: 0, events: 0, now: 0},
  };
}

function insert(state: UiState, raw: string): UiState {
  const text = cleanText(raw);
  if (!text) return state;
  const at = Math.min(state.filterCursor, state.filter.length);
  const room = FILTER_MAX - state.filter.length;
  const piece = text.slice(0, Math.max(0, room));
  return withFilter(state, state.filter.slice(0, at) + piece + state.filter.slice(at), at + piece.length);
}

/** Start of the word before the caret, as readline's Ctrl-W (spaces before the caret go with the word). */
function wordStart(text: string, caret: number): number {
  let i = caret;
  while (i > 0 && text[i - 1] === ' ') i--;
  while (i > 0 && text[i - 1] !== ' ') i--;
  return i;
}

function edit(state: UiState, how: FilterEdit): UiState {
  const {filter} = state;
  const at = Math.min(state.filterCursor, filter.length);
  switch (how) {
    case 'left':
      return {...state, filterCursor: Math.max(0, at - 1)};
    case 'right':
      return {...state, filterCursor: Math.min(filter.length, at + 1)};
    case 'home':
      return {...state, filterCursor: 0};
    case 'end':
      return {...state, filterCursor: filter.length};
    case 'backspace':
      return at === 0 ? state : withFilter(state, filter.slice(0, at - 1) + filter.slice(at), at - 1);
    case 'delete':
      return at >= filter.length ? state : withFilter(state, filter.slice(0, at) + filter.slice(at + 1), at);
    case 'clear':
      return withFilter(state, '', 0);
    case 'deleteWord': {
      const start = wordStart(filter, at);
      return start === at ? state : withFilter(state, filter.slice(0, start) + filter.slice(at), start);
    }
    case 'keep':
      return {...state, editingFilter: false};
    case 'cancel':
      return {...withFilter(state, '', 0), editingFilter: false};
  }
}

function open(state: UiState, target: OpenTarget | null, from: ListPane): UiState {
  if (!target) return state;
  if (target.kind === 'filter') {
    const next = addTerm(state.filter, target.term);
    return next === state.filter ? state : withFilter(state, next, next.length);
  }
  return {...state, detail: target.id, detailKind: target.kind, detailFrom: from, detailScroll: 0};
}

/** `n`/`N` in the detail: the next row of the list it was opened from that opens something, without closing. */
function step(state: UiState, by: 1 | -1, ctx: UiContext): UiState {
  const from = state.detailFrom;
  if (!state.detail || !from || !ctx.targetAt) return state;
  const length = ctx.lengths[from];
  // Past either end it goes round (the title's "1/42" shows where it is), as n in a pager's search does.
  for (let tries = 1; tries < Math.min(length, 1000); tries++) {
    const i = (((state.cursor[from] + by * tries) % length) + length) % length;
    const target = ctx.targetAt(from, i);
    if (target && target.kind !== 'filter') {
      return {...state, cursor: {...state.cursor, [from]: i}, detail: target.id, detailKind: target.kind, detailScroll: 0};
    }
  }
  return state;
}

const closeDetail = (state: UiState): UiState => ({...state, detail: null, detailFrom: null, detailScroll: 0});

/** `z`: centre on the selected visitor and zoom to country level; again, closer. */
function zoomTo(view: View, point: [number, number] | null): View {
  if (!point) return view;
  const here = view.center !== null && Math.abs(view.center[0] - point[0]) < 1e-6 && Math.abs(view.center[1] - point[1]) < 1e-6;
  return {zoom: here ? Math.min(MAX_ZOOM, view.zoom * 2) : Math.max(8, view.zoom), center: [point[0], point[1]]};
}

export function reduce(state: UiState, intent: Intent, ctx: UiContext): UiState {
  if (intent.type === 'setFilter') {
    const text = cleanText(intent.text);
    return withFilter(state, text, text.length);
  }
  if (intent.type === 'paste') return insert(state.editingFilter ? state : {...state, editingFilter: true, filterCursor: state.filter.length}, intent.text);
  if (intent.type === 'filterInput') return insert(state, intent.text);
  if (intent.type === 'filterBackspace') return edit(state, 'backspace');
  if (intent.type === 'filterEdit') return edit(state, intent.edit);
  const action = intent.action;
  const list = state.focus === 'map' ? null : state.focus;
  const move = (to: (current: number, length: number) => number): UiState => {
    if (!list) return state;
    const length = ctx.lengths[list];
    return {...state, cursor: {...state.cursor, [list]: clamp(to(state.cursor[list], length), length)}};
  };
  const focusIndex = PANES.indexOf(state.focus);
  const page = Math.max(1, ctx.pageSize);
  if (state.help) {
    const scroll = (to: number) => ({...state, helpScroll: Math.max(0, Math.min(ctx.helpScrollLimit, to))});
    if (action === 'up') return scroll(state.helpScroll - 1);
    if (action === 'down') return scroll(state.helpScroll + 1);
    if (action === 'pageUp') return scroll(state.helpScroll - page);
    if (action === 'pageDown') return scroll(state.helpScroll + page);
    if (action === 'top') return scroll(0);
    if (action === 'bottom') return scroll(ctx.helpScrollLimit);
  } else if (state.detail) {
    // The list keys scroll the detail, never the list hidden behind it.
    const limit = ctx.detailScrollLimit ?? Number.MAX_SAFE_INTEGER;
    const scroll = (to: number) => ({...state, detailScroll: Math.max(0, Math.min(limit, to))});
    if (action === 'up') return scroll(state.detailScroll - 1);
    if (action === 'down') return scroll(state.detailScroll + 1);
    if (action === 'pageUp') return scroll(state.detailScroll - page);
    if (action === 'pageDown') return scroll(state.detailScroll + page);
    if (action === 'top') return scroll(0);
    if (action === 'bottom') return scroll(limit);
    if (action === 'next') return step(state, 1, ctx);
    if (action === 'prev') return step(state, -1, ctx);
    if (action === 'open') return state;
  }
  switch (action) {
    case 'help':
      return {...state, help: !state.help, helpScroll: 0};
    case 'back':
      if (state.help) return {...state, help: false};
      if (state.editingFilter) return edit(state, 'cancel');
      if (state.detail) return closeDetail(state);
      if (state.expanded) return {...state, expanded: false};
      if (state.filter) return withFilter(state, '', 0);
      return state;
    case 'focusNext':
      return closeDetail({...state, focus: PANES[(focusIndex + 1) % PANES.length]});
    case 'focusPrev':
      return closeDetail({...state, focus: PANES[(focusIndex + PANES.length - 1) % PANES.length]});
    case 'focus1':
    case 'focus2':
    case 'focus3':
    case 'focus4':
    case 'focus5':
    case 'focus6':
      return closeDetail({...state, focus: PANES[Number(action.slice(-1)) - 1]});
    case 'up':
      return move((c) => c - 1);
    case 'down':
      return move((c) => c + 1);
    case 'pageUp':
      return move((c) => c - page);
    case 'pageDown':
      return move((c) => c + page);
    case 'top':
      return move(() => 0);
    case 'bottom':
      return move((_, length) => length - 1);
    case 'open': {
      if (!list) return state;
      if (ctx.targetAt) return open(state, ctx.targetAt(list, state.cursor[list]), list);
      return (list === 'visitors' || list === 'scores') && ctx.selectedVisitor ? open(state, {kind: 'visitor', id: ctx.selectedVisitor}, list) : state;
    }
    case 'expand':
      return {...state, expanded: !state.expanded};
    case 'sort':
      return {...state, sort: SORTS[(SORTS.indexOf(state.sort) + 1) % SORTS.length], cursor: {...state.cursor, visitors: 0}};
    case 'filter':
      return {...state, editingFilter: true, filterCursor: state.filter.length};
    case 'goalsOnly':
      return {...state, goalsOnly: !state.goalsOnly, cursor: {...state.cursor, events: 0}};
    case 'zoomIn':
      return {...state, view: zoomIn(state.view)};
    case 'zoomOut':
      return {...state, view: zoomOut(state.view)};
    case 'panLeft':
      return {...state, view: pan(state.view, -0.25, 0)};
    case 'panRight':
      return {...state, view: pan(state.view, 0.25, 0)};
    case 'panUp':
      return {...state, view: pan(state.view, 0, 0.25)};
    case 'panDown':
      return {...state, view: pan(state.view, 0, -0.25)};
    case 'fit':
      return {...state, view: fitTo(ctx.points())};
    case 'zoomTo':
      return {...state, view: zoomTo(state.view, ctx.selectedPoint?.() ?? null)};
    case 'resetView':
      return {...state, view: reset()};
    case 'charset':
      return {...state, charset: CHARSET_CYCLE[(CHARSET_CYCLE.indexOf(state.charset) + 1) % CHARSET_CYCLE.length]};
    case 'privacy':
      return {...state, privacy: !state.privacy};
    default:
      // quit, pause, refresh, suspend, next/prev outside the detail: side effects or nothing.
      return state;
  }
}
