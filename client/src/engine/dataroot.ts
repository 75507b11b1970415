import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The data root every Stevedore process (extension windows, CLI, tests) shares.
 * Precedence: explicit value (setting / --data-root) > $STEVEDORE_ROOT > $XDG_DATA_HOME/stevedore
 * > ~/.local/share/stevedore.
 */
export function resolveDataRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit && explicit.trim()) return path.resolve(explicit);
  if (env.STEVEDORE_ROOT && env.STEVEDORE_ROOT.trim()) return path.resolve(env.STEVEDORE_ROOT);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'stevedore');
}

/**
 * The folders of a data root that hold image content or what is made from it (blobs, unpacked
 * layers with their setuid files and device nodes, root filesystems, volumes, build mounts,
 * container state). They are kept 0700 like the data root itself, as dockerd keeps
 * /var/lib/docker 0710 and its layer folders 0700: inside a container every file keeps the
 * image's mode, but no other local user can reach a setuid-root binary or a 0666 device node
 * an image shipped. The engine's own user owns them (rootless: the user namespace maps only that
 * user, so 0700 is enough; no group access is needed).
 */
export const PRIVATE_DIRS = ['content', 'layers', 'snapshots', 'build', 'volumes', 'containers', 'runtime', 'images'];

export interface ModeFix {
  path: string;
  /** The mode it had (permission bits). */
  was: number;
  /** Whether it is private now. */
  fixed: boolean;
}

/**
 * Makes the data root and its content folders private: creates missing ones 0700 and takes group
 * and other access away from existing ones (a root made before this, or by hand). Returns what
 * had the wrong mode. `check` only reports.
 */
export function makePrivate(root: string, opts: { check?: boolean } = {}): ModeFix[] {
  const out: ModeFix[] = [];
  for (const p of [root, ...PRIVATE_DIRS.map((d) => path.join(root, d))]) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      if (!opts.check) fs.mkdirSync(p, { recursive: true, mode: 0o700 });
      continue;
    }
    if ((st.mode & 0o077) === 0) continue;
    let fixed = false;
    if (!opts.check) {
      try {
        fs.chmodSync(p, st.mode & 0o7700);
        fixed = true;
      } catch {
        // Not ours to change (another user's root): fsck keeps reporting it.
      }
    }
    out.push({ path: p, was: st.mode & 0o7777, fixed });
  }
  return out;
}
