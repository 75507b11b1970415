import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';
import { parse as parseDockerfile, expandWord } from '../../core/parser';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError, throwIfAborted } from '../../core/errors';
import type { EventJournal } from '../events';
import { writeFileAtomic } from '../fsutil';
import type { ImageStore } from '../image/store';
import { ContainerConfig, ImageConfig, ImageRecord, Index, Manifest, MediaTypes, isGzipLayer, isZstdLayer } from '../image/types';
import { Platform, hostPlatform } from '../../core/platform';
import { normalizeImageRef, parseNormalizedNamed } from '../../core/reference';
import { applyConfigInstruction, envMap } from '../build/config';
import { TarWriter, maybeGunzip, walkTar } from './tarstream';
import { openLayerBlob } from '../layer/open';

/**
 * Image archives: `docker save`/`docker load` tarballs (Docker 20.10's legacy layout and
 * Docker 25+'s OCI layout with manifest.json), OCI image layout directories (what
 * skopeo's `oci:` transport reads and writes) and `docker import` of a rootfs tarball.
 * Everything streams: layers go straight between the content store and the tar.
 */

export interface ArchiveDeps {
  content: ContentStore;
  images: ImageStore;
  events?: EventJournal;
}

export interface SaveOptions {
  signal?: AbortSignal;
}

const hex = (d: string) => d.replace(/^sha256:/, '');
const blobName = (d: string) => `blobs/sha256/${hex(d)}`;

interface SaveItem {
  record: ImageRecord;
  /** Familiar tags to record for this image (the ones the user named, or all its tags when saved by ID). */
  tags: string[];
}

/** What to save: each name is a reference or ID; a repository name alone saves all its tags (as docker does). */
async function selectForSave(images: ImageStore, names: string[]): Promise<SaveItem[]> {
  const byId = new Map<string, SaveItem>();
  const all = await images.list();
  for (const n of names) {
    let rec: ImageRecord;
    let tags: string[] = [];
    let ref;
    try {
      ref = parseNormalizedNamed(n);
    } catch {
      ref = undefined;
    }
    if (ref && ref.tag === undefined && ref.digest === undefined) {
      // `docker save busybox` saves every tag of the repository.
      const hits = all.filter((r) => r.repoTags.some((t) => normalizeImageRef(t).name === ref!.name));
      if (hits.length) {
        for (const h of hits) {
          const it = byId.get(h.id) ?? { record: h, tags: [] };
          it.tags.push(...h.repoTags.filter((t) => normalizeImageRef(t).name === ref!.name));
          byId.set(h.id, it);
        }
        continue;
      }
    }
    rec = await images.resolve(n);
    // By name:tag the tag is recorded; by ID or digest none is (as docker save does).
    if (ref && ref.tag !== undefined && ref.digest === undefined && rec.repoTags.includes(ref.familiarString)) tags = [ref.familiarString];
    const it = byId.get(rec.id) ?? { record: rec, tags: [] };
    it.tags.push(...tags);
    byId.set(rec.id, it);
  }
  for (const it of byId.values()) it.tags = [...new Set(it.tags)];
  return [...byId.values()];
}

/** One layer as saved: uncompressed, digest = diff ID. */
interface SavedLayer {
  diffId: string;
  size: number;
  source: Descriptor;
}

/**
 * Writes a `docker save` archive in Docker 25+'s format: an OCI image layout (oci-layout,
 * index.json, blobs/sha256/...) plus the legacy manifest.json and repositories, with
 * uncompressed layers (gzip layers are decompressed while streaming; their digest is the
 * config's diff ID) so the image ID is unchanged and Docker 20.10's `docker load` accepts it.
 */
export async function saveImages(deps: ArchiveDeps, names: string[], out: Writable, opts: SaveOptions = {}): Promise<void> {
  if (!names.length) throw new EngineError('invalid-argument', 'save needs at least one image');
  const items = await selectForSave(deps.images, names);
  const w = new TarWriter();
  const piping = w.pipeTo(out);
  const written = new Set<string>();
  const indexEntries: Descriptor[] = [];
  const legacy: Array<{ Config: string; RepoTags: string[] | null; Layers: string[] }> = [];
  const repositories: Record<string, Record<string, string>> = {};
  try {
    w.dir('blobs/');
    w.dir('blobs/sha256/');
    for (const { record, tags } of items) {
      throwIfAborted(opts.signal);
      const diffIds = record.config.rootfs?.diff_ids ?? [];
      const layers: SavedLayer[] = [];
      for (const [i, l] of record.manifestJson.layers.entries()) {
        if (isZstdLayer(l.mediaType)) throw new EngineError('unavailable', `cannot save layer ${l.digest}: zstd-compressed layers are not supported by save`);
        layers.push({ diffId: isGzipLayer(l.mediaType) ? diffIds[i] : l.digest, size: await deps.images.uncompressedLength(l), source: l });
      }
      for (const l of layers) {
        if (written.has(l.diffId)) continue;
        throwIfAborted(opts.signal);
        const src = deps.content.openRead(l.source.digest);
        const hash = crypto.createHash('sha256');
        const body = isGzipLayer(l.source.mediaType) ? src.pipe(zlib.createGunzip()) : src;
        body.on('data', (c: Buffer) => hash.update(c));
        await w.stream(blobName(l.diffId), l.size, body);
        const got = 'sha256:' + hash.digest('hex');
        if (got !== l.diffId) throw new EngineError('corrupt', `layer ${l.source.digest} of image ${record.id} uncompresses to ${got}, but the image config names ${l.diffId}; run \`stevedore system fsck\``);
        written.add(l.diffId);
      }
      const cfgBytes = await deps.content.read(record.id);
      if (!written.has(record.id)) {
        await w.file(blobName(record.id), cfgBytes);
        written.add(record.id);
      }
      // The archive's own manifest: OCI, uncompressed layers (what Docker 25 writes).
      const manifest: Manifest = {
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: { mediaType: MediaTypes.ociConfig, digest: record.id, size: cfgBytes.length },
        layers: layers.map((l) => ({ mediaType: MediaTypes.ociLayer, digest: l.diffId, size: l.size })),
      };
      const mBytes = Buffer.from(JSON.stringify(manifest));
      const mDigest = 'sha256:' + crypto.createHash('sha256').update(mBytes).digest('hex');
      if (!written.has(mDigest)) {
        await w.file(blobName(mDigest), mBytes);
        written.add(mDigest);
      }
      const base: Descriptor = { mediaType: MediaTypes.ociManifest, digest: mDigest, size: mBytes.length };
      if (tags.length) {
        for (const t of tags) {
          const r = normalizeImageRef(t);
          indexEntries.push({ ...base, annotations: { 'io.containerd.image.name': r.toString(), 'org.opencontainers.image.ref.name': r.tag! } });
          const fam = r.familiarName;
          (repositories[fam] ??= {})[r.tag!] = hex(layers[layers.length - 1]?.diffId ?? record.id);
        }
      } else indexEntries.push(base);
      legacy.push({ Config: blobName(record.id), RepoTags: tags.length ? tags : null, Layers: layers.map((l) => blobName(l.diffId)) });
    }
    const index: Index = { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: indexEntries };
    await w.file('index.json', JSON.stringify(index));
    await w.file('manifest.json', JSON.stringify(legacy));
    await w.file('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    if (Object.keys(repositories).length) await w.file('repositories', JSON.stringify(repositories));
    w.finalize();
    await piping;
  } catch (e) {
    w.pack.destroy(e as Error);
    await piping.catch(() => undefined);
    throw e;
  }
}

export interface LoadResult {
  /** Familiar tags loaded. */
  tags: string[];
  /** Image IDs loaded (untagged ones included). */
  ids: string[];
  /** Docker's lines: `Loaded image: busybox:latest` / `Loaded image ID: sha256:...`. */
  messages: string[];
}

/** Small metadata files are held in memory; everything else streams into the content store. */
const METADATA = new Set(['manifest.json', 'index.json', 'repositories', 'oci-layout']);
const MAX_METADATA = 16 * 1024 * 1024;

async function readAll(s: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of s) {
    n += (c as Buffer).length;
    if (n > limit) throw new EngineError('corrupt', `${what} is larger than ${limit} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson<T>(buf: Buffer, what: string): T {
  try {
    return JSON.parse(buf.toString('utf8')) as T;
  } catch {
    throw new EngineError('corrupt', `${what} in the archive is not valid JSON`);
  }
}

/**
 * Loads a `docker save` archive (Docker 20.10 legacy or 25+ OCI-based, optionally gzipped)
 * or an OCI layout tarball. Files stream into the content store as they come; images are
 * recorded (and tags written) only after all of their content is in, and each layer is
 * checked against the config's diff IDs.
 */
export async function loadImages(deps: ArchiveDeps, input: Readable, opts: { signal?: AbortSignal; platform?: Platform } = {}): Promise<LoadResult> {
  const files = new Map<string, { digest: string; size: number }>();
  const meta = new Map<string, Buffer>();
  const stream = await maybeGunzip(input);
  let any = false;
  await walkTar(
    stream,
    async (e) => {
      any = true;
      if (e.type !== 'file' && e.type !== 'contiguous-file') return;
      const base = e.name;
      if (METADATA.has(base)) {
        meta.set(base, await readAll(e.stream, MAX_METADATA, base));
        return;
      }
      // Docker 20.10's per-layer `json` and `VERSION` files carry nothing we need.
      if (/(^|\/)(json|VERSION)$/.test(base)) return;
      const expected = /^blobs\/sha256\/[a-f0-9]{64}$/.test(base) ? { digest: 'sha256:' + base.slice(13), size: e.size } : { size: e.size };
      try {
        files.set(base, await deps.content.ingest(e.stream, expected, { signal: opts.signal }));
      } catch (err) {
        if (err instanceof EngineError && err.code === 'digest-mismatch') throw new EngineError('digest-mismatch', `archive file ${base} does not match its digest: ${err.message}`);
        throw err;
      }
    },
    opts.signal,
  );
  if (!any) throw new EngineError('invalid-argument', 'the archive is empty (no files); expected a `docker save` or OCI layout tarball');
  const result: LoadResult = { tags: [], ids: [], messages: [] };
  if (meta.has('manifest.json')) {
    const entries = parseJson<Array<{ Config: string; RepoTags?: string[] | null; Layers: string[] }>>(meta.get('manifest.json')!, 'manifest.json');
    if (!Array.isArray(entries)) throw new EngineError('corrupt', 'manifest.json in the archive is not a list of images');
    for (const ent of entries) {
      throwIfAborted(opts.signal);
      const cfgFile = files.get(path.posix.normalize(ent.Config));
      if (!cfgFile) throw new EngineError('corrupt', `the archive's manifest.json names config ${ent.Config}, which is not in the archive`);
      const config = parseJson<ImageConfig>(await deps.content.read(cfgFile.digest), ent.Config);
      const diffIds = config.rootfs?.diff_ids ?? [];
      if (diffIds.length !== ent.Layers.length) throw new EngineError('corrupt', `image config ${ent.Config} lists ${diffIds.length} layers but manifest.json lists ${ent.Layers.length}`);
      const layers: Descriptor[] = [];
      for (const [i, lp] of ent.Layers.entries()) {
        const f = files.get(path.posix.normalize(lp));
        if (!f) throw new EngineError('corrupt', `the archive's manifest.json names layer ${lp}, which is not in the archive`);
        const layer = await uncompressedLayer(deps.content, f);
        if (layer.digest !== diffIds[i]) throw new EngineError('digest-mismatch', `layer ${lp} has diff ID ${layer.digest}, but the image config expects ${diffIds[i]}`);
        layers.push(layer);
      }
      await verifyLayerTars(deps.content, layers, (i) => `layer ${ent.Layers[i]}`);
      const cfgBytes = await deps.content.read(cfgFile.digest);
      const manifest: Manifest = {
        schemaVersion: 2,
        mediaType: MediaTypes.dockerManifest,
        config: { mediaType: MediaTypes.dockerConfig, digest: cfgFile.digest, size: cfgBytes.length },
        layers,
      };
      const mBytes = Buffer.from(JSON.stringify(manifest));
      const m = await deps.content.put(mBytes);
      const desc: Descriptor = { mediaType: MediaTypes.dockerManifest, ...m };
      await recordLoaded(deps, desc, ent.RepoTags ?? [], result);
    }
  } else if (meta.has('index.json')) {
    const index = parseJson<Index>(meta.get('index.json')!, 'index.json');
    if (!Array.isArray(index.manifests)) throw new EngineError('corrupt', 'index.json in the archive has no manifests');
    for (const d of index.manifests) {
      const name = d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'];
      let tags: string[] = [];
      if (name) {
        try {
          tags = [normalizeImageRef(name).familiarString];
        } catch {
          tags = []; // a bare tag like "latest" names no repository: the image loads untagged
        }
      }
      await verifyManifestLayers(deps.content, d.digest);
      await recordLoaded(deps, { mediaType: d.mediaType, digest: d.digest, size: d.size }, tags, result, opts.platform);
    }
  } else {
    throw new EngineError('invalid-argument', 'the archive has neither manifest.json nor index.json; expected a `docker save` or OCI layout tarball');
  }
  return result;
}

/**
 * Each layer must be a whole tar, as `run` will read it: one cut mid-file (a damaged archive
 * whose config names the cut layer's digest) is refused here, before anything is tagged, not
 * at `run`. Digests are checked as pull checks them; this checks what digests cannot.
 */
async function verifyLayerTars(content: ContentStore, layers: Descriptor[], what: (i: number) => string): Promise<void> {
  for (const [i, l] of layers.entries()) {
    await walkTar(openLayerBlob(content, l), async () => undefined).catch((e) => {
      throw new EngineError('corrupt', `${what(i)} is not a complete tar archive (${(e as Error).message}); the archive is damaged, nothing was loaded from it`);
    });
  }
}

/** verifyLayerTars for a stored manifest, or for each platform's manifest of an index that the archive holds. */
async function verifyManifestLayers(content: ContentStore, digest: string): Promise<void> {
  if (!(await content.has(digest))) return; // recordLoaded reports the missing manifest
  let j: Partial<Manifest & Index>;
  try {
    j = JSON.parse((await content.read(digest)).toString('utf8'));
  } catch {
    return; // recordLoaded reports the malformed manifest
  }
  if (Array.isArray(j.layers)) {
    const layers = j.layers.filter((l) => l && typeof l.digest === 'string');
    for (const l of layers) if (!(await content.has(l.digest))) return;
    await verifyLayerTars(content, layers, (i) => `layer ${layers[i].digest}`);
  } else if (Array.isArray(j.manifests)) {
    for (const m of j.manifests) if (m && typeof m.digest === 'string') await verifyManifestLayers(content, m.digest);
  }
}

async function recordLoaded(deps: ArchiveDeps, desc: Descriptor, tags: string[], result: LoadResult, platform?: Platform): Promise<void> {
  let rec: ImageRecord;
  if (tags.length) {
    for (const t of tags) {
      const before = await deps.images.find(t);
      rec = await deps.images.tag(t, desc, { platform });
      if (before && before.id !== rec.id) result.messages.push(`The image ${normalizeImageRef(t).familiarString} already exists, renaming the old one with ID ${before.id} to empty string`);
      result.tags.push(normalizeImageRef(t).familiarString);
      result.messages.push(`Loaded image: ${normalizeImageRef(t).familiarString}`);
      deps.events?.emit('image.loaded', normalizeImageRef(t).familiarString, { id: rec.id });
    }
    result.ids.push(rec!.id);
  } else {
    rec = await deps.images.register(desc, { platform });
    result.ids.push(rec.id);
    result.messages.push(`Loaded image ID: ${rec.id}`);
    deps.events?.emit('image.loaded', rec.id, { id: rec.id });
  }
}

/** A layer file as an uncompressed-tar descriptor (its digest then is the diff ID); gzip is decompressed into the store. */
async function uncompressedLayer(content: ContentStore, f: { digest: string; size: number }): Promise<Descriptor> {
  const fh = await fs.promises.open(content.blobPath(f.digest), 'r');
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const r = await content.ingest(content.openRead(f.digest).pipe(zlib.createGunzip()));
    return { mediaType: MediaTypes.dockerLayer, ...r };
  }
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) throw new EngineError('unavailable', `layer ${f.digest} is zstd-compressed, which load does not support`);
  return { mediaType: MediaTypes.dockerLayer, digest: f.digest, size: f.size };
}

// ---- OCI image layout directories -----------------------------------------------------------------

/**
 * Writes images into an OCI image layout directory (created if needed; an existing
 * layout keeps its other entries). Each image gets an index entry annotated with
 * `org.opencontainers.image.ref.name` = `tag` so `skopeo inspect oci:DIR:TAG` finds it.
 * Blobs are copied as stored (compressed layers stay compressed).
 */
export async function writeOciLayout(deps: ArchiveDeps, dir: string, items: Array<{ image: string; tag: string }>, opts: { signal?: AbortSignal } = {}): Promise<void> {
  await fs.promises.mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const layoutFile = path.join(dir, 'oci-layout');
  if (!fs.existsSync(layoutFile)) await writeFileAtomic(layoutFile, JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const indexFile = path.join(dir, 'index.json');
  let index: Index = { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [] };
  if (fs.existsSync(indexFile)) index = parseJson<Index>(await fs.promises.readFile(indexFile), 'index.json');
  for (const it of items) {
    throwIfAborted(opts.signal);
    const rec = await deps.images.resolve(it.image);
    for (const d of [rec.manifest, rec.manifestJson.config, ...rec.manifestJson.layers]) {
      const dest = path.join(dir, 'blobs', 'sha256', hex(d.digest));
      if (fs.existsSync(dest)) continue;
      const tmp = `${dest}.tmp-${process.pid}`;
      await pipeline(deps.content.openRead(d.digest), fs.createWriteStream(tmp));
      await fs.promises.rename(tmp, dest);
    }
    index.manifests = index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] !== it.tag);
    index.manifests.push({ ...rec.manifest, annotations: { 'org.opencontainers.image.ref.name': it.tag } });
  }
  await writeFileAtomic(indexFile, JSON.stringify(index));
}

/** Reads images from an OCI layout directory (all entries, or the one whose ref name is `tag`) and tags them `as` if given. */
export async function readOciLayout(deps: ArchiveDeps, dir: string, o: { tag?: string; as?: string; platform?: Platform; signal?: AbortSignal } = {}): Promise<ImageRecord[]> {
  const index = parseJson<Index>(await fs.promises.readFile(path.join(dir, 'index.json')).catch(() => {
    throw new EngineError('not-found', `${dir} is not an OCI image layout (no index.json)`);
  }), 'index.json');
  const entries = index.manifests.filter((m) => !o.tag || m.annotations?.['org.opencontainers.image.ref.name'] === o.tag);
  if (!entries.length) throw new EngineError('not-found', `no image${o.tag ? ` tagged "${o.tag}"` : ''} in OCI layout ${dir}`);
  const out: ImageRecord[] = [];
  const copy = async (d: Descriptor) => {
    throwIfAborted(o.signal);
    await deps.content.ingest(fs.createReadStream(path.join(dir, 'blobs', 'sha256', hex(d.digest))), { digest: d.digest, size: d.size }, { signal: o.signal });
  };
  for (const e of entries) {
    await copy(e);
    let manifestDesc: Descriptor = { mediaType: e.mediaType, digest: e.digest, size: e.size };
    let parsed = parseJson<Manifest & Partial<Index>>(await deps.content.read(e.digest), 'manifest');
    if (Array.isArray(parsed.manifests)) {
      const chosen = deps.images.selectManifest(parsed as unknown as Index, o.platform ?? hostPlatform());
      await copy(chosen);
      manifestDesc = chosen;
      parsed = parseJson<Manifest>(await deps.content.read(chosen.digest), 'manifest');
    }
    for (const d of [parsed.config, ...parsed.layers]) await copy(d);
    const name = o.as ?? e.annotations?.['io.containerd.image.name'];
    let rec: ImageRecord;
    if (name) rec = await deps.images.tag(name, { mediaType: e.mediaType, digest: e.digest, size: e.size }, { platform: o.platform });
    else rec = await deps.images.register(manifestDesc, { platform: o.platform });
    deps.events?.emit('image.loaded', name ?? rec.id, { id: rec.id });
    out.push(rec);
  }
  return out;
}

// ---- docker import -----------------------------------------------------------------------------------

export interface ImportOptions {
  /** Tag for the new image (`repository[:tag]`); untagged when absent. */
  reference?: string;
  /** Dockerfile instructions applied to the config (`--change`): CMD, ENTRYPOINT, ENV, WORKDIR, EXPOSE, USER, LABEL, VOLUME, STOPSIGNAL, ONBUILD. */
  changes?: string[];
  /** Commit message (`-m`), recorded as the history comment. */
  message?: string;
  platform?: Platform;
  signal?: AbortSignal;
  /** Shown in history as `Imported from <source>`; default `-`. */
  source?: string;
}

/** What `docker import`/`commit --change` accept (dockerd's validCommitCommands). */
const CHANGE_COMMANDS = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Applies `--change` instructions to a container config, as `docker import`/`commit` do. */
export function applyChanges(cfg: ContainerConfig, changes: string[]): ContainerConfig {
  let out: ContainerConfig = { ...cfg };
  for (const change of changes) {
    const df = parseDockerfile(change);
    if (df.errors?.length) throw new EngineError('invalid-argument', `invalid --change "${change}": ${df.errors[0].message}`);
    for (const inst of df.instructions) {
      if (!CHANGE_COMMANDS.has(inst.keyword)) throw new EngineError('invalid-argument', `${inst.keyword} is not a valid change command`);
      const env = envMap(out.Env);
      out = applyConfigInstruction(out, inst, (w) => expandWord(w, env));
    }
  }
  return out;
}

/**
 * `docker import`: a rootfs tarball (optionally gzipped) becomes a one-layer image. The
 * layer is stored uncompressed (digest = diff ID); the config gets the host platform,
 * `--change`s, and Docker's `Imported from -` history.
 */
export async function importRootfs(deps: ArchiveDeps, input: Readable, o: ImportOptions = {}): Promise<ImageRecord> {
  const stream = await maybeGunzip(input);
  const layer = await deps.content.ingest(stream, {}, { signal: o.signal });
  if (layer.size === 0) throw new EngineError('invalid-argument', 'the rootfs tarball is empty');
  // Check it is a tar (a stray JSON or text file would make an unusable image).
  await walkTar(deps.content.openRead(layer.digest), async () => undefined).catch((e) => {
    throw new EngineError('invalid-argument', `the rootfs is not a tar archive: ${(e as Error).message}`);
  });
  const p = o.platform ?? hostPlatform();
  const created = new Date().toISOString();
  const config: ImageConfig = {
    architecture: p.architecture,
    os: p.os,
    ...(p.variant ? { variant: p.variant } : {}),
    created,
    ...(o.message ? { comment: o.message } : {}),
    config: applyChanges({}, o.changes ?? []),
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    history: [{ created, created_by: '', comment: o.message ?? `Imported from ${o.source ?? '-'}` }],
  };
  const cfgBytes = Buffer.from(JSON.stringify(config));
  const cfg = await deps.content.put(cfgBytes);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MediaTypes.dockerManifest,
    config: { mediaType: MediaTypes.dockerConfig, ...cfg },
    layers: [{ mediaType: MediaTypes.dockerLayer, ...layer }],
  };
  const m = await deps.content.put(Buffer.from(JSON.stringify(manifest)));
  const desc: Descriptor = { mediaType: MediaTypes.dockerManifest, ...m };
  const rec = o.reference ? await deps.images.tag(o.reference, desc) : await deps.images.register(desc);
  deps.events?.emit('image.imported', o.reference ? normalizeImageRef(o.reference).familiarString : rec.id, { id: rec.id });
  return rec;
}
