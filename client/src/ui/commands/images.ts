import * as vscode from 'vscode';
import { isEngineError } from '../../engine/errors';
import { humanSize } from '../../engine/format';
import { parseAnyReference } from '../../engine/reference';
import type { LayerProgress } from '../../engine/registry/api';
import type { EngineHost } from '../engineHost';
import type { InspectDocumentProvider } from '../inspect';
import type { ImageTagNode, ImagesTreeProvider } from '../tree/images';

/** The image actions of the Images view and the palette: pull, remove, inspect, copy, refresh. */
export function registerImageCommands(context: vscode.ExtensionContext, host: EngineHost, tree: ImagesTreeProvider, inspect: InspectDocumentProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('stevedore.images.refresh', () => tree.refresh());

  /** `toggleDangling(show?)`: shows or hides untagged images; returns whether they are shown. */
  reg('stevedore.images.toggleDangling', (show?: boolean) => {
    tree.setShowDangling(typeof show === 'boolean' ? show : !tree.showDangling);
    return tree.showDangling;
  });
  reg('stevedore.images.showDangling', () => { tree.setShowDangling(true); return true; });
  reg('stevedore.images.hideDangling', () => { tree.setShowDangling(false); return false; });

  /** `filter(text?)`: only images whose repository:tag or ID contains `text`; '' clears. Returns the active filter. */
  reg('stevedore.images.filter', async (text?: string) => {
    const value = typeof text === 'string' ? text : await askFilter('Filter Images', 'Repository, tag or image ID (empty clears the filter)', tree.filter);
    if (value !== undefined) tree.filter = value;
    return tree.filter;
  });
  reg('stevedore.images.clearFilter', () => { tree.filter = ''; return tree.filter; });

  reg('stevedore.images.pull', async (reference?: string) => {
    reference ??= await vscode.window.showInputBox({ title: 'Pull Image', prompt: 'Image reference', placeHolder: 'busybox:latest or registry:5000/team/app:1.0', ignoreFocusOut: true });
    if (!reference) return undefined;
    const engine = await host.get();
    return withCancellableProgress(`Pulling ${reference}`, async (signal, report) => {
      try {
        return await engine.pull(reference!, { signal, onProgress: report });
      } catch (e) {
        void showError(`Pull of ${reference} failed`, e);
        return undefined;
      }
    });
  });

  reg('stevedore.images.remove', async (node?: ImageTagNode, force = false) => {
    if (!node) return;
    const engine = await host.get();
    const target = node.fullTag ?? node.image.id;
    try {
      return await engine.images.remove(target, { force });
    } catch (e) {
      if (isEngineError(e, 'conflict') && !force) {
        const choice = await vscode.window.showWarningMessage((e as Error).message, 'Force');
        if (choice === 'Force') return engine.images.remove(target, { force: true });
        return undefined;
      }
      void showError(`Removing ${target} failed`, e);
      return undefined;
    }
  });

  reg('stevedore.images.inspect', async (node?: ImageTagNode) => {
    if (!node) return;
    // A read-only document that refreshes with the engine (the Inspect of containers and volumes too).
    return inspect.show('image', node.fullTag ?? node.image.id, node.fullTag ? `${node.repository}_${node.tag}` : node.image.id.slice(7, 19));
  });

  reg('stevedore.images.tag', async (node?: ImageTagNode, target?: string) => {
    if (!node) return undefined;
    target ??= await vscode.window.showInputBox({ title: `Tag ${node.fullTag ?? node.image.id.slice(7, 19)}`, prompt: 'New reference', value: node.fullTag ? familiar(node.fullTag) : '', ignoreFocusOut: true });
    if (!target) return undefined;
    const engine = await host.get();
    try {
      await engine.images.tag(node.fullTag ?? node.image.id, target);
      return target;
    } catch (e) {
      void showError(`Tagging as ${target} failed`, e);
      return undefined;
    }
  });

  reg('stevedore.images.push', async (node?: ImageTagNode | string) => {
    const reference = typeof node === 'string' ? node : node?.fullTag;
    if (!reference) return undefined;
    const engine = await host.get();
    return withCancellableProgress(`Pushing ${familiar(reference)}`, async (signal, report) => {
      try {
        return await engine.push(reference, { signal, onProgress: report });
      } catch (e) {
        void showError(`Push of ${familiar(reference)} failed`, e);
        return undefined;
      }
    });
  });

  reg('stevedore.images.history', async (node?: ImageTagNode) => {
    if (!node) return undefined;
    const engine = await host.get();
    const rows = await engine.images.history(node.fullTag ?? node.image.id);
    const lines = ['IMAGE          CREATED                 SIZE       CREATED BY'];
    for (const r of rows) lines.push(`${(r.id === '<missing>' ? r.id : r.id.replace(/^sha256:/, '').slice(0, 12)).padEnd(15)}${(r.created || '').padEnd(24)}${humanSize(r.size).padEnd(11)}${r.createdBy}`);
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: lines.join('\n') + '\n' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return rows;
  });

  reg('stevedore.images.save', async (node?: ImageTagNode, target?: vscode.Uri) => {
    if (!node) return undefined;
    const name = node.fullTag ?? node.image.id;
    target ??= await vscode.window.showSaveDialog({ title: `Save ${familiar(name)}`, filters: { 'Image archive': ['tar'] }, defaultUri: vscode.Uri.file(`${familiar(name).replace(/[/:@]/g, '_')}.tar`) });
    if (!target) return undefined;
    const engine = await host.get();
    const fs = await import('fs');
    try {
      await engine.images.save([name], fs.createWriteStream(target.fsPath));
      return target.fsPath;
    } catch (e) {
      void showError(`Saving ${familiar(name)} failed`, e);
      return undefined;
    }
  });

  reg('stevedore.images.load', async (source?: vscode.Uri) => {
    source ??= (await vscode.window.showOpenDialog({ title: 'Load Images', filters: { 'Image archive': ['tar', 'gz', 'tgz'] }, canSelectMany: false }))?.[0];
    if (!source) return undefined;
    const engine = await host.get();
    const fs = await import('fs');
    try {
      return await engine.images.load(fs.createReadStream(source.fsPath));
    } catch (e) {
      void showError(`Loading ${source.fsPath} failed`, e);
      return undefined;
    }
  });

  reg('stevedore.images.prune', async (all?: boolean, confirmed?: boolean) => {
    if (!confirmed) {
      const pick = await vscode.window.showWarningMessage('Remove dangling images?', { modal: true, detail: 'Images without a tag that no container uses are removed.' }, 'Remove Dangling', 'Remove All Unused');
      if (!pick) return undefined;
      all = pick === 'Remove All Unused';
    }
    const engine = await host.get();
    const r = await engine.images.prune({ all: !!all });
    void vscode.window.showInformationMessage(`Removed ${r.deleted.length} image(s), reclaimed ${humanSize(r.spaceReclaimed)}`);
    return r;
  });

  reg('stevedore.images.copyId', async (node?: ImageTagNode) => {
    if (node) await vscode.env.clipboard.writeText(node.image.id);
  });
  reg('stevedore.images.copyFullTag', async (node?: ImageTagNode) => {
    if (node?.fullTag) await vscode.env.clipboard.writeText(node.fullTag);
  });
}

/**
 * Runs `fn` under a cancellable progress notification. `report` takes the registry's per-layer
 * byte counts and shows the overall percentage; Cancel aborts through the AbortSignal.
 */
async function withCancellableProgress<T>(title: string, fn: (signal: AbortSignal, report: (p: LayerProgress) => void) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const layers = new Map<string, { done: number; total: number }>();
    let reported = 0;
    return fn(abort.signal, (p) => {
      layers.set(p.digest, { done: p.done, total: p.total });
      let done = 0, total = 0;
      for (const l of layers.values()) { done += l.done; total += l.total; }
      const pct = total ? Math.floor((done / total) * 100) : 0;
      if (pct > reported) { progress.report({ increment: pct - reported, message: `${pct}% of ${humanSize(total)}` }); reported = pct; }
    });
  });
}

/** `docker.io/library/busybox:1` -> `busybox:1`; anything unparsable as is. */
function familiar(reference: string): string {
  try {
    return parseAnyReference(reference).familiarString;
  } catch {
    return reference;
  }
}

/** The input box of a view's Filter command; undefined when cancelled. */
export function askFilter(title: string, prompt: string, value: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, value, placeHolder: 'text to match (case-insensitive)' });
}

/** An error notification that says what failed; engine errors carry their own next step. */
export async function showError(what: string, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  await vscode.window.showErrorMessage(`${what}: ${message}`);
}
