import * as fs from 'fs';
import type { Readable } from 'stream';
import * as tar from 'tar-stream';
import { maybeGunzip, walkTar } from '../../client/src/engine/archive/tarstream';
import { ContentStore } from '../../client/src/engine/content/store';
import { EventJournal } from '../../client/src/engine/events';
import { ImageStore } from '../../client/src/engine/image/store';
import { ImageConfig, MediaTypes } from '../../client/src/engine/image/types';
import { hostPlatform } from '../../client/src/core/platform';

/** One tar entry as the side-by-side tests compare them: what, not when. */
export interface LayerFile {
  name: string;
  type: string;
  mode: string;
  uid: number;
  gid: number;
  linkname?: string;
  size: number;
}

/** The entries of a layer tar (plain or gzip), sorted by name, directories without their trailing slash. */
export async function listLayer(input: Readable | string): Promise<LayerFile[]> {
  const stream = await maybeGunzip(typeof input === 'string' ? fs.createReadStream(input) : input);
  const out: LayerFile[] = [];
  await walkTar(stream, async (e) => {
    out.push({ name: e.name.replace(/\/+$/, ''), type: e.type, mode: (e.mode & 0o7777).toString(8), uid: e.uid, gid: e.gid, ...(e.linkname ? { linkname: e.linkname } : {}), size: e.type === 'file' ? e.size : 0 });
  });
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** An entry of a hand-made layer: a file (`data`), a directory, a symlink, or a whiteout (`.wh.` name). */
export interface LayerSpecEntry {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'character-device';
  mode?: number;
  devmajor?: number;
  devminor?: number;
  uid?: number;
  linkname?: string;
}

/**
 * Stores an image made of the given layers (each a list of tar entries, whiteouts included) and
 * tags it: for tests that need exact layer contents, such as deletions a later layer makes.
 */
export async function makeLayeredImage(dataRoot: string, ref: string, layers: Array<{ createdBy: string; entries: LayerSpecEntry[] }>): Promise<string> {
  const content = new ContentStore(dataRoot);
  const events = new EventJournal(dataRoot);
  const store = new ImageStore(dataRoot, content, events);
  const descs: Array<{ mediaType: string; digest: string; size: number }> = [];
  for (const l of layers) {
    const pack = tar.pack();
    for (const e of l.entries) {
      const type = e.type ?? (e.data !== undefined || e.name.split('/').pop()!.startsWith('.wh.') ? 'file' : 'directory');
      pack.entry({ name: e.name, type, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644), uid: e.uid ?? 0, gid: e.uid ?? 0, mtime: new Date(0), ...(e.linkname ? { linkname: e.linkname } : {}), ...(e.devmajor !== undefined ? { devmajor: e.devmajor, devminor: e.devminor ?? 0 } : {}) }, type === 'file' ? Buffer.from(e.data ?? '') : Buffer.alloc(0));
    }
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const stored = await content.put(Buffer.concat(chunks));
    descs.push({ mediaType: MediaTypes.dockerLayer, ...stored });
  }
  const p = hostPlatform();
  const config: ImageConfig = {
    architecture: p.architecture, os: p.os, created: '2024-01-01T00:00:00Z', config: {},
    rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) },
    history: layers.map((l) => ({ created: '2024-01-01T00:00:00Z', created_by: l.createdBy })),
  };
  const cfg = await content.put(Buffer.from(JSON.stringify(config)));
  const manifest = { schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: { mediaType: MediaTypes.dockerConfig, ...cfg }, layers: descs };
  const m = await content.put(Buffer.from(JSON.stringify(manifest)));
  const rec = await store.tag(ref, { mediaType: MediaTypes.dockerManifest, ...m });
  events.dispose();
  return rec.id;
}
