// The input parser: every read from the terminal split into key, paste and mouse events. Keys that arrive
// together all count ("jjj" is three keys), sequences split across reads still parse, a lone ESC is the
// Escape key only once nothing follows it for a moment (the caller's timer calls flush()), and anything
// the parser does not know (terminal answers arriving late, unknown sequences) is dropped whole, never
// typed as text.

import {StringDecoder} from 'node:string_decoder';

/** Key names as src/ui/keymap.ts uses them: "q", "G", "ctrl+c", "shift+tab", "up", "pagedown", "enter",
 * "escape", "space", "meta+x". Modifiers come in the order ctrl+meta+shift+, e.g. "ctrl+shift+up". */
export type KeyEvent = {type: 'key'; name: string};
export type PasteEvent = {type: 'paste'; text: string};
export type MouseAction = 'press' | 'release' | 'drag' | 'move' | 'wheelUp' | 'wheelDown';
export type MouseButton = 'left' | 'middle' | 'right' | null;
/** x and y are 0-based cells from the top left. */
export type MouseEvent = {type: 'mouse'; action: MouseAction; button: MouseButton; x: number; y: number; shift: boolean; meta: boolean; ctrl: boolean};
export type InputEvent = KeyEvent | PasteEvent | MouseEvent;

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

type Mods = {ctrl?: boolean; meta?: boolean; shift?: boolean};

function keyName(base: string, mods: Mods): string {
  return `${mods.ctrl ? 'ctrl+' : ''}${mods.meta ? 'meta+' : ''}${mods.shift ? 'shift+' : ''}${base}`;
}

/** One typed character (a code point) as a base name and whether Ctrl made it; null for nothing to type. */
function charKey(c: string): {base: string; ctrl?: boolean} | null {
  const code = c.codePointAt(0)!;
  if (c === '\r' || c === '\n') return {base: 'enter'};
  if (c === '\t') return {base: 'tab'};
  if (code === 0x7f || code === 0x08) return {base: 'backspace'};
  if (code === 0x1b) return {base: 'escape'};
  if (code === 0x00) return {base: 'space', ctrl: true};
  if (code < 0x1b) return {base: String.fromCharCode(code + 96), ctrl: true};
  if (code < 0x20) return {base: '\\]^_'[code - 0x1c], ctrl: true};
  if (c === ' ') return {base: 'space'};
  if ((code >= 0x80 && code < 0xa0) || code === 0xfffd) return null;
  return {base: c};
}

function typed(c: string, mods: Mods = {}): KeyEvent | null {
  const k = charKey(c);
  if (!k) return null;
  return {type: 'key', name: keyName(k.base, {...mods, ctrl: mods.ctrl || k.ctrl})};
}

/** A key code from CSI u / modifyOtherKeys with its modifiers. Shift with a letter is the capital. */
function codeKey(code: number, mods: Mods): KeyEvent | null {
  if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) return null;
  const special: Record<number, string> = {13: 'enter', 9: 'tab', 27: 'escape', 127: 'backspace', 8: 'backspace', 32: 'space'};
  if (special[code]) return {type: 'key', name: keyName(special[code], mods)};
  if (code < 0x20) return typed(String.fromCharCode(code), mods);
  let c = String.fromCodePoint(code);
  let shift = mods.shift;
  if (mods.ctrl) {
    // ctrl+c, ctrl+shift+c: Ctrl names the letter in lower case
    if (/^[A-Z]$/.test(c)) [c, shift] = [c.toLowerCase(), true];
  } else if (shift && c.toUpperCase() !== c && c.toUpperCase().length === 1) {
    [c, shift] = [c.toUpperCase(), false]; // Shift with a letter is the capital, as typed
  } else if (shift && !/\p{L}/u.test(c)) {
    shift = false; // shifted punctuation arrives as its own character
  }
  return typed(c, {...mods, shift});
}

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4, meta 8). */
function modifiers(param: number | undefined): Mods {
  const m = param && param > 1 ? param - 1 : 0;
  return {shift: !!(m & 1), meta: !!(m & 2) || !!(m & 8), ctrl: !!(m & 4)};
}

const LETTER_KEYS: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', S: 'f4'};
const TILDE_KEYS: Record<number, string> = {
  1: 'home', 2: 'insert', 3: 'delete', 4: 'end', 5: 'pageup', 6: 'pagedown', 7: 'home', 8: 'end',
  11: 'f1', 12: 'f2', 13: 'f3', 14: 'f4', 15: 'f5', 17: 'f6', 18: 'f7', 19: 'f8', 20: 'f9', 21: 'f10', 23: 'f11', 24: 'f12',
};

/** A mouse report's button byte (SGR or X10, without the X10 offset) as an event; null for what we ignore. */
function mouseEvent(b: number, x: number, y: number, release: boolean): MouseEvent | null {
  if (!Number.isInteger(b) || !Number.isInteger(x) || !Number.isInteger(y) || b < 0) return null;
  const mods = {shift: !!(b & 4), meta: !!(b & 8), ctrl: !!(b & 16)};
  const at = {x: Math.max(0, x - 1), y: Math.max(0, y - 1)};
  if (b & 128) return null; // buttons 8-11 (back, forward)
  if (b & 64) {
    const wheel = b & 3;
    if (wheel > 1) return null; // horizontal wheel
    return {type: 'mouse', action: wheel === 0 ? 'wheelUp' : 'wheelDown', button: null, ...at, ...mods};
  }
  const low = b & 3;
  const button: MouseButton = low === 0 ? 'left' : low === 1 ? 'middle' : low === 2 ? 'right' : null;
  const action: MouseAction = b & 32 ? (button ? 'drag' : 'move') : release || low === 3 ? 'release' : 'press';
  return {type: 'mouse', action, button, ...at, ...mods};
}

/** A complete CSI sequence as events (none for answers and sequences we do not know). */
function csiEvents(params: string, inter: string, final: string): InputEvent[] {
  if (params.startsWith('<') && (final === 'M' || final === 'm') && !inter) {
    const nums = params.slice(1).split(';');
    if (nums.length !== 3 || nums.some((n) => !/^\d+$/.test(n))) return [];
    const e = mouseEvent(Number(nums[0]), Number(nums[1]), Number(nums[2]), final === 'm');
    return e ? [e] : [];
  }
  // Private (?, >, =) sequences and intermediates are terminal answers: DA, DECRPM, kitty's flags.
  if (inter || /^[<=>?]/.test(params)) return [];
  if (!/^[\d;:]*$/.test(params)) return [];
  const fields = params === '' ? [] : params.split(';');
  const nums = fields.map((f) => (f === '' ? undefined : Number(f.split(':')[0])));
  const one = (e: KeyEvent | null) => (e ? [e] : []);
  if (final === 'R') return []; // a cursor position report (also modified F3: not bound)
  if (final === 'Z') return [{type: 'key', name: keyName('tab', {...modifiers(nums[1]), shift: true})}];
  const letter = LETTER_KEYS[final];
  if (letter) return [{type: 'key', name: keyName(letter, modifiers(nums[1]))}];
  if (final === '~') {
    if (nums[0] === 27 && nums.length >= 3) return one(codeKey(nums[2]!, modifiers(nums[1])));
    const name = TILDE_KEYS[nums[0] ?? -1];
    return name ? [{type: 'key', name: keyName(name, modifiers(nums[1]))}] : [];
  }
  if (final === 'u' && nums[0] !== undefined) return one(codeKey(nums[0], modifiers(nums[1])));
  return [];
}

const SS3_KEYS: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', M: 'enter', P: 'f1', Q: 'f2', R: 'f3', S: 'f4'};

type Step = {length: number; events: InputEvent[]} | 'more';

export class InputParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  /** Text of a bracketed paste in progress, or null. */
  private paste: string | null = null;
  /** A string sequence (OSC, DCS, APC) still open at the last flush: dropped at the next. */
  private staleString = false;

  /** Events in the chunk (with what was left over from earlier chunks). */
  feed(chunk: Buffer | string): InputEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.staleString = false;
    return this.parse();
  }

  /** Something is waiting for more input: call flush() if nothing arrives within a short time (30-50 ms). */
  get needsFlush(): boolean {
    return this.paste === null && this.buffer.length > 0;
  }

  /** Nothing more came: a lone ESC is the Escape key, ESC + [ is Alt-[, a cut-off sequence is dropped. A
   * bracketed paste waits for its end. */
  flush(): InputEvent[] {
    const events: InputEvent[] = [];
    while (this.paste === null && this.buffer.length > 0) {
      const b = this.buffer;
      if (b === '\x1b') {
        events.push({type: 'key', name: 'escape'});
        this.buffer = '';
      } else if (b[1] === '\x1b') {
        // ESC ESC with nothing after: two Escapes
        events.push({type: 'key', name: 'escape'});
        this.buffer = b.slice(1);
      } else if (b.length === 2) {
        // ESC [, ESC O, ESC ], ESC P, ESC _ alone: Alt with that key
        events.push(typed(b[1], {meta: true})!);
        this.buffer = '';
      } else if ((b[1] === ']' || b[1] === 'P' || b[1] === '_') && !this.staleString) {
        // A terminal's answer cut between reads: give it one more period before dropping it.
        this.staleString = true;
        break;
      } else {
        this.buffer = '';
        this.staleString = false;
      }
      events.push(...this.parse());
    }
    return events;
  }

  private parse(): InputEvent[] {
    const events: InputEvent[] = [];
    let i = 0;
    const b = this.buffer;
    while (i < b.length) {
      if (this.paste !== null) {
        const end = b.indexOf(PASTE_END, i);
        if (end === -1) {
          // Keep back what may be the start of the end marker.
          let keep = 0;
          for (let k = Math.min(PASTE_END.length - 1, b.length - i); k > 0; k--) {
            if (b.endsWith(PASTE_END.slice(0, k))) {
              keep = k;
              break;
            }
          }
          this.paste += b.slice(i, b.length - keep);
          i = b.length - keep;
          break;
        }
        this.paste += b.slice(i, end);
        const text = cleanPaste(this.paste);
        this.paste = null;
        if (text) events.push({type: 'paste', text});
        i = end + PASTE_END.length;
        continue;
      }
      if (b[i] !== '\x1b') {
        const c = String.fromCodePoint(b.codePointAt(i)!);
        const e = typed(c);
        if (e) events.push(e);
        i += c.length;
        continue;
      }
      const step = this.escape(b, i);
      if (step === 'more') break;
      events.push(...step.events);
      i += step.length;
    }
    this.buffer = b.slice(i);
    return events;
  }

  /** The escape sequence at b[i] (b[i] is ESC). */
  private escape(b: string, i: number): Step {
    if (i + 1 >= b.length) return 'more';
    const next = b[i + 1];
    const rest = b.slice(i);
    if (next === '[') {
      if (rest.startsWith('\x1b[M')) {
        // X10 mouse: three raw bytes follow (only when the terminal ignores SGR 1006)
        if (rest.length < 6) return 'more';
        const e = mouseEvent(rest.charCodeAt(3) - 32, rest.charCodeAt(4) - 32, rest.charCodeAt(5) - 32, false);
        return {length: 6, events: e ? [e] : []};
      }
      const m = /^\x1b\[([\x30-\x3f]*)([\x20-\x2f]*)([\x40-\x7e])/.exec(rest);
      if (!m) {
        const partial = /^\x1b\[[\x30-\x3f]*[\x20-\x2f]*/.exec(rest)![0];
        if (partial.length === rest.length) return 'more';
        return {length: partial.length, events: []}; // broken off by a control character: drop
      }
      if (m[1] === '200' && m[3] === '~' && !m[2]) {
        this.paste = '';
        return {length: m[0].length, events: []};
      }
      return {length: m[0].length, events: csiEvents(m[1], m[2], m[3])};
    }
    if (next === 'O') {
      if (rest.length < 3) return 'more';
      const m = /^\x1bO([\d;]*)([\x40-\x7e])/.exec(rest);
      if (!m) {
        if (/^\x1bO[\d;]*$/.test(rest)) return 'more';
        return {length: 2, events: [typed('O', {meta: true})!]};
      }
      const name = SS3_KEYS[m[2]];
      const mods = modifiers(m[1] ? Number(m[1].split(';').at(-1)) : undefined);
      return {length: m[0].length, events: name ? [{type: 'key', name: keyName(name, mods)}] : []};
    }
    if (next === ']' || next === 'P' || next === '_') {
      // OSC, DCS, APC: terminal answers. Ended by BEL (OSC), ST (ESC \), CAN or SUB; another ESC ends it too.
      for (let k = 2; k < rest.length; k++) {
        const c = rest[k];
        if (c === '\x07' || c === '\x18' || c === '\x1a') return {length: k + 1, events: []};
        if (c === '\x1b') {
          if (k + 1 >= rest.length) return 'more';
          return {length: rest[k + 1] === '\\' ? k + 2 : k, events: []};
        }
      }
      return 'more';
    }
    if (next === '\x1b') {
      // ESC ESC [ A is Alt-Up on some terminals; ESC ESC otherwise is Escape, then whatever follows.
      if (rest.length < 3) return 'more';
      if (rest[2] === '[' || rest[2] === 'O') {
        const inner = this.escape(b, i + 1);
        if (inner === 'more') return 'more';
        if (this.paste !== null) return {length: 1 + inner.length, events: []};
        const events = inner.events.map((e) => (e.type === 'key' && !e.name.includes('meta+') ? {type: 'key' as const, name: addMeta(e.name)} : e));
        return {length: 1 + inner.length, events};
      }
      return {length: 1, events: [{type: 'key', name: 'escape'}]};
    }
    // Alt with a key: ESC and the key's character.
    const c = String.fromCodePoint(b.codePointAt(i + 1)!);
    const e = typed(c, {meta: true});
    return {length: 1 + c.length, events: e ? [e] : []};
  }
}

function addMeta(name: string): string {
  const ctrl = name.startsWith('ctrl+');
  return ctrl ? 'ctrl+meta+' + name.slice(5) : 'meta+' + name;
}

/** Pasted text with line ends as \n and no control characters but tab (a paste cannot type escapes). */
function cleanPaste(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** A convenience: parse everything the stream sends, with the Escape timer. */
export type InputReader = {parser: InputParser; dispose(): void};

type Readable = {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
};

/**
 * Reads `stream`, handing every event to `onEvent`. `initial` (the probe's leftover bytes) is parsed first,
 * synchronously. A lone ESC (or a sequence cut off) is resolved after `escapeTimeoutMs` of quiet.
 */
export function attachInput(
  stream: Readable,
  onEvent: (event: InputEvent) => void,
  options: {escapeTimeoutMs?: number; initial?: Buffer | string} = {},
): InputReader {
  const parser = new InputParser();
  const wait = options.escapeTimeoutMs ?? 40;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  const deliver = (events: InputEvent[]) => {
    for (const e of events) {
      if (disposed) return;
      onEvent(e);
    }
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!parser.needsFlush || disposed) return;
    timer = setTimeout(() => {
      timer = null;
      deliver(parser.flush());
      arm();
    }, wait);
    timer.unref?.();
  };
  const onData = (chunk: Buffer | string) => {
    deliver(parser.feed(chunk));
    arm();
  };
  if (options.initial && options.initial.length > 0) onData(options.initial);
  stream.on('data', onData);
  stream.resume?.();
  return {
    parser,
    dispose() {
      if (disposed) return;
      disposed = true;
      if (timer) clearTimeout(timer);
      stream.off('data', onData);
      stream.pause?.();
    },
  };
}
