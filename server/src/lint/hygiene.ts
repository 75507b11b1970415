// The layer-hygiene rule family: files that stay in the image because of how the layers were written.
//
//   layer-deleted-later  content one instruction adds is removed by a later RUN (reported on the adder)
//   layer-cache          a package manager leaves its cache/index in the RUN's layer
//   layer-archive        an archive stays in a layer after it is extracted
//   layer-secret         a secret-like file is COPY'd/ADD'd into a layer
//   layer-rewrite        a later RUN rewrites earlier files in place or only in metadata
//
// Each stage is walked in order (a stage built FROM an earlier one starts from that one's state);
// COPY/ADD are read here, RUN scripts are parsed by shell.ts (gated by sh-syntax, shellSyntax.ts)
// and interpreted by hygieneRun.ts; hygieneModel.ts's Engine keeps the timeline and words the
// findings. Results are cached per analysed document (and per measurement set).
import * as fs from 'fs';
import * as path from 'path';
import { humanSize } from '../../../client/src/engine/format';
import type { Analysis } from '../analysis';
import type { LayerMeasurement } from '../facts';
import { argsPosition, DockerIgnore, Heredoc as DockerHeredoc, Instruction, Lex, Position, Range, Stage } from '../parser';
import type { RuleFamily } from '.';
import { code, Engine, HygieneFinding, HygieneFix, isSystemDir, Item, listed } from './hygieneModel';
import { isArchive, isTarArchive, Runner } from './hygieneRun';
import { literalValue, parseShell, Stmt } from './shell';
import { basename, globToRegExpSource, resolvePath } from './shellExpand';
import { prepareShellSyntax, shParse, shValidateMany } from './shellSyntax';

export type { HygieneFinding, HygieneFix } from './hygieneModel';

export const HYGIENE_CODES = ['layer-deleted-later', 'layer-cache', 'layer-archive', 'layer-secret', 'layer-rewrite'] as const;

export interface HygieneOptions {
  /** Measured layers of this document (from the client), by instruction start line. */
  measurements?: LayerMeasurement[];
  /** The build context on disk, to see secret-like files that a directory COPY takes along. */
  context?: { dir: string; ignore?: DockerIgnore };
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);
const cache = new WeakMap<Analysis, { key: string; findings: HygieneFinding[] }>();

/** The family for lint(): `measurementsOf` gives the measured layers of the document being linted. */
export function hygieneFamily(
  measurementsOf: (a: Analysis) => LayerMeasurement[] | undefined = () => undefined,
  contextOf: (a: Analysis) => HygieneOptions['context'] = () => undefined,
): RuleFamily {
  void prepareShellSyntax();
  return (a) => hygieneFindings(a, { measurements: measurementsOf(a), context: contextOf(a) });
}

export function hygieneFindings(a: Analysis, opts: HygieneOptions = {}): HygieneFinding[] {
  const key = JSON.stringify([opts.measurements ?? [], opts.context?.dir ?? '', opts.context?.ignore?.patterns ?? []]);
  const hit = cache.get(a);
  if (hit && hit.key === key) return hit.findings;
  const findings = analyzeHygiene(a, opts);
  cache.set(a, { key, findings });
  return findings;
}

/**
 * The findings last computed for this analysis, whatever the options (quick fixes do not depend on
 * measurements or the build context); computed without options when there are none yet. Asking
 * hygieneFindings(a) with other options would recompute and replace the diagnostics' entry.
 */
export function latestHygieneFindings(a: Analysis): HygieneFinding[] {
  return cache.get(a)?.findings ?? hygieneFindings(a);
}

export function firstLine(inst: Instruction): Range {
  const end = inst.startLine === inst.endLine ? inst.range.end : { line: inst.startLine, character: Number.MAX_SAFE_INTEGER };
  return { start: inst.range.start, end };
}

interface StageState {
  engine: Engine;
  workdir: string;
  user: string;
  shellOk: boolean;
  /** Secrets copied by a single-source COPY: candidates for the "use a secret mount" fix. */
  secrets: Array<{ finding: HygieneFinding; item: Item; src: string }>;
  /** What the build context holds at a path, asked once per pass (see contextSecrets). */
  disk: Disk;
}

/** Context paths already looked at in this pass: 'file', 'dir', or null (missing or other). */
/** Folder listings of the build context read in one pass: name -> kind, null for a folder that is not there. */
type Disk = Map<string, Map<string, 'file' | 'dir' | 'link' | null> | null>;

function analyzeHygiene(a: Analysis, opts: HygieneOptions): HygieneFinding[] {
  const measured = (inst: Instruction): string => {
    const m = opts.measurements?.find((x) => x.startLine === inst.startLine && (x.endLine === undefined || x.endLine === inst.endLine));
    if (!m || typeof m.size !== 'number') return '';
    const wasted = typeof m.wasted === 'number' && m.wasted > 0 ? `, ${humanSize(m.wasted)} of it deleted or overwritten later` : '';
    return ` Measured: this layer is ${humanSize(m.size)}${wasted}.`;
  };
  // One sh-syntax call for every RUN script not validated yet (see shValidateMany).
  const scripts: string[] = [];
  for (const inst of a.df.instructions) {
    if (inst.keyword !== 'RUN' || inst.stage < 0) continue;
    const sc = runScript(inst, true);
    if (sc && sc.text.length <= MAX_GATED && parsed(sc.text)?.length) scripts.push(sc.text);
  }
  shValidateMany(scripts);
  const ends = new Map<Stage, StageState>();
  const disk: Disk = new Map();
  const out: HygieneFinding[] = [];
  const seen = new Set<string>();
  for (const stage of a.df.stages) {
    const parent = a.parentStage.get(stage);
    const base = parent ? ends.get(parent) : undefined;
    // Windows images run RUN with cmd.exe: not a POSIX shell script
    const windows = /(^|[/:])(windows|nanoserver|servercore|windowsservercore)([/:-]|$)|windows\/|servercore|nanoserver/i.test(stage.baseImage);
    const st: StageState = { engine: new Engine(), workdir: base?.workdir ?? '/', user: base?.user ?? 'root', shellOk: base ? base.shellOk : !windows, secrets: [], disk };
    if (base) st.engine.adopt(base.engine.live());
    for (const inst of stage.instructions) {
      if (inst === stage.from) continue;
      try {
        step(a, st, inst, measured, opts);
      } catch {
        // one instruction the model cannot follow must not hide the others' findings
      }
    }
    st.engine.flush(firstLine, measured, (adder, deleter) => mergeable(stage, adder, deleter));
    for (const sec of st.secrets) sec.finding.fixes = secretMountFix(stage, sec.finding.inst, sec.item, sec.src);
    st.engine.archives(firstLine, measured);
    ends.set(stage, st);
    for (const f of st.engine.findings) {
      const k = `${f.code}|${f.range.start.line}|${f.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
  }
  return out.sort((x, y) => x.range.start.line - y.range.start.line || x.code.localeCompare(y.code));
}

/** Values of ARG/ENV in scope at an instruction (null: declared without a value). */
function varsAt(a: Analysis, inst: Instruction): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const [k, d] of a.scopes.get(inst) ?? []) {
    if (d.value !== undefined) m.set(k, d.value);
    else if (d.kind === 'ARG') m.set(k, null);
  }
  return m;
}

/** BuildKit's expansion of an instruction's words (built on first use: most instructions need none). */
function expander(a: Analysis, inst: Instruction): (s: string) => string | undefined {
  let env: Map<string, string> | undefined;
  let lex: Lex | undefined;
  return (s) => {
    if (!/[$'"\\`]/.test(s)) return s;
    if (!env || !lex) {
      env = new Map();
      for (const [k, v] of varsAt(a, inst)) if (v !== null) env.set(k, v);
      lex = new Lex(a.df.escape);
    }
    try {
      return lex.processWord(s, env);
    } catch {
      return undefined;
    }
  };
}

const homeOf = (user: string) => (user === 'root' || user === '0' ? '/root' : /^\d+$/.test(user) ? undefined : `/home/${user}`);

function step(a: Analysis, st: StageState, inst: Instruction, measured: (i: Instruction) => string, opts: HygieneOptions): void {
  const expand = expander(a, inst);
  switch (inst.keyword) {
    case 'WORKDIR': {
      const v = inst.args[0] ? expand(inst.args[0].value) : undefined;
      if (v) st.workdir = resolvePath(st.workdir, v);
      break;
    }
    case 'USER': {
      const v = inst.args[0] ? expand(inst.args[0].value) : undefined;
      if (v) st.user = v.split(':')[0] || 'root';
      break;
    }
    case 'SHELL':
      st.shellOk = inst.json && inst.args.length > 0 && SHELLS.has(basename(inst.args[0].value));
      break;
    case 'COPY': case 'ADD':
      copy(st, inst, expand, measured, opts.context);
      break;
    case 'RUN':
      run(a, st, inst, measured);
      break;
    default:
      break;
  }
}

// ---- COPY / ADD

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
/**
 * Sources of one COPY/ADD followed one by one (an item each, context look-ups); the rest are
 * summarised, so no instruction can make a diagnostics pass slow (see also MAX_EVENTS).
 */
export const MAX_SOURCES = 256;
const GIT_RE = /^(git@|git:\/\/)|\.git(#.*)?$|^https?:\/\/[^/]*(github|gitlab|bitbucket)\.[a-z]+\/[^/]+\/[^/]+(#.*)?$/i;

function copy(st: StageState, inst: Instruction, expand: (s: string) => string | undefined, measured: (i: Instruction) => string, context: HygieneOptions['context']): void {
  const words = inst.args.map((w) => w.value);
  if (words.length < 2) return;
  const destRaw = expand(words[words.length - 1]);
  if (destRaw === undefined || !destRaw) return;
  const srcs = words.slice(0, -1).map((w) => (/^<<-?/.test(w) ? w : expand(w)));
  const dest = resolvePath(st.workdir, destRaw);
  const hasGlob = srcs.some((s) => s !== undefined && /[*?[]/.test(s));
  const destIsDir = destRaw.endsWith('/') || destRaw === '.' || srcs.length > 1 || hasGlob;
  const from = inst.flags.find((f) => f.name === 'from')?.value;
  const kw = inst.keyword;
  const engine = st.engine;
  // Sources beyond MAX_SOURCES are summarised: one tree item for the destination directory, and one
  // finding for the secret-like names among them (no context look-ups).
  const extra: Array<{ src: string; kind: string }> = [];
  for (let k = 0; k < srcs.length; k++) {
    const src = srcs[k];
    if (src === undefined || src === '') continue;
    if (k >= MAX_SOURCES) {
      // only the cheap name check: secretKind's first test is one regular expression
      const kind = /^<<-?/.test(src) ? undefined : secretKind(src);
      if (kind) extra.push({ src, kind });
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
    } else {
      const dirSrc = src === '.' || src === '..' || src.endsWith('/') || src.endsWith('/.');
      if (dirSrc) {
        if (!isSystemDir(dest)) item = { kind: 'path', inst, path: dest, tree: true, source: kw, alive: true };
      } else {
        const name = basename(src);
        const path = destIsDir ? resolvePath(dest, name) : dest;
        const glob = /[*?[]/.test(name);
        const tree = /\.[A-Za-z0-9]{1,8}$/.test(name) ? false : undefined;
        if (!(tree === undefined && isSystemDir(path))) {
          item = { kind: 'path', inst, path, tree, source: kw, archive: isArchive(name) || undefined, alive: true };
          if (glob) item.re = new RegExp(`^${globToRegExpSource(path)}$`);
        }
      }
    }
    if (item) {
      engine.touch(item.path, inst);
      engine.add(item);
    }
    const kind = secretKind(src) ?? (item ? secretKind(item.path) : undefined);
    if (kind) {
      const ssh = /SSH/.test(kind);
      const at = item && item.path !== src ? ` as ${code(item.path)}` : '';
      const message = `This ${kw} puts ${code(src)} (${kind}) into the image${at}: anyone who can pull the image can read it from this layer, even if a later instruction deletes it. `
        + `Give it only to the RUN that needs it with RUN --mount=type=secret,id=...${ssh ? ' (or --mount=type=ssh for SSH keys)' : ''} instead.${measured(inst)}`;
      const finding: HygieneFinding = { code: 'layer-secret', message, range: firstLine(inst), inst };
      engine.report(finding);
      if (item && !item.re && srcs.length === 1 && from === undefined && !heredoc && !URL_RE.test(src)) st.secrets.push({ finding, item, src });
    } else if (context && from === undefined && !heredoc && !URL_RE.test(src)) {
      const found = contextSecrets(context, src, st.disk);
      if (found.length) {
        const under = item?.path ?? dest;
        const message = `This ${kw} takes ${listed(found.map((f) => f.rel))} from the build context along with ${code(src)} (${found[0].kind}${found.length > 1 ? ' and more' : ''}) into the image under ${code(under)}: anyone who can pull the image can read it from this layer, even if a later instruction deletes it. `
          + `Add it to .dockerignore, and give it only to the RUN that needs it with RUN --mount=type=secret,id=... instead.${measured(inst)}`;
        engine.report({ code: 'layer-secret', message, range: firstLine(inst), inst });
      }
    }
  }
  if (srcs.length > MAX_SOURCES && destIsDir && !isSystemDir(dest)) {
    engine.touch(dest, inst);
    engine.add({ kind: 'path', inst, path: dest, tree: true, source: kw, alive: true, summary: true });
  }
  if (extra.length) {
    const message = `This ${kw} also puts ${listed(extra.map((e) => e.src))} (${extra[0].kind}${extra.length > 1 ? ' and more' : ''}) into the image under ${code(dest)}: anyone who can pull the image can read it from this layer, even if a later instruction deletes it. `
      + `Give it only to the RUN that needs it with RUN --mount=type=secret,id=... instead.${measured(inst)}`;
    engine.report({ code: 'layer-secret', message, range: firstLine(inst), inst });
  }
}

/**
 * `COPY .npmrc /root/.npmrc` then RUNs: drop the COPY and mount the file as a build secret at the same
 * path on each later RUN of the stage (only when nothing removes it later: a mounted file cannot be).
 */
function secretMountFix(stage: Stage, copy: Instruction, item: Item, src: string): HygieneFix[] | undefined {
  if (!item.alive) return undefined;
  const after = stage.instructions.slice(stage.instructions.indexOf(copy) + 1);
  const runs = after.filter((i) => i.keyword === 'RUN');
  if (!runs.length) return undefined;
  const id = basename(src).replace(/^\.+/, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'secret';
  const flag = `--mount=type=secret,id=${id},target=${item.path}`;
  const edits: Array<{ range: Range; newText: string }> = [
    { range: { start: { line: copy.startLine, character: 0 }, end: { line: copy.endLine + 1, character: 0 } }, newText: '' },
  ];
  for (const r of runs) {
    const at = r.flags[0]?.range.start ?? r.argsRange?.start;
    if (!at) return undefined;
    edits.push({ range: { start: at, end: at }, newText: `${flag} ` });
  }
  return [{ kind: 'edits', title: `Mount ${src} as a build secret on the later RUNs instead of copying it (build with --secret id=${id},src=${src})`, edits }];
}

/** Secret-like files a context directory (or glob) source brings along, unless .dockerignore excludes them. */
const CONTEXT_SECRETS = ['.env', '.env.local', '.env.production', '.npmrc', '.pypirc', '.netrc', '.git-credentials', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'credentials.json', '.aws/credentials', '.docker/config.json', '.ssh/id_rsa', '.ssh/id_ed25519'];

function contextSecrets(context: NonNullable<HygieneOptions['context']>, src: string, disk: Disk): Array<{ rel: string; kind: string }> {
  const clean = src.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const glob = /[*?[]/.test(clean);
  const dirSrc = !glob && (clean === '' || clean === '.' || src.endsWith('/') || onDisk(disk, context.dir, clean) === 'dir');
  if (!glob && !dirSrc) return [];
  const out: Array<{ rel: string; kind: string }> = [];
  const base = dirSrc && clean !== '.' ? clean : '';
  const re = glob ? new RegExp(`^${globToRegExpSource(clean)}$`) : undefined;
  for (const name of CONTEXT_SECRETS) {
    const rel = base ? `${base}/${name}` : name;
    if (re && !re.test(rel)) continue;
    if (context.ignore?.ignores(rel)) continue;
    if (onDisk(disk, context.dir, rel) !== 'file') continue;
    out.push({ rel, kind: secretKind(rel) ?? 'a secret-like file' });
  }
  return out;
}

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

/** What a secret-like path is, or undefined. */
const SECRET_HINT = /id_|\.ssh|rc$|\.env|credential|secret|service|\.aws|\.docker|\.kube|pgpass|vault|gnupg|\.(p12|pfx|jks|keystore|ppk|key|pem)$/i;

export function secretKind(p: string): string | undefined {
  if (!SECRET_HINT.test(p)) return undefined;
  const path = p.replace(/\/+$/, '');
  const name = basename(path).toLowerCase();
  if (!name || /\.pub$/.test(name) || /^(known_hosts|authorized_keys)/.test(name)) return undefined;
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(name)) return 'an SSH private key';
  if (/(^|\/)\.ssh$/.test(path)) return 'an SSH directory with its private keys';
  if (/(^|\/)\.ssh\/[^/]+$/.test(path) && !/^(config|environment)$/.test(name)) return 'a file from an SSH directory';
  if (name === '.npmrc') return 'an npm config, which holds registry tokens';
  if (name === '.pypirc') return 'a PyPI config, which holds upload credentials';
  if (name === '.netrc' || name === '_netrc') return 'a .netrc, which holds login credentials';
  if (name === '.env' || (/^\.env\.[a-z0-9_.-]+$/.test(name) && !/\.(example|sample|template|dist|defaults?|tmpl|schema)$/.test(name))) return 'an environment file, usually secrets';
  if (name === 'credentials.json' || /^client_secrets?([_-][\w.-]+)?\.json$/.test(name) || /^service[-_]?account[\w.-]*\.json$/.test(name)) return 'a credentials file';
  if (/(^|\/)\.aws\/credentials$/.test(path) || /(^|\/)\.aws$/.test(path)) return 'AWS credentials';
  if (/(^|\/)\.docker\/config\.json$/.test(path) || name === '.dockercfg') return 'Docker registry credentials';
  if (/(^|\/)\.kube\/config$/.test(path)) return 'a kubeconfig with cluster credentials';
  if (name === '.git-credentials') return 'git credentials';
  if (name === '.pgpass') return 'a PostgreSQL password file';
  if (name === '.vault-token') return 'a Vault token';
  if (/(^|\/)\.gnupg(\/|$)/.test(path)) return 'a GnuPG home with private keys';
  if (/\.(p12|pfx|jks|keystore|ppk)$/.test(name)) return 'a key store';
  if (/\.key$/.test(name) && !/(pub|gpg|sign|release|archive|keyring|repo|apt)/.test(name)) return 'a private key';
  if (/\.pem$/.test(name) && !/(cert|crt|chain|^ca[-_.]|[-_.]ca[-_.]|bundle|root|pub|trust)/.test(name) && !/\/(ca-certificates|certs)\//.test(path)) return 'a PEM file, typically a private key';
  if (/^(secrets?|credentials?)\.(json|ya?ml|env|txt|ini|toml)$/.test(name)) return 'a secrets file';
  return undefined;
}

// ---- RUN

interface Script { text: string; position: (offset: number) => Position | undefined }

function bodyPosition(h: DockerHeredoc, offset: number): Position | undefined {
  if (offset > h.content.length) return undefined;
  const before = h.content.slice(0, offset).split('\n');
  const line = h.contentRange.start.line + before.length - 1;
  const character = (before.length === 1 ? h.contentRange.start.character : 0) + before[before.length - 1].length;
  return { line, character };
}

const shQuote = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The script a RUN hands to the shell, with a map from script offsets to document positions. */
function runScript(inst: Instruction, shellOk: boolean): Script | undefined {
  const none = () => undefined;
  if (inst.json) {
    const vals = inst.args.map((w) => w.value);
    if (!vals.length) return undefined;
    if (SHELLS.has(basename(vals[0]))) {
      const i = vals.findIndex((v, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(v));
      if (i > 0 && vals[i + 1] !== undefined) return { text: vals[i + 1], position: none };
    }
    return { text: vals.map(shQuote).join(' '), position: none };
  }
  if (!shellOk) return undefined;
  const text = inst.argsText;
  if (!inst.heredocs.length) return { text, position: (o) => argsPosition(inst, o) };
  if (inst.heredocs.length === 1 && /^\s*<<-?\s*["']?[^\s"']+["']?\s*$/.test(text)) {
    const h = inst.heredocs[0];
    const content = h.chomp ? h.content.replace(/^\t+/gm, '') : h.content;
    const first = content.split('\n')[0];
    if (/^#!/.test(first) && !/^#!\s*\S*\b(sh|bash|dash|ash)\b/.test(first)) return undefined;
    return { text: content, position: h.chomp ? none : (o) => bodyPosition(h, o) };
  }
  let script = `${text}\n`;
  const bodies: Array<{ start: number; h: DockerHeredoc }> = [];
  for (const h of inst.heredocs) {
    bodies.push({ start: script.length, h });
    script += `${h.content}${h.name}\n`;
  }
  return {
    text: script,
    position: (o) => {
      if (o <= text.length) return argsPosition(inst, o);
      const b = [...bodies].reverse().find((x) => x.start <= o);
      return b && !b.h.chomp ? bodyPosition(b.h, o - b.start) : undefined;
    },
  };
}

/** Targets of RUN --mount (cache, tmpfs, bind, secret, ssh): nothing under them is written to the layer. */
function mountTargets(inst: Instruction, workdir: string, expand: (s: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const f of inst.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const kv = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const i = part.indexOf('=');
      kv.set((i < 0 ? part : part.slice(0, i)).trim().toLowerCase(), i < 0 ? '' : part.slice(i + 1).trim());
    }
    const type = kv.get('type') ?? 'bind';
    let target = kv.get('target') ?? kv.get('dst') ?? kv.get('destination');
    if (!target && type === 'secret') target = `/run/secrets/${kv.get('id') ?? ''}`;
    if (!target) continue;
    const t = expand(target);
    if (t) out.push(resolvePath(workdir, t));
  }
  return out;
}

const CLEANUP = /^(rm|set|true|:|apt-get (purge|remove|autoremove|clean|autoclean)|apt (purge|remove|autoremove|clean)|apk (del|cache)|(yum|dnf|microdnf|tdnf) (clean|remove|erase|autoremove)|zypper (clean|cc|rm|remove)|npm cache|yarn cache|pip[0-9.]* (uninstall|cache)|composer (clear-cache|clearcache))\b/;

/** A single-line shell-form RUN whose every command removes something (see Engine.mergeFix). */
function isCleanupOnly(inst: Instruction, stmts: Stmt[]): boolean {
  if (inst.json || inst.heredocs.length || inst.flags.length || inst.startLine !== inst.endLine) return false;
  const calls: string[] = [];
  const walk = (s: Stmt): boolean => {
    const c = s.cmd;
    if (!c || s.redirs.length || s.background || s.negated) return false;
    if (c.type === 'BinaryCmd') return (c.op === '&&' || c.op === '||') && calls.length < 200 && walk(c.x) && walk(c.y);
    if (c.type !== 'CallExpr' || c.assigns.length) return false;
    calls.push(c.args.map((w) => literalValue(w)).join(' '));
    return true;
  };
  // appended to the earlier RUN, relative paths would resolve against wherever that RUN cd'd to
  const absolute = (t: string) => !t.startsWith('rm ') || t.split(/\s+/).slice(1).every((w) => w.startsWith('-') || w.startsWith('/'));
  return stmts.every(walk) && calls.length > 0 && calls.every((t) => CLEANUP.test(t) && !/[\0$`]/.test(t) && absolute(t));
}

/** Nothing between the two changes files, the working directory or the user: the cleanup can run earlier. */
function mergeable(stage: Stage, adder: Instruction, deleter: Instruction): boolean {
  const i = stage.instructions.indexOf(adder);
  const j = stage.instructions.indexOf(deleter);
  if (i < 0 || j <= i) return false;
  return stage.instructions.slice(i + 1, j).every((x) => !['RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'SHELL', 'ONBUILD', 'FROM'].includes(x.keyword));
}

/** Longest script validated with sh-syntax before it is analysed (see run()). */
const MAX_GATED = 64 * 1024;

/** Parsed scripts by text (trees are never modified), so an edit re-parses only the RUNs it changed. */
const parses = new Map<string, Stmt[] | null>();
function parsed(text: string): Stmt[] | undefined {
  let hit = parses.get(text);
  if (hit !== undefined) {
    // least recently used first: a long editing session must not evict the document's other RUNs
    parses.delete(text);
    parses.set(text, hit);
  } else {
    try {
      hit = parseShell(text).stmts;
    } catch {
      hit = null;
    }
    parses.set(text, hit);
    if (parses.size > 4000) parses.delete(parses.keys().next().value as string);
  }
  return hit ?? undefined;
}

function run(a: Analysis, st: StageState, inst: Instruction, measured: (i: Instruction) => string): void {
  const script = runScript(inst, st.shellOk);
  if (!script || !script.text.trim()) return;
  // The gate: mvdan/sh must accept the script (when the WASM module is available, and for scripts up
  // to MAX_GATED: it takes about a millisecond per KB, and a larger script is not hand-written).
  const gate = script.text.length <= MAX_GATED ? shParse(script.text) : undefined;
  if (gate?.error) return;
  const stmts = parsed(script.text);
  if (!stmts) return;
  if (!stmts.length) return;
  const expand = expander(a, inst);
  const runner = new Runner({
    inst,
    engine: st.engine,
    cwd: st.workdir,
    user: st.user === '0' ? 'root' : st.user,
    home: homeOf(st.user),
    vars: varsAt(a, inst),
    mounts: mountTargets(inst, st.workdir, expand),
    position: script.position,
    single: stmts.length === 1 && stmts[0].cmd?.type === 'CallExpr' && !inst.heredocs.length,
  });
  runner.run(stmts);
  const last = stmts[stmts.length - 1];
  const appendAt = script.position(last.end);
  if (appendAt) st.engine.appendAt.set(inst, appendAt);
  if (isCleanupOnly(inst, stmts)) st.engine.cleanupOnly.add(inst);
  for (const it of st.engine.live('cache')) {
    if (it.inst !== inst || !it.cache) continue;
    const c = it.cache;
    const fixes: HygieneFix[] = [];
    if (c.flag && c.flagAt) fixes.push({ kind: 'insert', title: `Add ${c.flag} to ${c.command}`, at: c.flagAt, text: ` ${c.flag}` });
    if (appendAt) fixes.push({ kind: 'insert', title: `Append \`&& ${c.cleanup}\` to this RUN`, at: appendAt, text: ` && ${c.cleanup}` });
    const env = c.flag === '--no-cache-dir' ? ' (or set ENV PIP_NO_CACHE_DIR=1)' : '';
    const remedy = c.flag
      ? `Use \`${c.command} ${c.flag}\`${env}, or add \`&& ${c.cleanup}\` at the end of this RUN`
      : `Add \`&& ${c.cleanup}\` at the end of this RUN`;
    const message = `\`${c.command}\` leaves ${c.what} (${it.path}) in this RUN's layer: nothing later in the same RUN removes it and no cache mount covers it. ${remedy}, or use RUN --mount=type=cache,target=${c.mount}.${measured(inst)}`;
    st.engine.report({ code: 'layer-cache', message, range: firstLine(inst), inst, fixes });
  }
}
