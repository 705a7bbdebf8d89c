import fs from 'node:fs';
import zlib from 'node:zlib';
import {promisify} from 'node:util';
import {redact} from '../model/redact.js';
import {terminalSafeJson} from '../model/sanitise.js';
import type {SiteInfo} from '../api/sites.js';
import {UsageError} from './args.js';

// `--record FILE`: one NDJSON line per successful poll — the time, the website and the API's `data` exactly as
// received — so that a replay goes through the same normaliser. The file holds visitor data: mode 0600.

const gzip = promisify(zlib.gzip);

/**
 * One line of a recording. `time` comes first so a reader can find it without parsing the rest; `site` (the
 * domain, name, currency and time zone, when dftop knew them) names the site in a replay's header.
 */
export type RecordLine = {time: string; website: string | null; site?: SiteInfo | null; data: unknown};

/** "50M", "2G", "500K", "1.5MB", "4096" (bytes) → bytes, powers of 1024; null when not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const power = ' kmgt'.indexOf(m[2].toLowerCase() || ' ');
  const bytes = Math.floor(Number(m[1]) * 1024 ** power);
  return bytes > 0 ? bytes : null;
}

export const isGzipName = (file: string) => /\.gz$/i.test(file);

export type RecorderOptions = {
  /** Rotate before a line would take the file past this many bytes: FILE → FILE.1 (replacing it), then a new FILE. */
  maxBytes?: number | null;
  /** One line about a failure (the disk is full…); recording then stops. Never throws. */
  onError?: (message: string) => void;
};

/**
 * Appends lines in order. Each line is written as soon as it is ready (a crash loses at most the line being
 * written); in a `.gz` file each line is its own gzip member, so the file stays a valid gzip stream after
 * every line and a truncated last member costs only that line.
 */
export class Recorder {
  readonly file: string;
  private readonly gz: boolean;
  private readonly maxBytes: number | null;
  private readonly onError: (message: string) => void;
  private fd: number | null = null;
  private size = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Lines queued and not yet written (a `.gz` line waits for its compression): what closeSync() writes at once. */
  private readonly pending: string[] = [];
  private failed = false;
  private site: SiteInfo | null = null;
  /** Lines written (for tests and the notes). */
  lines = 0;

  constructor(file: string, options: RecorderOptions = {}) {
    this.file = file;
    this.gz = isGzipName(file);
    this.maxBytes = options.maxBytes ?? null;
    this.onError = options.onError ?? (() => {});
    this.open();
  }

  /** Opens (creating 0600) for appending. An existing recording is appended to and narrowed to 0600. Throws on failure. */
  private open() {
    const fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
    try {
      fs.fchmodSync(fd, 0o600);
    } catch {
      // Not ours to change (another owner): still recording.
    }
    this.fd = fd;
    this.size = fs.fstatSync(fd).size;
    // A line cut short by a crash stays a line of its own: the next one starts on a new line.
    if (!this.gz && this.size > 0) {
      const last = Buffer.alloc(1);
      const read = fs.openSync(this.file, 'r');
      try {
        fs.readSync(read, last, 0, 1, this.size - 1);
      } finally {
        fs.closeSync(read);
      }
      if (last[0] !== 0x0a) this.size += fs.writeSync(fd, '\n');
    }
  }

  /** The site the answers are about (from `resolveSite`), written on every following line. */
  setSite(site: SiteInfo | null): void {
    this.site = site;
  }

  /** Queues one answer. Returns at once; `close()` waits for what is queued. */
  write(data: unknown, receivedAt: Date, websiteId: string | null): void {
    if (this.failed || this.fd === null) return;
    const line: RecordLine = {time: receivedAt.toISOString(), website: websiteId, ...(this.site ? {site: this.site} : {}), data};
    // Escaped C1 and bidi controls read back as the same characters: the data stays exactly as received.
    const text = redact(terminalSafeJson(line)) + '\n';
    this.pending.push(text);
    this.chain = this.chain.then(async () => {
      if (this.failed || this.fd === null) return;
      try {
        const bytes = this.gz ? await gzip(text) : Buffer.from(text, 'utf8');
        // closeSync() may have written it (and closed the file) while it was being compressed.
        if (this.fd === null) return;
        this.append(bytes);
        this.pending.shift();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private append(bytes: Buffer) {
    if (this.fd === null) return;
    if (this.maxBytes !== null && this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(this.fd, bytes, offset);
    this.size += bytes.length;
    this.lines++;
  }

  private rotate() {
    fs.closeSync(this.fd!);
    this.fd = null;
    fs.renameSync(this.file, this.file + '.1');
    this.open();
  }

  private fail(error: unknown) {
    this.failed = true;
    const code = (error as NodeJS.ErrnoException).code;
    this.onError(`--record ${this.file}: ${code ?? (error as Error).message}; recording stopped`);
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already gone
      }
      this.fd = null;
    }
  }

  /**
   * Writes every queued line now (compressing synchronously) and closes the file: for a process about to exit on a
   * signal, where nothing asynchronous runs any more. A SIGTERM then loses no line of a `.gz` recording.
   */
  closeSync(): void {
    if (this.fd === null) return;
    try {
      for (const text of this.pending.splice(0)) this.append(this.gz ? zlib.gzipSync(text) : Buffer.from(text, 'utf8'));
    } catch (error) {
      this.fail(error);
    }
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  /** Waits for queued lines, then closes the file. */
  async close(): Promise<void> {
    await this.chain;
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** Opens a recorder for `--record`, or explains in a usage-style message why it cannot. */
export function openRecorder(file: string, options: RecorderOptions = {}): Recorder {
  try {
    return new Recorder(file, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write --record ${file}: ${code ?? (error as Error).message}`);
  }
}
