// The layer-hygiene rule family: files that stay in the image because of how the layers were written.
// One rule unit per code (../rules/layer-*.ts, listed once in ../rules/index.ts):
//
//   layer-deleted-later  content one instruction adds is removed by a later RUN (reported on the adder)
//   layer-cache          a package manager leaves its cache/index in the RUN's layer
//   layer-archive        an archive stays in a layer after it is extracted
//   layer-secret         a secret-like file is COPY'd/ADD'd into a layer
//   layer-rewrite        a later RUN rewrites earlier files in place or only in metadata
//
// Each stage is walked in order over one LayerTimeline (./timeline.ts; a stage built FROM an earlier
// one starts from that one's state): COPY/ADD are read by ./copy.ts, RUN scripts are parsed by
// ../shell.ts (gated by sh-syntax, ../shellSyntax.ts) and interpreted by ./run (one module per family
// of commands). The units' hooks see each COPY source, each RUN and each stage's end. Results are
// cached per analysed document (and per measurement set).
import { humanSize } from '../../../../client/src/core/format';
import type { Analysis } from '../../analysis';
import type { LayerMeasurement } from '../../facts';
import { Instruction, Lex, Stage } from '../../../../client/src/core/parser';
import type { RuleFamily } from '..';
import { HYGIENE_UNITS } from '../rules';
import { PACKAGE_FILE_TABLE } from '../rules/layer-rewrite';
import { CREDENTIAL_ENV } from '../rules/layer-secret';
import { prepareShellSyntax, shParse, shValidateMany } from '../shellSyntax';
import { basename, globToRegExpSource, resolvePath, symbolicName, symbolicText } from '../shellExpand';
import { BuildContext, copy, Disk } from './copy';
import type { HookContext, HygieneFinding } from './finding';
import { Runner } from './run/runner';
import { MAX_GATED, mountTargets, parsed, runScript, SHELLS } from './script';
import { LayerTimeline } from './timeline';

export type { HygieneFinding, HygieneFix } from './finding';
export { firstLine } from './finding';
export { HYGIENE_CODES } from '../rules';
export { MAX_SOURCES } from './copy';

export interface HygieneOptions {
  /** Measured layers of this document (from the client), by instruction start line. */
  measurements?: LayerMeasurement[];
  /** The build context on disk, to see secret-like files that a directory COPY takes along. */
  context?: BuildContext;
}

const cache = new WeakMap<Analysis, { key: string; findings: HygieneFinding[] }>();

/** The family for lint(): `measurementsOf` gives the measured layers of the document being linted. */
export function hygieneFamily(
  measurementsOf: (a: Analysis) => LayerMeasurement[] | undefined = () => undefined,
  contextOf: (a: Analysis) => HygieneOptions['context'] = () => undefined,
): RuleFamily {
  void prepareShellSyntax();
  return (a) => hygieneFindings(a, { measurements: measurementsOf(a), context: contextOf(a) });
}

/** A measurement set by identity (it may list every file of every layer: too large to serialise on each lint). */
const measurementIds = new WeakMap<LayerMeasurement[], number>();
let nextMeasurementId = 1;
function measurementsId(m: LayerMeasurement[] | undefined): number {
  if (!m?.length) return 0;
  let id = measurementIds.get(m);
  if (id === undefined) measurementIds.set(m, (id = nextMeasurementId++));
  return id;
}

export function hygieneFindings(a: Analysis, opts: HygieneOptions = {}): HygieneFinding[] {
  const key = JSON.stringify([measurementsId(opts.measurements), opts.context?.dir ?? '', opts.context?.ignore?.patterns ?? []]);
  const hit = cache.get(a);
  if (hit && hit.key === key) return hit.findings;
  const findings = analyzeHygiene(a, opts);
  cache.set(a, { key, findings });
  return findings;
}

/**
 * The findings last computed for this analysis, whatever the options (quick fixes do not depend on
 * measurements or the build context); computed without options when there are none yet. Asking
 * hygieneFindings(a) with other options would recompute and replace the diagnostics' entry.
 */
export function latestHygieneFindings(a: Analysis): HygieneFinding[] {
  return cache.get(a)?.findings ?? hygieneFindings(a);
}

interface StageState extends HookContext {
  workdir: string;
  user: string;
  shellOk: boolean;
  /** The stage ends up in the image: the last stage or one it is built FROM. */
  ships: boolean;
  /** What the build context holds at a path, asked once per pass. */
  disk: Disk;
  findings: HygieneFinding[];
}

function analyzeHygiene(a: Analysis, opts: HygieneOptions): HygieneFinding[] {
  const measured = (inst: Instruction): string => {
    const m = opts.measurements?.find((x) => x.startLine === inst.startLine && (x.endLine === undefined || x.endLine === inst.endLine));
    if (!m || typeof m.size !== 'number') return '';
    const wasted = typeof m.wasted === 'number' && m.wasted > 0 ? `, ${humanSize(m.wasted)} of it deleted or overwritten later` : '';
    return ` Measured: this layer is ${humanSize(m.size)}${wasted}.`;
  };
  // One sh-syntax call for every RUN script not validated yet (see shValidateMany).
  const scripts: string[] = [];
  for (const inst of a.df.instructions) {
    if (inst.keyword !== 'RUN' || inst.stage < 0) continue;
    const sc = runScript(inst, true);
    if (sc && sc.text.length <= MAX_GATED && parsed(sc.text)?.length) scripts.push(sc.text);
  }
  shValidateMany(scripts);
  const credentialFiles = credentialPaths(a);
  const ends = new Map<Stage, StageState>();
  const disk: Disk = new Map();
  const out: HygieneFinding[] = [];
  const seen = new Set<string>();
  const shipping = new Set<Stage>();
  for (let s: Stage | undefined = a.df.stages[a.df.stages.length - 1]; s && !shipping.has(s); s = a.parentStage.get(s)) shipping.add(s);
  for (const stage of a.df.stages) {
    const parent = a.parentStage.get(stage);
    const base = parent ? ends.get(parent) : undefined;
    // Windows images run RUN with cmd.exe: not a POSIX shell script
    const windows = /(^|[/:])(windows|nanoserver|servercore|windowsservercore)([/:-]|$)|windows\/|servercore|nanoserver/i.test(stage.baseImage);
    const findings: HygieneFinding[] = [];
    const st: StageState = {
      timeline: new LayerTimeline(PACKAGE_FILE_TABLE), report: (f) => findings.push(f), measured, findings, credentialFiles,
      workdir: base?.workdir ?? '/', user: base?.user ?? 'root', shellOk: base ? base.shellOk : !windows, disk, ships: shipping.has(stage),
    };
    if (base) st.timeline.adopt(base.timeline);
    for (const inst of stage.instructions) {
      if (inst === stage.from) continue;
      try {
        step(a, st, inst, opts);
      } catch {
        // one instruction the model cannot follow must not hide the others' findings
      }
    }
    const done = { timeline: st.timeline, report: st.report, measured, stage };
    for (const u of HYGIENE_UNITS) u.afterStage?.(done);
    ends.set(stage, st);
    for (const f of findings) {
      const k = `${f.code}|${f.range.start.line}|${f.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
  }
  if (opts.measurements?.some((m) => m.files)) for (const f of out) f.message += flaggedBytes(f, opts.measurements);
  return out.sort((x, y) => x.range.start.line - y.range.start.line || x.code.localeCompare(y.code));
}

/** A path pattern of HygieneFinding.paths as a test on absolute file paths (the path itself or anything under it). */
function pathTest(p: string): (file: string) => boolean {
  if (!/[*?[]/.test(p)) return p === '/' ? () => true : (file) => file === p || file.startsWith(`${p}/`);
  const src = p.split('/').map((seg) => (seg === '**' ? '\u0000' : globToRegExpSource(seg))).join('/').replace(/\u0000\//g, '(?:[^/]+/)*').replace(/\/\u0000$/, '(?:/.*)?');
  let re: RegExp;
  try { re = new RegExp(`^${src}(?:/.*)?$`); } catch { return () => false; }
  return (file) => re.test(file);
}

/**
 * ` Measured: the flagged files take N in this layer.` from the layer's files the client sent: the
 * bytes the files the finding is about occupy in the layer of its instruction, as the image's layer
 * analysis counts them ('' when the layer's files are not known).
 */
function flaggedBytes(f: HygieneFinding, measurements: LayerMeasurement[]): string {
  if (!f.paths?.length) return '';
  const m = measurements.find((x) => x.startLine === f.inst.startLine && (x.endLine === undefined || x.endLine === f.inst.endLine));
  if (!m?.files) return '';
  const bytes = bytesUnder(m, m.files, f.paths);
  return ` Measured: the flagged files take ${m.filesTruncated ? 'at least ' : ''}${humanSize(bytes)} (${bytes} bytes) in this layer.`;
}

/**
 * Sums per measured layer and set of paths. A layer may list 20,000 files and the measurements stay
 * while the document is edited: without this every keystroke's lint walked every flagged layer's
 * files again for each finding (a 120-finding file with measured layers: ~160 ms per lint instead of ~8).
 */
const sums = new WeakMap<LayerMeasurement, Map<string, number>>();
function bytesUnder(m: LayerMeasurement, files: NonNullable<LayerMeasurement['files']>, paths: string[]): number {
  let byPaths = sums.get(m);
  if (!byPaths) sums.set(m, (byPaths = new Map()));
  const key = paths.join('\0');
  let bytes = byPaths.get(key);
  if (bytes === undefined) {
    const tests = paths.map(pathTest);
    bytes = 0;
    for (const file of files) if (typeof file.size === 'number' && tests.some((t) => t(file.path))) bytes += file.size;
    byPaths.set(key, bytes);
  }
  return bytes;
}

/**
 * The paths the Dockerfile's ENV/ARG give a credentials-file variable (CREDENTIAL_ENV), anywhere in it:
 * `ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json` names the file a COPY put there, before or after.
 */
function credentialPaths(a: Analysis): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  for (const d of a.defs) {
    const what = Object.prototype.hasOwnProperty.call(CREDENTIAL_ENV, d.name) ? CREDENTIAL_ENV[d.name] : undefined;
    if (what && typeof d.value === 'string' && d.value.startsWith('/')) (out ??= new Map()).set(resolvePath('/', d.value), what);
  }
  return out;
}

/** Values of ARG/ENV in scope at an instruction (null: declared without a value). */
function varsAt(a: Analysis, inst: Instruction): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const [k, d] of a.scopes.get(inst) ?? []) {
    if (d.value !== undefined) m.set(k, d.value);
    else if (d.kind === 'ARG') m.set(k, null);
  }
  return m;
}

/** BuildKit's expansion of an instruction's words (built on first use: most instructions need none). */
function expander(a: Analysis, inst: Instruction): (s: string) => string | undefined {
  let env: Map<string, string> | undefined;
  let declared: Map<string, string | null> | undefined;
  let lex: Lex | undefined;
  return (s) => {
    if (!/[$'"\\`]/.test(s)) return s;
    if (!env || !lex) {
      env = new Map();
      declared = varsAt(a, inst);
      for (const [k, v] of declared) if (v !== null) env.set(k, v);
      lex = new Lex(a.df.escape);
    }
    try {
      return lex.processWord(s, symbolicEnv(s, env, declared!) ?? env);
    } catch {
      return undefined;
    }
  };
}

/**
 * A path word's variables that the Dockerfile never declares (a base image's ENV: `/home/${NB_USER}/work/`)
 * kept as their own text, as the RUN interpreter keeps them (shellExpand's VarLookup.symbolic): the same
 * unresolved path in a COPY/ADD/WORKDIR and in a later RUN is the same path. Upper-case names referenced
 * plainly (`$X`, `${X}`; not `${X:-default}`), in a word with a `/` of its own; undefined when there is none.
 */
function symbolicEnv(s: string, env: Map<string, string>, declared: Map<string, string | null>): Map<string, string> | undefined {
  if (!s.includes('$') || !s.replace(/\$(\{[^}]*\}|\w+)/g, '').includes('/')) return undefined;
  let out: Map<string, string> | undefined;
  const withOp = new Set<string>();
  for (const m of s.matchAll(/\$(?:\{([A-Za-z_]\w*)([^}]*)\}|([A-Za-z_]\w*))/g)) if (m[1] && m[2]) withOp.add(m[1]);
  for (const m of s.matchAll(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g)) {
    const n = m[1] ?? m[2];
    if (declared.has(n) || withOp.has(n) || !symbolicName(n)) continue;
    (out ??= new Map(env)).set(n, symbolicText(n));
  }
  return out;
}

function step(a: Analysis, st: StageState, inst: Instruction, opts: HygieneOptions): void {
  const expand = expander(a, inst);
  switch (inst.keyword) {
    case 'WORKDIR': {
      const v = inst.args[0] ? expand(inst.args[0].value) : undefined;
      if (v) { st.workdir = resolvePath(st.workdir, v); st.timeline.markDir(st.workdir); }
      break;
    }
    case 'USER': {
      const v = inst.args[0] ? expand(inst.args[0].value) : undefined;
      if (v) st.user = v.split(':')[0] || 'root';
      break;
    }
    case 'SHELL':
      st.shellOk = inst.json && inst.args.length > 0 && SHELLS.has(basename(inst.args[0].value));
      break;
    case 'COPY': case 'ADD':
      copy(st, inst, expand, opts.context);
      break;
    case 'RUN':
      run(a, st, inst);
      break;
    default:
      break;
  }
}

function run(a: Analysis, st: StageState, inst: Instruction): void {
  const script = runScript(inst, st.shellOk);
  if (!script || !script.text.trim()) return;
  // The gate: mvdan/sh must accept the script (when the WASM module is available, and for scripts up
  // to MAX_GATED: it takes about a millisecond per KB, and a larger script is not hand-written).
  const gate = script.text.length <= MAX_GATED ? shParse(script.text) : undefined;
  if (gate?.error) return;
  const stmts = parsed(script.text);
  if (!stmts) return;
  if (!stmts.length) return;
  const expand = expander(a, inst);
  const runner = new Runner({
    inst,
    timeline: st.timeline,
    cwd: st.workdir,
    user: st.user === '0' ? 'root' : st.user,
    home: st.timeline.homeOf(st.user),
    vars: varsAt(a, inst),
    mounts: mountTargets(inst, st.workdir, expand),
    position: script.position,
    single: stmts.length === 1 && stmts[0].cmd?.type === 'CallExpr' && !inst.heredocs.length,
    ships: st.ships,
  });
  runner.run(stmts);
  const last = stmts[stmts.length - 1];
  const appendAt = script.position(last.end);
  if (appendAt) st.timeline.appendAt.set(inst, appendAt);
  const done = { timeline: st.timeline, report: st.report, measured: st.measured, inst, appendAt, stmts };
  for (const u of HYGIENE_UNITS) u.afterRun?.(done);
}
