// Flags are declared once here; parsing, validation and `--help` all read this table.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type FlagKind = 'boolean' | 'string' | 'number';
/** `repeatable` string flags collect every value in order (`--alert a --alert b` → ['a', 'b']). */
/** `min`/`max` bound numbers (config-file values too, through `inRange`); `short` is a one-letter alias (`-h`). */
export type FlagSpec = {
  name: string;
  kind: FlagKind;
  value?: string;
  help: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  integer?: boolean;
  repeatable?: boolean;
  short?: string;
};

export const CHARSETS = ['braille', 'block', 'ascii'] as const;
export const THEMES = ['dark', 'light', 'mono'] as const;
export const AMBIGUOUS = ['narrow', 'wide'] as const;
export const PROJECTIONS = ['natural-earth', 'equirectangular'] as const;
export const COLOR_WHEN = ['auto', 'always', 'never'] as const;
export const SHAPES = ['objects', 'strings'] as const;
/** The demo's simulated site: beyond this the simulation, not dftop, is what a benchmark would measure. */
export const MAX_DEMO_VISITORS = 200_000;

export const MONITOR_FLAGS: readonly FlagSpec[] = [
  {name: 'demo', kind: 'boolean', help: 'poll the built-in demo API (no key needed)'},
  {name: 'once', kind: 'boolean', help: 'one poll, print a snapshot, exit'},
  {name: 'json', kind: 'boolean', help: 'print NDJSON, one line per poll (with --once: one line)'},
  {name: 'base-url', kind: 'string', value: 'URL', help: 'API base (default https://datafa.st; env DATAFAST_API_BASE)'},
  {name: 'website-id', kind: 'string', value: 'ID', help: 'website for a dft_ account token (env DATAFAST_WEBSITE_ID)'},
  {name: 'api-key-file', kind: 'string', value: 'PATH', help: 'read the key from a file (else env DATAFAST_API_KEY)'},
  {name: 'interval', kind: 'number', value: 'SECONDS', min: 0.1, max: 3600, help: 'seconds between polls (default 5; at least 2 against DataFast)'},
  {name: 'timeout', kind: 'number', value: 'SECONDS', min: 0.1, max: 300, help: 'seconds before a request is abandoned (default 10)'},
  {name: 'width', kind: 'number', value: 'COLS', min: 1, max: 1000, integer: true, help: 'snapshot width (default: terminal, else 100)'},
  {name: 'height', kind: 'number', value: 'ROWS', min: 1, max: 1000, integer: true, help: 'snapshot height (default: terminal, else 30)'},
  {name: 'color', kind: 'string', value: 'WHEN', choices: COLOR_WHEN, help: 'auto, always or never (NO_COLOR and FORCE_COLOR honoured)'},
  {name: 'charset', kind: 'string', value: 'SET', choices: CHARSETS, help: 'map glyphs: braille, block or ascii (default: braille; ascii on TERM=linux/dumb)'},
  {name: 'projection', kind: 'string', value: 'NAME', choices: PROJECTIONS, help: 'natural-earth (default) or equirectangular'},
  {name: 'filter', kind: 'string', value: 'EXPR', help: 'start with this filter, e.g. "cc:DE page:/pricing" (also in --once and --json)'},
  {name: 'theme', kind: 'string', value: 'NAME', choices: THEMES, help: 'dark, light or mono (default: from the terminal\'s background)'},
  {name: 'ambiguous', kind: 'string', value: 'WIDTH', choices: AMBIGUOUS, help: 'East-Asian ambiguous characters are drawn narrow or wide (default: asked of the terminal)'},
  {name: 'no-mouse', kind: 'boolean', help: 'leave the mouse to the terminal (its own selection); also config "mouse": false'},
  {name: 'doctor', kind: 'boolean', help: 'print what was detected about this terminal and why, for bug reports'},
  {name: 'privacy', kind: 'boolean', help: 'hide names and emails (for screen sharing)'},
  {name: 'bell', kind: 'boolean', help: 'ring the terminal bell on a new payment (same as --alert payment)'},
  {name: 'alert', kind: 'string', value: 'RULE', repeatable: true, help: 'alert on payment, payment>=AMOUNT, goal, goal=NAME, customer, visitors>N, visitors<N (repeatable)'},
  {name: 'alert-command', kind: 'string', value: 'CMD', help: 'run CMD (no shell) for each alert, the alert as JSON on stdin'},
  {name: 'record', kind: 'string', value: 'FILE', help: 'append every answer to FILE as NDJSON (FILE.gz: compressed); mode 0600'},
  {name: 'record-max', kind: 'string', value: 'SIZE', help: 'rotate the recording past SIZE (e.g. 50M): FILE becomes FILE.1'},
  {name: 'demo-visitors', kind: 'number', value: 'N', min: 0, max: MAX_DEMO_VISITORS, integer: true, help: 'with --demo: average active visitors (default 60)'},
  {name: 'help', kind: 'boolean', short: 'h', help: 'show this help'},
  {name: 'version', kind: 'boolean', short: 'v', help: 'print the version'},
];

export const DEMO_SERVER_FLAGS: readonly FlagSpec[] = [
  {name: 'port', kind: 'number', value: 'N', min: 0, max: 65535, integer: true, help: 'port on 127.0.0.1 (default: a free one)'},
  {name: 'shape', kind: 'string', value: 'SHAPE', choices: SHAPES, help: 'visitor shape: objects (older docs) or strings (newer docs)'},
  {name: 'seed', kind: 'number', value: 'N', integer: true, min: 0, max: 2 ** 32 - 1, help: 'seed for deterministic output'},
  {name: 'visitors', kind: 'number', value: 'N', integer: true, min: 0, max: MAX_DEMO_VISITORS, help: 'average active visitors (default 60)'},
  {name: 'steady', kind: 'boolean', help: 'keep the number of visitors steady (no slow swell), for benchmarks'},
  {name: 'faults', kind: 'string', value: 'LIST', help: 'answers to cycle through, e.g. ok,429,500,reset (testing)'},
  {name: 'help', kind: 'boolean', short: 'h', help: 'show this help'},
];

const KEY_FLAGS: readonly FlagSpec[] = [
  {name: 'base-url', kind: 'string', value: 'URL', help: 'API base (default https://datafa.st; env DATAFAST_API_BASE)'},
  {name: 'api-key-file', kind: 'string', value: 'PATH', help: 'read the key from a file (else env DATAFAST_API_KEY)'},
  {name: 'timeout', kind: 'number', value: 'SECONDS', min: 0.1, max: 300, help: 'seconds before a request is abandoned (default 10)'},
  {name: 'demo', kind: 'boolean', help: 'ask the built-in demo API (no key needed)'},
];

export const SITES_FLAGS: readonly FlagSpec[] = [
  {name: 'json', kind: 'boolean', help: 'print the list as one JSON line'},
  ...KEY_FLAGS,
  {name: 'help', kind: 'boolean', short: 'h', help: 'show this help'},
];

export const STATUS_FLAGS: readonly FlagSpec[] = [
  {name: 'format', kind: 'string', value: 'TEMPLATE', help: 'the line, with {site} {active} {delta} {revenue} {lastPayment} {age} {state} …'},
  {name: 'tmux', kind: 'boolean', help: 'colour with tmux style codes (#[fg=…]) for status-left/right'},
  {name: 'max-age', kind: 'number', value: 'SECONDS', min: 0, help: 'reuse the cached answer while younger than this (default 10)'},
  {name: 'website-id', kind: 'string', value: 'ID', help: 'website for a dft_ account token (env DATAFAST_WEBSITE_ID)'},
  ...KEY_FLAGS,
  {name: 'help', kind: 'boolean', short: 'h', help: 'show this help'},
];

export const REPLAY_FLAGS: readonly FlagSpec[] = [
  {name: 'speed', kind: 'number', value: 'N', min: 0.01, help: 'play N times as fast as recorded (default 1)'},
  {name: 'from', kind: 'string', value: 'TIME', help: 'start at TIME (ISO, HH:MM[:SS] on the first day, or +MINUTES from the start)'},
  {name: 'at', kind: 'string', value: 'TIME', help: 'with --once or --json: the moment to print (default the end)'},
  {name: 'once', kind: 'boolean', help: 'print the snapshot at --at and exit'},
  {name: 'json', kind: 'boolean', help: 'print the snapshot at --at as one JSON line'},
  {name: 'width', kind: 'number', value: 'COLS', min: 1, max: 1000, integer: true, help: 'snapshot width (default: terminal, else 100)'},
  {name: 'height', kind: 'number', value: 'ROWS', min: 1, max: 1000, integer: true, help: 'snapshot height (default: terminal, else 30)'},
  {name: 'color', kind: 'string', value: 'WHEN', choices: COLOR_WHEN, help: 'auto, always or never'},
  {name: 'charset', kind: 'string', value: 'SET', choices: CHARSETS, help: 'map glyphs: braille, block or ascii'},
  {name: 'projection', kind: 'string', value: 'NAME', choices: PROJECTIONS, help: 'natural-earth (default) or equirectangular'},
  {name: 'privacy', kind: 'boolean', help: 'hide names and emails'},
  {name: 'help', kind: 'boolean', short: 'h', help: 'show this help'},
];

export type Parsed = Record<string, string | number | boolean | string[] | undefined>;

/** Where the flags are parsed, for messages: the command's name and the other commands' flag tables. */
export type ParseContext = {command: string; others?: readonly {command: string; specs: readonly FlagSpec[]}[]};

/** The command a flag table belongs to (from COMMANDS), and the other commands' tables. */
function contextOf(specs: readonly FlagSpec[]): ParseContext {
  const own = COMMANDS.find((c) => c.specs === specs);
  const command = own ? own.usage.split(' ').slice(0, 2).join(' ') : 'dftop';
  const others = COMMANDS.filter((c) => c !== own).map((c) => ({command: c.usage.split(' ').slice(0, 2).join(' '), specs: c.specs}));
  return {command, others};
}

/** The subcommands' names (`demo-server`, …), for "did you mean" on a misspelt one. */
export function subcommands(): string[] {
  return COMMANDS.map((c) => c.usage.split(' ')[1]).filter((w): w is string => w !== undefined);
}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], context: ParseContext = contextOf(specs)): Parsed {
  const out: Parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let spec: FlagSpec | undefined;
    let eq = -1;
    if (/^-[A-Za-z]$/.test(arg)) {
      spec = specs.find((s) => s.short === arg[1]);
      if (!spec) throw new UsageError(`unknown flag ${arg}${shortHint(specs, context)}`);
    } else if (arg.startsWith('--') && arg.length > 2) {
      eq = arg.indexOf('=');
      const flag = arg.slice(2, eq === -1 ? undefined : eq);
      spec = specs.find((s) => s.name === flag);
      if (!spec) throw new UsageError(unknownFlag(`--${flag}`, flag, specs, context));
    } else if (/^-[A-Za-z][A-Za-z-]+(=.*)?$/.test(arg)) {
      // `-interval`: a long flag written with one dash.
      const flag = arg.slice(1).split('=')[0];
      throw new UsageError(unknownFlag(`-${flag}`, flag, specs, context));
    } else {
      throw i === 0 && context.command === 'dftop' ? unexpectedArgument(arg, subcommands()) : new UsageError(`unexpected argument "${arg}"`);
    }
    const name = spec.name;
    if (spec.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value (${spec.value})`);
    }
    const converted = convert(spec, value);
    out[name] = spec.repeatable ? [...((out[name] as string[] | undefined) ?? []), String(converted)] : converted;
  }
  return out;
}

function convert(spec: FlagSpec, value: string): string | number {
  if (spec.kind === 'number') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${spec.name} must be a number, not "${value}"`);
    if (spec.integer && !Number.isInteger(n)) throw new UsageError(`--${spec.name} must be a whole number, not "${value}"`);
    checkRange(spec, n);
    return n;
  }
  if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, not "${value}"`);
  if (value === '') throw new UsageError(`--${spec.name} needs a value (${spec.value})`);
  return value;
}

function checkRange(spec: FlagSpec, n: number): void {
  const {min, max} = spec;
  const unit = spec.value === 'SECONDS' ? ' seconds' : '';
  if (min !== undefined && max !== undefined && (n < min || n > max)) throw new UsageError(`--${spec.name} must be between ${min} and ${max}${unit}, not ${n}`);
  if (min !== undefined && n < min) throw new UsageError(`--${spec.name} must be at least ${min}${unit}`);
  if (max !== undefined && n > max) throw new UsageError(`--${spec.name} must be at most ${max}${unit}`);
}

/** A number from elsewhere (the config file) checked against the flag's range; the message names the flag. */
export function inRange(name: string, n: number, specs: readonly FlagSpec[] = MONITOR_FLAGS): number {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no flag --${name}`);
  checkRange(spec, n);
  return n;
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions, no substring edited
 * twice): `inteval`→`interval` 1, `itnerval`→`interval` 1.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest name within two edits (the first of equals), else the only name it begins, else null. */
export function closest(word: string, names: readonly string[]): string | null {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = 3;
  for (const name of names) {
    const distance = editDistance(lower, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  if (best !== null) return best;
  const prefixed = lower.length >= 3 ? names.filter((n) => n.startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0] : null;
}

function unknownFlag(shown: string, flag: string, specs: readonly FlagSpec[], context: ParseContext): string {
  const exact = specs.find((s) => s.name === flag.toLowerCase());
  if (exact) return `unknown flag ${shown}; did you mean --${exact.name}?`;
  const elsewhere = context.others?.find((o) => o.specs.some((s) => s.name === flag));
  if (elsewhere) return `--${flag} is a flag of \`${elsewhere.command}\`, not of \`${context.command}\``;
  const suggestion = closest(flag, specs.map((s) => s.name));
  return `unknown flag ${shown}${suggestion ? `; did you mean --${suggestion}?` : ''} (see ${context.command} --help)`;
}

function shortHint(specs: readonly FlagSpec[], context: ParseContext): string {
  const shorts = specs.filter((s) => s.short).map((s) => `-${s.short}`);
  return ` (${context.command} takes ${shorts.length ? shorts.join(' and ') + ' and ' : ''}long flags only; see ${context.command} --help)`;
}

/** A word where a command or flag was expected: suggests the command it is probably a misspelling of. */
export function unexpectedArgument(word: string, commands: readonly string[]): UsageError {
  const suggestion = /^[A-Za-z-]+$/.test(word) ? closest(word, commands) : null;
  return new UsageError(`unexpected argument "${word}"${suggestion ? `; did you mean \`dftop ${suggestion}\`?` : ''}`);
}

function flagLines(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `  ${s.short ? `-${s.short}, ` : ''}--${s.name}${s.value ? ' ' + s.value : ''}`);
  const pad = Math.max(...left.map((l) => l.length)) + 2;
  return left.map((l, i) => l.padEnd(pad) + specs[i].help).join('\n');
}

const USAGE_WIDTH = 100;

/** `prefix [--a] [--b VALUE] …` wrapped under itself at USAGE_WIDTH columns; -h/--help and -v/--version have their own line. */
export function usageLines(prefix: string, specs: readonly FlagSpec[]): string[] {
  const words = specs
    .filter((s) => s.name !== 'help' && s.name !== 'version')
    .map((s) => `[--${s.name}${s.value ? ' ' + (s.choices && s.choices.join('|').length <= 16 ? s.choices.join('|') : s.value) : ''}]${s.repeatable ? '...' : ''}`);
  const indent = ' '.repeat(prefix.length + 1);
  const lines: string[] = [];
  let current = prefix;
  for (const word of words) {
    if (current.length + 1 + word.length > USAGE_WIDTH && current !== prefix) {
      lines.push(current);
      current = indent + word;
    } else current += ' ' + word;
  }
  lines.push(current);
  return lines;
}

/** Every command with its flag table: `--help`'s usage lines and sections are generated from these. */
export const COMMANDS: readonly {usage: string; title: string; specs: readonly FlagSpec[]}[] = [
  {usage: 'dftop', title: 'Monitor flags', specs: MONITOR_FLAGS},
  {usage: 'dftop demo-server', title: 'demo-server flags (the demo API alone)', specs: DEMO_SERVER_FLAGS},
  {usage: 'dftop sites', title: 'sites flags (the websites of a dft_ account token)', specs: SITES_FLAGS},
  {usage: 'dftop status', title: 'status flags (one line for tmux or a prompt)', specs: STATUS_FLAGS},
  {usage: 'dftop replay FILE', title: 'replay flags (play a --record file back)', specs: REPLAY_FLAGS},
];

/** The usage block, one command after another (README's "Command line" section shows the same lines). */
export function usage(): string {
  return [...COMMANDS.flatMap((c) => usageLines(c.usage, c.specs)), 'dftop -h | --help | -v | --version'].join('\n');
}

export function helpText(version: string): string {
  return `dftop ${version} — live terminal monitor for DataFast analytics

Usage:
${usage().replace(/^/gm, '  ')}

${COMMANDS.map((c) => `${c.title}:\n${flagLines(c.specs)}`).join('\n\n')}

Environment:
  DATAFAST_API_KEY      the key (also DATAFAST_TOKEN, DATAFAST_SITE_KEY); never passed as a flag
  DATAFAST_WEBSITE_ID   website id for dft_ tokens
  DATAFAST_API_BASE     API base URL
  NO_COLOR, FORCE_COLOR colour control;  DEBUG=dftop  stack traces on errors

Config: $XDG_CONFIG_HOME/dftop/config.json (else ~/.config/dftop/config.json), keys:
  apiKey websiteId baseUrl interval timeout color charset projection privacy bell alerts alertCommand

Exit codes: 0 ok · 1 runtime failure · 2 usage or configuration · 3 authentication/permission · 4 website not found
`;
}
