import * as crypto from 'crypto';
import * as path from 'path';
import * as zlib from 'zlib';
import { walkTar } from '../archive/tarstream';
import type { ContentStore, Descriptor } from '../content/store';
import { throwIfAborted } from '../../core/errors';
import type { ImageStore } from '../image/store';
import { isGzipLayer, isZstdLayer } from '../image/types';
import { EngineError } from '../../core/errors';

/** Why bytes of a layer are dead weight: a later layer deleted, replaced or only re-permissioned them. */
export type WasteReason = 'deleted' | 'overwritten' | 'metadata';

export interface LayerFile {
  path: string;
  /** What this layer does to the path. */
  change: 'added' | 'modified' | 'deleted';
  type: string;
  /** Bytes this layer stores for it (0 for directories, links and deletions). */
  size: number;
  /** Set when a later layer makes these bytes dead. */
  wasted?: { reason: WasteReason; byLayer: number };
}

export interface LayerAnalysis {
  index: number;
  diffId: string;
  /** The history entry that made the layer (`created_by`). */
  createdBy: string;
  /** Bytes of the files in the layer. */
  size: number;
  /** Bytes of this layer's files that later layers delete, overwrite or only change the metadata of. */
  wastedBytes: number;
  files: LayerFile[];
  /** For images this engine built: the Dockerfile instruction that made the layer (0-based lines). */
  instruction?: LayerOrigin;
}

export interface LayerOrigin {
  dockerfile: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface ImageAnalysis {
  id: string;
  size: number;
  wastedBytes: number;
  /** 1 - wasted/size: how much of what ships is still visible in the final filesystem. */
  efficiency: number;
  layers: LayerAnalysis[];
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** What the merged filesystem currently shows at a path, and which layer's bytes those are. */
interface Visible {
  layer: number;
  file: LayerFile;
  type: string;
  hash?: string;
  meta: string;
}

/**
 * Analyses an image layer by layer, streaming each layer once (memory holds paths, not data):
 * what each layer adds, modifies and deletes, and which of its bytes are wasted because a later
 * layer deletes them (file whiteout, directory whiteout or opaque directory), overwrites them, or
 * changes only their metadata (which copies the whole file up).
 */
export async function analyzeImage(store: ImageStore, content: ContentStore, refOrId: string, opts: { signal?: AbortSignal } = {}): Promise<ImageAnalysis> {
  const rec = await store.resolve(refOrId);
  const history = (rec.config.history ?? []).filter((h) => !h.empty_layer);
  const diffIds = rec.config.rootfs.diff_ids;
  const visible = new Map<string, Visible>();
  const layers: LayerAnalysis[] = [];
  const markWasted = (v: Visible, reason: WasteReason, byLayer: number) => {
    if (v.file.wasted || v.file.size === 0) return;
    v.file.wasted = { reason, byLayer };
    layers[v.layer].wastedBytes += v.file.size;
  };
  // The merged tree's shape: parent path ('' for the root) -> the paths directly under it that
  // are visible or have visible paths below them (tars need not list parents). Deletions walk
  // only the subtree they remove, not every visible path.
  const children = new Map<string, Set<string>>();
  const parentOf = (p: string) => {
    const slash = p.lastIndexOf('/');
    return slash < 0 ? '' : p.slice(0, slash);
  };
  const link = (p: string) => {
    for (let child = p; ; ) {
      const parent = parentOf(child);
      let set = children.get(parent);
      if (!set) children.set(parent, (set = new Set()));
      // Linked already: so are its ancestors.
      if (set.has(child)) return;
      set.add(child);
      if (!parent) return;
      child = parent;
    }
  };
  const removeOne = (p: string, byLayer: number) => {
    const v = visible.get(p);
    if (!v) return;
    if (v.layer < byLayer) markWasted(v, 'deleted', byLayer);
    visible.delete(p);
  };
  /** Unlinks `p` and then its ancestors while they are neither visible nor have anything below them. */
  const prune = (p: string) => {
    while (p && !visible.has(p) && !children.get(p)?.size) {
      children.delete(p);
      const parent = parentOf(p);
      children.get(parent)?.delete(p);
      p = parent;
    }
  };
  const removeUnder = (dir: string, byLayer: number, includeSelf: boolean) => {
    removeBelow(dir, byLayer);
    if (includeSelf) removeOne(dir, byLayer);
    prune(dir);
  };
  const removeBelow = (dir: string, byLayer: number) => {
    const stack = [dir];
    while (stack.length) {
      const d = stack.pop()!;
      const below = children.get(d);
      if (!below) continue;
      children.delete(d);
      for (const p of below) {
        removeOne(p, byLayer);
        stack.push(p);
      }
    }
  };

  for (let i = 0; i < rec.manifestJson.layers.length; i++) {
    throwIfAborted(opts.signal);
    const desc = rec.manifestJson.layers[i];
    const layer: LayerAnalysis = { index: i, diffId: diffIds[i] ?? desc.digest, createdBy: history[i]?.created_by ?? '', size: 0, wastedBytes: 0, files: [] };
    layers.push(layer);
    await walkTar(openLayer(content, desc), async (e) => {
      const p = e.name.replace(/\/+$/, '');
      if (!p || p === '.') return;
      const base = path.posix.basename(p);
      const dir = path.posix.dirname(p) === '.' ? '' : path.posix.dirname(p);
      if (base === OPAQUE) {
        removeUnder(dir, i, false);
        return;
      }
      if (base.startsWith(WHITEOUT)) {
        const target = (dir ? dir + '/' : '') + base.slice(WHITEOUT.length);
        const existed = visible.has(target) || (children.get(target)?.size ?? 0) > 0;
        removeUnder(target, i, true);
        if (existed) layer.files.push({ path: target, change: 'deleted', type: 'whiteout', size: 0 });
        return;
      }
      let hash: string | undefined;
      if (e.type === 'file') {
        const h = crypto.createHash('sha1');
        for await (const chunk of e.stream) h.update(chunk as Buffer);
        hash = h.digest('hex');
      }
      const size = e.type === 'file' ? e.size : 0;
      const meta = `${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.linkname ?? ''}`;
      const prev = visible.get(p);
      const file: LayerFile = { path: p, change: prev ? 'modified' : 'added', type: e.type, size };
      if (prev && prev.layer < i) {
        // A directory entry re-listed as a parent of new files changes nothing of the old bytes.
        if (!(prev.type === 'directory' && e.type === 'directory')) {
          markWasted(prev, prev.hash !== undefined && prev.hash === hash && prev.meta !== meta ? 'metadata' : 'overwritten', i);
        }
        if (prev.type === 'directory' && e.type !== 'directory') removeUnder(p, i, false);
      }
      layer.size += size;
      layer.files.push(file);
      visible.set(p, { layer: i, file, type: e.type, hash, meta });
      link(p);
    }, opts.signal);
  }
  const size = layers.reduce((n, l) => n + l.size, 0);
  const wastedBytes = layers.reduce((n, l) => n + l.wastedBytes, 0);
  return { id: rec.id, size, wastedBytes, efficiency: size ? 1 - wastedBytes / size : 1, layers };
}

function openLayer(content: ContentStore, d: Descriptor) {
  if (isZstdLayer(d.mediaType)) throw new EngineError('unavailable', `layer ${d.digest} is zstd-compressed, which layer analysis does not read yet`);
  const s = content.openRead(d.digest);
  return isGzipLayer(d.mediaType) ? s.pipe(zlib.createGunzip()) : s;
}
