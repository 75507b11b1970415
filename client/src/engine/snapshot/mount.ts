import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { run } from '../process';


/**
 * The kernel takes mount options from one page: with lower directories named relative to `cwd`
 * (the layers folder) about 55 layers fit; a longer chain falls back to a copied rootfs.
 */
const MAX_OPTIONS = 4000;

/** Mount points in this mount namespace (from /proc/self/mountinfo, octal escapes undone). */
export function mountPoints(): Set<string> {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return new Set();
  }
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length > 4) out.add(f[4].replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

export function isMounted(target: string): boolean {
  return mountPoints().has(path.resolve(target));
}

export interface OverlaySpec {
  /** Lower directories, topmost first. */
  lowers: string[];
  /** Writable upper and its work directory (same filesystem); none for a read-only view. */
  upper?: string;
  work?: string;
  target: string;
  /**
   * A writable overlay whose upper directory is thrown away with it (a build step's temporary
   * snapshot): mounted with `volatile` where the kernel has it (5.10+), so its unmount does not
   * sync the whole upper filesystem (overlayfs syncs it on every unmount otherwise: 90-130 ms
   * here after a 10,000-file COPY, more when other processes have written much). What the step
   * changed is read from the page cache into its layer blob, which is fsynced as every blob is;
   * a crash leaves a stray snapshot, which is deleted, never mounted again.
   */
  volatile?: boolean;
}

/** Whether this kernel refused the `volatile` option once (then it is not offered again). */
let volatileRefused = false;

/**
 * Options every overlay mount gets: redirect_dir=off and metacopy=off keep each upper entry
 * whole (a renamed lower directory is copied by the tool doing the rename, a chmod copies the
 * data up), which is what reading the upper directory as a layer needs; index=off lets a layer
 * be a lower of one mount while another process still has it as upper during unpack.
 */
let overlayOptions: string | undefined;

function optionString(spec: OverlaySpec, cwd: string, extra: string): string {
  const rel = (p: string) => path.relative(cwd, p) || '.';
  const parts = [`lowerdir=${spec.lowers.map(rel).join(':')}`];
  if (spec.upper) parts.push(`upperdir=${rel(spec.upper)}`, `workdir=${rel(spec.work!)}`);
  if (extra) parts.push(extra);
  return parts.join(',');
}

/** Whether the chain fits in one mount's options (see MAX_OPTIONS). */
export function overlayFits(spec: OverlaySpec, cwd: string): boolean {
  return optionString(spec, cwd, `${overlayOptions ?? ''}${spec.volatile ? ',volatile' : ''}`).length <= MAX_OPTIONS;
}

export async function mountOverlay(spec: OverlaySpec, cwd: string): Promise<void> {
  if (spec.lowers.some((l) => l.includes(':') || l.includes(','))) throw new EngineError('invalid-argument', `overlay layer paths cannot contain ':' or ','; use a data root without them`);
  const base = overlayOptions ?? 'index=off,redirect_dir=off,metacopy=off';
  if (spec.volatile && spec.upper) {
    // A volatile mount leaves work/work/incompat/volatile behind, and overlay refuses to mount
    // the same upper and work again while it is there (it cannot know that no crash happened in
    // between), volatile or not. Only the snapshot's own, live process mounts it again, so
    // nothing crashed.
    fs.rmSync(path.join(spec.work!, 'work', 'incompat'), { recursive: true, force: true });
    if (!volatileRefused) {
      try {
        await run('mount', ['-t', 'overlay', 'overlay', '-o', optionString(spec, cwd, base ? `${base},volatile` : 'volatile'), spec.target], { cwd });
        return;
      } catch {
        // Tried again without it below: if that works, this kernel has no `volatile` (before
        // 5.10) and it is not offered again; if not, that failure is the one reported.
      }
      await mountPlain(spec, cwd, base);
      volatileRefused = true;
      return;
    }
  }
  await mountPlain(spec, cwd, base);
}

async function mountPlain(spec: OverlaySpec, cwd: string, base: string): Promise<void> {
  const opts = optionString(spec, cwd, base);
  try {
    await run('mount', ['-t', 'overlay', 'overlay', '-o', opts, spec.target], { cwd });
  } catch (e) {
    throw mountFailed(spec, e);
  }
}

function mountFailed(spec: OverlaySpec, e: unknown): EngineError {
  const stderr = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim();
  return new EngineError('unavailable', `mounting the overlay root filesystem at ${spec.target} failed: ${stderr}`, { cause: e });
}

/**
 * The name of the cross-process lock (fsutil withLock, under the data root) that a snapshot's
 * root mount is mounted, used on demand and unmounted under: start's mount, the supervisor's
 * unmount at the container's exit, and each Snapshotter.withRootfs call for its whole length.
 */
export function rootfsLock(id: string): string {
  return `rootfs-${id}`;
}

export async function unmount(target: string): Promise<void> {
  if (!isMounted(target)) return;
  try {
    await run('umount', [target]);
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim();
    if (/busy/i.test(stderr)) throw new EngineError('conflict', `cannot unmount ${target}: it is still in use (a container process is running in it); stop the container first`, { cause: e });
    throw new EngineError('internal', `unmounting ${target} failed: ${stderr}`, { cause: e });
  }
}

/**
 * Whether overlay mounts work here, tried for real under `dir` (root, a kernel with overlayfs, a
 * filesystem that can be an upper layer): the reason when they do not. The answer is kept in
 * `dir/.overlay-probe.json` for this kernel and uid, so each CLI process does not mount twice
 * to find out again; another kernel (a reboot into an update) probes afresh.
 */
export async function probeOverlay(dir: string): Promise<{ ok: boolean; reason?: string }> {
  const cacheFile = path.join(dir, '.overlay-probe.json');
  const key = `${os.release()} uid=${process.getuid?.() ?? -1}`;
  try {
    const c = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { key: string; ok: boolean; reason?: string; options?: string };
    if (c.key === key) {
      if (c.ok) overlayOptions = c.options;
      return c.ok ? { ok: true } : { ok: false, reason: c.reason };
    }
  } catch {
    // not probed yet
  }
  const res = await probeOverlayNow(dir);
  try {
    const tmp = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ key, ...res, ...(res.ok ? { options: overlayOptions } : {}) }));
    fs.renameSync(tmp, cacheFile);
  } catch {
    // a cache only
  }
  return res;
}

async function probeOverlayNow(dir: string): Promise<{ ok: boolean; reason?: string }> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { ok: false, reason: 'overlay mounts need root; the rootfs is a copy' };
  const probe = path.join(dir, `.probe-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const [l, u, w, m] = ['l', 'u', 'w', 'm'].map((n) => path.join(probe, n));
  try {
    for (const d of [l, u, w, m]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(l, 'f'), 'lower');
    let lastError = '';
    for (const extra of ['index=off,redirect_dir=off,metacopy=off', 'index=off,redirect_dir=off', 'redirect_dir=off']) {
      try {
        await run('mount', ['-t', 'overlay', 'overlay', '-o', optionString({ lowers: [l], upper: u, work: w, target: m }, probe, extra), m], { cwd: probe });
      } catch (e) {
        lastError = String((e as { stderr?: string }).stderr ?? e).trim();
        continue;
      }
      try {
        fs.writeFileSync(path.join(m, 'f'), 'upper');
        if (fs.readFileSync(path.join(u, 'f'), 'utf8') !== 'upper') return { ok: false, reason: 'overlay copy-up did not reach the upper directory' };
      } finally {
        await run('umount', [m]).catch(() => undefined);
      }
      overlayOptions = extra;
      return { ok: true };
    }
    return { ok: false, reason: `overlay mount failed: ${lastError}` };
  } catch (e) {
    return { ok: false, reason: `overlay probe failed: ${(e as Error).message}` };
  } finally {
    if (!isMounted(m)) fs.rmSync(probe, { recursive: true, force: true });
  }
}
