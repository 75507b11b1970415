import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { ImagesNode, ImageTagNode } from '../../client/src/ui/tree/images';
import { Dockerd, startDockerd } from '../support/dockerd';
import { makeBusyboxImage } from '../support/images';
import { api, findImageNode, imagesTree, settings, until } from './helpers';

/**
 * The engine choice in the real extension host, against a real dockerd (Debian's docker.io on a
 * temp socket, started here like the registry other tests start): Copy to Docker from the
 * embedded engine, the picker switching the views to the daemon, the daemon stopping (the
 * welcome content's context says which endpoint failed and why) and coming back (the views
 * recover on their own), and Copy to Embedded Engine from the daemon.
 */

async function roots(): Promise<ImagesNode[]> {
  return (await imagesTree()).getChildren();
}

describe('engines: the picker, a daemon that goes away and comes back, copying images between engines', function () {
  this.timeout(180_000);
  let dockerd: Dockerd;

  before(async () => {
    dockerd = await startDockerd();
    const { engineHost } = await api();
    await vscode.commands.executeCommand('stevedore.engine.choose', 'embedded');
    await settings().update('docker.host', dockerd.host, vscode.ConfigurationTarget.Global);
    const engine = await engineHost.get();
    assert.equal(engine.kind, 'embedded');
    await makeBusyboxImage(engine.location, 'engines/busybox:1');
  });

  after(async () => {
    await settings().update('engine', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    await (await api()).engineHost.get().catch(() => undefined);
    await dockerd?.stop();
  });

  it('Copy to Docker (offered once the daemon answers) streams an embedded image into the daemon', async () => {
    const { engineHost } = await api();
    await until('the daemon to be seen as reachable (Copy to Docker offered)', () => engineHost.dockerReachable === true);
    let node: ImageTagNode | undefined;
    await until('the image in the Images tree', async () => !!(node = await findImageNode('engines/busybox', '1')));
    const names = await vscode.commands.executeCommand<string[]>('stevedore.images.copyToDocker', node);
    assert.ok(names?.some((n) => /engines\/busybox:1$/.test(n)), JSON.stringify(names));
    const ls = await dockerd.docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
    assert.match(ls, /^engines\/busybox:1 /m);
    const id = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', 'engines/busybox:1'])).trim();
    assert.equal(id, node!.image.id, 'the same image ID in both engines');
  });

  it('Choose Engine → Docker: the views show the daemon (the Images tree lists its images), the status bar names it', async () => {
    const { engineHost, statusBar } = await api();
    await dockerd.docker(['tag', 'engines/busybox:1', 'engines/daemon-only:7']);
    assert.equal(await vscode.commands.executeCommand('stevedore.engine.choose', 'docker'), 'docker');
    assert.equal(settings().get('engine'), 'docker');
    const engine = await engineHost.get();
    assert.equal(engine.kind, 'docker');
    assert.equal(engine.location, dockerd.host);
    await until('the daemon-only tag in the Images tree', async () => !!(await findImageNode('engines/daemon-only', '7')));
    const status = await statusBar.update();
    assert.equal(status?.kind, 'docker');
    assert.equal(status?.unreachable, undefined);
    assert.match(statusBar.item.text, /Stevedore: docker/);
    assert.equal(statusBar.item.command, 'stevedore.engine.choose');
  });

  it('the daemon stopping: the welcome context names the endpoint and why; its coming back: the tree recovers on its own', async () => {
    const { engineHost, statusBar } = await api();
    await dockerd.pause();
    await until('the daemon to be marked unreachable', () => engineHost.unreachable?.cause === 'no-socket', 30_000);
    const u = engineHost.unreachable!;
    assert.equal(u.endpoint, dockerd.host, 'the endpoint that failed');
    assert.equal(u.source, 'setting');
    assert.match(u.reason, /Cannot connect to the Docker daemon at unix:\/\/.*docker\.sock \(from the stevedore\.docker\.host setting\)/);
    // The views are empty (so their welcome content, `when: stevedore.engine.unreachable`, shows) instead of failing.
    await until('an empty Images tree', async () => (await roots()).length === 0);
    await until('the status bar to say unreachable', async () => /unreachable/.test(statusBar.item.text));
    assert.match((statusBar.item.tooltip as vscode.MarkdownString).value, new RegExp(dockerd.host.replace(/[/.]/g, '\\$&')));
    await dockerd.resume();
    await until('the daemon to be reachable again', () => engineHost.unreachable === undefined, 60_000);
    await until('the Images tree to list the daemon\'s images again', async () => !!(await findImageNode('engines/daemon-only', '7')), 30_000);
    // The status bar refreshes on its own schedule after the engine comes back, not with the tree.
    await until('the status bar to stop saying unreachable', async () => !/unreachable/.test(statusBar.item.text), 30_000);
  });

  it('Copy to Embedded Engine streams a daemon image into the embedded engine', async () => {
    const { engineHost } = await api();
    let node: ImageTagNode | undefined;
    await until('the image in the Images tree', async () => !!(node = await findImageNode('engines/daemon-only', '7')));
    const names = await vscode.commands.executeCommand<string[]>('stevedore.images.copyToEmbedded', node);
    assert.ok(names?.some((n) => /engines\/daemon-only:7$/.test(n)), JSON.stringify(names));
    const embedded = await engineHost.otherEngine();
    assert.equal(embedded.kind, 'embedded');
    assert.equal((await embedded.images.inspect('engines/daemon-only:7')).Id, node!.image.id);
  });

  it('Use the Embedded Engine (the welcome button) switches back', async () => {
    const { engineHost } = await api();
    await vscode.commands.executeCommand('stevedore.engine.useEmbedded');
    const engine = await engineHost.get();
    assert.equal(engine.kind, 'embedded');
    await until('the copied image in the Images tree', async () => !!(await findImageNode('engines/daemon-only', '7')));
  });
});
