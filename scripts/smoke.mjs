// The smoke run on another Node: `node scripts/smoke.mjs [NODE_BINARY…]` (none: the Node running it).
//
// For each binary it runs the built CLI (bin/dftop.js → dist/dftop.js, `npm run build` first) through the
// contract a user meets first: --version, --help, a usage error (exit 2), no key (exit 2), `--demo --once`
// (the map and the tables, exit 0) and `--demo --once --json` (one JSON line), then a few seconds of the live
// screen in a real pseudo-terminal: the braille map appears and `q` exits 0. Nothing the program writes to
// stderr on a successful run is allowed (a deprecation warning on a newer Node is exactly what this is for).
//
// node-pty is built for the Node that installed it, so this script itself runs on that Node (CI's Node 20)
// and only the child is started with the binary under test. Exit 0 when every check passed, 1 otherwise.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from 'node-pty';
import xterm from '@xterm/headless';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'bin/dftop.js');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const nodes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [process.execPath];

if (!fs.existsSync(path.join(root, 'dist/dftop.js'))) {
  process.stderr.write('smoke: dist/dftop.js is missing; run `npm run build` first.\n');
  process.exit(1);
}

const brailleCount = (text) => {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c >= 0x2800 && c <= 0x28ff) n++;
  }
  return n;
};

/** A clean environment: no DataFast variables, no config, no CI, a UTF-8 xterm, the tested node first on PATH. */
function cleanEnv(node) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-smoke-'));
  return {
    PATH: `${path.dirname(path.resolve(node))}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
}

/** Runs `node bin/dftop.js ...args` with pipes; resolves with its exit code and output. */
function run(node, args, env, timeoutMs = 30_000) {
  return new Promise((resolve) => {
    const child = spawn(node, [bin, ...args], {env, cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({code, signal, stdout, stderr});
    });
  });
}

const quote = (s) => JSON.stringify(s.length > 300 ? s.slice(0, 300) + '…' : s);
const exitIs = (r, code) => (r.code === code ? null : `exit ${r.code ?? r.signal}, expected ${code}; stderr ${quote(r.stderr)}`);
const quiet = (r) => (r.stderr === '' ? null : `unexpected stderr ${quote(r.stderr)}`);

/** Each check: a name and a function returning null (passed) or what went wrong. */
const CHECKS = [
  ['--version', async (node, env) => {
    const r = await run(node, ['--version'], env);
    return exitIs(r, 0) ?? quiet(r) ?? (r.stdout.includes(version) ? null : `prints ${quote(r.stdout)}, not ${version}`);
  }],
  ['--help', async (node, env) => {
    const r = await run(node, ['--help'], env);
    return exitIs(r, 0) ?? quiet(r) ?? (/usage/i.test(r.stdout) && r.stdout.includes('--demo') ? null : `no usage in ${quote(r.stdout)}`);
  }],
  ['a usage error exits 2', async (node, env) => {
    const r = await run(node, ['--no-such-flag'], env);
    return exitIs(r, 2) ?? (r.stderr.includes('--no-such-flag') ? null : `stderr does not name the flag: ${quote(r.stderr)}`);
  }],
  ['no key exits 2', async (node, env) => {
    const r = await run(node, ['--once'], env);
    return exitIs(r, 2) ?? (/key/i.test(r.stderr) ? null : `stderr does not mention the key: ${quote(r.stderr)}`);
  }],
  ['--demo --once', async (node, env) => {
    const r = await run(node, ['--demo', '--once', '--width', '120', '--height', '40'], env);
    const problem = exitIs(r, 0) ?? quiet(r);
    if (problem) return problem;
    if (brailleCount(r.stdout) < 100) return `no braille map (${brailleCount(r.stdout)} braille characters)`;
    if (!/visitors/i.test(r.stdout) || !/payments/i.test(r.stdout)) return 'no visitors or payments table';
    return null;
  }],
  ['--demo --once --json', async (node, env) => {
    const r = await run(node, ['--demo', '--once', '--json'], env);
    const problem = exitIs(r, 0) ?? quiet(r);
    if (problem) return problem;
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    if (lines.length !== 1) return `${lines.length} lines, expected one`;
    try {
      const value = JSON.parse(lines[0]);
      return typeof value.count === 'number' && Array.isArray(value.visitors) ? null : 'no count or visitors in the JSON';
    } catch (e) {
      return `not JSON: ${e.message}`;
    }
  }],
  ['live screen in a PTY, q exits 0', (node, env) => live(node, env)],
];

/** `--demo` in a real PTY (driven from this process), read through a terminal emulator: the map, a few seconds, q. */
function live(node, env) {
  return new Promise((resolve) => {
    const cols = 120;
    const rows = 40;
    const term = new xterm.Terminal({cols, rows, allowProposedApi: true});
    const child = pty.spawn(node, [bin, '--demo'], {name: 'xterm-256color', cols, rows, env, cwd: root});
    let raw = '';
    let exit = null;
    child.onData((d) => {
      raw += d;
      term.write(d);
    });
    const exited = new Promise((r) => child.onExit((e) => r((exit = e))));
    // The emulator answers the program's queries (DA1, cursor position, colours) as a real terminal does.
    term.onData((answer) => {
      if (exit === null) child.write(answer);
    });
    const screen = () =>
      new Promise((r) =>
        term.write('', () => {
          const lines = [];
          for (let y = 0; y < rows; y++) lines.push(term.buffer.active.getLine(term.buffer.active.viewportY + y)?.translateToString(true) ?? '');
          r(lines.join('\n'));
        }),
      );
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const fail = async (why) => {
      if (exit === null) child.kill('SIGKILL');
      await exited;
      const shown = await screen();
      term.dispose();
      resolve(`${why}\n      screen:\n${shown.replace(/^/gm, '      | ')}`);
    };
    (async () => {
      const start = Date.now();
      while (brailleCount(await screen()) < 100) {
        if (exit !== null) return fail(`exited (${exit.exitCode}) before the map appeared`);
        if (Date.now() - start > 20_000) return fail('no braille map within 20 s');
        await sleep(100);
      }
      // A few seconds of polls and clock ticks.
      await sleep(3000);
      if (exit !== null) return fail(`exited (${exit.exitCode}) while live`);
      if (/\(node:\d+\)|Warning:|Error:/.test(raw)) return fail('a warning or an error reached the terminal');
      if (brailleCount(await screen()) < 100) return fail('the map went away');
      child.write('q');
      const result = await Promise.race([exited, sleep(5000).then(() => null)]);
      if (result === null) return fail('q did not exit within 5 s');
      if (result.exitCode !== 0) return fail(`q exited ${result.exitCode}${result.signal ? ` (signal ${result.signal})` : ''}`);
      term.dispose();
      resolve(null);
    })();
  });
}

let failed = 0;
const summary = [];
for (const node of nodes) {
  const started = Date.now();
  let nodeVersion;
  try {
    nodeVersion = (await new Promise((resolve, reject) => {
      const c = spawn(node, ['--version'], {stdio: ['ignore', 'pipe', 'inherit']});
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('error', reject);
      c.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
    }));
  } catch (e) {
    process.stdout.write(`smoke: ${node} does not run: ${e.message}\n`);
    failed++;
    summary.push(`FAIL ${node}: does not run`);
    continue;
  }
  process.stdout.write(`smoke: Node ${nodeVersion} (${node})\n`);
  let passed = 0;
  for (const [name, check] of CHECKS) {
    const t = Date.now();
    let problem;
    try {
      problem = await check(node, cleanEnv(node));
    } catch (e) {
      problem = `threw ${e.stack ?? e}`;
    }
    const secs = ((Date.now() - t) / 1000).toFixed(1);
    if (problem) {
      failed++;
      process.stdout.write(`  FAIL ${name} (${secs} s): ${problem}\n`);
    } else {
      passed++;
      process.stdout.write(`  ok   ${name} (${secs} s)\n`);
    }
  }
  summary.push(`${passed === CHECKS.length ? 'ok  ' : 'FAIL'} Node ${nodeVersion}: ${passed}/${CHECKS.length} checks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.stdout.write(`\nsmoke summary:\n${summary.map((s) => `  ${s}`).join('\n')}\n`);
process.exit(failed === 0 ? 0 : 1);
