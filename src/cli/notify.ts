import {spawn, type ChildProcess} from 'node:child_process';
import {sanitise} from '../model/sanitise.js';

// How an alert leaves dftop: a desktop notification through the terminal (OSC 9, wrapped for tmux), the bell,
// and `--alert-command`. Notification text is built from visitor- and payer-controlled strings.

export const BEL = '\x07';
const ESC = '\x1b';

/** Every control character (C0, DEL, C1) and what `sanitise` removes; the result cannot end or extend an OSC string. */
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Text safe inside an OSC string: sanitised (escape sequences, bidi and invisible characters dropped), every
 * remaining control character removed, at most `max` characters. It always starts with "dftop: " so that no
 * terminal can read a leading "4;…" as one of OSC 9's sub-commands (ConEmu's progress bar, for one).
 */
export function notificationText(text: string, max = 200): string {
  let clean = sanitise(text).replace(CONTROLS, '').replace(/\s+/g, ' ').trim();
  if (clean.length > max) clean = clean.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '') + '…';
  return `dftop: ${clean}`;
}

/** tmux passes a sequence to the outer terminal only inside its DCS passthrough, every ESC doubled. */
export function tmuxPassthrough(sequence: string): string {
  return `${ESC}Ptmux;${sequence.split(ESC).join(ESC + ESC)}${ESC}\\`;
}

/** OSC 9 (iTerm2, WezTerm, kitty, Windows Terminal, foot, ConEmu…): a desktop notification with `text`. */
export function osc9(text: string, inTmux: boolean): string {
  const sequence = `${ESC}]9;${notificationText(text)}${BEL}`;
  return inTmux ? tmuxPassthrough(sequence) : sequence;
}

/**
 * What the terminal receives for one alert: the notification, then the bell. tmux handles the bell itself
 * (its bell-action and monitor-bell), so the bell is never wrapped. `TMUX` set means inside tmux.
 */
export function alertSequence(text: string, env: Record<string, string | undefined>, bell = true): string {
  return osc9(text, !!env.TMUX) + (bell ? BEL : '');
}

/** `--alert-command "notify-send dftop"` → argv; split on whitespace only: no quotes, no shell. */
export function splitCommand(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** Variables the command does not get: the key stays in dftop. */
const SECRET_ENV = ['DATAFAST_API_KEY', 'DATAFAST_TOKEN', 'DATAFAST_SITE_KEY'];

export type CommandRunnerOptions = {
  /** The command is stopped (SIGTERM, then SIGKILL 2 s later) after this long. */
  timeoutMs?: number;
  /** Alerts waiting beyond this many are dropped, oldest first, and counted. */
  maxQueue?: number;
  env?: Record<string, string | undefined>;
  /** One line about a failure (not found, non-zero exit, timeout, dropped alerts); never throws. */
  onError?: (message: string) => void;
};

type Job = {json: string; text: string; rule: string};

/**
 * Runs `--alert-command` once per alert: no shell (argv as given), the alert as one JSON line on stdin,
 * one at a time in order, each with a timeout. Its output is discarded; stderr's last line goes into the error.
 */
export class CommandRunner {
  private readonly argv: readonly string[];
  private readonly options: Required<Omit<CommandRunnerOptions, 'env'>> & {env: Record<string, string | undefined>};
  private readonly queue: Job[] = [];
  private running: ChildProcess | null = null;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private dropped = 0;
  /** Commands started so far (for tests and the notes). */
  started = 0;

  constructor(argv: readonly string[], options: CommandRunnerOptions = {}) {
    if (argv.length === 0) throw new Error('empty command');
    this.argv = argv;
    this.options = {timeoutMs: options.timeoutMs ?? 10_000, maxQueue: options.maxQueue ?? 20, env: options.env ?? process.env, onError: options.onError ?? (() => {})};
  }

  /** Queues one alert. `payload` is written to the command's stdin as one JSON line. */
  run(payload: {text: string; rule: string}): void {
    if (this.closed) return;
    this.queue.push({json: JSON.stringify(payload) + '\n', text: payload.text, rule: payload.rule});
    while (this.queue.length > this.options.maxQueue) {
      this.queue.shift();
      this.dropped++;
    }
    this.next();
  }

  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking alerts and lets what is queued run for up to `graceMs` (so the alert that fired just before
   * Ctrl-C still goes out); then drops the rest and stops the running command.
   */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | null = null;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([this.idle(), late])) === 'late') {
      this.queue.length = 0;
      this.kill('SIGTERM');
      await this.idle();
    }
    if (timer) clearTimeout(timer);
  }

  private kill(signal: NodeJS.Signals) {
    const child = this.running;
    if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      // The command runs in its own process group, so a script's children stop with it.
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }

  private next() {
    if (this.running) return;
    if (this.dropped) {
      this.options.onError(`--alert-command: ${this.dropped} alert(s) dropped while earlier ones ran`);
      this.dropped = 0;
    }
    const job = this.queue.shift();
    if (!job) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.options.env)) if (v !== undefined && !SECRET_ENV.includes(k)) env[k] = v;
    env.DFTOP_ALERT_TEXT = notificationText(job.text).slice('dftop: '.length);
    env.DFTOP_ALERT_RULE = job.rule;
    const [file, ...args] = this.argv;
    let child: ChildProcess;
    try {
      child = spawn(file, args, {shell: false, stdio: ['pipe', 'ignore', 'pipe'], env, detached: true, windowsHide: true});
    } catch (error) {
      this.options.onError(`--alert-command ${file}: ${(error as Error).message}`);
      return void setImmediate(() => this.next());
    }
    this.started++;
    this.running = child;
    let stderr = '';
    let timedOut = false;
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    child.stdin?.on('error', () => {}); // a command that does not read stdin
    child.stdin?.end(job.json);
    let killTimer: NodeJS.Timeout | null = null;
    const timer = setTimeout(() => {
      timedOut = true;
      this.kill('SIGTERM');
      killTimer = setTimeout(() => this.kill('SIGKILL'), 2000);
    }, this.options.timeoutMs);
    let done = false;
    const finish = (message: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (message) this.options.onError(sanitise(message));
      this.running = null;
      this.next();
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish(`--alert-command ${file}: ${error.code === 'ENOENT' ? 'command not found' : error.message}`));
    child.on('close', (code, signal) => {
      const last = stderr.trim().split('\n').pop() ?? '';
      if (timedOut) finish(`--alert-command ${file}: stopped after ${this.options.timeoutMs / 1000} s`);
      else if (code !== 0) finish(`--alert-command ${file}: exit ${code ?? signal}${last ? `: ${last.slice(0, 200)}` : ''}`);
      else finish(null);
    });
  }
}
