import {describe, expect, it} from 'vitest';
import {DEFAULT_PALETTE, LIGHT_PALETTE, MONO_PALETTE} from '../../src/map/palette.js';
import {contrastRatio} from '../../src/terminal/profile.js';
import {sgr, type Rgb, type Style} from '../../src/text/style.js';
import {DARK_THEME, LIGHT_THEME, MONO_THEME, THEME, themeFor, type Theme} from '../../src/ui/theme.js';

const WHITE: Rgb = [255, 255, 255];

/** Every style in a theme, by role name ("dim", "map.markers.one", "map.shade.2"). */
function roles(theme: Theme): [string, Style | null][] {
  const out: [string, Style | null][] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value === null) out.push([prefix, null]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(`${prefix}.${i}`, v));
    else if (typeof value === 'object' && !isStyle(value)) for (const [k, v] of Object.entries(value as object)) walk(prefix ? `${prefix}.${k}` : k, v);
    else out.push([prefix, value as Style]);
  };
  walk('', theme);
  return out;
}

function isStyle(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 0 || keys.every((k) => ['fg', 'bg', 'bold', 'dim', 'inverse', 'underline'].includes(k));
}

/** The colour a 256-colour terminal shows for the style's foreground (or background). */
function as256(style: Style, background = false): Rgb {
  const code = sgr(style, '256');
  const m = new RegExp(`${background ? 48 : 38};5;(\\d+)`).exec(code);
  if (!m) throw new Error(`no 256-colour code in ${JSON.stringify(code)}`);
  const n = Number(m[1]);
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return [v, v, v];
  }
  const levels = [0, 95, 135, 175, 215, 255];
  const i = n - 16;
  return [levels[Math.floor(i / 36)], levels[Math.floor(i / 6) % 6], levels[i % 6]];
}

/** Roles that may be fainter than body text: secondary text, rules, bar tracks, map land and markers. */
const FAINT = /^(faint|rule|pageview|barLow|barEmpty|map\.(land|shade\.\d|eventCountry|paymentCountry|markers\.\w+|legendDim))$/;

describe('the light theme is readable on a white background', () => {
  const all = roles(LIGHT_THEME);

  it('has every role of the dark theme', () => {
    expect(all.map(([name]) => name)).toEqual(roles(DARK_THEME).map(([name]) => name));
    expect(all.length).toBeGreaterThan(30);
  });

  it.each(all.filter(([, s]) => s?.fg))('%s: contrast against white (or its own background), in true colour and in 256 colours', (name, style) => {
    const s = style!;
    const against = s.bg ?? WHITE;
    const min = FAINT.test(name) ? 3 : 4.5;
    expect(contrastRatio(s.fg!, against), 'true colour').toBeGreaterThanOrEqual(min);
    expect(contrastRatio(as256(s), s.bg ? as256(s, true) : WHITE), '256 colours').toBeGreaterThanOrEqual(min);
  });

  it('body text roles are not faint', () => {
    for (const role of ['dim', 'title', 'titleFocused', 'accent', 'good', 'warn', 'bad', 'goal', 'money', 'key', 'bar', 'map.legend']) {
      expect(FAINT.test(role), role).toBe(false);
    }
  });

  it('the selection stands out from the background', () => {
    expect(LIGHT_THEME.selected.bg).toBeDefined();
    expect(contrastRatio(LIGHT_THEME.selected.bg!, WHITE)).toBeGreaterThan(1.3);
  });

  it('every role that is not the terminal default has a colour', () => {
    for (const [name, style] of all) if (name !== 'text') expect(style?.fg, name).toBeDefined();
  });
});

describe('the mono theme', () => {
  it('has no colour anywhere', () => {
    for (const [name, style] of roles(MONO_THEME)) {
      expect(style?.fg, name).toBeUndefined();
      expect(style?.bg, name).toBeUndefined();
    }
  });

  it('marks focus, selection and fresh things with attributes, which reach a colour terminal alone', () => {
    expect(sgr(MONO_THEME.selected, 'truecolor')).toBe('\x1b[7m');
    expect(sgr(MONO_THEME.titleFocused, '16')).toBe('\x1b[1;4m');
    expect(sgr(MONO_THEME.title, '256')).toBe('\x1b[1m');
    expect(sgr(MONO_THEME.map.fresh, '16')).toBe('\x1b[1;7m');
    expect(sgr(MONO_THEME.titleFocused, '16')).not.toBe(sgr(MONO_THEME.title, '16'));
  });
});

describe('themeFor', () => {
  it('names the three themes; dark is the theme of today', () => {
    expect(themeFor('dark')).toBe(THEME);
    expect(themeFor('dark')).toBe(DARK_THEME);
    expect(themeFor('light')).toBe(LIGHT_THEME);
    expect(themeFor('mono')).toBe(MONO_THEME);
    expect(THEME.map).toBe(DEFAULT_PALETTE);
    expect(LIGHT_THEME.map).toBe(LIGHT_PALETTE);
    expect(MONO_THEME.map).toBe(MONO_PALETTE);
  });
});
