import * as vscode from 'vscode';
import type { ContainerSummary, MountPoint } from '../../engine/container/api';
import type { EngineHost } from '../engineHost';
import { containersSupported, setViewMessage } from './capability';
import { FilteredTreeProvider, ViewFilter } from './filter';

export type ContainersGroupBy = 'none' | 'state' | 'image' | 'compose';

export const COMPOSE_PROJECT = 'com.docker.compose.project';

/** A group of containers: by state (`Running`, `Exited` ...), by image, or by compose project. */
export class ContainerGroupNode {
  readonly kind = 'containerGroup' as const;
  constructor(readonly by: Exclude<ContainersGroupBy, 'none'>, readonly name: string, readonly containers: ContainerNode[]) {}
}

/** One container (also used as a child of a volume in the Volumes view). */
export class ContainerNode {
  readonly kind = 'container' as const;
  constructor(readonly container: ContainerSummary, readonly parentId = '') {}
  get id(): string { return this.container.Id; }
  get name(): string { return containerName(this.container); }
}

/** A published port of a container: `127.0.0.1:8080 -> 80/tcp`. */
export class PortNode {
  readonly kind = 'port' as const;
  constructor(readonly container: ContainerNode, readonly port: ContainerSummary['Ports'][number]) {}
  /** Where a browser reaches it: 0.0.0.0 and :: mean any address, so localhost. */
  get url(): string {
    const ip = !this.port.IP || this.port.IP === '0.0.0.0' || this.port.IP === '::' ? 'localhost' : this.port.IP.includes(':') ? `[${this.port.IP}]` : this.port.IP;
    return `http://${ip}:${this.port.PublicPort}`;
  }
}

/** A volume, bind or tmpfs mount of a container. */
export class MountNode {
  readonly kind = 'mount' as const;
  constructor(readonly container: ContainerNode, readonly mount: MountPoint) {}
}

export type ContainersNode = ContainerGroupNode | ContainerNode | PortNode | MountNode;

const STATE_ORDER = ['running', 'paused', 'restarting', 'created', 'exited', 'removing', 'dead'];

export function containerName(c: ContainerSummary): string {
  return (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
}

/** Published ports only (what a browser can open). */
export function publishedPorts(c: ContainerSummary): ContainerSummary['Ports'] {
  return c.Ports.filter((p) => p.PublicPort !== undefined);
}

/** Docker's PORTS column: `127.0.0.1:32768->80/tcp, 443/tcp`. */
export function portsText(c: ContainerSummary): string {
  return c.Ports.map((p) => (p.PublicPort !== undefined ? `${p.IP ?? '0.0.0.0'}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`)).join(', ');
}

/** The context value menus match on: `container.<state>` plus `.ports` when a port is published. */
export function containerContextValue(c: ContainerSummary): string {
  return `container.${c.State}${publishedPorts(c).length ? '.ports' : ''}`;
}

/** The state icon: running green, paused yellow, exited with an error code red. */
export function containerIcon(c: ContainerSummary): vscode.ThemeIcon {
  switch (c.State) {
    case 'running': return new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('charts.green'));
    case 'paused': return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow'));
    case 'restarting': return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.yellow'));
    case 'created': return new vscode.ThemeIcon('vm-outline');
    case 'dead': return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    default: {
      const code = exitCode(c);
      return code !== undefined && code !== 0 ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('vm-outline');
    }
  }
}

/** The exit code in `Exited (137) 2 minutes ago`. */
export function exitCode(c: ContainerSummary): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(c.Status);
  return m ? Number(m[1]) : undefined;
}

export function containerTreeItem(node: ContainerNode, idPrefix = ''): vscode.TreeItem {
  const c = node.container;
  const hasChildren = c.Mounts.length > 0 || publishedPorts(c).length > 0;
  const item = new vscode.TreeItem(c.Image, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${idPrefix}container:${c.Id}`;
  const ports = c.Ports.length ? portsText(c) : '';
  item.description = ports ? `${node.name} · ${c.Status} · ${ports}` : `${node.name} · ${c.Status}`;
  item.contextValue = containerContextValue(c);
  item.iconPath = containerIcon(c);
  return item;
}

/** A container row's tooltip (built on hover, see resolveTreeItem): ID, image, command, created, ports, mounts. */
export function containerTooltip(node: ContainerNode): vscode.MarkdownString {
  const c = node.container;
  const ports = portsText(c);
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(node.name)}** (${escape(c.Status)})\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n| ID | \`${c.Id}\` |\n| Image | ${escape(c.Image)} |\n| Image ID | \`${c.ImageID}\` |\n| Command | \`${c.Command.replace(/`/g, "'")}\` |\n| Created | ${new Date(c.Created * 1000).toISOString()} |\n`);
  if (ports) md.appendMarkdown(`| Ports | ${escape(ports)} |\n`);
  const nets = Object.entries(c.NetworkSettings?.Networks ?? {});
  if (nets.length) md.appendMarkdown(`| Networks | ${nets.map(([n, e]) => escape(e.IPAddress ? `${n} ${e.IPAddress}` : n)).join('<br>')} |\n`);
  const project = c.Labels?.[COMPOSE_PROJECT];
  if (project) md.appendMarkdown(`| Compose | ${escape(`${project} / ${c.Labels?.['com.docker.compose.service'] ?? ''}`)} |\n`);
  if (c.Mounts.length) md.appendMarkdown(`| Mounts | ${c.Mounts.map((m) => escape(`${m.Name ?? m.Source}:${m.Destination}`)).join('<br>')} |\n`);
  md.supportHtml = true;
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>]/g, (ch) => `\\${ch}`);
}

/** The Containers view: every container (running or not), grouped per `stevedore.containers.groupBy`, refreshed from engine events. */
export class ContainersTreeProvider extends FilteredTreeProvider<ContainersNode> implements vscode.TreeDataProvider<ContainersNode> {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Set once the view exists (the view needs the provider first); carries the "cannot run here" message. */
  view?: vscode.TreeView<ContainersNode>;
  /** Containers whose name, image, ID, state or status contains the filter (case-insensitive). */
  protected readonly filterState = new ViewFilter('stevedore.containers.filtered', () => {
    if (this.view) this.view.description = this.filter ? `filter: ${this.filter}` : undefined;
    this.refresh();
  });

  constructor(private readonly host: EngineHost) {
    super();
    this.subscriptions.push(
      host.onDidChange((events) => {
        if (events.length === 0 || events.some((e) => e.type.startsWith('container.'))) this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stevedore.containers')) this.refresh(); }),
    );
  }

  get groupBy(): ContainersGroupBy {
    const v = vscode.workspace.getConfiguration('stevedore').get<string>('containers.groupBy', 'none');
    return v === 'state' || v === 'image' || v === 'compose' ? v : 'none';
  }

  async getChildren(node?: ContainersNode): Promise<ContainersNode[]> {
    if (node?.kind === 'containerGroup') return node.containers;
    if (node?.kind === 'container') {
      return [...publishedPorts(node.container).map((p) => new PortNode(node, p)), ...node.container.Mounts.map((m) => new MountNode(node, m))];
    }
    if (node) return [];
    if (!(await containersSupported(this.host, this.view))) return [];
    const all = await this.host.listContainers();
    const f = this.filterState;
    const list = all.filter((c) => f.matches(containerName(c), c.Image, c.Id, c.State, c.Status, portsText(c))).sort((a, b) => b.Created - a.Created);
    setViewMessage(this.view, f.message(list.length, all.length, 'containers'));
    const nodes = list.map((c) => new ContainerNode(c));
    const by = this.groupBy;
    if (by === 'none') return nodes;
    const groups = new Map<string, ContainerNode[]>();
    for (const n of nodes) {
      const key = by === 'state' ? n.container.State : by === 'image' ? n.container.Image : n.container.Labels?.[COMPOSE_PROJECT] ?? '(not in a compose project)';
      const group = groups.get(key);
      if (group) group.push(n);
      else groups.set(key, [n]);
    }
    const keys = [...groups.keys()].sort(by === 'state' ? (a, b) => STATE_ORDER.indexOf(a) - STATE_ORDER.indexOf(b) : undefined);
    return keys.map((k) => new ContainerGroupNode(by, by === 'state' ? k[0].toUpperCase() + k.slice(1) : k, groups.get(k)!));
  }

  /** Tooltips are built when the workbench asks (on hover), not for every row of a listing. */
  resolveTreeItem(item: vscode.TreeItem, node: ContainersNode): vscode.TreeItem {
    if (node.kind === 'container') item.tooltip = containerTooltip(node);
    return item;
  }

  getTreeItem(node: ContainersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'containerGroup': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.by}:${node.name}`;
        item.description = String(node.containers.length);
        item.contextValue = 'containerGroup';
        item.iconPath = new vscode.ThemeIcon(node.by === 'image' ? 'package' : node.by === 'compose' ? 'layers' : 'symbol-enum');
        return item;
      }
      case 'container':
        return containerTreeItem(node);
      case 'port': {
        const p = node.port;
        const item = new vscode.TreeItem(`${p.PrivatePort}/${p.Type}`, vscode.TreeItemCollapsibleState.None);
        item.id = `port:${node.container.id}:${p.IP}:${p.PublicPort}:${p.PrivatePort}/${p.Type}`;
        item.description = `${p.IP ?? '0.0.0.0'}:${p.PublicPort}`;
        item.contextValue = p.Type === 'tcp' ? 'containerPort.tcp' : 'containerPort';
        item.iconPath = new vscode.ThemeIcon('plug');
        item.tooltip = p.Type === 'tcp' ? `${node.url} (container port ${p.PrivatePort}/${p.Type})` : `${p.IP}:${p.PublicPort} -> ${p.PrivatePort}/${p.Type}`;
        return item;
      }
      case 'mount': {
        const m = node.mount;
        const item = new vscode.TreeItem(m.Destination, vscode.TreeItemCollapsibleState.None);
        item.id = `mount:${node.container.id}:${m.Destination}`;
        item.description = [m.Type === 'volume' ? `volume ${m.Name && m.Name.length === 64 ? m.Name.slice(0, 12) : m.Name}` : m.Type === 'bind' ? m.Source : 'tmpfs', m.RW ? '' : 'read-only'].filter(Boolean).join(' · ');
        item.contextValue = `containerMount.${m.Type}`;
        item.iconPath = new vscode.ThemeIcon(m.Type === 'volume' ? 'database' : m.Type === 'bind' ? 'folder' : 'file-binary');
        item.tooltip = `${m.Type} ${m.Name ?? m.Source} -> ${m.Destination}${m.RW ? '' : ' (read-only)'}`;
        return item;
      }
    }
  }

  override dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    super.dispose();
  }
}
