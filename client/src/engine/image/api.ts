import type { Readable, Writable } from 'stream';
import type { LoadResult } from '../archive';
import type { ImageAnalysis } from '../layer/analyze';
import type { ContainerConfig } from './types';
import type { ImageTransferApi } from '../registry/api';
import type { RemoveResult } from './store';

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

/** The images area of the Engine (`docker image ...`); Docker Engine API endpoints named per method. */
export interface ImagesApi extends ImageTransferApi {
  /** `docker images` (GET /images/json). */
  list(opts?: ListImagesOptions): Promise<ImageSummary[]>;
  /** `docker image inspect` (GET /images/{name}/json); `not-found` when absent. */
  inspect(refOrId: string): Promise<ImageInspect>;
  /** `docker history` (GET /images/{name}/history), newest first. */
  history(refOrId: string): Promise<HistoryItem[]>;
  /** `docker tag SOURCE TARGET` (POST /images/{name}/tag). */
  tag(source: string, target: string): Promise<void>;
  /** `docker rmi` (DELETE /images/{name}): Untagged/Deleted records; conflicts as Docker's. */
  remove(refOrId: string, opts?: { force?: boolean }): Promise<RemoveResult>;
  /** `docker image prune` (POST /images/prune): dangling images, or (all) every image no container uses. */
  prune(opts?: { all?: boolean; filters?: Record<string, string[]> }): Promise<PruneResult>;
  /** `docker save` (GET /images/get): a docker-archive tar of the images onto `out`. */
  save(names: string[], out: Writable, opts?: { signal?: AbortSignal }): Promise<void>;
  /** `docker load` (POST /images/load): a docker-archive or OCI-layout tar. */
  load(input: Readable, opts?: { signal?: AbortSignal; platform?: string }): Promise<LoadResult>;
  /** `docker import` (POST /images/create?fromSrc=-): a root filesystem tar to a one-layer image. */
  import(input: Readable, opts?: { reference?: string; changes?: string[]; message?: string; platform?: string; signal?: AbortSignal; source?: string }): Promise<{ id: string }>;
  /** Writes images into an OCI image layout directory (skopeo's `oci:DIR:TAG`). Docker engine: `unsupported`. */
  exportOciLayout(dir: string, items: Array<{ image: string; tag: string }>, opts?: { signal?: AbortSignal }): Promise<void>;
  /** Reads images from an OCI image layout directory. Docker engine: `unsupported`. */
  importOciLayout(dir: string, opts?: { tag?: string; as?: string; platform?: string; signal?: AbortSignal }): Promise<Array<{ id: string; repoTags: string[] }>>;
  /** Per layer: files added/modified/deleted and the bytes later layers make dead (engine/layer/analyze). Docker engine: `unsupported`. */
  analyze(refOrId: string, opts?: { signal?: AbortSignal }): Promise<ImageAnalysis>;
}
