// Settings that decide where the key goes: the key itself, the key file, the base URL and proxies. Problems that
// cannot heal are usage errors (exit 2) before any request; risky but working setups get a warning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {MONITOR_FLAGS, parseFlags, UsageError} from '../../src/cli/args.js';
import {resolveSettings} from '../../src/cli/config.js';
import {exitCode} from '../../src/cli/report.js';
import {cleanEnv, runCli} from '../helpers/cli.js';

const flags = (...argv: string[]) => parseFlags(argv, MONITOR_FLAGS);
const noConfig = () => ({});
const resolve = (argv: string[], env: Record<string, string>) => resolveSettings(flags(...argv), env, noConfig);

function keyFile(text: string, mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-key-'));
  const file = path.join(dir, 'key');
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

describe('the key', () => {
  it.each([
    ['DATAFAST_API_KEY with a CR (a CRLF file)', {DATAFAST_API_KEY: 'df_abc\r'}, 'DATAFAST_API_KEY holds a line break'],
    ['DATAFAST_TOKEN with a non-breaking space', {DATAFAST_TOKEN: 'dft_abc\u00a0', DATAFAST_WEBSITE_ID: 'x'}, 'DATAFAST_TOKEN holds a non-ASCII character, U+00A0 (character 8)'],
    ['DATAFAST_API_KEY with a space inside', {DATAFAST_API_KEY: 'df_abc def'}, 'DATAFAST_API_KEY holds a space (character 7)'],
  ])('%s is a usage error before any request, naming the variable and never the key', (_name, env, message) => {
    let error: unknown = null;
    try {
      resolve([], env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${message}; a key is one line of printable ASCII (the key itself is not shown)`);
    expect((error as Error).message).not.toContain('abc');
    expect(exitCode(error)).toBe(2);
  });

  it('a key file of two lines is refused; a trailing newline is fine', () => {
    const two = keyFile('df_first\ndf_second\n', 0o600);
    expect(() => resolve(['--api-key-file', two], {})).toThrow(`--api-key-file ${two} holds more than one line; it must hold only the key`);
    const one = keyFile('df_only\r\n', 0o600);
    expect(resolve(['--api-key-file', one], {}).apiKey).toBe('df_only');
  });

  it('a key file others can read gets a warning with the chmod that fixes it', () => {
    const open = keyFile('df_k\n', 0o644);
    expect(resolve(['--api-key-file', open], {}).warnings).toContain(`--api-key-file ${open} can be read by others (mode 644); run: chmod 600 ${open}`);
    const closed = keyFile('df_k\n', 0o600);
    expect(resolve(['--api-key-file', closed], {}).warnings.filter((w) => w.includes('--api-key-file'))).toEqual([]);
  });
});

describe('the base URL', () => {
  it('http:// to another machine warns that the key travels unencrypted; loopback and https do not', () => {
    expect(resolve(['--base-url', 'http://api.example.com'], {DATAFAST_API_KEY: 'df_k'}).warnings).toContain(
      'the base URL http://api.example.com sends the API key unencrypted over the network; use https://',
    );
    for (const url of ['http://127.0.0.1:8787', 'http://localhost:1', 'http://[::1]:80', 'https://api.example.com']) {
      expect(resolve(['--base-url', url], {DATAFAST_API_KEY: 'df_k'}).warnings.filter((w) => w.includes('unencrypted'))).toEqual([]);
    }
  });

  it('user:pass@ is warned about without being echoed, and never echoed in an error', () => {
    const s = resolve(['--base-url', 'https://alice:s3cret@api.example.com'], {DATAFAST_API_KEY: 'df_k'});
    expect(s.warnings).toContain('the base URL holds user:password@, which dftop never sends (the API key is its only credential)');
    expect(s.warnings.join(' ')).not.toContain('s3cret');
    expect(() => resolve(['--base-url', 'https://alice:s3cret@exa mple.com'], {DATAFAST_API_KEY: 'df_k'})).toThrow('--base-url "https://exa mple.com" is not a URL');
  });
});

describe('proxies', () => {
  it('are read from the environment, lower case first; none set is null', () => {
    expect(resolve([], {DATAFAST_API_KEY: 'df_k'}).proxy).toBeNull();
    expect(resolve([], {DATAFAST_API_KEY: 'df_k', https_proxy: 'http://p.corp:3128', HTTPS_PROXY: 'http://other:1', NO_PROXY: 'corp'}).proxy).toEqual({
      httpProxy: null,
      httpsProxy: 'http://p.corp:3128',
      noProxy: 'corp',
    });
  });

  it('a proxy that is not a URL is a usage error naming the variable', () => {
    expect(() => resolve([], {DATAFAST_API_KEY: 'df_k', HTTPS_PROXY: 'http://[oops'})).toThrow(UsageError);
    expect(() => resolve([], {DATAFAST_API_KEY: 'df_k', HTTPS_PROXY: 'http://[oops'})).toThrow('HTTPS_PROXY is not a URL');
  });

  it('through the real CLI: a bad key exits 2 at once, with no request', async () => {
    const r = await runCli(['--once', '--base-url', 'http://127.0.0.1:9'], cleanEnv({DATAFAST_API_KEY: 'df_a\rb'}));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dftop: DATAFAST_API_KEY holds a line break; a key is one line of printable ASCII (the key itself is not shown)\n');
  });
});
