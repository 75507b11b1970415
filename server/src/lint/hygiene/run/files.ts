// File operations in a RUN: removals (rm, find -delete, find | xargs rm, mv), copies and installs,
// and in-place rewrites (chmod, chown, touch, sed -i, perl -i, strip ...).
import type { Stmt } from '../../shell';
import { isArchive } from '../../rules/layer-archive';
import { REWRITE_TABLE, RewriteRow } from '../../rules/layer-rewrite';
import { basename, expandWord, globToRegExpSource, resolvePath, VarLookup } from '../../shellExpand';
import { isSystemDir } from '../timeline';
import { Arg, escapeRe, fieldText, has, options, pathMatch, set, skipLeading, val } from './args';
import type { Handler, RunContext } from './context';

function rm(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, new Set());
  const recursive = has(opts, 'r', 'R', 'recursive');
  for (const a of operands) {
    const m = r.match(a);
    if (m) r.timeline.remove({ ...m, recursive, verb: 'rm' }, r.inst);
  }
}

function mvcp(r: RunContext, rest: Arg[], move: boolean): void {
  const { opts, operands } = options(rest, set('t S target-directory suffix backup'));
  const targetDir = val(opts, 't', 'target-directory');
  const recursive = move || has(opts, 'r', 'R', 'a', 'recursive', 'archive');
  let srcs = operands;
  let dest: string | undefined;
  if (targetDir !== undefined) dest = targetDir;
  else { srcs = operands.slice(0, -1); dest = fieldText(operands[operands.length - 1]); }
  if (dest === undefined || !srcs.length) return;
  const destPath = resolvePath(r.cwd, dest);
  const intoDir = targetDir !== undefined || srcs.length > 1 || dest.endsWith('/') || isSystemDir(destPath) || r.isDir(destPath);
  for (const s of srcs) {
    const m = r.match(s);
    if (!m) continue;
    const before = r.timeline.live('path').filter((i) => m.re.test(i.path));
    if (move) r.timeline.remove({ ...m, recursive: true, verb: 'mv' }, r.inst);
    if (m.glob) {
      // `mv tool-* /usr/local/bin/`: what the glob matched lands in the directory under its own name
      // (an archive among it is still there, extracted or not)
      if (move && intoDir) {
        for (const i of before) {
          if (i.re) continue;
          r.created(resolvePath(destPath, basename(i.path)), 'mv', i.tree, i.archive, i.archive && i.inst === r.inst ? { extractedBy: i.extractedBy, source: i.source } : {});
        }
      }
      continue;
    }
    const target = intoDir ? resolvePath(destPath, basename(m.text)) : destPath;
    const tree = before.some((i) => i.tree) ? true : recursive ? undefined : false;
    // an archive moved after it was extracted is still there, under its new name: reported on this RUN when
    // this RUN brought it (`curl -O x.tgz && tar -xzf x.tgz && mv x.tgz /opt/`); one an earlier instruction
    // brought is reported there (it was not removed where it came in), not again on the RUN that moves it
    const moved = before.find((i) => i.archive && i.extractedBy && i.inst === r.inst);
    const extractedBy = moved?.extractedBy;
    r.created(target, move ? 'mv' : 'cp', tree, before.some((i) => i.archive) || isArchive(target), move && moved ? { extractedBy, source: moved.source } : {});
  }
}

function install(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, set('m o g t S mode owner group target-directory suffix'));
  if (has(opts, 'd', 'directory') || operands.length < 2) return;
  const dest = fieldText(operands[operands.length - 1]);
  if (dest === undefined) return;
  const destPath = resolvePath(r.cwd, dest);
  const srcs = operands.slice(0, -1);
  const intoDir = srcs.length > 1 || dest.endsWith('/') || isSystemDir(destPath);
  for (const s of srcs) {
    const t = fieldText(s);
    if (t !== undefined) r.created(intoDir ? resolvePath(destPath, basename(t)) : destPath, 'install', false);
  }
}

/**
 * A command of the rewrite table (REWRITE_TABLE: chmod, chown, touch, strip, upx, dos2unix, setfacl ...)
 * run by `find -exec` or `xargs` on each file found; sed and perl only with -i (in place).
 */
const EACH_REWRITERS = new Set(REWRITE_TABLE.flatMap((row) => row.names));
function rewritesEach(cmd: string, args: string[]): boolean {
  if (!EACH_REWRITERS.has(cmd)) return false;
  if (cmd === 'sed') return args.some((x) => /^-[a-zA-Z]*i/.test(x) || x.startsWith('--in-place'));
  if (cmd === 'perl') return args.some((x) => /^-[a-zA-Z]*i/.test(x));
  return true;
}

/** Rewriters that change only metadata: on directories alone (`find DIR -type d -exec chmod 755 {} +`) they rewrite no file. */
const META_ONLY = /^(chmod|chown|chgrp|touch)$/;

function find(r: RunContext, rest: Arg[]): void {
  const spec = findSpec(rest, r);
  if (!spec) return;
  if (spec.action === 'delete') r.timeline.remove({ ...pathMatch(spec.root, false), recursive: true, findNames: spec.names, verb: 'find -delete', label: findLabel(spec.root, spec.globs) }, r.inst);
  else if (spec.action && !(spec.dirs && META_ONLY.test(spec.action))) rewriteUnder(r, spec.root, spec.names, spec.globs, spec.action, spec.actionArgs ?? []);
}

function rewriteUnder(r: RunContext, root: string, names: RegExp[], globs: string[], verb: string, args: string[]): void {
  const mode = verb === 'chmod' ? args.find((x) => !x.startsWith('-') || /^-[rwxXst]+$/.test(x)) : undefined;
  const owner = verb === 'chown' ? args.find((x) => !x.startsWith('-')) : undefined;
  if (!names.length) {
    r.timeline.rewrite(pathMatch(root, false), true, `find -exec ${verb}`, r.inst, { mode, owner });
    return;
  }
  names.forEach((n, i) => {
    const re = new RegExp(`^${escapeRe(root === '/' ? '' : root)}(/.*)?/${n.source.replace(/^\^/, '').replace(/\$$/, '')}$`, n.flags);
    r.timeline.rewrite({ text: `${root === '/' ? '' : root}/**/${globs[i]}`, re, glob: true }, false, `find -exec ${verb}`, r.inst, { mode, owner });
  });
}

function xargs(r: RunContext, rest: Arg[]): void {
  const from = r.pipeFrom;
  if (!from) return;
  const cmdArgs = skipLeading(rest, set('I L n P s d E a i l max-args max-procs delimiter replace arg-file'));
  const cmd = fieldText(cmdArgs[0]);
  if (!cmd) return;
  const n = basename(cmd);
  if (n === 'rm') r.timeline.remove({ ...pathMatch(from.root, false), recursive: true, findNames: from.names, verb: 'find | xargs rm', label: findLabel(from.root, from.globs) }, r.inst);
  else {
    const args = cmdArgs.slice(1).map((a) => fieldText(a) ?? '');
    if (rewritesEach(n, args) && !(from.dirs && META_ONLY.test(n))) rewriteUnder(r, from.root, from.names, from.globs, n, args);
  }
}

function meta(r: RunContext, name: string, rest: Arg[]): void {
  const operandsAll: Arg[] = [];
  let recursive = false;
  let reference = false;
  for (const a of rest) {
    const t = fieldText(a);
    if (t === '-R' || t === '--recursive') { recursive = true; continue; }
    if (t && /^--(reference|from)=/.test(t)) { reference = reference || t.startsWith('--reference'); continue; }
    if (t && /^-[cfvhHLPR]+$/.test(t)) { if (t.includes('R')) recursive = true; continue; }
    if (t && /^--[a-z-]+$/.test(t)) continue;
    operandsAll.push(a);
  }
  const spec = reference ? undefined : fieldText(operandsAll[0]);
  const files = reference ? operandsAll : operandsAll.slice(1);
  const verb = recursive ? `${name} -R` : name;
  const simple = !!r.input.single && r.depth === 0 && files.length === 1;
  for (const f of files) {
    const m = r.match(f);
    if (m) r.timeline.rewrite(m, recursive, verb, r.inst, { mode: name === 'chmod' ? spec : undefined, owner: name !== 'chmod' ? spec : undefined, simple });
  }
}

/** `... | tee -a FILE` appends to FILE as `>> FILE` does (a rewrite of an earlier file); `tee FILE` writes it anew, as `> FILE`. */
function tee(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, set('output-error'));
  const append = has(opts, 'a', 'append');
  for (const f of operands) {
    const m = r.match(f);
    if (!m || m.glob || /^\/dev\//.test(m.text)) continue;
    if (append) r.timeline.rewrite(m, false, 'append (tee -a)', r.inst);
    else r.created(m.text, 'tee', false);
  }
}

function touchFiles(r: RunContext, rest: Arg[]): void {
  const { operands } = options(rest, set('d t r date reference'));
  for (const f of operands) {
    const m = r.match(f);
    if (m) r.timeline.rewrite(m, false, 'touch', r.inst);
  }
}

function sed(r: RunContext, rest: Arg[]): void {
  let inPlace = false;
  let script = false;
  const files: Arg[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = fieldText(rest[i]);
    if (t === undefined) { files.push(rest[i]); continue; }
    if (t === '-e' || t === '-f' || t === '--expression' || t === '--file' || t === '-l') { script = script || t !== '-l'; i++; continue; }
    if (/^--(expression|file)=/.test(t)) { script = true; continue; }
    if (t.startsWith('--in-place')) { inPlace = true; continue; }
    if (/^-[nrEsuzb]*i/.test(t)) { inPlace = true; continue; }
    if (/^-[a-zA-Z]+$/.test(t) || t.startsWith('--')) {
      if (/^-[nrEsuz]*[ef]$/.test(t)) { script = true; i++; }
      continue;
    }
    files.push(rest[i]);
  }
  if (!inPlace) return;
  for (const f of script ? files : files.slice(1)) {
    const m = r.match(f);
    if (m) r.timeline.rewrite(m, false, 'sed -i', r.inst);
  }
}

function perl(r: RunContext, rest: Arg[]): void {
  let inPlace = false;
  const files: Arg[] = [];
  let sawScript = false;
  for (let i = 0; i < rest.length; i++) {
    const t = fieldText(rest[i]);
    if (t === undefined) { files.push(rest[i]); continue; }
    if (/^-[a-zA-Z]*i/.test(t)) inPlace = true;
    if (/^-[a-zA-Z]*[eE]$/.test(t)) { i++; sawScript = true; continue; }
    if (t.startsWith('-')) continue;
    if (!sawScript) { sawScript = true; continue; }
    files.push(rest[i]);
  }
  if (!inPlace) return;
  for (const f of files) {
    const m = r.match(f);
    if (m) r.timeline.rewrite(m, false, 'perl -i', r.inst);
  }
}

function inPlace(r: RunContext, name: string, rest: Arg[]): void {
  const { operands } = options(rest, set('o m s size R K F'));
  const files = name === 'setfacl' ? operands.slice(1) : operands;
  for (const f of files) {
    const m = r.match(f);
    if (m) r.timeline.rewrite(m, false, name, r.inst);
  }
}

/** `dirs`: `-type d` (directories only: a chmod/chown of them changes a few bytes of metadata each, no file's content). */
interface FindSpec { root: string; names: RegExp[]; globs: string[]; action?: string; actionArgs?: string[]; dirs?: boolean }

const findLabel = (root: string, globs: string[]) => (globs.length ? globs.map((g) => `${root === '/' ? '' : root}/**/${g}`).join(', ') : `${root}/**`);

/** `find ROOT... EXPR`: the roots, the -name patterns, and -delete / -exec CMD. Negations make it unknown. */
function findSpec(rest: Arg[], r: RunContext): FindSpec | undefined {
  const texts = rest.map(fieldText);
  let i = 0;
  const roots: string[] = [];
  while (i < texts.length && texts[i] !== undefined && !/^[-(!)]/.test(texts[i]!)) roots.push(texts[i++]!);
  const names: RegExp[] = [];
  const globs: string[] = [];
  let action: string | undefined;
  let actionArgs: string[] | undefined;
  let dirs = false;
  for (; i < texts.length; i++) {
    const t = texts[i];
    if (t === undefined) return undefined;
    if (t === '!' || t === '-not') return undefined;
    if (t === '-name' || t === '-iname') {
      const p = texts[++i];
      if (p === undefined) return undefined;
      names.push(new RegExp(`^${globToRegExpSource(p)}$`, t === '-iname' ? 'i' : ''));
      globs.push(p);
    } else if (t === '-path' || t === '-wholename' || t === '-regex' || t === '-ipath') {
      return undefined;
    } else if (t === '-delete') {
      action = 'delete';
    } else if (t === '-exec' || t === '-execdir') {
      const cmd = basename(texts[i + 1] ?? '');
      const end = texts.slice(i + 1).findIndex((x) => x === ';' || x === '+');
      const args = texts.slice(i + 2, end < 0 ? undefined : i + 1 + end).filter((x): x is string => x !== undefined && x !== '{}');
      if (cmd === 'rm') action = 'delete';
      else if (rewritesEach(cmd, args)) { action = cmd; actionArgs = args; }
      i = end < 0 ? texts.length : i + 1 + end;
    } else if (t === '-type') {
      if (texts[++i] === 'd') dirs = true;
    } else if (/^-(maxdepth|mindepth|size|mtime|newer|user|group|perm|links|uid|gid|printf|fprint|inum|samefile|used|atime|ctime|amin|mmin|cmin|fstype|xtype)$/.test(t)) {
      i++;
    }
  }
  if (!roots.length) roots.push('.');
  if (roots.length !== 1) return undefined;
  return { root: resolvePath(r.cwd, roots[0]), names, globs, action, actionArgs, dirs };
}

/** A `find` on the left of a pipe (`find ... -print0 | xargs -0 rm -f`). */
export function findOf(s: Stmt, r: RunContext): { root: string; names: RegExp[]; globs: string[]; dirs?: boolean } | undefined {
  const c = s.cmd;
  if (!c || c.type !== 'CallExpr' || !c.args.length) return undefined;
  const lookup: VarLookup = { get: (n) => r.vars.get(n) };
  const args: Arg[] = c.args.flatMap((w) => expandWord(w, lookup, undefined).map((f) => ({ f, w })));
  if (basename(fieldText(args[0]) ?? '') !== 'find') return undefined;
  const spec = findSpec(args.slice(1), r);
  return spec && !spec.action ? { root: spec.root, names: spec.names, globs: spec.globs, dirs: spec.dirs } : undefined;
}

/** Handlers of the rule's rewrite table (REWRITE_TABLE), by row. */
const REWRITERS: Record<RewriteRow['id'], Handler> = {
  meta: (r, n, rest) => meta(r, n, rest),
  touch: (r, _n, rest) => touchFiles(r, rest),
  sed: (r, _n, rest) => sed(r, rest),
  perl: (r, _n, rest) => perl(r, rest),
  inplace: (r, n, rest) => inPlace(r, n, rest),
};

/** `mkdir [-p] DIR...`: empty folders (packages' files are not there, see ../packageFiles.ts). */
function mkdir(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, set('m mode context Z'));
  const parents = has(opts, 'p', 'parents');
  for (const a of operands) {
    const m = r.match(a);
    if (m && !m.glob) r.timeline.mkdir(m.text, r.inst, parents);
  }
}

/**
 * `useradd [-m] [-d HOME] NAME`, `adduser [--home HOME | -h HOME] NAME`: the user's home, for `~NAME` and for
 * `~` after `USER NAME` (the default /home/NAME needs no record).
 */
function useradd(r: RunContext, name: string, rest: Arg[]): void {
  const valued = name === 'useradd'
    ? set('b c d e f g G k K p s u R P Z base-dir comment home-dir expiredate inactive gid groups skel key password shell uid root prefix selinux-user')
    : set('h s g G u k home shell gid uid ingroup firstuid lastuid conf comment gecos');
  const { opts, operands } = options(rest, valued);
  // `adduser USER GROUP` (Debian) adds a user to a group: the user is the first operand
  const user = fieldText(operands[name === 'useradd' ? operands.length - 1 : 0]);
  const home = name === 'useradd' ? val(opts, 'd', 'home-dir') : val(opts, 'home', 'h');
  if (!user || home === undefined || !home.startsWith('/') || r.timeline.homes.size >= 64) return;
  r.timeline.homes.set(user, resolvePath('/', home));
}

export const FILE_COMMANDS: Record<string, Handler> = {
  useradd: (r, n, rest) => useradd(r, n, rest),
  adduser: (r, n, rest) => useradd(r, n, rest),
  mkdir: (r, _n, rest) => mkdir(r, rest),
  rm: (r, _n, rest) => rm(r, rest),
  // `unlink FILE`: one file, as `rm FILE`
  unlink: (r, _n, rest) => rm(r, rest.slice(0, 1)),
  tee: (r, _n, rest) => tee(r, rest),
  mv: (r, _n, rest) => mvcp(r, rest, true),
  cp: (r, _n, rest) => mvcp(r, rest, false),
  install: (r, _n, rest) => install(r, rest),
  find: (r, _n, rest) => find(r, rest),
  xargs: (r, _n, rest) => xargs(r, rest),
  ...Object.fromEntries(REWRITE_TABLE.flatMap((row) => row.names.map((n): [string, Handler] => [n, REWRITERS[row.id]]))),
};
