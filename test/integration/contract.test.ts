import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { engineContract, IMG } from '../interop/docker-engine/contract';
import { Dockerd, startDockerd } from '../support/dockerd';
import { makeBusyboxImage } from '../support/images';
import { Registry, startRegistry } from '../support/registry';
import { api, engine, loadIntoDaemon, settings } from './helpers';

/**
 * The shared Engine contract (test/interop/docker-engine/contract.ts) inside the real extension
 * host, on the engine the views and commands use: the extension's engine host with
 * `stevedore.engine` = embedded, then = docker against a real dockerd (Debian's docker.io on a
 * temp socket, --bridge=none --iptables=false). The same assertions for both.
 */
describe('the Engine contract on the extension\'s own engine, embedded and docker', function () {
  this.timeout(300_000);
  let dockerd: Dockerd;
  let registry: Registry;

  before(async () => {
    [dockerd, registry] = await Promise.all([startDockerd(), startRegistry()]);
    await settings().update('docker.host', dockerd.host, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.commands.executeCommand('stevedore.engine.choose', 'embedded');
    await settings().update('engine', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    await dockerd?.stop();
    await registry?.stop();
  });

  engineContract('the extension\'s engine with stevedore.engine = embedded', async () => {
    assert.equal(await vscode.commands.executeCommand('stevedore.engine.choose', 'embedded'), 'embedded');
    const e = await engine();
    assert.equal(e.kind, 'embedded');
    await makeBusyboxImage(e.location, IMG);
    return { engine: e, image: IMG, registry: registry.host };
  });

  engineContract('the extension\'s engine with stevedore.engine = docker (a real dockerd)', async () => {
    // The image goes in the way a user moves it: saved by the embedded engine, loaded by the daemon.
    const embedded = await engine();
    assert.equal(embedded.kind, 'embedded');
    await makeBusyboxImage(embedded.location, IMG);
    await loadIntoDaemon(embedded, IMG, dockerd);
    assert.equal(await vscode.commands.executeCommand('stevedore.engine.choose', 'docker'), 'docker');
    const e = await engine();
    assert.equal(e.kind, 'docker');
    assert.equal(e.location, dockerd.host);
    const other = await (await api()).engineHost.otherEngine();
    assert.equal((await e.images.inspect(IMG)).Id, (await other.images.inspect(IMG)).Id, 'the same image ID in both engines');
    return { engine: e, image: IMG, registry: registry.host };
  });
});
