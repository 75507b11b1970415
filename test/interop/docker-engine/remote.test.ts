import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerEngine } from '../../../client/src/engine/docker';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { isEngineError } from '../../../client/src/core/errors';
import { canRunContainers, tempRoot } from '../../support/containers';
import { Dockerd, makeDockerTls, startDockerd, type DockerTlsFiles } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';
import { Registry, startRegistry } from '../../support/registry';
import { Sshd, startSshd } from '../../support/sshd';
import { engineContract, freePort, IMG, seedImage } from './contract';

/**
 * The Engine contract through the remote endpoints, as a user configures them for the docker CLI:
 *  - TCP with TLS: a dockerd started with `--tlsverify` (CA, server and client certificates made
 *    with openssl), reached with DOCKER_HOST=tcp://127.0.0.1:PORT DOCKER_TLS_VERIFY=1
 *    DOCKER_CERT_PATH=dir;
 *  - ssh: a real sshd on 127.0.0.1 (its own config, host key and authorized_keys), whose sessions
 *    get DOCKER_HOST pointing at the same dockerd (sshd's SetEnv), reached with
 *    DOCKER_HOST=ssh://root@127.0.0.1:PORT, the key named by IdentityFile in $HOME/.ssh/config and
 *    the host key checked against $HOME/.ssh/known_hosts. Every request runs
 *    `docker system dial-stdio` on the remote side, as the docker CLI's ssh connection helper does.
 */
describe('DockerEngine over TLS and ssh: one contract', function () {
  this.timeout(300_000);
  let dockerd: Dockerd;
  let sshd: Sshd;
  let registry: Registry;
  let root: string;
  let cleanup: () => void;
  let embedded: EmbeddedEngine;
  let tls: DockerTlsFiles;
  let work: string;
  /** $HOME for the ssh client: .ssh/config (IdentityFile) and .ssh/known_hosts. */
  let home: string;
  const engines: DockerEngine[] = [];

  const open = async (env: NodeJS.ProcessEnv): Promise<DockerEngine> => {
    const e = await DockerEngine.open({ env, reconnectDelay: { min: 100, max: 1000 } });
    engines.push(e);
    return e;
  };
  /** The environment a docker CLI user would have; nothing of the test's own DOCKER_* or ssh agent leaks in. */
  const clientEnv = (vars: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: path.join(work, 'docker-config'), ...vars,
  });
  const tlsEnv = () => clientEnv({ DOCKER_HOST: dockerd.tlsHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.clientDir });
  const sshEnv = () => clientEnv({ DOCKER_HOST: `ssh://root@127.0.0.1:${sshd.port}` });
  const writeSshConfig = (knownHosts: string) => {
    fs.writeFileSync(path.join(home, '.ssh', 'config'), `Host 127.0.0.1\n  IdentityFile ${sshd.identityFile}\n`);
    fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), knownHosts);
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    ({ root, cleanup } = tempRoot('sv-remote-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-remote-client-'));
    home = path.join(work, 'home');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
    tls = makeDockerTls(path.join(work, 'tls'));
    const [tlsPort, sshPort] = [await freePort(), await freePort()];
    [dockerd, registry] = await Promise.all([startDockerd({ tls: { port: tlsPort, ...tls } }), startRegistry()]);
    sshd = await startSshd({ port: sshPort, env: { DOCKER_HOST: dockerd.host, DOCKER_CONFIG: path.join(dockerd.dir, 'client-config') } });
    writeSshConfig(`${sshd.knownHostsLine}\n`);
    await makeBusyboxImage(root, IMG);
    embedded = await EmbeddedEngine.open(root);
    await seedImage(embedded, await open(tlsEnv()));
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    await embedded?.dispose();
    await sshd?.stop();
    await dockerd?.stop();
    await registry?.stop();
    cleanup?.();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  engineContract('Docker engine over TCP with TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)', async () => ({ engine: await open(tlsEnv()), image: IMG, registry: registry.host }));
  engineContract('Docker engine over ssh:// (a real sshd; docker system dial-stdio on the remote)', async () => ({ engine: await open(sshEnv()), image: IMG, registry: registry.host }));

  describe('refused connections say which endpoint and why', function () {
    it('TLS: the endpoint is https with the client certificate; a client without one is refused by the daemon', async () => {
      const good = await open(tlsEnv());
      assert.equal(good.location, dockerd.tlsHost);
      assert.equal(good.endpoint.source, 'DOCKER_HOST');
      assert.ok((await good.images.list()).some((r) => r.repoTags.includes(IMG)));

      // The CA (so the server is trusted) but no client certificate: dockerd's --tlsverify refuses the handshake.
      const noCertDir = path.join(work, 'ca-only');
      fs.mkdirSync(noCertDir, { recursive: true });
      fs.copyFileSync(path.join(tls.clientDir, 'ca.pem'), path.join(noCertDir, 'ca.pem'));
      const noCert = await open(clientEnv({ DOCKER_HOST: dockerd.tlsHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: noCertDir }));
      const err = await noCert.images.list().then(() => undefined, (e: unknown) => e);
      assert.ok(isEngineError(err, 'unavailable'), `expected unavailable, got ${String(err)}`);
      const msg = (err as Error).message;
      assert.ok(msg.includes(`Cannot connect to the Docker daemon at ${dockerd.tlsHost} (from DOCKER_HOST)`), msg);
      assert.match(msg, /TLS handshake failed \(no client certificate\).*bad certificate/, msg);

      // Plain HTTP to the TLS port: dockerd answers 400 ("Client sent an HTTP request to an HTTPS server").
      const plain = await open(clientEnv({ DOCKER_HOST: dockerd.tlsHost }));
      const perr = await plain.images.list().then(() => undefined, (e: unknown) => e);
      assert.ok(perr instanceof Error, 'plain HTTP to a TLS daemon fails');
      assert.match(perr.message, /HTTP request to an HTTPS server/, perr.message);
    });

    it('TLS: a server certificate from another CA is refused by the client', async () => {
      const other = makeDockerTls(path.join(work, 'other-ca'));
      const wrongCa = path.join(work, 'wrong-ca');
      fs.mkdirSync(wrongCa, { recursive: true });
      fs.copyFileSync(path.join(other.clientDir, 'ca.pem'), path.join(wrongCa, 'ca.pem'));
      fs.copyFileSync(path.join(tls.clientDir, 'cert.pem'), path.join(wrongCa, 'cert.pem'));
      fs.copyFileSync(path.join(tls.clientDir, 'key.pem'), path.join(wrongCa, 'key.pem'));
      const e = await open(clientEnv({ DOCKER_HOST: dockerd.tlsHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: wrongCa }));
      const err = await e.images.list().then(() => undefined, (x: unknown) => x);
      assert.ok(isEngineError(err, 'unavailable'), `a server certificate from an unknown CA is not trusted: ${String(err)}`);
      assert.match((err as Error).message, /TLS handshake failed \(the client certificate\): unable to verify the first certificate/, (err as Error).message);
      assert.ok((err as Error).message.includes(`at ${dockerd.tlsHost} (from DOCKER_HOST)`), `names the endpoint: ${(err as Error).message}`);
    });

    it('ssh: the identity comes from ~/.ssh/config; without an authorized key the daemon is unavailable, naming the endpoint', async () => {
      const ok = await open(sshEnv());
      assert.equal(ok.location, `ssh://root@127.0.0.1:${sshd.port}`);
      assert.ok((await ok.images.list()).some((r) => r.repoTags.includes(IMG)));

      // A key sshd does not know: public-key authentication fails.
      const stranger = path.join(work, 'stranger');
      fs.mkdirSync(stranger);
      fs.mkdirSync(path.join(stranger, '.ssh'));
      fs.copyFileSync(path.join(home, '.ssh', 'known_hosts'), path.join(stranger, '.ssh', 'known_hosts'));
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(stranger, '.ssh', 'id_ed25519')]);
      const refused = await open({ ...sshEnv(), HOME: stranger });
      const err = await refused.images.list().then(() => undefined, (x: unknown) => x);
      assert.ok(isEngineError(err, 'unavailable'), `expected unavailable, got ${String(err)}`);
      assert.ok((err as Error).message.includes(`Cannot connect to the Docker daemon at ssh://root@127.0.0.1:${sshd.port} (from DOCKER_HOST)`), (err as Error).message);
      assert.match((err as Error).message, /authentication methods failed/i);
    });

    it('ssh: a host key that does not match known_hosts is refused before any request is sent', async () => {
      try {
        writeSshConfig(`[127.0.0.1]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n`);
        const e = await open(sshEnv());
        const err = await e.images.list().then(() => undefined, (x: unknown) => x);
        assert.ok(isEngineError(err, 'unavailable'), `expected unavailable, got ${String(err)}`);
        assert.match((err as Error).message, new RegExp(`host key of \\[127\\.0\\.0\\.1\\]:${sshd.port} does not match the one in .*known_hosts:1`), (err as Error).message);
      } finally {
        writeSshConfig(`${sshd.knownHostsLine}\n`);
      }
      assert.ok((await (await open(sshEnv())).images.list()).some((r) => r.repoTags.includes(IMG)), 'the right key is accepted again');
    });
  });
});
