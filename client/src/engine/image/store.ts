import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError } from '../../core/errors';
import type { EventJournal } from '../events';
import { fileKey, inBackground, mapLimit, readJson, readVersioned, withLock, writeJsonAtomic } from '../fsutil';
import { Platform, formatPlatform, hostPlatform, selectPlatformEntry } from '../../core/platform';
import { Reference, familiarString, idCandidate, normalizeImageRef, parseNormalizedNamed, shortId } from '../../core/reference';
import { walkTar } from '../archive/tarstream';
import { CONFIG_TYPES, INDEX_TYPES, ImageConfig, ImageListEntry, ImageRecord, Index, MANIFEST_TYPES, Manifest, isGzipLayer, isZstdLayer } from './types';
import { pidAlive } from '../process';

/**
 * On-disk metadata (`<root>/images/db.json`), one file written atomically under the
 * `images` lock, so a reader sees a whole state and a crash leaves the old or the new one.
 * Images are keyed by ID (config digest); tags map a full normalised reference to an ID.
 */
interface ImageEntry {
  manifest: Descriptor;
  /** Index/manifest-list blobs kept for repo digests. */
  indexes?: Descriptor[];
  /** Full `name@digest` strings. */
  repoDigests: string[];
  added: number;
}
interface Db {
  version: 1;
  images: Record<string, ImageEntry>;
  /** `docker.io/library/busybox:latest` -> image ID */
  tags: Record<string, string>;
}

export interface RemoveResult {
  untagged: string[];
  /** Image IDs deleted. */
  deleted: string[];
  /** Layers deleted with them, as chain IDs, top first (what `docker rmi` prints after the image). */
  layers?: string[];
}

/** OCI chain IDs: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). */
export function chainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) out.push(out.length ? 'sha256:' + crypto.createHash('sha256').update(`${out[out.length - 1]} ${d}`).digest('hex') : d);
  return out;
}

export interface GcResult {
  removedBlobs: string[];
  reclaimedBytes: number;
}

/** One finding of a store check (images, containers, layers and snapshots alike). */
export interface FsckProblem {
  severity: 'error' | 'warning';
  subject: string;
  message: string;
  /** Set when `--repair` fixed it. */
  repaired?: boolean;
}
export interface FsckReport {
  ok: boolean;
  images: number;
  tags: number;
  blobs: number;
  problems: FsckProblem[];
  /** Stray temp/ingest files found (and removed when `repair` was set). */
  stray: string[];
}

const EMPTY_DB = (): Db => ({ version: 1, images: {}, tags: {} });

/** Images listEntries() reads the blobs of before it lets the event loop run (they are read synchronously). */
const LIST_CHUNK = 100;

/** An image's manifest and config fields a listing needs (see ImageListEntry), kept by manifest digest. */
interface ListFacts {
  id: string;
  created: string;
  labels: Record<string, string>;
  diffIds: string[];
  layers: Descriptor[];
}

/** An image's listing facts from its manifest's layers and its config. */
function factsOf(id: string, layers: Descriptor[], config: ImageConfig): ListFacts {
  return { id, created: config.created ?? '', labels: config.config?.Labels ?? {}, diffIds: config.rootfs?.diff_ids ?? [], layers };
}

/** Familiar forms of the references seen (the same tags on every listing). */
const familiarSeen = new Map<string, string>();

function familiar(ref: string): string {
  let f = familiarSeen.get(ref);
  if (f === undefined) {
    f = familiarString(ref);
    if (familiarSeen.size >= 20_000) familiarSeen.clear();
    familiarSeen.set(ref, f);
  }
  return f;
}

/** Tags by image ID, built once per listing (not a scan of every tag per image). */
function tagsByImage(db: Db): Map<string, string[]> {
  const tagsById = new Map<string, string[]>();
  for (const [tag, id] of Object.entries(db.tags)) {
    const list = tagsById.get(id);
    if (list) list.push(tag);
    else tagsById.set(id, [tag]);
  }
  return tagsById;
}

function sortNewestFirst<T extends { created: string; added: number }>(images: T[]): T[] {
  return images.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0) || b.added - a.added);
}

function parseBlob<T>(text: string, digest: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new EngineError('corrupt', `${what} ${digest} is not valid JSON`);
  }
}

/** Only this much of a blob is parsed as JSON when looking for references in it. */
const MAX_JSON_BLOB = 8 * 1024 * 1024;

export class ImageStore {
  readonly dir: string;
  private readonly dbFile: string;
  private readonly sizeFile: string;
  private readonly factsFile: string;
  private readonly factsJournal: string;
  private readonly gcRoots: Array<() => Promise<Iterable<string>>> = [];
  private readonly gcFollowers: Array<() => Promise<unknown>> = [];
  /** Set by the containers area: a container ID using the image, or undefined. */
  isImageInUse?: (id: string) => Promise<string | undefined>;

  constructor(
    readonly dataRoot: string,
    readonly content: ContentStore,
    readonly events?: EventJournal,
  ) {
    this.dir = path.join(dataRoot, 'images');
    this.dbFile = path.join(this.dir, 'db.json');
    this.sizeFile = path.join(this.dir, 'layer-sizes.json');
    this.factsFile = path.join(this.dir, 'list-facts.json');
    this.factsJournal = path.join(this.dir, 'list-facts.jsonl');
  }

  /** Other stores (containers, build cache) add the digests they still need; GC keeps them. */
  addGcRoots(fn: () => Promise<Iterable<string>>): { dispose(): void } {
    this.gcRoots.push(fn);
    return { dispose: () => void this.gcRoots.splice(this.gcRoots.indexOf(fn), 1) };
  }

  /**
   * Runs `fn` after every GC (rmi, prune and builder prune end in one): the stores that keep
   * things derived from images (unpacked layers) sweep what no image needs any more.
   */
  afterGc(fn: () => Promise<unknown>): void {
    this.gcFollowers.push(fn);
  }

  /** The index, parsed afresh: for a read-modify-write (update, gc), which changes what it gets. */
  private async readDb(): Promise<Db> {
    const db = await readJson<Db>(this.dbFile, EMPTY_DB());
    db.images ??= {};
    db.tags ??= {};
    return db;
  }

  /** The index as last parsed by this process, with the key of the file it came from (see readDbShared). */
  private shared?: { key: string; db: Db; tagsById?: Map<string, string[]> };

  /**
   * The index for readers that do not change it (resolve, get, the listings): parsed again only
   * when images/db.json is another file than last time — every write is a rename, so a new
   * inode, size and mtime — read through one descriptor, so key and content belong together.
   * 1,000 images are ~470 kB of JSON, ~3 ms to parse: a create resolved its image twice (the
   * image, then the snapshot's layer chain), the API service on every request.
   */
  private readDbShared(): Db {
    try {
      const { key, text } = readVersioned(this.dbFile, this.shared?.key);
      if (text === undefined) return this.shared!.db;
      const db = JSON.parse(text) as Db;
      db.images ??= {};
      db.tags ??= {};
      this.shared = { key, db };
      return db;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.shared = undefined;
      return EMPTY_DB();
    }
  }

  private async update<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return withLock(this.dataRoot, 'images', async () => {
      const db = await this.readDb();
      const r = await fn(db);
      await writeJsonAtomic(this.dbFile, db);
      return r;
    });
  }

  // ---- reading blobs ------------------------------------------------------------------

  /**
   * Manifests and configs by digest: content-addressed, so what was read once never changes.
   * The text is kept (callers get a fresh parse they may change); bounded so a huge store does
   * not hold every config in memory.
   */
  private readonly blobText = new Map<string, string>();

  private async readJsonBlob<T>(digest: string, what: string): Promise<T> {
    let text = this.blobText.get(digest);
    if (text === undefined) text = this.keepText(digest, (await this.content.read(digest)).toString('utf8'));
    return parseBlob<T>(text, digest, what);
  }

  /**
   * The same for listings: manifests and configs are small, and a synchronous read costs a
   * fraction of fs.promises' open/stat/read/close round trips through the thread pool (1,000
   * images: 2,000 blobs, ~250 ms cold through promises). list() reads in chunks and yields
   * between them, so the event loop is never held for long.
   */
  private readJsonBlobSync<T>(digest: string, what: string): T {
    let text = this.blobText.get(digest);
    if (text === undefined) {
      try {
        text = this.keepText(digest, fs.readFileSync(this.content.blobPath(digest), 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('not-found', `blob ${digest} is not in the content store`);
        throw e;
      }
    }
    return parseBlob<T>(text, digest, what);
  }

  private keepText(digest: string, text: string): string {
    if (this.blobText.size >= 8192) this.blobText.delete(this.blobText.keys().next().value as string);
    this.blobText.set(digest, text);
    return text;
  }

  /** Picks the manifest for `platform` (default: this host) from an index; containerd's rules. */
  selectManifest(index: Index, platform: Platform = hostPlatform()): Descriptor {
    const d = selectPlatformEntry(index.manifests.filter((m) => MANIFEST_TYPES.has(m.mediaType) || !m.mediaType), platform);
    if (!d) {
      const offered = index.manifests.filter((m) => m.platform).map((m) => formatPlatform(m.platform!));
      throw new EngineError('not-found', `no matching manifest for ${formatPlatform(platform)} in the manifest list entries (offered: ${offered.join(', ') || 'none'})`);
    }
    return d;
  }

  /**
   * Resolves a descriptor to an image manifest whose config and layers are all present;
   * an index is narrowed to `platform`. Throws (and writes nothing) when content is missing.
   */
  private async checkImage(desc: Descriptor, platform?: Platform): Promise<{ manifest: Descriptor; index?: Descriptor; id: string; layers: Descriptor[] }> {
    if (!(await this.content.has(desc.digest))) throw new EngineError('not-found', `manifest ${desc.digest} is not in the content store`);
    let manifest = desc;
    let index: Descriptor | undefined;
    let parsed = await this.readJsonBlob<Manifest & Partial<Index>>(desc.digest, 'manifest');
    if (INDEX_TYPES.has(desc.mediaType) || (!desc.mediaType && Array.isArray(parsed.manifests))) {
      index = desc;
      manifest = this.selectManifest(parsed as unknown as Index, platform);
      if (!(await this.content.has(manifest.digest))) throw new EngineError('not-found', `manifest ${manifest.digest} for ${formatPlatform(platform ?? hostPlatform())} is not in the content store`);
      parsed = await this.readJsonBlob<Manifest>(manifest.digest, 'manifest');
    }
    if (!parsed.config?.digest || !Array.isArray(parsed.layers)) throw new EngineError('corrupt', `manifest ${manifest.digest} is not an image manifest (no config or layers)`);
    for (const d of [parsed.config, ...parsed.layers]) {
      if (!(await this.content.has(d.digest))) throw new EngineError('not-found', `image ${manifest.digest}: blob ${d.digest} is not in the content store`);
    }
    return { manifest: { mediaType: manifest.mediaType || parsed.mediaType || 'application/vnd.oci.image.manifest.v1+json', digest: manifest.digest, size: manifest.size }, index, id: parsed.config.digest, layers: parsed.layers };
  }

  private static addEntry(db: Db, id: string, manifest: Descriptor, index: Descriptor | undefined, repoDigest: string | undefined): void {
    const e = db.images[id];
    const repoDigests = new Set(e?.repoDigests ?? []);
    if (repoDigest) repoDigests.add(repoDigest);
    const indexes = new Map((e?.indexes ?? []).map((d) => [d.digest, d]));
    if (index) indexes.set(index.digest, index);
    db.images[id] = { manifest, ...(indexes.size ? { indexes: [...indexes.values()] } : {}), repoDigests: [...repoDigests], added: e?.added ?? Date.now() };
  }

  /** A repo digest `name@sha256:...` whose digest is an index blob we hold is kept (GC root). */
  private async indexFromRepoDigest(repoDigest: string | undefined, manifest: Descriptor): Promise<Descriptor | undefined> {
    if (!repoDigest) return undefined;
    const digest = repoDigest.slice(repoDigest.indexOf('@') + 1);
    if (digest === manifest.digest) return undefined;
    const size = await this.content.stat(digest).catch(() => undefined);
    if (size === undefined) return undefined;
    try {
      const j = await this.readJsonBlob<Partial<Index>>(digest, 'index');
      if (!Array.isArray(j.manifests)) return undefined;
      return { mediaType: j.mediaType ?? 'application/vnd.oci.image.index.v1+json', digest, size };
    } catch {
      return undefined;
    }
  }

  private normalizeRepoDigest(repoDigest: string | undefined): string | undefined {
    if (!repoDigest) return undefined;
    const r = parseNormalizedNamed(repoDigest);
    if (!r.digest) throw new EngineError('invalid-argument', `repo digest "${repoDigest}" has no digest`);
    return `${r.name}@${r.digest}`;
  }

  // ---- writing ----------------------------------------------------------------------------

  /**
   * Points `ref` at an image. The manifest, its config and layers must already be in the
   * content store (checked first, then again under the lock), so a tag never points at
   * missing content. An index descriptor is narrowed to `platform` (default: the host).
   */
  async tag(ref: string, manifest: Descriptor, opts: { repoDigest?: string; platform?: Platform } = {}): Promise<ImageRecord> {
    const r = normalizeImageRef(ref);
    if (r.digest) throw new EngineError('invalid-argument', `refusing to create a tag with a digest reference: "${ref}"`);
    const key = r.toString();
    const id = await this.record(manifest, opts, key);
    this.events?.emit('image.tagged', r.familiarString, { id, name: key });
    return this.get(id);
  }

  /** Records an image without a tag (after a pull by digest, a load or a build): dangling unless tagged later. */
  async register(manifest: Descriptor, opts: { repoDigest?: string; platform?: Platform } = {}): Promise<ImageRecord> {
    return this.get(await this.record(manifest, opts));
  }

  /** Adds (or updates) an image entry, and points `tagKey` at it when given. Returns the image ID. */
  private async record(manifest: Descriptor, opts: { repoDigest?: string; platform?: Platform }, tagKey?: string): Promise<string> {
    const repoDigest = this.normalizeRepoDigest(opts.repoDigest);
    await this.checkImage(manifest, opts.platform);
    const { id, added } = await this.update(async (db) => {
      // Checked again under the lock: GC runs under the same lock and may have swept.
      const c = await this.checkImage(manifest, opts.platform);
      const index = c.index ?? (await this.indexFromRepoDigest(repoDigest, c.manifest));
      const added = db.images[c.id]?.manifest.digest !== c.manifest.digest ? { manifestDigest: c.manifest.digest, layers: c.layers } : undefined;
      ImageStore.addEntry(db, c.id, c.manifest, index, repoDigest);
      if (tagKey) db.tags[tagKey] = c.id;
      return { id: c.id, added };
    });
    if (added) await this.noteFacts(id, added.manifestDigest, added.layers);
    return id;
  }

  /**
   * Appends a new image's listing facts to `images/list-facts.jsonl` (one line, O_APPEND, no
   * lock: lines of concurrent writers do not mix), so the first listing of a data root that was
   * filled by pulls, loads, builds or tags reads that file instead of two blobs per image (1,000
   * images: ~2,000 reads, 100-150 ms in a first VS Code window). The next listing folds the
   * journal into list-facts.json. Both are caches: a line that is lost or torn costs only the
   * blob reads of that image. `layers`: the manifest's, as record() checked it (not read again).
   */
  private async noteFacts(id: string, manifestDigest: string, layers: Descriptor[]): Promise<void> {
    try {
      const config = await this.readJsonBlob<ImageConfig>(id, 'image config');
      await fs.promises.appendFile(this.factsJournal, JSON.stringify({ key: manifestDigest, facts: factsOf(id, layers, config) }) + '\n');
    } catch {
      // a read-only data root or an unreadable blob: the listing reads the blobs (and reports them)
    }
  }

  /** Tags the image `source` (ref or ID) as `target` (`docker tag`). */
  async tagImage(source: string, target: string): Promise<ImageRecord> {
    const img = await this.resolve(source);
    return this.tag(target, img.manifest);
  }

  /** Removes one tag; the image stays (dangling if it was its last tag). */
  async untag(ref: string): Promise<void> {
    const r = normalizeImageRef(ref);
    const key = r.toString();
    const found = await this.update(async (db) => {
      if (!db.tags[key]) return false;
      delete db.tags[key];
      return true;
    });
    if (!found) throw new EngineError('not-found', `No such image: ${r.familiarString}`);
    this.events?.emit('image.untagged', r.familiarString, { name: key });
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * `sizes: false` (the default for single lookups) avoids decompressing layers: the size is
   * then the uncompressed size where already known and the compressed size otherwise, so a
   * pull's final tag() or a push's resolve() never pays for a gunzip pass. list() and the
   * inspect/history views ask for exact sizes (computed once per layer, then cached).
   */
  private async toRecord(db: Db, id: string, sizes = false, tagsById?: Map<string, string[]>): Promise<ImageRecord> {
    const e = db.images[id];
    const [manifestJson, config] = await Promise.all([this.readJsonBlob<Manifest>(e.manifest.digest, 'manifest'), this.readJsonBlob<ImageConfig>(id, 'image config')]);
    return {
      ...this.references(db, id, tagsById),
      manifestJson,
      config,
      created: config.created ?? '',
      size: await this.uncompressedSize(manifestJson.layers, !sizes),
    };
  }

  /** An image's entry fields: ID, manifest, familiar tags and digests (sorted), index, when added. */
  private references(db: Db, id: string, tagsById?: Map<string, string[]>): Pick<ImageRecord, 'id' | 'manifest' | 'repoTags' | 'repoDigests' | 'index' | 'added'> {
    const e = db.images[id];
    // The shared index (readDbShared) keeps its tags by image: a resolve does not scan 1,000 tags.
    if (!tagsById && db === this.shared?.db) tagsById = this.shared.tagsById ??= tagsByImage(db);
    const repoTags = (tagsById ? tagsById.get(id) ?? [] : Object.entries(db.tags).filter(([, v]) => v === id).map(([k]) => k))
      .map(familiar)
      .sort();
    return {
      id,
      manifest: e.manifest,
      repoTags,
      repoDigests: e.repoDigests.map(familiar).sort(),
      ...(e.indexes?.length ? { index: e.indexes[e.indexes.length - 1] } : {}),
      added: e.added,
    };
  }

  async get(id: string, opts: { sizes?: boolean } = {}): Promise<ImageRecord> {
    const db = this.readDbShared();
    if (!db.images[id]) throw new EngineError('not-found', `No such image: ${id}`);
    return this.toRecord(db, id, opts.sizes);
  }

  /** Finds an image's ID by `name[:tag]`, `name@digest`, full/64-hex ID or unique short-ID prefix. */
  private findId(db: Db, refOrId: string): string | undefined {
    const cand = idCandidate(refOrId);
    if (cand.full && db.images[cand.full]) return cand.full;
    let r: Reference | undefined;
    try {
      r = parseNormalizedNamed(refOrId);
    } catch {
      r = undefined;
    }
    if (r) {
      if (r.digest) {
        const full = `${r.name}@${r.digest}`;
        for (const [id, e] of Object.entries(db.images)) {
          if (e.repoDigests.includes(full) || (e.manifest.digest === r.digest && e.repoDigests.some((d) => d.startsWith(r!.name + '@')))) return id;
        }
        for (const [id, e] of Object.entries(db.images)) if (e.repoDigests.some((d) => d.endsWith('@' + r!.digest)) && e.repoDigests.some((d) => d.startsWith(r!.name + '@'))) return id;
      } else {
        const id = db.tags[r.withDefaultTag().toString()];
        if (id) return id;
      }
    }
    if (cand.prefix) {
      const hits = Object.keys(db.images).filter((id) => id.slice(7).startsWith(cand.prefix!));
      if (hits.length === 1) return hits[0];
      if (hits.length > 1) throw new EngineError('invalid-argument', `multiple IDs found with provided prefix: ${cand.prefix}`);
    }
    return undefined;
  }

  private notFound(refOrId: string): EngineError {
    let shown = refOrId;
    try {
      const r = parseNormalizedNamed(refOrId);
      shown = r.digest ? r.familiarString : r.withDefaultTag().familiarString;
    } catch {
      /* an ID or something unparsable: shown as typed */
    }
    return new EngineError('not-found', `No such image: ${shown}`);
  }

  async resolve(refOrId: string, opts: { sizes?: boolean } = {}): Promise<ImageRecord> {
    const db = this.readDbShared();
    const id = this.findId(db, refOrId);
    if (!id) throw this.notFound(refOrId);
    return this.toRecord(db, id, opts.sizes);
  }

  /** Undefined instead of not-found. */
  async find(refOrId: string): Promise<ImageRecord | undefined> {
    try {
      return await this.resolve(refOrId);
    } catch (e) {
      if (e instanceof EngineError && (e.code === 'not-found' || e.code === 'invalid-argument')) return undefined;
      throw e;
    }
  }

  async list(): Promise<ImageRecord[]> {
    const db = this.readDbShared();
    const tagsById = tagsByImage(db);
    const recs = await mapLimit(Object.keys(db.images), 16, async (id) => {
      try {
        return await this.toRecord(db, id, true, tagsById);
      } catch (e) {
        // A record whose blobs are gone is reported by fsck; the listing goes on.
        if (!(e instanceof EngineError)) throw e;
        return undefined;
      }
    });
    return sortNewestFirst(recs.filter((r): r is ImageRecord => r !== undefined));
  }

  /**
   * Every image as listings need it (see ImageListEntry), newest first, with exact sizes. The
   * manifest and config fields come from the facts kept by manifest digest (in memory and in
   * `images/list-facts.json`, so a new process reads one file, not two blobs per image); a miss
   * reads the blobs synchronously (they are small), LIST_CHUNK images between event-loop turns.
   */
  async listEntries(): Promise<ImageListEntry[]> {
    // A long-lived process (the API service, the extension) lists again what it listed: the same
    // entries while the index file is the same one (written by rename: a new inode, size and
    // time on every change) and the facts and layer sizes are those the entries came from.
    const st = fs.statSync(this.dbFile, { bigint: true, throwIfNoEntry: false });
    const key = st ? fileKey(st) : '';
    const facts = await this.listFacts();
    const last = this.listed;
    if (last && key && last.key === key && last.facts === facts && last.sizes === this.sizeCache?.data) return [...last.entries];
    const db = this.readDbShared();
    const tagsById = tagsByImage(db);
    const out: ImageListEntry[] = [];
    let misses = 0;
    for (const id of Object.keys(db.images)) {
      const key = db.images[id].manifest.digest;
      let f = facts.get(key);
      if (f?.id !== id) {
        if (++misses % LIST_CHUNK === 0) await new Promise((r) => setImmediate(r));
        try {
          f = this.readFacts(id, key);
        } catch (e) {
          // A record whose blobs are gone is reported by fsck; the listing goes on.
          if (!(e instanceof EngineError)) throw e;
          continue;
        }
        facts.set(key, f);
      }
      const layerSizes = await this.layerSizes(f.layers);
      out.push({ ...this.references(db, id, tagsById), created: f.created, labels: f.labels, diffIds: f.diffIds, layers: f.layers, layerSizes, size: layerSizes.reduce((n, x) => n + x, 0) });
    }
    // Written after the listing is answered (~20 ms for 1,000 images): only the next process needs it.
    if (misses || this.factsCache?.journal) inBackground(this.saveListFacts(facts, db));
    sortNewestFirst(out);
    // Kept only when nothing was read from blobs (then facts and sizes are what the next call checks).
    this.listed = !misses && key ? { key, facts, sizes: this.sizeCache?.data, entries: out } : undefined;
    return [...out];
  }

  /** The last listing (listEntries), with what it was made from. Entries are not changed by callers. */
  private listed?: { key: string; facts: Map<string, ListFacts>; sizes?: Record<string, number>; entries: ImageListEntry[] };

  /** Each layer's size (see uncompressedSize): from memory when all are known, without a call per layer. */
  async layerSizes(layers: Descriptor[]): Promise<number[]> {
    const known = this.sizeCache?.data;
    if (known && layers.every((l) => known[l.digest] !== undefined)) return layers.map((l) => known[l.digest]);
    const out: number[] = [];
    for (const l of layers) out.push(await this.uncompressedSize([l]));
    return out;
  }

  /** The listing facts of an image from its manifest and config blobs. */
  private readFacts(id: string, manifestDigest: string): ListFacts {
    return factsOf(id, this.readJsonBlobSync<Manifest>(manifestDigest, 'manifest').layers, this.readJsonBlobSync<ImageConfig>(id, 'image config'));
  }

  /**
   * Listing facts by manifest digest: content-addressed, so never stale; the files are read
   * again only when another process changed them. `journal`: the facts file's journal had lines
   * (listEntries then folds it into the file).
   */
  private factsCache?: { key: string; data: Map<string, ListFacts>; journal: boolean };

  /** What tells whether the facts files changed: list-facts.json's mtime, the journal's size and mtime. */
  private async factsKey(): Promise<string> {
    const [file, journal] = await Promise.all([this.factsFile, this.factsJournal].map((f) => fs.promises.stat(f).catch(() => undefined)));
    return `${file?.mtimeMs ?? 0}:${journal?.size ?? 0}:${journal?.mtimeMs ?? 0}`;
  }

  private async listFacts(): Promise<Map<string, ListFacts>> {
    const key = await this.factsKey();
    if (this.factsCache && (key === this.factsCache.key || key === '0:0:0')) return this.factsCache.data;
    const onDisk = await this.readFactsFile();
    // The familiar forms of references are a pure function of them: kept too, so a new process parses none.
    for (const [k, v] of Object.entries(onDisk.familiar ?? {})) if (!familiarSeen.has(k)) familiarSeen.set(k, v);
    const data = new Map(Object.entries(onDisk.facts ?? {}));
    const journal = await fs.promises.readFile(this.factsJournal, 'utf8').catch(() => '');
    for (const line of journal.split('\n')) {
      if (!line) continue;
      try {
        const { key: k, facts: f } = JSON.parse(line) as { key?: unknown; facts?: ListFacts };
        if (typeof k === 'string' && typeof f?.id === 'string' && Array.isArray(f.layers) && Array.isArray(f.diffIds)) data.set(k, f);
      } catch {
        // a torn last line (a writer killed mid-append): that image's blobs are read instead
      }
    }
    for (const [k, v] of this.factsCache?.data ?? []) data.set(k, v);
    this.factsCache = { key, data, journal: journal.length > 0 };
    return data;
  }

  /** Writes the facts of the images in `db` (merged with what another process wrote meanwhile); a failed write only costs the next process the blob reads. */
  private async saveListFacts(facts: Map<string, ListFacts>, db: Db): Promise<void> {
    const onDisk = (await this.readFactsFile()).facts ?? {};
    const keep: Record<string, ListFacts> = {};
    const familiarForms: Record<string, string> = {};
    for (const [id, e] of Object.entries(db.images)) {
      const f = facts.get(e.manifest.digest) ?? onDisk[e.manifest.digest];
      if (f?.id === id) keep[e.manifest.digest] = f;
      for (const d of e.repoDigests) familiarForms[d] = familiar(d);
    }
    for (const t of Object.keys(db.tags)) familiarForms[t] = familiar(t);
    try {
      await writeJsonAtomic(this.factsFile, { facts: keep, familiar: familiarForms }, { createDir: false, durable: false });
      // Folded in: a line another process appended since it was read is lost with it (a cache).
      await fs.promises.rm(this.factsJournal, { force: true });
      this.factsCache = { key: await this.factsKey(), data: facts, journal: false };
    } catch {
      // a read-only data root: listings still work, from the blobs
    }
  }

  private readFactsFile(): Promise<{ facts?: Record<string, ListFacts>; familiar?: Record<string, string> }> {
    return readJson<{ facts?: Record<string, ListFacts>; familiar?: Record<string, string> }>(this.factsFile, {}).catch(() => ({}));
  }

  // ---- removal ---------------------------------------------------------------------------------

  /**
   * `docker rmi` semantics: a name untags (and with it the repository's digest references
   * when no tag of that repository is left); the image is deleted when no reference is
   * left. By ID: refused without force when tagged in several repositories. Images used
   * by a container are refused with Docker's conflict messages unless forced.
   */
  async remove(refOrId: string, opts: { force?: boolean; prune?: boolean } = {}): Promise<RemoveResult> {
    const res: RemoveResult = { untagged: [], deleted: [] };
    const freed: Descriptor[] = [];
    await this.update(async (db) => {
      const id = this.findId(db, refOrId);
      if (!id) throw this.notFound(refOrId);
      const cand = idCandidate(refOrId);
      const byId = !!(cand.full || cand.prefix) && !this.isTagRef(db, refOrId, id);
      const tagsOf = () => Object.entries(db.tags).filter(([, v]) => v === id).map(([k]) => k);
      const e = db.images[id];
      const user = this.isImageInUse ? await this.isImageInUse(id) : undefined;
      if (!byId) {
        const r = parseNormalizedNamed(refOrId);
        const refs = tagsOf().length + e.repoDigests.length;
        if (!opts.force && user && refs <= 1) {
          throw new EngineError('conflict', `conflict: unable to remove repository reference "${refOrId}" (must force) - container ${shortId(user)} is using its referenced image ${shortId(id)}`);
        }
        if (r.digest) {
          const full = `${r.name}@${r.digest}`;
          e.repoDigests = e.repoDigests.filter((d) => d !== full);
          res.untagged.push(r.familiarString);
        } else {
          const key = r.withDefaultTag().toString();
          delete db.tags[key];
          res.untagged.push(r.withDefaultTag().familiarString);
          // No tag of this repository left: its digest references go too (as Docker does).
          if (!tagsOf().some((k) => parseNormalizedNamed(k).name === r.name)) {
            for (const d of e.repoDigests.filter((x) => parseNormalizedNamed(x).name === r.name)) res.untagged.push(parseNormalizedNamed(d).familiarString);
            e.repoDigests = e.repoDigests.filter((x) => parseNormalizedNamed(x).name !== r.name);
          }
        }
        if (tagsOf().length + e.repoDigests.length > 0) return;
      } else {
        const repos = new Set([...tagsOf(), ...e.repoDigests].map((k) => parseNormalizedNamed(k).name));
        if (repos.size > 1 && !opts.force) {
          throw new EngineError('conflict', `conflict: unable to delete ${shortId(id)} (must be forced) - image is referenced in multiple repositories`);
        }
      }
      if (user && !opts.force) {
        throw new EngineError('conflict', `conflict: unable to delete ${shortId(id)} (must be forced) - image is being used by stopped container ${shortId(user)}`);
      }
      for (const k of tagsOf()) {
        delete db.tags[k];
        res.untagged.push(parseNormalizedNamed(k).familiarString);
      }
      for (const d of e.repoDigests) res.untagged.push(parseNormalizedNamed(d).familiarString);
      freed.push(e.manifest, ...(e.indexes ?? []));
      delete db.images[id];
      res.deleted.push(id);
      // Docker also lists the layers (by chain ID, top first) no other image shares.
      const mine = chainIds(await this.diffIds(id));
      const kept = new Set<string>();
      for (const other of Object.keys(db.images)) for (const c of chainIds(await this.diffIds(other))) kept.add(c);
      res.layers = mine.filter((c) => !kept.has(c)).reverse();
    });
    for (const u of res.untagged) this.events?.emit('image.untagged', u);
    for (const d of res.deleted) this.events?.emit('image.removed', d);
    if (freed.length) await this.gc({ candidates: await this.blobsOf(freed) });
    return res;
  }

  private async diffIds(id: string): Promise<string[]> {
    try {
      return (await this.readJsonBlob<ImageConfig>(id, 'image config')).rootfs?.diff_ids ?? [];
    } catch {
      return [];
    }
  }

  /** Whether `s` names a tag of `id` (a short hex string can be both a repository name and an ID prefix). */
  private isTagRef(db: Db, s: string, id: string): boolean {
    try {
      const r = parseNormalizedNamed(s);
      return !r.digest && db.tags[r.withDefaultTag().toString()] === id;
    } catch {
      return false;
    }
  }

  /** The blobs a set of manifests/indexes reference (themselves, configs, layers). */
  private async blobsOf(descs: Descriptor[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const d of descs) await this.markFrom(d.digest, out, false);
    return out;
  }

  /** Marks `digest` and, if it is a manifest/index we can parse, what it references. */
  private async markFrom(digest: string, marked: Set<string>, followIndexChildren: boolean): Promise<void> {
    if (marked.has(digest)) return;
    marked.add(digest);
    const size = await this.content.stat(digest).catch(() => undefined);
    if (size === undefined || size > MAX_JSON_BLOB) return;
    let j: Partial<Manifest & Index>;
    try {
      j = JSON.parse((await this.content.read(digest)).toString('utf8'));
    } catch {
      return;
    }
    if (!j || typeof j !== 'object') return;
    if (j.config?.digest && Array.isArray(j.layers)) {
      marked.add(j.config.digest);
      for (const l of j.layers) if (l?.digest) marked.add(l.digest);
    } else if (Array.isArray(j.manifests) && followIndexChildren) {
      for (const m of j.manifests) if (m?.digest) await this.markFrom(m.digest, marked, true);
    }
  }

  /**
   * Mark and sweep under the images lock. Roots: every image's manifest and kept indexes
   * (with their configs and layers) and whatever other stores report through addGcRoots.
   * Unreferenced blobs are removed when they are `candidates` (blobs of images just
   * deleted) or older than `graceMs` (default 10 min), so a pull that has written blobs
   * but not yet its tag is never swept under it.
   */
  async gc(opts: { graceMs?: number; candidates?: Set<string> } = {}): Promise<GcResult> {
    const grace = opts.graceMs ?? 10 * 60 * 1000;
    const removed: string[] = [];
    let reclaimed = 0;
    await withLock(this.dataRoot, 'images', async () => {
      const db = await this.readDb();
      const marked = new Set<string>();
      for (const e of Object.values(db.images)) {
        await this.markFrom(e.manifest.digest, marked, false);
        for (const i of e.indexes ?? []) marked.add(i.digest);
      }
      for (const fn of this.gcRoots) for (const d of await fn()) await this.markFrom(d, marked, true);
      const now = Date.now();
      for (const d of await this.content.list()) {
        if (marked.has(d)) continue;
        let st: fs.Stats;
        try {
          st = await fs.promises.stat(this.content.blobPath(d));
        } catch {
          continue;
        }
        if (!opts.candidates?.has(d) && now - st.mtimeMs < grace) continue;
        await this.content.delete(d);
        removed.push(d);
        reclaimed += st.size;
      }
    });
    await this.content.cleanIngest().catch(() => 0);
    for (const fn of this.gcFollowers) await fn();
    return { removedBlobs: removed, reclaimedBytes: reclaimed };
  }

  // ---- sizes -------------------------------------------------------------------------------------

  /**
   * Size of layers as Docker's SIZE counts it (see layerSize), cached per layer digest in
   * `images/layer-sizes.json` (content-addressed values, so a lost concurrent update is harmless).
   */
  async uncompressedSize(layers: Descriptor[], cachedOnly = false): Promise<number> {
    // Sizes are content-addressed: what is in memory is right; the file is read only for a miss.
    const known = this.sizeCache?.data;
    if (known && layers.every((l) => known[l.digest] !== undefined)) return layers.reduce((n, l) => n + known[l.digest], 0);
    const cache = await this.sizes();
    let total = 0;
    let changed = false;
    for (const l of layers) {
      let n = cache[l.digest];
      if (n === undefined && cachedOnly) n = l.size;
      else if (n === undefined) {
        n = await this.layerSize(l);
        cache[l.digest] = n;
        changed = true;
      }
      total += n;
    }
    if (changed) await this.saveSizes(cache);
    return total;
  }

  /**
   * Keeps the size of a layer an unpack just counted (ApplyStats.size, the same count as
   * layerSize), so the first listing after a container's or a build's unpack does not decompress
   * and walk the layer again for it (~100 ms of a first VS Code window for a 2 MB busybox layer).
   * A cache: a failed write costs the listing the walk.
   */
  async noteLayerSize(l: Descriptor, size: number): Promise<void> {
    // Zstd layers are counted at their blob size by layerSize (no decompressor here): kept so.
    if (isZstdLayer(l.mediaType)) return;
    try {
      const cache = await this.sizes();
      if (cache[l.digest] === undefined) await this.saveSizes({ ...cache, [l.digest]: size });
    } catch {
      // a read-only data root: the listing counts the layer itself
    }
  }

  /** The sizes file, read again only when another process changed it (its mtime moved). */
  private sizeCache?: { mtimeMs: number; data: Record<string, number> };

  private async sizes(): Promise<Record<string, number>> {
    const st = await fs.promises.stat(this.sizeFile).catch(() => undefined);
    if (this.sizeCache && st && st.mtimeMs === this.sizeCache.mtimeMs) return this.sizeCache.data;
    const data = await readJson<Record<string, number>>(this.sizeFile, {}).catch(() => ({}) as Record<string, number>);
    this.sizeCache = st ? { mtimeMs: st.mtimeMs, data } : undefined;
    return data;
  }

  private async saveSizes(data: Record<string, number>): Promise<void> {
    // Merged with what another process may have added meanwhile (values never change per digest).
    const onDisk = await readJson<Record<string, number>>(this.sizeFile, {}).catch(() => ({}) as Record<string, number>);
    const merged = { ...onDisk, ...data };
    // A cache (an unreadable file is counted again), written on every layer unpack
    // (noteLayerSize): without fsync, as the project's other caches.
    await writeJsonAtomic(this.sizeFile, merged, { durable: false }).catch(() => undefined);
    const st = await fs.promises.stat(this.sizeFile).catch(() => undefined);
    this.sizeCache = st ? { mtimeMs: st.mtimeMs, data: merged } : undefined;
  }

  /** The length of a layer once decompressed (a tar's bytes), for writers of uncompressed archives; cached. */
  async uncompressedLength(l: Descriptor): Promise<number> {
    if (!isGzipLayer(l.mediaType)) return l.size;
    const key = `tar-length:${l.digest}`;
    const cache = await this.sizes();
    if (cache[key] !== undefined) return cache[key];
    let n = 0;
    const gunzip = this.content.openRead(l.digest).pipe(zlib.createGunzip());
    for await (const c of gunzip) n += (c as Buffer).length;
    cache[key] = n;
    await this.saveSizes(cache);
    return n;
  }

  /**
   * A layer's size as dockerd (graphdriver) reports it: the bytes of the files it adds
   * (regular file sizes plus symlink target lengths; directories, hard links and
   * whiteouts count 0), not the tar's length. Falls back to the blob size for layers
   * we cannot read (zstd, corrupt).
   */
  private async layerSize(l: Descriptor): Promise<number> {
    if (isZstdLayer(l.mediaType)) return l.size;
    let n = 0;
    try {
      const src = this.content.openRead(l.digest);
      await walkTar(isGzipLayer(l.mediaType) ? src.pipe(zlib.createGunzip()) : src, async (e) => {
        if (e.type === 'file' || e.type === 'contiguous-file') n += e.size;
        else if (e.type === 'symlink') n += Buffer.byteLength(e.linkname ?? '');
      });
      return n;
    } catch {
      return l.size;
    }
  }

  // ---- fsck -----------------------------------------------------------------------------------------

  /**
   * Checks every tag -> image -> manifest -> config -> layers chain and re-hashes every
   * blob; reports stray temp/ingest files (removing them with `repair`).
   */
  async fsck(opts: { repair?: boolean; strayAgeMs?: number } = {}): Promise<FsckReport> {
    const problems: FsckProblem[] = [];
    const err = (subject: string, message: string) => problems.push({ severity: 'error', subject, message });
    const db = await this.readDb();
    const blobs = await this.content.list();
    const present = new Set(blobs);
    for (const d of blobs) if (!(await this.content.verify(d))) err(d, `blob ${d} is corrupt (content does not match its digest)`);
    const bad = new Set(problems.map((p) => p.subject));
    const need = (d: Descriptor | string, what: string, owner: string) => {
      const digest = typeof d === 'string' ? d : d.digest;
      if (!present.has(digest)) err(owner, `${what} ${digest} is missing`);
      else if (bad.has(digest)) err(owner, `${what} ${digest} is corrupt`);
      return present.has(digest) && !bad.has(digest);
    };
    for (const [tag, id] of Object.entries(db.tags)) if (!db.images[id]) err(tag, `tag points at image ${id}, which is not in the store`);
    for (const [id, e] of Object.entries(db.images)) {
      const owner = `image ${shortId(id)}`;
      for (const i of e.indexes ?? []) need(i, 'index', owner);
      if (!need(e.manifest, 'manifest', owner)) continue;
      let m: Manifest;
      try {
        m = JSON.parse((await this.content.read(e.manifest.digest)).toString('utf8'));
      } catch {
        err(owner, `manifest ${e.manifest.digest} is not valid JSON`);
        continue;
      }
      if (m.config?.digest !== id) err(owner, `manifest ${e.manifest.digest} names config ${m.config?.digest}, not the image ID`);
      if (need(id, 'config', owner)) {
        try {
          const cfg = JSON.parse((await this.content.read(id)).toString('utf8')) as ImageConfig;
          if (!Array.isArray(cfg.rootfs?.diff_ids) || cfg.rootfs.diff_ids.length !== (m.layers ?? []).length) err(owner, `config lists ${cfg.rootfs?.diff_ids?.length ?? 'no'} diff IDs for ${(m.layers ?? []).length} layers`);
        } catch {
          err(owner, `config ${id} is not valid JSON`);
        }
      }
      for (const l of m.layers ?? []) need(l, 'layer', owner);
    }
    // Stray files: atomic-write temps and ingests left by killed processes. A file whose
    // name carries a pid is stray once that process is gone; others once older than
    // `strayAgeMs` (default 10 min), so a repair never deletes a live writer's file.
    const stray: string[] = [];
    const age = opts.strayAgeMs ?? 10 * 60 * 1000;
    const pidOf = (n: string) => Number(/^(\d+)-[0-9a-f]{16}$/.exec(n)?.[1] ?? /-(\d+)-[0-9a-f]{8}$/.exec(n)?.[1] ?? NaN);
    const scan = async (dir: string, pred: (name: string) => boolean) => {
      for (const n of await fs.promises.readdir(dir).catch(() => [] as string[])) {
        const p = path.join(dir, n);
        const st = await fs.promises.stat(p).catch(() => undefined);
        if (!st || !pred(n)) continue;
        const pid = pidOf(n);
        if (!isNaN(pid) ? pid === process.pid || pidAlive(pid) : Date.now() - st.mtimeMs < age) continue;
        stray.push(p);
        if (opts.repair) await fs.promises.rm(p, { recursive: true, force: true });
      }
    };
    await scan(this.dir, (n) => n.startsWith('.tmp-'));
    await scan(this.dataRoot, (n) => n.startsWith('.tmp-'));
    await scan(path.join(this.content.dir, 'ingest'), () => true);
    await scan(path.join(this.content.dir, 'blobs', 'sha256'), (n) => !/^[a-f0-9]{64}$/.test(n));
    for (const s of stray) problems.push({ severity: 'warning', subject: s, message: opts.repair ? 'stray temporary file removed' : 'stray temporary file (left by an interrupted operation)' });
    return {
      ok: !problems.some((p) => p.severity === 'error'),
      images: Object.keys(db.images).length,
      tags: Object.keys(db.tags).length,
      blobs: blobs.length,
      problems,
      stray,
    };
  }
}

/** Validates a config blob's media type for manifests we write. */
export function isConfigType(t: string): boolean {
  return CONFIG_TYPES.has(t);
}
