import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../core/errors';

/** Symlinks followed while resolving one path before it counts as a loop (Linux's MAXSYMLINKS). */
const MAX_HOPS = 40;

/**
 * A tar entry name as a path relative to the layer root: leading `/` and `./` dropped (tar
 * convention), `.` and empty segments removed, trailing `/` dropped; '' is the root itself.
 * A name whose `..` segments climb above the root is refused: no well-formed layer has one.
 */
export function entryPath(name: string, what = 'entry'): string {
  if (name.includes('\0')) throw new EngineError('corrupt', `layer ${what} ${JSON.stringify(name)} contains a NUL byte; refusing to apply the layer`);
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) throw new EngineError('corrupt', `layer ${what} ${JSON.stringify(name)} points outside the root filesystem ("..") ; refusing to apply the layer`);
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/**
 * Resolves `rel` inside `root` the way the path would resolve inside a container whose root is
 * `root` (a chroot): symlinks are followed, but absolute targets start again at `root` and `..`
 * stops at `root`, so the result always names something under `root`. With `followFinal` false
 * the last segment is not followed (it is the name being created, replaced or linked to).
 * Returns the resolved path relative to `root` ('' is the root). Missing segments are kept as
 * they are (they cannot be symlinks). Idea as containerd's fs.RootPath; written for this engine.
 */
export function resolveInRoot(root: string, rel: string, followFinal: boolean): string {
  let pending = rel.split('/').filter((s) => s !== '' && s !== '.');
  const out: string[] = [];
  let hops = 0;
  let missing = false;
  while (pending.length) {
    const seg = pending.shift()!;
    if (seg === '..') {
      out.pop();
      continue;
    }
    if (missing || (!pending.length && !followFinal)) {
      out.push(seg);
      continue;
    }
    const abs = path.join(root, ...out, seg);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      missing = true;
      out.push(seg);
      continue;
    }
    if (!st.isSymbolicLink()) {
      out.push(seg);
      continue;
    }
    if (++hops > MAX_HOPS) throw new EngineError('corrupt', `too many levels of symbolic links resolving "/${rel}" in the layer; refusing to apply the layer`);
    const target = fs.readlinkSync(abs);
    if (target.startsWith('/')) out.length = 0;
    pending = [...target.split('/').filter((s) => s !== '' && s !== '.'), ...pending];
  }
  return out.join('/');
}
