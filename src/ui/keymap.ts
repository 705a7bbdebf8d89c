// Every key binding is defined here once; the help screen and the hint bar are generated from this table.

export type Action =
  | 'quit' | 'help' | 'focusNext' | 'focusPrev' | 'focus1' | 'focus2' | 'focus3' | 'focus4' | 'focus5'
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' | 'open' | 'back' | 'expand'
  | 'pause' | 'refresh' | 'zoomIn' | 'zoomOut' | 'panLeft' | 'panRight' | 'panUp' | 'panDown' | 'fit' | 'resetView'
  | 'sort' | 'filter' | 'charset' | 'privacy' | 'suspend';

/** Where a binding applies: a map binding wins over a list binding for the same key when the map has focus. */
export type Scope = 'global' | 'list' | 'map';

/** Bindings that share a group are one line of help ("1 2 3 4 5  focus a pane"). */
export type Binding = {action: Action; keys: readonly string[]; label: string; help: string; scope: Scope; hint?: string; group?: string};

const GROUP_HELP: Record<string, string> = {
  focus: 'focus the map, visitors, scores, events or payments',
  zoom: 'zoom the map in / out',
  pan: 'pan the map west, east, north, south',
  move: 'move up / down',
  page: 'page up / down',
  ends: 'go to the top / bottom',
};

export const KEYMAP: readonly Binding[] = [
  {action: 'quit', keys: ['q', 'ctrl+c'], label: 'q', help: 'quit', scope: 'global', hint: 'quit'},
  {action: 'help', keys: ['?'], label: '?', help: 'show or hide this help', scope: 'global', hint: 'help'},
  {action: 'focusNext', keys: ['tab'], label: 'Tab', help: 'focus the next pane', scope: 'global', hint: 'pane'},
  {action: 'focusPrev', keys: ['shift+tab'], label: 'S-Tab', help: 'focus the previous pane', scope: 'global'},
  {action: 'focus1', keys: ['1'], label: '1', group: 'focus', help: 'focus the map', scope: 'global'},
  {action: 'focus2', keys: ['2'], label: '2', group: 'focus', help: 'focus visitors', scope: 'global'},
  {action: 'focus3', keys: ['3'], label: '3', group: 'focus', help: 'focus conversion scores', scope: 'global'},
  {action: 'focus4', keys: ['4'], label: '4', group: 'focus', help: 'focus events', scope: 'global'},
  {action: 'focus5', keys: ['5'], label: '5', group: 'focus', help: 'focus payments', scope: 'global'},
  {action: 'zoomIn', group: 'zoom', keys: ['+', '='], label: '+', help: 'zoom the map in', scope: 'map', hint: 'zoom'},
  {action: 'zoomOut', group: 'zoom', keys: ['-', '_'], label: '-', help: 'zoom the map out', scope: 'map'},
  {action: 'panLeft', group: 'pan', keys: ['left', 'h'], label: '←/h', help: 'pan west', scope: 'map'},
  {action: 'panRight', group: 'pan', keys: ['right', 'l'], label: '→/l', help: 'pan east', scope: 'map'},
  {action: 'panUp', group: 'pan', keys: ['up', 'k'], label: '↑/k', help: 'pan north', scope: 'map'},
  {action: 'panDown', group: 'pan', keys: ['down', 'j'], label: '↓/j', help: 'pan south', scope: 'map'},
  {action: 'fit', keys: ['f'], label: 'f', help: 'fit the map to the visitors', scope: 'map', hint: 'fit'},
  {action: 'resetView', keys: ['0'], label: '0', help: 'reset the map to the world', scope: 'map'},
  {action: 'up', group: 'move', keys: ['up', 'k'], label: '↑/k', help: 'move up', scope: 'list'},
  {action: 'down', group: 'move', keys: ['down', 'j'], label: '↓/j', help: 'move down', scope: 'list', hint: 'move'},
  {action: 'pageUp', group: 'page', keys: ['pageup'], label: 'PgUp', help: 'page up', scope: 'list'},
  {action: 'pageDown', group: 'page', keys: ['pagedown'], label: 'PgDn', help: 'page down', scope: 'list'},
  {action: 'top', group: 'ends', keys: ['g', 'home'], label: 'g', help: 'go to the top', scope: 'list'},
  {action: 'bottom', group: 'ends', keys: ['G', 'end'], label: 'G', help: 'go to the bottom', scope: 'list'},
  {action: 'open', keys: ['enter'], label: 'Enter', help: 'open the selected visitor', scope: 'list', hint: 'detail'},
  {action: 'back', keys: ['escape'], label: 'Esc', help: 'back (close detail, help, filter)', scope: 'global'},
  {action: 'expand', keys: ['e'], label: 'e', help: 'expand the focused pane', scope: 'global', hint: 'expand'},
  {action: 'sort', keys: ['s'], label: 's', help: 'sort visitors: newest, score, country', scope: 'global', hint: 'sort'},
  {action: 'filter', keys: ['/'], label: '/', help: 'filter visitors and events', scope: 'global', hint: 'filter'},
  {action: 'pause', keys: ['p', 'space'], label: 'p', help: 'pause or resume polling', scope: 'global', hint: 'pause'},
  {action: 'refresh', keys: ['r'], label: 'r', help: 'refresh now (also after an error)', scope: 'global', hint: 'refresh'},
  {action: 'charset', keys: ['c'], label: 'c', help: 'cycle the map charset (braille, block, ascii)', scope: 'global'},
  {action: 'privacy', keys: ['P'], label: 'P', help: 'privacy mode: hide names and emails', scope: 'global'},
  {action: 'suspend', keys: ['ctrl+z'], label: 'Ctrl-Z', help: 'suspend (fg resumes)', scope: 'global'},
];

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

export function actionFor(name: string, mapFocused: boolean): Action | null {
  const scopes: Scope[] = mapFocused ? ['map', 'global'] : ['list', 'global'];
  for (const scope of scopes) {
    const binding = KEYMAP.find((b) => b.scope === scope && b.keys.includes(name));
    if (binding) return binding.action;
  }
  return null;
}

/** Help lines by scope, from the same table; a group of bindings makes one line. */
export function helpEntries(): {scope: Scope; keys: string; help: string}[] {
  const entries: {scope: Scope; keys: string; help: string; group?: string}[] = [];
  for (const b of KEYMAP) {
    const keys = b.keys.map(displayKey).join(' ');
    const same = b.group && entries.find((e) => e.group === b.group && e.scope === b.scope);
    if (same) same.keys += ' ' + keys;
    else entries.push({scope: b.scope, keys, help: b.group ? GROUP_HELP[b.group] : b.help, group: b.group});
  }
  return entries.map(({scope, keys, help}) => ({scope, keys, help}));
}

const DISPLAY: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', enter: 'Enter', escape: 'Esc', tab: 'Tab',
  'shift+tab': 'Shift-Tab', space: 'Space', home: 'Home', end: 'End', 'ctrl+c': 'Ctrl-C', 'ctrl+z': 'Ctrl-Z',
};

export function displayKey(name: string): string {
  return DISPLAY[name] ?? name;
}

/** The hint bar: bindings that carry a hint, as "key hint" pairs. */
export function hintEntries(): {keys: string; hint: string}[] {
  return KEYMAP.filter((b) => b.hint).map((b) => ({keys: b.label, hint: b.hint!}));
}
