// BuildKit's build checks (the 21 non-experimental rules of frontend/dockerfile/linter/ruleset.go) with
// BuildKit's semantics from instructions/parse.go and dockerfile2llb (convert.go, validations.go,
// convert_expose.go), evaluated statically: build args take their defaults, the target platform is
// this machine's, and a base image's own ENV is known only when the client supplied its facts.
import { formatAll, hostPlatform, normalize, parsePlatform, type Platform } from '../../../client/src/core/platform';
import { parseNormalizedNamed } from '../../../client/src/core/reference';
import { Analysis, PREDEFINED_ARGS, VarDef, VarRef } from '../analysis';
import type { Facts } from '../facts';
import { cleanPath, DockerIgnore, Instruction, Lex, parseKeyValues, Range, Stage } from '../../../client/src/core/parser';

export interface Finding {
  code: string;
  message: string;
  range: Range;
}

export interface BuildCheckContext {
  /** The build context's .dockerignore, when it has one. */
  ignore?: DockerIgnore;
  facts?: Pick<Facts, 'cachedImageFacts'>;
}

/** Go's levenshtein.Distance; a dozen lines do not justify a dependency. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** BuildKit's suggest.Search: the closest option within distance 2, none on an exact match. */
export function suggest(val: string, options: Iterable<string>, caseSensitive = true): string | undefined {
  const v = caseSensitive ? val : val.toLowerCase();
  let match: string | undefined;
  let min = 3;
  for (const o of options) {
    const opt = caseSensitive ? o : o.toLowerCase();
    if (opt === v) return undefined;
    const d = distance(v, opt);
    if (d < min) { match = o; min = d; }
  }
  return match;
}

const isSelfConsistent = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();
const firstLine = (inst: Instruction): Range => {
  const end = inst.startLine === inst.endLine ? inst.range.end : { line: inst.startLine, character: Number.MAX_SAFE_INTEGER };
  return { start: inst.range.start, end };
};

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const SECRET_ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;
const RESERVED_STAGE_NAMES = new Set(['context', 'scratch']);
/** BuildKit's nonEnvArgs: build args that never become environment variables. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** Default values of BuildKit's predefined platform args for a build on this machine. */
function predefinedValues(): Map<string, string> {
  const p = hostPlatform();
  const m = new Map<string, string>();
  for (const prefix of ['TARGET', 'BUILD']) {
    m.set(`${prefix}PLATFORM`, formatPlatformShort(p));
    m.set(`${prefix}OS`, p.os);
    m.set(`${prefix}ARCH`, p.architecture);
    m.set(`${prefix}VARIANT`, p.variant ?? '');
  }
  return m;
}
const formatPlatformShort = (p: Platform) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

export function buildChecks(a: Analysis, ctx: BuildCheckContext = {}): Finding[] {
  const out: Finding[] = [];
  const df = a.df;
  const lex = new Lex(df.escape);
  const add = (code: string, message: string, range: Range) => out.push({ code, message, range });

  // -- instructions/parse.go: MAINTAINER, FROM ... AS casing
  for (const inst of df.instructions) {
    if (inst.keyword === 'MAINTAINER') add('MaintainerDeprecated', 'Maintainer instruction is deprecated in favor of using label', firstLine(inst));
  }
  for (const st of df.stages) {
    const args = st.from.args;
    if (args.length === 3) {
      if (args[2].value !== args[2].value.toLowerCase()) add('StageNameCasing', `Stage name '${args[2].value}' should be lowercase`, args[2].range);
      const cmd = st.from.keywordRaw;
      const as = args[1].value;
      if (isSelfConsistent(cmd) && (cmd === cmd.toLowerCase() ? as !== as.toLowerCase() : as !== as.toUpperCase())) {
        add('FromAsCasing', `'${as}' and '${cmd}' keywords' casing do not match`, args[1].range);
      }
    }
  }

  // -- parser warnings
  for (const w of df.warnings) if (w.code === 'NoEmptyContinuation') add('NoEmptyContinuation', 'Empty continuation line', w.range);

  // -- validateStageNames (names are lower-cased by parseFrom)
  const seen = new Set<string>();
  for (const st of df.stages) {
    if (st.name === undefined || !st.nameRange) continue;
    const name = st.name.toLowerCase();
    if (RESERVED_STAGE_NAMES.has(name)) add('ReservedStageName', `Stage name should not use the same name as reserved stage "${name}"`, st.nameRange);
    if (seen.has(name)) add('DuplicateStageName', `Duplicate stage name "${name}", stage names should be unique`, st.nameRange);
    seen.add(name);
  }

  // -- validateCommandCasing: stages' FROM and commands, not the global ARGs
  const staged = df.instructions.filter((i) => i.stage >= 0 && i.keywordRaw !== '');
  let lower = 0;
  let upper = 0;
  for (const i of staged) {
    if (!isSelfConsistent(i.keywordRaw)) continue;
    if (i.keywordRaw === i.keywordRaw.toLowerCase()) lower++;
    else upper++;
  }
  const majorityLower = lower > upper;
  for (const i of staged) {
    const name = i.keywordRaw;
    const casing = majorityLower && name !== name.toLowerCase() ? 'lowercase' : !majorityLower && name !== name.toUpperCase() ? 'uppercase' : '';
    if (casing) add('ConsistentInstructionCasing', `Command '${name}' should match the case of the command majority (${casing})`, i.keywordRange);
  }

  fromChecks(a, lex, ctx, add);
  stageChecks(a, lex, ctx, add);
  return out;
}

type Add = (code: string, message: string, range: Range) => void;

/** Global build args as a build with defaults sees them (BuildKit's buildMetaArgs); undefined on an expansion error. */
function metaArgs(a: Analysis, lex: Lex): Map<string, string> | undefined {
  const env = predefinedValues();
  for (const inst of a.df.globalArgs) {
    for (const kv of parseKeyValues(inst)) {
      if (kv.value === undefined) continue;
      try {
        env.set(kv.key, lex.processWord(kv.value, env));
      } catch {
        return undefined;
      }
    }
  }
  return env;
}

function fromChecks(a: Analysis, lex: Lex, ctx: BuildCheckContext, add: Add): void {
  const df = a.df;
  const declared = new Set<string>([...Object.keys(PREDEFINED_ARGS).filter((k) => /^(TARGET|BUILD)/.test(k))]);
  for (const inst of df.globalArgs) for (const kv of parseKeyValues(inst)) declared.add(kv.key);
  const meta = metaArgs(a, lex);
  let defaultsValid = meta !== undefined;

  for (const st of df.stages) {
    const loc = firstLine(st.from);
    // UndefinedArgInFrom: base name and --platform
    const platformFlag = st.from.flags.find((f) => f.name === 'platform');
    for (const r of a.refs) {
      if (r.inst !== st.from || declared.has(r.name)) continue;
      const s = suggest(r.name, declared, true);
      add('UndefinedArgInFrom', `FROM argument '${r.name}' is not declared${s ? ` (did you mean ${s}?)` : ''}`, r.fullRange);
    }
    // InvalidDefaultArgInFrom (validateBaseImagesWithDefaultArgs stops at the first expansion error)
    if (defaultsValid && meta) {
      let name: string | undefined;
      try {
        name = lex.processWord(st.baseImage, meta);
      } catch {
        defaultsValid = false;
      }
      if (name !== undefined && st.baseImage !== '') {
        try {
          parseNormalizedNamed(name);
        } catch {
          add('InvalidDefaultArgInFrom', `Default value for ARG ${st.baseImage} results in empty or invalid base image name`, st.baseImageRange ?? loc);
        }
      }
    }
    if (platformFlag?.value !== undefined) {
      const v = platformFlag.value;
      const range = platformFlag.range;
      let res: { result: string; matched: Set<string>; unmatched: Set<string> } | undefined;
      try {
        res = lex.processWordWithMatches(v, meta ?? predefinedValues());
      } catch {
        res = undefined;
      }
      if (res) {
        // RedundantTargetPlatform: only $TARGETPLATFORM substituted, giving its own value
        if (res.matched.size === 1 && res.unmatched.size === 0 && res.matched.has('TARGETPLATFORM') && res.result === (meta ?? predefinedValues()).get('TARGETPLATFORM')) {
          add('RedundantTargetPlatform', `Setting platform to predefined ${v} in FROM is redundant as this is the default behavior`, range);
        }
        // FromPlatformFlagConstDisallowed
        if (res.matched.size === 0 && res.unmatched.size === 0) {
          let p: Platform | undefined;
          try {
            p = parsePlatform(res.result);
          } catch {
            p = undefined;
          }
          const stageName = (st.name ?? '').toLowerCase();
          if (p && !(stageName.includes(p.os) || stageName.includes(p.architecture))) {
            add('FromPlatformFlagConstDisallowed', `FROM --platform flag should not use constant value "${res.result}"`, range);
          }
        }
      }
    }
    invalidBaseImagePlatform(a, st, lex, meta, ctx, add);
  }
}

/** InvalidBaseImagePlatform, when the client told us the local image's platform. */
function invalidBaseImagePlatform(a: Analysis, st: Stage, lex: Lex, meta: Map<string, string> | undefined, ctx: BuildCheckContext, add: Add): void {
  if (!ctx.facts || !st.baseImage || a.parentStage.has(st) || st.baseImage === 'scratch') return;
  let image: string;
  let expected: Platform;
  try {
    image = lex.processWord(st.baseImage, meta ?? new Map());
    const pf = st.from.flags.find((f) => f.name === 'platform')?.value;
    expected = normalize(pf ? parsePlatform(lex.processWord(pf, meta ?? predefinedValues())) : hostPlatform());
  } catch {
    return;
  }
  const facts = image ? ctx.facts.cachedImageFacts(image) : undefined;
  if (!facts?.os || !facts.architecture) return;
  const actual = normalize({ os: facts.os, architecture: facts.architecture, variant: facts.variant ?? '', osVersion: '' });
  if (actual.os !== expected.os || actual.architecture !== expected.architecture) {
    add('InvalidBaseImagePlatform', `Base image ${image} was pulled with platform "${formatAll(actual)}", expected "${formatAll(expected)}" for current build`, st.baseImageRange ?? firstLine(st.from));
  }
}

/** Whether a stage's environment is fully known: built from scratch, or from an image whose Env the client told us. */
function baseEnv(a: Analysis, st: Stage, lex: Lex, ctx: BuildCheckContext): Set<string> | undefined {
  let root = st;
  for (let guard = 0; a.parentStage.has(root) && guard < 1000; guard++) root = a.parentStage.get(root)!;
  if (root.baseImage.toLowerCase() === 'scratch') return new Set();
  let image = root.baseImage;
  try {
    image = lex.processWord(root.baseImage, metaArgs(a, lex) ?? new Map());
  } catch { /* keep as written */ }
  const env = ctx.facts?.cachedImageFacts(image)?.env;
  return env ? new Set(env.map((e) => e.split('=')[0])) : undefined;
}

function stageChecks(a: Analysis, lex: Lex, ctx: BuildCheckContext, add: Add): void {
  const df = a.df;
  // State that a stage passes to the stages built on it.
  const shellSet = new Map<Stage, boolean>();
  const workdirSet = new Map<Stage, boolean>();
  const ignoreUsable = ctx.ignore && !ctx.ignore.matcher.patterns.some((p) => p.exclusion);
  // references by instruction, and each scope's values once (consecutive instructions share a scope)
  const refsOf = new Map<Instruction, VarRef[]>();
  for (const r of a.refs) {
    const list = refsOf.get(r.inst);
    if (list) list.push(r);
    else refsOf.set(r.inst, [r]);
  }
  const valuesCache = new WeakMap<Map<string, VarDef>, Map<string, string>>();
  const valuesOf = (scope: Map<string, VarDef>): Map<string, string> => {
    let values = valuesCache.get(scope);
    if (!values) {
      values = new Map<string, string>();
      for (const [k, d] of scope) if (d.value !== undefined) values.set(k, d.value);
      valuesCache.set(scope, values);
    }
    return values;
  };

  for (const st of df.stages) {
    const parent = a.parentStage.get(st);
    let hasShell = parent ? shellSet.get(parent) ?? false : false;
    let hasWorkdir = parent ? workdirSet.get(parent) ?? false : false;
    const used: Record<string, Instruction | undefined> = {};
    const env = baseEnv(a, st, lex, ctx);

    for (const inst of st.instructions) {
      if (inst === st.from) continue;
      const scope = a.scopes.get(inst) ?? new Map<string, VarDef>();
      const values = valuesOf(scope);
      switch (inst.keyword) {
        case 'SHELL':
          hasShell = true;
          break;
        case 'CMD':
        case 'ENTRYPOINT':
        case 'HEALTHCHECK': {
          const prev = used[inst.keyword];
          if (prev) add('MultipleInstructionsDisallowed', `Multiple ${prev.keywordRaw} instructions should not be used in the same stage because only the last one will be used`, firstLine(prev));
          used[inst.keyword] = inst;
          if (inst.keyword !== 'HEALTHCHECK' && !inst.json && inst.argsText.trim() !== '' && !hasShell) {
            add('JSONArgsRecommended', `JSON arguments recommended for ${inst.keywordRaw} to prevent unintended behavior related to OS signals`, inst.argsRange ?? firstLine(inst));
          }
          break;
        }
        case 'WORKDIR': {
          if (!hasWorkdir) {
            let p = inst.args[0]?.value ?? '';
            try { p = lex.processWord(p, values); } catch { /* keep as written */ }
            if (!p.startsWith('/')) add('WorkdirRelativePath', `Relative workdir "${p}" can have unexpected results if the base image changes`, inst.argsRange ?? firstLine(inst));
          }
          hasWorkdir = true;
          break;
        }
        case 'ENV':
        case 'LABEL': {
          const kvs = parseKeyValues(inst);
          if (kvs.some((kv) => kv.legacy)) add('LegacyKeyValueFormat', `"${inst.keywordRaw} key=value" should be used instead of legacy "${inst.keywordRaw} key value" format`, inst.argsRange ?? firstLine(inst));
          if (inst.keyword === 'ENV') for (const kv of kvs) secretKey('ENV', kv.key, kv.keyRange, add);
          break;
        }
        case 'ARG':
          for (const kv of parseKeyValues(inst)) secretKey('ARG', kv.key, kv.keyRange, add);
          break;
        case 'EXPOSE':
          for (const w of inst.args) {
            let raw = w.value;
            try { raw = lex.processWord(w.value, values); } catch { /* keep as written */ }
            for (const port of raw.split(/\s+/).filter(Boolean)) exposeChecks(port, w.range, add);
          }
          break;
        case 'COPY':
        case 'ADD':
          if (ignoreUsable && !inst.flags.some((f) => f.name === 'from')) copyIgnored(inst, lex, values, ctx.ignore!, add);
          break;
      }
      // UndefinedVar: references the builder itself expands
      for (const r of refsOf.get(inst) ?? []) {
        if (!r.expandedByBuilder || r.def || NON_ENV_ARGS.has(r.name)) continue;
        if (env ? env.has(r.name) : r.name === 'PATH') continue;
        const s = suggest(r.name, [...scope.keys(), ...(env ?? [])], true);
        // Without the base image's Env, a name is only reported when it is a near miss of a known one.
        if (!env && !s) continue;
        add('UndefinedVar', `Usage of undefined variable '$${r.name}'${s ? ` (did you mean $${s}?)` : ''}`, r.fullRange);
      }
    }
    shellSet.set(st, hasShell);
    workdirSet.set(st, hasWorkdir);
  }
}

function secretKey(kind: 'ARG' | 'ENV', key: string, range: Range, add: Add): void {
  if (SECRET.test(key) && !SECRET_ALLOW.test(key)) add('SecretsUsedInArgOrEnv', `Do not use ARG or ENV instructions for sensitive data (${kind} "${key}")`, range);
}

/** BuildKit's portSpecs.parsePort lint part: `[ip:][hostPort:]containerPort[/proto]`. */
function exposeChecks(rawPort: string, range: Range, add: Add): void {
  const parts = rawPort.split(':');
  const n = parts.length;
  const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPort = n >= 2 ? parts[n - 2] : '';
  const containerPort = parts[n - 1];
  const slash = containerPort.indexOf('/');
  const port = slash < 0 ? containerPort : containerPort.slice(0, slash);
  const proto = slash < 0 ? '' : containerPort.slice(slash + 1);
  if (port === '' || !['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return; // a build error, not a lint
  if (proto !== proto.toLowerCase()) add('ExposeProtoCasing', `Defined protocol '${rawPort}' in EXPOSE instruction should be lowercase`, range);
  if (ip !== '' || hostPort !== '') add('ExposeInvalidFormat', `EXPOSE instruction should not define an IP address or host-port mapping, found '${rawPort}'`, range);
}

/** CopyIgnoredFile: sources of COPY/ADD from the context that .dockerignore excludes. */
function copyIgnored(inst: Instruction, lex: Lex, values: Map<string, string>, ignore: DockerIgnore, add: Add): void {
  if (inst.heredocs.length) return;
  const cmd = inst.keyword === 'ADD' ? 'Add' : 'Copy';
  const sources = inst.args.slice(0, -1);
  const rootIgnored = ignore.matcher.patterns.some((p) => !p.exclusion && ['*', '**', '**/*'].includes(p.toString()));
  for (const w of sources) {
    let src = w.value;
    try { src = lex.processWord(src, values); } catch { continue; }
    if (inst.keyword === 'ADD' && /^[a-z][a-z0-9+.-]*:\/\//i.test(src)) continue;
    src = cleanPath(src.replace(/\\/g, '/'));
    if ((src === '.' || src === '/') && !rootIgnored) continue;
    const rel = src.replace(/^\/+/, '') || '.';
    if ((rel === '.' && rootIgnored) || ignore.ignores(rel)) add('CopyIgnoredFile', `Attempting to ${cmd} file "${src}" that is excluded by .dockerignore`, w.range);
  }
}
