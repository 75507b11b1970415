import * as vscode from 'vscode';
import type { EngineHost } from '../../engineHost';
import { configuredRegistries } from '../../engineHost';
import type { InspectDocumentProvider } from '../../inspect';
import { engineLog } from '../../log';
import type { RegistriesTreeProvider, RegistryNode, RepositoryNode, TagNode } from '../../tree/registries';
import { authSteps, showError, withCancellableProgress } from '../images';

/** Writes `stevedore.registries.list`, dropping the list's old home (`stevedore.registries` as an array). */
async function saveRegistryList(list: Array<{ url: string; insecure: boolean }>): Promise<void> {
  const config = vscode.workspace.getConfiguration('stevedore');
  if (Array.isArray(config.inspect('registries')?.globalValue)) await Promise.resolve(config.update('registries', undefined, vscode.ConfigurationTarget.Global)).catch(() => undefined);
  await config.update('registries.list', list, vscode.ConfigurationTarget.Global);
}

/**
 * Login/logout (SecretStorage), connecting/disconnecting registries, pulling a tag or every tag
 * of a repository, copying a tag's reference or digest, inspecting its manifest, deleting it.
 */
export function registerRegistryCommands(context: vscode.ExtensionContext, host: EngineHost, tree: RegistriesTreeProvider, inspect: InspectDocumentProvider): void {
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
    const list = configuredRegistries().filter((r) => r.host !== url).map((r) => ({ url: r.host, insecure: r.insecure }));
    list.push({ url, insecure });
    await saveRegistryList(list);
  });

  /** `addMirror(url?)`: a Docker Hub mirror in `stevedore.registries.mirrors`, tried before the configuration file's. */
  reg('stevedore.registries.addMirror', async (url?: string) => {
    url ??= await vscode.window.showInputBox({
      title: 'Add Docker Hub Mirror',
      prompt: 'Mirror URL, tried before Docker Hub for every pull of a Docker Hub image',
      placeHolder: 'https://mirror.example.com',
      ignoreFocusOut: true,
      validateInput: (v) => (/^https?:\/\/[^/\s]+/i.test(v.trim()) ? undefined : 'Enter an http:// or https:// URL'),
    });
    if (!url) return undefined;
    url = url.trim();
    if (!/^https?:\/\/[^/\s]+/i.test(url)) {
      void vscode.window.showErrorMessage(`Mirror "${url}" is not an http(s) URL`);
      return undefined;
    }
    const config = vscode.workspace.getConfiguration('stevedore');
    const mirrors = (config.get<string[]>('registries.mirrors') ?? []).filter((m) => m.replace(/\/+$/, '') !== url!.replace(/\/+$/, ''));
    await config.update('registries.mirrors', [...mirrors, url], vscode.ConfigurationTarget.Global);
    engineLog.info(`added Docker Hub mirror ${url}`);
    return url;
  });

  reg('stevedore.registries.removeMirror', async (node?: { url?: string } | string) => {
    const url = typeof node === 'string' ? node : node?.url;
    if (!url) return;
    const config = vscode.workspace.getConfiguration('stevedore');
    const norm = (m: string) => m.trim().replace(/\/+$/, '');
    const mirrors = config.get<string[]>('registries.mirrors') ?? [];
    if (!mirrors.some((m) => norm(m) === norm(url))) {
      void vscode.window.showInformationMessage(`${url} comes from the registry configuration file; edit the file to remove it`);
      return;
    }
    await config.update('registries.mirrors', mirrors.filter((m) => norm(m) !== norm(url)), vscode.ConfigurationTarget.Global);
  });

  /** `disconnect(node | host)`: the registry leaves the view and its login made in VS Code is forgotten. */
  const disconnect = async (node?: RegistryNode | string) => {
    const server = typeof node === 'string' ? node : node?.host;
    if (!server) return undefined;
    await saveRegistryList(configuredRegistries().filter((r) => r.host !== server).map((r) => ({ url: r.host, insecure: r.insecure })));
    try {
      await (await host.get()).logout(server);
    } catch (e) {
      engineLog.error(`Logging out of ${server} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    engineLog.info(`disconnected registry ${server}`);
    tree.refresh();
    return server;
  };
  reg('stevedore.registries.disconnect', disconnect);
  reg('stevedore.registries.remove', disconnect);

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
      void showError(`Login to ${server || 'Docker Hub'} failed`, e, { title: 'Try Again', run: () => vscode.commands.executeCommand('stevedore.registries.login', server) });
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

  /** `pullRepository(node)`: every tag of the repository (`pull -a`) under one cancellable progress notification. Returns the pull results. */
  reg('stevedore.registries.pullRepository', async (node?: RepositoryNode | string) => {
    const reference = typeof node === 'string' ? node : node?.reference;
    if (!reference) return undefined;
    const engine = await host.get();
    return withCancellableProgress(`Pulling all tags of ${reference}`, async (signal, report) => {
      try {
        const r = await engine.images.pull(reference, { allTags: true, signal, onProgress: report });
        engineLog.info(`pulled ${r.length} tag(s) of ${reference}: ${r.map((p) => p.reference).join(', ')}`);
        void vscode.window.showInformationMessage(`Pulled ${r.length} tag(s) of ${reference}`);
        return r;
      } catch (e) {
        void showError(`Pulling all tags of ${reference} failed`, e, ...authSteps(e, reference, () => vscode.commands.executeCommand('stevedore.registries.pullRepository', reference)));
        return undefined;
      }
    });
  });

  reg('stevedore.registries.copyReference', async (node?: TagNode) => {
    if (node) await vscode.env.clipboard.writeText(node.reference);
    return node?.reference;
  });

  /** `copyDigest(node)`: the manifest digest the tag points at (read from the registry), on the clipboard. Returns it. */
  reg('stevedore.registries.copyDigest', async (node?: TagNode | string) => {
    const reference = typeof node === 'string' ? node : node?.reference;
    if (!reference) return undefined;
    try {
      const { digest } = await (await host.get()).inspectRemote(reference);
      await vscode.env.clipboard.writeText(digest);
      return digest;
    } catch (e) {
      void showError(`Reading the digest of ${reference} failed`, e, ...authSteps(e, reference));
      return undefined;
    }
  });

  /** `inspectManifest(node)`: the tag's manifest (or index) as a read-only JSON document. Returns what the registry sent. */
  reg('stevedore.registries.inspectManifest', async (node?: TagNode | string) => {
    const reference = typeof node === 'string' ? node : node?.reference;
    if (!reference) return undefined;
    try {
      return await inspect.show('manifest', reference, reference);
    } catch (e) {
      void showError(`Inspecting the manifest of ${reference} failed`, e, ...authSteps(e, reference));
      return undefined;
    }
  });

  /**
   * `deleteTag(node, confirmed?)`: deletes the tag's manifest from the registry after a modal
   * confirmation that names every tag sharing that manifest (the registry deletes by digest, so
   * they go too). Returns the deleted digest.
   */
  reg('stevedore.registries.deleteTag', async (node?: TagNode, confirmed?: boolean) => {
    if (!node) return undefined;
    const engine = await host.get();
    const reference = node.reference;
    try {
      const { digest } = await engine.inspectRemote(reference);
      if (confirmed !== true) {
        const tags = await engine.tags(node.repository.reference).catch(() => [node.tag]);
        const others: string[] = [];
        for (const t of tags.filter((t) => t !== node.tag).slice(0, 50)) {
          const d = await engine.inspectRemote(`${node.repository.reference}:${t}`).then((m) => m.digest, () => undefined);
          if (d === digest) others.push(t);
        }
        const detail = `The registry deletes the manifest ${digest}` +
          (others.length ? `, so these tags of ${node.repository.name} go too: ${others.join(', ')}.` : '.') +
          ' Images pulled from it stay on this machine. This cannot be undone.';
        const choice = await vscode.window.showWarningMessage(`Delete ${node.repository.name}:${node.tag} from ${node.repository.registry.host}?`, { modal: true, detail }, 'Delete');
        if (choice !== 'Delete') return undefined;
      }
      const deleted = await engine.deleteManifest(`${node.repository.reference}@${digest}`);
      engineLog.info(`deleted ${node.repository.reference}@${deleted} (tag ${node.tag}) from the registry`);
      return deleted;
    } catch (e) {
      void showError(`Deleting ${reference} from the registry failed`, e, ...authSteps(e, reference));
      return undefined;
    } finally {
      tree.refresh();
    }
  });
}
