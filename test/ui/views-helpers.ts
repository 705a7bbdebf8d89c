// Shared by the view tests: feeds from fixtures, painters, and lines as plain text.
import type {ProfileEntry} from '../../src/api/profiles.js';
import {applySnapshot} from '../../src/model/feed.js';
import {normaliseData} from '../../src/model/normalise.js';
import {normaliseProfile, type VisitorProfile} from '../../src/model/profile.js';
import type {Feed} from '../../src/model/types.js';
import {paint} from '../../src/text/style.js';
import {THEME, type Painter} from '../../src/ui/theme.js';
import type {Lines} from '../../src/ui/views/common.js';
import {fixture} from '../helpers/fixtures.js';

export const SIZES = [[80, 24], [120, 40], [200, 60]] as const;

export const painter = (ascii = false): Painter => ({theme: THEME, depth: 'none', ascii});

export function feedOf(name: string, at = '2026-11-20T14:10:00Z', previous: Feed | null = null): Feed {
  return applySnapshot(previous, normaliseData(fixture(name).data, new Date(at), null));
}

export const text = (lines: Lines): string[] => lines.map((l) => paint(l, 'none'));
export const joined = (lines: Lines): string => text(lines).join('\n');

export function profileEntry(name: string, patch: Partial<ProfileEntry<VisitorProfile>> = {}): ProfileEntry<VisitorProfile> {
  return {value: normaliseProfile(fixture(name).data), loadedAt: 0, page: null, pending: null, failure: null, error: null, failedAt: null, ...patch};
}

/** Every line has exactly `width` columns (all text here is one column a character). */
export function expectBox(lines: Lines, width: number, height: number): void {
  if (lines.length !== height) throw new Error(`expected ${height} lines, got ${lines.length}`);
  for (const l of text(lines)) if ([...l].length !== width) throw new Error(`line of ${[...l].length} columns, expected ${width}: ${JSON.stringify(l)}`);
}
