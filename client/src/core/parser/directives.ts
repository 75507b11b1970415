// Parser directives (`# syntax=`, `# escape=`, `# check=`) with BuildKit's rules: only at the very top,
// only known names (case-insensitive, reported lower-case), each at most once, and scanning stops at
// the first line that is not a directive (a blank line or any other comment included).

import { isSpaceCode } from './shell';

const KNOWN = new Set(['syntax', 'escape', 'check']);
// Go's \s is ASCII [\t\n\f\r ]; "." does not match "\n".
const isGoSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/**
 * BuildKit's directive regex, /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/ (Go's \s), without its
 * backtracking (quadratic in a long run of spaces inside the value: `# syntax=a<40k spaces>b` took
 * a second). The trailing spaces are cut first, so the lazy value
 * runs to the last non-space character; a value of spaces only is what the regex makes of it.
 */
function matchDirective(s: string): [name: string, value: string] | undefined {
  let end = s.length;
  while (end > 0 && isGoSpace(s[end - 1])) end--;
  const m = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+)$/.exec(s.slice(0, end));
  if (m) return [m[1], m[2]];
  const eq = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=$/.exec(s.slice(0, end));
  if (!eq) return undefined;
  // only spaces after '=': the regex's value is the last of them that is not a newline
  for (let i = s.length - 1; i >= end; i--) if (s[i] !== '\n') return [eq[1], s[i]];
  return undefined;
}

export interface ParsedDirective {
  name: string;
  value: string;
  /** 1-based line (BuildKit's numbering, counting from the parser's start line). */
  line: number;
}

export class DirectiveError extends Error {}

function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  return s.slice(i);
}

export class DirectiveParser {
  private line: number;
  private done = false;
  private readonly seen = new Set<string>();
  constructor(private readonly comment = '#', startLine = 0) {
    this.line = startLine;
  }

  /** Feeds one line (without newline). Returns the directive or undefined; throws DirectiveError on a repeated directive. */
  parseLine(text: string): ParsedDirective | undefined {
    this.line++;
    if (this.done) return undefined;
    if (!text.startsWith(this.comment)) {
      this.done = true;
      return undefined;
    }
    const m = matchDirective(trimLeftSpace(text.slice(this.comment.length)));
    if (!m) {
      this.done = true;
      return undefined;
    }
    const name = m[0].toLowerCase();
    if (!KNOWN.has(name)) {
      this.done = true;
      return undefined;
    }
    if (this.seen.has(name)) throw new DirectiveError(`only one ${name} parser directive can be used`);
    this.seen.add(name);
    return { name, value: m[1], line: this.line };
  }

  /** BuildKit's ParseAll: directives until the first non-directive line. */
  parseAll(data: string): ParsedDirective[] {
    const out: ParsedDirective[] = [];
    this.partial = out;
    for (const l of splitLinesGo(data)) {
      if (this.done) break;
      const d = this.parseLine(l);
      if (d) out.push(d);
    }
    return out;
  }

  /** What parseAll had found when it threw (BuildKit returns those together with the error). */
  partial: ParsedDirective[] = [];
}

// bufio.ScanLines: split on \n, drop one trailing \r, no final empty line.
function splitLinesGo(data: string): string[] {
  const lines = data.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export interface DetectedDirective {
  /** The value up to the first space (for syntax: the frontend image reference). */
  ref: string;
  /** The whole value. */
  cmdline: string;
  /** 1-based line. */
  line: number;
}

function detectFrom(key: string, data: string, parser: DirectiveParser): DetectedDirective | undefined {
  let ds: ParsedDirective[] = [];
  try {
    ds = parser.parseAll(data);
  } catch {
    // BuildKit ignores the error here and uses what was found before it
    ds = parser.partial;
  }
  for (const d of ds) {
    if (d.name === key) {
      const sp = d.value.indexOf(' ');
      return { ref: sp < 0 ? d.value : d.value.slice(0, sp), cmdline: d.value, line: d.line };
    }
  }
  return undefined;
}

function parseDirectiveAny(key: string, input: string, anyFormat: boolean): DetectedDirective | undefined {
  let dt = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let line = 0;
  const nl = dt.indexOf('\n');
  const first = nl < 0 ? dt : dt.slice(0, nl);
  if (first.startsWith('#!')) {
    dt = nl < 0 ? '' : dt.slice(nl + 1);
    line = 1;
  }
  const r = detectFrom(key, dt, new DirectiveParser('#', line));
  if (r) return r;
  if (!anyFormat) return undefined;
  const r2 = detectFrom(key, dt, new DirectiveParser('//', line));
  if (r2) return r2;
  try {
    const obj: unknown = JSON.parse(dt);
    if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
      const v = (obj as Record<string, unknown>)[key];
      if (typeof v === 'string') return { ref: v, cmdline: v, line };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** BuildKit's DetectSyntax: `# syntax=`, `//syntax=` or a JSON object's "syntax" field. */
export function detectSyntax(input: string): DetectedDirective | undefined {
  return parseDirectiveAny('syntax', input, true);
}

/** BuildKit's ParseDirective: only `#` comments. */
export function parseDirective(key: string, input: string): DetectedDirective | undefined {
  return parseDirectiveAny(key, input, false);
}

/** The `# check=` directive's options (BuildKit's linter.ParseLintOptions). */
export interface CheckOptions {
  skipAll: boolean;
  skipRules: string[];
  experimentalAll: boolean;
  experimentalRules: string[];
  /** `error=true`: build-check warnings fail the build. */
  returnAsError: boolean;
}

/** Parses `skip=RuleA,RuleB;error=true;experimental=all`. Throws Error on an invalid option, like BuildKit. */
export function parseCheckOptions(value: string): CheckOptions {
  const out: CheckOptions = { skipAll: false, skipRules: [], experimentalAll: false, experimentalRules: [], returnAsError: false };
  const s = value.trim();
  if (s === '') return out;
  // Go's strings.SplitN(s, ";", 3): at most three parts, the last keeps further ";"
  const parts: string[] = [];
  let rest = s;
  while (parts.length < 2) {
    const i = rest.indexOf(';');
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new Error(`invalid check option ${JSON.stringify(p)}`);
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    switch (k) {
      case 'skip':
        if (v === 'all') out.skipAll = true;
        else out.skipRules = v.split(',').map((x) => x.trim());
        break;
      case 'experimental':
        if (v === 'all') out.experimentalAll = true;
        else out.experimentalRules = v.split(',').map((x) => x.trim());
        break;
      case 'error': {
        // Go's strconv.ParseBool
        if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) out.returnAsError = true;
        else if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) out.returnAsError = false;
        else throw new Error(`failed to parse check option ${JSON.stringify(p)}: invalid syntax`);
        break;
      }
      default:
        throw new Error(`invalid check option ${JSON.stringify(k)}`);
    }
  }
  return out;
}
