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
