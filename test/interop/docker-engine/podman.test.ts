import * as assert from 'assert/strict';
import { DockerEngine } from '../../../client/src/engine/docker';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { canRunContainers, tempRoot } from '../../support/containers';
import { makeBusyboxImage } from '../../support/images';
import { Podman, startPodman } from '../../support/podman';
import { Registry, startRegistry } from '../../support/registry';
import { engineContract, IMG, seedImage } from './contract';

/**
 * The Engine contract through DockerEngine on Podman's Docker-compatible API (Debian's podman
 * 4.3, `podman system service` on a temp socket with temp storage: see test/support/podman.ts).
 * The image is moved in with the engines' own save and load, as for dockerd.
 */

describe('DockerEngine on Podman: one contract', function () {
  this.timeout(300_000);
  let podman: Podman;
  let registry: Registry;
  let root: string;
  let cleanup: () => void;
  let embedded: EmbeddedEngine;
  const engines: DockerEngine[] = [];

  const open = async (): Promise<DockerEngine> => {
    const e = await DockerEngine.open({ host: podman.host, reconnectDelay: { min: 100, max: 1000 } });
    engines.push(e);
    return e;
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc');
    ({ root, cleanup } = tempRoot('sv-podman-contract-'));
    registry = await startRegistry();
    podman = await startPodman({ insecureRegistries: [registry.host] });
    await makeBusyboxImage(root, IMG);
    embedded = await EmbeddedEngine.open(root);
    // Podman qualifies the short name on load (docker.io/...); the engine gives it back familiar.
    await seedImage(embedded, await open());
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    await embedded?.dispose();
    await podman?.stop();
    await registry?.stop();
    cleanup?.();
  });

  // Where Podman 4.3's compatible API answers differently from Docker's (list IDs without
  // "sha256:", /commit needing a body, 500 instead of 409 for conflicts, "remove" for "destroy"),
  // the DockerEngine gives the same answers as on dockerd: the whole contract holds.
  engineContract('Docker engine on Podman\'s compatible socket', async () => ({ engine: await open(), image: IMG, registry: registry.host }));

  it('Podman negotiates an API version of 1.4x and names runc as its runtime', async () => {
    const e = await open();
    const { apiVersion } = await e.ping();
    assert.match(apiVersion, /^1\.4\d$/);
    const caps = await e.capabilities();
    assert.equal(caps.containers.supported, true, caps.containers.reason);
    assert.match(caps.containers.runtime ?? '', /runc/);
    assert.equal(e.location, podman.host);
  });
});
