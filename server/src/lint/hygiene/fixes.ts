// Quick fixes for the layer-hygiene diagnostics (a CodeActionProvider for codeActions.ts): add
// `--no-cache` / `--no-cache-dir` after the subcommand, append the cache cleanup (`&& rm -rf
// /var/lib/apt/lists/*`, `&& npm cache clean --force` ...) to the same RUN, and move a lone
// `RUN chmod`/`chown` of a copied file into the COPY as `--chmod`/`--chown`. "Ignore this rule here"
// comes from codeActions.ts for every code.
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { Analysis } from '../../analysis';
import { HYGIENE_CODES } from '../rules';
import { latestHygieneFindings } from '.';

const CODES = new Set<string>(HYGIENE_CODES);
/** Messages carry measured bytes when the client sent them; match findings without that part. */
const core = (m: string) => m.split(' Measured:')[0];

export function hygieneFixes(a: Analysis, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const relevant = diagnostics.filter((d) => (d.source === undefined || d.source === 'stevedore') && CODES.has(String(d.code)));
  if (!relevant.length) return out;
  const findings = latestHygieneFindings(a);
  for (const d of relevant) {
    const message = core(typeof d.message === 'string' ? d.message : String(d.message));
    const f = findings.find((x) => x.code === d.code && x.range.start.line === d.range.start.line && core(x.message) === message)
      ?? findings.find((x) => x.code === d.code && x.range.start.line === d.range.start.line);
    if (!f?.fixes) continue;
    f.fixes.forEach((fix, i) => {
      const edits = fix.kind === 'insert' ? [TextEdit.insert(fix.at, fix.text)] : fix.edits.map((e) => TextEdit.replace(e.range, e.newText));
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: edits } }, isPreferred: i === 0 });
    });
  }
  return out;
}
