import * as assert from 'assert/strict';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeBusyboxImage } from './images';
import { REPO } from './lsp';

export const CLI = path.join(REPO, 'dist', 'cli.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `stevedore --data-root ROOT ...args` to completion (the real CLI bundle, a real process). */
export function cli(root: string, args: string[], opts: { input?: string; timeout?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, '--data-root', root, ...args], {
    encoding: 'utf8', timeout: opts.timeout ?? 60_000, input: opts.input, env: { ...process.env, ...opts.env },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

/** The same, asynchronously (for commands that run while the test does other things, like `logs -f`). */
export function cliAsync(root: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-root', root, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
  });
}

/**
 * Starts `stevedore --data-root ROOT ...args` and SIGKILLs it after `when` ms, or once `when()`
 * holds (polled every 20 ms, for at most `limitMs`). Resolves whether it was killed while it ran.
 */
export function killCli(root: string, args: string[], when: number | (() => boolean), limitMs = 60_000): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--data-root', root, ...args], { stdio: 'ignore' });
    const end = Date.now() + limitMs;
    const timer = typeof when === 'number'
      ? setTimeout(() => child.kill('SIGKILL'), when)
      : setInterval(() => {
        if (when() || Date.now() > end) {
          clearInterval(timer);
          child.kill('SIGKILL');
        }
      }, 20);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL');
    });
  });
}

/** A temp data root; `cleanup` unmounts what the engine mounted under it, then deletes it. */
export function tempRoot(prefix: string): { root: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    root,
    cleanup() {
      // Stop what still runs (supervisors, their containers) before deleting the folder.
      spawnSync(process.execPath, [CLI, '--data-root', root, 'rm', '-f', ...listAll(root)], { encoding: 'utf8' });
      stopNetworkHelper(root);
      unmountUnder(root);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The set-up most container tests share: before the enclosing describe's tests, a temporary data
 * root (named `prefix`...) holding busybox:latest, handed to `set`; after them, everything in it
 * stopped and the folder deleted. Fails at once where containers cannot run.
 */
export function withBusyboxRoot(prefix: string, set: (root: string) => void): void {
  let cleanup = () => {};
  before(async () => {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun');
    const t = tempRoot(prefix);
    cleanup = t.cleanup;
    set(t.root);
    await makeBusyboxImage(t.root, 'busybox:latest');
  });
  after(() => cleanup());
}

function listAll(root: string): string[] {
  const r = spawnSync(process.execPath, [CLI, '--data-root', root, 'ps', '-a', '-q', '--no-trunc'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

/** Mount points under `dir` in this mount namespace (the CLI runs in the same one). */
export function mountsUnder(dir: string): string[] {
  const prefix = path.resolve(dir) + '/';
  return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]).filter((p) => p?.startsWith(prefix));
}

export function unmountUnder(dir: string): void {
  for (const p of mountsUnder(dir).sort().reverse()) execFileSync('umount', ['-l', p]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `ms` pass (then returns the last value). */
export async function until<T>(fn: () => T | Promise<T>, ms = 10_000, every = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(every);
  }
}

/** Whether containers can run here (an OCI runtime, namespaces, root): the tests that need them say so when not. */
export function canRunContainers(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && ['/usr/sbin/runc', '/usr/bin/runc', '/usr/bin/crun'].some((p) => fs.existsSync(p));
}

/**
 * /dev/net/tun as Debian's udev rule leaves it (0666: any user may create a tap device in a
 * namespace it owns). Machines without udev (containers, micro-VMs) have it 0600, which keeps
 * slirp4netns, and so every rootless container network, from working for a regular user.
 */
export function tunForUsers(): void {
  if (process.getuid?.() !== 0 || !fs.existsSync('/dev/net/tun')) return;
  if ((fs.statSync('/dev/net/tun').mode & 0o666) !== 0o666) fs.chmodSync('/dev/net/tun', 0o666);
}

/** Ends the data root's network helper (it would exit by itself some seconds after its last container; slirp4netns goes with it). */
export function stopNetworkHelper(root: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(root, 'network', 'netd.pid'), 'utf8'));
    if (pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('netd')) process.kill(pid, 'SIGKILL');
  } catch {
    // not running
  }
}
