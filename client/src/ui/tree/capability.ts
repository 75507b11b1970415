import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';

/**
 * Whether containers can run here, for the Containers and Volumes views. Sets the context key
 * `stevedore.containersSupported` (menus and welcome content use it) and, when they cannot, puts
 * the engine's reason in the view's message so the view says why instead of staying blank.
 */
export async function containersSupported(host: EngineHost, view: vscode.TreeView<unknown> | undefined): Promise<boolean> {
  const caps = await (await host.get()).capabilities();
  const supported = caps.containers.supported;
  if (supported !== lastContext) {
    lastContext = supported;
    await vscode.commands.executeCommand('setContext', 'stevedore.containersSupported', supported);
  }
  if (view) view.message = supported ? undefined : `Containers cannot run here: ${caps.containers.reason ?? 'unknown reason'}. Images, builds and registries work.`;
  return supported;
}

let lastContext: boolean | undefined;
