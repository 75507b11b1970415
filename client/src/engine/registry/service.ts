import * as fs from 'fs';
import { mapLimit } from '../fsutil';
import type { Manifest } from '../image/types';
import { assertDigest, ContentStore, Descriptor, SHA256_RE } from '../content/store';
import type { AuthConfig, CredentialStore } from '../credentials/store';
import { EngineError, isEngineError, throwIfAborted } from '../../core/errors';
import type { EventJournal } from '../events';
import type { LayerProgress, PullOptions, PullResult, PushOptions, PushResult, RegistryApi, RegistryConfigInfo, RemoteManifest, SearchOptions, SearchResult } from './api';
import { searchImages } from './search';
import { MEDIA_TYPES, RegistryClient, RegistryClientOptions, registryTimeoutMs } from './client';
import { canonicalRegistry } from './hosts';
import { describeRegistryConfig, emptyRegistryConfig, pullSources, pushSource, type PullSource, type RegistryConfig } from './config';
import { formatPlatform, hostPlatform, parsePlatform, Platform, selectPlatformEntry } from '../../core/platform';
import { familiar, formatRef, parseRemoteRef, RemoteRef } from './refs';

/**
 * What pull and push need from the local image store. The image store (engine/image)
 * implements it; kept narrow so the registry code does not depend on its internals.
 */
export interface RegistryImageStore {
  /** Points `ref` at a manifest whose config and layers are already in the content store. */
  tag(ref: string, manifest: Descriptor, opts?: { repoDigest?: string }): Promise<unknown>;
  /** Records an image pulled by digest only (no tag), remembering its repo digest. */
  register?(manifest: Descriptor, opts?: { repoDigest?: string }): Promise<unknown>;
  /** The image a reference or ID names, or undefined / a not-found EngineError when there is none. */
  resolve(refOrId: string): Promise<LocalImage | undefined>;
  /** Every local image (for `push --all-tags`). */
  list?(): Promise<LocalImage[]>;
}

export interface LocalImage {
  id: string;
  manifest: Descriptor;
  repoTags: string[];
  repoDigests: string[];
}

export interface RegistryServiceOptions {
  dataRoot: string;
  content: ContentStore;
  images: RegistryImageStore;
  events?: EventJournal;
  credentials?: CredentialStore;
  /** Blobs transferred at once per image (default 3, like dockerd's max-concurrent-downloads). */
  concurrency?: number;
  client?: Omit<RegistryClientOptions, 'credentials'>;
  /** Mirrors, blocked and insecure registries (registry/config.ts); default: none. */
  config?: RegistryConfig;
}

const INDEX_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);

function checkDescriptor(d: unknown, what: string): Descriptor {
  const x = d as Descriptor;
  if (!x || typeof x !== 'object' || typeof x.digest !== 'string' || !SHA256_RE.test(x.digest) || typeof x.size !== 'number' || x.size < 0 || !Number.isInteger(x.size)) {
    throw new EngineError('corrupt', `${what}: malformed descriptor in manifest (digest ${String((x as { digest?: unknown })?.digest)})`);
  }
  return x;
}

export function parseManifest(bytes: Buffer, what: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new EngineError('corrupt', `${what}: malformed manifest (not JSON)`);
  }
  if (!m || typeof m !== 'object' || !Array.isArray(m.layers)) throw new EngineError('corrupt', `${what}: malformed manifest (no layers)`);
  checkDescriptor(m.config, what);
  m.layers.forEach((l) => checkDescriptor(l, what));
  return m;
}

/** A mirror's URL (and namespace) as messages and events name it. */
const mirrorUrl = (src: PullSource) => src.label.replace(/^mirror /, '');

/**
 * Runs `fn` on each source in order until one succeeds. A source that fails for any reason but
 * cancellation hands over to the next (`onFail` is told why); the last source's error is thrown.
 */
async function firstSource<T>(sources: PullSource[], fn: (src: PullSource) => Promise<T>, onFail?: (src: PullSource, next: PullSource, why: string) => void): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn(sources[i]);
    } catch (e) {
      if (isEngineError(e, 'cancelled') || i === sources.length - 1) throw e;
      onFail?.(sources[i], sources[i + 1], (e as Error).message);
    }
  }
}

export class RegistryService implements RegistryApi {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly concurrency: number;

  /** Read once when the engine opens; the extension reopens the engine when its settings change. */
  private readonly cfg: RegistryConfig;

  constructor(private readonly o: RegistryServiceOptions) {
    this.concurrency = o.concurrency ?? 3;
    this.cfg = o.config ?? emptyRegistryConfig();
  }

  private clientOptions(): RegistryClientOptions {
    const creds = this.o.credentials;
    const base = this.o.client ?? {};
    return { ...base, insecureRegistries: [...(base.insecureRegistries ?? []), ...this.cfg.insecure], credentials: creds ? (r) => creds.get(r) : undefined };
  }

  async registryConfig(): Promise<RegistryConfigInfo> {
    return describeRegistryConfig(this.cfg);
  }

  search(term: string, opts?: SearchOptions): Promise<SearchResult[]> {
    return searchImages({ config: this.cfg, client: (r) => this.client(r) }, term, opts);
  }

  /** The (cached, so tokens are reused) client for a registry; refuses while the configuration is broken. */
  client(registry: string): RegistryClient {
    if (this.cfg.error) throw this.cfg.error;
    const name = canonicalRegistry(registry);
    let c = this.clients.get(name);
    if (!c) {
      c = new RegistryClient(name, this.clientOptions());
      this.clients.set(name, c);
    }
    return c;
  }

  /** A client for one call with the caller's credentials (not cached: its tokens are that caller's). */
  private clientWith(registry: string, auth: AuthConfig): RegistryClient {
    if (this.cfg.error) throw this.cfg.error;
    return new RegistryClient(canonicalRegistry(registry), { ...this.clientOptions(), credentials: async () => auth });
  }

  /**
   * The client for a pull source. A mirror gets its own client (its own login, looked up by
   * its host) that gives up after the configured mirror timeout and does not retry: the next
   * source is the retry.
   */
  private sourceClient(src: PullSource, auth?: AuthConfig): RegistryClient {
    if (!src.base) return auth ? this.clientWith(src.registry, auth) : this.client(src.registry);
    const key = `mirror ${src.base.origin}`;
    let c = this.clients.get(key);
    if (!c) {
      const o = this.clientOptions();
      c = new RegistryClient(src.registry, {
        ...o,
        endpointOverrides: { ...(o.endpointOverrides ?? {}), [src.registry]: src.base.origin },
        idleTimeoutMs: Math.min(o.idleTimeoutMs ?? registryTimeoutMs(), this.cfg.mirrorTimeoutMs),
        retries: 0,
      });
      this.clients.set(key, c);
    }
    return c;
  }

  private async resolveLocal(ref: string): Promise<LocalImage | undefined> {
    try {
      return (await this.o.images.resolve(ref)) ?? undefined;
    } catch (e) {
      if (isEngineError(e, 'not-found') || isEngineError(e, 'invalid-argument')) return undefined;
      throw e;
    }
  }

  // ---- pull --------------------------------------------------------------------------

  async pull(reference: string, opts: PullOptions = {}): Promise<PullResult[]> {
    const ref = parseRemoteRef(reference);
    const platform = opts.platform ? parsePlatform(opts.platform) : hostPlatform();
    if (!opts.allTags) return [await this.pullOne(ref, platform, opts)];
    if (ref.digest || /:[^/]*$/.test(reference)) {
      throw new EngineError('invalid-argument', `tag can't be used with --all-tags/-a`);
    }
    const tags = await this.tags(formatRef({ ...ref, tag: undefined, digest: undefined }), { signal: opts.signal });
    if (tags.length === 0) throw new EngineError('not-found', `repository ${ref.name} has no tags`);
    const out: PullResult[] = [];
    for (const tag of tags.sort()) out.push(await this.pullOne({ ...ref, tag, digest: undefined }, platform, opts));
    return out;
  }

  /**
   * Pulls one image from the first source that can serve it: the configured mirrors in order,
   * then the registry itself. A source that fails for any reason (down, silent past the mirror
   * timeout, no such image, an error answer, content that does not match its digest) is
   * reported and the next one is tried; blobs already verified and stored are not fetched again.
   */
  private async pullOne(ref: RemoteRef, platform: Platform, opts: PullOptions): Promise<PullResult> {
    const what = familiar(ref);
    return firstSource(
      pullSources(this.cfg, ref.registry, ref.repository),
      async (src) => {
        if (!src.mirror) return this.pullFrom(ref, src, platform, opts);
        opts.onMessage?.(`Trying ${src.label} for ${what}`);
        const r = await this.pullFrom(ref, src, platform, opts);
        opts.onMessage?.(`Pulled ${what} from ${src.label}`);
        this.o.events?.emit('registry.mirror.used', formatRef(ref), { mirror: mirrorUrl(src), digest: r.digest });
        return { ...r, source: mirrorUrl(src) };
      },
      (src, next, why) => {
        if (!src.mirror) return;
        opts.onMessage?.(`${src.label} failed for ${what} (${why}); trying ${next.label}`);
        this.o.events?.emit('registry.mirror.failed', formatRef(ref), { mirror: mirrorUrl(src), error: why });
      },
    );
  }

  private async pullFrom(ref: RemoteRef, src: PullSource, platform: Platform, opts: PullOptions): Promise<PullResult> {
    const c = this.sourceClient(src, opts.auth);
    const repository = src.repository;
    const refText = formatRef(ref);
    const signal = opts.signal;
    const top = await c.getManifest(repository, ref.digest ?? ref.tag!, { signal });
    let manifestBytes = top.bytes;
    let manifestDesc: Descriptor = { mediaType: top.mediaType, digest: top.digest, size: top.bytes.length };
    const what = `image ${familiar(ref)}`;
    if (INDEX_TYPES.has(top.mediaType)) {
      let index: { manifests?: Descriptor[] };
      try {
        index = JSON.parse(top.bytes.toString('utf8'));
      } catch {
        throw new EngineError('corrupt', `${what}: malformed manifest list`);
      }
      if (!Array.isArray(index.manifests)) throw new EngineError('corrupt', `${what}: malformed manifest list (no manifests)`);
      index.manifests.forEach((m) => checkDescriptor(m, what));
      const chosen = selectPlatformEntry(index.manifests, platform);
      if (!chosen) {
        throw new EngineError('not-found', `no matching manifest for ${formatPlatform(platform)} in the manifest list entries of ${familiar(ref)}`);
      }
      const child = await c.getManifest(repository, chosen.digest, { signal });
      if (INDEX_TYPES.has(child.mediaType)) throw new EngineError('corrupt', `${what}: nested manifest lists are not supported`);
      manifestBytes = child.bytes;
      manifestDesc = { mediaType: child.mediaType, digest: child.digest, size: child.bytes.length, ...(chosen.platform ? { platform: chosen.platform } : {}) };
    }
    const manifest = parseManifest(manifestBytes, what);
    const previous = ref.tag ? await this.resolveLocal(refText) : undefined;

    const blobs: Array<{ desc: Descriptor; kind: 'config' | 'layer' }> = [
      { desc: manifest.config, kind: 'config' },
      ...manifest.layers.map((desc) => ({ desc, kind: 'layer' as const })),
    ];
    const report = (desc: Descriptor, kind: 'config' | 'layer', status: string, done: number, total: number) =>
      opts.onProgress?.({ ref: refText, digest: desc.digest, kind, status, done, total } satisfies LayerProgress);
    const present = new Set<string>();
    for (const b of blobs) {
      if ((await this.o.content.stat(b.desc.digest)) === b.desc.size) present.add(b.desc.digest);
      report(b.desc, b.kind, present.has(b.desc.digest) ? 'Already exists' : 'Waiting', 0, b.desc.size);
    }
    await mapLimit(blobs, this.concurrency, async ({ desc, kind }) => {
      throwIfAborted(signal);
      if (present.has(desc.digest)) return;
      let last = -1;
      await c.fetchBlob(repository, desc, this.o.content, this.o.dataRoot, {
        signal,
        onProgress: (done, total) => {
          if (done === last) return;
          last = done;
          report(desc, kind, 'Downloading', done, total);
        },
        // Docker's words, and why: the user sees a stall being retried, not a silent wait.
        onRetry: (reason, waitMs) => {
          const s = Math.max(1, Math.ceil(waitMs / 1000));
          report(desc, kind, `Retrying in ${s} second${s === 1 ? '' : 's'} (${reason})`, Math.max(0, last), desc.size);
          last = -1;
        },
      });
      report(desc, kind, 'Download complete', desc.size, desc.size);
    });
    await this.checkConfig(manifest, what);
    // Manifests go in last: the store then never holds a manifest whose blobs are missing
    // because of this pull, and the tag is written only after everything is committed.
    if (manifestDesc.digest !== top.digest) await this.o.content.put(top.bytes, { digest: top.digest, size: top.bytes.length });
    await this.o.content.put(manifestBytes, { digest: manifestDesc.digest, size: manifestBytes.length });
    const repoDigest = `${ref.name}@${top.digest}`;
    if (ref.tag) await this.o.images.tag(refText, manifestDesc, { repoDigest });
    else if (this.o.images.register) await this.o.images.register(manifestDesc, { repoDigest });
    else await this.o.images.tag(refText, manifestDesc, { repoDigest });
    for (const b of blobs) if (!present.has(b.desc.digest)) report(b.desc, b.kind, 'Pull complete', b.desc.size, b.desc.size);
    const id = manifest.config.digest;
    const downloaded = !(previous && previous.id === id && previous.manifest.digest === manifestDesc.digest);
    this.o.events?.emit('image.pulled', refText, { digest: top.digest, id });
    return { reference: refText, digest: top.digest, id, downloaded };
  }

  /** An image config must be JSON and list one diff_id per layer, or the image cannot be used. */
  private async checkConfig(manifest: Manifest, what: string): Promise<void> {
    const t = manifest.config.mediaType;
    if (t !== 'application/vnd.docker.container.image.v1+json' && t !== 'application/vnd.oci.image.config.v1+json') return;
    let cfg: { rootfs?: { diff_ids?: unknown } };
    try {
      cfg = JSON.parse((await this.o.content.read(manifest.config.digest)).toString('utf8'));
    } catch {
      throw new EngineError('corrupt', `${what}: the image config ${manifest.config.digest} is not valid JSON`);
    }
    const ids = cfg?.rootfs?.diff_ids;
    if (!Array.isArray(ids) || ids.length !== manifest.layers.length) {
      throw new EngineError('corrupt', `${what}: the image config lists ${Array.isArray(ids) ? ids.length : 'no'} layer diff IDs but the manifest has ${manifest.layers.length} layers`);
    }
  }

  // ---- push --------------------------------------------------------------------------

  async push(reference: string, opts: PushOptions = {}): Promise<PushResult[]> {
    const ref = parseRemoteRef(reference);
    if (ref.digest) throw new EngineError('invalid-argument', `cannot push a digest reference ("${reference}"); push a tag`);
    if (!opts.allTags) return [await this.pushOne(ref, opts)];
    if (/:[^/]+$/.test(reference)) throw new EngineError('invalid-argument', `tag can't be used with --all-tags/-a`);
    if (!this.o.images.list) throw new EngineError('unavailable', 'push --all-tags needs an image store that can list images');
    const tags = new Set<string>();
    for (const img of await this.o.images.list()) {
      for (const t of img.repoTags) {
        try {
          const r = parseRemoteRef(t);
          if (r.name === ref.name && r.tag) tags.add(r.tag);
        } catch {
          // not a reference we can push; skip
        }
      }
    }
    if (tags.size === 0) throw new EngineError('not-found', `An image does not exist locally with the tag: ${familiar({ ...ref, tag: undefined })}`);
    const out: PushResult[] = [];
    for (const tag of [...tags].sort()) out.push(await this.pushOne({ ...ref, tag }, opts));
    return out;
  }

  private async pushOne(ref: RemoteRef, opts: PushOptions): Promise<PushResult> {
    const refText = formatRef(ref);
    const local = await this.resolveLocal(refText);
    if (!local) throw new EngineError('not-found', `An image does not exist locally with the tag: ${familiar(ref)}`);
    // Never a mirror: pushes go to the registry (or its configured location).
    const target = pushSource(this.cfg, ref.registry, ref.repository);
    const c = opts.auth ? this.clientWith(target.registry, opts.auth) : this.client(target.registry);
    const signal = opts.signal;
    const manifestBytes = await this.o.content.readVerified(local.manifest.digest);
    const what = `image ${familiar(ref)}`;
    if (INDEX_TYPES.has(local.manifest.mediaType)) throw new EngineError('invalid-argument', `${what}: pushing a multi-platform index is not supported; push a single-platform image`);
    const manifest = parseManifest(manifestBytes, what);
    // Blobs this image was pulled from or pushed to elsewhere on the same registry can be mounted.
    const mountFrom = new Set<string>();
    for (const r of [...local.repoDigests, ...local.repoTags]) {
      try {
        const p = parseRemoteRef(r);
        if (canonicalRegistry(p.registry) === canonicalRegistry(ref.registry) && p.repository !== ref.repository) mountFrom.add(p.repository);
      } catch {
        // ignore names we cannot parse
      }
    }
    const blobs: Array<{ desc: Descriptor; kind: 'config' | 'layer' }> = [
      ...manifest.layers.map((desc) => ({ desc, kind: 'layer' as const })),
      { desc: manifest.config, kind: 'config' },
    ];
    for (const { desc } of blobs) {
      assertDigest(desc.digest);
      if ((await this.o.content.stat(desc.digest)) === undefined) {
        throw new EngineError('not-found', `${what}: blob ${desc.digest} is missing from the local store; pull the image again or run \`stevedore system fsck\``);
      }
    }
    const report = (desc: Descriptor, kind: 'config' | 'layer', status: string, done: number, total: number) =>
      opts.onProgress?.({ ref: refText, digest: desc.digest, kind, status, done, total });
    for (const b of blobs) if (b.kind === 'layer') report(b.desc, b.kind, 'Preparing', 0, b.desc.size);
    await mapLimit(blobs, this.concurrency, async ({ desc, kind }) => {
      throwIfAborted(signal);
      const file = this.o.content.blobPath(desc.digest);
      let last = -1;
      const how = await c.pushBlob(target.repository, desc, (start, end) => fs.createReadStream(file, { start, end }), {
        mountFrom: [...mountFrom],
        signal,
        onProgress: (done, total) => {
          if (done === last) return;
          last = done;
          report(desc, kind, 'Pushing', done, total);
        },
      });
      report(desc, kind, how === 'exists' ? 'Layer already exists' : how === 'mounted' ? 'Mounted from ' + [...mountFrom][0] : 'Pushed', desc.size, desc.size);
    });
    throwIfAborted(signal);
    const digest = await c.putManifest(target.repository, ref.tag!, manifestBytes, local.manifest.mediaType, signal);
    // Like docker: the pushed image now also carries the registry's digest for it.
    await this.o.images.tag(refText, local.manifest, { repoDigest: `${ref.name}@${digest}` });
    this.o.events?.emit('image.pushed', refText, { digest, id: local.id });
    return { reference: refText, tag: ref.tag!, digest, size: manifestBytes.length };
  }

  // ---- credentials -----------------------------------------------------------------

  async login(server: string | undefined, auth: AuthConfig, opts: { signal?: AbortSignal } = {}): Promise<{ registry: string }> {
    const registry = canonicalRegistry(normaliseServer(server));
    if (this.cfg.error) throw this.cfg.error;
    const c = new RegistryClient(registry, { ...this.clientOptions(), credentials: undefined });
    c.useCredentials(auth);
    try {
      await c.ping(opts.signal);
    } catch (e) {
      if (isEngineError(e, 'unauthorized')) throw new EngineError('unauthorized', `login to ${registry} failed: incorrect username or password`);
      throw e;
    }
    if (!this.o.credentials) throw new EngineError('unavailable', 'no credential store is configured to save the login');
    await this.o.credentials.store(registry, auth);
    this.clients.delete(registry); // later requests pick up the new login
    this.o.events?.emit('registry.login', registry);
    return { registry };
  }

  async logout(server?: string): Promise<{ registry: string; removed: boolean }> {
    const registry = canonicalRegistry(normaliseServer(server));
    const removed = this.o.credentials ? await this.o.credentials.erase(registry) : false;
    this.clients.delete(registry);
    if (removed) this.o.events?.emit('registry.logout', registry);
    return { registry, removed };
  }

  // ---- browsing ----------------------------------------------------------------------

  catalog(registry: string, opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    return this.client(normaliseServer(registry)).catalog({ signal: opts.signal });
  }

  /** Tags of a repository, from its mirrors first (as pulls: dockerd lists `pull -a` tags there too), then the registry. */
  async tags(repository: string, opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    const ref = parseRemoteRef(repository);
    return firstSource(pullSources(this.cfg, ref.registry, ref.repository), (src) => this.sourceClient(src).tags(src.repository, { signal: opts.signal }));
  }

  async deleteManifest(reference: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
    const ref = parseRemoteRef(reference);
    const c = this.client(ref.registry);
    let digest = ref.digest;
    if (!digest) {
      const head = await c.headManifest(ref.repository, ref.tag!, opts.signal);
      if (!head || !SHA256_RE.test(head.digest)) throw new EngineError('not-found', `manifest for ${familiar(ref)} not found`);
      digest = head.digest;
    }
    await c.deleteManifest(ref.repository, digest, opts.signal);
    this.o.events?.emit('image.remote.delete', `${ref.name}@${digest}`);
    return digest;
  }

  async inspectRemote(reference: string, opts: { signal?: AbortSignal } = {}): Promise<RemoteManifest> {
    const ref = parseRemoteRef(reference);
    const m = await this.client(ref.registry).getManifest(ref.repository, ref.digest ?? ref.tag!, { signal: opts.signal });
    const manifest = JSON.parse(m.bytes.toString('utf8')) as { manifests?: Descriptor[] };
    const out: RemoteManifest = { reference: formatRef(ref), digest: m.digest, mediaType: m.mediaType, manifest };
    if (INDEX_TYPES.has(m.mediaType) && Array.isArray(manifest.manifests)) {
      out.platforms = manifest.manifests.filter((d) => d.platform).map((d) => formatPlatform(d.platform!));
    }
    return out;
  }
}

/** `https://myreg:5000/v2/` or `myreg:5000` -> `myreg:5000`; empty -> Docker Hub. */
export function normaliseServer(server: string | undefined): string {
  if (!server) return 'docker.io';
  let s = server.trim().replace(/^https?:\/\//i, '');
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  if (!s) throw new EngineError('invalid-argument', `invalid registry address "${server}"`);
  return s.toLowerCase();
}
