// textDocument/signatureHelp: the instruction's syntax with the flag or argument under the cursor active.
import { ParameterInformation, Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver/node';
import { Analysis, contains } from './analysis';
import { INSTRUCTION_DOCS } from './docs';
import { instructionAt } from '../../client/src/core/parser';

/** Parameters of a signature line: `[--flag=<x>]`, `<name>`, `<name>...`, literal words after the keyword. */
function parameters(sig: string): Array<{ label: [number, number]; text: string; flag?: string }> {
  const out: Array<{ label: [number, number]; text: string; flag?: string }> = [];
  const re = /\[[^\]]*\]|\S+/g;
  const first = sig.indexOf(' ');
  re.lastIndex = first < 0 ? sig.length : first;
  for (let m = re.exec(sig); m; m = re.exec(sig)) {
    if (m[0] === '...') continue;
    const flag = /^\[--([\w-]+)/.exec(m[0])?.[1];
    out.push({ label: [m.index, m.index + m[0].length], text: m[0], flag });
  }
  return out;
}

export function signatureHelp(a: Analysis, pos: Position): SignatureHelp | null {
  let inst = instructionAt(a.df, pos.line);
  if (!inst) return null;
  if (inst.onbuild && !contains(inst.keywordRange, pos.line, pos.character) && inst.onbuild.keywordRange.end.character <= pos.character) inst = inst.onbuild;
  const doc = INSTRUCTION_DOCS[inst.keyword];
  if (!doc || (pos.line === inst.startLine && pos.character <= inst.keywordRange.end.character)) return null;
  const signatures: SignatureInformation[] = doc.signatures.map((s) => ({
    label: s,
    documentation: doc.doc,
    parameters: parameters(s).map((p) => ParameterInformation.create(p.label)),
  }));
  const execForm = inst.json || inst.argsText.trimStart().startsWith('[');
  let active = execForm ? Math.max(0, doc.signatures.findIndex((s) => /\["/.test(s))) : doc.signatures.findIndex((s) => !/^\w+ \["/.test(s));
  if (active < 0) active = 0;
  if (inst.keyword === 'HEALTHCHECK' && /^\s*NONE/i.test(inst.argsText)) active = 1;
  const params = parameters(doc.signatures[active]);
  let activeParameter = 0;
  const flag = inst.flags.find((f) => contains(f.range, pos.line, pos.character));
  if (flag) {
    activeParameter = Math.max(0, params.findIndex((p) => p.flag === flag.name));
  } else {
    const positional = params.map((p, i) => ({ p, i })).filter((x) => !x.p.flag);
    const before = inst.words.filter((w) => w.range.end.line < pos.line || (w.range.end.line === pos.line && w.range.end.character < pos.character)).length;
    const k = Math.min(before, positional.length - 1);
    activeParameter = positional.length ? positional[Math.max(0, k)].i : 0;
  }
  return { signatures, activeSignature: active, activeParameter };
}
