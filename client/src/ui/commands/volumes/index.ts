import * as vscode from 'vscode';
import { isEngineError } from '../../../core/errors';
import { humanSize } from '../../../core/format';
import type { EngineHost } from '../../engineHost';
import type { InspectDocumentProvider } from '../../inspect';
import type { VolumeNode, VolumesTreeProvider } from '../../tree/volumes';
import { showError } from '../images';

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Volume actions of the Volumes view and the palette: create, inspect, remove, prune, refresh. */
export function registerVolumeCommands(context: vscode.ExtensionContext, host: EngineHost, tree: VolumesTreeProvider, inspect: InspectDocumentProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  /** A volume node or name; from the palette a quick pick. */
  async function pick(node: VolumeNode | string | undefined, title: string): Promise<string | undefined> {
    if (typeof node === 'string') return node;
    if (node) return node.name;
    const volumes = await (await host.get()).volumes.list();
    if (!volumes.length) {
      void vscode.window.showInformationMessage(`${title}: there are no volumes`);
      return undefined;
    }
    return (await vscode.window.showQuickPick(volumes.map((v) => ({ label: v.Name, description: v.Driver })), { title }))?.label;
  }

  reg('stevedore.volumes.refresh', () => tree.refresh());

  /** `create(name?)`: prompts for the name (empty: a generated one). Returns the volume's name. */
  reg('stevedore.volumes.create', async (name?: string) => {
    name ??= await vscode.window.showInputBox({
      title: 'Create Volume', prompt: 'Volume name (empty: a random name)', placeHolder: 'my-data', ignoreFocusOut: true,
      validateInput: (v) => (v && !VOLUME_NAME.test(v) ? 'Letters, digits and _ . - only, starting with a letter or digit (at least two characters)' : undefined),
    });
    if (name === undefined) return undefined;
    try {
      const v = await (await host.get()).volumes.create(name ? { name } : {});
      return v.Name;
    } catch (e) {
      void showError(`Creating volume ${name} failed`, e);
      return undefined;
    } finally {
      tree.refresh();
    }
  });

  reg('stevedore.volumes.inspect', async (node?: VolumeNode | string) => {
    const name = await pick(node, 'Inspect Volume');
    if (!name) return undefined;
    try {
      return await inspect.show('volume', name, name.length === 64 ? name.slice(0, 12) : name);
    } catch (e) {
      void showError(`Inspecting volume ${name} failed`, e);
      return undefined;
    }
  });

  /** `remove(node, selected?)`: a volume in use stays; the error names the containers using it. Returns the names removed. */
  reg('stevedore.volumes.remove', async (node?: VolumeNode | string, selected?: unknown) => {
    const names = Array.isArray(selected) && selected.length
      ? selected.filter((n): n is VolumeNode => n?.kind === 'volume').map((n) => n.name)
      : [await pick(node, 'Remove Volume')].filter((n): n is string => !!n);
    const engine = await host.get();
    const removed: string[] = [];
    for (const name of names) {
      try {
        await engine.volumes.remove(name);
        removed.push(name);
      } catch (e) {
        if (isEngineError(e, 'conflict')) void vscode.window.showErrorMessage(`Volume ${name} is in use: remove the containers that use it first (expand the volume to see them). ${(e as Error).message}`);
        else void showError(`Removing volume ${name} failed`, e);
      }
    }
    tree.refresh();
    return removed;
  });

  /** `prune(confirmed?, all?)`: unused anonymous volumes, or with `all` every unused volume. */
  reg('stevedore.volumes.prune', async (confirmed?: boolean, all?: boolean) => {
    if (confirmed !== true) {
      const choice = await vscode.window.showWarningMessage('Remove unused volumes?', { modal: true, detail: 'Volumes no container uses are deleted with their data.' }, 'Remove Unused Anonymous', 'Remove All Unused');
      if (!choice) return undefined;
      all = choice === 'Remove All Unused';
    }
    try {
      const r = await (await host.get()).volumes.prune({ all: !!all });
      void vscode.window.showInformationMessage(`Removed ${r.VolumesDeleted.length} volume(s), reclaimed ${humanSize(r.SpaceReclaimed)}`);
      return r;
    } catch (e) {
      void showError('Pruning volumes failed', e);
      return undefined;
    } finally {
      tree.refresh();
    }
  });
}
