// A POSIX shell (plus the common bash extensions) parser for the layer-hygiene rules: RUN scripts
// become a syntax tree of statements, commands, words and word parts, with offsets into the script.
//
// Why a tree of our own next to sh-syntax: sh-syntax (mvdan/sh compiled to WASM) is the reference
// parser, but its JSON output only carries the top-level statements with positions — a `Cmd` is an
// opaque {Pos, End}, so `a && rm -rf x` cannot be taken apart from what it returns. The rules need
// every call with its words, so this module parses the grammar itself (mvdan/sh's node names are
// kept: Stmt, CallExpr, BinaryCmd, Subshell, Block, IfClause, WhileClause, ForClause, CaseClause,
// FuncDecl, Lit, SglQuoted, DblQuoted, ParamExp, CmdSubst ...), and shellSyntax.ts runs sh-syntax on
// the same script as the gate: a script sh-syntax rejects is not analysed (see hygiene/index.ts).
//
// Covered: quotes ('', "", $'', escapes), line continuations, comments, `;` `&` `&&` `||` `|` `|&`
// `!`, newlines, subshells, brace groups, if/elif/else, while/until, for (word lists and C style),
// case, functions, `[[ ]]`, `(( ))`, redirections with fd numbers, here-documents (`<<`, `<<-`,
// quoted delimiters, several on one line), here-strings, parameter expansion (`$X`, `${X}`,
// `${X:-w}` and the other operators), command substitution (`$( )` and backquotes), arithmetic
// expansion, process substitution, array assignments. Never loops forever; nesting is bounded.

export type WordPart =
  /** Unquoted text (escapes removed); glob characters are active. */
  | { type: 'Lit'; value: string }
  /** Quoted or escaped text: literal, glob characters inactive. `dollar` for $'...'. */
  | { type: 'SglQuoted'; value: string; dollar?: boolean; start: number; end: number }
  | { type: 'DblQuoted'; parts: WordPart[] }
  /** `$X`, `${X}`, `${X:-word}`, `${#X}` ... `op` is the operator, `arg` the word after it. */
  | { type: 'ParamExp'; name: string; op?: string; arg?: Word; length?: boolean; short: boolean }
  | { type: 'CmdSubst'; stmts: Stmt[] }
  | { type: 'ArithmExp'; raw: string }
  | { type: 'ProcSubst'; op: '<(' | '>('; stmts: Stmt[] };

export interface Word { parts: WordPart[]; start: number; end: number }

export interface Assign { name: string; append: boolean; value?: Word; array?: Word[]; start: number; end: number }

export interface Heredoc { body: string; quoted: boolean; strip: boolean; bodyStart: number }

export interface Redirect { op: string; fd?: string; word?: Word; hdoc?: Heredoc; start: number; end: number }

export type Command =
  | { type: 'CallExpr'; assigns: Assign[]; args: Word[] }
  | { type: 'BinaryCmd'; op: '&&' | '||' | '|' | '|&'; x: Stmt; y: Stmt }
  | { type: 'Subshell'; stmts: Stmt[] }
  | { type: 'Block'; stmts: Stmt[] }
  | { type: 'IfClause'; cond: Stmt[]; then: Stmt[]; else?: Stmt[] }
  | { type: 'WhileClause'; until: boolean; cond: Stmt[]; body: Stmt[] }
  | { type: 'ForClause'; name: string; items?: Word[]; cStyle?: string; body: Stmt[] }
  | { type: 'CaseClause'; word: Word; items: Array<{ patterns: Word[]; stmts: Stmt[] }> }
  | { type: 'FuncDecl'; name: string; body: Stmt }
  | { type: 'ArithmCmd'; raw: string }
  | { type: 'TestClause'; raw: string };

export interface Stmt {
  cmd?: Command;
  negated: boolean;
  background: boolean;
  redirs: Redirect[];
  /** Offsets into the parsed script: [start, end) of the statement without its `;`/`&`. */
  start: number;
  end: number;
}

export interface ShellFile { stmts: Stmt[]; src: string }

export class ShellSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at ${offset})`);
    this.name = 'ShellSyntaxError';
  }
}

const MAX_DEPTH = 100;
const RESERVED_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface PendingHeredoc { redir: Redirect; delim: string; quoted: boolean; strip: boolean }

// Sticky patterns, matched at the parser's position without copying the rest of the input.
const RE_RESERVED = /(\{|\}|!|\[\[|if|then|elif|else|fi|for|select|in|do|done|while|until|case|esac|function|time)(?=$|[\s;&|<>()])/y;
const RE_BARE_TIME = /time[ \t]*([;&|\n)]|$)/y;
const RE_FUNC = /([A-Za-z_][A-Za-z0-9_.:-]*)[ \t]*\([ \t]*\)/y;
const RE_NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const RE_ASSIGN = /([A-Za-z_][A-Za-z0-9_]*)(\[[^\]\s]*\])?(\+?)=/y;
const RE_REDIRECT = /(\{[A-Za-z_][A-Za-z0-9_]*\}|[0-9]+)?(&>>|&>|<<<|<<-|<<|<>|>>|>\||>&|<&|>|<)/y;
const RE_SHORT_PARAM = /(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]|[@*#?$!-])/y;
const RE_PARAM_NAME = /(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])/y;
const RE_PARAM_OP = /(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%|\/\/|\/#|\/%|\/|\^\^|\^|,,|,|:|@)/y;
const RESERVED_FIRST = new Set(['{', '}', '!', '[', 'i', 't', 'e', 'f', 'd', 'w', 'u', 'c', 's']);

function stickyAt(re: RegExp, src: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(src);
}

/** Parses a script. Throws ShellSyntaxError on input a shell would reject. */
export function parseShell(src: string): ShellFile {
  const p = new Parser(src);
  const stmts = p.parseFile();
  return { stmts, src };
}

class Parser {
  i = 0;
  depth = 0;
  pending: PendingHeredoc[] = [];

  constructor(readonly src: string) {}

  fail(msg: string, at = this.i): never {
    throw new ShellSyntaxError(msg, at);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('nesting too deep');
  }

  leave(): void {
    this.depth--;
  }

  peek(n = 0): string {
    return this.src[this.i + n] ?? '';
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  atEnd(): boolean {
    return this.i >= this.src.length;
  }

  /** Spaces, tabs, line continuations and comments (not newlines). */
  skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && this.peek(1) === '\n') this.i += 2;
      else if (c === '\\' && this.peek(1) === '\r' && this.peek(2) === '\n') this.i += 3;
      else if (c === '#') {
        while (!this.atEnd() && this.peek() !== '\n') this.i++;
      } else return;
    }
  }

  /** Consumes one newline, then the bodies of the here-documents opened on the line it ends. */
  newline(): void {
    this.i++;
    if (this.pending.length) this.readHeredocs();
  }

  /** Blanks and newlines. */
  skipSpace(): void {
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '\n') this.newline();
      else return;
    }
  }

  readHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const bodyStart = this.i;
      const lines: string[] = [];
      while (!this.atEnd()) {
        let nl = this.src.indexOf('\n', this.i);
        if (nl < 0) nl = this.src.length;
        let line = this.src.slice(this.i, nl);
        this.i = Math.min(nl + 1, this.src.length);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const cmp = h.strip ? line.replace(/^\t+/, '') : line;
        if (cmp === h.delim) break;
        lines.push(h.strip ? cmp : line);
      }
      // bash accepts a here-document ended by the end of input (with a warning); so do we.
      h.redir.hdoc = { body: lines.length ? lines.join('\n') + '\n' : '', quoted: h.quoted, strip: h.strip, bodyStart };
    }
  }

  parseFile(): Stmt[] {
    const stmts = this.parseList(new Set());
    this.skipSpace();
    if (!this.atEnd()) this.fail(`unexpected '${this.peek()}'`);
    if (this.pending.length) this.readHeredocs();
    return stmts;
  }

  /** The reserved word at the current position, if any (only meaningful in command position). */
  reservedWord(): string | undefined {
    if (!RESERVED_FIRST.has(this.peek())) return undefined;
    const m = stickyAt(RE_RESERVED, this.src, this.i);
    return m ? m[1] : undefined;
  }

  /** Statements until one of `stops` (a reserved word, `)` or `;;`) or the end. */
  parseList(stops: Set<string>): Stmt[] {
    this.enter();
    const out: Stmt[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) break;
      const c = this.peek();
      if (c === ')' && stops.has(')')) break;
      if (this.startsWith(';;') || this.startsWith(';&')) {
        if (stops.has(';;')) break;
        this.fail("unexpected ';;'");
      }
      const rw = this.reservedWord();
      if (rw && RESERVED_END.has(rw)) {
        if (stops.has(rw)) break;
        this.fail(`unexpected '${rw}'`);
      }
      if (c === ';' || c === '|' || c === ')' || (c === '&' && this.peek(1) !== '>')) this.fail(`unexpected '${c}'`);
      const s = this.parseAndOr();
      this.skipBlanks();
      const sep = this.peek();
      if (sep === '&' && this.peek(1) !== '&' && this.peek(1) !== '>') {
        s.background = true;
        this.i++;
      } else if (sep === ';' && this.peek(1) !== ';' && this.peek(1) !== '&') {
        this.i++;
      } else if (sep === '\n') {
        this.newline();
      } else if (!this.atEnd() && sep !== ')' && !(sep === ';' && stops.has(';;')) && !this.atStop(stops)) {
        this.fail(`unexpected '${sep}'`);
      }
      out.push(s);
    }
    this.leave();
    return out;
  }

  atStop(stops: Set<string>): boolean {
    const rw = this.reservedWord();
    return rw !== undefined && stops.has(rw);
  }

  parseAndOr(): Stmt {
    let left = this.parsePipeline();
    for (;;) {
      this.skipBlanks();
      const op = this.startsWith('&&') ? '&&' : this.startsWith('||') ? '||' : undefined;
      if (!op) return left;
      this.i += 2;
      this.skipSpace();
      const right = this.parsePipeline();
      left = { cmd: { type: 'BinaryCmd', op, x: left, y: right }, negated: false, background: false, redirs: [], start: left.start, end: right.end };
    }
  }

  parsePipeline(): Stmt {
    this.skipBlanks();
    let negated = false;
    if (this.reservedWord() === 'time' && !stickyAt(RE_BARE_TIME, this.src, this.i)) {
      this.i += 4;
      this.skipBlanks();
      if (this.startsWith('-p ')) this.i += 3;
      this.skipBlanks();
    }
    while (this.reservedWord() === '!') {
      negated = !negated;
      this.i++;
      this.skipBlanks();
    }
    let left = this.parseCommand();
    for (;;) {
      this.skipBlanks();
      let op: '|' | '|&' | undefined;
      if (this.startsWith('|&')) op = '|&';
      else if (this.peek() === '|' && this.peek(1) !== '|') op = '|';
      if (!op) break;
      this.i += op.length;
      this.skipSpace();
      const right = this.parseCommand();
      left = { cmd: { type: 'BinaryCmd', op, x: left, y: right }, negated: false, background: false, redirs: [], start: left.start, end: right.end };
    }
    if (negated) left.negated = true;
    return left;
  }

  expectWord(w: string): void {
    this.skipSpace();
    if (this.reservedWord() !== w) this.fail(`expected '${w}'`);
    this.i += w.length;
  }

  parseCommand(): Stmt {
    this.enter();
    this.skipBlanks();
    const start = this.i;
    const stmt: Stmt = { negated: false, background: false, redirs: [], start, end: start };
    const rw = this.reservedWord();
    const c = this.peek();
    let compound = true;
    if (this.startsWith('((')) {
      stmt.cmd = { type: 'ArithmCmd', raw: this.readBalanced('((', '))') };
    } else if (c === '(') {
      this.i++;
      const stmts = this.parseList(new Set([')']));
      this.skipSpace();
      if (this.peek() !== ')') this.fail("expected ')'");
      this.i++;
      stmt.cmd = { type: 'Subshell', stmts };
    } else if (rw === '{') {
      this.i++;
      const stmts = this.parseList(new Set(['}']));
      this.expectWord('}');
      stmt.cmd = { type: 'Block', stmts };
    } else if (rw === '[[') {
      this.i += 2;
      const from = this.i;
      for (;;) {
        this.skipBlanks();
        if (this.atEnd()) this.fail("expected ']]'");
        if (this.startsWith(']]')) break;
        if (this.peek() === '\n') { this.newline(); continue; }
        if ('&|<>();'.includes(this.peek())) { this.i++; continue; }
        this.parseWord();
      }
      stmt.cmd = { type: 'TestClause', raw: this.src.slice(from, this.i) };
      this.i += 2;
    } else if (rw === 'if') {
      stmt.cmd = this.parseIf();
    } else if (rw === 'while' || rw === 'until') {
      this.i += rw.length;
      const cond = this.parseList(new Set(['do']));
      this.expectWord('do');
      const body = this.parseList(new Set(['done']));
      this.expectWord('done');
      stmt.cmd = { type: 'WhileClause', until: rw === 'until', cond, body };
    } else if (rw === 'for' || rw === 'select') {
      stmt.cmd = this.parseFor(rw.length);
    } else if (rw === 'case') {
      stmt.cmd = this.parseCase();
    } else if (rw === 'function') {
      this.i += 8;
      this.skipBlanks();
      const name = this.readName();
      if (!name) this.fail('expected a function name');
      this.skipBlanks();
      if (this.startsWith('()')) this.i += 2;
      this.skipSpace();
      stmt.cmd = { type: 'FuncDecl', name, body: this.parseCommand() };
    } else {
      compound = false;
      const fn = /[A-Za-z_]/.test(this.peek()) ? stickyAt(RE_FUNC, this.src, this.i) : null;
      if (fn && !rw) {
        this.i += fn[0].length;
        this.skipSpace();
        stmt.cmd = { type: 'FuncDecl', name: fn[1], body: this.parseCommand() };
      } else {
        stmt.cmd = this.parseSimple(stmt);
      }
    }
    if (compound) {
      let end = this.i;
      // redirections after a compound command: `{ ...; } > log`
      for (;;) {
        const save = this.i;
        this.skipBlanks();
        const r = this.tryRedirect();
        if (!r) {
          this.i = save;
          break;
        }
        stmt.redirs.push(r);
        end = this.i;
      }
      stmt.end = end;
    } else if (stmt.cmd?.type === 'FuncDecl') {
      stmt.end = stmt.cmd.body.end;
    }
    this.leave();
    return stmt;
  }

  readName(): string {
    const m = stickyAt(RE_NAME, this.src, this.i);
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }

  parseIf(kwLen = 2): Command {
    this.i += kwLen;
    const cond = this.parseList(new Set(['then']));
    this.expectWord('then');
    const then = this.parseList(new Set(['elif', 'else', 'fi']));
    this.skipSpace();
    const rw = this.reservedWord();
    if (rw === 'elif') {
      const start = this.i;
      const nested = this.parseIf(4);
      return { type: 'IfClause', cond, then, else: [{ cmd: nested, negated: false, background: false, redirs: [], start, end: this.i }] };
    }
    let els: Stmt[] | undefined;
    if (rw === 'else') {
      this.i += 4;
      els = this.parseList(new Set(['fi']));
    }
    this.expectWord('fi');
    return { type: 'IfClause', cond, then, else: els };
  }

  parseFor(kwLen: number): Command {
    this.i += kwLen;
    this.skipBlanks();
    if (this.startsWith('((')) {
      const raw = this.readBalanced('((', '))');
      this.skipBlanks();
      if (this.peek() === ';') this.i++;
      this.skipSpace();
      const body = this.parseDoGroup();
      return { type: 'ForClause', name: '', cStyle: raw, body };
    }
    const name = this.readName();
    if (!name || !NAME.test(name)) this.fail('expected a loop variable');
    this.skipSpace();
    let items: Word[] | undefined;
    if (this.reservedWord() === 'in') {
      this.i += 2;
      items = [];
      for (;;) {
        this.skipBlanks();
        const ch = this.peek();
        if (ch === ';' || ch === '\n' || this.atEnd()) break;
        items.push(this.parseWord());
      }
      if (this.peek() === ';') this.i++;
    } else if (this.peek() === ';') {
      this.i++;
    }
    this.skipSpace();
    const body = this.parseDoGroup();
    return { type: 'ForClause', name, items, body };
  }

  parseDoGroup(): Stmt[] {
    const rw = this.reservedWord();
    if (rw === '{') {
      this.i++;
      const body = this.parseList(new Set(['}']));
      this.expectWord('}');
      return body;
    }
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    return body;
  }

  parseCase(): Command {
    this.i += 4;
    this.skipBlanks();
    const word = this.parseWord();
    this.skipSpace();
    if (this.reservedWord() !== 'in') this.fail("expected 'in'");
    this.i += 2;
    const items: Array<{ patterns: Word[]; stmts: Stmt[] }> = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail("expected 'esac'");
      if (this.reservedWord() === 'esac') {
        this.i += 4;
        break;
      }
      if (this.peek() === '(') this.i++;
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlanks();
        patterns.push(this.parseWord());
        this.skipBlanks();
        if (this.peek() === '|') { this.i++; continue; }
        if (this.peek() === ')') { this.i++; break; }
        this.fail("expected ')' in case pattern");
      }
      const stmts = this.parseList(new Set([';;', 'esac']));
      items.push({ patterns, stmts });
      this.skipSpace();
      if (this.startsWith(';;&')) this.i += 3;
      else if (this.startsWith(';;') || this.startsWith(';&')) this.i += 2;
    }
    return { type: 'CaseClause', word, items };
  }

  /** Text between `open` and the matching `close` (nesting by parentheses, quotes skipped). */
  readBalanced(open: string, close: string): string {
    const from = this.i;
    this.i += open.length;
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '\\') { this.i += 2; continue; }
      if (c === "'" || c === '"') {
        const j = this.src.indexOf(c, this.i + 1);
        if (j < 0) this.fail('unterminated quote');
        this.i = j + 1;
        continue;
      }
      if (depth === 0 && this.startsWith(close)) {
        this.i += close.length;
        return this.src.slice(from + open.length, this.i - close.length);
      }
      if (c === '(') depth++;
      else if (c === ')') depth--;
      if (c === '\n') { this.newline(); continue; }
      this.i++;
    }
    return this.fail(`expected '${close}'`);
  }

  parseSimple(stmt: Stmt): Command {
    const assigns: Assign[] = [];
    const args: Word[] = [];
    let end = this.i;
    for (;;) {
      this.skipBlanks();
      if (this.atEnd()) break;
      const c = this.peek();
      const r = this.tryRedirect();
      if (r) {
        stmt.redirs.push(r);
        end = r.end;
        continue;
      }
      if (c === '\n' || c === ';' || c === '&' || c === '|' || c === ')' || c === '(') {
        if (c === '(' && args.length === 0 && assigns.length === 0) this.fail("unexpected '('");
        if (c === '(') this.fail("unexpected '('");
        break;
      }
      if (args.length === 0) {
        const a = this.tryAssign();
        if (a) {
          assigns.push(a);
          end = a.end;
          continue;
        }
        // `}` closing a group right after assignments / redirects
        if (this.reservedWord() === '}' && (assigns.length || stmt.redirs.length)) break;
      }
      const w = this.parseWord();
      args.push(w);
      end = w.end;
    }
    if (!args.length && !assigns.length && !stmt.redirs.length) this.fail(`expected a command at '${this.peek() || 'end'}'`);
    stmt.end = end;
    return { type: 'CallExpr', assigns, args };
  }

  tryAssign(): Assign | undefined {
    if (!/[A-Za-z_]/.test(this.peek())) return undefined;
    const m = stickyAt(RE_ASSIGN, this.src, this.i);
    if (!m) return undefined;
    const start = this.i;
    this.i += m[0].length;
    const a: Assign = { name: m[1], append: m[3] === '+', start, end: this.i };
    if (this.peek() === '(') {
      this.i++;
      const items: Word[] = [];
      for (;;) {
        this.skipSpace();
        if (this.atEnd()) this.fail("expected ')'");
        if (this.peek() === ')') { this.i++; break; }
        items.push(this.parseWord());
      }
      a.array = items;
    } else if (!this.atEnd() && !META.has(this.peek())) {
      a.value = this.parseWord();
    }
    a.end = this.i;
    return a;
  }

  tryRedirect(): Redirect | undefined {
    const c0 = this.peek();
    if (c0 !== '<' && c0 !== '>' && c0 !== '&' && c0 !== '{' && !(c0 >= '0' && c0 <= '9')) return undefined;
    const m = stickyAt(RE_REDIRECT, this.src, this.i);
    if (!m) return undefined;
    // `<(` / `>(` are process substitutions (words), not redirections
    if ((m[2] === '<' || m[2] === '>') && this.src[this.i + m[0].length] === '(' && !m[1]) return undefined;
    const start = this.i;
    this.i += m[0].length;
    const r: Redirect = { op: m[2], fd: m[1], start, end: this.i };
    this.skipBlanks();
    if (this.atEnd() || (META.has(this.peek()) && this.peek() !== '(')) this.fail(`expected a word after '${m[2]}'`);
    r.word = this.parseWord();
    r.end = this.i;
    if (r.op === '<<' || r.op === '<<-') {
      const delim = literalValue(r.word);
      const quoted = r.word.parts.some((p) => p.type !== 'Lit');
      this.pending.push({ redir: r, delim, quoted, strip: r.op === '<<-' });
    }
    return r;
  }

  /** One word: everything up to an unquoted metacharacter. */
  parseWord(stop?: string): Word {
    this.enter();
    const start = this.i;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'Lit', value: lit });
      lit = '';
    };
    for (;;) {
      if (this.atEnd()) break;
      const c = this.peek();
      if (stop !== undefined ? c === stop : META.has(c)) {
        // process substitution at the start of a word
        if ((c === '<' || c === '>') && this.peek(1) === '(' && stop === undefined && this.i === start) {
          flush();
          const op = c === '<' ? '<(' : '>(';
          this.i += 2;
          const stmts = this.parseList(new Set([')']));
          this.skipSpace();
          if (this.peek() !== ')') this.fail("expected ')'");
          this.i++;
          parts.push({ type: 'ProcSubst', op, stmts });
          continue;
        }
        // extglob `@(a|b)` and friends
        if (c === '(' && stop === undefined && /[@!?*+]$/.test(lit)) {
          const raw = this.readBalanced('(', ')');
          lit += `(${raw})`;
          continue;
        }
        break;
      }
      if (stop !== undefined && c === '\n') {
        lit += c;
        this.newline();
        continue;
      }
      if (c === '\\') {
        const n = this.peek(1);
        if (n === '\n') { this.i += 2; continue; }
        if (n === '\r' && this.peek(2) === '\n') { this.i += 3; continue; }
        flush();
        if (n) parts.push({ type: 'SglQuoted', value: n, start: this.i, end: this.i + 2 });
        this.i += n ? 2 : 1;
        continue;
      }
      if (c === "'") {
        flush();
        const j = this.src.indexOf("'", this.i + 1);
        if (j < 0) this.fail('unterminated single quote');
        parts.push({ type: 'SglQuoted', value: this.src.slice(this.i + 1, j), start: this.i, end: j + 1 });
        this.i = j + 1;
        continue;
      }
      if (c === '"') {
        flush();
        parts.push(this.parseDouble());
        continue;
      }
      if (c === '$' && this.peek(1) === "'") {
        flush();
        const s = this.i;
        parts.push({ type: 'SglQuoted', value: this.readAnsiC(), dollar: true, start: s, end: this.i });
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.parseDollarOrBackquote();
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
        lit += c;
        this.i++;
        continue;
      }
      lit += c;
      this.i++;
    }
    flush();
    this.leave();
    if (this.i === start && stop === undefined) this.fail(`unexpected '${this.peek() || 'end'}'`);
    return { parts, start, end: this.i };
  }

  readAnsiC(): string {
    this.i += 2;
    let out = '';
    const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === "'") { this.i++; return out; }
      if (c === '\\') {
        const n = this.peek(1);
        if (n in esc) { out += esc[n]; this.i += 2; continue; }
        const oct = /^[0-7]{1,3}/.exec(this.src.slice(this.i + 1, this.i + 4));
        if (oct) { out += String.fromCharCode(parseInt(oct[0], 8)); this.i += 1 + oct[0].length; continue; }
        const hex = /^x([0-9a-fA-F]{1,2})/.exec(this.src.slice(this.i + 1, this.i + 4));
        if (hex) { out += String.fromCharCode(parseInt(hex[1], 16)); this.i += 1 + hex[0].length; continue; }
        out += n;
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    return this.fail('unterminated $\'...\'');
  }

  parseDouble(): WordPart {
    const open = this.i;
    this.i++;
    const parts: WordPart[] = [];
    let lit = '';
    let litStart = this.i;
    const flush = () => {
      if (lit) parts.push({ type: 'SglQuoted', value: lit, start: litStart, end: this.i });
      lit = '';
    };
    for (;;) {
      if (this.atEnd()) this.fail('unterminated double quote', open);
      const c = this.peek();
      if (c === '"') { flush(); this.i++; break; }
      if (c === '\\') {
        const n = this.peek(1);
        if (n === '\n') { this.i += 2; continue; }
        if (n === '$' || n === '`' || n === '"' || n === '\\') { if (!lit) litStart = this.i; lit += n; this.i += 2; continue; }
        if (!lit) litStart = this.i;
        lit += c;
        this.i++;
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.parseDollarOrBackquote();
        if (p) { flush(); parts.push(p); continue; }
      }
      if (c === '\n') {
        if (!lit) litStart = this.i;
        lit += c;
        this.newlineInWord();
        continue;
      }
      if (!lit) litStart = this.i;
      lit += c;
      this.i++;
    }
    return { type: 'DblQuoted', parts };
  }

  /** A newline inside quotes is text; here-documents wait for the end of the command line. */
  newlineInWord(): void {
    this.i++;
  }

  parseDollarOrBackquote(): WordPart | undefined {
    const c = this.peek();
    if (c === '`') {
      const from = this.i + 1;
      let j = from;
      let inner = '';
      for (;;) {
        if (j >= this.src.length) this.fail('unterminated backquote');
        const ch = this.src[j];
        if (ch === '`') break;
        if (ch === '\\' && j + 1 < this.src.length && '$`\\'.includes(this.src[j + 1])) { inner += this.src[j + 1]; j += 2; continue; }
        inner += ch;
        j++;
      }
      this.i = j + 1;
      return { type: 'CmdSubst', stmts: subParse(inner, this.depth) };
    }
    const n = this.peek(1);
    if (n === '(' && this.peek(2) === '(') {
      const save = this.i;
      try {
        this.i++;
        return { type: 'ArithmExp', raw: this.readBalanced('((', '))') };
      } catch {
        this.i = save; // `$( (a) )`: a command substitution starting with a subshell
      }
    }
    if (n === '(') {
      this.i += 2;
      const stmts = this.parseList(new Set([')']));
      this.skipSpace();
      if (this.peek() !== ')') this.fail("expected ')' closing '$('");
      this.i++;
      return { type: 'CmdSubst', stmts };
    }
    if (n === '[') {
      return { type: 'ArithmExp', raw: this.readBalanced('$[', ']') };
    }
    if (n === '{') return this.parseParamExp();
    const m = stickyAt(RE_SHORT_PARAM, this.src, this.i + 1);
    if (!m) return undefined;
    this.i += 1 + m[0].length;
    return { type: 'ParamExp', name: m[0], short: true };
  }

  parseParamExp(): WordPart {
    const open = this.i;
    this.i += 2;
    let length = false;
    if (this.peek() === '#' && this.peek(1) !== '}' && !/^#[:#%/-]/.test(this.src.slice(this.i, this.i + 2))) {
      length = true;
      this.i++;
    } else if (this.peek() === '!') {
      this.i++; // indirection ${!X}
    }
    const m = stickyAt(RE_PARAM_NAME, this.src, this.i);
    if (!m) this.fail('bad substitution', open);
    const name = m[0];
    this.i += name.length;
    if (this.peek() === '[') {
      const j = this.src.indexOf(']', this.i);
      if (j < 0) this.fail('bad substitution', open);
      this.i = j + 1;
    }
    if (this.peek() === '}') {
      this.i++;
      return { type: 'ParamExp', name, length, short: false };
    }
    const op = stickyAt(RE_PARAM_OP, this.src, this.i);
    if (!op) this.fail('bad substitution', open);
    this.i += op[0].length;
    const arg = this.parseWord('}');
    if (this.peek() !== '}') this.fail("expected '}'", open);
    this.i++;
    return { type: 'ParamExp', name, op: op[0], arg, length, short: false };
  }
}

function subParse(src: string, depth: number): Stmt[] {
  if (depth > MAX_DEPTH) throw new ShellSyntaxError('nesting too deep', 0);
  const p = new Parser(src);
  p.depth = depth;
  return p.parseFile();
}

/** The text of a word with quotes removed, expansions kept as written (`$X`). For delimiters and commands names. */
export function literalValue(w: Word): string {
  let out = '';
  const walk = (parts: WordPart[]) => {
    for (const p of parts) {
      if (p.type === 'Lit' || p.type === 'SglQuoted') out += p.value;
      else if (p.type === 'DblQuoted') walk(p.parts);
      else if (p.type === 'ParamExp') out += p.short ? `$${p.name}` : `\${${p.name}}`;
      else out += '\0';
    }
  };
  walk(w.parts);
  return out;
}

/** Visits every statement, depth first, including those nested in command substitutions. */
export function walkStmts(stmts: Stmt[], fn: (s: Stmt) => void): void {
  const visitWord = (w: Word | undefined) => {
    if (!w) return;
    for (const p of w.parts) visitPart(p);
  };
  const visitPart = (p: WordPart) => {
    if (p.type === 'CmdSubst' || p.type === 'ProcSubst') walkStmts(p.stmts, fn);
    else if (p.type === 'DblQuoted') p.parts.forEach(visitPart);
    else if (p.type === 'ParamExp') visitWord(p.arg);
  };
  for (const s of stmts) {
    fn(s);
    const c = s.cmd;
    if (!c) continue;
    switch (c.type) {
      case 'CallExpr':
        c.args.forEach(visitWord);
        for (const a of c.assigns) { visitWord(a.value); a.array?.forEach(visitWord); }
        break;
      case 'BinaryCmd': walkStmts([c.x, c.y], fn); break;
      case 'Subshell': case 'Block': walkStmts(c.stmts, fn); break;
      case 'IfClause': walkStmts(c.cond, fn); walkStmts(c.then, fn); if (c.else) walkStmts(c.else, fn); break;
      case 'WhileClause': walkStmts(c.cond, fn); walkStmts(c.body, fn); break;
      case 'ForClause': c.items?.forEach(visitWord); walkStmts(c.body, fn); break;
      case 'CaseClause': visitWord(c.word); for (const it of c.items) walkStmts(it.stmts, fn); break;
      case 'FuncDecl': walkStmts([c.body], fn); break;
      default: break;
    }
    for (const r of s.redirs) visitWord(r.word);
  }
}
