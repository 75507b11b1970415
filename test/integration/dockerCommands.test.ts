import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { Dockerd, startDockerd } from '../support/dockerd';
import { makeBusyboxImage } from '../support/images';
import { containerNode, containerNodes, containersTree, engine, findImageNode, imageNode, loadIntoDaemon, settings, until, volumesTree } from './helpers';

/**
 * With `stevedore.engine` = docker, the views and their commands drive a real dockerd (Debian's
 * docker.io on a temp socket, --bridge=none --iptables=false: containers use --network none): the
 * same tree nodes and commands as with the embedded engine, and what the daemon reports (through
 * the `docker` CLI) changes with them.
 */
const IMAGE = 'dockercmds/busybox:1';
const TICKING = 'trap "exit 0" TERM; while true; do echo tick; sleep 1; done';

describe('the views and commands on a Docker daemon (stevedore.engine = docker)', function () {
  this.timeout(180_000);
  let dockerd: Dockerd;
  const daemonState = async (id: string) => (await dockerd.docker(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', id])).trim();

  before(async () => {
    dockerd = await startDockerd();
    await vscode.commands.executeCommand('stevedore.engine.choose', 'embedded');
    const embedded = await engine();
    await makeBusyboxImage(embedded.location, IMAGE);
    await loadIntoDaemon(embedded, IMAGE, dockerd);
    await settings().update('docker.host', dockerd.host, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('stevedore.engine.choose', 'docker'), 'docker');
    assert.equal((await engine()).kind, 'docker');
  });

  after(async () => {
    await vscode.commands.executeCommand('stevedore.engine.choose', 'embedded');
    await settings().update('engine', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    await dockerd?.stop();
  });

  it('a container the daemon runs shows in the Containers tree; Pause, Unpause, Stop, Start, Restart, Kill and Remove change what the daemon reports', async () => {
    const id = (await dockerd.docker(['run', '-d', '--network', 'none', '--name', 'dk-ticker', IMAGE, 'sh', '-c', TICKING])).trim();
    await until('the daemon\'s container in the Containers tree', async () => (await containerNodes()).some((n) => n.id === id));
    const node = () => containerNode('dk-ticker');
    await vscode.commands.executeCommand('stevedore.containers.pause', await node());
    assert.equal(await daemonState(id), 'paused 0');
    await vscode.commands.executeCommand('stevedore.containers.unpause', await node());
    assert.equal(await daemonState(id), 'running 0');
    await vscode.commands.executeCommand('stevedore.containers.stop', await node());
    assert.equal(await daemonState(id), 'exited 0');
    await vscode.commands.executeCommand('stevedore.containers.start', await node());
    const startedAt = (await dockerd.docker(['inspect', '--format', '{{.State.StartedAt}}', id])).trim();
    assert.equal(await daemonState(id), 'running 0');
    await vscode.commands.executeCommand('stevedore.containers.restart', await node());
    assert.equal(await daemonState(id), 'running 0');
    assert.notEqual((await dockerd.docker(['inspect', '--format', '{{.State.StartedAt}}', id])).trim(), startedAt);
    await vscode.commands.executeCommand('stevedore.containers.kill', await node());
    await until('the kill to land', async () => (await daemonState(id)) === 'exited 137');
    const tree = await containersTree();
    await until('the tree to show the exit code', async () => /Exited \(137\)/.test(String(tree.getTreeItem(await node()).description)));
    await vscode.commands.executeCommand('stevedore.containers.remove', await node());
    assert.equal((await dockerd.docker(['ps', '-a', '-q', '--filter', `id=${id}`])).trim(), '');
    await until('the container to leave the tree', async () => !(await containerNodes()).some((n) => n.id === id));
  });

  it('Inspect, Tag and Remove on an image row act on the daemon\'s image', async () => {
    const row = await until('the daemon\'s image in the Images tree', () => findImageNode('dockercmds/busybox', '1'));
    const json = await vscode.commands.executeCommand<{ Id: string }>('stevedore.images.inspect', row);
    assert.equal(json?.Id, (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', IMAGE])).trim());
    await vscode.commands.executeCommand('stevedore.images.tag', row, 'dockercmds/extra:2');
    assert.match(await dockerd.docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']), /^dockercmds\/extra:2$/m);
    const extra = await until('the new tag in the Images tree', () => findImageNode('dockercmds/extra', '2'));
    await vscode.commands.executeCommand('stevedore.images.remove', extra);
    assert.doesNotMatch(await dockerd.docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']), /dockercmds\/extra/);
    assert.ok(await imageNode('dockercmds/busybox', '1'), 'the image itself stays');
  });

  it('Create and Remove in the Volumes view make and delete the daemon\'s volume; Prune removes the stopped containers', async () => {
    assert.equal(await vscode.commands.executeCommand('stevedore.volumes.create', 'dk-volume'), 'dk-volume');
    assert.match(await dockerd.docker(['volume', 'ls', '--format', '{{.Name}}']), /^dk-volume$/m);
    const tree = await volumesTree();
    const vol = await until('the volume in the Volumes tree', async () => (await tree.getChildren()).find((n) => n.kind === 'volume' && n.name === 'dk-volume'));
    await vscode.commands.executeCommand('stevedore.volumes.remove', vol);
    assert.doesNotMatch(await dockerd.docker(['volume', 'ls', '--format', '{{.Name}}']), /dk-volume/);

    const done = (await dockerd.docker(['run', '-d', '--network', 'none', IMAGE, 'true'])).trim();
    const running = (await dockerd.docker(['run', '-d', '--network', 'none', IMAGE, 'sleep', '60'])).trim();
    await dockerd.docker(['wait', done]);
    await vscode.commands.executeCommand('stevedore.containers.prune', true);
    const left = (await dockerd.docker(['ps', '-a', '-q', '--no-trunc'])).split('\n').filter(Boolean);
    assert.ok(!left.includes(done), 'the exited container is pruned');
    assert.ok(left.includes(running), 'the running one stays');
    await dockerd.docker(['rm', '-f', running]);
  });
});
