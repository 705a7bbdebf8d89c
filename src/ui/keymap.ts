// Every key binding is defined here once; the help screen and the hint bar are generated from this table.

import {chrome} from './glyphs.js';
import type {PaneId} from './state.js';

export type Action =
  | 'quit' | 'help' | 'focusNext' | 'focusPrev' | 'focus1' | 'focus2' | 'focus3' | 'focus4' | 'focus5' | 'focus6'
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' | 'open' | 'back' | 'expand' | 'next' | 'prev'
  | 'pause' | 'refresh' | 'zoomIn' | 'zoomOut' | 'panLeft' | 'panRight' | 'panUp' | 'panDown' | 'fit' | 'resetView' | 'zoomTo'
  | 'sort' | 'filter' | 'goalsOnly' | 'charset' | 'privacy' | 'suspend' | 'redraw'
  | 'sites' | 'stepBack' | 'stepForward' | 'slower' | 'faster';

/**
 * Where a binding applies: a map binding wins over a list binding for the same key when the map has focus.
 * 'replay' bindings act only in a replay (`dftop replay FILE`), before any other.
 */
export type Scope = 'global' | 'list' | 'map' | 'replay';

/**
 * What the screen in front of the user can do beyond the live dashboard: play a recording (the replay keys act
 * and show in the hint bar), or choose among the sites of an account token (`w`).
 */
export type KeyModes = {replay?: boolean; sites?: boolean};

/** Where the hint bar is: a focused pane, or an overlay (the detail, the help, the filter being typed). */
/** Where the hint bar is: a pane, or what covers the panes ('stopped': the panel of a final error). */
export type HintPlace = PaneId | 'detail' | 'help' | 'filter' | 'stopped';

/**
 * Bindings that share a group are one line of help ("1 2 3 4 5 6  focus a pane").
 * `hint` shows in the hint bar wherever the binding's scope applies (or only in `hintIn`); `hints` gives a
 * place its own word (Enter "visitor" in a list, "filter" in the Now pane) and is the only way a binding
 * shows over the detail or the help.
 */
export type Binding = {
  action: Action; keys: readonly string[]; label: string; help: string; scope: Scope; group?: string;
  hint?: string; hintIn?: readonly PaneId[]; hints?: Partial<Record<HintPlace, string>>; hintLabel?: string;
  /** Acts (and shows in the hint bar) only with this mode on; the help lists it always. */
  when?: keyof KeyModes;
  /** Does nothing (and is not hinted) with this mode on: a replay has nothing to refresh. */
  unless?: keyof KeyModes;
};

const GROUP_HELP: Record<string, string> = {
  focus: 'focus the map, visitors, scores, events, payments or now',
  zoom: 'zoom the map in / out',
  pan: 'pan the map west, east, north, south',
  move: 'move up / down (scroll the detail)',
  page: 'page up / down',
  ends: 'go to the top / bottom',
  step: 'next / previous visitor, in the detail',
  replayStep: 'one poll back / forward (and pause)',
  speed: 'play slower / faster',
};

const LISTS: readonly PaneId[] = ['visitors', 'scores', 'events', 'payments', 'now'];

export const KEYMAP: readonly Binding[] = [
  {action: 'quit', keys: ['q', 'ctrl+c'], label: 'q', help: 'quit', scope: 'global', hint: 'quit', hints: {detail: 'quit', help: 'quit', stopped: 'quit'}},
  {action: 'help', keys: ['?'], label: '?', help: 'show or hide this help', scope: 'global', hint: 'help', hints: {help: 'close'}},
  {action: 'pause', keys: ['p', 'space'], label: 'p', help: 'pause or play the replay', scope: 'replay', hint: 'pause', when: 'replay'},
  {action: 'stepBack', group: 'replayStep', keys: [','], label: ',', help: 'one poll back (and pause)', scope: 'replay', when: 'replay'},
  {action: 'stepForward', group: 'replayStep', keys: ['.'], label: '.', help: 'one poll forward (and pause)', scope: 'replay', hint: 'step', hintLabel: ', .', when: 'replay'},
  {action: 'slower', group: 'speed', keys: ['<'], label: '<', help: 'play slower', scope: 'replay', when: 'replay'},
  {action: 'faster', group: 'speed', keys: ['>'], label: '>', help: 'play faster', scope: 'replay', hint: 'speed', hintLabel: '< >', when: 'replay'},
  {action: 'sites', keys: ['w'], label: 'w', help: 'choose another website (dft_ account token)', scope: 'global', hint: 'site', when: 'sites'},
  {action: 'back', keys: ['escape'], label: 'Esc', help: 'back (close detail, help, filter)', scope: 'global', hints: {detail: 'back'}},
  {action: 'open', keys: ['enter'], label: 'Enter', help: 'open the visitor, the payment, or a Now row as a filter', scope: 'list',
    hints: {visitors: 'visitor', scores: 'visitor', events: 'visitor', payments: 'open', now: 'filter'}},
  {action: 'next', group: 'step', keys: ['n'], label: 'n/N', help: 'next visitor of the list, in the detail', scope: 'list', hints: {detail: 'next'}},
  {action: 'prev', group: 'step', keys: ['N'], label: 'N', help: 'previous visitor of the list, in the detail', scope: 'list'},
  {action: 'focusNext', keys: ['tab'], label: 'Tab', help: 'focus the next pane', scope: 'global', hint: 'pane'},
  {action: 'focusPrev', keys: ['shift+tab'], label: 'S-Tab', help: 'focus the previous pane', scope: 'global'},
  {action: 'focus1', keys: ['1'], label: '1', group: 'focus', help: 'focus the map', scope: 'global'},
  {action: 'focus2', keys: ['2'], label: '2', group: 'focus', help: 'focus visitors', scope: 'global'},
  {action: 'focus3', keys: ['3'], label: '3', group: 'focus', help: 'focus conversion scores', scope: 'global'},
  {action: 'focus4', keys: ['4'], label: '4', group: 'focus', help: 'focus events', scope: 'global'},
  {action: 'focus5', keys: ['5'], label: '5', group: 'focus', help: 'focus payments', scope: 'global'},
  {action: 'focus6', keys: ['6'], label: '6', group: 'focus', help: 'focus now (what is hot right now)', scope: 'global'},
  {action: 'zoomIn', group: 'zoom', keys: ['+', '='], label: '+/-', help: 'zoom the map in', scope: 'map', hint: 'zoom'},
  {action: 'zoomOut', group: 'zoom', keys: ['-', '_'], label: '-', help: 'zoom the map out', scope: 'map'},
  {action: 'panLeft', group: 'pan', keys: ['left', 'h'], label: '←/h', help: 'pan west', scope: 'map'},
  {action: 'panRight', group: 'pan', keys: ['right', 'l'], label: '→/l', help: 'pan east', scope: 'map'},
  {action: 'panUp', group: 'pan', keys: ['up', 'k'], label: '↑/k', help: 'pan north', scope: 'map'},
  {action: 'panDown', group: 'pan', keys: ['down', 'j'], label: '↓/j', help: 'pan south', scope: 'map', hint: 'pan', hintLabel: 'hjkl'},
  {action: 'fit', keys: ['f'], label: 'f', help: 'fit the map to the (filtered) visitors', scope: 'global', hint: 'fit', hintIn: ['map']},
  {action: 'zoomTo', keys: ['z'], label: 'z', help: 'zoom the map onto the selected visitor', scope: 'global', hint: 'locate', hintIn: ['visitors', 'scores']},
  {action: 'resetView', keys: ['0'], label: '0', help: 'reset the map to the world', scope: 'map'},
  {action: 'up', group: 'move', keys: ['up', 'k'], label: '↑/k', help: 'move up', scope: 'list'},
  {action: 'down', group: 'move', keys: ['down', 'j'], label: '↓/j', help: 'move down', scope: 'list', hint: 'move', hintIn: LISTS, hintLabel: 'j/k', hints: {detail: 'scroll', help: 'scroll'}},
  {action: 'pageUp', group: 'page', keys: ['pageup'], label: 'PgUp', help: 'page up', scope: 'list'},
  {action: 'pageDown', group: 'page', keys: ['pagedown'], label: 'PgDn', help: 'page down', scope: 'list'},
  {action: 'top', group: 'ends', keys: ['g', 'home'], label: 'g', help: 'go to the top', scope: 'list'},
  {action: 'bottom', group: 'ends', keys: ['G', 'end'], label: 'G', help: 'go to the bottom', scope: 'list'},
  {action: 'goalsOnly', keys: ['o'], label: 'o', help: 'show goals only in events, or everything again', scope: 'global', hint: 'goals only', hintIn: ['events']},
  {action: 'expand', keys: ['e'], label: 'e', help: 'expand the focused pane', scope: 'global', hint: 'expand'},
  {action: 'sort', keys: ['s'], label: 's', help: 'sort visitors: newest, score, country (biggest first)', scope: 'global', hint: 'sort', hintIn: ['visitors']},
  {action: 'filter', keys: ['/'], label: '/', help: 'filter all panes: cc:DE page:/x goal:signup -term', scope: 'global', hint: 'filter'},
  {action: 'pause', keys: ['p', 'space'], label: 'p', help: 'pause or resume polling', scope: 'global', hint: 'pause'},
  {action: 'refresh', keys: ['r'], label: 'r', help: 'refresh now (also after an error)', scope: 'global', hint: 'refresh', hints: {stopped: 'retry'}, unless: 'replay'},
  {action: 'charset', keys: ['c'], label: 'c', help: 'cycle the map charset (braille, block, ascii)', scope: 'global'},
  {action: 'privacy', keys: ['P'], label: 'P', help: 'privacy mode: hide names, emails, ids, profiles', scope: 'global', hints: {detail: 'privacy'}},
  {action: 'redraw', keys: ['ctrl+l'], label: 'Ctrl-L', help: 'redraw the whole screen (after another program wrote over it)', scope: 'global'},
  {action: 'suspend', keys: ['ctrl+z'], label: 'Ctrl-Z', help: 'suspend (fg resumes)', scope: 'global'},
];

/** Editing the filter: what each key does to the text being typed. Anything else printable is typed in. */
export type FilterEdit = 'left' | 'right' | 'home' | 'end' | 'backspace' | 'delete' | 'clear' | 'deleteWord' | 'keep' | 'cancel';

export const FILTER_KEYS: readonly {keys: readonly string[]; edit: FilterEdit; label: string; hint?: string}[] = [
  {keys: ['enter'], edit: 'keep', label: 'Enter', hint: 'keep'},
  {keys: ['escape'], edit: 'cancel', label: 'Esc', hint: 'clear'},
  {keys: ['ctrl+u'], edit: 'clear', label: 'Ctrl-U', hint: 'erase'},
  {keys: ['ctrl+w'], edit: 'deleteWord', label: 'Ctrl-W', hint: 'word'},
  {keys: ['left', 'ctrl+b'], edit: 'left', label: '←→', hint: 'move'},
  {keys: ['right', 'ctrl+f'], edit: 'right', label: '→'},
  {keys: ['home', 'ctrl+a'], edit: 'home', label: 'Home'},
  {keys: ['end', 'ctrl+e'], edit: 'end', label: 'End'},
  {keys: ['backspace', 'ctrl+h'], edit: 'backspace', label: 'Backspace'},
  {keys: ['delete', 'ctrl+d'], edit: 'delete', label: 'Del'},
];

/** The edit a key makes while the filter is typed; null for a key that types itself (or does nothing). */
export function filterEditFor(name: string): FilterEdit | null {
  return FILTER_KEYS.find((k) => k.keys.includes(name))?.edit ?? null;
}

/** The subset of Ink's `Key` that names keys. */
export type InkKey = {
  upArrow?: boolean; downArrow?: boolean; leftArrow?: boolean; rightArrow?: boolean; pageUp?: boolean; pageDown?: boolean;
  home?: boolean; end?: boolean; return?: boolean; escape?: boolean; tab?: boolean; shift?: boolean; ctrl?: boolean;
  backspace?: boolean; delete?: boolean; meta?: boolean;
};

/** Ink's (input, key) as one name: "q", "G", "ctrl+c", "shift+tab", "up", "pagedown", "enter", "space". */
export function keyName(input: string, key: InkKey): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return null;
}

const active = (b: Binding, modes: KeyModes) => (!b.when || modes[b.when] === true) && (!b.unless || modes[b.unless] !== true);

export function actionFor(name: string, mapFocused: boolean, modes: KeyModes = {}): Action | null {
  const scopes: Scope[] = mapFocused ? ['replay', 'map', 'global'] : ['replay', 'list', 'global'];
  for (const scope of scopes) {
    const binding = KEYMAP.find((b) => b.scope === scope && b.keys.includes(name) && active(b, modes));
    if (binding) return binding.action;
  }
  return null;
}

/**
 * What the mouse does (src/ui/app.tsx onMouse handles these gestures), for the help when the terminal reports the
 * mouse: the gestures and their words are defined here, beside the keys, once.
 */
export const MOUSE_HELP: readonly {gesture: string; help: string}[] = [
  {gesture: 'click', help: 'focus a pane (also its name on the strip); select a row, again to open it'},
  {gesture: 'click map', help: 'zoom in on that place'},
  {gesture: 'wheel', help: 'move in a list; scroll the help or a detail; zoom the map'},
];

/** Help lines by scope, from the same table; a group of bindings makes one line. ASCII spells the arrows out. */
export function helpEntries(ascii = false, modes?: KeyModes): {scope: Scope; keys: string; help: string}[] {
  const entries: {scope: Scope; keys: string; help: string; group?: string}[] = [];
  for (const b of KEYMAP) {
    // With the modes known: the replay's keys only in a replay, and no key a mode turns off. `w` stays listed
    // (its help says it needs an account token; pressed without one, it says so).
    if (modes && (b.scope === 'replay' ? !modes.replay : b.unless !== undefined && modes[b.unless] === true)) continue;
    // In a replay its own keys win (p plays and pauses it), and there is no website to choose.
    if (modes?.replay && b.scope !== 'replay' && (b.when === 'sites' || KEYMAP.some((r) => r.scope === 'replay' && r.keys.some((k) => b.keys.includes(k))))) continue;
    const keys = b.keys.map((k) => displayKey(k, ascii)).join(' ');
    const same = b.group && entries.find((e) => e.group === b.group && e.scope === b.scope);
    if (same) same.keys += ' ' + keys;
    else entries.push({scope: b.scope, keys, help: chrome(b.group ? GROUP_HELP[b.group] : b.help, ascii), group: b.group});
  }
  return entries.map(({scope, keys, help}) => ({scope, keys, help}));
}

const DISPLAY: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', enter: 'Enter', escape: 'Esc', tab: 'Tab',
  'shift+tab': 'Shift-Tab', space: 'Space', home: 'Home', end: 'End', 'ctrl+c': 'Ctrl-C', 'ctrl+z': 'Ctrl-Z', 'ctrl+l': 'Ctrl-L',
};

export function displayKey(name: string, ascii = false): string {
  return chrome(DISPLAY[name] ?? name, ascii);
}

const isPane = (place: HintPlace): place is PaneId => place !== 'detail' && place !== 'help' && place !== 'filter' && place !== 'stopped';

function scopeApplies(scope: Scope, pane: PaneId): boolean {
  return scope === 'global' || scope === 'replay' || (scope === 'map' ? pane === 'map' : pane !== 'map');
}

/**
 * The hint bar for a place, as "key hint" pairs in keymap order (quit and help first): what Enter does in
 * the focused pane, the keys of that pane, and the global ones. Over the detail and the help only the keys
 * that work there; while the filter is typed, its editing keys. Without a place: the visitors list's.
 */
export function hintEntries(place: HintPlace = 'visitors', ascii = false, modes: KeyModes = {}): {keys: string; hint: string}[] {
  if (place === 'filter') return FILTER_KEYS.filter((k) => k.hint).map((k) => ({keys: chrome(k.label, ascii), hint: k.hint!}));
  const out: {keys: string; hint: string}[] = [];
  for (const b of KEYMAP) {
    if (!active(b, modes)) continue;
    const own = b.hints?.[place];
    const label = chrome(b.hintLabel ?? b.label, ascii);
    // A key a mode brings forward (p in a replay) is not hinted twice.
    const push = (hint: string) => out.some((h) => h.keys === label && h.hint === hint) || out.push({keys: label, hint});
    if (own) push(own);
    else if (isPane(place) && b.hint && scopeApplies(b.scope, place) && (!b.hintIn || b.hintIn.includes(place))) push(b.hint);
  }
  return out;
}

/** What Enter does in a place, in a word ("visitor", "open", "filter"); null where it does nothing. */
export function enterHint(place: HintPlace): string | null {
  return KEYMAP.find((b) => b.action === 'open')?.hints?.[place] ?? null;
}
