// Package managers in a RUN: the caches and indexes they leave (apt, apk, dnf/yum, zypper, pip, npm,
// yarn, composer), the packages they install and remove.
import { CACHE_SETTINGS, CACHE_TABLE, cacheRow, CacheRow, CacheSettingRow } from '../../rules/layer-cache';
import { basename, resolvePath } from '../../shellExpand';
import type { CacheInfo, Item } from '../timeline';
import { Arg, fieldText, has, options, pathMatch, set, val } from './args';
import type { Handler, RunContext } from './context';

const APT_VALUED = set('o c t option config-file target-release default-release');
const APK_VALUED = set('X p t repository root keys-dir arch cache-dir virtual repositories-file');
const PIP_VALUED = set('r c e i f t requirement constraint editable index-url extra-index-url find-links target prefix root cache-dir src trusted-host python-version platform implementation abi progress-bar upgrade-strategy global-option config-settings C log proxy retries timeout exists-action only-binary no-binary report python');
const NPM_VALUED = set('prefix cache registry w workspace omit include loglevel userconfig tag location before install-strategy fetch-retries fetch-timeout maxsockets');
const YARN_VALUED = set('cache-folder modules-folder cwd mutex network-timeout network-concurrency registry global-folder link-folder preferred-cache-folder proxy https-proxy otp use-yarnrc mode');
const RPM_VALUED = set('c x config installroot releasever enablerepo disablerepo exclude repo repofrom setopt downloaddir destdir');
const ZYPPER_VALUED = set('root R D C cache-dir reposd-path config c');

function cache(r: RunContext, path: string, info: CacheInfo, alts: string[] = []): void {
  const all = [path, ...alts];
  if (all.some((p) => r.inMount(p) || p.includes('\0') || p === '/dev/null')) return;
  // one cache item per location and RUN
  if (r.timeline.live('cache').some((i) => i.inst === r.inst && i.path === path)) return;
  r.timeline.add({ kind: 'cache', inst: r.inst, path, alts: alts.length ? alts : undefined, tree: true, source: info.command, alive: true, cache: info, manager: info.command.split(' ')[0] });
}

function packages(r: RunContext, manager: string, names: string[], extra: Partial<Item> = {}): void {
  for (const n of names) r.timeline.add({ kind: 'package', inst: r.inst, path: '', pkg: n.toLowerCase(), manager, source: manager, alive: true, ...extra });
}

function removeCache(r: RunContext, path: string, verb: string): void {
  r.timeline.remove({ ...pathMatch(path, false), recursive: true, verb }, r.inst);
}

/** A cleanup of the cache at `path` that leaves it (no --all): the quick fix adds the option after `word`. */
function incomplete(r: RunContext, path: string, command: string, option: string, word: Arg | undefined): void {
  const it = r.timeline.live('cache').find((i) => i.inst === r.inst && i.path === path);
  const at = r.after(word?.w);
  if (it?.cache && at) it.cache.completeCleanup = { title: `Add ${option} to \`${command}\` so it removes the cache`, at, text: ` ${option}` };
}

/** The table rows the dedicated handlers read (looked up once): what fills each cache, how messages name it, its flag and cleanup. */
const APT_ROW = cacheRow('apt');
const APK_ROW = cacheRow('apk');
const DNF_ROW = cacheRow('dnf');
const ZYPPER_ROW = cacheRow('zypper');
const PIP_ROW = cacheRow('pip');
const NPM_ROW = cacheRow('npm');
const YARN_ROW = cacheRow('yarn');
const COMPOSER_ROW = cacheRow('composer');

const truthy = (v: string | null | undefined) => !!v && !/^(0|false|no|off)$/i.test(v);
/** A value Python's strtobool accepts, true or false (see CacheRow.noCacheEnvAnyBool). */
const boolean = (v: string | null | undefined) => !!v && /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i.test(v);
/** A no-cache variable of the row is set so that it avoids the cache. */
const envDisables = (row: CacheRow, get: (n: string) => string | null | undefined) =>
  (row.noCacheEnv ?? []).some((n) => truthy(get(n))) || (row.noCacheEnvAnyBool ?? []).some((n) => boolean(get(n)));

/** Records where a "no cache" flag can be inserted for the cache item this command just added. */
function fixFlag(r: RunContext, path: string, subArg: Arg | undefined): void {
  const it = r.timeline.live('cache').find((i) => i.inst === r.inst && i.path === path);
  if (!it?.cache?.flag || it.cache.flagAt) return;
  it.cache.flagAt = r.after(subArg?.w);
}

/** The package a .deb file holds, by Debian's file naming (`nginx_1.22.1-9_amd64.deb` → nginx). */
export const debName = (file: string) => basename(file).replace(/\.deb$/, '').split('_')[0];
/** The package an .rpm file holds, by the usual naming (`nginx-1.20.1-1.el9.x86_64.rpm` → nginx). */
export const rpmName = (file: string) => basename(file).replace(/\.rpm$/, '').replace(/-[0-9][^-]*(-[^-]+)?$/, '').replace(/-[0-9].*$/, '');

function apt(r: RunContext, name: string, rest: Arg[]): void {
  const { operands } = options(rest, APT_VALUED);
  const sub = fieldText(operands[0]);
  const words = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-'));
  const names = words.filter((t) => !t.includes('/') && !t.endsWith('.deb'))
    .map((t) => t.replace(/[=:].*$/, '').replace(/[+-]$/, ''))
    .concat(words.filter((t) => t.endsWith('.deb')).map(debName));
  switch (sub) {
    case 'update':
      cache(r, APT_ROW.paths[0], { command: `${name} update`, what: APT_ROW.what, cleanup: APT_ROW.cleanup, mount: APT_ROW.paths[0] });
      break;
    case 'install': case 'reinstall': case 'build-dep':
      packages(r, 'apt', names);
      break;
    case 'purge': case 'remove': case 'autoremove': case 'autopurge':
      if (names.length) r.timeline.removePackages('apt', names, `${name} ${sub}`, r.inst);
      break;
    case 'clean': case 'autoclean':
      removeCache(r, '/var/cache/apt/archives', `${name} ${sub}`);
      break;
    case 'dist-clean': case 'distclean':
      removeCache(r, '/var/lib/apt/lists', `${name} ${sub}`);
      break;
    default: break;
  }
}

function apk(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, APK_VALUED);
  const sub = fieldText(operands[0]);
  const subArg = operands[0];
  const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-')).map((t) => t.replace(/[=<>~].*$/, ''));
  const noCache = has(opts, 'no-cache', 'no-network');
  const cacheDir = val(opts, 'cache-dir');
  const where = cacheDir ? resolvePath(r.cwd, cacheDir) : '/var/cache/apk';
  const alts = cacheDir ? [] : ['/etc/apk/cache'];
  switch (sub) {
    case 'add': {
      if (!noCache) cache(r, where, { command: 'apk add', what: APK_ROW.what, cleanup: `rm -rf ${where}/*`, flag: APK_ROW.flag, mount: where }, alts);
      fixFlag(r, where, subArg);
      const virtual = val(opts, 't', 'virtual');
      if (virtual) packages(r, 'apk', [virtual], { members: names.map((n) => n.toLowerCase()) });
      packages(r, 'apk', names);
      break;
    }
    case 'update': case 'upgrade': case 'fix':
      if (!noCache) cache(r, where, { command: `apk ${sub}`, what: APK_ROW.what, cleanup: `rm -rf ${where}/*`, mount: where }, alts);
      break;
    case 'del': case 'delete':
      if (names.length) r.timeline.removePackages('apk', names, 'apk del', r.inst);
      break;
    case 'cache':
      if (['clean', 'purge', 'sync'].includes(fieldText(operands[1]) ?? '')) removeCache(r, where, `apk cache ${fieldText(operands[1])}`);
      break;
    default: break;
  }
}

function pip(r: RunContext, command: string, rest: Arg[], env: Map<string, string | null>): void {
  const { opts, operands } = options(rest, PIP_VALUED);
  const sub = fieldText(operands[0]);
  const get = (n: string) => (env.has(n) ? env.get(n) : r.vars.get(n));
  if (sub === 'install' || sub === 'download' || sub === 'wheel') {
    const row = PIP_ROW;
    const disabled = (row.noCacheFlags ?? []).some((f) => has(opts, f)) || envDisables(row, get);
    const dir = val(opts, 'cache-dir') ?? get('PIP_CACHE_DIR') ?? (get('XDG_CACHE_HOME') ? `${get('XDG_CACHE_HOME')}/pip` : r.home !== undefined ? `${r.home}/.cache/pip` : undefined);
    if (!disabled && dir) {
      const where = resolvePath(r.cwd, dir);
      cache(r, where, { command: `${basename(command.split(' ')[0])} ${sub}`, what: row.what, cleanup: `rm -rf ${where}`, flag: row.flag, mount: where });
      fixFlag(r, where, operands[0]);
    }
    if (sub === 'install' && !r.cwd.includes('\0')) {
      // `pip install .` builds in the project's folder
      for (const t of operands.slice(1).map(fieldText)) {
        if (t === undefined || !/^\.{1,2}(\/|$)|^\//.test(t) || /\.(whl|zip|tar\.gz)$/.test(t)) continue;
        const dir = resolvePath(r.cwd, t);
        r.timeline.touch(resolvePath(dir, 'build'), r.inst);
        r.created(resolvePath(dir, 'build'), 'pip install', true);
      }
    }
    if (sub === 'install') {
      const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !/[/\\]|^\.|\.(whl|tar\.gz|zip)$/.test(t))
        .map((t) => t.replace(/[[<>=!~;@ ].*$/, '').replace(/_/g, '-'));
      if (!has(opts, 'r', 'requirement', 'e', 'editable', 't', 'target', 'user', 'prefix', 'root')) packages(r, 'pip', names);
    }
  } else if (sub === 'uninstall') {
    const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-')).map((t) => t.replace(/_/g, '-'));
    if (names.length) r.timeline.removePackages('pip', names, `${basename(command.split(' ')[0])} uninstall`, r.inst);
  } else if (sub === 'cache' && ['purge', 'remove'].includes(fieldText(operands[1]) ?? '')) {
    const dir = get('PIP_CACHE_DIR') ?? (r.home !== undefined ? `${r.home}/.cache/pip` : undefined);
    if (dir) removeCache(r, dir, 'pip cache purge');
  }
}

function npm(r: RunContext, rest: Arg[], env: Map<string, string | null>): void {
  const { opts, operands } = options(rest, NPM_VALUED);
  const sub = fieldText(operands[0]);
  const get = (n: string) => (env.has(n) ? env.get(n) : r.vars.get(n) ?? r.vars.get(n.toUpperCase()));
  const cacheDir = val(opts, 'cache') ?? get('npm_config_cache') ?? (r.home !== undefined ? `${r.home}/.npm` : undefined);
  const global = has(opts, 'g', 'global') || val(opts, 'location') === 'global';
  if (sub && NPM_ROW.fills.test(sub)) {
    if (cacheDir) {
      const where = resolvePath(r.cwd, cacheDir);
      cache(r, where, { command: `npm ${sub}`, what: NPM_ROW.what, cleanup: NPM_ROW.cleanup, mount: where });
    }
    const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-')).map((t) => t.replace(/(.)@.*$/, '$1'));
    if (global) packages(r, 'npm', names);
    else if (!r.cwd.includes('\0')) installed(r, resolvePath(r.cwd, 'node_modules'), `npm ${sub}`);
  } else if (sub === 'prune' && !global && !r.cwd.includes('\0')) {
    // removes packages (devDependencies with --production/--omit=dev) from node_modules
    r.timeline.remove({ ...pathMatch(`${resolvePath(r.cwd, 'node_modules')}/*`, true), recursive: false, verb: 'npm prune', label: `${resolvePath(r.cwd, 'node_modules')}/*` }, r.inst);
  } else if (sub === 'cache' && ['clean', 'clear', 'rm'].includes(fieldText(operands[1]) ?? '')) {
    if (cacheDir) removeCache(r, resolvePath(r.cwd, cacheDir), 'npm cache clean');
  } else if (sub && /^(uninstall|unlink|remove|rm|r|un)$/.test(sub) && global) {
    const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-'));
    if (names.length) r.timeline.removePackages('npm', names, `npm ${sub} -g`, r.inst);
  }
}

/** An install's `node_modules`: this RUN's, and no longer an earlier install's (the latest install owns it, see BuildRow.installOutputs). */
function installed(r: RunContext, path: string, source: string): void {
  supersedeInstalls(r, path);
  r.created(path, source, true);
}

/** What earlier npm/yarn/pnpm/bun installs wrote at `nodeModules` is this RUN's install's from now on (also for pnpm and bun, read by builds.ts). */
export function supersedeInstalls(r: RunContext, nodeModules: string): void {
  r.timeline.supersede(nodeModules, /^(npm|yarn|pnpm|bun)\b/, r.inst);
}

function yarn(r: RunContext, rest: Arg[], env: Map<string, string | null>): void {
  // options that take a value (yarn v1's and berry's): `yarn --frozen-lockfile --network-concurrency 1` is a
  // bare `yarn`, which is `yarn install` (classic.yarnpkg.com/en/docs/cli), not a subcommand `1`
  const { opts, operands } = options(rest, YARN_VALUED);
  let sub = fieldText(operands[0]);
  if (operands.length && sub === undefined) return;
  if (!operands.length && has(opts, 'version', 'v', 'help', 'h')) return;
  if (sub === 'global') sub = `global ${fieldText(operands[1]) ?? ''}`.trim();
  const get = (n: string) => (env.has(n) ? env.get(n) : r.vars.get(n));
  const explicit = val(opts, 'cache-folder') ?? get('YARN_CACHE_FOLDER') ?? undefined;
  const home = r.home;
  const root = r.input.user === 'root';
  const paths = explicit ? [resolvePath(r.cwd, explicit)] : [root ? '/usr/local/share/.cache/yarn' : `${home}/.cache/yarn`, ...(home !== undefined ? [`${home}/.cache/yarn`, `${home}/.yarn/berry/cache`] : [])];
  const uniq = [...new Set(paths)].filter((p) => !p.startsWith('undefined'));
  if (!uniq.length) return;
  if (sub === undefined || YARN_ROW.fills.test(sub)) {
    cache(r, uniq[0], { command: sub ? `yarn ${sub}` : 'yarn', what: YARN_ROW.what, cleanup: YARN_ROW.cleanup, mount: uniq[0] }, uniq.slice(1));
    if (!sub?.startsWith('global') && !r.cwd.includes('\0')) installed(r, resolvePath(r.cwd, 'node_modules'), sub ? `yarn ${sub}` : 'yarn');
  } else if (sub === 'cache' && fieldText(operands[1]) === 'clean') {
    for (const p of uniq) removeCache(r, p, 'yarn cache clean');
  }
}

function rpm(r: RunContext, name: string, rest: Arg[]): void {
  const { operands } = options(rest, RPM_VALUED);
  let sub = fieldText(operands[0]);
  let args = operands.slice(1);
  if ((sub === 'group' || sub === 'module') && fieldText(operands[1])) { sub = `${sub} ${fieldText(operands[1])}`; args = operands.slice(2); }
  const dir = name === 'tdnf' ? '/var/cache/tdnf' : name === 'dnf' || name === 'dnf5' ? '/var/cache/dnf' : '/var/cache/yum';
  const alts = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'].filter((d) => d !== dir);
  const words = args.map(fieldText).filter((t): t is string => !!t && !t.startsWith('-'));
  const names = words.filter((t) => !t.includes('/') && !t.endsWith('.rpm')).map((t) => t.replace(/-[0-9].*$/, '')).concat(words.filter((t) => t.endsWith('.rpm')).map(rpmName));
  if (sub && DNF_ROW.fills.test(sub)) {
    cache(r, dir, { command: `${name} ${sub}`, what: `${name}'s metadata and package cache`, cleanup: `${name} clean all`, mount: dir }, alts);
    if (/install/.test(sub)) packages(r, 'rpm', names);
  } else if (sub && /^(remove|erase|autoremove|rm)$/.test(sub)) {
    if (names.length) r.timeline.removePackages('rpm', names, `${name} ${sub}`, r.inst);
  } else if (sub === 'clean' && args.some((a) => fieldText(a) === 'all')) {
    for (const d of [dir, ...alts]) removeCache(r, d, `${name} clean all`);
  }
}

function zypper(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, ZYPPER_VALUED);
  const sub = fieldText(operands[0]);
  const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !t.includes('/'));
  const dir = val(opts, 'C', 'cache-dir') ?? '/var/cache/zypp';
  if (sub && ZYPPER_ROW.fills.test(sub)) {
    cache(r, dir, { command: `zypper ${sub}`, what: ZYPPER_ROW.what, cleanup: ZYPPER_ROW.cleanup, mount: dir });
    if (sub === 'install' || sub === 'in') packages(r, 'zypper', names);
  } else if (sub && /^(remove|rm)$/.test(sub)) {
    if (names.length) r.timeline.removePackages('zypper', names, `zypper ${sub}`, r.inst);
  } else if (sub === 'clean' || sub === 'cc') {
    // without --all zypper keeps the repositories' metadata (raw and solv), the larger part
    const all = ZYPPER_ROW.cleans?.find((c) => c.sub.test(sub))?.opts ?? [];
    if (all.some((o) => has(opts, o))) removeCache(r, dir, `zypper ${sub} --all`);
    else incomplete(r, dir, `zypper ${sub}`, '--all', operands[0]);
  }
}

const PACMAN_VALUED = set('cachedir dbpath b root r config gpgdir hookdir logfile arch sysroot assume-installed ignore ignoregroup overwrite print-format');
const PACMAN_ROW = cacheRow('pacman');
const PACMAN_SYNC_ROW = cacheRow('pacman-sync');

/** pacman -S (-y, -u, -w, -c): the package cache and the sync databases (see the rows' comment in layer-cache.ts). */
function pacman(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, PACMAN_VALUED);
  const names = operands.map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !t.includes('/'));
  if (has(opts, 'R', 'remove')) {
    if (names.length) r.timeline.removePackages('pacman', names, 'pacman -R', r.inst);
    return;
  }
  if (!has(opts, 'S', 'sync')) return;
  const pkgDir = resolvePath(r.cwd, val(opts, 'cachedir') ?? PACMAN_ROW.paths[0]);
  const db = val(opts, 'dbpath', 'b');
  const syncDir = db ? resolvePath(resolvePath(r.cwd, db), 'sync') : PACMAN_SYNC_ROW.paths[0];
  const cleans = (opts.get('c')?.length ?? 0) + (opts.get('clean')?.length ?? 0);
  if (cleans) {
    // -Scc empties the package cache only when the question is answered yes (not by --noconfirm, its default is no)
    if (cleans >= 2 && r.stdinYes && !has(opts, 'noconfirm')) removeCache(r, pkgDir, 'yes | pacman -Scc');
    return;
  }
  if (has(opts, 'y', 'refresh')) cache(r, syncDir, { command: 'pacman -Sy', what: PACMAN_SYNC_ROW.what, cleanup: `rm -rf ${syncDir}/*`, mount: syncDir });
  if (names.length || has(opts, 'u', 'sysupgrade', 'w', 'downloadonly')) {
    cache(r, pkgDir, { command: 'pacman -S', what: PACMAN_ROW.what, cleanup: `rm -rf ${pkgDir}/*`, mount: pkgDir });
    if (!has(opts, 'w', 'downloadonly')) packages(r, 'pacman', names);
  }
}

function composer(r: RunContext, rest: Arg[], env: Map<string, string | null>): void {
  const { opts, operands } = options(rest, set('d working-dir'));
  let subArg = operands[0];
  let sub = fieldText(subArg);
  if (sub === 'global') { subArg = operands[1]; sub = fieldText(subArg); }
  const get = (n: string) => (env.has(n) ? env.get(n) : r.vars.get(n));
  // a cache moved somewhere this analysis cannot know (COMPOSER_HOME="$(mktemp -d)", removed later in
  // the RUN as a rule): not reported
  if (r.unknownVar('COMPOSER_CACHE_DIR') || r.unknownVar('COMPOSER_HOME')) return;
  const explicit = get('COMPOSER_CACHE_DIR');
  const chome = get('COMPOSER_HOME');
  const home = r.home;
  const dir = explicit ?? (chome ? `${chome}/cache` : home !== undefined ? `${home}/.cache/composer` : undefined);
  if (!dir) return;
  const where = dir === '/dev/null' ? dir : resolvePath(r.cwd, dir);
  const alts = explicit || chome || home === undefined ? [] : [`${home}/.composer/cache`];
  if (sub && COMPOSER_ROW.fills.test(sub)) {
    if (!has(opts, 'no-cache') && !(get('COMPOSER_NO_CACHE'))) {
      cache(r, where, { command: `composer ${sub}`, what: COMPOSER_ROW.what, cleanup: COMPOSER_ROW.cleanup, flag: COMPOSER_ROW.flag, mount: where }, alts);
      fixFlag(r, where, subArg);
    }
  } else if (sub && COMPOSER_ROW.cleans?.some((c) => c.sub.test(sub))) {
    for (const p of [where, ...alts]) removeCache(r, p, `composer ${sub}`);
  }
}

/** A row of the cache table interpreted as it stands (rows without a dedicated handler). */
function tableHandler(row: CacheRow): Handler {
  const valued = new Set(row.valued ?? []);
  return (r, name, rest, env) => {
    const { opts, operands } = options(rest, valued, row.dashLong);
    const words: string[] = [];
    for (const a of operands.slice(0, 3)) { const t = fieldText(a); if (t === undefined) break; words.push(t); }
    const subs = words.length ? [1, 2, 3].filter((k) => k <= words.length).map((k) => words.slice(0, k).join(' ')) : [''];
    const get = (n: string) => (env.has(n) ? env.get(n) : r.vars.get(n));
    const dirs = cacheDirs(r, row, opts, get);
    const clean = row.cleans?.find((c) => subs.some((w) => c.sub.test(w)) && ((!c.opts?.length && !c.together?.length) || c.opts?.some((o) => has(opts, o))
      || c.together?.some((group) => group.every((spellings) => has(opts, ...spellings.split('|'))))));
    const partial = clean ? undefined : row.cleans?.find((c) => c.fix && subs.some((w) => c.sub.test(w)));
    if (partial?.fix && dirs?.length) {
      const k = subs.findIndex((w) => partial.sub.test(w));
      incomplete(r, dirs[0], `${name} ${subs[k]}`, partial.fix, operands[k]);
      return;
    }
    if (clean) {
      for (const d of dirs ?? []) removeCache(r, d, `${name} ${subs.find((w) => clean.sub.test(w)) ?? ''}`.trim());
      return;
    }
    const k = subs.findIndex((w) => row.fills.test(w));
    if (k < 0 || !dirs?.length) return;
    if (row.finalOnly && !r.input.ships) return;
    if ((row.noCacheFlags ?? []).some((f) => has(opts, f)) || envDisables(row, get)) return;
    const command = subs[k] ? `${name} ${subs[k]}` : name;
    const at = words.length ? operands[k] : undefined;
    cache(r, dirs[0], { command, what: row.what, cleanup: row.cleanup, flag: row.flag, mount: dirs[0], globs: row.globs }, dirs.slice(1));
    if (row.flag) fixFlag(r, dirs[0], at);
  };
}

/** Where a row's cache is for this command: moved by a flag or variable, else its default places (undefined: not knowable). */
function cacheDirs(r: RunContext, row: CacheRow, opts: Map<string, string[]>, get: (n: string) => string | null | undefined): string[] | undefined {
  for (const f of row.dirFlags ?? []) {
    const v = val(opts, typeof f === 'string' ? f : f.name);
    if (v) return [resolvePath(r.cwd, typeof f === 'string' ? v : `${v}${f.suffix}`)];
  }
  for (const e of row.dirEnv ?? []) {
    if (r.unknownVar(e.name)) return undefined;
    const v = get(e.name);
    if (v) return [resolvePath(r.cwd, `${v}${e.suffix ?? ''}`)];
  }
  const home = r.home;
  const out = row.paths.map((p) => (p.startsWith('~') ? (home === undefined ? undefined : home + p.slice(1)) : p)).filter((p): p is string => !!p);
  return out.length ? [...new Set(out)] : undefined;
}

/** The table handlers by command name (`go` has two rows: its module and its build cache). */
function tableHandlers(): Record<string, Handler> {
  const byName = new Map<string, Handler[]>();
  for (const row of CACHE_TABLE) {
    if (row.handler) continue;
    const h = tableHandler(row);
    for (const n of row.names) byName.set(n, [...(byName.get(n) ?? []), h]);
  }
  return Object.fromEntries([...byName].map(([n, hs]): [string, Handler] => [n, (r, name, rest, env, stdout) => { for (const h of hs) h(r, name, rest, env, stdout); }]));
}

/** `dpkg -i FILE.deb`, `rpm -i FILE.rpm`: packages installed from files (what layer-rewrite follows). */
function fromFiles(r: RunContext, manager: 'dpkg' | 'rpm', rest: Arg[]): void {
  const { opts, operands } = options(rest, manager === 'dpkg' ? set('root admindir instdir') : set('root dbpath prefix relocate'));
  const installs = manager === 'dpkg' ? has(opts, 'i', 'install') && !has(opts, 'R', 'recursive') : has(opts, 'i', 'U', 'F', 'install', 'upgrade', 'freshen') && !has(opts, 'q', 'query', 'e', 'erase', 'V', 'verify');
  if (!installs) return;
  const ext = manager === 'dpkg' ? '.deb' : '.rpm';
  const names = operands.map(fieldText).filter((t): t is string => !!t && t.endsWith(ext)).map(manager === 'dpkg' ? debName : rpmName).filter(Boolean);
  packages(r, manager === 'dpkg' ? 'apt' : 'rpm', names);
}

export const PACKAGE_COMMANDS: Record<string, Handler> = {
  dpkg: (r, _n, rest) => fromFiles(r, 'dpkg', rest),
  rpm: (r, _n, rest) => fromFiles(r, 'rpm', rest),
  ...tableHandlers(),
  'apt-get': (r, n, rest) => apt(r, n, rest),
  apt: (r, n, rest) => apt(r, n, rest),
  aptitude: (r, n, rest) => apt(r, n, rest),
  apk: (r, _n, rest) => apk(r, rest),
  npm: (r, _n, rest, env) => npm(r, rest, env),
  yarn: (r, _n, rest, env) => yarn(r, rest, env),
  yum: (r, n, rest) => rpm(r, n, rest),
  dnf: (r, n, rest) => rpm(r, n, rest),
  microdnf: (r, n, rest) => rpm(r, n, rest),
  tdnf: (r, n, rest) => rpm(r, n, rest),
  dnf5: (r, n, rest) => rpm(r, n, rest),
  zypper: (r, _n, rest) => zypper(r, rest),
  pacman: (r, _n, rest) => pacman(r, rest),
  composer: (r, _n, rest, env) => composer(r, rest, env),
  'composer.phar': (r, _n, rest, env) => composer(r, rest, env),
  php: (r, _n, rest, env) => { const t = fieldText(rest[0]); if (!t || !/^composer(\.phar)?$/.test(basename(t))) return false; composer(r, rest.slice(1), env); },
};

/** The config-setting rows by command name (built once). */
const SETTINGS_BY_NAME = new Map<string, CacheSettingRow[]>();
for (const row of CACHE_SETTINGS) for (const n of row.names) SETTINGS_BY_NAME.set(n, [...(SETTINGS_BY_NAME.get(n) ?? []), row]);

/**
 * `npm config set cache DIR`, `bundle config set --local path DIR`, `pip config set global.cache-dir
 * false` ... (CACHE_SETTINGS): records the setting as its variable for the rest of this RUN and for the
 * stage's later RUNs. True when the command was such a setting (it writes nothing else that matters here).
 */
export function cacheSetting(r: RunContext, name: string, rest: Arg[]): boolean {
  const rows = SETTINGS_BY_NAME.get(/^pip[0-9.]*$/.test(name) ? 'pip' : name);
  if (!rows) return false;
  const words: string[] = [];
  for (const a of rest) {
    const t = fieldText(a);
    if (t === undefined) return false;
    // --local, --global, -g, --user, --site, --location=global: where the setting is written, not what
    if (t.startsWith('-')) continue;
    words.push(t);
  }
  if (words[0] !== 'config') return false;
  let i = 1;
  if (words[i] === 'set') i++;
  let key = words[i];
  let value = words[i + 1];
  if (key?.includes('=') && value === undefined) [key, value] = [key.slice(0, key.indexOf('=')), key.slice(key.indexOf('=') + 1)];
  if (!key || value === undefined) return false;
  const row = rows.find((x) => x.key.test(key!));
  if (!row) return false;
  if (row.implies) {
    // a switch that implies a folder: only when true, and never over a folder set already
    if (!/^(true|yes|on|1)$/i.test(value) || r.vars.get(row.variable)) return true;
    value = row.implies;
  }
  const off = row.falseVariable && /^(false|no|off|0)$/i.test(value);
  const variable = off ? row.falseVariable! : row.variable;
  const home = value.replace(/^~(?=\/|$)/, r.home ?? '~');
  const v = off ? '1' : row.flag ? value : home.startsWith('/') ? home : resolvePath(r.cwd, home);
  r.vars.set(variable, v);
  r.timeline.settings.set(variable, v);
  return true;
}

/** The cache rows with cleanup subcommands, by command name (built once). */
const CLEANS_BY_NAME = new Map<string, CacheRow[]>();
for (const row of CACHE_TABLE) if (row.cleans?.length) for (const n of row.names) CLEANS_BY_NAME.set(n, [...(CLEANS_BY_NAME.get(n) ?? []), row]);

/**
 * `yarn cache clean`, `npm cache clean --force`, `pnpm store prune`, `composer clear-cache`, `pip cache
 * purge`: a cleanup subcommand of a cache row (CACHE_TABLE's `cleans`). It works on the cache only, so the
 * runner does not count it as writing in the working directory (a copied tree there stays the COPY's).
 */
export function cacheMaintenance(name: string, rest: Arg[]): boolean {
  const rows = CLEANS_BY_NAME.get(/^pip[0-9.]*$/.test(name) ? 'pip' : name);
  if (!rows) return false;
  for (const row of rows) {
    const { operands } = options(rest, new Set(row.valued ?? []), row.dashLong);
    const words: string[] = [];
    for (const a of operands.slice(0, 3)) { const t = fieldText(a); if (t === undefined) break; words.push(t); }
    const subs = [1, 2, 3].filter((k) => k <= words.length).map((k) => words.slice(0, k).join(' '));
    if (row.cleans!.some((c) => subs.some((w) => c.sub.test(w)))) return true;
  }
  return false;
}

/** Commands matched by pattern rather than name (pip3.12, python3 -m pip): a handler, or undefined. */
export function packageCommandFor(name: string, rest: Arg[]): Handler | undefined {
  if (/^pip[0-9.]*$/.test(name)) return (r, n, args, env) => pip(r, n, args, env);
  if (/^python[0-9.]*$/.test(name) && fieldText(rest[0]) === '-m' && /^pip[0-9.]*$/.test(fieldText(rest[1]) ?? '')) return (r, n, args, env) => pip(r, `${n} -m pip`, args.slice(2), env);
  // `python -m venv DIR` (virtualenv too) makes the environment at DIR: a tree of this RUN, not a write in the working directory
  if (/^python[0-9.]*$/.test(name) && fieldText(rest[0]) === '-m' && /^(venv|virtualenv)$/.test(fieldText(rest[1]) ?? '')) {
    return (r, _n, args) => {
      const { operands } = options(args.slice(2), set('prompt p python upgrade-deps'));
      const dir = fieldText(operands[0]);
      if (dir !== undefined && !r.cwd.includes('\0')) r.created(resolvePath(r.cwd, dir), 'python -m venv', true);
    };
  }
  return undefined;
}
