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

export interface ContainersApi {
  create(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }>;
  start(id: string): Promise<void>;
  /** `docker run` without -d / `start -a`: attached from the first byte, then started; resolves with the exit status. */
  startAttached(id: string, streams: AttachStreams): Promise<{ StatusCode: number }>;
  stop(id: string, opts?: { timeout?: number; signal?: string }): Promise<void>;
  restart(id: string, opts?: { timeout?: number }): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  pause(id: string): Promise<void>;
  unpause(id: string): Promise<void>;
  remove(id: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  prune(): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }>;
  list(opts?: { all?: boolean; size?: boolean; filters?: Record<string, string[]> }): Promise<ContainerSummary[]>;
  inspect(id: string): Promise<ContainerInspect>;
  logs(id: string, opts?: LogsOptions): AsyncIterable<LogLine>;
  wait(id: string, opts?: { signal?: AbortSignal }): Promise<{ StatusCode: number }>;
  exec(id: string, opts: ExecOptions): Promise<{ ExitCode: number }>;
  attach(id: string, streams: AttachStreams): Promise<{ StatusCode?: number }>;
  rename(id: string, name: string): Promise<void>;
  /** Window size of a TTY container's terminal (Docker's POST /containers/{id}/resize). */
  resize(id: string, cols: number, rows: number): Promise<void>;
  top(id: string): Promise<{ Titles: string[]; Processes: string[][] }>;
  port(id: string): Promise<Record<string, PortBinding[] | null>>;
  diff(id: string): Promise<Array<{ Kind: 0 | 1 | 2; Path: string }>>;
  export(id: string, out: Writable, opts?: { signal?: AbortSignal }): Promise<void>;
  commit(id: string, opts?: { reference?: string; message?: string; author?: string; changes?: string[]; pause?: boolean }): Promise<{ Id: string }>;
  copyFrom(id: string, srcPath: string, out: Writable): Promise<void>;
  copyTo(id: string, dstPath: string, tar: Readable): Promise<void>;
  /** What `path` is inside the container (symlinks resolved except the last element), for `docker cp`. */
  statPath(id: string, path: string): Promise<PathStat>;
}

export interface VolumesApi {
  create(opts?: { name?: string; labels?: Record<string, string> }): Promise<VolumeInspect>;
  list(opts?: { filters?: Record<string, string[]> }): Promise<VolumeInspect[]>;
  inspect(name: string): Promise<VolumeInspect>;
  remove(name: string, opts?: { force?: boolean }): Promise<void>;
  prune(opts?: { all?: boolean }): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }>;
}
