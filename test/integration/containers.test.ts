import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ContainerInspect, ContainerSummary } from '../../client/src/engine/container/api';
import type { LogsTerminal } from '../../client/src/ui/commands/containers';
import { INSPECT_SCHEME } from '../../client/src/ui/inspect';
import type { ContainerGroupNode, ContainerNode, MountNode, PortNode } from '../../client/src/ui/tree/containers';
import type { VolumeNode, VolumesNode } from '../../client/src/ui/tree/volumes';
import { cli } from '../support/containers';
import { makeBusyboxImage } from '../support/images';
import { api, containerNode, containerNodes, containersTree, engine, imageNode, imagesTree, nextChange, tooltipOf, until, volumesTree } from './helpers';

const IMAGE = 'ctr/app:1';
/** A container that runs until stopped and stops on TERM within a second (PID 1 ignores TERM without a trap). */
const TICKING_SCRIPT = 'trap "exit 0" TERM; while true; do echo tick; sleep 1; done';
const TICKING = `sh -c '${TICKING_SCRIPT}'`;

/** Creates and starts a container with the engine directly (the tree's input, not the command under test). */
async function runContainer(name: string, cmd: string[], extra: { publish?: string[]; binds?: string[] } = {}): Promise<string> {
  const e = await engine();
  const { Id } = await e.containers.create({ image: IMAGE, name, cmd, ...extra });
  await e.containers.start(Id);
  return Id;
}

async function state(id: string): Promise<ContainerInspect['State']> {
  return (await (await engine()).containers.inspect(id)).State;
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('the Containers and Volumes views with the embedded engine', function () {
  this.timeout(120_000);
  let scratch: string;
  let root: string;

  before(async function () {
    const caps = await (await (await api()).engineHost.get()).capabilities();
    if (!caps.containers.supported) {
      // The views then show the engine's reason (the e2e level checks that); nothing to run here.
      console.log(`containers cannot run here: ${caps.containers.reason}`);
      this.skip();
    }
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-it-containers-'));
    root = (await engine()).location;
    await makeBusyboxImage(root, IMAGE, { files: { 'var/www/index.html': 'hello from a stevedore container\n' } });
    await vscode.workspace.getConfiguration('stevedore').update('containers.groupBy', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('stevedore').update('containers.groupBy', undefined, vscode.ConfigurationTarget.Global);
    const e = await engine().catch(() => undefined);
    if (e) {
      for (const c of await e.containers.list({ all: true })) await e.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
      await e.volumes.prune({ all: true }).catch(() => undefined);
    }
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('Run on an image starts a detached container; the Containers tree shows it running (from the engine\'s event)', async () => {
    const tree = await containersTree();
    const changed = nextChange(tree, 'run');
    const id = await vscode.commands.executeCommand<string>('stevedore.images.run', await imageNode('ctr/app', '1'), TICKING);
    assert.match(id ?? '', /^[0-9a-f]{64}$/);
    const s = await state(id!);
    assert.equal(s.Running, true);
    await changed;
    const node = await containerNode(id!);
    const item = tree.getTreeItem(node);
    assert.equal(item.contextValue, 'container.running');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'vm-running');
    assert.equal(item.label, IMAGE);
    assert.match(String(item.description), new RegExp(`^${node.name} · Up `));
    const tooltip = await tooltipOf(tree, node);
    assert.ok(tooltip.includes(id!), 'the tooltip has the full ID');
    assert.ok(tooltip.includes('while true'), 'the tooltip has the command');
    await (await engine()).containers.rename(id!, 'ticker');
  });

  it('the tree\'s containers are the engine\'s (all states), with state icons and exit codes', async () => {
    const failed = await runContainer('failed', ['sh', '-c', 'exit 3']);
    await (await engine()).containers.wait(failed);
    const list = await (await engine()).containers.list({ all: true });
    const nodes = await containerNodes();
    assert.deepEqual(nodes.map((n) => n.id).sort(), list.map((c) => c.Id).sort());
    const tree = await containersTree();
    const item = tree.getTreeItem(await containerNode('failed'));
    assert.equal(item.contextValue, 'container.exited');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.match(String(item.description), /^failed · Exited \(3\) /);
  });

  it('groupBy state and image (setting stevedore.containers.groupBy) group the same containers', async () => {
    const tree = await containersTree();
    const config = vscode.workspace.getConfiguration('stevedore');
    const list = await (await engine()).containers.list({ all: true });
    try {
      let changed = nextChange(tree, 'groupBy state');
      await config.update('containers.groupBy', 'state', vscode.ConfigurationTarget.Global);
      await changed;
      const groups = (await tree.getChildren()) as ContainerGroupNode[];
      assert.deepEqual(groups.map((g) => g.name), ['Running', 'Exited']);
      assert.deepEqual(groups[0].containers.map((c) => c.name), ['ticker']);
      assert.deepEqual(groups[1].containers.map((c) => c.name), ['failed']);
      assert.deepEqual(await tree.getChildren(groups[1]), groups[1].containers);

      changed = nextChange(tree, 'groupBy image');
      await config.update('containers.groupBy', 'image', vscode.ConfigurationTarget.Global);
      await changed;
      const byImage = (await tree.getChildren()) as ContainerGroupNode[];
      assert.deepEqual(byImage.map((g) => g.name), [IMAGE]);
      assert.equal(byImage[0].containers.length, list.length);
      assert.equal(tree.getTreeItem(byImage[0]).description, String(list.length));
    } finally {
      await config.update('containers.groupBy', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok((await tree.getChildren()).every((n) => n.kind === 'container'));
  });

  it('View Logs opens a terminal that follows the log until the container stops', async () => {
    const id = await runContainer('talker', ['sh', '-c', 'echo first line; sleep 1; echo second line >&2; sleep 1; echo third line']);
    const pty = await vscode.commands.executeCommand<LogsTerminal>('stevedore.containers.logs', await containerNode('talker'));
    assert.ok(pty, 'the command returns the log terminal');
    assert.ok(vscode.window.terminals.includes(pty.terminal!), 'a terminal is open');
    assert.equal(pty.terminal!.name, 'Logs: talker');
    await until('the first line', () => pty.text.includes('first line'));
    assert.equal(pty.following, true);
    await pty.done;
    assert.match(pty.text, /first line\n[\s\S]*second line\n[\s\S]*third line\n/);
    assert.match(pty.text, /talker stopped \(exit code 0\)/);
    assert.equal((await state(id)).Running, false);
    pty.terminal!.dispose();
  });

  it('Pause, Unpause, Stop, Start, Restart and Kill change the state the engine reports and the tree shows', async () => {
    const tree = await containersTree();
    const id = (await containerNode('ticker')).id;
    const ctx = async () => tree.getTreeItem(await containerNode(id)).contextValue;

    await vscode.commands.executeCommand('stevedore.containers.pause', await containerNode(id));
    assert.equal((await state(id)).Paused, true);
    assert.equal(await ctx(), 'container.paused');
    assert.equal((tree.getTreeItem(await containerNode(id)).iconPath as vscode.ThemeIcon).id, 'debug-pause');

    await vscode.commands.executeCommand('stevedore.containers.unpause', await containerNode(id));
    assert.deepEqual([(await state(id)).Paused, (await state(id)).Running], [false, true]);
    assert.equal(await ctx(), 'container.running');

    await vscode.commands.executeCommand('stevedore.containers.stop', await containerNode(id));
    assert.equal((await state(id)).Running, false);
    assert.equal((await state(id)).ExitCode, 0);
    assert.equal(await ctx(), 'container.exited');

    await vscode.commands.executeCommand('stevedore.containers.start', await containerNode(id));
    const started = await state(id);
    assert.equal(started.Running, true);

    await vscode.commands.executeCommand('stevedore.containers.restart', await containerNode(id));
    const restarted = await state(id);
    assert.equal(restarted.Running, true);
    assert.notEqual(restarted.StartedAt, started.StartedAt);
    assert.notEqual(restarted.Pid, started.Pid);

    await vscode.commands.executeCommand('stevedore.containers.kill', await containerNode(id));
    await (await engine()).containers.wait(id);
    assert.equal((await state(id)).ExitCode, 137);
    assert.match(String(tree.getTreeItem(await containerNode(id)).description), /Exited \(137\)/);
    await vscode.commands.executeCommand('stevedore.containers.start', await containerNode(id));
    assert.equal((await state(id)).Running, true);
  });

  it('Start/Stop on a multi-selection act on every selected container', async () => {
    const a = await runContainer('multi-a', ['sh', '-c', TICKING_SCRIPT]);
    const b = await runContainer('multi-b', ['sh', '-c', TICKING_SCRIPT]);
    const nodes = [await containerNode(a), await containerNode(b)];
    const stopped = await vscode.commands.executeCommand<string[]>('stevedore.containers.stop', nodes[0], nodes);
    assert.deepEqual(stopped?.sort(), [a, b].sort());
    assert.deepEqual([(await state(a)).Running, (await state(b)).Running], [false, false]);
    await vscode.commands.executeCommand('stevedore.containers.remove', nodes[0], nodes);
    const left = (await (await engine()).containers.list({ all: true })).map((c) => c.Id);
    assert.ok(!left.includes(a) && !left.includes(b));
  });

  it('Inspect opens a read-only JSON document that refreshes when the container changes', async () => {
    const node = await containerNode('ticker');
    const json = await vscode.commands.executeCommand<ContainerInspect>('stevedore.containers.inspect', node);
    assert.equal(json?.Id, node.id);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'an editor is open');
    assert.equal(doc.uri.scheme, INSPECT_SCHEME);
    assert.equal(doc.languageId, 'json');
    const shown = JSON.parse(doc.getText()) as ContainerInspect[];
    assert.equal(shown[0].Id, node.id);
    assert.equal(shown[0].State.Running, true);
    // Read-only: a virtual document has no file system to save to.
    assert.equal(vscode.workspace.fs.isWritableFileSystem(INSPECT_SCHEME), undefined);
    const refreshed = new Promise<void>((resolve) => {
      const d = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === doc && (JSON.parse(e.document.getText()) as ContainerInspect[])[0].State?.Paused) { d.dispose(); resolve(); }
      });
    });
    await (await engine()).containers.pause(node.id);
    await Promise.race([refreshed, new Promise((_, reject) => setTimeout(() => reject(new Error('the inspect document did not refresh')), 10_000))]);
    await (await engine()).containers.unpause(node.id);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a published port and a volume mount are the container\'s children; Open in Browser reaches the port', async () => {
    const id = await runContainer('web', ['httpd', '-f', '-p', '80', '-h', '/var/www'], { publish: ['127.0.0.1::80'], binds: ['ctr-web-data:/data'] });
    const tree = await containersTree();
    const node = await containerNode(id);
    const item = tree.getTreeItem(node);
    assert.equal(item.contextValue, 'container.running.ports');
    const summary = (await (await engine()).containers.list({ all: true })).find((c) => c.Id === id) as ContainerSummary;
    const hostPort = summary.Ports[0].PublicPort!;
    assert.ok(String(item.description).endsWith(`127.0.0.1:${hostPort}->80/tcp`), String(item.description));
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const children = await tree.getChildren(node);
    const port = children.find((c) => c.kind === 'port') as PortNode;
    const mount = children.find((c) => c.kind === 'mount') as MountNode;
    assert.ok(port && mount, JSON.stringify(children.map((c) => c.kind)));
    assert.equal(tree.getTreeItem(port).label, '80/tcp');
    assert.equal(tree.getTreeItem(port).description, `127.0.0.1:${hostPort}`);
    assert.equal(tree.getTreeItem(mount).label, '/data');
    assert.match(String(tree.getTreeItem(mount).description), /volume ctr-web-data/);

    const url = await vscode.commands.executeCommand<string>('stevedore.containers.openInBrowser', port, false);
    assert.equal(url, `http://127.0.0.1:${hostPort}`);
    assert.equal(await until('httpd answers', () => httpGet(url!).catch(() => '')), 'hello from a stevedore container\n');
    // From the container itself (the first published TCP port), opening the browser for real.
    assert.equal(await vscode.commands.executeCommand<string>('stevedore.containers.openInBrowser', node), url);
  });

  it('Export… writes the container\'s file system as a tar', async () => {
    const file = path.join(scratch, 'web.tar');
    const r = await vscode.commands.executeCommand<string>('stevedore.containers.export', await containerNode('web'), vscode.Uri.file(file));
    assert.equal(r, file);
    const list = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    const entries = list.stdout.split('\n');
    for (const e of ['bin/busybox', 'var/www/index.html', 'etc/passwd']) assert.ok(entries.some((x) => x.replace(/^\.\//, '') === e), `${e} in the export`);
  });

  it('Commit… makes an image of the container\'s changes that runs with them', async () => {
    const id = await runContainer('committer', ['sh', '-c', 'echo committed-content > /marker']);
    await (await engine()).containers.wait(id);
    const imageId = await vscode.commands.executeCommand<string>('stevedore.containers.commit', await containerNode(id), 'ctr/committed:1');
    const e = await engine();
    const img = await e.images.inspect('ctr/committed:1');
    assert.equal(img.Id, imageId);
    const base = await e.images.inspect(IMAGE);
    assert.equal(img.RootFS.Layers.length, base.RootFS.Layers.length + 1);
    const { Id } = await e.containers.create({ image: 'ctr/committed:1', cmd: ['cat', '/marker'] });
    await e.containers.start(Id);
    await e.containers.wait(Id);
    let out = '';
    for await (const l of e.containers.logs(Id)) out += l.line.toString();
    assert.equal(out, 'committed-content\n');
    await imageNode('ctr/committed', '1');
  });

  it('Copy ID puts the full container ID on the clipboard', async () => {
    const node = await containerNode('web');
    await vscode.commands.executeCommand('stevedore.containers.copyId', node);
    assert.equal(await vscode.env.clipboard.readText(), node.id);
  });

  it('Refresh of the Containers and Volumes views reloads them', async () => {
    const containersChanged = nextChange(await containersTree(), 'Refresh Containers');
    await vscode.commands.executeCommand('stevedore.containers.refresh');
    await containersChanged;
    const volumesChanged = nextChange(await volumesTree(), 'Refresh Volumes');
    await vscode.commands.executeCommand('stevedore.volumes.refresh');
    await volumesChanged;
  });

  it('the Images view marks an image a container uses; container events refresh that row without listing the images again', async () => {
    const e = await engine();
    const marker = await makeBusyboxImage(e.location, 'ctr/marker:1', { files: { 'marker': 'in use' } });
    const images = await imagesTree();
    const iconOf = async () => ((images.getTreeItem(await imageNode('ctr/marker', '1')).iconPath) as vscode.ThemeIcon).id;
    await until('ctr/marker:1 in the Images tree, not in use', async () => (await iconOf()) === 'layers');
    // The image's own events are over (debounced); from here only container events come.
    await new Promise((r) => setTimeout(r, 500));
    const service = e.images as { list: typeof e.images.list };
    const list = service.list;
    let listings = 0;
    service.list = function (...args: Parameters<typeof list>) { listings++; return list.apply(this, args); };
    try {
      const rows = new Promise<unknown>((resolve) => {
        const d = images.onDidChangeTreeData!((changed) => { d.dispose(); resolve(changed); });
      });
      const { Id } = await e.containers.create({ image: 'ctr/marker:1', name: 'marker-user', cmd: ['true'] });
      const changed = await Promise.race([rows, new Promise((_, reject) => setTimeout(() => reject(new Error('the Images tree did not change after container create')), 10_000))]);
      assert.ok(Array.isArray(changed), `a change of rows, not of the whole tree: ${String(changed)}`);
      assert.ok((changed as Array<{ kind: string; image?: { id: string } }>).every((n) => n.kind === 'image' && n.image?.id === marker.id), 'only the image\'s rows');
      assert.equal(listings, 0, 'the images were not listed again for a container event');
      assert.equal(await iconOf(), 'package');
      assert.match(await tooltipOf(images, await imageNode('ctr/marker', '1')), /Containers \| 1 \|/);
      await e.containers.remove(Id);
      await until('the in-use marker to go', async () => (await iconOf()) === 'layers', 10_000);
    } finally {
      service.list = list;
    }
  });

  it('Remove takes a stopped container; a running one with Force', async () => {
    const e = await engine();
    const stopped = (await containerNode('failed')).id;
    await vscode.commands.executeCommand('stevedore.containers.remove', await containerNode('failed'));
    await assert.rejects(e.containers.inspect(stopped), /No such container/i);
    const running = (await containerNode('web')).id;
    assert.equal((await state(running)).Running, true);
    await vscode.commands.executeCommand('stevedore.containers.remove', await containerNode('web'), true);
    await assert.rejects(e.containers.inspect(running), /No such container/i);
    assert.ok(!(await containerNodes()).some((n) => n.id === running || n.id === stopped), 'gone from the tree');
    // The named volume outlives the container.
    assert.equal((await e.volumes.inspect('ctr-web-data')).Name, 'ctr-web-data');
  });

  it('Prune removes the stopped containers and keeps the running ones', async () => {
    const e = await engine();
    const done = await runContainer('short-lived', ['true']);
    await e.containers.wait(done);
    const running = (await e.containers.list()).map((c) => c.Id);
    assert.ok(running.length >= 1);
    const r = await vscode.commands.executeCommand<{ ContainersDeleted: string[] }>('stevedore.containers.prune', true);
    assert.ok(r?.ContainersDeleted.includes(done), JSON.stringify(r));
    const left = (await e.containers.list({ all: true })).map((c) => c.Id);
    assert.deepEqual(left.sort(), running.sort());
    assert.deepEqual((await containerNodes()).map((n) => n.id).sort(), left.sort());
  });

  it('a container started by the CLI (another process) appears in the tree through the event journal', async () => {
    const tree = await containersTree();
    const changed = nextChange(tree, 'CLI run');
    const r = cli(root, ['run', '-d', '--name', 'from-cli', IMAGE, 'sleep', '300']);
    assert.equal(r.status, 0, r.stderr);
    await changed;
    const node = await containerNode('from-cli');
    assert.equal(node.container.State, 'running');
    const removed = nextChange(tree, 'CLI rm');
    assert.equal(cli(root, ['rm', '-f', 'from-cli']).status, 0);
    await removed;
    assert.ok(!(await containerNodes()).some((n) => n.name === 'from-cli'));
  });

  describe('volumes', () => {
    async function volumeNode(name: string): Promise<VolumeNode> {
      const node = ((await (await volumesTree()).getChildren()) as VolumesNode[]).find((n) => n.kind === 'volume' && n.name === name) as VolumeNode | undefined;
      assert.ok(node, `volume ${name} is in the Volumes tree`);
      return node;
    }

    it('Create makes a volume; the tree lists the engine\'s volumes', async () => {
      const tree = await volumesTree();
      const changed = nextChange(tree, 'volume create');
      assert.equal(await vscode.commands.executeCommand('stevedore.volumes.create', 'it-volume'), 'it-volume');
      await changed;
      const e = await engine();
      assert.equal((await e.volumes.inspect('it-volume')).Driver, 'local');
      const names = ((await tree.getChildren()) as VolumeNode[]).map((n) => n.name);
      assert.deepEqual(names, (await e.volumes.list()).map((v) => v.Name));
      const item = tree.getTreeItem(await volumeNode('it-volume'));
      assert.equal(item.label, 'it-volume');
      assert.equal(item.description, 'local');
      assert.equal(item.contextValue, 'volume');
    });

    it('a volume in use says so and expands into the containers using it; Remove keeps it then', async () => {
      const id = await runContainer('vol-user', ['sh', '-c', TICKING_SCRIPT], { binds: ['it-volume:/data'] });
      const tree = await volumesTree();
      const node = await volumeNode('it-volume');
      const item = tree.getTreeItem(node);
      assert.equal(item.contextValue, 'volume.inUse');
      assert.match(String(item.description), /^local · in use \(1\)$/);
      const users = (await tree.getChildren(node)) as ContainerNode[];
      assert.deepEqual(users.map((u) => u.id), [id]);
      assert.equal(tree.getTreeItem(users[0]).contextValue, 'container.running');
      const removed = await vscode.commands.executeCommand<string[]>('stevedore.volumes.remove', node);
      assert.deepEqual(removed, []);
      assert.ok(await (await engine()).volumes.inspect('it-volume'));
      // Container commands work on the volume's container rows too.
      await vscode.commands.executeCommand('stevedore.containers.remove', users[0], true);
      assert.equal(tree.getTreeItem(await volumeNode('it-volume')).contextValue, 'volume');
    });

    it('Inspect opens the volume\'s JSON document', async () => {
      const json = await vscode.commands.executeCommand<{ Name: string; Mountpoint: string }>('stevedore.volumes.inspect', await volumeNode('it-volume'));
      assert.equal(json?.Name, 'it-volume');
      const doc = vscode.window.activeTextEditor!.document;
      assert.equal(doc.uri.scheme, INSPECT_SCHEME);
      assert.equal((JSON.parse(doc.getText()) as Array<{ Mountpoint: string }>)[0].Mountpoint, json!.Mountpoint);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('Remove deletes an unused volume', async () => {
      const removed = await vscode.commands.executeCommand<string[]>('stevedore.volumes.remove', await volumeNode('it-volume'));
      assert.deepEqual(removed, ['it-volume']);
      await assert.rejects((await engine()).volumes.inspect('it-volume'), /no such volume/);
      assert.ok(!((await (await volumesTree()).getChildren()) as VolumeNode[]).some((n) => n.name === 'it-volume'));
    });

    it('Prune removes unused volumes and keeps the ones in use', async () => {
      const e = await engine();
      await e.volumes.create({ name: 'unused-a' });
      await e.volumes.create({ name: 'kept-b' });
      const id = await runContainer('keeper', ['sleep', '300'], { binds: ['kept-b:/data'] });
      const r = await vscode.commands.executeCommand<{ VolumesDeleted: string[] }>('stevedore.volumes.prune', true, true);
      assert.ok(r?.VolumesDeleted.includes('unused-a'), JSON.stringify(r));
      assert.ok(!r!.VolumesDeleted.includes('kept-b'));
      const names = (await e.volumes.list()).map((v) => v.Name);
      assert.ok(names.includes('kept-b') && !names.includes('unused-a'));
      await e.containers.remove(id, { force: true });
    });

    it('a volume created by the CLI (another process) appears in the tree through the event journal', async () => {
      const tree = await volumesTree();
      const changed = nextChange(tree, 'CLI volume create');
      assert.equal(cli(root, ['volume', 'create', 'from-cli-volume']).status, 0);
      await changed;
      await volumeNode('from-cli-volume');
      const gone = nextChange(tree, 'CLI volume rm');
      assert.equal(cli(root, ['volume', 'rm', 'from-cli-volume']).status, 0);
      await gone;
      assert.ok(!((await tree.getChildren()) as VolumeNode[]).some((n) => n.name === 'from-cli-volume'));
    });
  });
});

