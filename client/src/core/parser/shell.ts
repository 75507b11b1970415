// Shell-word lexer and expander with BuildKit's semantics (frontend/dockerfile/shell/lex.go):
// `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`, `${VAR+x}`, `${VAR?err}`, `${VAR:?err}`,
// `${VAR#pat}`/`##`, `${VAR%pat}`/`%%`, `${VAR/pat/repl}`/`//`, single and double quotes, the escape
// token (`\` or `` ` ``), and word splitting after expansion.
//
// Hand-written on purpose: this is not a POSIX shell (no command substitution, no arithmetic, no
// field splitting rules beyond BuildKit's), and the builder must expand exactly like BuildKit does,
// quirks included (e.g. an escape at end of input is dropped, `${VAR:#x}` is an error). No npm shell
// library reproduces that, so the semantics are re-implemented here from BuildKit's behaviour and the
// shared vectors (`envVarTest`, `wordsTest`, `extra/shell-*.json`).

/** Where variables come from. `get` returns undefined for "not set" (an empty string is "set but empty"). */
export interface EnvGetter {
  get(name: string): string | undefined;
  keys(): string[];
}

export type EnvLike = EnvGetter | Map<string, string> | Record<string, string> | string[];

/** Builds an EnvGetter from `NAME=value` strings (BuildKit's EnvsFromSlice: last entry wins, "NAME" alone is empty). */
export function envsFromSlice(env: readonly string[]): EnvGetter {
  const map = new Map<string, string>();
  const keys: string[] = [];
  for (const e of env) {
    const i = e.indexOf('=');
    const k = i < 0 ? e : e.slice(0, i);
    keys.push(k);
    map.set(k, i < 0 ? '' : e.slice(i + 1));
  }
  return { get: (n) => map.get(n), keys: () => keys };
}

export function toEnvGetter(env: EnvLike | undefined): EnvGetter {
  if (!env) return { get: () => undefined, keys: () => [] };
  if (Array.isArray(env)) return envsFromSlice(env);
  if (env instanceof Map) return { get: (n) => env.get(n), keys: () => [...env.keys()] };
  if (typeof (env as EnvGetter).get === 'function' && typeof (env as EnvGetter).keys === 'function') return env as EnvGetter;
  const rec = env as Record<string, string>;
  return {
    get: (n) => (Object.prototype.hasOwnProperty.call(rec, n) ? rec[n] : undefined),
    keys: () => Object.keys(rec),
  };
}

export class ShellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellError';
  }
}

export interface ProcessWordResult {
  result: string;
  words: string[];
  matched: Set<string>;
  unmatched: Set<string>;
}

export interface LexOptions {
  /** Keep quote characters in the output (used for heredoc delimiter detection). */
  rawQuotes?: boolean;
  /** Keep escape tokens in the output. */
  rawEscapes?: boolean;
  /** Do not treat quotes specially. */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written (`$X`, `${X:-y}`). */
  skipUnsetEnv?: boolean;
}

const EOF = -1;

// Go's unicode.IsSpace.
export function isSpaceCode(c: number): boolean {
  switch (c) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0x85: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return true;
  }
  return c >= 0x2000 && c <= 0x200a;
}

/** Go's strings.TrimSpace (unicode.IsSpace on both ends). */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpaceCode(s.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const reLetter = /\p{L}/u;
const reDigit = /\p{Nd}/u;
function isLetter(c: number): boolean {
  return c < 0x80 ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) : reLetter.test(String.fromCodePoint(c));
}
function isDigit(c: number): boolean {
  return c < 0x80 ? c >= 0x30 && c <= 0x39 : reDigit.test(String.fromCodePoint(c));
}

class Words {
  buf = '';
  words: string[] = [];
  inWord = false;
  addChar(ch: string): void {
    const sp = isSpaceCode(ch.codePointAt(0)!);
    if (sp && this.inWord) {
      if (this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else if (!sp) {
      this.addRawChar(ch);
    }
  }
  addRawChar(ch: string): void {
    this.buf += ch;
    this.inWord = true;
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }
  addRawString(s: string): void {
    this.buf += s;
    this.inWord = true;
  }
  getWords(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

/** One expansion run over one input string (BuildKit's shellWord). */
class ShellWord {
  private pos = 0;
  matches = new Set<string>();
  nonmatches = new Set<string>();
  constructor(
    private readonly src: string,
    private readonly env: EnvGetter,
    private readonly lex: Lex,
    private rawEscapes: boolean,
  ) {}

  private peek(): number {
    return this.pos < this.src.length ? this.src.codePointAt(this.pos)! : EOF;
  }
  private next(): number {
    if (this.pos >= this.src.length) return EOF;
    const c = this.src.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  processStopOn(stopChar: number, rawEscapes: boolean): [string, string[]] {
    let result = '';
    const words = new Words();
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      const esc = this.lex.escapeToken;
      while (this.peek() !== EOF) {
        const ch = this.peek();
        if (stopChar !== EOF && ch === stopChar) {
          this.next();
          return [result, words.getWords()];
        }
        let special: (() => string) | undefined;
        if (ch === 0x24 /* $ */) special = () => this.processDollar();
        else if (ch === 0x3c /* < */) special = () => this.processPossibleHeredoc();
        else if (!this.lex.skipProcessQuotes && ch === 0x27) special = () => this.processSingleQuote();
        else if (!this.lex.skipProcessQuotes && ch === 0x22) special = () => this.processDoubleQuote();
        if (special) {
          const tmp = special();
          result += tmp;
          if (ch === 0x24) words.addString(tmp);
          else words.addRawString(tmp);
          continue;
        }
        let c = this.next();
        if (c === esc) {
          if (this.rawEscapes) {
            words.addRawChar(String.fromCodePoint(c));
            result += String.fromCodePoint(c);
          }
          // the escape token escapes the next character; at end of input it is dropped
          c = this.next();
          if (c === EOF) break;
          words.addRawChar(String.fromCodePoint(c));
        } else {
          words.addChar(String.fromCodePoint(c));
        }
        result += String.fromCodePoint(c);
      }
      if (stopChar !== EOF) {
        throw new ShellError(`unexpected end of statement while looking for matching ${String.fromCodePoint(stopChar)}`);
      }
      return [result, words.getWords()];
    } finally {
      this.rawEscapes = saved;
    }
  }

  private processSingleQuote(): string {
    // Everything up to the next ' is literal; ' cannot be escaped inside.
    let result = '';
    let ch = this.next();
    if (this.lex.rawQuotes) result += String.fromCodePoint(ch);
    for (;;) {
      ch = this.next();
      if (ch === EOF) throw new ShellError('unexpected end of statement while looking for matching single-quote');
      if (ch === 0x27) {
        if (this.lex.rawQuotes) result += "'";
        return result;
      }
      result += String.fromCodePoint(ch);
    }
  }

  private processDoubleQuote(): string {
    // Literal except $ expansions; the escape token escapes only " $ and itself.
    let result = '';
    const ch0 = this.next();
    if (this.lex.rawQuotes) result += String.fromCodePoint(ch0);
    const esc = this.lex.escapeToken;
    for (;;) {
      const p = this.peek();
      if (p === EOF) throw new ShellError('unexpected end of statement while looking for matching double-quote');
      if (p === 0x22) {
        this.next();
        if (this.lex.rawQuotes) result += '"';
        return result;
      }
      if (p === 0x24) {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === esc) {
        if (this.rawEscapes) result += String.fromCodePoint(ch);
        const n = this.peek();
        if (n === EOF) continue;
        if (n === 0x22 || n === 0x24 || n === esc) ch = this.next();
      }
      result += String.fromCodePoint(ch);
    }
  }

  private getEnv(name: string): [string, boolean] {
    const v = this.env.get(name);
    if (v !== undefined) {
      this.matches.add(name);
      return [v, true];
    }
    this.nonmatches.add(name);
    return ['', false];
  }

  private processName(): string {
    // A name is letters/digits/_; a leading digit reads all digits ($10); a special parameter is one char.
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name.length === 0 && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += String.fromCodePoint(this.next());
        return name;
      }
      if (name.length === 0 && isSpecialParam(ch)) {
        return String.fromCodePoint(this.next());
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== 0x5f) break;
      name += String.fromCodePoint(this.next());
    }
    return name;
  }

  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== 0x3c) return '<';
    this.next();
    let space = '';
    let n = this.peek();
    while (n === 0x09 || n === 0x0d || n === 0x20) {
      space += String.fromCodePoint(n);
      this.next();
      n = this.peek();
    }
    return '<<' + space;
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== 0x7b /* { */) {
      const name = this.processName();
      if (name === '') return '$';
      const [value, found] = this.getEnv(name);
      if (!found && this.lex.skipUnsetEnv) return '$' + name;
      return value;
    }
    this.next();
    const p = this.peek();
    if (p === EOF) throw new ShellError("syntax error: missing '}'");
    if (p === 0x7b || p === 0x7d || p === 0x3a) throw new ShellError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let chs = ch === EOF ? '' : String.fromCodePoint(ch);
    let nullIsUnset = false;
    switch (ch) {
      case 0x7d: { // }
        const [value, set] = this.getEnv(name);
        if (!set && this.lex.skipUnsetEnv) return '${' + name + '}';
        return value;
      }
      case 0x3a: // :
      case 0x2b: case 0x2d: case 0x3f: case 0x23: case 0x25: { // + - ? # %
        if (ch === 0x3a) {
          nullIsUnset = true;
          ch = this.next();
          chs += ch === EOF ? '' : String.fromCodePoint(ch);
        }
        const raw = ch === 0x23 || ch === 0x25;
        if (nullIsUnset && raw) throw new ShellError(`unsupported modifier (${chs}) in substitution`);
        let word: string;
        try {
          [word] = this.processStopOn(0x7d, raw);
        } catch (e) {
          if (this.peek() === EOF) throw new ShellError("syntax error: missing '}'");
          throw e;
        }
        const [value, set] = this.getEnv(name);
        if (this.lex.skipUnsetEnv && !set) return '${' + name + chs + word + '}';
        switch (ch) {
          case 0x2d:
            return !set || (nullIsUnset && value === '') ? word : value;
          case 0x2b:
            return !set || (nullIsUnset && value === '') ? '' : word;
          case 0x3f:
            if (!set) throw new ShellError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
            if (nullIsUnset && value === '') throw new ShellError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
            return value;
          case 0x25:
          case 0x23: {
            // one #/% removes the shortest match, a doubled one the longest
            let greedy = false;
            if (word.length > 0 && word.codePointAt(0) === ch) {
              greedy = true;
              word = word.slice(1);
            }
            return ch === 0x25 ? trimSuffix(word, value, greedy) : trimPrefix(word, value, greedy);
          }
          default:
            throw new ShellError(`unsupported modifier (${chs}) in substitution`);
        }
      }
      case 0x2f: { // /
        const replaceAll = this.peek() === 0x2f;
        if (replaceAll) this.next();
        let pattern: string;
        let replacement: string;
        try {
          [pattern] = this.processStopOn(0x2f, true);
        } catch (e) {
          if (this.peek() === EOF) throw new ShellError("syntax error: missing '/' in ${}");
          throw e;
        }
        try {
          [replacement] = this.processStopOn(0x7d, true);
        } catch (e) {
          if (this.peek() === EOF) throw new ShellError("syntax error: missing '}'");
          throw e;
        }
        let [value, set] = this.getEnv(name);
        if (this.lex.skipUnsetEnv && !set) return '${' + name + '/' + pattern + '/' + replacement + '}';
        const re = shellPatternToRegExp(pattern, true, false, replaceAll);
        if (replaceAll) {
          value = goReplaceAll(re, value, replacement);
        } else {
          const m = re.exec(value);
          if (m) value = value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length);
        }
        return value;
      }
      default:
        throw new ShellError(`unsupported modifier (${chs}) in substitution`);
    }
  }
}

function isSpecialParam(c: number): boolean {
  // @ * # ? - $ ! 0 (POSIX special parameters)
  return c === 0x40 || c === 0x2a || c === 0x23 || c === 0x3f || c === 0x2d || c === 0x24 || c === 0x21 || c === 0x30;
}

/** Converts a shell wildcard pattern (`*`, `?`, `\` escapes, no bracket expressions) to a RegExp. */
export function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  let out = anchored ? '^' : '';
  // Go's "." does not match "\n" but matches "\r"; JS's "." excludes more, so spell it out.
  const any = '[^\\n]';
  const star = greedy ? any + '*' : any + '*?';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    let tok = chars[i];
    switch (tok) {
      case '*':
        out += star;
        continue;
      case '?':
        out += any;
        continue;
      case '\\': {
        const nx = chars[i + 1];
        // "}" and "/" are escaped only to get them through ${...}; the escape is not part of the pattern
        if (nx === '}' || nx === '/') continue;
        out += '\\';
        i++;
        tok = chars[i] ?? '';
        if (tok !== '*' && tok !== '?' && tok !== '\\') {
          throw new ShellError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${tok}'`);
        }
        break;
      }
      case '[': case ']': case '{': case '}': case '.': case '+': case '(': case ')': case '|': case '^': case '$':
        out += '\\';
        break;
    }
    out += tok;
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

// Go's Regexp.ReplaceAllString: an empty match right after a previous match is not replaced, and the
// replacement is a template ($$ -> $, $0 -> the match, other $name/${name} -> "" since the pattern
// has no groups). JS's String.replace differs on both counts.
function goReplaceAll(re: RegExp, src: string, repl: string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    re.lastIndex = searchPos;
    const m = re.exec(src);
    if (!m) break;
    const a0 = m.index;
    const a1 = m.index + m[0].length;
    out += src.slice(lastMatchEnd, a0);
    if (a1 > lastMatchEnd || a0 === 0) out += goExpand(repl, m[0]);
    lastMatchEnd = a1;
    const width = searchPos < src.length ? (src.codePointAt(searchPos)! > 0xffff ? 2 : 1) : 1;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + src.slice(lastMatchEnd);
}

function goExpand(template: string, match: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let next: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      if (!/^[A-Za-z0-9_]+$/.test(name)) {
        out += '$';
        continue;
      }
      next = close;
    } else {
      const mm = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (!mm) {
        out += '$';
        continue;
      }
      name = mm[0];
      next = i + name.length;
    }
    if (/^\d+$/.test(name) && Number(name) === 0) out += match;
    i = next;
  }
  return out;
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegExp(pattern, greedy, true).exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

// Reverses a pattern but keeps escapes in front of what they escape (a\*c -> c\*a).
function reversePattern(pattern: string): string {
  const r = Array.from(pattern);
  const out: string[] = new Array(r.length);
  const last = r.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = r[i];
    const o = last - i;
    if (tok === '\\' && i !== last) {
      out[o - 1] = tok;
      out[o] = r[i + 1];
      i += 2;
    } else {
      out[o] = tok;
      i++;
    }
  }
  return out.join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  // shortest rightmost match = leftmost match on the reversed strings
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

/**
 * A word with no `$`, `<`, quote or escape token: every character is literal, so expansion gives the
 * word itself (processStopOn would rebuild it one character at a time) and the words are its
 * space-separated pieces.
 */
function isPlain(word: string, escapeToken: number): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x24 || c === 0x3c || c === 0x27 || c === 0x22 || c === escapeToken) return false;
  }
  return true;
}

/** Words.addChar's split: pieces between runs of Go's unicode spaces (none of which is a surrogate). */
function splitSpaces(word: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < word.length; i++) {
    if (isSpaceCode(word.charCodeAt(i))) {
      if (start >= 0) out.push(word.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(word.slice(start));
  return out;
}

/** BuildKit's shell.Lex. */
export class Lex {
  rawQuotes: boolean;
  rawEscapes: boolean;
  skipProcessQuotes: boolean;
  skipUnsetEnv: boolean;
  readonly escapeToken: number;
  constructor(escapeToken: string = '\\', opts: LexOptions = {}) {
    this.escapeToken = escapeToken.codePointAt(0)!;
    this.rawQuotes = !!opts.rawQuotes;
    this.rawEscapes = !!opts.rawEscapes;
    this.skipProcessQuotes = !!opts.skipProcessQuotes;
    this.skipUnsetEnv = !!opts.skipUnsetEnv;
  }

  /** Expands variables and removes quotes; spaces between words are kept. Throws ShellError. */
  processWord(word: string, env?: EnvLike): string {
    return this.process(word, env).result;
  }

  /** Expands, then splits into words (quoted spaces stay inside words). Throws ShellError. */
  processWords(word: string, env?: EnvLike): string[] {
    return this.process(word, env).words;
  }

  /** Like processWord, also reporting which variables were found (matched) and referenced but unset (unmatched). */
  processWordWithMatches(word: string, env?: EnvLike): ProcessWordResult {
    return this.process(word, env);
  }

  process(word: string, env?: EnvLike): ProcessWordResult {
    if (isPlain(word, this.escapeToken)) return { result: word, words: splitSpaces(word), matched: new Set(), unmatched: new Set() };
    const sw = new ShellWord(word, toEnvGetter(env), this, this.rawEscapes);
    try {
      const [result, words] = sw.processStopOn(EOF, this.rawEscapes);
      return { result, words, matched: sw.matches, unmatched: sw.nonmatches };
    } catch (e) {
      if (e instanceof ShellError) throw new ShellError(`failed to process ${goQuote(word)}: ${e.message}`);
      throw e;
    }
  }
}

/** Expands one word the way the builder does (quotes removed, variables substituted). Throws ShellError. */
export function expandWord(word: string, env?: EnvLike, escape: string = '\\'): string {
  return new Lex(escape).processWord(word, env);
}

/** Expands and splits into words. Throws ShellError. */
export function processWords(word: string, env?: EnvLike, escape: string = '\\'): string[] {
  return new Lex(escape).processWords(word, env);
}

/** Go's strconv.Quote (used in messages and the AST dump). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad || (c >= 0xd800 && c <= 0xdfff) || c === 0xfeff) {
      out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}
