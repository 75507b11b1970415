import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { probeHttp } from './process';
import { startService } from './service';

/**
 * Podman's Docker-compatible API service (Debian's podman 4.3) started by a test:
 * `podman system service --time=0 unix://DIR/podman.sock` with its storage, run root, events log
 * and configuration (containers.conf, storage.conf, registries.conf through CONTAINERS_CONF,
 * CONTAINERS_STORAGE_CONF, CONTAINERS_REGISTRIES_CONF) all under a temp dir; /etc/containers is
 * not read for them and nothing system-wide is touched. What this host needs:
 *  - `--runtime runc`: crun fails on this host's cgroup hybrid mode;
 *  - cgroup_manager cgroupfs (no systemd), events_logger file (no journald);
 *  - default_ulimits no higher than the limits podman itself runs with: podman as root asks for
 *    nofile=1048576 and nproc=4194304, which this sandbox cannot grant (runc: "error setting rlimit
 *    type 7: operation not permitted"); podman lowers its own nproc to 32768;
 *  - netns none: containers get no network (there is no bridge here, as for the test dockerd).
 */
export interface Podman {
  readonly dir: string;
  readonly socket: string;
  /** `unix://.../podman.sock` — the DOCKER_HOST value for this service. */
  readonly host: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface PodmanOptions {
  /** `host:port` registries reached over plain HTTP (registries.conf `insecure = true`). */
  insecureRegistries?: string[];
  startTimeoutMs?: number;
}

function hardLimit(name: 'Max open files' | 'Max processes'): number {
  const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith(name));
  const hard = line?.slice(name.length).trim().split(/\s+/)[1];
  return hard && /^\d+$/.test(hard) ? Number(hard) : Infinity;
}

export async function startPodman(opts: PodmanOptions = {}): Promise<Podman> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sv-podman-'));
  const f = (n: string) => path.join(dir, n);
  for (const d of ['root', 'runroot', 'tmp']) fs.mkdirSync(f(d));
  const nofile = Math.min(hardLimit('Max open files'), 1 << 20);
  const nproc = Math.min(hardLimit('Max processes'), 32768);
  fs.writeFileSync(f('containers.conf'), [
    '[containers]',
    `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]`,
    'netns = "none"',
    '[engine]',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    `events_logfile_path = "${f('events.log')}"`,
    'runtime = "runc"',
    `tmp_dir = "${f('tmp')}"`,
    '',
  ].join('\n'));
  fs.writeFileSync(f('storage.conf'), ['[storage]', 'driver = "overlay"', `runroot = "${f('runroot')}"`, `graphroot = "${f('root')}"`, ''].join('\n'));
  fs.writeFileSync(f('registries.conf'), [
    'unqualified-search-registries = []',
    ...(opts.insecureRegistries ?? []).flatMap((r) => ['[[registry]]', `location = "${r}"`, 'insecure = true']),
    '',
  ].join('\n'));
  const socket = f('podman.sock');
  const host = `unix://${socket}`;
  const env = {
    ...process.env,
    CONTAINERS_CONF: f('containers.conf'),
    CONTAINERS_STORAGE_CONF: f('storage.conf'),
    CONTAINERS_REGISTRIES_CONF: f('registries.conf'),
    TMPDIR: f('tmp'),
  };
  const logFile = f('podman.log');
  const { stop } = await startService({
    name: 'podman system service',
    command: 'podman',
    args: [
      '--root', f('root'), '--runroot', f('runroot'), '--runtime', 'runc', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file',
      'system', 'service', '--time=0', host,
    ],
    env, logFile,
    ready: async () => (await probeHttp({ socketPath: socket, path: '/_ping' })) === 200,
    timeoutMs: opts.startTimeoutMs ?? 30_000,
    graceMs: 15_000,
    cleanup: async () => {
      // Podman leaves its graph root's overlay dir mounted (a private bind mount) after it exits.
      const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter((m) => m?.startsWith(`${dir}/`));
      for (const m of mounts.reverse()) await new Promise((resolve) => spawn('umount', ['-l', m], { stdio: 'ignore' }).on('close', resolve).on('error', resolve));
      await fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  });
  return { dir, socket, host, logFile, stop };
}
