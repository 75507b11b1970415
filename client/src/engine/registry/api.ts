import type { AuthConfig } from '../credentials/store';

/** One layer's (or config's) transfer state, for per-layer progress bars. */
export interface LayerProgress {
  /** The image reference being pulled/pushed. */
  ref: string;
  /** Full blob digest. */
  digest: string;
  kind: 'config' | 'layer';
  /** Docker's words: Waiting, Downloading, Download complete, Already exists, Pushing, Pushed, Mounted from <repo>, Layer already exists. */
  status: string;
  done: number;
  total: number;
}

export interface PullOptions {
  /** `os/arch[/variant]`; default: this host's platform. */
  platform?: string;
  /** Pull every tag of the repository (`docker pull -a`). */
  allTags?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: LayerProgress) => void;
  /** Lines about where the image comes from (a mirror tried, used, or given up), for progress output. */
  onMessage?: (line: string) => void;
  /** Credentials for the registry for this call only, instead of the saved ones (the Engine API's X-Registry-Auth). Mirrors keep their own. */
  auth?: AuthConfig;
}

export interface PullResult {
  /** Full normalised reference pulled (`127.0.0.1:5000/app:v1`). */
  reference: string;
  /** Digest of the manifest (or index) the reference resolved to, as Docker prints it. */
  digest: string;
  /** Image ID (config digest) now in the local store. */
  id: string;
  /** False when the tag already pointed at this image ("Image is up to date"). */
  downloaded: boolean;
  /** The mirror the image came from (its URL), when it did not come from the registry itself. */
  source?: string;
}

export interface PushOptions {
  /** Push every local tag of the repository (`docker push -a`). */
  allTags?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: LayerProgress) => void;
  /** Credentials for the registry for this call only, instead of the saved ones (the Engine API's X-Registry-Auth). */
  auth?: AuthConfig;
}

export interface PushResult {
  reference: string;
  tag: string;
  /** Digest of the manifest as the registry stores it. */
  digest: string;
  size: number;
}

export interface RemoteManifest {
  reference: string;
  digest: string;
  mediaType: string;
  /** The parsed manifest or index. */
  manifest: unknown;
  /** For an index: the platforms it offers (`linux/amd64`, `linux/arm/v7`). */
  platforms?: string[];
}

/** One search hit. */
export interface SearchResult {
  /** As the index names it (`busybox`, `bitnami/mysql`), or `registry/repository` for a catalog hit. */
  name: string;
  description: string;
  stars: number;
  official: boolean;
  automated: boolean;
  /** The registry the hit lives in (`docker.io`, `127.0.0.1:5000`), to pull it from. */
  registry?: string;
}

/** docker's search filters: `stars=N` (at least N), `is-official=BOOL`, `is-automated=BOOL`. */
export interface SearchFilters {
  stars?: number;
  isOfficial?: boolean;
  isAutomated?: boolean;
}

export interface SearchOptions {
  /** 1..100, default 25 (0 means the default, as with dockerd). */
  limit?: number;
  filters?: SearchFilters;
  /** Search this registry for the term (instead of reading a registry from the term). */
  registry?: string;
  signal?: AbortSignal;
  /** How long the index or registry may take (default 15 s). */
  timeoutMs?: number;
}

/** The registry configuration in force, for `info`, the Engine API's `/info` and the Registries view. */
export interface RegistryConfigInfo {
  /** The configuration file read, if any. */
  file?: string;
  /** Why the configuration is not in force (a malformed file names file, line and key). */
  error?: string;
  warnings: string[];
  /** Registry (or prefix) -> mirror URLs, in the order they are tried. */
  mirrors: Record<string, string[]>;
  /** Plain-HTTP registries beyond loopback (host[:port] or CIDR). */
  insecure: string[];
  /** Prefixes whose pulls and pushes are refused. */
  blocked: string[];
  /** dockerd's `/info` `RegistryConfig` shape. */
  docker: {
    Mirrors: string[];
    InsecureRegistryCIDRs: string[];
    IndexConfigs: Record<string, { Name: string; Mirrors: string[]; Secure: boolean; Official: boolean }>;
  };
}

/**
 * `docker pull` / `docker push` (`docker image pull|push`): the images area's transfers
 * (Engine.images), with per-layer progress and cancellation.
 */
export interface ImageTransferApi {
  /** `docker pull` (POST /images/create?fromImage=): every platform's choice by `platform`, `allTags` for -a. */
  pull(reference: string, opts?: PullOptions): Promise<PullResult[]>;
  /** `docker push` (POST /images/{name}/push). */
  push(reference: string, opts?: PushOptions): Promise<PushResult[]>;
}

/**
 * Registry operations of the Engine (`docker login|logout|search`, and browsing a registry:
 * catalog, tags, manifests). Failures are EngineErrors (`unauthorized`, `not-found`,
 * `digest-mismatch`, `unavailable` ...); secrets never appear in them.
 */
export interface RegistryApi {
  /** Verifies the credentials against the registry's `/v2/` and then saves them. `server` defaults to Docker Hub. */
  login(server: string | undefined, auth: AuthConfig, opts?: { signal?: AbortSignal }): Promise<{ registry: string }>;
  /** Forgets saved credentials; false when there were none. */
  logout(server?: string): Promise<{ registry: string; removed: boolean }>;
  /** Repository names in a registry (`/v2/_catalog`, all pages). */
  catalog(registry: string, opts?: { signal?: AbortSignal }): Promise<string[]>;
  /** Tags of a repository (`registry/name`). */
  tags(repository: string, opts?: { signal?: AbortSignal }): Promise<string[]>;
  /** Deletes a manifest from the registry (by digest, or by tag resolved to its digest). Returns the digest. */
  deleteManifest(reference: string, opts?: { signal?: AbortSignal }): Promise<string>;
  /** Reads a manifest without pulling anything. */
  inspectRemote(reference: string, opts?: { signal?: AbortSignal }): Promise<RemoteManifest>;
  /** The registry configuration in force: mirrors, insecure and blocked registries. */
  registryConfig(): Promise<RegistryConfigInfo>;
  /**
   * `docker search`: Docker Hub's search API for a plain term; for `REGISTRY/TERM` (or
   * `opts.registry`) that registry's v1 search, else its catalog filtered by the term.
   */
  search(term: string, opts?: SearchOptions): Promise<SearchResult[]>;
}
