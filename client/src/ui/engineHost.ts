import * as path from 'path';
import * as vscode from 'vscode';
import { loadBundle } from '../lazy';
import { SecretStorageCredentialStore } from './credentials';
import { engineLog } from './log';
import type { ContainersApi, VolumesApi } from '../engine/container/api';
import type { Engine } from '../engine/engine';
import type { EngineEvent } from '../engine/events';

/** An engine that has the containers and volumes areas (the embedded engine has both). */
export type ContainerEngine = Engine & { containers: ContainersApi; volumes: VolumesApi };

/** The engine's containers and volumes areas, or an error that says this engine has none. */
export function containerEngine(engine: Engine): ContainerEngine {
  const e = engine as Partial<ContainerEngine>;
  if (!e.containers || !e.volumes) throw new Error(`the ${engine.kind} engine has no containers or volumes`);
  return engine as ContainerEngine;
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

  constructor(private readonly secrets: vscode.SecretStorage, private readonly debounceMs = 150) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (['stevedore.dataRoot', 'stevedore.registries', 'stevedore.engine', 'stevedore.docker.host'].some((k) => e.affectsConfiguration(k))) void this.reopen();
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

  /** The engine with its containers and volumes areas. */
  async containers(): Promise<ContainerEngine> {
    return containerEngine(await this.get());
  }

  private async open(): Promise<Engine> {
    // `stevedore.engine`: `docker` drives a Docker daemon (DOCKER_HOST, Docker contexts or `stevedore.docker.host`); `auto` is embedded.
    if (vscode.workspace.getConfiguration('stevedore').get<string>('engine') === 'docker') return this.watch(await this.openDocker());
    const { EmbeddedEngine, DockerConfigCredentialStore } = loadBundle<typeof import('../engine/embedded')>('engine', path.join('engine', 'embedded.js'));
    const config = vscode.workspace.getConfiguration('stevedore');
    const dataRoot = config.get<string>('dataRoot') || undefined;
    const insecureRegistries = configuredRegistries().filter((r) => r.insecure).map((r) => r.host);
    this.credentials = new SecretStorageCredentialStore(this.secrets, new DockerConfigCredentialStore());
    const engine = await EmbeddedEngine.open(dataRoot, { credentials: this.credentials, insecureRegistries });
    engine.events.follow();
    return this.watch(engine);
  }

  private async openDocker(): Promise<Engine> {
    const { DockerEngine, DockerConfigCredentialStore } = loadBundle<typeof import('../engine/docker')>('docker', path.join('engine', 'docker', 'index.js'));
    this.credentials = new SecretStorageCredentialStore(this.secrets, new DockerConfigCredentialStore());
    const host = vscode.workspace.getConfiguration('stevedore').get<string>('docker.host') || undefined;
    return DockerEngine.open({ host, credentials: this.credentials });
  }

  private watch(engine: Engine): Engine {
    // A daemon that went away or came back (`engine.disconnected`/`engine.connected`): every view reloads, as on a reopen.
    this.subscription = engine.onEvent((e) => (e.type.startsWith('engine.') ? this.onEngineState() : this.queue(e)));
    this.updateContainersSupported(engine);
    return engine;
  }

  private onEngineState(): void {
    this.changed.fire([]);
    void this.engine?.then((e) => this.updateContainersSupported(e), () => undefined);
  }

  private updateContainersSupported(engine: Engine): void {
    // Menus and palette entries of container commands need this even before a container view renders.
    void engine.capabilities().then((c) => vscode.commands.executeCommand('setContext', 'stevedore.containersSupported', c.containers.supported), () => undefined);
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
    const old = this.engine;
    this.engine = undefined;
    this.subscription?.dispose();
    if (old) await (await old.catch(() => undefined))?.dispose();
    this.changed.fire([]);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription?.dispose();
    void this.engine?.then((e) => e.dispose(), () => undefined);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A registry the user added to the Registries view (`stevedore.registries`). */
export interface ConfiguredRegistry {
  /** `host[:port]` as in image references. */
  host: string;
  /** Plain HTTP (and no certificate checks) for this registry. */
  insecure: boolean;
}

export function configuredRegistries(): ConfiguredRegistry[] {
  const raw = vscode.workspace.getConfiguration('stevedore').get<Array<string | { url?: string; host?: string; insecure?: boolean }>>('registries') ?? [];
  const out: ConfiguredRegistry[] = [];
  for (const r of raw) {
    const url = typeof r === 'string' ? r : r.url ?? r.host ?? '';
    const host = url.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
    if (host) out.push({ host, insecure: typeof r === 'object' && !!r.insecure });
  }
  return out;
}
