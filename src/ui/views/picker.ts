import type {Site} from '../../api/sites.js';
import {sanitise} from '../../model/sanitise.js';
import {fitRuns, type Run} from '../../text/style.js';
import {displayWidth, fit as cell} from '../../text/width.js';
import {workflowStrings} from '../strings-workflow.js';
import type {Painter} from '../theme.js';
import {box, titleRow, type Lines} from './common.js';

// The site picker of a `dft_` account token: a pure state, a reducer over key names (src/ui/keymap.ts
// `keyName`), and a view returning Lines. The Dashboard keeps the state, so `w` reopens it with its filter.

const s = workflowStrings.picker;

export type PickerState = {
  /** null while the list loads. */
  sites: readonly Site[] | null;
  /** Why the list could not be loaded (already a sentence, untrusted parts sanitised). */
  error: string | null;
  filter: string;
  /** Index into the filtered list. */
  cursor: number;
  /** First filtered row shown. */
  scroll: number;
};

export const initialPicker = (sites: readonly Site[] | null = null): PickerState => ({sites, error: null, filter: '', cursor: 0, scroll: 0});

export function pickerLoaded(state: PickerState, sites: readonly Site[], currentId: string | null = null): PickerState {
  const next = {...state, sites, error: null};
  const index = currentId ? filteredSites(next).findIndex((site) => site.id === currentId) : -1;
  return {...next, cursor: Math.max(0, index), scroll: 0};
}

export const pickerFailed = (state: PickerState, error: string): PickerState => ({...state, error});

/** The cursor on the site being watched, when the list (as filtered) shows it; else as it was. */
export function onCurrent(state: PickerState, currentId: string | null): PickerState {
  const index = currentId ? filteredSites(state).findIndex((site) => site.id === currentId) : -1;
  return index < 0 ? state : {...state, cursor: index};
}

const lower = (v: string | null) => (v ? v.toLowerCase() : '');

/** Sites matching the filter (domain, name or id, case-insensitive); domains that start with it first. */
export function filteredSites(state: PickerState): Site[] {
  const sites = state.sites ?? [];
  const needle = state.filter.trim().toLowerCase();
  if (!needle) return [...sites];
  const hits = sites.filter((site) => lower(site.domain).includes(needle) || lower(site.name).includes(needle) || site.id.toLowerCase().includes(needle));
  const rank = (site: Site) => (lower(site.domain).startsWith(needle) ? 0 : lower(site.name).startsWith(needle) ? 1 : 2);
  return hits.map((site, i) => ({site, i})).sort((a, b) => rank(a.site) - rank(b.site) || a.i - b.i).map((x) => x.site);
}

export type PickerResult = {state: PickerState; chosen: Site | null; cancelled: boolean};

/** Rows of sites the view shows for a height (the title, the filter and the hint take three). */
export const pickerRows = (height: number) => Math.max(1, height - 3);

/**
 * One key. `name` is keymap's keyName ("up", "enter", "backspace", "ctrl+u", "a"…); `input` the text typed
 * (a paste may bring several characters). Letters always go to the filter, so no letter moves the cursor.
 * Esc clears a filter first, then cancels.
 */
export function pickerReduce(state: PickerState, name: string | null, input = '', pageSize = 10, currentId: string | null = null): PickerResult {
  const list = filteredSites(state);
  // A filter cleared puts the cursor back on the site being watched (the first row when there is none).
  const done = (next: PickerState, chosen: Site | null = null, cancelled = false): PickerResult => ({state: state.filter && !next.filter ? onCurrent(next, currentId) : next, chosen, cancelled});
  const move = (cursor: number) => done({...state, cursor: Math.max(0, Math.min(list.length - 1, cursor))});
  switch (name) {
    case 'up':
    case 'ctrl+p':
      return move(state.cursor - 1);
    case 'down':
    case 'ctrl+n':
      return move(state.cursor + 1);
    case 'pageup':
      return move(state.cursor - pageSize);
    case 'pagedown':
      return move(state.cursor + pageSize);
    case 'home':
      return move(0);
    case 'end':
      return move(list.length - 1);
    case 'enter':
      return done(state, list[state.cursor] ?? null);
    case 'escape':
      return state.filter ? done({...state, filter: '', cursor: 0, scroll: 0}) : done(state, null, true);
    case 'backspace':
      return done({...state, filter: [...state.filter].slice(0, -1).join(''), cursor: 0, scroll: 0});
    case 'ctrl+u':
      return done({...state, filter: '', cursor: 0, scroll: 0});
  }
  const text = sanitise(input).replace(/[\x00-\x1f\x7f]/g, '');
  if (text && !(name ?? '').startsWith('ctrl+') && (name === null || name.length === 1 || name === 'space' || input.length > 1)) {
    return done({...state, filter: (state.filter + text).slice(0, 100), cursor: 0, scroll: 0});
  }
  return done(state);
}

/** Keeps the cursor's row on screen; call before drawing with the rows the view will show. */
export function pickerScrolled(state: PickerState, rows: number): PickerState {
  let scroll = state.scroll;
  if (state.cursor < scroll) scroll = state.cursor;
  if (state.cursor >= scroll + rows) scroll = state.cursor - rows + 1;
  return scroll === state.scroll ? state : {...state, scroll: Math.max(0, scroll)};
}

export type PickerProps = {
  painter: Painter;
  state: PickerState;
  width: number;
  height: number;
  /** The site on screen now (marked), when reopened with `w`. */
  currentId?: string | null;
  /** Esc goes back to the dashboard (reopened with `w`); at start-up there is nothing to go back to. */
  canCancel?: boolean;
};

/** The picker filling `width`×`height`: a title, the filter, the sites (domain, name, role, id), the key hint. */
export function pickerView(props: PickerProps): Lines {
  const {painter: p, width, height} = props;
  const t = p.theme;
  const state = pickerScrolled(props.state, pickerRows(height));
  const list = filteredSites(state);
  const total = state.sites?.length ?? 0;
  const lines: Run[][] = [];
  const count = state.sites ? (state.filter ? `${list.length}/${total}` : String(total)) : '';
  lines.push(titleRow(t, width, null, s.title, count ? [{text: count, style: t.dim}] : [], true, p.ascii));
  lines.push([
    {text: '  ' + s.filter, style: t.warn},
    {text: state.filter, style: t.fresh},
    {text: p.ascii ? '_' : '▏', style: t.fresh},
  ]);
  const rows = pickerRows(height);
  const body: Run[][] = [];
  if (state.error) body.push([{text: '  ' + s.failed(sanitise(state.error)), style: t.bad}]);
  else if (!state.sites) body.push([{text: '  ' + s.loading, style: t.dim}]);
  else if (total === 0) body.push([{text: '  ' + s.none, style: t.dim}]);
  else if (list.length === 0) body.push([{text: '  ' + s.noMatch(state.filter), style: t.dim}]);
  else {
    const inner = Math.max(0, width - 2);
    const roleW = 7;
    const idW = inner >= 70 ? 24 : 0;
    const rest = Math.max(0, inner - roleW - (idW ? idW + 1 : 0) - 2);
    // Columns as wide as what they hold (at most 40), so a wide screen keeps a site's fields together; when they do
    // not fit, the domain (what is typed to filter) gets its need first, up to 55% of the room, at least 8.
    const need = (texts: string[]) => Math.min(40, Math.max(4, ...texts.map((x) => displayWidth(sanitise(x)))));
    // From every site, not the filtered ones: the columns stay put while the filter is typed.
    const all = state.sites ?? list;
    const domainNeed = need(all.map((x) => x.domain ?? x.id));
    const nameNeed = need(all.map((x) => x.name ?? ''));
    const fits = domainNeed + nameNeed <= rest;
    const domainW = fits ? domainNeed : Math.max(8, Math.min(domainNeed, Math.max(rest - nameNeed, Math.ceil(rest * 0.55))));
    const nameW = fits ? nameNeed : Math.max(0, rest - domainW);
    for (let i = state.scroll; i < Math.min(list.length, state.scroll + rows); i++) {
      const site = list[i];
      const selected = i === state.cursor;
      const current = props.currentId === site.id;
      const mark = selected ? (p.ascii ? '>' : '›') : current ? '*' : ' ';
      const domain = sanitise(site.domain ?? site.id);
      const name = site.name ? sanitise(site.name) : p.ascii ? '-' : s.unnamed;
      const text = `${mark} ${cell(domain, domainW)} ${cell(name, nameW)} ${cell(sanitise(site.role ?? ''), roleW)}${idW ? ' ' + cell(site.id, idW) : ''}`;
      const style = selected ? t.selected : current ? t.accent : t.text;
      body.push(fitRuns([{text, style}], width, selected ? t.selected : null));
    }
  }
  while (body.length < rows) body.push([]);
  lines.push(...body.slice(0, rows));
  const hint = (p.ascii ? s.hintAscii : s.hint) + (props.canCancel ? (p.ascii ? s.hintBackAscii : s.hintBack) : '');
  lines.push([{text: '  ' + hint, style: t.faint}]);
  return box(lines, width, height, p.ascii);
}
