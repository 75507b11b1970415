import * as vscode from 'vscode';
import { isEngineError } from '../../engine/errors';
import type { EngineHost } from '../engineHost';
import type { ImageTagNode, ImagesTreeProvider } from '../tree/images';

/** The image actions of the Images view and the palette: pull, remove, inspect, copy, refresh. */
export function registerImageCommands(context: vscode.ExtensionContext, host: EngineHost, tree: ImagesTreeProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('stevedore.images.refresh', () => tree.refresh());

  reg('stevedore.images.toggleDangling', () => {
    tree.showDangling = !tree.showDangling;
    tree.refresh();
  });

  reg('stevedore.images.pull', async (reference?: string) => {
    reference ??= await vscode.window.showInputBox({ title: 'Pull Image', prompt: 'Image reference', placeHolder: 'busybox:latest or registry:5000/team/app:1.0', ignoreFocusOut: true });
    if (!reference) return undefined;
    const engine = await host.get();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pulling ${reference}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const layers = new Map<string, { done: number; total: number }>();
      let reported = 0;
      try {
        const results = await engine.pull(reference!, {
          signal: abort.signal,
          onProgress: (p) => {
            layers.set(p.digest, { done: p.done, total: p.total });
            let done = 0, total = 0;
            for (const l of layers.values()) { done += l.done; total += l.total; }
            const pct = total ? Math.floor((done / total) * 100) : 0;
            if (pct > reported) { progress.report({ increment: pct - reported, message: `${pct}%` }); reported = pct; }
          },
        });
        return results;
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
    const engine = await host.get();
    const json = await engine.images.inspect(node.fullTag ?? node.image.id);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify([json], null, 4) });
    await vscode.window.showTextDocument(doc, { preview: true });
    return json;
  });

  reg('stevedore.images.copyId', async (node?: ImageTagNode) => {
    if (node) await vscode.env.clipboard.writeText(node.image.id);
  });
  reg('stevedore.images.copyFullTag', async (node?: ImageTagNode) => {
    if (node?.fullTag) await vscode.env.clipboard.writeText(node.fullTag);
  });
}

/** An error notification that says what failed; engine errors carry their own next step. */
export async function showError(what: string, e: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  await vscode.window.showErrorMessage(`${what}: ${message}`);
}
