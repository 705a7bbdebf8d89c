import {fitRuns, type Run, type Style} from '../../text/style.js';
import type {Theme} from '../theme.js';
import {displayWidth} from '../../text/width.js';
import {asciiCuts, glyphs} from '../glyphs.js';
import {strings} from '../strings.js';

export type Lines = Run[][];

export const blank = (width: number): Run[] => [{text: ' '.repeat(Math.max(0, width)), style: null}];

/** Exactly `height` lines of exactly `width` columns; `ascii`: a line cut to fit ends with the ASCII cut mark. */
export function box(lines: readonly Run[][], width: number, height: number, ascii = false): Lines {
  const out: Lines = [];
  for (let i = 0; i < height; i++) out.push(i < lines.length ? asciiCuts(fitRuns(lines[i], width), ascii) : blank(width));
  return out;
}

export const line = (text: string, style: Style | null = null): Run[] => [{text, style}];

/** A pane's title row: "─ 2 Visitors 42 · sort newest ───". The focused pane is marked in text too. */
export function titleRow(theme: Theme, width: number, number: number | null, title: string, extra: Run[], focused: boolean, ascii: boolean): Run[] {
  const g = glyphs(ascii);
  const rule = g.rule;
  const runs: Run[] = [
    {text: focused ? g.focus : rule, style: focused ? theme.titleFocused : theme.rule},
    {text: ' ', style: null},
  ];
  if (number !== null) runs.push({text: `${number} `, style: theme.faint});
  runs.push({text: title, style: focused ? theme.titleFocused : theme.title});
  if (extra.length) runs.push({text: ' ', style: null}, ...extra);
  runs.push({text: ' ', style: null});
  const used = runs.reduce((n, r) => n + displayWidth(r.text), 0);
  if (used < width) runs.push({text: rule.repeat(width - used), style: theme.rule});
  return asciiCuts(fitRuns(runs, width), ascii);
}

/**
 * The ways to show amounts in several currencies (the currency of most payments first), longest first: all of them, then fewer and
 * how many more ("$437.00 · €47.00 · +2 more"), down to the first and how many more. Never one alone when there
 * are more (a part of the total is not shown as the whole), never a bare "+2" (it reads as a change).
 */
export function amountForms(amounts: readonly string[], sep: string): string[] {
  const forms: string[] = [];
  for (let n = amounts.length; n >= 1; n--) forms.push(amounts.slice(0, n).join(sep) + (n < amounts.length ? `${sep}${strings.moreCurrencies(amounts.length - n)}` : ''));
  return forms;
}

/** The longest of `forms` that fits in `room` columns, else null. */
export function longestFitting(forms: readonly string[], room: number): string | null {
  return forms.find((text) => displayWidth(text) <= room) ?? null;
}
