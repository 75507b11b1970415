import * as vscode from 'vscode';
import { isEngineError } from '../../../core/errors';
import type { EngineHost } from '../../engineHost';
import type { InspectDocumentProvider } from '../../inspect';
import type { NetworkNode, NetworksTreeProvider } from '../../tree/networks';
import { showError } from '../images';

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/** Network actions of the Networks view and the palette: create, inspect, remove, prune, refresh. */
export function registerNetworkCommands(context: vscode.ExtensionContext, host: EngineHost, tree: NetworksTreeProvider, inspect: InspectDocumentProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  async function pick(node: NetworkNode | string | undefined, title: string): Promise<string | undefined> {
    if (typeof node === 'string') return node;
    if (node) return node.name;
    const list = await (await host.get()).networks.list();
    return (await vscode.window.showQuickPick(list.map((n) => ({ label: n.Name, description: `${n.Driver} ${n.IPAM.Config.map((c) => c.Subnet).join(', ')}` })), { title }))?.label;
  }

  reg('stevedore.networks.refresh', () => tree.refresh());

  /** `create(name?, options?)`: prompts for the name and an optional subnet; returns the new network's ID. */
  reg('stevedore.networks.create', async (name?: string, options?: { subnet?: string; internal?: boolean }) => {
    name ??= await vscode.window.showInputBox({
      title: 'Create Network', prompt: 'Network name', placeHolder: 'my-app', ignoreFocusOut: true,
      validateInput: (v) => (!NETWORK_NAME.test(v) ? 'Letters, digits and _ . - only, starting with a letter or digit' : undefined),
    });
    if (!name) return undefined;
    if (!options) {
      const subnet = await vscode.window.showInputBox({
        title: `Create Network ${name}`, prompt: 'Subnet in CIDR notation (empty: the next free one)', placeHolder: '172.30.0.0/16', ignoreFocusOut: true,
        validateInput: (v) => (v && !CIDR.test(v) ? 'An IPv4 subnet such as 172.30.0.0/16' : undefined),
      });
      if (subnet === undefined) return undefined;
      const access = await vscode.window.showQuickPick([{ label: 'With outbound access', internal: false }, { label: 'Internal (no outbound access)', internal: true }], { title: `Create Network ${name}` });
      if (!access) return undefined;
      options = { subnet: subnet || undefined, internal: access.internal };
    }
    try {
      return (await (await host.get()).networks.create({ name, subnet: options.subnet, internal: !!options.internal })).Id;
    } catch (e) {
      void showError(`Creating network ${name} failed`, e);
      return undefined;
    } finally {
      tree.refresh();
    }
  });

  reg('stevedore.networks.inspect', async (node?: NetworkNode | string) => {
    const name = await pick(node, 'Inspect Network');
    if (!name) return undefined;
    try {
      return await inspect.show('network', name, name);
    } catch (e) {
      void showError(`Inspecting network ${name} failed`, e);
      return undefined;
    }
  });

  /** `remove(node, selected?)`: a network with running containers stays (Docker's error). Returns the names removed. */
  reg('stevedore.networks.remove', async (node?: NetworkNode | string, selected?: unknown) => {
    const names = Array.isArray(selected) && selected.length
      ? selected.filter((n): n is NetworkNode => n?.kind === 'network').map((n) => n.name)
      : [await pick(node, 'Remove Network')].filter((n): n is string => !!n);
    const engine = await host.get();
    const removed: string[] = [];
    for (const name of names) {
      try {
        await engine.networks.remove(name);
        removed.push(name);
      } catch (e) {
        if (isEngineError(e, 'forbidden')) void vscode.window.showErrorMessage(`Network ${name} has running containers: stop them or disconnect them first. ${(e as Error).message}`);
        else void showError(`Removing network ${name} failed`, e);
      }
    }
    tree.refresh();
    return removed;
  });

  /** `prune(confirmed?)`: user networks no container uses. */
  reg('stevedore.networks.prune', async (confirmed?: boolean) => {
    if (confirmed !== true) {
      const choice = await vscode.window.showWarningMessage('Remove unused networks?', { modal: true, detail: 'User-defined networks that no container is on are removed.' }, 'Remove');
      if (!choice) return undefined;
    }
    try {
      const r = await (await host.get()).networks.prune();
      void vscode.window.showInformationMessage(`Removed ${r.NetworksDeleted.length} network(s)`);
      return r;
    } catch (e) {
      void showError('Pruning networks failed', e);
      return undefined;
    } finally {
      tree.refresh();
    }
  });
}
