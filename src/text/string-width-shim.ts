import stripAnsi from 'strip-ansi';
import {displayWidth} from './width.js';

// string-width for Ink and its dependencies: scripts/build.mjs bundles this module in place of every copy of
// string-width (Ink, widest-line, cli-truncate and wrap-ansi bring three versions), so that the bundle has the
// project's one width function (src/text/width.ts, which follows string-width's rules) and none of their
// RGI-emoji expressions: each is built from ICU's emoji data when its module is evaluated (~40 ms of the
// start-up, and memory kept for the run). East-Asian ambiguous characters are measured by the process-wide
// setting, as everything else on the screen is.

export type Options = {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean};

export default function stringWidth(text: unknown, options: Options = {}): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  return displayWidth(options.countAnsiEscapeCodes ? text : stripAnsi(text));
}
