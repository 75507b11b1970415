import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Transform, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { throwIfAborted } from '../../core/errors';
import { WHITEOUT_PREFIX } from './apply';

/** One filesystem change, as `docker diff` prints it: A(dded), C(hanged), D(eleted). */
export interface Change {
  kind: 'A' | 'C' | 'D';
  /** Relative to the root, no leading slash. */
  path: string;
}

/**
 * Changes in layer order: depth first, a directory before its children, and within a directory
 * deletions before the other children (the spec's "whiteouts before sibling entries"), names
 * sorted, so the same trees always give the same list and the same layer bytes.
 */
export type ChangeList = Change[];

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function readdirSorted(p: string): string[] {
  return fs.readdirSync(p).sort(byName);
}

/** An overlayfs whiteout: a character device 0/0 in the upper directory. */
function isOverlayWhiteout(st: fs.Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

/**
 * Changes between a base tree and a changed copy of it (the copy snapshotter's case, and the
 * spec's "Determining Changes"): compared by type, mode, owner, size, mtime, link target and
 * device number, as Docker's naive differ does. A deleted directory is one D (not its
 * contents); a directory holding any change is itself C, so the layer carries its attributes.
 */
export function diffDirs(base: string, changed: string, signal?: AbortSignal, ignoreAdded?: Set<string>): ChangeList {
  const out: ChangeList = [];
  const walk = (rel: string): boolean => {
    throwIfAborted(signal);
    const newNames = readdirSorted(path.join(changed, rel));
    const oldNames = new Set(fs.readdirSync(path.join(base, rel)));
    const have = new Set(newNames);
    let any = false;
    for (const n of [...oldNames].sort(byName)) {
      if (!have.has(n)) {
        out.push({ kind: 'D', path: join(rel, n) });
        any = true;
      }
    }
    for (const n of newNames) {
      const p = join(rel, n);
      const ns = fs.lstatSync(path.join(changed, p));
      const os = oldNames.has(n) ? fs.lstatSync(path.join(base, p)) : undefined;
      // Paths made for the runtime (a copy-mode rootfs has no init layer to hide them in).
      if (!os && ignoreAdded?.has(p)) continue;
      if (!os) {
        addTree(changed, p, ns, 'A', out);
        any = true;
        continue;
      }
      if (ns.isDirectory() && os.isDirectory()) {
        const at = out.length;
        out.push({ kind: 'C', path: p });
        const inner = walk(p);
        if (inner || statsDiffer(os, ns)) any = true;
        else out.splice(at, 1);
        continue;
      }
      if (statsDiffer(os, ns) || (ns.isSymbolicLink() && fs.readlinkSync(path.join(base, p)) !== fs.readlinkSync(path.join(changed, p)))) {
        if (ns.isDirectory()) addTree(changed, p, ns, 'C', out);
        else out.push({ kind: 'C', path: p });
        any = true;
      }
    }
    return any;
  };
  walk('');
  return out;
}

function statsDiffer(a: fs.Stats, b: fs.Stats): boolean {
  // Times at millisecond precision: restoring a time through utimes (a Date) keeps no more.
  if (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || Math.trunc(a.mtimeMs) !== Math.trunc(b.mtimeMs)) return true;
  if (!a.isDirectory() && a.size !== b.size) return true;
  return (a.isCharacterDevice() || a.isBlockDevice()) && a.rdev !== b.rdev;
}

/** `p` with `kind` and everything under it as added (a new directory's whole content is new). */
function addTree(root: string, p: string, st: fs.Stats, kind: 'A' | 'C', out: ChangeList): void {
  out.push({ kind, path: p });
  if (!st.isDirectory()) return;
  for (const n of readdirSorted(path.join(root, p))) addTree(root, join(p, n), fs.lstatSync(path.join(root, p, n)), 'A', out);
}

/**
 * Changes an overlayfs upper directory holds, given the read-only view of the layers below it
 * (`lower`) and the mounted view with it on top (`merged`). Overlay whiteouts (0/0 character
 * devices) are deletions. A directory the kernel made opaque (`rm -rf d; mkdir d`) is marked
 * with a `trusted.overlay.opaque` xattr, which Node cannot read; instead, names the lower view
 * has in that directory but the merged view hides are the deletions, each its own whiteout
 * (explicit whiteouts are what the spec asks producers for). Needs overlay mounted with
 * redirect_dir=off and metacopy=off (the snapshotter's options), so every upper entry is whole.
 */
export function diffOverlay(upper: string, lower: string, merged: string, signal?: AbortSignal): ChangeList {
  const out: ChangeList = [];
  const walk = (rel: string, lowerIsDir: boolean) => {
    throwIfAborted(signal);
    const names = readdirSorted(path.join(upper, rel));
    const stats = new Map(names.map((n) => [n, fs.lstatSync(path.join(upper, rel, n))]));
    const deleted: string[] = [];
    for (const n of names) if (isOverlayWhiteout(stats.get(n)!)) deleted.push(n);
    if (lowerIsDir) {
      const present = new Set(names);
      for (const n of fs.readdirSync(path.join(lower, rel))) {
        if (!present.has(n) && !lstatOrUndefined(path.join(merged, rel, n))) deleted.push(n);
      }
    }
    for (const n of deleted.sort(byName)) out.push({ kind: 'D', path: join(rel, n) });
    for (const n of names) {
      const st = stats.get(n)!;
      if (isOverlayWhiteout(st)) continue;
      const p = join(rel, n);
      const below = lowerIsDir ? lstatOrUndefined(path.join(lower, p)) : undefined;
      out.push({ kind: below ? 'C' : 'A', path: p });
      if (st.isDirectory()) walk(p, !!below?.isDirectory());
    }
  };
  walk('', true);
  return out;
}

/**
 * The paths `names` under `root` and everything below them, as additions in layer order (a
 * directory before its children, names sorted): a whole tree as a change list, for `export`
 * and `cp`.
 */
export function treeAdditions(root: string, names: string[]): ChangeList {
  const out: ChangeList = [];
  const walk = (p: string) => {
    out.push({ kind: 'A', path: p });
    if (fs.lstatSync(path.join(root, p)).isDirectory()) for (const n of readdirSorted(path.join(root, p))) walk(`${p}/${n}`);
  };
  for (const n of [...names].sort(byName)) walk(n);
  return out;
}

/** `docker diff` lines (`C /etc`, `A /etc/x`, `D /tmp/y`), sorted by path as dockerd sorts them. */
export function diffEntries(changes: ChangeList): string[] {
  return [...changes].sort((a, b) => byName(a.path, b.path)).map((c) => `${c.kind} /${c.path}`);
}

export interface LayerTarResult {
  /** sha256 of the uncompressed tar: the layer's diff ID (and its digest when stored uncompressed). */
  diffId: string;
  /** Bytes of the tar. */
  size: number;
  changes: ChangeList;
}

export interface WriteLayerOptions {
  /** Every entry gets this mtime (reproducible layers, as the builder wants); default: each file's own. */
  mtime?: Date;
  signal?: AbortSignal;
}

/**
 * Writes `changes` (paths under `source`) as an OCI layer tar to `out` and returns its diff
 * ID: deletions become `.wh.` entries, files sharing an inode within the layer become hard
 * links to the first of them, sockets are left out (as Docker does). Streaming: one file's
 * bytes at a time pass through.
 */
export async function writeLayerTar(source: string, changes: ChangeList, out: Writable, opts: WriteLayerOptions = {}): Promise<LayerTarResult> {
  const pack = tar.pack();
  const hash = crypto.createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  const writing = pipeline(pack, tap, out);
  writing.catch(() => undefined);
  const inodes = new Map<string, string>();
  const entry = (header: Partial<tar.Header> & { name: string }, body?: fs.ReadStream) =>
    new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (!body) {
        // A regular-file entry without a buffer waits for its body: give empty ones an empty buffer.
        if (header.type === 'file') pack.entry(header as tar.Header, Buffer.alloc(0), cb);
        else pack.entry(header as tar.Header, cb);
        return;
      }
      const sink = pack.entry(header as tar.Header, cb);
      body.on('error', reject).pipe(sink as unknown as NodeJS.WritableStream);
    });
  try {
    for (const c of changes) {
      throwIfAborted(opts.signal);
      const dir = path.posix.dirname(c.path) === '.' ? '' : path.posix.dirname(c.path);
      const base = path.posix.basename(c.path);
      // Whiteouts as dockerd writes them: empty regular files, mode 0600, owned by root.
      if (c.kind === 'D') {
        await entry({ name: join(dir, WHITEOUT_PREFIX + base), type: 'file', size: 0, mode: 0o600, uid: 0, gid: 0, mtime: opts.mtime ?? new Date(0) });
        continue;
      }
      const abs = path.join(source, c.path);
      const st = fs.lstatSync(abs);
      const common = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: opts.mtime ?? st.mtime };
      if (st.isDirectory()) await entry({ ...common, name: c.path + '/', type: 'directory' });
      else if (st.isSymbolicLink()) await entry({ ...common, name: c.path, type: 'symlink', linkname: fs.readlinkSync(abs) });
      else if (st.isFile()) {
        const key = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1 ? inodes.get(key) : undefined;
        if (first) await entry({ ...common, name: c.path, type: 'link', linkname: first });
        else {
          if (st.nlink > 1) inodes.set(key, c.path);
          await entry({ ...common, name: c.path, type: 'file', size: st.size }, fs.createReadStream(abs));
        }
      } else if (st.isCharacterDevice() || st.isBlockDevice()) {
        await entry({ ...common, name: c.path, type: st.isCharacterDevice() ? 'character-device' : 'block-device', devmajor: major(st.rdev), devminor: minor(st.rdev) });
      } else if (st.isFIFO()) await entry({ ...common, name: c.path, type: 'fifo' });
    }
    pack.finalize();
    await writing;
  } catch (e) {
    pack.destroy(e as Error);
    throw e;
  }
  return { diffId: 'sha256:' + hash.digest('hex'), size, changes };
}

// Linux's dev_t encoding (glibc's gnu_dev_major/minor).
const major = (rdev: number) => Number(((BigInt(rdev) >> 8n) & 0xfffn) | ((BigInt(rdev) >> 32n) & ~0xfffn));
const minor = (rdev: number) => Number((BigInt(rdev) & 0xffn) | ((BigInt(rdev) >> 12n) & ~0xffn));

/** (b) A layer from comparing a base tree with a changed copy (the non-overlay fallback). */
export function diffLayerFromDirs(base: string, changed: string, out: Writable, opts: WriteLayerOptions = {}): Promise<LayerTarResult> {
  return writeLayerTar(changed, diffDirs(base, changed, opts.signal), out, opts);
}

/** (a) A layer from an overlayfs upper directory (see diffOverlay for `lower` and `merged`). */
export function diffLayerFromOverlay(upper: string, lower: string, merged: string, out: Writable, opts: WriteLayerOptions = {}): Promise<LayerTarResult> {
  return writeLayerTar(upper, diffOverlay(upper, lower, merged, opts.signal), out, opts);
}
