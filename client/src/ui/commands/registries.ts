import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import { configuredRegistries } from '../engineHost';
import type { RegistriesTreeProvider, RegistryNode, TagNode } from '../tree/registries';
import { showError } from './images';

/** Login/logout (SecretStorage), adding/removing registries, pulling a tag, refreshing. */
export function registerRegistryCommands(context: vscode.ExtensionContext, host: EngineHost, tree: RegistriesTreeProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('stevedore.registries.refresh', () => tree.refresh());

  reg('stevedore.registries.add', async (url?: string, insecure?: boolean) => {
    url ??= await vscode.window.showInputBox({ title: 'Add Registry', prompt: 'Registry address (host[:port])', placeHolder: 'registry.example.com or 127.0.0.1:5000', ignoreFocusOut: true });
    if (!url) return;
    if (insecure === undefined) {
      const pick = await vscode.window.showQuickPick(['HTTPS (verified)', 'HTTP (insecure)'], { title: `How to reach ${url}` });
      if (!pick) return;
      insecure = pick.startsWith('HTTP ');
    }
    const config = vscode.workspace.getConfiguration('stevedore');
    const list = configuredRegistries().filter((r) => r.host !== url).map((r) => ({ url: r.host, insecure: r.insecure }));
    list.push({ url, insecure });
    await config.update('registries', list, vscode.ConfigurationTarget.Global);
  });

  reg('stevedore.registries.remove', async (node?: RegistryNode) => {
    if (!node) return;
    const config = vscode.workspace.getConfiguration('stevedore');
    await config.update('registries', configuredRegistries().filter((r) => r.host !== node.host).map((r) => ({ url: r.host, insecure: r.insecure })), vscode.ConfigurationTarget.Global);
  });

  /** `login(node | server, username?, password?)`: prompts for what is missing; the password never leaves SecretStorage. */
  reg('stevedore.registries.login', async (target?: RegistryNode | string, username?: string, password?: string) => {
    const server = typeof target === 'string' ? target : target?.host ?? (await vscode.window.showInputBox({ title: 'Log In', prompt: 'Registry (empty for Docker Hub)', ignoreFocusOut: true }));
    if (server === undefined) return undefined;
    username ??= await vscode.window.showInputBox({ title: `Log in to ${server || 'Docker Hub'}`, prompt: 'Username', ignoreFocusOut: true });
    if (!username) return undefined;
    password ??= await vscode.window.showInputBox({ title: `Log in to ${server || 'Docker Hub'}`, prompt: `Password or access token for ${username}`, password: true, ignoreFocusOut: true });
    if (!password) return undefined;
    const engine = await host.get();
    try {
      const r = await engine.login(server || undefined, { username, password });
      tree.refresh();
      return r;
    } catch (e) {
      void showError(`Login to ${server || 'Docker Hub'} failed`, e);
      return undefined;
    }
  });

  reg('stevedore.registries.logout', async (target?: RegistryNode | string) => {
    const server = typeof target === 'string' ? target : target?.host;
    const engine = await host.get();
    const r = await engine.logout(server || undefined);
    tree.refresh();
    return r;
  });

  reg('stevedore.registries.pullTag', async (node?: TagNode) => {
    if (node) return vscode.commands.executeCommand('stevedore.images.pull', node.reference);
    return undefined;
  });

  reg('stevedore.registries.copyReference', async (node?: TagNode) => {
    if (node) await vscode.env.clipboard.writeText(node.reference);
  });
}
