import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildResult } from '../../../engine/build/api';
import { humanSize } from '../../../core/format';
import type { EngineHost } from '../../engineHost';
import { layerMeasurements } from '../../measurements';
import type { MeasurementsBridge } from '../../measurements';
import { showError } from '../images';

/**
 * Build Image: from the palette (pick a Dockerfile of the workspace), the explorer or the editor
 * title. Steps stream to the "Stevedore Build" output channel; a failure names the Dockerfile
 * line as `path:line`, which VS Code links to the editor. After a build, the image's layer
 * analysis (size and wasted bytes per instruction) goes to the language server, which shows it
 * on the Dockerfile's lines.
 */
export function registerBuildCommands(context: vscode.ExtensionContext, host: EngineHost, measurements?: MeasurementsBridge): void {
  const output = vscode.window.createOutputChannel('Stevedore Build');
  context.subscriptions.push(output);

  context.subscriptions.push(vscode.commands.registerCommand('stevedore.images.build', async (file?: vscode.Uri, tag?: string, opts: { noCache?: boolean } = {}): Promise<BuildResult | undefined> => {
    file ??= vscode.window.activeTextEditor?.document.languageId === 'dockerfile' ? vscode.window.activeTextEditor.document.uri : undefined;
    if (!file) {
      const found = await vscode.workspace.findFiles('**/{Dockerfile,*.Dockerfile,Dockerfile.*,Containerfile}', '**/node_modules/**', 200);
      const pick = await vscode.window.showQuickPick(found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { title: 'Build Image: choose a Dockerfile' });
      file = pick?.uri;
    }
    if (!file) return undefined;
    const contextDir = path.dirname(file.fsPath);
    tag ??= await vscode.window.showInputBox({ title: 'Build Image', prompt: 'Tag for the image (empty: untagged)', value: `${path.basename(contextDir).toLowerCase().replace(/[^a-z0-9._-]/g, '-')}:latest`, ignoreFocusOut: true });
    if (tag === undefined) return undefined;
    const engine = await host.get();
    const builtContent = await fs.promises.readFile(file.fsPath, 'utf8').catch(() => undefined);
    output.clear();
    output.appendLine(`Building ${vscode.workspace.asRelativePath(file)} (context ${contextDir})`);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Building ${tag || 'image'}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const result = await engine.build({
          context: contextDir, dockerfile: file!.fsPath, tags: tag ? [tag] : [], noCache: opts.noCache, signal: abort.signal,
          // stevedore.docker.builder, read at each build (the embedded engine has one builder and ignores it).
          builder: host.dockerBuilderSetting(),
          onProgress: (p) => {
            if (p.status === 'start') {
              output.appendLine(p.name);
              progress.report({ message: p.name, increment: 100 / Math.max(1, p.total) });
            } else if (p.status === 'cached') output.appendLine('  CACHED');
            else if (p.status === 'error') output.appendLine(`${file!.fsPath}:${p.startLine + 1}: ${p.message}`);
          },
        });
        output.appendLine(`Built ${result.id}${result.tags.length ? ` as ${result.tags.join(', ')}` : ''}`);
        if (measurements) void measure(result, file!.fsPath, builtContent);
        return result;
      } catch (e) {
        output.show(true);
        void showError(`Build of ${vscode.workspace.asRelativePath(file!)} failed`, e);
        return undefined;
      }
    });
  }));

  /** Analyses the built image and hands the per-instruction figures to the language server. */
  async function measure(result: BuildResult, dockerfile: string, builtContent: string | undefined): Promise<void> {
    const engine = await host.get();
    let analysis;
    try {
      analysis = await engine.images.analyze(result.id);
      output.appendLine(`Layer analysis: ${humanSize(analysis.size)}, ${humanSize(analysis.wastedBytes)} wasted (efficiency ${(analysis.efficiency * 100).toFixed(1)}%)`);
    } catch (e) {
      output.appendLine(`Layer analysis failed: ${e instanceof Error ? e.message : String(e)} (sizes only)`);
    }
    await measurements!.publish(dockerfile, layerMeasurements(result, analysis), builtContent);
  }
}
