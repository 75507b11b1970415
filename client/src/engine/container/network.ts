import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { EngineError } from '../errors';
import type { PortBinding } from './api';

/**
 * The default network: each container has its own network namespace (made by the runtime), and
 * slirp4netns gives it a user-mode NAT (10.0.2.100, gateway 10.0.2.2, DNS 10.0.2.3) for outbound
 * access and forwards published ports from the host (`add_hostfwd`, so 127.0.0.1:hostPort
 * reaches the container). Chosen over a bridge with veth pairs and iptables because it works the
 * same as root and rootless, touches no host network configuration and leaves nothing behind
 * when it dies (rootless Docker and Podman use it for the same reasons); over pasta because
 * Debian 12's passt predates the features we would need. `--network host` shares the host's
 * namespace, `--network none` keeps only loopback.
 */
export const SLIRP = { ip: '10.0.2.100', gateway: '10.0.2.2', dns: '10.0.2.3' };

export function findSlirp4netns(): string | undefined {
  for (const d of [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/usr/local/bin']) {
    const p = path.join(d, 'slirp4netns');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export function validateNetwork(mode: string | undefined): string {
  const m = mode || 'default';
  if (m === 'bridge') return 'default';
  if (!['default', 'host', 'none'].includes(m)) throw new EngineError('not-found', `network ${m} not found`);
  if (m === 'default' && !findSlirp4netns()) {
    throw new EngineError('unavailable', 'the default network needs slirp4netns, which is not installed (Debian/Ubuntu: sudo apt-get install slirp4netns); or use --network none or --network host');
  }
  return m;
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

/** Host ports published by running containers must not collide: Docker's "port is already allocated". */
export async function checkPortFree(ip: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () => reject(new EngineError('conflict', `driver failed programming external connectivity: Bind for ${ip || '0.0.0.0'}:${port} failed: port is already allocated`)));
    srv.listen(port, ip || '0.0.0.0', () => srv.close(() => resolve()));
  });
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
    Stevedore: { netSocket: string };
  };
  const slirp = findSlirp4netns();
  if (!slirp) throw new Error('slirp4netns is not installed');
  const sock = rec.Stevedore.netSocket;
  fs.mkdirSync(path.dirname(sock), { recursive: true, mode: 0o700 });
  fs.rmSync(sock, { force: true });
  const log = fs.openSync(path.join(containerDir, 'slirp4netns.log'), 'w');
  const child = spawn(slirp, ['--configure', '--mtu=65520', '--disable-host-loopback', `--api-socket=${sock}`, '--ready-fd=3', String(state.pid), 'tap0'], {
    detached: true, stdio: ['ignore', log, log, 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const pipe = child.stdio[3] as NodeJS.ReadableStream;
    pipe.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`slirp4netns exited (${code}): ${fs.readFileSync(path.join(containerDir, 'slirp4netns.log'), 'utf8').trim()}`)));
    setTimeout(() => reject(new Error('slirp4netns did not become ready in 10 s')), 10_000).unref();
  });
  await ready;
  fs.writeFileSync(path.join(containerDir, 'slirp4netns.pid'), String(child.pid));
  for (const [key, bindings] of Object.entries(rec.NetworkSettings.Ports ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of bindings ?? []) {
      if (!b.HostPort) continue;
      const res = await slirpApi(sock, { execute: 'add_hostfwd', arguments: { proto, host_addr: b.HostIp || '0.0.0.0', host_port: Number(b.HostPort), guest_port: Number(port) } });
      if (res.error) throw new Error(`publishing ${b.HostIp || '0.0.0.0'}:${b.HostPort} -> ${key} failed: ${res.error.desc ?? JSON.stringify(res.error)}`);
    }
  }
  (child.stdio[3] as NodeJS.ReadableStream & { destroy(): void }).destroy();
  child.unref();
}

function slirpApi(sock: string, req: unknown): Promise<{ return?: unknown; error?: { desc?: string } }> {
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

/** Stops the container's slirp4netns (it would exit with the namespace's last process anyway). */
export function stopSlirp(containerDir: string): void {
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
