import * as assert from 'assert/strict';
import { DockerEngine } from '../../../client/src/engine/docker';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import type { Engine } from '../../../client/src/engine/engine';
import { canRunContainers, stopNetworkHelper, tempRoot, tunForUsers } from '../../support/containers';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';
import { IMG, rejectsWith, seedImage } from './contract';

/**
 * The networks area of the Engine contract, the same assertions on the embedded engine and on
 * the DockerEngine over a real dockerd (its own bridge networking, in a network namespace of its
 * own so the host's interfaces and firewall stay untouched).
 */
describe('Engine contract: networks (embedded engine and DockerEngine on dockerd)', function () {
  this.timeout(240_000);
  let dockerd: Dockerd;
  let root: ReturnType<typeof tempRoot>;
  let embedded: EmbeddedEngine;
  let docker: DockerEngine;

  before(async function () {
    assert.ok(canRunContainers(), 'needs root and runc or crun');
    tunForUsers();
    root = tempRoot('sv-netcontract-');
    dockerd = await startDockerd({ ownNetwork: true });
    await makeBusyboxImage(root.root, IMG);
    embedded = await EmbeddedEngine.open(root.root);
    docker = await DockerEngine.open({ host: dockerd.host });
    await seedImage(embedded, docker);
  });
  after(async () => {
    await docker?.dispose();
    await embedded?.dispose();
    await dockerd?.stop();
    if (root) stopNetworkHelper(root.root);
    root?.cleanup();
  });

  for (const which of ['embedded', 'docker'] as const) {
    it(`${which}: create (subnet, gateway, labels, internal), list with filters, inspect, connect with an alias while running, disconnect, the errors, remove, prune`, async () => {
      const e: Engine & { containers: EmbeddedEngine['containers'] | DockerEngine['containers'] } = which === 'embedded' ? embedded : docker;
      const { Id } = await e.networks.create({ name: 'ct-net', subnet: '10.123.0.0/24', gateway: '10.123.0.1', labels: { purpose: 'contract' } });
      assert.match(Id, /^[0-9a-f]{64}$/);
      await rejectsWith(e.networks.create({ name: 'ct-net' }), 'conflict', 'a network name taken');
      const n = await e.networks.inspect('ct-net');
      assert.deepEqual([n.Id, n.Driver, n.Internal, n.Labels, n.IPAM.Config.map((c) => [c.Subnet, c.Gateway])], [Id, 'bridge', false, { purpose: 'contract' }, [['10.123.0.0/24', '10.123.0.1']]]);
      assert.deepEqual((await e.networks.list({ filters: { label: ['purpose=contract'] } })).map((x) => x.Name), ['ct-net']);
      assert.ok((await e.networks.list()).some((x) => x.Name === 'bridge' && x.Driver === 'bridge'));
      await rejectsWith(e.networks.inspect('ct-no-such-net'), 'not-found', 'a missing network');
      const internal = await e.networks.create({ name: 'ct-internal', internal: true });
      assert.equal((await e.networks.inspect(internal.Id)).Internal, true);

      const c = await e.containers.create({ image: IMG, name: `ct-net-${which}`, cmd: ['sleep', '60'], network: 'ct-net', networkAliases: ['api'] });
      await e.containers.start(c.Id);
      try {
        const ins = await e.containers.inspect(c.Id);
        const ep = ins.NetworkSettings.Networks!['ct-net'];
        assert.match(ep.IPAddress, /^10\.123\.0\.\d+$/);
        assert.ok(ep.Aliases?.includes('api'), JSON.stringify(ep.Aliases));
        assert.equal((await e.networks.inspect('ct-net')).Containers[c.Id].Name, `ct-net-${which}`);
        await rejectsWith(e.networks.remove('ct-net'), 'forbidden', 'a network with a running container (dockerd: 403)');
        await e.networks.connect('ct-internal', c.Id, { aliases: ['inner'] });
        assert.deepEqual(Object.keys((await e.containers.inspect(c.Id)).NetworkSettings.Networks!).sort(), ['ct-internal', 'ct-net']);
        await e.networks.disconnect('ct-internal', c.Id);
        assert.deepEqual(Object.keys((await e.containers.inspect(c.Id)).NetworkSettings.Networks!), ['ct-net']);
      } finally {
        await e.containers.remove(c.Id, { force: true });
      }
      await e.networks.remove('ct-net');
      await rejectsWith(e.networks.inspect('ct-net'), 'not-found', 'a removed network');
      assert.deepEqual((await e.networks.prune()).NetworksDeleted, ['ct-internal']);
    });
  }
});
