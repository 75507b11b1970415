import * as vscode from 'vscode';
import type { ImageSummary } from '../../engine/image/api';
import type { LayerAnalysis } from '../../engine/layer/analyze';
import { createdSince, humanSize } from '../../engine/format';
import { parseAnyReference } from '../../engine/reference';
import type { EngineHost } from '../engineHost';

/** A repository group (`busybox`, `127.0.0.1:5000/team/app`, or `<none>` for dangling images). */
export class RepositoryNode {
  readonly kind = 'repository' as const;
  constructor(readonly name: string, readonly images: ImageTagNode[]) {}
}

/** One tag of an image (or the image itself when dangling). */
export class ImageTagNode {
  readonly kind = 'image' as const;
  constructor(readonly image: ImageSummary, readonly repository: string, readonly tag: string, readonly fullTag: string | undefined) {}
}

/** A layer of an image (the layer explorer), from the engine's analysis. */
export class LayerNode {
  readonly kind = 'layer' as const;
  constructor(readonly image: ImageTagNode, readonly layer: LayerAnalysis) {}
}

/** A file a layer adds, modifies or deletes. */
export class LayerFileNode {
  readonly kind = 'layerFile' as const;
  constructor(readonly layer: LayerNode, readonly file: LayerAnalysis['files'][number]) {}
}

export type ImagesNode = RepositoryNode | ImageTagNode | LayerNode | LayerFileNode;

/** `stevedore.images.groupBy`: by repository (tags under it) or a flat list of `repository:tag` rows. */
export type ImagesGroupBy = 'repository' | 'none';
/** `stevedore.images.sortBy`: newest first, by name, or largest first. */
export type ImagesSortBy = 'created' | 'name' | 'size';
/** The default of `stevedore.images.description`. */
export const DEFAULT_IMAGE_DESCRIPTION = '{created} · {size}';

/** The Images view's settings. */
export function imagesSettings(): { groupBy: ImagesGroupBy; sortBy: ImagesSortBy; description: string } {
  const c = vscode.workspace.getConfiguration('stevedore.images');
  const groupBy = c.get<string>('groupBy') === 'none' ? 'none' : 'repository';
  const sortBy = (['created', 'name', 'size'] as const).find((s) => s === c.get<string>('sortBy')) ?? 'created';
  const raw = c.get<string | string[]>('description');
  const description = Array.isArray(raw) ? raw.map((f) => `{${f}}`).join(' · ') : typeof raw === 'string' && raw.trim() ? raw : DEFAULT_IMAGE_DESCRIPTION;
  return { groupBy, sortBy, description };
}

/**
 * An image row's description from a template: `{size}`, `{created}` (relative), `{createdAt}`
 * (the date), `{id}` (12 characters), `{fullId}`, `{digest}` (12 characters of the repo digest),
 * `{tag}`, `{repository}`, `{containers}`. Separators (` · `) around an empty field are dropped.
 */
export function imageDescription(template: string, node: ImageTagNode, now = Date.now()): string {
  const { image } = node;
  const digest = image.repoDigests[0]?.split('@')[1] ?? '';
  const fields: Record<string, string> = {
    size: humanSize(image.size),
    created: image.created ? createdSince(image.created, now) : '',
    createdAt: image.created ? image.created.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '',
    id: image.id.replace(/^sha256:/, '').slice(0, 12),
    fullId: image.id,
    digest: digest.replace(/^sha256:/, '').slice(0, 12),
    tag: node.tag,
    repository: node.repository,
    containers: image.containers > 0 ? `${image.containers} container(s)` : '',
  };
  const text = template.replace(/\{(\w+)\}/g, (m, k: string) => (k in fields ? fields[k] : m));
  return text.split(' · ').map((p) => p.trim()).filter(Boolean).join(' · ');
}

/** Files listed under a layer: the wasted ones first, then the largest, at most this many. */
const MAX_FILES = 200;

/** Splits `docker.io/library/busybox:1.36` into the familiar repository and the tag. */
export function familiarParts(full: string): { repository: string; tag: string } {
  try {
    const ref = parseAnyReference(full);
    const familiar = ref.familiarName;
    return { repository: familiar, tag: ref.tag ?? 'latest' };
  } catch {
    const i = full.lastIndexOf(':');
    return { repository: full.slice(0, i), tag: full.slice(i + 1) };
  }
}

/** The Images view: images grouped by repository, refreshed from engine events. */
export class ImagesTreeProvider implements vscode.TreeDataProvider<ImagesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImagesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  showDangling = false;
  /** The settings of the last listing (getTreeItem renders with them). */
  private groupBy: ImagesGroupBy = 'repository';
  private descriptionTemplate = DEFAULT_IMAGE_DESCRIPTION;
  /** Set once the view exists: its description shows the active filter and dangling toggle. */
  view?: vscode.TreeView<ImagesNode>;
  private filterText = '';

  constructor(private readonly host: EngineHost) {
    this.subscription = vscode.Disposable.from(
      host.onDidChange((events) => {
        if (events.length === 0 || events.some((e) => e.type.startsWith('image.') || e.type.startsWith('container.'))) this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stevedore.images')) this.refresh(); }),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The active filter ('' = none): images whose repository:tag or ID contains it (case-insensitive). */
  get filter(): string {
    return this.filterText;
  }

  set filter(value: string) {
    this.filterText = value.trim();
    void vscode.commands.executeCommand('setContext', 'stevedore.images.filtered', !!this.filterText);
    this.updateDescription();
    this.refresh();
  }

  /** Shows or hides dangling (untagged) images. */
  setShowDangling(show: boolean): void {
    this.showDangling = show;
    void vscode.commands.executeCommand('setContext', 'stevedore.images.showDangling', show);
    this.updateDescription();
    this.refresh();
  }

  private updateDescription(): void {
    if (!this.view) return;
    const parts = [this.filterText ? `filter: ${this.filterText}` : '', this.showDangling ? 'dangling shown' : ''].filter(Boolean);
    this.view.description = parts.length ? parts.join(' · ') : undefined;
  }

  private matches(image: ImageSummary, fullTag: string | undefined, repository: string, tag: string): boolean {
    if (!this.filterText) return true;
    const f = this.filterText.toLowerCase();
    const id = image.id.replace(/^sha256:/, '');
    return [`${repository}:${tag}`, fullTag ?? '<none>:<none>', id].some((s) => s.toLowerCase().includes(f));
  }

  async getChildren(node?: ImagesNode): Promise<ImagesNode[]> {
    if (node?.kind === 'repository') return node.images;
    if (node?.kind === 'image') {
      const analysis = await (await this.host.get()).images.analyze(node.image.id);
      return analysis.layers.map((l) => new LayerNode(node, l));
    }
    if (node?.kind === 'layer') {
      const files = [...node.layer.files].sort((a, b) => Number(!!b.wasted) - Number(!!a.wasted) || b.size - a.size).slice(0, MAX_FILES);
      return files.map((f) => new LayerFileNode(node, f));
    }
    if (node) return [];
    const engine = await this.host.get();
    const images = await engine.images.list();
    const settings = imagesSettings();
    this.groupBy = settings.groupBy;
    this.descriptionTemplate = settings.description;
    const nodes: ImageTagNode[] = [];
    for (const image of images) {
      if (image.repoTags.length === 0) {
        if (this.showDangling && this.matches(image, undefined, '<none>', '<none>')) nodes.push(new ImageTagNode(image, '<none>', '<none>', undefined));
        continue;
      }
      for (const full of image.repoTags) {
        const { repository, tag } = familiarParts(full);
        if (this.matches(image, full, repository, tag)) nodes.push(new ImageTagNode(image, repository, tag, full));
      }
    }
    if (this.view) this.view.message = this.filterText && nodes.length === 0 ? `No images match "${this.filterText}". Clear the filter to see all ${images.length} image(s).` : undefined;
    const name = (n: ImageTagNode) => `${n.repository}:${n.tag}`;
    const byName = (a: ImageTagNode, b: ImageTagNode) => (a.fullTag ? 0 : 1) - (b.fullTag ? 0 : 1) || name(a).localeCompare(name(b)) || a.image.id.localeCompare(b.image.id);
    const compare: Record<ImagesSortBy, (a: ImageTagNode, b: ImageTagNode) => number> = {
      created: (a, b) => b.image.created.localeCompare(a.image.created) || byName(a, b),
      name: byName,
      size: (a, b) => b.image.size - a.image.size || byName(a, b),
    };
    const sort = compare[settings.sortBy];
    nodes.sort(sort);
    if (settings.groupBy === 'none') return nodes;
    // Repositories by name ('<none>' last); the order applies to the tags within each.
    const groups = new Map<string, ImageTagNode[]>();
    for (const n of nodes) {
      const list = groups.get(n.repository) ?? [];
      list.push(n);
      groups.set(n.repository, list);
    }
    const names = [...groups.keys()].sort((a, b) => Number(a === '<none>') - Number(b === '<none>') || a.localeCompare(b));
    return names.map((n) => new RepositoryNode(n, groups.get(n)!));
  }

  getTreeItem(node: ImagesNode): vscode.TreeItem {
    if (node.kind === 'repository') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `repo:${node.name}`;
      item.contextValue = 'repository';
      item.iconPath = new vscode.ThemeIcon('repo');
      const ids = new Set(node.images.map((i) => i.image.id));
      item.description = `${node.images.length} tag(s)`;
      item.tooltip = `${node.name}\n${node.images.length} tag(s), ${ids.size} image(s): ${node.images.map((i) => i.tag).join(', ')}`;
      return item;
    }
    if (node.kind === 'layer') {
      const l = node.layer;
      const item = new vscode.TreeItem(l.createdBy || `layer ${l.index}`, l.files.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `layer:${node.image.image.id}:${l.index}`;
      item.description = `${humanSize(l.size)}${l.wastedBytes ? ` · ${humanSize(l.wastedBytes)} wasted` : ''}`;
      item.contextValue = 'layer';
      item.iconPath = new vscode.ThemeIcon(l.wastedBytes ? 'warning' : 'layers');
      item.tooltip = `${l.createdBy}\n${l.diffId}\n${humanSize(l.size)}, ${humanSize(l.wastedBytes)} wasted by later layers`;
      return item;
    }
    if (node.kind === 'layerFile') {
      const f = node.file;
      const item = new vscode.TreeItem('/' + f.path, vscode.TreeItemCollapsibleState.None);
      item.description = [f.change, f.size ? humanSize(f.size) : '', f.wasted ? `wasted: ${f.wasted.reason} in layer ${f.wasted.byLayer}` : ''].filter(Boolean).join(' · ');
      item.contextValue = 'layerFile';
      item.iconPath = new vscode.ThemeIcon(f.change === 'deleted' ? 'diff-removed' : f.wasted ? 'warning' : f.change === 'modified' ? 'diff-modified' : 'diff-added');
      return item;
    }
    const { image } = node;
    const label = this.groupBy === 'none' ? (node.fullTag ? `${node.repository}:${node.tag}` : `<none> (${image.id.slice(7, 19)})`) : node.tag;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `image:${node.fullTag ?? image.id}`;
    item.description = imageDescription(this.descriptionTemplate, node);
    item.contextValue = node.fullTag ? 'image' : 'image.dangling';
    item.iconPath = new vscode.ThemeIcon(image.containers > 0 ? 'package' : 'layers');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${node.fullTag ?? '<none>'}**\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n| ID | \`${image.id}\` |\n`);
    md.appendMarkdown(`| Digest | ${image.repoDigests.length ? image.repoDigests.map((d) => `\`${d}\``).join('<br>') : 'none (never pushed or pulled)'} |\n`);
    md.appendMarkdown(`| Created | ${image.created ? `${image.created} (${createdSince(image.created)})` : 'unknown'} |\n| Size | ${humanSize(image.size)} (${image.size} bytes) |\n`);
    if (image.containers > 0) md.appendMarkdown(`| Containers | ${image.containers} |\n`);
    if (image.repoTags.length > 1) md.appendMarkdown(`| Tags | ${image.repoTags.join(', ')} |\n`);
    md.supportHtml = true;
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
