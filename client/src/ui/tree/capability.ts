import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';

/**
 * Whether containers can run here, for the Containers and Volumes views. Sets the context key
 * `stevedore.containersSupported` (menus and welcome content use it) and, when they cannot, puts
 * the engine's reason in the view's message so the view says why instead of staying blank.
 */
export async function containersSupported(host: EngineHost, view: vscode.TreeView<unknown> | undefined): Promise<boolean> {
  const caps = await host.capabilities(await host.get());
  const supported = caps.containers.supported;
  if (supported !== lastContext) {
    lastContext = supported;
    // Not awaited: a round trip to the workbench the rows need not wait for.
    void vscode.commands.executeCommand('setContext', 'stevedore.containersSupported', supported);
  }
  setViewMessage(view, supported ? undefined : `Containers cannot run here: ${caps.containers.reason ?? 'unknown reason'}. Images, builds and registries work.`);
  return supported;
}

let lastContext: boolean | undefined;

/** Sets a view's message only when it changes (each set is a message to the workbench). */
export function setViewMessage(view: vscode.TreeView<unknown> | undefined, message: string | undefined): void {
  if (view && view.message !== message) view.message = message;
}
