import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {afterEach, describe, expect, it} from 'vitest';
import {parseSize, Recorder} from '../../src/cli/record.js';
import {parseTime, Recording, ReplaySource, SPEEDS} from '../../src/cli/replay.js';
import type {PollOutcome} from '../../src/api/poller.js';
import type {Snapshot} from '../../src/model/types.js';
import {faultServer, json, type Reply} from '../helpers/fault-server.js';
import {fixture} from '../helpers/fixtures.js';
import {cleanEnv, runCli} from '../helpers/cli.js';

const KEY = 'df_record_secret_key_123456';
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-rec-'));
const T0 = Date.parse('2024-05-01T12:00:00Z');

let servers: Awaited<ReturnType<typeof faultServer>>[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});
async function serve(...replies: Reply[]) {
  const s = await faultServer(replies);
  servers.push(s);
  return s;
}

/** Answers by path: the map from `map` (n-th request → n-th body, the last repeats), metadata and sites fixed. */
function byPath(maps: unknown[], extra: Record<string, unknown> = {}): Reply {
  let n = 0;
  return (req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const body = p in extra ? extra[p] : p === '/api/v1/analytics/realtime/map' ? maps[Math.min(n++, maps.length - 1)] : null;
    if (body === null) {
      res.writeHead(404, {'content-type': 'application/json'});
      return res.end(JSON.stringify({status: 'error', error: {code: 404, message: 'Not found'}}));
    }
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify(body));
  };
}

/** A recording written by the Recorder from scripted answers, 5 s apart. */
async function record(file: string, datas: unknown[], options: {maxBytes?: number} = {}) {
  const rec = new Recorder(file, options);
  datas.forEach((data, i) => rec.write(data, new Date(T0 + i * 5000), null));
  await rec.close();
  return rec;
}

const data = (count: number, extra: Record<string, unknown> = {}) => ({count, visitors: [], recentEvents: [], recentPayments: [], ...extra});

describe('the recorder', () => {
  it('appends one line per answer (time, website, data as received), creating the file 0600', async () => {
    const dir = tmp();
    const file = path.join(dir, 'r.ndjson');
    const body = fixture('realtime-map.objects.json').data;
    await record(file, [body, data(3)]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({time: new Date(T0).toISOString(), website: null, data: body});
    // Appending keeps what is there; an existing file is narrowed to 0600.
    fs.chmodSync(file, 0o644);
    await record(file, [data(4)]);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('.gz writes a gzip stream (a member per line) that gunzip reads whole', async () => {
    const file = path.join(tmp(), 'r.ndjson.gz');
    await record(file, [data(1), data(2), data(3)]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    expect(text.trim().split('\n').map((l) => JSON.parse(l).data.count)).toEqual([1, 2, 3]);
  });

  it('closeSync (a signal) writes every queued .gz line at once, and nothing twice', async () => {
    const file = path.join(tmp(), 'term.ndjson.gz');
    const recorder = new Recorder(file);
    for (const n of [1, 2, 3]) recorder.write(data(n), new Date(T0 + n * 1000), null);
    // Still queued (the compression is asynchronous): a process exiting now would lose them without closeSync.
    expect(recorder.lines).toBe(0);
    recorder.closeSync();
    const read = () => zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l).data.count);
    expect(read()).toEqual([1, 2, 3]);
    await recorder.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(read()).toEqual([1, 2, 3]);
    recorder.write(data(4), new Date(T0 + 4000), null);
    await recorder.close();
    expect(read()).toEqual([1, 2, 3]);
  });

  it('--record-max rotates: FILE becomes FILE.1 and a new FILE starts', async () => {
    const file = path.join(tmp(), 'r.ndjson');
    const line = JSON.stringify({time: new Date(T0).toISOString(), website: null, data: data(1)}).length + 1;
    await record(file, [data(1), data(2), data(3)], {maxBytes: line * 2});
    const counts = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l).data.count);
    expect(counts(file + '.1')).toEqual([1, 2]);
    expect(counts(file)).toEqual([3]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(parseSize('50M')).toBe(50 * 1024 * 1024);
    expect(parseSize('1.5k')).toBe(1536);
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('fifty')).toBeNull();
  });

  it('a line cut short by a crash stays on its own line when recording resumes', async () => {
    const file = path.join(tmp(), 'r.ndjson');
    await record(file, [data(1)]);
    fs.appendFileSync(file, '{"time":"2024-05-01T12:00:05.000Z","website":null,"data":{"cou');
    await record(file, [data(7)]);
    const recording = await Recording.open(file);
    expect(recording.length).toBe(2);
    expect(recording.skipped).toBe(1);
    recording.close();
  });
});

describe('reading a recording', () => {
  it('skips damaged lines with a count, keeps a whole last line without its newline, counts a truncated one', async () => {
    const file = path.join(tmp(), 'r.ndjson');
    await record(file, [data(1), data(2)]);
    fs.appendFileSync(file, 'not json\n{"time":"never","data":{}}\n\n{"time":"2024-05-01T12:01:00Z","website":"w","data":{"count":9}}');
    let recording = await Recording.open(file);
    expect(recording.length).toBe(3);
    expect(recording.skipped).toBe(2);
    expect(recording.poll(2)?.data).toEqual({count: 9});
    recording.close();
    fs.appendFileSync(file, '\n{"time":"2024-05-01T12:01:05Z","website":"w","data":{"cou');
    recording = await Recording.open(file);
    expect(recording.length).toBe(3);
    expect(recording.skipped).toBe(3);
    recording.close();
  });

  it('reads gzip whatever the name, a truncated last member, and a broken member in the middle', async () => {
    const dir = tmp();
    const file = path.join(dir, 'r.ndjson.gz');
    await record(file, [data(1), data(2), data(3)]);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(path.join(dir, 'renamed'), whole);
    let recording = await Recording.open(path.join(dir, 'renamed'));
    expect(recording.length).toBe(3);
    recording.close();
    // Cut inside the last member (a crash while writing it).
    fs.writeFileSync(path.join(dir, 'cut.gz'), whole.subarray(0, whole.length - 12));
    recording = await Recording.open(path.join(dir, 'cut.gz'));
    expect(recording.entries.length).toBeGreaterThanOrEqual(2);
    expect(recording.poll(1)?.data).toEqual(data(2));
    recording.close();
    // A crash, then another run appended: a broken member between whole ones.
    const second = zlib.gzipSync(JSON.stringify({time: new Date(T0 + 60_000).toISOString(), website: null, data: data(9)}) + '\n');
    fs.writeFileSync(path.join(dir, 'mid.gz'), Buffer.concat([whole.subarray(0, whole.length - 12), second]));
    recording = await Recording.open(path.join(dir, 'mid.gz'));
    expect(recording.poll(recording.length - 1)?.data).toEqual(data(9));
    expect(recording.length).toBeGreaterThanOrEqual(3);
    recording.close();
  });

  it('parses --from/--at: ISO, a clock time on the first day, +/- durations', () => {
    const start = T0;
    const end = T0 + 3600_000;
    expect(parseTime('2024-05-01T12:30:00Z', start, end)).toBe(T0 + 1800_000);
    expect(parseTime('+10', start, end)).toBe(T0 + 600_000);
    expect(parseTime('+90s', start, end)).toBe(T0 + 90_000);
    expect(parseTime('-1h', start, end)).toBe(T0);
    expect(parseTime('+1h30m', start, end)).toBe(T0 + 5400_000);
    const local = new Date(T0);
    const clock = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes() + 5).padStart(2, '0')}`;
    expect(parseTime(clock, start, end)).toBe(T0 + 300_000);
    expect(parseTime('soon', start, end)).toBeNull();
    expect(parseTime('25:00', start, end)).toBeNull();
  });
});

describe('the replay source (the poller interface)', () => {
  async function source(counts: number[], extra: (i: number) => Record<string, unknown> = () => ({})) {
    const file = path.join(tmp(), 'r.ndjson');
    await record(file, counts.map((c, i) => data(c, extra(i))));
    const recording = await Recording.open(file);
    let wall = 1_000_000;
    const src = new ReplaySource(recording, {now: () => wall});
    const outcomes: PollOutcome<Snapshot>[] = [];
    src.onOutcome((o) => outcomes.push(o));
    return {src, recording, outcomes, advance: (ms: number) => (wall += ms)};
  }

  it('emits the first poll on start, with the recorded time; steps forward and back (pausing), rewinding the feed', async () => {
    const payment = (i: number) => ({recentPayments: [{_id: `p${i}`, amount: 10 + i, currency: 'USD', timestamp: new Date(T0 + i * 5000 - 1000).toISOString()}]});
    const {src, recording, outcomes} = await source([5, 6, 7, 8], payment);
    let rewinds = 0;
    src.onRewind(() => rewinds++);
    src.pause(); // paused before start: start shows the first poll and waits
    src.start();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({kind: 'ok', at: T0});
    expect((outcomes[0] as {value: Snapshot}).value.count).toBe(5);
    expect(src.current).toMatchObject({state: 'paused', lastOkAt: T0});
    src.stepForward();
    src.stepForward();
    src.stepForward();
    src.stepForward(); // past the end: nothing
    expect(outcomes.map((o) => (o as {value: Snapshot}).value.count)).toEqual([5, 6, 7, 8]);
    expect(src.info()).toMatchObject({index: 4, total: 4, atEnd: true, playing: false});
    src.stepBack();
    expect(rewinds).toBe(1);
    const back = (outcomes[4] as {value: Snapshot}).value;
    expect(back.count).toBe(7);
    // After a rewind the snapshot carries the history up to that poll, not later payments.
    expect(back.payments.map((p) => p.id)).toEqual(['p2', 'p1', 'p0']);
    expect(src.clock.now()).toBe(T0 + 10_000);
    recording.close();
  });

  it('play at the end plays again from the start, the feed rewound', async () => {
    const {src, recording, outcomes} = await source([5, 6, 7]);
    let rewinds = 0;
    src.onRewind(() => rewinds++);
    src.pause();
    src.start();
    src.stepForward();
    src.stepForward();
    expect(src.info()).toMatchObject({atEnd: true, playing: false});
    src.resume();
    expect(rewinds).toBe(1);
    expect((outcomes.at(-1) as {value: Snapshot}).value.count).toBe(5);
    expect(src.current.state).toBe('waiting');
    expect(src.info()).toMatchObject({index: 1, atEnd: false, playing: true});
    src.stop();
    recording.close();
  });

  it('plays in recorded time at the chosen speed; faster and slower step through the speeds; the end pauses', async () => {
    const {src, recording, outcomes, advance} = await source([1, 2, 3]);
    src.setSpeed(4);
    src.start();
    expect(src.current.state).toBe('waiting');
    advance(500);
    expect(src.clock.now()).toBe(T0 + 2000); // 500 ms of wall time at 4× is 2 s recorded
    src.faster();
    expect(src.speed).toBe(8);
    src.slower();
    src.slower();
    expect(src.speed).toBe(2);
    expect(SPEEDS[0]).toBe(1 / 16);
    src.setSpeed(SPEEDS[SPEEDS.length - 1]);
    // The timer then fires at the recorded gap / speed (5 s at 128×: about 40 ms).
    await new Promise<void>((resolve) => {
      const off = src.onOutcome(() => {
        if (outcomes.length === 3) {
          off();
          resolve();
        }
      });
    });
    expect(outcomes.map((o) => (o as {value: Snapshot}).value.count)).toEqual([1, 2, 3]);
    await new Promise((r) => setTimeout(r, 20));
    expect(src.current.state).toBe('paused');
    expect(src.info().atEnd).toBe(true);
    src.stop();
    recording.close();
  });
});

describe('record → replay through the CLI', () => {
  const metadata = {'/api/v1/analytics/metadata': fixture('analytics-metadata.json')};

  it('--once --record, then replay --once prints the same snapshot text; --json likewise', async () => {
    const dir = tmp();
    const body = fixture('realtime-map.objects.json');
    const s = await serve(byPath([body], metadata));
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    const file = path.join(dir, 'once.ndjson');
    const live = await runCli(['--once', '--width', '120', '--height', '40', '--base-url', s.url, '--record', file], env);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toContain('example.com');
    const replay = await runCli(['replay', file, '--once', '--width', '120', '--height', '40'], cleanEnv());
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe(live.stdout);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(KEY);
    // Not a UTF-8 locale: both print ASCII, and still the same text.
    const asciiFile = path.join(dir, 'ascii.ndjson');
    const asciiLive = await runCli(['--once', '--width', '120', '--height', '40', '--base-url', s.url, '--record', asciiFile], cleanEnv({DATAFAST_API_KEY: KEY, LANG: 'C'}));
    const asciiReplay = await runCli(['replay', asciiFile, '--once', '--width', '120', '--height', '40'], cleanEnv({LANG: 'C'}));
    expect(asciiLive.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(asciiReplay.stdout).toBe(asciiLive.stdout);

    const liveJson = await runCli(['--once', '--json', '--base-url', s.url, '--record', path.join(dir, 'json.ndjson.gz')], env);
    const replayJson = await runCli(['replay', path.join(dir, 'json.ndjson.gz'), '--json'], cleanEnv());
    expect(replayJson.code, replayJson.stderr).toBe(0);
    expect(replayJson.stdout).toBe(liveJson.stdout);
  });

  it('--json --record records every poll; replay --at picks the moment; a truncated last line is skipped with a note', async () => {
    const dir = tmp();
    const file = path.join(dir, 'stream.ndjson');
    // Three polls, then a final error stops the stream (exit 3).
    const env = cleanEnv({DATAFAST_API_KEY: KEY});
    let n = 0;
    const server = await serve((req, res) => {
      n++;
      if (n > 3) return json(401, {status: 'error', error: {code: 401, message: 'Invalid API key'}})(req, res);
      return json(200, {status: 'success', data: data(10 + n)})(req, res);
    });
    const r = await runCli(['--json', '--interval', '0.2', '--base-url', server.url, '--record', file], env);
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).count)).toEqual([11, 12, 13]);
    const times = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).time);
    expect(times).toHaveLength(3);
    const at = await runCli(['replay', file, '--json', '--at', times[1]], cleanEnv());
    expect(JSON.parse(at.stdout).count).toBe(12);
    const start = await runCli(['replay', file, '--json', '--at', '+0'], cleanEnv());
    expect(JSON.parse(start.stdout).count).toBe(11);
    fs.appendFileSync(file, '{"time":"2030-01-01T00:00:00Z","website":null,"data":{"count":99,"visi');
    const end = await runCli(['replay', file, '--json'], cleanEnv());
    expect(end.code).toBe(0);
    expect(JSON.parse(end.stdout).count).toBe(13);
    expect(end.stderr).toMatch(/skipped 1 damaged line in/);
    const before = await runCli(['replay', file, '--once', '--at', '2000-01-01T00:00:00Z'], cleanEnv());
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/--at is before the recording starts/);
    const after = await runCli(['replay', file, '--json', '--at', '2031-01-01T00:00:00Z'], cleanEnv());
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).count).toBe(13);
    expect(after.stderr).toMatch(/--at is after the recording ends \(.*\); showing its last poll/);
  });

  it('the key never reaches a recording, even when the API echoes it back', async () => {
    const file = path.join(tmp(), 'echo.ndjson.gz');
    const s = await serve(json(200, {status: 'success', data: data(1, {visitors: [{visitorId: 'v', currentUrl: `/leak?key=${KEY}`}]})}));
    const r = await runCli(['--once', '--json', '--base-url', s.url, '--record', file], cleanEnv({DATAFAST_API_KEY: KEY}));
    expect(r.code, r.stderr).toBe(0);
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    expect(text).toContain('/leak?key=[redacted]');
    expect(text).not.toContain(KEY);
  });

  it('the demo writes a recording: --demo --json --record', async () => {
    const file = path.join(tmp(), 'demo.ndjson');
    const r = await runCli(['--demo', '--once', '--json', '--record', file], cleanEnv());
    expect(r.code).toBe(0);
    const line = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(line.site).toMatchObject({name: 'demo'});
    const replay = await runCli(['replay', file, '--once', '--width', '100', '--height', '20'], cleanEnv());
    expect(replay.stdout).toMatch(/^dftop · demo · \d+ active/);
  });

  it('replay without a file, with a missing file, or with bad flags exits 2', async () => {
    expect((await runCli(['replay'], cleanEnv())).code).toBe(2);
    const missing = await runCli(['replay', '/nonexistent/x.ndjson'], cleanEnv());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read recording \/nonexistent\/x.ndjson: no such file/);
    const directory = await runCli(['replay', tmp()], cleanEnv());
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/it is a directory/);
    expect((await runCli(['replay', 'x', '--speed', 'fast'], cleanEnv())).code).toBe(2);
  });
});
