import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { loadBundle } from './lazy';
import { registerBuildCommands } from './ui/commands/build';
import { registerImageCommands } from './ui/commands/images';
import { EngineHost } from './ui/engineHost';
import { ImagesTreeProvider } from './ui/tree/images';
import { registerRegistryCommands } from './ui/commands/registries';
import { registerSearchCommands, SearchUi } from './ui/commands/images/search';
import { RegistriesTreeProvider } from './ui/tree/registries';
import { registerContainerCommands } from './ui/commands/containers';
import { registerVolumeCommands } from './ui/commands/volumes';
import { registerNetworkCommands } from './ui/commands/networks';
import { registerComposeCommands } from './ui/commands/compose';
import { registerInspectProvider } from './ui/inspect';
import { registerAnalysisProvider } from './ui/analysis';
import { registerSystemCommands } from './ui/commands/system';
import { engineLog } from './ui/log';
import { ContainersTreeProvider } from './ui/tree/containers';
import { VolumesTreeProvider } from './ui/tree/volumes';
import { NetworksTreeProvider } from './ui/tree/networks';
import { MeasurementsBridge } from './ui/measurements';
import { EngineStatusBar, registerStatusBar } from './ui/statusBar';
import { DockerApiHost, registerDockerApi } from './ui/dockerApi';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions and to its integration tests. */
export interface StevedoreApi {
  /** Time spent inside activate(), in milliseconds (module loading excluded). */
  activationMs: number;
  /** Evaluating the extension bundle (its first to its last line), in milliseconds. */
  moduleLoadMs: number;
  engineHost: EngineHost;
  /** The views' data providers by view ID (what the trees show, for tests and other extensions). */
  trees: Record<string, vscode.TreeDataProvider<unknown>>;
  languageClient(): LanguageClient | undefined;
  /** The engine's status bar item (which engine, data root, whether containers run here). */
  statusBar: EngineStatusBar;
  /** The build figures (size and waste per instruction) sent to the language server. */
  measurements: MeasurementsBridge;
  /** The Search Images quick pick (its current pick, for tests). */
  search: SearchUi;
  /** The Docker Engine API socket served for the embedded engine (stevedore.dockerApi.enabled). */
  dockerApi: DockerApiHost;
}

/**
 * Activation stays cheap: views and commands are registered, the language client starts in
 * the background, and the engine opens its data root on first use.
 */
export async function activate(context: vscode.ExtensionContext): Promise<StevedoreApi> {
  const started = performance.now();
  const engineHost = new EngineHost(context.secrets);
  context.subscriptions.push(engineHost);

  const inspect = registerInspectProvider(context, engineHost);
  const analysis = registerAnalysisProvider(context, engineHost);
  // The engine log ("Show Engine Log"): what the engine did, from this window and other processes.
  context.subscriptions.push(engineLog, engineHost.onDidChange((events) => engineLog.events(events)));
  registerSystemCommands(context, engineHost);

  const images = new ImagesTreeProvider(engineHost);
  images.view = vscode.window.createTreeView('stevedore.images', { treeDataProvider: images, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(images, images.view);
  registerImageCommands(context, engineHost, images, inspect, analysis);
  const measurements = new MeasurementsBridge(context.workspaceState);
  context.subscriptions.push(measurements);
  registerBuildCommands(context, engineHost, measurements);
  const search = registerSearchCommands(context, engineHost);

  const registries = new RegistriesTreeProvider(engineHost);
  context.subscriptions.push(registries, vscode.window.createTreeView('stevedore.registries', { treeDataProvider: registries, showCollapseAll: true }));
  registerRegistryCommands(context, engineHost, registries, inspect);

  const containers = new ContainersTreeProvider(engineHost);
  containers.view = vscode.window.createTreeView('stevedore.containers', { treeDataProvider: containers, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(containers, containers.view);
  registerContainerCommands(context, engineHost, containers, inspect);

  const volumes = new VolumesTreeProvider(engineHost);
  volumes.view = vscode.window.createTreeView('stevedore.volumes', { treeDataProvider: volumes, canSelectMany: true });
  context.subscriptions.push(volumes, volumes.view);
  registerVolumeCommands(context, engineHost, volumes, inspect);
  const networks = new NetworksTreeProvider(engineHost);
  networks.view = vscode.window.createTreeView('stevedore.networks', { treeDataProvider: networks, canSelectMany: true });
  context.subscriptions.push(networks, networks.view);
  registerNetworkCommands(context, engineHost, networks, inspect);

  const statusBar = registerStatusBar(context, engineHost);
  const dockerApi = registerDockerApi(context, engineHost, statusBar);
  registerComposeCommands(context, engineHost, dockerApi);

  // The language client (its bundle is ~1 MB of vscode-languageclient, and a server process) starts
  // when a Dockerfile is open: right after activation when one is, else when the first one opens,
  // so a window that only shows the views does not load it while they render their first rows.
  const startClient = () => {
    if (client) return;
    const { startLanguageClient } = loadBundle<typeof import('./languageClient')>('languageClient', 'languageClient.js');
    const c = startLanguageClient(context, engineHost);
    client = c;
    // Running (2) again after a server restart too: the new server has no figures yet.
    c.onDidChangeState((e) => { if (e.newState === 2) void measurements.attach(c); else measurements.detach(); });
    void c.start();
  };
  const isDockerfile = (d: vscode.TextDocument) => d.languageId === 'dockerfile';
  if (vscode.workspace.textDocuments.some(isDockerfile)) setImmediate(startClient);
  else {
    const opened = vscode.workspace.onDidOpenTextDocument((d) => { if (isDockerfile(d)) { opened.dispose(); startClient(); } });
    context.subscriptions.push(opened);
  }
  // The status bar asks the engine a moment after activation: its first render (the tooltip's
  // markdown, the runtime's capabilities) need not compete with the views' first rows.
  setTimeout(() => void statusBar.update(), 1000);
  // The Docker API socket (and DOCKER_HOST for terminals) once the views have had the engine first.
  setTimeout(() => void dockerApi.refresh(), 1500);
  const done = performance.now();
  const load = (globalThis as { __stevedoreLoad?: { start: number; end?: number } }).__stevedoreLoad;
  const moduleLoadMs = load?.end !== undefined ? load.end - load.start : 0;
  const trees = { 'stevedore.images': images, 'stevedore.registries': registries, 'stevedore.containers': containers, 'stevedore.volumes': volumes, 'stevedore.networks': networks } as Record<string, vscode.TreeDataProvider<unknown>>;
  return { activationMs: done - started, moduleLoadMs, engineHost, trees, languageClient: () => client, statusBar, measurements, search, dockerApi };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
