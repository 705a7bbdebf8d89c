// Text from the network is untrusted: visitors choose their URLs, names and goal parameters.
// Everything passes through here before it reaches a frame or a snapshot.

// Escape sequences, 7-bit and 8-bit forms. String-type sequences (OSC, DCS, SOS, PM, APC) run to
// their terminator, or to the end of the text when a hostile sender leaves them open.
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?/g;
const OTHER_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// C0, DEL, C1, bidirectional marks/overrides/isolates, zero-width and invisible formatting characters.
const INVISIBLE =
  /[\x00-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb]/g;
/** Printable ASCII only: text that sanitise() returns unchanged. */
export const SAFE_ASCII = /^[\x20-\x7e]*$/;

export function sanitise(text: string): string {
  if (SAFE_ASCII.test(text)) return text;
  return wellFormed(
    text
      .replace(STRING_SEQUENCE, '')
      .replace(CSI_SEQUENCE, '')
      .replace(OTHER_ESCAPE, '')
      .replace(WHITESPACE_CONTROLS, ' ')
      .replace(INVISIBLE, ''),
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const nativeWellFormed = (String.prototype as {toWellFormed?: (this: string) => string}).toWellFormed;

/**
 * Lone surrogates become U+FFFD, as a terminal draws them: measured as zero columns they would wrap rows.
 * `String.prototype.toWellFormed` exists from Node 20; the expression is the fallback.
 */
export function wellFormed(text: string): string {
  return nativeWellFormed ? nativeWellFormed.call(text) : text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * At most `max` UTF-16 code units, never ending in half of a surrogate pair (the pair is dropped whole rather
 * than turned into U+FFFD).
 */
export function cutCodeUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}


// JSON.stringify escapes C0 but not C1 or bidi controls; a terminal showing NDJSON must not act on them.
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    JSON_UNSAFE,
    (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}
