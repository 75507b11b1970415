import type { Descriptor } from '../content/store';
import type { OciPlatform } from '../../core/platform';

/** Media types of Docker image manifest v2 schema 2 and the OCI image spec. */
export const MediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
} as const;

export const MANIFEST_TYPES = new Set<string>([MediaTypes.dockerManifest, MediaTypes.ociManifest]);
export const INDEX_TYPES = new Set<string>([MediaTypes.dockerManifestList, MediaTypes.ociIndex]);
export const CONFIG_TYPES = new Set<string>([MediaTypes.dockerConfig, MediaTypes.ociConfig]);

export function isGzipLayer(mediaType: string): boolean {
  return mediaType.endsWith('gzip');
}
export function isZstdLayer(mediaType: string): boolean {
  return mediaType.endsWith('zstd');
}

/** An image manifest (Docker v2 schema 2 or OCI). */
export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** A manifest list (Docker) or image index (OCI). */
export interface Index {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Array<Descriptor & { platform?: OciPlatform }>;
  annotations?: Record<string, string>;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The runtime config of an image (`config` in the image config JSON), with Docker's field names. */
export interface ContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, object>;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: HealthConfig;
  ArgsEscaped?: boolean;
  Image?: string;
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  OnBuild?: string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number;
  Shell?: string[];
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config blob (Docker image JSON / OCI image config). Image ID = its digest. */
export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  created?: string;
  author?: string;
  config?: ContainerConfig;
  container?: string;
  container_config?: ContainerConfig;
  docker_version?: string;
  comment?: string;
  parent?: string;
  rootfs: { type: 'layers' | string; diff_ids: string[] };
  history?: HistoryEntry[];
}

/** An image in the local store, as the engine reports it. */
export interface ImageRecord {
  /** Image ID: the config digest (`sha256:...`). */
  id: string;
  /** The descriptor of the platform-specific manifest this image was stored from. */
  manifest: Descriptor;
  manifestJson: Manifest;
  config: ImageConfig;
  /** Familiar `name:tag` strings (`busybox:latest`). */
  repoTags: string[];
  /** Familiar `name@digest` strings. */
  repoDigests: string[];
  /** The index/manifest list this image was chosen from, if any (kept for its repo digest). */
  index?: Descriptor;
  /** The image's creation time (config `created`), ISO 8601; '' when the config has none. */
  created: string;
  /** When this store first recorded the image (ms since the epoch). */
  added: number;
  /**
   * Docker's SIZE as dockerd 20.10 (graphdriver) reports it: the bytes of the files the
   * layers add (regular file sizes plus symlink target lengths), neither the compressed
   * download size nor the tar length. Single lookups may carry the blob size until the
   * layers have been measured once (list/inspect measure and cache).
   */
  size: number;
}

/**
 * What image listings need of an image (`images`, the Images view): its record without the
 * manifest and config documents, plus the few config and manifest fields listings filter and
 * size by. From ImageStore.listEntries(), which keeps these facts by manifest digest.
 */
export interface ImageListEntry extends Omit<ImageRecord, 'manifestJson' | 'config'> {
  /** The config's Labels (`{}` when none). */
  labels: Record<string, string>;
  /** The config's rootfs.diff_ids. */
  diffIds: string[];
  /** The manifest's layer descriptors. */
  layers: Descriptor[];
  /** Each layer's uncompressed size (`size` is their sum). */
  layerSizes: number[];
}
