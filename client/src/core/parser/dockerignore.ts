// `.dockerignore` reading and matching with the semantics of moby/patternmatcher (used by BuildKit and
// the Docker CLI): Go `filepath.Match` syntax (`*`, `?`, `[...]`, `\` escapes) plus `**`, `!` exceptions
// where the last matching pattern wins, and parent-directory matching (`MatchesOrParentMatches`).
//
// Hand-written on purpose: the npm matchers (minimatch, picomatch, ignore, micromatch) follow glob or
// gitignore rules, which differ from Go's in the details that decide what gets into a build context
// (`*` never crossing `/`, how `**` compiles to a prefix/suffix/regexp match, `filepath.Clean` of every
// pattern, `[` ranges, errors for malformed patterns). This file re-implements Go's behaviour and is
// checked against the patternmatcher vectors in test/vectors/dockerignore.
// Paths and patterns use "/" (Unix semantics).

import { goTrimSpace } from './shell';

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

// ------------------------------------------------------------------------------------------------
// Go's path.Clean / filepath.Dir (Unix)

/** Go's filepath.Clean on Unix: shortest equivalent path ("" -> "."). */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts = p.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/** Go's filepath.Dir on Unix. */
export function dirPath(p: string): string {
  const i = p.lastIndexOf('/');
  return cleanPath(p.slice(0, i + 1));
}

// ------------------------------------------------------------------------------------------------
// Go's filepath.Match (Unix), used by patternmatcher to validate patterns

function scanChunk(pattern: string): [boolean, string, string] {
  let star = false;
  while (pattern.length > 0 && pattern[0] === '*') {
    pattern = pattern.slice(1);
    star = true;
  }
  let inrange = false;
  let i = 0;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case '\\':
        if (i + 1 < pattern.length) i++;
        break;
      case '[':
        inrange = true;
        break;
      case ']':
        inrange = false;
        break;
      case '*':
        if (!inrange) break scan;
        break;
    }
  }
  return [star, pattern.slice(0, i), pattern.slice(i)];
}

function getEsc(chunk: string): [number, string] {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const r = chunk.codePointAt(0)!;
  const n = r > 0xffff ? 2 : 1;
  const rest = chunk.slice(n);
  if (rest.length === 0) throw new BadPatternError();
  return [r, rest];
}

function matchChunk(chunk: string, s: string): [string, boolean] {
  // After a mismatch the loop goes on checking that the chunk is well-formed, without reading s.
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0];
    if (c === '[') {
      let r = -1;
      if (!failed) {
        r = s.codePointAt(0)!;
        s = s.slice(r > 0xffff ? 2 : 1);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk.length > 0 && chunk[0] === '^') {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        let lo: number;
        let hi: number;
        [lo, chunk] = getEsc(chunk);
        hi = lo;
        if (chunk[0] === '-') [hi, chunk] = getEsc(chunk.slice(1));
        if (lo <= r && r <= hi) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        const r = s.codePointAt(0)!;
        s = s.slice(r > 0xffff ? 2 : 1);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === '\\') {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? ['', false] : [s, true];
}

/** Go's filepath.Match on Unix. Throws BadPatternError for a malformed pattern. */
export function goMatch(pattern: string, name: string): boolean {
  outer: while (pattern.length > 0) {
    let star: boolean;
    let chunk: string;
    [star, chunk, pattern] = scanChunk(pattern);
    if (star && chunk === '') return !name.includes('/');
    let t: string;
    let ok: boolean;
    let err: unknown;
    try {
      [t, ok] = matchChunk(chunk, name);
    } catch (e) {
      [t, ok, err] = ['', false, e];
    }
    if (ok && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (err) throw err;
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        [t, ok] = matchChunk(chunk, name.slice(i + 1));
        if (ok) {
          if (pattern.length === 0 && t.length > 0) continue;
          name = t;
          continue outer;
        }
      }
    }
    // before answering "no", check that the rest of the pattern is well-formed
    while (pattern.length > 0) {
      [, chunk, pattern] = scanChunk(pattern);
      matchChunk(chunk, '');
    }
    return false;
  }
  return name.length === 0;
}

// ------------------------------------------------------------------------------------------------
// patterns

export type MatchType = 'exactMatch' | 'prefixMatch' | 'suffixMatch' | 'regexpMatch';

const ESCAPE = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

export class Pattern {
  matchType: MatchType | undefined;
  /** The Go regular expression patternmatcher builds (for regexpMatch). */
  regexpSource: string | undefined;
  private re: RegExp | undefined;
  readonly dirs: string[];
  constructor(readonly cleanedPattern: string, readonly exclusion: boolean) {
    this.dirs = cleanedPattern.split('/');
  }

  toString(): string {
    return this.cleanedPattern;
  }

  /** Compiles the pattern (patternmatcher's compile with separator "/"). Throws BadPatternError. */
  compile(): void {
    let goRe = '^';
    let jsRe = '^';
    let type: MatchType = 'exactMatch';
    const chars = Array.from(this.cleanedPattern);
    let k = 0;
    const peek = (): string | undefined => chars[k];
    const jsLit = (ch: string): string => '\\u{' + ch.codePointAt(0)!.toString(16) + '}';
    // Go's regexp takes a "]" outside a class (or first in a class) literally; JS with the u flag does not.
    let inClass = false;
    for (let i = 0; k < chars.length; i++) {
      const ch = chars[k++];
      if (ch === '*') {
        if (peek() === '*') {
          k++;
          if (peek() === '/') k++;
          if (peek() === undefined) {
            if (type === 'exactMatch') type = 'prefixMatch';
            else {
              goRe += '.*';
              jsRe += '[^\\n]*';
              type = 'regexpMatch';
            }
          } else {
            goRe += '(.*/)?';
            jsRe += '(?:[^\\n]*/)?';
            type = 'regexpMatch';
          }
          if (i === 0) type = 'suffixMatch';
        } else {
          goRe += '[^/]*';
          jsRe += '[^/]*';
          type = 'regexpMatch';
        }
      } else if (ch === '?') {
        goRe += '[^/]';
        jsRe += '[^/]';
        type = 'regexpMatch';
      } else if (ESCAPE.has(ch)) {
        goRe += '\\' + ch;
        jsRe += jsLit(ch);
      } else if (ch === '\\') {
        const nx = peek();
        if (nx !== undefined) {
          k++;
          goRe += '\\' + nx;
          jsRe += goEscapeToJs(nx);
          type = 'regexpMatch';
        } else {
          goRe += '\\';
          jsRe += '\\';
        }
      } else if (ch === '[' || ch === ']') {
        goRe += ch;
        if (ch === '[') {
          jsRe += inClass ? jsLit(ch) : ch;
          inClass = true;
        } else if (inClass && !jsRe.endsWith('[') && !jsRe.endsWith('[^')) {
          jsRe += ch;
          inClass = false;
        } else {
          jsRe += jsLit(ch);
        }
        type = 'regexpMatch';
      } else {
        goRe += ch;
        jsRe += /[A-Za-z0-9_\s\-!,:;'"<>=@#%&~`^]/.test(ch) ? ch : jsLit(ch);
      }
    }
    if (type === 'regexpMatch') {
      goRe += '$';
      jsRe += '$';
      try {
        this.re = new RegExp(jsRe, 'u');
      } catch {
        throw new BadPatternError();
      }
      this.regexpSource = goRe;
    }
    this.matchType = type;
  }

  /** Matches one cleaned, "/"-separated path. Throws BadPatternError. */
  match(path: string): boolean {
    if (this.matchType === undefined) this.compile();
    switch (this.matchType) {
      case 'exactMatch':
        return path === this.cleanedPattern;
      case 'prefixMatch':
        return path.startsWith(this.cleanedPattern.slice(0, -2));
      case 'suffixMatch': {
        const suffix = this.cleanedPattern.slice(2);
        if (path.endsWith(suffix)) return true;
        return suffix[0] === '/' && path === suffix.slice(1);
      }
      case 'regexpMatch':
        if (!this.re) throw new BadPatternError();
        return this.re.test(path);
      default:
        throw new BadPatternError();
    }
  }

  private tryMatch(path: string): boolean {
    try {
      return this.match(path);
    } catch {
      return false;
    }
  }

  /** Whether this pattern matches the path or one of its parent directories (errors on parents ignored, as in Go). */
  matchSelfOrParent(file: string, parentDirs: string[] | undefined): boolean {
    if (this.match(file)) return true;
    if (!parentDirs) return false;
    let acc = '';
    for (let i = 0; i < parentDirs.length; i++) {
      acc = i === 0 ? parentDirs[0] : acc + '/' + parentDirs[i];
      if (this.tryMatch(acc)) return true;
    }
    return false;
  }
}

// Translates a Go regexp escape `\c` (from a `\c` in the pattern) to JS. Go treats punctuation as
// literal and knows a few letter escapes; anything else is a regexp syntax error there.
function goEscapeToJs(c: string): string {
  if (/^[^A-Za-z0-9]$/u.test(c) || c.codePointAt(0)! > 0x7f) return '\\u{' + c.codePointAt(0)!.toString(16) + '}';
  switch (c) {
    case 'a': return '\\x07';
    case 'f': case 't': case 'n': case 'r': case 'v': case 'd': case 'D': case 'w': case 'W': case 'b': case 'B':
      return '\\' + c;
    case 's': return '[\\t\\n\\f\\r ]';
    case 'S': return '[^\\t\\n\\f\\r ]';
    case 'A': return '^';
    case 'z': return '$(?![\\s\\S])';
    default: return '\\' + c; // invalid in Go; with the u flag JS rejects it too
  }
}

export interface MatchInfo { parentMatched: boolean[] }

/** moby/patternmatcher's PatternMatcher. */
export class PatternMatcher {
  readonly patterns: Pattern[] = [];
  readonly exclusions: boolean = false;

  /** New(patterns): trims, drops empty ones, cleans, handles `!`; throws on `!` alone or a malformed pattern. */
  constructor(patterns: readonly string[]) {
    let exclusions = false;
    for (let p of patterns) {
      p = p.trim();
      if (p === '') continue;
      p = cleanPath(p);
      let exclusion = false;
      if (p[0] === '!') {
        if (p.length === 1) throw new Error('illegal exclusion pattern: "!"');
        exclusion = true;
        p = p.slice(1);
        exclusions = true;
      }
      goMatch(p, '.'); // validates the syntax like patternmatcher does
      this.patterns.push(new Pattern(p, exclusion));
    }
    this.exclusions = exclusions;
  }

  private static parents(file: string): string[] | undefined {
    const parent = dirPath(file);
    return parent === '.' ? undefined : parent.split('/');
  }

  /** Deprecated patternmatcher Matches: checks only the parent at the pattern's depth. Throws BadPatternError. */
  matches(file: string): boolean {
    let matched = false;
    const parent = dirPath(file);
    const parentDirs = parent.split('/');
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.match(file);
      if (!match && parent !== '.' && pattern.dirs.length <= parentDirs.length) {
        try {
          match = pattern.match(parentDirs.slice(0, pattern.dirs.length).join('/'));
        } catch {
          match = false;
        }
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  /** True if the last pattern matching the path or any parent directory is an inclusion. Throws BadPatternError. */
  matchesOrParentMatches(file: string): boolean {
    let matched = false;
    const parents = PatternMatcher.parents(file);
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      if (pattern.matchSelfOrParent(file, parents)) matched = !pattern.exclusion;
    }
    return matched;
  }

  /** For walks: the caller passes its parent directory's result. Throws BadPatternError. */
  matchesUsingParentResult(file: string, parentMatched: boolean): boolean {
    let matched = parentMatched;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      if (pattern.match(file)) matched = !pattern.exclusion;
    }
    return matched;
  }

  /** For walks: per-pattern parent results (pass `{ parentMatched: [] }` without context). Throws BadPatternError. */
  matchesUsingParentResults(file: string, info: MatchInfo = { parentMatched: [] }): [boolean, MatchInfo] {
    const pm = info.parentMatched;
    if (pm.length !== 0 && pm.length !== this.patterns.length) throw new Error('wrong number of values in parentMatched');
    let matched = false;
    const out: MatchInfo = { parentMatched: new Array<boolean>(this.patterns.length).fill(false) };
    this.patterns.forEach((pattern, i) => {
      let match = pm.length !== 0 ? pm[i] : false;
      if (!match) {
        if (pattern.exclusion !== matched) return;
        match = pm.length === 0 ? pattern.matchSelfOrParent(file, PatternMatcher.parents(file)) : pattern.match(file);
      }
      out.parentMatched[i] = match;
      if (match) matched = !pattern.exclusion;
    });
    return [matched, out];
  }
}

/** Package-level Matches(file, patterns): "." never matches. Throws on bad patterns. */
export function matches(file: string, patterns: readonly string[]): boolean {
  const pm = new PatternMatcher(patterns);
  file = cleanPath(file);
  if (file === '.') return false;
  return pm.matches(file);
}

/** Package-level MatchesOrParentMatches(file, patterns). Throws on bad patterns. */
export function matchesOrParentMatches(file: string, patterns: readonly string[]): boolean {
  const pm = new PatternMatcher(patterns);
  file = cleanPath(file);
  if (file === '.') return false;
  return pm.matchesOrParentMatches(file);
}

/**
 * ignorefile.ReadAll: the patterns of a .dockerignore text (undefined/null = no file = no patterns).
 * Lines starting with "#" are comments, blank lines are skipped, a leading "!" is kept, every pattern
 * is cleaned and loses a leading "/".
 */
export function readIgnoreFile(text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.startsWith('#')) return;
    let p = goTrimSpace(line);
    if (p === '') return;
    const invert = p[0] === '!';
    if (invert) p = goTrimSpace(p.slice(1));
    if (p.length > 0) {
      p = cleanPath(p);
      if (p.length > 1 && p[0] === '/') p = p.slice(1);
    }
    out.push(invert ? '!' + p : p);
  });
  return out;
}


/**
 * A build context's ignore rules: `ignores(path)` is true when the context path (relative, "/"-separated)
 * is excluded, i.e. patternmatcher's MatchesOrParentMatches.
 */
export class DockerIgnore {
  readonly matcher: PatternMatcher;
  constructor(readonly patterns: string[]) {
    this.matcher = new PatternMatcher(patterns);
  }
  static fromText(text: string | null | undefined): DockerIgnore {
    return new DockerIgnore(readIgnoreFile(text));
  }
  ignores(relPath: string): boolean {
    const p = cleanPath(relPath.replace(/^\/+/, ''));
    if (p === '.') return false;
    return this.matcher.matchesOrParentMatches(p);
  }

  /**
   * Whether a context walk may skip this directory entirely: it is ignored and no `!` exception can
   * re-include anything inside it (fsutil's optimisation; conservative when an exception has wildcards).
   */
  canSkipDir(relDir: string): boolean {
    const dir = cleanPath(relDir.replace(/^\/+/, ''));
    if (dir === '.' || !this.ignores(dir)) return false;
    const dirSlash = dir + '/';
    for (const pat of this.matcher.patterns) {
      if (!pat.exclusion) continue;
      const stem = pat.cleanedPattern.replace(/\/\*\*?$/, '');
      if (/[*?[\\]/.test(stem)) return false; // could match anywhere: walk it
      if ((stem + '/').startsWith(dirSlash)) return false;
    }
    return true;
  }
}
