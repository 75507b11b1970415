import type { BuildOptions, BuildResult } from './build/builder';
import type { EngineEvent } from './events';
import type { ImagesArea } from './image/api';
import type { NetworksApi } from './network/api';
import type { RegistryApi } from './registry/api';

/**
 * The one contract the UI, the CLI and the tests drive. Two implementations:
 * EmbeddedEngine (default, everything in this process) and, later, DockerEngine
 * (the Docker Engine API). Each capability area is its own interface, defined next to
 * the code that implements it, and joined here.
 *
 * Conventions for every method: typed results; `signal?: AbortSignal` for cancellation;
 * `onProgress?` callbacks for long operations; failures throw EngineError (see errors.ts).
 */
export interface Engine extends RegistryApi, ImagesArea, NetworksApi {
  readonly kind: 'embedded' | 'docker';
  /** The data root (embedded) or the endpoint (docker) this engine talks to. */
  readonly location: string;
  /** Subscribes to engine events (this process's and, where supported, other processes'). */
  onEvent(listener: (e: EngineEvent) => void): { dispose(): void };
  /** What this host can do; containers may be unsupported (with a reason) while images work. */
  capabilities(): Promise<EngineCapabilities>;
  /** `docker build`: a Dockerfile and its context folder to an image, with per-step progress. */
  build(opts: BuildOptions): Promise<BuildResult>;
  dispose(): Promise<void>;
}

export interface EngineCapabilities {
  containers: { supported: boolean; reason?: string; runtime?: string };
}
