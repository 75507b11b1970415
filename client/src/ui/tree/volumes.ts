import * as vscode from 'vscode';
import type { ContainerSummary, VolumeInspect } from '../../engine/container/api';
import type { EngineHost } from '../engineHost';
import { containersSupported } from './capability';
import { ContainerNode, containerTooltip, containerTreeItem } from './containers';

/** A volume and the containers whose mounts name it. */
export class VolumeNode {
  readonly kind = 'volume' as const;
  constructor(readonly volume: VolumeInspect, readonly users: ContainerSummary[]) {}
  get name(): string { return this.volume.Name; }
  get inUse(): boolean { return this.users.length > 0; }
}

export type VolumesNode = VolumeNode | ContainerNode;

/** The Volumes view: name, driver and an in-use marker; a volume expands into the containers using it. */
export class VolumesTreeProvider implements vscode.TreeDataProvider<VolumesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<VolumesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  view?: vscode.TreeView<VolumesNode>;

  constructor(private readonly host: EngineHost) {
    // Containers come and go (and change state) with their mounts: both change what a volume shows.
    this.subscription = host.onDidChange((events) => {
      if (events.length === 0 || events.some((e) => e.type.startsWith('volume.') || e.type.startsWith('container.'))) this.refresh();
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: VolumesNode): Promise<VolumesNode[]> {
    if (node?.kind === 'volume') return node.users.map((c) => new ContainerNode(c, node.name));
    if (node) return [];
    if (!(await containersSupported(this.host, this.view))) return [];
    const engine = await this.host.get();
    const [volumes, containers] = await Promise.all([engine.volumes.list(), this.host.listContainers()]);
    return volumes.map((v) => new VolumeNode(v, containers.filter((c) => c.Mounts.some((m) => m.Type === 'volume' && m.Name === v.Name))));
  }

  resolveTreeItem(item: vscode.TreeItem, node: VolumesNode): vscode.TreeItem {
    if (node.kind === 'container') item.tooltip = containerTooltip(node);
    return item;
  }

  getTreeItem(node: VolumesNode): vscode.TreeItem {
    if (node.kind === 'container') {
      const item = containerTreeItem(node, `volume:${node.parentId}/`);
      item.collapsibleState = vscode.TreeItemCollapsibleState.None;
      return item;
    }
    const v = node.volume;
    const anonymous = v.Anonymous || /^[0-9a-f]{64}$/.test(v.Name);
    const item = new vscode.TreeItem(anonymous ? v.Name.slice(0, 12) : v.Name, node.inUse ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `volume:${v.Name}`;
    item.description = [v.Driver, anonymous ? 'anonymous' : '', node.inUse ? `in use (${node.users.length})` : ''].filter(Boolean).join(' · ');
    item.contextValue = node.inUse ? 'volume.inUse' : 'volume';
    item.iconPath = new vscode.ThemeIcon(node.inUse ? 'database' : 'circle-outline');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${v.Name}**\n\n| | |\n|---|---|\n| Driver | ${v.Driver} |\n| Mountpoint | \`${v.Mountpoint}\` |\n| Created | ${v.CreatedAt} |\n`);
    md.appendMarkdown(`| Used by | ${node.users.length ? node.users.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')).join(', ') : 'no container'} |\n`);
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
