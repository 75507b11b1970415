import * as assert from 'assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar-stream';
import { makeBusyboxImage } from '../../support/images';
import { canRunContainers, CLI, cli, cliAsync, mountsUnder, sleep, tempRoot, until } from '../../support/containers';


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

  it('a start that fails (no such command) leaves nothing mounted, and a cp after it neither', () => {
    const id = sv('create', 'busybox', '/no/such/command').stdout.trim();
    assert.ok(id, 'create printed no ID');
    const started = sv('start', id);
    assert.notEqual(started.status, 0);
    assert.match(started.stderr, /no such file or directory/);
    assert.deepEqual(mountsUnder(root), []);
    assert.equal(cli(root, ['cp', `${id}:/etc/passwd`, '-']).status, 0);
    assert.deepEqual(mountsUnder(root), []);
    assert.equal(sv('rm', id).status, 0);
  });

  it('two starts of one container at once (other processes): both succeed, it runs once, with one mount', async () => {
    for (let round = 0; round < 3; round++) {
      const id = sv('create', 'busybox', 'sh', '-c', 'echo up >> /srv/starts; sleep 30').stdout.trim();
      assert.ok(id, 'create printed no ID');
      const both = await Promise.all([cliAsync(root, ['start', id]), cliAsync(root, ['start', id])]);
      for (const r of both) assert.equal(r.status, 0, `round ${round}: ${r.stderr}`);
      // Before: one start's supervisor was refused by the runtime ("already exists") and wrote its
      // failure over the record of the running one, so the container read as exited (255).
      await sleep(500);
      assert.equal(sv('inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', id).stdout, 'true 0\n', `round ${round}`);
      assert.equal(sv('exec', id, 'cat', '/srv/starts').stdout, 'up\n', `round ${round}: the process ran once`);
      assert.deepEqual(mountsUnder(root), [rootfs(id)]);
      assert.equal(sv('rm', '-f', id).status, 0);
      await until(() => mountsUnder(root).length === 0);
    }
  });

  it('cp and export of a stopped container in other processes while it is started and stopped: a started container keeps its mounted root, nothing stays mounted after stop', async function () {
    // Three CLI loops and a dozen start/stop cycles: minutes on a loaded machine.
    this.timeout(360_000);
    // The on-demand mount of cp/export must never be unmounted under a container started while
    // it was in use (that left the running container's root unmounted on the host, so the next
    // cp mounted a second overlay over the same upper directory).
    const id = sv('create', 'busybox', 'sh', '-c', 'echo run >> /runs; while true; do date +%s%N >> /ticks; sleep 0.05; done').stdout.trim();
    assert.ok(id, 'create printed no ID');
    const stopFile = path.join(root, 'stop-loops');
    const loop = (cmd: string) => spawn('sh', ['-c', `while [ ! -e ${stopFile} ]; do ${process.execPath} ${CLI} --data-root ${root} ${cmd} >/dev/null 2>&1; done`], { stdio: 'ignore' });
    const loops = [loop(`cp ${id}:/etc/passwd -`), loop(`export ${id}`), loop(`cp ${id}:/bin -`)];
    const closed = loops.map((l) => new Promise((r) => l.on('close', r)));
    const problems: string[] = [];
    const cycles = 10;
    try {
      for (let i = 0; i < cycles; i++) {
        const started = sv('start', id);
        assert.equal(started.status, 0, started.stderr);
        // While it runs its root is mounted on the host, once.
        for (let k = 0; k < 15; k++) {
          const m = mountsUnder(root);
          if (m.length !== 1 || m[0] !== rootfs(id)) problems.push(`cycle ${i}: running with mounts ${JSON.stringify(m)}`);
          await sleep(20);
        }
        // What cp puts into the running container, the container sees.
        const file = path.join(root, `in-${i}`);
        fs.writeFileSync(file, `copy ${i}\n`);
        const cpIn = cli(root, ['cp', file, `${id}:/in-${i}`]);
        if (cpIn.status !== 0) problems.push(`cycle ${i}: cp in: ${cpIn.stderr}`);
        const seen = sv('exec', id, 'cat', `/in-${i}`);
        if (seen.stdout !== `copy ${i}\n`) problems.push(`cycle ${i}: the container sees ${JSON.stringify(seen.stdout + seen.stderr)} for what cp put in`);
        assert.equal(sv('stop', '-t', '0', id).status, 0);
      }
    } finally {
      fs.writeFileSync(stopFile, '');
      await Promise.all(closed);
    }
    assert.deepEqual(problems, []);
    assert.ok(await until(() => mountsUnder(root).length === 0, 5000), `left mounted after stop: ${mountsUnder(root).join(' ')}`);
    // Every run saw its root from its start (the runs it recorded), and wrote into it.
    const cpOut = spawn(process.execPath, [CLI, '--data-root', root, 'cp', `${id}:/runs`, '-']);
    const [runs, code] = await Promise.all([tarFile(cpOut.stdout, 'runs'), new Promise((r) => cpOut.on('close', r))]);
    assert.equal(code, 0);
    assert.equal(runs, 'run\n'.repeat(cycles));
    assert.deepEqual(mountsUnder(root), []);
    assert.equal(sv('rm', id).status, 0);
  });
});

/** The content of `name` in a tar stream. */
function tarFile(stream: NodeJS.ReadableStream, name: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let found: string | undefined;
    const extract = tar.extract();
    extract.on('entry', (h, s, next) => {
      const chunks: Buffer[] = [];
      s.on('data', (d) => chunks.push(d as Buffer));
      s.on('end', () => {
        if (h.name === name) found = Buffer.concat(chunks).toString();
        next();
      });
    });
    extract.on('finish', () => resolve(found));
    extract.on('error', reject);
    stream.pipe(extract);
  });
}
