import type { BuildCachePruneResult, BuildOptions, BuildResult } from './build/api';
import type { ContainersApi, VolumesApi } from './container/api';
import type { EngineEvent } from './events';
import type { ImagesApi } from './image/api';
import type { NetworksApi } from './network/api';
import type { RegistryApi } from './registry/api';
import type { SystemApi } from './system/api';

/**
 * The one contract every caller drives: the CLI, the UI, the Docker Engine API server
 * (client/src/daemon) and the tests. Two implementations: EmbeddedEngine (everything in this
 * process over one data root) and DockerEngine (a daemon's Docker Engine API: dockerd, Podman).
 *
 * Areas, by Docker's nouns (each defined next to the code that implements it):
 *   images      image/api.ts      docker image ls|inspect|history|tag|rm|prune|save|load|import
 *   containers  container/api.ts  docker container create|start|stop|...|cp|export|commit|stats
 *   volumes     container/api.ts  docker volume create|ls|inspect|rm|prune
 *   system      system/api.ts     docker system df|info|version|prune (+ fsck)
 *   registries  registry/api.ts   docker pull|push|login|logout|search (+ catalog, tags, manifests)
 *   build       build/api.ts      docker build, docker builder prune
 *   events      events.ts         docker events
 *
 * Conventions for every method: Docker's names and (for inspect/list documents) Docker Engine
 * API field names; `signal?: AbortSignal` for cancellation; `onProgress?` callbacks for long
 * operations; failures throw EngineError (core/errors.ts) with a code the caller can act on
 * (`not-found` is a 404, `conflict` a 409, `invalid-argument` a 400 ...). A method a backend
 * cannot perform exists and throws EngineError('unsupported', <why>), e.g. fsck on a daemon.
 */
export interface Engine extends RegistryApi {
  readonly kind: 'embedded' | 'docker';
  /** The data root (embedded) or the endpoint (docker) this engine talks to. */
  readonly location: string;
  /**
   * Where `location` came from: `--data-root`, `STEVEDORE_ROOT` or `default` (embedded);
   * `--host`, `DOCKER_HOST`, `context NAME` or `default` (docker).
   */
  readonly locationSource: string;
  readonly images: ImagesApi;
  readonly containers: ContainersApi;
  readonly volumes: VolumesApi;
  readonly networks: NetworksApi;
  readonly system: SystemApi;

  /** GET /_ping: answers when the engine can be used now (a daemon: reachable, API version agreed). */
  ping(): Promise<{ apiVersion: string }>;
  /** What this host can do; containers may be unsupported (with a reason) while images work. */
  capabilities(): Promise<EngineCapabilities>;

  /** Subscribes to engine events as they happen (this process's and, where supported, other processes'). */
  onEvent(listener: (e: EngineEvent) => void): { dispose(): void };
  /**
   * `docker events` (GET /events): the events from `since` (ms since the epoch; the embedded engine
   * replays its journal, a daemon its own log) and then live ones until `until`, or until the
   * signal fires when there is no `until`.
   */
  events(opts?: { since?: number; until?: number; signal?: AbortSignal }): AsyncIterable<EngineEvent>;

  /** `docker build` (POST /build): a Dockerfile and its context folder to an image, with per-step progress. */
  build(opts: BuildOptions): Promise<BuildResult>;
  /** `docker builder prune` (POST /build/prune): forgets the build cache. */
  pruneBuildCache(): Promise<BuildCachePruneResult>;

  dispose(): Promise<void>;
}

export interface EngineCapabilities {
  containers: { supported: boolean; reason?: string; runtime?: string };
}
