// Helpers both consumers (builder and language server) need on top of the model.
import { INSTRUCTIONS } from './parser';
import type { Dockerfile, Instruction, ParseProblem, Position, Range, Stage } from './model';
import { Lex, type EnvLike } from './shell';

export interface KeyValue {
  key: string;
  /** Raw value as written (quotes/escapes kept); undefined for `ARG name` without a default. */
  value: string | undefined;
  keyRange: Range;
  valueRange?: Range;
  /** true for the legacy `KEY value` form (ENV/LABEL). */
  legacy: boolean;
}

/** key/value pairs of ENV, LABEL and ARG (`key=value ...` and the legacy `KEY value` form). */
export function parseKeyValues(inst: Instruction): KeyValue[] {
  const out: KeyValue[] = [];
  if (inst.keyword === 'ENV' || inst.keyword === 'LABEL') {
    for (let i = 0; i + 2 < inst.args.length; i += 3) {
      const k = inst.args[i];
      const v = inst.args[i + 1];
      const sep = inst.args[i + 2];
      if (!k || !v || !sep) break;
      out.push({ key: k.value, value: v.value, keyRange: k.range, valueRange: v.range, legacy: sep.value === '' });
    }
    return out;
  }
  if (inst.keyword === 'ARG') {
    for (const w of inst.args) {
      const eq = w.value.indexOf('=');
      if (eq < 0) {
        out.push({ key: w.value, value: undefined, keyRange: w.range, legacy: false });
      } else {
        const s = w.range.start;
        // A word may span continuation lines (`ARG 'a \` newline `b'=1`): map through argsText.
        const o = w.range.end.line === s.line ? undefined : argsOffsetOf(inst, s);
        const keyEnd = o === undefined ? { line: s.line, character: s.character + eq } : argsRangeOf(inst, o, o + eq).end;
        const valueStart = o === undefined ? { line: s.line, character: s.character + eq + 1 } : argsPosition(inst, o + eq + 1);
        out.push({
          key: w.value.slice(0, eq),
          value: w.value.slice(eq + 1),
          keyRange: { start: s, end: keyEnd },
          valueRange: { start: valueStart, end: w.range.end },
          legacy: false,
        });
      }
    }
  }
  return out;
}

/** The stage with this name (case-insensitive, like BuildKit) or index ("0", "1" ...). */
export function stageByName(df: Dockerfile, name: string): Stage | undefined {
  const n = name.toLowerCase();
  const byName = df.stages.find((s) => s.name !== undefined && s.name.toLowerCase() === n);
  if (byName) return byName;
  if (/^\d+$/.test(name)) return df.stages[Number(name)];
  return undefined;
}

/** The instruction covering a 0-based line, if any. */
export function instructionAt(df: Dockerfile, line: number): Instruction | undefined {
  let lo = 0;
  let hi = df.instructions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const inst = df.instructions[mid];
    if (line < inst.startLine) hi = mid - 1;
    else if (line > inst.endLine) lo = mid + 1;
    else return inst;
  }
  return undefined;
}

/** Expands a raw word (quotes removed, variables substituted) with the file's escape token. Throws ShellError. */
export function expandWordWith(word: string, env: EnvLike, escape: '\\' | '`' = '\\'): string {
  return new Lex(escape).processWord(word, env);
}

/** Document position of an offset into inst.argsText (offsets come from findVariableRefs, words, etc.). */
export function argsPosition(inst: Instruction, offset: number): Position {
  const segs = inst.argsSegments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].offset > offset) hi = mid - 1;
    else lo = mid;
  }
  const s = segs[lo];
  return { line: s.line, character: s.character + (offset - s.offset) };
}

/** The inst.argsText offset of a document position inside the arguments (inverse of argsPosition). */
export function argsOffsetOf(inst: Instruction, pos: Position): number | undefined {
  let found: number | undefined;
  for (const seg of inst.argsSegments) {
    if (seg.line === pos.line && seg.character <= pos.character) found = seg.offset + (pos.character - seg.character);
  }
  return found;
}

/** Document range of [start, end) in inst.argsText. */
export function argsRangeOf(inst: Instruction, start: number, end: number): Range {
  if (end <= start) {
    const p = argsPosition(inst, start);
    return { start: p, end: p };
  }
  const e = argsPosition(inst, end - 1);
  return { start: argsPosition(inst, start), end: { line: e.line, character: e.character + 1 } };
}

export interface VariableRef {
  name: string;
  /** Offsets of the whole reference (`$X` or `${X:-y}`) in the scanned text. */
  start: number;
  end: number;
  /** Offsets of the name. */
  nameStart: number;
  nameEnd: number;
  braced: boolean;
  /** The modifier of a braced reference (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//`), if any. */
  modifier?: string;
}

const reLetter = /\p{L}/u;
const reLetterDigit = /[\p{L}\p{Nd}]/u;
function isAsciiNameStart(k: number): boolean {
  return (k >= 0x41 && k <= 0x5a) || (k >= 0x61 && k <= 0x7a) || k === 0x5f;
}
const isNameStart = (c: string): boolean => isAsciiNameStart(c.charCodeAt(0)) || (c > '\x7f' && reLetter.test(c));
const isNameChar = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return isAsciiNameStart(k) || (k >= 0x30 && k <= 0x39) || (c > '\x7f' && reLetterDigit.test(c));
};

/**
 * Variable references in raw (unexpanded) text as BuildKit's expander would see them: `$NAME` and
 * `${NAME...}`, not inside single quotes, not escaped. References nested in a modifier's word
 * (`${A:-$B}`) are reported too. Positional/special parameters (`$1`, `$@`) are skipped.
 */
export function findVariableRefs(text: string, escape: '\\' | '`' = '\\'): VariableRef[] {
  const refs: VariableRef[] = [];
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape) {
      i++;
      continue;
    }
    if (c === "'" && !inDouble) {
      const j = text.indexOf("'", i + 1);
      if (j < 0) break;
      i = j;
      continue;
    }
    if (c === '"') {
      inDouble = !inDouble;
      continue;
    }
    if (c !== '$') continue;
    const n = text[i + 1];
    if (n === '{') {
      let k = i + 2;
      if (k >= text.length || !isNameStart(text[k])) continue;
      const nameStart = k;
      while (k < text.length && isNameChar(text[k])) k++;
      const nameEnd = k;
      // find the matching "}" (nested ${...} counted)
      let depth = 1;
      let e = k;
      for (; e < text.length; e++) {
        if (text[e] === escape) { e++; continue; }
        if (text[e] === '$' && text[e + 1] === '{') { depth++; e++; continue; }
        if (text[e] === '}' && --depth === 0) break;
      }
      const ref: VariableRef = { name: text.slice(nameStart, nameEnd), start: i, end: Math.min(e + 1, text.length), nameStart, nameEnd, braced: true };
      const m = /^(:-|:\+|:\?|##|%%|\/\/|[-+?#%/])/.exec(text.slice(nameEnd, nameEnd + 2));
      if (m && text[nameEnd] !== '}') ref.modifier = m[1];
      refs.push(ref);
      i = nameEnd - 1; // keep scanning inside the modifier word for nested references
      continue;
    }
    if (n !== undefined && isNameStart(n)) {
      let k = i + 1;
      while (k < text.length && isNameChar(text[k])) k++;
      refs.push({ name: text.slice(i + 1, k), start: i, end: k, nameStart: i + 1, nameEnd: k, braced: false });
      i = k - 1;
    }
  }
  return refs;
}

/** A problem as BuildKit prints it: "dockerfile parse error on line N: message" (1-based line). */
export function formatProblem(p: ParseProblem): string {
  return `dockerfile parse error on line ${p.range.start.line + 1}: ${p.message}`;
}

/**
 * "unknown instruction: X" for every unknown keyword (ONBUILD triggers included), on the keyword.
 * BuildKit's parser accepts unknown instructions (so Dockerfile.errors does not list them); its next
 * step, instructions.Parse, rejects them with this message, so the builder and the editor report them.
 */
export function unknownInstructionProblems(df: Dockerfile): ParseProblem[] {
  const out: ParseProblem[] = [];
  const visit = (inst: Instruction) => {
    if (inst.keywordRaw !== '' && !INSTRUCTIONS.has(inst.keyword)) {
      out.push({ message: `unknown instruction: ${inst.keywordRaw}`, range: inst.keywordRange, severity: 'error', code: 'UnknownInstruction' });
    }
    if (inst.onbuild) visit(inst.onbuild);
  };
  df.instructions.forEach(visit);
  return out;
}
