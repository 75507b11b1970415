import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { resolveInRoot } from '../layer/rootpath';

/** Docker's default PATH when the image sets none. */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The capabilities Docker gives a container by default (moby's oci/caps/defaults.go). */
const DEFAULT_CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Paths Docker masks and makes read-only inside containers (moby's oci/defaults.go). */
const MASKED = ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'];
const READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

// ---- users -------------------------------------------------------------------------------

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

function readInRoot(rootfs: string, file: string): string {
  try {
    return fs.readFileSync(path.join(rootfs, resolveInRoot(rootfs, file, true)), 'utf8');
  } catch {
    return '';
  }
}

/**
 * The image's `User` (`name`, `uid`, `name:group`, `uid:gid`) as numbers, from the container's
 * own /etc/passwd and /etc/group (read inside the rootfs, never through a symlink out of it),
 * with Docker's messages when a name is unknown.
 */
export function resolveUser(rootfs: string, user: string | undefined): ResolvedUser {
  return resolveUserIn({ passwd: readInRoot(rootfs, 'etc/passwd'), group: readInRoot(rootfs, 'etc/group') }, user);
}

/** resolveUser from the text of the image's /etc/passwd and /etc/group. */
export function resolveUserIn(db: { passwd: string; group: string }, user: string | undefined): ResolvedUser {
  const passwd = db.passwd.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 7);
  const group = db.group.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 3);
  const [u = '', g] = (user ?? '').split(':');
  let uid = 0;
  let gid = 0;
  let home = '/';
  let name: string | undefined;
  if (u === '') {
    const root = passwd.find((f) => f[2] === '0');
    home = root?.[5] || '/root';
    name = root?.[0] ?? 'root';
  } else if (/^\d+$/.test(u)) {
    uid = Number(u);
    const p = passwd.find((f) => Number(f[2]) === uid);
    if (p) [name, gid, home] = [p[0], Number(p[3]), p[5] || '/'];
  } else {
    const p = passwd.find((f) => f[0] === u);
    if (!p) throw new EngineError('invalid-argument', `unable to find user ${u}: no matching entries in passwd file`);
    [name, uid, gid, home] = [p[0], Number(p[2]), Number(p[3]), p[5] || '/'];
  }
  if (g !== undefined && g !== '') {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const e = group.find((f) => f[0] === g);
      if (!e) throw new EngineError('invalid-argument', `unable to find group ${g}: no matching entries in group file`);
      gid = Number(e[2]);
    }
  }
  // Docker's groups: the primary gid always, plus the user's /etc/group memberships only when no
  // group was named (`-u app:wheel` gets wheel alone). runc refuses any additional group in a
  // rootless container, and the engine runs rootless exactly when it is not root (runtime.ts).
  if (process.getuid?.() !== 0) return { uid, gid, additionalGids: [], home };
  const implicit = g === undefined || g === '';
  const extra = name && implicit ? group.filter((f) => (f[3] ?? '').split(',').includes(name!)).map((f) => Number(f[2])) : [];
  return { uid, gid, additionalGids: [...new Set([gid, ...extra])], home };
}

// ---- the OCI runtime config ---------------------------------------------------------------

export interface SpecInput {
  rootfs: string;
  args: string[];
  env: string[];
  cwd: string;
  user: ResolvedUser;
  hostname: string;
  terminal: boolean;
  /** 'host' shares the host's network namespace; anything else gets its own. */
  network: string;
  /** Files of the container folder bind-mounted over /etc/hosts, /etc/hostname, /etc/resolv.conf. */
  etcFiles: { hosts: string; hostname: string; resolvConf: string };
  mounts: Array<{ source: string; destination: string; readOnly: boolean; type: 'bind' | 'tmpfs' }>;
  /** Runs in the runtime namespace once the container's namespaces exist (network setup). */
  createRuntimeHook?: { path: string; args: string[]; env?: string[] };
  /** Runs inside the container's namespaces before pivot_root (configures its network interfaces). */
  createContainerHook?: { path: string; args: string[]; env?: string[] };
  rootless: boolean;
  /** `--read-only`. */
  readonlyRootfs?: boolean;
}

/** The runtime's config.json for a container, after moby's default spec (oci/defaults.go). */
export function ociSpec(i: SpecInput): Record<string, unknown> {
  const mounts: Array<Record<string, unknown>> = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', ...(i.rootless ? [] : ['gid=5'])] },
    { destination: '/sys', type: i.rootless || i.network === 'host' ? 'bind' : 'sysfs', source: i.rootless || i.network === 'host' ? '/sys' : 'sysfs', options: i.rootless || i.network === 'host' ? ['rbind', 'nosuid', 'noexec', 'nodev', 'ro'] : ['nosuid', 'noexec', 'nodev', 'ro'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/etc/resolv.conf', type: 'bind', source: i.etcFiles.resolvConf, options: ['rbind', 'rprivate'] },
    { destination: '/etc/hostname', type: 'bind', source: i.etcFiles.hostname, options: ['rbind', 'rprivate'] },
    { destination: '/etc/hosts', type: 'bind', source: i.etcFiles.hosts, options: ['rbind', 'rprivate'] },
  ];
  for (const m of i.mounts) {
    if (m.type === 'tmpfs') mounts.push({ destination: m.destination, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', ...(m.readOnly ? ['ro'] : [])] });
    else mounts.push({ destination: m.destination, type: 'bind', source: m.source, options: ['rbind', 'rprivate', m.readOnly ? 'ro' : 'rw'] });
  }
  const namespaces: Array<{ type: string }> = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (i.network !== 'host') namespaces.push({ type: 'network' });
  if (i.rootless) namespaces.push({ type: 'user' });
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: i.terminal,
      user: { uid: i.user.uid, gid: i.user.gid, ...(i.user.additionalGids.length ? { additionalGids: i.user.additionalGids } : {}) },
      args: i.args,
      env: i.env,
      cwd: i.cwd,
      capabilities: { bounding: DEFAULT_CAPS, effective: DEFAULT_CAPS, permitted: DEFAULT_CAPS },
      noNewPrivileges: false,
    },
    root: { path: i.rootfs, readonly: !!i.readonlyRootfs },
    hostname: i.hostname,
    mounts,
    ...(i.createRuntimeHook ? { hooks: { createRuntime: [i.createRuntimeHook], ...(i.createContainerHook ? { createContainer: [i.createContainerHook] } : {}) } } : {}),
    linux: {
      ...(i.rootless ? { uidMappings: [{ containerID: 0, hostID: uid, size: 1 }], gidMappings: [{ containerID: 0, hostID: gid, size: 1 }] } : {
        resources: { devices: [{ allow: false, access: 'rwm' }] },
      }),
      namespaces,
      maskedPaths: MASKED,
      readonlyPaths: READONLY,
    },
  };
}
