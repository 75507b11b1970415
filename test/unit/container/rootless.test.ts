import * as assert from 'assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { makeBusyboxImage } from '../../support/images';
import { canRunContainers, CLI, tunForUsers, until, unmountUnder } from '../../support/containers';

const NOBODY = 65534;

/**
 * The engine as a regular user (nobody): containers in a user namespace mapping the user to
 * root inside, a copied rootfs (overlay mounts need root), slirp4netns networking, and a clear
 * message for what needs root (pause: the cgroup freezer).
 */
describe('rootless containers (the CLI run as nobody)', function () {
  this.timeout(120_000);
  let root: string;
  let home: string;
  const sv = (...args: string[]) => {
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, '--data-root', root, ...args], {
      encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: home, TMPDIR: home }, cwd: home,
    });
    return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
  };

  before(async function () {
    assert.ok(canRunContainers(), 'needs runc or crun');
    tunForUsers();
    assert.equal(spawnSync('runuser', ['-u', 'nobody', '--', 'unshare', '-Ur', 'true']).status, 0, 'this kernel must allow unprivileged user namespaces');
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-rootless-'));
    fs.chmodSync(home, 0o755);
    root = path.join(home, 'root');
    await makeBusyboxImage(root, 'busybox:latest', { files: { 'www/index.html': 'rootless page\n' } });
    execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
  });
  after(() => {
    spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, '--data-root', root, 'container', 'prune', '-f'], { env: { ...process.env, HOME: home, TMPDIR: home } });
    unmountUnder(home);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('runs, keeps running detached, execs, publishes a port, stops and removes, all as nobody', async () => {
    const r = sv('run', '--rm', 'busybox', 'sh', '-c', 'echo inside as $(id -u); cat /proc/self/uid_map | tr -s " "');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^inside as 0\n 0 65534 1\n$/);
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    assert.equal(sv('run', '-d', '--name', 'rl-web', '-p', `127.0.0.1:${port}:8080`, '-v', 'rl-data:/data', 'busybox', 'sh', '-c', 'echo kept > /data/f; httpd -f -p 8080 -h /www').status, 0);
    const body = await until(() => new Promise<string | undefined>((resolve) => {
      http.get(`http://127.0.0.1:${port}/index.html`, (res) => {
        let b = '';
        res.on('data', (d) => (b += d));
        res.on('end', () => resolve(b));
      }).on('error', () => resolve(undefined));
    }), 10_000, 100);
    assert.equal(body, 'rootless page\n');
    assert.equal(sv('exec', 'rl-web', 'cat', '/data/f').stdout, 'kept\n');
    assert.equal(sv('inspect', '--format', '{{.Driver}}', 'rl-web').stdout, 'vfs\n', 'a copied rootfs: overlay mounts need root');
    const pause = sv('pause', 'rl-web');
    assert.equal(pause.status, 1);
    assert.match(pause.stderr, /pausing needs the container's cgroup freezer/);
    assert.equal(sv('stop', '-t', '1', 'rl-web').status, 0);
    assert.equal(sv('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'rl-web').stdout, 'exited 137\n');
    assert.deepEqual(sv('diff', 'rl-web').stdout, '', 'the volume write is not a rootfs change');
    assert.equal(sv('rm', 'rl-web').status, 0);
    assert.equal(sv('run', '--rm', '-v', 'rl-data:/data', 'busybox', 'cat', '/data/f').stdout, 'kept\n');
  });
});
