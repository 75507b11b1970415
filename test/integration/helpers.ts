import * as assert from 'assert/strict';
import { PassThrough } from 'stream';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../client/src/extension';
import type { Engine } from '../../client/src/engine/engine';
import type { ContainerNode, ContainersTreeProvider } from '../../client/src/ui/tree/containers';
import type { ImageTagNode, ImagesTreeProvider, RepositoryNode } from '../../client/src/ui/tree/images';
import type { RegistriesTreeProvider } from '../../client/src/ui/tree/registries';
import type { VolumesTreeProvider } from '../../client/src/ui/tree/volumes';
import type { Dockerd } from '../support/dockerd';

/** What the integration tests share: the extension's API, its trees, finding rows in them, and waiting. */

export const EXTENSION_ID = 'stevedore.stevedore';

/** The extension's API (activates it on first use). */
export const api = (): Thenable<StevedoreApi> => vscode.extensions.getExtension<StevedoreApi>(EXTENSION_ID)!.activate();

/** The engine with its containers and volumes areas. */
export async function engine(): Promise<Engine> {
  return (await api()).engineHost.get();
}

export const imagesTree = async (): Promise<ImagesTreeProvider> => (await api()).trees['stevedore.images'] as ImagesTreeProvider;
export const containersTree = async (): Promise<ContainersTreeProvider> => (await api()).trees['stevedore.containers'] as ContainersTreeProvider;
export const volumesTree = async (): Promise<VolumesTreeProvider> => (await api()).trees['stevedore.volumes'] as VolumesTreeProvider;
export const registriesTree = async (): Promise<RegistriesTreeProvider> => (await api()).trees['stevedore.registries'] as RegistriesTreeProvider;

/** The `stevedore` settings. */
export const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('stevedore');

/** Polls `fn` until it returns a truthy value, which it returns; fails after `ms` saying what it waited for. */
export async function until<T>(what: string, fn: () => T | Promise<T>, ms = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves on the tree's next change event; fails after `ms`. Create it before the action that should change the tree. */
export function nextChange(tree: vscode.TreeDataProvider<unknown>, what: string, ms = 10_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { d.dispose(); reject(new Error(`${what}: the tree did not signal a change within ${ms} ms`)); }, ms);
    const d = tree.onDidChangeTreeData!(() => { clearTimeout(t); d.dispose(); resolve(); });
  });
}

/** The row of `repository:tag` in the Images tree (grouped by repository), or undefined. */
export async function findImageNode(repository: string, tag: string): Promise<ImageTagNode | undefined> {
  const tree = await imagesTree();
  const repo = (await tree.getChildren()).find((n): n is RepositoryNode => n.kind === 'repository' && n.name === repository);
  if (!repo) return undefined;
  return (await tree.getChildren(repo)).find((n): n is ImageTagNode => n.kind === 'image' && n.tag === tag);
}

/** The row of `repository:tag` in the Images tree; fails when it is not there. */
export async function imageNode(repository: string, tag: string): Promise<ImageTagNode> {
  const node = await findImageNode(repository, tag);
  assert.ok(node, `${repository}:${tag} is in the Images tree`);
  return node;
}

/** Every container row of the Containers tree (inside groups too). */
export async function containerNodes(): Promise<ContainerNode[]> {
  const tree = await containersTree();
  const out: ContainerNode[] = [];
  for (const n of await tree.getChildren()) {
    if (n.kind === 'container') out.push(n);
    else if (n.kind === 'containerGroup') out.push(...n.containers);
  }
  return out;
}

/** The container row with this name or ID; fails when it is not there. */
export async function containerNode(nameOrId: string): Promise<ContainerNode> {
  const node = (await containerNodes()).find((n) => n.name === nameOrId || n.id === nameOrId);
  assert.ok(node, `${nameOrId} is in the Containers tree`);
  return node;
}

/** A row's tooltip as the workbench gets it on hover (getTreeItem, then resolveTreeItem), as text. */
export async function tooltipOf<T>(tree: vscode.TreeDataProvider<T>, node: T): Promise<string> {
  let item = await tree.getTreeItem(node);
  if (!item.tooltip && tree.resolveTreeItem) item = (await tree.resolveTreeItem(item, node, new vscode.CancellationTokenSource().token)) ?? item;
  const t = item.tooltip;
  return typeof t === 'string' ? t : t?.value ?? '';
}

/** Moves `ref` from an engine into a test dockerd as a user would: saved by the engine, `docker load`ed. */
export async function loadIntoDaemon(from: Engine, ref: string, dockerd: Dockerd): Promise<void> {
  const chunks: Buffer[] = [];
  await from.images.save([ref], new PassThrough().on('data', (c: Buffer) => chunks.push(c)));
  await dockerd.docker(['load'], { input: Buffer.concat(chunks) });
}
