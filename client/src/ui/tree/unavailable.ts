import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';

/**
 * The Containers and Volumes views until the engine can run containers: an empty tree, so the
 * view shows its welcome content, with the context key `stevedore.containersSupported` and the
 * engine's reason as the view's message.
 */
export class CapabilityGatedTree implements vscode.TreeDataProvider<never> {
  /** Set once the view exists (the view needs the provider first). */
  view?: vscode.TreeView<never>;

  constructor(private readonly host: EngineHost) {}

  async getChildren(): Promise<never[]> {
    const caps = await (await this.host.get()).capabilities();
    await vscode.commands.executeCommand('setContext', 'stevedore.containersSupported', caps.containers.supported);
    if (this.view) this.view.message = caps.containers.supported ? undefined : `Containers cannot run here: ${caps.containers.reason ?? 'unknown reason'}. Images, builds and registries work.`;
    return [];
  }

  getTreeItem(): vscode.TreeItem {
    throw new Error('no items');
  }
}

export function registerCapabilityGatedViews(context: vscode.ExtensionContext, host: EngineHost): void {
  for (const id of ['stevedore.containers', 'stevedore.volumes']) {
    const provider = new CapabilityGatedTree(host);
    const view = vscode.window.createTreeView(id, { treeDataProvider: provider });
    provider.view = view;
    context.subscriptions.push(view);
  }
}
