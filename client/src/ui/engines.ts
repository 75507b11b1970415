import { Transform } from 'stream';
import * as vscode from 'vscode';
import type { Engine } from '../engine/engine';
import { resolveDataRoot } from '../engine/dataroot';
import type { EngineHost } from './engineHost';

export type EngineKind = 'embedded' | 'docker';

/** An image as the Images view hands it to a command (an ImageTagNode), or a reference. */
type ImageArg = { image?: { id: string }; fullTag?: string } | string;

const label = (k: EngineKind) => (k === 'docker' ? 'Docker' : 'the embedded engine');

/**
 * Switches `stevedore.engine` (user settings); the host reopens the engine and every view reloads.
 * Resolves once the new engine is open (a daemon that does not answer still opens: the views say why).
 */
export async function switchEngine(host: EngineHost, kind: EngineKind): Promise<EngineKind> {
  const config = vscode.workspace.getConfiguration('stevedore');
  if (host.configuredKind() !== kind) {
    const reopened = new Promise<void>((resolve) => {
      const sub = host.onDidChange((events) => {
        if (events.length) return;
        sub.dispose();
        resolve();
      });
      setTimeout(() => { sub.dispose(); resolve(); }, 10_000);
    });
    await config.update('engine', kind, vscode.ConfigurationTarget.Global);
    await reopened;
  }
  await host.get().catch(() => undefined);
  return kind;
}

interface EngineItem extends vscode.QuickPickItem {
  engine?: EngineKind;
  action?: 'status';
}

/**
 * `stevedore.engine.choose` (the status bar item, "Stevedore: Choose Engine"): Embedded or Docker
 * (with the endpoint it would use and whether it answers), then switches `stevedore.engine`.
 * With a kind argument it switches without asking. Resolves with the engine chosen, or undefined.
 */
export async function chooseEngine(host: EngineHost, kind?: EngineKind): Promise<EngineKind | undefined> {
  if (kind === 'embedded' || kind === 'docker') return switchEngine(host, kind);
  const current = host.configuredKind();
  const dataRoot = resolveDataRoot(vscode.workspace.getConfiguration('stevedore').get<string>('dataRoot') || undefined);
  let endpoint: { host: string; from: string } | undefined;
  let endpointError: string | undefined;
  try {
    endpoint = host.dockerEndpoint();
  } catch (e) {
    endpointError = (e as Error).message;
  }
  const mark = (k: EngineKind) => (k === current ? '$(check) ' : '');
  const embedded: EngineItem = {
    engine: 'embedded',
    label: `${mark('embedded')}$(vm) Embedded`,
    description: 'inside VS Code, no daemon needed',
    detail: `Data root ${dataRoot}`,
  };
  const docker: EngineItem = {
    engine: 'docker',
    label: `${mark('docker')}$(server) Docker`,
    description: endpoint ? `${endpoint.host} (from ${endpoint.from})` : 'no usable endpoint',
    detail: endpointError ?? 'checking whether the daemon answers…',
  };
  const separator: EngineItem = { label: '', kind: vscode.QuickPickItemKind.Separator };
  const list = (): EngineItem[] => [embedded, docker, separator, { label: '$(info) Engine Status…', action: 'status', description: 'containers, runtime, data root or daemon' }];

  const pick = vscode.window.createQuickPick<EngineItem>();
  pick.title = 'Stevedore: Choose Engine';
  pick.placeholder = `The views show ${label(current)} now. Which engine should they show?`;
  pick.items = list();
  pick.activeItems = [current === 'docker' ? docker : embedded];
  if (endpoint) {
    pick.busy = true;
    void dockerAnswers(host).then((answer) => {
      docker.detail = answer;
      pick.items = list();
      pick.activeItems = [current === 'docker' ? docker : embedded];
      pick.busy = false;
    });
  }
  const chosen = await new Promise<EngineItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen?.action === 'status') {
    await vscode.commands.executeCommand('stevedore.engine.showStatus');
    return undefined;
  }
  if (!chosen?.engine) return undefined;
  return switchEngine(host, chosen.engine);
}

/** Whether the Docker daemon answers, in words for the picker. */
async function dockerAnswers(host: EngineHost): Promise<string> {
  try {
    const engine = host.configuredKind() === 'docker' ? await host.get() : await host.otherEngine();
    if (host.configuredKind() === 'docker' && host.unreachable) return `$(error) not reachable: ${host.unreachable.reason}`;
    const caps = await withTimeout(engine.capabilities(), 5000);
    if (!caps) return '$(warning) no answer within 5 s';
    if (host.configuredKind() === 'docker' && host.unreachable) return `$(error) not reachable: ${host.unreachable.reason}`;
    return caps.containers.supported ? `$(pass) answers: ${caps.containers.runtime ?? 'Docker'}` : `$(error) not reachable: ${caps.containers.reason ?? 'unknown reason'}`;
  } catch (e) {
    return `$(error) ${(e as Error).message}`;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}

/**
 * Copies an image from the engine the views show to the other one: the source's `save` streams
 * straight into the target's `load` (a docker-archive tar through a pipe, no temp file), with a
 * cancellable progress notification counting the bytes. Resolves with the names loaded.
 */
export async function copyImage(host: EngineHost, arg: ImageArg, to: EngineKind): Promise<string[] | undefined> {
  const ref = typeof arg === 'string' ? arg : arg.fullTag ?? arg.image?.id;
  if (!ref) throw new Error('Copy needs an image from the Images view');
  const from: EngineKind = to === 'docker' ? 'embedded' : 'docker';
  if (host.configuredKind() !== from) throw new Error(`the views show ${label(host.configuredKind())}: there is nothing to copy to ${label(to)} from here`);
  const source = await host.get();
  const target = await host.otherEngine();
  const where = to === 'docker' ? `Docker (${target.location})` : 'the embedded engine';
  try {
    const names = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Copying ${ref} to ${where}`, cancellable: true }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return streamImage(source, target, ref, ac.signal, (bytes) => progress.report({ message: `${(bytes / 1e6).toFixed(1)} MB` }));
    });
    void vscode.window.showInformationMessage(`Copied ${ref} to ${where}.`, `Show ${to === 'docker' ? 'Docker' : 'Embedded Engine'}`).then((c) => {
      if (c) void switchEngine(host, to);
    });
    return names;
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not copy ${ref} to ${where}: ${(e as Error).message}`);
    throw e;
  }
}

/** `source.images.save` piped into `target.images.load`; a failure on either side ends both. Resolves with the tags (or IDs) loaded. */
export async function streamImage(source: Engine, target: Engine, ref: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string[]> {
  let bytes = 0;
  let last = 0;
  const pipe = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (onBytes && Date.now() - last > 200) {
        last = Date.now();
        onBytes(bytes);
      }
      cb(null, chunk);
    },
  });
  const saving = source.images.save([ref], pipe, { signal }).catch((e: unknown) => {
    pipe.destroy(e as Error);
    throw e;
  });
  const loading = target.images.load(pipe, { signal }).catch((e: unknown) => {
    pipe.destroy(e as Error);
    throw e;
  });
  const [, loaded] = await Promise.all([saving, loading]);
  onBytes?.(bytes);
  return loaded.tags.length ? loaded.tags : loaded.ids;
}
