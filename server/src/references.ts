// textDocument/definition, references, documentHighlight, prepareRename and rename for ARG and ENV
// variables and stage names.
import { DocumentHighlight, DocumentHighlightKind, Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { Analysis, SymbolAt, symbolAt, variableOccurrences } from './analysis';
import type { Stage } from '../../client/src/core/parser';

interface Occurrence { range: Range; declaration: boolean }

function stageOccurrences(a: Analysis, stage: Stage): Occurrence[] {
  const out: Occurrence[] = [];
  if (stage.nameRange) out.push({ range: stage.nameRange, declaration: true });
  for (const r of a.stageRefs) if (r.stage === stage) out.push({ range: r.range, declaration: false });
  return out;
}

function occurrences(a: Analysis, sym: SymbolAt): Occurrence[] {
  if (sym.kind === 'stage') return stageOccurrences(a, sym.stage);
  if (!sym.def) {
    // A variable the file never declares (from the base image, or a typo): its references in the same scope.
    const stage = sym.ref?.inst.stage;
    return a.refs.filter((r) => !r.def && r.name === sym.name && r.inst.stage === stage).map((r) => ({ range: r.range, declaration: false }));
  }
  const { defs, refs } = variableOccurrences(a, sym.def);
  return [...defs.map((d) => ({ range: d.range, declaration: true })), ...refs.map((r) => ({ range: r.range, declaration: false }))];
}

export function definition(a: Analysis, uri: string, pos: Position): Location[] {
  const sym = symbolAt(a, pos.line, pos.character);
  if (!sym) return [];
  if (sym.kind === 'stage') return sym.stage.nameRange ? [Location.create(uri, sym.stage.nameRange)] : [];
  if (!sym.def) return [];
  const d = sym.def.inherits ? [sym.def.inherits, sym.def] : [sym.def];
  return d.map((x) => Location.create(uri, x.range));
}

export function references(a: Analysis, uri: string, pos: Position, includeDeclaration: boolean): Location[] {
  const sym = symbolAt(a, pos.line, pos.character);
  if (!sym) return [];
  return occurrences(a, sym).filter((o) => includeDeclaration || !o.declaration).map((o) => Location.create(uri, o.range));
}

export function highlights(a: Analysis, pos: Position): DocumentHighlight[] {
  const sym = symbolAt(a, pos.line, pos.character);
  if (!sym) return [];
  return occurrences(a, sym).map((o) => DocumentHighlight.create(o.range, o.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read));
}

export function prepareRename(a: Analysis, pos: Position): { range: Range; placeholder: string } | null {
  const sym = symbolAt(a, pos.line, pos.character);
  if (!sym || (sym.kind === 'var' && !sym.def)) return null;
  const name = sym.kind === 'var' ? sym.name : sym.stage.name ?? '';
  return { range: sym.range, placeholder: name };
}

const VALID_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VALID_STAGE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

export class RenameError extends Error {}

/** Rename edits; throws RenameError for an invalid new name. Returns null where nothing can be renamed. */
export function rename(a: Analysis, uri: string, pos: Position, newName: string): WorkspaceEdit | null {
  const sym = symbolAt(a, pos.line, pos.character);
  if (!sym || (sym.kind === 'var' && !sym.def)) return null;
  if (sym.kind === 'var' && !VALID_VAR.test(newName)) throw new RenameError(`'${newName}' is not a valid variable name (letters, digits and _, not starting with a digit)`);
  if (sym.kind === 'stage' && !VALID_STAGE.test(newName)) throw new RenameError(`'${newName}' is not a valid stage name (a letter, then letters, digits, '_', '.', '-')`);
  const edits = occurrences(a, sym).map((o) => TextEdit.replace(o.range, newName));
  return { changes: { [uri]: edits } };
}
