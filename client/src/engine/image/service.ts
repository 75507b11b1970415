import type { Readable, Writable } from 'stream';
import { importRootfs, loadImages, readOciLayout, saveImages, writeOciLayout } from '../archive';
import type { LoadResult } from '../archive';
import { readLayerOrigins } from '../build/provenance';
import { analyzeImage, ImageAnalysis } from '../layer/analyze';
import type { ContentStore } from '../content/store';
import { makePrivate, ModeFix } from '../dataroot';
import { EngineError } from '../../core/errors';
import type { EventJournal } from '../events';
import { parsePlatform } from '../../core/platform';
import { familiarMatch, parseAnyReference, parseNormalizedNamed } from '../../core/reference';
import type { UsageRow } from '../system/api';
import type { ImageTransferApi, PullOptions, PullResult, PushOptions, PushResult } from '../registry/api';
import type { HistoryItem, ImagesApi, ImageInspect, ImageSummary, ListImagesOptions, PruneResult } from './api';
import type { FsckReport, ImageStore, RemoveResult } from './store';
import type { ContainerConfig } from './types';

/**
 * The images area of the embedded engine: Docker-shaped views (summaries, inspect JSON,
 * history) and operations over the ImageStore and the archive code.
 */
export class ImageService implements ImagesApi {
  /** Set by the containers area: how many containers use each image ID. */
  containerCount?: (id: string) => Promise<number>;
  /** Set by the engine: folders whose mode it made private when it opened the data root (fsck reports them). */
  modeFixes: ModeFix[] = [];

  /** Set by the engine: pulls into and pushes from this store (the registry service). */
  transfers?: ImageTransferApi;

  constructor(
    readonly store: ImageStore,
    readonly content: ContentStore,
    readonly events?: EventJournal,
  ) {}

  private get deps() {
    return { content: this.content, images: this.store, events: this.events };
  }

  async list(opts: ListImagesOptions = {}): Promise<ImageSummary[]> {
    const all = await this.store.listEntries();
    const f = opts.filters ?? {};
    for (const k of Object.keys(f)) {
      if (!['dangling', 'reference', 'label', 'before', 'since'].includes(k)) throw new EngineError('invalid-argument', `invalid filter '${k}'`);
    }
    let rows = all;
    if (f.dangling?.length) {
      const v = f.dangling[f.dangling.length - 1].toLowerCase();
      if (!['true', 'false', '1', '0'].includes(v)) throw new EngineError('invalid-argument', `invalid filter 'dangling=${v}'`);
      const want = v === 'true' || v === '1';
      rows = rows.filter((r) => (r.repoTags.length === 0) === want);
    }
    if (f.reference?.length) {
      // As dockerd: an image is listed with only the names (tags and digests) that match, and is
      // left out when none does. Digests of other repositories kept here would show as extra
      // "<none>" rows in `docker images REPO` (the CLI prints a row per repository of a digest
      // without a tag there).
      const matches = (n: string) => f.reference!.some((p) => familiarMatch(p, parseAnyReference(n)));
      rows = rows
        .map((r) => ({ ...r, repoTags: r.repoTags.filter(matches), repoDigests: r.repoDigests.filter(matches) }))
        .filter((r) => r.repoTags.length > 0 || r.repoDigests.length > 0);
    }
    if (f.label?.length) {
      rows = rows.filter((r) =>
        f.label!.every((l) => {
          const [k, v] = l.split(/=(.*)/s);
          const labels = r.labels;
          return v === undefined ? k in labels : labels[k] === v;
        }),
      );
    }
    for (const key of ['before', 'since'] as const) {
      if (!f[key]?.length) continue;
      const ref = await this.store.resolve(f[key][0]);
      rows = rows.filter((r) => (key === 'before' ? r.created < ref.created : r.created > ref.created));
    }
    // Shared size: bytes of layers another image also uses.
    const useCount = new Map<string, number>();
    for (const r of all) for (const d of new Set(r.diffIds)) useCount.set(d, (useCount.get(d) ?? 0) + 1);
    const out: ImageSummary[] = [];
    for (const r of rows) {
      const sizes = r.layerSizes;
      const ids = r.diffIds;
      const shared = ids.reduce((n, d, i) => n + ((useCount.get(d) ?? 0) > 1 ? (sizes[i] ?? 0) : 0), 0);
      out.push({
        id: r.id,
        repoTags: r.repoTags,
        repoDigests: r.repoDigests,
        created: r.created,
        size: r.size,
        sharedSize: shared,
        containers: this.containerCount ? await this.containerCount(r.id) : -1,
        labels: r.labels,
      });
    }
    return out;
  }

  /** The layer analysis; layers of an image this engine built carry the Dockerfile lines that made them. */
  async analyze(refOrId: string, opts: { signal?: AbortSignal } = {}): Promise<ImageAnalysis> {
    const a = await analyzeImage(this.store, this.content, refOrId, opts);
    const origins = await readLayerOrigins(this.store.dataRoot, a.id);
    for (const l of a.layers) {
      const o = origins.get(l.diffId);
      if (o) l.instruction = o;
    }
    return a;
  }

  pull(reference: string, opts?: PullOptions): Promise<PullResult[]> {
    if (!this.transfers) throw new EngineError('internal', 'this image service has no registry to pull from');
    return this.transfers.pull(reference, opts);
  }

  push(reference: string, opts?: PushOptions): Promise<PushResult[]> {
    if (!this.transfers) throw new EngineError('internal', 'this image service has no registry to push to');
    return this.transfers.push(reference, opts);
  }

  async inspect(refOrId: string): Promise<ImageInspect> {
    const r = await this.store.resolve(refOrId, { sizes: true });
    const c = r.config;
    return {
      Id: r.id,
      RepoTags: r.repoTags,
      RepoDigests: r.repoDigests,
      Parent: c.parent ?? '',
      Comment: c.comment ?? '',
      Created: c.created ?? '',
      Container: c.container ?? '',
      ContainerConfig: dockerConfig(c.container_config ?? {}),
      DockerVersion: c.docker_version ?? '',
      Author: c.author ?? '',
      Config: c.config ? dockerConfig(c.config) : null,
      Architecture: c.architecture,
      ...(c.variant ? { Variant: c.variant } : {}),
      Os: c.os,
      ...(c['os.version'] ? { OsVersion: c['os.version'] } : {}),
      Size: r.size,
      VirtualSize: r.size,
      GraphDriver: { Data: null, Name: 'stevedore' },
      RootFS: { Type: c.rootfs?.type ?? 'layers', Layers: c.rootfs?.diff_ids ?? [] },
      Metadata: { LastTagTime: r.repoTags.length ? new Date(r.added).toISOString() : '0001-01-01T00:00:00Z' },
      Descriptor: { mediaType: r.manifest.mediaType, digest: r.manifest.digest, size: r.manifest.size },
    };
  }

  async history(refOrId: string): Promise<HistoryItem[]> {
    const r = await this.store.resolve(refOrId);
    const sizes = await this.store.layerSizes(r.manifestJson.layers);
    const hist = r.config.history?.length ? r.config.history : (r.config.rootfs?.diff_ids ?? []).map(() => ({}) as NonNullable<typeof r.config.history>[number]);
    let layer = 0;
    const rows: HistoryItem[] = hist.map((h) => {
      const empty = !!h.empty_layer;
      const size = empty ? 0 : (sizes[layer++] ?? 0);
      return { id: '<missing>', created: h.created ?? '', createdBy: h.created_by ?? '', size, comment: h.comment ?? '', tags: [], emptyLayer: empty };
    });
    rows.reverse();
    if (rows.length) {
      rows[0].id = r.id;
      rows[0].tags = r.repoTags;
    }
    return rows;
  }

  async tag(source: string, target: string): Promise<void> {
    const t = parseNormalizedNamed(target);
    if (t.digest) throw new EngineError('invalid-argument', `refusing to create a tag with a digest reference`);
    await this.store.tagImage(source, target);
  }

  remove(refOrId: string, opts: { force?: boolean } = {}): Promise<RemoveResult> {
    return this.store.remove(refOrId, opts);
  }

  async prune(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<PruneResult> {
    const res: PruneResult = { untagged: [], deleted: [], spaceReclaimed: 0 };
    const before = await this.blobBytes();
    for (const r of await this.store.list()) {
      if (!opts.all && r.repoTags.length) continue;
      if (this.store.isImageInUse && (await this.store.isImageInUse(r.id))) continue;
      if (opts.filters?.label?.length) {
        const labels = r.config.config?.Labels ?? {};
        const ok = opts.filters.label.every((l) => {
          const [k, v] = l.split(/=(.*)/s);
          return v === undefined ? k in labels : labels[k] === v;
        });
        if (!ok) continue;
      }
      try {
        const x = await this.store.remove(r.id, { force: true });
        res.untagged.push(...x.untagged);
        res.deleted.push(...x.deleted, ...(x.layers ?? []));
      } catch (e) {
        if (!(e instanceof EngineError && e.code === 'not-found')) throw e;
      }
    }
    // Also sweep blobs nothing references that interrupted operations left behind (past the grace period).
    await this.store.gc();
    res.spaceReclaimed = Math.max(0, before - (await this.blobBytes()));
    this.events?.emit('image.prune', '', { reclaimed: String(res.spaceReclaimed) });
    return res;
  }

  private async blobBytes(): Promise<number> {
    let n = 0;
    for (const d of await this.content.list()) n += (await this.content.stat(d)) ?? 0;
    return n;
  }

  save(names: string[], out: Writable, opts: { signal?: AbortSignal } = {}): Promise<void> {
    return saveImages(this.deps, names, out, opts);
  }

  load(input: Readable, opts: { signal?: AbortSignal; platform?: string } = {}): Promise<LoadResult> {
    return loadImages(this.deps, input, { signal: opts.signal, platform: opts.platform ? parsePlatform(opts.platform) : undefined });
  }

  async import(input: Readable, opts: { reference?: string; changes?: string[]; message?: string; platform?: string; signal?: AbortSignal; source?: string } = {}): Promise<{ id: string }> {
    const rec = await importRootfs(this.deps, input, { ...opts, platform: opts.platform ? parsePlatform(opts.platform) : undefined });
    return { id: rec.id };
  }

  exportOciLayout(dir: string, items: Array<{ image: string; tag: string }>, opts: { signal?: AbortSignal } = {}): Promise<void> {
    return writeOciLayout(this.deps, dir, items, opts);
  }

  async importOciLayout(dir: string, opts: { tag?: string; as?: string; platform?: string; signal?: AbortSignal } = {}): Promise<Array<{ id: string; repoTags: string[] }>> {
    const recs = await readOciLayout(this.deps, dir, { ...opts, platform: opts.platform ? parsePlatform(opts.platform) : undefined });
    return recs.map((r) => ({ id: r.id, repoTags: r.repoTags }));
  }

  /** The Images row of `system df` (the system area adds the others). */
  async usage(): Promise<UsageRow> {
    const all = await this.store.list();
    const seen = new Map<string, number>();
    const activeLayers = new Set<string>();
    let active = 0;
    for (const r of all) {
      const used = this.store.isImageInUse ? !!(await this.store.isImageInUse(r.id)) : false;
      if (used) active++;
      const sizes = await this.store.layerSizes(r.manifestJson.layers);
      (r.config.rootfs?.diff_ids ?? []).forEach((d, i) => {
        seen.set(d, sizes[i] ?? 0);
        if (used) activeLayers.add(d);
      });
    }
    let size = 0;
    let activeSize = 0;
    for (const [d, n] of seen) {
      size += n;
      if (activeLayers.has(d)) activeSize += n;
    }
    return { total: all.length, active, size, reclaimable: size - activeSize };
  }

  async fsck(opts: { repair?: boolean } = {}): Promise<FsckReport> {
    const rep = await this.store.fsck(opts);
    // Modes: what opening fixed, then what is wrong now (changed since, or not ours to change).
    for (const f of [...this.modeFixes, ...makePrivate(this.store.dataRoot, { check: !opts.repair })]) {
      const mode = f.was.toString(8).padStart(4, '0');
      rep.problems.push({
        severity: f.fixed ? 'warning' : 'error', subject: f.path,
        message: `mode ${mode} lets other users reach image content (setuid files, device nodes); ${f.fixed ? 'made private (0700)' : 'make it private with --repair or chmod 0700'}`,
      });
    }
    this.modeFixes = [];
    rep.ok = !rep.problems.some((p) => p.severity === 'error');
    return rep;
  }
}

/**
 * A container config as dockerd prints it: Go's container.Config marshalled, i.e. every
 * non-omitempty field present (zero values included) in the struct's order.
 */
function dockerConfig(c: ContainerConfig): ContainerConfig {
  const omitEmpty = <K extends keyof ContainerConfig>(k: K) => (c[k] !== undefined && c[k] !== null && c[k] !== '' && !(Array.isArray(c[k]) && (c[k] as unknown[]).length === 0) ? { [k]: c[k] } : {});
  return {
    Hostname: c.Hostname ?? '',
    Domainname: c.Domainname ?? '',
    User: c.User ?? '',
    AttachStdin: c.AttachStdin ?? false,
    AttachStdout: c.AttachStdout ?? false,
    AttachStderr: c.AttachStderr ?? false,
    ...(c.ExposedPorts && Object.keys(c.ExposedPorts).length ? { ExposedPorts: c.ExposedPorts } : {}),
    Tty: c.Tty ?? false,
    OpenStdin: c.OpenStdin ?? false,
    StdinOnce: c.StdinOnce ?? false,
    Env: c.Env ?? null,
    Cmd: c.Cmd ?? null,
    ...omitEmpty('Healthcheck'),
    ...(c.ArgsEscaped ? { ArgsEscaped: true } : {}),
    Image: c.Image ?? '',
    Volumes: c.Volumes ?? null,
    WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? null,
    OnBuild: c.OnBuild ?? null,
    Labels: c.Labels ?? null,
    ...omitEmpty('StopSignal'),
    ...omitEmpty('StopTimeout'),
    ...omitEmpty('Shell'),
  };
}
