import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { parsePortRange } from '../../core/flags';
import type { PortBinding } from './api';

/**
 * A build step's network (RUN with the default network): its own network namespace (made by the
 * runtime), and slirp4netns gives it a user-mode NAT (10.0.2.100, gateway 10.0.2.2, DNS 10.0.2.3)
 * for outbound access. Containers are on bridge networks instead, wired by the network helper
 * (../network/netd.ts), whose one slirp4netns carries every network's outbound traffic and
 * published ports. `--network host` shares the host's namespace, `--network none` keeps only loopback.
 */
export const SLIRP = { ip: '10.0.2.100', gateway: '10.0.2.2', dns: '10.0.2.3' };

export function findSlirp4netns(): string | undefined {
  for (const d of [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/usr/local/bin']) {
    const p = path.join(d, 'slirp4netns');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** A free port on `ip` for a `-p` without a host port (the kernel picks it, as Docker lets it). */
export function freePort(ip: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, ip || '0.0.0.0', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The first free port of a host range (`-p 8000-8002:80`), as the daemon's port allocator picks one. */
export async function freePortIn(ip: string, range: string): Promise<number> {
  const [start, end] = parsePortRange(range) ?? [0, -1];
  for (let port = start; port <= end; port++) {
    if (await checkPortFree(ip, port).then(() => true, () => false)) return port;
  }
  throw new EngineError('conflict', `driver failed programming external connectivity: Bind for ${ip || '0.0.0.0'}:${range} failed: port is already allocated`);
}

/** Host ports published by running containers must not collide: Docker's "port is already allocated". */
export async function checkPortFree(ip: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () => reject(new EngineError('conflict', `driver failed programming external connectivity: Bind for ${ip || '0.0.0.0'}:${port} failed: port is already allocated`)));
    srv.listen(port, ip || '0.0.0.0', () => srv.close(() => resolve()));
  });
}

/**
 * Starts slirp4netns on tap0 of the network namespace of `pid` (10.0.2.0/24, API socket `api`,
 * its output in `log`) and resolves with it once it is ready (its --ready-fd); on failure it is
 * killed and the error carries its log. `exit` ends it: 'pipe' — a pipe only this process holds
 * (it exits with this process), a file descriptor — the read end of a FIFO whose holder's death
 * ends it (--exit-fd), or none — it runs until stopped. The one way every slirp4netns here starts
 * (the network helper's, a build step's, a container's from before networks).
 */
export async function startSlirp4netns(o: { pid: number; api: string; log: string; exit?: 'pipe' | number; hostLoopback?: boolean; detached?: boolean }): Promise<ChildProcess> {
  const bin = findSlirp4netns();
  if (!bin) throw new EngineError('unavailable', 'slirp4netns is not installed (Debian/Ubuntu: sudo apt-get install slirp4netns)');
  fs.mkdirSync(path.dirname(o.api), { recursive: true, mode: 0o700 });
  fs.rmSync(o.api, { force: true });
  const log = fs.openSync(o.log, 'w');
  // fd 3: the exit pipe or FIFO (never written); fd 4: ready.
  const child = spawn(bin, [
    '--configure', '--mtu=65520', ...(o.hostLoopback ? [] : ['--disable-host-loopback']), `--api-socket=${o.api}`,
    ...(o.exit !== undefined ? ['--exit-fd=3'] : []), '--ready-fd=4', String(o.pid), 'tap0',
  ], { detached: !!o.detached, stdio: ['ignore', log, log, o.exit ?? 'ignore', 'pipe'] });
  fs.closeSync(log);
  (child.stdio[3] as NodeJS.ReadableStream | null)?.on('error', () => undefined);
  const ready = child.stdio[4] as NodeJS.ReadableStream & { destroy(): void };
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new EngineError('internal', `slirp4netns did not become ready in 15 s: ${tail(o.log)}`)), 15_000);
      ready.once('data', () => {
        clearTimeout(t);
        resolve();
      });
      ready.on('error', () => undefined);
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new EngineError('internal', `slirp4netns exited (${code}): ${tail(o.log)}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  ready.destroy();
  child.unref();
  (child.stdio[3] as unknown as { unref?(): void } | null)?.unref?.();
  return child;
}

/** The last lines of a log file (for an error message). */
export function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' ');
  } catch {
    return '';
  }
}

interface HookInput {
  pid: number;
}

/**
 * The runtime's createRuntime hook (runs in the host's namespaces once the container's exist,
 * with the container state on stdin): starts slirp4netns for the container's network namespace,
 * waits until it is ready, adds the port forwards, records its pid, and exits.
 */
export async function netHook(containerDir: string): Promise<void> {
  const state = JSON.parse(fs.readFileSync(0, 'utf8')) as HookInput;
  const rec = JSON.parse(fs.readFileSync(path.join(containerDir, 'config.v2.json'), 'utf8')) as {
    NetworkSettings: { Ports: Record<string, PortBinding[] | null> };
    Stevedore: { netSocket: string; hookSocket?: string };
  };
  if (rec.Stevedore.hookSocket) return askOwner(rec.Stevedore.hookSocket, state.pid);
  const sock = rec.Stevedore.netSocket;
  const child = await startSlirp4netns({ pid: state.pid, api: sock, log: path.join(containerDir, 'slirp4netns.log'), detached: true });
  fs.writeFileSync(path.join(containerDir, 'slirp4netns.pid'), String(child.pid));
  for (const [key, bindings] of Object.entries(rec.NetworkSettings.Ports ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of bindings ?? []) {
      if (!b.HostPort) continue;
      const res = await slirpApi(sock, { execute: 'add_hostfwd', arguments: { proto, host_addr: b.HostIp || '0.0.0.0', host_port: Number(b.HostPort), guest_port: Number(port) } });
      if (res.error) throw new Error(`publishing ${b.HostIp || '0.0.0.0'}:${b.HostPort} -> ${key} failed: ${res.error.desc ?? JSON.stringify(res.error)}`);
    }
  }
}

/** One request to slirp4netns' API socket (add_hostfwd, remove_hostfwd ...) and its answer. */
export function slirpApi(sock: string, req: unknown): Promise<{ return?: unknown; error?: { desc?: string } }> {
  return new Promise((resolve, reject) => {
    const c = net.connect(sock);
    let out = '';
    c.on('data', (d) => (out += d));
    c.on('end', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`slirp4netns API answered ${JSON.stringify(out)}`));
      }
    });
    c.on('error', reject);
    c.end(JSON.stringify(req));
  });
}

/** The hook's side of serveSlirp: hands the container's pid to the owner and waits for "ok". */
function askOwner(sock: string, pid: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = net.connect(sock);
    let answer = '';
    c.on('data', (d) => (answer += d));
    c.on('end', () => (answer.startsWith('ok') ? resolve() : reject(new Error(answer.replace(/^error /, '').trim() || 'the build did not start slirp4netns'))));
    c.on('error', reject);
    c.end(`${pid}\n`);
  });
}

/**
 * slirp4netns for a container whose owner is this process (a build's RUN step): the runtime's
 * hook hands the container's pid over `hookSocket`, and slirp4netns is started here, as this
 * process's child with `--exit-fd` on a pipe only this process holds. When this process ends —
 * normally or SIGKILLed mid-RUN — the pipe closes and slirp4netns exits by itself, as Podman
 * has conmon hold it; a hook-started slirp4netns would outlive a killed build. `hookSocket` is
 * best an abstract socket (`\0name`: no file). `close()` stops slirp4netns and removes its API socket.
 */
export async function serveSlirp(hookSocket: string, containerDir: string, apiSocket: string): Promise<{ close(): void }> {
  if (!findSlirp4netns()) throw new EngineError('unavailable', 'slirp4netns is not installed');
  const children: ChildProcess[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (c) => {
    let text = '';
    c.on('data', (d) => {
      text += d;
      if (!text.includes('\n')) return;
      const pid = Number(text.trim());
      startSlirp(pid, containerDir, apiSocket, children).then(() => c.end('ok\n'), (e: Error) => c.end(`error ${e.message}\n`));
    });
    c.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(hookSocket, () => resolve());
  });
  server.unref();
  return {
    close() {
      server.close();
      stopSlirp(containerDir);
      for (const ch of children) (ch.stdio[3] as NodeJS.ReadableStream & { destroy(): void } | null)?.destroy();
    },
  };
}

async function startSlirp(pid: number, containerDir: string, sock: string, children: ChildProcess[]): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('no container pid');
  const child = await startSlirp4netns({ pid, api: sock, log: path.join(containerDir, 'slirp4netns.log'), exit: 'pipe' });
  children.push(child);
  fs.writeFileSync(path.join(containerDir, 'slirp4netns.pid'), String(child.pid));
}

/**
 * Stops the container's slirp4netns and removes its API socket (under the user's temp folder:
 * slirp4netns leaves it behind when it is stopped).
 */
export function stopSlirp(containerDir: string): void {
  try {
    const rec = JSON.parse(fs.readFileSync(path.join(containerDir, 'config.v2.json'), 'utf8')) as { Stevedore?: { netSocket?: string } };
    if (rec.Stevedore?.netSocket) fs.rmSync(rec.Stevedore.netSocket, { force: true });
  } catch {
    // no record, no socket
  }
  const f = path.join(containerDir, 'slirp4netns.pid');
  let pid: number;
  try {
    pid = Number(fs.readFileSync(f, 'utf8'));
  } catch {
    return;
  }
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('slirp4netns')) process.kill(pid, 'SIGTERM');
  } catch {
    // gone already
  }
  fs.rmSync(f, { force: true });
}

/** Whether slirp4netns can make a tap device here (needs /dev/net/tun). */
export function slirpUsable(): boolean {
  return !!findSlirp4netns() && fs.existsSync('/dev/net/tun') && spawnSync(findSlirp4netns()!, ['--version']).status === 0;
}
