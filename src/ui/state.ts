import type {Charset} from '../map/glyphs.js';
import {fitTo, pan, reset, zoomIn, zoomOut, WORLD_VIEW, type View} from '../map/views.js';
import type {Action} from './keymap.js';

export const PANES = ['map', 'visitors', 'scores', 'events', 'payments'] as const;
export type PaneId = (typeof PANES)[number];
export type ListPane = Exclude<PaneId, 'map'>;

export const SORTS = ['newest', 'score', 'country'] as const;
export type Sort = (typeof SORTS)[number];

export const CHARSET_CYCLE: readonly Charset[] = ['braille', 'block', 'ascii'];

export type UiState = {
  focus: PaneId;
  /** Selected row per list. */
  cursor: Record<ListPane, number>;
  sort: Sort;
  filter: string;
  editingFilter: boolean;
  /** Visitor id shown in the detail view. */
  detail: string | null;
  expanded: boolean;
  help: boolean;
  /** Rows the help is scrolled down on a short screen. */
  helpScroll: number;
  view: View;
  charset: Charset;
  privacy: boolean;
};

export function initialUiState(charset: Charset, privacy: boolean): UiState {
  return {
    focus: 'visitors',
    cursor: {visitors: 0, scores: 0, events: 0, payments: 0},
    sort: 'newest',
    filter: '',
    editingFilter: false,
    detail: null,
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
  /** Rows in each list, after filtering. */
  lengths: Record<ListPane, number>;
  /** Rows a page of the focused list shows. */
  pageSize: number;
  /** The visitor under the cursor in the visitors or scores list. */
  selectedVisitor: string | null;
  /** Points of the current visitors, for "fit". */
  points: () => [number, number][];
  /** How far the help can scroll on this screen. */
  helpScrollLimit: number;
};

export type Intent = {type: 'action'; action: Action} | {type: 'filterInput'; text: string} | {type: 'filterBackspace'};

const clamp = (n: number, length: number) => Math.max(0, Math.min(Math.max(0, length - 1), n));

export function reduce(state: UiState, intent: Intent, ctx: UiContext): UiState {
  if (intent.type === 'filterInput') return {...state, filter: (state.filter + intent.text).slice(0, 64), cursor: {...state.cursor, visitors: 0, events: 0}};
  if (intent.type === 'filterBackspace') return {...state, filter: state.filter.slice(0, -1)};
  const action = intent.action;
  const list = state.focus === 'map' ? null : state.focus;
  const move = (to: (current: number, length: number) => number): UiState => {
    if (!list) return state;
    const length = ctx.lengths[list];
    return {...state, cursor: {...state.cursor, [list]: clamp(to(state.cursor[list], length), length)}};
  };
  const focusIndex = PANES.indexOf(state.focus);
  if (state.help) {
    const scroll = (to: number) => ({...state, helpScroll: Math.max(0, Math.min(ctx.helpScrollLimit, to))});
    const page = Math.max(1, ctx.pageSize);
    if (action === 'up') return scroll(state.helpScroll - 1);
    if (action === 'down') return scroll(state.helpScroll + 1);
    if (action === 'pageUp') return scroll(state.helpScroll - page);
    if (action === 'pageDown') return scroll(state.helpScroll + page);
    if (action === 'top') return scroll(0);
    if (action === 'bottom') return scroll(ctx.helpScrollLimit);
  }
  switch (action) {
    case 'help':
      return {...state, help: !state.help, helpScroll: 0};
    case 'back':
      if (state.help) return {...state, help: false};
      if (state.editingFilter) return {...state, editingFilter: false, filter: ''};
      if (state.detail) return {...state, detail: null};
      if (state.expanded) return {...state, expanded: false};
      if (state.filter) return {...state, filter: ''};
      return state;
    case 'focusNext':
      return {...state, focus: PANES[(focusIndex + 1) % PANES.length], detail: null};
    case 'focusPrev':
      return {...state, focus: PANES[(focusIndex + PANES.length - 1) % PANES.length], detail: null};
    case 'focus1':
    case 'focus2':
    case 'focus3':
    case 'focus4':
    case 'focus5':
      return {...state, focus: PANES[Number(action.slice(-1)) - 1], detail: null};
    case 'up':
      return move((c) => c - 1);
    case 'down':
      return move((c) => c + 1);
    case 'pageUp':
      return move((c) => c - ctx.pageSize);
    case 'pageDown':
      return move((c) => c + ctx.pageSize);
    case 'top':
      return move(() => 0);
    case 'bottom':
      return move((_, length) => length - 1);
    case 'open':
      return (state.focus === 'visitors' || state.focus === 'scores') && ctx.selectedVisitor ? {...state, detail: ctx.selectedVisitor} : state;
    case 'expand':
      return {...state, expanded: !state.expanded};
    case 'sort':
      return {...state, sort: SORTS[(SORTS.indexOf(state.sort) + 1) % SORTS.length], cursor: {...state.cursor, visitors: 0}};
    case 'filter':
      return {...state, editingFilter: true};
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
    case 'resetView':
      return {...state, view: reset()};
    case 'charset':
      return {...state, charset: CHARSET_CYCLE[(CHARSET_CYCLE.indexOf(state.charset) + 1) % CHARSET_CYCLE.length]};
    case 'privacy':
      return {...state, privacy: !state.privacy};
    default:
      // quit, pause, refresh: side effects the app performs, not state.
      return state;
  }
}
