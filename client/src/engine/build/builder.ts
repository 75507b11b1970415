import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';
import { Dockerfile, formatProblem, Instruction, parse, stageByName, unknownInstructionProblems, expandWordWith } from '../../../../server/src/parser';
import { walkTar } from '../archive/tarstream';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError, isEngineError, throwIfAborted } from '../errors';
import type { EventJournal } from '../events';
import { readJson, writeJsonAtomic } from '../fsutil';
import type { ImageStore } from '../image/store';
import { ContainerConfig, HistoryEntry, ImageConfig, Manifest, MediaTypes } from '../image/types';
import { formatPlatform, hostPlatform, parsePlatform } from '../platform';
import { applyConfigInstruction, CONFIG_INSTRUCTIONS, envMap } from './config';
import { ChainIndex, resolveChown } from './chain';
import { BuildContext, ContextEntry, selectionChecksum, SourceSelection } from './context';

export interface BuildOptions {
  /** The build context folder. */
  context: string;
  /** The Dockerfile (default `<context>/Dockerfile`). */
  dockerfile?: string;
  tags?: string[];
  target?: string;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
  /** `os/arch[/variant]`: only this host's platform can be built. */
  platform?: string;
  signal?: AbortSignal;
  onProgress?: (e: BuildProgress) => void;
}

/** One step's progress, for the CLI's plain output and the UI. */
export interface BuildProgress {
  step: number;
  total: number;
  /** `[stage 2/3] COPY . /app` */
  name: string;
  /** 0-based Dockerfile lines of the instruction. */
  startLine: number;
  endLine: number;
  status: 'start' | 'cached' | 'done' | 'error';
  message?: string;
}

export interface BuildStep {
  stage: number;
  instruction: string;
  startLine: number;
  endLine: number;
  cached: boolean;
  /** The layer this step added (diff ID), if it made one. */
  layer?: string;
  /** Uncompressed bytes of that layer. */
  size?: number;
}

export interface BuildResult {
  id: string;
  tags: string[];
  steps: BuildStep[];
}

/** What the builder needs from the rest of the engine. */
export interface BuilderDeps {
  dataRoot: string;
  content: ContentStore;
  images: ImageStore;
  events?: EventJournal;
  /** Fetches a base image that is not in the store (`docker build` pulls it). */
  pull?: (reference: string, signal?: AbortSignal) => Promise<void>;
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
    deps.images.addGcRoots(async () => this.cachedBlobs());
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
    const context = await BuildContext.open(opts.context, dockerfile);
    const run = new BuildRun(this, df, context, opts);
    const state = await run.execute();
    const id = await this.commit(state);
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

  /** Layer blobs the cache refers to stay out of image GC (`builder prune` drops the cache). */
  private async cachedBlobs(): Promise<string[]> {
    const out: string[] = [];
    for (const f of await fs.promises.readdir(this.cacheDir).catch(() => [] as string[])) {
      const s = await readJson<State | undefined>(path.join(this.cacheDir, f), undefined).catch(() => undefined);
      for (const l of s?.layers ?? []) out.push(l.digest);
    }
    return out;
  }

  /** `docker builder prune`: forgets every cached step; returns how many. */
  async prune(): Promise<number> {
    const files = await fs.promises.readdir(this.cacheDir).catch(() => [] as string[]);
    await fs.promises.rm(this.cacheDir, { recursive: true, force: true });
    return files.length;
  }

  get store(): BuilderDeps {
    return this.deps;
  }
}

/** One `build` call: the stages it needs, their states, the steps it ran. */
class BuildRun {
  readonly steps: BuildStep[] = [];
  private readonly stageStates = new Map<number, State>();
  private readonly globalArgs = new Map<string, string>();
  private readonly created: string;
  private stepNo = 0;
  private total = 0;

  constructor(private readonly builder: Builder, private readonly df: Dockerfile, private readonly context: BuildContext, private readonly opts: BuildOptions) {
    const epoch = process.env.SOURCE_DATE_EPOCH;
    this.created = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString() : new Date().toISOString();
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
        state = next;
        this.steps.push({ stage: index, instruction: instructionText(inst), startLine: inst.startLine, endLine: inst.endLine, cached, ...(layer ? { layer: layer.digest, size: layer.size } : {}) });
        this.progress(inst, index, cached ? 'cached' : 'done');
      } catch (e) {
        const message = `${this.df.stages.length > 1 ? `stage ${index}, ` : ''}line ${inst.startLine + 1}: ${inst.keyword}: ${(e as Error).message}`;
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
    if (inst.keyword === 'RUN') {
      throw new EngineError('unavailable', 'RUN needs the container runtime, which this build of the embedded engine does not have yet; build images with RUN steps with Docker meanwhile');
    }
    throw new EngineError('invalid-argument', `unknown instruction: ${inst.keywordRaw}`);
  }

  private async copy(state: State, inst: Instruction, expand: (w: string) => string, argText: string, hist: HistoryEntry, stageIndex: number): Promise<{ next: State; cached: boolean; layer?: Descriptor }> {
    const flags = new Map(inst.flags.map((f) => [f.name, f.value]));
    for (const name of flags.keys()) {
      if (!['from', 'chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'parents'].includes(name)) throw new EngineError('invalid-argument', `unknown flag: --${name}`);
    }
    if (flags.get('from') !== undefined) {
      throw new EngineError('unavailable', `COPY --from needs the layer snapshotter, which this build of the embedded engine does not have yet (stage ${stageIndex})`);
    }
    const words = (inst.json ? inst.args.map((a) => a.value) : inst.words.map((w) => w.value)).map(expand);
    if (inst.heredocs.length) throw new EngineError('unavailable', `${inst.keyword} with a heredoc is not supported by the embedded builder yet`);
    if (words.length < 2) throw new EngineError('invalid-argument', `${inst.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`);
    const destRaw = words[words.length - 1];
    const sources = words.slice(0, -1);
    const urls = sources.filter((s) => /^https?:\/\//i.test(s));
    if (urls.length) {
      if (inst.keyword === 'COPY') throw new EngineError('invalid-argument', `source can't be a URL for COPY`);
      throw new EngineError('unavailable', `ADD ${urls[0]}: fetching URLs is not supported by the embedded builder yet; download the file into the build context and COPY it`);
    }
    const selections: SourceSelection[] = [];
    for (const s of sources) selections.push(await this.context.select(s));
    const chmod = flags.get('chmod');
    if (chmod !== undefined && !/^[0-7]{3,4}$/.test(chmod)) throw new EngineError('invalid-argument', `invalid chmod parameter: ${chmod}`);
    const checksum = await selectionChecksum(selections);
    const key = sha(`${state.key}\n${inst.original}\n${argText}\n${checksum}\nworkdir=${state.config.config?.WorkingDir ?? ''}`);
    const hit = this.opts.noCache ? undefined : await this.builder.cached(key);
    if (hit) return { next: { ...hit, cmdFromBase: state.cmdFromBase }, cached: true, layer: hit.layers[hit.layers.length - 1] };

    const index = await ChainIndex.read(this.deps.content, state.layers);
    const chown = flags.get('chown') !== undefined ? await resolveChown(expand(flags.get('chown')!), index).catch((e: Error) => { throw new EngineError('invalid-argument', e.message); }) : undefined;
    const dest = path.posix.resolve(state.config.config?.WorkingDir || '/', destRaw);
    const many = selections.reduce((n, s) => n + s.matched, 0) > 1;
    if (many && !destRaw.endsWith('/')) throw new EngineError('invalid-argument', `When using ${inst.keyword} with more than one source file, the destination must be a directory and end with a /`);
    const layer = new LayerBuilder(index, chown, chmod !== undefined ? parseInt(chmod, 8) : undefined);
    for (const sel of selections) {
      const intoDir = sel.isDir || many || destRaw.endsWith('/') || index.isDir(dest);
      if (inst.keyword === 'ADD' && !sel.isDir && sel.entries.length === 1 && (await isTarArchive(sel.entries[0].abs))) {
        await layer.addArchive(sel.entries[0].abs, dest);
        continue;
      }
      for (const e of sel.entries) layer.addContext(e, intoDir ? path.posix.join(dest, e.relToSource) : dest);
      if (sel.isDir) layer.ensureDir(dest);
    }
    const desc = await layer.write(this.deps.content);
    const config = structuredClone(state.config);
    config.rootfs = { type: 'layers', diff_ids: [...config.rootfs.diff_ids, desc.digest] };
    config.history = [...(config.history ?? []), hist];
    config.created = this.created;
    const next: State = { config, layers: [...state.layers, desc], key, cmdFromBase: state.cmdFromBase };
    await this.builder.remember(next);
    return { next, cached: false, layer: desc };
  }
}

/** A tar header as we fill it in (tar-stream fills the rest). */
type EntryHeader = Partial<tar.Header> & { name: string };

/** Entries of one new layer, written as a deterministic (sorted) uncompressed tar. */
class LayerBuilder {
  private readonly files = new Map<string, { header: EntryHeader; source?: string; data?: Buffer }>();

  constructor(private readonly parent: ChainIndex, private readonly chown?: { uid: number; gid: number }, private readonly chmod?: number) {}

  /** A directory that exists after this step (created with the copy's owner when new). */
  ensureDir(abs: string): void {
    const rel = abs.replace(/^\/+/, '');
    if (!rel || this.files.has(rel)) return;
    const existing = this.parent.get(rel);
    const header: EntryHeader = existing?.type === 'directory'
      ? { name: rel + '/', type: 'directory', mode: existing.mode, uid: existing.uid, gid: existing.gid }
      : { name: rel + '/', type: 'directory', mode: 0o755, uid: this.chown?.uid ?? 0, gid: this.chown?.gid ?? 0 };
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
    const mtime = e.stat.mtime;
    if (e.stat.isDirectory()) this.files.set(rel, { header: { name: rel + '/', type: 'directory', mode, mtime, ...owner } });
    else if (e.stat.isSymbolicLink()) this.files.set(rel, { header: { name: rel, type: 'symlink', linkname: e.linkTarget, mode: 0o777, mtime, ...owner } });
    else if (e.stat.isFile()) this.files.set(rel, { header: { name: rel, type: 'file', size: e.stat.size, mode, mtime, ...owner }, source: e.abs });
    // sockets, fifos and devices in a build context are skipped, as Docker does
  }

  /** ADD of a local tar: its entries land under `dest` (gzip or plain; ownership kept, as Docker does). */
  async addArchive(file: string, dest: string): Promise<void> {
    this.ensureDir(dest);
    this.parents(dest + '/x');
    const input = await openMaybeGzip(file);
    await walkTar(input, async (t) => {
      const rel = path.posix.join(dest, t.name).replace(/^\/+/, '').replace(/\/+$/, '');
      if (!rel || rel.startsWith('..')) return;
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

  /** Writes the layer into the content store; its digest is its diff ID. */
  async write(content: ContentStore): Promise<Descriptor> {
    const pack = tar.pack();
    const names = [...this.files.keys()].sort();
    const feeding = (async () => {
      for (const n of names) {
        const f = this.files.get(n)!;
        await new Promise<void>((resolve, reject) => {
          const cb = (err?: Error | null) => (err ? reject(err) : resolve());
          if (f.source) {
            const entry = pack.entry(f.header as tar.Header, cb);
            fs.createReadStream(f.source).on('error', reject).pipe(entry as unknown as NodeJS.WritableStream);
          } else {
            pack.entry(f.header as tar.Header, f.data ?? Buffer.alloc(0), cb);
          }
        });
      }
      pack.finalize();
    })();
    const [stored] = await Promise.all([content.ingest(pack as unknown as Readable), feeding]);
    return { mediaType: MediaTypes.dockerLayer, digest: stored.digest, size: stored.size };
  }
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
