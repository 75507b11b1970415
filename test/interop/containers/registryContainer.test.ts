import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { canRunContainers, cli, tempRoot, tunForUsers, until } from '../../support/containers';
import { makeBusyboxImage } from '../../support/images';

/** The shared libraries Debian's docker-registry binary loads (it is dynamically linked against glibc). */
const LIBS = ['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'];

const CONFIG = `version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
`;

/**
 * The tutorials' private registry as a container: an image built here from Debian's
 * docker-registry binary (as the official registry image is laid out), run with
 * `-d -p PORT:5000 --restart=always --name registry`, then tag / push / pull through
 * 127.0.0.1:PORT. The port is chosen at run time (the tutorial's 5000 may be taken on a shared machine).
 */
describe('the private registry as a container (docker-registry in an image built here)', function () {
  this.timeout(240_000);
  let root: ReturnType<typeof tempRoot>;
  let port: number;

  before(async function () {
    assert.ok(canRunContainers(), 'needs root and runc or crun');
    assert.ok(fs.existsSync('/usr/bin/docker-registry'), 'docker-registry is installed (test/setup/apt-packages.txt)');
    tunForUsers();
    root = tempRoot('sv-regctr-');
    await makeBusyboxImage(root.root, 'busybox:latest', { files: { 'hello.txt': 'pushed through a registry container\n' } });
    const ctx = path.join(root.root, '..', `${path.basename(root.root)}-ctx`);
    fs.mkdirSync(ctx);
    fs.copyFileSync('/usr/bin/docker-registry', path.join(ctx, 'registry'));
    fs.chmodSync(path.join(ctx, 'registry'), 0o755);
    for (const l of LIBS) fs.copyFileSync(fs.realpathSync(l), path.join(ctx, path.basename(l)));
    fs.writeFileSync(path.join(ctx, 'config.yml'), CONFIG);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), [
      'FROM busybox:latest',
      'COPY registry /bin/registry',
      'COPY libc.so.6 /lib/x86_64-linux-gnu/libc.so.6',
      'COPY ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2',
      'COPY config.yml /etc/docker/registry/config.yml',
      'VOLUME ["/var/lib/registry"]',
      'EXPOSE 5000',
      'ENTRYPOINT ["/bin/registry"]',
      'CMD ["serve", "/etc/docker/registry/config.yml"]',
      '',
    ].join('\n'));
    const b = cli(root.root, ['build', '-t', 'local/registry:2', ctx], { timeout: 120_000 });
    assert.equal(b.status, 0, b.stderr);
    fs.rmSync(ctx, { recursive: true, force: true });
    port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
  });
  after(() => root?.cleanup());

  const ok = (...args: string[]) => {
    const r = cli(root.root, args, { timeout: 120_000 });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const catalog = () => new Promise<string | undefined>((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => c.end('GET /v2/_catalog HTTP/1.0\r\n\r\n'));
    let b = '';
    c.on('data', (d) => (b += d));
    c.on('end', () => resolve(b.split('\r\n\r\n')[1]));
    c.on('error', () => resolve(undefined));
  });

  it('run -d -p PORT:5000 --restart=always --name registry, then tag, push and pull through 127.0.0.1:PORT; the registry comes back after it is killed', async () => {
    ok('run', '-d', '-p', `127.0.0.1:${port}:5000`, '--restart=always', '--name', 'registry', 'local/registry:2');
    assert.equal(await until(catalog, 20_000, 200), '{"repositories":[]}\n');
    const ref = `127.0.0.1:${port}/my-busybox:1`;
    ok('tag', 'busybox:latest', ref);
    assert.match(ok('push', ref), /1: digest: sha256:[0-9a-f]{64} size: \d+/);
    assert.equal(await catalog(), '{"repositories":["my-busybox"]}\n');
    ok('rmi', ref);
    ok('rmi', 'busybox:latest');
    assert.match(ok('pull', ref), /Downloaded newer image for 127\.0\.0\.1:\d+\/my-busybox:1/);
    assert.equal(ok('run', '--rm', ref, 'cat', '/hello.txt'), 'pushed through a registry container\n');

    // --restart=always: the registry process killed, the supervisor starts it again; the pushed
    // image is still there (the image's VOLUME keeps the storage).
    const pid = Number(ok('inspect', '--format', '{{.State.Pid}}', 'registry').trim());
    process.kill(pid, 'SIGKILL');
    await until(async () => Number(ok('inspect', '--format', '{{.RestartCount}}', 'registry').trim()) >= 1 && (await catalog()) !== undefined, 30_000, 300);
    assert.equal(await catalog(), '{"repositories":["my-busybox"]}\n');
    ok('rmi', ref);
    ok('pull', ref);
    ok('rm', '-f', '-v', 'registry');
  });
});
