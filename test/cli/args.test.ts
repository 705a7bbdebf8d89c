import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {closest, COMMANDS, DEMO_SERVER_FLAGS, editDistance, helpText, inRange, MONITOR_FLAGS, parseFlags, usage, UsageError} from '../../src/cli/args.js';
import {root} from '../helpers/cli.js';

const monitor = (...argv: string[]) => parseFlags(argv, MONITOR_FLAGS);
const demoServer = (...argv: string[]) => parseFlags(argv, DEMO_SERVER_FLAGS);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no usage error');
};

describe('one-letter flags', () => {
  it('-h and -v are --help and --version; demo-server takes -h', () => {
    expect(monitor('-h')).toEqual({help: true});
    expect(monitor('-v')).toEqual({version: true});
    expect(demoServer('-h')).toEqual({help: true});
  });

  it('an unknown one-letter flag says which exist', () => {
    expect(message(() => monitor('-x'))).toMatch(/unknown flag -x \(dftop takes -h and -v and long flags only; see dftop --help\)/);
    expect(message(() => demoServer('-v'))).toMatch(/unknown flag -v \(dftop demo-server takes -h and long flags only/);
  });
});

describe('did you mean', () => {
  it.each([
    [['--inteval', '5'], 'unknown flag --inteval; did you mean --interval?'],
    [['--itnerval=5'], 'unknown flag --itnerval; did you mean --interval?'],
    [['--jsno'], 'unknown flag --jsno; did you mean --json?'],
    [['--bse-url', 'x'], 'unknown flag --bse-url; did you mean --base-url?'],
    [['--INTERVAL', '5'], 'unknown flag --INTERVAL; did you mean --interval?'],
    [['-interval', '5'], 'unknown flag -interval; did you mean --interval?'],
    [['--proj', 'x'], 'unknown flag --proj; did you mean --projection?'],
  ])('%j → %s', (argv, expected) => {
    expect(message(() => monitor(...argv))).toContain(expected);
  });

  it('for subcommand flags too', () => {
    expect(message(() => demoServer('--seeed', '3'))).toContain('unknown flag --seeed; did you mean --seed?');
    expect(message(() => demoServer('--fualts', 'ok'))).toContain('did you mean --faults?');
  });

  it('names the command a flag belongs to', () => {
    expect(message(() => monitor('--port', '8787'))).toBe('--port is a flag of `dftop demo-server`, not of `dftop`');
    expect(message(() => demoServer('--interval', '3'))).toBe('--interval is a flag of `dftop`, not of `dftop demo-server`');
  });

  it('suggests nothing for a word far from every flag, but points at --help', () => {
    expect(message(() => monitor('--xyzzy'))).toBe('unknown flag --xyzzy (see dftop --help)');
    expect(message(() => monitor('--api-key', 'df_x'))).toMatch(/^unknown flag --api-key; did you mean --api-key-file\?/);
  });

  it('a misspelt subcommand', () => {
    expect(message(() => monitor('demo-sever'))).toBe('unexpected argument "demo-sever"; did you mean `dftop demo-server`?');
    expect(message(() => monitor('https://x.example'))).toBe('unexpected argument "https://x.example"');
  });

  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('inteval', 'interval')).toBe(1);
    expect(editDistance('itnerval', 'interval')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('', 'json')).toBe(4);
    expect(closest('onc', ['once', 'json'])).toBe('once');
    expect(closest('zzzz', ['once', 'json'])).toBeNull();
  });
});

describe('ranges', () => {
  it.each([
    [['--interval', '2147484'], '--interval must be between 0.1 and 3600 seconds, not 2147484'],
    [['--interval', '0.05'], '--interval must be between 0.1 and 3600 seconds, not 0.05'],
    [['--timeout', '3000000'], '--timeout must be between 0.1 and 300 seconds, not 3000000'],
    [['--timeout', '0'], '--timeout must be between 0.1 and 300 seconds, not 0'],
    [['--width', '1001'], '--width must be between 1 and 1000, not 1001'],
    [['--height', '0'], '--height must be between 1 and 1000, not 0'],
    [['--demo-visitors', '200001'], '--demo-visitors must be between 0 and 200000, not 200001'],
  ])('monitor %j', (argv, expected) => {
    expect(message(() => monitor(...argv))).toBe(expected);
  });

  it('demo-server', () => {
    expect(message(() => demoServer('--port', '65536'))).toBe('--port must be between 0 and 65535, not 65536');
    expect(message(() => demoServer('--visitors', '1e6'))).toBe('--visitors must be between 0 and 200000, not 1000000');
    expect(demoServer('--port', '0', '--visitors', '200000')).toEqual({port: 0, visitors: 200000});
  });

  it('the bounds themselves are accepted', () => {
    expect(monitor('--interval', '3600', '--timeout', '0.1', '--width', '1000', '--height', '1')).toEqual({interval: 3600, timeout: 0.1, width: 1000, height: 1});
  });

  it('inRange checks other numbers (the config file) against a flag', () => {
    expect(inRange('interval', 5)).toBe(5);
    expect(() => inRange('timeout', 301)).toThrow('--timeout must be between 0.1 and 300 seconds, not 301');
  });
});

describe('--help', () => {
  it('the usage lines list every flag of every command, generated from the tables', () => {
    const lines = usage();
    for (const command of COMMANDS) {
      expect(lines).toContain(command.usage + ' ');
      for (const spec of command.specs) {
        if (spec.name === 'help' || spec.name === 'version') continue;
        const inUsage = lines.split('\n').some((l) => l.includes(`[--${spec.name}`));
        expect(inUsage, `${command.usage} --${spec.name}`).toBe(true);
      }
    }
    expect(lines).toContain('dftop -h | --help | -v | --version');
    for (const line of lines.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(helpText('1.2.3')).toContain(lines.split('\n').map((l) => '  ' + l).join('\n'));
  });

  it('README shows the same usage lines (regenerate them from usage() when a flag changes)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /## Command line\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBe(usage());
  });
});
