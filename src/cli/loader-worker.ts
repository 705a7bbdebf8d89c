// A poll of a large site (10,000 visitors: ~8 MB of JSON) is fetched, parsed and normalised off the main
// thread, in a worker started from the bundle itself (dist/dftop.js): on the main thread it would hold keys and
// frames back for tens of milliseconds. The worker posts the normalised Snapshot back (structured clone) and
// errors as their fields, rebuilt here as the same DataFastError.
//
// For a site of ordinary size the worker costs more than the work it takes over (its own heap and garbage
// collector, the clone, the messages): polls load on the main thread while answers are small, move to the
// worker after a large one, and come back after a run of small ones (AdaptiveLoad; see LOADER_LIMITS).
//
// The worker is used only when the entry has said where the bundle is (enableLoaderWorker); tests that import
// the sources directly, and any failure to start or run the worker, load on the main thread instead.
import os from 'node:os';
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads';
import {AbortedError, type ClientOptions} from '../api/client.js';
import {DataFastError, type ErrorKind, type RateLimit} from '../api/errors.js';
import {applyVisitorDelta, visitorDelta, type VisitorOrder} from '../model/lineage.js';
import {rebuildVisitor} from '../model/normalise.js';
import {registerSecret} from '../model/redact.js';
import type {Snapshot, Visitor} from '../model/types.js';
import {BodyMemo, loadSnapshot, type LoadedSnapshot} from './load.js';

export const LOADER_ROLE = 'dftop-loader';

/** True in the loader thread (the bundle's entry then runs runLoaderWorker instead of main). */
export function isLoaderThread(): boolean {
  return !isMainThread && (workerData as {dftopRole?: unknown} | null)?.dftopRole === LOADER_ROLE;
}

// ---------------------------------------------------------------------------------------------------------
// Across the boundary.

export type WireError =
  | {name: 'DataFastError'; kind: ErrorKind; message: string; status: number | null; apiMessage: string | null; retryAfterMs: number | null; rateLimit: RateLimit | null; advice: string | null; stack?: string}
  | {name: 'AbortedError'}
  | {name: 'Error'; message: string; stack?: string};

export function toWire(error: unknown): WireError {
  if (error instanceof AbortedError) return {name: 'AbortedError'};
  if (error instanceof DataFastError) {
    const {kind, message, status, apiMessage, retryAfterMs, rateLimit, advice, stack} = error;
    return {name: 'DataFastError', kind, message, status, apiMessage, retryAfterMs, rateLimit: rateLimit ? {...rateLimit} : null, advice, stack};
  }
  return {name: 'Error', message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack};
}

export function fromWire(wire: WireError): Error {
  if (wire.name === 'AbortedError') return new AbortedError();
  const error =
    wire.name === 'DataFastError'
      ? new DataFastError(wire.kind, wire.message, {status: wire.status, apiMessage: wire.apiMessage, retryAfterMs: wire.retryAfterMs, rateLimit: wire.rateLimit, advice: wire.advice})
      : new Error(wire.message);
  if (wire.stack) error.stack = wire.stack;
  return error;
}

// The visitors of a large site change little from one poll to the next. The worker remembers the visitors of
// the last answers it gave each poller (`stream`); a request names the answer the main thread holds (`base`),
// and the reply sends only the visitors not in it unchanged, with where each visitor of the base goes: the main
// thread deserialises a few objects instead of 10,000, and keeps its unchanged visitors (the same objects), so
// they are not garbage after one poll.

export {applyVisitorDelta, visitorDelta, type VisitorOrder} from '../model/lineage.js';

type Request =
  | {type: 'load'; id: number; stream: number; base: number | null; client: ClientOptions}
  | {type: 'abort'; id: number}
  /** The main thread took in a slice of visitors: the next one may come. */
  | {type: 'more'; id: number}
  /** A poller stopped: what the worker remembers of it goes. */
  | {type: 'forget'; stream: number}
  /** For tests and diagnostics: how many pollers the worker remembers. */
  | {type: 'streams'; id: number};
type Reply =
  | {type: 'visitors'; id: number; visitors: Snapshot['visitors']; more: boolean}
  | {type: 'done'; id: number; ok: LoadedSnapshot; order: VisitorOrder; arrived: string[]}
  | {type: 'done'; id: number; error: WireError}
  | {type: 'warning'; name: string; message: string}
  | {type: 'streams'; id: number; count: number};

/** The worker's memory of one poller: its last body, and the visitors of its latest answers by request id. */
type Stream = {memo: BodyMemo; answers: Map<number, Visitor[]>};

// ---------------------------------------------------------------------------------------------------------
// The worker's side.

const VISITORS_PER_MESSAGE = 500;

/**
 * The loader thread yields the CPU to the main thread: on a busy machine, a key that arrives while a large answer
 * is parsed here is handled first. On Linux the nice value belongs to the thread (setpriority on "this process"
 * from a thread sets that thread's); where it is per process or not allowed, nothing changes.
 */
export const LOADER_NICE = 10;
function lowerPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(Math.max(os.getPriority(), LOADER_NICE));
  } catch {
    // Not allowed here: the thread runs at the process's priority.
  }
}

/** The loader thread's main loop: one load per request, any number in flight, each abortable. */
export function runLoaderWorker(): void {
  const port = parentPort!;
  lowerPriority();
  // Node's warnings go to the main thread, whose router keeps them off the screen.
  process.removeAllListeners('warning');
  process.on('warning', (w) => port.postMessage({type: 'warning', name: w.name, message: w.message} satisfies Reply));
  const controllers = new Map<number, AbortController>();
  const streams = new Map<number, Stream>();
  // A load waiting for the main thread to ask for its next slice of visitors.
  const resumes = new Map<number, () => void>();
  port.on('message', (request: Request) => {
    if (request.type === 'forget') {
      streams.delete(request.stream);
      return;
    }
    if (request.type === 'streams') {
      port.postMessage({type: 'streams', id: request.id, count: streams.size} satisfies Reply);
      return;
    }
    if (request.type === 'more' || request.type === 'abort') {
      if (request.type === 'abort') controllers.get(request.id)?.abort();
      const resume = resumes.get(request.id);
      resumes.delete(request.id);
      resume?.();
      return;
    }
    const controller = new AbortController();
    controllers.set(request.id, controller);
    registerSecret(request.client.apiKey);
    let stream = streams.get(request.stream);
    if (!stream) streams.set(request.stream, (stream = {memo: new BodyMemo(), answers: new Map()}));
    const {memo, answers} = stream;
    loadSnapshot(request.client, controller.signal, undefined, memo).then(
      async (ok) => {
        const base = request.base === null ? undefined : answers.get(request.base);
        // Kept: the base (the main thread still holds it if this answer is dropped) and this answer.
        for (const id of answers.keys()) if (id !== request.base) answers.delete(id);
        answers.set(request.id, ok.value.visitors);
        const {order, sent, arrived} = visitorDelta(base, ok.value.visitors);
        // The visitors go in slices, the next one when the main thread asks for it: it takes in one slice per
        // task (a few ms), and a key is handled between two (a whole answer, queued, would be taken in at once).
        for (let i = 0; i < sent.length; i += VISITORS_PER_MESSAGE) {
          if (i > 0) await new Promise<void>((resume) => resumes.set(request.id, resume));
          if (controller.signal.aborted) return;
          const more = i + VISITORS_PER_MESSAGE < sent.length;
          port.postMessage({type: 'visitors', id: request.id, visitors: sent.slice(i, i + VISITORS_PER_MESSAGE), more} satisfies Reply);
        }
        port.postMessage({type: 'done', id: request.id, ok: {...ok, value: {...ok.value, visitors: []}}, order, arrived} satisfies Reply);
      },
      (error: unknown) => port.postMessage({type: 'done', id: request.id, error: toWire(error)} satisfies Reply),
    ).catch((error: unknown) => port.postMessage({type: 'done', id: request.id, error: toWire(error)} satisfies Reply))
      .finally(() => {
        controllers.delete(request.id);
        resumes.delete(request.id);
      });
  });
}

// ---------------------------------------------------------------------------------------------------------
// The main thread's side.

let script: URL | null = null;

/** Called by the bundle's entry with its own URL: polls then load in a worker running that file. */
export function enableLoaderWorker(url: string | URL | null): void {
  script = url === null ? null : new URL(url);
}

type Pending = {
  resolve: (v: LoadedSnapshot) => void;
  reject: (e: Error) => void;
  cleanup: () => void;
  client: ClientOptions;
  signal: AbortSignal;
  /** The slices of visitors received so far. */
  visitors: Snapshot['visitors'][];
  base: LoaderBase;
};

/** What a poller holds of its last answer from the loader thread: the request's id and its visitors. */
export type LoaderBase = {stream: number; id: number | null; visitors: Visitor[] | undefined};

let streams = 0;
/** A new poller's empty base (its first answer from the worker comes whole). */
export function loaderBase(): LoaderBase {
  return {stream: ++streams, id: null, visitors: undefined};
}

/** One worker for the process, started at the first load; unref'd whenever no load is pending. */
class Loader {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly counts = new Map<number, (count: number) => void>();

  get usable(): boolean {
    return script !== null && !this.broken;
  }

  private start(): Worker {
    const worker = new Worker(script!, {workerData: {dftopRole: LOADER_ROLE}});
    worker.on('message', (reply: Reply) => this.onReply(reply));
    const fail = (why: string) => {
      if (this.worker !== worker) return;
      this.broken = true;
      this.worker = null;
      this.settleCounts();
      // Whatever was pending is loaded here instead: a failed worker costs latency, never a poll.
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.cleanup();
        p.base.id = null;
        p.base.visitors = undefined;
        loadSnapshot(p.client, p.signal).then(p.resolve, p.reject);
      }
      process.emitWarning(`the loader thread stopped (${why}); polls load on the main thread`, 'DftopWarning');
    };
    worker.on('error', (error) => fail(String(error?.message ?? error)));
    worker.on('exit', (code) => fail(`exit ${code}`));
    worker.unref();
    return worker;
  }

  private onReply(reply: Reply) {
    if (reply.type === 'streams') {
      this.counts.get(reply.id)?.(reply.count);
      this.counts.delete(reply.id);
      return;
    }
    if (reply.type === 'warning') {
      const w = new Error(reply.message);
      w.name = reply.name;
      process.emitWarning(w);
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'visitors') {
      p.visitors.push(reply.visitors.map(rebuildVisitor));
      // The next slice after this task: what else waits (a key) goes first.
      if (reply.more) setImmediate(() => this.pending.has(reply.id) && this.worker?.postMessage({type: 'more', id: reply.id} satisfies Request));
      return;
    }
    this.pending.delete(reply.id);
    p.cleanup();
    if (this.pending.size === 0) this.worker?.unref();
    if (!('ok' in reply)) {
      p.reject(fromWire(reply.error));
      return;
    }
    const sent = p.visitors.length === 1 ? p.visitors[0] : p.visitors.flat();
    const visitors = applyVisitorDelta(p.base.visitors, reply.order, sent, reply.arrived);
    // This answer is the base of the poller's next request.
    p.base.id = reply.id;
    p.base.visitors = visitors;
    p.resolve({...reply.ok, value: {...reply.ok.value, visitors}});
  }

  load(client: ClientOptions, signal: AbortSignal, base: LoaderBase = loaderBase()): Promise<LoadedSnapshot> {
    if (signal.aborted) return Promise.reject(new AbortedError());
    let worker: Worker;
    try {
      worker = this.worker ??= this.start();
    } catch {
      this.broken = true;
      return loadSnapshot(client, signal);
    }
    const id = this.nextId++;
    return new Promise<LoadedSnapshot>((resolve, reject) => {
      // An abort answers at once; the worker is told to drop the request, and its late answer is ignored.
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        worker.postMessage({type: 'abort', id} satisfies Request);
        if (this.pending.size === 0) worker.unref();
        reject(new AbortedError());
      };
      signal.addEventListener('abort', onAbort, {once: true});
      this.pending.set(id, {resolve, reject, cleanup: () => signal.removeEventListener('abort', onAbort), client, signal, visitors: [], base});
      // While a load is pending the worker keeps the process alive, as a request on the main thread would.
      worker.ref();
      worker.postMessage({type: 'load', id, stream: base.stream, base: base.id, client} satisfies Request);
    });
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** The worker lets go of a poller's last answer (nothing to do when it is not running: it remembers nothing). */
  forget(stream: number): void {
    this.worker?.postMessage({type: 'forget', stream} satisfies Request);
  }

  /** How many pollers the running worker remembers (0 when it is not running). */
  streams(): Promise<number> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(0);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.counts.set(id, resolve);
      worker.postMessage({type: 'streams', id} satisfies Request);
    });
  }

  /** The worker is running and no load is pending in it (it can be stopped without failing anyone). */
  get idle(): boolean {
    return this.worker !== null && this.pending.size === 0;
  }

  /** A worker that stopped remembers nothing: questions still out about it are answered 0. */
  private settleCounts(): void {
    for (const resolve of this.counts.values()) resolve(0);
    this.counts.clear();
  }

  /** For tests and shutdown: stops the worker (pending loads fail over to the main thread next time). */
  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.settleCounts();

    await worker?.terminate();
    this.broken = false;
  }
}

const loader = new Loader();

/** Loads one snapshot in the loader thread when the entry enabled it, else here. */
export function loadOffThread(client: ClientOptions, signal: AbortSignal): Promise<LoadedSnapshot> {
  return loader.usable ? loader.load(client, signal) : loadSnapshot(client, signal);
}

/** Whether polls can load off the main thread (the entry enabled the loader thread and it has not failed). */
export function loadsOffThread(): boolean {
  return loader.usable;
}

/** Whether the loader thread is running now (for tests and diagnostics). */
export function loaderThreadRunning(): boolean {
  return loader.running;
}

/** How many pollers the loader thread remembers an answer of (for tests and diagnostics). */
export function loaderStreamCount(): Promise<number> {
  return loader.streams();
}

export function stopLoaderWorker(): Promise<void> {
  return loader.terminate();
}

// ---------------------------------------------------------------------------------------------------------
// Where each poll loads.

export type LoaderLimits = {
  /** An answer larger than this (characters of JSON) or with more visitors than this is large. */
  largeBody: number;
  largeVisitors: number;
  /** An answer at most this large, with at most this many visitors, is small (between the two: no change). */
  smallBody: number;
  smallVisitors: number;
  /** Consecutive small answers loaded in the worker before polls come back to the main thread. */
  smallPolls: number;
};

/**
 * Measured at 160×48 with 65 visitors (a 60 KB answer), the worker cost about 8 ms of CPU per poll (its own
 * thread, heap and collector, the clone) for ~1 ms of parsing and normalising; on the main thread a 512 KB
 * answer blocks for a few milliseconds, a 10,000-visitor one (8 MB) for 60 ms and more.
 */
export const LOADER_LIMITS: LoaderLimits = {largeBody: 512 * 1024, largeVisitors: 1000, smallBody: 256 * 1024, smallVisitors: 500, smallPolls: 5};

/**
 * One poller's placement of its polls: on the main thread while answers are small; after a large answer the
 * next polls load in the loader thread (when the entry enabled it); after `smallPolls` small answers in a row
 * they come back, and the worker, idle, is stopped (its heap is given back). The first poll of a large site
 * still loads on the main thread: its size is not known before it arrives.
 */
export class AdaptiveLoad {
  private worker = false;
  private smallRun = 0;
  /** The last body loaded here (a same body is not parsed again). */
  private readonly memo = new BodyMemo();
  /** The last answer from the loader thread (a new worker, knowing none, answers whole). */
  private base: LoaderBase = loaderBase();
  /** The loader thread was asked with this base (and so may remember it). */
  private baseSent = false;

  constructor(private readonly limits: LoaderLimits = LOADER_LIMITS) {}

  /** Whether the next poll loads in the loader thread. */
  get offThread(): boolean {
    return this.worker && loader.usable;
  }

  async load(client: ClientOptions, signal: AbortSignal): Promise<LoadedSnapshot> {
    if (this.offThread) this.baseSent = true;
    const loaded = this.offThread ? await loader.load(client, signal, this.base) : await loadSnapshot(client, signal, undefined, this.memo);
    this.note(loaded.bodyLength, loaded.value.visitors.length);
    // What one side remembers is dropped while the other loads: a large body is not kept twice.
    if (this.offThread) this.memo.forget();
    else this.dropBase();
    return loaded;
  }

  /** Lets go of the last answer on both sides (the poller stopped); the next load starts afresh. */
  forget(): void {
    this.memo.forget();
    this.dropBase();
  }

  private dropBase(): void {
    if (this.baseSent) loader.forget(this.base.stream);
    this.baseSent = false;
    this.base = loaderBase();
  }

  /** Takes a successful answer's size into account for the next poll. */
  note(bodyLength: number, visitors: number): void {
    const {largeBody, largeVisitors, smallBody, smallVisitors, smallPolls} = this.limits;
    if (bodyLength > largeBody || visitors > largeVisitors) {
      this.smallRun = 0;
      this.worker = loader.usable;
      return;
    }
    if (!this.worker || bodyLength > smallBody || visitors > smallVisitors) {
      this.smallRun = 0;
      return;
    }
    if (++this.smallRun < smallPolls) return;
    this.worker = false;
    this.smallRun = 0;
    if (loader.idle) void loader.terminate();
  }
}
