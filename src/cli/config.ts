import {readableByOthers, readUserFile} from './files.js';
import os from 'node:os';
import path from 'node:path';
import {inRange} from './args.js';
import {registerSecret} from '../model/redact.js';
import {CHARSETS, COLOR_WHEN, PROJECTIONS, UsageError, type Parsed, THEMES, AMBIGUOUS} from './args.js';
import {DEFAULT_BASE_URL, needsWebsiteId} from '../api/client.js';
import type {ProxySettings} from '../api/proxy.js';
import {baseUrlWarnings, checkKey, proxySettings, readKeyFile, withoutCredentials} from './network.js';
import {parseRules, RuleError, type AlertRule} from '../model/alerts.js';
import {splitCommand} from './notify.js';
import {parseSize} from './record.js';

export type Charset = (typeof CHARSETS)[number];
export type Projection = (typeof PROJECTIONS)[number];
export type ColorWhen = (typeof COLOR_WHEN)[number];

export type Settings = {
  demo: boolean;
  once: boolean;
  json: boolean;
  baseUrl: string;
  apiKey: string | null;
  websiteId: string | null;
  intervalMs: number;
  timeoutMs: number;
  /** HTTP(S)_PROXY / NO_PROXY from the environment; null when no proxy variable is set. */
  proxy: ProxySettings | null;
  width: number | null;
  height: number | null;
  color: ColorWhen;
  charset: Charset | null;
  projection: Projection;
  privacy: boolean;
  bell: boolean;
  /** The filter expression to start with (--filter); '' for none. */
  filter: string;
  theme: (typeof THEMES)[number] | null;
  ambiguous: (typeof AMBIGUOUS)[number] | null;
  /** Mouse reporting on the live screen (--no-mouse, config "mouse": false). */
  mouse: boolean;
  doctor: boolean;
  demoVisitors: number;
  /** `--alert` (else config `alerts`), plus `payment` with `--bell`. */
  alerts: AlertRule[];
  /** `--alert-command` (else config `alertCommand`), as argv: never run through a shell. */
  alertCommand: string[] | null;
  record: string | null;
  recordMax: number | null;
  warnings: string[];
};

type Env = Record<string, string | undefined>;

export function configPath(env: Env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? os.homedir(), '.config');
  return path.join(base, 'dftop', 'config.json');
}

const CONFIG_KEYS = ['apiKey', 'websiteId', 'baseUrl', 'interval', 'timeout', 'color', 'charset', 'projection', 'privacy', 'bell', 'alerts', 'alertCommand', 'theme', 'mouse'] as const;
type ConfigFile = Partial<Record<(typeof CONFIG_KEYS)[number], unknown>>;

/** Why the config file was not used (unreadable, not JSON, not an object), when it was not. */
const UNUSED = Symbol('config not used');
type Unused = {[UNUSED]?: string};

/** An unusable config file is a warning, not an error: flags and the environment may supply everything. */
function unused(file: string, why: string, warnings: string[]): ConfigFile {
  warnings.push(`config ${file} ${why}; it is ignored`);
  return {[UNUSED]: `config ${file} ${why}`} as ConfigFile;
}

export function readConfig(file: string, warnings: string[]): ConfigFile {
  let read: {text: string; mode: number};
  try {
    read = readUserFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    return unused(file, `cannot be read (${code ?? (error as Error).message})`, warnings);
  }
  const {text, mode} = read;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unused(file, 'is not valid JSON', warnings);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return unused(file, 'does not hold a JSON object', warnings);
  const config = parsed as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) warnings.push(`config ${file}: unknown key "${key}" ignored`);
  }
  if (typeof config.apiKey === 'string' && readableByOthers(mode)) {
    warnings.push(`config ${file} holds an API key and can be read by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  return config as ConfigFile;
}

function configValue<T>(config: ConfigFile, key: keyof ConfigFile, check: (v: unknown) => v is T, what: string): T | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (!check(v)) throw new UsageError(`config key "${key}" must be ${what}`);
  return v;
}

/** `interval` and `timeout` from the config file, within the flags' ranges. */
function configSeconds(config: ConfigFile, key: 'interval' | 'timeout'): number | undefined {
  const v = configValue(config, key, isNumber, 'a positive number of seconds');
  if (v === undefined) return undefined;
  try {
    return inRange(key, v);
  } catch (error) {
    throw new UsageError(`config key "${key}"${(error as Error).message.replace(/^--\S+/, '')}`);
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const oneOf = <T extends string>(list: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--base-url "${withoutCredentials(url)}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--base-url must be http or https, not ${parsed.protocol}`);
  return url.replace(/\/+$/, '');
}

export const WEBSITE_NEEDED =
  'a dft_ account token needs a website: pass --website-id ID or set DATAFAST_WEBSITE_ID (run `dftop sites` to list the websites it can see)';

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');

function alertRules(flags: Parsed, config: ConfigFile, bell: boolean): AlertRule[] {
  const texts = (flags.alert as string[] | undefined) ?? configValue(config, 'alerts', isStringList, 'a list of rule strings') ?? [];
  try {
    return parseRules(bell ? [...texts, 'payment'] : texts);
  } catch (error) {
    if (error instanceof RuleError) throw new UsageError(error.message);
    throw error;
  }
}

function alertCommand(flags: Parsed, config: ConfigFile): string[] | null {
  const flag = flags['alert-command'] as string | undefined;
  const value = flag ?? configValue(config, 'alertCommand', (v): v is string | string[] => isString(v) || (isStringList(v) && v.length > 0), 'a command string or a non-empty list of strings');
  if (value === undefined) return null;
  const argv = typeof value === 'string' ? splitCommand(value) : value;
  if (argv.length === 0) throw new UsageError('--alert-command is empty');
  return argv;
}

/**
 * Flags > environment > config file > defaults. `websiteOptional` lets a `dft_` token through without a
 * website (`dftop sites`, the live screen's site picker); every other mode stops here, before any request.
 */
export function resolveSettings(
  flags: Parsed,
  env: Env,
  readFile: (file: string, warnings: string[]) => ConfigFile = readConfig,
  options: {websiteOptional?: boolean} = {},
): Settings {
  const warnings: string[] = [];
  const config = readFile(configPath(env), warnings);
  const demo = flags.demo === true;

  const baseUrl = checkUrl(
    (flags['base-url'] as string | undefined) ?? env.DATAFAST_API_BASE ?? configValue(config, 'baseUrl', isString, 'a URL string') ?? DEFAULT_BASE_URL,
  );
  const apiKey = demo
    ? null
    : flags['api-key-file'] !== undefined
      ? readKeyFile(flags['api-key-file'] as string, warnings)
      : env.DATAFAST_API_KEY || env.DATAFAST_TOKEN || env.DATAFAST_SITE_KEY || configValue(config, 'apiKey', isString, 'a string') || null;
  const websiteId = (flags['website-id'] as string | undefined) ?? (env.DATAFAST_WEBSITE_ID || undefined) ?? configValue(config, 'websiteId', isString, 'a string') ?? null;

  // From here on the key never reaches any output (src/model/redact.ts).
  registerSecret(apiKey);
  if (!demo) {
    warnings.push(...baseUrlWarnings(baseUrl));
    if (apiKey) checkKey(apiKey, flags, env);
  }
  if (!demo) {
    if (!apiKey) {
      const why = (config as Unused)[UNUSED];
      throw new UsageError(`no API key: set DATAFAST_API_KEY (or use --api-key-file PATH), or try the demo with --demo${why ? ` (${why})` : ''}`);
    }
    if (needsWebsiteId(apiKey) && !websiteId && !options.websiteOptional) throw new UsageError(WEBSITE_NEEDED);
  }

  const interval = (flags.interval as number | undefined) ?? configSeconds(config, 'interval') ?? 5;
  if (!demo && interval < 2 && !isLoopback(baseUrl)) throw new UsageError('--interval must be at least 2 seconds against DataFast');
  const timeout = (flags.timeout as number | undefined) ?? configSeconds(config, 'timeout') ?? 10;
  const bell = flags.bell === true || configValue(config, 'bell', isBool, 'true or false') === true;
  let recordMax: number | null = null;
  if (flags['record-max'] !== undefined) {
    recordMax = parseSize(String(flags['record-max']));
    if (recordMax === null) throw new UsageError(`--record-max must be a size like 50M, 2G or 500K, not "${flags['record-max']}"`);
    if (flags.record === undefined) throw new UsageError('--record-max needs --record FILE');
  }

  return {
    demo,
    once: flags.once === true,
    json: flags.json === true,
    baseUrl,
    apiKey,
    websiteId,
    intervalMs: Math.round(interval * 1000),
    timeoutMs: Math.round(timeout * 1000),
    proxy: proxySettings(env),
    width: (flags.width as number | undefined) ?? null,
    height: (flags.height as number | undefined) ?? null,
    color: (flags.color as ColorWhen | undefined) ?? configValue(config, 'color', oneOf(COLOR_WHEN), COLOR_WHEN.join('|')) ?? 'auto',
    charset: (flags.charset as Charset | undefined) ?? configValue(config, 'charset', oneOf(CHARSETS), CHARSETS.join('|')) ?? null,
    projection: (flags.projection as Projection | undefined) ?? configValue(config, 'projection', oneOf(PROJECTIONS), PROJECTIONS.join('|')) ?? 'natural-earth',
    privacy: flags.privacy === true || configValue(config, 'privacy', isBool, 'true or false') === true,
    filter: (flags.filter as string | undefined) ?? '',
    theme: (flags.theme as Settings['theme'] | undefined) ?? configValue(config, 'theme', oneOf(THEMES), THEMES.join('|')) ?? null,
    ambiguous: (flags.ambiguous as Settings['ambiguous'] | undefined) ?? null,
    mouse: flags['no-mouse'] !== true && configValue(config, 'mouse', isBool, 'true or false') !== false,
    doctor: flags.doctor === true,
    bell,
    demoVisitors: (flags['demo-visitors'] as number | undefined) ?? 60,
    alerts: alertRules(flags, config, bell),
    alertCommand: alertCommand(flags, config),
    record: (flags.record as string | undefined) ?? null,
    recordMax,
    warnings,
  };
}
