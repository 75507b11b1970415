import * as vscode from 'vscode';
import type { AttachStreams, ContainerSummary } from '../../../engine/container/api';
import { isEngineError } from '../../../core/errors';
import { humanSize } from '../../../core/format';
import type { EngineHost } from '../../engineHost';
import type { Engine } from '../../../engine/engine';
import type { InspectDocumentProvider } from '../../inspect';
import { ContainerTerminal } from '../../terminal';
import { ContainerNode, containerName, MountNode, PortNode, publishedPorts } from '../../tree/containers';
import type { ContainersTreeProvider } from '../../tree/containers';
import type { ImageTagNode } from '../../tree/images';
import { showError } from '../images';
import { registerFilterCommands } from '../../tree/filter';

/** What container commands accept: a tree node (container, its port or mount), an ID or name. */
type ContainerTarget = ContainerNode | PortNode | MountNode | string;

function targetId(t: ContainerTarget): string {
  if (typeof t === 'string') return t;
  return t.kind === 'container' ? t.id : t.container.id;
}

function targetLabel(t: ContainerTarget): string {
  if (typeof t === 'string') return t.length === 64 ? t.slice(0, 12) : t;
  return t.kind === 'container' ? t.name : t.container.name;
}

/**
 * The targets of a command: the selection when the user ran it on a multi-selection (VS Code
 * passes the clicked node and the selected nodes), else the node it was run on.
 */
function targetsOf(node: ContainerTarget | undefined, selected: unknown): ContainerTarget[] {
  if (Array.isArray(selected) && selected.length > 0) return selected.filter((n): n is ContainerNode => n?.kind === 'container');
  return node ? [node] : [];
}

/**
 * Container actions of the Containers view and the palette: logs, lifecycle (start, stop,
 * restart, pause, unpause, kill, remove), inspect, open in browser, export, commit, copy ID,
 * prune; and Run on an image of the Images view.
 */
export function registerContainerCommands(context: vscode.ExtensionContext, host: EngineHost, tree: ContainersTreeProvider, inspect: InspectDocumentProvider): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  const logs = new Map<string, LogsTerminal>();
  context.subscriptions.push({ dispose: () => { for (const t of logs.values()) t.close(); } });

  /** The node(s) the command runs on; from the palette (no node) a quick pick of the containers whose state fits. */
  async function resolveTargets(node: ContainerTarget | undefined, selected: unknown, title: string, states?: Array<ContainerSummary['State']>, many = true): Promise<ContainerTarget[]> {
    const t = targetsOf(node, selected);
    if (t.length) return t;
    const engine = await host.get();
    const list = (await engine.containers.list({ all: true })).filter((c) => !states || states.includes(c.State));
    if (!list.length) {
      void vscode.window.showInformationMessage(`${title}: no ${states ? states.join(' or ') + ' ' : ''}containers`);
      return [];
    }
    const items = list.map((c) => ({ label: containerName(c), description: `${c.Image} · ${c.Status}`, node: new ContainerNode(c) }));
    if (many) return ((await vscode.window.showQuickPick(items, { title, canPickMany: true })) ?? []).map((i) => i.node);
    const one = await vscode.window.showQuickPick(items, { title });
    return one ? [one.node] : [];
  }

  /** Runs `fn` on every target under a window progress; an error is shown per target, the others go on. Returns the IDs that succeeded. */
  async function each(title: string, targets: ContainerTarget[], fn: (engine: Engine, id: string) => Promise<unknown>): Promise<string[]> {
    if (!targets.length) return [];
    const engine = await host.get();
    const done: string[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `${title} ${targets.map(targetLabel).join(', ')}` }, async () => {
      await Promise.all(targets.map(async (t) => {
        try {
          await fn(engine, targetId(t));
          done.push(targetId(t));
        } catch (e) {
          void showError(`${title} ${targetLabel(t)} failed`, e);
        }
      }));
    });
    tree.refresh();
    return done;
  }

  reg('stevedore.containers.refresh', () => tree.refresh());

  // `filter(text?)`: only containers whose name, image, ID, state or status contains `text`; '' clears.
  registerFilterCommands(context, 'containers', tree, 'Filter Containers', 'Name, image, ID or state (empty clears the filter)');

  reg('stevedore.containers.start', async (node?: ContainerTarget, selected?: unknown) =>
    each('Starting', await resolveTargets(node, selected, 'Start Containers', ['created', 'exited', 'dead']), (e, id) => e.containers.start(id)));
  reg('stevedore.containers.stop', async (node?: ContainerTarget, selected?: unknown) =>
    each('Stopping', await resolveTargets(node, selected, 'Stop Containers', ['running', 'paused', 'restarting']), (e, id) => e.containers.stop(id)));
  reg('stevedore.containers.restart', async (node?: ContainerTarget, selected?: unknown) =>
    each('Restarting', await resolveTargets(node, selected, 'Restart Containers'), (e, id) => e.containers.restart(id)));
  reg('stevedore.containers.pause', async (node?: ContainerTarget, selected?: unknown) =>
    each('Pausing', await resolveTargets(node, selected, 'Pause Containers', ['running']), (e, id) => e.containers.pause(id)));
  reg('stevedore.containers.unpause', async (node?: ContainerTarget, selected?: unknown) =>
    each('Unpausing', await resolveTargets(node, selected, 'Unpause Containers', ['paused']), (e, id) => e.containers.unpause(id)));
  reg('stevedore.containers.kill', async (node?: ContainerTarget, selected?: unknown) =>
    each('Killing', await resolveTargets(node, selected, 'Kill Containers', ['running', 'paused', 'restarting']), (e, id) => e.containers.kill(id, 'KILL')));

  /** `remove(node, force?)` or `remove(node, selectedNodes)`: a running container needs Force, which the user confirms. */
  reg('stevedore.containers.remove', async (node?: ContainerTarget, selectedOrForce?: unknown) => {
    const force = selectedOrForce === true;
    const targets = await resolveTargets(node, selectedOrForce, 'Remove Containers');
    if (!targets.length) return [];
    const engine = await host.get();
    const states = await Promise.all(targets.map((t) => engine.containers.inspect(targetId(t)).then((i) => i.State, () => undefined)));
    const running = targets.filter((_, i) => states[i]?.Running || states[i]?.Restarting);
    let forceRunning = force;
    if (running.length && !force) {
      const what = running.length === 1 ? `Container ${targetLabel(running[0])} is ${states[targets.indexOf(running[0])]?.Paused ? 'paused' : 'running'}.` : `${running.length} of the containers are running.`;
      const choice = await vscode.window.showWarningMessage(`${what} Force remove (kill it first)?`, { modal: true, detail: 'The container is killed and removed with its file system changes; named volumes stay.' }, 'Force Remove');
      if (choice !== 'Force Remove') return [];
      forceRunning = true;
    }
    return each('Removing', targets, (e, id) => e.containers.remove(id, { force: forceRunning }));
  });

  reg('stevedore.containers.inspect', async (node?: ContainerTarget) => {
    const [t] = await resolveTargets(node, undefined, 'Inspect Container', undefined, false);
    if (!t) return undefined;
    try {
      return await inspect.show('container', targetId(t), targetLabel(t));
    } catch (e) {
      void showError(`Inspecting ${targetLabel(t)} failed`, e);
      return undefined;
    }
  });

  /** Opens a terminal that follows the container's log (`logs -f`); returns it (its `text` is what it showed). */
  reg('stevedore.containers.logs', async (node?: ContainerTarget) => {
    const [t] = await resolveTargets(node, undefined, 'View Logs', undefined, false);
    if (!t) return undefined;
    const engine = await host.get();
    const id = (await engine.containers.inspect(targetId(t))).Id;
    const existing = logs.get(id);
    if (existing?.following) {
      existing.terminal?.show();
      return existing;
    }
    existing?.close();
    const pty = new LogsTerminal(engine, id, targetLabel(t));
    logs.set(id, pty);
    pty.terminal = vscode.window.createTerminal({ name: `Logs: ${targetLabel(t)}`, pty, iconPath: new vscode.ThemeIcon('output') });
    pty.terminal.show();
    const closing = vscode.window.onDidCloseTerminal((closed) => {
      if (closed !== pty.terminal) return;
      closing.dispose();
      pty.close();
      if (logs.get(id) === pty) logs.delete(id);
    });
    return pty;
  });

  /** `openInBrowser(node, open = true)`: the first published TCP port of a container, or the port clicked. Returns the URL. */
  reg('stevedore.containers.openInBrowser', async (node?: ContainerTarget, open: unknown = true) => {
    const [t] = await resolveTargets(node, undefined, 'Open in Browser', ['running', 'paused'], false);
    if (!t) return undefined;
    let url: string | undefined;
    if (typeof t !== 'string' && t.kind === 'port') url = t.url;
    else {
      const engine = await host.get();
      const summary = (await engine.containers.list({ all: true, filters: { id: [targetId(t)] } }))[0]
        ?? (await engine.containers.list({ all: true })).find((c) => containerName(c) === targetId(t));
      const ports = summary ? publishedPorts(summary).filter((p) => p.Type === 'tcp') : [];
      if (!summary || !ports.length) {
        void vscode.window.showInformationMessage(`${targetLabel(t)} publishes no TCP port. Run it with -p (for example: stevedore run -d -p 8080:80 IMAGE).`);
        return undefined;
      }
      const pick = ports.length === 1 ? ports[0] : (await vscode.window.showQuickPick(ports.map((p) => ({ label: `${p.PrivatePort}/${p.Type}`, description: `${p.IP}:${p.PublicPort}`, p })), { title: 'Open which port?' }))?.p;
      if (!pick) return undefined;
      url = new PortNode(new ContainerNode(summary), pick).url;
    }
    if (open !== false) await vscode.env.openExternal(vscode.Uri.parse(url));
    return url;
  });

  reg('stevedore.containers.export', async (node?: ContainerTarget, target?: vscode.Uri) => {
    const [t] = await resolveTargets(node, undefined, 'Export Container', undefined, false);
    if (!t) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target ??= await vscode.window.showSaveDialog({ title: `Export ${targetLabel(t)}'s file system`, filters: { 'Tar archive': ['tar'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, `${targetLabel(t)}.tar`) : undefined });
    if (!target) return undefined;
    const engine = await host.get();
    const fs = await import('fs');
    const tmp = `${target.fsPath}.tmp-${process.pid}`;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${targetLabel(t)}`, cancellable: true }, async (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        await engine.containers.export(targetId(t), fs.createWriteStream(tmp), { signal: abort.signal });
      });
      fs.renameSync(tmp, target.fsPath);
      return target.fsPath;
    } catch (e) {
      if (!isEngineError(e, 'cancelled')) void showError(`Exporting ${targetLabel(t)} failed`, e);
      return undefined;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });

  /** `commit(node, reference?)`: the container's changes as a new image tagged `reference`. Returns the image ID. */
  reg('stevedore.containers.commit', async (node?: ContainerTarget, reference?: string) => {
    const [t] = await resolveTargets(node, undefined, 'Commit Container', undefined, false);
    if (!t) return undefined;
    reference ??= await vscode.window.showInputBox({
      title: `Commit ${targetLabel(t)}`, prompt: 'Image reference for the new image (repository[:tag])', placeHolder: 'myapp:snapshot', ignoreFocusOut: true,
      validateInput: (v) => (v && !/^[a-z0-9]+([._/:-][a-zA-Z0-9_.-]+)*(@sha256:[0-9a-f]{64})?$/.test(v) ? 'repository[:tag], lowercase repository' : undefined),
    });
    if (reference === undefined) return undefined;
    const engine = await host.get();
    try {
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Committing ${targetLabel(t)}${reference ? ` as ${reference}` : ''}` },
        () => engine.containers.commit(targetId(t), reference ? { reference } : {}));
      void vscode.window.showInformationMessage(`Committed ${targetLabel(t)} as ${reference || r.Id.slice(7, 19)}`);
      return r.Id;
    } catch (e) {
      void showError(`Committing ${targetLabel(t)} failed`, e);
      return undefined;
    }
  });

  reg('stevedore.containers.copyId', async (node?: ContainerTarget) => {
    const [t] = await resolveTargets(node, undefined, 'Copy Container ID', undefined, false);
    if (!t) return undefined;
    const id = typeof t === 'string' ? (await (await host.get()).containers.inspect(t)).Id : targetId(t);
    await vscode.env.clipboard.writeText(id);
    return id;
  });

  /** `prune(confirmed?)`: removes every stopped container. */
  reg('stevedore.containers.prune', async (confirmed?: boolean) => {
    if (confirmed !== true) {
      const pick = await vscode.window.showWarningMessage('Remove all stopped containers?', { modal: true, detail: 'Exited and created containers are removed with their file system changes; named volumes stay.' }, 'Remove');
      if (pick !== 'Remove') return undefined;
    }
    const engine = await host.get();
    try {
      const r = await engine.containers.prune();
      void vscode.window.showInformationMessage(`Removed ${r.ContainersDeleted.length} container(s), reclaimed ${humanSize(r.SpaceReclaimed)}`);
      return r;
    } catch (e) {
      void showError('Pruning containers failed', e);
      return undefined;
    } finally {
      tree.refresh();
    }
  });

  /**
   * `attachShell(node, shell?)`: `exec -it` of a shell (bash when the container has it, else sh)
   * in a VS Code terminal. Returns the ContainerTerminal (the Pseudoterminal) it created.
   */
  reg('stevedore.containers.attachShell', async (node?: ContainerTarget, shell?: string[] | string) => {
    const [t] = await resolveTargets(node, undefined, 'Attach Shell', ['running'], false);
    if (!t) return undefined;
    const engine = await host.get();
    let id: string;
    try {
      const info = await engine.containers.inspect(targetId(t));
      if (!info.State.Running || info.State.Paused) throw new Error(`container ${targetLabel(t)} is ${info.State.Paused ? 'paused' : 'not running'}: start it first`);
      id = info.Id;
    } catch (e) {
      void showError(`Attach Shell to ${targetLabel(t)} failed`, e);
      return undefined;
    }
    const cmd = typeof shell === 'string' ? splitCommand(shell) : shell?.length ? shell : DEFAULT_SHELL;
    const label = targetLabel(t);
    const pty = new ContainerTerminal(`Shell: ${label}`, async ({ stdin, stdout, terminal, signal }) =>
      (await engine.containers.exec(id, { cmd, tty: true, stdin, stdout, stderr: stdout, terminal, signal })).ExitCode);
    pty.terminal = vscode.window.createTerminal({ name: `Shell: ${label}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
    pty.terminal.show();
    return pty;
  });

  /**
   * The image, its label and the command for Run / Run Interactive: from the tree item or a
   * reference (asked for when missing), the command asked for with the image's default shown.
   */
  const runTarget = async (node: ImageTagNode | string | undefined, command: string | undefined, title: string, commandTitle: (label: string) => string, placeHolder: string) => {
    let image = typeof node === 'string' ? node : node ? node.fullTag ?? node.image.id : undefined;
    image ??= await vscode.window.showInputBox({ title, prompt: 'Image reference', placeHolder: 'busybox:latest', ignoreFocusOut: true });
    if (!image) return undefined;
    const engine = await host.get();
    const label = typeof node === 'object' && node.fullTag ? `${node.repository}:${node.tag}` : image.startsWith('sha256:') ? image.slice(7, 19) : image;
    if (command === undefined) {
      const cfg = (await engine.images.inspect(image).catch(() => undefined))?.Config;
      const dflt = [...(cfg?.Entrypoint ?? []), ...(cfg?.Cmd ?? [])].join(' ');
      command = await vscode.window.showInputBox({ title: commandTitle(label), prompt: `Command (empty: the image's default${dflt ? `, ${dflt}` : ''})`, placeHolder: dflt || placeHolder, ignoreFocusOut: true });
      if (command === undefined) return undefined;
    }
    return { image, label, engine, command };
  };

  /**
   * `images.runInteractive(node | reference, command?)`: `run -it --rm` in a VS Code terminal: a
   * TTY container with stdin open, started attached; removed when it exits (or is killed when the
   * terminal is closed first). Returns the ContainerTerminal; its `containerId` names the container.
   */
  reg('stevedore.images.runInteractive', async (node?: ImageTagNode | string, command?: string) => {
    const target = await runTarget(node, command, 'Run Interactive', (label) => `Run ${label} interactively (-it --rm)`, 'sh');
    if (!target) return undefined;
    const { image, label, engine } = target;
    command = target.command;
    let cmd: string[];
    let id: string;
    try {
      cmd = splitCommand(command);
      id = (await engine.containers.create({ image, tty: true, openStdin: true, autoRemove: true, ...(cmd.length ? { cmd } : {}) })).Id;
    } catch (e) {
      void showError(`Running ${label} failed`, e);
      return undefined;
    } finally {
      tree.refresh();
    }
    const name = containerLabel(await engine.containers.inspect(id).catch(() => undefined), id);
    const remove = () => engine.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
    const pty = new ContainerTerminal(`${label} (${name})`, async ({ stdin, stdout, terminal, signal }) => {
      const streams: AttachStreams = { stdin, stdout, stderr: stdout, terminal, signal };
      const attached = engine.containers as typeof engine.containers & { startAttached?(id: string, s: AttachStreams): Promise<{ StatusCode: number }> };
      if (attached.startAttached) return (await attached.startAttached(id, streams)).StatusCode;
      // An engine without start-attached: attach right after start (the first bytes may be missed).
      await engine.containers.start(id);
      const r = await engine.containers.attach(id, streams);
      return r.StatusCode ?? (await engine.containers.wait(id)).StatusCode;
    }, {
      // --rm: the supervisor removes it; this makes sure it is gone before the terminal closes
      // (also after a start failure, when the supervisor never ran).
      onExit: async () => { await remove(); tree.refresh(); },
      onClosedByUser: async () => { await remove(); tree.refresh(); },
    });
    pty.containerId = id;
    pty.terminal = vscode.window.createTerminal({ name: `Run: ${label}`, pty, iconPath: new vscode.ThemeIcon('vm-running') });
    pty.terminal.show();
    return pty;
  });

  /** `images.run(node | reference, command?)`: creates and starts a detached container; `command` empty keeps the image's CMD. Returns its ID. */
  reg('stevedore.images.run', async (node?: ImageTagNode | string, command?: string) => {
    const target = await runTarget(node, command, 'Run Image', (label) => `Run ${label} (detached)`, 'sh -c "…"');
    if (!target) return undefined;
    const { image, label, engine } = target;
    command = target.command;
    let cmd: string[];
    try {
      cmd = splitCommand(command);
    } catch (e) {
      void showError(`Running ${label} failed`, e);
      return undefined;
    }
    try {
      const { Id } = await engine.containers.create({ image, ...(cmd.length ? { cmd } : {}) });
      try {
        await engine.containers.start(Id);
      } catch (e) {
        void showError(`Starting the container of ${label} failed (it stays, created)`, e);
        return Id;
      }
      return Id;
    } catch (e) {
      void showError(`Running ${label} failed`, e);
      return undefined;
    } finally {
      tree.refresh();
    }
  });
}

/** The shell Attach Shell runs: bash when the container has it, else sh. */
const DEFAULT_SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; fi; exec sh'];

function containerLabel(info: { Name: string } | undefined, id: string): string {
  return info?.Name ? info.Name.replace(/^\//, '') : id.slice(0, 12);
}

/** Splits a command line into argv like a POSIX shell's words: quotes and backslashes, no expansion. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else cur += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in the command`);
  if (inWord) out.push(cur);
  return out;
}

/**
 * A terminal that follows a container's log like `logs -f`: stdout as is, stderr in red. When the
 * container stops, it says so and stays open. `text` keeps what it showed (without colours).
 */
export class LogsTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly abort = new AbortController();
  private opened = false;
  private pending = '';
  terminal?: vscode.Terminal;
  /** What the terminal showed so far (the last MiB), for tests and copy. */
  text = '';
  following = true;
  /** Settles when the log ends (the container stopped) or the terminal closed. */
  readonly done: Promise<void>;

  constructor(private readonly engine: Engine, readonly id: string, readonly label: string) {
    this.done = this.follow();
  }

  private async follow(): Promise<void> {
    try {
      for await (const l of this.engine.containers.logs(this.id, { follow: true, signal: this.abort.signal })) {
        if (this.abort.signal.aborted) break;
        const s = l.line.toString('utf8');
        this.emit(s, l.stream === 'stderr' ? '\x1b[31m' : '');
      }
      if (!this.abort.signal.aborted) {
        const state = (await this.engine.containers.inspect(this.id).catch(() => undefined))?.State;
        this.emit(`\n--- ${this.label} ${state ? `stopped (exit code ${state.ExitCode})` : 'is gone'}; the log ends here ---\n`, '\x1b[2m');
      }
    } catch (e) {
      if (!this.abort.signal.aborted) this.emit(`\n--- reading the log of ${this.label} failed: ${e instanceof Error ? e.message : String(e)} ---\n`, '\x1b[31m');
    } finally {
      this.following = false;
    }
  }

  private emit(s: string, colour: string): void {
    this.text = (this.text + s).slice(-1024 * 1024);
    const data = (colour ? colour + s + '\x1b[0m' : s).replace(/\r?\n/g, '\r\n');
    if (this.opened) this.writeEmitter.fire(data);
    else this.pending += data;
  }

  open(): void {
    this.opened = true;
    if (this.pending) this.writeEmitter.fire(this.pending);
    this.pending = '';
  }

  close(): void {
    this.abort.abort();
  }

  handleInput(data: string): void {
    // Ctrl-C stops following (the terminal stays so the log can be read).
    if (data === '\x03' && this.following) {
      this.abort.abort();
      this.emit('\n--- stopped following ---\n', '\x1b[2m');
    }
  }
}
