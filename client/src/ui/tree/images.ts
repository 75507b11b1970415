import * as vscode from 'vscode';
import type { ImageSummary } from '../../engine/image/api';
import type { LayerAnalysis } from '../../engine/layer/analyze';
import { createdSince, humanSize } from '../../core/format';
import { parseAnyReference } from '../../core/reference';
import type { EngineHost } from '../engineHost';
import { setViewMessage } from './capability';
import { FilteredTreeProvider, ViewFilter } from './filter';

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

/** humanSize of the sizes seen (rows repeat few sizes; formatting one costs ~6 µs). */
const sizesSeen = new Map<number, string>();
function sizeText(bytes: number): string {
  let text = sizesSeen.get(bytes);
  if (text === undefined) {
    if (sizesSeen.size >= 10_000) sizesSeen.clear();
    sizesSeen.set(bytes, (text = humanSize(bytes)));
  }
  return text;
}

/**
 * An image row's description from a template: `{size}`, `{created}` (relative), `{createdAt}`
 * (the date), `{id}` (12 characters), `{fullId}`, `{digest}` (12 characters of the repo digest),
 * `{tag}`, `{repository}`, `{containers}`. Separators (` · `) around an empty field are dropped.
 * `containers` is how many containers use the image (the view's in-use marker).
 */
export function imageDescription(template: string, node: ImageTagNode, now = Date.now(), containers = node.image.containers): string {
  const { image } = node;
  // Only the fields the template names are computed (a row per image, 1,000s of them).
  const field = (k: string): string | undefined => {
    switch (k) {
      case 'size': return sizeText(image.size);
      case 'created': return image.created ? createdSince(image.created, now) : '';
      case 'createdAt': return image.created ? image.created.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '';
      case 'id': return image.id.replace(/^sha256:/, '').slice(0, 12);
      case 'fullId': return image.id;
      case 'digest': return (image.repoDigests[0]?.split('@')[1] ?? '').replace(/^sha256:/, '').slice(0, 12);
      case 'tag': return node.tag;
      case 'repository': return node.repository;
      case 'containers': return containers > 0 ? `${containers} container(s)` : '';
      default: return undefined;
    }
  };
  const text = template.replace(/\{(\w+)\}/g, (m, k: string) => field(k) ?? m);
  return text.split(' · ').map((p) => p.trim()).filter(Boolean).join(' · ');
}

/** Files listed under a layer: the wasted ones first, then the largest, at most this many. */
const MAX_FILES = 200;

/** A tag as references spell it. */
const FAMILIAR_TAG = /^[\w][\w.-]{0,127}$/;

/** familiarParts of the tags seen (the same few thousand strings on every listing). */
const partsSeen = new Map<string, { repository: string; tag: string }>();

/** Splits `docker.io/library/busybox:1.36` into the familiar repository and the tag. */
export function familiarParts(full: string): { repository: string; tag: string } {
  let parts = partsSeen.get(full);
  if (!parts) {
    parts = splitFamiliar(full);
    if (partsSeen.size >= 20_000) partsSeen.clear();
    partsSeen.set(full, parts);
  }
  return parts;
}

function splitFamiliar(full: string): { repository: string; tag: string } {
  const i = full.lastIndexOf(':');
  const split = { repository: full.slice(0, i), tag: full.slice(i + 1) };
  // The engines list familiar `repository:tag` strings: split as they are (a reference parse costs ~7 µs a row).
  if (i > 0 && !full.includes('@') && !split.tag.includes('/') && !/^(docker\.io|index\.docker\.io|library)\//.test(full) && FAMILIAR_TAG.test(split.tag)) return split;
  try {
    const ref = parseAnyReference(full);
    return { repository: ref.familiarName, tag: ref.tag ?? 'latest' };
  } catch {
    return split;
  }
}

/** Plain string order (ISO times, references): many times faster than localeCompare on 1,000s of rows. */
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The Images view: images grouped by repository, refreshed from engine events. Image events list
 * the images again; container events only change the in-use marker (how many containers use an
 * image), which comes from the engine's container list and refreshes just the rows it changes.
 */
export class ImagesTreeProvider extends FilteredTreeProvider<ImagesNode> implements vscode.TreeDataProvider<ImagesNode> {
  private readonly subscription: vscode.Disposable;
  showDangling = false;
  /** The settings of the last listing (getTreeItem renders with them). */
  private groupBy: ImagesGroupBy = 'repository';
  private descriptionTemplate = DEFAULT_IMAGE_DESCRIPTION;
  /** Set once the view exists: its description shows the active filter and dangling toggle. */
  view?: vscode.TreeView<ImagesNode>;
  /** Images whose repository:tag or ID contains the filter (case-insensitive). */
  protected readonly filterState = new ViewFilter('stevedore.images.filtered', () => { this.updateDescription(); this.refresh(); });
  /** Containers per image ID, once known (else the engine's own count, -1 when it has none). */
  private usage?: Map<string, number>;
  /** A container event arrived since the usage was counted. */
  private usageStale = true;
  private usageRun = 0;
  /** The image rows of the last listing by image ID: a usage change refreshes only those. */
  private rows = new Map<string, ImageTagNode[]>();

  constructor(private readonly host: EngineHost) {
    super();
    this.subscription = vscode.Disposable.from(
      host.onDidChange((events) => {
        const engineChanged = events.length === 0;
        if (engineChanged) this.usage = undefined;
        if (engineChanged || events.some((e) => e.type.startsWith('container.'))) this.usageStale = true;
        // Image events (and a new engine) list the images again, which counts the usage anew when stale.
        if (engineChanged || events.some((e) => e.type.startsWith('image.'))) this.refresh();
        else if (this.usageStale) void this.updateUsage();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stevedore.images')) this.refresh(); }),
    );
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
    const parts = [this.filter ? `filter: ${this.filter}` : '', this.showDangling ? 'dangling shown' : ''].filter(Boolean);
    this.view.description = parts.length ? parts.join(' · ') : undefined;
  }

  /** How many containers use the image: the view's count once it has one, else the engine's. */
  containersOf(image: ImageSummary): number {
    return this.usage?.get(image.id) ?? (this.usage ? 0 : image.containers);
  }

  /**
   * Counts the containers per image from the engine's container list (shared with the Containers
   * and Volumes views, see EngineHost.listContainers) and refreshes the rows whose count changed.
   * Runs after a listing, not in it: the rows show first, the marker follows.
   */
  private async updateUsage(): Promise<void> {
    const run = ++this.usageRun;
    this.usageStale = false;
    let containers;
    try {
      containers = await this.host.listContainers();
    } catch {
      return; // an engine without containers: no marker
    }
    if (run !== this.usageRun) return;
    const next = new Map<string, number>();
    for (const c of containers) next.set(c.ImageID, (next.get(c.ImageID) ?? 0) + 1);
    const before = this.usage;
    this.usage = next;
    const changed: ImagesNode[] = [];
    for (const [id, nodes] of this.rows) {
      const was = before?.get(id) ?? (before ? 0 : nodes[0].image.containers);
      if (was !== (next.get(id) ?? 0)) changed.push(...nodes);
    }
    if (changed.length) this.changed.fire(changed);
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
    const filter = this.filterState;
    for (const image of images) {
      const id = image.id.replace(/^sha256:/, '');
      if (image.repoTags.length === 0) {
        if (this.showDangling && filter.matches('<none>:<none>', id)) nodes.push(new ImageTagNode(image, '<none>', '<none>', undefined));
        continue;
      }
      for (const full of image.repoTags) {
        const { repository, tag } = familiarParts(full);
        if (filter.matches(`${repository}:${tag}`, full, id)) nodes.push(new ImageTagNode(image, repository, tag, full));
      }
    }
    setViewMessage(this.view, filter.message(nodes.length, images.length, 'images'));
    this.rows = new Map();
    for (const n of nodes) {
      const list = this.rows.get(n.image.id);
      if (list) list.push(n);
      else this.rows.set(n.image.id, [n]);
    }
    if (this.usageStale) void this.updateUsage();
    const byName = (a: ImageTagNode, b: ImageTagNode) => (a.fullTag ? 0 : 1) - (b.fullTag ? 0 : 1) || byString(a.repository, b.repository) || byString(a.tag, b.tag) || byString(a.image.id, b.image.id);
    const compare: Record<ImagesSortBy, (a: ImageTagNode, b: ImageTagNode) => number> = {
      created: (a, b) => byString(b.image.created, a.image.created) || byName(a, b),
      name: byName,
      size: (a, b) => b.image.size - a.image.size || byName(a, b),
    };
    nodes.sort(compare[settings.sortBy]);
    if (settings.groupBy === 'none') return nodes;
    // Repositories by name ('<none>' last); the order applies to the tags within each.
    const groups = new Map<string, ImageTagNode[]>();
    for (const n of nodes) {
      const list = groups.get(n.repository);
      if (list) list.push(n);
      else groups.set(n.repository, [n]);
    }
    const names = [...groups.keys()].sort((a, b) => Number(a === '<none>') - Number(b === '<none>') || byString(a, b));
    return names.map((n) => new RepositoryNode(n, groups.get(n)!));
  }

  getTreeItem(node: ImagesNode): vscode.TreeItem {
    if (node.kind === 'repository') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `repo:${node.name}`;
      item.contextValue = 'repository';
      item.iconPath = new vscode.ThemeIcon('repo');
      item.description = `${node.images.length} tag(s)`;
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
    const containers = this.containersOf(image);
    const label = this.groupBy === 'none' ? (node.fullTag ? `${node.repository}:${node.tag}` : `<none> (${image.id.slice(7, 19)})`) : node.tag;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `image:${node.fullTag ?? image.id}`;
    item.description = imageDescription(this.descriptionTemplate, node, Date.now(), containers);
    item.contextValue = node.fullTag ? 'image' : 'image.dangling';
    // The in-use marker: a container uses the image.
    item.iconPath = new vscode.ThemeIcon(containers > 0 ? 'package' : 'layers');
    return item;
  }

  /** Tooltips are built when the workbench asks (on hover), not for every row of a listing. */
  resolveTreeItem(item: vscode.TreeItem, node: ImagesNode): vscode.TreeItem {
    if (node.kind === 'repository') {
      const ids = new Set(node.images.map((i) => i.image.id));
      item.tooltip = `${node.name}\n${node.images.length} tag(s), ${ids.size} image(s): ${node.images.map((i) => i.tag).join(', ')}`;
    } else if (node.kind === 'image') {
      item.tooltip = imageTooltip(node, this.containersOf(node.image));
    }
    return item;
  }

  override dispose(): void {
    this.subscription.dispose();
    super.dispose();
  }
}

/** An image row's tooltip: ID, digest, created, size, the containers using it and its other tags. */
export function imageTooltip(node: ImageTagNode, containers: number): vscode.MarkdownString {
  const { image } = node;
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${node.fullTag ?? '<none>'}**\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n| ID | \`${image.id}\` |\n`);
  md.appendMarkdown(`| Digest | ${image.repoDigests.length ? image.repoDigests.map((d) => `\`${d}\``).join('<br>') : 'none (never pushed or pulled)'} |\n`);
  md.appendMarkdown(`| Created | ${image.created ? `${image.created} (${createdSince(image.created)})` : 'unknown'} |\n| Size | ${humanSize(image.size)} (${image.size} bytes) |\n`);
  if (containers > 0) md.appendMarkdown(`| Containers | ${containers} |\n`);
  if (image.repoTags.length > 1) md.appendMarkdown(`| Tags | ${image.repoTags.join(', ')} |\n`);
  md.supportHtml = true;
  return md;
}
