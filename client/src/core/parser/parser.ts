// The one Dockerfile parser (BuildKit's frontend/dockerfile/parser semantics), error-tolerant and with
// exact source ranges. It never throws: problems go to Dockerfile.errors / warnings, and a half-typed
// file still yields every instruction it can.
//
// Hand-written rather than using dockerfile-ast (the peer language server's parser) because the
// builder needs BuildKit's exact semantics (continuations with comment lines, the escape directive,
// heredocs, flags, JSON-vs-shell form) byte for byte, as checked by the shared BuildKit vectors.

import type {
  ArgsSegment, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, ParseProblem, Position, Range, Stage, Word,
} from './model';
import { goTrimSpace, isSpaceCode, Lex, ShellError } from './shell';
import { DirectiveParser } from './directives';

const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
/** The instructions BuildKit's parser knows (others parse with no arguments). */
export const INSTRUCTIONS: ReadonlySet<string> = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
/** Go's bufio.Scanner limit, which BuildKit inherits. */
const MAX_LINE_BYTES = 64 * 1024;

function isSpaceAt(s: string, i: number): boolean {
  return isSpaceCode(s.charCodeAt(i));
}
// BuildKit's reWhitespace: [\t\v\f\r ]
function isReWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d;
}

/** A piece of a logical line and where it came from. */
interface Segment { logStart: number; line: number; col: number }

/** Maps offsets in a logical (continuation-joined) line back to document positions. */
class OffsetMap {
  constructor(readonly segs: Segment[], readonly length: number) {}
  pos(o: number): Position {
    // the last segment starting at or before o (the first one if none does): a binary search, as a
    // backslash storm makes thousands of segments
    const segs = this.segs;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].logStart > o) hi = mid - 1;
      else lo = mid;
    }
    const s = segs[lo];
    return { line: s.line, character: s.col + (o - s.logStart) };
  }
  /** Position just after the character at offset e-1 (so ranges never jump to the next line's start). */
  endPos(e: number): Position {
    if (e <= 0) return this.pos(0);
    const p = this.pos(e - 1);
    return { line: p.line, character: p.character + 1 };
  }
  range(start: number, end: number): Range {
    return { start: this.pos(start), end: end > start ? this.endPos(end) : this.pos(start) };
  }
  shift(delta: number): OffsetMap {
    return new OffsetMap(this.segs.map((s) => ({ logStart: s.logStart - delta, line: s.line, col: s.col })), this.length - delta);
  }
}

interface ArgNode { value: string; start: number; end: number }

interface NodeResult {
  args: ArgNode[];
  json: boolean;
  onbuild?: Instruction;
  error?: string;
}

interface Ctx {
  escape: string;
  errors: ParseProblem[];
}

function problem(message: string, range: Range, code?: string, severity: 'error' | 'warning' = 'error'): ParseProblem {
  return code ? { message, range, severity, code } : { message, range, severity };
}

// ---------------------------------------------------------------------------------------------
// word splitting helpers (BuildKit line_parsers.go)

/**
 * Quote-aware split that keeps quotes and escapes (BuildKit parseWords), with offsets.
 * A word's value is its source text, except that an escape token ending the input is dropped,
 * so words are sliced rather than built character by character (this runs for every instruction).
 */
export function parseWordsWithOffsets(rest: string, escape: string): ArgNode[] {
  const words: ArgNode[] = [];
  const esc = escape.charCodeAt(0);
  const n = rest.length;
  let pos = 0;
  while (pos < n) {
    // skip spaces
    while (pos < n && isSpaceCode(rest.codePointAt(pos)!)) pos += rest.codePointAt(pos)! > 0xffff ? 2 : 1;
    if (pos >= n) break;
    const start = pos;
    let quote = 0;
    let blankOK = false;
    let end = -1; // end of the value when it differs from the word's end (dropped trailing escape)
    while (pos < n) {
      const c = rest.charCodeAt(pos);
      if (quote === 0) {
        if (c < 0x80 ? isSpaceCode(c) : isSpaceCode(rest.codePointAt(pos)!)) break;
        if (c === 0x27 || c === 0x22) {
          quote = c;
          blankOK = true;
          pos++;
          continue;
        }
        if (c === esc) {
          if (pos + 1 === n) { end = pos; pos++; break; }
          pos += 1 + (rest.codePointAt(pos + 1)! > 0xffff ? 2 : 1);
          continue;
        }
        pos++;
        continue;
      }
      if (c === quote) {
        quote = 0;
        pos++;
        continue;
      }
      if (c === esc && quote !== 0x27) {
        if (pos + 1 === n) { end = pos; pos++; break; }
        pos += 1 + (rest.codePointAt(pos + 1)! > 0xffff ? 2 : 1);
        continue;
      }
      pos++;
    }
    const valueEnd = end >= 0 ? end : pos;
    if (blankOK || valueEnd > start) words.push({ value: rest.slice(start, valueEnd), start, end: pos });
  }
  return words;
}

/** BuildKit's parseWords: split on whitespace keeping quotes and escapes inside the words. */
export function parseWords(rest: string, escape = '\\'): string[] {
  return parseWordsWithOffsets(rest, escape).map((w) => w.value);
}

/** Splits on BuildKit's reWhitespace ([\t\v\f\r ]+), at most `limit` parts (-1 = all), with offsets. */
function splitWs(s: string, limit: number): ArgNode[] {
  const out: ArgNode[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    if (isReWs(s.charCodeAt(i)) && (limit < 0 || out.length < limit - 1)) {
      out.push({ value: s.slice(start, i), start, end: i });
      while (i < s.length && isReWs(s.charCodeAt(i))) i++;
      start = i;
      continue;
    }
    i++;
  }
  out.push({ value: s.slice(start), start, end: s.length });
  return out;
}

function trimSpaceBounds(s: string, from = 0, to = s.length): [number, number] {
  let a = from;
  let b = to;
  while (a < b && isSpaceAt(s, a)) a++;
  while (b > a && isSpaceAt(s, b - 1)) b--;
  return [a, b];
}

export class NotStringArrayError extends Error {
  constructor() {
    super('when using JSON array syntax, arrays must be comprised of strings only');
  }
}

/**
 * BuildKit's parseJSON: the rest must be a JSON array of strings. Returns undefined when it is not a
 * JSON array at all (then the shell form applies); throws NotStringArrayError for an array with
 * non-string elements.
 */
export function parseJSONArgs(rest: string): ArgNode[] | undefined {
  let i = 0;
  while (i < rest.length && isSpaceAt(rest, i)) i++;
  if (rest.charCodeAt(i) !== 0x5b /* [ */) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest.slice(i));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  for (const v of parsed) if (typeof v !== 'string') throw new NotStringArrayError();
  // All elements are strings: find each string token for its range.
  const out: ArgNode[] = [];
  let k = 0;
  for (let p = i + 1; p < rest.length && k < parsed.length; p++) {
    if (rest.charCodeAt(p) !== 0x22) continue;
    let q = p + 1;
    while (q < rest.length && rest.charCodeAt(q) !== 0x22) q += rest.charCodeAt(q) === 0x5c ? 2 : 1;
    out.push({ value: parsed[k++] as string, start: p, end: q + 1 });
    p = q;
  }
  return out;
}

function shift(nodes: ArgNode[], base: number): ArgNode[] {
  return nodes.map((n) => ({ value: n.value, start: n.start + base, end: n.end + base }));
}

// ---------------------------------------------------------------------------------------------
// per-instruction argument parsers (BuildKit's dispatch table); offsets are relative to `rest`

function parseMaybeJSON(rest: string): NodeResult {
  if (rest === '') return { args: [], json: false };
  try {
    const j = parseJSONArgs(rest);
    if (j) return { args: j, json: true };
  } catch (e) {
    return { args: [], json: false, error: (e as Error).message };
  }
  return { args: [{ value: rest, start: 0, end: rest.length }], json: false };
}

function parseMaybeJSONToList(rest: string): NodeResult {
  try {
    const j = parseJSONArgs(rest);
    if (j) return { args: j, json: true };
  } catch (e) {
    return { args: [], json: false, error: (e as Error).message };
  }
  return parseStringsWhitespaceDelimited(rest);
}

function parseStringsWhitespaceDelimited(rest: string): NodeResult {
  if (rest === '') return { args: [], json: false };
  return { args: splitWs(rest, -1), json: false };
}

function parseString(rest: string): NodeResult {
  if (rest === '') return { args: [], json: false };
  return { args: [{ value: rest, start: 0, end: rest.length }], json: false };
}

export class NameValError extends Error {}

/** BuildKit's parseNameVal for ENV/LABEL: triples key, value, separator. Throws NameValError. */
export function parseNameValNodes(rest: string, key: string, escape = '\\'): ArgNode[] {
  const words = parseWordsWithOffsets(rest, escape);
  if (words.length === 0) return [];
  if (!words[0].value.includes('=')) {
    const parts = splitWs(rest, 2);
    if (parts.length < 2) throw new NameValError(`${key} must have two arguments`);
    return [parts[0], parts[1], { value: '', start: parts[1].end, end: parts[1].end }];
  }
  const out: ArgNode[] = [];
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq < 0) {
      throw new NameValError(`Syntax error - can't find = in ${JSON.stringify(w.value)}. Must be of the form: name=value`);
    }
    const k = w.value.slice(0, eq);
    out.push({ value: k, start: w.start, end: w.start + eq });
    out.push({ value: '=', start: w.start + eq, end: w.start + eq + 1 });
    out.push({ value: w.value.slice(eq + 1), start: w.start + eq + 1, end: w.end });
  }
  // reorder to key, value, "=" like BuildKit
  const res: ArgNode[] = [];
  for (let i = 0; i < out.length; i += 3) res.push(out[i], out[i + 2], out[i + 1]);
  return res;
}

/** BuildKit's parseNameVal returning only the values. Throws NameValError. */
export function parseNameVal(rest: string, key: string, escape = '\\'): string[] {
  return parseNameValNodes(rest, key, escape).map((n) => n.value);
}

function parseNameValResult(rest: string, key: string, escape: string): NodeResult {
  try {
    return { args: parseNameValNodes(rest, key, escape), json: false };
  } catch (e) {
    return { args: [], json: false, error: (e as Error).message };
  }
}

function parseHealthConfig(rest: string): NodeResult {
  let sep = 0;
  while (sep < rest.length && !isSpaceAt(rest, sep)) sep++;
  let next = sep;
  while (next < rest.length && isSpaceAt(rest, next)) next++;
  if (sep === 0) return { args: [], json: false };
  const cmd = parseMaybeJSON(rest.slice(next));
  return {
    args: [{ value: rest.slice(0, sep), start: 0, end: sep }, ...shift(cmd.args, next)],
    json: cmd.json,
    error: cmd.error,
  };
}

// ---------------------------------------------------------------------------------------------
// flags (BuildKit's extractBuilderFlags)

interface RawFlag { raw: string; start: number; end: number }

function extractBuilderFlags(line: string, escape: string): { rest: number; flags: RawFlag[] } {
  const flags: RawFlag[] = [];
  let phase = 0;
  let buf = '';
  let quote = '';
  let blankOK = false;
  let start = 0;
  for (let pos = 0; pos <= line.length; pos++) {
    const ch = pos !== line.length ? line[pos] : '';
    if (phase === 0) {
      if (pos === line.length) break;
      if (isSpaceAt(line, pos)) continue;
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') return { rest: pos, flags };
      // a flag word without quotes or escape tokens is its own raw text (phase 1 would build the
      // same string a character at a time)
      let j = pos + 2;
      while (j < line.length && !isSpaceAt(line, j)) {
        const c = line[j];
        if (c === '"' || c === "'" || c === escape) break;
        j++;
      }
      if (j === line.length || isSpaceAt(line, j)) {
        const word = line.slice(pos, j);
        if (word === '--') return { rest: j, flags };
        flags.push({ raw: word, start: pos, end: j });
        if (j === line.length) break;
        pos = j;
        continue;
      }
      phase = 1;
      start = pos;
    }
    if ((phase === 1 || phase === 2) && pos === line.length) {
      if (buf !== '--' && (blankOK || buf.length > 0)) flags.push({ raw: buf, start, end: pos });
      break;
    }
    if (phase === 1) {
      if (isSpaceAt(line, pos)) {
        phase = 0;
        if (buf === '--') return { rest: pos, flags };
        if (blankOK || buf.length > 0) flags.push({ raw: buf, start, end: pos });
        buf = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 2;
        continue;
      }
      let c = ch;
      if (c === escape) {
        if (pos + 1 === line.length) continue;
        pos++;
        c = line[pos];
      }
      buf += c;
      continue;
    }
    if (ch === quote) { phase = 1; continue; }
    let c = ch;
    if (c === escape) {
      if (pos + 1 === line.length) { phase = 1; continue; }
      pos++;
      c = line[pos];
    }
    buf += c;
  }
  return { rest: line.length, flags };
}

// ---------------------------------------------------------------------------------------------
// instruction from a logical line

/**
 * An instruction as the parser makes it. `words` and `argsSegments` are computed on first use: most
 * consumers (the builder's dispatch, the diagnostics of a whole file) never read them, and a
 * 2,000-line file would otherwise allocate a word, a range and two positions for every word.
 */
class ParsedInstruction implements Instruction {
  declare keyword: string;
  declare keywordRaw: string;
  declare keywordRange: Range;
  declare range: Range;
  declare startLine: number;
  declare endLine: number;
  declare flags: Flag[];
  declare args: Word[];
  declare json: boolean;
  declare argsText: string;
  declare argsRange?: Range;
  declare heredocs: Heredoc[];
  declare onbuild?: Instruction;
  declare comments: string[];
  declare stage: number;
  declare original: string;
  declare errors: ParseProblem[];
  #words: Word[] | undefined;
  #segments: ArgsSegment[] | undefined;
  readonly #map: OffsetMap;
  readonly #argsStart: number;
  readonly #escape: string;

  constructor(
    keyword: string, keywordRaw: string, keywordRange: Range, range: Range, flags: Flag[], args: Word[], json: boolean,
    argsText: string, argsRange: Range | undefined, comments: string[], original: string, errors: ParseProblem[],
    map: OffsetMap, argsStart: number, escape: string,
  ) {
    this.keyword = keyword;
    this.keywordRaw = keywordRaw;
    this.keywordRange = keywordRange;
    this.range = range;
    this.startLine = range.start.line;
    this.endLine = range.end.line;
    this.flags = flags;
    this.args = args;
    this.json = json;
    this.argsText = argsText;
    this.argsRange = argsRange;
    this.heredocs = [];
    this.comments = comments;
    this.stage = -1;
    this.original = original;
    this.errors = errors;
    this.#map = map;
    this.#argsStart = argsStart;
    this.#escape = escape;
    // ARG's arguments are its words (the same quote-aware split)
    this.#words = keyword === 'ARG' ? args.slice() : undefined;
    this.#segments = undefined;
  }

  get words(): Word[] {
    if (this.#words === undefined) {
      const map = this.#map;
      const base = this.#argsStart;
      this.#words = parseWordsWithOffsets(this.argsText, this.#escape).map((n) => ({ value: n.value, range: map.range(n.start + base, n.end + base) }));
    }
    return this.#words;
  }

  set words(v: Word[]) {
    this.#words = v;
  }

  get argsSegments(): ArgsSegment[] {
    if (this.#segments === undefined) {
      const base = this.#argsStart;
      this.#segments = this.#map.segs.map((sg) => ({ offset: sg.logStart - base, line: sg.line, character: sg.col }));
    }
    return this.#segments;
  }

  set argsSegments(v: ArgsSegment[]) {
    this.#segments = v;
  }
}

function newInstruction(line: string, map: OffsetMap, ctx: Ctx, comments: string[]): Instruction {
  const [a, b] = trimSpaceBounds(line);
  let cmdEnd = a;
  while (cmdEnd < b && !isReWs(line.charCodeAt(cmdEnd))) cmdEnd++;
  const keywordRaw = line.slice(a, cmdEnd);
  const keyword = keywordRaw.toUpperCase();
  let restStart = cmdEnd;
  while (restStart < b && isReWs(line.charCodeAt(restStart))) restStart++;
  let flags: Flag[] = [];
  let argsStart = b;
  let argsEnd = b;
  if (restStart < b || cmdEnd < b) {
    const restLine = line.slice(restStart, b);
    const fx = extractBuilderFlags(restLine, ctx.escape);
    flags = fx.flags.map((f) => toFlag(f, restStart, map));
    const [x, y] = trimSpaceBounds(line, restStart + fx.rest, b);
    argsStart = x;
    argsEnd = y;
  }
  const argsText = line.slice(argsStart, argsEnd);
  const instrErrors: ParseProblem[] = [];
  let res: NodeResult;
  switch (keyword) {
    case 'ADD': case 'COPY': case 'VOLUME': res = parseMaybeJSONToList(argsText); break;
    case 'ARG': res = { args: parseWordsWithOffsets(argsText, ctx.escape), json: false }; break;
    case 'CMD': case 'ENTRYPOINT': case 'RUN': case 'SHELL': res = parseMaybeJSON(argsText); break;
    case 'ENV': case 'LABEL': res = parseNameValResult(argsText, keyword, ctx.escape); break;
    case 'EXPOSE': case 'FROM': res = parseStringsWhitespaceDelimited(argsText); break;
    case 'HEALTHCHECK': res = parseHealthConfig(argsText); break;
    case 'MAINTAINER': case 'STOPSIGNAL': case 'USER': case 'WORKDIR': res = parseString(argsText); break;
    case 'ONBUILD':
      if (argsText === '') res = { args: [], json: false };
      else {
        const sub = newInstruction(argsText, map.shift(argsStart), ctx, []);
        res = { args: [], json: false, onbuild: sub };
      }
      break;
    default:
      res = { args: [], json: false };
  }
  const startPos = map.pos(a);
  const endPos = map.endPos(Math.max(b, a));
  const args = res.args.map((n) => ({ value: n.value, range: map.range(n.start + argsStart, n.end + argsStart) }));
  // positions and ranges are never mutated: equal ones are shared (the keyword starts where the
  // instruction does; a shell-form RUN's one argument spans exactly the argument text)
  const keywordRange = { start: startPos, end: cmdEnd > a ? map.endPos(cmdEnd) : startPos };
  const whole = res.args.length === 1 && res.args[0].start === 0 && res.args[0].end === argsText.length;
  const argsRange = !argsText ? undefined : whole ? args[0].range : map.range(argsStart, argsEnd);
  const inst = new ParsedInstruction(keyword, keywordRaw, keywordRange, { start: startPos, end: endPos }, flags, args, res.json,
    argsText, argsRange, comments, line, instrErrors, map, argsStart, ctx.escape);
  if (res.onbuild) inst.onbuild = res.onbuild;
  if (res.error) {
    const p = problem(res.error, argsText ? map.range(argsStart, argsEnd) : inst.range);
    instrErrors.push(p);
    ctx.errors.push(p);
  }

  if (keywordRaw === '') {
    // can only happen for an empty ONBUILD trigger; keep the model total
    inst.keyword = '';
  }
  return inst;
}

function toFlag(f: RawFlag, base: number, map: OffsetMap): Flag {
  const body = f.raw.startsWith('--') ? f.raw.slice(2) : f.raw;
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const value = eq < 0 ? undefined : body.slice(eq + 1);
  const s = base + f.start;
  const e = base + f.end;
  const nameEnd = Math.min(e, s + 2 + name.length);
  const flag: Flag = { name, value, raw: f.raw, range: map.range(s, e), nameRange: map.range(s + 2, nameEnd) };
  if (value !== undefined) flag.valueRange = map.range(Math.min(e, nameEnd + 1), e);
  return flag;
}

// ---------------------------------------------------------------------------------------------
// heredocs

const reHeredoc = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

export interface HeredocHeader { name: string; fileDescriptor: number; expand: boolean; chomp: boolean }

/** BuildKit's ParseHeredoc: parses one `<<EOF`-style word; undefined if it is not a heredoc. Throws on bad quoting. */
export function parseHeredoc(src: string): HeredocHeader | undefined {
  const m = reHeredoc.exec(src);
  if (!m) return undefined;
  const fd = m[1] === '' ? 0 : Number.parseInt(m[1], 10);
  const chomp = m[2] === '-';
  const rest = m[3];
  if (rest.length === 0) return undefined;
  // Lex the word with and without quotes: different quote counts mean part of it was quoted,
  // and a quoted delimiter turns off expansion of the body.
  const lex = new Lex('\\', { skipUnsetEnv: true });
  const words = lex.processWords(rest);
  if (words.length !== 1) return undefined;
  lex.rawQuotes = true;
  const wordsRaw = lex.processWords(rest);
  if (wordsRaw.length !== words.length) {
    throw new ShellError(`internal lexing of heredoc produced inconsistent results: ${rest}`);
  }
  const count = (s: string): number => (s.match(/['"]/g) ?? []).length;
  return { name: words[0], fileDescriptor: Number.isFinite(fd) ? fd : 0, expand: count(words[0]) === count(wordsRaw[0]), chomp };
}

/** The raw words of a line that hold heredoc headers (`<<EOF`, `3<<-'X'`), BuildKit's heredocsFromLine. */
export function heredocsFromLine(line: string): Array<HeredocHeader & { word: string }> {
  const lex = new Lex('\\', { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
  let words: string[];
  try {
    words = lex.processWords(line);
  } catch {
    words = [];
  }
  const docs: Array<HeredocHeader & { word: string }> = [];
  for (const w of words) {
    const h = parseHeredoc(w);
    if (h) docs.push({ ...h, word: w });
  }
  return docs;
}

/** Removes leading tabs from every line (applied to `<<-` bodies by the builder). */
export function chompHeredocContent(src: string): string {
  return src.replace(/^\t+/gm, '');
}

function canContainHeredoc(inst: Instruction): boolean {
  const node = inst.keyword === 'ONBUILD' && inst.onbuild ? inst.onbuild : inst;
  return HEREDOC_KEYWORDS.has(node.keyword) && !node.json;
}

// ---------------------------------------------------------------------------------------------
// the file

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function isCommentLine(s: string): boolean {
  let i = 0;
  while (i < s.length && isSpaceAt(s, i)) i++;
  return i < s.length && s.charCodeAt(i) === 0x23;
}

/** Parses a Dockerfile. Never throws. */
export function parse(text: string): Dockerfile {
  // physical lines (Go's scanLines variant): where each starts, and its text without the newline,
  // sliced once (a line is read several times below)
  const starts: number[] = [];
  for (let i = 0; i < text.length; ) {
    starts.push(i);
    const j = text.indexOf('\n', i);
    if (j < 0) break;
    i = j + 1;
  }
  const nLines = starts.length;
  const endOf = (ln: number): number => (ln + 1 < nLines ? starts[ln + 1] : text.length);
  /** A physical line with its newline (heredoc bodies keep them). */
  const rawLine = (ln: number): string => text.slice(starts[ln], endOf(ln));
  const lines: string[] = new Array(nLines);
  for (let ln = 0; ln < nLines; ln++) {
    const s = starts[ln];
    let e = endOf(ln);
    while (e > s && (text.charCodeAt(e - 1) === 0x0a || text.charCodeAt(e - 1) === 0x0d)) e--;
    lines[ln] = text.slice(s, e);
  }
  const errors: ParseProblem[] = [];
  const warnings: ParseProblem[] = [];
  const directives: Directive[] = [];
  const allComments: Comment[] = [];
  const instructions: Instruction[] = [];
  const ctx: Ctx = { escape: '\\', errors };
  const dirParser = new DirectiveParser();
  let comments: string[] = [];
  const lineRange = (ln: number): Range => ({
    start: { line: ln, character: 0 },
    end: { line: ln, character: (lines[ln] ?? '').length },
  });

  for (let ln = 0; ln < nLines; ln++) {
    if (endOf(ln) - starts[ln] > MAX_LINE_BYTES / 4 && utf8Length(lines[ln]) >= MAX_LINE_BYTES) {
      errors.push(problem(`dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`, lineRange(ln)));
    }
  }

  // processLine: strip the newline, optionally leading space, feed the directive parser, drop comments
  const processLine = (ln: number, stripLeft: boolean): { text: string; col: number; directive: boolean } => {
    let t = lines[ln];
    let col = 0;
    if (ln === 0 && t.charCodeAt(0) === 0xfeff) { t = t.slice(1); col = 1; }
    if (stripLeft) {
      let k = 0;
      while (k < t.length && isSpaceAt(t, k)) k++;
      if (k) { t = t.slice(k); col += k; }
    }
    let directive = false;
    try {
      const d = dirParser.parseLine(t);
      if (d) {
        const range: Range = { start: { line: ln, character: col }, end: { line: ln, character: col + t.length } };
        directives.push({ name: d.name, value: d.value, range });
        directive = true;
        if (d.name === 'escape') {
          if (d.value !== '`' && d.value !== '\\') {
            directive = false;
            errors.push(problem(`invalid escape token '${d.value}' does not match \` or \\`, range));
          } else {
            ctx.escape = d.value;
          }
        }
      }
    } catch (e) {
      errors.push(problem((e as Error).message, lineRange(ln)));
    }
    if (isCommentLine(t)) {
      let k = 0;
      while (k < t.length && isSpaceAt(t, k)) k++;
      // directives are reported in Dockerfile.directives, not as comments
      if (!directive) allComments.push({ text: t.slice(k), range: { start: { line: ln, character: col + k }, end: { line: ln, character: col + t.length } } });
      return { text: '', col, directive };
    }
    return { text: t, col, directive };
  };

  // BuildKit's continuation regex (`([^E])E[ \t]*$|^E[ \t]*$` for escape token E) as a backward
  // scan: an escape token, not itself escaped, followed only by blanks ends a continued line
  const trimCont = (s: string): [string, boolean] => {
    const esc = ctx.escape.charCodeAt(0);
    let e = s.length;
    while (e > 0 && (s.charCodeAt(e - 1) === 0x20 || s.charCodeAt(e - 1) === 0x09)) e--;
    if (e === 0 || s.charCodeAt(e - 1) !== esc || (e >= 2 && s.charCodeAt(e - 2) === esc)) return [s, true];
    return [s.slice(0, e - 1), false];
  };

  let ln = 0;
  while (ln < nLines) {
    const first = lines[ln];
    const firstNoBom = ln === 0 && first.charCodeAt(0) === 0xfeff ? first.slice(1) : first;
    if (isCommentLine(firstNoBom)) {
      // BuildKit drops the first character (the "#", unless the comment is indented) and trims
      const c = goTrimSpace(firstNoBom.slice(1));
      if (c === '') comments = [];
      else comments.push(c);
    }
    const pl = processLine(ln, true);
    if (pl.directive) comments.pop();
    const startLine = ln;
    ln++;
    let [text, eol] = trimCont(pl.text);
    if (eol && text.length === 0) continue;
    const segs: Segment[] = [{ logStart: 0, line: startLine, col: pl.col }];
    let line = text;
    let emptyCont = false;
    let lastLine = startLine;
    while (!eol && ln < nLines) {
      const cl = processLine(ln, false);
      const rawText = lines[ln];
      lastLine = ln;
      ln++;
      if (isCommentLine(rawText)) continue;
      let k = 0;
      while (k < cl.text.length && isSpaceAt(cl.text, k)) k++;
      if (k === cl.text.length) { emptyCont = true; continue; }
      [text, eol] = trimCont(cl.text);
      segs.push({ logStart: line.length, line: lastLine, col: cl.col });
      line += text;
    }
    const map = new OffsetMap(segs, line.length);
    if (emptyCont) {
      warnings.push(problem(`Empty continuation line found in: ${line}`, lineRange(lastLine), 'NoEmptyContinuation', 'warning'));
    }
    const inst = newInstruction(line, map, ctx, comments);
    comments = [];
    // the instruction spans its physical lines (comment/empty lines inside the continuation included)
    inst.range = { start: inst.range.start, end: { line: lastLine, character: lines[lastLine].length } };
    inst.endLine = lastLine;
    if (canContainHeredoc(inst) && line.includes('<<')) {
      let headers: Array<HeredocHeader & { word: string }> = [];
      try {
        headers = heredocsFromLine(line);
      } catch (e) {
        const p = problem((e as Error).message, inst.range);
        inst.errors.push(p);
        errors.push(p);
      }
      let searchFrom = 0;
      for (const h of headers) {
        const bodyStart = ln;
        let content = '';
        let terminated = false;
        let termLine = -1;
        while (ln < nLines) {
          let candidate = lines[ln];
          ln++;
          if (h.chomp) candidate = candidate.replace(/^\t+/, '');
          if (candidate === h.name) { terminated = true; termLine = ln - 1; break; }
          content += rawLine(ln - 1);
        }
        const lastBody = terminated ? termLine - 1 : ln - 1;
        const endLn = terminated ? termLine : ln - 1;
        const hd: Heredoc = {
          name: h.name,
          fileDescriptor: h.fileDescriptor,
          content,
          expand: h.expand,
          chomp: h.chomp,
          range: endLn >= bodyStart ? { start: { line: bodyStart, character: 0 }, end: lineRange(endLn).end } : { start: inst.range.end, end: inst.range.end },
          contentRange: lastBody >= bodyStart ? { start: { line: bodyStart, character: 0 }, end: lineRange(lastBody).end } : { start: { line: bodyStart, character: 0 }, end: { line: bodyStart, character: 0 } },
        };
        const at = line.indexOf(h.word, searchFrom);
        if (at >= 0) {
          hd.nameRange = map.range(at, at + h.word.length);
          searchFrom = at + h.word.length;
        }
        if (!terminated) {
          const p = problem('unterminated heredoc', { start: inst.range.start, end: hd.range.end });
          inst.errors.push(p);
          errors.push(p);
        }
        inst.heredocs.push(hd);
        if (endLn > inst.endLine) {
          inst.endLine = endLn;
          inst.range = { start: inst.range.start, end: lineRange(endLn).end };
        }
      }
    }
    instructions.push(inst);
  }

  if (instructions.length === 0) {
    const last = Math.max(0, nLines - 1);
    errors.push(problem('file with no instructions', { start: { line: 0, character: 0 }, end: lineRange(last).end }));
  }

  // stages
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const inst of instructions) {
    if (inst.keyword === 'FROM') {
      const st: Stage = { index: stages.length, from: inst, baseImage: inst.args[0]?.value ?? '', instructions: [inst] };
      if (inst.args[0]) st.baseImageRange = inst.args[0].range;
      if (inst.args.length >= 3 && inst.args[1].value.toLowerCase() === 'as') {
        st.name = inst.args[2].value;
        st.nameRange = inst.args[2].range;
      }
      const platform = inst.flags.find((f) => f.name === 'platform');
      if (platform?.value !== undefined) st.platform = platform.value;
      stages.push(st);
      inst.stage = st.index;
      if (inst.onbuild) inst.onbuild.stage = st.index;
      continue;
    }
    if (stages.length === 0) {
      if (inst.keyword === 'ARG') globalArgs.push(inst);
      continue;
    }
    const st = stages[stages.length - 1];
    inst.stage = st.index;
    if (inst.onbuild) inst.onbuild.stage = st.index;
    st.instructions.push(inst);
  }

  return {
    text,
    escape: ctx.escape === '`' ? '`' : '\\',
    directives,
    instructions,
    globalArgs,
    stages,
    comments: allComments,
    errors,
    warnings,
  };
}
