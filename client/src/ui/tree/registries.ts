import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import { configuredRegistries } from '../engineHost';

/** Docker Hub's registry name in references. Its catalog is not browsable (Hub has no /v2/_catalog). */
export const DOCKER_HUB = 'docker.io';

export class RegistryNode {
  readonly kind = 'registry' as const;
  constructor(readonly host: string, readonly insecure: boolean, readonly loggedIn: boolean) {}
}
export class RepositoryNode {
  readonly kind = 'repository' as const;
  constructor(readonly registry: RegistryNode, readonly name: string) {}
  get reference(): string { return `${this.registry.host}/${this.name}`; }
}
export class TagNode {
  readonly kind = 'tag' as const;
  constructor(readonly repository: RepositoryNode, readonly tag: string) {}
  get reference(): string { return `${this.repository.reference}:${this.tag}`; }
}
/** A mirror of a registry (from `stevedore.registries.mirrors` or the registry configuration file). */
export class MirrorNode {
  readonly kind = 'mirror' as const;
  constructor(readonly registry: RegistryNode, readonly url: string) {}
}
/** A row that explains why a level could not be listed (auth, unreachable ...). */
export class MessageNode {
  readonly kind = 'message' as const;
  constructor(readonly text: string, readonly detail?: string) {}
}
export type RegistriesNode = RegistryNode | MirrorNode | RepositoryNode | TagNode | MessageNode;

/** The Registries view: Docker Hub and added registries → repositories (catalog) → tags. */
export class RegistriesTreeProvider implements vscode.TreeDataProvider<RegistriesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistriesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: EngineHost) {
    this.subscriptions.push(
      host.onDidChange((events) => { if (events.length === 0 || events.some((e) => e.type.startsWith('registry.') || e.type.startsWith('image.remote.') || e.type === 'image.pushed')) this.refresh(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stevedore.registries')) this.refresh(); }),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: RegistriesNode): Promise<RegistriesNode[]> {
    const engine = await this.host.get();
    if (!node) {
      const creds = this.host.credentials;
      const roots = [{ host: DOCKER_HUB, insecure: false }, ...configuredRegistries().filter((r) => r.host !== DOCKER_HUB)];
      return Promise.all(roots.map(async (r) => new RegistryNode(r.host, r.insecure, !!(await creds?.has(r.host)))));
    }
    if (node.kind === 'registry') {
      // The registry's mirrors first (pulls try them in this order), then its repositories.
      const rc = await engine.registryConfig().catch(() => undefined);
      const mirrors = (rc?.mirrors[node.host] ?? []).map((url) => new MirrorNode(node, url));
      const problem = rc?.error ? [new MessageNode(rc.error, 'error')] : [];
      if (node.host === DOCKER_HUB) return [...problem, ...mirrors, new MessageNode('Docker Hub has no catalog: use Search..., pull by name, or add its repositories by reference')];
      try {
        const repos = await engine.catalog(node.host);
        return [...problem, ...mirrors, ...(repos.length ? repos.map((r) => new RepositoryNode(node, r)) : [new MessageNode('No repositories')])];
      } catch (e) {
        return [...problem, ...mirrors, new MessageNode((e as Error).message, 'error')];
      }
    }
    try {
      if (node.kind === 'repository') {
        const tags = await engine.tags(node.reference);
        return tags.length ? tags.map((t) => new TagNode(node, t)) : [new MessageNode('No tags')];
      }
    } catch (e) {
      return [new MessageNode((e as Error).message, 'error')];
    }
    return [];
  }

  getTreeItem(node: RegistriesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'registry': {
        const item = new vscode.TreeItem(node.host === DOCKER_HUB ? 'Docker Hub' : node.host, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `registry:${node.host}`;
        item.description = [node.host === DOCKER_HUB ? DOCKER_HUB : '', node.insecure ? 'insecure (HTTP)' : '', node.loggedIn ? 'logged in' : ''].filter(Boolean).join(' · ');
        item.contextValue = `registry${node.loggedIn ? '.loggedIn' : ''}${node.host === DOCKER_HUB ? '.hub' : ''}`;
        item.iconPath = new vscode.ThemeIcon(node.loggedIn ? 'unlock' : 'database');
        return item;
      }
      case 'mirror': {
        const item = treeItem(node.url, vscode.TreeItemCollapsibleState.None, `registry-mirror:${node.registry.host}:${node.url}`, 'mirror', 'mirror', `Mirror of ${node.registry.host === DOCKER_HUB ? 'Docker Hub' : node.registry.host}: pulls try it before the registry`);
        item.description = 'mirror';
        return item;
      }
      case 'repository':
        return treeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed, `registry-repo:${node.reference}`, 'registryRepository', 'repo', node.reference);
      case 'tag':
        return treeItem(node.tag, vscode.TreeItemCollapsibleState.None, `registry-tag:${node.reference}`, 'registryTag', 'tag', node.reference);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.detail === 'error' ? 'error' : 'info');
        item.contextValue = 'message';
        return item;
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function treeItem(label: string, state: vscode.TreeItemCollapsibleState, id: string, contextValue: string, icon: string, tooltip: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, state);
  item.id = id;
  item.contextValue = contextValue;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.tooltip = tooltip;
  return item;
}
