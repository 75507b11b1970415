import { EventEmitter } from 'events';
import type { Readable } from 'stream';
import type { BuildCachePruneResult, BuildOptions, BuildResult } from '../build/api';
import { DockerConfigCredentialStore } from '../credentials/dockerconfig';
import type { AuthConfig, CredentialStore } from '../credentials/store';
import type { Engine, EngineCapabilities } from '../engine';
import { apiAuthConfig, IMAGE_EVENT_VERBS, type ApiEvent } from '../../core/dockerWire';
import { EngineError } from '../../core/errors';
import type { EngineEvent } from '../events';
import { parseNormalizedNamed } from '../../core/reference';
import type { RegistryConfigInfo, RemoteManifest, SearchOptions, SearchResult } from '../registry/api';
import { openRegistryService } from '../registry/index';
import type { RegistryService } from '../registry/service';
import { searchRegistryHost, splitSearchTerm } from '../registry/searchTerms';
import { dockerBuild } from './build';
import type { DockerBuilderChoice } from './buildkit';
import { DockerClient, jsonMessages } from './client';
import { DockerEndpoint, resolveEndpoint, ResolveOptions } from './connection';
import { DockerContainers, DockerVolumes } from './containers';
import { DockerNetworks } from './networks';
import { DockerImages, registryAuth } from './images';
import { DockerSystem } from './system';

export interface DockerEngineOptions extends ResolveOptions {
  /** Where logins live (default: Docker's config.json and its helpers, shared with the docker CLI). */
  credentials?: CredentialStore;
  /** First and longest wait between reconnection attempts of the events stream (ms). */
  reconnectDelay?: { min: number; max: number };
  /** `stevedore.docker.builder`: `buildkit`, `classic`, or `auto` (DOCKER_BUILDKIT, else BuildKit where the daemon has it). */
  builder?: DockerBuilderChoice;
  /**
   * For views that show lists while the daemon is away: list calls give [] (instead of failing
   * with `unavailable`) and capabilities() says containers are supported, and this hears why.
   */
  whenUnreachable?: (reason: string) => void;
}

/** Docker's image event words to Stevedore's (the embedded engine's vocabulary). */
type DaemonEvent = ApiEvent;

/** A daemon event in Stevedore's `<noun>.<action>` form. */
export function mapDaemonEvent(e: DaemonEvent): EngineEvent {
  const noun = e.Type ?? 'container';
  let action = (e.Action ?? e.status ?? '').split(':')[0].trim();
  if (noun === 'image') action = IMAGE_EVENT_VERBS[action] ?? action;
  // Podman reports a container's or volume's removal as "remove"; Docker (and Stevedore) as "destroy".
  if ((noun === 'container' || noun === 'volume') && action === 'remove') action = 'destroy';
  const attrs = e.Actor?.Attributes;
  return {
    type: `${noun}.${action}`,
    id: e.Actor?.ID ?? e.id ?? '',
    time: e.timeNano ? Math.floor(e.timeNano / 1e6) : (e.time ?? 0) * 1000,
    pid: 0,
    ...(attrs && Object.keys(attrs).length ? { attributes: attrs } : {}),
  };
}

/**
 * The Docker engine: the same Engine contract as EmbeddedEngine, over the Docker Engine API of a
 * daemon (Docker, Docker Desktop, Podman's compatible socket; local or remote). Connection and
 * version negotiation are lazy and retried on every call, so a daemon that goes away and comes
 * back is picked up again without reopening the engine; the `/events` stream reconnects on its own.
 */
export class DockerEngine implements Engine {
  readonly kind = 'docker' as const;
  readonly location: string;
  readonly client: DockerClient;
  readonly images: DockerImages;
  readonly containers: DockerContainers;
  readonly volumes: DockerVolumes;
  readonly networks: DockerNetworks;
  readonly system: DockerSystem;
  /** Where the endpoint came from: `--host`, `DOCKER_HOST`, `context NAME`, `default`. */
  readonly locationSource: string;
  readonly credentials: CredentialStore;
  private readonly emitter = new EventEmitter();
  private listeners = 0;
  private following?: AbortController;
  private disposed = false;
  private registrySvc?: RegistryService;
  /** Whether the events stream is connected now (false before the first connection and while reconnecting). */
  connected = false;
  /** The builder of builds that do not choose one (the `builder` option; the UI updates it when its setting changes). */
  builder: DockerBuilderChoice | undefined;

  constructor(readonly endpoint: DockerEndpoint, private readonly opts: DockerEngineOptions = {}) {
    this.location = endpoint.host;
    this.client = new DockerClient(endpoint, opts.env);
    this.credentials = opts.credentials ?? new DockerConfigCredentialStore();
    this.images = new DockerImages(this.client, this.credentials);
    this.containers = new DockerContainers(this.client);
    this.volumes = new DockerVolumes(this.client);
    this.networks = new DockerNetworks(this.client);
    this.system = new DockerSystem(this.client);
    this.locationSource = endpoint.source;
    this.client.whenUnreachable = opts.whenUnreachable;
    this.builder = opts.builder;
    this.emitter.setMaxListeners(100);
  }

  /**
   * Resolves the endpoint (host option, DOCKER_HOST, Docker context, default socket). Does not
   * require the daemon to be up: calls fail with `unavailable` until it is, then work.
   */
  static async open(opts: DockerEngineOptions = {}): Promise<DockerEngine> {
    return new DockerEngine(resolveEndpoint(opts), opts);
  }

  /** Talks to the daemon now: negotiates the API version (throws `unavailable` when it cannot). */
  async ping(): Promise<{ apiVersion: string }> {
    try {
      return { apiVersion: await this.client.negotiate() };
    } catch (e) {
      throw this.client.error(e);
    }
  }

  async capabilities(): Promise<EngineCapabilities> {
    try {
      const info = await this.client.call<{ ServerVersion?: string; DefaultRuntime?: string; OSType?: string; Name?: string }>('GET', '/info');
      return { containers: { supported: true, runtime: `docker ${info.ServerVersion ?? ''} (${info.DefaultRuntime ?? 'runc'}, API ${this.client.apiVersion})`.replace(/ {2,}/g, ' ') } };
    } catch (e) {
      const reason = this.client.error(e).message;
      if (this.opts.whenUnreachable) {
        // The views keep their container commands while the daemon is away; their welcome content says why.
        const down = await this.ping().then(() => undefined, (err: Error) => err.message);
        if (down !== undefined) {
          this.opts.whenUnreachable(down);
          return { containers: { supported: true, runtime: `unreachable: ${down}` } };
        }
      }
      return { containers: { supported: false, reason } };
    }
  }

  /** POST /build: BuildKit or the classic builder (`opts.builder`, else the engine's `builder`, else the daemon's default). */
  build(opts: BuildOptions): Promise<BuildResult> {
    return dockerBuild(this.client, this.credentials, opts, (e) => this.emitter.emit('event', e), { builder: this.builder, env: this.opts.env });
  }

  /** POST /build/prune (DockerSystem.pruneBuildCache: `docker system prune` runs the same call). */
  pruneBuildCache(): Promise<BuildCachePruneResult> {
    return this.system.pruneBuildCache();
  }

  // ---- events ------------------------------------------------------------------------------

  onEvent(listener: (e: EngineEvent) => void): { dispose(): void } {
    this.emitter.on('event', listener);
    this.listeners++;
    if (this.listeners === 1) this.startFollowing();
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.emitter.off('event', listener);
        if (--this.listeners === 0) this.stopFollowing();
      },
    };
  }

  /** GET /events with since/until: the daemon's own log from `since`, then live events. */
  async *events(opts: { since?: number; until?: number; signal?: AbortSignal } = {}): AsyncGenerator<EngineEvent> {
    const secs = (ms: number | undefined) => (ms === undefined ? undefined : (ms / 1000).toFixed(3));
    let stream: Readable;
    try {
      stream = await this.client.stream('GET', '/events', { query: { since: secs(opts.since), until: secs(opts.until) }, signal: opts.signal });
    } catch (e) {
      if (opts.signal?.aborted) return;
      throw e;
    }
    try {
      for await (const raw of jsonMessages<DaemonEvent>(stream)) yield mapDaemonEvent(raw);
    } catch (e) {
      if (opts.signal?.aborted) return;
      throw this.client.error(e, 'events');
    } finally {
      stream.destroy();
    }
  }

  private emitLocal(type: string, id: string, attributes?: Record<string, string>): void {
    this.emitter.emit('event', { type, id, time: Date.now(), pid: process.pid, ...(attributes ? { attributes } : {}) } satisfies EngineEvent);
  }

  private stopFollowing(): void {
    this.following?.abort();
    this.following = undefined;
    this.connected = false;
  }

  /**
   * Follows `/events` until disposed: on a drop (daemon restart, network), reconnects with
   * backoff and asks for the events since the last one seen, so none are lost while the daemon
   * kept running; `engine.disconnected` / `engine.connected` mark the gap for listeners.
   */
  private startFollowing(): void {
    const ac = new AbortController();
    this.following = ac;
    const min = this.opts.reconnectDelay?.min ?? 250;
    const max = this.opts.reconnectDelay?.max ?? 5000;
    let since: number | undefined; // seconds, the daemon's clock as its events report it
    const seen = new Set<string>();
    void (async () => {
      let delay = min;
      // 'unknown' until the first attempt: a daemon that is down from the start is reported
      // (`engine.disconnected`) like one that went away, and its coming up (`engine.connected`) too.
      let state: 'unknown' | 'up' | 'down' = 'unknown';
      while (!ac.signal.aborted && !this.disposed) {
        let stream: Readable | undefined;
        try {
          stream = await this.client.stream('GET', '/events', { query: since !== undefined ? { since: String(since) } : {}, signal: ac.signal });
          this.connected = true;
          delay = min;
          if (state === 'down') this.emitLocal('engine.connected', this.location);
          state = 'up';
          for await (const raw of jsonMessages<DaemonEvent>(stream)) {
            const key = `${raw.timeNano}|${raw.Type}|${raw.Action}|${raw.Actor?.ID}`;
            if (seen.has(key)) continue;
            seen.add(key);
            if (seen.size > 2000) for (const k of [...seen].slice(0, 1000)) seen.delete(k);
            if (raw.time) since = raw.time;
            this.emitter.emit('event', mapDaemonEvent(raw));
          }
          throw new Error(`the Docker daemon at ${this.location} closed its events stream (it stopped or restarted)`);
        } catch (e) {
          stream?.destroy();
          if (ac.signal.aborted || this.disposed) return;
          this.connected = false;
          // A restarted daemon may have another version: negotiate again on the next call
          // (before listeners hear of the drop, so a call they make asks the daemon again).
          this.client.forget();
          if (state !== 'down') {
            state = 'down';
            this.emitLocal('engine.disconnected', this.location, { reason: this.client.error(e).message });
          }
          // Replay from the last event seen (or from now, if none yet), no earlier.
          since ??= Math.floor(Date.now() / 1000);
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(max, delay * 2);
        }
      }
    })();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopFollowing();
    this.emitter.removeAllListeners();
  }

  // ---- registry area -------------------------------------------------------------------------

  /** `docker login`: the daemon checks the credentials (POST /auth), then they are saved where the docker CLI keeps them. */
  async login(server: string | undefined, auth: AuthConfig, opts: { signal?: AbortSignal } = {}): Promise<{ registry: string }> {
    const registry = server ? parseNormalizedNamed(`${server.replace(/^https?:\/\//, '').replace(/\/.*$/, '')}/x`).domain : 'docker.io';
    const r = await this.client.call<{ IdentityToken?: string }>('POST', '/auth', {
      body: apiAuthConfig(auth, registry),
      signal: opts.signal,
    });
    await this.credentials.store(registry, r.IdentityToken ? { username: auth.username, identityToken: r.IdentityToken } : auth);
    this.emitLocal('registry.login', registry);
    return { registry };
  }

  async logout(server?: string): Promise<{ registry: string; removed: boolean }> {
    const r = await this.registry().logout(server);
    if (r.removed) this.emitLocal('registry.logout', r.registry);
    return r;
  }

  // Browsing a registry does not involve the daemon: Stevedore's registry client does it, with the same logins.
  catalog(registry: string, opts?: { signal?: AbortSignal }): Promise<string[]> {
    return this.registry().catalog(registry, opts);
  }
  tags(repository: string, opts?: { signal?: AbortSignal }): Promise<string[]> {
    return this.registry().tags(repository, opts);
  }
  deleteManifest(reference: string, opts?: { signal?: AbortSignal }): Promise<string> {
    return this.registry().deleteManifest(reference, opts);
  }
  inspectRemote(reference: string, opts?: { signal?: AbortSignal }): Promise<RemoteManifest> {
    return this.registry().inspectRemote(reference, opts);
  }

  /** `docker search`: the daemon's `/images/search` (Docker Hub, or a registry's v1 search for `REGISTRY/TERM`). */
  async search(term: string, opts: SearchOptions = {}): Promise<SearchResult[]> {
    const t = (term ?? '').trim();
    if (!t) throw new EngineError('invalid-argument', 'search term must not be empty: say what to look for, e.g. `stevedore search nginx`');
    const f = opts.filters ?? {};
    const filters: Record<string, string[]> = {};
    if (f.stars !== undefined) filters.stars = [String(f.stars)];
    if (f.isOfficial !== undefined) filters['is-official'] = [String(f.isOfficial)];
    if (f.isAutomated !== undefined) filters['is-automated'] = [String(f.isAutomated)];
    const full = opts.registry ? `${searchRegistryHost(opts.registry)}/${t}` : t;
    const deadline = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    try {
      const rows = await this.client.call<Array<{ name: string; description?: string; star_count?: number; is_official?: boolean; is_automated?: boolean }>>('GET', '/images/search', {
        query: { term: full, ...(opts.limit ? { limit: opts.limit } : {}), ...(Object.keys(filters).length ? { filters: JSON.stringify(filters) } : {}) },
        authconfig: await registryAuth(this.credentials, full.includes('/') ? `${full}:latest` : 'busybox:latest').catch(() => undefined),
        signal: opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline,
      });
      const { registry } = splitSearchTerm(full);
      return (rows ?? []).map((r) => ({ name: r.name, description: r.description ?? '', stars: r.star_count ?? 0, official: !!r.is_official, automated: !!r.is_automated, registry }));
    } catch (e) {
      if (deadline.aborted && !opts.signal?.aborted) throw new EngineError('unavailable', `the daemon's search of "${full}" did not finish within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)} s`);
      throw e;
    }
  }

  /** The daemon's own registry configuration (its daemon.json), from `/info`. */
  async registryConfig(): Promise<RegistryConfigInfo> {
    const info = await this.client.call<{ RegistryConfig?: RegistryConfigInfo['docker'] }>('GET', '/info');
    const rc = info.RegistryConfig ?? { Mirrors: [], InsecureRegistryCIDRs: [], IndexConfigs: {} };
    const mirrors: Record<string, string[]> = {};
    for (const [name, ic] of Object.entries(rc.IndexConfigs ?? {})) if (ic.Mirrors?.length) mirrors[name] = ic.Mirrors;
    const insecure = [...(rc.InsecureRegistryCIDRs ?? []), ...Object.values(rc.IndexConfigs ?? {}).filter((ic) => !ic.Secure).map((ic) => ic.Name)];
    return { warnings: [], mirrors, insecure, blocked: [], docker: { Mirrors: rc.Mirrors ?? [], InsecureRegistryCIDRs: rc.InsecureRegistryCIDRs ?? [], IndexConfigs: rc.IndexConfigs ?? {} } };
  }

  private registry(): RegistryService {
    if (!this.registrySvc) {
      // Only the registry client and the credential store are used (no local image store is touched).
      this.registrySvc = openRegistryService(undefined, { credentials: this.credentials });
    }
    return this.registrySvc;
  }
}

export { EngineError };
