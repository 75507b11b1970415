import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { userTmpDir } from '../../tmpdir';
import { EngineError } from '../../core/errors';
import { run } from '../process';


/**
 * The OCI runtime that makes containers: runc or crun with a generated config.json (Docker's
 * and Podman's choice). It does the namespaces, mounts, cgroups, capabilities and the freezer
 * for pause, all of which Node cannot do by itself. Order: $STEVEDORE_RUNTIME, runc, crun.
 */
export interface RuntimeInfo {
  supported: boolean;
  /** Absolute path of the runtime binary. */
  path?: string;
  name?: string;
  version?: string;
  rootless: boolean;
  /** Why containers cannot run here, and what to do. */
  reason?: string;
}

const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function which(name: string): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? name : undefined;
  for (const dir of [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SEARCH]) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

let cached: RuntimeInfo | undefined;

export function detectRuntime(): RuntimeInfo {
  if (cached) return cached;
  const rootless = process.getuid?.() !== 0;
  if (process.platform !== 'linux') {
    return (cached = {
      supported: false, rootless,
      reason: `containers need Linux namespaces, which ${process.platform === 'darwin' ? 'macOS' : process.platform === 'win32' ? 'Windows' : process.platform} does not have; images and registries work here. To run containers, open this folder in a Linux machine (WSL, a VM, Remote-SSH) or use a Docker daemon (setting stevedore.engine = docker)`,
    });
  }
  if (!fs.existsSync('/proc/self/ns/pid') || !fs.existsSync('/proc/self/ns/mnt')) {
    return (cached = { supported: false, rootless, reason: 'this kernel has no PID or mount namespaces (/proc/self/ns), which containers need; images and registries work here' });
  }
  const wanted = process.env.STEVEDORE_RUNTIME;
  const candidates = wanted ? [wanted] : ['runc', 'crun'];
  for (const c of candidates) {
    const p = which(c);
    if (!p) continue;
    // Asking for --version costs a process start on every CLI call; capabilities() asks lazily.
    const version = '';
    if (rootless && !userNamespacesAllowed()) {
      return (cached = { supported: false, rootless, path: p, name: path.basename(p), version, reason: 'running as a regular user needs unprivileged user namespaces, which this kernel does not allow (sysctl kernel.unprivileged_userns_clone=1), or run the engine as root' });
    }
    return (cached = { supported: true, rootless, path: p, name: path.basename(p), version });
  }
  return (cached = {
    supported: false, rootless,
    reason: wanted ? `the OCI runtime "${wanted}" ($STEVEDORE_RUNTIME) was not found or does not run` : 'no OCI runtime (runc or crun) is installed; install one (Debian/Ubuntu: sudo apt-get install runc) and reload; images and registries work without it',
  });
}

function userNamespacesAllowed(): boolean {
  try {
    return fs.readFileSync('/proc/sys/kernel/unprivileged_userns_clone', 'utf8').trim() !== '0';
  } catch {
    return fs.existsSync('/proc/self/ns/user');
  }
}

/**
 * The runtime's version (`runc --version`), or '' when it does not answer. Starting a process costs the most in a large one (the
 * VS Code extension host: ~25 ms of fork), so the answer is kept per binary: in memory, and in
 * `<tmp>/stevedore-<uid>/runtime-versions.json` keyed by the binary's inode, size and mtime, so
 * a new process (the next CLI call, a new window) asks only after the binary changed.
 */
export function runtimeVersion(binary: string): string {
  let key: string;
  try {
    const st = fs.statSync(binary);
    key = `${binary}\0${st.ino}\0${st.size}\0${st.mtimeMs}`;
  } catch {
    key = binary;
  }
  const known = versionsSeen.get(key) ?? readVersions()[key];
  if (known !== undefined) {
    versionsSeen.set(key, known);
    return known;
  }
  const v = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const version = v.status === 0 ? /version\s+(\S+)/.exec(v.stdout)?.[1] ?? '' : '';
  versionsSeen.set(key, version);
  if (version) writeVersion(key, version);
  return version;
}

const versionsSeen = new Map<string, string>();
const versionsFile = () => path.join(userTmpDir(), 'runtime-versions.json');

function readVersions(): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(versionsFile(), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function writeVersion(key: string, version: string): void {
  try {
    const file = versionsFile();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...readVersions(), [key]: version }));
    fs.renameSync(tmp, file);
  } catch {
    // only a cache: the next process asks the runtime again
  }
}

/** The supervisor script (also the network hook): dist/shim.js beside the bundle, or shim.js beside this file (out/). */
export function shimScript(): string {
  for (const p of [path.join(__dirname, 'shim.js'), path.join(__dirname, '..', 'dist', 'shim.js'), path.join(__dirname, 'container', 'shim.js')]) if (fs.existsSync(p)) return p;
  throw new EngineError('internal', `the container supervisor (shim.js) is missing next to ${__dirname}; rebuild Stevedore`);
}

export function requireRuntime(): RuntimeInfo & { path: string } {
  const r = detectRuntime();
  if (!r.supported || !r.path) throw new EngineError('unavailable', `containers cannot run on this host: ${r.reason}`);
  return r as RuntimeInfo & { path: string };
}

/** Calls the runtime with its state under `<dataRoot>/runtime`. */
export class Runtime {
  readonly stateDir: string;
  constructor(readonly binary: string, dataRoot: string) {
    this.stateDir = path.join(dataRoot, 'runtime');
  }

  args(...rest: string[]): string[] {
    return ['--root', this.stateDir, ...rest];
  }

  async call(...rest: string[]): Promise<string> {
    try {
      const { stdout } = await run(this.binary, this.args(...rest), { maxBuffer: 16 << 20 });
      return stdout;
    } catch (e) {
      const stderr = String((e as { stderr?: string }).stderr ?? '').trim();
      throw new EngineError('internal', `${path.basename(this.binary)} ${rest[0]}: ${runtimeMessage(stderr) || (e as Error).message}`, { cause: e });
    }
  }

  async state(id: string): Promise<{ status: string; pid: number } | undefined> {
    try {
      const s = JSON.parse(await this.call('state', id)) as { status: string; pid: number };
      return s;
    } catch {
      return undefined;
    }
  }

  /**
   * Signals the container's init, or with `all` every process in it. `--all` needs the
   * container's cgroup, which rootless containers may not have: then init alone is signalled
   * (its death ends the PID namespace, which kills the rest).
   */
  async kill(id: string, signal: string, all = false): Promise<string> {
    if (!all) return this.call('kill', id, signal);
    try {
      return await this.call('kill', '--all', id, signal);
    } catch {
      return this.call('kill', id, signal);
    }
  }

  async pause(id: string): Promise<string> {
    try {
      return await this.call('pause', id);
    } catch (e) {
      if (/cgroup/i.test((e as Error).message)) {
        throw new EngineError('unsupported', 'pausing needs the container\'s cgroup freezer, which is not available to this (rootless) engine; run the engine as root, or use a systemd user session with cgroup v2 delegation', { cause: e });
      }
      throw e;
    }
  }

  resume(id: string): Promise<string> {
    return this.call('resume', id);
  }

  /** Removes the runtime's state of `id` (killing what still runs); nothing to do when it has none. */
  async delete(id: string): Promise<void> {
    if (!fs.existsSync(path.join(this.stateDir, id))) return;
    await this.call('delete', '--force', id).catch(() => undefined);
  }

  async pids(id: string): Promise<number[]> {
    const out = await this.call('ps', '--format', 'json', id);
    return (JSON.parse(out || '[]') as number[] | null) ?? [];
  }
}

/** The message of runc's logrus line (`time=... level=error msg="..."`) or JSON log line. */
export function runtimeMessage(text: string): string {
  const lines = text.split('\n').filter(Boolean);
  const msgs: string[] = [];
  for (const l of lines) {
    try {
      const j = JSON.parse(l) as { msg?: string; level?: string };
      if (j.msg && (j.level === 'error' || j.level === 'fatal')) msgs.push(j.msg);
      continue;
    } catch {
      // logrus text
    }
    const m = /msg="((?:[^"\\]|\\.)*)"/.exec(l);
    msgs.push(m ? m[1].replace(/\\"/g, '"') : l);
  }
  return msgs.join('; ');
}

/** Docker's exit status for a start failure: 127 command not found, 126 not executable, else 125. */
export function startFailureStatus(message: string): number {
  if (/executable file not found|no such file or directory/i.test(message)) return 127;
  if (/permission denied|exec format error/i.test(message)) return 126;
  return 125;
}
