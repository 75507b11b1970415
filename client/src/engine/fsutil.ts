import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { throwIfAborted } from '../core/errors';

export interface AtomicWriteOptions {
  /** Create the folder when missing (default). Off for a cache written late: a deleted data root stays deleted. */
  createDir?: boolean;
  /** fsync before the rename (default). Off for caches, which a reader may find empty after a power loss and rebuild. */
  durable?: boolean;
}

/**
 * Writes a file so that readers see either the old or the new content, never a mix:
 * temp file in the same directory, fsync, rename over. A crash leaves at most a
 * stray `.tmp-*` file, which fsck removes.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  if (opts.createDir !== false) await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const fh = await fs.promises.open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(data);
    if (opts.durable !== false) await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

export async function writeJsonAtomic(file: string, value: unknown, opts?: AtomicWriteOptions): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', opts);
}

/** The pid of the process writing `name`, when it is writeFileAtomic's temp file (`.tmp-<file>-<pid>-<hex>`). */
export function atomicTempWriter(name: string): number | undefined {
  const m = /^\.tmp-.+-(\d+)-[0-9a-f]{8}$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** What identifies one version of a file that is only ever replaced by a rename (writeFileAtomic): a new inode, size and mtime. */
export function fileKey(st: fs.BigIntStats): string {
  return `${st.ino}:${st.size}:${st.mtimeNs}`;
}

/**
 * A file's text with the key of the version it came from (fileKey), read through one descriptor
 * so that the two belong together; without `text` when the key is `known` (the caller holds that
 * version already). Throws what open and read throw (ENOENT for a missing file).
 */
export function readVersioned(file: string, known?: string): { key: string; text?: string } {
  const fd = fs.openSync(file, 'r');
  try {
    const key = fileKey(fs.fstatSync(fd, { bigint: true }));
    return key === known ? { key } : { key, text: fs.readFileSync(fd, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads JSON, or returns `fallback` when the file does not exist. */
export async function readJson<T>(file: string, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw e;
  }
  return JSON.parse(text) as T;
}

export interface LockOptions {
  /** A lock whose holder stopped refreshing it for this long (killed) is taken over; default 10 s. */
  stale?: number;
  /** Give up waiting after this long (default 60 s; Infinity waits as long as the holder lives). */
  maxWaitMs?: number;
  /** Stop waiting (a `cancelled` EngineError) when this fires. */
  signal?: AbortSignal;
  /**
   * When the lock is lost while held (the holder's refresh was late past `stale` and another
   * process took it): false (default) fails loudly, as proper-lockfile does; true carries on,
   * for work that is safe to do twice (a blob download, verified by digest).
   */
  tolerateLoss?: boolean;
}

/**
 * Runs `fn` holding a cross-process lock named `name` under `root/locks` (proper-lockfile: a
 * lock directory whose mtime the holder refreshes; a holder killed with SIGKILL stops refreshing
 * and its lock expires after `stale`). Every read-modify-write of shared metadata goes through
 * here, so two VS Code windows and the CLI can use one data root at once; so do blob downloads.
 */
export async function withLock<T>(root: string, name: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const dir = path.join(root, 'locks');
  await fs.promises.mkdir(dir, { recursive: true });
  const target = path.join(dir, name);
  await fs.promises.writeFile(target, '', { flag: 'a' });
  // Loaded on first use: proper-lockfile brings graceful-fs, which patches a copy of fs at load
  // time (~10 ms of every CLI start, and most commands never lock).
  const lockfile = require('proper-lockfile') as typeof import('proper-lockfile');
  const stale = opts.stale ?? 10_000;
  const lockOpts = {
    stale, update: Math.max(1000, Math.min(2000, stale / 2)), retries: 0, realpath: false,
    ...(opts.tolerateLoss ? { onCompromised: () => undefined } : {}),
  };
  const until = Date.now() + (opts.maxWaitMs ?? 60_000);
  let delay = 5;
  let release: () => Promise<void>;
  for (;;) {
    throwIfAborted(opts.signal);
    try {
      release = await lockfile.lock(target, lockOpts);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() >= until) throw e;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(100, delay * 1.5);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

const pendingWrites = new Set<Promise<unknown>>();

/**
 * A cache write that runs after the caller has its answer (a listing's facts for the next
 * process). A long-lived host lets it finish on its own; a short process (the CLI) awaits
 * settleBackgroundWrites() before it exits, or the next process pays for the same reads again.
 */
export function inBackground(write: Promise<unknown>): void {
  const p = write.catch(() => undefined).finally(() => pendingWrites.delete(p));
  pendingWrites.add(p);
}

/** Waits for the writes started with inBackground() (at most `ms`). */
export async function settleBackgroundWrites(ms = 2000): Promise<void> {
  if (!pendingWrites.size) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all([...pendingWrites]), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * `fn` over `items` with at most `limit` running at once, results in order. The first failure
 * stops new work; it is thrown once the items already running have settled.
 */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        failed ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failed.error;
  return out;
}


/** Bytes of regular files under `dir` (symlinks not followed). */
export function treeSize(dir: string): number {
  let total = 0;
  const walk = (p: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(p, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const c = path.join(p, e.name);
      if (e.isDirectory()) walk(c);
      else if (e.isFile()) total += fs.lstatSync(c).size;
    }
  };
  walk(dir);
  return total;
}
