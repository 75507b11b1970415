import * as assert from 'assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { canRunContainers, cli, tempRoot, tunForUsers, until } from '../../support/containers';
import { httpGetText } from '../../support/process';
import { run, Service, startService } from '../../support/daemon';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';

const COMPOSE = '/usr/bin/docker-compose';

/** `docker-compose ARGS` in `dir` against the daemon at `host` (Debian's docker-compose 1.29.2). */
function compose(dir: string, host: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(COMPOSE, ['-p', 'svproj', ...args], { cwd: dir, env: { ...process.env, DOCKER_HOST: host, COMPOSE_INTERACTIVE_NO_CLI: '1' } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
  });
}

/**
 * A compose project on Stevedore's Engine API (`stevedore system service`) and on a real
 * dockerd with its own bridge network: an HTTP service, a client that fetches from it by the
 * service's name, a named volume and a published port. Same services, same fetched body.
 */
describe('system service: docker-compose 1.29.2 (Debian) on user networks, beside dockerd', function () {
  this.timeout(300_000);
  let root: ReturnType<typeof tempRoot>;
  let service: Service;
  let dockerd: Dockerd;
  let dir: string;
  let port: number;

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun');
    assert.ok(fs.existsSync(COMPOSE), 'docker-compose is installed (test/setup/apt-packages.txt)');
    tunForUsers();
    root = tempRoot('sv-compose-');
    await makeBusyboxImage(root.root, 'busybox:latest', { files: { 'www/index.html': 'served by web\n' } });
    service = await startService(root.root);
    dockerd = await startDockerd({ ownNetwork: true });
    const tar = path.join(root.root, '..', `busybox-${path.basename(root.root)}.tar`);
    assert.equal(cli(root.root, ['save', '-o', tar, 'busybox:latest']).status, 0);
    await dockerd.docker(['load', '-i', tar]);
    fs.rmSync(tar, { force: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-compose-proj-'));
    port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), [
      'version: "3.8"',
      'services:',
      '  web:',
      '    image: busybox:latest',
      '    command: ["sh", "-c", "cp /www/index.html /data/; httpd -f -p 80 -h /data"]',
      '    ports:',
      `      - "127.0.0.1:${port}:80"`,
      '    volumes:',
      '      - pages:/data',
      '  client:',
      '    image: busybox:latest',
      '    command: ["sh", "-c", "until wget -qO- http://web/index.html; do sleep 0.2; done; sleep 3600"]',
      '    depends_on: [web]',
      'volumes:',
      '  pages: {}',
      '',
    ].join('\n'));
  });
  after(async () => {
    if (service) await compose(dir, service.host, ['down', '-v', '-t', '1']).catch(() => undefined);
    if (dockerd) await compose(dir, `unix://${dockerd.socket}`, ['down', '-v', '-t', '1']).catch(() => undefined);
    await service?.stop();
    await dockerd?.stop();
    root?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** up -d, ps, logs (the body the client fetched by service name), down -v: what the test compares. */
  async function lifecycle(host: string, publishedReachable: boolean): Promise<{ services: string[]; body: string; ps: string }> {
    const up = await compose(dir, host, ['up', '-d']);
    assert.equal(up.status, 0, up.stderr);
    const services = (await compose(dir, host, ['ps', '--services'])).stdout.split('\n').filter(Boolean).sort();
    const ps = (await compose(dir, host, ['ps'])).stdout;
    const body = await until(async () => {
      const logs = await compose(dir, host, ['logs', '--no-color', 'client']);
      return /served by web/.test(logs.stdout) ? logs.stdout.split('\n').find((l) => l.includes('served by web'))!.replace(/^.*\|\s*/, '') : '';
    }, 30_000, 500);
    if (publishedReachable) assert.equal(await until(() => httpGetText(`http://127.0.0.1:${port}/index.html`), 10_000, 200), 'served by web\n');
    const down = await compose(dir, host, ['down', '-v', '-t', '1']);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stderr, /Removing network svproj_default/);
    assert.match(down.stderr, /Removing volume svproj_pages/);
    return { services, body, ps };
  }

  it('the docker 28 CLI: network create/ls/inspect/connect/disconnect/rm and run --network --network-alias against the service', async () => {
    const docker = (...args: string[]) => run('/usr/local/bin/docker', args, { host: service.host });
    assert.match((await docker('network', 'create', '--subnet', '10.124.0.0/24', 'clinet')).stdout, /^[0-9a-f]{64}\n$/);
    assert.match((await docker('network', 'ls', '--format', '{{.Name}} {{.Driver}}')).stdout, /^clinet bridge$/m);
    assert.equal(JSON.parse((await docker('network', 'inspect', 'clinet')).stdout)[0].IPAM.Config[0].Subnet, '10.124.0.0/24');
    assert.equal((await docker('run', '-d', '--name', 'cli-web', '--network', 'clinet', '--network-alias', 'www', 'busybox:latest', 'httpd', '-f', '-p', '80', '-h', '/www')).status, 0);
    const fetched = await docker('run', '--rm', '--network', 'clinet', 'busybox:latest', 'wget', '-qO-', 'http://www/index.html');
    assert.equal(fetched.stdout, 'served by web\n', fetched.stderr);
    const busy = await docker('network', 'rm', 'clinet');
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, /error while removing network: network clinet id [0-9a-f]{64} has active endpoints/);
    assert.equal((await docker('network', 'connect', 'bridge', 'cli-web')).status, 0);
    assert.match((await docker('inspect', '--format', '{{.NetworkSettings.Networks.bridge.IPAddress}}', 'cli-web')).stdout, /^172\.17\.0\.\d+\n$/);
    assert.equal((await docker('network', 'disconnect', 'bridge', 'cli-web')).status, 0);
    assert.equal((await docker('rm', '-f', 'cli-web')).status, 0);
    assert.equal((await docker('network', 'rm', 'clinet')).stdout, 'clinet\n');
  });

  it('up -d, ps, logs and down -v give the same services and the same fetched body on Stevedore and on dockerd', async () => {
    const ours = await lifecycle(service.host, true);
    assert.deepEqual(ours.services, ['client', 'web']);
    assert.equal(ours.body, 'served by web');
    assert.match(ours.ps, /svproj_web_1 .* Up .*127\.0\.0\.1:\d+->80\/tcp/);
    assert.match(ours.ps, /svproj_client_1 .* Up/);
    // down -v left nothing: no container, no project network, no project volume.
    assert.equal(cli(root.root, ['ps', '-aq']).stdout, '');
    assert.doesNotMatch(cli(root.root, ['network', 'ls']).stdout, /svproj/);
    assert.doesNotMatch(cli(root.root, ['volume', 'ls']).stdout, /svproj/);

    // dockerd's published ports live in its own network namespace: the body and services are compared.
    const theirs = await lifecycle(`unix://${dockerd.socket}`, false);
    assert.deepEqual(theirs.services, ours.services);
    assert.equal(theirs.body, ours.body);
  });
});
