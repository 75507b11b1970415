import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerEngine } from '../../../client/src/engine/docker';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { isEngineError } from '../../../client/src/core/errors';
import type { EngineEvent } from '../../../client/src/engine/events';
import { canRunContainers, tempRoot, until } from '../../support/containers';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';
import { Registry, startRegistry } from '../../support/registry';
import { engineContract, freePort, IMG, rejectsWith, seedImage } from './contract';

/**
 * The Engine contract, one suite run against every engine: the embedded one (a temp data root)
 * and the DockerEngine on a real dockerd (Debian's 20.10, `--bridge=none`), over its unix socket
 * and over TCP on 127.0.0.1. The same assertions for all: what differs between engines is only
 * how each is made. The busybox image is made in the embedded engine and moved to dockerd with
 * the engines' own save and load (streamed, no temp file), so both hold the same image ID.
 * Containers use `--network none` (the test daemon has no bridge).
 */

describe('DockerEngine and EmbeddedEngine: one contract', function () {
  this.timeout(300_000);
  let dockerd: Dockerd;
  let registry: Registry;
  let root: string;
  let cleanup: () => void;
  let embedded: EmbeddedEngine;
  const engines: DockerEngine[] = [];

  const dockerEngine = async (host: string): Promise<DockerEngine> => {
    const e = await DockerEngine.open({ host, reconnectDelay: { min: 100, max: 1000 } });
    engines.push(e);
    return e;
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    ({ root, cleanup } = tempRoot('sv-contract-'));
    [dockerd, registry] = await Promise.all([startDockerd({ tcpPort: await freePort() }), startRegistry()]);
    await makeBusyboxImage(root, IMG);
    embedded = await EmbeddedEngine.open(root);
    embedded.journal.follow();
    // The embedded engine's save streamed straight into the daemon's load: the same image in both.
    await seedImage(embedded, await dockerEngine(dockerd.host));
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    await embedded?.dispose();
    await dockerd?.stop();
    await registry?.stop();
    cleanup?.();
  });

  engineContract('embedded engine (temp data root)', async () => ({ engine: embedded, image: IMG, registry: registry.host }));
  engineContract('Docker engine over the unix socket', async () => ({ engine: await dockerEngine(dockerd.host), image: IMG, registry: registry.host }));
  engineContract('Docker engine over TCP on 127.0.0.1', async () => ({ engine: await dockerEngine(dockerd.tcpHost!), image: IMG, registry: registry.host }));

  describe('Docker engine: connection', function () {
    this.timeout(180_000);

    it('negotiates an API version of at least 1.41 and says where it is connected', async () => {
      const e = await dockerEngine(dockerd.host);
      const { apiVersion } = await e.ping();
      assert.ok(Number(apiVersion.split('.')[1]) >= 41 && apiVersion.startsWith('1.'), apiVersion);
      assert.equal(e.location, dockerd.host);
      assert.equal(e.kind, 'docker');
    });

    it('a Docker context (config.json currentContext, contexts/meta/<sha256>/meta.json) chooses the endpoint; DOCKER_HOST wins over it', async () => {
      const cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-dockercfg-'));
      try {
        const ctx = 'contract-tcp';
        const metaDir = path.join(cfg, 'contexts', 'meta', crypto.createHash('sha256').update(ctx).digest('hex'));
        fs.mkdirSync(metaDir, { recursive: true });
        fs.writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify({ Name: ctx, Metadata: {}, Endpoints: { docker: { Host: dockerd.tcpHost, SkipTLSVerify: false } } }));
        fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: ctx }));
        const env = { ...process.env, DOCKER_CONFIG: cfg, DOCKER_HOST: '', DOCKER_CONTEXT: '' };
        const viaContext = await DockerEngine.open({ env });
        engines.push(viaContext);
        assert.equal(viaContext.location, dockerd.tcpHost);
        assert.match(viaContext.endpoint.source, /context "contract-tcp"/);
        assert.ok((await viaContext.images.list()).some((r) => r.repoTags.includes(IMG)));
        const viaHost = await DockerEngine.open({ env: { ...env, DOCKER_HOST: dockerd.host } });
        engines.push(viaHost);
        assert.equal(viaHost.location, dockerd.host);
        await assert.rejects(DockerEngine.open({ env: { ...env, DOCKER_CONTEXT: 'no-such-context' } }), (e: unknown) => isEngineError(e, 'not-found'));
      } finally {
        fs.rmSync(cfg, { recursive: true, force: true });
      }
    });

    it('an unreachable daemon is `unavailable` with the endpoint in the message; capabilities say why', async () => {
      const e = await dockerEngine(`unix://${path.join(os.tmpdir(), 'sv-no-daemon.sock')}`);
      await rejectsWith(e.images.list(), 'unavailable', 'list on a missing socket');
      await assert.rejects(e.images.list(), /sv-no-daemon\.sock/);
      const c = await e.capabilities();
      assert.equal(c.containers.supported, false);
      assert.match(c.containers.reason ?? '', /Cannot connect to the Docker daemon/);
    });

    it('unsupported operations throw `unsupported` with a clear message', async () => {
      const e = await dockerEngine(dockerd.host);
      await rejectsWith(e.system.fsck(), 'unsupported', 'fsck');
      await assert.rejects(e.images.exportOciLayout('/tmp/x', []), /not supported by the Docker engine/);
    });

    it('the daemon stopping and restarting mid-session is survived: calls fail while it is down, events reconnect, the next call works', async () => {
      const e = await dockerEngine(dockerd.host);
      const seen: EngineEvent[] = [];
      const sub = e.onEvent((ev) => seen.push(ev));
      try {
        await until(() => e.connected, 10_000);
        assert.ok(e.connected, 'events stream connected');
        await dockerd.pause();
        await until(() => seen.some((x) => x.type === 'engine.disconnected'), 10_000);
        assert.ok(seen.some((x) => x.type === 'engine.disconnected'), 'listeners are told the daemon went away');
        await rejectsWith(e.containers.list(), 'unavailable', 'list while the daemon is down');
        assert.equal((await e.capabilities()).containers.supported, false);
        await dockerd.resume();
        // The next call works without reopening the engine.
        assert.ok((await e.images.list()).some((r) => r.repoTags.includes(IMG)));
        await until(() => e.connected && seen.some((x) => x.type === 'engine.connected'), 20_000);
        assert.ok(seen.some((x) => x.type === 'engine.connected'), `reconnected: ${seen.map((x) => x.type).join(', ')}`);
        // Events flow again over the new stream.
        const { Id } = await e.containers.create({ image: IMG, cmd: ['true'], network: 'none' });
        await e.containers.remove(Id);
        const types = await until(() => {
          const t = seen.filter((x) => x.id === Id).map((x) => x.type);
          return t.includes('container.destroy') ? t : undefined;
        }, 15_000);
        assert.deepEqual(types, ['container.create', 'container.destroy']);
        assert.equal((await e.capabilities()).containers.supported, true);
      } finally {
        sub.dispose();
      }
    });
  });
});
