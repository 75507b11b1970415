import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { ContentStore } from '../client/src/engine/content/store';
import { EventJournal } from '../client/src/engine/events';
import { ImageStore } from '../client/src/engine/image/store';
import { ImageConfig, MediaTypes } from '../client/src/engine/image/types';
import { hostPlatform } from '../client/src/core/platform';
import { seededRandom as rng } from '../test/support/random';
import { Entry, packEntries } from './tarEntries';

/**
 * A ~500 MB, 6-layer image for the analysis benchmark, written straight into a data root's
 * content store (as test/support/layers.ts makeLayeredImage does, but streamed through a temp
 * file: the layers are too big to hold in memory). Uncompressed (`tar` media type) layers of
 * mixed sizes: ~45,000 small files, some medium and large ones, symlinks; later layers
 * overwrite files, white out files and whole directories, make a directory opaque and change
 * only the mode of files, so the analysis does all of its bookkeeping, not only hashing.
 */


/** Layers are produced lazily, one at a time, so the generator never holds more than one. */
function layerSpecs(): Array<{ createdBy: string; entries: () => Entry[] }> {
  const r = rng(7);
  const pool = crypto.randomBytes(64 << 20);
  const bytes = (size: number) => {
    const off = Math.floor(r() * (pool.length - size));
    return pool.subarray(off, off + size);
  };
  const between = (lo: number, hi: number) => Math.floor(lo + r() * (hi - lo));
  const small = () => bytes(between(200, 12 * 1024));
  const medium = () => bytes(between(256 * 1024, 1536 * 1024));
  const large = () => bytes(between(4 << 20, 8 << 20));
  // Kept so a later layer can re-add the same bytes with another mode (a metadata-only change).
  const kept = new Map<string, Buffer>();

  return [
    {
      createdBy: 'ADD rootfs.tar /',
      entries: () => {
        const e: Entry[] = [{ name: 'usr/', type: 'directory' }, { name: 'usr/lib/', type: 'directory' }, { name: 'usr/bin/', type: 'directory' }, { name: 'usr/share/', type: 'directory' }];
        for (let p = 0; p < 60; p++) {
          e.push({ name: `usr/lib/pkg${p}/`, type: 'directory' });
          for (let f = 0; f < 250; f++) {
            const data = small();
            if (f % 50 === 7) kept.set(`usr/lib/pkg${p}/file${f}.so`, data);
            e.push({ name: `usr/lib/pkg${p}/file${f}.so`, data, mode: f % 7 === 0 ? 0o755 : 0o644 });
          }
          e.push({ name: `usr/lib/pkg${p}/blob.bin`, data: medium() });
        }
        for (let i = 0; i < 200; i++) e.push({ name: `usr/bin/tool${i}`, type: 'symlink', linkname: `../lib/pkg${i % 60}/file0.so` });
        for (let d = 0; d < 30; d++) {
          e.push({ name: `usr/share/doc${d}/`, type: 'directory' });
          for (let f = 0; f < 100; f++) e.push({ name: `usr/share/doc${d}/page${f}.txt`, data: small() });
        }
        return e;
      },
    },
    {
      createdBy: 'COPY app/ /opt/app/',
      entries: () => {
        const e: Entry[] = [{ name: 'opt/', type: 'directory' }, { name: 'opt/app/', type: 'directory' }];
        for (let m = 0; m < 40; m++) {
          e.push({ name: `opt/app/mod${m}/`, type: 'directory' });
          for (let f = 0; f < 200; f++) e.push({ name: `opt/app/mod${m}/f${f}.js`, data: small() });
          e.push({ name: `opt/app/mod${m}/asset.bin`, data: medium() });
        }
        for (let i = 0; i < 6; i++) e.push({ name: `opt/app/big${i}.bin`, data: large() });
        return e;
      },
    },
    {
      createdBy: 'RUN apt-get upgrade (overwrites, deletes, an opaque directory)',
      entries: () => {
        const e: Entry[] = [{ name: 'usr/', type: 'directory' }, { name: 'usr/lib/', type: 'directory' }];
        for (let p = 50; p < 60; p++) e.push({ name: `usr/lib/.wh.pkg${p}` });
        for (let p = 0; p < 50; p++) {
          e.push({ name: `usr/lib/pkg${p}/`, type: 'directory' });
          for (let f = 0; f < 250; f++) {
            if (f % 50 === 7) continue;
            if (f % 5 === 0) e.push({ name: `usr/lib/pkg${p}/file${f}.so`, data: small() });
            else if (f % 5 === 1) e.push({ name: `usr/lib/pkg${p}/.wh.file${f}.so` });
          }
          e.push({ name: `usr/lib/pkg${p}/blob.bin`, data: medium() });
        }
        e.push({ name: 'opt/', type: 'directory' }, { name: 'opt/app/', type: 'directory' });
        for (const m of [3, 17, 29]) {
          e.push({ name: `opt/app/mod${m}/`, type: 'directory' }, { name: `opt/app/mod${m}/.wh..wh..opq` });
          for (let f = 0; f < 100; f++) e.push({ name: `opt/app/mod${m}/new${f}.js`, data: small() });
        }
        for (let i = 0; i < 3; i++) e.push({ name: `opt/app/big${i}.bin`, data: large() });
        return e;
      },
    },
    {
      createdBy: 'COPY data/ /srv/data/',
      entries: () => {
        const e: Entry[] = [{ name: 'srv/', type: 'directory' }, { name: 'srv/data/', type: 'directory' }, { name: 'var/', type: 'directory' }, { name: 'var/cache/', type: 'directory' }];
        for (let i = 0; i < 8; i++) e.push({ name: `srv/data/big${i}.bin`, data: large() });
        for (let d = 0; d < 20; d++) {
          e.push({ name: `var/cache/c${d}/`, type: 'directory' });
          for (let i = 0; i < 200; i++) e.push({ name: `var/cache/c${d}/e${i}`, data: small() });
        }
        return e;
      },
    },
    {
      createdBy: 'RUN chmod -R o-r /usr/lib && rm -rf /var/cache/* /srv/data/big7.bin',
      entries: () => {
        const e: Entry[] = [{ name: 'usr/', type: 'directory' }, { name: 'usr/lib/', type: 'directory' }];
        for (const [name, data] of kept) {
          const dir = name.slice(0, name.lastIndexOf('/') + 1);
          if (!e.some((x) => x.name === dir)) e.push({ name: dir, type: 'directory' });
          e.push({ name, data, mode: 0o640 });
        }
        e.push({ name: 'var/', type: 'directory' }, { name: 'var/cache/', type: 'directory' });
        for (let d = 0; d < 20; d++) e.push({ name: `var/cache/.wh.c${d}` });
        e.push({ name: 'srv/', type: 'directory' }, { name: 'srv/data/', type: 'directory' }, { name: 'srv/data/.wh.big7.bin' });
        return e;
      },
    },
    {
      createdBy: 'COPY site/ /var/www/',
      entries: () => {
        const e: Entry[] = [{ name: 'var/', type: 'directory' }, { name: 'var/www/', type: 'directory' }];
        for (let d = 0; d < 50; d++) {
          e.push({ name: `var/www/s${d}/`, type: 'directory' });
          for (let i = 0; i < 120; i++) e.push({ name: `var/www/s${d}/p${i}.html`, data: small() });
        }
        for (let i = 0; i < 4; i++) e.push({ name: `var/www/video${i}.mp4`, data: large() });
        return e;
      },
    },
  ];
}

async function writeTar(file: string, entries: Entry[]): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, fs.createWriteStream(file));
  await packEntries(pack, entries);
  pack.finalize();
  await done;
}

export interface BigImage {
  id: string;
  /** Paths of the layer blobs in the content store, bottom first. */
  blobs: string[];
  /** Bytes of layer tar. */
  bytes: number;
  files: number;
}

/** Stores the image in `dataRoot` and tags it `ref`. */
export async function makeBigImage(dataRoot: string, ref: string): Promise<BigImage> {
  const content = new ContentStore(dataRoot);
  const events = new EventJournal(dataRoot);
  const store = new ImageStore(dataRoot, content, events);
  const descs: Array<{ mediaType: string; digest: string; size: number }> = [];
  fs.mkdirSync(dataRoot, { recursive: true });
  const specs = layerSpecs();
  let files = 0;
  for (const [i, l] of specs.entries()) {
    const tmp = path.join(dataRoot, `bench-layer-${i}.tar`);
    const entries = l.entries();
    files += entries.length;
    await writeTar(tmp, entries);
    const stored = await content.ingest(fs.createReadStream(tmp));
    fs.rmSync(tmp);
    descs.push({ mediaType: MediaTypes.dockerLayer, ...stored });
  }
  const p = hostPlatform();
  const config: ImageConfig = {
    architecture: p.architecture, os: p.os, created: '2026-01-01T00:00:00Z', config: {},
    rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) },
    history: specs.map((l) => ({ created: '2026-01-01T00:00:00Z', created_by: l.createdBy })),
  };
  const cfg = await content.put(Buffer.from(JSON.stringify(config)));
  const manifest = { schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: { mediaType: MediaTypes.dockerConfig, ...cfg }, layers: descs };
  const m = await content.put(Buffer.from(JSON.stringify(manifest)));
  const rec = await store.tag(ref, { mediaType: MediaTypes.dockerManifest, ...m });
  events.dispose();
  return { id: rec.id, blobs: descs.map((d) => content.blobPath(d.digest)), bytes: descs.reduce((n, d) => n + d.size, 0), files };
}
