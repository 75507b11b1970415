import * as crypto from 'crypto';
import * as path from 'path';
import * as zlib from 'zlib';
import { walkTar } from '../archive/tarstream';
import type { ContentStore, Descriptor } from '../content/store';
import { throwIfAborted } from '../errors';
import type { ImageStore } from '../image/store';
import { isGzipLayer, isZstdLayer } from '../image/types';
import { EngineError } from '../errors';

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
  const removeUnder = (dir: string, byLayer: number, includeSelf: boolean) => {
    for (const [p, v] of visible) {
      if ((includeSelf && p === dir) || dir === '' || p.startsWith(dir + '/')) {
        if (v.layer < byLayer) markWasted(v, 'deleted', byLayer);
        visible.delete(p);
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
        const existed = visible.has(target) || [...visible.keys()].some((k) => k.startsWith(target + '/'));
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
