import type {DataFastError} from '../../api/errors.js';
import {adviceFor} from '../../api/errors.js';
import type {Feed, Visitor} from '../../model/types.js';
import type {Run} from '../../text/style.js';
import {chrome, glyphs} from '../glyphs.js';
import {helpEntries, hintEntries, MOUSE_HELP, type HintPlace, type KeyModes} from '../keymap.js';
import {strings} from '../strings.js';
import {THEME, type Painter} from '../theme.js';
import {box, line, titleRow, type Lines} from './common.js';
import {displayWidth} from '../../text/width.js';
import {detailView as visitorDetail} from './detail.js';
import {describeError} from './header.js';

/**
 * The visitor's detail without a profile (the screen before profiles are wired): kept for the old call.
 * The detail itself is views/detail.ts `detailView(props)`.
 */
export function detailView(p: Painter, visitor: Visitor | null, privacy: boolean, width: number, height: number, scroll = 0): Lines {
  return visitorDetail({painter: p, width, height, scroll, privacy, visitorId: visitor?.id ?? '', visitor, profile: null, now: Date.now()});
}

/** The help's rows, from the keymap: two columns when both fit side by side and one would not fit the height. */
function helpRows(p: Painter, width: number, height: number, mouse: boolean, modes?: KeyModes): Lines {
  const entries = [...helpEntries(p.ascii, modes), ...(mouse ? MOUSE_HELP.map((m) => ({scope: 'mouse' as const, keys: m.gesture, help: m.help})) : [])];
  const keyWidth = Math.max(...entries.map((e) => e.keys.length)) + 2;
  const itemWidth = 2 + keyWidth + Math.max(...entries.map((e) => e.help.length));
  const items: Lines = [];
  for (const scope of ['global', 'list', 'map', 'replay', ...(mouse ? ['mouse' as const] : [])] as const) {
    if (!entries.some((e) => e.scope === scope)) continue;
    items.push(line(chrome(scope === 'mouse' ? strings.help.mouse : strings.help.scopes[scope], p.ascii), p.theme.title));
    for (const e of entries.filter((x) => x.scope === scope)) {
      // A narrow pane wraps the description under itself (never cuts it); a very narrow one puts it under the keys.
      const indent = width - 2 - keyWidth >= 16 ? 2 + keyWidth : 4;
      const parts = wrapText(e.help, Math.max(8, width - indent));
      if (indent === 4) items.push(line('  ' + e.keys, p.theme.key));
      parts.forEach((part, i) => items.push([{text: i === 0 && indent !== 4 ? '  ' + e.keys.padEnd(keyWidth) : ' '.repeat(indent), style: p.theme.key}, {text: part, style: null}]));
    }
  }
  if (width < itemWidth * 2 + 2 || items.length <= height - 1) return items;
  const half = Math.ceil(items.length / 2);
  const colWidth = Math.floor(width / 2);
  const left = box(items.slice(0, half), colWidth, half, p.ascii);
  const right = box(items.slice(half), width - colWidth, half, p.ascii);
  return left.map((l, i) => [...l, ...right[i]]);
}

/** Words into lines of at most `width` columns; a word wider than that is left whole (the row cuts it). */
function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && displayWidth(current) + 1 + displayWidth(word) > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  out.push(current);
  return out;
}

/** How far the help scrolls on a `width`×`height` body: a title row and a "more" row frame the rest. */
export function helpScrollLimit(width: number, height: number, ascii = false, mouse = false, modes?: KeyModes): number {
  const rows = helpRows({theme: THEME, depth: 'none', ascii}, width, height, mouse, modes).length;
  return rows <= height - 1 ? 0 : rows - (height - 2);
}

/** The help; on a short screen it scrolls (`offset` rows down) with the list keys. `mouse`: what the mouse does too. */
export function helpView(p: Painter, width: number, height: number, offset = 0, mouse = false, modes?: KeyModes): Lines {
  const title = titleRow(p.theme, width, null, strings.help.title, [{text: chrome(strings.help.close, p.ascii), style: p.theme.faint}], true, p.ascii);
  const rows = helpRows(p, width, height, mouse, modes);
  if (rows.length <= height - 1) return box([title, ...rows], width, height, p.ascii);
  const start = Math.max(0, Math.min(offset, helpScrollLimit(width, height, p.ascii, mouse, modes)));
  const shown = rows.slice(start, start + height - 2);
  const more = start + shown.length < rows.length;
  return box([title, ...shown, line(chrome(more ? strings.help.more : strings.help.end, p.ascii), p.theme.faint)], width, height, p.ascii);
}

export function errorPanel(p: Painter, error: DataFastError, width: number, height: number): Lines {
  const lines: Lines = [
    titleRow(p.theme, width, null, strings.errorPanel.title, [], true, p.ascii),
    [],
    line('  ' + chrome(describeError(error), p.ascii), p.theme.bad),
    line('  ' + chrome(adviceFor(error), p.ascii), null),
    [],
    line('  ' + chrome(strings.errorPanel.retry, p.ascii), p.theme.dim),
  ];
  return box(lines, width, height, p.ascii);
}

/**
 * As many whole hints as fit, in keymap order (quit and help come first), for where the user is: the focused
 * pane (Enter says what it does there), the detail, the help, or the filter being typed.
 */
export function hintView(p: Painter, width: number, place: HintPlace = 'visitors', modes: KeyModes = {}): Lines {
  const runs: Run[] = [];
  let used = 0;
  const entries = hintEntries(place, p.ascii, modes);
  // Whole hints only; when some do not fit, an ellipsis says there are more (? lists them all).
  const more = glyphs(p.ascii).ellipsis;
  for (const [i, h] of entries.entries()) {
    const w = displayWidth(h.keys) + h.hint.length + 3;
    const room = i < entries.length - 1 ? width - displayWidth(more) - 1 : width;
    if (used + w - 2 > room) {
      runs.push({text: more, style: p.theme.faint});
      break;
    }
    runs.push({text: h.keys, style: p.theme.key}, {text: ` ${h.hint}  `, style: p.theme.faint});
    used += w;
  }
  const last = runs[runs.length - 1];
  if (last) runs[runs.length - 1] = {...last, text: last.text.trimEnd()};
  return box([runs], width, 1, p.ascii);
}

export function tinyView(p: Painter, feed: Feed | null, width: number, height: number, cols: number, rows: number): Lines {
  const lines: Lines = [];
  if (feed) {
    lines.push([{text: `${feed.events.length} events${glyphs(p.ascii).sep}${feed.payments.length} payments`, style: p.theme.dim}]);
  }
  for (const part of wrapWords(chrome(strings.tiny(cols, rows), p.ascii), width)) lines.push(line(part, p.theme.warn));
  return box(lines, width, height, p.ascii);
}

/** Greedy word wrap for short ASCII messages. */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}
