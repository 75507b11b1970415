import * as path from 'path';
import * as vscode from 'vscode';
import type { ApiServer } from '../daemon/server';
import type { Engine } from '../engine/engine';
import { loadBundle } from '../lazy';
import type { EngineHost } from './engineHost';
import { engineLog } from './log';
import type { DockerApiStatus, EngineStatusBar } from './statusBar';

type DaemonBundle = typeof import('../daemon/index');

/** A DOCKER_HOST the user set themselves (the extension host's environment or `terminal.integrated.env.linux`). */
function userDockerHost(): string | undefined {
  const fromSettings = vscode.workspace.getConfiguration('terminal.integrated.env').get<Record<string, string | null>>('linux')?.DOCKER_HOST;
  return fromSettings ?? (process.env.DOCKER_HOST || undefined);
}

/**
 * The Docker Engine API from the extension host (`stevedore.dockerApi.enabled`, on by default with
 * the embedded engine): the same server as `stevedore system service`, on the default socket of
 * the engine's data root; DOCKER_HOST for that socket in integrated terminals through the
 * extension's environment variable collection, unless the user set DOCKER_HOST. A socket another
 * window or a `system service` already serves is used as it is, and taken over when it goes away.
 */
export class DockerApiHost implements vscode.Disposable {
  status?: DockerApiStatus;
  private server?: ApiServer;
  private engine?: Engine;
  private recheck?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly host: EngineHost, private readonly bar: EngineStatusBar) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stevedore.dockerApi') || e.affectsConfiguration('terminal.integrated.env')) void this.refresh();
      }),
      // A reopened engine (data root, engine kind) fires an empty burst.
      host.onDidChange((events) => { if (events.length === 0) void this.refresh(); }),
    );
  }

  /** Serves (or finds) the API for the current engine, or stops when it should not be served. Calls are serialized. */
  refresh(): Promise<void> {
    const next = (this.running ?? Promise.resolve()).then(() => this.apply()).catch((e) => engineLog.error(`Docker API: ${e instanceof Error ? e.message : String(e)}`));
    this.running = next;
    return next;
  }

  private async apply(): Promise<void> {
    const enabled = vscode.workspace.getConfiguration('stevedore').get<boolean>('dockerApi.enabled', true);
    const engine = await this.host.get().catch(() => undefined);
    if (!enabled || !engine || engine.kind !== 'embedded') return this.stop();
    const daemon = loadBundle<DaemonBundle>('daemon', path.join('daemon', 'index.js'));
    if (this.engine === engine && this.status && (this.server || (await daemon.servedRoot(this.status.host.slice('unix://'.length))) === engine.location)) {
      return this.publish(this.status.servedBy, this.status.host);
    }
    await this.stopServing();
    // The per-user socket first; when another data root's engine serves it, the one under this data root.
    let shared: Awaited<ReturnType<DaemonBundle['serveOrReuse']>>;
    try {
      shared = await daemon.serveOrReuse(engine, daemon.sharedSocketCandidates(engine.location));
    } catch (e) {
      engineLog.error(`Docker API: ${e instanceof Error ? e.message : String(e)}`);
      return this.stop();
    }
    const { socket, servedBy } = shared;
    this.server = shared.server;
    const host = `unix://${socket}`;
    engineLog.info(servedBy === 'here' ? `Docker API served on ${host}` : `Docker API: ${host} is served by another window or stevedore system service; using it`);
    this.engine = engine;
    this.publish(servedBy, host);
    // When the other server goes away (its window closed), this window takes the socket over.
    clearInterval(this.recheck);
    if (servedBy === 'elsewhere') {
      this.recheck = setInterval(() => void daemon.socketAnswers(socket).then((up) => { if (!up) void this.refresh(); }), 15_000);
      this.recheck.unref();
    }
  }

  private publish(servedBy: DockerApiStatus['servedBy'], host: string): void {
    const own = userDockerHost();
    const env = this.context.environmentVariableCollection;
    env.description = 'DOCKER_HOST: the Docker Engine API of Stevedore\'s embedded engine';
    if (own) env.delete('DOCKER_HOST');
    else env.replace('DOCKER_HOST', host);
    this.status = { host, servedBy, terminals: !own };
    this.bar.dockerApi = this.status;
    void this.bar.update();
  }

  private async stopServing(): Promise<void> {
    clearInterval(this.recheck);
    const s = this.server;
    this.server = undefined;
    await s?.close();
  }

  private async stop(): Promise<void> {
    await this.stopServing();
    this.engine = undefined;
    this.status = undefined;
    this.context.environmentVariableCollection.delete('DOCKER_HOST');
    if (this.bar.dockerApi) {
      this.bar.dockerApi = undefined;
      void this.bar.update();
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.stopServing();
  }
}

/** `stevedore.dockerApi.copyExport`: `export DOCKER_HOST=…` on the clipboard, for a shell outside VS Code. */
export function registerDockerApi(context: vscode.ExtensionContext, host: EngineHost, bar: EngineStatusBar): DockerApiHost {
  const api = new DockerApiHost(context, host, bar);
  context.subscriptions.push(api, vscode.commands.registerCommand('stevedore.dockerApi.copyExport', async () => {
    await api.refresh();
    if (!api.status) {
      void vscode.window.showWarningMessage('The Docker API is served only with the embedded engine and stevedore.dockerApi.enabled on.');
      return undefined;
    }
    const line = `export DOCKER_HOST=${api.status.host}`;
    await vscode.env.clipboard.writeText(line);
    void vscode.window.showInformationMessage(`Copied: ${line}`);
    return line;
  }));
  return api;
}
