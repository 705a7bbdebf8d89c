import type {Style} from '../text/style.js';
import type {MarkerKind} from './glyphs.js';

export type MapPalette = {
  land: Style;
  /** Land of countries with visitors, by bucket of their count (1, 2-4, 5-19, 20+). */
  shade: readonly Style[];
  eventCountry: Style;
  paymentCountry: Style;
  markers: Record<MarkerKind, Style>;
  fresh: Style;
  legend: Style;
  legendDim: Style;
};

export const DEFAULT_PALETTE: MapPalette = {
  land: {fg: [78, 96, 112]},
  shade: [{fg: [52, 120, 160]}, {fg: [48, 150, 200]}, {fg: [70, 180, 235]}, {fg: [120, 210, 255]}],
  eventCountry: {fg: [230, 196, 80]},
  paymentCountry: {fg: [90, 220, 120]},
  markers: {
    one: {fg: [255, 214, 102], bold: true},
    few: {fg: [255, 170, 70], bold: true},
    many: {fg: [255, 120, 60], bold: true},
    crowd: {fg: [255, 80, 80], bold: true},
    customer: {fg: [90, 230, 120], bold: true},
    hot: {fg: [240, 110, 240], bold: true},
  },
  fresh: {fg: [255, 255, 255], bold: true, underline: true},
  legend: {fg: [200, 200, 200]},
  legendDim: {fg: [128, 128, 128]},
};

/** For a light terminal background: every tint at least 3:1 against white, denser land darker. */
export const LIGHT_PALETTE: MapPalette = {
  land: {fg: [125, 135, 145]},
  shade: [{fg: [60, 120, 175]}, {fg: [30, 110, 180]}, {fg: [0, 90, 170]}, {fg: [0, 60, 140]}],
  eventCountry: {fg: [160, 110, 0]},
  paymentCountry: {fg: [0, 125, 55]},
  markers: {
    one: {fg: [180, 100, 0], bold: true},
    few: {fg: [195, 85, 0], bold: true},
    many: {fg: [200, 60, 20], bold: true},
    crowd: {fg: [190, 20, 20], bold: true},
    customer: {fg: [0, 125, 55], bold: true},
    hot: {fg: [170, 0, 170], bold: true},
  },
  fresh: {fg: [0, 0, 0], bold: true, underline: true},
  legend: {fg: [60, 60, 60]},
  legendDim: {fg: [110, 110, 110]},
};

/** No colours: land in the terminal's own colour, countries with more visitors and every marker bold, fresh
 * markers underlined. The glyphs themselves (density, `$`, `@`, `#`) carry the rest. */
export const MONO_PALETTE: MapPalette = {
  land: {},
  shade: [{}, {}, {bold: true}, {bold: true}],
  eventCountry: {bold: true},
  paymentCountry: {bold: true},
  markers: {
    one: {bold: true},
    few: {bold: true},
    many: {bold: true},
    crowd: {bold: true},
    customer: {bold: true, underline: true},
    hot: {bold: true, underline: true},
  },
  fresh: {bold: true, inverse: true},
  legend: {},
  legendDim: {dim: true},
};
