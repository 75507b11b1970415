// textDocument/documentSymbol: global ARGs, then each stage with its instructions as children.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';
import type { Instruction, Range } from '../../client/src/core/parser';

const KINDS: Record<string, SymbolKind> = {
  ARG: SymbolKind.Variable, ENV: SymbolKind.Variable, LABEL: SymbolKind.Property, RUN: SymbolKind.Function,
  COPY: SymbolKind.File, ADD: SymbolKind.File, EXPOSE: SymbolKind.Number, CMD: SymbolKind.Event, ENTRYPOINT: SymbolKind.Event,
  HEALTHCHECK: SymbolKind.Event, WORKDIR: SymbolKind.Namespace, USER: SymbolKind.Key, VOLUME: SymbolKind.Package,
};

function brief(inst: Instruction): string {
  const t = inst.argsText.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

function instructionSymbol(inst: Instruction): DocumentSymbol {
  return {
    name: inst.keywordRaw || inst.keyword || '?',
    detail: brief(inst),
    kind: KINDS[inst.keyword] ?? SymbolKind.Field,
    range: inst.range,
    selectionRange: inst.keywordRange,
  };
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = a.df.globalArgs.map(instructionSymbol);
  for (const st of a.df.stages) {
    const last = st.instructions[st.instructions.length - 1] ?? st.from;
    const range: Range = { start: st.from.range.start, end: last.range.end };
    out.push({
      name: st.name ?? `stage ${st.index}`,
      detail: `FROM ${st.baseImage}`,
      kind: SymbolKind.Class,
      range,
      selectionRange: st.nameRange ?? st.from.keywordRange,
      children: st.instructions.filter((i) => i !== st.from).map(instructionSymbol),
    });
  }
  return out;
}
