// Interprets a RUN script's syntax tree (shell.ts) for the layer-hygiene rules: follows `cd`,
// assignments and `export`, loops over known word lists, nested `sh -c '...'`/`eval` scripts and
// shell functions, and turns each command into what it does to the image's files — downloads,
// clones, extractions, copies and moves, removals (`rm`, `find -delete`, `mv`), in-place rewrites
// (`chmod`, `chown`, `touch`, `sed -i` ...), package-manager caches, packages installed and removed.
import type { Instruction, Position } from '../parser';
import { CacheInfo, Engine, isSystemDir, Item, MAX_EVENTS } from './hygieneModel';
import { parseShell, Stmt, Word } from './shell';
import { basename, expandWord, Field, globToRegExpSource, isUnder, resolvePath, VarLookup, wordString } from './shellExpand';

export const ARCHIVE = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tlz|tzst|zip|tar\.(gz|bz2|xz|zst|lz|lzma|lz4|Z))$/i;
const TAR_ARCHIVE = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tlz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|lz4|Z))$/i;
export const isArchive = (p: string) => ARCHIVE.test(p);
export const isTarArchive = (p: string) => TAR_ARCHIVE.test(p);

export interface RunInput {
  inst: Instruction;
  engine: Engine;
  cwd: string;
  user: string;
  home: string | undefined;
  /** ARG/ENV in scope: a string when set, null when declared without a value. */
  vars: Map<string, string | null>;
  /** Mount targets (cache, tmpfs, bind, secret): nothing written there ends up in the layer. */
  mounts: string[];
  /** Script offset → document position, for fixes (undefined where the mapping is not exact). */
  position: (offset: number) => Position | undefined;
  /** The whole RUN is one simple command (a fix may replace the RUN). */
  single?: boolean;
}

/** A word after expansion, with the word it came from. */
interface Arg { f: Field; w?: Word }

interface PathMatch { text: string; re: RegExp; glob: boolean; contentsOf?: RegExp }

/** Commands that neither write into the directory they run in nor anywhere a tree item could be. */
const HARMLESS = new Set(['rm', 'rmdir', 'cd', 'pushd', 'popd', 'ls', 'echo', 'printf', 'true', 'false', 'test', '[', 'set', 'export', 'unset', 'mkdir', 'chmod', 'chown', 'chgrp', 'find', 'ln', 'cat', 'pwd',
  'command', 'which', 'type', 'hash', ':', 'exit', 'return', 'id', 'whoami', 'stat', 'du', 'df', 'sleep', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'wc', 'sort', 'uniq', 'tr', 'cut', 'dirname', 'basename',
  'readlink', 'realpath', 'date', 'uname', 'nproc', 'getconf', 'dpkg-architecture', 'useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf',
  'zypper', 'apt-mark', 'dpkg', 'gpg', 'gpgconf', 'sha256sum', 'sha512sum', 'sha1sum', 'md5sum', 'curl', 'wget', 'tar', 'unzip', 'git', 'ldconfig', 'update-ca-certificates', 'locale-gen', 'ln',
  'touch', 'install', 'cp', 'mv', 'tee', 'xargs', 'eval', 'sh', 'bash', 'dash', 'ash', 'local', 'declare', 'typeset', 'readonly', 'source', '.', 'wait', 'trap', 'shift', 'read', 'getent', 'awk', 'sed',
  'savedAptMark', 'ldd', 'file', 'scanelf', 'runDeps', 'gosu', 'su-exec', 'sudo', 'env', 'nice', 'nohup', 'exec', 'timeout', 'update-alternatives', 'rc-update', 'systemctl', 'fc-cache', 'tini']);

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** Commands `command()` interprets (wrappers included); anything else only marks its directory. */
const INTERPRETED = new Set(['sudo', 'nice', 'nohup', 'exec', 'builtin', 'stdbuf', 'ionice', 'setsid', 'chronic', 'time', 'command', 'timeout', 'gosu', 'su-exec', 'chpst', 'runuser', 'env', 'eval', 'su',
  'cd', 'pushd', 'popd', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'rm', 'mv', 'cp', 'install', 'find', 'xargs', 'chmod', 'chown', 'chgrp', 'touch', 'sed', 'perl', 'strip', 'upx',
  'dos2unix', 'setfacl', 'patchelf', 'truncate', 'curl', 'wget', 'git', 'tar', 'bsdtar', 'gtar', 'unzip', '7z', '7za', '7zr', 'gunzip', 'bunzip2', 'unxz', 'unzstd', 'uncompress', 'unlzma', 'gzip', 'xz',
  'bzip2', 'zstd', 'lzma', 'apt-get', 'apt', 'aptitude', 'apk', 'npm', 'yarn', 'yum', 'dnf', 'microdnf', 'tdnf', 'dnf5', 'zypper', 'composer', 'composer.phar', 'php']);
const MAX_DEPTH = 12;
const MAX_LOOP = 16;

function fieldText(a: Arg | undefined): string | undefined {
  return a && a.f.known ? a.f.text : undefined;
}

/** GNU-style option parsing: options anywhere until `--`; `valued` lists options that take a value. */
function options(args: Arg[], valued: Set<string>): { opts: Map<string, string[]>; operands: Arg[] } {
  const opts = new Map<string, string[]>();
  const operands: Arg[] = [];
  const put = (k: string, v = '') => { const l = opts.get(k) ?? []; l.push(v); opts.set(k, l); };
  for (let i = 0; i < args.length; i++) {
    const t = fieldText(args[i]);
    if (t === undefined) { operands.push(args[i]); continue; }
    if (t === '--') { operands.push(...args.slice(i + 1)); break; }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      if (eq > 0) put(t.slice(2, eq), t.slice(eq + 1));
      else if (valued.has(t.slice(2))) put(t.slice(2), fieldText(args[++i]) ?? '');
      else put(t.slice(2));
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      for (let j = 1; j < t.length; j++) {
        const c = t[j];
        if (valued.has(c)) {
          const rest = t.slice(j + 1);
          put(c, rest || (fieldText(args[++i]) ?? ''));
          break;
        }
        put(c);
      }
      continue;
    }
    operands.push(args[i]);
  }
  return { opts, operands };
}

const has = (o: Map<string, string[]>, ...names: string[]) => names.some((n) => o.has(n));
const val = (o: Map<string, string[]>, ...names: string[]) => { for (const n of names) { const v = o.get(n); if (v?.length) return v[v.length - 1]; } return undefined; };
const set = (s: string) => new Set(s.split(' '));

const CURL_VALUED = set('o H d u X A e w x m C r T F b c K E Q t y Y z U P output header data data-raw data-binary data-urlencode data-ascii user request user-agent referer write-out proxy max-time continue-at range upload-file form form-string cookie cookie-jar config cert key cacert capath connect-timeout retry retry-delay retry-max-time output-dir limit-rate resolve proto proto-redir proto-default ciphers interface max-redirs netrc-file pinnedpubkey unix-socket create-file-mode dns-servers oauth2-bearer aws-sigv4 url-query json variable expand-url url');
const WGET_VALUED = set('O P o a e t T U i B w Q output-document directory-prefix output-file append-output execute tries timeout user-agent input-file base wait quota header user password post-data post-file body-data method ca-certificate certificate private-key restrict-file-names progress dns-timeout connect-timeout read-timeout limit-rate level accept reject domains');
const TAR_VALUED = set('f C T X b K N g V H I file directory files-from exclude-from exclude transform owner group mode use-compress-program to-command newer after-date label volno-file checkpoint-action format blocking-factor record-size strip-components index-file xform occurrence');
const APT_VALUED = set('o c t option config-file target-release default-release');
const APK_VALUED = set('X p t repository root keys-dir arch cache-dir virtual repositories-file');
const PIP_VALUED = set('r c e i f t requirement constraint editable index-url extra-index-url find-links target prefix root cache-dir src trusted-host python-version platform implementation abi progress-bar upgrade-strategy global-option config-settings C log proxy retries timeout exists-action only-binary no-binary report python');
const NPM_VALUED = set('prefix cache registry w workspace omit include loglevel userconfig tag location before install-strategy');
const RPM_VALUED = set('c x config installroot releasever enablerepo disablerepo exclude repo repofrom setopt downloaddir destdir');
const ZYPPER_VALUED = set('root R D C cache-dir reposd-path config c');
const GIT_CLONE_VALUED = set('b branch depth o origin c config reference reference-if-able separate-git-dir j jobs filter u upload-pack template shallow-since shallow-exclude bundle-uri server-option');

/** How one RUN's script is interpreted. */
export class Runner {
  cwd: string;
  vars: Map<string, string | null>;
  private dirs: string[] = [];
  private funcs = new Map<string, Stmt>();
  private depth = 0;
  /** Offset mapping of the script being interpreted to the top-level script (undefined: not exact). */
  private map: ((o: number) => number | undefined) | undefined = (o) => o;
  private pipeFrom: { root: string; names: RegExp[]; globs: string[] } | undefined;
  /** The here-document on the current command's stdin (`bash <<EOF`). */
  private stdin: { body: string; start: number | undefined } | undefined;

  constructor(readonly input: RunInput) {
    this.cwd = input.cwd;
    this.vars = new Map(input.vars);
  }

  get inst(): Instruction { return this.input.inst; }
  get engine(): Engine { return this.input.engine; }

  private lookup(overlay?: Map<string, string | null>): VarLookup {
    return { get: (n) => (overlay?.has(n) ? overlay.get(n) : this.vars.get(n)) };
  }

  private get home(): string | undefined {
    const h = this.vars.get('HOME');
    return typeof h === 'string' && h ? h : this.input.home;
  }

  run(stmts: Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  private stmt(s: Stmt): void {
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
          this.stmt(c.y);
          this.pipeFrom = before;
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
          const fs = c.items.flatMap((w) => expandWord(w, this.lookup(), this.home));
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
    if (appendTo) this.engine.rewrite(exact(appendTo), false, 'append (>>)', this.inst);
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
      this.engine.touch(this.cwd, this.inst);
      if (stdout) this.created(stdout, 'redirect', false);
      return;
    }
    const overlay = new Map<string, string | null>();
    for (const a of assigns) {
      const v = a.array ? undefined : wordString(a.value, vars, this.home);
      if (v !== undefined) overlay.set(a.name, v);
      else overlay.delete(a.name);
    }
    const lookup = this.lookup(overlay);
    const first = expandWord(words[0], lookup, this.home);
    const name = first[0]?.known ? basename(first[0].text) : undefined;
    if (name !== undefined && first.length === 1 && !INTERPRETED.has(name) && !SHELLS.has(name) && !/^(pip|python)[0-9.]*$/.test(name) && !this.funcs.has(name)) {
      // a command this analysis has nothing to say about: no need to expand its arguments
      if (!HARMLESS.has(name)) this.engine.touch(this.cwd, this.inst);
      if (stdout) this.created(stdout, 'redirect', false);
      return;
    }
    const args: Arg[] = first.map((f) => ({ f, w: words[0] }));
    for (const w of words.slice(1)) for (const f of expandWord(w, lookup, this.home)) args.push({ f, w });
    this.command(args, overlay, stdout);
  }

  private assign(name: string, value: string | undefined): void {
    if (value === undefined) this.vars.delete(name);
    else this.vars.set(name, value);
  }

  private command(args: Arg[], env: Map<string, string | null>, stdout: string | undefined): void {
    if (!args.length) return;
    const name0 = fieldText(args[0]);
    if (name0 === undefined) return;
    const name = basename(name0);
    const rest = args.slice(1);
    if (!HARMLESS.has(name) && !this.funcs.has(name)) this.engine.touch(this.cwd, this.inst);
    switch (name) {
      case 'sudo': return this.command(skipLeading(rest, set('u g p C h r t U D R T')), env, stdout);
      case 'nice': return this.command(skipLeading(rest, set('n adjustment')), env, stdout);
      case 'nohup': case 'exec': case 'builtin': case 'stdbuf': case 'ionice': case 'setsid': case 'chronic': case 'time':
        return this.command(skipLeading(rest, set('o e i c n a')), env, stdout);
      case 'command': {
        const t = fieldText(rest[0]);
        if (t === '-v' || t === '-V') return;
        return this.command(skipLeading(rest, new Set()), env, stdout);
      }
      case 'timeout': { const r = skipLeading(rest, set('s k signal kill-after')); return this.command(r.slice(1), env, stdout); }
      case 'gosu': case 'su-exec': case 'chpst': return this.command(rest.slice(1), env, stdout);
      case 'runuser': { const i = rest.findIndex((a) => fieldText(a) === '--'); return i >= 0 ? this.command(rest.slice(i + 1), env, stdout) : undefined; }
      case 'env': {
        let i = 0;
        for (; i < rest.length; i++) {
          const t = fieldText(rest[i]);
          if (t === undefined) return;
          if (t === '-u' || t === '--unset' || t === '-C' || t === '--chdir') { i++; continue; }
          if (t.startsWith('-')) continue;
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t);
          if (!m) break;
          env.set(m[1], m[2]);
        }
        const save = this.vars;
        this.vars = new Map([...save, ...env]);
        try { this.command(rest.slice(i), new Map(), stdout); } finally { this.vars = save; }
        return;
      }
      case 'eval': {
        const parts = rest.map(fieldText);
        if (parts.some((p) => p === undefined)) return;
        return this.nested(parts.join(' '), undefined);
      }
      case 'su': {
        const i = rest.findIndex((a) => fieldText(a) === '-c' || fieldText(a) === '--command');
        if (i >= 0 && rest[i + 1]) return this.nestedArg(rest[i + 1]);
        return;
      }
      case 'cd': case 'pushd': {
        const target = rest.find((a) => !(fieldText(a) ?? '').startsWith('-'));
        const t = target ? fieldText(target) : this.home;
        if (name === 'pushd') this.dirs.push(this.cwd);
        // an unknown directory poisons relative paths until the next absolute `cd`
        this.cwd = t === undefined ? '/\0unknown' : resolvePath(this.cwd, t);
        return;
      }
      case 'popd': this.cwd = this.dirs.pop() ?? this.cwd; return;
      case 'export': case 'declare': case 'typeset': case 'local': case 'readonly':
        for (const a of rest) {
          const t = fieldText(a);
          if (t === undefined) continue;
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t);
          if (m) this.assign(m[1], m[2]);
        }
        return;
      case 'unset': for (const a of rest) { const t = fieldText(a); if (t && !t.startsWith('-')) this.vars.set(t, null); } return;
      case 'rm': return this.rm(rest);
      case 'mv': return this.mvcp(rest, true);
      case 'cp': return this.mvcp(rest, false);
      case 'install': return this.install(rest);
      case 'find': return this.find(rest);
      case 'xargs': return this.xargs(rest);
      case 'chmod': case 'chown': case 'chgrp': return this.meta(name, rest);
      case 'touch': return this.touchFiles(rest);
      case 'sed': return this.sed(rest);
      case 'perl': return this.perl(rest);
      case 'strip': case 'upx': case 'dos2unix': case 'setfacl': case 'patchelf': case 'truncate': return this.inPlace(name, rest);
      case 'curl': return this.curl(rest, stdout);
      case 'wget': return this.wget(rest, stdout);
      case 'git': return this.git(rest);
      case 'tar': case 'bsdtar': case 'gtar': return this.tar(rest);
      case 'unzip': return this.unzip(rest);
      case '7z': case '7za': case '7zr': return this.sevenZip(rest);
      case 'gunzip': case 'bunzip2': case 'unxz': case 'unzstd': case 'uncompress': case 'unlzma': return this.decompress(name, rest, true);
      case 'gzip': case 'xz': case 'bzip2': case 'zstd': case 'lzma': return this.decompress(name, rest, false);
      case 'apt-get': case 'apt': case 'aptitude': return this.apt(name, rest);
      case 'apk': return this.apk(rest);
      case 'npm': return this.npm(rest, env);
      case 'yarn': return this.yarn(rest, env);
      case 'yum': case 'dnf': case 'microdnf': case 'tdnf': case 'dnf5': return this.rpm(name, rest);
      case 'zypper': return this.zypper(rest);
      case 'composer': case 'composer.phar': return this.composer(rest, env);
      case 'php': { const t = fieldText(rest[0]); if (t && /^composer(\.phar)?$/.test(basename(t))) return this.composer(rest.slice(1), env); break; }
      default: break;
    }
    if (SHELLS.has(name)) return this.shell(name, rest);
    if (/^pip[0-9.]*$/.test(name)) return this.pip(name, rest, env);
    if (/^python[0-9.]*$/.test(name) && fieldText(rest[0]) === '-m' && /^pip[0-9.]*$/.test(fieldText(rest[1]) ?? '')) return this.pip(`${name} -m pip`, rest.slice(2), env);
    const fn = this.funcs.get(name);
    if (fn && this.depth < MAX_DEPTH) {
      this.depth++;
      try { this.stmt(fn); } finally { this.depth--; }
      return;
    }
    if (stdout) this.created(stdout, 'redirect', false);
  }

  // ---- nested scripts

  private shell(name: string, rest: Arg[]): void {
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
  private nestedArg(a: Arg): void {
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

  private nested(script: string, map: ((o: number) => number | undefined) | undefined): void {
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
  private after(w: Word | undefined): Position | undefined {
    if (!w || !this.map) return undefined;
    const o = this.map(w.end);
    return o === undefined ? undefined : this.input.position(o);
  }

  // ---- paths

  private match(a: Arg): PathMatch | undefined {
    if (this.engine.exhausted(this.inst)) return undefined; // nothing more would be recorded
    if (!a.f.known || !a.f.text || (!a.f.text.startsWith('/') && this.cwd.includes('\0'))) return undefined;
    const text = resolvePath(this.cwd, a.f.text.replace(/\/+$/, '') || '/') + (a.f.text.endsWith('/') && a.f.glob ? '/' : '');
    return pathMatch(text.replace(/\/$/, '') || '/', a.f.glob);
  }

  private inMount(p: string): boolean {
    return this.input.mounts.some((m) => p === m || isUnder(p, m));
  }

  private created(path: string, source: string, tree: boolean | undefined, archive = false, extra: Partial<Item> = {}): Item | undefined {
    if (path.includes('\0') || this.inMount(path) || /^\/(dev|proc|sys)(\/|$)/.test(path)) return undefined;
    this.engine.touch(path, this.inst);
    return this.engine.add({ kind: 'path', inst: this.inst, path, tree, source, archive: archive || undefined, alive: true, ...extra });
  }

  // ---- files

  private rm(rest: Arg[]): void {
    const { opts, operands } = options(rest, new Set());
    const recursive = has(opts, 'r', 'R', 'recursive');
    for (const a of operands) {
      const m = this.match(a);
      if (m) this.engine.remove({ ...m, recursive, verb: 'rm' }, this.inst);
    }
  }

  private mvcp(rest: Arg[], move: boolean): void {
    const { opts, operands } = options(rest, set('t S target-directory suffix backup'));
    const targetDir = val(opts, 't', 'target-directory');
    const recursive = move || has(opts, 'r', 'R', 'a', 'recursive', 'archive');
    let srcs = operands;
    let dest: string | undefined;
    if (targetDir !== undefined) dest = targetDir;
    else { srcs = operands.slice(0, -1); dest = fieldText(operands[operands.length - 1]); }
    if (dest === undefined || !srcs.length) return;
    const destPath = resolvePath(this.cwd, dest);
    const intoDir = targetDir !== undefined || srcs.length > 1 || dest.endsWith('/') || isSystemDir(destPath) || this.isDir(destPath);
    for (const s of srcs) {
      const m = this.match(s);
      if (!m) continue;
      const before = this.engine.live('path').filter((i) => m.re.test(i.path));
      if (move) this.engine.remove({ ...m, recursive: true, verb: 'mv' }, this.inst);
      if (m.glob) continue;
      const target = intoDir ? resolvePath(destPath, basename(m.text)) : destPath;
      const tree = before.some((i) => i.tree) ? true : recursive ? undefined : false;
      this.created(target, move ? 'mv' : 'cp', tree, before.some((i) => i.archive) || isArchive(target));
    }
  }

  private isDir(p: string): boolean {
    return this.engine.at(p).some((i) => i.tree === true);
  }

  private install(rest: Arg[]): void {
    const { opts, operands } = options(rest, set('m o g t S mode owner group target-directory suffix'));
    if (has(opts, 'd', 'directory') || operands.length < 2) return;
    const dest = fieldText(operands[operands.length - 1]);
    if (dest === undefined) return;
    const destPath = resolvePath(this.cwd, dest);
    const srcs = operands.slice(0, -1);
    const intoDir = srcs.length > 1 || dest.endsWith('/') || isSystemDir(destPath);
    for (const s of srcs) {
      const t = fieldText(s);
      if (t !== undefined) this.created(intoDir ? resolvePath(destPath, basename(t)) : destPath, 'install', false);
    }
  }

  private find(rest: Arg[]): void {
    const spec = findSpec(rest, this);
    if (!spec) return;
    if (spec.action === 'delete') this.engine.remove({ ...pathMatch(spec.root, false), recursive: true, findNames: spec.names, verb: 'find -delete', label: findLabel(spec.root, spec.globs) }, this.inst);
    else if (spec.action) this.rewriteUnder(spec.root, spec.names, spec.globs, spec.action, spec.actionArgs ?? []);
  }

  private rewriteUnder(root: string, names: RegExp[], globs: string[], verb: string, args: string[]): void {
    const mode = verb === 'chmod' ? args.find((x) => !x.startsWith('-') || /^-[rwxXst]+$/.test(x)) : undefined;
    const owner = verb === 'chown' ? args.find((x) => !x.startsWith('-')) : undefined;
    if (!names.length) {
      this.engine.rewrite(pathMatch(root, false), true, `find -exec ${verb}`, this.inst, { mode, owner });
      return;
    }
    names.forEach((n, i) => {
      const re = new RegExp(`^${escapeRe(root === '/' ? '' : root)}(/.*)?/${n.source.replace(/^\^/, '').replace(/\$$/, '')}$`, n.flags);
      this.engine.rewrite({ text: `${root === '/' ? '' : root}/**/${globs[i]}`, re, glob: true }, false, `find -exec ${verb}`, this.inst, { mode, owner });
    });
  }

  private xargs(rest: Arg[]): void {
    const from = this.pipeFrom;
    if (!from) return;
    const r = skipLeading(rest, set('I L n P s d E a i l max-args max-procs delimiter replace arg-file'));
    const cmd = fieldText(r[0]);
    if (!cmd) return;
    const n = basename(cmd);
    if (n === 'rm') this.engine.remove({ ...pathMatch(from.root, false), recursive: true, findNames: from.names, verb: 'find | xargs rm', label: findLabel(from.root, from.globs) }, this.inst);
    else if (n === 'chmod' || n === 'chown' || n === 'chgrp' || n === 'strip') this.rewriteUnder(from.root, from.names, from.globs, n, r.slice(1).map((a) => fieldText(a) ?? ''));
  }

  private meta(name: string, rest: Arg[]): void {
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
    const simple = !!this.input.single && this.depth === 0 && files.length === 1;
    for (const f of files) {
      const m = this.match(f);
      if (m) this.engine.rewrite(m, recursive, verb, this.inst, { mode: name === 'chmod' ? spec : undefined, owner: name !== 'chmod' ? spec : undefined, simple });
    }
  }

  private touchFiles(rest: Arg[]): void {
    const { operands } = options(rest, set('d t r date reference'));
    for (const f of operands) {
      const m = this.match(f);
      if (m) this.engine.rewrite(m, false, 'touch', this.inst);
    }
  }

  private sed(rest: Arg[]): void {
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
      const m = this.match(f);
      if (m) this.engine.rewrite(m, false, 'sed -i', this.inst);
    }
  }

  private perl(rest: Arg[]): void {
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
      const m = this.match(f);
      if (m) this.engine.rewrite(m, false, 'perl -i', this.inst);
    }
  }

  private inPlace(name: string, rest: Arg[]): void {
    const { operands } = options(rest, set('o m s size R K F'));
    const files = name === 'setfacl' ? operands.slice(1) : operands;
    for (const f of files) {
      const m = this.match(f);
      if (m) this.engine.rewrite(m, false, name, this.inst);
    }
  }

  // ---- downloads and archives

  private curl(rest: Arg[], stdout: string | undefined): void {
    const { opts, operands } = options(rest, CURL_VALUED);
    const urls = operands.map(fieldText).filter((t): t is string => t !== undefined && /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+\.[a-z]{2,}\//i.test(t));
    const outDir = val(opts, 'output-dir');
    const base = outDir ? resolvePath(this.cwd, outDir) : this.cwd;
    const outs = [...(opts.get('o') ?? []), ...(opts.get('output') ?? [])];
    const remote = has(opts, 'O', 'remote-name', 'remote-name-all');
    const urlArchive = urls.some((u) => isArchive(urlBasename(u)));
    if (outs.length) {
      for (const o of outs) if (o && o !== '-' && o !== '/dev/null') this.downloaded(resolvePath(base, o), 'curl', urlArchive);
    } else if (remote) {
      for (const u of urls) { const b = urlBasename(u); if (b) this.downloaded(resolvePath(base, b), 'curl', urlArchive); }
    } else if (stdout) {
      this.downloaded(stdout, 'curl', urlArchive);
    }
  }

  private wget(rest: Arg[], stdout: string | undefined): void {
    const { opts, operands } = options(rest, WGET_VALUED);
    const urls = operands.map(fieldText).filter((t): t is string => t !== undefined && !t.startsWith('-'));
    const out = val(opts, 'O', 'output-document');
    const urlArchive = urls.some((u) => isArchive(urlBasename(u)));
    if (out !== undefined) {
      if (out === '-') { if (stdout) this.downloaded(stdout, 'wget', urlArchive); return; }
      this.downloaded(resolvePath(this.cwd, out), 'wget', urlArchive);
      return;
    }
    const dir = val(opts, 'P', 'directory-prefix');
    const base = dir ? resolvePath(this.cwd, dir) : this.cwd;
    for (const u of urls) { const b = urlBasename(u); if (b) this.downloaded(resolvePath(base, b), 'wget', urlArchive); }
  }

  private downloaded(path: string, source: string, urlArchive: boolean): void {
    if (path.includes('\0')) return;
    this.created(path, source, false, isArchive(path) || urlArchive);
  }

  private git(rest: Arg[]): void {
    let i = 0;
    for (; i < rest.length; i++) {
      const t = fieldText(rest[i]);
      if (t === '-C' || t === '-c' || t === '--git-dir' || t === '--work-tree') { i++; continue; }
      if (t?.startsWith('-')) continue;
      break;
    }
    if (fieldText(rest[i]) !== 'clone') return;
    const { operands } = options(rest.slice(i + 1), GIT_CLONE_VALUED);
    const url = fieldText(operands[0]);
    if (url === undefined) return;
    const dirArg = operands[1] ? fieldText(operands[1]) : basename(url.replace(/\/+$/, '')).replace(/\.git$/, '');
    if (!dirArg) return;
    const dir = resolvePath(this.cwd, dirArg);
    if (!isSystemDir(dir)) this.created(dir, 'git clone', true);
  }

  private tar(rest: Arg[]): void {
    const args = [...rest];
    const first = fieldText(args[0]);
    if (first && /^[a-zA-Z]+$/.test(first) && /[xctru]/.test(first)) args[0] = { f: { ...args[0].f, text: `-${first}` }, w: args[0].w };
    const { opts } = options(args, TAR_VALUED);
    const extract = has(opts, 'x', 'extract', 'get');
    const create = has(opts, 'c', 'create');
    const file = val(opts, 'f', 'file');
    const dir = val(opts, 'C', 'directory');
    if (extract) {
      if (file && file !== '-') {
        const p = resolvePath(this.cwd, file);
        this.engine.extract(p, pathMatch(p, /[*?[]/.test(p)).re, this.inst);
      }
      const target = dir ? resolvePath(this.cwd, dir) : this.cwd;
      if (!isSystemDir(target) && !target.includes('\0')) this.created(target, 'tar', true);
      else this.engine.touch(target, this.inst);
    } else if (create && file && file !== '-') {
      this.created(resolvePath(this.cwd, file), 'tar', false, true);
    }
  }

  private unzip(rest: Arg[]): void {
    const cut = rest.findIndex((a) => fieldText(a) === '-x');
    const { opts, operands } = options(cut >= 0 ? rest.slice(0, cut) : rest, set('d P'));
    const file = fieldText(operands[0]);
    if (!file) return;
    const p = resolvePath(this.cwd, /\.zip$/i.test(file) || file.includes('.') ? file : `${file}.zip`);
    this.engine.extract(p, pathMatch(p, false).re, this.inst);
    const d = val(opts, 'd');
    const target = d ? resolvePath(this.cwd, d) : this.cwd;
    if (!isSystemDir(target)) this.created(target, 'unzip', true);
  }

  private sevenZip(rest: Arg[]): void {
    if (fieldText(rest[0]) !== 'x' && fieldText(rest[0]) !== 'e') return;
    const file = rest.slice(1).map(fieldText).find((t) => t && !t.startsWith('-'));
    if (!file) return;
    const p = resolvePath(this.cwd, file);
    this.engine.extract(p, pathMatch(p, false).re, this.inst);
  }

  private decompress(name: string, rest: Arg[], always: boolean): void {
    const { opts, operands } = options(rest, set('S suffix'));
    if (!always && !has(opts, 'd', 'decompress', 'uncompress')) return;
    const keep = has(opts, 'k', 'keep', 'c', 'stdout') || ((name === 'zstd' || name === 'unzstd') && !has(opts, 'rm'));
    for (const a of operands) {
      const m = this.match(a);
      if (!m || m.glob) continue;
      this.engine.extract(m.text, m.re, this.inst);
      if (!keep) {
        this.engine.remove({ ...m, recursive: false, verb: name }, this.inst);
        const out = m.text.replace(/\.(gz|bz2|xz|zst|lzma|Z|tgz|tbz2?|txz)$/i, (x) => (/^\.t/i.test(x) ? '.tar' : ''));
        if (out !== m.text) this.created(out, name, false, isArchive(out));
      }
    }
  }

  // ---- package managers

  private cache(path: string, info: CacheInfo, alts: string[] = []): void {
    const all = [path, ...alts];
    if (all.some((p) => this.inMount(p) || p.includes('\0') || p === '/dev/null')) return;
    // one cache item per location and RUN
    if (this.engine.live('cache').some((i) => i.inst === this.inst && i.path === path)) return;
    this.engine.add({ kind: 'cache', inst: this.inst, path, alts: alts.length ? alts : undefined, tree: true, source: info.command, alive: true, cache: info, manager: info.command.split(' ')[0] });
  }

  private packages(manager: string, names: string[], extra: Partial<Item> = {}): void {
    for (const n of names) this.engine.add({ kind: 'package', inst: this.inst, path: '', pkg: n.toLowerCase(), manager, source: manager, alive: true, ...extra });
  }

  private removeCache(path: string, verb: string): void {
    this.engine.remove({ ...pathMatch(path, false), recursive: true, verb }, this.inst);
  }

  private apt(name: string, rest: Arg[]): void {
    const { operands } = options(rest, APT_VALUED);
    const sub = fieldText(operands[0]);
    const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !t.includes('/') && !t.endsWith('.deb'))
      .map((t) => t.replace(/[=:].*$/, '').replace(/[+-]$/, ''));
    switch (sub) {
      case 'update':
        this.cache('/var/lib/apt/lists', { command: `${name} update`, what: "apt's package lists", cleanup: 'rm -rf /var/lib/apt/lists/*', mount: '/var/lib/apt/lists' });
        break;
      case 'install': case 'reinstall': case 'build-dep':
        this.packages('apt', names);
        break;
      case 'purge': case 'remove': case 'autoremove': case 'autopurge':
        if (names.length) this.engine.removePackages('apt', names, `${name} ${sub}`, this.inst);
        break;
      case 'clean': case 'autoclean':
        this.removeCache('/var/cache/apt/archives', `${name} ${sub}`);
        break;
      case 'dist-clean': case 'distclean':
        this.removeCache('/var/lib/apt/lists', `${name} ${sub}`);
        break;
      default: break;
    }
  }

  private apk(rest: Arg[]): void {
    const { opts, operands } = options(rest, APK_VALUED);
    const sub = fieldText(operands[0]);
    const subArg = operands[0];
    const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-')).map((t) => t.replace(/[=<>~].*$/, ''));
    const noCache = has(opts, 'no-cache', 'no-network');
    const cacheDir = val(opts, 'cache-dir');
    const where = cacheDir ? resolvePath(this.cwd, cacheDir) : '/var/cache/apk';
    const alts = cacheDir ? [] : ['/etc/apk/cache'];
    switch (sub) {
      case 'add': {
        if (!noCache) this.cache(where, { command: 'apk add', what: "apk's package index cache", cleanup: `rm -rf ${where}/*`, flag: '--no-cache', mount: where }, alts);
        this.fixFlag(where, subArg);
        const virtual = val(opts, 't', 'virtual');
        if (virtual) this.packages('apk', [virtual], { members: names.map((n) => n.toLowerCase()) });
        this.packages('apk', names);
        break;
      }
      case 'update': case 'upgrade': case 'fix':
        if (!noCache) this.cache(where, { command: `apk ${sub}`, what: "apk's package index cache", cleanup: `rm -rf ${where}/*`, mount: where }, alts);
        break;
      case 'del': case 'delete':
        if (names.length) this.engine.removePackages('apk', names, 'apk del', this.inst);
        break;
      case 'cache':
        if (['clean', 'purge', 'sync'].includes(fieldText(operands[1]) ?? '')) this.removeCache(where, `apk cache ${fieldText(operands[1])}`);
        break;
      default: break;
    }
  }

  /** Records where a "no cache" flag can be inserted for the cache item this command just added. */
  private fixFlag(path: string, subArg: Arg | undefined): void {
    const it = this.engine.live('cache').find((i) => i.inst === this.inst && i.path === path);
    if (!it?.cache?.flag || it.cache.flagAt) return;
    it.cache.flagAt = this.after(subArg?.w);
  }

  private pip(command: string, rest: Arg[], env: Map<string, string | null>): void {
    const { opts, operands } = options(rest, PIP_VALUED);
    const sub = fieldText(operands[0]);
    const get = (n: string) => (env.has(n) ? env.get(n) : this.vars.get(n));
    if (sub === 'install' || sub === 'download' || sub === 'wheel') {
      const disabled = has(opts, 'no-cache-dir') || !!get('PIP_NO_CACHE_DIR');
      const dir = val(opts, 'cache-dir') ?? get('PIP_CACHE_DIR') ?? (get('XDG_CACHE_HOME') ? `${get('XDG_CACHE_HOME')}/pip` : this.home !== undefined ? `${this.home}/.cache/pip` : undefined);
      if (!disabled && dir) {
        const where = resolvePath(this.cwd, dir);
        this.cache(where, { command: `${basename(command.split(' ')[0])} ${sub}`, what: "pip's download and wheel cache", cleanup: `rm -rf ${where}`, flag: '--no-cache-dir', mount: where });
        this.fixFlag(where, operands[0]);
      }
      if (sub === 'install') {
        const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !/[/\\]|^\.|\.(whl|tar\.gz|zip)$/.test(t))
          .map((t) => t.replace(/[[<>=!~;@ ].*$/, '').replace(/_/g, '-'));
        if (!has(opts, 'r', 'requirement', 'e', 'editable', 't', 'target', 'user', 'prefix', 'root')) this.packages('pip', names);
      }
    } else if (sub === 'uninstall') {
      const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-')).map((t) => t.replace(/_/g, '-'));
      if (names.length) this.engine.removePackages('pip', names, `${basename(command.split(' ')[0])} uninstall`, this.inst);
    } else if (sub === 'cache' && ['purge', 'remove'].includes(fieldText(operands[1]) ?? '')) {
      const dir = get('PIP_CACHE_DIR') ?? (this.home !== undefined ? `${this.home}/.cache/pip` : undefined);
      if (dir) this.removeCache(dir, 'pip cache purge');
    }
  }

  private npm(rest: Arg[], env: Map<string, string | null>): void {
    const { opts, operands } = options(rest, NPM_VALUED);
    const sub = fieldText(operands[0]);
    const get = (n: string) => (env.has(n) ? env.get(n) : this.vars.get(n) ?? this.vars.get(n.toUpperCase()));
    const cacheDir = val(opts, 'cache') ?? get('npm_config_cache') ?? (this.home !== undefined ? `${this.home}/.npm` : undefined);
    const global = has(opts, 'g', 'global') || val(opts, 'location') === 'global';
    if (sub && /^(install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add|ci|clean-install|ic|install-clean|isntall-clean|install-ci-test|cit|install-test|it|update|up|upgrade|udpate)$/.test(sub)) {
      if (cacheDir) {
        const where = resolvePath(this.cwd, cacheDir);
        this.cache(where, { command: `npm ${sub}`, what: "npm's package cache", cleanup: 'npm cache clean --force', mount: where });
      }
      const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-')).map((t) => t.replace(/(.)@.*$/, '$1'));
      if (global) this.packages('npm', names);
      else if (!this.cwd.includes('\0')) this.created(resolvePath(this.cwd, 'node_modules'), `npm ${sub}`, true);
    } else if (sub === 'cache' && ['clean', 'clear', 'rm'].includes(fieldText(operands[1]) ?? '')) {
      if (cacheDir) this.removeCache(resolvePath(this.cwd, cacheDir), 'npm cache clean');
    } else if (sub && /^(uninstall|unlink|remove|rm|r|un)$/.test(sub) && global) {
      const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-'));
      if (names.length) this.engine.removePackages('npm', names, `npm ${sub} -g`, this.inst);
    }
  }

  private yarn(rest: Arg[], env: Map<string, string | null>): void {
    const { opts, operands } = options(rest, set('cache-folder modules-folder cwd mutex network-timeout registry'));
    let sub = fieldText(operands[0]);
    if (operands.length && sub === undefined) return;
    if (!operands.length && has(opts, 'version', 'v', 'help', 'h')) return;
    if (sub === 'global') sub = `global ${fieldText(operands[1]) ?? ''}`.trim();
    const get = (n: string) => (env.has(n) ? env.get(n) : this.vars.get(n));
    const explicit = val(opts, 'cache-folder') ?? get('YARN_CACHE_FOLDER') ?? undefined;
    const home = this.home;
    const root = this.input.user === 'root';
    const paths = explicit ? [resolvePath(this.cwd, explicit)] : [root ? '/usr/local/share/.cache/yarn' : `${home}/.cache/yarn`, ...(home !== undefined ? [`${home}/.cache/yarn`, `${home}/.yarn/berry/cache`] : [])];
    const uniq = [...new Set(paths)].filter((p) => !p.startsWith('undefined'));
    if (!uniq.length) return;
    if (sub === undefined || /^(install|add|upgrade|up|global add|global upgrade)$/.test(sub)) {
      this.cache(uniq[0], { command: sub ? `yarn ${sub}` : 'yarn', what: "yarn's package cache", cleanup: 'yarn cache clean', mount: uniq[0] }, uniq.slice(1));
      if (!sub?.startsWith('global') && !this.cwd.includes('\0')) this.created(resolvePath(this.cwd, 'node_modules'), sub ? `yarn ${sub}` : 'yarn', true);
    } else if (sub === 'cache' && fieldText(operands[1]) === 'clean') {
      for (const p of uniq) this.removeCache(p, 'yarn cache clean');
    }
  }

  private rpm(name: string, rest: Arg[]): void {
    const { operands } = options(rest, RPM_VALUED);
    let sub = fieldText(operands[0]);
    let args = operands.slice(1);
    if ((sub === 'group' || sub === 'module') && fieldText(operands[1])) { sub = `${sub} ${fieldText(operands[1])}`; args = operands.slice(2); }
    const dir = name === 'tdnf' ? '/var/cache/tdnf' : name === 'dnf' || name === 'dnf5' ? '/var/cache/dnf' : '/var/cache/yum';
    const alts = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'].filter((d) => d !== dir);
    const names = args.map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !t.includes('/')).map((t) => t.replace(/-[0-9].*$/, ''));
    if (sub && /^(install|in|groupinstall|localinstall|reinstall|update|upgrade|distro-sync|makecache|group install|module install|builddep|swap|downgrade|up)$/.test(sub)) {
      this.cache(dir, { command: `${name} ${sub}`, what: `${name}'s metadata and package cache`, cleanup: `${name} clean all`, mount: dir }, alts);
      if (/install/.test(sub)) this.packages('rpm', names);
    } else if (sub && /^(remove|erase|autoremove|rm)$/.test(sub)) {
      if (names.length) this.engine.removePackages('rpm', names, `${name} ${sub}`, this.inst);
    } else if (sub === 'clean' && args.some((a) => fieldText(a) === 'all')) {
      for (const d of [dir, ...alts]) this.removeCache(d, `${name} clean all`);
    }
  }

  private zypper(rest: Arg[]): void {
    const { opts, operands } = options(rest, ZYPPER_VALUED);
    const sub = fieldText(operands[0]);
    const names = operands.slice(1).map(fieldText).filter((t): t is string => !!t && !t.startsWith('-') && !t.includes('/'));
    const dir = val(opts, 'C', 'cache-dir') ?? '/var/cache/zypp';
    if (sub && /^(install|in|update|up|dist-upgrade|dup|refresh|ref|patch|source-install|si)$/.test(sub)) {
      this.cache(dir, { command: `zypper ${sub}`, what: "zypper's metadata and package cache", cleanup: 'zypper clean --all', mount: dir });
      if (sub === 'install' || sub === 'in') this.packages('zypper', names);
    } else if (sub && /^(remove|rm)$/.test(sub)) {
      if (names.length) this.engine.removePackages('zypper', names, `zypper ${sub}`, this.inst);
    } else if (sub === 'clean' || sub === 'cc') {
      this.removeCache(dir, `zypper ${sub}`);
    }
  }

  private composer(rest: Arg[], env: Map<string, string | null>): void {
    const { opts, operands } = options(rest, set('d working-dir'));
    let subArg = operands[0];
    let sub = fieldText(subArg);
    if (sub === 'global') { subArg = operands[1]; sub = fieldText(subArg); }
    const get = (n: string) => (env.has(n) ? env.get(n) : this.vars.get(n));
    const explicit = get('COMPOSER_CACHE_DIR');
    const chome = get('COMPOSER_HOME');
    const home = this.home;
    const dir = explicit ?? (chome ? `${chome}/cache` : home !== undefined ? `${home}/.cache/composer` : undefined);
    if (!dir) return;
    const where = dir === '/dev/null' ? dir : resolvePath(this.cwd, dir);
    const alts = explicit || chome || home === undefined ? [] : [`${home}/.composer/cache`];
    if (sub && /^(install|i|require|r|req|update|u|upgrade|create-project|reinstall)$/.test(sub)) {
      if (!has(opts, 'no-cache') && !(get('COMPOSER_NO_CACHE'))) {
        this.cache(where, { command: `composer ${sub}`, what: "composer's package cache", cleanup: 'composer clear-cache', flag: '--no-cache', mount: where }, alts);
        this.fixFlag(where, subArg);
      }
    } else if (sub && /^(clear-cache|clearcache|cc)$/.test(sub)) {
      for (const p of [where, ...alts]) this.removeCache(p, `composer ${sub}`);
    }
  }
}

function exact(p: string): PathMatch {
  return pathMatch(p, false);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function pathMatch(text: string, glob: boolean): PathMatch {
  const re = glob ? safeRe(`^${globToRegExpSource(text)}$`, text) : new RegExp(`^${escapeRe(text)}$`);
  const m: PathMatch = { text, re, glob };
  if (text.endsWith('/*') && text.length > 2) {
    const parent = text.slice(0, -2);
    m.contentsOf = /[*?[]/.test(parent) ? safeRe(`^${globToRegExpSource(parent)}$`, parent) : new RegExp(`^${escapeRe(parent)}$`);
  }
  return m;
}

function safeRe(src: string, text: string): RegExp {
  try {
    return new RegExp(src);
  } catch {
    return new RegExp(`^${escapeRe(text)}$`);
  }
}

function skipLeading(args: Arg[], valued: Set<string>): Arg[] {
  let i = 0;
  for (; i < args.length; i++) {
    const t = fieldText(args[i]);
    if (t === undefined) return [];
    if (t === '--') return args.slice(i + 1);
    if (!t.startsWith('-')) break;
    const name = t.replace(/^-+/, '').replace(/=.*$/, '');
    if (!t.includes('=') && valued.has(name)) i++;
  }
  return args.slice(i);
}

function urlBasename(u: string): string {
  const noQuery = u.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const b = noQuery.slice(noQuery.lastIndexOf('/') + 1);
  return /:\/\/[^/]*$/.test(noQuery) ? '' : b;
}

interface FindSpec { root: string; names: RegExp[]; globs: string[]; action?: string; actionArgs?: string[] }

const findLabel = (root: string, globs: string[]) => (globs.length ? globs.map((g) => `${root === '/' ? '' : root}/**/${g}`).join(', ') : `${root}/**`);

/** `find ROOT... EXPR`: the roots, the -name patterns, and -delete / -exec CMD. Negations make it unknown. */
function findSpec(rest: Arg[], r: Runner): FindSpec | undefined {
  const texts = rest.map(fieldText);
  let i = 0;
  const roots: string[] = [];
  while (i < texts.length && texts[i] !== undefined && !/^[-(!)]/.test(texts[i]!)) roots.push(texts[i++]!);
  const names: RegExp[] = [];
  const globs: string[] = [];
  let action: string | undefined;
  let actionArgs: string[] | undefined;
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
      else if (['chmod', 'chown', 'chgrp', 'strip', 'sed', 'touch'].includes(cmd) && (cmd !== 'sed' || args.some((x) => /^-[a-zA-Z]*i/.test(x)))) { action = cmd; actionArgs = args; }
      i = end < 0 ? texts.length : i + 1 + end;
    } else if (/^-(maxdepth|mindepth|type|size|mtime|newer|user|group|perm|links|uid|gid|printf|fprint|inum|samefile|used|atime|ctime|amin|mmin|cmin|fstype|xtype)$/.test(t)) {
      i++;
    }
  }
  if (!roots.length) roots.push('.');
  if (roots.length !== 1) return undefined;
  return { root: resolvePath(r.cwd, roots[0]), names, globs, action, actionArgs };
}

/** A `find` on the left of a pipe (`find ... -print0 | xargs -0 rm -f`). */
function findOf(s: Stmt, r: Runner): { root: string; names: RegExp[]; globs: string[] } | undefined {
  const c = s.cmd;
  if (!c || c.type !== 'CallExpr' || !c.args.length) return undefined;
  const lookup: VarLookup = { get: (n) => r.vars.get(n) };
  const args: Arg[] = c.args.flatMap((w) => expandWord(w, lookup, undefined).map((f) => ({ f, w })));
  if (basename(fieldText(args[0]) ?? '') !== 'find') return undefined;
  const spec = findSpec(args.slice(1), r);
  return spec && !spec.action ? { root: spec.root, names: spec.names, globs: spec.globs } : undefined;
}

