import * as assert from 'assert/strict';
import { execFileSync, spawn } from 'child_process';
import * as net from 'net';
import { canRunContainers, cli, tempRoot, until } from '../../support/containers';
import { request, run, RunResult, Service, startService } from '../../support/daemon';
import { makeBusyboxImage, noise } from '../../support/images';
import { FaultProxy, startFaultProxy } from '../../support/faultproxy';
import { Registry, startRegistry } from '../../support/registry';

/**
 * What goes wrong around the service: clients that die mid-pull and mid-attach, the service
 * itself killed with containers running, 50 clients at once, a raw connection that stops
 * mid-request. Each ends with the store consistent (`stevedore system fsck` clean) and the
 * service (or its successor on the same socket) answering.
 */
const DOCKER = '/usr/local/bin/docker';

describe('system service: faults', function () {
  this.timeout(300_000);
  let registry: Registry;
  let proxy: FaultProxy;
  let service: Service;
  let src: ReturnType<typeof tempRoot>;
  let root: ReturnType<typeof tempRoot>;
  let IMG: string;
  const docker = (args: string[], o: { input?: string; timeout?: number } = {}): Promise<RunResult> => run(DOCKER, args, { host: service.host, ...o });
  const fsckClean = () => {
    const r = cli(root.root, ['system', 'fsck']);
    assert.equal(r.status, 0, `system fsck:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /: ok\n$/);
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    src = tempRoot('sv-daemon-fsrc-');
    root = tempRoot('sv-daemon-faults-');
    registry = await startRegistry();
    proxy = await startFaultProxy({ host: '127.0.0.1', port: registry.port });
    IMG = `${registry.host}/busybox:1`;
    await makeBusyboxImage(src.root, IMG);
    await makeBusyboxImage(src.root, `${registry.host}/big:1`, { files: { 'big.bin': noise('daemon-faults', 8 * 1024 * 1024) } });
    for (const ref of [IMG, `${registry.host}/big:1`]) assert.equal(cli(src.root, ['push', ref]).status, 0);
    service = await startService(root.root);
    assert.equal((await docker(['pull', IMG])).status, 0);
  });
  after(async () => {
    await service?.stop();
    await proxy?.stop();
    await registry?.stop();
    root?.cleanup();
    src?.cleanup();
  });

  it('a client killed mid-pull: the pull is cancelled, no tag is left, the service keeps serving', async () => {
    const ref = `${proxy.host}/big:1`;
    // The big layer's download hangs at the proxy, so the client is surely killed mid-pull.
    proxy.add({ method: 'GET', path: /\/v2\/big\/blobs\/sha256:/, fault: { kind: 'hang' }, times: Infinity });
    const child = spawn(DOCKER, ['pull', ref], { env: { ...process.env, DOCKER_HOST: service.host } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await until(() => proxy.log.some((l) => /\/blobs\/sha256:/.test(l.url)) && /Pulling fs layer|Waiting|Downloading/.test(out), 30_000);
    const toProxy = () => execFileSync('ss', ['-Htnp', 'dst', `127.0.0.1:${proxy.port}`], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`pid=${service.child.pid},`));
    assert.ok(toProxy().length > 0, 'the service is not downloading from the registry');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    // Cancelled, not left hanging: the service closes its connections to the registry.
    assert.deepEqual(await until(() => (toProxy().length ? undefined : []), 15_000), []);
    proxy.clear();
    assert.equal((await docker(['image', 'inspect', ref])).status, 1, 'the interrupted pull left a tag');
    assert.equal((await docker(['version', '--format', '{{.Server.Version}}'])).status, 0);
    // The same pull, uninterrupted, completes.
    assert.equal((await docker(['pull', ref])).status, 0);
    assert.equal((await docker(['rmi', ref])).status, 0);
    fsckClean();
  });

  it('a client killed mid-build: the build stops (its RUN process is gone), no tag is left', async () => {
    const marker = `sleep 4${Math.floor(Math.random() * 900 + 100)}`;
    const child = spawn(DOCKER, ['build', '-t', 'interrupted:1', '-'], { env: { ...process.env, DOCKER_HOST: service.host, DOCKER_BUILDKIT: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end(`FROM ${IMG}\nRUN echo building && ${marker}\n`);
    const running = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').some((l) => l.trim() === marker);
    assert.ok(await until(running, 60_000), `the RUN step never started:\n${out}`);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    assert.ok(await until(() => !running(), 30_000), 'the RUN process outlived the cancelled build');
    assert.equal((await docker(['image', 'inspect', 'interrupted:1'])).status, 1, 'the cancelled build left a tag');
    fsckClean();
  });

  it('a client killed mid-attach: the container keeps running, logs and stop still work', async () => {
    const child = spawn(DOCKER, ['run', '-i', '--name', 'attached', IMG, 'sh', '-c', 'echo up; while true; do sleep 0.1; done'], { env: { ...process.env, DOCKER_HOST: service.host } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await until(() => out.includes('up'), 30_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    assert.equal((await docker(['inspect', '--format', '{{.State.Status}}', 'attached'])).stdout.trim(), 'running');
    assert.equal((await docker(['logs', 'attached'])).stdout, 'up\n');
    assert.equal((await docker(['stop', '-t', '1', 'attached'])).status, 0);
    assert.equal((await docker(['rm', 'attached'])).status, 0);
    fsckClean();
  });

  it('the service killed and started again: running containers are still there, logs -f and exec work', async () => {
    assert.equal((await docker(['run', '-d', '--name', 'survivor', IMG, 'sh', '-c', 'i=0; while [ $i -lt 30 ]; do echo tick$i; i=$((i+1)); sleep 0.1; done'])).status, 0);
    await service.kill();
    service = await startService(root.root, { socket: service.socket });
    assert.match((await docker(['ps', '--format', '{{.Names}} {{.State}}'])).stdout, /^survivor running$/m);
    assert.equal((await docker(['exec', 'survivor', 'echo', 'still here'])).stdout, 'still here\n');
    const follow = await docker(['logs', '-f', 'survivor'], { timeout: 60_000 });
    assert.equal(follow.stdout.trim().split('\n').length, 30);
    assert.match(follow.stdout, /tick29\n$/);
    assert.equal((await docker(['rm', 'survivor'])).status, 0);
    fsckClean();
  });

  it('50 concurrent docker run --rm: every one prints its own output and exits 0, none is left behind', async () => {
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => docker(['run', '--rm', IMG, 'echo', `run-${i}`], { timeout: 240_000 })));
    runs.forEach((r, i) => {
      assert.equal(r.status, 0, `run ${i}: ${r.stderr}`);
      assert.equal(r.stdout, `run-${i}\n`);
    });
    assert.equal((await docker(['ps', '-a', '-q'])).stdout, '');
    fsckClean();
  });

  it('a connection that stops mid-body and a client that disconnects mid-request leave the service answering', async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(service.socket, () => {
        s.write('POST /v1.47/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Image": "x"');
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 100);
      });
    });
    await new Promise<void>((resolve) => {
      const s = net.connect(service.socket, () => {
        s.end('GARBAGE NOT HTTP\r\n\r\n');
        s.on('close', () => resolve());
        s.resume();
      });
    });
    assert.equal((await request(service.socket, 'GET', '/_ping')).body, 'OK');
    assert.equal((await docker(['ps', '-a', '-q'])).stdout, '');
    fsckClean();
  });
});
