import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cleanEnv, root} from '../helpers/cli.js';

// A small program wired as dftop will be: openInput -> probe -> profile -> screen -> input parser. It runs
// in a real pseudo-terminal with stdin from /dev/null, prints what it found and every event as a line, and
// ends on "q" by closing everything (no process.exit: it must end because nothing is left open).
const CHILD = `
import {openInput} from './src/terminal/tty.js';
import {probeTerminal} from './src/terminal/probe.js';
import {decideProfile, probePlan} from './src/terminal/profile.js';
import {attachInput} from './src/terminal/input.js';
import {TerminalScreen} from './src/terminal/screen.js';

const out = (line) => process.stdout.write(line + '\\n');
const input = openInput(process.stdin);
if (!input.stream) {
  out('NOINPUT ' + input.problem);
} else {
  input.setRaw(true);
  const plan = probePlan(process.env, {}, true, input.source);
  const probe = await probeTerminal(input.stream, process.stdout, {...plan, timeoutMs: Number(process.env.PROBE_TIMEOUT)});
  const profile = decideProfile({env: process.env, isTTY: true, input: input.source, probe});
  const {leftover, ...answers} = probe;
  out('PROFILE ' + JSON.stringify({source: input.source, answers, leftover: leftover.toString('utf8'), theme: profile.theme, ambiguousWide: profile.ambiguousWide, syncOutput: profile.syncOutput, mouse: profile.mouse}));
  const screen = new TerminalScreen(process.stdout, input.stream, {mouse: profile.mouse, paste: true, raw: true, modes: !profile.dumb});
  screen.enter();
  const reader = attachInput(input.stream, (event) => {
    out('EVENT ' + JSON.stringify(event));
    if (event.type === 'key' && event.name === 'q') {
      reader.dispose();
      screen.leave();
      input.close();
      out('BYE');
    }
  }, {initial: leftover});
  out('READY');
}
`;

let dir: string;
let script: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-probe-'));
  script = path.join(dir, 'child.mjs');
  await build({stdin: {contents: CHILD, resolveDir: root, loader: 'ts', sourcefile: 'child.ts'}, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: script, logLevel: 'silent'});
});

afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

type Child = {raw: () => string; write: (s: string) => void; exited: Promise<{exitCode: number}>; kill: () => void; term: xterm.Terminal | null};
const children: Child[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill();
    await c.exited;
  }
});

/** The child in a PTY with stdin from /dev/null. With `emulate`, @xterm/headless draws its output and answers its queries. */
function start(options: {emulate: boolean; env?: Record<string, string>; onOutput?: (all: string, child: Child) => void}): Child {
  const env = cleanEnv({LANG: 'C.UTF-8', PROBE_TIMEOUT: '10000', ...options.env});
  delete (env as Record<string, string | undefined>).CI;
  const p = pty.spawn('/bin/sh', ['-c', 'exec "$0" "$1" < /dev/null', process.execPath, script], {name: env.TERM, cols: 80, rows: 24, env, cwd: root});
  const term = options.emulate ? new xterm.Terminal({cols: 80, rows: 24, allowProposedApi: true}) : null;
  term?.onData((data) => p.write(data));
  let raw = '';
  const child: Child = {
    raw: () => raw,
    write: (s) => p.write(s),
    exited: new Promise((resolve) => p.onExit(resolve)),
    kill: () => {
      try {
        p.kill('SIGKILL');
      } catch {
        // gone already
      }
    },
    term,
  };
  p.onData((data) => {
    raw += data;
    term?.write(data);
    options.onOutput?.(raw, child);
  });
  children.push(child);
  return child;
}

async function waitFor(child: Child, check: (raw: string) => boolean, what: string, ms = 30_000): Promise<string> {
  const start = Date.now();
  while (!check(child.raw())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; output:\n${JSON.stringify(child.raw())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return child.raw();
}

const profileOf = (raw: string) => {
  const m = /PROFILE (.*?)\r*\n/.exec(raw);
  if (!m) throw new Error(`no PROFILE line in ${JSON.stringify(raw)}`);
  return JSON.parse(m[1]);
};
const events = (raw: string) => [...raw.matchAll(/EVENT (.*?)\r*\n/g)].map((m) => JSON.parse(m[1]));

describe('the probe and the input layer in a real pseudo-terminal, stdin from /dev/null', () => {
  it('with a real emulator answering: DA1 ends the probe; keys, paste and mouse arrive from /dev/tty without echo', async () => {
    const child = start({emulate: true});
    const ready = await waitFor(child, (r) => r.includes('READY'), 'the probe');
    const profile = profileOf(ready);
    // @xterm/headless answers the cursor report, DECRQM and DA1, but not OSC 11
    expect(profile).toMatchObject({source: '/dev/tty', answers: {answered: true, timedOut: false, cursorColumn: 2, syncMode: 2, background: null}, ambiguousWide: false, syncOutput: true, theme: 'dark', mouse: true});
    // nothing of the probe stays on the screen
    await new Promise<void>((resolve) => child.term!.write('', resolve));
    const screen = Array.from({length: 24}, (_, i) => child.term!.buffer.active.getLine(i)?.translateToString(true) ?? '').join('\n');
    expect(screen).not.toContain('\u2500');

    child.write('jjj');
    await waitFor(child, (r) => events(r).length >= 3, 'three keys');
    child.write('\x1b[200~hello world\x1b[201~');
    child.write('\x1b[<0;5;3M');
    child.write('\x1b[A\x1b[A');
    await waitFor(child, (r) => events(r).length >= 7, 'paste, mouse and two ups');
    child.write('q');
    const {exitCode} = await child.exited;
    expect(exitCode).toBe(0);
    const raw = child.raw();
    expect(raw).toContain('BYE');
    expect(events(raw)).toEqual([
      {type: 'key', name: 'j'}, {type: 'key', name: 'j'}, {type: 'key', name: 'j'},
      {type: 'paste', text: 'hello world'},
      {type: 'mouse', action: 'press', button: 'left', x: 4, y: 2, shift: false, meta: false, ctrl: false},
      {type: 'key', name: 'up'}, {type: 'key', name: 'up'},
      {type: 'key', name: 'q'},
    ]);
    // raw mode on /dev/tty: the terminal echoed nothing of what was typed
    expect(raw).not.toContain('jjj');
    expect(raw).not.toContain('^[');
    // mouse reporting and bracketed paste were on, and are off at the end
    for (const mode of ['1000', '1002', '1006', '2004']) {
      expect(raw.indexOf(`\x1b[?${mode}h`), mode).toBeGreaterThan(-1);
      expect(raw.lastIndexOf(`\x1b[?${mode}l`), mode).toBeGreaterThan(raw.lastIndexOf(`\x1b[?${mode}h`));
    }
  });

  it('a terminal with wide ambiguous characters and a light background, answering in pieces between typed keys', async () => {
    let answered = false;
    const child = start({
      emulate: false,
      onOutput: (all, c) => {
        if (answered || !all.includes('\x1b[c')) return;
        answered = true;
        expect(all).toContain('\r\u2500\x1b[6n');
        for (const part of ['k', '\x1b[1;', '3R', '\x1b]11;rgb:fdfd/f6f6/e3e3', '\x1b\\', 'j\x1b[?2026;', '1$y', '\x1b[?6', '2;22c']) c.write(part);
      },
    });
    const ready = await waitFor(child, (r) => r.includes('READY'), 'the probe');
    expect(profileOf(ready)).toMatchObject({answers: {answered: true, cursorColumn: 3, syncMode: 1, background: [253, 246, 227]}, ambiguousWide: true, theme: 'light', syncOutput: true});
    child.write('q');
    await child.exited;
    // the keys typed while the terminal answered were kept, in order
    expect(events(child.raw()).map((e) => e.name)).toEqual(['k', 'j', 'q']);
  });

  it('a terminal that answers nothing: the timeout ends the probe and typing still works', async () => {
    const child = start({emulate: false, env: {PROBE_TIMEOUT: '300'}});
    const ready = await waitFor(child, (r) => r.includes('READY'), 'the probe');
    expect(profileOf(ready)).toMatchObject({answers: {answered: false, timedOut: true, cursorColumn: null}, ambiguousWide: false, theme: 'dark', syncOutput: false});
    child.write('\x1b[1;5Aq');
    await child.exited;
    expect(events(child.raw()).map((e) => e.name)).toEqual(['ctrl+up', 'q']);
  });
});
