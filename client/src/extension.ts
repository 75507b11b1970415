import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { loadBundle } from './lazy';
import { registerImageCommands } from './ui/commands/images';
import { EngineHost } from './ui/engineHost';
import { ImagesTreeProvider } from './ui/tree/images';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions and to its integration tests. */
export interface StevedoreApi {
  /** Time spent inside activate(), in milliseconds (module loading excluded). */
  activationMs: number;
  /** Evaluating the extension bundle (its first to its last line), in milliseconds. */
  moduleLoadMs: number;
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

  // The language client loads and starts right after activation returns.
  setImmediate(() => {
    const { startLanguageClient } = loadBundle<typeof import('./languageClient')>('languageClient', 'languageClient.js');
    client = startLanguageClient(context);
    void client.start();
  });
  const done = performance.now();
  const load = (globalThis as { __stevedoreLoad?: { start: number; end?: number } }).__stevedoreLoad;
  const moduleLoadMs = load?.end !== undefined ? load.end - load.start : 0;
  return { activationMs: done - started, moduleLoadMs, engineHost, languageClient: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
