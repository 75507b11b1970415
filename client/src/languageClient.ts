import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/**
 * Starts the Dockerfile language server (dist/server.js) over IPC. Bundled on its own
 * (dist/languageClient.js) and loaded after activation, so the ~800 kB of vscode-languageclient
 * never counts against activation time.
 */
export function startLanguageClient(context: vscode.ExtensionContext): LanguageClient {
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
  context.subscriptions.push(c);
  return c;
}
