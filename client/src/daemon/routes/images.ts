import type { Writable } from 'stream';
import type { AuthConfig } from '../../engine/credentials/store';
import type { LayerProgress } from '../../engine/registry/api';
import type { ImageSummary } from '../../engine/image/api';
import { isEngineError } from '../../core/errors';
import { parseNormalizedNamed } from '../../core/reference';
import { parseSearchFilters } from '../../engine/registry/searchTerms';
import type { Call } from '../call';
import type { DaemonContext } from '../context';
import type { Router } from '../router';
import { decodeRegistryAuth, registryLogin, versionAtLeast } from '../../core/dockerWire';
import { ApiError, boolParam, filtersParam, intParam, JsonMessageWriter, progressBar } from '../wire';

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

/**
 * A JSON message stream that sends its 200 header only with the first message, so a failure
 * before any progress is an HTTP error with dockerd's status (moby: "if !output.Flushed()").
 */
export class LazyMessages {
  private out?: Writable;
  private w?: JsonMessageWriter;
  constructor(private readonly call: Call) {}
  get started(): boolean {
    return !!this.out;
  }
  write(m: object): void {
    if (!this.out) {
      this.out = this.call.reply.stream('application/json');
      this.w = new JsonMessageWriter(this.out);
    }
    this.w!.write(m);
  }
  /** Ends the stream; an error goes in it when the header is out, else as the HTTP answer. */
  end(error?: unknown): void {
    if (error !== undefined) {
      // A registry's 401 is not the API's 401: on a 401 the docker CLI asks for a login on stdin
      // (its privilege prompt) and waits; dockerd reports a registry refusal as a daemon error.
      if (!this.out && isEngineError(error, 'unauthorized')) throw new ApiError(500, (error as Error).message);
      if (!this.out) throw error;
      this.w!.error(error);
    }
    if (!this.out) this.write({});
    if (!this.out!.writableEnded) this.out!.end();
  }
}

/** Registry progress as dockerd's pull/push messages: the Engine's per-layer states, with progress bars while moving. */
function progressMessages(m: LazyMessages, verb: 'pull' | 'push'): (p: LayerProgress) => void {
  const seen = new Set<string>();
  return (p) => {
    if (p.kind === 'config') return;
    const id = short(p.digest);
    // dockerd announces each layer of a pull before its first state.
    if (verb === 'pull' && !seen.has(id) && p.status !== 'Already exists') m.write({ status: 'Pulling fs layer', progressDetail: {}, id });
    seen.add(id);
    const moving = p.status === 'Downloading' || p.status === 'Pushing' || p.status === 'Extracting';
    m.write(moving ? { status: p.status, progressDetail: { current: p.done, total: p.total }, progress: progressBar(p.done, p.total), id } : { status: p.status, progressDetail: {}, id });
  };
}

/** Engine ImageSummary -> API ImageSummary (`GET /images/json`). */
export function imageSummary(i: ImageSummary, version: string): Record<string, unknown> {
  return {
    Id: i.id, ParentId: '', RepoTags: i.repoTags, RepoDigests: i.repoDigests,
    Created: i.created ? Math.floor(Date.parse(i.created) / 1000) : 0,
    Size: i.size, SharedSize: i.sharedSize, Labels: i.labels, Containers: i.containers,
    ...(versionAtLeast(version, '1.44') ? {} : { VirtualSize: i.size }),
  };
}

/**
 * `X-Registry-Auth` (base64url JSON, as the docker CLI sends it with every pull and push) as the
 * Engine's per-call credentials; `{}` or an empty header means the engine's saved logins. The
 * secrets in it never reach a log or an error message.
 */
function registryAuth(call: Call): AuthConfig | undefined {
  const raw = call.headers['x-registry-auth'];
  if (!raw || Array.isArray(raw)) return undefined;
  try {
    return registryLogin(decodeRegistryAuth(raw));
  } catch (e) {
    throw new ApiError(400, (e as Error).message);
  }
}

/** `fromImage` + `tag` as the CLI splits them (`busybox` + `latest`, `app` + `sha256:…`). */
function pullReference(image: string, tag: string): { reference: string; allTags: boolean } {
  if (!tag) return { reference: image, allTags: !/[:@][^/]*$/.test(image) };
  return { reference: /^[a-z0-9]+:[a-f0-9]{32,}$/.test(tag) ? `${image}@${tag}` : `${image}:${tag}`, allTags: false };
}

export function register(r: Router, { engine }: DaemonContext): void {
  r.get('/images/json', async (call) => {
    const filters = filtersParam(call.query);
    // API < 1.41 had `filter=` (a reference pattern) as its own parameter.
    const legacy = call.query.get('filter');
    if (legacy) (filters.reference ??= []).push(legacy);
    const rows = await engine.images.list({ all: boolParam(call.query, 'all'), filters });
    call.reply.json(200, rows.map((i) => imageSummary(i, call.version)));
  });

  r.post('/images/create', async (call) => {
    const auth = registryAuth(call);
    const fromSrc = call.query.get('fromSrc');
    const m = new LazyMessages(call);
    if (fromSrc !== null) {
      if (fromSrc !== '-') throw new ApiError(400, 'importing from a URL is not supported; send the archive as the request body (fromSrc=-)');
      const repo = call.query.get('repo') ?? '';
      const tag = call.query.get('tag') ?? '';
      const reference = repo ? (tag ? `${repo}:${tag}` : repo) : undefined;
      try {
        const { id } = await engine.images.import(call.body, {
          reference, changes: call.query.getAll('changes'), message: call.query.get('message') ?? undefined,
          platform: call.query.get('platform') || undefined, signal: call.signal,
        });
        m.write({ status: id });
        m.end();
      } catch (e) {
        m.end(e);
      }
      return;
    }
    const image = call.query.get('fromImage');
    if (!image) throw new ApiError(400, 'fromImage or fromSrc is required');
    const { reference, allTags } = pullReference(image, call.query.get('tag') ?? '');
    try {
      parseNormalizedNamed(reference);
    } catch (e) {
      throw new ApiError(400, (e as Error).message);
    }
    try {
      const results = await engine.images.pull(reference, {
        allTags, platform: call.query.get('platform') || undefined, signal: call.signal, ...(auth ? { auth } : {}),
        // Where the image comes from (a mirror tried, used or given up), as status lines.
        onMessage: (line) => m.write({ status: line }),
        onProgress: (() => {
          const layers = progressMessages(m, 'pull');
          // `TAG: Pulling from REPO` once per image pulled (each tag of an --all-tags pull), as dockerd does.
          let announced: string | undefined;
          return (p: LayerProgress) => {
            if (p.ref !== announced) {
              announced = p.ref;
              const r = parseNormalizedNamed(p.ref);
              m.write({ status: `Pulling from ${r.path}`, id: r.tag ?? r.digest ?? 'latest' });
            }
            layers(p);
          };
        })(),
      });
      for (const res of results) {
        const fam = parseNormalizedNamed(res.reference).familiarString;
        if (res.digest) m.write({ status: `Digest: ${res.digest}` });
        m.write({ status: res.downloaded ? `Status: Downloaded newer image for ${fam}` : `Status: Image is up to date for ${fam}` });
      }
      m.end();
    } catch (e) {
      if (call.signal.aborted) return;
      m.end(e);
    }
  });

  r.get('/images/get', async (call) => {
    const names = call.query.getAll('names');
    if (!names.length) throw new ApiError(400, 'no image names given (names=)');
    await save(call, names);
  });

  r.post('/images/load', async (call) => {
    boolParam(call.query, 'quiet'); // checked only: dockerd sends the same lines with quiet=1
    const res = await engine.images.load(call.body, { signal: call.signal, platform: call.query.get('platform') || undefined });
    const out = call.reply.stream('application/json');
    const w = new JsonMessageWriter(out);
    for (const line of res.messages) w.write({ stream: `${line}\n` });
    out.end();
  });

  r.post('/images/prune', async (call) => {
    const filters = filtersParam(call.query);
    const dangling = filters.dangling?.[0];
    const rest = { ...filters };
    delete rest.dangling;
    const res = await engine.images.prune({ all: dangling === 'false' || dangling === '0', filters: rest });
    call.reply.json(200, {
      ImagesDeleted: [...res.untagged.map((u) => ({ Untagged: u })), ...res.deleted.map((d) => ({ Deleted: d }))],
      SpaceReclaimed: res.spaceReclaimed,
    });
  });

  r.get('/images/search', async (call) => {
    const term = call.query.get('term');
    if (!term) throw new ApiError(400, 'term is required');
    // dockerd's filter rules and messages (Invalid filter 'foo', 'stars=abc', 'is-official=[maybe]').
    const rows = await engine.search(term, { limit: intParam(call.query, 'limit'), signal: call.signal, filters: parseSearchFilters(filtersParam(call.query)) });
    call.reply.json(200, rows.map((x) => ({ name: x.name, description: x.description, star_count: x.stars, is_official: x.official, is_automated: x.automated })));
  });

  r.get('/images/{name*}/json', async (call) => {
    call.reply.json(200, await engine.images.inspect(call.params.name));
  });

  r.get('/images/{name*}/history', async (call) => {
    const rows = await engine.images.history(call.params.name);
    call.reply.json(200, rows.map((h) => ({
      Id: h.id, Created: h.created ? Math.floor(Date.parse(h.created) / 1000) : 0, CreatedBy: h.createdBy,
      Tags: h.tags.length ? h.tags : null, Size: h.size, Comment: h.comment,
    })));
  });

  r.get('/images/{name*}/get', async (call) => {
    await save(call, [call.params.name]);
  });

  r.post('/images/{name*}/tag', async (call) => {
    const repo = call.query.get('repo');
    if (!repo) throw new ApiError(400, 'repository name (repo) is required');
    const tag = call.query.get('tag');
    await engine.images.tag(call.params.name, tag ? `${repo}:${tag}` : repo);
    call.reply.empty(201);
  });

  r.post('/images/{name*}/push', async (call) => {
    const auth = registryAuth(call);
    const tag = call.query.get('tag') ?? '';
    const name = call.params.name;
    const m = new LazyMessages(call);
    let named;
    try {
      named = parseNormalizedNamed(name);
    } catch (e) {
      throw new ApiError(400, (e as Error).message);
    }
    const reference = tag ? `${name}:${tag}` : name;
    try {
      m.write({ status: `The push refers to repository [${named.name}]` });
      const results = await engine.images.push(reference, { allTags: !tag && !/:[^/]*$/.test(name), signal: call.signal, onProgress: progressMessages(m, 'push'), ...(auth ? { auth } : {}) });
      for (const res of results) {
        m.write({ status: `${res.tag}: digest: ${res.digest} size: ${res.size}` });
        m.write({ progressDetail: {}, aux: { Tag: res.tag, Digest: res.digest, Size: res.size } });
      }
      m.end();
    } catch (e) {
      if (call.signal.aborted) return;
      m.end(e);
    }
  });

  r.delete('/images/{name*}', async (call) => {
    const res = await engine.images.remove(call.params.name, { force: boolParam(call.query, 'force') });
    call.reply.json(200, [...res.untagged.map((u) => ({ Untagged: u })), ...res.deleted.map((d) => ({ Deleted: d })), ...(res.layers ?? []).map((d) => ({ Deleted: d }))]);
  });

  /** `docker save`: the tar streamed as it is written; a failure before the first byte is an HTTP error. */
  async function save(call: Call, names: string[]): Promise<void> {
    // Resolve first so that "No such image" is a 404, not a broken tar.
    for (const n of names) await engine.images.inspect(n);
    const out = call.reply.stream('application/x-tar');
    await engine.images.save(names, out, { signal: call.signal });
    if (!out.writableEnded) out.end();
  }

}
