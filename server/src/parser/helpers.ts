// Helpers both consumers (builder and language server) need on top of the model.
import type { Dockerfile, Instruction, Range, Stage } from './model';
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
        const keyEnd = { line: s.line, character: s.character + eq };
        out.push({
          key: w.value.slice(0, eq),
          value: w.value.slice(eq + 1),
          keyRange: { start: s, end: keyEnd },
          valueRange: { start: { line: s.line, character: s.character + eq + 1 }, end: w.range.end },
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
