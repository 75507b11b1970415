import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { chainIds } from '../../../client/src/engine/image/store';
import { makeBusyboxImage } from '../../support/images';
import { cli, killCli, mountsUnder, withBusyboxRoot } from '../../support/containers';

/** Unpacked layer folders (chain ID hex) in a data root. */
function layerDirs(root: string): string[] {
  return fs.readdirSync(path.join(root, 'layers')).filter((n) => /^[a-f0-9]{64}$/.test(n)).sort();
}

/** The layer folders an image's chain needs. */
function chainOf(root: string, ref: string): string[] {
  const diffIds = JSON.parse(cli(root, ['inspect', '-f', '{{json .RootFS.Layers}}', ref]).stdout) as string[];
  return chainIds(diffIds).map((c) => c.replace(/^sha256:/, ''));
}

function dfRow(root: string, type: string): { TotalCount: string; Size: string; Reclaimable: string } | undefined {
  return cli(root, ['system', 'df', '--format', 'json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.Type === type);
}

/**
 * Unpacked layers are part of the model: one lives exactly as long as an image, a container or a
 * build cache entry refers to it. rmi, image prune and builder prune release them; a killed
 * build's snapshot, mount and step container are found by fsck and removed by --repair or the next GC.
 */
describe('garbage collection of unpacked layers', function () {
  this.timeout(300_000);
  let root: string;
  withBusyboxRoot('h6-gc-', (r) => (root = r));

  it('rmi releases the unpacked layers only the removed image used; the others stay and run', async () => {
    await makeBusyboxImage(root, 'gc-other:1', { files: { 'etc/other': 'other\n' } });
    assert.equal(cli(root, ['run', '--rm', 'gc-other:1', 'cat', '/etc/other']).stdout, 'other\n');
    assert.equal(cli(root, ['run', '--rm', 'busybox', 'true']).status, 0);
    const other = chainOf(root, 'gc-other:1');
    const mine = chainOf(root, 'busybox');
    assert.ok(other.every((c) => layerDirs(root).includes(c)), 'running unpacked the layers');
    const rmi = cli(root, ['rmi', 'gc-other:1']);
    assert.equal(rmi.status, 0, rmi.stderr);
    assert.deepEqual(layerDirs(root), mine);
    assert.equal(cli(root, ['run', '--rm', 'busybox', 'cat', '/etc/passwd']).status, 0);
  });

  it('a container keeps its layers through rmi -f; removing the container and pruning releases them', async () => {
    await makeBusyboxImage(root, 'gc-used:1', { files: { 'etc/used': 'used\n' } });
    const used = chainOf(root, 'gc-used:1');
    const id = cli(root, ['create', 'gc-used:1', 'cat', '/etc/used']).stdout.trim();
    assert.equal(cli(root, ['rmi', '-f', 'gc-used:1']).status, 0);
    assert.ok(used.every((c) => layerDirs(root).includes(c)), 'the container still needs its layers');
    assert.equal(cli(root, ['start', '-a', id]).stdout, 'used\n');
    assert.equal(cli(root, ['rm', id]).status, 0);
    assert.equal(cli(root, ['image', 'prune', '-a', '-f']).status, 0);
    assert.deepEqual(layerDirs(root).filter((c) => used.includes(c)), []);
  });

  it('image prune -a releases the layers of the images it deletes', async () => {
    await makeBusyboxImage(root, 'busybox:latest');
    await makeBusyboxImage(root, 'gc-prune:1', { files: { 'etc/p': 'p\n' } });
    assert.equal(cli(root, ['run', '--rm', 'gc-prune:1', 'true']).status, 0);
    const keepId = cli(root, ['run', '-d', 'busybox', 'sleep', '300']).stdout.trim();
    const r = cli(root, ['image', 'prune', '-a', '-f']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(layerDirs(root), chainOf(root, 'busybox'));
    cli(root, ['rm', '-f', keepId]);
  });

  it('the build cache keeps the layers of its steps until builder prune', async () => {
    const ctx = fs.mkdtempSync(path.join(root, 'ctx-'));
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox\nRUN echo built > /built\n');
    assert.equal(cli(root, ['build', '-q', '-t', 'gc-built:1', ctx]).status, 0);
    assert.equal(cli(root, ['run', '--rm', 'gc-built:1', 'cat', '/built']).stdout, 'built\n');
    const built = chainOf(root, 'gc-built:1');
    assert.equal(cli(root, ['rmi', 'gc-built:1']).status, 0);
    assert.ok(built.every((c) => layerDirs(root).includes(c)), 'a cache entry still refers to the RUN layer');
    assert.equal(cli(root, ['builder', 'prune', '-f']).status, 0);
    assert.deepEqual(layerDirs(root), chainOf(root, 'busybox'));
  });

  it('system df counts unpacked layers; what the GC would free is reclaimable', async () => {
    const row = dfRow(root, 'Unpacked Layers');
    assert.ok(row, 'system df has an Unpacked Layers row');
    assert.equal(Number(row.TotalCount), layerDirs(root).length);
    assert.match(row.Size, /^[1-9][\d.]*[kM]B$/, 'busybox unpacked is more than 0 B');
    const text = cli(root, ['system', 'df']).stdout;
    assert.match(text, /^Unpacked Layers\s+\d+\s+\d+\s+\S+\s+\S+/m, text);
  });

  it('kill during a RUN step: fsck reports the stray snapshot, mount and step; --repair removes them; the next build cleans up too', async () => {
    const ctx = fs.mkdtempSync(path.join(root, 'ctx-'));
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox\nRUN touch /started; sleep 120\n');
    const snapshots = path.join(root, 'snapshots');
    const running = () => fs.readdirSync(snapshots).some((n) => n.startsWith('build-') && fs.existsSync(path.join(snapshots, n, 'rootfs', 'started')));
    assert.ok(await killCli(root, ['build', '--no-cache', ctx], running), 'the build was killed mid-RUN');
    assert.ok(mountsUnder(root).some((m) => m.includes('/snapshots/build-')), 'the kill left a mount (what this test is about)');
    const check = cli(root, ['system', 'fsck']);
    assert.match(check.stdout, /^warning: snapshot build-[0-9a-f]+: temporary root filesystem of process \d+, which is gone/m, check.stdout);
    assert.match(check.stdout, /^warning: build step build-[0-9a-f]+: left running by an interrupted build/m, check.stdout);
    const repair = cli(root, ['system', 'fsck', '--repair']);
    assert.equal(repair.status, 0, repair.stdout + repair.stderr);
    assert.deepEqual(mountsUnder(root), []);
    assert.deepEqual(fs.readdirSync(snapshots).filter((n) => n.startsWith('build-')), []);
    assert.deepEqual(fs.readdirSync(path.join(root, 'build', 'run')), []);
    const again = cli(root, ['system', 'fsck']);
    assert.doesNotMatch(again.stdout, /^(warning|error):/m, again.stdout);

    // Killed again: this time the next build (no fsck) clears what it left.
    assert.ok(await killCli(root, ['build', '--no-cache', ctx], running), 'the build was killed mid-RUN');
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox\nRUN echo ok > /ok\n');
    assert.equal(cli(root, ['build', '-q', ctx]).status, 0);
    assert.deepEqual(mountsUnder(root), []);
    assert.deepEqual(fs.readdirSync(snapshots).filter((n) => n.startsWith('build-')), []);
    assert.deepEqual(fs.readdirSync(path.join(root, 'build', 'run')), []);
  });

  it('kill during a COPY that writes its layer folder: fsck reports the temp folder, --repair removes it, the next build makes the layer whole', async () => {
    const ctx = fs.mkdtempSync(path.join(root, 'ctx-'));
    for (let d = 0; d < 40; d++) {
      fs.mkdirSync(path.join(ctx, `d${d}`));
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(ctx, `d${d}`, `f${f}`), `${d}/${f}\n`);
    }
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox\nCOPY . /ctx\nRUN find /ctx -type f | wc -l > /count\n');
    const layers = path.join(root, 'layers');
    const staging = () => fs.readdirSync(layers).some((n) => n.startsWith('.tmp-stage-') && fs.existsSync(path.join(layers, n, 'fs', 'ctx', 'd1')));
    assert.ok(await killCli(root, ['build', '--no-cache', ctx], staging), 'the build was killed mid-COPY');
    const left = fs.readdirSync(layers).filter((n) => n.startsWith('.tmp-stage-'));
    assert.equal(left.length, 1, 'the kill left the half-written folder (what this test is about)');
    const check = cli(root, ['system', 'fsck']);
    assert.match(check.stdout, new RegExp(`^warning: layers/${left[0]}: temporary folder of an interrupted unpack, COPY or layer removal`, 'm'), check.stdout);
    assert.equal(cli(root, ['system', 'fsck', '--repair']).status, 0);
    assert.deepEqual(fs.readdirSync(layers).filter((n) => n.startsWith('.tmp-')), []);
    const built = cli(root, ['build', '-q', '-t', 'gc-copy:1', ctx]);
    assert.equal(built.status, 0, built.stderr);
    assert.equal(cli(root, ['run', '--rm', 'gc-copy:1', 'cat', '/count']).stdout, '4001\n');
    const again = cli(root, ['system', 'fsck']);
    assert.doesNotMatch(again.stdout, /^(warning|error):/m, again.stdout);
  });

  it('kill during image prune at many points, then GC: every remaining image runs and only their layers remain', async () => {
    const refs = ['gc-k1:1', 'gc-k2:1', 'gc-k3:1', 'gc-k4:1'];
    // The build cache (earlier tests) keeps its layers; without it, only images keep layers here.
    assert.equal(cli(root, ['builder', 'prune', '-f']).status, 0);
    let killed = 0;
    for (const ms of [30, 80, 150, 250, 400]) {
      for (const [i, ref] of refs.entries()) {
        await makeBusyboxImage(root, ref, { files: { [`etc/k${i}`]: `${i}\n` } });
        assert.equal(cli(root, ['run', '--rm', ref, 'true']).status, 0);
      }
      if (await killCli(root, ['image', 'prune', '-a', '-f'], ms)) killed++;
      // GC (through a prune of nothing) after the kill.
      assert.equal(cli(root, ['image', 'prune', '-f']).status, 0);
      const left = cli(root, ['images', '--format', '{{.Repository}}:{{.Tag}}']).stdout.split('\n').filter(Boolean);
      for (const ref of left) {
        const r = cli(root, ['run', '--rm', ref, 'cat', '/etc/passwd']);
        assert.equal(r.status, 0, `${ref} runs after a killed prune: ${r.stderr}`);
      }
      const want = new Set(left.flatMap((ref) => chainOf(root, ref)));
      assert.deepEqual(layerDirs(root), [...want].sort(), 'exactly the remaining images\' layers stay unpacked');
    }
    assert.ok(killed >= 2, `some prunes were really interrupted (${killed})`);
    const fsck = cli(root, ['system', 'fsck']);
    assert.equal(fsck.status, 0, fsck.stdout);
    assert.doesNotMatch(fsck.stdout, /^error:/m, fsck.stdout);
  });

  it('fsck reports unpacked layers nothing uses and --repair removes them', async () => {
    // A layer left by a store from before the GC existed: an image removed without its layers.
    const stray = path.join(root, 'layers', 'f'.repeat(64));
    fs.mkdirSync(path.join(stray, 'fs'), { recursive: true });
    fs.writeFileSync(path.join(stray, 'fs', 'x'), 'x');
    const check = cli(root, ['system', 'fsck']);
    assert.match(check.stdout, new RegExp(`^warning: layer sha256:${'f'.repeat(64)}: unpacked layer no image, container or build cache entry uses`, 'm'), check.stdout);
    assert.equal(cli(root, ['system', 'fsck', '--repair']).status, 0);
    assert.equal(fs.existsSync(stray), false);
  });
});
