import type {ColorDepth, Style} from '../text/style.js';
import {DEFAULT_PALETTE, type MapPalette} from '../map/palette.js';

/** Semantic roles, never raw colours, in components. Selection and state are also marked in text, so the
 * no-colour depth (no escape sequences at all) loses nothing but tint. */
export type Theme = {
  text: Style | null;
  dim: Style;
  faint: Style;
  title: Style;
  titleFocused: Style;
  rule: Style;
  accent: Style;
  good: Style;
  warn: Style;
  bad: Style;
  selected: Style;
  fresh: Style;
  goal: Style;
  pageview: Style;
  money: Style;
  badgeCustomer: Style;
  badgeNew: Style;
  badgeRenewal: Style;
  bar: Style;
  barLow: Style;
  barEmpty: Style;
  key: Style;
  map: MapPalette;
};

export const THEME: Theme = {
  text: null,
  dim: {fg: [140, 140, 140]},
  faint: {fg: [100, 100, 100]},
  title: {fg: [170, 190, 210], bold: true},
  titleFocused: {fg: [120, 210, 255], bold: true},
  rule: {fg: [70, 80, 90]},
  accent: {fg: [120, 210, 255]},
  good: {fg: [90, 220, 120]},
  warn: {fg: [240, 190, 70]},
  bad: {fg: [240, 90, 80], bold: true},
  selected: {fg: [255, 255, 255], bg: [40, 70, 100]},
  fresh: {fg: [255, 255, 255], bold: true},
  goal: {fg: [240, 200, 90], bold: true},
  pageview: {fg: [130, 130, 130]},
  money: {fg: [110, 230, 140], bold: true},
  badgeCustomer: {fg: [90, 230, 120], bold: true},
  badgeNew: {fg: [120, 210, 255], bold: true},
  badgeRenewal: {fg: [200, 160, 255]},
  bar: {fg: [120, 200, 255]},
  barLow: {fg: [100, 110, 120]},
  barEmpty: {fg: [60, 60, 60]},
  key: {fg: [120, 210, 255], bold: true},
  map: DEFAULT_PALETTE,
};

export type Painter = {theme: Theme; depth: ColorDepth; ascii: boolean};

/** Colour depth from flags and environment: --color wins, then NO_COLOR, FORCE_COLOR, then the terminal. */
export function detectDepth(when: 'auto' | 'always' | 'never', env: Record<string, string | undefined>, isTTY: boolean): ColorDepth {
  if (when === 'never') return 'none';
  const force = env.FORCE_COLOR;
  if (when === 'auto') {
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'none';
    if (force === '0' || force === 'false') return 'none';
    if (force === undefined && !isTTY) return 'none';
    if (force === undefined && env.TERM === 'dumb') return 'none';
  }
  if (force === '3') return 'truecolor';
  if (force === '2') return '256';
  if (force === '1' || force === 'true' || force === '') return '16';
  return terminalDepth(env, '16');
}

function terminalDepth(env: Record<string, string | undefined>, fallback: ColorDepth): ColorDepth {
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  const term = env.TERM ?? '';
  if (/-direct|truecolor/.test(term)) return 'truecolor';
  if (/256/.test(term)) return '256';
  return fallback;
}
