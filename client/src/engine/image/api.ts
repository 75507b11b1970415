import type { Readable, Writable } from 'stream';
import type { LoadResult } from '../archive';
import type { ImageAnalysis } from '../layer/analyze';
import type { ContainerConfig } from './types';
import type { FsckReport, RemoveResult } from './store';

/** One row of `docker images` (Docker API ImageSummary, camel-cased). */
export interface ImageSummary {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** ISO 8601 ('' when the config has no time). */
  created: string;
  /** Docker's SIZE: bytes of the files in the layers (see ImageRecord.size). */
  size: number;
  /** Size shared with other images (layers they also use). */
  sharedSize: number;
  /** Containers using the image (-1 when unknown). */
  containers: number;
  labels: Record<string, string>;
}

export interface ListImagesOptions {
  /** Docker's -a: include intermediate images (the embedded store keeps none, so no difference). */
  all?: boolean;
  /** `dangling=true|false`, `reference=PATTERN` (FamiliarMatch), `label=k[=v]`, `before=`, `since=`. */
  filters?: Record<string, string[]>;
}

/** `docker image inspect` JSON (Docker Engine API field names). */
export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  Container: string;
  ContainerConfig: ContainerConfig;
  DockerVersion: string;
  Author: string;
  Config: ContainerConfig | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  VirtualSize: number;
  GraphDriver: { Data: Record<string, string> | null; Name: string };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime: string };
  /** Stevedore extension: the manifest this image was stored from. */
  Descriptor?: { mediaType: string; digest: string; size: number };
}

/** One row of `docker history`, newest first. */
export interface HistoryItem {
  /** The image ID for the top row, `<missing>` for rows that are not images of their own. */
  id: string;
  /** ISO 8601 or ''. */
  created: string;
  createdBy: string;
  /** Bytes added by this step (0 for empty layers). */
  size: number;
  comment: string;
  tags: string[];
  emptyLayer: boolean;
}

export interface PruneResult {
  untagged: string[];
  deleted: string[];
  spaceReclaimed: number;
}

export interface DiskUsage {
  images: { total: number; active: number; size: number; reclaimable: number };
  /** Filled in by the containers/volumes/build areas; zero until they exist. */
  containers: { total: number; active: number; size: number; reclaimable: number };
  volumes: { total: number; active: number; size: number; reclaimable: number };
  buildCache: { total: number; active: number; size: number; reclaimable: number };
  /**
   * The embedded engine's unpacked layers (`<data root>/layers`, the trees containers run
   * from) on disk: active = used by a container; reclaimable = what the layer GC frees. dockerd
   * counts these in its Images row; it has no such row.
   */
  layers?: { total: number; active: number; size: number; reclaimable: number };
}

export interface ImageApi {
  list(opts?: ListImagesOptions): Promise<ImageSummary[]>;
  inspect(refOrId: string): Promise<ImageInspect>;
  history(refOrId: string): Promise<HistoryItem[]>;
  /** `docker tag SOURCE TARGET`. */
  tag(source: string, target: string): Promise<void>;
  /** `docker rmi`: Untagged/Deleted records; conflicts as Docker's. */
  remove(refOrId: string, opts?: { force?: boolean }): Promise<RemoveResult>;
  /** Dangling images, or (all) every image no container uses. */
  prune(opts?: { all?: boolean; filters?: Record<string, string[]> }): Promise<PruneResult>;
  save(names: string[], out: Writable, opts?: { signal?: AbortSignal }): Promise<void>;
  load(input: Readable, opts?: { signal?: AbortSignal; platform?: string }): Promise<LoadResult>;
  import(input: Readable, opts?: { reference?: string; changes?: string[]; message?: string; platform?: string; signal?: AbortSignal; source?: string }): Promise<{ id: string }>;
  /** Writes images into an OCI image layout directory (skopeo's `oci:DIR:TAG`). */
  exportOciLayout(dir: string, items: Array<{ image: string; tag: string }>, opts?: { signal?: AbortSignal }): Promise<void>;
  /** Reads images from an OCI image layout directory. */
  importOciLayout(dir: string, opts?: { tag?: string; as?: string; platform?: string; signal?: AbortSignal }): Promise<Array<{ id: string; repoTags: string[] }>>;
  df(): Promise<DiskUsage>;
  fsck(opts?: { repair?: boolean }): Promise<FsckReport>;
  /** Per layer: files added/modified/deleted and the bytes later layers make dead (engine/layer/analyze). */
  analyze(refOrId: string, opts?: { signal?: AbortSignal }): Promise<ImageAnalysis>;
}

/** The images area of the Engine. */
export interface ImagesArea {
  readonly images: ImageApi;
}
