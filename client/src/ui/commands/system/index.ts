import * as path from 'path';
import * as vscode from 'vscode';
import { humanSize } from '../../../core/format';
import type { EngineHost } from '../../engineHost';
import { engineLog } from '../../log';
import { showError } from '../images';

/** What System Prune removed. */
export interface SystemPruneResult {
  containers: string[];
  images: string[];
  volumes: string[];
  spaceReclaimed: number;
}

/** At most this many names per kind in the confirmation. */
const LIST = 12;

function listed(kind: string, names: string[]): string {
  if (!names.length) return `No ${kind}.`;
  const shown = names.slice(0, LIST).join(', ');
  return `${names.length} ${kind}: ${shown}${names.length > LIST ? `, and ${names.length - LIST} more` : ''}.`;
}

/** The palette's engine-wide commands: System Prune, Show Engine Log, Choose Data Root. */
export function registerSystemCommands(context: vscode.ExtensionContext, host: EngineHost): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  /**
   * `system.prune(confirmed?)`: `docker system prune --volumes` through the Engine
   * (engine.system.prune): stopped containers, dangling images, unused anonymous volumes and the
   * build cache, after a modal confirmation that lists them. Reports the space reclaimed;
   * returns what was removed.
   */
  reg('stevedore.system.prune', async (confirmed?: boolean) => {
    const engine = await host.get();
    try {
      if (confirmed !== true) {
        const containersOk = (await engine.capabilities()).containers.supported;
        const dangling = await engine.images.list({ filters: { dangling: ['true'] } });
        let stopped: string[] = [];
        let volumes: string[] = [];
        if (containersOk) {
          const all = await engine.containers.list({ all: true });
          const gone = all.filter((c) => ['created', 'exited', 'dead'].includes(c.State));
          stopped = gone.map((c) => (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''));
          const kept = all.filter((c) => !gone.includes(c));
          volumes = (await engine.volumes.list())
            .filter((v) => v.Anonymous && !kept.some((c) => c.Mounts.some((m) => m.Type === 'volume' && m.Name === v.Name)))
            .map((v) => v.Name.slice(0, 12));
        }
        const images = dangling.map((i) => i.id.slice(7, 19));
        const detail = [
          containersOk ? listed('stopped container(s)', stopped) : 'Containers cannot run here: none to remove.',
          listed('dangling image(s)', images),
          containersOk ? listed('unused anonymous volume(s)', volumes) : '',
          'The build cache is cleared.',
          'Running containers, tagged images and named volumes stay.',
        ].filter(Boolean).join('\n');
        const choice = await vscode.window.showWarningMessage('Remove unused containers, images and volumes?', { modal: true, detail }, 'Remove');
        if (choice !== 'Remove') return undefined;
      }
      const pruned = await engine.system.prune({ volumes: true });
      const result: SystemPruneResult = {
        containers: pruned.ContainersDeleted,
        images: pruned.ImagesDeleted.flatMap((i) => (i.Deleted ? [i.Deleted] : [])),
        volumes: pruned.VolumesDeleted,
        spaceReclaimed: pruned.SpaceReclaimed,
      };
      const summary = `System prune: removed ${result.containers.length} container(s), ${result.images.length} image(s), ${result.volumes.length} volume(s); reclaimed ${humanSize(result.spaceReclaimed)}`;
      engineLog.info(summary);
      void vscode.window.showInformationMessage(summary);
      return result;
    } catch (e) {
      void showError('System prune failed', e);
      return undefined;
    }
  });

  /** `showLog()`: opens the "Stevedore Engine" output channel; returns its recent lines. */
  reg('stevedore.showLog', () => {
    engineLog.show();
    return [...engineLog.lines];
  });

  /**
   * `chooseDataRoot(folder?)`: a folder picker, then `stevedore.dataRoot` (user settings); the
   * engine reopens on that root. Returns the root the engine now uses.
   */
  reg('stevedore.chooseDataRoot', async (folder?: vscode.Uri | string) => {
    let target = typeof folder === 'string' ? folder : folder?.fsPath;
    const current = (await host.get().catch(() => undefined))?.location;
    if (target === undefined) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Choose the Stevedore Data Root', openLabel: 'Use as Data Root', canSelectFiles: false, canSelectFolders: true, canSelectMany: false,
        ...(current ? { defaultUri: vscode.Uri.file(current) } : {}),
      });
      target = picked?.[0]?.fsPath;
      if (!target) return undefined;
    }
    const config = vscode.workspace.getConfiguration('stevedore');
    if ((config.get<string>('dataRoot') || '') === target && current !== undefined) return current;
    try {
      await config.update('dataRoot', target || undefined, vscode.ConfigurationTarget.Global);
    } catch (e) {
      void showError(`Setting the data root to ${target} failed`, e);
      return undefined;
    }
    engineLog.info(`data root set to ${target || '(default)'}`);
    // The host reopens the engine on the configuration change; wait until it has.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const engine = await host.get();
        const done = target ? path.resolve(engine.location) === path.resolve(target) : engine.location !== current;
        if (done || (!target && current === undefined) || Date.now() > deadline) return engine.location;
      } catch (e) {
        void showError(`Opening the data root ${target} failed`, e, { title: 'Choose Another…', run: () => vscode.commands.executeCommand('stevedore.chooseDataRoot') });
        return undefined;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}
