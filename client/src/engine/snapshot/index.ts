import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Writable } from 'stream';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError, throwIfAborted } from '../../core/errors';
import { readJson, treeSize, withLock, writeJsonAtomic } from '../fsutil';
import { chainIds, FsckProblem, ImageStore } from '../image/store';
import { MediaTypes } from '../image/types';
import { applyLayer, ApplyStats } from '../layer/apply';
import { ChangeList, diffDirs, diffOverlay, treeAdditions, writeLayerTar, WriteLayerOptions } from '../layer/diff';
import { openLayerBlob } from '../layer/open';
import { resolveInRoot } from '../layer/rootpath';
import { isMounted, mountOverlay, mountPoints, OverlaySpec, overlayFits, probeOverlay, rootfsLock, unmount } from './mount';
import { ProcessOwner, ownerAlive, pidAlive, thisProcess, run } from '../process';

export type SnapshotMode = 'overlay' | 'copy';

/** A layer chain to build a rootfs from: the image's layers (bottom first) and their diff IDs. */
export interface ChainSource {
  layers: Descriptor[];
  diffIds: string[];
  /** The image this chain came from, if any (recorded for listings). */
  image?: string;
}

export interface Snapshot {
  id: string;
  mode: SnapshotMode;
  /** The container's root filesystem: an overlay mount point or a copied tree. */
  rootfs: string;
  /** The overlay's writable layer (overlay mode). */
  upperDir?: string;
  /** Whether `rootfs` is an overlay mount right now. */
  mounted: boolean;
  image?: string;
  /** Chain IDs of the layers below, bottom first. */
  chain: string[];
}

interface SnapshotRecord {
  id: string;
  mode: SnapshotMode;
  image?: string;
  layers: Descriptor[];
  diffIds: string[];
  chain: string[];
  created: number;
  /** Paths (relative, files and directories) of the init layer; see PrepareOptions.init. */
  init?: InitEntry[];
  /** A temporary snapshot (a build step's): the process it lives for; stray once that is gone. */
  owner?: ProcessOwner;
}

/**
 * An entry of a container's init layer: the mount points the runtime needs (/proc, /dev,
 * /etc/hosts, volume targets ...), made before the container starts so that they are not the
 * container's own changes — dockerd's "-init" layer. Missing parents are made with the
 * attributes the image has for them.
 */
export interface InitEntry {
  path: string;
  type: 'file' | 'dir';
}

/** What imageFacts() found in an image's tree. */
export interface ImageFacts {
  files: Record<string, string>;
  dirs: Record<string, boolean>;
}

export interface CommittedLayer {
  /** The uncompressed layer tar, in the snapshot's folder; the caller moves or deletes it. */
  path: string;
  diffId: string;
  size: number;
  changes: ChangeList;
}

/** A new layer's overlay folder being written by its producer; see Snapshotter.stageLayer. */
export interface StagedLayer {
  /** The folder to write the layer's entries into (as applyLayer would unpack them). */
  dir: string;
  /** Installs the folder as the unpacked layer `layer` (stored uncompressed: its digest is its diff ID) on top of the chain `parentDiffIds`. */
  install(parentDiffIds: string[], layer: Descriptor): Promise<void>;
  discard(): Promise<void>;
}

/** `layers/<chain>/layer.json`: what the unpacked layer is. */
interface LayerMeta {
  chainId: string;
  diffId: string;
  parent: string | null;
  blob: string;
}

const layerMeta = (rec: SnapshotRecord, i: number): LayerMeta => ({ chainId: rec.chain[i], diffId: rec.diffIds[i], parent: rec.chain[i - 1] ?? null, blob: rec.layers[i].digest });

export interface SnapshotterOptions {
  dataRoot: string;
  content: ContentStore;
  images: ImageStore;
  /** 'auto' (default): overlay where a real mount works, a copied rootfs otherwise. */
  mode?: 'auto' | SnapshotMode;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const hex = (chainId: string) => chainId.replace(/^sha256:/, '');
const tmpName = (what: string) => `.tmp-${what}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

/**
 * Root filesystems for containers (and builder steps) from image layer chains, as containerd's
 * snapshotters do. Each layer is unpacked once, keyed by chain ID, into `<root>/layers/<hex>/`:
 * `fs` holds it as an overlay layer (whiteouts as the kernel writes them: it is applied through
 * an overlay mount of the layers below), `full` the whole tree for the copy mode. A unpack
 * happens in a temp folder renamed into place, so two processes unpacking at once both end up
 * using one complete copy. Per snapshot `<root>/snapshots/<id>/` holds the record, `rootfs`
 * (overlay mount or copy) and `upper`/`work` (overlay mode).
 *
 * References: a snapshot's record is written (under the `snapshots` lock) before its layers are
 * unpacked, and gc() deletes, under the same lock, only layer folders no image and no snapshot
 * names; the records also keep the layer blobs from image GC (addGcRoots).
 */
export class Snapshotter {
  readonly layersDir: string;
  readonly snapshotsDir: string;
  private readonly keepChains: Array<() => Promise<string[][]>> = [];
  private probed?: Promise<{ mode: SnapshotMode; reason?: string }>;

  constructor(private readonly o: SnapshotterOptions) {
    this.layersDir = path.join(o.dataRoot, 'layers');
    this.snapshotsDir = path.join(o.dataRoot, 'snapshots');
    o.images.addGcRoots(async () => (await this.records()).flatMap((r) => r.layers.map((l) => l.digest)));
  }

  /** Other stores (the build cache) add the diff-ID chains they refer to; gc() keeps their layers. */
  addGcRoots(fn: () => Promise<string[][]>): void {
    this.keepChains.push(fn);
  }

  /** The mode new snapshots get, and why copy when it is copy. */
  mode(): Promise<{ mode: SnapshotMode; reason?: string }> {
    this.probed ??= (async () => {
      if (this.o.mode === 'copy') return { mode: 'copy' as const, reason: 'copy mode requested' };
      fs.mkdirSync(this.snapshotsDir, { recursive: true });
      const p = await probeOverlay(this.snapshotsDir);
      if (p.ok) return { mode: 'overlay' as const };
      if (this.o.mode === 'overlay') throw new EngineError('unavailable', `overlay snapshots are not available here: ${p.reason}`);
      return { mode: 'copy' as const, reason: p.reason };
    })();
    return this.probed;
  }

  private dir(id: string): string {
    if (!ID_RE.test(id)) throw new EngineError('invalid-argument', `invalid snapshot ID "${id}"`);
    return path.join(this.snapshotsDir, id);
  }

  private recordFile(id: string): string {
    return path.join(this.dir(id), 'snapshot.json');
  }

  private async record(id: string): Promise<SnapshotRecord> {
    const r = await readJson<SnapshotRecord | undefined>(this.recordFile(id), undefined);
    if (!r) throw new EngineError('not-found', `no snapshot for container ${id}`);
    return r;
  }

  private async records(): Promise<SnapshotRecord[]> {
    const out: SnapshotRecord[] = [];
    for (const n of await fs.promises.readdir(this.snapshotsDir).catch(() => [] as string[])) {
      if (!ID_RE.test(n)) continue;
      const r = await readJson<SnapshotRecord | undefined>(path.join(this.snapshotsDir, n, 'snapshot.json'), undefined).catch(() => undefined);
      if (r) out.push(r);
    }
    return out;
  }

  private info(r: SnapshotRecord, mounts?: Set<string>): Snapshot {
    const d = this.dir(r.id);
    const rootfs = path.join(d, 'rootfs');
    return {
      id: r.id, mode: r.mode, rootfs, ...(r.mode === 'overlay' ? { upperDir: path.join(d, 'upper') } : {}),
      mounted: r.mode === 'overlay' && (mounts ? mounts.has(path.resolve(rootfs)) : isMounted(rootfs)), ...(r.image ? { image: r.image } : {}), chain: r.chain,
    };
  }

  private async chainOf(source: string | ChainSource): Promise<ChainSource> {
    if (typeof source !== 'string') {
      if (source.layers.length !== source.diffIds.length) throw new EngineError('invalid-argument', `layer chain has ${source.layers.length} layers but ${source.diffIds.length} diff IDs`);
      return source;
    }
    const img = await this.o.images.resolve(source);
    return { layers: img.manifestJson.layers, diffIds: img.config.rootfs.diff_ids, image: img.id };
  }

  /**
   * Makes the root filesystem of `id` from an image (ref or ID) or a layer chain: unpacks the
   * layers not yet unpacked, then mounts an overlay (lowers: the chain; upper/work: the
   * snapshot's own) or copies the chain's tree. Fails with `conflict` if `id` has one already.
   * `mount: false` leaves an overlay unmounted (a created container: mounted at start, as
   * dockerd does; mount() or withRootfs() when it is needed before).
   */
  async prepare(id: string, source: string | ChainSource, opts: { signal?: AbortSignal; init?: InitEntry[]; temporary?: boolean; mount?: boolean } = {}): Promise<Snapshot> {
    const chain = await this.chainOf(source);
    const ids = chainIds(chain.diffIds);
    let { mode } = await this.mode();
    if (mode === 'overlay' && !overlayFits(this.overlaySpec(ids, id, { init: opts.init, ...(opts.temporary ? { owner: thisProcess() } : {}) }), this.layersDir)) mode = 'copy';
    const rec: SnapshotRecord = {
      id, mode, ...(chain.image ? { image: chain.image } : {}), layers: chain.layers, diffIds: chain.diffIds, chain: ids, created: Date.now(),
      ...(opts.init?.length ? { init: opts.init } : {}), ...(opts.temporary ? { owner: thisProcess() } : {}),
    };
    const dir = this.dir(id);
    await withLock(this.o.dataRoot, 'snapshots', async () => {
      if (fs.existsSync(path.join(dir, 'snapshot.json'))) throw new EngineError('conflict', `container ${id} already has a root filesystem`);
      await writeJsonAtomic(path.join(dir, 'snapshot.json'), rec);
    });
    try {
      if (mode === 'overlay') {
        for (let i = 0; i < ids.length; i++) await this.unpackOverlay(rec, i, opts.signal);
        for (const d of ['upper', 'work', 'rootfs']) await fs.promises.mkdir(path.join(dir, d), { recursive: true });
        if (rec.init) makeInit(path.join(dir, 'init'), rec.init, this.lowers(ids));
        if (opts.mount !== false) await mountOverlay(this.overlaySpec(ids, id, rec), this.layersDir);
      } else {
        const base = await this.fullTree(rec, opts.signal);
        const tmp = path.join(dir, tmpName('rootfs'));
        await copyTree(base, tmp);
        // Copy mode has no layer to hide them in: made in place, parents' times kept, and left
        // out of changes() by path.
        if (rec.init) makeInit(tmp, rec.init, [tmp]);
        await fs.promises.rename(tmp, path.join(dir, 'rootfs'));
      }
    } catch (e) {
      await this.remove(id).catch(() => undefined);
      throw e;
    }
    return this.info(rec);
  }

  /** A temporary snapshot's overlay is volatile: its upper directory dies with it (see OverlaySpec.volatile). */
  private overlaySpec(ids: string[], id: string, rec: Pick<SnapshotRecord, 'init' | 'owner'>): OverlaySpec {
    const dir = path.join(this.snapshotsDir, id);
    const lowers = rec.init?.length ? [path.join(dir, 'init'), ...this.lowers(ids)] : this.lowers(ids);
    return { lowers, upper: path.join(dir, 'upper'), work: path.join(dir, 'work'), target: path.join(dir, 'rootfs'), ...(rec.owner ? { volatile: true } : {}) };
  }

  /** The overlay lower directories of a chain, topmost first; an empty folder for an empty chain. */
  private lowers(ids: string[]): string[] {
    if (!ids.length) {
      const empty = path.join(this.layersDir, 'empty');
      fs.mkdirSync(empty, { recursive: true });
      return [empty];
    }
    return ids.map((c) => path.join(this.layersDir, hex(c), 'fs')).reverse();
  }

  /**
   * Unpacks layer `i` of the chain as an overlay layer: applied onto an overlay of the layers
   * below with a fresh upper directory, so the kernel turns deletions into its whiteouts and
   * opaque directories, and the upper directory is the layer as overlay wants it.
   */
  private async unpackOverlay(rec: SnapshotRecord, i: number, signal?: AbortSignal): Promise<void> {
    const target = path.join(this.layersDir, hex(rec.chain[i]));
    if (fs.existsSync(path.join(target, 'fs'))) return;
    throwIfAborted(signal);
    const tmp = path.join(this.layersDir, tmpName(hex(rec.chain[i]).slice(0, 12)));
    const upper = path.join(tmp, 'fs');
    await fs.promises.mkdir(upper, { recursive: true });
    try {
      if (i === 0) await this.noteSize(rec.layers[0], await applyLayer(openLayerBlob(this.o.content, rec.layers[0]), upper, { signal, maxBytes: maxLayerBytes() }));
      else {
        const work = path.join(tmp, 'work');
        const merged = path.join(tmp, 'merged');
        await fs.promises.mkdir(work);
        await fs.promises.mkdir(merged);
        await mountOverlay({ lowers: this.lowers(rec.chain.slice(0, i)), upper, work, target: merged }, this.layersDir);
        try {
          await this.noteSize(rec.layers[i], await applyLayer(openLayerBlob(this.o.content, rec.layers[i]), merged, { signal, maxBytes: maxLayerBytes() }));
        } finally {
          await unmount(merged);
        }
      }
      await this.install(tmp, 'fs', target, layerMeta(rec, i));
    } finally {
      await removeTree(tmp);
    }
  }

  /**
   * A folder to write a new layer into as its overlay layer while its tar is being made (the
   * builder's COPY: each file goes to disk once, instead of into the tar and then out of it
   * through an overlay mount when the next RUN needs the layer). `install` puts it under the
   * layer's chain ID once the layer's blob is in the content store; `discard` drops it. The
   * folder is a `.tmp-stage-<pid>-…` temp folder until then, which gc() and fsck clear once the
   * process is gone (a killed build). Undefined in copy mode (its trees come from the blobs).
   */
  async stageLayer(): Promise<StagedLayer | undefined> {
    if ((await this.mode()).mode !== 'overlay') return undefined;
    const tmp = path.join(this.layersDir, tmpName('stage'));
    const dir = path.join(tmp, 'fs');
    await fs.promises.mkdir(dir, { recursive: true });
    return {
      dir,
      install: async (parentDiffIds, layer) => {
        try {
          const diffIds = [...parentDiffIds, layer.digest];
          const ids = chainIds(diffIds);
          const i = ids.length - 1;
          await this.install(tmp, 'fs', path.join(this.layersDir, hex(ids[i])), { chainId: ids[i], diffId: diffIds[i], parent: ids[i - 1] ?? null, blob: layer.digest });
        } finally {
          await removeTree(tmp);
        }
      },
      discard: () => removeTree(tmp),
    };
  }

  /** The overlay folder of the unpacked layer whose chain ID is `chainId`, if it is unpacked. */
  unpacked(chainId: string): string | undefined {
    const dir = path.join(this.layersDir, hex(chainId), 'fs');
    return fs.existsSync(dir) ? dir : undefined;
  }

  /** Renames `tmp/<kind>` to `target/<kind>`; if another process got there first, theirs stays. */
  private async install(tmp: string, kind: 'fs' | 'full', target: string, meta: LayerMeta): Promise<void> {
    await fs.promises.mkdir(target, { recursive: true });
    try {
      await fs.promises.rename(path.join(tmp, kind), path.join(target, kind));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
    await writeJsonAtomic(path.join(target, 'layer.json'), meta);
  }

  /** An unpacked layer's size goes to the image store, which lists it (ImageStore.noteLayerSize). */
  private noteSize(layer: Descriptor, stats: ApplyStats): Promise<void> {
    return this.o.images.noteLayerSize(layer, stats.size);
  }

  /** The whole tree of the chain (copy mode): from the deepest tree already there, plus the layers above. */
  private async fullTree(rec: SnapshotRecord, signal?: AbortSignal): Promise<string> {
    if (!rec.chain.length) return this.lowers([])[0];
    const top = rec.chain.length - 1;
    const want = path.join(this.layersDir, hex(rec.chain[top]));
    if (fs.existsSync(path.join(want, 'full'))) return path.join(want, 'full');
    let k = top - 1;
    while (k >= 0 && !fs.existsSync(path.join(this.layersDir, hex(rec.chain[k]), 'full'))) k--;
    const tmp = path.join(this.layersDir, tmpName(hex(rec.chain[top]).slice(0, 12)));
    const tree = path.join(tmp, 'full');
    try {
      await fs.promises.mkdir(tmp, { recursive: true });
      if (k >= 0) await copyTree(path.join(this.layersDir, hex(rec.chain[k]), 'full'), tree);
      else await fs.promises.mkdir(tree);
      for (let j = k + 1; j <= top; j++) await this.noteSize(rec.layers[j], await applyLayer(openLayerBlob(this.o.content, rec.layers[j]), tree, { signal, maxBytes: maxLayerBytes() }));
      await this.install(tmp, 'full', want, layerMeta(rec, top));
    } finally {
      await removeTree(tmp);
    }
    return path.join(want, 'full');
  }

  async get(id: string): Promise<Snapshot> {
    return this.info(await this.record(id));
  }

  async list(): Promise<Snapshot[]> {
    // One read of the mount table for all of them, not one per snapshot.
    const mounts = mountPoints();
    return (await this.records()).map((r) => this.info(r, mounts));
  }

  /**
   * Mounts the overlay if it is not (a container's start; after a reboot); a copied rootfs is
   * always there. Under the rootfs lock: it waits for a withRootfs call that has the root
   * mounted for itself, which then unmounts it first.
   */
  async mount(id: string): Promise<Snapshot> {
    const r = await this.record(id);
    if (r.mode === 'overlay') {
      await this.underRootfsLock(r, async () => {
        if (!isMounted(path.join(this.dir(id), 'rootfs'))) await this.mountOverlayOf(r);
      });
    }
    return this.info(r);
  }

  /**
   * `fn` under the snapshot's rootfs lock (see rootfsLock): a container's root is mounted,
   * unmounted and used on demand by several processes (the CLI's start, its supervisor's exit,
   * another CLI's cp). A build step's temporary snapshot has one user and needs none.
   */
  private underRootfsLock<T>(r: SnapshotRecord, fn: () => Promise<T>): Promise<T> {
    if (r.owner) return fn();
    return withLock(this.o.dataRoot, rootfsLock(r.id), fn, { maxWaitMs: Infinity });
  }

  /** Mounts `r`'s overlay, unpacking what is missing of its chain first. */
  private async mountOverlayOf(r: SnapshotRecord): Promise<void> {
    for (let i = 0; i < r.chain.length; i++) await this.unpackOverlay(r, i);
    await mountOverlay(this.overlaySpec(r.chain, r.id, r), this.layersDir);
  }

  async unmount(id: string): Promise<void> {
    const r = await this.record(id);
    if (r.mode === 'overlay') await unmount(path.join(this.dir(id), 'rootfs'));
  }

  /**
   * Runs `fn` with the root filesystem mounted: as it is if it is mounted (a running
   * container), otherwise mounted for the call and unmounted after (a created or stopped
   * container's `cp`, `diff`, `export`, `commit`). The whole call holds the rootfs lock, so a
   * start of the container waits until this call has unmounted what it mounted (and mounts
   * afresh), and the supervisor's unmount at the container's exit waits until this call no
   * longer reads the running container's mount. Without it, an unmount here could take the
   * root away from a container started meanwhile (the host then had no mount of it while it
   * ran, and the next cp mounted a second overlay over the same upper directory).
   */
  async withRootfs<T>(id: string, fn: (s: Snapshot) => Promise<T> | T): Promise<T> {
    const r = await this.record(id);
    if (r.mode !== 'overlay') return fn(this.info(r));
    const rootfs = path.join(this.dir(id), 'rootfs');
    return this.underRootfsLock(r, async () => {
      const mountedHere = !isMounted(rootfs);
      if (mountedHere) await this.mountOverlayOf(r);
      try {
        return await fn(this.info(r));
      } finally {
        if (mountedHere) await unmount(rootfs).catch(() => undefined);
      }
    });
  }

  /**
   * Facts about the image's own tree under a snapshot — text files (\`etc/passwd\`) and
   * whether paths are directories, resolved inside the root — without mounting it each time:
   * a chain's layers never change, so the answers are kept beside its top layer and only the
   * first asker mounts. Paths are relative to the root; a file that is not there reads as ''.
   */
  async imageFacts(id: string, want: { files: string[]; dirs: string[] }): Promise<ImageFacts> {
    const r = await this.record(id);
    const top = r.chain.length ? path.join(this.layersDir, hex(r.chain[r.chain.length - 1])) : undefined;
    const cacheFile = top && r.mode === 'overlay' ? path.join(top, 'facts.json') : undefined;
    const none = (): ImageFacts => ({ files: {}, dirs: {} });
    const facts = cacheFile ? await readJson<ImageFacts>(cacheFile, none()).catch(none) : none();
    if (want.files.every((f) => f in facts.files) && want.dirs.every((d) => d in facts.dirs)) return facts;
    // The chain alone (no init layer, no container changes): its only layer, or a read-only overlay of them.
    const lowers = this.lowers(r.chain);
    const view = path.join(this.dir(id), 'facts');
    let root = lowers[0];
    let mountedHere = false;
    if (r.mode === 'copy') root = await this.fullTree(r);
    else if (lowers.length > 1) {
      await fs.promises.mkdir(view, { recursive: true });
      if (!isMounted(view)) {
        await mountOverlay({ lowers, target: view }, this.layersDir);
        mountedHere = true;
      }
      root = view;
    }
    try {
      for (const f of want.files) {
        if (f in facts.files) continue;
        try {
          facts.files[f] = fs.readFileSync(path.join(root, resolveInRoot(root, f, true)), 'utf8');
        } catch {
          facts.files[f] = '';
        }
      }
      for (const d of want.dirs) {
        if (!(d in facts.dirs)) facts.dirs[d] = !!fs.statSync(path.join(root, resolveInRoot(root, d, true)), { throwIfNoEntry: false })?.isDirectory();
      }
    } finally {
      if (mountedHere) await unmount(view).catch(() => undefined);
    }
    if (cacheFile) await writeJsonAtomic(cacheFile, facts).catch(() => undefined);
    return facts;
  }

  /** Unmounts and deletes the snapshot (the container's writable layer dies with it). Layers stay until gc(). */
  async remove(id: string): Promise<void> {
    const dir = this.dir(id);
    for (const m of ['rootfs', 'lower', 'facts']) await unmount(path.join(dir, m));
    await withLock(this.o.dataRoot, 'snapshots', async () => {
      await fs.promises.rm(path.join(dir, 'snapshot.json'), { force: true });
    });
    await removeTree(dir);
    // The rootfs lock's (empty) target file; the lock itself is a folder beside it, never broken here.
    await fs.promises.rm(path.join(this.o.dataRoot, 'locks', rootfsLock(id)), { force: true });
  }

  /**
   * What the container changed (`docker diff`), in layer order. Overlay: read from the upper
   * directory, with the chain's own view mounted read-only beside it to tell added from changed
   * and to see what an opaque directory hides. Copy: the rootfs compared with the chain's tree.
   */
  async changes(id: string, signal?: AbortSignal): Promise<ChangeList> {
    return this.withDiffSource(id, (source, compute) => Promise.resolve(compute(signal)), signal);
  }

  private async withDiffSource<T>(id: string, fn: (source: string, compute: (signal?: AbortSignal) => ChangeList) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const r = await this.record(id);
    const dir = this.dir(id);
    const rootfs = path.join(dir, 'rootfs');
    if (r.mode === 'copy') {
      const base = await this.fullTree(r, signal);
      const made = new Set((r.init ?? []).map((e) => e.path));
      return fn(rootfs, (s) => diffDirs(base, rootfs, s, made));
    }
    return this.withRootfs(id, async () => {
      const upper = path.join(dir, 'upper');
      const lowers = this.overlaySpec(r.chain, id, r).lowers;
      if (lowers.length === 1) return fn(upper, (s) => diffOverlay(upper, lowers[0], rootfs, s));
      const lower = path.join(dir, 'lower');
      await fs.promises.mkdir(lower, { recursive: true });
      if (!isMounted(lower)) await mountOverlay({ lowers, target: lower }, this.layersDir);
      try {
        return await fn(upper, (s) => diffOverlay(upper, lower, rootfs, s));
      } finally {
        await unmount(lower).catch(() => undefined);
      }
    });
  }

  /**
   * The container's changes as a new layer (`docker commit`, a builder RUN step): an
   * uncompressed tar in the snapshot's folder, with its diff ID. `mtime` fixes entry times.
   */
  async commitLayer(id: string, opts: WriteLayerOptions = {}): Promise<CommittedLayer> {
    return (await this.writeChanges(id, opts, false))!;
  }

  /** The layer tar of what `id` changed (undefined when that is nothing and `skipEmpty`): one diff for both questions. */
  private async writeChanges(id: string, opts: WriteLayerOptions, skipEmpty: boolean): Promise<CommittedLayer | undefined> {
    const file = path.join(this.dir(id), tmpName('commit') + '.tar');
    return this.withDiffSource(id, async (source, compute) => {
      const changes = compute(opts.signal);
      if (skipEmpty && !changes.length) return undefined;
      try {
        const res = await writeLayerTar(source, changes, fs.createWriteStream(file), opts);
        return { path: file, ...res };
      } catch (e) {
        await fs.promises.rm(file, { force: true });
        throw e;
      }
    }, opts.signal);
  }

  /** commitLayer straight into the content store (uncompressed, digest = diff ID); the temp tar is removed. */
  async commitToContent(id: string, opts: WriteLayerOptions = {}): Promise<Descriptor & { diffId: string; changes: ChangeList }> {
    return (await this.storeChanges(id, opts, false))!;
  }

  /**
   * A build step's layer: commitToContent, or undefined when the container changed nothing —
   * the upper directory is diffed once (and the view below mounted once) for both answers,
   * where changes() and then commitToContent() would do each twice.
   */
  async commitChangesToContent(id: string, opts: WriteLayerOptions = {}): Promise<(Descriptor & { diffId: string; changes: ChangeList }) | undefined> {
    return this.storeChanges(id, opts, true);
  }

  private async storeChanges(id: string, opts: WriteLayerOptions, skipEmpty: boolean): Promise<(Descriptor & { diffId: string; changes: ChangeList }) | undefined> {
    const c = await this.writeChanges(id, opts, skipEmpty);
    if (!c) return undefined;
    try {
      const stored = await this.o.content.ingest(fs.createReadStream(c.path), { digest: c.diffId, size: c.size });
      return { mediaType: MediaTypes.dockerLayer, digest: stored.digest, size: stored.size, diffId: c.diffId, changes: c.changes };
    } finally {
      await fs.promises.rm(c.path, { force: true });
    }
  }

  /** The whole root filesystem as a tar (`docker export`). */
  async exportRootfs(id: string, out: Writable, opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.withRootfs(id, async (s) => {
      await writeLayerTar(s.rootfs, treeAdditions(s.rootfs, fs.readdirSync(s.rootfs)), out, { signal: opts.signal });
    });
  }

  /**
   * Deletes temporary snapshots whose process is gone (a killed build's: unmounted first), then
   * unpacked layers no image, no snapshot and no build cache entry uses, and temp folders of
   * unpacks whose process is gone. Returns the chain IDs removed. Crash-safe: the set to keep
   * is read and the doomed layers renamed to `.tmp-trash-<pid>-*` under the `snapshots` lock
   * (which prepare() takes to write its record before it looks for layers), so a kill leaves
   * only trash folders, which the next gc() deletes; a layer in use is never touched.
   */
  async gc(): Promise<string[]> {
    await this.removeStrays();
    const removed: string[] = [];
    const trash: string[] = [];
    await withLock(this.o.dataRoot, 'snapshots', async () => {
      const keep = await this.inUse(await this.records());
      for (const n of await fs.promises.readdir(this.layersDir).catch(() => [] as string[])) {
        const p = path.join(this.layersDir, n);
        if (/^[a-f0-9]{64}$/.test(n) && !keep.has(n)) {
          const t = path.join(this.layersDir, tmpName('trash'));
          await fs.promises.rename(p, t);
          trash.push(t);
          removed.push('sha256:' + n);
        } else if (orphanedTemp(n)) trash.push(p);
      }
    });
    for (const t of trash) await removeTree(t);
    return removed;
  }

  /** Layer folder names (chain ID hex) that an image, one of the `snapshots` or a build cache entry needs. */
  private async inUse(snapshots: SnapshotRecord[]): Promise<Set<string>> {
    const keep = new Set<string>();
    for (const img of await this.o.images.list()) for (const c of chainIds(img.config.rootfs.diff_ids)) keep.add(hex(c));
    for (const r of snapshots) for (const c of r.chain) keep.add(hex(c));
    for (const fn of this.keepChains) for (const diffIds of await fn()) for (const c of chainIds(diffIds)) keep.add(hex(c));
    return keep;
  }

  /** Removes (unmounting first) the temporary snapshots of processes that are gone. */
  async removeStrays(): Promise<void> {
    for (const r of (await this.split()).strays) await this.remove(r.id);
  }

  /** All snapshot records (one read), and among them the temporary ones whose process is gone (a build killed mid-step) and the others. */
  private async split(): Promise<{ all: SnapshotRecord[]; strays: SnapshotRecord[]; live: SnapshotRecord[] }> {
    const all = await this.records();
    const strays: SnapshotRecord[] = [];
    const live: SnapshotRecord[] = [];
    for (const r of all) (r.owner && !ownerAlive(r.owner) ? strays : live).push(r);
    return { all, strays, live };
  }

  /** `system df`'s unpacked layers: how many, their bytes, and the bytes gc() would free. */
  async usage(): Promise<{ total: number; active: number; size: number; reclaimable: number }> {
    const { all, strays, live } = await this.split();
    const keep = await this.inUse(live);
    const used = new Set(all.flatMap((r) => r.chain.map(hex)));
    let total = 0;
    let active = 0;
    let size = 0;
    let reclaimable = 0;
    for (const n of await fs.promises.readdir(this.layersDir).catch(() => [] as string[])) {
      if (!/^[a-f0-9]{64}$/.test(n)) continue;
      const bytes = treeSize(path.join(this.layersDir, n));
      total++;
      size += bytes;
      if (used.has(n)) active++;
      if (!keep.has(n)) reclaimable += bytes;
    }
    // Stray build snapshots count as reclaimable too (their upper layer and copied trees).
    for (const r of strays) {
      const bytes = treeSize(path.join(this.snapshotsDir, r.id));
      size += bytes;
      reclaimable += bytes;
    }
    return { total, active, size, reclaimable };
  }

  /**
   * What interrupted operations left among layers and snapshots: unpacked layers nothing refers
   * to, temporary snapshots of dead processes (a killed build), mounts under the data root that
   * belong to no snapshot, and unpack/trash temp folders; `repair` removes them (through gc()).
   */
  async fsck(opts: { repair?: boolean } = {}): Promise<FsckProblem[]> {
    const problems: FsckProblem[] = [];
    const note = (subject: string, message: string) => problems.push({ severity: 'warning', subject, message: message + (opts.repair ? '; removed' : '; removed by --repair'), ...(opts.repair ? { repaired: true } : {}) });
    const { strays, live: liveRecords } = await this.split();
    for (const r of strays) note(`snapshot ${r.id}`, `temporary root filesystem of process ${r.owner!.pid}, which is gone (an interrupted build)`);
    const keep = await this.inUse(liveRecords);
    for (const n of await fs.promises.readdir(this.layersDir).catch(() => [] as string[])) {
      if (/^[a-f0-9]{64}$/.test(n) && !keep.has(n)) note(`layer sha256:${n}`, 'unpacked layer no image, container or build cache entry uses');
      else if (orphanedTemp(n)) note(`layers/${n}`, 'temporary folder of an interrupted unpack, COPY or layer removal');
    }
    const live = liveRecords.map((r) => path.join(this.snapshotsDir, r.id) + '/');
    const roots = [this.snapshotsDir + '/', this.layersDir + '/'];
    for (const m of mountPoints()) {
      if (!roots.some((r) => m.startsWith(r)) || live.some((l) => m.startsWith(l))) continue;
      if (path.basename(m) === 'm' && path.basename(path.dirname(m)).startsWith('.probe-')) continue; // an overlay probe: the containers' fsck reports it
      if (m.startsWith(this.layersDir + '/')) {
        const owner = Number(/\/\.tmp-[^-/]+-(\d+)-/.exec(m)?.[1]);
        if (!isNaN(owner) && (owner === process.pid || pidAlive(owner))) continue;
      }
      note(`mount ${m}`, 'stale mount left by an interrupted operation');
      if (opts.repair) await unmount(m).catch(() => undefined);
    }
    if (opts.repair) await this.gc();
    return problems;
  }
}

/**
 * How many bytes of files one layer may unpack to: $STEVEDORE_MAX_LAYER_SIZE (`500MB`, `2GiB`,
 * `1048576`), default 64 GiB — far above real layers (the largest public ones are a few GB),
 * low enough that a few-MB layer that expands to fill the disk is refused with a clear error.
 */
export function maxLayerBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.STEVEDORE_MAX_LAYER_SIZE?.trim();
  if (!v) return 64 * 1024 ** 3;
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])(i)?)?b?$/i.exec(v);
  if (!m) throw new EngineError('invalid-argument', `STEVEDORE_MAX_LAYER_SIZE=${v}: expected a size such as 500MB, 2GiB or a number of bytes`);
  const power = m[2] ? 'kmgt'.indexOf(m[2].toLowerCase()) + 1 : 0;
  return Math.floor(Number(m[1]) * (m[3] ? 1024 : 1000) ** power);
}

/**
 * Makes the init entries under `dir`; a missing parent directory takes the attributes the
 * topmost of `views` has for it (so the image's /etc keeps its mode and owner), and existing
 * directories in `dir` keep their times.
 */
function makeInit(dir: string, entries: InitEntry[], views: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const ensureDir = (rel: string) => {
    if (!rel) return;
    const abs = path.join(dir, rel);
    if (fs.existsSync(abs)) return;
    ensureDir(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
    const like = views.map((v) => lstatOrUndefined(path.join(v, rel))).find((st) => st?.isDirectory());
    withParentTimes(abs, () => fs.mkdirSync(abs, { mode: 0o755 }));
    if (like) {
      fs.chmodSync(abs, like.mode & 0o7777);
      if (process.getuid?.() === 0) fs.chownSync(abs, like.uid, like.gid);
      fs.utimesSync(abs, like.atime, like.mtime);
    }
  };
  for (const e of entries) {
    const rel = e.path.replace(/^\/+/, '');
    if (!rel || rel.split('/').includes('..')) continue;
    const abs = path.join(dir, rel);
    if (lstatOrUndefined(abs) || views.some((v) => lstatOrUndefined(path.join(v, rel)))) continue;
    // Never through a symlink of the image: resolved inside the tree, an escape is left alone.
    const parentRel = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
    if (views.some((v) => lstatOrUndefined(path.join(v, parentRel))?.isSymbolicLink())) continue;
    ensureDir(parentRel);
    withParentTimes(abs, () => {
      if (e.type === 'dir') fs.mkdirSync(abs, { mode: 0o755 });
      else fs.writeFileSync(abs, '', { mode: 0o644 });
    });
  }
}

/** Runs `fn` (which adds `abs`) and puts the parent directory's times back as they were. */
function withParentTimes(abs: string, fn: () => void): void {
  const parent = path.dirname(abs);
  const st = fs.statSync(parent);
  fn();
  fs.utimesSync(parent, st.atime, st.mtime);
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Whether `name` (in layers/) is a temp folder (`.tmp-<what>-<pid>-...`) of a process that is gone. */
function orphanedTemp(name: string): boolean {
  const pid = Number(/^\.tmp-[^-]+-(\d+)-/.exec(name)?.[1]);
  return !isNaN(pid) && pid !== process.pid && !pidAlive(pid);
}

/** Removes a folder, first unmounting anything mounted inside it (never deletes through a mount). */
async function removeTree(dir: string): Promise<void> {
  const prefix = path.resolve(dir) + '/';
  for (const m of [...mountPoints()].filter((p) => p.startsWith(prefix)).sort().reverse()) await unmount(m);
  await fs.promises.rm(dir, { recursive: true, force: true });
}

/**
 * A copy keeping modes, owners, times, links and special files: coreutils' `cp -a` (with
 * reflinks where the filesystem has them), which does all of it faster than a walk in Node.
 */
async function copyTree(src: string, dst: string): Promise<void> {
  try {
    await run('cp', ['-a', '--reflink=auto', '--', src, dst], { maxBuffer: 1 << 20 });
  } catch (e) {
    throw new EngineError('internal', `copying ${src} to ${dst} failed: ${String((e as { stderr?: string }).stderr ?? e).trim()}`, { cause: e });
  }
}
