// dftop side by side with its peer (bench/peer/dashboard.mjs: blessed-contrib's map, tables and log, one
// screen.render() per poll), each measured from outside its process in a real pseudo-terminal, against one
// demo API running in a process of its own. The figures of the frame-writer issue, from one run:
//
//   startup  spawn → ≥ 100 braille characters on the emulated screen (@xterm/headless); a bare node's first byte
//   cpu      utime+stime from /proc/<pid>/stat over 10 polls at 2 s after warm-up, per poll
//   bytes    bytes read from the PTY over the same 10 polls, per poll
//   rss      VmRSS from /proc/<pid>/status 26 s after spawn
//   keys     dftop alone, 10,000 visitors polled every 2 s: a key every 0.3 s → the next byte on the PTY
//
// Everything heavy happens in the children; this process only reads the PTYs and /proc.
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';

export type PeerOptions = {
  /** bin/dftop.js or another build of it (to measure a "before"). */
  dftop: string;
  cols: number;
  rows: number;
  startupRuns: number;
  polls: number;
  keys: number;
  /** COLORTERM for both children; empty: 256 colours, as blessed draws. */
  colorterm: string;
  log: (line: string) => void;
};

type Command = {name: string; file: string; args: string[]};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
} catch {
  // getconf missing: Linux's USER_HZ is 100 nearly everywhere.
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-bench-'));
/** What the children see: a UTF-8 xterm, no config, no CI (under CI Ink writes only the last frame). */
function childEnv(colorterm: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    DATAFAST_API_KEY: 'df_demo',
  };
  if (colorterm) env.COLORTERM = colorterm;
  return env;
}

/** The demo API in its own process; the URL is the one it prints. */
async function demoServer(args: string[], dftop: string): Promise<{url: string; close: () => Promise<void>}> {
  const child = spawn(process.execPath, [dftop, 'demo-server', '--port', '0', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the demo server exited (${code}) before printing its URL`)));
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A transparent loopback forwarder in front of the demo API for one client: it notes when each poll arrives,
 * so the measuring window can open and close halfway between two polls and hold exactly N of them.
 */
async function pollCounter(upstream: string): Promise<{url: string; arrivals: number[]; next: () => Promise<number>; close: () => void}> {
  const arrivals: number[] = [];
  const waiters: ((t: number) => void)[] = [];
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const t = performance.now();
    arrivals.push(t);
    for (const w of waiters.splice(0)) w(t);
    const up = http.request({host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers}, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as {port: number}).port;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

type Child = {pty: pty.IPty; term: xterm.Terminal; bytes: () => number; exited: Promise<void>; onData: (f: (t: number, data: string) => void) => void};

/**
 * A child in a PTY whose output goes through a terminal emulator that answers as a real terminal does (DA1,
 * cursor position, DECRQM, colour queries): a program that probes its terminal at start-up gets its answers.
 */
function start(command: Command, o: PeerOptions): Child {
  const p = pty.spawn(command.file, command.args, {name: 'xterm-256color', cols: o.cols, rows: o.rows, env: childEnv(o.colorterm), cwd: process.cwd()});
  const term = new xterm.Terminal({cols: o.cols, rows: o.rows, allowProposedApi: true});
  let alive = true;
  term.onData((answer) => {
    if (alive) p.write(answer);
  });
  let bytes = 0;
  const listeners: ((t: number, data: string) => void)[] = [];
  p.onData((data) => {
    const t = performance.now();
    bytes += Buffer.byteLength(data);
    term.write(data);
    for (const l of listeners) l(t, data);
  });
  const exited = new Promise<void>((resolve) =>
    p.onExit(() => {
      alive = false;
      resolve();
    }),
  );
  return {pty: p, term, bytes: () => bytes, exited, onData: (f) => listeners.push(f)};
}

async function stop(child: Child) {
  try {
    child.pty.kill('SIGKILL');
  } catch {
    // already gone
  }
  await child.exited;
  child.term.dispose();
}

// ---------------------------------------------------------------------------------------------------

const isBraille = (c: number) => c >= 0x2800 && c <= 0x28ff;

/** Spawn → ≥ 100 braille characters on the screen (or, with `firstByte`, → the first byte), in ms. */
async function timeToMap(command: Command, o: PeerOptions, firstByte: boolean): Promise<number> {
  const t0 = performance.now();
  const child = start(command, o);
  const term = child.term;
  const braille = () => {
    const buffer = term.buffer.active;
    let n = 0;
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
      for (const ch of line) if (isBraille(ch.codePointAt(0)!)) n++;
    }
    return n;
  };
  const result = new Promise<number>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => reject(new Error(`${command.name}: no braille map within 20 s`)), 20_000);
    child.onData((t) => {
      if (done) return;
      if (firstByte) {
        done = true;
        clearTimeout(timer);
        resolve(t - t0);
        return;
      }
      // The time is the arrival of the bytes that completed the map, not when the emulator got to them.
      term.write('', () => {
        if (!done && braille() >= 100) {
          done = true;
          clearTimeout(timer);
          resolve(t - t0);
        }
      });
    });
  });
  try {
    return await result;
  } finally {
    await stop(child);
  }
}

async function startup(commands: {dftop: Command; peer: Command; bare: Command}, o: PeerOptions) {
  const times = {dftop: [] as number[], peer: [] as number[], bare: [] as number[]};
  const order = ['bare', 'peer', 'dftop'] as const;
  // One warm-up of each (disk cache), then the runs, interleaved and in a rotating order.
  for (const k of order) await timeToMap(commands[k], o, k === 'bare');
  for (let i = 0; i < o.startupRuns; i++) {
    for (let j = 0; j < order.length; j++) {
      const k = order[(i + j) % order.length];
      times[k].push(await timeToMap(commands[k], o, k === 'bare'));
    }
  }
  const m = {dftop: median(times.dftop), peer: median(times.peer), bare: median(times.bare)};
  return {
    runs: o.startupRuns,
    dftopMs: round(m.dftop),
    peerMs: round(m.peer),
    bareMs: round(m.bare),
    dftopPerPeer: round(m.dftop / m.peer, 2),
    dftopPerBare: round(m.dftop / m.bare, 2),
    peerPerBare: round(m.peer / m.bare, 2),
    samplesMs: {dftop: times.dftop.map((t) => round(t)), peer: times.peer.map((t) => round(t)), bare: times.bare.map((t) => round(t))},
  };
}

type Steady = {polls: number; cpuMsPerPoll: number; bytesPerPoll: number; rssMiB: number; windowS: number};

/** One client for ~26 s: warm-up, then a window of exactly `polls` polls (edges halfway between polls), then RSS. */
async function steadyRun(command: (url: string) => Command, upstream: string, o: PeerOptions, intervalMs: number): Promise<Steady> {
  const counter = await pollCounter(upstream);
  const spawnedAt = performance.now();
  const child = start(command(counter.url), o);
  const pid = child.pty.pid;
  try {
    const warm = 3;
    while (counter.arrivals.length < warm) await counter.next();
    // Halfway to the next poll: the previous one is drawn, the next has not started.
    await sleep(Math.max(0, counter.arrivals[warm - 1] + intervalMs / 2 - performance.now()));
    const c0 = cpuMs(pid);
    const b0 = child.bytes();
    const t0 = performance.now();
    const seen = counter.arrivals.length;
    while (counter.arrivals.length < seen + o.polls) await counter.next();
    await sleep(Math.max(0, counter.arrivals[seen + o.polls - 1] + intervalMs / 2 - performance.now()));
    const polls = counter.arrivals.filter((t) => t > t0).length;
    const cpu = cpuMs(pid) - c0;
    const bytes = child.bytes() - b0;
    const windowS = (performance.now() - t0) / 1000;
    await sleep(Math.max(0, spawnedAt + 26_000 - performance.now()));
    const rss = rssMiB(pid);
    return {polls, cpuMsPerPoll: round(cpu / polls, 2), bytesPerPoll: Math.round(bytes / polls), rssMiB: round(rss), windowS: round(windowS)};
  } finally {
    await stop(child);
    counter.close();
  }
}

/** dftop alone against 10,000 visitors: a key every 0.3 s, time from the write to the next byte on the PTY. */
async function keypress(dftop: string, o: PeerOptions) {
  const server = await demoServer(['--visitors', '10000', '--steady', '--seed', '1'], dftop);
  const child = start({name: 'dftop', file: process.execPath, args: [dftop, '--base-url', server.url, '--interval', '2']}, o);
  const pending: {at: number; key: string}[] = [];
  const latencies: number[] = [];
  let echoed = 0;
  child.onData((t, data) => {
    // A terminal left in cooked mode echoes the key itself within a millisecond: that is not dftop answering.
    if (pending.length > 0 && data === pending[pending.length - 1].key) {
      echoed++;
      return;
    }
    for (const w of pending.splice(0)) latencies.push(t - w.at);
  });
  try {
    // The first 10,000-visitor poll lands and a few more follow before the keys start.
    await sleep(8000);
    if (child.bytes() === 0) throw new Error('dftop wrote nothing in 8 s');
    child.pty.write('2'); // focus the visitors list
    await sleep(1000);
    for (let i = 0; i < o.keys; i++) {
      const at = performance.now();
      const key = i % 2 === 0 ? 'j' : 'k';
      pending.push({at, key});
      child.pty.write(key);
      await sleep(Math.max(0, at + 300 - performance.now()));
    }
    await sleep(1000);
  } finally {
    await stop(child);
    await server.close();
  }
  const some = latencies.length > 0;
  return {
    keys: o.keys,
    answered: latencies.length,
    unanswered: pending.length,
    echoed,
    p50Ms: some ? round(quantile(latencies, 0.5)) : null,
    p95Ms: some ? round(quantile(latencies, 0.95)) : null,
    worstMs: some ? round(Math.max(...latencies)) : null,
  };
}

export async function peerFigures(o: PeerOptions) {
  const peerScript = path.join(process.cwd(), 'bench/peer/dashboard.mjs');
  const dftopCmd = (url: string): Command => ({name: 'dftop', file: process.execPath, args: [o.dftop, '--base-url', url, '--interval', '2']});
  const peerCmd = (url: string): Command => ({name: 'peer', file: process.execPath, args: [peerScript, '--base-url', url, '--interval', '2']});
  const bare: Command = {name: 'bare', file: process.execPath, args: ['-e', "process.stdout.write('x')"]};

  const loadBefore = os.loadavg()[0];
  const server = await demoServer(['--steady', '--seed', '1'], o.dftop);
  let first;
  let steady;
  try {
    o.log(`  peer: start-up to the first braille map, ${o.startupRuns} runs each, interleaved…`);
    first = await startup({dftop: dftopCmd(server.url), peer: peerCmd(server.url), bare}, o);
    o.log(`  peer: CPU, bytes and RSS over ${o.polls} polls at 2 s, dftop and the peer side by side (~27 s)…`);
    // Both at once, the peer a second later so their polls do not coincide on two cores.
    const [d, p] = await Promise.all([
      steadyRun(dftopCmd, server.url, o, 2000),
      sleep(1000).then(() => steadyRun(peerCmd, server.url, o, 2000)),
    ]);
    steady = {dftop: d, peer: p, cpuRatio: round(d.cpuMsPerPoll / p.cpuMsPerPoll, 2), bytesRatio: round(d.bytesPerPoll / p.bytesPerPoll, 2), rssRatio: round(d.rssMiB / p.rssMiB, 2)};
  } finally {
    await server.close();
  }
  o.log(`  peer: keypress → first byte, ${o.keys} keys every 0.3 s, 10,000 visitors polled every 2 s (~${Math.round(10 + o.keys * 0.3)} s)…`);
  const keys = await keypress(o.dftop, o);
  const machine = {cpus: os.cpus().length, loadBefore: round(loadBefore, 2), loadAfter: round(os.loadavg()[0], 2)};
  return {size: `${o.cols}x${o.rows}`, colorterm: o.colorterm || null, dftop: o.dftop, machine, startup: first, steady, keys};
}

export type PeerResult = Awaited<ReturnType<typeof peerFigures>>;

/** The side-by-side table and what each figure includes and leaves out. */
export function formatPeer(r: PeerResult): string {
  const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
  const s = r.steady;
  const rows: [string, string, string, string, string, string][] = [
    ['figure', 'dftop', 'peer', 'dftop/peer', 'goal', 'met'],
    [`start-up to first braille map (median of ${r.startup.runs})`, ms(r.startup.dftopMs), ms(r.startup.peerMs), `${r.startup.dftopPerPeer.toFixed(2)}×`, '≤ 1.0×', r.startup.dftopPerPeer <= 1 ? 'yes' : 'NO'],
    [`  the same ÷ a bare node's first byte (${ms(r.startup.bareMs)})`, `${r.startup.dftopPerBare.toFixed(1)}×`, `${r.startup.peerPerBare.toFixed(1)}×`, '', '', ''],
    [`CPU per poll (${s.dftop.polls} polls at 2 s)`, ms(s.dftop.cpuMsPerPoll), ms(s.peer.cpuMsPerPoll), `${s.cpuRatio.toFixed(2)}×`, '≤ 0.5×', s.cpuRatio <= 0.5 ? 'yes' : 'NO'],
    ['bytes written per poll', `${s.dftop.bytesPerPoll} B`, `${s.peer.bytesPerPoll} B`, `${s.bytesRatio.toFixed(2)}×`, '≤ 1.0×', s.bytesRatio <= 1 ? 'yes' : 'NO'],
    ['RSS after 26 s', `${s.dftop.rssMiB.toFixed(1)} MiB`, `${s.peer.rssMiB.toFixed(1)} MiB`, `${s.rssRatio.toFixed(2)}×`, '≤ 1.0×', s.rssRatio <= 1 ? 'yes' : 'NO'],
    [
      `keypress → first byte, 10k visitors (${r.keys.keys} keys)`,
      r.keys.worstMs === null ? 'no key answered' : `p50 ${ms(r.keys.p50Ms!)}, p95 ${ms(r.keys.p95Ms!)}, worst ${ms(r.keys.worstMs)}`,
      '—',
      '',
      'worst ≤ 50 ms',
      r.keys.worstMs !== null && r.keys.worstMs <= 50 && r.keys.unanswered === 0 ? 'yes' : 'NO',
    ],
  ];
  const warnings: string[] = [];
  if (r.keys.unanswered > 0) warnings.push(`${r.keys.unanswered} of ${r.keys.keys} keys got no byte back at all.`);
  if (r.keys.echoed > 0) warnings.push(`the terminal echoed ${r.keys.echoed} keys: dftop left the PTY in cooked mode (echo on); echoes are not counted as answers.`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
  const legend = [
    `dftop against its peer (bench/peer/dashboard.mjs: blessed-contrib braille map with a marker per visitor, visitors and`,
    `payments tables, an events log, the time of the last poll; one screen.render() per poll), at`,
    `${r.size.replace('x', '×')}, TERM=xterm-256color${r.colorterm ? ` COLORTERM=${r.colorterm}` : ' (256 colours)'}, one demo API process (--steady --seed 1) for both, measured from outside;`,
    `${r.machine.cpus} cores, load average ${r.machine.loadBefore} before and ${r.machine.loadAfter} after (times stretch with load; ratios less so):`,
    '',
    table,
    '',
    '  start-up  spawn of `node <script>` in a PTY → the output that puts ≥ 100 braille characters (U+2800–U+28FF) on an',
    '            @xterm/headless screen; includes node\'s own start, module loading and, if the program waits for it, the',
    '            first poll; bare = `node -e "process.stdout.write(\'x\')"` to its first byte. Interleaved runs, median.',
    '  CPU       utime+stime of the child (/proc/<pid>/stat, 10 ms ticks) over a window opening and closing halfway',
    '            between polls after 3 warm-up polls, ÷ the polls in it; the demo API\'s work is in its own process and',
    '            excluded. Both clients run at the same time, polls offset by 1 s.',
    '  bytes     everything read from the PTY in that window (frames, clock ticks), ÷ polls; no keys, no resizes.',
    '  RSS       VmRSS of the child 26 s after its spawn.',
    '  keypress  dftop alone against `demo-server --visitors 10000 --steady`, --interval 2: `2` (visitors), then j/k',
    '            every 0.3 s; from the write to the PTY to the next byte read from it (whatever that byte is: a',
    '            key that lands during a poll waits for it). A p50 near 1 s means the keys changed nothing and',
    '            only the polls wrote. Not measured for the peer.',
  ];
  return legend.concat(warnings.map((w) => `  WARNING   ${w}`)).join('\n') + '\n';
}
