import * as assert from 'assert';
import * as dns from 'dns';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { openRegistryService } from '../../../client/src/engine/registry/index';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { startFaultProxy } from '../../support/faultproxy';
import { makeBusyboxImage } from '../../support/images';
import { startService } from '../../support/daemon';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { runProcess, runCli as cli } from '../../support/process';
import { freePort, makeRawImage, pushRawImage, RawImage, Registry, startRegistry } from '../../support/registry';

/** A TCP server that accepts connections and never answers: a hanging mirror. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** The image a registry holds for `repo:tag`, via the real busybox image pushed from a scratch data root. */
async function seedBusybox(reg: Registry, repo: string, tmp: string): Promise<string> {
  const root = fs.mkdtempSync(path.join(tmp, 'seed-'));
  const ref = `${reg.host}/${repo}:latest`;
  const rec = await makeBusyboxImage(root, ref);
  await openRegistryService(root, { env: {} }).push(ref);
  return rec.id;
}

describe('registry mirrors and the registry configuration file (real docker-registry servers)', function () {
  this.timeout(120_000);
  let upstream: Registry; // a registry that holds team/app
  let mirror: Registry; // holds a copy of docker.io/library/busybox
  let empty: Registry; // a mirror that has nothing
  let busyboxId: string;
  let app: RawImage;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let conf: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-mirrors-'));
    [upstream, mirror, empty] = await Promise.all([startRegistry(), startRegistry(), startRegistry()]);
    busyboxId = await seedBusybox(mirror, 'library/busybox', tmp);
    app = makeRawImage([50_000, 3_000], { seed: 'mirrors-app' });
    await pushRawImage(new RegistryClient(upstream.host), 'team/app', app, 'v1');
  });
  after(async () => {
    await Promise.all([upstream?.stop(), mirror?.stop(), empty?.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    conf = path.join(home, 'registries.conf');
    env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), DOCKER_CONFIG: path.join(home, 'docker'), STEVEDORE_ROOT: path.join(home, 'root') };
    delete env.STEVEDORE_REGISTRY_CONFIG;
    delete env.STEVEDORE_INSECURE_REGISTRIES;
  });

  const imageId = async (ref: string) => {
    const r = await cli(['image', 'inspect', '--format', '{{.Id}}', ref], env);
    return r.code === 0 ? r.stdout.trim() : undefined;
  };

  it('pulls a Docker Hub name (busybox) from a daemon.json registry-mirrors entry, and info shows the mirror', async () => {
    fs.writeFileSync(conf, JSON.stringify({ 'registry-mirrors': [`http://${mirror.host}`] }, null, 2));
    const r = await cli(['--config', conf, 'pull', 'busybox'], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Pulled busybox:latest from mirror http://${mirror.host}`));
    assert.match(r.stdout, /Status: Downloaded newer image for busybox:latest/);
    assert.strictEqual(await imageId('busybox'), busyboxId);
    // The repo digest is Docker Hub's name, not the mirror's.
    const digests = await cli(['image', 'inspect', '--format', '{{json .RepoDigests}}', 'busybox'], env);
    assert.match(digests.stdout, /"busybox@sha256:[0-9a-f]{64}"/);
    // Tags of a Docker Hub repository come from the mirror too (the tag picker, search --list-tags, pull -a).
    const tags = await cli(['--config', conf, 'search', '--list-tags', '--format', '{{.Name}}:{{.Tag}}', 'busybox'], env);
    assert.strictEqual(tags.stdout, 'busybox:latest\n', tags.stderr);
    const info = await cli(['--config', conf, 'info'], env);
    assert.strictEqual(info.code, 0, info.stderr);
    assert.match(info.stdout, new RegExp(`Registry Configuration: ${conf.replace(/[.]/g, '\\.')}`));
    assert.match(info.stdout, new RegExp(`Registry Mirrors:\\n  http://${mirror.host}/\\n`));
    const json = JSON.parse((await cli(['--config', conf, 'info', '--format', 'json'], env)).stdout);
    assert.deepStrictEqual(json.RegistryConfig.Mirrors, [`http://${mirror.host}/`]);
    assert.deepStrictEqual(json.RegistryConfig.IndexConfigs['docker.io'].Mirrors, [`http://${mirror.host}/`]);
  });

  it('reads the per-user default path and the environment variable, without --config', async () => {
    const def = path.join(env.XDG_CONFIG_HOME!, 'stevedore', 'registries.conf');
    fs.mkdirSync(path.dirname(def), { recursive: true });
    fs.writeFileSync(def, `[[registry]]\nlocation = "docker.io"\n[[registry.mirror]]\nlocation = "${mirror.host}"\n`);
    const r = await cli(['pull', 'busybox'], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /from mirror http:\/\/127\.0\.0\.1/);
    const other = path.join(tmp, `env-${process.pid}.json`);
    fs.writeFileSync(other, JSON.stringify({ 'insecure-registries': ['10.9.0.0/16'] }));
    const info = await cli(['info', '--format', '{{json .RegistryConfig.InsecureRegistryCIDRs}}'], { ...env, STEVEDORE_REGISTRY_CONFIG: other });
    assert.deepStrictEqual(JSON.parse(info.stdout), ['127.0.0.0/8', '10.9.0.0/16']);
  });

  it('skips a dead first mirror and a hanging second one (within the mirror timeout), then uses a live third', async () => {
    const dead = await freePort();
    const hang = await silentServer();
    try {
      fs.writeFileSync(
        conf,
        `mirror-timeout = 2\n\n[[registry]]\nlocation = "docker.io"\n\n[[registry.mirror]]\nlocation = "127.0.0.1:${dead}"\n\n[[registry.mirror]]\nlocation = "http://127.0.0.1:${hang.port}"\n\n[[registry.mirror]]\nlocation = "${mirror.host}"\n`,
      );
      const r = await cli(['--config', conf, 'pull', 'busybox'], env);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`mirror http://127.0.0.1:${dead} failed for busybox:latest \\(.*ECONNREFUSED.*\\); trying mirror http://127.0.0.1:${hang.port}`));
      assert.match(r.stdout, new RegExp(`mirror http://127.0.0.1:${hang.port} failed for busybox:latest \\(.*stopped responding.*\\); trying mirror http://${mirror.host}`));
      assert.match(r.stdout, new RegExp(`Pulled busybox:latest from mirror http://${mirror.host}`));
      assert.strictEqual(await imageId('busybox'), busyboxId);
    } finally {
      await hang.close();
    }
  });

  it('falls back to the registry itself when the mirror does not have the image', async () => {
    fs.writeFileSync(conf, `[[registry]]\nlocation = "${upstream.host}"\n[[registry.mirror]]\nlocation = "${empty.host}"\n`);
    const r = await cli(['--config', conf, 'pull', `${upstream.host}/team/app:v1`], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`mirror http://${empty.host} failed for ${upstream.host}/team/app:v1 \\(.*not found.*\\); trying ${upstream.host}`));
    assert.doesNotMatch(r.stdout, /Pulled .* from mirror/);
    assert.strictEqual(await imageId(`${upstream.host}/team/app:v1`), app.config.desc.digest);
  });

  it('pulls through a pull-through cache (distribution proxy.remoteurl) of another registry, which then holds the blobs', async () => {
    const proxy = await startRegistry({ extraConfig: `proxy:\n  remoteurl: ${upstream.url}\n` });
    try {
      fs.writeFileSync(conf, `[[registry]]\nlocation = "${upstream.host}"\n[[registry.mirror]]\nlocation = "${proxy.host}"\n`);
      const r = await cli(['--config', conf, 'pull', `${upstream.host}/team/app:v1`], env);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Pulled ${upstream.host}/team/app:v1 from mirror http://${proxy.host}`));
      assert.strictEqual(await imageId(`${upstream.host}/team/app:v1`), app.config.desc.digest);
      // The cache kept what it served.
      const blobs = path.join(proxy.storageDir, 'docker/registry/v2/blobs/sha256', app.layers[0].desc.digest.slice(7, 9), app.layers[0].desc.digest.slice(7));
      assert.ok(fs.existsSync(blobs), 'the pull-through cache stored the layer');
    } finally {
      await proxy.stop();
    }
  });

  it("verifies what a mirror sends exactly as the registry's: a corrupted layer or a forged manifest is refused and the registry serves the pull", async () => {
    // A mirror holding a copy of team/app, behind a proxy that damages what it sends.
    const copy = await startRegistry();
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: copy.port });
    try {
      const digest = await pushRawImage(new RegistryClient(copy.host), 'team/app', app, 'v1');
      fs.writeFileSync(conf, `[[registry]]\nlocation = "${upstream.host}"\n[[registry.mirror]]\nlocation = "${proxy.host}"\n`);
      proxy.add({ method: 'GET', path: new RegExp(`/blobs/${app.layers[0].desc.digest}`), fault: { kind: 'corrupt', atByte: 100 }, times: Infinity });
      const r = await cli(['--config', conf, 'pull', `${upstream.host}/team/app:v1`], env);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`mirror http://${proxy.host} failed for ${upstream.host}/team/app:v1 \\(.*(digest|match).*\\); trying ${upstream.host}`));
      assert.strictEqual(await imageId(`${upstream.host}/team/app:v1`), app.config.desc.digest);
      assert.strictEqual((await cli(['rmi', `${upstream.host}/team/app:v1`], env)).code, 0);
      // A manifest that does not hash to the digest asked for is refused too.
      proxy.clear();
      proxy.add({ method: 'GET', path: /\/manifests\/sha256:/, fault: { kind: 'replace-body', body: app.manifest.toString('utf8').replace('"schemaVersion": 2', '"schemaVersion":2') + ' ' }, times: Infinity });
      const byDigest = await cli(['--config', conf, 'pull', `${upstream.host}/team/app@${digest}`], env);
      assert.strictEqual(byDigest.code, 0, byDigest.stderr);
      assert.match(byDigest.stdout, new RegExp(`mirror http://${proxy.host} failed .*hashes to sha256:[0-9a-f]{64}.*; trying ${upstream.host}`));
      const fsck = await cli(['system', 'fsck'], env);
      assert.strictEqual(fsck.code, 0, fsck.stdout + fsck.stderr);
    } finally {
      await proxy.stop();
      await copy.stop();
    }
  });

  it('pushes to the registry, never to its mirror (the servers\' request logs show who was asked)', async () => {
    // Logging proxies in front of the registry and of a mirror that holds a copy of team/app, so
    // each server's requests are seen; the references name the registry's proxy.
    const copy = await startRegistry();
    const [reg, mir] = await Promise.all([startFaultProxy({ host: '127.0.0.1', port: upstream.port }), startFaultProxy({ host: '127.0.0.1', port: copy.port })]);
    try {
      await pushRawImage(new RegistryClient(copy.host), 'team/app', app, 'v1');
      fs.writeFileSync(conf, `[[registry]]\nlocation = "${reg.host}"\n[[registry.mirror]]\nlocation = "${mir.host}"\n`);
      const seen = (p: typeof reg) => p.log.map((l) => `${l.method} ${l.url.replace(/\?.*/, '')}`);
      // The configuration is in effect: the pull is served by the mirror, the registry sends no blob.
      const pull = await cli(['--config', conf, 'pull', `${reg.host}/team/app:v1`], env);
      assert.strictEqual(pull.code, 0, pull.stderr);
      assert.match(pull.stdout, new RegExp(`Pulled ${reg.host}/team/app:v1 from mirror http://${mir.host}`));
      for (const b of [app.config, ...app.layers]) assert.ok(seen(mir).includes(`GET /v2/team/app/blobs/${b.desc.digest}`), seen(mir).join('\n'));
      assert.deepStrictEqual(seen(reg).filter((l) => l.includes('/blobs/')), []);
      reg.clear();
      mir.clear();

      assert.strictEqual((await cli(['tag', `${reg.host}/team/app:v1`, `${reg.host}/team/pushed:v2`], env)).code, 0);
      const r = await cli(['--config', conf, 'push', `${reg.host}/team/pushed:v2`], env);
      assert.strictEqual(r.code, 0, r.stderr);
      // Not one request of the push reached the mirror; the registry got the blobs and the manifest.
      assert.deepStrictEqual(seen(mir), []);
      assert.ok(seen(reg).includes('PUT /v2/team/pushed/manifests/v2'), seen(reg).join('\n'));
      const direct = new RegistryClient(upstream.host);
      for (const b of [app.config, ...app.layers]) assert.strictEqual(await direct.blobSize('team/pushed', b.desc.digest), b.desc.size);
      assert.deepStrictEqual(await direct.tags('team/pushed'), ['v2']);
      assert.deepStrictEqual(await new RegistryClient(copy.host).catalog(), ['team/app']);
    } finally {
      await Promise.all([reg.stop(), mir.stop()]);
      await copy.stop();
    }
  });

  it('refuses pulls and pushes of a blocked registry with a clear error, storing nothing', async () => {
    fs.writeFileSync(conf, `[[registry]]\nlocation = "${upstream.host}"\nblocked = true\n`);
    const r = await cli(['--config', conf, 'pull', `${upstream.host}/team/app:v1`], env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, new RegExp(`registry ${upstream.host} is blocked by the registry configuration \\(${conf.replace(/[.]/g, '\\.')}:1\\): pull of ${upstream.host}/team/app refused`));
    assert.strictEqual(await imageId(`${upstream.host}/team/app:v1`), undefined);
    // A push of a local image to the blocked registry is refused too.
    await makeBusyboxImage(env.STEVEDORE_ROOT!, `${upstream.host}/team/local:v1`);
    const p = await cli(['--config', conf, 'push', `${upstream.host}/team/local:v1`], env);
    assert.strictEqual(p.code, 1);
    assert.match(p.stderr, /is blocked by the registry configuration .*: push of .*team\/local refused/);
    assert.deepStrictEqual(await new RegistryClient(upstream.host).tags('team/local').catch(() => []), []);
    const info = await cli(['--config', conf, 'info'], env);
    assert.match(info.stdout, new RegExp(`Blocked Registries:\\n  ${upstream.host}`));
  });

  it('uses a mirror login of its own host, and falls back while the mirror refuses anonymous pulls', async () => {
    const password = 'mirr0r-Pass';
    const locked = await startRegistry({ users: [{ user: 'mia', password }] });
    try {
      await pushRawImage(new RegistryClient(locked.host, { credentials: async () => ({ username: 'mia', password }) }), 'team/app', app, 'v1');
      fs.writeFileSync(conf, `[[registry]]\nlocation = "${upstream.host}"\n[[registry.mirror]]\nlocation = "${locked.host}"\n`);
      const anon = await cli(['--config', conf, 'pull', `${upstream.host}/team/app:v1`], env);
      assert.strictEqual(anon.code, 0, anon.stderr);
      assert.match(anon.stdout, new RegExp(`mirror http://${locked.host} failed .*unauthorized.*; trying ${upstream.host}`));
      assert.strictEqual((await cli(['rmi', `${upstream.host}/team/app:v1`], env)).code, 0);
      const login = await cli(['login', '-u', 'mia', '-p', password, locked.host], env);
      assert.strictEqual(login.code, 0, login.stderr);
      const r = await cli(['--config', conf, 'pull', `${upstream.host}/team/app:v1`], env);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Pulled ${upstream.host}/team/app:v1 from mirror http://${locked.host}`));
    } finally {
      await locked.stop();
    }
  });

  it('speaks plain HTTP to a registry marked insecure in the file (not the environment), and TLS otherwise', async () => {
    // This host's own name resolves to a loopback address; by name it is not "localhost", so
    // without configuration Stevedore (like docker) insists on HTTPS for it.
    const name = os.hostname();
    const { address } = await dns.promises.lookup(name, { family: 4 });
    assert.match(address, /^127\./, `${name} should resolve to a loopback address on a test machine`);
    const plain = await startRegistry({ bindHost: address });
    try {
      await pushRawImage(new RegistryClient(plain.host), 'team/app', app, 'v1');
      const ref = `${name}:${plain.port}/team/app:v1`;
      const refused = await cli(['pull', ref], env);
      assert.strictEqual(refused.code, 1);
      assert.match(refused.stderr, /TLS|EPROTO|ECONNRESET|wrong version/i);
      fs.writeFileSync(conf, JSON.stringify({ 'insecure-registries': [`${name}:${plain.port}`] }));
      const r = await cli(['--config', conf, 'pull', ref], env);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(await imageId(ref), app.config.desc.digest);
      fs.writeFileSync(conf, `[[registry]]\nlocation = "${name}:${plain.port}"\ninsecure = true\n`);
      assert.strictEqual((await cli(['rmi', ref], env)).code, 0);
      const t = await cli(['--config', conf, 'pull', ref], env);
      assert.strictEqual(t.code, 0, t.stderr);
    } finally {
      await plain.stop();
    }
  });

  it('names file, line and key of a malformed configuration; registry commands refuse, the rest keeps working', async () => {
    await makeBusyboxImage(env.STEVEDORE_ROOT!, 'local/kept:v1');
    fs.writeFileSync(conf, `[[registry]]\nlocation = "docker.io"\n\n[[registry.mirror]]\nlocation = "ftp://mirror.example"\n`);
    const r = await cli(['--config', conf, 'pull', 'busybox'], env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, new RegExp(`registry configuration ${conf.replace(/[.]/g, '\\.')}:5: key "location": mirror "ftp://mirror.example" is not an http\\(s\\) URL`));
    fs.writeFileSync(conf, `[[registry]]\nlocation = "docker.io"\ninsecure = "yes"\n`);
    const t = await cli(['--config', conf, 'pull', 'busybox'], env);
    assert.match(t.stderr, new RegExp(`${conf.replace(/[.]/g, '\\.')}:3: key "insecure": expected true or false`));
    fs.writeFileSync(conf, `[[registry]]\nlocation = "docker.io\n`);
    const s = await cli(['--config', conf, 'pull', 'busybox'], env);
    assert.match(s.stderr, new RegExp(`${conf.replace(/[.]/g, '\\.')}:2: malformed TOML`));
    fs.writeFileSync(conf, `{\n  "registry-mirrors": ["https://ok.example"],\n  "insecure-registries": [1]\n}\n`);
    const j = await cli(['--config', conf, 'pull', 'busybox'], env);
    assert.match(j.stderr, new RegExp(`${conf.replace(/[.]/g, '\\.')}:3: key "insecure-registries": expected a list of strings`));
    const images = await cli(['--config', conf, 'images', '--format', '{{.Repository}}:{{.Tag}}'], env);
    assert.strictEqual(images.code, 0, images.stderr);
    assert.strictEqual(images.stdout, 'local/kept:v1\n');
    const info = await cli(['--config', conf, 'info'], env);
    assert.strictEqual(info.code, 0);
    assert.match(info.stderr, /ERROR: registry configuration .*:3: key "insecure-registries"/);
    const missing = await cli(['--config', path.join(tmp, 'nope.conf'), 'pull', 'busybox'], env);
    assert.match(missing.stderr, /registry configuration .*nope\.conf: no such file/);
  });
});

describe('the same daemon.json given to a real dockerd and to Stevedore', function () {
  this.timeout(180_000);
  let mirror: Registry;
  let dockerd: Dockerd;
  let tmp: string;
  let conf: string;
  let seededId: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-mirrors-dockerd-'));
    mirror = await startRegistry();
    seededId = await seedBusybox(mirror, 'library/busybox', tmp);
    conf = path.join(tmp, 'daemon.json');
    fs.writeFileSync(conf, JSON.stringify({ 'registry-mirrors': [`http://${mirror.host}`] }, null, 2) + '\n');
    dockerd = await startDockerd({ configFile: conf });
  });
  after(async () => {
    await dockerd?.stop();
    await mirror?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('pulls busybox through the same mirror to the same image ID, and /info shows the same mirrors', async () => {
    await dockerd.docker(['pull', 'busybox']);
    const dockerId = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', 'busybox'])).trim();
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    const env = { ...process.env, HOME: home, DOCKER_CONFIG: path.join(home, 'docker'), STEVEDORE_ROOT: path.join(home, 'root') };
    const r = await cli(['--config', conf, 'pull', 'busybox'], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`from mirror http://${mirror.host}`));
    const ours = (await cli(['image', 'inspect', '--format', '{{.Id}}', 'busybox'], env)).stdout.trim();
    assert.strictEqual(ours, dockerId);
    assert.strictEqual(ours, seededId);
    // The daemon's /info and Stevedore's report the mirror alike.
    const theirs = JSON.parse(await dockerd.docker(['info', '--format', '{{json .RegistryConfig}}']));
    const mine = JSON.parse((await cli(['--config', conf, 'info', '--format', '{{json .RegistryConfig}}'], env)).stdout);
    assert.deepStrictEqual(mine.Mirrors, theirs.Mirrors);
    assert.deepStrictEqual(mine.IndexConfigs['docker.io'].Mirrors, theirs.IndexConfigs['docker.io'].Mirrors);
    // The DockerEngine reports the daemon's configuration through the same contract method.
    const viaEngine = JSON.parse((await cli(['--engine', 'docker', '--host', dockerd.host, 'info', '--format', '{{json .RegistryConfig.Mirrors}}'], env)).stdout);
    assert.deepStrictEqual(viaEngine, theirs.Mirrors);
  });

  it("serves the same RegistryConfig on Stevedore's socket (stevedore system service), and docker pull there goes through the mirror", async () => {
    const home = fs.mkdtempSync(path.join(tmp, 'svc-'));
    const service = await startService(path.join(home, 'root'), { env: { HOME: home, STEVEDORE_REGISTRY_CONFIG: conf } });
    try {
      const svcEnv = { ...dockerd.env, DOCKER_HOST: service.host };
      const theirs = JSON.parse(await dockerd.docker(['info', '--format', '{{json .RegistryConfig}}']));
      const r = await runProcess('docker', ['info', '--format', '{{json .RegistryConfig}}'], svcEnv);
      const mine = JSON.parse(r.stdout);
      assert.deepStrictEqual(mine.Mirrors, theirs.Mirrors);
      assert.deepStrictEqual(mine.IndexConfigs['docker.io'], theirs.IndexConfigs['docker.io']);
      const pull = await runProcess('docker', ['pull', 'busybox'], svcEnv);
      assert.strictEqual(pull.code, 0, pull.stderr);
      const id = (await runProcess('docker', ['image', 'inspect', '--format', '{{.Id}}', 'busybox'], svcEnv)).stdout.trim();
      assert.strictEqual(id, seededId);
    } finally {
      await service.stop();
    }
  });
});
