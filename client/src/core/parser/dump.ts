// BuildKit's AST dump (`Node.Dump()`), used for conformance with BuildKit's parser test files.
// Format: one "(keyword [flags] args...)" per instruction, Go strconv.Quote quoting.

import type { Dockerfile, Instruction } from './model';
import { goQuote, goTrimSpace } from './shell';
import { INSTRUCTIONS } from './parser';

/** Dumps one instruction like BuildKit's Node.Dump (without the surrounding parentheses). */
export function dumpInstruction(inst: Instruction): string {
  let s = inst.keywordRaw.toLowerCase();
  if (inst.flags.length > 0) s += ' [' + inst.flags.map((f) => goQuote(f.raw)).join(' ') + ']';
  if (!INSTRUCTIONS.has(inst.keyword)) {
    // BuildKit's parseIgnore leaves one empty argument node for unknown instructions
    s += ' ""';
  } else if (inst.keyword === 'ONBUILD') {
    if (inst.onbuild) s += ' (' + dumpInstruction(inst.onbuild) + ')';
  } else {
    for (const a of inst.args) s += ' ' + goQuote(a.value);
  }
  return goTrimSpace(s);
}

/** Dumps the whole file like BuildKit's root Node.Dump(), without the final newline. */
export function dumpAst(df: Dockerfile): string {
  let s = '';
  for (const inst of df.instructions) s += '(' + dumpInstruction(inst) + ')\n';
  return goTrimSpace(s);
}
