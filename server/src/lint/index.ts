// textDocument/publishDiagnostics content: parse errors, BuildKit's build checks and the layer-hygiene
// family, then suppression (`# check=skip=`, `# stevedore-ignore`, `# hadolint ignore=`) and the
// user's per-rule severities (`stevedore.lint.<code>`).
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import type { Analysis } from '../analysis';
import { instructionAt, parseCheckOptions, Range, unknownInstructionProblems } from '../../../client/src/core/parser';
import { buildChecks, BuildCheckContext, Finding } from './buildChecks';
import { BUILD_CHECK_CODES, ruleInfo } from './rules';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface LintSettings {
  /** `stevedore.lint.<code>` */
  severities: Record<string, SeverityName>;
}

/** Extra rule families (the layer-hygiene rules) plug in as functions of the analysed document. */
export type RuleFamily = (a: Analysis) => Finding[];

export interface LintContext extends BuildCheckContext {
  settings?: LintSettings;
  families?: RuleFamily[];
}

const SEVERITY: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** hadolint rule IDs that mean one of ours (for `# hadolint ignore=`). */
const HADOLINT_EQUIVALENTS: Record<string, string> = {
  DL3009: 'layer-cache', DL3019: 'layer-cache', DL3042: 'layer-cache', DL3060: 'layer-cache',
  DL3032: 'layer-cache', DL3036: 'layer-cache', DL3040: 'layer-cache', DL3010: 'layer-archive',
  DL3025: 'JSONArgsRecommended', DL4000: 'MaintainerDeprecated', DL3000: 'WorkdirRelativePath', DL3029: 'FromPlatformFlagConstDisallowed',
};

/** Codes a comment text (without or with `#`) turns off for the instruction after it. */
export function suppressedBy(comment: string): string[] {
  const text = comment.replace(/^\s*#?\s*/, '');
  let m = /^stevedore-ignore\s+(.+)$/.exec(text);
  if (m) return m[1].split(/[\s,]+/).filter(Boolean);
  m = /^hadolint\s+ignore=(\S+)/.exec(text);
  if (m) return m[1].split(',').map((id) => HADOLINT_EQUIVALENTS[id.trim()]).filter(Boolean);
  m = /^check\s*=\s*(.+)$/.exec(text);
  if (m) {
    try {
      const o = parseCheckOptions(m[1]);
      return o.skipAll ? [...BUILD_CHECK_CODES] : o.skipRules;
    } catch {
      return [];
    }
  }
  return [];
}

function fileLevelCheck(a: Analysis): { skip: Set<string>; asError: boolean } {
  const d = a.df.directives.find((x) => x.name === 'check');
  if (!d) return { skip: new Set(), asError: false };
  try {
    const o = parseCheckOptions(d.value);
    return { skip: new Set(o.skipAll ? BUILD_CHECK_CODES : o.skipRules), asError: o.returnAsError };
  } catch {
    return { skip: new Set(), asError: false };
  }
}

/** LSP wants in-line columns; rule ranges may say "to the end of the line" with a huge column. */
function clamp(a: Analysis, r: Range): Range {
  const fix = (p: { line: number; character: number }) => ({ line: p.line, character: Math.min(p.character, (a.lines[p.line] ?? '').length) });
  return { start: fix(r.start), end: fix(r.end) };
}

export function lint(a: Analysis, ctx: LintContext = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { skip, asError } = fileLevelCheck(a);
  const severities = ctx.settings?.severities ?? {};

  const push = (code: string, message: string, range: Range, defaultSeverity: DiagnosticSeverity) => {
    const setting = severities[code];
    if (setting === 'off') return;
    if (skip.has(code)) return;
    const inst = instructionAt(a.df, range.start.line);
    if (inst && inst.comments.some((c) => suppressedBy(c).includes(code))) return;
    const info = ruleInfo(code);
    const d: Diagnostic = {
      range: clamp(a, range),
      severity: setting && SEVERITY[setting] ? SEVERITY[setting] : defaultSeverity,
      source: 'stevedore',
      code,
      message,
    };
    if (info?.url) d.codeDescription = { href: info.url };
    if (code === 'MaintainerDeprecated') d.tags = [DiagnosticTag.Deprecated];
    out.push(d);
  };

  for (const p of a.df.errors) push(p.code === 'UnknownInstruction' ? 'unknown-instruction' : 'parse-error', p.message, p.range, DiagnosticSeverity.Error);
  for (const p of unknownInstructionProblems(a.df)) push('unknown-instruction', p.message, p.range, DiagnosticSeverity.Error);
  const checkSeverity = asError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
  for (const f of buildChecks(a, ctx)) push(f.code, f.message, f.range, checkSeverity);
  for (const family of ctx.families ?? []) {
    let found: Finding[] = [];
    try {
      found = family(a);
    } catch {
      found = []; // one rule family's bug must not take every diagnostic down with it
    }
    for (const f of found) push(f.code, f.message, f.range, DiagnosticSeverity.Warning);
  }
  return out;
}

const NAMES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** `stevedore.lint` settings as workspace/configuration returns them (unknown values are ignored). */
export function lintSettingsFrom(section: unknown): LintSettings {
  const severities: Record<string, SeverityName> = {};
  const lintSection = section && typeof section === 'object' ? (section as Record<string, unknown>).lint : undefined;
  if (lintSection && typeof lintSection === 'object') {
    for (const [k, v] of Object.entries(lintSection as Record<string, unknown>)) {
      if (typeof v === 'string' && NAMES.has(v)) severities[k] = v as SeverityName;
    }
  }
  return { severities };
}
