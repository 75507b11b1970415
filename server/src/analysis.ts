// The language server's view of one document: the parser's model plus what every feature needs on
// top of it — variable definitions (ARG/ENV) and references with their scopes and resolved values,
// and stage definitions and references. Computed once per document version (see documents.ts).
import {
  argsRangeOf, Dockerfile, findVariableRefs, Instruction, Lex, parse, parseKeyValues, Range, Stage, stageByName,
} from '../../client/src/core/parser';

export interface VarDef {
  name: string;
  kind: 'ARG' | 'ENV';
  inst: Instruction;
  /** Range of the name. */
  range: Range;
  /** Raw value as written; undefined for `ARG X` without a default. */
  raw?: string;
  /** Value with earlier variables substituted (what a build with default args sees); undefined when unknown. */
  value?: string;
  /** -1 for a global ARG. */
  stage: number;
  /** A stage `ARG X` without a default that takes the global `ARG X`'s value. */
  inherits?: VarDef;
}

export interface VarRef {
  name: string;
  /** Range of the name only (what rename replaces). */
  range: Range;
  /** Range of the whole reference (`$X`, `${X:-y}`). */
  fullRange: Range;
  inst: Instruction;
  /** The definition in scope, if the file declares one. */
  def?: VarDef;
  /** BuildKit substitutes it itself (not left to the shell, as in RUN/CMD/ENTRYPOINT). */
  expandedByBuilder: boolean;
  /** Reference in a FROM line (global ARG scope). */
  inFrom: boolean;
}

export interface StageRef { stage: Stage; range: Range; inst: Instruction }

/** Build args every Dockerfile may use without declaring them (BuildKit's defaults), by name. */
export const PREDEFINED_ARGS: Record<string, string> = {
  TARGETPLATFORM: 'Platform of the build result, e.g. linux/amd64',
  TARGETOS: 'OS component of TARGETPLATFORM',
  TARGETARCH: 'Architecture component of TARGETPLATFORM',
  TARGETVARIANT: 'Variant component of TARGETPLATFORM',
  BUILDPLATFORM: 'Platform of the node performing the build',
  BUILDOS: 'OS component of BUILDPLATFORM',
  BUILDARCH: 'Architecture component of BUILDPLATFORM',
  BUILDVARIANT: 'Variant component of BUILDPLATFORM',
  HTTP_PROXY: 'Proxy for HTTP (not kept in the image history)',
  HTTPS_PROXY: 'Proxy for HTTPS',
  FTP_PROXY: 'Proxy for FTP',
  NO_PROXY: 'Hosts that bypass the proxy',
  ALL_PROXY: 'Proxy for every protocol',
};

/** Instructions whose arguments the builder expands itself (BuildKit's SupportsSingleWordExpansion). */
const BUILDER_EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG', 'FROM']);

export interface Analysis {
  df: Dockerfile;
  lines: string[];
  defs: VarDef[];
  refs: VarRef[];
  stageRefs: StageRef[];
  /** Variables visible at each instruction (by index in df.instructions), before it runs. */
  scopes: Map<Instruction, Map<string, VarDef>>;
  /** Base stage of each stage when it is built FROM an earlier stage. */
  parentStage: Map<Stage, Stage>;
}

export function analyzeText(text: string): Analysis {
  return analyze(parse(text));
}

function expandOrUndefined(lex: Lex, raw: string, env: Map<string, string>): string | undefined {
  try {
    return lex.processWord(raw, env);
  } catch {
    return undefined;
  }
}

export function analyze(df: Dockerfile): Analysis {
  const lines = df.text.split(/\r?\n/);
  const lex = new Lex(df.escape);
  const defs: VarDef[] = [];
  const refs: VarRef[] = [];
  const stageRefs: StageRef[] = [];
  const scopes = new Map<Instruction, Map<string, VarDef>>();
  const parentStage = new Map<Stage, Stage>();

  const global = new Map<string, VarDef>();
  const valuesOf = (scope: Map<string, VarDef>): Map<string, string> => {
    const m = new Map<string, string>();
    for (const [k, d] of scope) if (d.value !== undefined) m.set(k, d.value);
    return m;
  };

  const collectRefs = (inst: Instruction, scope: Map<string, VarDef>, inFrom: boolean) => {
    const expandedByBuilder = BUILDER_EXPANDED.has(inst.keyword);
    const push = (name: string, range: Range, fullRange: Range) => {
      refs.push({ name, range, fullRange, inst, def: scope.get(name), expandedByBuilder, inFrom });
    };
    for (const f of inst.flags) {
      const vr = f.valueRange;
      // no `$` in the value (quotes and escapes removed) means none in the text it came from
      if (!vr || vr.start.line !== vr.end.line || !f.value?.includes('$')) continue;
      const text = (lines[vr.start.line] ?? '').slice(vr.start.character, vr.end.character);
      for (const r of findVariableRefs(text, df.escape)) {
        const at = (o: number) => ({ line: vr.start.line, character: vr.start.character + o });
        push(r.name, { start: at(r.nameStart), end: at(r.nameEnd) }, { start: at(r.start), end: at(r.end) });
      }
    }
    if (inst.argsText.includes('$')) {
      for (const r of findVariableRefs(inst.argsText, df.escape)) {
        push(r.name, argsRangeOf(inst, r.nameStart, r.nameEnd), argsRangeOf(inst, r.start, r.end));
      }
    }
    for (const h of inst.heredocs) {
      if (!h.expand || !h.content.includes('$')) continue;
      const bodyLines = h.content.split('\n');
      for (let i = 0; i < bodyLines.length; i++) {
        const line = h.contentRange.start.line + i;
        // the body line as the document has it (a CRLF's CR is not content; `lines` drops it too)
        for (const r of findVariableRefs(bodyLines[i].replace(/\r$/, ''), df.escape)) {
          push(r.name, { start: { line, character: r.nameStart }, end: { line, character: r.nameEnd } },
            { start: { line, character: r.start }, end: { line, character: r.end } });
        }
      }
    }
  };

  const stageEnvs = new Map<Stage, Map<string, VarDef>>();
  let scope = global;
  // Each instruction sees the scope as it was before it ran: a snapshot, copied only when the scope
  // changed since the last one (scope itself keeps growing to the end of the stage).
  let snapshot: Map<string, VarDef> | undefined;
  for (const inst of df.instructions) {
    if (inst.keyword === 'FROM') {
      const stage = df.stages.find((s) => s.from === inst);
      scopes.set(inst, global);
      collectRefs(inst, global, true);
      scope = new Map<string, VarDef>();
      snapshot = undefined;
      if (stage) {
        const base = stage.baseImage ? stageByName(df, stage.baseImage) : undefined;
        if (base && base.index < stage.index && base.name !== undefined) {
          parentStage.set(stage, base);
          stageRefs.push({ stage: base, range: stage.baseImageRange ?? inst.range, inst });
          // A stage built on another starts with its state: ENV and the ARGs it declared (BuildKit
          // copies the base's state env and buildArgs).
          for (const [k, d] of stageEnvs.get(base) ?? []) scope.set(k, d);
        }
        stageEnvs.set(stage, scope);
      }
      continue;
    }
    snapshot ??= new Map(scope);
    scopes.set(inst, snapshot);
    const ownRefs = refs.length;
    collectRefs(inst, scope, false);
    if (inst.stage >= 0) collectStageRefs(df, inst, stageRefs);
    if (inst.keyword === 'ARG' || inst.keyword === 'ENV') {
      snapshot = undefined;
      const env = valuesOf(scope);
      const isGlobal = inst.stage < 0;
      for (const kv of parseKeyValues(inst)) {
        if (!kv.key) continue;
        const def: VarDef = { name: kv.key, kind: inst.keyword, inst, range: kv.keyRange, raw: kv.value, stage: inst.stage };
        if (kv.value !== undefined) def.value = expandOrUndefined(lex, kv.value, env);
        else if (!isGlobal && global.has(kv.key)) {
          def.inherits = global.get(kv.key);
          def.value = def.inherits!.value;
        } else if (!isGlobal && scope.get(kv.key)?.value !== undefined) def.value = scope.get(kv.key)!.value;
        defs.push(def);
        scope.set(kv.key, def);
        // `ARG X=1 Y=$X`: BuildKit dispatches ARG pair by pair, so Y sees this X (value and reference).
        // `ENV X=1 Y=$X`: every pair is expanded with the environment from before the instruction,
        // so Y sees the previous X (Docker's documented `def=$abc` example).
        if (inst.keyword === 'ARG') {
          if (def.value !== undefined) env.set(kv.key, def.value);
          else env.delete(kv.key);
          for (let i = ownRefs; i < refs.length; i++) {
            const r = refs[i];
            if (r.name === kv.key && before(kv.keyRange.end, r.range.start)) r.def = def;
          }
        }
      }
    }
  }
  return { df, lines, defs, refs, stageRefs, scopes, parentStage };
}

/** `COPY --from=stage`, `ADD --from`, `RUN --mount=from=stage` naming an earlier stage. */
function collectStageRefs(df: Dockerfile, inst: Instruction, out: StageRef[]): void {
  for (const f of inst.flags) {
    const vr = f.valueRange;
    if (!vr || f.value === undefined) continue;
    if (f.name === 'from' && (inst.keyword === 'COPY' || inst.keyword === 'ADD')) {
      const st = stageByName(df, f.value);
      if (st && st.name !== undefined && st.index < inst.stage && st.name.toLowerCase() === f.value.toLowerCase()) out.push({ stage: st, range: vr, inst });
    } else if (f.name === 'mount' && vr.start.line === vr.end.line) {
      let offset = 0;
      for (const part of f.value.split(',')) {
        const m = /^(from)=(.+)$/i.exec(part);
        if (m) {
          const st = stageByName(df, m[2]);
          if (st && st.name !== undefined && st.name.toLowerCase() === m[2].toLowerCase()) {
            const start = vr.start.character + offset + m[1].length + 1;
            out.push({ stage: st, range: { start: { line: vr.start.line, character: start }, end: { line: vr.start.line, character: start + m[2].length } }, inst });
          }
        }
        offset += part.length + 1;
      }
    }
  }
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export function contains(r: Range, line: number, character: number): boolean {
  if (line < r.start.line || line > r.end.line) return false;
  if (line === r.start.line && character < r.start.character) return false;
  if (line === r.end.line && character > r.end.character) return false;
  return true;
}

/** The variable reference or definition, or stage name/reference, under a position. */
export type SymbolAt =
  | { kind: 'var'; name: string; range: Range; def?: VarDef; ref?: VarRef }
  | { kind: 'stage'; stage: Stage; range: Range };

export function symbolAt(a: Analysis, line: number, character: number): SymbolAt | undefined {
  for (const r of a.refs) if (contains(r.range, line, character) || contains(r.fullRange, line, character)) return { kind: 'var', name: r.name, range: r.range, def: r.def, ref: r };
  for (const d of a.defs) if (contains(d.range, line, character)) return { kind: 'var', name: d.name, range: d.range, def: d };
  for (const s of a.df.stages) if (s.name !== undefined && s.nameRange && contains(s.nameRange, line, character)) return { kind: 'stage', stage: s, range: s.nameRange };
  for (const r of a.stageRefs) if (contains(r.range, line, character)) return { kind: 'stage', stage: r.stage, range: r.range };
  return undefined;
}

/** The root definition a variable symbol belongs to (a stage's bare `ARG X` joins the global `ARG X`). */
export function rootDef(d: VarDef): VarDef {
  return d.inherits ?? d;
}

/**
 * All definitions and references of the variable a definition belongs to: the same name in the same
 * stage (ENV X=1 ... ENV X=2 are one variable), plus, for global ARGs, every FROM reference and every
 * stage that re-declares it without a default.
 */
export function variableOccurrences(a: Analysis, def: VarDef): { defs: VarDef[]; refs: VarRef[] } {
  const root = rootDef(def);
  const inGroup = (d: VarDef | undefined): boolean => {
    if (!d || d.name !== root.name) return false;
    const r = rootDef(d);
    if (r === root) return true;
    if (root.stage < 0) return r.stage < 0; // all global declarations of a name are one variable
    return r.stage === root.stage && r.stage >= 0 && d.inherits === undefined && root.inherits === undefined;
  };
  const defs = a.defs.filter(inGroup);
  const refs = a.refs.filter((r) => inGroup(r.def));
  return { defs, refs };
}

/** Variables in scope at a position, predefined build args last. */
export function variablesInScope(a: Analysis, inst: Instruction | undefined): Map<string, VarDef> {
  if (!inst) {
    // between instructions: the scope after the last instruction before the position
    return new Map();
  }
  return a.scopes.get(inst) ?? new Map();
}
