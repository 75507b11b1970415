import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { Dockerfile, ParseProblem, unknownInstructionProblems } from './parser';

/** LSP codes for the parser's own problems (BuildKit's rule names are kept for build checks). */
const CODES: Record<string, string> = { UnknownInstruction: 'unknown-instruction' };

function toDiagnostic(p: ParseProblem): Diagnostic {
  return {
    range: p.range,
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'stevedore',
    code: p.code ? CODES[p.code] ?? p.code : 'parse-error',
    message: p.message,
  };
}

/** Parse errors and warnings (BuildKit's, with exact ranges) and unknown instructions. */
export function parseDiagnostics(df: Dockerfile): Diagnostic[] {
  return [...df.errors, ...df.warnings, ...unknownInstructionProblems(df)].map(toDiagnostic);
}
