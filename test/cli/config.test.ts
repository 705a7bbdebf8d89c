import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {MONITOR_FLAGS, parseFlags, UsageError} from '../../src/cli/args.js';
import {configPath, readConfig, resolveSettings} from '../../src/cli/config.js';

const flags = (...argv: string[]) => parseFlags(argv, MONITOR_FLAGS);
const noConfig = () => ({});

describe('parseFlags', () => {
  it('reads booleans, values with a space or =, and numbers', () => {
    expect(flags('--demo', '--interval', '3', '--width=80', '--color', 'never')).toEqual({demo: true, interval: 3, width: 80, color: 'never'});
  });
  it.each([
    [['--nope'], /unknown flag --nope/],
    [['--interval'], /needs a value/],
    [['--interval', 'fast'], /must be a number/],
    [['--width', '10.5'], /whole number/],
    [['--color', 'sometimes'], /one of auto, always, never/],
    [['--demo=yes'], /takes no value/],
    [['positional'], /unexpected argument/],
    [['--api-key', 'df_x'], /unknown flag --api-key/],
  ])('rejects %j', (argv, message) => {
    expect(() => flags(...argv)).toThrow(UsageError);
    expect(() => flags(...argv)).toThrow(message);
  });
});

describe('resolveSettings', () => {
  it('flags > environment > config > defaults', () => {
    const config = () => ({apiKey: 'df_config', websiteId: 'cfg', interval: 9, baseUrl: 'https://config.example', charset: 'block' as const});
    const env = {DATAFAST_API_KEY: 'df_env', DATAFAST_WEBSITE_ID: 'env', DATAFAST_API_BASE: 'https://env.example'};
    const fromAll = resolveSettings(flags('--website-id', 'flag', '--interval', '4'), env, config);
    expect(fromAll).toMatchObject({apiKey: 'df_env', websiteId: 'flag', intervalMs: 4000, baseUrl: 'https://env.example', charset: 'block'});
    const fromConfig = resolveSettings(flags(), {}, config);
    expect(fromConfig).toMatchObject({apiKey: 'df_config', websiteId: 'cfg', intervalMs: 9000, baseUrl: 'https://config.example'});
    const defaults = resolveSettings(flags('--demo'), {}, noConfig);
    expect(defaults).toMatchObject({baseUrl: 'https://datafa.st', intervalMs: 5000, timeoutMs: 10_000, projection: 'natural-earth', charset: null, color: 'auto'});
  });

  it('accepts the official CLI\'s variable names', () => {
    expect(resolveSettings(flags(), {DATAFAST_TOKEN: 'dft_t', DATAFAST_WEBSITE_ID: 'w'}, noConfig).apiKey).toBe('dft_t');
    expect(resolveSettings(flags(), {DATAFAST_SITE_KEY: 'df_s'}, noConfig).apiKey).toBe('df_s');
  });

  it('reads the key from --api-key-file, trimmed', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-')), 'key');
    fs.writeFileSync(file, 'df_from_file\n');
    expect(resolveSettings(flags('--api-key-file', file), {DATAFAST_API_KEY: 'df_env'}, noConfig).apiKey).toBe('df_from_file');
    expect(() => resolveSettings(flags('--api-key-file', file + '.missing'), {}, noConfig)).toThrow(/cannot read --api-key-file/);
  });

  it('without a key: a usage error naming DATAFAST_API_KEY and --demo', () => {
    expect(() => resolveSettings(flags(), {}, noConfig)).toThrow(/DATAFAST_API_KEY.*--demo/);
  });

  it('a dft_ token without a website id is a usage error that says how to pass one', () => {
    expect(() => resolveSettings(flags(), {DATAFAST_API_KEY: 'dft_x'}, noConfig)).toThrow(/--website-id.*DATAFAST_WEBSITE_ID/);
  });

  it('at least 2 s between polls against DataFast; loopback test servers may go faster', () => {
    expect(() => resolveSettings(flags('--interval', '1'), {DATAFAST_API_KEY: 'df_x'}, noConfig)).toThrow(/at least 2/);
    expect(resolveSettings(flags('--interval', '0.2', '--base-url', 'http://127.0.0.1:9999'), {DATAFAST_API_KEY: 'df_x'}, noConfig).intervalMs).toBe(200);
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => resolveSettings(flags('--demo', '--base-url', 'ftp://x'), {}, noConfig)).toThrow(/http or https/);
    expect(() => resolveSettings(flags('--demo', '--base-url', 'not a url'), {}, noConfig)).toThrow(/not a URL/);
  });
});

describe('config file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u'})).toBe('/x/cfg/dftop/config.json');
    expect(configPath({HOME: '/home/u'})).toBe('/home/u/.config/dftop/config.json');
  });

  it('warns when a file holding a key is readable by others, and about unknown keys', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({apiKey: 'df_secret', colour: 'x'}));
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    expect(readConfig(file, warnings).apiKey).toBe('df_secret');
    expect(warnings.join('\n')).toMatch(/can be read by others \(mode 644\).*chmod 600/);
    expect(warnings.join('\n')).toMatch(/unknown key "colour"/);
    expect(warnings.join('\n')).not.toContain('df_secret');
    fs.chmodSync(file, 0o600);
    const quiet: string[] = [];
    readConfig(file, quiet);
    expect(quiet.filter((w) => w.includes('read by others'))).toEqual([]);
  });

  it('a broken or unreadable file is a warning and is ignored; a missing one is fine', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-'));
    fs.writeFileSync(path.join(dir, 'bad.json'), '{nope');
    fs.writeFileSync(path.join(dir, 'list.json'), '[1]');
    fs.mkdirSync(path.join(dir, 'dir.json'));
    for (const [name, why] of [['bad.json', /is not valid JSON; it is ignored/], ['list.json', /does not hold a JSON object; it is ignored/], ['dir.json', /cannot be read \(EISDIR\); it is ignored/]] as const) {
      const warnings: string[] = [];
      expect(Object.keys(readConfig(path.join(dir, name), warnings))).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(why);
    }
    expect(readConfig(path.join(dir, 'none.json'), [])).toEqual({});
  });

  it('reads a file that starts with a UTF-8 byte order mark', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-')), 'config.json');
    fs.writeFileSync(file, '\ufeff' + JSON.stringify({websiteId: 'from-bom-file', interval: 7}), 'utf8');
    fs.chmodSync(file, 0o600);
    const warnings: string[] = [];
    expect(readConfig(file, warnings)).toEqual({websiteId: 'from-bom-file', interval: 7});
    expect(warnings).toEqual([]);
  });

  it('an unusable file is not fatal when flags and the environment supply the key; without a key the error says why', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-'));
    const xdg = path.join(dir, 'cfg');
    fs.mkdirSync(path.join(xdg, 'dftop'), {recursive: true});
    fs.writeFileSync(path.join(xdg, 'dftop', 'config.json'), '{"apiKey": ');
    const settings = resolveSettings(flags(), {XDG_CONFIG_HOME: xdg, DATAFAST_API_KEY: 'df_from_env'});
    expect(settings.apiKey).toBe('df_from_env');
    expect(settings.warnings.join('\n')).toMatch(/config .*config\.json is not valid JSON; it is ignored/);
    expect(() => resolveSettings(flags(), {XDG_CONFIG_HOME: xdg})).toThrow(/no API key: .*\(config .*config\.json is not valid JSON\)/);
  });

  it('interval and timeout from the file are held to the flags\' ranges', () => {
    expect(() => resolveSettings(flags(), {DATAFAST_API_KEY: 'df_x'}, () => ({interval: 2147484}))).toThrow('config key "interval" must be between 0.1 and 3600 seconds, not 2147484');
    expect(() => resolveSettings(flags(), {DATAFAST_API_KEY: 'df_x'}, () => ({timeout: 3000000}))).toThrow('config key "timeout" must be between 0.1 and 300 seconds, not 3000000');
    expect(resolveSettings(flags(), {DATAFAST_API_KEY: 'df_x'}, () => ({interval: 30, timeout: 20}))).toMatchObject({intervalMs: 30_000, timeoutMs: 20_000});
  });
});
