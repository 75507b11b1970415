import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chainIds } from '../../../client/src/engine/image/store';
import { makeLayeredImage } from '../../support/layers';
import { canRunContainers, cli, unmountUnder } from '../../support/containers';

/** Runs a command as the unprivileged user `nobody`. */
function asNobody(cmd: string[]): { status: number; stdout: string; stderr: string } {
  // runuser, not setpriv: setpriv execs the command itself with root's saved uid, which still reaches a 0700 folder.
  const r = spawnSync('runuser', ['-u', 'nobody', '--', ...cmd], { encoding: 'utf8' });
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A data root outside a private home (here under /tmp, made 0755 as `mkdir` makes it): the
 * setuid-root binary and the 0666 device node an image ships keep their modes in the unpacked
 * layer (so inside containers), but no other local user can reach them on the host.
 */
describe('private data root', function () {
  this.timeout(120_000);
  let parent: string;
  let root: string;
  before(async () => {
    assert.ok(canRunContainers(), 'needs root (to unpack setuid files and device nodes as the image says)');
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'h6-private-'));
    fs.chmodSync(parent, 0o755);
    root = path.join(parent, 'data');
    fs.mkdirSync(root, { mode: 0o755 });
    fs.chmodSync(root, 0o755);
    // The store written the way an older Stevedore (or a hand-made root) left it: folders 0755.
    await makeLayeredImage(root, 'suid:1', [{
      createdBy: 'a setuid-root id and a world-writable device node',
      entries: [
        { name: 'bin', type: 'directory', mode: 0o755 },
        { name: 'bin/suid-id', data: fs.readFileSync('/usr/bin/id'), mode: 0o4755 },
        { name: 'dev', type: 'directory', mode: 0o755 },
        { name: 'dev/open-null', type: 'character-device', mode: 0o666, devmajor: 1, devminor: 3 },
      ],
    }]);
    for (const d of ['content', 'images']) fs.chmodSync(path.join(root, d), 0o755);
  });
  after(() => {
    cli(root, ['container', 'prune', '-f']);
    unmountUnder(parent);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('a local user cannot execute a setuid file or open a device node from unpacked layers', () => {
    // Unpacking (what create does) puts the layer under layers/<chain id>/fs.
    const id = cli(root, ['create', 'suid:1', '/bin/suid-id']).stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const diffIds = JSON.parse(cli(root, ['inspect', '-f', '{{json .RootFS.Layers}}', 'suid:1']).stdout) as string[];
    const layer = path.join(root, 'layers', chainIds(diffIds)[0].replace(/^sha256:/, ''), 'fs');
    const suid = path.join(layer, 'bin', 'suid-id');
    const dev = path.join(layer, 'dev', 'open-null');
    // As the image says, for the containers that run it.
    assert.equal(fs.statSync(suid).mode & 0o7777, 0o4755);
    assert.equal(fs.statSync(suid).uid, 0);
    assert.ok(fs.statSync(dev).isCharacterDevice());
    assert.equal(fs.statSync(dev).mode & 0o777, 0o666);
    // Out of reach for everyone else.
    const run = asNobody([suid, '-u']);
    assert.notEqual(run.stdout.trim(), '0', 'nobody ran a setuid-root binary from the data root');
    assert.notEqual(run.status, 0, run.stdout);
    assert.match(run.stderr, /Permission denied/, run.stderr);
    const write = asNobody(['sh', '-c', `echo x > ${dev}`]);
    assert.notEqual(write.status, 0, 'nobody opened the image\'s device node');
    cli(root, ['rm', id]);
  });

  it('the data root and its content folders are 0700; fsck reports and --repair fixes a folder opened up since', () => {
    for (const d of ['', 'content', 'layers', 'snapshots', 'images', 'volumes', 'containers']) {
      assert.equal(fs.statSync(path.join(root, d)).mode & 0o777, 0o700, `${d || 'data root'} is private`);
    }
    fs.chmodSync(path.join(root, 'layers'), 0o755);
    // fsck opens the root (which fixes it) and says so.
    const check = cli(root, ['system', 'fsck']);
    assert.match(check.stdout, new RegExp(`^warning: ${path.join(root, 'layers')}: mode 0755 lets other users reach image content .*made private`, 'm'), check.stdout);
    assert.equal(fs.statSync(path.join(root, 'layers')).mode & 0o777, 0o700);
    const again = cli(root, ['system', 'fsck']);
    assert.doesNotMatch(again.stdout, /lets other users/, again.stdout);
  });

  it('a data root the CLI creates is private from the start', () => {
    const fresh = path.join(parent, 'fresh');
    assert.equal(cli(fresh, ['images', '-q']).status, 0);
    assert.equal(fs.statSync(fresh).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(fresh, 'layers')).mode & 0o777, 0o700);
  });
});
