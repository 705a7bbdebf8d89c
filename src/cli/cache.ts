import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {SiteInfo} from '../api/sites.js';

// The status line's cache: one small JSON file per base URL + website + key, named by a hash (the key is in
// neither the name nor the content), mode 0600 in a 0700 directory. A lock file created with O_EXCL makes
// concurrent callers (every tmux client and pane) wait for the one request in flight.

type Env = Record<string, string | undefined>;

export function cacheDir(env: Env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'dftop');
}

/** "status-<host>-<hash>.json": the host for people listing the directory, the hash for the rest. */
export function cacheFile(env: Env, baseUrl: string, websiteId: string | null, apiKey: string): string {
  const keyHash = crypto.createHash('sha256').update(apiKey).digest('hex');
  const hash = crypto.createHash('sha256').update(`${baseUrl}\n${websiteId ?? ''}\n${keyHash}`).digest('hex').slice(0, 24);
  let host = 'api';
  try {
    host = new URL(baseUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
  } catch {
    // not a URL (the demo's label): keep "api"
  }
  return path.join(cacheDir(env), `status-${host}-${hash}.json`);
}

/** What the status line needs from one answer: counts and money, no names or emails. */
export type StatusData = {
  /** When the answer arrived (ms). */
  at: number;
  count: number;
  /** Payment totals per currency in the API's 10-minute window, the currency of most payments first. */
  revenue: [string, number][];
};

export type LastPayment = {amount: number | null; currency: string | null; at: number; id: string};

export type CacheError = {kind: string; status: number | null; exit: number; line: string};

export type CacheState = {
  v: 1;
  current: StatusData | null;
  /** The answer before `current`, for {delta}. */
  previous: StatusData | null;
  /** The newest payment ever seen: the API forgets it after 10 minutes, {lastPayment} does not. */
  lastPayment: LastPayment | null;
  /** The last failed attempt (ms), newer than `current.at` while the API is failing. */
  failedAt: number | null;
  error: CacheError | null;
  /** Ask no sooner (a 429's Retry-After). */
  retryAt: number | null;
  site: {info: SiteInfo | null; at: number} | null;
};

export const emptyCache = (): CacheState => ({v: 1, current: null, previous: null, lastPayment: null, failedAt: null, error: null, retryAt: null, site: null});

export function readCache(file: string): CacheState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as CacheState;
    return parsed && parsed.v === 1 ? {...emptyCache(), ...parsed} : null;
  } catch {
    return null; // a torn or foreign file: start again
  }
}

/** Atomic: a 0600 temporary file renamed over the old one, so readers never see half a file. */
export function writeCache(file: string, state: CacheState): void {
  fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(state));
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export type Lock = {release(): void};

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock left by a process that died (same host, pid gone) or held far longer than any request may take. */
function isStale(lockFile: string, staleMs: number, now: number): boolean {
  let text: string;
  let mtime: number;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
    mtime = fs.statSync(lockFile).mtimeMs;
  } catch {
    return false; // gone already, or being written: try again
  }
  if (now - mtime > staleMs) return true;
  const [host, pid] = text.split(' ');
  return host === os.hostname() && Number(pid) > 0 && !pidAlive(Number(pid));
}

/**
 * Takes `lockFile` (O_CREAT|O_EXCL, 0600, holding "host pid time"), waiting while another process holds it.
 * While waiting, `done()` is asked every `pollMs`: when it says the holder has finished the work (the cache
 * is fresh), null is returned without taking the lock. A stale lock is removed. Gives up (null) after `waitMs`.
 */
export async function acquireLock(
  lockFile: string,
  options: {waitMs: number; staleMs: number; pollMs?: number; done?: () => boolean; now?: () => number},
): Promise<Lock | null> {
  const now = options.now ?? Date.now;
  const started = now();
  fs.mkdirSync(path.dirname(lockFile), {recursive: true, mode: 0o700});
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      fs.writeSync(fd, `${os.hostname()} ${process.pid} ${now()}`);
      fs.closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          try {
            fs.unlinkSync(lockFile);
          } catch {
            // removed as stale by someone else: nothing to do
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (options.done?.()) return null;
    if (isStale(lockFile, options.staleMs, now())) {
      // Rename first, so that of several processes finding it stale only one removes it.
      const aside = `${lockFile}.${process.pid}.stale`;
      try {
        fs.renameSync(lockFile, aside);
        fs.unlinkSync(aside);
      } catch {
        // another process got there first
      }
      continue;
    }
    if (now() - started > options.waitMs) return null;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 50));
  }
}
