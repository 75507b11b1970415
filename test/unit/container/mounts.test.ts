import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar-stream';
import { makeBusyboxImage } from '../../support/images';
import { canRunContainers, cli, mountsUnder, tempRoot, until } from '../../support/containers';


/**
 * A container's root filesystem is mounted while it runs and only then, as dockerd does:
 * create prepares it without mounting, start mounts it, the container's exit unmounts it, and
 * cp, diff, export and commit on a container that is not running mount it for their call.
 */
describe('container root filesystems are mounted at start and unmounted at stop', function () {
  this.timeout(120_000);
  let root: string;
  let cleanup: () => void;
  const sv = (...args: string[]) => cli(root, args);
  const rootfs = (id: string) => path.join(root, 'snapshots', id, 'rootfs');

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun');
    ({ root, cleanup } = tempRoot('sv-mnt-'));
    await makeBusyboxImage(root, 'busybox:latest', { workdir: '/srv' });
  });
  after(() => cleanup());

  it('create mounts nothing, even for twenty containers; the user and a new working directory still come from the image', () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = sv('create', '-u', 'nobody', '-w', '/made/by/create', 'busybox', 'sh', '-c', 'echo $(id -u) $(pwd) $HOME');
      assert.equal(r.status, 0, r.stderr);
      ids.push(r.stdout.trim());
    }
    assert.deepEqual(mountsUnder(root), []);
    // The working directory is in the container's own layer (docker diff shows it), the user resolved from /etc/passwd.
    assert.deepEqual(sv('diff', ids[0]).stdout.split('\n').filter(Boolean), ['A /made', 'A /made/by', 'A /made/by/create']);
    const started = sv('start', '-a', ids[0]);
    assert.equal(started.stdout, '65534 /made/by/create /nonexistent\n', started.stderr);
    assert.deepEqual(mountsUnder(root), []);
    assert.equal(sv('rm', ...ids).status, 0);
  });

  it('start mounts the rootfs, the exit unmounts it; cp, diff, export and commit work on the stopped container and leave nothing mounted', async () => {
    const id = sv('run', '-d', 'busybox', 'sh', '-c', 'echo hi > /srv/note; sleep 30').stdout.trim();
    assert.ok(id, 'run -d printed no ID');
    assert.deepEqual(mountsUnder(root), [rootfs(id)]);
    await until(() => sv('exec', id, 'cat', '/srv/note').stdout === 'hi\n');
    assert.equal(sv('stop', '-t', '1', id).status, 0);
    await until(() => mountsUnder(root).length === 0);

    assert.deepEqual(sv('diff', id).stdout.split('\n').filter(Boolean), ['A /srv', 'A /srv/note']);
    assert.equal(cli(root, ['cp', `${id}:/srv/note`, '-']).status, 0);
    // cp into the stopped container: the destination's stat and the copy each mount for their call only.
    const incoming = path.join(root, 'incoming.txt');
    fs.writeFileSync(incoming, 'copied in\n');
    const cpIn = cli(root, ['cp', incoming, `${id}:/srv/`]);
    assert.equal(cpIn.status, 0, cpIn.stderr);
    assert.deepEqual(mountsUnder(root), []);
    const files: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (h, s, next) => {
      files.push(h.name);
      s.resume();
      s.on('end', next);
    });
    const file = path.join(root, 'export.tar');
    const exported = sv('export', '-o', file, id);
    assert.equal(exported.status, 0, exported.stderr);
    await new Promise<void>((resolve, reject) => {
      extract.on('finish', resolve);
      extract.on('error', reject);
      extract.end(fs.readFileSync(file));
    });
    assert.ok(files.includes('srv/note'), `export lacks srv/note: ${files.slice(0, 20).join(' ')}`);
    const img = sv('commit', id, 'noted:1');
    assert.equal(img.status, 0, img.stderr);
    assert.deepEqual(mountsUnder(root), []);
    assert.equal(sv('run', '--rm', 'noted:1', 'cat', '/srv/note').stdout, 'hi\n');

    // Started again, it is mounted again and sees its own changes.
    assert.equal(sv('start', id).status, 0);
    assert.deepEqual(mountsUnder(root), [rootfs(id)]);
    assert.equal(sv('exec', id, 'cat', '/srv/note').stdout, 'hi\n');
    assert.equal(sv('rm', '-f', id).status, 0);
    assert.deepEqual(mountsUnder(root), []);
  });
});
