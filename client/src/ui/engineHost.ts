import * as path from 'path';
import * as vscode from 'vscode';
import { loadBundle } from '../lazy';
import { SecretStorageCredentialStore } from './credentials';
import { engineLog } from './log';
import type { ContainerSummary } from '../engine/container/api';
import type { Engine, EngineCapabilities } from '../engine/engine';
import type { EngineEvent } from '../engine/events';

/** Why a daemon cannot be reached, in the words the welcome views pick their advice by. */
export type UnreachableCause = 'no-socket' | 'refused' | 'permission' | 'network' | 'version' | 'other';

/** Where the endpoint came from, as the welcome views name it. */
export type EndpointSource = 'setting' | 'env' | 'context' | 'default';

/** A Docker daemon the engine cannot reach now: what the views' welcome content and the status bar say. */
export interface Unreachable {
  /** The endpoint that failed (`unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://...`). */
  endpoint: string;
  /** Where that endpoint came from, in words (`the stevedore.docker.host setting`, `DOCKER_HOST`, `context "x"`). */
  from: string;
  source: EndpointSource;
  /** The daemon client's error (says the endpoint, the system error and what to do). */
  reason: string;
  cause: UnreachableCause;
}

/** The context keys this host sets (package.json `when` clauses use them). */
export const ENGINE_CONTEXT = {
  /** `embedded` or `docker`: the engine the views show. */
  kind: 'stevedore.engine.kind',
  /** The endpoint that failed while the daemon cannot be reached (welcome views), else false. */
  unreachable: 'stevedore.engine.unreachable',
  unreachableCause: 'stevedore.engine.unreachableCause',
  unreachableSource: 'stevedore.engine.unreachableSource',
  /** With the embedded engine: a Docker daemon answers (Copy to Docker is offered). */
  dockerReachable: 'stevedore.docker.reachable',
} as const;

export function unreachableCause(reason: string): UnreachableCause {
  if (/\bENOENT\b|no such file/i.test(reason)) return 'no-socket';
  if (/ECONNREFUSED|connection refused/i.test(reason)) return 'refused';
  if (/EACCES|permission denied/i.test(reason)) return 'permission';
  if (/speaks API|needs API/i.test(reason)) return 'version';
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up|timed? ?out|authentication/i.test(reason)) return 'network';
  return 'other';
}

function endpointSource(source: string): { source: EndpointSource; from: string } {
  if (source === '--host') return { source: 'setting', from: 'the stevedore.docker.host setting' };
  if (source === 'DOCKER_HOST') return { source: 'env', from: 'DOCKER_HOST' };
  if (source.startsWith('context')) return { source: 'context', from: `the Docker ${source}` };
  return { source: 'default', from: 'the default socket' };
}

/**
 * Owns the extension's one Engine: opened lazily on first use (activation stays cheap),
 * reopened when `stevedore.dataRoot` changes, and the source of the debounced change events
 * the trees refresh from — including changes other processes (the CLI, another window) make
 * on the same data root, which arrive through the engine's event journal.
 */
export class EngineHost implements vscode.Disposable {
  private engine?: Promise<Engine>;
  private subscription?: { dispose(): void };
  private readonly changed = new vscode.EventEmitter<EngineEvent[]>();
  /** Fires with the events of a burst, at most every `debounceMs`. */
  readonly onDidChange = this.changed.event;
  private pending: EngineEvent[] = [];
  private timer?: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [];

  /** Logins made in VS Code (SecretStorage, falling back to Docker's config.json). Set on first open. */
  credentials?: SecretStorageCredentialStore;

  /** Set while the Docker engine's daemon cannot be reached (the views show the welcome content that explains it). */
  unreachable?: Unreachable;
  private readonly reachability = new vscode.EventEmitter<Unreachable | undefined>();
  /** Fires when the daemon goes away (with what failed) or comes back (undefined). */
  readonly onDidChangeReachability = this.reachability.event;
  /** The other engine (Docker while the views show the embedded one, and the other way round), for copying images. */
  private other?: { kind: 'embedded' | 'docker'; engine: Promise<Engine>; subscription?: { dispose(): void } };
  /** With the embedded engine: whether the other engine, a Docker daemon, answers (undefined: not known yet). */
  dockerReachable?: boolean;
  private readonly otherChanged = new vscode.EventEmitter<boolean>();
  /** Fires when `dockerReachable` changes. */
  readonly onDidChangeDockerReachable = this.otherChanged.event;
  private generation = 0;
  /** Bumped by every container event (as it arrives, before the debounce) and engine change: a listing started before is stale. */
  private containerStamp = 0;
  private containerList?: { stamp: number; list: Promise<ContainerSummary[]> };
  /** The embedded engine's capabilities, asked once per engine (they start the OCI runtime for its version). */
  private embeddedCaps?: { engine: Engine; caps: Promise<EngineCapabilities> };

  constructor(private readonly secrets: vscode.SecretStorage, private readonly debounceMs = 150) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (['stevedore.dataRoot', 'stevedore.registries', 'stevedore.search.index', 'stevedore.engine', 'stevedore.docker.host'].some((k) => e.affectsConfiguration(k))) void this.reopen();
      // `stevedore.docker.builder` needs no reopen: each build passes it (BuildOptions.builder).
    }));
  }

  /** The engine, opening the data root on first call. */
  get(): Promise<Engine> {
    if (!this.engine) {
      this.engine = this.open();
      this.engine.then((e) => engineLog.info(`engine opened: ${e.kind} at ${e.location}`), (e) => engineLog.error(`the engine did not open: ${e instanceof Error ? e.message : String(e)}`));
    }
    return this.engine;
  }

  /**
   * Every container (`containers.list({ all: true })`), one listing shared by the views that ask
   * while it runs (Containers, Volumes and the Images in-use marker all refresh on the same
   * container events): a caller joins a listing in flight unless a container event came after it
   * started. Nothing is kept once it settles.
   */
  listContainers(): Promise<ContainerSummary[]> {
    const current = this.containerList;
    if (current && current.stamp === this.containerStamp) return current.list;
    const list = this.get().then((e) => e.containers.list({ all: true }));
    const entry = { stamp: this.containerStamp, list };
    this.containerList = entry;
    const done = () => { if (this.containerList === entry) this.containerList = undefined; };
    list.then(done, done);
    return list;
  }

  /** The engine's capabilities; the embedded engine's are asked once (Docker's follow the daemon). */
  capabilities(engine: Engine): Promise<EngineCapabilities> {
    if (engine.kind !== 'embedded') return engine.capabilities();
    if (this.embeddedCaps?.engine !== engine) this.embeddedCaps = { engine, caps: engine.capabilities() };
    return this.embeddedCaps.caps;
  }

  /** The engine `stevedore.engine` asks for: `docker`, or `embedded` (also for `auto`). */
  configuredKind(): 'embedded' | 'docker' {
    return vscode.workspace.getConfiguration('stevedore').get<string>('engine') === 'docker' ? 'docker' : 'embedded';
  }

  private async open(): Promise<Engine> {
    const generation = this.generation;
    // `stevedore.engine`: `docker` drives a Docker daemon (DOCKER_HOST, Docker contexts or `stevedore.docker.host`); `auto` is embedded.
    const kind = this.configuredKind();
    void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.kind, kind);
    if (kind === 'docker') {
      const { engine: docker, credentials } = await this.openDocker(true);
      this.credentials = credentials;
      const engine = this.watch(docker);
      void this.probe(docker, generation);
      return engine;
    }
    const engine = this.watch(await this.openEmbedded());
    // Copy to Docker is offered when a daemon answers: watched in the background once the views have their engine.
    setTimeout(() => { if (generation === this.generation) void this.watchOther(generation); }, 1000);
    return engine;
  }

  private async openEmbedded(): Promise<Engine> {
    const { openEmbeddedEngine, DockerConfigCredentialStore } = loadBundle<typeof import('../engine/embedded')>('engine', path.join('engine', 'embedded.js'));
    const config = vscode.workspace.getConfiguration('stevedore');
    const dataRoot = config.get<string>('dataRoot') || undefined;
    const insecureRegistries = configuredRegistries().filter((r) => r.insecure).map((r) => r.host);
    const credentials = new SecretStorageCredentialStore(this.secrets, new DockerConfigCredentialStore());
    this.credentials ??= credentials;
    // The registry configuration file, with these settings on top (mirrors first, insecure added).
    const registryOverlay = { mirrors: config.get<string[]>('registries.mirrors') ?? [], insecure: config.get<string[]>('registries.insecure') ?? [], searchIndex: config.get<string>('search.index') || undefined };
    // Other processes' changes on the data root arrive through onEvent (the engine follows its journal).
    return openEmbeddedEngine(dataRoot, { credentials, insecureRegistries, registryOverlay });
  }

  /**
   * The Docker engine. For the views (`forViews`): while its daemon cannot be reached, the lists
   * (images, containers, volumes) are empty instead of failing and containers count as supported,
   * so each view shows its welcome content, which says what failed and what to do (a view
   * message would hide it). Every other call fails as it would (`unavailable`).
   */
  private async openDocker(forViews = false): Promise<{ engine: Engine; credentials: SecretStorageCredentialStore }> {
    const { openDockerEngine, DockerConfigCredentialStore } = loadBundle<typeof import('../engine/docker')>('docker', path.join('engine', 'docker', 'index.js'));
    const credentials = new SecretStorageCredentialStore(this.secrets, new DockerConfigCredentialStore());
    let opened: Engine | undefined;
    const whenUnreachable = forViews ? (reason: string) => { if (opened) this.markUnreachable(opened, reason); } : undefined;
    opened = await openDockerEngine({ host: this.dockerHostSetting(), credentials, builder: this.dockerBuilderSetting(), whenUnreachable });
    return { engine: opened, credentials };
  }

  /** `stevedore.docker.builder`: `buildkit`, `classic` or `auto` (DOCKER_BUILDKIT, else BuildKit where the daemon has it). */
  dockerBuilderSetting(): 'auto' | 'buildkit' | 'classic' {
    const v = vscode.workspace.getConfiguration('stevedore').get<string>('docker.builder');
    return v === 'buildkit' || v === 'classic' ? v : 'auto';
  }

  /** `stevedore.docker.host`, or undefined (then DOCKER_HOST, the Docker context, the default socket). */
  dockerHostSetting(): string | undefined {
    return vscode.workspace.getConfiguration('stevedore').get<string>('docker.host') || undefined;
  }

  /** The endpoint the Docker engine uses (or would use), and where it comes from. Loads the Docker bundle. */
  dockerEndpoint(): { host: string; from: string } {
    const { resolveEndpoint } = loadBundle<typeof import('../engine/docker')>('docker', path.join('engine', 'docker', 'index.js'));
    const ep = resolveEndpoint({ host: this.dockerHostSetting() });
    return { host: ep.host, from: endpointSource(ep.source).from };
  }

  /** Asks the daemon now; marks it reachable or not. */
  private async probe(docker: Engine, generation = this.generation): Promise<boolean> {
    try {
      await docker.ping();
      if (generation === this.generation) this.markReachable();
      return true;
    } catch (e) {
      if (generation === this.generation) this.markUnreachable(docker, (e as Error).message);
      return false;
    }
  }

  /** Tries the daemon again now (the welcome view's Retry); the views reload when it answers. */
  async retry(): Promise<boolean> {
    const engine = await this.get();
    if (engine.kind !== 'docker') return true;
    return this.probe(engine);
  }

  private markUnreachable(docker: Engine, reason: string): void {
    const { source, from } = endpointSource(docker.locationSource);
    // In VS Code the client's "(from --host)" is the setting.
    reason = reason.replace('(from --host)', `(from ${from})`);
    const next: Unreachable = { endpoint: docker.location, from, source, reason, cause: unreachableCause(reason) };
    const prev = this.unreachable;
    if (prev && prev.endpoint === next.endpoint && prev.cause === next.cause && prev.reason === next.reason) return;
    this.unreachable = next;
    void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.unreachableCause, next.cause);
    void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.unreachableSource, next.source);
    void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.unreachable, next.endpoint);
    this.reachability.fire(next);
    // Only a change of state reloads the views (a view that found the daemon gone already shows it).
    if (!prev) this.onEngineState();
  }

  private markReachable(): void {
    if (!this.unreachable) return;
    this.unreachable = undefined;
    void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.unreachable, false);
    this.reachability.fire(undefined);
    this.onEngineState();
  }

  private watch(engine: Engine): Engine {
    // A daemon that went away or came back (`engine.disconnected`/`engine.connected`): every view reloads, as on a reopen.
    this.subscription = engine.onEvent((e) => {
      if (e.type === 'engine.disconnected' && engine.kind === 'docker') {
        const docker = engine;
        this.markUnreachable(docker, e.attributes?.reason ?? 'the connection to the daemon dropped');
        // The events stream only knows it ended: asking the daemon says why (no socket, refused ...).
        // Only a failure counts here: the stream's own reconnection says when it is back.
        const generation = this.generation;
        void docker.ping().catch((err: Error) => { if (generation === this.generation && this.unreachable) this.markUnreachable(docker, err.message); });
      } else if (e.type === 'engine.connected') this.markReachable();
      else if (e.type.startsWith('engine.')) this.onEngineState();
      else {
        if (e.type.startsWith('container.')) this.containerStamp++;
        this.queue(e);
      }
    });
    this.updateContainersSupported(engine);
    return engine;
  }

  private onEngineState(): void {
    this.containerStamp++;
    this.changed.fire([]);
    void this.engine?.then((e) => this.updateContainersSupported(e), () => undefined);
  }

  // ---- the other engine (copying images between engines) ------------------------------------

  /** The engine the views do not show: Docker while they show the embedded one, and the other way round. */
  otherEngine(): Promise<Engine> {
    const kind = this.configuredKind() === 'docker' ? 'embedded' : 'docker';
    if (this.other?.kind !== kind) {
      void this.disposeOther();
      this.other = { kind, engine: kind === 'docker' ? this.openDocker().then((d) => d.engine) : this.openEmbedded() };
      this.other.engine.catch(() => (this.other = undefined));
    }
    return this.other.engine;
  }

  /** With the embedded engine: follows whether a Docker daemon answers (its events stream's connected/disconnected). */
  private async watchOther(generation: number): Promise<void> {
    if (this.configuredKind() !== 'embedded') return;
    let docker: Engine;
    try {
      docker = await this.otherEngine();
    } catch {
      this.setDockerReachable(false); // no usable endpoint (a malformed DOCKER_HOST ...)
      return;
    }
    if (generation !== this.generation || !this.other || this.other.subscription) return;
    this.other.subscription = docker.onEvent((e) => {
      if (e.type === 'engine.connected') this.setDockerReachable(true);
      else if (e.type === 'engine.disconnected') this.setDockerReachable(false);
    });
    const up = await docker.ping().then(() => true, () => false);
    if (generation === this.generation) this.setDockerReachable(up);
  }

  private setDockerReachable(up: boolean): void {
    if (this.dockerReachable === up) return;
    this.dockerReachable = up;
    void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.dockerReachable, up);
    this.otherChanged.fire(up);
  }

  private async disposeOther(): Promise<void> {
    const o = this.other;
    this.other = undefined;
    if (!o) return;
    o.subscription?.dispose();
    await (await o.engine.catch(() => undefined))?.dispose();
  }

  private updateContainersSupported(engine: Engine): void {
    // Menus and palette entries of container commands need this even before a container view renders.
    void this.capabilities(engine).then((c) => vscode.commands.executeCommand('setContext', 'stevedore.containersSupported', c.containers.supported), () => undefined);
  }

  private queue(e: EngineEvent): void {
    this.pending.push(e);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.pending;
      this.pending = [];
      this.changed.fire(batch);
    }, this.debounceMs);
  }

  private async reopen(): Promise<void> {
    this.generation++;
    this.containerStamp++;
    const old = this.engine;
    this.engine = undefined;
    this.subscription?.dispose();
    this.credentials = undefined;
    if (this.unreachable) {
      this.unreachable = undefined;
      void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT.unreachable, false);
      this.reachability.fire(undefined);
    }
    this.setDockerReachable(false);
    this.dockerReachable = undefined;
    await this.disposeOther();
    if (old) await (await old.catch(() => undefined))?.dispose();
    this.changed.fire([]);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription?.dispose();
    void this.engine?.then((e) => e.dispose(), () => undefined);
    void this.disposeOther();
    this.changed.dispose();
    this.reachability.dispose();
    this.otherChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A registry the user added to the Registries view (`stevedore.registries.list`). */
export interface ConfiguredRegistry {
  /** `host[:port]` as in image references. */
  host: string;
  /** Plain HTTP (and no certificate checks) for this registry. */
  insecure: boolean;
}

export function configuredRegistries(): ConfiguredRegistry[] {
  type Raw = Array<string | { url?: string; host?: string; insecure?: boolean }>;
  const config = vscode.workspace.getConfiguration('stevedore');
  // `stevedore.registries` was this list before it became an object of settings (list, mirrors, insecure).
  const legacy = config.get<unknown>('registries');
  const raw = [...(config.get<Raw>('registries.list') ?? []), ...(Array.isArray(legacy) ? (legacy as Raw) : [])];
  const out: ConfiguredRegistry[] = [];
  for (const r of raw) {
    const url = typeof r === 'string' ? r : r.url ?? r.host ?? '';
    const host = url.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
    if (host) out.push({ host, insecure: typeof r === 'object' && !!r.insecure });
  }
  return out;
}
