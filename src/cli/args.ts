// Flags are declared once here; parsing, validation and `--help` all read this table.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type FlagKind = 'boolean' | 'string' | 'number';
/** `repeatable` string flags collect every value in order (`--alert a --alert b` → ['a', 'b']). */
type FlagSpec = {name: string; kind: FlagKind; value?: string; help: string; choices?: readonly string[]; min?: number; integer?: boolean; repeatable?: boolean};

export const CHARSETS = ['braille', 'block', 'ascii'] as const;
export const PROJECTIONS = ['natural-earth', 'equirectangular'] as const;
export const COLOR_WHEN = ['auto', 'always', 'never'] as const;
export const SHAPES = ['objects', 'strings'] as const;

export const MONITOR_FLAGS: readonly FlagSpec[] = [
  {name: 'demo', kind: 'boolean', help: 'poll the built-in demo API (no key needed)'},
  {name: 'once', kind: 'boolean', help: 'one poll, print a snapshot, exit'},
  {name: 'json', kind: 'boolean', help: 'print NDJSON, one line per poll (with --once: one line)'},
  {name: 'base-url', kind: 'string', value: 'URL', help: 'API base (default https://datafa.st; env DATAFAST_API_BASE)'},
  {name: 'website-id', kind: 'string', value: 'ID', help: 'website for a dft_ account token (env DATAFAST_WEBSITE_ID)'},
  {name: 'api-key-file', kind: 'string', value: 'PATH', help: 'read the key from a file (else env DATAFAST_API_KEY)'},
  {name: 'interval', kind: 'number', value: 'SECONDS', min: 0.1, help: 'seconds between polls (default 5; at least 2 against DataFast)'},
  {name: 'timeout', kind: 'number', value: 'SECONDS', min: 0.1, help: 'seconds before a request is abandoned (default 10)'},
  {name: 'width', kind: 'number', value: 'COLS', min: 1, integer: true, help: 'snapshot width (default: terminal, else 100)'},
  {name: 'height', kind: 'number', value: 'ROWS', min: 1, integer: true, help: 'snapshot height (default: terminal, else 30)'},
  {name: 'color', kind: 'string', value: 'WHEN', choices: COLOR_WHEN, help: 'auto, always or never (NO_COLOR and FORCE_COLOR honoured)'},
  {name: 'charset', kind: 'string', value: 'SET', choices: CHARSETS, help: 'map glyphs: braille, block or ascii (default: braille; ascii on TERM=linux/dumb)'},
  {name: 'projection', kind: 'string', value: 'NAME', choices: PROJECTIONS, help: 'natural-earth (default) or equirectangular'},
  {name: 'privacy', kind: 'boolean', help: 'hide names and emails (for screen sharing)'},
  {name: 'bell', kind: 'boolean', help: 'ring the terminal bell on a new payment (same as --alert payment)'},
  {name: 'alert', kind: 'string', value: 'RULE', repeatable: true, help: 'alert on payment, payment>=AMOUNT, goal, goal=NAME, customer, visitors>N, visitors<N (repeatable)'},
  {name: 'alert-command', kind: 'string', value: 'CMD', help: 'run CMD (no shell) for each alert, the alert as JSON on stdin'},
  {name: 'record', kind: 'string', value: 'FILE', help: 'append every answer to FILE as NDJSON (FILE.gz: compressed); mode 0600'},
  {name: 'record-max', kind: 'string', value: 'SIZE', help: 'rotate the recording past SIZE (e.g. 50M): FILE becomes FILE.1'},
  {name: 'demo-visitors', kind: 'number', value: 'N', min: 0, integer: true, help: 'with --demo: average active visitors (default 60)'},
  {name: 'help', kind: 'boolean', help: 'show this help'},
  {name: 'version', kind: 'boolean', help: 'print the version'},
];

export const DEMO_SERVER_FLAGS: readonly FlagSpec[] = [
  {name: 'port', kind: 'number', value: 'N', min: 0, integer: true, help: 'port on 127.0.0.1 (default: a free one)'},
  {name: 'shape', kind: 'string', value: 'SHAPE', choices: SHAPES, help: 'visitor shape: objects (older docs) or strings (newer docs)'},
  {name: 'seed', kind: 'number', value: 'N', integer: true, min: 0, help: 'seed for deterministic output'},
  {name: 'visitors', kind: 'number', value: 'N', integer: true, min: 0, help: 'average active visitors (default 60)'},
  {name: 'steady', kind: 'boolean', help: 'keep the number of visitors steady (no slow swell), for benchmarks'},
  {name: 'faults', kind: 'string', value: 'LIST', help: 'answers to cycle through, e.g. ok,429,500,reset (testing)'},
  {name: 'help', kind: 'boolean', help: 'show this help'},
];

const KEY_FLAGS: readonly FlagSpec[] = [
  {name: 'base-url', kind: 'string', value: 'URL', help: 'API base (default https://datafa.st; env DATAFAST_API_BASE)'},
  {name: 'api-key-file', kind: 'string', value: 'PATH', help: 'read the key from a file (else env DATAFAST_API_KEY)'},
  {name: 'timeout', kind: 'number', value: 'SECONDS', min: 0.1, help: 'seconds before a request is abandoned (default 10)'},
  {name: 'demo', kind: 'boolean', help: 'ask the built-in demo API (no key needed)'},
];

export const SITES_FLAGS: readonly FlagSpec[] = [
  {name: 'json', kind: 'boolean', help: 'print the list as one JSON line'},
  ...KEY_FLAGS,
  {name: 'help', kind: 'boolean', help: 'show this help'},
];

export const STATUS_FLAGS: readonly FlagSpec[] = [
  {name: 'format', kind: 'string', value: 'TEMPLATE', help: 'the line, with {site} {active} {delta} {revenue} {lastPayment} {age} {state} …'},
  {name: 'tmux', kind: 'boolean', help: 'colour with tmux style codes (#[fg=…]) for status-left/right'},
  {name: 'max-age', kind: 'number', value: 'SECONDS', min: 0, help: 'reuse the cached answer while younger than this (default 10)'},
  {name: 'website-id', kind: 'string', value: 'ID', help: 'website for a dft_ account token (env DATAFAST_WEBSITE_ID)'},
  ...KEY_FLAGS,
  {name: 'help', kind: 'boolean', help: 'show this help'},
];

export const REPLAY_FLAGS: readonly FlagSpec[] = [
  {name: 'speed', kind: 'number', value: 'N', min: 0.01, help: 'play N times as fast as recorded (default 1)'},
  {name: 'from', kind: 'string', value: 'TIME', help: 'start at TIME (ISO, HH:MM[:SS] on the first day, or +MINUTES from the start)'},
  {name: 'at', kind: 'string', value: 'TIME', help: 'with --once or --json: the moment to print (default the end)'},
  {name: 'once', kind: 'boolean', help: 'print the snapshot at --at and exit'},
  {name: 'json', kind: 'boolean', help: 'print the snapshot at --at as one JSON line'},
  {name: 'width', kind: 'number', value: 'COLS', min: 1, integer: true, help: 'snapshot width (default: terminal, else 100)'},
  {name: 'height', kind: 'number', value: 'ROWS', min: 1, integer: true, help: 'snapshot height (default: terminal, else 30)'},
  {name: 'color', kind: 'string', value: 'WHEN', choices: COLOR_WHEN, help: 'auto, always or never'},
  {name: 'charset', kind: 'string', value: 'SET', choices: CHARSETS, help: 'map glyphs: braille, block or ascii'},
  {name: 'projection', kind: 'string', value: 'NAME', choices: PROJECTIONS, help: 'natural-earth (default) or equirectangular'},
  {name: 'privacy', kind: 'boolean', help: 'hide names and emails'},
  {name: 'help', kind: 'boolean', help: 'show this help'},
];

export type Parsed = Record<string, string | number | boolean | string[] | undefined>;

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const out: Parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new UsageError(`unknown flag --${name}`);
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
    if (spec.min !== undefined && n < spec.min) throw new UsageError(`--${spec.name} must be at least ${spec.min}`);
    return n;
  }
  if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, not "${value}"`);
  if (value === '') throw new UsageError(`--${spec.name} needs a value (${spec.value})`);
  return value;
}

function flagLines(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `  --${s.name}${s.value ? ' ' + s.value : ''}`);
  const pad = Math.max(...left.map((l) => l.length)) + 2;
  return left.map((l, i) => l.padEnd(pad) + specs[i].help).join('\n');
}

export function helpText(version: string): string {
  return `dftop ${version} — live terminal monitor for DataFast analytics

Usage:
  dftop [--demo] [--once] [--json] [--base-url URL] [--website-id ID] [--api-key-file PATH]
        [--interval SECONDS] [--timeout SECONDS] [--width COLS] [--height ROWS] [--color WHEN]
  dftop demo-server [--port N] [--shape objects|strings] [--seed N]
  dftop sites [--json]                      the websites of a dft_ account token
  dftop status [--format TEMPLATE] [--tmux] [--max-age SECONDS]   one line for tmux or a prompt
  dftop replay FILE [--speed N] [--from TIME] | [--once|--json] [--at TIME]
  dftop --help | --version

Monitor flags:
${flagLines(MONITOR_FLAGS)}

demo-server flags:
${flagLines(DEMO_SERVER_FLAGS)}

sites flags:
${flagLines(SITES_FLAGS)}

status flags:
${flagLines(STATUS_FLAGS)}

replay flags:
${flagLines(REPLAY_FLAGS)}

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
