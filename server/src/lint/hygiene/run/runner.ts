// Interprets a RUN script's syntax tree (../../shell.ts) for the layer-hygiene rules: follows `cd`,
// assignments and `export`, loops over known word lists, nested `sh -c '...'`/`eval` scripts and
// shell functions (here), and hands each command to its family's handler, which turns it into what it
// does to the image's files: ./files.ts (removals, copies, in-place rewrites), ./archives.ts
// (extraction), ./downloads.ts (curl, wget, git clone), ./packages.ts (package-manager caches,
// packages installed and removed).
import type { Instruction, Position } from '../../../../../client/src/core/parser';
import { literalValue, parseShell, Stmt, Word } from '../../shell';
import { basename, expandWord, isUnder, resolvePath, symbolicName, VarLookup, wordString } from '../../shellExpand';
import { LayerTimeline, Item, MAX_EVENTS } from '../timeline';
import { ARCHIVE_COMMANDS } from './archives';
import { Arg, exact, fieldText, literalEnds, PathMatch, pathMatch, set, skipLeading } from './args';
import type { Handler, RunContext, RunInput } from './context';
import { BUILD_NAMES, buildStep, COMPILE_COMMANDS } from './builds';
import { DOWNLOAD_COMMANDS } from './downloads';
import { FILE_COMMANDS, findOf } from './files';
import { cacheMaintenance, cacheSetting, PACKAGE_COMMANDS, packageCommandFor } from './packages';
import { SHELLS as RUN_SHELLS } from '../script';
import { REWRITE_TABLE } from '../../rules/layer-rewrite';
export type { RunInput } from './context';

/** Commands that neither write into the directory they run in nor anywhere a tree item could be. */
const HARMLESS = new Set(['rm', 'rmdir', 'cd', 'pushd', 'popd', 'ls', 'echo', 'printf', 'true', 'false', 'test', '[', 'set', 'export', 'unset', 'mkdir', 'chmod', 'chown', 'chgrp', 'find', 'ln', 'cat', 'pwd',
  'command', 'which', 'type', 'hash', ':', 'exit', 'return', 'id', 'whoami', 'stat', 'du', 'df', 'sleep', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'wc', 'sort', 'uniq', 'tr', 'cut', 'dirname', 'basename',
  'readlink', 'realpath', 'date', 'uname', 'nproc', 'getconf', 'dpkg-architecture', 'useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf',
  'zypper', 'pacman', 'xbps-install', 'xbps-remove', 'apt-mark', 'dpkg', 'gpg', 'gpgconf', 'sha256sum', 'sha512sum', 'sha1sum', 'md5sum', 'curl', 'wget', 'tar', 'unzip', 'git', 'ldconfig', 'update-ca-certificates', 'locale-gen', 'ln',
  'touch', 'install', 'cp', 'mv', 'tee', 'xargs', 'eval', 'sh', 'bash', 'dash', 'ash', 'local', 'declare', 'typeset', 'readonly', 'source', '.', 'wait', 'trap', 'shift', 'read', 'getent', 'awk', 'sed',
  'savedAptMark', 'ldd', 'file', 'scanelf', 'runDeps', 'gosu', 'su-exec', 'sudo', 'env', 'nice', 'nohup', 'exec', 'timeout', 'update-alternatives', 'rc-update', 'systemctl', 'fc-cache', 'tini']);

/**
 * Installers that read the working directory (a manifest, a module list) but write their packages
 * elsewhere, as pip does: `cpanm --installdeps .` and cpanm of module names (into the system perl; they
 * build in ~/.cpanm/work; not with -L/--local-lib DIR, nor of a distribution folder such as `.`), `gem
 * install` (into GEM_HOME; not with -i/--install-dir), `npm install -g`, `luarocks install` (not
 * `luarocks make`, which builds the tree). A tree they run in keeps its own files (see LayerTimeline.touch).
 */
const ELSEWHERE_NAMES = new Set(['cpanm', 'cpm', 'gem', 'npm', 'pnpm', 'yarn', 'luarocks']);
function installsElsewhere(name: string, rest: Arg[]): boolean {
  const words = rest.map((a) => fieldText(a));
  if (words.some((w) => w === undefined)) return false;
  const w = words as string[];
  const flag = (...f: string[]) => w.some((x) => f.includes(x) || f.some((g) => g.startsWith('--') && x.startsWith(`${g}=`)));
  switch (name) {
    case 'cpanm': case 'cpm':
      if (flag('-L', '-l', '--local-lib', '--local-lib-contained')) return false;
      if (flag('--installdeps')) return true;
      return w.filter((x) => !x.startsWith('-')).every((x) => !/^(\.|\.\.|\.?\/.*|.*\.(tar\.gz|tgz|zip))$/.test(x)) && (name === 'cpanm' || w[0] === 'install');
    case 'gem':
      return /^(install|i)$/.test(w[0] ?? '') && !flag('-i', '--install-dir');
    case 'npm': case 'pnpm': case 'yarn':
      return (name === 'yarn' ? w[0] === 'global' : /^(install|i|add)$/.test(w.find((x) => !x.startsWith('-')) ?? '') && flag('-g', '--global'));
    case 'luarocks':
      return w.find((x) => !x.startsWith('-')) === 'install';
    default:
      return false;
  }
}

/** The POSIX shells a RUN may name (../script.ts), and busybox, which runs them too (`busybox sh -c`). */
const SHELLS = new Set([...RUN_SHELLS, 'busybox']);
const MAX_DEPTH = 12;
const MAX_LOOP = 16;


/** Every command family's handlers by command name. */
const COMMANDS = new Map<string, Handler>(Object.entries({ ...FILE_COMMANDS, ...ARCHIVE_COMMANDS, ...DOWNLOAD_COMMANDS, ...PACKAGE_COMMANDS, ...COMPILE_COMMANDS }));
/**
 * The in-place rewriters (strip, upx, dos2unix, setfacl, patchelf, truncate): they change only the files
 * they name, which their handler records as a rewrite, so they do not mark the working directory as
 * written (that would hide `WORKDIR /app` + `RUN dos2unix scripts/*.sh` behind "another command wrote there").
 */
const POSITIONAL = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const IN_PLACE = new Set(REWRITE_TABLE.find((row) => row.id === 'inplace')!.names);

/** How one RUN's script is interpreted. */
export class Runner implements RunContext {
  cwd: string;
  vars: Map<string, string | null>;
  /** pushd's stack. */
  dirs: string[] = [];
  funcs = new Map<string, Stmt>();
  depth = 0;
  /** Offset mapping of the script being interpreted to the top-level script (undefined: not exact). */
  private map: ((o: number) => number | undefined) | undefined = (o) => o;
  pipeFrom: { root: string; names: RegExp[]; globs: string[]; dirs?: boolean } | undefined;
  stdinYes = false;
  /** The here-document on the current command's stdin (`bash <<EOF`). */
  private stdin: { body: string; start: number | undefined } | undefined;

  constructor(readonly input: RunInput) {
    this.cwd = input.cwd;
    this.vars = input.timeline.settings.size ? new Map([...input.timeline.settings, ...input.vars]) : new Map(input.vars);
  }

  get inst(): Instruction { return this.input.inst; }
  get timeline(): LayerTimeline { return this.input.timeline; }

  private lookup(overlay?: Map<string, string | null>): VarLookup {
    return { get: (n) => (overlay?.has(n) ? overlay.get(n) : this.vars.get(n)), symbolic: (n) => !overlay?.has(n) && this.symbolic(n) };
  }

  /**
   * A variable that stands for itself in paths (VarLookup.symbolic): upper-case (an image's ENV by
   * convention), not the shell's own (`$PWD`, `$RANDOM` ...), that neither the Dockerfile's ARG/ENV in scope
   * nor this RUN set: its name appears in the script only after `$` (no `NAME=`, `for NAME`, `read NAME`).
   */
  private symbolic(n: string): boolean {
    if (this.vars.has(n) || this.unknown.has(n) || !symbolicName(n)) return false;
    let ok = this.symbolicNames.get(n);
    if (ok === undefined) {
      const inst = this.input.inst;
      const text = inst.argsText + inst.heredocs.map((h) => h.content).join('');
      ok = !new RegExp(`(^|[^\\w$\\{])${n}(?![\\w])`).test(text);
      this.symbolicNames.set(n, ok);
    }
    return ok;
  }
  private symbolicNames = new Map<string, boolean>();

  get home(): string | undefined {
    const h = this.vars.get('HOME');
    return typeof h === 'string' && h ? h : this.input.home;
  }

  /** A named user's home (`~runner`): the one useradd/adduser gave it in this stage, else /home/NAME (/root for root). */
  readonly userHome = (user: string): string | undefined => this.timeline.homeOf(user);

  run(stmts: Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  stmt(s: Stmt): void {
    if (!s.cmd) return;
    const c = s.cmd;
    // output redirections decide where a command's stdout goes
    let stdout: string | undefined;
    let appendTo: string | undefined;
    for (const r of s.redirs) {
      if (!r.word || !/^(>|>>|>\||&>|&>>)$/.test(r.op) || (r.fd && r.fd !== '1')) continue;
      const t = wordString(r.word, this.lookup(), this.home);
      if (!t || /^\/dev\//.test(t) || /^&?[0-9-]$/.test(t)) continue;
      const p = resolvePath(this.cwd, t);
      if (r.op === '>>' || r.op === '&>>') appendTo = p;
      else stdout = p;
    }
    const doc = s.redirs.find((r) => r.hdoc && (r.op === '<<' || r.op === '<<-') && (!r.fd || r.fd === '0'))?.hdoc;
    this.stdin = doc ? { body: doc.body, start: doc.strip ? undefined : doc.bodyStart } : undefined;
    switch (c.type) {
      case 'CallExpr': this.call(c.assigns, c.args, stdout); break;
      case 'BinaryCmd': {
        if (c.op === '|' || c.op === '|&') {
          const before = this.pipeFrom;
          this.pipeFrom = undefined;
          this.stmt(c.x);
          const from = this.pipeFrom ?? findOf(c.x, this);
          this.pipeFrom = from;
          const yes = this.stdinYes;
          this.stdinYes = answersYes(c.x);
          this.stmt(c.y);
          this.pipeFrom = before;
          this.stdinYes = yes;
        } else {
          // `a && b && c ...` is a left-deep tree: walk it as a list (long chains would exhaust the stack)
          const chain: Stmt[] = [c.y];
          let left = c.x;
          while (left.cmd?.type === 'BinaryCmd' && (left.cmd.op === '&&' || left.cmd.op === '||') && !left.redirs.length) {
            chain.push(left.cmd.y);
            left = left.cmd.x;
          }
          chain.push(left);
          for (let k = chain.length - 1; k >= 0; k--) this.stmt(chain[k]);
        }
        break;
      }
      case 'Subshell': {
        const cwd = this.cwd;
        const vars = new Map(this.vars);
        const dirs = [...this.dirs];
        this.run(c.stmts);
        this.cwd = cwd;
        this.vars = vars;
        this.dirs = dirs;
        break;
      }
      case 'Block': this.run(c.stmts); break;
      case 'IfClause': this.run(c.cond); this.run(c.then); if (c.else) this.run(c.else); break;
      case 'WhileClause': this.run(c.cond); this.run(c.body); break;
      case 'ForClause': {
        let values: Array<string | undefined> = [undefined];
        if (c.items && c.name) {
          const fs = c.items.flatMap((w) => expandWord(w, this.lookup(), this.home, this.userHome));
          if (fs.length && fs.every((f) => f.known && !f.glob) && fs.length <= MAX_LOOP) values = fs.map((f) => f.text);
        }
        for (const v of values) {
          if (c.name) { if (v === undefined) this.vars.delete(c.name); else this.vars.set(c.name, v); }
          this.run(c.body);
        }
        break;
      }
      case 'CaseClause': for (const it of c.items) this.run(it.stmts); break;
      case 'FuncDecl': this.funcs.set(c.name, c.body); break;
      default: break;
    }
    if (stdout && c.type !== 'CallExpr') this.created(stdout, 'redirect', false);
    if (appendTo) this.timeline.rewrite(exact(appendTo), false, 'append (>>)', this.inst);
  }

  private call(assigns: Array<{ name: string; value?: Word; array?: Word[] }>, words: Word[], stdout: string | undefined): void {
    const vars = this.lookup();
    if (!words.length) {
      for (const a of assigns) this.assign(a.name, a.array ? undefined : wordString(a.value, vars, this.home));
      if (stdout) this.created(stdout, 'redirect', false);
      return;
    }
    if (words.length > MAX_EVENTS) {
      // more operands than the engine would record for this instruction: not worth expanding
      this.timeline.touch(this.cwd, this.inst);
      if (stdout) this.created(stdout, 'redirect', false);
      return;
    }
    const overlay = new Map<string, string | null>();
    for (const a of assigns) {
      const v = a.array ? undefined : wordString(a.value, vars, this.home);
      if (v !== undefined) overlay.set(a.name, v);
      else { overlay.delete(a.name); this.unknown.add(a.name); }
    }
    const lookup = this.lookup(overlay);
    const first = expandWord(words[0], lookup, this.home, this.userHome);
    const name = first[0]?.known ? basename(first[0].text) : undefined;
    if (name !== undefined && first.length === 1 && !INTERPRETED.has(name) && !ELSEWHERE_NAMES.has(name) && !BUILD_NAMES.has(name) && !SHELLS.has(name) && !/^(pip|python)[0-9.]*$/.test(name) && !this.funcs.has(name)) {
      // a command this analysis has nothing to say about: no need to expand its arguments
      if (!HARMLESS.has(name)) this.timeline.touch(this.cwd, this.inst);
      if (stdout) this.created(stdout, 'redirect', false);
      return;
    }
    const args: Arg[] = first.map((f) => ({ f, w: words[0] }));
    for (const w of words.slice(1)) for (const f of expandWord(w, lookup, this.home, this.userHome)) args.push({ f, w });
    this.command(args, overlay, stdout);
  }

  assign(name: string, value: string | undefined): void {
    if (value === undefined) { this.vars.delete(name); this.unknown.add(name); } else { this.vars.set(name, value); this.unknown.delete(name); }
  }

  /** Variables assigned a value this analysis cannot know. */
  private unknown = new Set<string>();

  unknownVar(name: string): boolean {
    return this.unknown.has(name);
  }

  /** Interprets one command: a wrapper or shell builtin here, a command family's handler, or a function of the script. */
  command(args: Arg[], env: Map<string, string | null>, stdout: string | undefined): void {
    if (!args.length) return;
    const name0 = fieldText(args[0]);
    if (name0 === undefined) return;
    const name = basename(name0);
    const rest = args.slice(1);
    // pip writes its packages elsewhere; in the working directory only a local project's build/ and *.egg-info (see packages.ts)
    // (and `python -m venv DIR` writes DIR only, see packages.ts)
    const pip = /^pip[0-9.]*$/.test(name) || (/^python[0-9.]*$/.test(name) && fieldText(rest[0]) === '-m' && /^(pip|venv$|virtualenv$)/.test(fieldText(rest[1]) ?? ''));
    // a build writes its outputs into its tree (./builds.ts), not just anything anywhere in it
    const built = (BUILD_NAMES.has(name) || /^python[0-9.]*$/.test(name)) && !this.funcs.has(name) && buildStep(this, name, rest);
    if (!HARMLESS.has(name) && !IN_PLACE.has(name) && !this.funcs.has(name) && !pip && !built && !cacheMaintenance(name, rest) && !installsElsewhere(name, rest)) this.timeline.touch(this.cwd, this.inst);
    const builtin = BUILTINS.get(name);
    if (builtin) return builtin(this, name, rest, env, stdout);
    if (cacheSetting(this, name, rest)) return;
    const handler = COMMANDS.get(name) ?? (SHELLS.has(name) ? SHELL : undefined) ?? packageCommandFor(name, rest);
    if (handler && handler(this, name, rest, env, stdout) !== false) return;
    const fn = this.funcs.get(name);
    if (fn && this.depth < MAX_DEPTH) {
      // the call's words are the function's $1..$9 (`prune() { cd "$1" && rm -rf docs; }; prune /opt/tool`);
      // an unknown word leaves its parameter unknown; the caller's are back after the call
      const saved = POSITIONAL.map((k) => this.vars.get(k));
      POSITIONAL.forEach((k, i) => { const t = fieldText(rest[i]); if (t === undefined) this.vars.delete(k); else this.vars.set(k, t); });
      this.depth++;
      try { this.stmt(fn); } finally {
        this.depth--;
        POSITIONAL.forEach((k, i) => { const v = saved[i]; if (v === undefined) this.vars.delete(k); else this.vars.set(k, v); });
      }
      return;
    }
    if (stdout) this.created(stdout, 'redirect', false);
  }

  // ---- nested scripts

  /** `sh -c SCRIPT`, `bash <<EOF`: the script is interpreted in place. */
  shell(name: string, rest: Arg[]): void {
    let i = name === 'busybox' ? 1 : 0;
    for (; i < rest.length; i++) {
      const t = fieldText(rest[i]);
      if (t === undefined) return;
      if (t === '-o' || t === '+o' || t === '-O' || t === '+O') { i++; continue; }
      if (/^[-+][a-zA-Z]+$/.test(t)) {
        if (t.startsWith('-') && t.includes('c')) {
          if (rest[i + 1]) this.nestedArg(rest[i + 1]);
          return;
        }
        continue;
      }
      return; // `sh script.sh`: a file we cannot see
    }
    // `sh <<EOF ... EOF`: the script comes on stdin
    const doc = this.stdin;
    if (doc) {
      const outer = this.map;
      const start = doc.start;
      this.nested(doc.body, outer && start !== undefined ? (o) => outer(start + o) : undefined);
    }
  }

  /** Runs a word as a script (`sh -c WORD`); fixes map into it only when it is one single-quoted string. */
  nestedArg(a: Arg): void {
    if (!a.f.known) return;
    let map: ((o: number) => number | undefined) | undefined;
    const outer = this.map;
    const only = a.w?.parts.length === 1 ? a.w.parts[0] : undefined;
    if (outer && only && only.type === 'SglQuoted' && !only.dollar) {
      const base = only.start + 1;
      map = (o) => outer(base + o);
    }
    this.nested(a.f.text, map);
  }

  nested(script: string, map: ((o: number) => number | undefined) | undefined): void {
    if (this.depth >= MAX_DEPTH) return;
    let stmts: Stmt[];
    try {
      stmts = parseShell(script).stmts;
    } catch {
      return;
    }
    const save = this.map;
    this.map = map;
    this.depth++;
    try { this.run(stmts); } finally { this.depth--; this.map = save; }
  }

  /** Document position of the end of a word, for inserting a flag after it. */
  after(w: Word | undefined): Position | undefined {
    if (!w || !this.map) return undefined;
    const o = this.map(w.end);
    return o === undefined ? undefined : this.input.position(o);
  }

  // ---- paths

  match(a: Arg): PathMatch | undefined {
    if (this.timeline.exhausted(this.inst)) return undefined; // nothing more would be recorded
    if (!a.f.known || !a.f.text || (!a.f.text.startsWith('/') && this.cwd.includes('\0'))) return undefined;
    const text = resolvePath(this.cwd, a.f.text.replace(/\/+$/, '') || '/') + (a.f.text.endsWith('/') && a.f.glob ? '/' : '');
    return pathMatch(text.replace(/\/$/, '') || '/', a.f.glob);
  }

  inMount(p: string): boolean {
    return this.input.mounts.some((m) => p === m || isUnder(p, m));
  }

  created(path: string, source: string, tree: boolean | undefined, archive = false, extra: Partial<Item> = {}): Item | undefined {
    if (path.includes('\0') || this.inMount(path) || /^\/(dev|proc|sys)(\/|$)/.test(path)) return undefined;
    this.timeline.touch(path, this.inst);
    return this.timeline.add({ kind: 'path', inst: this.inst, path, tree, source, archive: archive || undefined, alive: true, ...extra });
  }

  isDir(p: string): boolean {
    return this.timeline.at(p).some((i) => i.tree === true);
  }
}

/** `yes`, `yes y`, `echo y`, `printf 'y\\ny\\n'` on the left of a pipe: the right side's questions are answered yes. */
function answersYes(s: Stmt): boolean {
  const c = s.cmd;
  if (!c || c.type !== 'CallExpr' || !c.args.length) return false;
  const words = c.args.map((w) => literalValue(w));
  const name = basename(words[0] ?? '');
  const first = words.slice(1).find((w) => w === undefined || !/^-[neE]+$/.test(w));
  if (name === 'yes') return first === undefined ? words.length === 1 : /^(y|yes)$/i.test(first);
  if (name === 'echo' || name === 'printf') return first !== undefined && /^y(es)?(\\n|\n|$)/i.test(first);
  return false;
}

type Builtin = (r: Runner, name: string, rest: Arg[], env: Map<string, string | null>, stdout: string | undefined) => void;
const wrapper = (valued: string): Builtin => (r, _n, rest, env, stdout) => r.command(skipLeading(rest, set(valued)), env, stdout);
const assignAll: Builtin = (r, _n, rest) => {
  for (const a of rest) {
    const t = fieldText(a);
    if (t === undefined) {
      // `export X="$(mktemp -d)"`: X is now something this analysis cannot know
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(literalEnds(a.w).head);
      if (m) r.assign(m[1], undefined);
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t);
    if (m) r.assign(m[1], m[2]);
  }
};
const cd: Builtin = (r, name, rest) => {
  const target = rest.find((a) => !(fieldText(a) ?? '').startsWith('-'));
  const t = target ? fieldText(target) : r.home;
  if (name === 'pushd') r.dirs.push(r.cwd);
  // an unknown directory poisons relative paths until the next absolute `cd`
  r.cwd = t === undefined ? '/\0unknown' : resolvePath(r.cwd, t);
};

/** Wrappers that run another command (sudo, env, timeout ...), and the builtins that change the script's state. */
const BUILTINS = new Map<string, Builtin>([
  ['sudo', wrapper('u g p C h r t U D R T')],
  ['nice', wrapper('n adjustment')],
  ...['nohup', 'exec', 'builtin', 'stdbuf', 'ionice', 'setsid', 'chronic', 'time'].map((n): [string, Builtin] => [n, wrapper('o e i c n a')]),
  ['command', (r, _n, rest, env, stdout) => {
    const t = fieldText(rest[0]);
    if (t === '-v' || t === '-V') return;
    r.command(skipLeading(rest, new Set()), env, stdout);
  }],
  ['timeout', (r, _n, rest, env, stdout) => r.command(skipLeading(rest, set('s k signal kill-after')).slice(1), env, stdout)],
  ...['gosu', 'su-exec', 'chpst'].map((n): [string, Builtin] => [n, (r, _x, rest, env, stdout) => r.command(rest.slice(1), env, stdout)]),
  ['runuser', (r, _n, rest, env, stdout) => { const i = rest.findIndex((a) => fieldText(a) === '--'); if (i >= 0) r.command(rest.slice(i + 1), env, stdout); }],
  ['env', (r, _n, rest, env, stdout) => {
    let i = 0;
    // `env -C DIR cmd` / `env --chdir=DIR cmd` (coreutils 8.28+): the command runs in DIR
    let chdir: string | undefined;
    for (; i < rest.length; i++) {
      const t = fieldText(rest[i]);
      if (t === undefined) return;
      if (t === '-C' || t === '--chdir') { chdir = fieldText(rest[++i]) ?? '\0'; continue; }
      if (t.startsWith('--chdir=')) { chdir = t.slice(8); continue; }
      if (t === '-u' || t === '--unset') { i++; continue; }
      if (t.startsWith('-')) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t);
      if (!m) break;
      env.set(m[1], m[2]);
    }
    const save = r.vars;
    const cwd = r.cwd;
    r.vars = new Map([...save, ...env]);
    if (chdir !== undefined) r.cwd = chdir.includes('\0') ? '/\0unknown' : resolvePath(cwd, chdir);
    try { r.command(rest.slice(i), new Map(), stdout); } finally { r.vars = save; r.cwd = cwd; }
  }],
  ['eval', (r, _n, rest) => {
    const parts = rest.map(fieldText);
    if (parts.some((p) => p === undefined)) return;
    r.nested(parts.join(' '), undefined);
  }],
  ['su', (r, _n, rest) => {
    const i = rest.findIndex((a) => fieldText(a) === '-c' || fieldText(a) === '--command');
    if (i >= 0 && rest[i + 1]) r.nestedArg(rest[i + 1]);
  }],
  ['cd', cd],
  ['pushd', cd],
  ['popd', (r) => { r.cwd = r.dirs.pop() ?? r.cwd; }],
  ...['export', 'declare', 'typeset', 'local', 'readonly'].map((n): [string, Builtin] => [n, assignAll]),
  ['unset', (r, _n, rest) => { for (const a of rest) { const t = fieldText(a); if (t && !t.startsWith('-')) r.vars.set(t, null); } }],
]);

/** `sh -c`, `bash <<EOF`, `busybox sh -c`. */
const SHELL: Handler = (r, name, rest) => (r as Runner).shell(name, rest);

/** Commands `command()` interprets (wrappers, builtins, every family's handlers); anything else only marks its directory. */
const INTERPRETED = new Set([...BUILTINS.keys(), ...COMMANDS.keys()]);
