// COPY and ADD into the layer timeline: each source becomes a path item (a file, a tree, an archive,
// an extracted tar) at its destination, and the rule units see each source (layer-secret reads them).
import * as fs from 'fs';
import * as path from 'path';
import type { DockerIgnore, Instruction } from '../../../../client/src/core/parser';
import { HYGIENE_UNITS } from '../rules';
import { isArchive, isTarArchive } from '../rules/layer-archive';
import { archiveStem } from './run/archives';
import { contextSecrets, ContextView } from '../rules/layer-secret';
import { basename, globToRegExpSource, resolvePath } from '../shellExpand';
import type { CopySource, HookContext } from './finding';
import { isSystemDir, Item } from './timeline';

/** Folder listings of the build context read in one pass: name -> kind, null for a folder that is not there. */
export type Disk = Map<string, Map<string, 'file' | 'dir' | 'link' | null> | null>;

export interface BuildContext { dir: string; ignore?: DockerIgnore }

export const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
/**
 * Sources of one COPY/ADD followed one by one (an item each, context look-ups); the rest are
 * summarised, so no instruction can make a diagnostics pass slow (see also MAX_EVENTS).
 */
export const MAX_SOURCES = 256;
const GIT_RE = /^(git@|git:\/\/)|\.git(#.*)?$|^https?:\/\/[^/]*(github|gitlab|bitbucket)\.[a-z]+\/[^/]+\/[^/]+(#.*)?$/i;

/** Files that have no extension by convention (not directories). */
const FILE_NAMES = /^(Makefile|GNUmakefile|Dockerfile|Containerfile|Gemfile|Procfile|Pipfile|cpanfile|Rakefile|Jenkinsfile|Vagrantfile|Brewfile|Caddyfile|Justfile|Taskfile|LICENSE|LICENCE|NOTICE|README|CHANGELOG|AUTHORS|COPYING|VERSION|\w*[-_]?entrypoint[\w-]*|\w*[-_]?(start|run|init|wrapper|healthcheck)|tini|gosu|dumb-init)$/i;

/** The units that look at each COPY/ADD source. */
const COPY_UNITS = HYGIENE_UNITS.filter((u) => u.copySource);

export interface CopyState extends HookContext {
  workdir: string;
  disk: Disk;
}

export function copy(st: CopyState, inst: Instruction, expand: (s: string) => string | undefined, context: BuildContext | undefined): void {
  const words = inst.args.map((w) => w.value);
  if (words.length < 2) return;
  const destRaw = expand(words[words.length - 1]);
  if (destRaw === undefined || !destRaw) return;
  const srcs = words.slice(0, -1).map((w) => (/^<<-?/.test(w) ? w : expand(w)));
  const dest = resolvePath(st.workdir, destRaw);
  // a destination that is a directory already (one the base image has, or one an earlier instruction
  // made) takes the source inside it, with or without a trailing slash: `COPY x.tar.gz /tmp`. Several
  // sources need a folder; one glob source does not: docker puts its single match at the destination
  // as a file (`COPY target/app-*.jar /deployments/app.jar`), and refuses several matches there
  // without a trailing slash (moby builder/dockerfile copy.go, "more than one source file").
  const destIsDir = destRaw.endsWith('/') || destRaw === '.' || srcs.length > 1 || isSystemDir(dest) || st.timeline.knownDir(dest) || st.timeline.at(dest).some((i) => i.tree === true);
  const from = inst.flags.find((f) => f.name === 'from')?.value;
  const kw = inst.keyword;
  const timeline = st.timeline;
  const view: ContextView | undefined = context && { onDisk: (rel) => onDisk(st.disk, context.dir, rel), ignores: (rel) => !!context.ignore?.ignores(rel) };
  // Sources beyond MAX_SOURCES are summarised: one tree item for the destination directory, and the
  // rule units see only their names (no context look-ups).
  const extra: string[] = [];
  for (let k = 0; k < srcs.length; k++) {
    const src = srcs[k];
    if (src === undefined || src === '') continue;
    if (k >= MAX_SOURCES) {
      extra.push(src);
      continue;
    }
    let item: Item | undefined;
    const heredoc = /^<<-?["']?([^"']+)["']?$/.exec(src);
    if (heredoc) {
      const name = inst.heredocs.find((h) => h.name === heredoc[1])?.name ?? heredoc[1];
      item = { kind: 'path', inst, path: destIsDir ? resolvePath(dest, name) : dest, tree: false, source: kw, alive: true };
    } else if (kw === 'ADD' && URL_RE.test(src) || (kw === 'ADD' && GIT_RE.test(src))) {
      if (GIT_RE.test(src)) {
        if (!isSystemDir(dest)) item = { kind: 'path', inst, path: dest, tree: true, source: src, alive: true };
      } else {
        const name = src.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
        const path = destIsDir && name ? resolvePath(dest, name) : dest;
        item = { kind: 'path', inst, path, tree: false, source: src, archive: isArchive(path) || isArchive(name) || undefined, alive: true };
      }
    } else if (kw === 'ADD' && from === undefined && isTarArchive(src)) {
      // Docker extracts a local tar into the destination directory: its contents are the layer
      if (!isSystemDir(dest)) item = { kind: 'path', inst, path: dest, tree: true, source: `${kw} (extracted)`, alive: true };
      else {
        // into a folder the base image owns (`ADD tool-1.2.tar.gz /opt/`): its top folder, named like the
        // archive, as `tar -xzf tool-1.2.tar.gz -C /opt` gives (see archives.ts topDir)
        const stem = archiveStem(src);
        if (stem) item = { kind: 'path', inst, path: resolvePath(dest, stem), tree: true, source: `${kw} (extracted)`, alive: true, weak: true, own: true };
        // and its members anywhere below the folder, as far as a later rewrite names them (overlayMember)
        timeline.overlay(dest, inst);
      }
    } else {
      const dirSrc = src === '.' || src === '..' || src.endsWith('/') || src.endsWith('/.') || (view?.onDisk(src.replace(/^\.\//, '')) === 'dir');
      if (dirSrc) {
        // a directory's contents land in the destination; in a directory the base image owns, only
        // rewrites under it are followed (see Item.weak)
        item = { kind: 'path', inst, path: dest, tree: true, source: kw, alive: true, weak: isSystemDir(dest) || undefined };
      } else {
        const name = basename(src);
        const path = destIsDir ? resolvePath(dest, name) : dest;
        const glob = /[*?[]/.test(name);
        const tree = /\.[A-Za-z0-9]{1,8}$/.test(name) ? false : undefined;
        if (!(tree === undefined && isSystemDir(path))) {
          item = { kind: 'path', inst, path, tree, source: kw, archive: isArchive(name) || undefined, alive: true };
          if (/[*?[]/.test(path)) item.re = new RegExp(`^${globToRegExpSource(path)}$`);
        }
        // `COPY site.tar.gz /usr/share/nginx/html`: a file with an extension copied to a name without
        // one is most often copied into a folder the base image has; the file may also have been
        // renamed. Both are followed: only a later instruction naming `html/site.tar.gz` (which exists
        // only in the first case) or `html` (either) reaches them.
        // A glob source to such a name is read both ways too (the match at the name, or inside it).
        if (!destIsDir && (tree === false || glob) && item && !/\.[A-Za-z0-9]{1,8}$/.test(basename(dest))) {
          const inside: Item = { ...item, path: resolvePath(dest, name), re: glob ? new RegExp(`^${globToRegExpSource(resolvePath(dest, name))}$`) : undefined };
          timeline.touch(inside.path, inst);
          timeline.add(inside);
        }
        // `COPY ./src ./`: a name without an extension is most often a directory, whose contents land
        // in the destination (a later `rm -rf ./tests` removes part of them)
        if (tree === undefined && !glob && destIsDir && !isSystemDir(dest) && !FILE_NAMES.test(name) && !view?.onDisk(src.replace(/^\.\//, ''))) {
          const contents: Item = { kind: 'path', inst, path: dest, tree: true, source: kw, alive: true, guess: true };
          timeline.touch(dest, inst);
          timeline.add(contents);
        }
      }
    }
    if (item) {
      timeline.touch(item.path, inst);
      timeline.add(item);
    }
    // a literal with every field (no spread: this runs once per source, and spreading made it the hot spot)
    const source: CopySource = {
      timeline: st.timeline, report: st.report, measured: st.measured, credentialFiles: st.credentialFiles,
      inst, src, item, dest, heredoc: !!heredoc, remote: URL_RE.test(src), single: srcs.length === 1, from,
      contextSecrets: () => (view ? contextSecrets(view, src) : []),
    };
    for (const u of COPY_UNITS) u.copySource!(source);
  }
  if (srcs.length > MAX_SOURCES && destIsDir && !isSystemDir(dest)) {
    timeline.touch(dest, inst);
    timeline.add({ kind: 'path', inst, path: dest, tree: true, source: kw, alive: true, summary: true });
  }
  if (extra.length) for (const u of HYGIENE_UNITS) u.copyExtra?.({ ...hooks(st), inst, dest, srcs: extra });
}

const hooks = (st: HookContext): HookContext => ({ timeline: st.timeline, report: st.report, measured: st.measured });

/**
 * What is at `rel` under the context folder `root`, from folder listings read once per pass and
 * only along a path whose folders exist: the context's listing answers all of CONTEXT_SECRETS'
 * top-level names with one readdir instead of a stat each (15 on every lint of a `COPY . .`), and
 * `.aws/credentials` costs a second readdir only when `.aws` is there. Symlinks are stat'ed (a
 * listing says only that they are links).
 */
function onDisk(disk: Disk, root: string, rel: string): 'file' | 'dir' | null {
  const parts = rel.split('/').filter((x) => x && x !== '.');
  if (!parts.length || parts.includes('..')) return parts.length ? statKind(path.join(root, rel)) : 'dir';
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const kind = listing(disk, dir)?.get(parts[i]) ?? null;
    const here = path.join(dir, parts[i]);
    if (kind === 'link') return i === parts.length - 1 ? statKind(here) : statKind(path.join(here, ...parts.slice(i + 1)));
    if (i === parts.length - 1) return kind;
    if (kind !== 'dir') return null;
    dir = here;
  }
  return null;
}

function listing(disk: Disk, dir: string): Map<string, 'file' | 'dir' | 'link' | null> | null {
  let hit = disk.get(dir);
  if (hit === undefined) {
    try {
      // existsSync first: a failing readdir throws, and the exception costs more than the check.
      hit = !fs.existsSync(dir) ? null : new Map(fs.readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e.isFile() ? 'file' : e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'link' : null]));
    } catch {
      hit = null; // not there, not a folder, not readable
    }
    disk.set(dir, hit);
  }
  return hit;
}

function statKind(p: string): 'file' | 'dir' | null {
  try {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    return st?.isFile() ? 'file' : st?.isDirectory() ? 'dir' : null;
  } catch {
    return null; // ENOTDIR, EACCES ...
  }
}
