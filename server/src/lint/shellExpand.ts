// Static word expansion for shell.ts's trees: what a word becomes when the RUN runs, as far as the
// Dockerfile tells (ARG/ENV values, assignments earlier in the script), with glob characters kept as
// patterns. An expansion that depends on something unknown (a command's output, a variable the
// Dockerfile never sets) makes the field unknown rather than guessed.
import type { Stmt, Word, WordPart } from './shell';

/** Variable values: a string when set, null when known to be unset, undefined when unknown. */
export interface VarLookup {
  get(name: string): string | null | undefined;
  /**
   * Whether a variable the lookup does not know (undefined) stands for itself: one the Dockerfile never
   * sets, such as a base image's ENV (`$NB_USER`, `$CONDA_DIR`). In a path (a word with a `/` of its own)
   * it is then kept as its text, `${NB_USER}`, so the same unresolved path on both sides is the same path
   * (`ADD x.zip /home/${NB_USER}/work/`, then `cd /home/${NB_USER}/work && unzip -q x.zip`); anywhere else
   * it stays unknown.
   */
  symbolic?(name: string): boolean;
}

/** A variable's name as symbolic text (see VarLookup.symbolic). */
export const symbolicText = (name: string) => `\${${name}}`;

/** The shell's own variables (`$PWD`, `$RANDOM` ...): never symbolic. */
const SHELL_VARS = new Set(['PWD', 'OLDPWD', 'RANDOM', 'SECONDS', 'LINENO', 'PPID', 'UID', 'EUID', 'GID', 'HOSTNAME', 'HOME', 'USER', 'IFS', 'OPTARG', 'OPTIND', 'REPLY', 'BASHPID', 'SHLVL', 'TMPDIR']);
/**
 * A name that may stand for itself in a path (VarLookup.symbolic) when nothing sets it: upper case (an
 * image's ENV by convention) and not one of the shell's own. The RUN interpreter (run/runner.ts) and the
 * COPY/ADD/WORKDIR paths (hygiene/index.ts) read the same names.
 */
export const symbolicName = (name: string) => /^[A-Z][A-Z0-9_]*$/.test(name) && !SHELL_VARS.has(name);

/** One piece of a field: quoted text is literal, unquoted text may hold glob characters. */
export interface Seg { text: string; quoted: boolean }

export interface Field {
  /** The field's text (glob characters as written); meaningful only when `known`. */
  text: string;
  known: boolean;
  /** Holds unquoted `*`, `?` or `[`. */
  glob: boolean;
  segs: Seg[];
}

const MAX_FIELDS = 64;

type Piece = { text: string; quoted: boolean; split: boolean; sym?: true } | { unknown: true };

/** Symbolic variables (VarLookup.symbolic) hold only in a word with a `/` of its own (a path); else they are unknown. */
function settleSymbolic(pieces: Piece[]): void {
  let sym = false;
  let slash = false;
  for (const p of pieces) {
    if ('unknown' in p) continue;
    if (p.sym) sym = true;
    else if (p.text.includes('/')) slash = true;
  }
  if (!sym || slash) return;
  for (let i = 0; i < pieces.length; i++) { const p = pieces[i]; if (!('unknown' in p) && p.sym) pieces[i] = { unknown: true }; }
}

const GLOB_CHARS = /[*?[]/;

/**
 * `home` is the current user's home (`~`); `userHome` a named user's (`~runner`: /home/runner, or the
 * home `useradd -d` gave it; /root for root), undefined when unknown.
 */
export function expandWord(w: Word, vars: VarLookup, home: string | undefined, userHome?: (user: string) => string | undefined): Field[] {
  // most words are one plain literal (no tilde, no braces) or one single-quoted string: one field as written
  if (w.parts.length === 1) {
    const p = w.parts[0];
    if (p.type === 'Lit' && p.value && p.value.charCodeAt(0) !== 0x7e && !p.value.includes('{')) {
      return [{ text: p.value, known: true, glob: GLOB_CHARS.test(p.value), segs: [{ text: p.value, quoted: false }] }];
    }
    if (p.type === 'SglQuoted') return [{ text: p.value, known: true, glob: false, segs: [{ text: p.value, quoted: true }] }];
  }
  const pieces: Piece[] = [];
  collect(w.parts, false, vars, home, pieces);
  settleSymbolic(pieces);
  // tilde expansion: `~` or `~/...` at the start, unquoted
  const first = pieces[0];
  const tilde = first && !('unknown' in first) && !first.quoted && !first.split ? /^~([A-Za-z_][A-Za-z0-9_.-]*)?(?=\/|$)/.exec(first.text) : null;
  if (tilde && first && !('unknown' in first)) {
    const h = tilde[1] === undefined ? home : userHome?.(tilde[1]);
    if (h === undefined) pieces[0] = { unknown: true };
    else pieces[0] = { ...first, text: h + first.text.slice(tilde[0].length) };
  }
  // field splitting of unquoted expansions
  const fields: Array<Seg[] | null> = [[]];
  let cur: Seg[] | null = fields[0];
  let sawAny = false;
  for (const p of pieces) {
    if ('unknown' in p) {
      cur = null;
      fields[fields.length - 1] = null;
      sawAny = true;
      continue;
    }
    if (p.split) {
      const parts = p.text.split(/[ \t\n]+/);
      for (let i = 0; i < parts.length; i++) {
        if (i > 0) {
          cur = [];
          fields.push(cur);
        }
        if (parts[i]) {
          cur?.push({ text: parts[i], quoted: false });
          sawAny = true;
        }
      }
    } else {
      cur?.push({ text: p.text, quoted: p.quoted });
      if (p.quoted || p.text) sawAny = true;
    }
  }
  const out: Field[] = [];
  for (const f of fields) {
    if (f === null) {
      out.push({ text: '', known: false, glob: false, segs: [] });
      continue;
    }
    if (!f.length) continue; // empty unquoted expansions vanish
    for (const segs of braceExpand(f)) out.push(toField(segs));
    if (out.length > MAX_FIELDS) break;
  }
  if (!out.length && !sawAny && w.parts.length === 0) return [];
  return out;
}

function toField(segs: Seg[]): Field {
  const merged: Seg[] = [];
  for (const s of segs) {
    const last = merged[merged.length - 1];
    if (last && last.quoted === s.quoted) last.text += s.text;
    else merged.push({ ...s });
  }
  return {
    text: merged.map((s) => s.text).join(''),
    known: true,
    glob: merged.some((s) => !s.quoted && /[*?[]/.test(s.text)),
    segs: merged,
  };
}

function collect(parts: WordPart[], inDouble: boolean, vars: VarLookup, home: string | undefined, out: Piece[]): void {
  for (const p of parts) {
    switch (p.type) {
      case 'Lit':
        out.push({ text: p.value, quoted: inDouble, split: false });
        break;
      case 'SglQuoted':
        out.push({ text: p.value, quoted: true, split: false });
        break;
      case 'DblQuoted':
        if (!p.parts.length) out.push({ text: '', quoted: true, split: false });
        collect(p.parts, true, vars, home, out);
        break;
      case 'ParamExp': {
        const v = paramValue(p, vars, home);
        if (v === undefined && !p.op && !p.length && p.name !== 'HOME' && vars.get(p.name) === undefined && vars.symbolic?.(p.name)) out.push({ text: symbolicText(p.name), quoted: true, split: false, sym: true });
        else if (v === undefined) out.push({ unknown: true });
        else out.push({ text: v, quoted: inDouble, split: !inDouble });
        break;
      }
      case 'CmdSubst': {
        const v = substValue(p.stmts, vars, home);
        if (v === undefined) out.push({ unknown: true });
        else out.push({ text: v, quoted: inDouble, split: !inDouble });
        break;
      }
      default:
        out.push({ unknown: true });
    }
  }
}

/**
 * The output of a command substitution this analysis can compute: `$(basename "$URL" [SUFFIX])` and
 * `$(dirname PATH)` of a known word (`tar -xzf "$(basename "$TOOL_URL")"`); undefined otherwise.
 */
function substValue(stmts: Stmt[], vars: VarLookup, home: string | undefined): string | undefined {
  if (stmts.length !== 1) return undefined;
  const s = stmts[0];
  const c = s.cmd;
  if (!c || c.type !== 'CallExpr' || c.assigns.length || s.redirs.length || s.background || s.negated || c.args.length < 2 || c.args.length > 3) return undefined;
  const [name, arg, suffix] = c.args.map((w) => wordString(w, vars, home));
  if (arg === undefined || !arg || arg.startsWith('-')) return undefined;
  if (name === 'basename') {
    if (suffix === undefined && c.args.length === 3) return undefined;
    const b = basename(arg);
    return suffix && b !== suffix && b.endsWith(suffix) ? b.slice(0, -suffix.length) : b;
  }
  if (name === 'dirname' && c.args.length === 2) return dirname(arg);
  return undefined;
}

/** The plain string of a word (no globbing, no splitting), or undefined when unknown. */
export function wordString(w: Word | undefined, vars: VarLookup, home: string | undefined): string | undefined {
  if (!w) return '';
  const pieces: Piece[] = [];
  collect(w.parts, true, vars, home, pieces);
  settleSymbolic(pieces);
  let s = '';
  for (const p of pieces) {
    if ('unknown' in p) return undefined;
    s += p.text;
  }
  return s;
}

function paramValue(p: Extract<WordPart, { type: 'ParamExp' }>, vars: VarLookup, home: string | undefined): string | undefined {
  // $@, $?, $$ ... are unknown; $1..$9 only inside a shell function called with known words (runner.ts binds them)
  if (!/^[A-Za-z_]/.test(p.name) && !(/^[1-9]$/.test(p.name) && typeof vars.get(p.name) === 'string')) return undefined;
  let v = vars.get(p.name);
  if (p.name === 'HOME' && v === undefined) v = home;
  if (p.length) return v === undefined ? undefined : String((v ?? '').length);
  const op = p.op;
  if (!op) return v === undefined ? undefined : v ?? '';
  const arg = () => wordString(p.arg, vars, home);
  switch (op) {
    case ':-': case ':=':
      // A variable the Dockerfile never mentions is taken as unset: the default is what a build sees
      // unless the base image defines it.
      return v ? v : arg();
    case '-': case '=':
      return v !== null && v !== undefined ? v : arg();
    case ':+':
      return v === undefined ? undefined : v ? arg() : '';
    case '+':
      return v === undefined ? undefined : v !== null ? arg() : '';
    case ':?': case '?':
      return v ?? undefined;
    case '#': case '##': case '%': case '%%': {
      const pat = arg();
      if (v === undefined || v === null || pat === undefined) return v === null ? '' : undefined;
      return trimPattern(v, pat, op);
    }
    case '/': case '//': case '/#': case '/%': {
      if (v === undefined) return undefined;
      const a = arg();
      if (a === undefined) return undefined;
      const slash = a.indexOf('/');
      const pat = slash < 0 ? a : a.slice(0, slash);
      const rep = slash < 0 ? '' : a.slice(slash + 1);
      const re = globToRegExpSource(pat, true);
      const anchored = op === '/#' ? `^(?:${re})` : op === '/%' ? `(?:${re})$` : re;
      try {
        return (v ?? '').replace(new RegExp(anchored, op === '//' ? 'g' : ''), () => rep);
      } catch {
        return undefined;
      }
    }
    case '^^': return v === undefined ? undefined : (v ?? '').toUpperCase();
    case ',,': return v === undefined ? undefined : (v ?? '').toLowerCase();
    default:
      return undefined;
  }
}

function trimPattern(v: string, pat: string, op: string): string {
  const src = globToRegExpSource(pat, true);
  const greedy = op === '##' || op === '%%';
  if (op === '#' || op === '##') {
    const lens = [...Array(v.length + 1).keys()];
    if (greedy) lens.reverse();
    for (const n of lens) if (new RegExp(`^(?:${src})$`).test(v.slice(0, n))) return v.slice(n);
    return v;
  }
  const starts = [...Array(v.length + 1).keys()];
  if (!greedy) starts.reverse();
  for (const s of starts) if (new RegExp(`^(?:${src})$`).test(v.slice(s))) return v.slice(0, s);
  return v;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A shell glob as a regular expression source; `*` crosses `/` only when `crossSlash`. */
export function globToRegExpSource(glob: string, crossSlash = false): string {
  let out = '';
  const any = crossSlash ? '[\\s\\S]' : '[^/]';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += `${any}*`;
    else if (c === '?') out += any;
    else if (c === '[') {
      const j = glob.indexOf(']', i + 2);
      if (j < 0) { out += '\\['; continue; }
      let body = glob.slice(i + 1, j);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = j;
    } else out += escapeRe(c);
  }
  return out;
}

/** A field as a matcher of whole paths (quoted parts literal, unquoted globs active, `*` within one component). */
export function fieldRegExp(f: Field): RegExp {
  let src = '';
  for (const s of f.segs) src += s.quoted ? escapeRe(s.text) : globToRegExpSource(s.text);
  try {
    return new RegExp(`^${src}$`);
  } catch {
    return new RegExp(`^${escapeRe(f.text)}$`);
  }
}

/** Bash brace expansion of the unquoted parts: `{a,b}`, `{1..3}`. */
function braceExpand(segs: Seg[], depth = 0): Seg[][] {
  if (depth > 8) return [segs];
  for (let si = 0; si < segs.length; si++) {
    const s = segs[si];
    if (s.quoted) continue;
    const t = s.text;
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== '{' || (i > 0 && t[i - 1] === '$')) continue;
      let d = 0;
      let j = i;
      const commas: number[] = [];
      for (; j < t.length; j++) {
        if (t[j] === '{') d++;
        else if (t[j] === '}') { d--; if (d === 0) break; } else if (t[j] === ',' && d === 1) commas.push(j);
      }
      if (j >= t.length) break;
      const inner = t.slice(i + 1, j);
      let alts: string[] | undefined;
      if (commas.length) {
        alts = [];
        let from = i + 1;
        for (const c of [...commas, j]) { alts.push(t.slice(from, c)); from = c + 1; }
      } else {
        const m = /^(-?\d+)\.\.(-?\d+)$/.exec(inner) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
        if (m) {
          const num = /\d/.test(m[1]);
          const a = num ? parseInt(m[1], 10) : m[1].charCodeAt(0);
          const b = num ? parseInt(m[2], 10) : m[2].charCodeAt(0);
          if (Math.abs(b - a) <= MAX_FIELDS) {
            alts = [];
            for (let k = a; a <= b ? k <= b : k >= b; k += a <= b ? 1 : -1) alts.push(num ? String(k) : String.fromCharCode(k));
          }
        }
      }
      if (!alts) continue;
      const before = segs.slice(0, si).concat(t.slice(0, i) ? [{ text: t.slice(0, i), quoted: false }] : []);
      const after = (t.slice(j + 1) ? [{ text: t.slice(j + 1), quoted: false }] : []).concat(segs.slice(si + 1));
      const out: Seg[][] = [];
      for (const alt of alts) {
        const mid = alt ? [{ text: alt, quoted: false }] : [];
        out.push(...braceExpand([...before, ...mid, ...after], depth + 1));
        if (out.length > MAX_FIELDS) break;
      }
      return out;
    }
  }
  return [segs];
}

// ---- paths (POSIX, as inside the image)

/** A `//`, `.` or `..` component, or a trailing slash: what normalizePath has to rewrite. */
const NOT_NORMAL = /\/\.{0,2}(\/|$)/;

export function normalizePath(p: string): string {
  if (p.charCodeAt(0) === 0x2f && !NOT_NORMAL.test(p)) return p; // absolute and already normal
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!abs) out.push('..'); continue; }
    out.push(part);
  }
  return (abs ? '/' : '') + out.join('/') || (abs ? '/' : '.');
}

export function resolvePath(cwd: string, p: string): string {
  return normalizePath(p.startsWith('/') ? p : `${cwd}/${p}`);
}

export function basename(p: string): string {
  if (p.charCodeAt(p.length - 1) !== 0x2f) return p.slice(p.lastIndexOf('/') + 1);
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}

export function dirname(p: string): string {
  const t = p.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  return i <= 0 ? '/' : t.slice(0, i);
}

/** `child` is strictly inside `dir`. */
export function isUnder(child: string, dir: string): boolean {
  if (dir === '/') return child !== '/' && child.startsWith('/');
  return child.startsWith(dir + '/');
}

/** `p` itself and each directory above it, innermost first. */
export function ancestorsOf(p: string): string[] {
  const out = [p];
  let cur = p;
  while (cur !== '/' && cur.includes('/')) {
    cur = dirname(cur);
    out.push(cur);
  }
  return out;
}
