// textDocument/foldingRange: stages, multi-line instructions, heredoc bodies and comment blocks.
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';

export function foldingRanges(a: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const st of a.df.stages) {
    const last = st.instructions[st.instructions.length - 1] ?? st.from;
    if (last.endLine > st.from.startLine) out.push({ startLine: st.from.startLine, endLine: last.endLine, kind: FoldingRangeKind.Region });
  }
  for (const inst of a.df.instructions) {
    if (inst.endLine > inst.startLine) out.push({ startLine: inst.startLine, endLine: inst.endLine });
    for (const h of inst.heredocs) {
      // from the line that opens it to the body's last line, so the terminator stays visible
      const end = h.contentRange.end.line;
      const start = h.nameRange?.start.line ?? h.contentRange.start.line - 1;
      if (end > start) out.push({ startLine: start, endLine: end });
    }
  }
  const lines = [...a.df.directives.map((d) => d.range.start.line), ...a.df.comments.map((c) => c.range.start.line)].sort((x, y) => x - y);
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    if (j > i) out.push({ startLine: lines[i], endLine: lines[j], kind: FoldingRangeKind.Comment });
    i = j + 1;
  }
  return out;
}
