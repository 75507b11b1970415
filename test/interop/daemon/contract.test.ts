import * as assert from 'assert/strict';
import { DockerEngine } from '../../../client/src/engine/docker';
import { canRunContainers, tempRoot } from '../../support/containers';
import { Service, startService } from '../../support/daemon';
import { makeBusyboxImage } from '../../support/images';
import { Registry, startRegistry } from '../../support/registry';
import { engineContract, IMG } from '../docker-engine/contract';

/**
 * The project's own Engine contract suite through three layers: DockerEngine (dockerode) ->
 * `stevedore system service`'s socket -> the embedded engine. What passes here is what any Docker
 * API client gets from the service; the engine behind it is the one the embedded suite tests.
 */
describe('DockerEngine -> stevedore system service -> EmbeddedEngine', function () {
  this.timeout(300_000);
  let registry: Registry;
  let service: Service;
  let root: ReturnType<typeof tempRoot>;
  let engine: DockerEngine | undefined;

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    root = tempRoot('sv-daemon-contract-');
    registry = await startRegistry();
    await makeBusyboxImage(root.root, IMG);
    service = await startService(root.root);
  });
  after(async () => {
    await engine?.dispose();
    await service?.stop();
    await registry?.stop();
    root?.cleanup();
  });

  engineContract('DockerEngine on the Stevedore service socket', async () => {
    engine = await DockerEngine.open({ host: service.host, reconnectDelay: { min: 100, max: 1000 } });
    return { engine, image: IMG, registry: registry.host };
  });
});
