// textDocument/formatting, rangeFormatting and onTypeFormatting: instructions and comments start at
// column 0, continuation lines get one indent, trailing whitespace goes; heredoc bodies and their
// terminators are left exactly as written (their whitespace is content).
import { FormattingOptions, Position, Range, TextEdit } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';

/** Length of a line without its trailing spaces and tabs (a scan: /[ \t]*$/ backtracks quadratically on long runs). */
function trimmedEnd(text: string): number {
  let i = text.length;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

function untouchable(a: Analysis): Set<number> {
  const lines = new Set<number>();
  for (const inst of a.df.instructions) {
    for (const h of inst.heredocs) for (let l = h.contentRange.start.line; l <= h.range.end.line; l++) lines.add(l);
  }
  return lines;
}

/**
 * Continuation lines that start inside a quoted string: BuildKit keeps a continuation line's leading
 * whitespace, so in `RUN echo "a \` + `    b"` it is part of the string and re-indenting would change it.
 */
function quotedContinuations(a: Analysis): Set<number> {
  const lines = new Set<number>();
  const esc = a.df.escape;
  for (const inst of a.df.instructions) {
    const segs = inst.argsSegments.filter((s) => s.offset > 0);
    if (!segs.length) continue;
    const text = inst.argsText;
    let quote = '';
    let k = 0;
    for (let i = 0; i < text.length && k < segs.length; i++) {
      while (k < segs.length && segs[k].offset <= i) {
        if (quote && segs[k].offset === i) lines.add(segs[k].line);
        k++;
      }
      const c = text[i];
      if (quote === "'") {
        if (c === "'") quote = '';
      } else if (c === esc) {
        i++;
      } else if (quote === '"') {
        if (c === '"') quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      }
    }
    for (; k < segs.length; k++) if (quote && segs[k].offset >= text.length) lines.add(segs[k].line);
  }
  return lines;
}

function lineEdits(a: Analysis, options: FormattingOptions, from: number, to: number): TextEdit[] {
  const indent = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const skip = untouchable(a);
  const keepLead = quotedContinuations(a);
  const continuation = new Set<number>();
  for (const inst of a.df.instructions) for (let l = inst.startLine + 1; l <= inst.endLine; l++) continuation.add(l);
  const edits: TextEdit[] = [];
  for (let l = Math.max(0, from); l <= Math.min(to, a.lines.length - 1); l++) {
    if (skip.has(l)) continue;
    const text = a.lines[l];
    const body = text.trim();
    if (body === '') {
      if (text !== '' && options.trimTrailingWhitespace !== false) edits.push(TextEdit.del({ start: { line: l, character: 0 }, end: { line: l, character: text.length } }));
      continue;
    }
    const want = continuation.has(l) ? indent : '';
    const lead = /^[ \t]*/.exec(text)![0];
    if (lead !== want && !keepLead.has(l)) edits.push(TextEdit.replace({ start: { line: l, character: 0 }, end: { line: l, character: lead.length } }, want));
    const trail = text.slice(trimmedEnd(text));
    if (trail && options.trimTrailingWhitespace !== false) edits.push(TextEdit.del({ start: { line: l, character: text.length - trail.length }, end: { line: l, character: text.length } }));
  }
  return edits;
}

export function formatDocument(a: Analysis, options: FormattingOptions): TextEdit[] {
  return lineEdits(a, options, 0, a.lines.length - 1);
}

export function formatRange(a: Analysis, range: Range, options: FormattingOptions): TextEdit[] {
  return lineEdits(a, options, range.start.line, range.end.line);
}

/** After a newline: the new line is indented when it continues an instruction; the finished line is tidied. */
export function formatOnType(a: Analysis, pos: Position, ch: string, options: FormattingOptions): TextEdit[] {
  if (ch !== '\n') return [];
  const edits = lineEdits(a, options, pos.line - 1, pos.line - 1).filter((e) => e.range.start.character > 0 || e.newText !== '');
  const skip = untouchable(a);
  const prevLine = a.lines[pos.line - 1] ?? '';
  const prev = prevLine.slice(0, trimmedEnd(prevLine));
  const current = a.lines[pos.line] ?? '';
  if (!skip.has(pos.line) && prev.endsWith(a.df.escape) && current.trim() === '') {
    const indent = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
    edits.push(TextEdit.replace({ start: { line: pos.line, character: 0 }, end: { line: pos.line, character: current.length } }, indent));
  }
  return edits;
}
