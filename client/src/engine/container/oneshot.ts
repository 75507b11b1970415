import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError, throwIfAborted } from '../../core/errors';
import { ownerAlive, ProcessOwner, thisProcess } from '../process';
import { findSlirp4netns, serveSlirp, SLIRP, stopSlirp } from './network';
import { detectRuntime, requireRuntime, Runtime, runtimeMessage, shimScript } from './runtime';
import { ociSpec, type SpecInput } from './spec';
import { socketPath } from './store';

/** `rootfs` is a prepared root filesystem (a snapshot's rootfs); the rest as for a container (spec.ts). */
export interface OneShotOptions extends Pick<SpecInput, 'rootfs' | 'args' | 'env' | 'cwd' | 'user' | 'hostname'> {
  dataRoot: string;
  /** 'default' (own namespace with slirp4netns outbound access), 'none' or 'host'. */
  network: string;
  mounts?: Array<{ source: string; destination: string; readOnly: boolean; type: 'bind' | 'tmpfs' }>;
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  signal?: AbortSignal;
}

/**
 * Runs one process to completion in a root filesystem with the OCI runtime in the foreground —
 * the builder's RUN steps: no supervisor, no record, nothing that outlives the call. Its
 * bundle lives under `<dataRoot>/build/run/<id>` and is removed afterwards.
 */
export async function runOnce(o: OneShotOptions): Promise<{ exitCode: number }> {
  const rt = requireRuntime();
  const runtime = new Runtime(rt.path, o.dataRoot);
  const id = `build-${crypto.randomBytes(8).toString('hex')}`;
  const dir = path.join(o.dataRoot, 'build', 'run', id);
  await fs.promises.mkdir(path.join(dir, 'bundle'), { recursive: true });
  let slirp: { close(): void } | undefined;
  try {
    // Who runs it: a run whose process was killed is reaped by reapRuns().
    await fs.promises.writeFile(path.join(dir, 'owner.json'), JSON.stringify(thisProcess()));
    const etc = { hosts: path.join(dir, 'hosts'), hostname: path.join(dir, 'hostname'), resolvConf: path.join(dir, 'resolv.conf') };
    await fs.promises.writeFile(etc.hostname, o.hostname + '\n');
    await fs.promises.writeFile(etc.hosts, `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${o.network === 'default' ? `${SLIRP.ip}\t${o.hostname}\n` : ''}`);
    const hostResolv = await fs.promises.readFile('/etc/resolv.conf', 'utf8').catch(() => '');
    await fs.promises.writeFile(etc.resolvConf, o.network === 'default' ? `nameserver ${SLIRP.dns}\n` : hostResolv);
    const net = o.network === 'default' && !findSlirp4netns() ? 'none' : o.network;
    if (net === 'default') {
      // The network hook reads the ports and the sockets from a record beside the bundle, and
      // asks this process to start slirp4netns, so that it ends with this process (serveSlirp).
      const netSocket = socketPath(o.dataRoot, id, 'net');
      // An abstract socket (Linux): no file to leave behind if this process is killed.
      const hookSocket = `\0stevedore-hook-${path.basename(socketPath(o.dataRoot, id, 'hook'), '.sock')}`;
      await fs.promises.writeFile(path.join(dir, 'config.v2.json'), JSON.stringify({ NetworkSettings: { Ports: {} }, Stevedore: { netSocket, hookSocket } }));
      slirp = await serveSlirp(hookSocket, dir, netSocket);
    }
    const spec = ociSpec({
      rootfs: o.rootfs, args: o.args, env: o.env, cwd: o.cwd, user: o.user, hostname: o.hostname, terminal: false, network: net, etcFiles: etc,
      mounts: o.mounts ?? [], rootless: rt.rootless,
      ...(net === 'default' ? { createRuntimeHook: { path: process.execPath, args: [process.execPath, shimScript(), 'net-hook', dir] } } : {}),
    });
    await fs.promises.writeFile(path.join(dir, 'bundle', 'config.json'), JSON.stringify(spec));
    throwIfAborted(o.signal);
    const log = path.join(dir, 'runtime.log');
    const pidFile = path.join(dir, 'pid');
    const child = spawn(runtime.binary, runtime.args('--log', log, '--log-format', 'json', 'run', '--bundle', path.join(dir, 'bundle'), '--pid-file', pidFile, id), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => o.onOutput?.('stdout', d));
    child.stderr.on('data', (d: Buffer) => {
      // runc's own error line is reported as the error below, not as the step's output.
      if (!fs.existsSync(pidFile) && /^(runc|crun)( run failed)?: /.test(d.toString())) return;
      o.onOutput?.('stderr', d);
    });
    const onAbort = () => void runtime.kill(id, 'KILL', true).catch(() => undefined);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, sig) => resolve(code ?? 128 + (sig ? os.constants.signals[sig] : 0)));
    });
    o.signal?.removeEventListener('abort', onAbort);
    throwIfAborted(o.signal);
    if (!fs.existsSync(pidFile)) {
      const msg = runtimeMessage(await fs.promises.readFile(log, 'utf8').catch(() => ''));
      if (msg) throw new EngineError('invalid-argument', msg.replace(/^runc run failed: /, ''));
    }
    return { exitCode };
  } finally {
    slirp?.close();
    stopSlirp(dir);
    await runtime.delete(id);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Cleans up after RUN steps whose process was killed (a SIGKILLed build): the runtime's
 * container is killed and deleted, its slirp4netns stopped, its bundle folder removed. Returns
 * the ids found (with `dryRun`, nothing is changed).
 */
export async function reapRuns(dataRoot: string, opts: { dryRun?: boolean } = {}): Promise<string[]> {
  const runs = path.join(dataRoot, 'build', 'run');
  const found: string[] = [];
  for (const id of await fs.promises.readdir(runs).catch(() => [] as string[])) {
    const dir = path.join(runs, id);
    let owner: ProcessOwner | undefined;
    try {
      owner = JSON.parse(await fs.promises.readFile(path.join(dir, 'owner.json'), 'utf8')) as ProcessOwner;
    } catch {
      // Written first thing: without it the run is being set up right now, or predates owners (old enough then).
      const st = await fs.promises.stat(dir).catch(() => undefined);
      if (!st || Date.now() - st.mtimeMs < 10 * 60 * 1000) continue;
    }
    if (owner && ownerAlive(owner)) continue;
    found.push(id);
    if (opts.dryRun) continue;
    const rt = detectRuntime();
    if (rt.path) {
      const runtime = new Runtime(rt.path, dataRoot);
      await runtime.kill(id, 'KILL', true).catch(() => undefined);
      await runtime.delete(id);
    }
    stopSlirp(dir);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
  return found;
}
