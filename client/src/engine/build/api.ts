/**
 * The build area of the Engine contract (`docker build`, `docker builder prune`): the types both
 * engines take and give. The embedded engine builds in build/builder.ts, the Docker engine through
 * the daemon (docker/build.ts, BuildKit or the classic builder).
 */

export interface BuildOptions {
  /** The build context folder. */
  context: string;
  /** The Dockerfile (default `<context>/Dockerfile`). */
  dockerfile?: string;
  tags?: string[];
  target?: string;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
  /** `os/arch[/variant]`: only this host's platform can be built. */
  platform?: string;
  /** `--secret id=ID,src=FILE`: files RUN --mount=type=secret can read at /run/secrets/ID. */
  secrets?: Record<string, string>;
  /** `docker build --network`: the network of RUN steps without a `--network` flag of their own (`default`/`bridge`, `none`, `host`). */
  network?: string;
  /**
   * Docker engine only: `buildkit` or `classic` for this build; `auto` or unset: the engine's
   * choice (DOCKER_BUILDKIT, else BuildKit where the daemon has it). The embedded engine has one builder.
   */
  builder?: 'auto' | 'buildkit' | 'classic';
  signal?: AbortSignal;
  onProgress?: (e: BuildProgress) => void;
}

/** One step's progress, for the CLI's plain output and the UI. */
export interface BuildProgress {
  step: number;
  total: number;
  /** `[stage 2/3] COPY . /app` */
  name: string;
  /** 0-based Dockerfile lines of the instruction. */
  startLine: number;
  endLine: number;
  status: 'start' | 'cached' | 'done' | 'error' | 'output';
  message?: string;
}

export interface BuildStep {
  stage: number;
  instruction: string;
  startLine: number;
  endLine: number;
  cached: boolean;
  /** The layer this step added (diff ID), if it made one. */
  layer?: string;
  /** Uncompressed bytes of that layer. */
  size?: number;
}

export interface BuildResult {
  id: string;
  tags: string[];
  steps: BuildStep[];
}

/** `docker builder prune` (Engine API POST /build/prune). */
export interface BuildCachePruneResult {
  CachesDeleted: string[];
  SpaceReclaimed: number;
}
