// The settings that decide where the key goes and how: the key itself, the key file, the base URL, proxies.
// Checked before any request, so that a problem that cannot heal is a usage error (exit 2), not 30 s of retries.
import {readableByOthers, readUserFile} from './files.js';
import {keyProblem} from '../api/client.js';
import {proxyFromEnv, type ProxySettings} from '../api/proxy.js';
import {UsageError, type Parsed} from './args.js';

type Env = Record<string, string | undefined>;

/** Reads `--api-key-file` (trimmed): one line, readable by its owner only (a warning otherwise, as for the config). */
export function readKeyFile(file: string, warnings: string[]): string {
  let read: {text: string; mode: number};
  try {
    read = readUserFile(file);
  } catch (error) {
    throw new UsageError(`cannot read --api-key-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const {text, mode} = read;
  const key = text.trim();
  if (!key) throw new UsageError(`--api-key-file ${file} is empty`);
  if (/[\r\n]/.test(key)) throw new UsageError(`--api-key-file ${file} holds more than one line; it must hold only the key`);
  if (readableByOthers(mode)) {
    warnings.push(`--api-key-file ${file} can be read by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  return key;
}

/** Where the key came from, in the words the user set it with. */
function keySource(flags: Parsed, env: Env): string {
  if (flags['api-key-file'] !== undefined) return `the key in --api-key-file ${String(flags['api-key-file'])}`;
  for (const name of ['DATAFAST_API_KEY', 'DATAFAST_TOKEN', 'DATAFAST_SITE_KEY']) if (env[name]) return name;
  return 'the config key "apiKey"';
}

/** A key with a line break, a space or a non-ASCII character can never be sent: say so at once (exit 2). */
export function checkKey(apiKey: string, flags: Parsed, env: Env): void {
  const problem = keyProblem(apiKey);
  if (problem) throw new UsageError(`${keySource(flags, env)} ${problem}; a key is one line of printable ASCII (the key itself is not shown)`);
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** A base URL without `user:pass@`, for messages. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1');
}

/** Warnings about a base URL that works but should not be used as it is. */
export function baseUrlWarnings(baseUrl: string): string[] {
  const warnings: string[] = [];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return warnings;
  }
  if (url.username || url.password) {
    warnings.push(`the base URL holds user:password@, which dftop never sends (the API key is its only credential)`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    warnings.push(`the base URL http://${url.host} sends the API key unencrypted over the network; use https://`);
  }
  return warnings;
}

/** HTTP(S)_PROXY / NO_PROXY from the environment; a proxy that is not a usable URL is a usage error. */
export function proxySettings(env: Env): ProxySettings | null {
  try {
    return proxyFromEnv(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
