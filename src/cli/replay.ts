import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import zlib from 'node:zlib';
import {idleStatus, type PollOutcome, type PollerStatus} from '../api/poller.js';
import type {SiteInfo} from '../api/sites.js';
import {applySnapshot, mergeById, EVENT_HISTORY, PAYMENT_HISTORY} from '../model/feed.js';
import {normaliseData} from '../model/normalise.js';
import {withSiteCurrency} from '../model/site.js';
import type {Snapshot} from '../model/types.js';
import type {Clock} from '../ui/clock.js';
import type {ReplayInfo} from '../ui/views/replay.js';
import type {ReplayControls, SnapshotSource} from '../ui/source.js';
import {EXIT} from '../api/errors.js';
import {clampDelay} from '../api/retry.js';
import {defaultCharset, type Charset} from '../map/glyphs.js';
import {detectUtf8} from '../terminal/profile.js';
import type {ProjectionName} from '../map/projection.js';
import {jsonLine} from '../model/json.js';
import {renderSnapshot} from '../ui/snapshot.js';
import {fileErrorText} from './files.js';
import {detectDepth} from '../ui/theme.js';
import {helpText, parseFlags, REPLAY_FLAGS, UsageError, type Parsed} from './args.js';
import {snapshotSize} from './snapshot-size.js';

// `dftop replay FILE`: a recording (src/cli/record.ts) read back. The file is indexed once (byte offsets and
// times, not the data), so a day of polls costs a few hundred kilobytes of memory; a .gz file is first
// decompressed into a private temporary file that is deleted at once. A damaged line is skipped and counted.

export type Entry = {time: number; offset: number; length: number};

export type Poll = {time: number; website: string | null; site: SiteInfo | null; data: unknown};

const GZIP_MAGIC = [0x1f, 0x8b];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A recorded line, or null when it is not one (damaged, cut short, not a recording). */
export function parseLine(text: string): Poll | null {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(line) || typeof line.time !== 'string' || !isObject(line.data)) return null;
  const time = Date.parse(line.time);
  if (Number.isNaN(time)) return null;
  const website = typeof line.website === 'string' ? line.website : null;
  const s = isObject(line.site) ? line.site : null;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const site: SiteInfo | null = s ? {domain: str(s.domain), name: str(s.name), currency: str(s.currency), timezone: str(s.timezone)} : null;
  return {time, website, site, data: line.data};
}

/** A recording opened for reading: the index in time order, and what was skipped. */
export class Recording {
  readonly file: string;
  readonly entries: readonly Entry[];
  /** Lines that were not recorded polls (damaged, cut short), skipped. */
  readonly skipped: number;
  private fd: number | null;

  private constructor(file: string, fd: number, entries: Entry[], skipped: number) {
    this.file = file;
    this.fd = fd;
    this.entries = entries;
    this.skipped = skipped;
  }

  /** Opens and indexes `file` (plain NDJSON or gzip, whatever its name). Throws when it cannot be read. */
  static async open(file: string): Promise<Recording> {
    let fd = fs.openSync(file, 'r');
    let skipped = 0;
    const magic = Buffer.alloc(2);
    fs.readSync(fd, magic, 0, 2, 0);
    if (magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1]) {
      fs.closeSync(fd);
      const plain = await decompress(file);
      fd = plain.fd;
      skipped += plain.damaged;
    }
    const {entries, skipped: bad} = indexLines(fd);
    // Appended runs normally follow each other; a recording pieced together out of order still plays in time order.
    entries.sort((a, b) => a.time - b.time || a.offset - b.offset);
    return new Recording(file, fd, entries, skipped + bad);
  }

  get length(): number {
    return this.entries.length;
  }

  /** The recorded poll at `index`, read from the file; null if it no longer parses. */
  poll(index: number): Poll | null {
    const entry = this.entries[index];
    if (!entry || this.fd === null) return null;
    const buffer = Buffer.alloc(entry.length);
    fs.readSync(this.fd, buffer, 0, entry.length, entry.offset);
    return parseLine(buffer.toString('utf8'));
  }

  /** The last poll at or before `time`: its index, or -1 when the recording starts later. */
  indexAt(time: number): number {
    let lo = 0;
    let hi = this.entries.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].time <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The first poll at or after `time`, or -1 when the recording ends earlier. */
  indexFrom(time: number): number {
    const at = this.indexAt(time);
    if (at >= 0 && this.entries[at].time === time) return at;
    return at + 1 < this.entries.length ? at + 1 : -1;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** The poll as the live monitor saw it: the same normaliser, the recorded time, the site's currency. */
export function pollSnapshot(poll: Poll): Snapshot {
  return withSiteCurrency(normaliseData(poll.data, new Date(poll.time), poll.website), poll.site?.currency);
}

/** Line offsets and times of a plain NDJSON file; each line is parsed once to check it. */
function indexLines(fd: number): {entries: Entry[]; skipped: number} {
  const entries: Entry[] = [];
  let skipped = 0;
  const chunk = Buffer.alloc(1 << 20);
  let pending: Buffer[] = [];
  let pendingStart = 0;
  let position = 0;
  const finish = (parts: Buffer[], start: number) => {
    const line = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    let end = line.length;
    if (end > 0 && line[end - 1] === 0x0d) end--; // CRLF
    if (end === 0 || line.subarray(0, end).every((b) => b === 0x20 || b === 0x09)) return;
    const poll = parseLine(line.subarray(0, end).toString('utf8'));
    if (poll) entries.push({time: poll.time, offset: start, length: end});
    else skipped++;
  };
  for (;;) {
    const read = fs.readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) break;
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl === -1 || nl >= read) break;
      pending.push(Buffer.from(chunk.subarray(from, nl)));
      finish(pending, pendingStart);
      pending = [];
      pendingStart = position + nl + 1;
      from = nl + 1;
    }
    if (from < read) pending.push(Buffer.from(chunk.subarray(from, read)));
    position += read;
  }
  // A last line without its newline: kept if it is whole, counted if it was cut short.
  if (pending.length) finish(pending, pendingStart);
  return {entries, skipped};
}

/**
 * Decompresses a gzip recording into a private temporary file (0600, unlinked at once; the descriptor keeps
 * it). A truncated last member (a crash while writing) yields what it holds; when a member in the middle is
 * broken (a crash, then more runs appended), each member is inflated on its own and the broken ones counted.
 */
async function decompress(file: string): Promise<{fd: number; damaged: number}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-replay-'));
  const tmp = path.join(dir, 'recording.ndjson');
  const open = () => {
    const fd = fs.openSync(tmp, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC, 0o600);
    return fd;
  };
  const cleanup = () => {
    fs.rmSync(dir, {recursive: true, force: true});
  };
  try {
    try {
      await pipeline(fs.createReadStream(file), zlib.createGunzip({finishFlush: zlib.constants.Z_SYNC_FLUSH}), fs.createWriteStream(tmp, {mode: 0o600}));
      return {fd: fs.openSync(tmp, 'r'), damaged: 0};
    } catch {
      // A broken member in the middle: recover member by member.
    }
    const fd = open();
    const damaged = inflateMembers(fs.readFileSync(file), fd);
    fs.closeSync(fd);
    return {fd: fs.openSync(tmp, 'r'), damaged};
  } finally {
    cleanup();
  }
}

/** Inflates each gzip member found in `buffer` on its own, appending the output to `fd`; returns members that failed. */
function inflateMembers(buffer: Buffer, fd: number): number {
  const starts: number[] = [];
  for (let i = buffer.indexOf(0x1f); i !== -1 && i < buffer.length - 2; i = buffer.indexOf(0x1f, i + 1)) {
    if (buffer[i + 1] === 0x8b && buffer[i + 2] === 0x08) starts.push(i);
  }
  starts.push(buffer.length);
  let damaged = 0;
  let i = 0;
  while (i < starts.length - 1) {
    // The magic bytes can occur inside compressed data: when a slice fails, try it joined with the next ones.
    let done = false;
    for (let j = i + 1; j < starts.length && j <= i + 8; j++) {
      try {
        const out = zlib.gunzipSync(buffer.subarray(starts[i], starts[j]));
        fs.writeSync(fd, out);
        if (out.length && out[out.length - 1] !== 0x0a) fs.writeSync(fd, '\n');
        i = j;
        done = true;
        break;
      } catch {
        // try a longer slice
      }
    }
    if (!done) {
      // Broken: keep what inflates of it (its complete lines), count it.
      try {
        const out = zlib.gunzipSync(buffer.subarray(starts[i], starts[i + 1]), {finishFlush: zlib.constants.Z_SYNC_FLUSH});
        fs.writeSync(fd, out);
        fs.writeSync(fd, '\n');
      } catch {
        // nothing usable
      }
      damaged++;
      i++;
    }
  }
  return damaged;
}

/**
 * `--from` / `--at`: an ISO time ("2024-05-01T14:09:12Z", local without a zone), a clock time "14:09[:12]" (its
 * first occurrence at or after the recording's start, local time), "+DURATION" from the start or
 * "-DURATION" from the end (DURATION: a number of minutes, or with s, m or h: "90s", "1h30m").
 */
export function parseTime(text: string, start: number, end: number): number | null {
  const t = text.trim();
  const rel = /^([+-])((?:\d+(?:\.\d+)?[hms]?)+)$/i.exec(t);
  if (rel) {
    let ms = 0;
    for (const m of rel[2].matchAll(/(\d+(?:\.\d+)?)([hms]?)/gi)) {
      const unit = m[2].toLowerCase();
      ms += Number(m[1]) * (unit === 'h' ? 3_600_000 : unit === 's' ? 1000 : 60_000);
    }
    return rel[1] === '+' ? start + ms : end - ms;
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) return null;
    const day = new Date(start);
    day.setHours(h, m, s, 0);
    let at = day.getTime();
    while (at < start - 1000) at += 86_400_000;
    return at;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const at = Date.parse(t);
    return Number.isNaN(at) ? null : at;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// The replay source: what the live poller offers (Poller<Snapshot>), driven by the recording.

export const SPEEDS = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16, 32, 64, 128] as const;

/** The longest wall-clock wait between two polls, whatever the gap in the recording (a night without dftop). */
export const MAX_WAIT_MS = 10_000;

/** Every this many polls the source keeps the accumulated events and payments, so stepping back is cheap. */
const CHECKPOINT_EVERY = 64;

export type ReplayOptions = {
  speed?: number;
  /** Index of the first poll to play (see Recording.indexFrom); default 0. */
  from?: number;
  /** Wall clock, for tests. */
  now?: () => number;
  /** The site of the recording for the header (else the site written on its lines). */
  site?: SiteInfo | null;
};

type History = {events: Snapshot['events']; payments: Snapshot['payments']};

/**
 * Plays a recording with the interface of the live poller, so the Dashboard runs on it unchanged, plus
 * `stepBack`, `stepForward`, `faster`, `slower` and `info()`. Times in `current` (lastOkAt, nextPollAt) and the
 * `clock` are the recorded ones: the header's "updated …" and clocks show the recording's time.
 *
 * Stepping back cannot be folded into the Dashboard's accumulated feed (it would keep later events): the
 * source first calls the `onRewind` listeners — the Dashboard drops its feed and history — then emits a
 * snapshot whose events and payments already hold the history up to that poll.
 */
export class ReplaySource implements SnapshotSource, ReplayControls {
  readonly recording: Recording;
  private readonly wall: () => number;
  private status: PollerStatus<Snapshot>;
  private readonly outcomeListeners = new Set<(outcome: PollOutcome<Snapshot>, status: PollerStatus<Snapshot>) => void>();
  private readonly stateListeners = new Set<(status: PollerStatus<Snapshot>) => void>();
  private readonly rewindListeners = new Set<() => void>();
  private readonly infoListeners = new Set<(info: ReplayInfo) => void>();
  private timer: NodeJS.Timeout | null = null;
  /** Index of the poll on screen; -1 before start. */
  private index = -1;
  private readonly startIndex: number;
  /** Where the accumulated history begins (the first poll played, or where a step back went before it). */
  private base: number;
  private history: History = {events: [], payments: []};
  private readonly checkpoints = new Map<number, History>();
  private playing = true;
  private speedValue: number;
  /** Recorded time of the poll on screen, and the wall time it was shown: the recorded clock runs from there. */
  private shownAt = {recorded: 0, wall: 0};
  private siteInfo: SiteInfo | null;
  /** Lines that stopped parsing after indexing (the file changed under us). */
  skippedLate = 0;

  constructor(recording: Recording, options: ReplayOptions = {}) {
    this.recording = recording;
    this.wall = options.now ?? Date.now;
    this.speedValue = options.speed ?? 1;
    this.startIndex = Math.max(0, Math.min(recording.length - 1, options.from ?? 0));
    this.base = this.startIndex;
    this.siteInfo = options.site ?? null;
    this.status = idleStatus<Snapshot>(medianInterval(recording));
  }

  get current(): PollerStatus<Snapshot> {
    return this.status;
  }

  /** The site named on the recording's lines (first found), or the one given. */
  get site(): SiteInfo | null {
    return this.siteInfo;
  }

  onOutcome(listener: (outcome: PollOutcome<Snapshot>, status: PollerStatus<Snapshot>) => void): () => void {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  }

  onState(listener: (status: PollerStatus<Snapshot>) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Before a step back: the Dashboard drops its feed and history (the next outcome carries the history). */
  onRewind(listener: () => void): () => void {
    this.rewindListeners.add(listener);
    return () => this.rewindListeners.delete(listener);
  }

  /** Whenever `info()` changes: a poll, pause, resume, speed. */
  onInfo(listener: (info: ReplayInfo) => void): () => void {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  }

  info(): ReplayInfo {
    return {
      playing: this.playing && this.status.state !== 'stopped',
      speed: this.speedValue,
      index: this.index + 1,
      total: this.recording.length,
      recordedAt: this.clock.now(),
      atEnd: this.index >= this.recording.length - 1,
    };
  }

  get speed(): number {
    return this.speedValue;
  }

  /** The recorded clock: the poll's time, advancing at the replay's speed while playing, up to the next poll. */
  readonly clock: Clock = {
    now: () => {
      if (this.index < 0) return this.recording.entries[this.startIndex]?.time ?? 0;
      if (!this.playing || this.status.state === 'stopped') return this.shownAt.recorded;
      const next = this.recording.entries[this.index + 1]?.time ?? this.shownAt.recorded;
      return Math.min(next, this.shownAt.recorded + (this.wall() - this.shownAt.wall) * this.speedValue);
    },
    subscribe: (onTick) => {
      const timer = setInterval(onTick, 1000);
      return () => clearInterval(timer);
    },
  };

  start(): void {
    if (this.status.state !== 'idle' || this.recording.length === 0) return;
    this.show(this.startIndex, false);
  }

  stop(): void {
    this.clearTimer();
    this.set({state: 'stopped', nextPollAt: null});
  }

  /** Before `start()` it makes the replay start paused on its first poll. */
  pause(): void {
    if (this.status.state === 'stopped' || !this.playing) return;
    if (this.status.state === 'idle') {
      this.playing = false;
      return;
    }
    this.shownAt = {recorded: this.clock.now(), wall: this.wall()};
    this.playing = false;
    this.clearTimer();
    this.set({state: 'paused', nextPollAt: null});
  }

  resume(): void {
    if (this.status.state === 'stopped' || this.playing) return;
    this.playing = true;
    // At the end, play means play again from the start (as a media player does), not "stay at the end".
    if (this.status.state !== 'idle' && this.index >= this.recording.length - 1 && this.recording.length > 1) {
      this.show(this.startIndex, true);
      return;
    }
    this.shownAt = {recorded: this.shownAt.recorded, wall: this.wall()};
    this.set({state: 'waiting'});
    this.schedule();
  }

  /** Nothing to fetch: a replay's data does not change. */
  refresh(): void {}

  /** One poll forward (and pause, as a player's frame step does). */
  stepForward(): void {
    if (this.status.state === 'stopped' || this.index >= this.recording.length - 1) return;
    this.pauseQuietly();
    this.show(this.index + 1, false);
  }

  /** One poll back (and pause). */
  stepBack(): void {
    if (this.status.state === 'stopped' || this.index <= 0) return;
    this.pauseQuietly();
    this.show(this.index - 1, true);
  }

  faster(): void {
    this.setSpeed(SPEEDS.find((s) => s > this.speedValue + 1e-9) ?? this.speedValue);
  }

  slower(): void {
    this.setSpeed([...SPEEDS].reverse().find((s) => s < this.speedValue - 1e-9) ?? this.speedValue);
  }

  setSpeed(speed: number): void {
    if (speed === this.speedValue) return;
    // The recorded clock keeps its place; the wait for the next poll is recomputed at the new speed.
    this.shownAt = {recorded: this.clock.now(), wall: this.wall()};
    this.speedValue = speed;
    if (this.playing && this.timer) {
      this.clearTimer();
      this.schedule();
    }
    this.notifyInfo();
  }

  private pauseQuietly() {
    this.playing = false;
    this.clearTimer();
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(patch: Partial<PollerStatus<Snapshot>>) {
    this.status = {...this.status, ...patch};
    for (const l of this.stateListeners) l(this.status);
    this.notifyInfo();
  }

  private notifyInfo() {
    if (!this.infoListeners.size) return;
    const info = this.info();
    for (const l of this.infoListeners) l(info);
  }

  /** Wall-clock wait before the next poll at the current speed, from where the recorded clock stands. */
  private schedule() {
    const next = this.recording.entries[this.index + 1];
    if (!next) {
      // The end: stay on the last poll, paused.
      this.playing = false;
      this.set({state: 'paused', nextPollAt: null});
      return;
    }
    // Recorded times are data: whatever they say, the wait is a number of milliseconds within MAX_WAIT_MS.
    const wait = clampDelay((next.time - this.clock.now()) / this.speedValue, MAX_WAIT_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.show(this.index + 1, false);
    }, wait);
  }

  /** The history (events, payments) accumulated from `base` through `index`, from the nearest checkpoint. */
  private historyAt(index: number): History | null {
    let from = this.base;
    let history: History = {events: [], payments: []};
    for (let c = index; c >= this.base; c--) {
      const kept = this.checkpoints.get(c);
      if (kept) {
        from = c + 1;
        history = kept;
        break;
      }
    }
    for (let i = from; i <= index; i++) {
      const poll = this.recording.poll(i);
      if (!poll) continue;
      history = fold(history, pollSnapshot(poll));
      if ((i - this.base) % CHECKPOINT_EVERY === 0) this.checkpoints.set(i, history);
    }
    return history;
  }

  private show(index: number, rewind: boolean) {
    const poll = this.recording.poll(index);
    if (!poll) {
      this.skippedLate++;
      this.index = index;
      if (this.playing) this.schedule();
      return;
    }
    if (!this.siteInfo && poll.site) this.siteInfo = poll.site;
    let snapshot = pollSnapshot(poll);
    if (rewind) {
      if (index < this.base) {
        this.base = index;
        this.checkpoints.clear();
      }
      this.history = this.historyAt(index) ?? {events: [], payments: []};
      snapshot = {...snapshot, events: this.history.events, payments: this.history.payments};
      for (const l of this.rewindListeners) l();
    } else if (index === this.index + 1 || this.index < 0) {
      this.history = fold(this.history, snapshot);
      if ((index - this.base) % CHECKPOINT_EVERY === 0) this.checkpoints.set(index, this.history);
    } else {
      this.history = this.historyAt(index) ?? {events: [], payments: []};
    }
    this.index = index;
    this.shownAt = {recorded: poll.time, wall: this.wall()};
    const next = this.recording.entries[index + 1]?.time ?? null;
    this.status = {...this.status, last: snapshot, lastOkAt: poll.time, lastError: null, failures: 0, latencyMs: null};
    if (this.playing) {
      this.set({state: 'waiting', nextPollAt: next});
      this.schedule();
    } else {
      this.set({state: 'paused', nextPollAt: null});
    }
    const outcome: PollOutcome<Snapshot> = {kind: 'ok', value: snapshot, latencyMs: 0, rateLimit: null, at: poll.time, nextPollAt: this.playing ? next : null};
    for (const l of this.outcomeListeners) l(outcome, this.status);
  }
}

function fold(history: History, snapshot: Snapshot): History {
  return {events: mergeById(snapshot.events, history.events, EVENT_HISTORY), payments: mergeById(snapshot.payments, history.payments, PAYMENT_HISTORY)};
}

/** The recording's usual interval (the median gap), for the header's "updated just now". */
function medianInterval(recording: Recording): number {
  const gaps: number[] = [];
  const e = recording.entries;
  for (let i = 1; i < e.length && gaps.length < 1000; i++) gaps.push(e[i].time - e[i - 1].time);
  if (!gaps.length) return 5000;
  gaps.sort((a, b) => a - b);
  return Math.max(1000, gaps[gaps.length >> 1]);
}

/** The feed a live `--once` would have printed at that poll (one poll, nothing accumulated). */
export function onceFeed(poll: Poll) {
  return applySnapshot(null, pollSnapshot(poll));
}

// ---------------------------------------------------------------------------------------------------------
// `dftop replay FILE …`

/** The FILE argument and the flags around it (a value-taking flag's value is not the file). */
export function splitReplayArgs(argv: readonly string[], valueFlags: readonly string[]): {file: string | null; rest: string[]; extra: string[]} {
  const rest: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      rest.push(arg);
      if (!arg.includes('=') && valueFlags.includes(arg.replace(/^--?/, '')) && i + 1 < argv.length) rest.push(argv[++i]);
      continue;
    }
    positional.push(arg);
  }
  return {file: positional[0] ?? null, rest, extra: positional.slice(1)};
}

export type ReplayLive = (source: ReplaySource, options: {flags: Parsed; env: Record<string, string | undefined>}) => Promise<number>;

/**
 * `dftop replay FILE [--speed N] [--from TIME]` (the live screen, through `live`), `--once [--at TIME]` and
 * `--json [--at TIME]` (the snapshot at that moment, by default the end). No key, no network.
 */
export async function runReplay(argv: readonly string[], env: Record<string, string | undefined>, version: string, live?: ReplayLive): Promise<number> {
  const valueFlags = REPLAY_FLAGS.filter((f) => f.kind !== 'boolean').map((f) => f.name);
  const {file, rest, extra} = splitReplayArgs(argv, valueFlags);
  const flags = parseFlags(rest, REPLAY_FLAGS);
  if (flags.help) {
    process.stdout.write(helpText(version));
    return EXIT.ok;
  }
  if (!file) throw new UsageError('replay needs a recording: dftop replay FILE (made with --record FILE)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (dftop replay takes one FILE)`);
  let recording: Recording;
  try {
    recording = await Recording.open(file);
  } catch (error) {
    throw new UsageError(`cannot read recording ${file}: ${fileErrorText(error)}`);
  }
  try {
    if (recording.skipped) process.stderr.write(`dftop: replay: skipped ${recording.skipped} damaged line${recording.skipped === 1 ? '' : 's'} in ${file}\n`);
    if (recording.length === 0) {
      process.stderr.write(`dftop: replay: ${file} holds no recorded polls\n`);
      return EXIT.runtime;
    }
    const first = recording.entries[0].time;
    const last = recording.entries[recording.length - 1].time;
    const when = (name: 'from' | 'at'): number | null => {
      const text = flags[name] as string | undefined;
      if (text === undefined) return null;
      const at = parseTime(text, first, last);
      if (at === null) throw new UsageError(`--${name} "${text}" is not a time: use ISO (2024-05-01T14:09), HH:MM[:SS], +MINUTES from the start or -MINUTES from the end`);
      return at;
    };
    const stdout = process.stdout;
    const oneShot = flags.once === true || flags.json === true || !stdout.isTTY || !live;
    if (oneShot) {
      if (!flags.once && !flags.json && stdout.isTTY && !live) process.stderr.write('dftop: replay: the live replay screen is not available in this build; printing the snapshot at the end (--once)\n');
      const at = when('at') ?? last;
      if (at > last) process.stderr.write(`dftop: replay: --at is after the recording ends (${new Date(last).toISOString()}); showing its last poll\n`);
      const index = recording.indexAt(at);
      if (index < 0) throw new UsageError(`--at is before the recording starts (${new Date(first).toISOString()})`);
      const poll = recording.poll(index);
      if (!poll) throw new UsageError(`the poll at ${new Date(recording.entries[index].time).toISOString()} can no longer be read (the file changed?)`);
      const feed = onceFeed(poll);
      if (flags.json) {
        stdout.write(jsonLine(feed));
        return EXIT.ok;
      }
      const depth = detectDepth((flags.color as 'auto' | 'always' | 'never' | undefined) ?? 'auto', env, !!stdout.isTTY);
      const {width, height} = snapshotSize({width: flags.width as number | undefined, height: flags.height as number | undefined}, stdout, env);
      // As a live --once decides: ASCII throughout when the locale is not UTF-8.
      const utf8 = detectUtf8(env).utf8;
      const charset = utf8 ? ((flags.charset as Charset | undefined) ?? defaultCharset(env.TERM)) : 'ascii';
      const projection = (flags.projection as ProjectionName | undefined) ?? 'natural-earth';
      stdout.write(renderSnapshot(feed, {site: replaySite(poll), width, height, depth, charset, projection, privacy: flags.privacy === true, ascii: !utf8}) + '\n');
      return EXIT.ok;
    }
    const from = when('from');
    const fromIndex = from === null ? 0 : recording.indexFrom(from);
    if (fromIndex < 0) throw new UsageError(`--from is after the recording ends (${new Date(last).toISOString()})`);
    const source = new ReplaySource(recording, {speed: (flags.speed as number | undefined) ?? 1, from: fromIndex});
    return await live!(source, {flags, env});
  } finally {
    recording.close();
  }
}

/** The header's site for a recorded poll: its domain or name when recorded, else the website id, else "replay". */
export function replaySite(poll: Poll): string {
  return poll.site?.domain ?? poll.site?.name ?? poll.website ?? 'replay';
}
