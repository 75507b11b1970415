import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContentStore } from '../../../client/src/engine/content/store';
import { EventJournal } from '../../../client/src/engine/events';
import { chainIds, ImageStore } from '../../../client/src/engine/image/store';
import { applyLayer } from '../../../client/src/engine/layer/apply';
import { diffEntries } from '../../../client/src/engine/layer/diff';
import { openLayerBlob } from '../../../client/src/engine/layer/open';
import { Snapshotter, SnapshotMode } from '../../../client/src/engine/snapshot';
import { isMounted } from '../../../client/src/engine/snapshot/mount';
import { listLayer, makeLayeredImage } from '../../support/layers';
import { treeOf } from './helpers';

const LAYERS = [
  { createdBy: 'base', entries: [
    { name: 'bin/' }, { name: 'bin/tool', data: '#!/bin/sh\necho hi\n', mode: 0o755 }, { name: 'bin/sh', type: 'symlink' as const, linkname: 'tool' },
    { name: 'etc/' }, { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' }, { name: 'etc/motd', data: 'hello\n' },
    { name: 'var/' }, { name: 'var/cache/' }, { name: 'var/cache/a', data: 'aaaa' }, { name: 'var/cache/sub/' }, { name: 'var/cache/sub/b', data: 'bb' },
    { name: 'opt/' }, { name: 'opt/old/' }, { name: 'opt/old/x', data: 'x' }, { name: 'home/', mode: 0o700, uid: 1000 }, { name: 'home/f', data: 'f', uid: 1000 },
  ] },
  { createdBy: 'delete and replace', entries: [
    { name: 'etc/' }, { name: 'etc/.wh.motd' }, { name: 'var/cache/' }, { name: 'var/cache/.wh..wh..opq' }, { name: 'var/cache/new', data: 'new' },
    { name: 'opt/' }, { name: 'opt/.wh.old' }, { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home:/bin/sh\n', mode: 0o600 },
  ] },
];

const EXPECTED_ROOTFS = [
  'bin', 'bin/sh', 'bin/tool', 'etc', 'etc/passwd', 'home', 'home/f', 'opt', 'var', 'var/cache', 'var/cache/new',
];

for (const mode of ['overlay', 'copy'] as SnapshotMode[]) {
  describe(`snapshotter (${mode})`, function () {
    let tmp: string;
    let snaps: Snapshotter;
    let images: ImageStore;
    let content: ContentStore;
    let events: EventJournal;
    beforeEach(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), `sv-snap-${mode}-`));
      await makeLayeredImage(tmp, 'layered:1', LAYERS);
      content = new ContentStore(tmp);
      events = new EventJournal(tmp);
      images = new ImageStore(tmp, content, events);
      snaps = new Snapshotter({ dataRoot: tmp, content, images, mode });
    });
    afterEach(async () => {
      for (const s of await snaps.list()) await snaps.remove(s.id);
      events.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('prepares a rootfs with the whole chain applied (whiteouts, opaque directory, modes, owners)', async () => {
      const s = await snaps.prepare('c1', 'layered:1');
      assert.equal(s.mode, mode);
      assert.equal(s.mounted, mode === 'overlay');
      assert.equal(isMounted(s.rootfs), mode === 'overlay');
      const tree = treeOf(s.rootfs);
      assert.deepEqual(Object.keys(tree), EXPECTED_ROOTFS);
      assert.match(tree['etc/passwd'], / 600 0:0$/);
      assert.match(tree['home'], /^dir 700 1000:1000$/);
      assert.match(tree['bin/tool'], / 755 0:0$/);
      assert.equal(tree['bin/sh'], 'link->tool 777 0:0');
      const img = await images.resolve('layered:1');
      for (const c of chainIds(img.config.rootfs.diff_ids)) assert.ok(fs.existsSync(path.join(tmp, 'layers', c.slice(7), mode === 'overlay' ? 'fs' : 'full')) || mode === 'copy');
    });

    it('keeps each unpacked layer\'s size in the image store: a new process lists the image\'s size without opening a layer blob, and it is the size a walk of the blobs gives', async () => {
      await snaps.prepare('c-size', 'layered:1');
      const img = await images.resolve('layered:1');
      const layers = img.manifestJson.layers;
      // A new process: its own stores, counting the blobs opened.
      const fresh = new ContentStore(tmp);
      const opened: string[] = [];
      const openRead = fresh.openRead.bind(fresh);
      fresh.openRead = (d: string) => (opened.push(d), openRead(d));
      const [entry] = await new ImageStore(tmp, fresh, events).listEntries();
      assert.deepEqual(opened.filter((d) => layers.some((l) => l.digest === d)), [], 'no layer blob was opened for its size');
      // The same figures as counting from the blobs (a data root where nothing was unpacked).
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-snap-size-'));
      try {
        await makeLayeredImage(other, 'layered:1', LAYERS);
        const [walked] = await new ImageStore(other, new ContentStore(other), events).listEntries();
        assert.deepEqual(entry.layerSizes, walked.layerSizes);
        assert.ok(entry.size > 0);
        assert.equal(entry.size, walked.size);
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }
    });

    it('reports changes as docker diff does, and a committed layer re-applied gives the same tree', async () => {
      const s = await snaps.prepare('c2', 'layered:1');
      fs.writeFileSync(path.join(s.rootfs, 'etc/passwd'), 'changed\n');
      fs.mkdirSync(path.join(s.rootfs, 'srv/data'), { recursive: true });
      fs.writeFileSync(path.join(s.rootfs, 'srv/data/file'), 'new file');
      fs.linkSync(path.join(s.rootfs, 'srv/data/file'), path.join(s.rootfs, 'srv/hardlink'));
      fs.rmSync(path.join(s.rootfs, 'var/cache'), { recursive: true });
      fs.chmodSync(path.join(s.rootfs, 'bin/tool'), 0o700);
      fs.rmSync(path.join(s.rootfs, 'home'), { recursive: true });
      fs.mkdirSync(path.join(s.rootfs, 'home'));
      fs.writeFileSync(path.join(s.rootfs, 'home/g'), 'g');
      const lines = diffEntries(await snaps.changes('c2'));
      assert.deepEqual(lines, [
        'C /bin', 'C /bin/tool', 'C /etc', 'C /etc/passwd', 'C /home', 'D /home/f', 'A /home/g', 'A /srv', 'A /srv/data', 'A /srv/data/file', 'A /srv/hardlink', 'C /var', 'D /var/cache',
      ]);
      const committed = await snaps.commitLayer('c2');
      const entries = await listLayer(committed.path);
      const link = entries.find((e) => e.name === 'srv/hardlink');
      assert.equal(link?.type, 'link');
      assert.ok(entries.some((e) => e.name === 'var/.wh.cache'));
      // base chain + the committed layer == the container's tree
      const again = path.join(tmp, 'again');
      const img = await images.resolve('layered:1');
      for (const l of img.manifestJson.layers) await applyLayer(openLayerBlob(content, l), again);
      await applyLayer(fs.createReadStream(committed.path), again);
      assert.deepEqual(treeOf(again, { mtimes: true }), treeOf(s.rootfs, { mtimes: true }));
      // the same changes give the same bytes
      const second = await snaps.commitLayer('c2');
      assert.equal(second.diffId, committed.diffId);
    });

    it('exports the whole rootfs as a tar', async () => {
      await snaps.prepare('c3', 'layered:1');
      const out = path.join(tmp, 'export.tar');
      await snaps.exportRootfs('c3', fs.createWriteStream(out));
      assert.deepEqual((await listLayer(out)).map((e) => e.name), EXPECTED_ROOTFS);
    });

    it('two snapshotters preparing the same image at once share one unpacked copy of each layer', async () => {
      const other = new Snapshotter({ dataRoot: tmp, content, images, mode });
      const [a, b] = await Promise.all([snaps.prepare('p1', 'layered:1'), other.prepare('p2', 'layered:1')]);
      assert.deepEqual(treeOf(a.rootfs), treeOf(b.rootfs));
      const names = fs.readdirSync(path.join(tmp, 'layers')).filter((n) => !n.startsWith('.') && n !== 'empty');
      assert.equal(names.filter((n) => /^[a-f0-9]{64}$/.test(n)).length, mode === 'overlay' ? 2 : 1);
      assert.deepEqual(fs.readdirSync(path.join(tmp, 'layers')).filter((n) => n.startsWith('.tmp-')), []);
    });

    it('gc keeps layers an image or a snapshot uses and removes them once neither does', async () => {
      await snaps.prepare('g1', 'layered:1');
      assert.deepEqual(await snaps.gc(), []);
      await images.remove('layered:1', { force: true });
      assert.deepEqual(await snaps.gc(), []);
      await snaps.remove('g1');
      assert.equal((await snaps.gc()).length, mode === 'overlay' ? 2 : 1);
      assert.deepEqual(fs.readdirSync(path.join(tmp, 'layers')).filter((n) => /^[a-f0-9]{64}$/.test(n)), []);
    });

    it('remove unmounts and deletes the snapshot; a second prepare of the same ID is refused while it exists', async () => {
      const s = await snaps.prepare('r1', 'layered:1');
      await assert.rejects(snaps.prepare('r1', 'layered:1'), (e: Error) => /already has a root filesystem/.test(e.message));
      await snaps.remove('r1');
      assert.equal(isMounted(s.rootfs), false);
      assert.equal(fs.existsSync(path.dirname(s.rootfs)), false);
    });
  });
}

/** The filesystem-specific options the kernel reports for the mount at `target` (/proc/self/mountinfo). */
function superOptions(target: string): string[] | undefined {
  for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [pre, post] = line.split(' - ');
    if (pre?.split(' ')[4] === target && post) return post.split(' ')[2].split(',');
  }
  return undefined;
}

/** Whether the overlay at `target` is volatile (newer kernels report it as fsync=volatile). */
const isVolatile = (target: string) => superOptions(target)?.some((o) => o === 'volatile' || o === 'fsync=volatile') ?? false;

describe('snapshotter (overlay): temporary snapshots', function () {
  let tmp: string;
  let snaps: Snapshotter;
  let events: EventJournal;
  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-snap-temp-'));
    await makeLayeredImage(tmp, 'layered:1', LAYERS);
    const content = new ContentStore(tmp);
    events = new EventJournal(tmp);
    snaps = new Snapshotter({ dataRoot: tmp, content, images: new ImageStore(tmp, content, events), mode: 'overlay' });
  });
  afterEach(async () => {
    for (const s of await snaps.list()) await snaps.remove(s.id);
    events.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a build step\'s snapshot is a volatile overlay (its unmount does not sync the disk), mounts again after an unmount, and commits only when something changed', async () => {
    const container = await snaps.prepare('kept', 'layered:1');
    assert.equal(isVolatile(container.rootfs), false, 'a container\'s upper directory outlives its mounts: never volatile');
    const step = await snaps.prepare('build-step', 'layered:1', { temporary: true });
    assert.equal(isVolatile(step.rootfs), true, `options: ${superOptions(step.rootfs)?.join(',')}`);
    assert.equal(await snaps.commitChangesToContent('build-step'), undefined, 'no change, no layer');
    fs.writeFileSync(path.join(step.rootfs, 'etc/motd2'), 'written before the unmount\n');
    // Unmounted and mounted again by the same (live) process: overlay refuses a volatile upper
    // whose marker is still there, so this is what the marker's removal is for.
    await snaps.unmount('build-step');
    assert.equal(isMounted(step.rootfs), false);
    await snaps.mount('build-step');
    assert.equal(isVolatile(step.rootfs), true);
    assert.equal(fs.readFileSync(path.join(step.rootfs, 'etc/motd2'), 'utf8'), 'written before the unmount\n');
    const layer = await snaps.commitChangesToContent('build-step');
    assert.ok(layer);
    assert.deepEqual(diffEntries(layer.changes), ['C /etc', 'A /etc/motd2']);
    assert.deepEqual(diffEntries(await snaps.changes('build-step')), ['C /etc', 'A /etc/motd2']);
    assert.equal((await snaps.commitToContent('build-step')).digest, layer.digest);
  });
});
