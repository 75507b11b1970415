import { ChildProcess, execFile, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { withLock } from '../fsutil';
import { socketPath } from '../container/store';
import { shimScript } from '../container/runtime';
import { findSlirp4netns, slirpApi, startSlirp4netns, tail } from '../container/network';

export { slirpApi };
import { pidAlive } from '../process';
import { nodeChildEnv } from '../extraCa';

/** What netd is told about one endpoint (a container on a network). */
export interface NetdEndpoint {
  network: { id: string; name: string; bridge: string; subnet: string; gateway: string; internal: boolean; /** answers container names (user networks) */ dns: boolean };
  ip: string;
  mac: string;
  names: string[];
}
export interface NetdPort {
  proto: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
  port: number;
}
export type NetdRequest =
  | { op: 'ping'; holdMs?: number }
  | { op: 'slirp'; pid: number; api: string }
  | { op: 'attach'; id: string; pid: number; endpoints: NetdEndpoint[]; ports: NetdPort[] }
  | { op: 'detach'; id: string; network?: string }
  | { op: 'state' };

export function netdPaths(root: string) {
  const dir = path.join(root, 'network');
  return {
    dir, pid: path.join(dir, 'netd.pid'), fifo: path.join(dir, 'netd.exit'), log: path.join(dir, 'netd.log'), slirpLog: path.join(dir, 'slirp4netns.log'),
    control: socketPath(root, 'netd', 'control'), slirpApi: socketPath(root, 'netd', 'slirp'),
  };
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];
const found = new Map<string, string>();
/**
 * A tool by name on PATH or in the sbin folders (a regular user's PATH often lacks /usr/sbin, where
 * ip and nft live). Found once per process: the network helper runs `ip` several times per endpoint.
 */
export function binary(name: string): string {
  const known = found.get(name);
  if (known) return known;
  for (const d of [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SBIN]) {
    const p = path.join(d, name);
    if (fs.existsSync(p)) {
      found.set(name, p);
      return p;
    }
  }
  throw new EngineError('unavailable', `networks need ${name}, which is not installed (Debian/Ubuntu: sudo apt-get install ${name === 'ip' ? 'iproute2' : name === 'nft' ? 'nftables' : name === 'nsenter' || name === 'unshare' ? 'util-linux' : name})`);
}

/** One request to netd; its answer, or an error with netd's message. */
export function netdRequest<T = unknown>(root: string, req: NetdRequest, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const c = net.connect(netdPaths(root).control);
    let buf = '';
    const t = setTimeout(() => {
      c.destroy();
      reject(new EngineError('internal', `the network helper did not answer ${req.op} in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    c.on('data', (d) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(t);
      c.end();
      const r = JSON.parse(buf.slice(0, nl)) as { ok?: T; error?: string };
      if (r.error !== undefined) reject(new EngineError('internal', r.error));
      else resolve(r.ok as T);
    });
    c.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    c.write(JSON.stringify(req) + '\n');
  });
}

/**
 * Runs the `ip` commands netd returned inside the namespace of container process `pid`:
 * rootless, through the helper's user namespace (which owns the container's network namespace);
 * `-force` goes on past a command that fails (a second default route).
 */
export async function configureInside(root: string, pid: number, lines: string[]): Promise<void> {
  if (!lines.length) return;
  const rootless = process.getuid?.() !== 0;
  const netd = Number(fs.readFileSync(netdPaths(root).pid, 'utf8'));
  const args = [...(rootless ? [`--user=/proc/${netd}/ns/user`, '--preserve-credentials'] : []), `--net=/proc/${pid}/ns/net`, '--', binary('ip'), '-force', '-batch', '-'];
  await new Promise<void>((resolve, reject) => {
    const c = execFile(binary('nsenter'), args, (err, _o, stderr) => {
      const real = String(stderr).split('\n').filter((l) => l.trim() && !/File exists|Command failed/.test(l));
      if (err && real.length) reject(new EngineError('internal', `configuring the container's network: ${real.join(' ')}`));
      else resolve();
    });
    c.stdin!.on('error', () => undefined);
    c.stdin!.end(lines.join('\n') + '\n');
  });
}

/**
 * The data root's network helper, started when it is not running: `unshare [-Ur] -n node
 * shim.js netd ROOT` makes the infra namespace (and, rootless, the user namespace that owns
 * it), then slirp4netns gives that namespace its tap0 for outbound access and published
 * ports. Returns its pid (rootless containers join /proc/PID/ns/user). The helper is asked to
 * stay for `holdMs` so it cannot idle out before the caller's container attaches.
 */
export async function ensureNetd(root: string, holdMs = 20_000): Promise<number> {
  const p = netdPaths(root);
  await fs.promises.mkdir(p.dir, { recursive: true, mode: 0o700 });
  await fs.promises.mkdir(path.dirname(p.control), { recursive: true, mode: 0o700 });
  return withLock(root, 'netd', async () => {
    const known = Number(await fs.promises.readFile(p.pid, 'utf8').catch(() => '0'));
    if (known && pidAlive(known, 'netd')) {
      const ok = await netdRequest(root, { op: 'ping', holdMs }, 5000).then(() => true, () => false);
      if (ok) return known;
      try {
        process.kill(known, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (!findSlirp4netns()) throw new EngineError('unavailable', 'container networks need slirp4netns, which is not installed (Debian/Ubuntu: sudo apt-get install slirp4netns); or use --network none or --network host');
    if (!fs.existsSync(p.fifo)) {
      const r = spawnSync('mkfifo', ['-m', '600', p.fifo], { encoding: 'utf8' });
      if (r.status !== 0) throw new EngineError('internal', `mkfifo ${p.fifo}: ${r.stderr}`);
    }
    const rootless = process.getuid?.() !== 0;
    const log = fs.openSync(p.log, 'a');
    const child = spawn(binary('unshare'), [...(rootless ? ['-Ur'] : []), '-n', '--', process.execPath, shimScript(), 'netd', root, p.control], {
      detached: true, stdio: ['ignore', log, log, 'pipe'], cwd: '/', env: nodeChildEnv(),
    });
    fs.closeSync(log);
    await waitReady(child.stdio[3] as NodeJS.ReadableStream & { destroy(): void }, child, () => tail(p.log));
    const pid = child.pid!;
    child.unref();
    // slirp4netns: tap0 in the helper's namespace (joining its user namespace when rootless).
    // Host loopback stays unreachable from containers unless STEVEDORE_NET_HOST_LOOPBACK=1
    // (Podman's allow_host_loopback), which the tests use to reach servers they run on 127.0.0.1.
    const exitFd = fs.openSync(p.fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    let slirp: ChildProcess;
    try {
      slirp = await startSlirp4netns({ pid, api: p.slirpApi, log: p.slirpLog, exit: exitFd, hostLoopback: process.env.STEVEDORE_NET_HOST_LOOPBACK === '1', detached: true });
    } catch (e) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
      throw e;
    } finally {
      fs.closeSync(exitFd);
    }
    await netdRequest(root, { op: 'slirp', pid: slirp.pid!, api: p.slirpApi });
    await netdRequest(root, { op: 'ping', holdMs });
    await fs.promises.writeFile(p.pid, String(pid));
    return pid;
  });
}

/** Waits for the helper's "ready" line on its fd 3; its exit or 15 s without it is an error with its log's tail. */
function waitReady(pipe: NodeJS.ReadableStream & { destroy(): void }, child: { once(ev: 'exit', fn: (code: number | null) => void): unknown }, why: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let text = '';
    const t = setTimeout(() => reject(new EngineError('internal', `the network helper did not become ready in 15 s: ${why()}`)), 15_000);
    pipe.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('ready')) {
        clearTimeout(t);
        pipe.destroy();
        resolve();
      }
    });
    pipe.on('error', () => undefined);
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new EngineError('internal', `the network helper exited (${code}): ${why()}`));
    });
  });
}
