import * as vscode from 'vscode';
import type { EngineHost, Unreachable } from './engineHost';
import { chooseEngine, copyImage, switchEngine } from './engines';

/** Where the Docker API for this window's engine is, and who serves it. */
export interface DockerApiStatus {
  /** `unix:///…/docker.sock`, what DOCKER_HOST is set to. */
  host: string;
  /** `here`: this window's extension host; `elsewhere`: another window or `stevedore system service` answered first. */
  servedBy: 'here' | 'elsewhere';
  /** False when the user's own DOCKER_HOST is kept in terminals. */
  terminals: boolean;
}

/** What the status bar item knows about the engine. */
export interface EngineStatus {
  kind: string;
  dataRoot: string;
  containers: { supported: boolean; reason?: string; runtime?: string };
  /** The Docker engine's daemon cannot be reached now: which endpoint, and why. */
  unreachable?: Unreachable;
}

/**
 * The engine in the status bar: which engine (embedded or Docker), its data root or daemon
 * (tooltip), whether containers can run here, and a daemon that cannot be reached. Clicking it
 * opens the engine picker (`stevedore.engine.choose`).
 */
export class EngineStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  status?: EngineStatus;
  /** The Docker API socket of this engine (set by the Docker API host), shown in the tooltip. */
  dockerApi?: DockerApiStatus;
  private readonly subscriptions: vscode.Disposable[] = [];
  private updating?: Promise<EngineStatus | undefined>;

  constructor(private readonly host: EngineHost) {
    this.item = vscode.window.createStatusBarItem('stevedore.engine', vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'Stevedore Engine';
    this.item.text = '$(loading~spin) Stevedore';
    this.item.tooltip = 'Stevedore: opening the engine';
    this.item.command = 'stevedore.engine.choose';
    this.item.show();
    // A data root change reopens the engine (the host fires an empty burst).
    this.subscriptions.push(host.onDidChange((events) => { if (events.length === 0) void this.update(); }));
    // A daemon that goes away or comes back.
    this.subscriptions.push(host.onDidChangeReachability(() => void this.update()));
  }

  /** Reads the engine's capabilities and shows them; the engine opens here if nothing opened it yet. `dataRoot` is the daemon's address for the Docker engine. */
  update(): Promise<EngineStatus | undefined> {
    const run = (async () => {
      try {
        const engine = await this.host.get();
        const caps = await this.host.capabilities(engine);
        const status: EngineStatus = { kind: engine.kind, dataRoot: engine.location, containers: caps.containers, ...(this.host.unreachable ? { unreachable: this.host.unreachable } : {}) };
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
    if (s.unreachable) {
      const u = s.unreachable;
      this.item.text = `$(debug-disconnect) Stevedore: ${name} (unreachable)`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**Stevedore engine:** ${name} (a Docker daemon)\n\n`);
      md.appendMarkdown(`**Daemon:** \`${u.endpoint}\` (from ${u.from}) **cannot be reached**\n\n`);
      md.appendText(`${u.reason}\n\n`);
      md.appendMarkdown('Start the daemon, check DOCKER_HOST / `docker context use` / `stevedore.docker.host`, or switch to the embedded engine. The views reload on their own when it answers.\n\n$(server) Click to choose the engine.');
      this.item.tooltip = md;
      return;
    }
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
      : `**Containers:** cannot run here: ${s.containers.reason ?? 'unknown reason'}\n\nImages, builds and registries work.`);
    if (this.dockerApi) {
      const a = this.dockerApi;
      md.appendMarkdown(`\n\n**Docker API:** \`${a.host}\` (${a.servedBy === 'here' ? 'served by this window' : 'served by another window or `stevedore system service`'})${a.terminals ? '; DOCKER_HOST is set in integrated terminals' : '; your own DOCKER_HOST is kept in terminals'}`);
    }
    md.appendMarkdown('\n\n$(server) Click to choose the engine (embedded or Docker).');
    this.item.tooltip = md;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

/**
 * The status bar item and the engine commands: `stevedore.engine.showStatus` (the Containers view,
 * the engine's reason why containers cannot run, or the daemon that cannot be reached; returns the
 * status), `stevedore.engine.choose` (the picker), `stevedore.engine.useEmbedded` and
 * `stevedore.engine.retry` (the unreachable-daemon welcome's buttons), and Copy to Docker / Copy to
 * Embedded Engine on an image.
 */
export function registerStatusBar(context: vscode.ExtensionContext, host: EngineHost): EngineStatusBar {
  const bar = new EngineStatusBar(host);
  context.subscriptions.push(
    vscode.commands.registerCommand('stevedore.engine.choose', (kind?: 'embedded' | 'docker') => chooseEngine(host, kind)),
    vscode.commands.registerCommand('stevedore.engine.useEmbedded', () => switchEngine(host, 'embedded')),
    vscode.commands.registerCommand('stevedore.engine.retry', async () => {
      const up = await host.retry();
      if (!up && host.unreachable) void vscode.window.showWarningMessage(`Still cannot reach the Docker daemon at ${host.unreachable.endpoint}: ${host.unreachable.reason}`);
      return up;
    }),
    vscode.commands.registerCommand('stevedore.images.copyToDocker', (node: Parameters<typeof copyImage>[1]) => copyImage(host, node, 'docker')),
    vscode.commands.registerCommand('stevedore.images.copyToEmbedded', (node: Parameters<typeof copyImage>[1]) => copyImage(host, node, 'embedded')),
  );
  context.subscriptions.push(bar, vscode.commands.registerCommand('stevedore.engine.showStatus', async (opts?: { quiet?: boolean }) => {
    const s = await bar.update();
    if (opts?.quiet) return s;
    if (s?.unreachable) {
      const u = s.unreachable;
      void vscode.window.showErrorMessage(`Cannot reach the Docker daemon at ${u.endpoint} (from ${u.from})`, {
        modal: false,
        detail: `${u.reason}\nStart the daemon, check DOCKER_HOST or the Docker context (\`docker context use\`), set stevedore.docker.host, or switch to the embedded engine.`,
      }, 'Retry', 'Use Embedded Engine', 'Docker Host Setting').then((c) => {
        if (c === 'Retry') void vscode.commands.executeCommand('stevedore.engine.retry');
        else if (c === 'Use Embedded Engine') void switchEngine(host, 'embedded');
        else if (c === 'Docker Host Setting') void vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.docker.host');
      });
      return s;
    }
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
