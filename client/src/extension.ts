import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerImageCommands } from './ui/commands/images';
import { EngineHost } from './ui/engineHost';
import { ImagesTreeProvider } from './ui/tree/images';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions and to its integration tests. */
export interface StevedoreApi {
  /** Time spent inside activate(), in milliseconds (module loading excluded). */
  activationMs: number;
  engineHost: EngineHost;
  languageClient(): LanguageClient | undefined;
}

/**
 * Activation stays cheap: views and commands are registered, the language client starts in
 * the background, and the engine opens its data root on first use.
 */
export async function activate(context: vscode.ExtensionContext): Promise<StevedoreApi> {
  const started = performance.now();
  const engineHost = new EngineHost();
  context.subscriptions.push(engineHost);

  const images = new ImagesTreeProvider(engineHost);
  context.subscriptions.push(images, vscode.window.createTreeView('stevedore.images', { treeDataProvider: images, showCollapseAll: true, canSelectMany: true }));
  registerImageCommands(context, engineHost, images);

  client = startLanguageClient(context);
  return { activationMs: performance.now() - started, engineHost, languageClient: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function startLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    synchronize: { configurationSection: 'stevedore' },
  };
  const c = new LanguageClient('stevedore', 'Stevedore Dockerfile', serverOptions, clientOptions);
  void c.start();
  context.subscriptions.push(c);
  return c;
}
