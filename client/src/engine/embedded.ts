import { Builder } from './build/builder';
import type { BuildCachePruneResult, BuildOptions, BuildResult } from './build/api';
import { ContainerService } from './container/service';
import { reapRuns } from './container/oneshot';
import { detectRuntime, runtimeVersion } from './container/runtime';
import { VolumeStore } from './container/volumes';
import { EmbeddedNetworks } from './network/embedded';
import { NetworkStore } from './network/store';
import { Snapshotter } from './snapshot';
import { ContentStore } from './content/store';
import { makePrivate, resolveDataRoot } from './dataroot';
import type { Engine, EngineCapabilities } from './engine';
import { EventJournal, EngineEvent } from './events';
import { ImageService } from './image/service';
import { ImageStore } from './image/store';
import type { AuthConfig, CredentialStore } from './credentials/store';
import type { RegistryConfigInfo, RemoteManifest, SearchOptions, SearchResult } from './registry/api';
import { openRegistryService, RegistryService } from './registry';
import { loadRegistryConfig, type RegistryOverlay } from './registry/config';
import { EmbeddedSystem } from './system/embedded';

export interface EngineOptions {
  /** Where logins live; default: Docker's config.json and its credential helpers (the CLI's choice). */
  credentials?: CredentialStore;
  /** Registries (host[:port] or CIDR) to reach over plain HTTP besides loopback. */
  insecureRegistries?: string[];
  /** Layered on top of the registry configuration file (the extension's settings: mirrors, insecure registries). */
  registryOverlay?: RegistryOverlay;
}

/** Where the data root came from (Engine.locationSource). */
function dataRootSource(explicit: string | undefined): string {
  if (explicit && explicit.trim()) return '--data-root';
  if (process.env.STEVEDORE_ROOT && process.env.STEVEDORE_ROOT.trim()) return 'STEVEDORE_ROOT';
  return 'default';
}

/**
 * The embedded engine: everything in this process over one data root. A thin composition
 * of stores and services; each area (images, registry, containers, volumes, build) adds
 * its own member here and keeps its logic in its own folder.
 */
export class EmbeddedEngine implements Engine {
  readonly kind = 'embedded' as const;
  readonly content: ContentStore;
  /** The event journal of the data root (onEvent/events read it). */
  readonly journal: EventJournal;
  readonly imageStore: ImageStore;
  readonly images: ImageService;
  readonly registry: RegistryService;
  readonly builder: Builder;
  readonly snapshots: Snapshotter;
  readonly volumes: VolumeStore;
  readonly containers: ContainerService;
  readonly networkStore: NetworkStore;
  readonly networks: EmbeddedNetworks;
  readonly system: EmbeddedSystem;

  private constructor(readonly location: string, readonly locationSource: string, opts: EngineOptions) {
    this.content = new ContentStore(location);
    this.journal = new EventJournal(location);
    this.imageStore = new ImageStore(location, this.content, this.journal);
    this.images = new ImageService(this.imageStore, this.content, this.journal);
    const overlay: RegistryOverlay = { ...opts.registryOverlay, insecure: [...(opts.registryOverlay?.insecure ?? []), ...(opts.insecureRegistries ?? [])] };
    const config = loadRegistryConfig({ env: process.env, overlay });
    this.registry = openRegistryService(location, { images: this.imageStore, content: this.content, events: this.journal, credentials: opts.credentials, config });
    // `images.pull/push` are the registry service's transfers into and out of this store.
    this.images.transfers = this.registry;
    this.snapshots = new Snapshotter({ dataRoot: location, content: this.content, images: this.imageStore });
    // Every image GC (rmi, image prune, builder prune) ends with a layer GC: killed builds' leftovers, then unused unpacked layers.
    this.imageStore.afterGc(async () => {
      await reapRuns(location);
      await this.snapshots.gc();
    });
    this.volumes = new VolumeStore(location, this.journal);
    this.networkStore = new NetworkStore(location, this.journal);
    this.containers = new ContainerService({ root: location, content: this.content, images: this.imageStore, events: this.journal, snapshots: this.snapshots, volumes: this.volumes, networks: this.networkStore });
    this.networks = new EmbeddedNetworks(this.networkStore, this.containers);
    this.builder = new Builder({
      dataRoot: location, content: this.content, images: this.imageStore, events: this.journal,
      pull: async (reference, signal) => { await this.registry.pull(reference, { signal }); },
      snapshots: this.snapshots,
    });
    this.system = new EmbeddedSystem({
      root: location, images: this.images, imageStore: this.imageStore, containers: this.containers, volumes: this.volumes,
      builder: this.builder, snapshots: this.snapshots, capabilities: () => this.capabilities(),
    });
  }

  /** `docker build`: a Dockerfile and its context folder to an image. */
  build(opts: BuildOptions): Promise<BuildResult> {
    return this.builder.build(opts);
  }

  /** `docker builder prune`. */
  pruneBuildCache(): Promise<BuildCachePruneResult> {
    return this.builder.prune();
  }

  /** Opens (creating if needed) the data root: `--data-root`, $STEVEDORE_ROOT or the XDG default. */
  static async open(dataRoot?: string, opts: EngineOptions = {}): Promise<EmbeddedEngine> {
    const root = resolveDataRoot(dataRoot);
    // Created private, or made private if an older or hand-made root lets other users in.
    const fixed = makePrivate(root);
    const engine = new EmbeddedEngine(root, dataRootSource(dataRoot), opts);
    engine.images.modeFixes = fixed;
    return engine;
  }

  /** Events of this process and of every other process on the data root (the journal is followed from the first subscriber on). */
  onEvent(listener: (e: EngineEvent) => void): { dispose(): void } {
    this.journal.follow();
    return this.journal.on(listener);
  }

  /** `docker events`: the journal from `since`, then live events. */
  events(opts?: { since?: number; until?: number; signal?: AbortSignal }): AsyncIterable<EngineEvent> {
    return this.journal.read(opts);
  }

  /** The data root is there (it was opened): the embedded engine is always reachable. */
  async ping(): Promise<{ apiVersion: string }> {
    return { apiVersion: '' };
  }

  async capabilities(): Promise<EngineCapabilities> {
    const r = detectRuntime();
    return { containers: r.supported ? { supported: true, runtime: `${r.name} ${runtimeVersion(r.path!)}`.trim() } : { supported: false, reason: r.reason } };
  }

  async dispose(): Promise<void> {
    // Areas with resources (watchers, servers) release them here.
    this.journal.dispose();
  }

  // ---- registry area (delegated) ----
  login(server: string | undefined, auth: AuthConfig, opts?: { signal?: AbortSignal }): Promise<{ registry: string }> {
    return this.registry.login(server, auth, opts);
  }
  logout(server?: string): Promise<{ registry: string; removed: boolean }> {
    return this.registry.logout(server);
  }
  catalog(registry: string, opts?: { signal?: AbortSignal }): Promise<string[]> {
    return this.registry.catalog(registry, opts);
  }
  tags(repository: string, opts?: { signal?: AbortSignal }): Promise<string[]> {
    return this.registry.tags(repository, opts);
  }
  deleteManifest(reference: string, opts?: { signal?: AbortSignal }): Promise<string> {
    return this.registry.deleteManifest(reference, opts);
  }
  inspectRemote(reference: string, opts?: { signal?: AbortSignal }): Promise<RemoteManifest> {
    return this.registry.inspectRemote(reference, opts);
  }
  registryConfig(): Promise<RegistryConfigInfo> {
    return this.registry.registryConfig();
  }
  search(term: string, opts?: SearchOptions): Promise<SearchResult[]> {
    return this.registry.search(term, opts);
  }
}
export { DockerConfigCredentialStore } from './credentials/dockerconfig';

/** The embedded engine as callers outside the engine see it: the Engine contract (see EmbeddedEngine.open). */
export function openEmbeddedEngine(dataRoot?: string, opts: EngineOptions = {}): Promise<Engine> {
  return EmbeddedEngine.open(dataRoot, opts);
}
