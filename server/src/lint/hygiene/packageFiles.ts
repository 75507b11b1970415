// Which files an earlier RUN's package manager installed, as far as a path can tell: layer-rewrite
// reports `chown -R www-data /etc/nginx` after `apt-get install nginx` in an earlier RUN. What a
// package installs cannot be known from the Dockerfile (its file list is in the package), so the rule
// takes only paths that name the package in a place packages keep their own files (PACKAGE_FILE_TABLE
// in ../rules/layer-rewrite.ts, one row per kind of place):
//
//   tree     /etc/<pkg>, /usr/share/<pkg>, /usr/lib/<pkg>, /opt/<pkg> ...: the package's own folder
//            (recursively, or a file below it whose name has an extension; never the folder alone)
//   file     /usr/bin/<pkg>, /etc/init.d/<pkg>, /etc/default/<pkg> ...: the file named after it
//   module   .../site-packages/<module>, node_modules/<pkg>: a pip or npm -g package's folder
//
// Not counted: state, log, cache and runtime folders (/var/lib/<pkg>, /var/log/<pkg>, /run/<pkg>):
// packages create them empty; a path an earlier `mkdir` (of this or an earlier RUN) created; names
// too generic to be a package's (GENERIC_NAMES); a package the same RUN installed.
import { isUnder } from '../shellExpand';

export interface PackageHome {
  id: 'tree' | 'file' | 'module';
  /** The folders whose child names the package (`tree`, `file`), or the folder names (`module`). */
  homes: string[];
  /** Package managers whose packages a `module` home holds (pip, npm). */
  managers?: string[];
}

/** A package's name as paths spell it: lower case, `-`, `_` and `.` the same. */
const normalizeName = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

/** Names that are folders everywhere rather than packages (never matched, whoever installed them). */
const GENERIC_NAMES = new Set(['bin', 'sbin', 'lib', 'lib64', 'share', 'etc', 'local', 'data', 'log', 'logs', 'conf', 'config', 'www', 'html', 'app', 'apps', 'src',
  'tmp', 'cache', 'doc', 'docs', 'man', 'include', 'default', 'common', 'base', 'core', 'utils', 'util', 'tools', 'python', 'python3', 'perl', 'ruby', 'node', 'java', 'site-packages',
  'dist-packages', 'node-modules', 'systemd', 'ssl', 'certs', 'test', 'tests', 'init-d']);

/** Package names a path may stand for (normalized), with the managers whose packages count (undefined: any). */
export interface PackageRef { name: string; managers?: string[]; home: PackageHome['id']; /** The package's own folder (`/etc/opendkim`) for a `tree` home. */ dir?: string }

const hasExt = (s: string) => /^[^*?[]*\.[A-Za-z0-9]{1,8}$/.test(s) && !/^\.[^.]*$/.test(s);
const isGlob = (s: string) => /[*?[]/.test(s);

/**
 * The packages whose files `path` (absolute, may hold a glob) is, if any: `recursive` for `-R`,
 * `meta` for chmod/chown/chgrp/setfacl (which change a folder alone when not recursive).
 */
export function packagesOfPath(path: string, recursive: boolean, meta: boolean, table: readonly PackageHome[]): PackageRef[] {
  const segs = path.split('/').filter(Boolean);
  const out: PackageRef[] = [];
  const last = segs[segs.length - 1] ?? '';
  for (const row of table) {
    if (row.id === 'module') {
      for (let k = 0; k + 1 < segs.length; k++) {
        if (!row.homes.includes(segs[k])) continue;
        const mod = segs[k + 1];
        if (isGlob(mod)) break;
        // `@scope/name` for npm; `flask`, `flask-3.0.3.dist-info`, `yaml.py` for pip
        const name = mod.startsWith('@') && segs[k + 2] && !isGlob(segs[k + 2]) ? `${mod}/${segs[k + 2]}` : mod.replace(/-[0-9][^/]*\.(dist|egg)-info$/, '').replace(/\.py$/, '');
        const depth = mod.startsWith('@') ? k + 3 : k + 2;
        if (fileLike(segs, depth, recursive, meta, last)) out.push({ name: normalizeName(name), managers: row.managers, home: row.id });
        break;
      }
      continue;
    }
    for (const home of row.homes) {
      if (!isUnder(path, home)) continue;
      const k = home.split('/').filter(Boolean).length;
      const name = segs[k];
      if (!name || isGlob(name)) continue;
      if (row.id === 'file') {
        if (segs.length === k + 1) out.push({ name: normalizeName(name), home: row.id });
      } else if (fileLike(segs, k + 1, recursive, meta, last)) {
        out.push({ name: normalizeName(name), home: row.id, dir: `/${segs.slice(0, k + 1).join('/')}` });
      }
    }
  }
  return out.filter((r) => !GENERIC_NAMES.has(r.name));
}

/**
 * The target rewrites files of the package folder that ends at segment `depth - 1`: recursively, or
 * a file below it (any in-place tool names files; chmod/chown/chgrp only when the name has an
 * extension, else it may be a folder).
 */
function fileLike(segs: string[], depth: number, recursive: boolean, meta: boolean, last: string): boolean {
  if (recursive) return segs.length >= depth;
  if (segs.length <= depth) return false;
  if (!meta) return !isGlob(last) || hasExt(last.replace(/^\*/, 'x'));
  return hasExt(isGlob(last) ? last.replace(/^\*/, 'x') : last);
}

/** Suffixes of split packages that keep their files in the main name's folder (`redis-server` → /etc/redis). */
const SPLIT_SUFFIX = /-(server|client|common|contrib|core|full|light|extras|data|tools|utils|bin|daemon|fpm|cli)$/;

/**
 * The names a package's folders may carry (normalized): its own, without a version suffix
 * (`postgresql-15` → `postgresql`, `php8.2` → `php`), without a split-package suffix
 * (`postgresql16-server` → `postgresql16`), and both.
 */
const FOLDER_NAMES = new Map<string, string[]>();
export function folderNames(name: string): string[] {
  let out = FOLDER_NAMES.get(name);
  if (!out) {
    out = computeFolderNames(name);
    // package names repeat across RUNs and documents; a bounded memo
    if (FOLDER_NAMES.size > 5000) FOLDER_NAMES.clear();
    FOLDER_NAMES.set(name, out);
  }
  return out;
}

function computeFolderNames(name: string): string[] {
  const n = normalizeName(name);
  const out = new Set<string>();
  const split = n.replace(SPLIT_SUFFIX, '');
  for (const x of [n, split]) {
    out.add(x);
    const v = x.replace(/-?[0-9][0-9.-]*$/, '');
    if (v) out.add(v);
  }
  return [...out].filter((x) => x && !GENERIC_NAMES.has(x));
}
