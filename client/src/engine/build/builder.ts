import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';
import { chompHeredocContent, Dockerfile, formatProblem, Instruction, parse, stageByName, unknownInstructionProblems, expandWordWith } from '../../core/parser';
import { walkTar } from '../archive/tarstream';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError, isEngineError, throwIfAborted } from '../../core/errors';
import type { EventJournal } from '../events';
import { readJson, writeJsonAtomic } from '../fsutil';
import { chainIds, type ImageStore } from '../image/store';
import { ContainerConfig, HistoryEntry, ImageConfig, Manifest, MediaTypes } from '../image/types';
import { formatPlatform, hostPlatform, parsePlatform } from '../../core/platform';
import { applyConfigInstruction, CONFIG_INSTRUCTIONS, envMap } from './config';
import { ChainIndex, resolveChown } from './chain';
import { BuildContext, ContextEntry, FileDigestCache, selectionChecksum, SMALL_FILE, SourceSelection } from './context';
import { pruneProvenance, writeProvenance } from './provenance';
import type { Snapshotter } from '../snapshot';
import { reapRuns, runOnce } from '../container/oneshot';
import { DEFAULT_PATH, resolveUser } from '../container/spec';
import { resolveInRoot } from '../layer/rootpath';
import { layerDirWriter } from '../layer/apply';

import type { BuildCachePruneResult, BuildOptions, BuildProgress, BuildResult, BuildStep } from './api';

/** What the builder needs from the rest of the engine. */
export interface BuilderDeps {
  dataRoot: string;
  content: ContentStore;
  images: ImageStore;
  events?: EventJournal;
  /** Fetches a base image that is not in the store (`docker build` pulls it). */
  pull?: (reference: string, signal?: AbortSignal) => Promise<void>;
  /** Root filesystems for RUN steps and COPY --from sources. */
  snapshots?: Snapshotter;
}

/** The image a stage has built so far: config plus layer descriptors. */
interface State {
  config: ImageConfig;
  layers: Descriptor[];
  /** Identity of the state for the build cache. */
  key: string;
  /** The CMD came from the base image (ENTRYPOINT then resets it, as Docker does). */
  cmdFromBase: boolean;
}

/** Predefined args every stage may declare without a value (BuildKit's). */
function predefinedArgs(): Map<string, string> {
  const p = hostPlatform();
  const m = new Map<string, string>();
  for (const prefix of ['TARGET', 'BUILD']) {
    m.set(`${prefix}PLATFORM`, formatPlatform(p));
    m.set(`${prefix}OS`, p.os);
    m.set(`${prefix}ARCH`, p.architecture);
    m.set(`${prefix}VARIANT`, p.variant ?? '');
  }
  for (const proxy of ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY']) {
    for (const name of [proxy, proxy.toLowerCase()]) if (process.env[name] !== undefined) m.set(name, process.env[name]!);
  }
  return m;
}

/** `COPY --chown=1:1 a /b`: keyword, flags and arguments as BuildKit writes them into history. */
function instructionText(inst: Instruction): string {
  return [inst.keyword, ...inst.flags.map((f) => f.raw), inst.argsText.trim()].filter(Boolean).join(' ');
}

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Builds images from Dockerfiles with the classic builder's model: each instruction is a
 * layer (COPY, ADD, RUN) or a config change, every step's result is cached under a key made of
 * its parent's key, the instruction, the args in scope and (for COPY/ADD) the content checksum
 * of its sources, so an unchanged rebuild reuses every step and yields the same image ID.
 */
export class Builder {
  private readonly cacheDir: string;

  constructor(private readonly deps: BuilderDeps) {
    this.cacheDir = path.join(deps.dataRoot, 'build', 'cache');
    // Layer blobs the cache refers to stay out of image GC (`builder prune` drops the cache).
    deps.images.addGcRoots(async () => blobsOf(await this.readCache()));
    // A cached step's layers stay unpacked as long as the entry lives (a rebuild reuses them).
    deps.snapshots?.addGcRoots(async () => statesOf(await this.readCache()).map((s) => s.config.rootfs.diff_ids));
  }

  async build(opts: BuildOptions): Promise<BuildResult> {
    const dockerfile = path.resolve(opts.dockerfile ?? path.join(opts.context, 'Dockerfile'));
    const text = await fs.promises.readFile(dockerfile, 'utf8').catch(() => {
      throw new EngineError('not-found', `failed to read dockerfile: open ${dockerfile}: no such file or directory`);
    });
    if (opts.platform) {
      const want = formatPlatform(parsePlatform(opts.platform));
      if (want !== formatPlatform(hostPlatform())) {
        throw new EngineError('invalid-argument', `cannot build for ${want} on this ${formatPlatform(hostPlatform())} host: the embedded engine builds for its own platform only`);
      }
    }
    const df = parse(text);
    const problem = df.errors[0] ?? unknownInstructionProblems(df)[0];
    if (problem) throw new EngineError('invalid-argument', `${path.basename(dockerfile)}: ${formatProblem(problem)}`);
    if (!df.stages.length) throw new EngineError('invalid-argument', `${path.basename(dockerfile)}: the Dockerfile has no FROM instruction`);
    // What a killed build left (its step's container, slirp4netns, snapshot and mount) goes at the next build.
    await reapRuns(this.deps.dataRoot);
    await this.deps.snapshots?.removeStrays();
    // On a new data root the overlay probe mounts and unmounts (child processes): started now, it
    // runs while the context is walked and hashed, not in front of the first COPY's layer. Its
    // failure is the snapshotter's to report where a step needs it.
    this.deps.snapshots?.mode().catch(() => undefined);
    const context = await BuildContext.open(opts.context, dockerfile);
    const digests = await FileDigestCache.open(this.deps.dataRoot, context.dir);
    const run = new BuildRun(this, df, context, opts, digests);
    const state = await run.execute().finally(() => digests.save().catch(() => undefined));
    const id = await this.commit(state);
    // Layers made by this build map back to their instructions (cached steps included: the step
    // records the layer either way); the target stage's steps are the ones that can match.
    await writeProvenance(this.deps.dataRoot, id, dockerfile, run.steps);
    const tags: string[] = [];
    for (const t of opts.tags ?? []) {
      await this.deps.images.tag(t, await this.manifestOf(state));
      tags.push(t);
    }
    this.deps.events?.emit('image.built', tags[0] ?? id, { id });
    return { id, tags, steps: run.steps };
  }

  // ---- image assembly -------------------------------------------------------------------

  private async manifestOf(state: State): Promise<Descriptor> {
    const cfg = await this.deps.content.put(Buffer.from(JSON.stringify(state.config)));
    const manifest: Manifest = {
      schemaVersion: 2,
      mediaType: MediaTypes.dockerManifest,
      config: { mediaType: MediaTypes.dockerConfig, ...cfg },
      layers: state.layers,
    };
    const m = await this.deps.content.put(Buffer.from(JSON.stringify(manifest)));
    return { mediaType: MediaTypes.dockerManifest, ...m };
  }

  private async commit(state: State): Promise<string> {
    const rec = await this.deps.images.register(await this.manifestOf(state));
    return rec.id;
  }

  // ---- the step cache -------------------------------------------------------------------

  async cached(key: string): Promise<State | undefined> {
    const s = await readJson<State | undefined>(path.join(this.cacheDir, `${key}.json`), undefined).catch(() => undefined);
    if (!s) return undefined;
    for (const l of s.layers) if (!(await this.deps.content.has(l.digest))) return undefined;
    return s;
  }

  async remember(state: State): Promise<void> {
    await writeJsonAtomic(path.join(this.cacheDir, `${state.key}.json`), state);
  }

  /** Every file of the cache folder and the step it holds (undefined when it does not parse). */
  private async readCache(): Promise<CacheFile[]> {
    const out: CacheFile[] = [];
    for (const f of await fs.promises.readdir(this.cacheDir).catch(() => [] as string[])) {
      out.push({ file: f, state: await readJson<State | undefined>(path.join(this.cacheDir, f), undefined).catch(() => undefined) });
    }
    return out;
  }

  /** `system df`'s Build Cache row: cached steps, and the bytes of layers only the cache keeps. */
  async usage(imageLayers: Set<string>): Promise<{ total: number; active: number; size: number; reclaimable: number }> {
    return cacheUsage(await this.readCache(), imageLayers);
  }

  /** `docker builder prune`: forgets every cached step; returns their keys and the bytes only the cache kept. */
  async prune(): Promise<BuildCachePruneResult> {
    const cache = await this.readCache();
    const imageLayers = new Set((await this.deps.images.list()).flatMap((i) => i.manifestJson.layers.map((l) => l.digest)));
    const { size } = cacheUsage(cache, imageLayers);
    const blobs = new Set(blobsOf(cache));
    await fs.promises.rm(this.cacheDir, { recursive: true, force: true });
    await pruneProvenance(this.deps.dataRoot);
    // The blobs and unpacked layers only the cache kept go now (image GC ends in the layer GC).
    await this.deps.images.gc({ candidates: blobs });
    return { CachesDeleted: cache.map((c) => c.file.replace(/\.json$/, '')), SpaceReclaimed: size };
  }

  get store(): BuilderDeps {
    return this.deps;
  }
}

/** A file of the build cache folder and the step it holds. */
interface CacheFile {
  file: string;
  state?: State;
}

/** The cached steps that name their layers and diff IDs (what the GCs keep). */
function statesOf(cache: CacheFile[]): State[] {
  return cache.flatMap((c) => (c.state?.layers && c.state.config?.rootfs?.diff_ids ? [c.state] : []));
}

function blobsOf(cache: CacheFile[]): string[] {
  return statesOf(cache).flatMap((s) => s.layers.map((l) => l.digest));
}

/** The Build Cache row: every cache file is a step; the bytes are those of layers no image uses. */
function cacheUsage(cache: CacheFile[], imageLayers: Set<string>): { total: number; active: number; size: number; reclaimable: number } {
  const only = new Map<string, number>();
  for (const c of cache) for (const l of c.state?.layers ?? []) if (!imageLayers.has(l.digest)) only.set(l.digest, l.size);
  const size = [...only.values()].reduce((a, b) => a + b, 0);
  return { total: cache.length, active: 0, size, reclaimable: size };
}

/** One `build` call: the stages it needs, their states, the steps it ran. */
class BuildRun {
  readonly steps: BuildStep[] = [];
  private readonly stageStates = new Map<number, State>();
  private readonly globalArgs = new Map<string, string>();
  private readonly created: string;
  private stepNo = 0;
  private total = 0;

  constructor(private readonly builder: Builder, private readonly df: Dockerfile, private readonly context: BuildContext, private readonly opts: BuildOptions, private readonly digests?: FileDigestCache) {
    this.created = (sourceDateEpoch() ?? new Date()).toISOString();
  }

  private get deps() {
    return this.builder.store;
  }

  async execute(): Promise<State> {
    const buildArgs = this.opts.buildArgs ?? {};
    const predefined = predefinedArgs();
    for (const inst of this.df.globalArgs) {
      for (const w of inst.args) {
        const eq = w.value.indexOf('=');
        const name = eq < 0 ? w.value : w.value.slice(0, eq);
        const fallback = eq < 0 ? predefined.get(name) : this.expand(w.value.slice(eq + 1), this.globalArgs);
        const value = buildArgs[name] ?? fallback;
        if (value !== undefined) this.globalArgs.set(name, value);
      }
    }
    const target = this.opts.target ? stageByName(this.df, this.opts.target) : this.df.stages[this.df.stages.length - 1];
    if (!target) throw new EngineError('invalid-argument', `failed to reach build target ${this.opts.target} in Dockerfile: target stage "${this.opts.target}" could not be found`);
    const needed = this.neededStages(target.index);
    this.total = [...needed].reduce((n, i) => n + this.df.stages[i].instructions.length, 0);
    for (const i of [...needed].sort((a, b) => a - b)) this.stageStates.set(i, await this.buildStage(i));
    return this.stageStates.get(target.index)!;
  }

  /** The target and every stage it reaches through FROM <stage> and COPY --from=<stage>. */
  private neededStages(index: number, seen = new Set<number>()): Set<number> {
    if (seen.has(index)) return seen;
    seen.add(index);
    const stage = this.df.stages[index];
    const refs = [this.expand(stage.baseImage, this.globalArgs)];
    for (const inst of stage.instructions) {
      if (inst === stage.from) continue;
      const from = inst.flags.find((f) => f.name === 'from');
      if (from?.value && (inst.keyword === 'COPY' || inst.keyword === 'ADD')) refs.push(from.value);
      // RUN --mount=...,from=<stage> needs that stage too.
      for (const f of inst.flags) if (inst.keyword === 'RUN' && f.name === 'mount') for (const m of (f.value ?? '').matchAll(/(?:^|,)from=([^,]+)/g)) refs.push(m[1]);
    }
    for (const r of refs) {
      const s = stageByName(this.df, r);
      if (s && s.index < index) this.neededStages(s.index, seen);
    }
    return seen;
  }

  private expand(word: string, vars: Map<string, string>): string {
    try {
      return expandWordWith(word, vars, this.df.escape);
    } catch (e) {
      throw new EngineError('invalid-argument', `failed to process "${word}": ${(e as Error).message}`);
    }
  }

  private progress(inst: Instruction, stage: number, status: BuildProgress['status'], message?: string): void {
    const n = this.df.stages.length;
    this.opts.onProgress?.({
      step: this.stepNo, total: this.total,
      name: `[${n > 1 ? `stage-${stage} ` : ''}${this.stepNo}/${this.total}] ${instructionText(inst)}`,
      startLine: inst.startLine, endLine: inst.endLine, status, message,
    });
  }

  private async baseState(stageIndex: number): Promise<State> {
    const stage = this.df.stages[stageIndex];
    const ref = this.expand(stage.baseImage, this.globalArgs);
    const earlier = stageByName(this.df, ref);
    if (earlier && earlier.index < stageIndex) {
      const s = this.stageStates.get(earlier.index)!;
      return { ...structuredClone(s), cmdFromBase: true };
    }
    if (ref === 'scratch') {
      const p = hostPlatform();
      return {
        config: { architecture: p.architecture, os: p.os, ...(p.variant ? { variant: p.variant } : {}), config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] }, rootfs: { type: 'layers', diff_ids: [] }, history: [] },
        layers: [],
        key: sha('scratch'),
        cmdFromBase: false,
      };
    }
    let rec = await this.deps.images.find(ref);
    if (!rec) {
      if (!this.deps.pull) throw new EngineError('not-found', `pull access denied for ${ref}: the image is not in the store and this engine cannot pull`);
      await this.deps.pull(ref, this.opts.signal);
      rec = await this.deps.images.resolve(ref);
    }
    const config = structuredClone(rec.config);
    config.config = config.config ?? {};
    return { config, layers: rec.manifestJson.layers, key: sha(`from ${rec.id}`), cmdFromBase: true };
  }

  private async buildStage(index: number): Promise<State> {
    const stage = this.df.stages[index];
    this.stepNo++;
    this.progress(stage.from, index, 'start');
    let state = await this.baseState(index);
    this.progress(stage.from, index, 'done');
    const args = new Map<string, string>();
    const instructions = stage.instructions.filter((i) => i !== stage.from);
    // ONBUILD triggers of the base image run first, then are not inherited.
    const triggers = state.config.config?.OnBuild ?? [];
    if (triggers.length) {
      const parsed = parse(triggers.join('\n'));
      instructions.unshift(...parsed.instructions);
      this.total += parsed.instructions.length;
      state.config.config = { ...state.config.config, OnBuild: null };
    }
    for (const inst of instructions) {
      throwIfAborted(this.opts.signal);
      this.stepNo++;
      this.progress(inst, index, 'start');
      try {
        const vars = new Map([...args, ...envMap(state.config.config?.Env)]);
        const { next, cached, layer } = await this.step(state, inst, args, vars, index);
        this.digests?.forget();
        state = next;
        this.steps.push({ stage: index, instruction: instructionText(inst), startLine: inst.startLine, endLine: inst.endLine, cached, ...(layer ? { layer: layer.digest, size: layer.size } : {}) });
        this.progress(inst, index, cached ? 'cached' : 'done');
      } catch (e) {
        const message = `${this.df.stages.length > 1 ? `stage ${index}, ` : ''}line ${inst.startLine + 1}: ${inst.keyword}: ${(e as Error).message}`;
        this.digests?.forget();
        this.progress(inst, index, 'error', message);
        if (isEngineError(e)) throw new EngineError(e.code, message, { cause: e });
        throw new EngineError('internal', message, { cause: e });
      }
    }
    return state;
  }

  /** Runs (or takes from the cache) one instruction. */
  private async step(state: State, inst: Instruction, args: Map<string, string>, vars: Map<string, string>, stageIndex: number): Promise<{ next: State; cached: boolean; layer?: Descriptor }> {
    const expand = (w: string) => this.expand(w, vars);
    if (inst.keyword === 'ARG') {
      const predefined = predefinedArgs();
      for (const w of inst.args) {
        const eq = w.value.indexOf('=');
        const name = eq < 0 ? w.value : w.value.slice(0, eq);
        const value = this.opts.buildArgs?.[name] ?? (eq < 0 ? this.globalArgs.get(name) ?? predefined.get(name) : expand(w.value.slice(eq + 1)));
        if (value !== undefined) args.set(name, value);
        else args.delete(name);
      }
    }
    const history = (emptyLayer: boolean): HistoryEntry => ({
      created: this.created,
      created_by: `${instructionText(inst)}${emptyLayer ? '' : ' # buildkit'}`,
      comment: 'buildkit.dockerfile.v0',
      ...(emptyLayer ? { empty_layer: true } : {}),
    });
    // Args in scope are part of the key: a changed --build-arg re-runs what follows it.
    const argText = [...args].map(([k, v]) => `${k}=${v}`).sort().join('\n');
    if (inst.keyword === 'ARG' || CONFIG_INSTRUCTIONS.has(inst.keyword)) {
      const key = sha(`${state.key}\n${inst.original}\n${argText}`);
      const hit = this.opts.noCache ? undefined : await this.builder.cached(key);
      if (hit) return { next: { ...hit, cmdFromBase: state.cmdFromBase && inst.keyword !== 'CMD' }, cached: true };
      const config = structuredClone(state.config);
      if (inst.keyword === 'MAINTAINER') config.author = expand(inst.args.map((a) => a.value).join(' '));
      else if (inst.keyword !== 'ARG') config.config = applyConfigInstruction(config.config ?? {}, inst, expand, { cmdFromBase: state.cmdFromBase });
      config.history = [...(config.history ?? []), history(true)];
      config.created = this.created;
      const next: State = { config, layers: state.layers, key, cmdFromBase: state.cmdFromBase && inst.keyword !== 'CMD' };
      await this.builder.remember(next);
      return { next, cached: false };
    }
    if (inst.keyword === 'COPY' || inst.keyword === 'ADD') return this.copy(state, inst, expand, argText, history(false), stageIndex);
    if (inst.keyword === 'RUN') return this.run(state, inst, args, argText, history, stageIndex);
    throw new EngineError('invalid-argument', `unknown instruction: ${inst.keywordRaw}`);
  }

  private async copy(state: State, inst: Instruction, expand: (w: string) => string, argText: string, hist: HistoryEntry, stageIndex: number): Promise<{ next: State; cached: boolean; layer?: Descriptor }> {
    const flags = new Map(inst.flags.map((f) => [f.name, f.value]));
    for (const name of flags.keys()) {
      if (!['from', 'chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'parents'].includes(name)) throw new EngineError('invalid-argument', `unknown flag: --${name}`);
    }
    const from = flags.get('from');
    if (from !== undefined) return this.withSource(expand(from), stageIndex, (ctx, sourceKey) => this.copyFrom(state, inst, expand, argText, hist, ctx, sourceKey));
    return this.copyFrom(state, inst, expand, argText, hist, this.context, '');
  }

  /**
   * The filesystem `from` names (an earlier stage, or an image, pulled if needed) mounted
   * read-only as a snapshot for the duration of `fn`; `sourceKey` identifies it for the cache.
   */
  private async withSource<T>(from: string, stageIndex: number, fn: (ctx: BuildContext, sourceKey: string) => Promise<T>): Promise<T> {
    const src = await this.openSource(from, stageIndex, 'COPY --from');
    try {
      return await fn(BuildContext.plain(src.dir), src.key);
    } finally {
      await src.close();
    }
  }

  /** What a stage or image name refers to, for the cache key, without mounting it. */
  private async sourceKey(from: string, stageIndex: number): Promise<string> {
    const stage = stageByName(this.df, from);
    if (stage && stage.index < stageIndex) return this.stageStates.get(stage.index)?.key ?? from;
    return (await this.deps.images.find(from))?.id ?? from;
  }

  /** A read-only root filesystem of an earlier stage or an image (pulled if needed); `close` removes it. */
  private async openSource(from: string, stageIndex: number, what: string): Promise<{ dir: string; key: string; close(): Promise<void> }> {
    const snaps = this.requireSnapshots(what);
    const stage = stageByName(this.df, from);
    let layers: Descriptor[];
    let diffIds: string[];
    let key: string;
    if (stage && stage.index < stageIndex) {
      const s = this.stageStates.get(stage.index);
      if (!s) throw new EngineError('internal', `stage ${from} was not built`);
      [layers, diffIds, key] = [s.layers, s.config.rootfs.diff_ids, s.key];
    } else if (stage) {
      throw new EngineError('invalid-argument', `${what}=${from}: a stage can only use an earlier stage`);
    } else {
      let rec = await this.deps.images.find(from);
      if (!rec) {
        if (!this.deps.pull) throw new EngineError('not-found', `${what}=${from}: the image is not in the store`);
        await this.deps.pull(from, this.opts.signal);
        rec = await this.deps.images.resolve(from);
      }
      [layers, diffIds, key] = [rec.manifestJson.layers, rec.config.rootfs.diff_ids, rec.id];
    }
    const id = `build-src-${crypto.randomBytes(8).toString('hex')}`;
    const snap = await snaps.prepare(id, { layers, diffIds }, { temporary: true });
    return { dir: snap.rootfs, key, close: () => snaps.remove(id).catch(() => undefined) };
  }

  private requireSnapshots(what: string): Snapshotter {
    if (!this.deps.snapshots) throw new EngineError('unavailable', `${what} needs root filesystems, which this engine was opened without`);
    return this.deps.snapshots;
  }

  /**
   * `RUN`: the command runs in a container of the stage's filesystem (the runtime, its own
   * namespaces, the stage's env/args/user/workdir, `--mount`s and `--network`), and what it
   * changed becomes the layer, deletions as whiteouts. No change, no layer (as BuildKit).
   */
  private async run(state: State, inst: Instruction, args: Map<string, string>, argText: string, history: (empty: boolean) => HistoryEntry, stageIndex: number): Promise<{ next: State; cached: boolean; layer?: Descriptor }> {
    const flags = new Map<string, string[]>();
    for (const f of inst.flags) {
      if (!['mount', 'network', 'security'].includes(f.name)) throw new EngineError('invalid-argument', `unknown flag: --${f.name}`);
      flags.set(f.name, [...(flags.get(f.name) ?? []), f.value ?? '']);
    }
    const chosen = flags.get('network')?.at(-1) ?? this.opts.network ?? 'default';
    const network = chosen === 'bridge' ? 'default' : chosen;
    if (!['default', 'none', 'host'].includes(network)) throw new EngineError('invalid-argument', `unsupported network mode: ${network}`);
    const cfg = state.config.config ?? {};
    const env = envMap(cfg.Env);
    const vars = new Map([...args, ...env]);
    const expand = (w: string) => this.expand(w, vars);
    const mounts = (flags.get('mount') ?? []).map((m) => parseRunMount(m, expand));
    // The command as BuildKit runs it: exec form as is; shell form through the SHELL; a RUN that
    // is only a heredoc runs the heredoc's body as the script.
    let argv: string[];
    const shell = cfg.Shell?.length ? cfg.Shell : ['/bin/sh', '-c'];
    if (inst.json) argv = inst.args.map((a) => a.value);
    else if (inst.heredocs.length) {
      const cmd = inst.argsText.trim();
      const only = inst.heredocs.length === 1 && /^\d*<<-?\S+$/.test(cmd);
      const bodies = inst.heredocs.map((h) => `${h.content}${h.name}\n`).join('');
      const body = inst.heredocs[0].content;
      argv = only ? (body.startsWith('#!') ? ['/bin/sh', '-c', body] : [...shell, body]) : [...shell, `${cmd}\n${bodies}`];
    } else argv = [...shell, inst.args.map((a) => a.value).join(' ')];
    // Args and env in effect, the mounts' sources and the secrets' presence make the cache key.
    const mountKey = await Promise.all(mounts.map(async (m) => `${m.type}:${m.target}:${m.source ?? ''}:${m.type === 'bind' ? await this.bindChecksum(m, stageIndex) : ''}`));
    const key = sha(`${state.key}\n${inst.original}\n${argText}\n${mountKey.join('\n')}\nenv=${(cfg.Env ?? []).join('\0')}\nuser=${cfg.User ?? ''}\nworkdir=${cfg.WorkingDir ?? ''}${network === 'default' ? '' : `\nnetwork=${network}`}`);
    const hit = this.opts.noCache ? undefined : await this.builder.cached(key);
    if (hit) return { next: { ...hit, cmdFromBase: state.cmdFromBase }, cached: true, layer: hit.layers.length > state.layers.length ? hit.layers[hit.layers.length - 1] : undefined };

    const snaps = this.requireSnapshots('RUN');
    const id = `build-${crypto.randomBytes(8).toString('hex')}`;
    const workdir = cfg.WorkingDir || '/';
    const opened: Array<{ close(): Promise<void> }> = [];
    const snap = await snaps.prepare(id, { layers: state.layers, diffIds: state.config.rootfs.diff_ids }, {
      init: [{ path: 'proc', type: 'dir' }, { path: 'sys', type: 'dir' }, { path: 'dev', type: 'dir' }, { path: 'etc/hosts', type: 'file' }, { path: 'etc/hostname', type: 'file' }, { path: 'etc/resolv.conf', type: 'file' },
        ...mounts.map((m) => ({ path: m.target.replace(/^\/+/, ''), type: m.type === 'secret' ? 'file' as const : 'dir' as const }))],
      temporary: true,
    });
    try {
      await fs.promises.mkdir(path.join(snap.rootfs, resolveInRoot(snap.rootfs, workdir.replace(/^\/+/, ''), true)), { recursive: true });
      const runMounts = await Promise.all(mounts.map((m) => this.mountSource(m, stageIndex, opened)));
      const output = lineSplitter((line) => this.progress(inst, stageIndex, 'output', line));
      const argEnv = [...args].filter(([k]) => !env.has(k)).map(([k, v]) => `${k}=${v}`);
      const { exitCode } = await runOnce({
        dataRoot: this.deps.dataRoot, rootfs: snap.rootfs, args: argv, cwd: workdir, hostname: 'buildkitsandbox', network,
        env: [...(cfg.Env?.length ? cfg.Env : [DEFAULT_PATH]), ...argEnv], user: resolveUser(snap.rootfs, cfg.User), mounts: runMounts,
        onOutput: (_s, chunk) => output.push(chunk), signal: this.opts.signal,
      });
      output.flush();
      if (exitCode !== 0) throw new EngineError('invalid-argument', `process "${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}" did not complete successfully: exit code: ${exitCode}`);
      // With SOURCE_DATE_EPOCH every entry gets that time, so the same inputs give the same layer (BuildKit's rewrite-timestamp).
      const epoch = sourceDateEpoch();
      const c = await snaps.commitChangesToContent(id, { signal: this.opts.signal, ...(epoch ? { mtime: epoch } : {}) });
      const config = structuredClone(state.config);
      config.created = this.created;
      let next: State;
      let desc: Descriptor | undefined;
      if (!c) {
        config.history = [...(config.history ?? []), history(true)];
        next = { config, layers: state.layers, key, cmdFromBase: state.cmdFromBase };
      } else {
        desc = { mediaType: c.mediaType, digest: c.digest, size: c.size };
        config.rootfs = { type: 'layers', diff_ids: [...config.rootfs.diff_ids, c.diffId] };
        config.history = [...(config.history ?? []), history(false)];
        next = { config, layers: [...state.layers, desc], key, cmdFromBase: state.cmdFromBase };
      }
      await this.builder.remember(next);
      return { next, cached: false, ...(desc ? { layer: desc } : {}) };
    } finally {
      await snaps.remove(id).catch(() => undefined);
      for (const o of opened) await o.close();
    }
  }

  /** A bind mount's content identity (the context folder or stage it names), for the cache key. */
  private async bindChecksum(m: RunMount, stageIndex: number): Promise<string> {
    if (m.from) return `from=${await this.sourceKey(m.from, stageIndex)}`;
    return selectionChecksum([await this.context.select(m.source ?? '.')], this.digests);
  }

  private async mountSource(m: RunMount, stageIndex: number, opened: Array<{ close(): Promise<void> }>): Promise<{ source: string; destination: string; readOnly: boolean; type: 'bind' | 'tmpfs' }> {
    if (m.type === 'tmpfs') return { source: 'tmpfs', destination: m.target, readOnly: false, type: 'tmpfs' };
    if (m.type === 'cache') {
      // One persistent folder per cache id (default: the target), shared by every build on this root.
      const dir = path.join(this.deps.dataRoot, 'build', 'mounts', 'cache', sha(m.id ?? m.target).slice(0, 32));
      await fs.promises.mkdir(dir, { recursive: true });
      return { source: dir, destination: m.target, readOnly: false, type: 'bind' };
    }
    if (m.type === 'secret') {
      const src = this.opts.secrets?.[m.id ?? ''];
      if (!src) {
        if (m.required) throw new EngineError('invalid-argument', `secret ${m.id} not found; pass it with --secret id=${m.id},src=FILE`);
        // An optional secret that was not given: an empty read-only file, as BuildKit does.
        const empty = path.join(this.deps.dataRoot, 'build', 'mounts', 'empty-secret');
        await fs.promises.mkdir(path.dirname(empty), { recursive: true });
        await fs.promises.writeFile(empty, '');
        return { source: empty, destination: m.target, readOnly: true, type: 'bind' };
      }
      return { source: path.resolve(src), destination: m.target, readOnly: true, type: 'bind' };
    }
    if (m.from) {
      // An earlier stage or an image, read-only unless rw (writes are thrown away with the snapshot).
      const src = await this.openSource(m.from, stageIndex, 'RUN --mount=type=bind,from');
      opened.push(src);
      const rel = resolveInRoot(src.dir, BuildContext.clean(m.source ?? '.').replace(/^\.$/, ''), true);
      return { source: path.join(src.dir, rel), destination: m.target, readOnly: !m.rw, type: 'bind' };
    }
    const sel = this.context.dir;
    const rel = BuildContext.clean(m.source ?? '.');
    return { source: path.join(sel, rel), destination: m.target, readOnly: !m.rw, type: 'bind' };
  }

  private async copyFrom(state: State, inst: Instruction, expand: (w: string) => string, argText: string, hist: HistoryEntry, context: BuildContext, sourceKey: string): Promise<{ next: State; cached: boolean; layer?: Descriptor }> {
    // Heredoc bodies and downloads are files in a scratch folder for the length of the step.
    const scratch = path.join(this.deps.dataRoot, 'build', 'tmp', `${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
    try {
      return await this.copyWith(state, inst, expand, argText, hist, context, sourceKey, scratch);
    } finally {
      await fs.promises.rm(scratch, { recursive: true, force: true });
    }
  }

  private async copyWith(state: State, inst: Instruction, expand: (w: string) => string, argText: string, hist: HistoryEntry, context: BuildContext, sourceKey: string, scratch: string): Promise<{ next: State; cached: boolean; layer?: Descriptor }> {
    const flags = new Map(inst.flags.map((f) => [f.name, f.value]));
    const rawWords = inst.json ? inst.args.map((a) => a.value) : inst.words.map((w) => w.value);
    const heredocOf = (w: string) => {
      const m = /^\d*<<-?(["']?)([^"']+)\1$/.exec(w);
      return m ? inst.heredocs.find((h) => h.name === m[2]) : undefined;
    };
    const words = rawWords.map((w) => (heredocOf(w) ? w : expand(w)));
    if (words.length < 2) throw new EngineError('invalid-argument', `${inst.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`);
    const destRaw = words[words.length - 1];
    const sources = words.slice(0, -1);
    const checksumFlag = flags.get('checksum');
    if (checksumFlag !== undefined && (inst.keyword !== 'ADD' || !sources.every((s) => /^https?:\/\//i.test(s)))) throw new EngineError('invalid-argument', 'checksum can\'t be specified for non-HTTP(S) sources');
    const selections: SourceSelection[] = [];
    const fetched = new Set<SourceSelection>();
    for (const s of sources) {
      const doc = heredocOf(s);
      if (doc) {
        // `COPY <<EOF /dest`: the body is a file named like the heredoc (variables expanded unless the delimiter was quoted).
        let body = doc.chomp ? chompHeredocContent(doc.content) : doc.content;
        if (doc.expand) body = body.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, (v) => expand(v));
        await fs.promises.mkdir(scratch, { recursive: true });
        await fs.promises.writeFile(path.join(scratch, doc.name), body, { mode: 0o644 });
        await fs.promises.chmod(path.join(scratch, doc.name), 0o644);
        selections.push(await BuildContext.plain(scratch).select(doc.name));
        continue;
      }
      if (/^https?:\/\//i.test(s)) {
        if (inst.keyword === 'COPY') throw new EngineError('invalid-argument', `source can't be a URL for COPY`);
        const sel = await BuildContext.plain(scratch).select(await download(s, scratch, checksumFlag, this.opts.signal));
        fetched.add(sel);
        selections.push(sel);
        continue;
      }
      // In a stage's filesystem a path is resolved as inside it: symlinks stay within its root.
      const inRoot = context === this.context || /[*?[]/.test(s) ? s : resolveInRoot(context.dir, BuildContext.clean(s), true) || '.';
      selections.push(await context.select(inRoot));
    }
    const chmod = flags.get('chmod');
    if (chmod !== undefined && !/^[0-7]{3,4}$/.test(chmod)) throw new EngineError('invalid-argument', `invalid chmod parameter: ${chmod}`);
    const checksum = await selectionChecksum(selections, this.digests);
    const key = sha(`${state.key}\n${inst.original}\n${argText}\n${checksum}\nworkdir=${state.config.config?.WorkingDir ?? ''}${sourceKey ? `\nfrom=${sourceKey}` : ''}`);
    const hit = await this.builder.cached(key);
    if (hit && !this.opts.noCache) return { next: { ...hit, cmdFromBase: state.cmdFromBase }, cached: true, layer: hit.layers[hit.layers.length - 1] };

    const index = await ChainIndex.read(this.deps.content, state.layers);
    const chown = flags.get('chown') !== undefined ? await resolveChown(expand(flags.get('chown')!), index).catch((e: Error) => { throw new EngineError('invalid-argument', e.message); }) : undefined;
    const dest = path.posix.resolve(state.config.config?.WorkingDir || '/', destRaw);
    const many = selections.reduce((n, s) => n + s.matched, 0) > 1;
    if (many && !destRaw.endsWith('/')) throw new EngineError('invalid-argument', `When using ${inst.keyword} with more than one source file, the destination must be a directory and end with a /`);
    const layer = new LayerBuilder(index, chown, chmod !== undefined ? parseInt(chmod, 8) : undefined, this.digests);
    for (const sel of selections) {
      const intoDir = sel.isDir || many || destRaw.endsWith('/') || destRaw === '.' || destRaw.endsWith('/.') || index.isDir(dest);
      if (inst.keyword === 'ADD' && !fetched.has(sel) && !sel.isDir && sel.entries.length === 1 && (await isTarArchive(sel.entries[0].abs))) {
        await layer.addArchive(sel.entries[0].abs, dest);
        continue;
      }
      for (const e of sel.entries) layer.addContext(e, intoDir ? path.posix.join(dest, e.relToSource) : dest);
      if (sel.isDir) layer.ensureDir(dest);
    }
    // The layer's files go straight into its overlay folder as its tar is written, so the next
    // RUN finds the layer unpacked (an ADD of a local archive is unpacked from its tar as before).
    const stage = layer.plain ? await this.deps.snapshots?.stageLayer() : undefined;
    // --no-cache: what the last build of this step (same parent, same sources) left unpacked
    // gives its unchanged files by hard link instead of new files (BuildKit keeps its context
    // snapshot for the same reason); the step still runs and its layer is made anew.
    const donor = stage && hit ? this.deps.snapshots?.unpacked(chainIds(hit.config.rootfs.diff_ids).at(-1)!) : undefined;
    let desc: Descriptor;
    try {
      desc = await layer.write(this.deps.content, stage?.dir, donor);
    } catch (e) {
      await stage?.discard();
      throw e;
    }
    await stage?.install(state.config.rootfs.diff_ids, desc);
    const config = structuredClone(state.config);
    config.rootfs = { type: 'layers', diff_ids: [...config.rootfs.diff_ids, desc.digest] };
    config.history = [...(config.history ?? []), hist];
    config.created = this.created;
    const next: State = { config, layers: [...state.layers, desc], key, cmdFromBase: state.cmdFromBase };
    await this.builder.remember(next);
    return { next, cached: false, layer: desc };
  }
}

interface RunMount {
  type: 'bind' | 'cache' | 'secret' | 'tmpfs';
  target: string;
  source?: string;
  from?: string;
  id?: string;
  rw?: boolean;
  required?: boolean;
}

/** `--mount=type=cache,target=/root/.cache,id=x` (BuildKit's keys and defaults). */
function parseRunMount(spec: string, expand: (w: string) => string): RunMount {
  const m: Partial<RunMount> = { type: 'bind' };
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : expand(field.slice(eq + 1));
    switch (key) {
      case 'type':
        if (!['bind', 'cache', 'secret', 'tmpfs', 'ssh'].includes(value ?? '')) throw new EngineError('invalid-argument', `unsupported mount type "${value}"`);
        if (value === 'ssh') throw new EngineError('unavailable', 'RUN --mount=type=ssh is not supported by the embedded builder');
        m.type = value as RunMount['type'];
        break;
      case 'target': case 'dst': case 'destination':
        m.target = value;
        break;
      case 'source': case 'src':
        m.source = value;
        break;
      case 'from':
        m.from = value;
        break;
      case 'id':
        m.id = value;
        break;
      case 'rw': case 'readwrite':
        m.rw = value === undefined || value === 'true';
        break;
      case 'ro': case 'readonly':
        m.rw = !(value === undefined || value === 'true');
        break;
      case 'required':
        m.required = value === undefined || value === 'true';
        break;
      case 'sharing': case 'mode': case 'uid': case 'gid': case 'size':
        break;
      default:
        throw new EngineError('invalid-argument', `unexpected key '${key}' in '${field}'`);
    }
  }
  if (m.type === 'secret') {
    m.id ??= m.target ? path.posix.basename(m.target) : undefined;
    if (!m.id) throw new EngineError('invalid-argument', 'a secret mount needs an id or a target');
    m.target ??= `/run/secrets/${m.id}`;
  }
  if (!m.target) throw new EngineError('invalid-argument', `mount ${spec}: target is required`);
  return m as RunMount;
}

/** Calls `emit` with each complete line of a byte stream (`flush` for the last one). */
function lineSplitter(emit: (line: string) => void): { push(b: Buffer): void; flush(): void } {
  let rest = '';
  return {
    push(b) {
      const text = rest + b.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) emit(l);
    },
    flush() {
      if (rest) emit(rest);
      rest = '';
    },
  };
}

/**
 * `ADD <url>`: the file at the URL into `dir` (named by the URL's last path segment, mode 0600
 * and the server's Last-Modified time, as Docker does; never extracted), verified against
 * `--checksum=sha256:...` when given. Returns its name in `dir`.
 */
async function download(url: string, dir: string, checksum: string | undefined, signal?: AbortSignal): Promise<string> {
  if (checksum !== undefined && !/^sha256:[a-f0-9]{64}$/.test(checksum)) throw new EngineError('invalid-argument', `invalid checksum digest format: ${checksum}`);
  const name = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '') || '__unnamed__';
  if (name.includes('/') || name === '..' || name === '.') throw new EngineError('invalid-argument', `ADD ${url}: cannot name a file after this URL`);
  let res: Response;
  const timeout = AbortSignal.timeout(120_000);
  try {
    res = await fetch(url, { redirect: 'follow', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (e) {
    throwIfAborted(signal);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new EngineError('unavailable', `failed to fetch ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}; check the address and the network (the build has no proxy settings unless HTTP_PROXY/HTTPS_PROXY are passed as build args)`);
  }
  if (!res.ok || !res.body) throw new EngineError(res.status === 404 ? 'not-found' : 'unavailable', `failed to fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const hash = crypto.createHash('sha256');
  const out = fs.createWriteStream(file, { mode: 0o600 });
  for await (const chunk of Readable.fromWeb(res.body as import('stream/web').ReadableStream<Uint8Array>)) {
    hash.update(chunk as Buffer);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const got = `sha256:${hash.digest('hex')}`;
  if (checksum !== undefined && got !== checksum) throw new EngineError('digest-mismatch', `digest mismatch for ${url}: expected ${checksum}, got ${got}`);
  await fs.promises.chmod(file, 0o600);
  const modified = Date.parse(res.headers.get('last-modified') ?? '');
  if (!isNaN(modified)) await fs.promises.utimes(file, new Date(modified), new Date(modified));
  return name;
}

/** A tar header as we fill it in (tar-stream fills the rest). */
type EntryHeader = Partial<tar.Header> & { name: string };

/** Entries of one new layer, written as a deterministic (sorted) uncompressed tar. */
class LayerBuilder {
  private readonly files = new Map<string, { header: EntryHeader; source?: string; data?: Buffer }>();
  /** Only files, directories and symlinks named in full (no archive entries): write() can also put them in a folder. */
  plain = true;
  /** The time of the folders a COPY makes: SOURCE_DATE_EPOCH when set, so the layer is the same bytes on every build. */
  private readonly now = wholeSeconds(sourceDateEpoch() ?? new Date());

  constructor(private readonly parent: ChainIndex, private readonly chown?: { uid: number; gid: number }, private readonly chmod?: number, private readonly read?: { take(abs: string): Buffer | undefined }) {}

  /** A directory that exists after this step (created with the copy's owner when new). */
  ensureDir(abs: string): void {
    const rel = abs.replace(/^\/+/, '');
    if (!rel || this.files.has(rel)) return;
    const existing = this.parent.get(rel);
    const header: EntryHeader = existing?.type === 'directory'
      ? { name: rel + '/', type: 'directory', mode: existing.mode, uid: existing.uid, gid: existing.gid, mtime: this.now }
      : { name: rel + '/', type: 'directory', mode: 0o755, uid: this.chown?.uid ?? 0, gid: this.chown?.gid ?? 0, mtime: this.now };
    this.files.set(rel, { header });
  }

  private parents(abs: string): void {
    const parts = abs.replace(/^\/+/, '').split('/');
    for (let i = 1; i < parts.length; i++) this.ensureDir('/' + parts.slice(0, i).join('/'));
  }

  addContext(e: ContextEntry, abs: string): void {
    this.parents(abs);
    const rel = abs.replace(/^\/+/, '');
    const owner = { uid: this.chown?.uid ?? 0, gid: this.chown?.gid ?? 0 };
    const mode = this.chmod ?? e.stat.mode & 0o7777;
    const mtime = wholeSeconds(e.stat.mtime);
    if (e.stat.isDirectory()) this.files.set(rel, { header: { name: rel + '/', type: 'directory', mode, mtime, ...owner } });
    else if (e.stat.isSymbolicLink()) this.files.set(rel, { header: { name: rel, type: 'symlink', linkname: e.linkTarget, mode: 0o777, mtime, ...owner } });
    else if (e.stat.isFile()) this.files.set(rel, { header: { name: rel, type: 'file', size: e.stat.size, mode, mtime, ...owner }, source: e.abs });
    // sockets, fifos and devices in a build context are skipped, as Docker does
  }

  /** ADD of a local tar: its entries land under `dest` (gzip or plain; ownership kept, as Docker does). */
  async addArchive(file: string, dest: string): Promise<void> {
    this.plain = false;
    this.ensureDir(dest);
    this.parents(dest + '/x');
    const input = await openMaybeGzip(file);
    await walkTar(input, async (t) => {
      const rel = path.posix.join(dest, t.name).replace(/^\/+/, '').replace(/\/+$/, '');
      if (!rel || rel.startsWith('..')) return;
      // symlink(2) takes no empty target: Docker's extraction fails on one, and a layer holding one
      // is refused when applied. Refused here (before tar-stream's packer, which since 3.3 waits
      // for such an entry's target as its body and would hang the build).
      if (t.type === 'symlink' && !t.linkname) throw new EngineError('invalid-argument', `${path.basename(file)}: archive entry "${t.name}" is a symlink with an empty target; refusing to extract it`);
      this.parents('/' + rel);
      const header: EntryHeader = { name: t.type === 'directory' ? rel + '/' : rel, type: t.type as tar.Header['type'], mode: t.mode, uid: t.uid, gid: t.gid, mtime: t.mtime, linkname: t.linkname };
      if (t.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const c of t.stream) chunks.push(c as Buffer);
        const data = Buffer.concat(chunks);
        this.files.set(rel, { header: { ...header, size: data.length }, data });
      } else if (t.type === 'link' && t.linkname) {
        this.files.set(rel, { header: { ...header, linkname: path.posix.join(dest, t.linkname).replace(/^\/+/, '') } });
      } else {
        this.files.set(rel, { header });
      }
    });
  }

  /**
   * Writes the layer into the content store; its digest is its diff ID. With `into` (plain
   * layers only), each entry also lands in that folder as applyLayer would unpack it, from the
   * same bytes: every file is read once and written twice, into the tar and into the folder.
   */
  async write(content: ContentStore, into?: string, donor?: string): Promise<Descriptor> {
    if (into && !this.plain) throw new EngineError('internal', 'a layer with archive entries is unpacked from its tar');
    const pack = tar.pack();
    const names = [...this.files.keys()].sort();
    const dir = into ? layerDirWriter(into, { fresh: true, donor }) : undefined;
    const feeding = (async () => {
      for (const n of names) {
        const f = this.files.get(n)!;
        const header = f.header as tar.Header;
        let unpacked: Promise<void> | undefined;
        const packed = new Promise<void>((resolve, reject) => {
          const cb = (err?: Error | null) => (err ? reject(err) : resolve());
          if (f.source && (f.header.size ?? 0) <= SMALL_FILE) {
            // A small file in one synchronous read: no stream and no thread-pool hand-offs per file.
            const data = this.read?.take(f.source) ?? fs.readFileSync(f.source);
            if (data.length !== f.header.size) return reject(changedWhileCopied(f.source, f.header.size, data.length));
            pack.entry(header, data, cb);
            unpacked = dir?.entry(header, data);
          } else if (f.source) {
            const entry = pack.entry(header, cb) as unknown as NodeJS.WritableStream;
            if (dir) unpacked = dir.entry(header, tee(fs.createReadStream(f.source), entry));
            else fs.createReadStream(f.source).on('error', reject).pipe(entry);
          } else {
            pack.entry(header, f.data ?? Buffer.alloc(0), cb);
            unpacked = dir?.entry(header, f.data);
          }
        });
        // Both settle before the next entry (a failure of either fails the layer).
        await Promise.all([packed, unpacked]);
      }
      dir?.finish();
      pack.finalize();
    })();
    feeding.catch((e: Error) => pack.destroy(e));
    const [stored] = await Promise.all([content.ingest(pack as unknown as Readable), feeding]);
    return { mediaType: MediaTypes.dockerLayer, digest: stored.digest, size: stored.size };
  }
}

function changedWhileCopied(file: string, listed: number | undefined, now: number): EngineError {
  return new EngineError('conflict', `${file} changed while it was being copied (${listed} bytes when listed, ${now} now); run the build again`);
}

/** A time as a tar header keeps it (whole seconds), so a layer's folder and its tar agree. */
function wholeSeconds(d: Date): Date {
  return new Date(Math.trunc(d.getTime() / 1000) * 1000);
}

/** The chunks of `source`, each also written to `sink` (with its back-pressure), which ends with them. */
async function* tee(source: AsyncIterable<Uint8Array>, sink: NodeJS.WritableStream): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    yield chunk;
  }
  sink.end();
}

async function openMaybeGzip(file: string): Promise<Readable> {
  const fh = await fs.promises.open(file, 'r');
  const head = Buffer.alloc(2);
  await fh.read(head, 0, 2, 0);
  await fh.close();
  const s = fs.createReadStream(file);
  return head[0] === 0x1f && head[1] === 0x8b ? s.pipe(zlib.createGunzip()) : s;
}

/** A tar (plain or gzip) by content, as Docker decides whether ADD extracts a local file. */
async function isTarArchive(file: string): Promise<boolean> {
  try {
    const input = await openMaybeGzip(file);
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of input) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= 512) break;
    }
    input.destroy();
    const head = Buffer.concat(chunks);
    return head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
  } catch {
    return false;
  }
}

export type { ContainerConfig };

/** `SOURCE_DATE_EPOCH` (whole seconds) as a date, when it is set to one. */
function sourceDateEpoch(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}
