// BuildKit's AST dump (`Node.Dump()`), used for conformance with BuildKit's parser test files.
// Format: one "(keyword [flags] args...)" per instruction, Go strconv.Quote quoting.

import type { Dockerfile, Instruction } from './model';
import { goQuote } from './shell';

const KNOWN = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Dumps one instruction like BuildKit's Node.Dump (without the surrounding parentheses). */
export function dumpInstruction(inst: Instruction): string {
  let s = inst.keywordRaw.toLowerCase();
  if (inst.flags.length > 0) s += ' [' + inst.flags.map((f) => goQuote(f.raw)).join(' ') + ']';
  if (!KNOWN.has(inst.keyword)) {
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

function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}
