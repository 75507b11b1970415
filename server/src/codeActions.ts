// textDocument/codeAction: quick fixes where the fix is mechanical (casing, JSON form, AS casing,
// MAINTAINER → LABEL, legacy ENV/LABEL form, EXPOSE protocol, redundant --platform), plus
// "ignore this rule here" (`# stevedore-ignore <code>`) and, for BuildKit's rules, "skip in this file"
// (`# check=skip=<code>`).
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';
import { BUILD_CHECK_CODES } from './lint/rules';
import { instructionAt, Instruction, Lex, parseKeyValues, parseWords } from '../../client/src/core/parser';
import { rename, RenameError } from './references';

/** More code actions (the layer-hygiene family's fixes) plug in here. */
export type CodeActionProvider = (a: Analysis, uri: string, diagnostics: Diagnostic[]) => CodeAction[];

function fix(title: string, uri: string, diagnostic: Diagnostic, edits: TextEdit[] | WorkspaceEdit, preferred = true): CodeAction {
  const edit = Array.isArray(edits) ? { changes: { [uri]: edits } } : edits;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred: preferred };
}

function textAt(a: Analysis, r: Range): string {
  if (r.start.line !== r.end.line) return '';
  return (a.lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
}

/** Shell-form arguments that mean the same in exec form: plain words, no expansion, no operators. */
export function toJsonForm(inst: Instruction, escape: '\\' | '`'): string | undefined {
  const text = inst.argsText;
  if (!text.trim() || /[|&;<>()$`*?[\]{}~#!\n\\]/.test(text.replace(/\\$/, ''))) return undefined;
  const lex = new Lex(escape);
  try {
    const words = parseWords(text, escape).map((w) => lex.processWord(w, new Map()));
    return JSON.stringify(words).replace(/","/g, '", "');
  } catch {
    return undefined;
  }
}

const quoteDouble = (s: string) => `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;

function mechanicalFix(a: Analysis, uri: string, d: Diagnostic): CodeAction | undefined {
  const inst = instructionAt(a.df, d.range.start.line);
  const code = String(d.code);
  switch (code) {
    case 'ConsistentInstructionCasing': {
      const m = /\((lowercase|uppercase)\)$/.exec(typeof d.message === 'string' ? d.message : d.message.value);
      const word = textAt(a, d.range);
      if (!m || !word) return undefined;
      const next = m[1] === 'lowercase' ? word.toLowerCase() : word.toUpperCase();
      return fix(`Change '${word}' to ${m[1]}`, uri, d, [TextEdit.replace(d.range, next)]);
    }
    case 'FromAsCasing': {
      if (!inst) return undefined;
      const as = inst.keywordRaw === inst.keywordRaw.toLowerCase() ? 'as' : 'AS';
      return fix(`Change to '${as}'`, uri, d, [TextEdit.replace(d.range, as)]);
    }
    case 'StageNameCasing': {
      const name = textAt(a, d.range);
      if (!name) return undefined;
      let edit: WorkspaceEdit | null;
      try {
        edit = rename(a, uri, d.range.start, name.toLowerCase());
      } catch (e) {
        if (e instanceof RenameError) return undefined; // lower-cased, it is still not a valid name (İ → i̇)
        throw e;
      }
      return edit ? fix(`Rename stage to '${name.toLowerCase()}'`, uri, d, edit) : undefined;
    }
    case 'JSONArgsRecommended': {
      if (!inst?.argsRange) return undefined;
      const json = toJsonForm(inst, a.df.escape);
      return json ? fix(`Use JSON form: ${inst.keywordRaw} ${json}`, uri, d, [TextEdit.replace(inst.argsRange, json)]) : undefined;
    }
    case 'MaintainerDeprecated': {
      if (!inst?.argsRange || inst.startLine !== inst.endLine) return undefined;
      const label = inst.keywordRaw === inst.keywordRaw.toLowerCase() ? 'label' : 'LABEL';
      return fix('Replace with LABEL org.opencontainers.image.authors', uri, d, [
        TextEdit.replace({ start: inst.keywordRange.start, end: inst.argsRange.end }, `${label} org.opencontainers.image.authors=${quoteDouble(inst.argsText.trim())}`),
      ]);
    }
    case 'LegacyKeyValueFormat': {
      if (!inst?.argsRange || inst.startLine !== inst.endLine) return undefined;
      const kvs = parseKeyValues(inst);
      if (kvs.length !== 1 || !kvs[0].legacy || kvs[0].value === undefined) return undefined;
      const v = kvs[0].value;
      const single = parseWords(v, a.df.escape).length === 1;
      return fix(`Use ${inst.keywordRaw} ${kvs[0].key}=…`, uri, d, [TextEdit.replace(inst.argsRange, `${kvs[0].key}=${single ? v : quoteDouble(v)}`)]);
    }
    case 'ExposeProtoCasing': {
      const word = textAt(a, d.range);
      if (!word || word.includes('$')) return undefined;
      return fix(`Change to '${word.toLowerCase()}'`, uri, d, [TextEdit.replace(d.range, word.toLowerCase())]);
    }
    case 'RedundantTargetPlatform': {
      const line = a.lines[d.range.start.line] ?? '';
      let end = d.range.end.character;
      while (line[end] === ' ' || line[end] === '\t') end++;
      return fix('Remove the redundant --platform flag', uri, d, [TextEdit.del({ start: d.range.start, end: { line: d.range.end.line, character: end } })]);
    }
    default:
      return undefined;
  }
}

function ignoreHere(a: Analysis, uri: string, d: Diagnostic): CodeAction | undefined {
  const code = String(d.code ?? '');
  if (!code || code === 'parse-error' || code === 'unknown-instruction') return undefined;
  const inst = instructionAt(a.df, d.range.start.line);
  const line = inst ? inst.startLine : d.range.start.line;
  const indent = /^\s*/.exec(a.lines[line] ?? '')![0];
  const title = `Ignore ${code} for this instruction`;
  return fix(title, uri, d, [TextEdit.insert({ line, character: 0 }, `${indent}# stevedore-ignore ${code}\n`)], false);
}

function skipInFile(a: Analysis, uri: string, d: Diagnostic): CodeAction | undefined {
  const code = String(d.code ?? '');
  if (!BUILD_CHECK_CODES.has(code)) return undefined;
  const check = a.df.directives.find((x) => x.name === 'check');
  let edit: TextEdit;
  if (check) {
    const line = a.lines[check.range.start.line] ?? '';
    const m = /skip\s*=\s*([^;]*)/.exec(line);
    if (m && m[1].trim() === 'all') return undefined;
    edit = m
      ? TextEdit.insert({ line: check.range.start.line, character: m.index + m[0].trimEnd().length }, `,${code}`)
      : TextEdit.insert({ line: check.range.start.line, character: line.length }, `;skip=${code}`);
  } else {
    edit = TextEdit.insert({ line: 0, character: 0 }, `# check=skip=${code}\n`);
  }
  return fix(`Skip ${code} in this file (# check=skip)`, uri, d, [edit], false);
}

export function codeActions(a: Analysis, uri: string, diagnostics: Diagnostic[], providers: CodeActionProvider[] = []): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== undefined && d.source !== 'stevedore') continue;
    const m = mechanicalFix(a, uri, d);
    if (m) out.push(m);
  }
  for (const p of providers) {
    try {
      out.push(...p(a, uri, diagnostics));
    } catch { /* a provider's bug must not hide the other fixes */ }
  }
  for (const d of diagnostics) {
    if (d.source !== undefined && d.source !== 'stevedore') continue;
    const ig = ignoreHere(a, uri, d);
    if (ig) out.push(ig);
    const sk = skipInFile(a, uri, d);
    if (sk) out.push(sk);
  }
  return out;
}
