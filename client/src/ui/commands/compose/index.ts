import { execFile } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DockerApiHost } from '../../dockerApi';
import type { EngineHost } from '../../engineHost';

const COMPOSE_FILE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i;

/** Whether `cmd args` runs and exits 0 (in the background: the extension host is not held while it answers). */
const answers = (cmd: string, args: string[]) => new Promise<boolean>((resolve) => execFile(cmd, args, { timeout: 5000 }, (err) => resolve(!err)));

/** The compose tool the user has: `docker compose` (the plugin) where it answers, else `docker-compose`. */
export async function composeTool(): Promise<string[] | undefined> {
  if (await answers('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (await answers('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Compose Up / Up (detached) / Down / Logs on a compose file: the user's compose tool in a VS Code
 * terminal, with DOCKER_HOST at the Docker API Stevedore serves for the embedded engine (with
 * the Docker engine, the terminal keeps the daemon the user's environment names).
 */
export function registerComposeCommands(context: vscode.ExtensionContext, host: EngineHost, api: DockerApiHost): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  async function target(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (uri instanceof vscode.Uri) return uri;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && COMPOSE_FILE.test(path.basename(active.fsPath))) return active;
    const found = await vscode.workspace.findFiles('**/{docker-compose,compose}*.{yml,yaml}', '**/node_modules/**', 50);
    if (found.length === 1) return found[0];
    if (!found.length) {
      void vscode.window.showInformationMessage('No compose file (docker-compose.yml, compose.yaml ...) in this workspace');
      return undefined;
    }
    return (await vscode.window.showQuickPick(found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { title: 'Compose file' }))?.uri;
  }

  /** Runs `tool -f FILE ...args` in a terminal; returns the terminal (undefined when no tool or no file). */
  async function run(args: string[], uri?: vscode.Uri): Promise<vscode.Terminal | undefined> {
    const file = await target(uri);
    if (!file) return undefined;
    const tool = await composeTool();
    if (!tool) {
      void vscode.window.showErrorMessage('No compose tool found: install docker-compose (Debian/Ubuntu: sudo apt-get install docker-compose) or the Docker Compose plugin (docker compose).');
      return undefined;
    }
    const engine = await host.get();
    if (engine.kind === 'embedded') await api.refresh();
    const served = engine.kind === 'embedded' ? api.status : undefined;
    if (engine.kind === 'embedded' && !served) {
      void vscode.window.showErrorMessage('The Docker API for the embedded engine is not served (setting stevedore.dockerApi.enabled): compose needs it.');
      return undefined;
    }
    const env: Record<string, string> = served ? { DOCKER_HOST: served.host } : {};
    const dir = path.dirname(file.fsPath);
    const term = vscode.window.createTerminal({ name: `Compose: ${path.basename(dir)}`, cwd: dir, env });
    term.show();
    term.sendText([...tool, '-f', file.fsPath, ...args].map(quote).join(' '));
    return term;
  }

  reg('stevedore.compose.up', (uri?: vscode.Uri) => run(['up'], uri));
  reg('stevedore.compose.upDetached', (uri?: vscode.Uri) => run(['up', '-d'], uri));
  reg('stevedore.compose.down', (uri?: vscode.Uri) => run(['down'], uri));
  reg('stevedore.compose.logs', (uri?: vscode.Uri) => run(['logs', '-f'], uri));
}
