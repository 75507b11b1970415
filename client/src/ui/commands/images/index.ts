import * as vscode from 'vscode';
import { isEngineError } from '../../../core/errors';
import { humanSize } from '../../../core/format';
import { familiarString as familiar, parseAnyReference } from '../../../core/reference';
import type { LayerProgress } from '../../../engine/registry/api';
import type { AnalysisDocumentProvider } from '../../analysis';
import type { EngineHost } from '../../engineHost';
import type { InspectDocumentProvider } from '../../inspect';
import { engineLog } from '../../log';
import { registerFilterCommands } from '../../tree/filter';
import type { ImageTagNode, ImagesTreeProvider } from '../../tree/images';

/** The image actions of the Images view and the palette: pull, remove, inspect, copy, refresh. */
export function registerImageCommands(context: vscode.ExtensionContext, host: EngineHost, tree: ImagesTreeProvider, inspect: InspectDocumentProvider, analysis: AnalysisDocumentProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('stevedore.images.refresh', () => tree.refresh());

  /** `toggleDangling(show?)`: shows or hides untagged images; returns whether they are shown. */
  reg('stevedore.images.toggleDangling', (show?: boolean) => {
    tree.setShowDangling(typeof show === 'boolean' ? show : !tree.showDangling);
    return tree.showDangling;
  });
  reg('stevedore.images.showDangling', () => { tree.setShowDangling(true); return true; });
  reg('stevedore.images.hideDangling', () => { tree.setShowDangling(false); return false; });

  // `filter(text?)`: only images whose repository:tag or ID contains `text`; '' clears.
  registerFilterCommands(context, 'images', tree, 'Filter Images', 'Repository, tag or image ID (empty clears the filter)');

  /** `pull(reference?)`: a cancellable progress notification; an unauthorized pull offers Log In… and then pulls again. */
  reg('stevedore.images.pull', async (reference?: string) => {
    reference ??= await vscode.window.showInputBox({ title: 'Pull Image', prompt: 'Image reference', placeHolder: 'busybox:latest or registry:5000/team/app:1.0', ignoreFocusOut: true });
    if (!reference) return undefined;
    const ref = reference;
    const engine = await host.get();
    return withCancellableProgress(`Pulling ${ref}`, async (signal, report) => {
      try {
        // Which mirror was tried, skipped or used goes to the engine log.
        const r = await engine.images.pull(ref, { signal, onProgress: report, onMessage: (line) => engineLog.info(line) });
        engineLog.info(`pulled ${r.map((p) => `${p.reference}@${p.digest}${p.source ? ` from mirror ${p.source}` : ''}`).join(', ')}`);
        return r;
      } catch (e) {
        // Cancel is the user's choice, not a failure: logged, no error notification.
        if (signal.aborted) engineLog.info(`pull of ${ref} cancelled`);
        else void showError(`Pull of ${ref} failed`, e, ...authSteps(e, ref, () => vscode.commands.executeCommand('stevedore.images.pull', ref)));
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
        engineLog.error(`Removing ${target} failed: ${(e as Error).message}`);
        const choice = await vscode.window.showWarningMessage(`Removing ${familiar(target)} failed: ${(e as Error).message}`, 'Force Remove');
        if (choice !== 'Force Remove') return undefined;
        try {
          return await engine.images.remove(target, { force: true });
        } catch (e2) {
          void showError(`Force removing ${familiar(target)} failed`, e2);
          return undefined;
        }
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

  /** `push(node | reference?)`: from the palette a quick pick of the tagged images; an unauthorized push offers Log In… and then pushes again. */
  reg('stevedore.images.push', async (node?: ImageTagNode | string) => {
    let reference = typeof node === 'string' ? node : node?.fullTag;
    const engine = await host.get();
    if (!node) {
      const items = (await engine.images.list()).flatMap((i) => i.repoTags.map((t) => ({ label: familiar(t), description: i.id.slice(7, 19), reference: t })));
      if (!items.length) {
        void vscode.window.showInformationMessage('Push Image: there are no tagged images. Tag an image with a registry name first (registry:5000/team/app:1.0).');
        return undefined;
      }
      reference = (await vscode.window.showQuickPick(items.sort((a, b) => a.label.localeCompare(b.label)), { title: 'Push Image', placeHolder: 'The image to push (its name says the registry)' }))?.reference;
    }
    if (!reference) return undefined;
    const ref = reference;
    return withCancellableProgress(`Pushing ${familiar(ref)}`, async (signal, report) => {
      try {
        const r = await engine.images.push(ref, { signal, onProgress: report });
        engineLog.info(`pushed ${r.map((p) => `${p.reference}@${p.digest}`).join(', ')}`);
        return r;
      } catch (e) {
        void showError(`Push of ${familiar(ref)} failed`, e, ...authSteps(e, ref, () => vscode.commands.executeCommand('stevedore.images.push', ref)));
        return undefined;
      }
    });
  });

  /** `analyze(node | reference)`: a read-only document with each layer's size, waste and Dockerfile line, and the largest wasted files. Returns the analysis. */
  reg('stevedore.images.analyze', async (node?: ImageTagNode | string) => {
    const target = typeof node === 'string' ? node : node ? node.fullTag ?? node.image.id : undefined;
    if (!target) return undefined;
    const label = typeof node === 'object' && node.fullTag ? `${node.repository}:${node.tag}` : familiar(target).replace(/^sha256:(.{12}).*/, '$1');
    try {
      return await analysis.show(target, label);
    } catch (e) {
      void showError(`Analyzing the layers of ${label} failed`, e);
      return undefined;
    }
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
    try {
      const r = await engine.images.prune({ all: !!all });
      engineLog.info(`image prune: removed ${r.deleted.length} image(s), reclaimed ${r.spaceReclaimed} bytes`);
      void vscode.window.showInformationMessage(`Removed ${r.deleted.length} image(s), reclaimed ${humanSize(r.spaceReclaimed)}`);
      return r;
    } catch (e) {
      void showError('Pruning images failed', e);
      return undefined;
    }
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
export async function withCancellableProgress<T>(title: string, fn: (signal: AbortSignal, report: (p: LayerProgress) => void) => Promise<T>): Promise<T> {
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


/** A button of an error notification: the next step after a failure. */
export interface NextStep {
  title: string;
  run: () => unknown;
}

/** The registry host of an image reference (`docker.io` for Docker Hub names). */
export function registryOf(reference: string): string | undefined {
  try {
    return parseAnyReference(reference).domain || undefined;
  } catch {
    return undefined;
  }
}

/** For an unauthorized (or forbidden) registry operation: "Log In…" to the reference's registry, then `retry` once logged in. */
export function authSteps(e: unknown, reference: string, retry?: () => unknown): NextStep[] {
  if (!isEngineError(e, 'unauthorized') && !isEngineError(e, 'forbidden')) return [];
  const server = registryOf(reference);
  return [{
    title: 'Log In…',
    run: async () => {
      const r = await vscode.commands.executeCommand('stevedore.registries.login', server === 'docker.io' ? '' : server);
      if (r && retry) await retry();
    },
  }];
}

/**
 * An error notification that says what failed (`what: engine message`), written to the engine
 * log too, with the next steps as buttons (`steps`, plus Show Engine Log). A cancelled operation
 * is only logged: the user asked for it.
 */
export async function showError(what: string, e: unknown, ...steps: NextStep[]): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  if (isEngineError(e, 'cancelled')) {
    engineLog.info(`${what}: cancelled`);
    return;
  }
  engineLog.error(`${what}: ${message}`);
  const all: NextStep[] = [...steps];
  if (isEngineError(e, 'unavailable') && /runc|crun|namespace|slirp4netns|root/i.test(message)) all.push({ title: 'Show Engine Status', run: () => vscode.commands.executeCommand('stevedore.engine.showStatus') });
  all.push({ title: 'Show Engine Log', run: () => engineLog.show() });
  const pick = await vscode.window.showErrorMessage(`${what}: ${message}`, ...all.map((s) => s.title));
  await all.find((s) => s.title === pick)?.run();
}
