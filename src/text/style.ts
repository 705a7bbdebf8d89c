import {displayWidth, truncate} from './width.js';
// Styled text as plain data: runs of text with a style, turned into SGR sequences for one colour depth.
// The map, the tables and the snapshot all produce runs; only `paint` knows about escape codes.

export type Rgb = readonly [number, number, number];
export type Style = {readonly fg?: Rgb; readonly bg?: Rgb; readonly bold?: boolean; readonly dim?: boolean; readonly inverse?: boolean; readonly underline?: boolean};
export type Run = {text: string; style: Style | null};
export type ColorDepth = 'none' | '16' | '256' | 'truecolor';

const STANDARD_16: readonly Rgb[] = [
  [0, 0, 0], [205, 49, 49], [13, 188, 121], [229, 229, 16], [36, 114, 200], [188, 63, 188], [17, 168, 205], [229, 229, 229],
  [102, 102, 102], [241, 76, 76], [35, 209, 139], [245, 245, 67], [59, 142, 234], [214, 112, 214], [41, 184, 219], [255, 255, 255],
];

function nearest16(c: Rgb): number {
  let best = 0;
  let bestD = Infinity;
  STANDARD_16.forEach((s, i) => {
    const d = (s[0] - c[0]) ** 2 + (s[1] - c[1]) ** 2 + (s[2] - c[2]) ** 2;
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}

const cube = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.min(5, Math.floor((v - 35) / 40)));
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

function to256(c: Rgb): number {
  const [r, g, b] = c.map(cube);
  const cubeColor: Rgb = [CUBE_LEVELS[r], CUBE_LEVELS[g], CUBE_LEVELS[b]];
  const grey = Math.round(((c[0] + c[1] + c[2]) / 3 - 8) / 10);
  const greyIndex = Math.max(0, Math.min(23, grey));
  const greyValue = 8 + greyIndex * 10;
  const dCube = (cubeColor[0] - c[0]) ** 2 + (cubeColor[1] - c[1]) ** 2 + (cubeColor[2] - c[2]) ** 2;
  const dGrey = (greyValue - c[0]) ** 2 + (greyValue - c[1]) ** 2 + (greyValue - c[2]) ** 2;
  return dGrey < dCube ? 232 + greyIndex : 16 + 36 * r + 6 * g + b;
}

function colorCode(c: Rgb, depth: ColorDepth, background: boolean): string {
  if (depth === 'truecolor') return `${background ? 48 : 38};2;${c[0]};${c[1]};${c[2]}`;
  if (depth === '256') return `${background ? 48 : 38};5;${to256(c)}`;
  const n = nearest16(c);
  return String((background ? 40 : 30) + (n % 8) + (n >= 8 ? 60 : 0));
}

const sgrCache = new Map<string, string>();

/** The opening SGR for a style at a depth; '' when there is nothing to set (or no colour at all). */
export function sgr(style: Style | null, depth: ColorDepth): string {
  if (!style || depth === 'none') return '';
  const key = `${depth}|${style.fg ?? ''}|${style.bg ?? ''}|${style.bold ? 1 : 0}${style.dim ? 1 : 0}${style.inverse ? 1 : 0}${style.underline ? 1 : 0}`;
  let out = sgrCache.get(key);
  if (out === undefined) {
    const codes: string[] = [];
    if (style.bold) codes.push('1');
    if (style.dim) codes.push('2');
    if (style.underline) codes.push('4');
    if (style.inverse) codes.push('7');
    if (style.fg) codes.push(colorCode(style.fg, depth, false));
    if (style.bg) codes.push(colorCode(style.bg, depth, true));
    out = codes.length ? `\x1b[${codes.join(';')}m` : '';
    sgrCache.set(key, out);
  }
  return out;
}

export const RESET = '\x1b[0m';

/** Runs to a string; adjacent runs with the same SGR share one sequence. */
export function paint(runs: readonly Run[], depth: ColorDepth): string {
  if (depth === 'none') {
    let plain = '';
    for (const r of runs) plain += r.text;
    return plain;
  }
  let out = '';
  let open = '';
  for (const run of runs) {
    const code = sgr(run.style, depth);
    if (code !== open) {
      if (open) out += RESET;
      out += code;
      open = code;
    }
    out += run.text;
  }
  return open ? out + RESET : out;
}

/** Appends text to a run list, merging with the last run when the style is the same object. */
export function pushRun(runs: Run[], text: string, style: Style | null): void {
  if (!text) return;
  const last = runs[runs.length - 1];
  if (last && last.style === style) last.text += text;
  else runs.push({text, style});
}


/**
 * Pads or cuts a run list to exactly `width` columns (cutting by display width, never mid-grapheme). Runs that
 * are exactly `width` columns already come back as they are, the same array (run lists are never changed once
 * made).
 */
export function fitRuns(runs: readonly Run[], width: number, fill: Style | null = null): Run[] {
  let used = 0;
  let i = 0;
  for (; i < runs.length && used < width; i++) {
    const w = displayWidth(runs[i].text);
    if (used + w > width) break;
    used += w;
  }
  if (i === runs.length && used === width) return runs as Run[];
  const out: Run[] = runs.slice(0, i);
  for (; i < runs.length; i++) {
    const run = runs[i];
    if (used >= width) break;
    const w = displayWidth(run.text);
    if (used + w <= width) {
      out.push(run);
      used += w;
    } else {
      const cut = truncate(run.text, width - used);
      out.push({text: cut, style: run.style});
      used += displayWidth(cut);
    }
  }
  if (used < width) out.push({text: ' '.repeat(width - used), style: fill});
  return out;
}
