// The layer timeline of one stage: what each instruction adds to the image (files, directory trees,
// package-manager caches, packages), and what later instructions do to it (remove, extract, rewrite
// in place). ./index.ts walks the instructions and ./run interprets RUN scripts into these events;
// the rule units (../rules/<code>.ts) read the result and word the findings.
import type { Instruction, Position } from '../../../../client/src/core/parser';
import { ancestorsOf, basename, dirname, isUnder } from '../shellExpand';
import { folderNames, PackageHome, packagesOfPath } from './packageFiles';

export interface CacheInfo {
  /** `apt-get update`, `pip install` ... as the message names the command. */
  command: string;
  /** "apt's package lists". */
  what: string;
  /** The cleanup to append to the RUN (`rm -rf /var/lib/apt/lists/*`). */
  cleanup: string;
  /** A flag that avoids the cache (`--no-cache`), inserted at `flagAt` (after the subcommand) when known. */
  flag?: string;
  flagAt?: Position;
  /** A cleanup in the same RUN that does not clean (`zypper clean`, `conda clean --index-cache`): the option that makes it do so, and where. */
  completeCleanup?: { title: string; at: Position; text: string };
  /** The cache mount target to suggest. */
  mount: string;
  /** Names that are all of the cache's content (`*.gem`): `rm CACHE/*.gem` empties it. */
  globs?: string[];
}

export interface Item {
  kind: 'path' | 'cache' | 'package';
  inst: Instruction;
  /** Absolute path ('' for packages). May hold glob characters when `re` is set. */
  path: string;
  /** The path is a pattern (COPY *.jar /app/). */
  re?: RegExp;
  /** Other locations of the same cache (yarn's two defaults). */
  alts?: string[];
  /** true: a directory tree; false: a file; undefined: not known. */
  tree?: boolean;
  /** What added it ("COPY", "curl", "git clone", "apt-get update"). */
  source: string;
  archive?: boolean;
  extractedBy?: Instruction;
  removedBy?: Instruction;
  alive: boolean;
  /** A later command wrote inside this tree (true: anywhere; a list: below these paths): a partial removal there may not be this instruction's content. */
  dirty?: boolean | string[];
  manager?: string;
  pkg?: string;
  members?: string[];
  cache?: CacheInfo;
  /** Literal prefix of `path` (all of it unless `re`): a cheap filter before any matching. */
  lit?: string;
  /** Stands for the sources of a COPY/ADD beyond its cap (a tree at the destination, see MAX_SOURCES). */
  summary?: boolean;
  /**
   * Content in a directory the base image owns too (`COPY app/ /opt/`, `tar -x -C /usr/local`): only a
   * later rewrite of it or under it is reported (`chown -R app /opt/app`), never a removal there, which
   * may be the base image's files.
   */
  weak?: boolean;
  /** A tree only guessed (`COPY name ./` with a name that may be a file or a folder, see copy.ts). */
  guess?: boolean;
  /** A weak tree that is all this instruction's (an archive's top folder): rewriting its root counts too. */
  own?: boolean;
  /**
   * A build's outputs somewhere in the tree at `path` (./run/builds.ts): which path segments are
   * outputs. A removal there hits it only when it names an output (`build/`, `*.o`), or the whole tree.
   */
  build?: RegExp;
  /** An install's build item (see LayerTimeline.build): its outputs, until a later install in the same folder takes its own folder over. */
  install?: RegExp;
  /** Builds that later ran in this tree (another instruction's): removals of their outputs are not this item's content. */
  built?: Array<{ dir: string; outputs: RegExp }>;
}

/** `p` (a path or glob, at or below `dir`) names a build output: one of its segments below `dir` matches. */
function outputAt(p: string, dir: string, outputs: RegExp): boolean {
  const rel = p === dir ? '' : p.slice(dir === '/' ? 1 : dir.length + 1);
  return rel.split('/').some((seg) => seg !== '' && outputs.test(seg));
}

/** What a removal names: a path pattern, or the matches of `find ROOT -name ...`. */
export interface Removal {
  /** Path text (globs as written) and its matcher. */
  text: string;
  re: RegExp;
  glob: boolean;
  recursive: boolean;
  /** `find ROOT ... -delete`: only entries below `text` whose name matches one of these (all when empty). */
  findNames?: RegExp[];
  /** "rm", "mv", "find -delete", "apt-get clean" ... */
  verb: string;
  /** `DIR/*`: matches DIR (the removal empties it). */
  contentsOf?: RegExp;
  /** How messages name what was removed, when not `text` (`/opt/site/**\/*.map` for a find). */
  label?: string;
}

/** Text before the first glob character. */
const litPrefix = (s: string) => {
  const i = s.search(/[*?[]/);
  return i < 0 ? s : s.slice(0, i);
};
/** One string starts with the other: necessary for any path relation between them (see remove/rewrite). */
const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** The directory a glob's literal prefix is in: `/app/*.md` → `/app`. */
function globDir(text: string): string {
  const i = text.search(/[*?[]/);
  const lit = i < 0 ? text : text.slice(0, i);
  return lit.endsWith('/') ? lit.slice(0, -1) || '/' : dirname(lit);
}

/** Content of one instruction that a later one removed (layer-deleted-later reads these). */
export interface DeletedLater { adder: Instruction; deleter: Instruction; labels: string[]; packages: string[]; caches: string[]; verbs: Set<string>; partial: boolean; /** The removed paths in the adder's layer (see HygieneFinding.paths). */ paths: string[] }
/** Earlier files one RUN rewrote in place or in metadata (layer-rewrite reads these). */
export interface Rewrite { inst: Instruction; verb: string; entries: Array<{ item: Item; target: string; whole: boolean }>; mode?: string; owner?: string; simple?: boolean }

/**
 * Top folders of a tree that builds and package tools write, rather than the sources (see dirtyAt):
 * build outputs (cabal's `dist-newstyle`, stack's `.stack-work`, zig's `zig-out`), installed dependencies
 * (Carton's `local`), tools' caches in the tree (`.tox`, `.pytest_cache`, `.cache` ...).
 */
const GENERATED = /^(build|dist|out|_build|\.build|target|node_modules|vendor|public|assets|\.next|\.nuxt|\.gradle|bin|obj|__pycache__|\.venv|venv|site-packages|static|staticfiles|coverage|dist-newstyle|\.stack-work|zig-out|\.?zig-cache|local|\.tox|\.nox|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.cache|\.parcel-cache|\.turbo|\.angular|\.eggs|[\w.-]+\.egg-info)$/;

/** Another command may have written `p` in the tree `it` (see Item.dirty); a recursive rewrite of a source folder still reaches the copied files. */
function dirtyAt(it: Item, p: string, recursive = false): boolean {
  if (!it.dirty) return false;
  // a command run in the tree (`bundle exec bootsnap precompile`, a script) adds files; it does not take
  // away what the COPY put in the tree's folders: `chown -R app db log tmp` still rewrites the copied
  // files there, unless the folder is one that tools generate (build outputs, installed dependencies)
  if (it.dirty === true) return !recursive || p === it.path || GENERATED.test(p.slice(it.path === '/' ? 1 : it.path.length + 1).split('/')[0]);
  return it.dirty.some((w) => w === p || isUnder(p, w) || isUnder(w, p));
}

/** Rewriters that change only metadata (see LayerTimeline.rewrite). */
const META_VERBS = /^(chmod|chown|chgrp|touch|setfacl)$/;

/** Names (a find's -name globs, `*` read as any text) of files that commands and tools generate, not sources. */
const GENERATED_NAMES = /^(x?\.(pyc|pyo|o|a|so|lo|la|obj|class|log|tmp|temp|swp|bak|mo|map|cache|pid|lock)|__pycache__|\.cache|\.pytest_cache|\.mypy_cache|tmp|cache|logs?)$/;

/**
 * `find ROOT -name '*.po' -delete` in a tree where a command ran at its root since (`python manage.py
 * compilemessages`, a script): a command adds files to the tree, it does not make its sources, so a
 * search by the names of source files (not of what commands generate: `*.pyc`, `__pycache__`, `*.o`,
 * `*.log` ..., nor a build's outputs) still removes the copied ones.
 */
function sourceFind(it: Item, r: Removal): boolean {
  if (it.dirty !== true || it.build || !r.findNames?.length || !r.label) return false;
  const globs = r.label.split(', ').map((l) => basename(l));
  return globs.length === r.findNames.length && globs.every((g) => !GENERATED_NAMES.test(g.replace(/^\*+/, 'x')) && !GENERATED.test(g));
}

/**
 * A rewrite by a find's names at any depth (`find /models -type f -name '*.py' -exec chmod 644 {} +`) of names
 * that are sources, not what commands generate: it reaches the tree's own files whatever another
 * instruction or command wrote in the tree since (a later `COPY x.json /models/m/1/`), as sourceFind does
 * for removals.
 */
function sourceNames(target: { text: string; glob: boolean }): boolean {
  if (!target.glob || !target.text.includes('/**/')) return false;
  const g = basename(target.text);
  return !GENERATED_NAMES.test(g.replace(/^\*+/, 'x')) && !GENERATED.test(g);
}

/**
 * A tree of sources brought by name: a COPY/ADD's (not one only guessed from a name without an extension,
 * Item.guess) or a clone's. A command's writes in it do not make its source folders anyone else's (see
 * pathHit); an extraction's folder, written by the RUN's own tar, may hold other archives' folders.
 */
const ownSources = (it: Item) => (it.inst.keyword !== 'RUN' && !it.guess) || it.source === 'git clone';

/** A clone's `.git` (`rm -rf SDK/.git`, `find SDK -name .git -prune -exec rm -rf {} \;`) is the clone's, whatever ran in the tree since. */
function cloneMeta(it: Item, r: Removal): boolean {
  if (it.source !== 'git clone') return false;
  if (r.findNames) return !!r.label && r.label.split(', ').every((l) => basename(l) === '.git');
  return basename(r.text) === '.git' && isUnder(r.text, it.path);
}

/** Directories whose content is the base image's (a tree item there would swallow unrelated files). */
const SYSTEM_DIRS = new Set(['/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/var',
  '/usr/bin', '/usr/lib', '/usr/lib64', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/local/share', '/usr/local/include', '/usr/local/sbin', '/usr/sbin', '/usr/share', '/usr/src', '/usr/include', '/var/lib', '/var/cache', '/var/log', '/var/tmp', '/var/www', '/etc/ssl', '/etc/apt']);
export const isSystemDir = (p: string) => SYSTEM_DIRS.has(p);

/**
 * Paths a base image has below a system folder: the standard folders of the file system hierarchy, and
 * the runtimes the official language images install into /usr/local (python, ruby, php, node). A
 * removal of one of them (or of a glob in one) is the base image's content even where an archive was
 * extracted with --strip-components (see LayerTimeline.extractedInto).
 */
const BASE_PATHS = new Set(['/usr/local/etc', '/usr/local/games', '/usr/local/man', '/usr/local/src', '/usr/local/share/man', '/usr/local/share/doc', '/usr/local/share/info',
  '/usr/local/share/ca-certificates', '/usr/local/lib/pkgconfig', '/usr/local/lib/site_ruby', '/usr/share/doc', '/usr/share/man', '/usr/share/info', '/usr/share/locale', '/usr/share/zoneinfo',
  '/usr/share/common-licenses', '/usr/share/lintian', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib/locale', '/usr/share/i18n', '/var/lib/apt', '/var/lib/dpkg', '/var/cache/apt',
  '/var/cache/debconf', '/var/lib/apt/lists', '/etc/ssl/certs', '/opt/conda', '/usr/local/bundle', '/usr/local/cargo', '/usr/local/rustup', '/usr/local/go']);
const BASE_TREES = /^\/usr\/(local\/)?lib\/(python[0-9.]*|ruby|php|node_modules)(\/|$)|^\/usr\/local\/include\/(python[0-9.]*|node|php)(\/|$)|^\/usr\/local\/(etc\/php|bundle|cargo|rustup|go)(\/|$)/;
const isBasePath = (p: string) => SYSTEM_DIRS.has(p) || BASE_PATHS.has(p) || BASE_TREES.test(p);

/**
 * Folders a base image has, with files of its own (see LayerTimeline.overlayMember): the system and base
 * folders above, drop-in folders (`*.d`), and folders of the hierarchy and of common base-image software.
 */
const BASE_FOLDER_NAMES = /^(ssl|ssh|apt|apk|dpkg|default|security|skel|X11|xdg|network|fonts|ca-certificates|pki|selinux|sysconfig|alternatives|profile|zoneinfo|locale|doc|man|info|terminfo|misc|mime|pixmaps|icons|applications|bash-completion|dbus-1|udev|systemd|polkit-1|kernel|modules|firmware|gcc|perl5?|python[0-9.]*|ruby|php[0-9.]*|node|node_modules|site-packages|dist-packages|java|jvm|nginx|apache2|httpd|mysql|postgresql|redis|s6|s6-overlay|s6-rc|with-contenv|bashio|cont-init|fix-attrs|conda|[\w-]+-linux-gnu[\w]*|lib[\w.-]*|bin|sbin|share|include|src|games|local|cache|spool|mail|log|tmp|run|lock|empty|opt|srv|home|root|www|html)$/;
const standardFolder = (p: string) => isBasePath(p) || /\.d$/.test(p) || BASE_FOLDER_NAMES.test(basename(p));

/**
 * Timeline events (add, remove, touch, rewrite, extract) one instruction may cause; the rest are
 * dropped. Each event costs at most one pass over the live items, so this bounds the work an
 * instruction can cause (a RUN with thousands of operands, a COPY with thousands of sources: see
 * MAX_SOURCES in copy.ts, which summarises the sources beyond its own cap instead).
 */
export const MAX_EVENTS = 2000;

/**
 * `p` itself and every `q` with isUnder(p, q) (q + '/' a prefix of p, or q === '/'), as touch()
 * looks them up; undefined when `p` has too many slashes to be worth it (scan instead).
 */
function containers(p: string): string[] | undefined {
  const out = [p];
  if (p.startsWith('/') && p !== '/') out.push('/');
  for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
    out.push(p.slice(0, i));
    if (out.length > 64) return undefined;
  }
  return out;
}

export class LayerTimeline {
  /**
   * Where packages keep files that name them (layer-rewrite's PACKAGE_FILE_TABLE, passed in by the
   * walker: the timeline does not import rule units).
   */
  constructor(private readonly packageHomes: readonly PackageHome[] = []) {}

  /** Every item ever added (the archive rule looks at removed ones too). */
  items: Item[] = [];
  /**
   * The items by kind (what every event scans). They may hold dead items (`alive` false) until the
   * next compaction: loops check `alive`, live() compacts first.
   */
  private paths: Item[] = [];
  private caches: Item[] = [];
  private packages: Item[] = [];
  /** Weak path items (see Item.weak): rewrite() looks at them, nothing else does. */
  private weak: Item[] = [];
  /** The weak items that are all their instruction's (an archive's top folder): a removal of all of one, or of a path below it, counts. */
  private ownWeak: Item[] = [];
  /** Dead items not compacted away yet. */
  private dead = 0;
  /** Path items by exact path, live or dead (add's "same path again" and touch's lookups). */
  private byPath = new Map<string, Item[]>();
  /** Package items by normalized name, and by that name without its version (see ./packageFiles.ts). */
  private byPkg = new Map<string, Item[]>();
  /**
   * Package-manager settings earlier RUNs of the stage wrote to the tools' config files (`bundle config
   * set path vendor/bundle`, `npm config set cache /tmp/npm`), as the environment variables that mean
   * the same (CACHE_SETTINGS in ../rules/layer-cache.ts); later RUNs start with them, under ENV/ARG.
   */
  readonly settings = new Map<string, string>();
  /**
   * Archives extracted with --strip-components into a system folder other than `/` (extractedInto): their
   * members land right in that folder, so a later removal below it is most likely theirs.
   */
  private stripped: Item[] = [];
  /** Local archives ADDed (unpacked) into a system folder: rewrites of their members (see overlayMember). */
  private overlays: Array<{ item: Item; written: string[]; full?: boolean }> = [];
  /** Folders `mkdir` created (empty): a package's files are not there. */
  private made: string[] = [];
  /** Folders `mkdir -p` created, whose parents it may have created too (see rewritePackageFiles). */
  private madeParents: string[] = [];
  /** Events per instruction (see MAX_EVENTS). */
  private spent = new Map<Instruction, number>();
  private deleted = new Map<string, DeletedLater>();
  private rewrites = new Map<Instruction, Rewrite>();
  /** Where a command can be appended to a RUN (end of its last statement), by RUN. */
  readonly appendAt = new Map<Instruction, Position>();
  /** RUNs that only clean up (rm, purge, cache clean ...): their script can move into an earlier RUN. */
  readonly cleanupOnly = new Set<Instruction>();

  /** Users' homes that useradd/adduser set (`useradd -d /srv/app app`), by user name (a stage built FROM this one keeps them). */
  readonly homes = new Map<string, string>();

  /**
   * A user's home as later instructions see it: the one useradd/adduser set (`homes`), else /root
   * for root (or uid 0) and /home/<name> for a named user; undefined for another numeric uid.
   */
  homeOf(user: string): string | undefined {
    return this.homes.get(user) ?? (user === 'root' || user === '0' ? '/root' : /^\d+$/.test(user) ? undefined : `/home/${user}`);
  }

  /**
   * Starts from another stage's timeline (a stage built FROM it): its live items, and what its files
   * say that later RUNs read: the users' homes (/etc/passwd) and the package managers' settings (their
   * config files: `npm config set cache DIR` in the base stage moves npm's cache in this one too).
   */
  adopt(base: LayerTimeline): void {
    for (const i of base.live()) if (i.alive) this.insert({ ...i });
    for (const [u, h] of base.homes) this.homes.set(u, h);
    for (const [k, v] of base.settings) this.settings.set(k, v);
  }

  live(kind?: Item['kind']): Item[] {
    if (this.dead) this.sweep();
    return kind === 'path' ? this.paths : kind === 'cache' ? this.caches : kind === 'package' ? this.packages : [...this.paths, ...this.caches, ...this.packages, ...this.weak];
  }

  /** The live path items at exactly `path`. */
  at(path: string): Item[] {
    return (this.byPath.get(path) ?? []).filter((i) => i.alive);
  }

  /** `inst` used its budget (MAX_EVENTS): further events are dropped, so callers can stop preparing them. */
  exhausted(inst: Instruction): boolean {
    return (this.spent.get(inst) ?? 0) >= MAX_EVENTS;
  }

  /** An event of `inst` within its budget (MAX_EVENTS). */
  private allow(inst: Instruction): boolean {
    const n = (this.spent.get(inst) ?? 0) + 1;
    this.spent.set(inst, n);
    return n <= MAX_EVENTS;
  }

  private kill(it: Item): void {
    if (!it.alive) return;
    it.alive = false;
    this.dead++;
  }

  /** Drops dead items once they are a good part of the lists (amortised: each item is dropped once). */
  private maybeSweep(): void {
    if (this.dead > 64 && this.dead * 2 > this.paths.length + this.caches.length + this.packages.length) this.sweep();
  }

  private sweep(): void {
    this.paths = this.paths.filter((i) => i.alive);
    this.caches = this.caches.filter((i) => i.alive);
    this.packages = this.packages.filter((i) => i.alive);
    for (const [k, list] of this.byPath) {
      const alive = list.filter((i) => i.alive);
      if (!alive.length) this.byPath.delete(k);
      else if (alive.length !== list.length) this.byPath.set(k, alive);
    }
    this.dead = 0;
  }

  add(item: Item): Item {
    if (!this.allow(item.inst)) return item;
    return this.insert(item);
  }

  private insert(item: Item): Item {
    item.lit = item.re ? litPrefix(item.path) : item.path;
    if (item.weak) {
      this.weak.push(item);
      if (item.own) this.ownWeak.push(item);
      this.items.push(item);
      return item;
    }
    if (item.kind === 'path') {
      let same = this.byPath.get(item.path);
      if (!item.re && item.tree !== true && same) {
        // the same path written again: the new content hides the old (not a removal by a RUN)
        for (const old of same) if (old.alive && old.inst !== item.inst) { old.alive = false; this.dead++; }
      }
      if (!same) this.byPath.set(item.path, (same = []));
      same.push(item);
    }
    if (item.kind === 'package' && item.pkg) {
      for (const n of folderNames(item.pkg)) {
        let l = this.byPkg.get(n);
        if (!l) this.byPkg.set(n, (l = []));
        if (l.length < 64) l.push(item);
      }
    }
    if (!item.alive) this.dead++;
    this.items.push(item);
    (item.kind === 'path' ? this.paths : item.kind === 'cache' ? this.caches : this.packages).push(item);
    this.maybeSweep();
    return item;
  }

  /** A command other than a removal ran in `dir` or wrote to `dir`: trees from earlier instructions there may hold others' files now. */
  touch(dir: string, inst: Instruction): void {
    if (!this.allow(inst)) return;
    for (const o of this.overlays) {
      if (o.item.inst === inst || o.full || dir === o.item.path || !isUnder(dir, o.item.path) || o.written.includes(dir)) continue;
      if (o.written.length < 32) o.written.push(dir);
      else o.full = true;
    }
    // a command run in the tree itself may have written anywhere in it; a write below its root only there
    const mark = (it: Item) => {
      if (!it.alive || it.dirty === true || it.inst === inst || it.tree === false) return;
      if (dir === it.path) it.dirty = true;
      else if (!Array.isArray(it.dirty)) it.dirty = [dir];
      else if (it.dirty.some((w) => w === dir || isUnder(dir, w))) return;
      else if (it.dirty.length < 16) it.dirty.push(dir);
      else it.dirty = true;
    };
    for (const it of this.stripped) if (dir === it.path || isUnder(dir, it.path)) mark(it);
    for (const it of this.ownWeak) if (dir === it.path || isUnder(dir, it.path)) mark(it);
    const keys = containers(dir);
    if (keys && keys.length < this.byPath.size) {
      // the trees `dir` is in (or is): by path, instead of scanning every item
      for (const k of keys) for (const it of this.byPath.get(k) ?? []) mark(it);
      return;
    }
    for (const it of this.paths) if (dir === it.path || isUnder(dir, it.path)) mark(it);
  }

  remove(r: Removal, inst: Instruction): void {
    if (!this.allow(inst)) return;
    const rl = litPrefix(r.text);
    const n = this.paths.length;
    /** Instructions this removal took a whole item of: their summary item adds nothing to that. */
    let whole: Set<Instruction> | undefined;
    /** The removal took something another instruction added by name: not an extraction's stray member (see below). */
    let named = false;
    for (let k = 0; k < n + this.caches.length; k++) {
      const it = k < n ? this.paths[k] : this.caches[k - n];
      if (!it.alive) continue;
      if (it.kind === 'cache' ? !related(it.path, rl) && !it.alts?.some((p) => related(p, rl)) : !related(it.lit ?? it.path, rl)) continue;
      const m = it.kind === 'cache' ? this.cacheHit(it, r) : this.pathHit(it, r);
      if (!m) continue;
      if (it.kind === 'path') named = true;
      if (m === 'whole') {
        this.kill(it);
        it.removedBy = inst;
        if (!it.summary) (whole ??= new Set()).add(it.inst);
      }
      if (it.inst !== inst && !(it.summary && m === 'part' && whole?.has(it.inst))) this.noteDeleted(it, inst, r, m === 'part');
    }
    // members of an archive extracted with --strip-components into a system folder: a path below the folder
    // (`rm /usr/local/CHANGELOG.md` after `tar -xJf node.tar.xz -C /usr/local --strip-components=1`), unless
    // it is one the base image has there (isBasePath) or another command wrote there since
    /** The folder a path or glob removal reaches below (the root for `find`). */
    const p = r.findNames || !r.glob ? r.text : globDir(r.text);
    if (this.stripped.length && !named && !isBasePath(p) && !(r.glob && isBasePath(globDir(r.text)))) {
      for (const it of this.stripped) {
        if (!it.alive || it.inst === inst || !isUnder(p, it.path) || dirtyAt(it, p) || this.buildOutput(it, r.text)) continue;
        this.noteDeleted(it, inst, r, true);
      }
    }
    // an archive's top folder extracted into a system folder (Item.own): removed as a whole, it is gone
    for (const it of this.ownWeak) {
      if (!it.alive || it.inst === inst || !related(it.path, rl)) continue;
      const whole = (r.re.test(it.path) && (r.recursive || r.verb === 'mv')) || ((r.recursive || r.verb === 'mv') && ancestorsOf(it.path).slice(1).some((a) => r.re.test(a)))
        || (r.recursive && !!r.contentsOf?.test(dirname(it.path)));
      if (whole && !r.findNames) {
        it.alive = false;
        it.removedBy = inst;
        this.noteDeleted(it, inst, r, false);
        continue;
      }
      // a path below it (`rm -rf /opt/streamer-3.7.0/site-docs`): part of what the archive brought, unless
      // another instruction added that path by name, a later command wrote there, or a later build made it
      if (!named && (isUnder(p, it.path) || (r.glob && p === it.path)) && !dirtyAt(it, p) && !this.buildOutput(it, r.text)) this.noteDeleted(it, inst, r, true);
    }
    this.maybeSweep();
  }

  private cacheHit(it: Item, r: Removal): 'whole' | undefined {
    for (const p of [it.path, ...(it.alts ?? [])]) {
      // `find ROOT -name PAT -delete` cleans a cache only without a name filter
      if (r.findNames) {
        if (!r.findNames.length && (p === r.text || isUnder(p, r.text))) return 'whole';
        continue;
      }
      if (r.re.test(p) || r.contentsOf?.test(p)) return 'whole';
      if (r.recursive && isUnder(p, litPrefix(r.text).replace(/\/$/, '') || '/') && ancestorsOf(p).slice(1).some((a) => r.re.test(a))) return 'whole';
      if (r.glob && it.cache?.globs && globDir(r.text) === p && it.cache.globs.includes(basename(r.text))) return 'whole';
      // something else inside the cache (`rm -rf /var/lib/apt/lists/*.deb`, `.../partial`) leaves the rest of it
    }
    return undefined;
  }

  /** A partial removal at `p` inside `it` is of a build's outputs: the build item's if `it` is one, never the sources' it was built from. */
  private buildOutput(it: Item, p: string, findGlobs?: string[]): boolean | undefined {
    if (!it.build && !it.built) return undefined;
    // a build folder named as an output (`cmake -B build`, `mkdir build && cd build && cmake ..`): all of it is the build's
    const named = (dir: string, outputs: RegExp) => (findGlobs?.length ? findGlobs.every((g) => outputs.test(g.replace(/^\*/, 'x'))) : false)
      || ((p === dir || isUnder(p, dir)) && (outputs.test(basename(dir)) || outputAt(p, dir, outputs)));
    if (it.build) return named(it.path, it.build);
    return it.built!.some((b) => named(b.dir, b.outputs));
  }

  private pathHit(it: Item, r: Removal): 'whole' | 'part' | undefined {
    const treeish = it.tree !== false;
    if (r.findNames) {
      // find ROOT -name PAT -delete
      const root = r.text;
      if (isUnder(it.path, root)) {
        // a search from above: only what it names for sure (a tree may or may not hold matches)
        if (!it.build && (!r.findNames.length || r.findNames.some((n) => n.test(basename(it.path))))) return 'whole';
        return undefined;
      }
      if ((it.path === root || isUnder(root, it.path)) && treeish && (!dirtyAt(it, root) || sourceFind(it, r) || cloneMeta(it, r))) {
        const out = this.buildOutput(it, root, r.label?.split(', ').map((l) => basename(l)));
        if (out !== undefined && out !== !!it.build) return undefined;
        return 'part';
      }
      return undefined;
    }
    if (it.re) {
      // a glob item (COPY *.jar /app/): the same pattern, one of its files, or a directory above it
      if (r.text === it.path) return 'whole';
      if (!r.glob && it.re.test(r.text)) return 'part';
      // another glob in the same folder whose names the COPY's pattern also matches (`COPY scripts/*.sh
      // /usr/local/bin/`, then `rm /usr/local/bin/dev-*.sh`): some of the copied files
      if (r.glob && globDir(r.text) === globDir(it.path) && it.re.test(r.text.replace(/\[[^\]]*\]|[*?]/g, 'x'))) return 'part';
      if ((r.recursive || r.verb === 'mv') && ancestorsOf(it.path).slice(1).some((a) => r.re.test(a))) return 'whole';
      return undefined;
    }
    if (r.re.test(it.path)) return it.tree === true && !r.recursive && r.verb === 'rm' ? undefined : 'whole';
    if ((r.recursive || r.verb === 'mv') && ancestorsOf(it.path).slice(1).some((a) => r.re.test(a))) return 'whole';
    // `rm -rf DIR/*` empties DIR
    if (treeish && r.recursive && r.contentsOf?.test(it.path)) return 'whole';
    // something inside a tree this instruction added
    if (treeish) {
      const d = r.glob ? globDir(r.text) : r.text;
      // a command that ran in the tree (a build, an install script) added files; it did not take away the
      // sources: a recursive removal of a source folder (`rm -rf test bench`, `/src/testdata`) still removes
      // copied files, unless the folder is one tools generate (GENERATED) or a command wrote by name. (The
      // exception for any later write belongs to extractions into system folders, the weak items in remove.)
      if (dirtyAt(it, d, r.recursive && !r.glob && ownSources(it)) && !cloneMeta(it, r)) return undefined;
      if (!(d === it.path ? r.glob : isUnder(d, it.path))) return undefined;
      // a build's outputs are the build's; the rest of the tree is the sources'
      const out = this.buildOutput(it, r.text);
      if (out !== undefined && out !== !!it.build) return undefined;
      return 'part';
    }
    return undefined;
  }

  /**
   * A build ran in `dir` (./run/builds.ts): its outputs there are this RUN's, the rest stays the sources'.
   * `all`: every output of its kind of tool, installs' included (none of it is the sources'); `superseded`
   * (an install): its outputs without the install's, which earlier installs in `dir` keep from now on, as
   * the install's own folder (`node_modules`) is the latest install's.
   */
  build(dir: string, tool: string, outputs: RegExp, inst: Instruction, all: RegExp = outputs, superseded?: RegExp): void {
    if (!this.allow(inst)) return;
    const mark = (it: Item) => {
      if (!it.alive || it.inst === inst || it.tree === false || it.build) return;
      const b = (it.built ??= []);
      if (!b.some((x) => x.dir === dir && x.outputs.source === all.source) && b.length < 16) b.push({ dir, outputs: all });
    };
    if (superseded) for (const it of this.at(dir)) if (it.inst !== inst && it.build && it.install && it.install.source === outputs.source) { it.build = it.install === it.build ? superseded : it.build; it.install = undefined; }
    const keys = containers(dir) ?? ancestorsOf(dir);
    for (const k of keys) for (const it of this.byPath.get(k) ?? []) mark(it);
    // an extraction's folder in a system folder (`tar -xzf tool-1.2.tar.gz -C /usr/src`, then
    // `cd /usr/src/tool-1.2 && ./configure && make`): the build's outputs there are the build's too
    for (const it of this.ownWeak) if (dir === it.path || isUnder(dir, it.path)) mark(it);
    for (const it of this.stripped) if (dir === it.path || isUnder(dir, it.path)) mark(it);
    if (this.at(dir).some((i) => i.inst === inst && i.build)) return;
    this.insert({ kind: 'path', inst, path: dir, tree: true, source: tool, alive: true, build: outputs, install: superseded ? outputs : undefined });
  }

  /** `make clean` in `dir`: the outputs earlier builds wrote there are gone. */
  cleanBuild(dir: string, verb: string, inst: Instruction): void {
    if (!this.allow(inst)) return;
    for (const it of this.at(dir)) {
      if (!it.build || it.inst === inst) continue;
      this.kill(it);
      it.removedBy = inst;
      this.noteDeleted(it, inst, { text: dir, re: /$^/, glob: false, recursive: true, verb, label: dir }, true);
    }
  }

  /** The record of what `deleter` removed of `adder`'s content, started on first use. */
  private deletion(adder: Instruction, deleter: Instruction): DeletedLater {
    const key = `${adder.startLine}:${deleter.startLine}`;
    let d = this.deleted.get(key);
    if (!d) {
      d = { adder, deleter, labels: [], packages: [], caches: [], verbs: new Set(), partial: false, paths: [] };
      this.deleted.set(key, d);
    }
    return d;
  }

  private noteDeleted(it: Item, deleter: Instruction, r: Removal, partial: boolean): void {
    const d = this.deletion(it.inst, deleter);
    d.verbs.add(r.verb);
    if (it.kind === 'cache') d.paths.push(it.path, ...(it.alts ?? []));
    else if (partial) d.paths.push(...(r.findNames ? (r.label ?? `${r.text}/**`).split(', ') : [r.text]));
    else d.paths.push(it.path);
    if (it.kind === 'cache') d.caches.push(`${it.cache?.what ?? 'a cache'} (${it.path})`);
    else if (partial) { d.labels.push(r.label ?? r.text); d.partial = true; } else d.labels.push(it.path);
  }

  removePackages(manager: string, names: string[], verb: string, inst: Instruction): void {
    if (!this.allow(inst)) return;
    const want = new Set(names.map((n) => n.toLowerCase()));
    for (const it of [...this.packages]) {
      if (!it.alive || it.manager !== manager || !it.pkg || !want.has(it.pkg)) continue;
      this.kill(it);
      it.removedBy = inst;
      // a virtual package takes its members with it
      if (it.members) for (const m of it.members) for (const o of this.packages) if (o.alive && o.manager === manager && o.pkg === m && o.inst === it.inst) { this.kill(o); o.removedBy = inst; }
      if (it.inst === inst) continue;
      const d = this.deletion(it.inst, inst);
      d.verbs.add(verb);
      d.packages.push(it.pkg);
    }
    this.maybeSweep();
  }

  extract(path: string, re: RegExp, inst: Instruction): void {
    if (!this.allow(inst)) return;
    for (const it of this.paths) {
      if (!it.alive || !it.archive || it.extractedBy) continue;
      if (re.test(it.path) || (it.re && it.re.test(path))) it.extractedBy = inst;
    }
  }

  /** An archive extracted with --strip-components into `dir`, a system folder other than `/` (see `stripped`). */
  extractedInto(dir: string, inst: Instruction): void {
    if (!this.allow(inst) || dir === '/' || this.stripped.length >= 64 || this.stripped.some((i) => i.inst === inst && i.path === dir)) return;
    this.stripped.push({ kind: 'path', inst, path: dir, tree: true, source: 'extracted', alive: true, weak: true, lit: dir });
  }

  /**
   * An install writes its own folder again (`node_modules`): what earlier installs wrote there is the
   * latest install's from now on (a later removal of it is reported on that one only).
   */
  supersede(path: string, source: RegExp, inst: Instruction): void {
    for (const it of this.at(path)) if (it.inst !== inst && source.test(it.source)) this.kill(it);
  }

  /** `mkdir` created this folder (empty); with `-p` (`parents`) the missing folders above it too. */
  mkdir(path: string, inst: Instruction, parents = false): void {
    if (!this.allow(inst) || this.made.length >= MAX_EVENTS) return;
    this.made.push(path);
    if (parents) this.madeParents.push(path);
    this.markDir(path);
  }

  /** Folders known to exist (WORKDIR, mkdir, and the folders above them): a COPY to one without a trailing slash copies into it. */
  private dirs = new Set<string>();
  markDir(path: string): void {
    if (this.dirs.size >= MAX_EVENTS) return;
    for (const a of ancestorsOf(path)) {
      if (this.dirs.has(a)) break;
      this.dirs.add(a);
    }
  }
  knownDir(path: string): boolean {
    return this.dirs.has(path);
  }

  /** The rewrite's target is files an earlier RUN's package manager installed (see ./packageFiles.ts). */
  private rewritePackageFiles(target: { text: string; glob: boolean }, recursive: boolean, verb: string, inst: Instruction, extra: { mode?: string; owner?: string; simple?: boolean }): void {
    const base = verb.replace(/^find -exec /, '').replace(/ -R$/, '');
    const meta = /^(chmod|chown|chgrp|setfacl)$/.test(base);
    const refs = packagesOfPath(target.text, recursive, meta, this.packageHomes);
    if (!refs.length) return;
    const lit = litPrefix(target.text).replace(/\/$/, '') || '/';
    if (this.made.some((m) => lit === m || isUnder(lit, m))) return;
    for (const ref of refs) {
      // `mkdir -p /etc/opendkim/keys/example.org && chown -R opendkim /etc/opendkim/keys`: every folder
      // `mkdir -p` created is empty of package files, its parents below the package's own folder too (the
      // package folder itself existed: the package made it)
      if (ref.dir && isUnder(lit, ref.dir) && this.madeParents.some((m) => isUnder(m, lit))) continue;
      for (const it of this.byPkg.get(ref.name) ?? []) {
        if (!it.alive || it.inst === inst || (ref.managers && !ref.managers.includes(it.manager ?? ''))) continue;
        const rw = this.rewriteOf(inst, verb, extra);
        if (!rw.entries.some((e) => e.item === it && e.target === target.text)) rw.entries.push({ item: it, target: target.text, whole: false });
      }
    }
  }

  rewrite(target: { text: string; re: RegExp; glob: boolean }, recursive: boolean, verb: string, inst: Instruction, extra: { mode?: string; owner?: string; simple?: boolean } = {}): void {
    if (!this.allow(inst)) return;
    // a folder's own mode or owner, without -R (`mkdir -p uploads && chown node uploads`, a WORKDIR): a few
    // bytes of metadata, no file of a tree around it is stored again
    if (!recursive && !target.glob && META_VERBS.test(verb) && this.dirs.has(target.text)) return;
    if (this.byPkg.size) this.rewritePackageFiles(target, recursive, verb, inst, extra);
    const tl = litPrefix(target.text);
    const n = this.paths.length;
    for (let k = 0; k < n + this.weak.length; k++) {
      const it = k < n ? this.paths[k] : this.weak[k - n];
      if (!it.alive || it.inst === inst || !related(it.lit ?? it.path, tl)) continue;
      // a weak tree (see Item.weak) is the base image's directory too: only what is under it
      if (it.weak && !it.own && target.re.test(it.path)) continue;
      let whole = false;
      let hit = false;
      if (it.re ? target.text === it.path || (!target.glob && it.re.test(target.text)) : target.re.test(it.path)) {
        // a directory's own mode/owner is a few bytes; its files are rewritten only with -R
        hit = it.tree !== true || recursive || verb.startsWith('sed') || verb === 'touch';
        if (it.tree === true && !recursive) hit = false;
        whole = true;
      } else if (recursive && ancestorsOf(it.path).slice(1).some((a) => target.re.test(a))) {
        hit = true;
        whole = true;
      } else if (it.tree !== false && verb !== 'touch' && (!dirtyAt(it, target.glob ? globDir(target.text) : target.text, recursive && !target.glob) || sourceNames(target))) {
        // a file inside a tree this instruction added (not for `touch`: build tools are nudged that way
        // on files that may not even come from the tree, e.g. `touch src/main.rs && cargo build`)
        const d = target.glob ? globDir(target.text) : target.text;
        hit = target.glob ? d === it.path || isUnder(d, it.path) : isUnder(d, it.path);
      }
      // a build's tree holds the sources too: only its outputs, or all of it, are the build's
      if (!hit || (it.build && !whole && !outputAt(target.glob ? globDir(target.text) : target.text, it.path, it.build))) continue;
      this.rewriteOf(inst, verb, extra).entries.push({ item: it, target: target.text, whole });
    }
    if (this.overlays.length && !this.rewrites.get(inst)?.entries.some((e) => e.target === target.text)) {
      for (const o of this.overlays) {
        if (o.item.inst !== inst && o.item.alive && this.overlayMember(o, target.text, recursive)) this.rewriteOf(inst, verb, extra).entries.push({ item: o.item, target: target.text, whole: false });
      }
    }
  }

  /** A local archive ADDed into a system folder (`ADD rootfs.tar.gz /`): its members are not known, see overlayMember. */
  overlay(dest: string, inst: Instruction): void {
    if (!this.allow(inst) || this.overlays.length >= 16) return;
    this.overlays.push({ item: { kind: 'path', inst, path: dest, tree: true, source: 'ADD (extracted)', alive: true, weak: true }, written: [] });
  }

  /**
   * `p` is most likely a member of the archive `o` unpacked (a heuristic; the archive's listing is not
   * known): it lies in a folder that is not a standard one of the hierarchy or of a base image
   * (standardFolder: `/etc`, `/usr/local/bin`, any `*.d` drop-in folder, `/etc/nginx` ...), below the
   * deepest standard folder it is in (or is that folder, with -R), so it is not a standard folder's own file that the base image may
   * have (`/etc/cont-init.d/00-banner.sh`, `/usr/local/bin/entrypoint.sh` are not counted); and no other
   * instruction added that folder or something in it by name, `mkdir` made it, a package installed in
   * the stage is named like it, or a later command wrote in it (`ADD rootfs.tar.gz /`, then `chmod a+x
   * /etc/services.d/zigwatch/run` is a rewrite of the archive's member).
   */
  private overlayMember(o: { item: Item; written: string[]; full?: boolean }, p: string, recursive: boolean): boolean {
    const dest = o.item.path;
    if (o.full || !isUnder(p, dest)) return false;
    const lit = litPrefix(p).replace(/\/$/, '');
    // the folders from dest down to p's parent: the first that is not standard is the archive's folder
    // (with -R the target's own files are rewritten: the target is a folder of the chain too)
    const chain = ancestorsOf(recursive ? p : dirname(p)).reverse().filter((a) => a === dest || isUnder(a, dest));
    const k = chain.findIndex((a) => a !== dest && !standardFolder(a) && !this.byPkg.has(basename(a).toLowerCase()));
    if (k < 0) return false;
    // a glob folder (`chmod a+x /etc/services.d/*/run`): checked from its literal part (`/etc/services.d`),
    // where nothing else may have been added or written
    const folder = /[*?[]/.test(chain[k]) ? globDir(chain[k]) : chain[k];
    if (folder === dest || !(lit === folder || isUnder(lit, folder) || isUnder(folder, lit))) return false;
    const near = (q: string) => q === folder || isUnder(q, folder) || (isUnder(folder, q) && q !== dest);
    if (o.written.some(near) || this.made.some(near)) return false;
    return !this.items.some((i) => i.kind === 'path' && i.inst !== o.item.inst && i.alive && (i.path === folder || isUnder(i.path, folder) || isUnder(folder, i.path) && !i.weak && i.path !== '/'));
  }

  /** The record of what `inst` rewrote, started on first use. */
  private rewriteOf(inst: Instruction, verb: string, extra: { mode?: string; owner?: string; simple?: boolean }): Rewrite {
    let rw = this.rewrites.get(inst);
    if (!rw) {
      rw = { inst, verb, entries: [], ...extra };
      this.rewrites.set(inst, rw);
    }
    return rw;
  }

  /** The removals and rewrites recorded since the last call (the stage's end reads them once). */
  takeDeletions(): DeletedLater[] {
    const out = [...this.deleted.values()];
    this.deleted.clear();
    return out;
  }

  takeRewrites(): Rewrite[] {
    const out = [...this.rewrites.values()];
    this.rewrites.clear();
    return out;
  }
}
