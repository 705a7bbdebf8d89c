// The terminal profile: how dftop talks to this terminal, decided once at start from the environment, the
// flags and the answers of the start-up probe (probe.ts). A pure function, so every rule has a test, and
// every decision carries the reason `dftop --doctor` prints.

import type {ColorDepth, Rgb} from '../text/style.js';

type Env = Record<string, string | undefined>;

export type ThemeName = 'dark' | 'light' | 'mono';
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'mono'];
export type AmbiguousWidth = 'narrow' | 'wide';
export type ColorWhen = 'auto' | 'always' | 'never';
export type InputSource = 'stdin' | '/dev/tty' | 'none';

/** What the flags (and the config file) say; anything left out is decided from the terminal. */
export type ProfileFlags = {
  color?: ColorWhen;
  theme?: ThemeName;
  ambiguous?: AmbiguousWidth;
  /** false from --no-mouse or the config; default on. */
  mouse?: boolean;
};

/** The probe's answers (see probe.ts); null for a query that was not asked or not answered. */
export type ProbeAnswers = {
  /** DA1 answered: the terminal answers queries, so an unanswered one is unsupported. */
  answered: boolean;
  /** The cursor column (1-based) after the ambiguous probe character, from the cursor position report. */
  cursorColumn: number | null;
  /** OSC 11 answer as 8-bit RGB. */
  background: Rgb | null;
  /** The DECRQM answer for mode 2026: 0 not recognised, 1 set, 2 reset, 3 permanently set, 4 permanently reset. */
  syncMode: number | null;
};

export type ProfileInput = {
  env: Env;
  flags?: ProfileFlags;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** Where keys come from (tty.ts openInput); mouse reporting needs someone reading the terminal. */
  input?: InputSource;
  /** null when the probe did not run (not a terminal, TERM=dumb) */
  probe?: ProbeAnswers | null;
  /** For --doctor only. */
  size?: {columns: number; rows: number} | null;
  nodeVersion?: string;
};

export type ProfileField =
  | 'locale' | 'term' | 'depth' | 'background' | 'theme' | 'ambiguous' | 'syncOutput' | 'scrollRegions' | 'mouse' | 'input' | 'ci';

export type TerminalProfile = {
  utf8: boolean;
  /** No cursor addressing: no alternate screen, no cursor moves, no colour (unless forced). */
  dumb: boolean;
  term: string;
  depth: ColorDepth;
  /** The terminal's background as far as it could be told; null when nothing said. */
  background: 'dark' | 'light' | null;
  theme: ThemeName;
  ambiguousWide: boolean;
  syncOutput: boolean;
  scrollRegions: boolean;
  mouse: boolean;
  input: InputSource;
  /** CI or CONTINUOUS_INTEGRATION was set and changed nothing (stdout is a terminal). */
  ciIgnored: boolean;
  isTTY: boolean;
  size: {columns: number; rows: number} | null;
  nodeVersion: string;
  /** Why each field has its value, for --doctor. Pure ASCII. */
  reasons: Record<ProfileField, string>;
};

// ---------------------------------------------------------------------------------------------------------
// Locale

/**
 * UTF-8 or not, as the C library's setlocale(LC_CTYPE, "") and so ncurses and htop decide: the first of
 * LC_ALL, LC_CTYPE, LANG that is set and not empty names the locale; none set is the "C" locale (not
 * UTF-8). The charset is the part after the dot: UTF-8 / utf8 in any case.
 */
export function detectUtf8(env: Env): {utf8: boolean; reason: string} {
  for (const name of ['LC_ALL', 'LC_CTYPE', 'LANG'] as const) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const unset = (['LC_ALL', 'LC_CTYPE', 'LANG'] as const).slice(0, ['LC_ALL', 'LC_CTYPE', 'LANG'].indexOf(name));
    const before = unset.length ? ` (${unset.join(' and ')} not set)` : '';
    const utf8 = isUtf8Locale(value);
    const what = utf8 ? 'a UTF-8 locale' : value === 'C' || value === 'POSIX' ? 'the C locale, not UTF-8' : 'not a UTF-8 locale';
    return {utf8, reason: `${name}=${quote(value)}${before}: ${what}`};
  }
  return {utf8: false, reason: 'LC_ALL, LC_CTYPE and LANG are not set: the C locale, not UTF-8'};
}

function isUtf8Locale(value: string): boolean {
  const dot = value.indexOf('.');
  if (dot === -1) return false;
  const charset = value.slice(dot + 1).split('@')[0];
  return /^utf-?8$/i.test(charset);
}

// ---------------------------------------------------------------------------------------------------------
// Colour depth

/** Colour depth from flags and environment: --color wins, then NO_COLOR, FORCE_COLOR, then the terminal. */
export function detectDepth(when: ColorWhen, env: Env, isTTY: boolean): ColorDepth {
  return depthWithReason(when, env, isTTY).depth;
}

function depthWithReason(when: ColorWhen, env: Env, isTTY: boolean): {depth: ColorDepth; reason: string} {
  if (when === 'never') return {depth: 'none', reason: '--color never'};
  const force = env.FORCE_COLOR;
  if (when === 'auto') {
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return {depth: 'none', reason: `NO_COLOR=${quote(env.NO_COLOR)}`};
    if (force === '0' || force === 'false') return {depth: 'none', reason: `FORCE_COLOR=${quote(force)}`};
    if (force === undefined && !isTTY) return {depth: 'none', reason: 'stdout is not a terminal'};
    if (force === undefined && env.TERM === 'dumb') return {depth: 'none', reason: 'TERM=dumb'};
  }
  const by = when === 'always' ? '--color always' : null;
  if (force === '3') return {depth: 'truecolor', reason: `FORCE_COLOR=3`};
  if (force === '2') return {depth: '256', reason: `FORCE_COLOR=2`};
  if (force === '1' || force === 'true' || force === '') return {depth: '16', reason: `FORCE_COLOR=${quote(force)}`};
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  const prefix = by ? `${by}; ` : '';
  if (colorterm === 'truecolor' || colorterm === '24bit') return {depth: 'truecolor', reason: `${prefix}COLORTERM=${quote(env.COLORTERM!)}`};
  const term = env.TERM ?? '';
  if (/-direct|truecolor/.test(term)) return {depth: 'truecolor', reason: `${prefix}TERM=${quote(term)}`};
  if (/256/.test(term)) return {depth: '256', reason: `${prefix}TERM=${quote(term)}`};
  return {depth: '16', reason: `${prefix}neither COLORTERM nor TERM says more than 16 colours`};
}

// ---------------------------------------------------------------------------------------------------------
// Background

/** WCAG relative luminance of an 8-bit sRGB colour, 0 (black) to 1 (white). */
export function luminance(c: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const x = luminance(a);
  const y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Light when black text would stand out more on it than white text (luminance above ~0.18). */
export function isLightColor(c: Rgb): boolean {
  return contrastRatio(c, [0, 0, 0]) > contrastRatio(c, [255, 255, 255]);
}

/**
 * COLORFGBG ("15;0", or rxvt's "0;default;15"): the last field is the background's colour index. As in vim,
 * 0-6 and 8 are dark; 7 and 9-15 are light; anything else ("default") says nothing.
 */
export function colorFgBgBackground(value: string | undefined): 'dark' | 'light' | null {
  if (!value) return null;
  const last = value.split(';').at(-1)!.trim();
  if (!/^\d{1,2}$/.test(last)) return null;
  const n = Number(last);
  if (n > 15) return null;
  return (n <= 6 || n === 8) ? 'dark' : 'light';
}

function hex2(c: Rgb): string {
  return c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------------------
// Synchronized output

/** Terminals known to honour mode 2026 when the probe had no answer. Not inside tmux or screen (the
 * variables leak in from the outer terminal there, and what counts is the multiplexer). */
function knownSyncTerminal(env: Env): string | null {
  const program = env.TERM_PROGRAM ?? '';
  const term = env.TERM ?? '';
  if (env.TMUX || env.STY || /^(screen|tmux)/.test(term) || program === 'tmux') return null;
  if (['WezTerm', 'ghostty', 'iTerm.app', 'kitty'].includes(program)) return `TERM_PROGRAM=${program}`;
  if (['xterm-kitty', 'xterm-ghostty', 'foot', 'foot-extra', 'contour', 'wezterm'].includes(term)) return `TERM=${term}`;
  if (env.KITTY_WINDOW_ID) return 'KITTY_WINDOW_ID is set (kitty)';
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// What to ask the terminal

export type ProbePlan = {run: boolean; width: boolean; background: boolean; sync: boolean; why: string};

/**
 * Which probe queries to send, given what is already decided. None on a dumb terminal or when stdout or
 * the input is not a terminal; the cursor-position width probe only in a UTF-8 locale without
 * --ambiguous; the background only without --theme. The Linux console prints the text of an OSC it does
 * not know (and of DECRQM), so it gets only the width query (its background is black anyway).
 */
export function probePlan(env: Env, flags: ProfileFlags, isTTY: boolean, input: InputSource): ProbePlan {
  const term = env.TERM ?? '';
  const none = (why: string): ProbePlan => ({run: false, width: false, background: false, sync: false, why});
  if (!isTTY) return none('stdout is not a terminal');
  if (input === 'none') return none('no terminal to read answers from');
  if (isDumb(term)) return none(term ? 'TERM=dumb' : 'TERM is not set');
  const linux = term === 'linux';
  const width = detectUtf8(env).utf8 && !flags.ambiguous;
  const background = !flags.theme && !linux;
  const sync = !linux;
  return {run: width || background || sync, width, background, sync, why: linux ? 'TERM=linux: width only' : ''};
}

function isDumb(term: string): boolean {
  return term === '' || term === 'dumb';
}

/** TERM=dumb or no TERM: no cursor addressing (known before the probe, for TerminalScreen's `modes`). */
export function isDumbTerminal(env: Env): boolean {
  return isDumb(env.TERM ?? '');
}

// ---------------------------------------------------------------------------------------------------------
// The profile

const CI_VARS = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export function decideProfile(input: ProfileInput): TerminalProfile {
  const {env, isTTY} = input;
  const flags = input.flags ?? {};
  const probe = input.probe ?? null;
  const source: InputSource = input.input ?? (isTTY ? 'stdin' : 'none');
  const reasons = {} as Record<ProfileField, string>;

  const locale = detectUtf8(env);
  reasons.locale = locale.reason;

  const term = env.TERM ?? '';
  const dumb = isDumb(term);
  reasons.term = term === '' ? 'TERM is not set: treated as a dumb terminal (no cursor addressing)'
    : dumb ? 'TERM=dumb: no alternate screen, no cursor moves, no colour'
    : `TERM=${quote(term)}: cursor addressing`;

  const when = flags.color ?? 'auto';
  const depth = term === '' && when === 'auto' && env.FORCE_COLOR === undefined && isTTY && !env.NO_COLOR
    ? {depth: 'none' as const, reason: 'TERM is not set'}
    : depthWithReason(when, env, isTTY);
  reasons.depth = depth.reason;

  // Background: the probe's OSC 11 answer, else COLORFGBG, else the Linux console is black, else unknown.
  let background: 'dark' | 'light' | null = null;
  if (probe?.background) {
    background = isLightColor(probe.background) ? 'light' : 'dark';
    reasons.background = `OSC 11 answered #${hex2(probe.background)} (luminance ${luminance(probe.background).toFixed(2)})`;
  } else {
    const fgbg = colorFgBgBackground(env.COLORFGBG);
    const asked = probe ? (probe.answered ? 'OSC 11 not answered' : 'no answer to the probe') : 'not probed';
    if (fgbg) {
      background = fgbg;
      reasons.background = `${asked}; COLORFGBG=${quote(env.COLORFGBG!)}`;
    } else if (term === 'linux') {
      background = 'dark';
      reasons.background = 'TERM=linux: the console background is black';
    } else {
      reasons.background = `${asked}; COLORFGBG ${env.COLORFGBG ? `=${quote(env.COLORFGBG)} says nothing` : 'not set'}`;
    }
  }

  let theme: ThemeName;
  if (depth.depth === 'none') {
    theme = 'mono';
    reasons.theme = flags.theme && flags.theme !== 'mono' ? `no colours (${depth.reason}), so mono, not --theme ${flags.theme}` : `no colours (${depth.reason})`;
  } else if (flags.theme) {
    theme = flags.theme;
    reasons.theme = `--theme ${flags.theme}`;
  } else if (background) {
    theme = background;
    reasons.theme = `from the ${background} background`;
  } else {
    theme = 'dark';
    reasons.theme = 'background unknown: dark (--theme light for a light terminal)';
  }

  let ambiguousWide = false;
  if (flags.ambiguous) {
    ambiguousWide = flags.ambiguous === 'wide';
    reasons.ambiguous = `--ambiguous ${flags.ambiguous}`;
  } else if (!locale.utf8) {
    reasons.ambiguous = 'not a UTF-8 locale: ASCII only, so it does not matter';
  } else if (probe?.cursorColumn === 2 || probe?.cursorColumn === 3) {
    ambiguousWide = probe.cursorColumn === 3;
    reasons.ambiguous = `the cursor moved ${probe.cursorColumn - 1} column${ambiguousWide ? 's' : ''} over U+2500`;
  } else if (probe?.cursorColumn != null) {
    reasons.ambiguous = `odd cursor position answer (column ${probe.cursorColumn}): narrow`;
  } else {
    reasons.ambiguous = `${probe ? (probe.answered ? 'cursor position not answered' : 'no answer to the probe') : 'not probed'}: narrow (--ambiguous wide for a CJK terminal)`;
  }

  let syncOutput = false;
  if (dumb) {
    reasons.syncOutput = 'dumb terminal';
  } else if (probe?.syncMode != null && probe.syncMode >= 1 && probe.syncMode <= 3) {
    syncOutput = true;
    reasons.syncOutput = `DECRQM 2026 answered ${probe.syncMode} (supported)`;
  } else if (probe?.syncMode != null) {
    reasons.syncOutput = `DECRQM 2026 answered ${probe.syncMode} (not supported)`;
  } else {
    const known = knownSyncTerminal(env);
    const asked = probe ? (probe.answered ? 'DECRQM 2026 not answered' : 'no answer to the probe') : 'not probed';
    syncOutput = known !== null;
    reasons.syncOutput = known ? `${asked}; ${known} supports it` : `${asked}; not a terminal known to support it`;
  }

  const scrollRegions = !dumb;
  reasons.scrollRegions = dumb ? 'dumb terminal' : 'DECSTBM (every VT100-class terminal, the Linux console too)';

  let mouse = flags.mouse !== false;
  if (flags.mouse === false) reasons.mouse = '--no-mouse (or mouse = false in the config)';
  else if (dumb) [mouse, reasons.mouse] = [false, 'dumb terminal'];
  else if (!isTTY) [mouse, reasons.mouse] = [false, 'stdout is not a terminal'];
  else if (source === 'none') [mouse, reasons.mouse] = [false, 'no keyboard input to read reports from'];
  else reasons.mouse = 'SGR 1006 reporting; Shift-drag selects text in most terminals, --no-mouse turns it off';

  reasons.input = source === 'stdin' ? 'stdin is a terminal'
    : source === '/dev/tty' ? 'stdin is not a terminal: keys are read from /dev/tty'
    : isTTY ? 'stdin is not a terminal and /dev/tty could not be opened: no keys' : 'not a terminal';

  const seen = CI_VARS.filter((name) => name in env);
  const ciIgnored = seen.length > 0;
  reasons.ci = ciIgnored
    ? `${seen.map((n) => `${n}=${quote(env[n] ?? '')}`).join(', ')} seen and ignored${isTTY ? ' (stdout is a terminal)' : ''}`
    : 'CI and CONTINUOUS_INTEGRATION not set';

  return {
    utf8: locale.utf8, dumb, term, depth: depth.depth, background, theme, ambiguousWide, syncOutput, scrollRegions, mouse,
    input: source, ciIgnored, isTTY, size: input.size ?? null, nodeVersion: input.nodeVersion ?? process.version, reasons,
  };
}

// ---------------------------------------------------------------------------------------------------------
// --doctor

/** Every decision with its value and reason, for bug reports. Pure ASCII whatever the environment holds. */
export function doctorReport(profile: TerminalProfile, columns?: number): string {
  const r = profile.reasons;
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const rows: [string, string, string][] = [
    ['node', profile.nodeVersion, ''],
    ['terminal size', profile.size ? `${profile.size.columns}x${profile.size.rows}` : 'unknown', profile.isTTY ? '' : 'stdout is not a terminal'],
    ['input', profile.input, r.input],
    ['locale', profile.utf8 ? 'UTF-8' : 'not UTF-8 (ASCII output)', r.locale],
    ['TERM', profile.term === '' ? '(not set)' : profile.term, r.term],
    ['colours', profile.depth, r.depth],
    ['background', profile.background ?? 'unknown', r.background],
    ['theme', profile.theme, r.theme],
    ['ambiguous width', profile.ambiguousWide ? 'wide' : 'narrow', r.ambiguous],
    ['synchronized output', yes(profile.syncOutput), r.syncOutput],
    ['scroll regions', yes(profile.scrollRegions), r.scrollRegions],
    ['mouse', profile.mouse ? 'on' : 'off', r.mouse],
    ['CI variables', profile.ciIgnored ? 'ignored' : 'none', r.ci],
  ];
  const pad = Math.max(...rows.map(([name]) => name.length)) + 2;
  // Lines fit the terminal (80 columns when it is not one): a long reason goes on under the value, never wraps
  // back to the first column where it would read as a row of its own.
  const width = Math.max(pad + 8, columns ?? (profile.size?.columns || 80));
  const lines = [...wrapWords('dftop --doctor: how dftop sees this terminal (include this in a bug report)', width), ''];
  for (const [name, value, why] of rows) lines.push(...wrapWords(ascii(`${value}${why ? ` -- ${why}` : ''}`), width - pad).map((text, i) => (i === 0 ? (name + ':').padEnd(pad) : ' '.repeat(pad)) + text));
  return lines.map(ascii).join('\n') + '\n';
}

/** Words into lines of at most `width` characters (ASCII text); a word longer than that is cut. */
function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line) out.push(line);
      out.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      out.push(line);
      line = w;
    }
  }
  out.push(line);
  return out;
}

/** Environment values are shown quoted, with anything unprintable or beyond ASCII escaped. */
function quote(value: string): string {
  return ascii(JSON.stringify(value));
}

function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}
