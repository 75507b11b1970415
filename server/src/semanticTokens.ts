// textDocument/semanticTokens/full: keywords, flags, variables (declarations and uses), stage names,
// base images, label keys, ports, comments and parser directives.
import { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';
import type { Instruction, Range } from '../../client/src/core/parser';
import { parseKeyValues } from '../../client/src/core/parser';

export const TOKEN_TYPES = ['keyword', 'parameter', 'variable', 'string', 'comment', 'class', 'type', 'property', 'macro', 'number'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'deprecated', 'readonly', 'defaultLibrary'] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
type Modifier = (typeof TOKEN_MODIFIERS)[number];
interface Token { line: number; start: number; length: number; type: number; mods: number; priority: number }

export function semanticTokens(a: Analysis): SemanticTokens {
  const tokens: Token[] = [];
  // Higher priority wins where tokens overlap (a variable inside an image name, say).
  const add = (r: Range | undefined, type: TokenType, mods: Modifier[] = [], priority = 0) => {
    if (!r || r.start.line !== r.end.line || r.end.character <= r.start.character) return;
    tokens.push({
      line: r.start.line, start: r.start.character, length: r.end.character - r.start.character,
      type: TOKEN_TYPES.indexOf(type), mods: mods.reduce((m, x) => m | (1 << TOKEN_MODIFIERS.indexOf(x)), 0), priority,
    });
  };
  for (const d of a.df.directives) add(d.range, 'macro');
  for (const c of a.df.comments) add(c.range, 'comment');
  const instruction = (inst: Instruction) => {
    add(inst.keywordRange, 'keyword', inst.keyword === 'MAINTAINER' ? ['deprecated'] : []);
    for (const f of inst.flags) add({ start: f.range.start, end: f.nameRange.end }, 'parameter');
    if (inst.keyword === 'LABEL') for (const kv of parseKeyValues(inst)) add(kv.keyRange, 'property', ['declaration']);
    if (inst.keyword === 'EXPOSE') for (const w of inst.args) if (/^\d/.test(w.value)) add(w.range, 'number');
    if (inst.keyword === 'FROM' && inst.args.length === 3) add(inst.args[1].range, 'keyword');
    if (inst.onbuild) instruction(inst.onbuild);
  };
  for (const inst of a.df.instructions) instruction(inst);
  for (const d of a.defs) add(d.range, 'variable', ['declaration']);
  for (const r of a.refs) add(r.fullRange, 'variable', r.def?.kind === 'ARG' ? ['readonly'] : [], 2);
  for (const st of a.df.stages) {
    add(st.nameRange, 'class', ['declaration']);
    if (!a.parentStage.has(st)) add(st.baseImageRange, 'type', st.baseImage.toLowerCase() === 'scratch' ? ['defaultLibrary'] : []);
  }
  for (const r of a.stageRefs) add(r.range, 'class', [], 1);

  tokens.sort((x, y) => x.line - y.line || x.start - y.start || y.priority - x.priority);
  const kept: Token[] = [];
  for (const t of tokens) {
    const prev = kept[kept.length - 1];
    if (prev && prev.line === t.line && t.start < prev.start + prev.length) {
      if (t.priority > prev.priority) kept[kept.length - 1] = t; // e.g. $TAG inside alpine:$TAG replaces the image token
      continue;
    }
    kept.push(t);
  }
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of kept) {
    data.push(t.line - line, t.line === line ? t.start - char : t.start, t.length, t.type, t.mods);
    line = t.line;
    char = t.start;
  }
  return { data };
}
