import type { Readable, Writable } from 'stream';
import type { LoadResult } from '../archive';
import type { ImageAnalysis } from '../layer/analyze';
import type { CredentialStore, AuthConfig } from '../credentials/store';
import { apiAuthConfig, encodeRegistryAuth, type JsonMessage } from '../../core/dockerWire';
import { EngineError } from '../../core/errors';
import type { HistoryItem, ImagesApi, ImageInspect, ImageSummary, ListImagesOptions, PruneResult } from '../image/api';
import type { RemoveResult } from '../image/store';
import { familiarString as familiar, parseNormalizedNamed } from '../../core/reference';
import type { LayerProgress, PullOptions, PullResult, PushOptions, PushResult } from '../registry/api';
import { DockerClient, jsonMessages, pipeTo } from './client';

const iso = (secs: number | undefined) => (secs ? new Date(secs * 1000).toISOString() : '');
const enc = encodeURIComponent;

export function unsupported(what: string): EngineError {
  return new EngineError('unsupported', `${what} is not supported by the Docker engine in Stevedore (it works with the embedded engine)`);
}

/** A progress stream's error message (`{"error": "...", "errorDetail": {...}}`) as an EngineError. */
function streamError(message: string): EngineError {
  if (/unauthorized|authentication required|denied/i.test(message)) return new EngineError('unauthorized', message);
  if (/not found|manifest unknown|does not exist/i.test(message)) return new EngineError('not-found', message);
  if (/toomanyrequests|rate limit/i.test(message)) return new EngineError('too-many-requests', message);
  if (/connection refused|no such host|timeout|i\/o timeout|dial tcp/i.test(message)) return new EngineError('unavailable', message);
  return new EngineError('internal', message);
}

/** dockerd's pull, push, load and import messages; a push reports each tag in `aux`. */
type ProgressMessage = JsonMessage<{ Tag?: string; Digest?: string; Size?: number; ID?: string }>;

/** Docker's `{"status":"Downloading","id":"abc123","progressDetail":{...}}` lines as LayerProgress. */
function layerProgress(ref: string, m: ProgressMessage): LayerProgress | undefined {
  if (!m.id || !m.status || !/^[0-9a-f]{12}$/.test(m.id)) return undefined;
  return {
    ref,
    // The daemon names layers by the first 12 hex digits of their digest only.
    digest: m.id,
    kind: 'layer',
    status: m.status,
    done: m.progressDetail?.current ?? (/complete|exists|Pushed|Mounted/i.test(m.status) ? m.progressDetail?.total ?? 0 : 0),
    total: m.progressDetail?.total ?? 0,
  };
}

/**
 * `docker image *` over the Engine API. Shapes follow the embedded ImageService; operations the
 * daemon has no API for (OCI layout import/export, fsck, layer analysis) throw `unavailable`.
 */
export class DockerImages implements ImagesApi {
  constructor(private readonly c: DockerClient, private readonly credentials?: CredentialStore) {}

  /** POST /images/create?fromImage= with the registry's login from the credential store. */
  pull(reference: string, opts?: PullOptions): Promise<PullResult[]> {
    return dockerPull(this.c, this.credentials, reference, opts);
  }

  /** POST /images/{name}/push with the registry's login from the credential store. */
  push(reference: string, opts?: PushOptions): Promise<PushResult[]> {
    return dockerPush(this.c, this.credentials, reference, opts);
  }

  async list(opts: ListImagesOptions = {}): Promise<ImageSummary[]> {
    const rows = await this.c.listing(this.c.call<Array<Record<string, unknown>>>('GET', '/images/json', {
      query: { all: opts.all ? 1 : undefined, filters: opts.filters && Object.keys(opts.filters).length ? JSON.stringify(opts.filters) : undefined },
    }));
    return rows.map((r) => ({
      id: imageId(r.Id as string),
      // Podman lists fully qualified names (docker.io/library/busybox:1): Docker's familiar form for both.
      repoTags: ((r.RepoTags as string[] | null) ?? []).filter((t) => t !== '<none>:<none>').map(familiar),
      repoDigests: ((r.RepoDigests as string[] | null) ?? []).filter((t) => t !== '<none>@<none>'),
      created: iso(r.Created as number),
      size: r.Size as number,
      sharedSize: Math.max(0, (r.SharedSize as number) ?? 0),
      containers: (r.Containers as number) ?? -1,
      labels: (r.Labels as Record<string, string> | null) ?? {},
    }));
  }

  async inspect(refOrId: string): Promise<ImageInspect> {
    const j = await this.c.call<ImageInspect>('GET', `/images/${enc(refOrId)}/json`);
    return { ...j, Id: imageId(j.Id), RepoTags: (j.RepoTags ?? []).map(familiar), RepoDigests: j.RepoDigests ?? [] };
  }

  async history(refOrId: string): Promise<HistoryItem[]> {
    const rows = await this.c.call<Array<{ Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }>>('GET', `/images/${enc(refOrId)}/history`);
    return rows.map((r) => ({
      id: imageId(r.Id),
      created: iso(r.Created),
      createdBy: r.CreatedBy,
      size: r.Size,
      comment: r.Comment,
      tags: r.Tags ?? [],
      // The API does not say; a step that added no bytes is what docker marks an empty layer.
      emptyLayer: r.Size === 0,
    }));
  }

  async tag(source: string, target: string): Promise<void> {
    const ref = parseNormalizedNamed(target);
    if (ref.digest) throw new EngineError('invalid-argument', `refusing to create a tag with a digest reference`);
    await this.c.call('POST', `/images/${enc(source)}/tag`, { query: { repo: ref.familiarName, tag: ref.tag ?? 'latest' } });
  }

  async remove(refOrId: string, opts: { force?: boolean } = {}): Promise<RemoveResult> {
    const rows = await this.c.call<Array<{ Untagged?: string; Deleted?: string }>>('DELETE', `/images/${enc(refOrId)}`, { query: { force: opts.force ? 1 : undefined } });
    return {
      untagged: rows.filter((r) => r.Untagged).map((r) => familiar(r.Untagged!)),
      deleted: rows.filter((r) => r.Deleted).map((r) => imageId(r.Deleted!)).slice(0, 1),
      layers: rows.filter((r) => r.Deleted).map((r) => r.Deleted!).slice(1),
    };
  }

  async prune(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<PruneResult> {
    const filters = { ...(opts.filters ?? {}), ...(opts.all ? { dangling: ['false'] } : {}) };
    const r = await this.c.call<{ ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }> | null; SpaceReclaimed: number }>('POST', '/images/prune', {
      query: Object.keys(filters).length ? { filters: JSON.stringify(filters) } : {},
    });
    const rows = r.ImagesDeleted ?? [];
    return { untagged: rows.filter((x) => x.Untagged).map((x) => x.Untagged!), deleted: rows.filter((x) => x.Deleted).map((x) => x.Deleted!), spaceReclaimed: r.SpaceReclaimed ?? 0 };
  }

  async save(names: string[], out: Writable, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const s = await this.c.stream('GET', '/images/get', { query: { names }, signal: opts.signal });
    await pipeTo(this.c, s, out, 'save');
  }

  async load(input: Readable, opts: { signal?: AbortSignal; platform?: string } = {}): Promise<LoadResult> {
    const s = await this.c.stream('POST', '/images/load', { query: { quiet: 1 }, file: input, signal: opts.signal, headers: { 'Content-Type': 'application/x-tar' } });
    const res: LoadResult = { tags: [], ids: [], messages: [] };
    for await (const m of jsonMessages<ProgressMessage>(s)) {
      if (m.error) throw streamError(m.errorDetail?.message ?? m.error);
      let text = (m.stream ?? '').trim();
      if (!text) continue;
      const tag = /^Loaded image: (.+)$/.exec(text);
      if (tag) {
        res.tags.push(familiar(tag[1]));
        text = `Loaded image: ${familiar(tag[1])}`;
      }
      res.messages.push(text);
      const id = /^Loaded image ID: (sha256:[0-9a-f]{64})$/.exec(text);
      if (id) res.ids.push(id[1]);
    }
    for (const t of res.tags) {
      const id = await this.inspect(t).then((i) => i.Id, () => undefined);
      if (id && !res.ids.includes(id)) res.ids.push(id);
    }
    return res;
  }

  async import(input: Readable, opts: { reference?: string; changes?: string[]; message?: string; platform?: string; signal?: AbortSignal; source?: string } = {}): Promise<{ id: string }> {
    const ref = opts.reference ? parseNormalizedNamed(opts.reference) : undefined;
    const s = await this.c.stream('POST', '/images/create', {
      query: {
        fromSrc: '-',
        repo: ref?.familiarName,
        tag: ref ? ref.tag ?? 'latest' : undefined,
        message: opts.message,
        changes: opts.changes,
        platform: opts.platform,
      },
      file: input,
      signal: opts.signal,
    });
    let id = '';
    for await (const m of jsonMessages<ProgressMessage>(s)) {
      if (m.error) throw streamError(m.errorDetail?.message ?? m.error);
      if (m.status && /^sha256:[0-9a-f]{64}$/.test(m.status)) id = m.status;
    }
    if (!id) throw new EngineError('internal', 'the daemon did not report the imported image ID');
    return { id };
  }

  async exportOciLayout(_dir: string, _items: Array<{ image: string; tag: string }>): Promise<void> {
    throw unsupported('writing an OCI layout directory');
  }
  async importOciLayout(_dir: string): Promise<Array<{ id: string; repoTags: string[] }>> {
    throw unsupported('reading an OCI layout directory');
  }

  async analyze(_refOrId: string): Promise<ImageAnalysis> {
    throw unsupported('layer analysis (copy the image to the embedded engine first)');
  }
}

/** The X-Registry-Auth value for a reference's registry: the call's own credentials, else the credential store's. */
export async function registryAuth(credentials: CredentialStore | undefined, reference: string, given?: AuthConfig): Promise<{ base64: string }> {
  let auth: AuthConfig | undefined;
  try {
    const domain = parseNormalizedNamed(reference).domain;
    auth = given ?? (await credentials?.get(domain));
    return { base64: encodeRegistryAuth(auth ? apiAuthConfig(auth, domain) : {}) };
  } catch {
    return { base64: encodeRegistryAuth({}) };
  }
}

/**
 * An image ID in Docker's `sha256:<hex>` form. Podman's compatible API gives some IDs (list,
 * inspect, commit, remove) as bare hex; the Engine interface has one form for both daemons.
 */
export function imageId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}

/** `docker pull` through the daemon, with the daemon's per-layer progress. */
export async function dockerPull(c: DockerClient, credentials: CredentialStore | undefined, reference: string, opts: PullOptions = {}): Promise<PullResult[]> {
  const ref = parseNormalizedNamed(reference);
  const name = ref.familiarName;
  const tag = opts.allTags ? undefined : ref.digest ?? ref.tag ?? 'latest';
  const local = ref.digest ? `${name}@${ref.digest}` : `${name}:${tag}`;
  // What the name pointed to before the pull starts (not after: the daemon may already be storing
  // the image): Podman never says "Image is up to date", so an unchanged ID is how it is known there.
  const before = opts.allTags ? undefined : await c.call<{ Id: string }>('GET', `/images/${enc(local)}/json`).then((j) => j.Id, () => undefined);
  const s = await c.stream('POST', '/images/create', {
    query: { fromImage: ref.digest ? `${name}@${ref.digest}` : name, tag: ref.digest ? undefined : tag, platform: opts.platform },
    authconfig: await registryAuth(credentials, reference, opts.auth),
    signal: opts.signal,
  });
  const full = ref.digest ? ref.toString() : ref.withDefaultTag().toString();
  let digest = '';
  let upToDate = false;
  try {
    for await (const m of jsonMessages<ProgressMessage>(s)) {
      if (m.error) throw streamError(m.errorDetail?.message ?? m.error);
      const p = layerProgress(full, m);
      if (p) opts.onProgress?.(p);
      const d = /^Digest: (sha256:[0-9a-f]{64})/.exec(m.status ?? '');
      if (d) digest = d[1];
      if (/Image is up to date/.test(m.status ?? '')) upToDate = true;
    }
  } catch (e) {
    if (opts.signal?.aborted) throw new EngineError('cancelled', `pull of ${reference} cancelled`);
    throw c.error(e, `pull ${reference}`);
  }
  if (opts.allTags) return [{ reference: ref.nameOnly().toString(), digest, id: '', downloaded: !upToDate }];
  const j = await c.call<{ Id: string; RepoDigests?: string[] | null }>('GET', `/images/${enc(local)}/json`);
  // dockerd says "Digest: ..." in the stream; Podman does not, but records it among RepoDigests.
  if (!digest) digest = (j.RepoDigests ?? []).map((d) => d.split('@')).find(([n]) => familiar(n) === name)?.[1] ?? '';
  return [{ reference: full, digest, id: imageId(j.Id), downloaded: !upToDate && before !== j.Id }];
}

/** `docker push` through the daemon. */
export async function dockerPush(c: DockerClient, credentials: CredentialStore | undefined, reference: string, opts: PushOptions = {}): Promise<PushResult[]> {
  const ref = parseNormalizedNamed(reference);
  const name = ref.familiarName;
  const s = await c.stream('POST', `/images/${enc(name)}/push`, {
    query: { tag: opts.allTags ? undefined : ref.tag ?? 'latest' },
    authconfig: await registryAuth(credentials, reference, opts.auth),
    signal: opts.signal,
  });
  const out: PushResult[] = [];
  try {
    for await (const m of jsonMessages<ProgressMessage>(s)) {
      if (m.error) throw streamError(m.errorDetail?.message ?? m.error);
      const p = layerProgress(ref.toString(), m);
      if (p) opts.onProgress?.(p);
      // dockerd reports each pushed tag as `aux`; Podman only in the status line the docker CLI
      // prints ("v1: digest: sha256:... size: 400"), which dockerd sends too.
      const line = /^(\S+): digest: (sha256:[0-9a-f]{64}) size: (\d+)$/.exec(m.status ?? '');
      const done = m.aux?.Digest ? { tag: m.aux.Tag, digest: m.aux.Digest, size: m.aux.Size ?? 0 } : line ? { tag: line[1], digest: line[2], size: Number(line[3]) } : undefined;
      if (!done) continue;
      const tag = done.tag ?? ref.tag ?? 'latest';
      if (!out.some((r) => r.digest === done.digest && r.tag === tag)) out.push({ reference: ref.nameOnly().withTag(tag).toString(), tag, digest: done.digest, size: done.size });
    }
  } catch (e) {
    if (opts.signal?.aborted) throw new EngineError('cancelled', `push of ${reference} cancelled`);
    throw c.error(e, `push ${reference}`);
  }
  return out;
}
