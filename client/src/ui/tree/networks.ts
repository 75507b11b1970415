import * as vscode from 'vscode';
import type { NetworkInspect } from '../../engine/network/api';
import type { EngineHost } from '../engineHost';
import { containersSupported } from './capability';

const BUILTIN = ['bridge', 'host', 'none'];

/** A network; it expands into the running containers on it (name and address). */
export class NetworkNode {
  readonly kind = 'network' as const;
  constructor(readonly network: NetworkInspect) {}
  get name(): string { return this.network.Name; }
  get builtin(): boolean { return BUILTIN.includes(this.network.Name); }
  get containers(): Array<{ id: string; name: string; ip: string }> {
    return Object.entries(this.network.Containers ?? {}).map(([id, c]) => ({ id, name: c.Name, ip: c.IPv4Address }));
  }
}

export class NetworkMemberNode {
  readonly kind = 'networkMember' as const;
  constructor(readonly network: NetworkNode, readonly member: { id: string; name: string; ip: string }) {}
}

export type NetworksNode = NetworkNode | NetworkMemberNode;

/** The Networks view: name, driver, subnet and how many containers are on it; refreshed by network and container events. */
export class NetworksTreeProvider implements vscode.TreeDataProvider<NetworksNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NetworksNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  view?: vscode.TreeView<NetworksNode>;

  constructor(private readonly host: EngineHost) {
    this.subscription = host.onDidChange((events) => {
      if (events.length === 0 || events.some((e) => e.type.startsWith('network.') || e.type.startsWith('container.'))) this.refresh();
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: NetworksNode): Promise<NetworksNode[]> {
    if (node?.kind === 'network') return node.containers.map((m) => new NetworkMemberNode(node, m));
    if (node) return [];
    if (!(await containersSupported(this.host, this.view))) return [];
    const engine = await this.host.get();
    return (await engine.networks.list()).map((n) => new NetworkNode(n));
  }

  getTreeItem(node: NetworksNode): vscode.TreeItem {
    if (node.kind === 'networkMember') {
      const item = new vscode.TreeItem(node.member.name, vscode.TreeItemCollapsibleState.None);
      item.id = `network:${node.network.network.Id}/${node.member.id}`;
      item.description = node.member.ip;
      item.contextValue = 'networkMember';
      item.iconPath = new vscode.ThemeIcon('vm-running');
      return item;
    }
    const n = node.network;
    const subnet = n.IPAM.Config.map((c) => c.Subnet).join(', ');
    const count = node.containers.length;
    const item = new vscode.TreeItem(n.Name, count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `network:${n.Id}`;
    item.description = [n.Driver, subnet, n.Internal ? 'internal' : '', count ? `${count} container${count > 1 ? 's' : ''}` : ''].filter(Boolean).join(' · ');
    item.contextValue = node.builtin ? 'network.builtin' : 'network';
    item.iconPath = new vscode.ThemeIcon(node.builtin ? 'globe' : 'type-hierarchy');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${n.Name}**\n\n| | |\n|---|---|\n| ID | \`${n.Id}\` |\n| Driver | ${n.Driver} |\n`);
    if (subnet) md.appendMarkdown(`| Subnet | ${subnet} |\n| Gateway | ${n.IPAM.Config.map((c) => c.Gateway).join(', ')} |\n`);
    md.appendMarkdown(`| Internal | ${n.Internal ? 'yes (no outbound access)' : 'no'} |\n| Containers | ${count ? node.containers.map((c) => `${c.name} ${c.ip}`).join(', ') : 'none running'} |\n`);
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
