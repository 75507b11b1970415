import type { Writable, Readable } from 'stream';
import type { ContainerConfig } from '../image/types';
import type { EndpointSettings } from '../network/api';

/**
 * The containers and volumes area of the Engine contract, in Docker Engine API shapes (the
 * inspect documents use Docker's field names so users, tests and the DockerEngine agree).
 */

export type { MountSpec, PortBinding, RestartPolicy, RestartPolicyName } from '../../core/flags';
import type { MountSpec, PortBinding, RestartPolicy } from '../../core/flags';

export interface HostConfig {
  Binds: string[] | null;
  NetworkMode: string;
  PortBindings: Record<string, PortBinding[]>;
  RestartPolicy: RestartPolicy;
  AutoRemove: boolean;
  Mounts?: MountSpec[];
  Init?: boolean;
  ReadonlyRootfs?: boolean;
}

export interface ContainerState {
  Status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

export interface MountPoint {
  Type: 'bind' | 'volume' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** `docker container inspect` (the subset Stevedore fills; same names and nesting). */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  HostConfig: HostConfig;
  Mounts: MountPoint[];
  Config: ContainerConfig & { Image: string; Hostname: string };
  NetworkSettings: {
    Ports: Record<string, PortBinding[] | null>;
    /** The default bridge's address (Docker fills the top-level fields for that network only). */
    IPAddress: string;
    Gateway: string;
    IPPrefixLen?: number;
    MacAddress?: string;
    SandboxKey: string;
    /** One entry per network the container is on (name -> endpoint), as dockerd. */
    Networks?: Record<string, EndpointSettings>;
  };
}

/** `docker ps` row (Engine API ContainerSummary). */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: ContainerState['Status'];
  Status: string;
  Ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }>;
  Mounts: MountPoint[];
  /** The container's labels (compose's project and service among them). */
  Labels?: Record<string, string>;
  /** The networks it is on, with its address on each (empty while it is stopped). */
  NetworkSettings?: { Networks: Record<string, { NetworkID: string; IPAddress: string; Aliases?: string[] | null }> };
  SizeRw?: number;
  SizeRootFs?: number;
}

export interface CreateContainerOptions {
  image: string;
  name?: string;
  /** Replaces the image's Cmd (`docker run IMAGE cmd...`). */
  cmd?: string[];
  /** Replaces the image's Entrypoint (`--entrypoint`; [] clears it). */
  entrypoint?: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  tty?: boolean;
  openStdin?: boolean;
  labels?: Record<string, string>;
  /** `-v` strings (`/host:/ctr[:ro]`, `name:/ctr`, `/ctr`). */
  binds?: string[];
  mounts?: MountSpec[];
  /** `-p` strings (`[ip:][hostPort:]containerPort[/proto]`). */
  publish?: string[];
  /** `--expose` (the API's Config.ExposedPorts): ports the container declares without publishing them (`80`, `53/udp`). */
  exposedPorts?: string[];
  /** `--network`: default (the bridge network), host, none, or a user network's name or ID. */
  network?: string;
  /** `--network-alias`: names the container also answers to on its (user) network. */
  networkAliases?: string[];
  /** `--ip`: a fixed IPv4 address on its (user) network. */
  ip?: string;
  /** More networks at create (the API's NetworkingConfig.EndpointsConfig): name -> aliases and address. */
  endpoints?: Record<string, { aliases?: string[]; ip?: string }>;
  restart?: string;
  autoRemove?: boolean;
  /** `--read-only`: the root filesystem is mounted read-only (volumes, binds and tmpfs stay as asked). */
  readonlyRootfs?: boolean;
  /** `--init`: an init process (docker-init, i.e. tini) as PID 1 that forwards signals and reaps zombies. */
  init?: boolean;
  stopSignal?: string;
  stopTimeout?: number;
}

export interface LogsOptions {
  follow?: boolean;
  tail?: number;
  since?: number;
  until?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  time: string;
  line: Buffer;
}

export interface ExecOptions {
  cmd: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
  detach?: boolean;
  tty?: boolean;
  /** With `tty`: the caller's terminal size and its changes. */
  terminal?: TerminalSize;
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  signal?: AbortSignal;
}

/** A terminal's size now and when it changes (a TTY container, `exec -t`). */
export interface TerminalSize {
  cols: number;
  rows: number;
  onResize?(listener: (cols: number, rows: number) => void): { dispose(): void };
}

/** A live connection to a container's stdio (see Supervisor): frames in, frames out. */
export interface AttachStreams {
  /** The caller's terminal (for a TTY container): its size is applied once the process runs, and on every change. */
  terminal?: TerminalSize;
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Forward a close of stdin (Ctrl-D) to the container. */
  closeStdin?: boolean;
  signal?: AbortSignal;
}

/** What a path in a container is (Docker's container path stat, `HEAD /containers/{id}/archive`). */
export interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode bits (dir 1<<31, symlink 1<<27 ...) and the permission bits, as Docker sends them. */
  mode: number;
  /** RFC 3339. */
  mtime: string;
  /** For a symlink: the absolute path it resolves to inside the container; else ''. */
  linkTarget: string;
}

export interface VolumeInspect {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Scope: 'local';
  Options: Record<string, string> | null;
  /** Stevedore: created for an image VOLUME or a bare `-v /path` (removed with `rm -v`). */
  Anonymous?: boolean;
  UsageData?: { Size: number; RefCount: number };
}

/** `docker stats --no-stream` for one container (GET /containers/{id}/stats?stream=false), Docker's names. */
export interface ContainerStats {
  /** RFC 3339 time of the reading. */
  read: string;
  id: string;
  name: string;
  pids_stats: { current?: number; limit?: number };
  cpu_stats: CpuStats;
  /** The reading before (for the CPU percentage: the two readings' difference). */
  precpu_stats: CpuStats;
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number; rx_packets?: number; tx_packets?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ major: number; minor: number; op: string; value: number }> | null };
}

export interface CpuStats {
  /** Nanoseconds of CPU the container used. */
  cpu_usage: { total_usage: number; usage_in_kernelmode?: number; usage_in_usermode?: number };
  /** Nanoseconds of CPU the host used (all CPUs). */
  system_cpu_usage?: number;
  online_cpus?: number;
}

/**
 * The containers area of the Engine (`docker container ...`). `id` is an ID, a unique ID prefix or
 * a name, as Docker takes them. Each method names its Docker Engine API endpoint.
 */
export interface ContainersApi {
  /** `docker create` (POST /containers/create). `-p`/`-v`/`--restart`/`-e` are read by core/flags.ts in both engines. */
  create(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }>;
  /** `docker start` (POST /containers/{id}/start). */
  start(id: string): Promise<void>;
  /** `docker run` without -d / `start -a`: attached from the first byte, then started; resolves with the exit status. */
  startAttached(id: string, streams: AttachStreams): Promise<{ StatusCode: number }>;
  /** `docker stop` (POST /containers/{id}/stop): the stop signal, then SIGKILL after `timeout` seconds. */
  stop(id: string, opts?: { timeout?: number; signal?: string }): Promise<void>;
  /** `docker restart` (POST /containers/{id}/restart). */
  restart(id: string, opts?: { timeout?: number }): Promise<void>;
  /** `docker kill` (POST /containers/{id}/kill); default SIGKILL. */
  kill(id: string, signal?: string): Promise<void>;
  /** `docker pause` (POST /containers/{id}/pause); a rootless embedded container: `unsupported` (no cgroup freezer). */
  pause(id: string): Promise<void>;
  /** `docker unpause` (POST /containers/{id}/unpause). */
  unpause(id: string): Promise<void>;
  /** `docker rm` (DELETE /containers/{id}); `volumes` removes its anonymous volumes. */
  remove(id: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  /** `docker container prune` (POST /containers/prune): every stopped container. */
  prune(): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }>;
  /** `docker ps` (GET /containers/json). */
  list(opts?: { all?: boolean; size?: boolean; filters?: Record<string, string[]> }): Promise<ContainerSummary[]>;
  /** `docker container inspect` (GET /containers/{id}/json); `not-found` when absent. */
  inspect(id: string): Promise<ContainerInspect>;
  /** `docker logs` (GET /containers/{id}/logs), line by line; `follow` keeps going while it runs. */
  logs(id: string, opts?: LogsOptions): AsyncIterable<LogLine>;
  /** `docker wait` (POST /containers/{id}/wait): the next exit (now, when it is not running). */
  wait(id: string, opts?: { signal?: AbortSignal }): Promise<{ StatusCode: number }>;
  /**
   * `docker exec` (POST /containers/{id}/exec + POST /exec/{id}/start as one call). With `tty`,
   * `terminal` gives the size now and its changes (POST /exec/{id}/resize).
   */
  exec(id: string, opts: ExecOptions): Promise<{ ExitCode: number }>;
  /** `docker attach` (POST /containers/{id}/attach) to a running container; with a TTY, `terminal` sizes it. */
  attach(id: string, streams: AttachStreams): Promise<{ StatusCode?: number }>;
  /** `docker rename` (POST /containers/{id}/rename). */
  rename(id: string, name: string): Promise<void>;
  /** Window size of a TTY container's terminal (POST /containers/{id}/resize). */
  resize(id: string, cols: number, rows: number): Promise<void>;
  /** `docker top` (GET /containers/{id}/top). */
  top(id: string): Promise<{ Titles: string[]; Processes: string[][] }>;
  /** `docker port`: the published ports (NetworkSettings.Ports of the inspect document). */
  port(id: string): Promise<Record<string, PortBinding[] | null>>;
  /** `docker diff` (GET /containers/{id}/changes): 0 modified, 1 added, 2 deleted. */
  diff(id: string): Promise<Array<{ Kind: 0 | 1 | 2; Path: string }>>;
  /** `docker export` (GET /containers/{id}/export): the filesystem as a tar onto `out`. */
  export(id: string, out: Writable, opts?: { signal?: AbortSignal }): Promise<void>;
  /** `docker commit` (POST /commit): the container's changes as a new image. */
  commit(id: string, opts?: { reference?: string; message?: string; author?: string; changes?: string[]; pause?: boolean }): Promise<{ Id: string }>;
  /** `docker cp CONTAINER:PATH -` (GET /containers/{id}/archive): `srcPath` as a tar onto `out`. */
  copyFrom(id: string, srcPath: string, out: Writable): Promise<void>;
  /** `docker cp - CONTAINER:PATH` (PUT /containers/{id}/archive): a tar extracted into `dstPath`. */
  copyTo(id: string, dstPath: string, tar: Readable): Promise<void>;
  /** What `path` is inside the container (HEAD /containers/{id}/archive), for `docker cp`. */
  statPath(id: string, path: string): Promise<PathStat>;
  /**
   * `docker stats --no-stream` (GET /containers/{id}/stats?stream=false): CPU, memory, pids of a
   * running container. Where the container has no cgroup of its own (rootless embedded), `unsupported`.
   */
  stats(id: string, opts?: { signal?: AbortSignal }): Promise<ContainerStats>;
}

/** The volumes area of the Engine (`docker volume ...`). */
export interface VolumesApi {
  /** `docker volume create` (POST /volumes/create); a name that exists is returned as it is. */
  create(opts?: { name?: string; labels?: Record<string, string> }): Promise<VolumeInspect>;
  /** `docker volume ls` (GET /volumes). */
  list(opts?: { filters?: Record<string, string[]> }): Promise<VolumeInspect[]>;
  /** `docker volume inspect` (GET /volumes/{name}). */
  inspect(name: string): Promise<VolumeInspect>;
  /** `docker volume rm` (DELETE /volumes/{name}); in use: `conflict`. */
  remove(name: string, opts?: { force?: boolean }): Promise<void>;
  /** `docker volume prune` (POST /volumes/prune): unused anonymous volumes, or (all) every unused one. */
  prune(opts?: { all?: boolean }): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }>;
}
