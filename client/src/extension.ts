import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Activation stays cheap: the language client starts in the background, the engine opens on first use. */
export async function activate(context: vscode.ExtensionContext): Promise<{ activationMs: number; languageClient: () => LanguageClient | undefined }> {
  const started = performance.now();
  client = startLanguageClient(context);
  const activationMs = performance.now() - started;
  return { activationMs, languageClient: () => client };
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
