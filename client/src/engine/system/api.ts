import type { FsckProblem, FsckReport } from '../image/store';

/**
 * The system area of the Engine contract: `docker system df|info|version|prune` and Stevedore's
 * `system fsck`. Shapes follow the Docker Engine API (GET /system/df is summarised as DiskUsage,
 * GET /info and GET /version are subsets with Docker's field names).
 */

/** One row of `docker system df`. */
export interface UsageRow {
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

export interface DiskUsage {
  images: UsageRow;
  containers: UsageRow;
  volumes: UsageRow;
  buildCache: UsageRow;
  /**
   * The embedded engine's unpacked layers (`<data root>/layers`, the trees containers run
   * from) on disk: active = used by a container; reclaimable = what the layer GC frees. dockerd
   * counts these in its Images row; it has no such row.
   */
  layers?: UsageRow;
}

/** GET /info (`docker info`): the fields both engines fill, with Docker's names. */
export interface SystemInfo {
  ID: string;
  Name: string;
  ServerVersion: string;
  OperatingSystem: string;
  OSType: string;
  Architecture: string;
  KernelVersion: string;
  NCPU: number;
  MemTotal: number;
  /** The data root (embedded) or the daemon's root directory. */
  DockerRootDir: string;
  Driver: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  DefaultRuntime: string;
  /** `name=rootless` when containers run without root. */
  SecurityOptions: string[];
  Warnings: string[];
  /** The rest of the daemon's answer (Docker engine only), untouched. */
  [key: string]: unknown;
}

/** GET /version (`docker version`'s Server part). */
export interface SystemVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  GoVersion?: string;
  GitCommit?: string;
  BuildTime?: string;
  Components?: Array<{ Name: string; Version: string; Details?: Record<string, string> }>;
  Platform?: { Name: string };
}

/** `docker system prune [-a] [--volumes]`: what each area removed. */
export interface SystemPruneResult {
  ContainersDeleted: string[];
  /** `untagged:` and `deleted:` lines, as docker prints them. */
  ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }>;
  VolumesDeleted: string[];
  BuildCacheDeleted: string[];
  SpaceReclaimed: number;
}

/** `stevedore system fsck`: the store checks of the embedded engine. */
export interface SystemFsckReport {
  ok: boolean;
  images: FsckReport;
  containers: { ok: boolean; containers: number; problems: FsckProblem[] };
}

export interface SystemApi {
  /** `docker system df` (GET /system/df). */
  df(): Promise<DiskUsage>;
  /** `docker info` (GET /info). */
  info(): Promise<SystemInfo>;
  /** `docker version` (GET /version). */
  version(): Promise<SystemVersion>;
  /**
   * `docker system prune` (POST /containers/prune, /images/prune, /build/prune, and with `volumes`
   * /volumes/prune): stopped containers, dangling (with `all`, unused) images, the build cache.
   */
  prune(opts?: { all?: boolean; volumes?: boolean }): Promise<SystemPruneResult>;
  /** Checks (and with `repair`, fixes) the engine's own store. The Docker engine throws `unsupported`: the daemon keeps its store. */
  fsck(opts?: { repair?: boolean }): Promise<SystemFsckReport>;
}
