import * as vscode from 'vscode';
import type { EngineHost } from './engineHost';

/** What the status bar item knows about the engine. */
export interface EngineStatus {
  kind: string;
  dataRoot: string;
  containers: { supported: boolean; reason?: string; runtime?: string };
}

/**
 * The engine in the status bar: which engine (embedded), its data root (tooltip) and whether
 * containers can run here. Clicking it opens the Containers view when they can, and otherwise
 * says why not (the engine's reason) with what to do.
 */
export class EngineStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  status?: EngineStatus;
  private readonly subscriptions: vscode.Disposable[] = [];
  private updating?: Promise<EngineStatus | undefined>;

  constructor(private readonly host: EngineHost) {
    this.item = vscode.window.createStatusBarItem('stevedore.engine', vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'Stevedore Engine';
    this.item.text = '$(loading~spin) Stevedore';
    this.item.tooltip = 'Stevedore: opening the engine';
    this.item.command = 'stevedore.engine.showStatus';
    this.item.show();
    // A data root change reopens the engine (the host fires an empty burst).
    this.subscriptions.push(host.onDidChange((events) => { if (events.length === 0) void this.update(); }));
  }

  /** Reads the engine's capabilities and shows them; the engine opens here if nothing opened it yet. `dataRoot` is the daemon's address for the Docker engine. */
  update(): Promise<EngineStatus | undefined> {
    const run = (async () => {
      try {
        const engine = await this.host.get();
        const caps = await engine.capabilities();
        const status: EngineStatus = { kind: engine.kind, dataRoot: engine.location, containers: caps.containers };
        this.status = status;
        this.render(status);
        return status;
      } catch (e) {
        this.status = undefined;
        this.item.text = '$(error) Stevedore';
        this.item.tooltip = `Stevedore: the engine did not open: ${e instanceof Error ? e.message : String(e)}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        return undefined;
      }
    })();
    this.updating = run;
    return run;
  }

  /** The status once known (waits for a running update). */
  async current(): Promise<EngineStatus | undefined> {
    return this.status ?? (await (this.updating ?? this.update()));
  }

  private render(s: EngineStatus): void {
    const name = s.kind === 'embedded' ? 'embedded' : s.kind;
    this.item.backgroundColor = undefined;
    if (s.containers.supported) {
      this.item.text = `$(vm-running) Stevedore: ${name}`;
    } else {
      this.item.text = `$(vm-outline) Stevedore: ${name} (images only)`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Stevedore engine:** ${name}${s.kind === 'embedded' ? ' (inside the extension host, no daemon)' : ' (a Docker daemon)'}\n\n`);
    md.appendMarkdown(s.kind === 'embedded' ? `**Data root:** \`${s.dataRoot}\`\n\n` : `**Daemon:** \`${s.dataRoot}\`\n\n`);
    md.appendMarkdown(s.containers.supported
      ? `**Containers:** can run here (${s.containers.runtime || 'OCI runtime'})\n\n$(vm-running) Click to open the Containers view.`
      : `**Containers:** cannot run here: ${s.containers.reason ?? 'unknown reason'}\n\nImages, builds and registries work. Click for details.`);
    this.item.tooltip = md;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

/** `stevedore.engine.showStatus`: the Containers view, or the engine's reason why containers cannot run. Returns the status. */
export function registerStatusBar(context: vscode.ExtensionContext, host: EngineHost): EngineStatusBar {
  const bar = new EngineStatusBar(host);
  context.subscriptions.push(bar, vscode.commands.registerCommand('stevedore.engine.showStatus', async (opts?: { quiet?: boolean }) => {
    const s = await bar.update();
    if (opts?.quiet) return s;
    if (!s) {
      void vscode.window.showErrorMessage(String(bar.item.tooltip), 'Show Data Root Setting').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.dataRoot');
      });
      return s;
    }
    if (s.containers.supported) {
      await vscode.commands.executeCommand('stevedore.containers.focus');
      return s;
    }
    void vscode.window.showWarningMessage(`Containers cannot run here: ${s.containers.reason ?? 'unknown reason'}`, {
      modal: false,
      detail: `Engine: ${s.kind}, ${s.kind === 'embedded' ? 'data root' : 'daemon'} ${s.dataRoot}. Images, builds and registries work.`,
    }, 'Open Images View', 'Choose Data Root').then((c) => {
      if (c === 'Open Images View') void vscode.commands.executeCommand('stevedore.images.focus');
      else if (c === 'Choose Data Root') void vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.dataRoot');
    });
    return s;
  }));
  return bar;
}
