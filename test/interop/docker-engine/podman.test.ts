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
const PODMAN_IMG = `docker.io/${IMG}`;

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
    // Podman qualifies the short name on load, as `podman load` does.
    await seedImage(embedded, await open(), PODMAN_IMG);
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    await embedded?.dispose();
    await podman?.stop();
    await registry?.stop();
    cleanup?.();
  });

  // Where Podman 4.3's compatible API answers differently from Docker's, as seen here (the
  // DockerEngine does not yet paper over these; each is a case Podman cannot pass as it stands).
  engineContract('Docker engine on Podman\'s compatible socket', async () => ({ engine: await open(), image: PODMAN_IMG, registry: registry.host }), {
    exclude: {
      'images: list and inspect agree on the image, its tag and its ID':
        'GET /images/json gives Id without the "sha256:" prefix (3eca19...), while /images/{name}/json gives "sha256:3eca19..."',
      'images: tag adds a name to the same ID; remove of that name untags it and keeps the image':
        'the same list Id without "sha256:", so the tagged image is not found in the list by its inspect Id',
      'registry: push to a registry, remove, pull it back with per-layer progress; the same image ID and digest':
        'the case commits a container first: POST /commit with no JSON body is a 500 "Decode(): EOF" (a "{}" body works)',
      'containers: diff shows what a container changed; commit makes an image of it':
        'POST /commit with no JSON body is a 500 "Decode(): EOF" (a "{}" body works)',
      'containers: a running one lists as running, exec runs in it (output, exit code), stop ends it':
        'DELETE /containers/{id} of a running container is a 500 "container state improper", not Docker\'s 409 conflict',
      'containers: errors carry the same codes (missing image, name taken)':
        'a second create with a taken name is a 500 "that name is already in use", not Docker\'s 409 conflict',
      'events: a container lifecycle is seen as container.create, start, die and destroy':
        'removal is reported as "remove" (create, init, start, die, cleanup, remove), never "destroy"',
    },
  });

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
