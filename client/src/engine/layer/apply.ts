import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { EngineError, throwIfAborted } from '../../core/errors';
import { humanSize } from '../../core/format';
import { entryPath, resolveInRoot } from './rootpath';
import { run } from '../process';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';

export interface ApplyOptions {
  /**
   * Not root: ownership is not changed (files belong to the caller) and device nodes are
   * skipped (counted in `skipped`), as rootless Docker and Podman do. Default: not running as root.
   */
  rootless?: boolean;
  signal?: AbortSignal;
  /** Refuse the layer once its files would hold more than this many bytes (a small layer that expands to fill the disk). */
  maxBytes?: number;
  /**
   * The target starts empty and no two entries name one path (layerDirWriter's producers): no
   * lookup of what is already there (a file create with O_EXCL or a mkdir still fails on one).
   */
  fresh?: boolean;
  /**
   * An unpacked layer folder whose regular files may be hard-linked in instead of written again
   * when one at the same path has the same bytes, mode, owner and mtime (a `--no-cache` rebuild's
   * COPY and the previous build of that step): no new inode, no data written. Layer folders are
   * never written after they are installed, so a shared inode cannot change under either layer
   * (a container's write to a lower file is a copy-up). Root only; a donor path reached through
   * a symlink, or any failure (the donor removed meanwhile, too many links), writes the file.
   * Only files handed over as one buffer are linked (the builder's small files, up to 1 MiB);
   * streamed ones are always written.
   */
  donor?: string;
}

export interface ApplyStats {
  /** Tar entries read. */
  entries: number;
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  /** Whiteouts and opaque markers applied. */
  whiteouts: number;
  /** Device nodes and FIFOs created. */
  specials: number;
  /** Entries left out, with why (device nodes when rootless, unknown entry types, xattrs). */
  skipped: Array<{ path: string; reason: string }>;
  /** Bytes of regular-file content written. */
  bytes: number;
  /**
   * The layer's size as docker's SIZE counts it, over every entry of the tar whether applied or
   * not: regular files' sizes plus symlink targets' lengths (ImageStore.layerSize counts the same
   * from the blob, so the image store can keep it without reading the layer again).
   */
  size: number;
}

const O_CREATE_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

interface DirMeta {
  rel: string;
  mode: number;
  uid: number;
  gid: number;
  mtime?: Date;
}

/**
 * Applies one layer changeset (an uncompressed tar; see decompressedLayer/openLayerBlob) onto
 * `targetDir`, per the OCI image-spec layer.md: entries replace what is there (directories keep
 * existing and take the entry's attributes), `.wh.<name>` removes `<name>` from lower layers and
 * `.wh..wh..opq` removes everything lower layers put in its directory; neither touches what this
 * same layer adds, whatever the entry order.
 *
 * Nothing is ever written outside `targetDir`: entry names climbing out with `..` are refused;
 * every parent path resolves inside the root as in a chroot (absolute and relative symlinks,
 * including ones this layer just made, stay inside), the final segment is never followed (an
 * existing symlink is replaced, files are created with O_EXCL|O_NOFOLLOW), hard links must name
 * something already inside the root, device nodes are skipped when rootless.
 *
 * Streaming: file bodies go straight to disk; memory holds paths (this layer's, for the
 * whiteout rule, and directories whose attributes are set last), not data.
 */
export async function applyLayer(tarStream: Readable, targetDir: string, opts: ApplyOptions = {}): Promise<ApplyStats> {
  const applier = new Applier(path.resolve(targetDir), opts);
  await fs.promises.mkdir(applier.root, { recursive: true });
  const extract = tar.extract();
  const piping = pipeline(tarStream, extract);
  // The loop below reports the first failure; this one only must not go unhandled.
  piping.catch(() => undefined);
  try {
    for await (const entry of extract) {
      throwIfAborted(opts.signal);
      applier.current = entry.header.name;
      await applier.entry(entry.header, entry as unknown as Readable);
      // Whatever the handler did not read (bodies of skipped entries) is drained here.
      entry.resume();
    }
    await piping;
  } catch (e) {
    extract.destroy();
    tarStream.destroy();
    throw wrapError(e, applier.root, applier.current);
  }
  applier.finish();
  return applier.stats;
}

/**
 * Writes layer entries straight into `targetDir` by the same rules as applyLayer, for a producer
 * that holds the entries already (the builder's COPY fills a new overlay layer folder this way
 * while it writes the layer's tar: the files go to disk once, not into the tar and then out of it
 * again through an overlay mount). `entry` takes the tar header and the file's bytes (a buffer or
 * chunks); `finish` sets the directories' attributes, once every entry is in.
 */
export function layerDirWriter(targetDir: string, opts: ApplyOptions = {}): { entry(h: tar.Header, body?: Buffer | AsyncIterable<Uint8Array>): Promise<void>; finish(): ApplyStats } {
  const applier = new Applier(path.resolve(targetDir), opts);
  fs.mkdirSync(applier.root, { recursive: true });
  return {
    entry: async (h, body) => {
      applier.current = h.name;
      try {
        await applier.entry(h, body ?? Buffer.alloc(0));
      } catch (e) {
        throw wrapError(e, applier.root, applier.current);
      }
    },
    finish: () => {
      applier.finish();
      return applier.stats;
    },
  };
}

function wrapError(e: unknown, root: string, entry?: string): unknown {
  if (e instanceof EngineError) return e;
  if ((e as NodeJS.ErrnoException)?.code === 'ENAMETOOLONG' && entry !== undefined) {
    // Node's message carries the whole (possibly thousands of characters long) path: name the entry, shortened.
    const shown = entry.length > 120 ? `${entry.slice(0, 60)}…${entry.slice(-40)}` : entry;
    return new EngineError('corrupt', `layer entry "${shown}" has a path of ${Buffer.byteLength(entry)} bytes, longer than this filesystem allows (4096 bytes a path, 255 a name); refusing to apply the layer`, { cause: e });
  }
  const msg = (e as Error)?.message ?? String(e);
  // tar-stream >= 3.3 refuses a NUL in a pax path or link path itself, before the entry reaches the check in entry().
  if (/pax path contains a null byte/i.test(msg)) return new EngineError('corrupt', `the layer is not a valid tar archive: a path or link target${entry !== undefined ? ` after entry "${entry}"` : ''} contains a NUL byte; refusing to apply the layer`, { cause: e });
  if (/Unexpected end|Invalid tar header|checksum|header/i.test(msg)) return new EngineError('corrupt', `the layer is not a valid tar archive: ${msg}`, { cause: e });
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return new EngineError('unavailable', `no space left on the device holding ${root}; free some space (image/container prune) and retry`, { cause: e });
  return e;
}

class Applier {
  readonly stats: ApplyStats = { entries: 0, files: 0, dirs: 0, symlinks: 0, hardlinks: 0, whiteouts: 0, specials: 0, skipped: [], bytes: 0, size: 0 };
  /** The tar name of the entry being applied (for errors). */
  current?: string;
  private readonly rootless: boolean;
  private readonly maxBytes?: number;
  private readonly fresh: boolean;
  private readonly donor?: string;
  private readonly donorDirs = new Map<string, boolean>();
  /** Resolved paths this layer created: whiteouts of the same layer must not remove them. */
  private readonly created = new Set<string>();
  /** Ancestors of `created` paths: directories holding something this layer wrote, named in the tar or not. */
  private readonly holds = new Set<string>();
  /** Directories whose mode/owner/mtime are set at the end (children change mtimes, modes may forbid writes). */
  private readonly dirs: DirMeta[] = [];
  /** Parent path as named in the tar -> resolved real directory; cleared whenever a directory or symlink goes away or appears. */
  private parents = new Map<string, string>();

  constructor(readonly root: string, opts: ApplyOptions) {
    this.rootless = opts.rootless ?? (typeof process.getuid === 'function' ? process.getuid() !== 0 : true);
    this.maxBytes = opts.maxBytes;
    this.fresh = opts.fresh ?? false;
    this.donor = opts.donor && !this.rootless ? path.resolve(opts.donor) : undefined;
  }

  /** Whether `dir` (relative) is a real directory in the donor, every component of it (no symlink to follow). */
  private donorDir(dir: string): boolean {
    const hit = this.donorDirs.get(dir);
    if (hit !== undefined) return hit;
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    let ok = !dir || this.donorDir(parent);
    if (ok && dir) {
      try {
        ok = fs.lstatSync(path.join(this.donor!, dir)).isDirectory();
      } catch {
        ok = false;
      }
    }
    this.donorDirs.set(dir, ok);
    return ok;
  }

  /** Links `target` to the donor's file at the same path if it holds `data` with these attributes (see ApplyOptions.donor). */
  private linkFromDonor(target: string, h: tar.Header, data: Buffer): boolean {
    const parent = target.includes('/') ? target.slice(0, target.lastIndexOf('/')) : '';
    if (!this.donorDir(parent)) return false;
    const from = path.join(this.donor!, target);
    try {
      const st = fs.lstatSync(from);
      if (!st.isFile() || st.size !== data.length || (st.mode & 0o7777) !== ((h.mode ?? 0o644) & 0o7777) || st.uid !== (h.uid ?? 0) || st.gid !== (h.gid ?? 0)) return false;
      if (!h.mtime || st.mtimeMs !== h.mtime.getTime() || !fs.readFileSync(from).equals(data)) return false;
      fs.linkSync(from, this.abs(target));
      return true;
    } catch {
      return false;
    }
  }

  private abs(rel: string): string {
    return rel ? path.join(this.root, rel) : this.root;
  }

  private lstat(rel: string): fs.Stats | undefined {
    try {
      return fs.lstatSync(this.abs(rel));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  }

  /** The real directory a tar parent path names, created (0755, like tar) where missing. */
  private parentDir(logical: string, create: boolean): string | undefined {
    const hit = this.parents.get(logical);
    if (hit !== undefined) return hit;
    const real = resolveInRoot(this.root, logical, true);
    const segs = real ? real.split('/') : [];
    for (let i = 1; i <= segs.length; i++) {
      const sub = segs.slice(0, i).join('/');
      const st = this.lstat(sub);
      if (st?.isDirectory()) continue;
      if (st) throw new EngineError('corrupt', `layer entry under "/${logical}" needs "/${sub}" to be a directory, but the layer or a lower one made it a ${kindOf(st)}; refusing to apply the layer`);
      if (!create) return undefined;
      fs.mkdirSync(this.abs(sub), { mode: 0o755 });
    }
    this.parents.set(logical, real);
    return real;
  }

  /** Removes what is at `rel` (a whole tree for a directory; a symlink itself, never its target). */
  private remove(rel: string, st: fs.Stats): void {
    if (st.isDirectory()) fs.rmSync(this.abs(rel), { recursive: true, force: true });
    else fs.unlinkSync(this.abs(rel));
    if (st.isDirectory() || st.isSymbolicLink()) this.parents.clear();
  }

  async entry(h: tar.Header, body: Buffer | AsyncIterable<Uint8Array>): Promise<void> {
    this.stats.entries++;
    const t = h.type ?? 'file';
    if (t === 'file' || t === 'contiguous-file') this.stats.size += h.size ?? 0;
    else if (t === 'symlink') this.stats.size += Buffer.byteLength(h.linkname ?? '');
    const rel = entryPath(h.name);
    const base = path.posix.basename(rel);
    const logicalParent = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);

    if (rel === '') {
      // The layer's own root (`./`): only its attributes apply.
      if (h.type === 'directory') this.dirs.push({ rel: '', mode: h.mode ?? 0o755, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime });
      return;
    }
    if (base === OPAQUE_WHITEOUT) return this.opaque(logicalParent);
    if (base.startsWith(WHITEOUT_PREFIX)) return this.whiteout(rel, logicalParent, base.slice(WHITEOUT_PREFIX.length));

    const parent = this.parentDir(logicalParent, true)!;
    const target = parent ? `${parent}/${base}` : base;
    const existing = this.fresh ? undefined : this.lstat(target);
    const type = h.type ?? 'file';
    if (type === 'directory') {
      if (existing && !existing.isDirectory()) this.remove(target, existing);
      if (!existing || !existing.isDirectory()) fs.mkdirSync(this.abs(target), { mode: 0o700 });
      this.dirs.push({ rel: target, mode: h.mode ?? 0o755, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime });
      this.markCreated(target);
      this.stats.dirs++;
      return;
    }

    // Resolve a hard link's target before anything is removed (it may be the path itself).
    let linkTarget: string | undefined;
    if (type === 'link') {
      const named = entryPath(h.linkname ?? '', 'hard link target');
      linkTarget = resolveInRoot(this.root, named, false);
      const st = this.lstat(linkTarget);
      if (!named || !st) throw new EngineError('corrupt', `layer entry "${rel}" is a hard link to "${h.linkname}", which is not in this layer or the ones below; refusing to apply the layer`);
      if (st.isDirectory()) throw new EngineError('corrupt', `layer entry "${rel}" is a hard link to the directory "${h.linkname}"; refusing to apply the layer`);
      if (linkTarget === target) {
        this.markCreated(target);
        return; // a link to itself changes nothing
      }
      if (linkTarget.startsWith(`${target}/`)) throw new EngineError('corrupt', `layer entry "${rel}" is a hard link to "${h.linkname}", which is inside the directory it replaces; refusing to apply the layer`);
    }
    const isSpecial = type === 'character-device' || type === 'block-device' || type === 'fifo';
    if ((type === 'character-device' || type === 'block-device') && this.rootless) {
      this.stats.skipped.push({ path: rel, reason: 'device nodes cannot be created without root' });
      return;
    }
    if (type !== 'file' && type !== 'contiguous-file' && type !== 'symlink' && type !== 'link' && !isSpecial) {
      this.stats.skipped.push({ path: rel, reason: `unsupported tar entry type ${type}` });
      return;
    }
    // symlink(2) takes neither; checked before anything is replaced.
    if (type === 'symlink' && !h.linkname) throw new EngineError('corrupt', `layer entry "${rel}" is a symlink with an empty target; refusing to apply the layer`);
    if (type === 'symlink' && h.linkname!.includes('\0')) throw new EngineError('corrupt', `layer entry "${rel}" is a symlink whose target ${JSON.stringify(h.linkname)} contains a NUL byte; refusing to apply the layer`);
    if (existing) this.remove(target, existing);
    const abs = this.abs(target);
    const uid = h.uid ?? 0;
    const gid = h.gid ?? 0;
    const mode = (h.mode ?? 0o644) & 0o7777;
    if (type === 'file' || type === 'contiguous-file') {
      // Checked from the header, before a byte of this file is written.
      if (this.maxBytes !== undefined && this.stats.bytes + (h.size ?? 0) > this.maxBytes) {
        throw new EngineError('invalid-argument', `the layer expands to more than ${humanSize(this.maxBytes)} (at "${rel}"), the limit for one layer; refusing to apply it (STEVEDORE_MAX_LAYER_SIZE sets the limit)`);
      }
      if (this.donor && Buffer.isBuffer(body) && this.linkFromDonor(target, h, body)) {
        this.stats.bytes += body.length;
        this.stats.files++;
        this.markCreated(target);
        return;
      }
      const fd = fs.openSync(abs, O_CREATE_NEW, 0o600);
      const put = (buf: Uint8Array) => {
        for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
        this.stats.bytes += buf.length;
      };
      try {
        if (Buffer.isBuffer(body)) put(body);
        else for await (const chunk of body) put(chunk);
        if (!this.rootless) fs.fchownSync(fd, uid, gid);
        // After chown, which clears set-user/group-ID bits.
        fs.fchmodSync(fd, mode);
        if (h.mtime) fs.futimesSync(fd, h.mtime, h.mtime);
      } finally {
        fs.closeSync(fd);
      }
      this.stats.files++;
    } else if (type === 'symlink') {
      // Stored verbatim: it resolves inside the container at run time; we never follow it here.
      fs.symlinkSync(h.linkname!, abs);
      if (!this.rootless) fs.lchownSync(abs, uid, gid);
      if (h.mtime) fs.lutimesSync(abs, h.mtime, h.mtime);
      this.parents.clear();
      this.stats.symlinks++;
    } else if (type === 'link') {
      // link(2) does not follow a final symlink: linking to a symlink links the symlink itself.
      fs.linkSync(this.abs(linkTarget!), abs);
      this.stats.hardlinks++;
    } else {
      // Node has no mknod/mkfifo; coreutils' tools do it (rare entries: /dev nodes, FIFOs).
      const m = '0' + mode.toString(8);
      if (type === 'fifo') await run('mkfifo', ['-m', m, '--', abs]);
      else await run('mknod', ['-m', m, '--', abs, type === 'character-device' ? 'c' : 'b', String(h.devmajor ?? 0), String(h.devminor ?? 0)]);
      if (!this.rootless) fs.lchownSync(abs, uid, gid);
      if (mode & 0o7000) fs.chmodSync(abs, mode);
      if (h.mtime) fs.lutimesSync(abs, h.mtime, h.mtime);
      this.stats.specials++;
    }
    if (h.pax && Object.keys(h.pax).some((k) => k.startsWith('SCHILY.xattr.'))) {
      // Node has no setxattr; file capabilities and ACLs in layers are rare and left out, visibly.
      this.stats.skipped.push({ path: rel, reason: `extended attributes not applied (${Object.keys(h.pax).filter((k) => k.startsWith('SCHILY.xattr.')).map((k) => k.slice(13)).join(', ')})` });
    }
    this.markCreated(target);
  }

  private markCreated(rel: string): void {
    this.created.add(rel);
    for (let i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) {
      const dir = rel.slice(0, i);
      if (this.holds.has(dir)) break; // and so are its ancestors
      this.holds.add(dir);
    }
  }

  /**
   * Removes what lower layers left at `rel` and keeps what this layer wrote: a directory this
   * layer named, or wrote into, stays, and the same applies to its children, recursively.
   */
  private hideLower(rel: string): void {
    const st = this.lstat(rel);
    if (!st) return;
    if (!this.created.has(rel) && !this.holds.has(rel)) return this.remove(rel, st);
    if (!st.isDirectory()) return;
    for (const name of fs.readdirSync(this.abs(rel))) this.hideLower(`${rel}/${name}`);
  }

  private whiteout(rel: string, logicalParent: string, name: string): void {
    if (!name || name === '.' || name === '..') throw new EngineError('corrupt', `layer entry "${rel}" is a whiteout for "${name}", which names no file; refusing to apply the layer`);
    this.stats.whiteouts++;
    const parent = this.parentDir(logicalParent, false);
    if (parent === undefined) return; // nothing below to hide
    // Whiteouts hide lower layers only: what this layer put at or under `target` stays.
    this.hideLower(parent ? `${parent}/${name}` : name);
  }

  private opaque(logicalParent: string): void {
    this.stats.whiteouts++;
    const parent = this.parentDir(logicalParent, true)!;
    for (const name of fs.readdirSync(this.abs(parent))) this.hideLower(parent ? `${parent}/${name}` : name);
  }

  /**
   * Directory attributes, on directories that are still the ones this layer named. In entry
   * order, so a repeated entry's last attributes win; setting a directory's own attributes
   * does not change its parent's mtime, so the order is otherwise free.
   */
  finish(): void {
    for (const d of this.dirs) {
      // A later entry may have replaced a parent with a symlink: re-resolve, never follow.
      if (resolveInRoot(this.root, d.rel, false) !== d.rel) continue;
      const st = this.lstat(d.rel);
      if (!st?.isDirectory()) continue;
      const abs = this.abs(d.rel);
      if (!this.rootless) fs.lchownSync(abs, d.uid, d.gid);
      fs.chmodSync(abs, d.mode & 0o7777);
      if (d.mtime) fs.utimesSync(abs, d.mtime, d.mtime);
    }
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFile()) return 'regular file';
  return 'special file';
}
