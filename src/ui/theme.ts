import type {ColorDepth, Style} from '../text/style.js';
import {DEFAULT_PALETTE, LIGHT_PALETTE, MONO_PALETTE, type MapPalette} from '../map/palette.js';
import type {ThemeName} from '../terminal/profile.js';

// The colour-depth rules live with the terminal profile, which decides everything about the terminal once.
export {detectDepth} from '../terminal/profile.js';

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

/** The dark theme (the default): for a dark terminal background. */
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

export const DARK_THEME = THEME;

/**
 * For a light terminal background: body text at least 4.5:1 against white, faint text, rules and bar
 * tracks at least 3:1 (test/terminal/theme.test.ts checks every role, also as 256 colours).
 */
export const LIGHT_THEME: Theme = {
  text: null,
  dim: {fg: [85, 85, 85]},
  faint: {fg: [110, 110, 110]},
  title: {fg: [40, 60, 90], bold: true},
  titleFocused: {fg: [0, 95, 175], bold: true},
  rule: {fg: [140, 140, 140]},
  accent: {fg: [0, 95, 175]},
  good: {fg: [0, 120, 40]},
  warn: {fg: [160, 90, 0]},
  bad: {fg: [190, 20, 20], bold: true},
  selected: {fg: [0, 0, 0], bg: [190, 220, 250]},
  fresh: {fg: [0, 0, 0], bold: true},
  goal: {fg: [150, 95, 0], bold: true},
  pageview: {fg: [110, 110, 110]},
  money: {fg: [0, 120, 40], bold: true},
  badgeCustomer: {fg: [0, 120, 40], bold: true},
  badgeNew: {fg: [0, 95, 175], bold: true},
  badgeRenewal: {fg: [120, 60, 180]},
  bar: {fg: [0, 110, 190]},
  barLow: {fg: [135, 145, 155]},
  barEmpty: {fg: [145, 145, 145]},
  key: {fg: [0, 95, 175], bold: true},
  map: LIGHT_PALETTE,
};

/**
 * No colours at all: attributes mark what colour marked elsewhere. Focus is bold and underlined, the
 * selection inverse, fresh and bad things bold, secondary text dim. At colour depth "none" (NO_COLOR, a
 * pipe) even these are not sent; selection and state are also marked in text.
 */
export const MONO_THEME: Theme = {
  text: null,
  dim: {dim: true},
  faint: {dim: true},
  title: {bold: true},
  titleFocused: {bold: true, underline: true},
  rule: {},
  accent: {},
  good: {},
  warn: {bold: true},
  bad: {bold: true},
  selected: {inverse: true},
  fresh: {bold: true},
  goal: {bold: true},
  pageview: {dim: true},
  money: {bold: true},
  badgeCustomer: {bold: true},
  badgeNew: {bold: true},
  badgeRenewal: {},
  bar: {},
  barLow: {dim: true},
  barEmpty: {dim: true},
  key: {bold: true},
  map: MONO_PALETTE,
};

const THEMES: Record<ThemeName, Theme> = {dark: DARK_THEME, light: LIGHT_THEME, mono: MONO_THEME};

/** The theme the profile picked (profile.theme). */
export function themeFor(name: ThemeName): Theme {
  return THEMES[name];
}

export type Painter = {theme: Theme; depth: ColorDepth; ascii: boolean};
