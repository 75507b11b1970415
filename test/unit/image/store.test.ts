import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContentStore, sha256 } from '../../../client/src/engine/content/store';
import { EngineError } from '../../../client/src/core/errors';
import { EventJournal, EngineEvent } from '../../../client/src/engine/events';
import { ImageStore } from '../../../client/src/engine/image/store';
import { MediaTypes } from '../../../client/src/engine/image/types';
import { parsePlatform } from '../../../client/src/core/platform';
import { buildBusyboxImage, busyboxImageSize, noise } from '../../support/images';

async function rejectsWith(p: Promise<unknown>, code: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected EngineError, got ${String(e)}`);
    assert.strictEqual(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  });
}

describe('image store', function () {
  this.timeout(30000);
  let root: string;
  let content: ContentStore;
  let events: EventJournal;
  let store: ImageStore;
  let seen: EngineEvent[];

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-img-'));
    content = new ContentStore(root);
    events = new EventJournal(root);
    store = new ImageStore(root, content, events);
    seen = [];
    events.on((e) => seen.push(e));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('tags an image and resolves it by name, full ID, 64-hex, short ID and repo digest', async () => {
    const b = await buildBusyboxImage(content);
    const rec = await store.tag('busybox', b.manifest, { repoDigest: `busybox@${b.manifest.digest}` });
    assert.strictEqual(rec.id, b.configDigest, 'image ID = config digest');
    assert.deepStrictEqual(rec.repoTags, ['busybox:latest']);
    assert.deepStrictEqual(rec.repoDigests, [`busybox@${b.manifest.digest}`]);
    assert.strictEqual(rec.size, b.layer.size, 'a single lookup does not gunzip: compressed size until known');
    assert.strictEqual((await store.list())[0].size, busyboxImageSize(), "SIZE is dockerd's: the bytes of the layer's files");
    assert.strictEqual((await store.resolve('busybox')).size, busyboxImageSize(), 'then cached');
    for (const q of ['busybox', 'busybox:latest', 'docker.io/library/busybox:latest', 'index.docker.io/library/busybox', rec.id, rec.id.slice(7), rec.id.slice(7, 19), `busybox@${b.manifest.digest}`]) {
      assert.strictEqual((await store.resolve(q)).id, rec.id, `resolve(${q})`);
    }
    await rejectsWith(store.resolve('busybox:1.0'), 'not-found', /^No such image: busybox:1\.0$/);
    await rejectsWith(store.resolve('nothere'), 'not-found', /^No such image: nothere:latest$/);
    assert.deepStrictEqual(
      seen.map((e) => [e.type, e.id]),
      [['image.tagged', 'busybox:latest']],
    );
  });

  it('a listing repeated in one process follows every change to the index, its own and another process\'s', async () => {
    const a = await buildBusyboxImage(content);
    const b = await buildBusyboxImage(content, { files: { 'etc/b': noise('b') } });
    await store.tag('a:1', a.manifest);
    const tags = async () => (await store.listEntries()).map((e) => e.repoTags).flat().sort();
    assert.deepStrictEqual(await tags(), ['a:1']);
    assert.deepStrictEqual(await tags(), ['a:1'], 'the same answer when nothing changed');
    // Another store on the same root stands for another process (the CLI beside the service).
    const other = new ImageStore(root, content, events);
    await other.tag('b:1', b.manifest);
    assert.deepStrictEqual(await tags(), ['a:1', 'b:1'], "another process's tag");
    await other.tag('a:2', a.manifest);
    assert.deepStrictEqual(await tags(), ['a:1', 'a:2', 'b:1']);
    await store.untag('a:1');
    assert.deepStrictEqual(await tags(), ['a:2', 'b:1'], 'its own untag');
    await other.untag('b:1');
    const entries = await store.listEntries();
    assert.deepStrictEqual(entries.map((e) => e.repoTags).flat().sort(), ['a:2'], "another process's untag");
    assert.strictEqual(entries.length, 2, 'b is dangling, still listed');
    // Callers get their own array: changing it does not change the next listing.
    entries.length = 0;
    assert.strictEqual((await store.listEntries()).length, 2);
  });

  it('resolve in one process follows every change to the index, its own and another process\'s (the parsed index is kept per file)', async () => {
    const a = await buildBusyboxImage(content);
    const b = await buildBusyboxImage(content, { files: { 'etc/b': noise('b') } });
    await store.tag('app:1', a.manifest);
    assert.strictEqual((await store.resolve('app:1')).id, a.configDigest);
    assert.strictEqual((await store.resolve('app:1')).id, a.configDigest, 'the same answer when nothing changed');
    const other = new ImageStore(root, content, events); // another process on the same root
    await other.tag('app:1', b.manifest);
    assert.strictEqual((await store.resolve('app:1')).id, b.configDigest, "another process's retag");
    assert.deepStrictEqual((await store.get(b.configDigest)).repoTags, ['app:1']);
    assert.deepStrictEqual((await store.get(a.configDigest)).repoTags, [], 'the old image lost the tag');
    await other.untag('app:1');
    await rejectsWith(store.resolve('app:1'), 'not-found', /No such image: app:1/);
    await store.tag('app:2', a.manifest);
    assert.strictEqual((await other.resolve('app:2')).id, a.configDigest, 'and the other way round');
    fs.rmSync(path.join(root, 'images', 'db.json'));
    await rejectsWith(store.resolve('app:2'), 'not-found', /No such image: app:2/);
  });

  it('a new process lists images recorded by tags from their facts journal, without reading a manifest or config blob', async () => {
    const a = await buildBusyboxImage(content, { labels: { which: 'a' } });
    const b = await buildBusyboxImage(content, { files: { 'etc/b': noise('b') }, labels: { which: 'b' } });
    await store.tag('a:1', a.manifest);
    await store.tag('a:2', a.manifest);
    await store.tag('b:1', b.manifest);
    const journal = path.join(root, 'images', 'list-facts.jsonl');
    const lines = fs.readFileSync(journal, 'utf8').trim().split('\n');
    assert.strictEqual(lines.length, 2, 'one line per image recorded, not per tag');

    // A new process: its own stores on the same root, which count the blob reads.
    const fresh = new ContentStore(root);
    const read: string[] = [];
    const blobPath = fresh.blobPath.bind(fresh);
    fresh.blobPath = (d: string) => (read.push(d), blobPath(d));
    const entries = await new ImageStore(root, fresh, events).listEntries();
    const byTag = (t: string) => entries.find((e) => e.repoTags.includes(t))!;
    assert.deepStrictEqual(byTag('a:1').labels, { which: 'a' });
    assert.deepStrictEqual(byTag('b:1').labels, { which: 'b' });
    assert.deepStrictEqual(byTag('b:1').diffIds, [b.diffId]);
    assert.deepStrictEqual(byTag('a:2').layers.map((l) => l.digest), [a.layer.digest]);
    const blobs = new Set([a.manifest.digest, a.configDigest, b.manifest.digest, b.configDigest]);
    assert.deepStrictEqual(read.filter((d) => blobs.has(d)), [], 'no manifest or config was read');

    // That listing folded the journal into list-facts.json (in the background).
    for (let i = 0; i < 100 && fs.existsSync(journal); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(!fs.existsSync(journal), 'the journal is folded and removed');
    const file = JSON.parse(fs.readFileSync(path.join(root, 'images', 'list-facts.json'), 'utf8')) as { facts: Record<string, { id: string }> };
    assert.deepStrictEqual(Object.values(file.facts).map((f) => f.id).sort(), [a.configDigest, b.configDigest].sort());
  });

  it('a torn journal line (a writer killed mid-append) costs only that image its blob reads; the listing is right', async () => {
    const a = await buildBusyboxImage(content, { labels: { which: 'a' } });
    const b = await buildBusyboxImage(content, { files: { 'etc/b': noise('b') }, labels: { which: 'b' } });
    await store.tag('a:1', a.manifest);
    await store.tag('b:1', b.manifest);
    const journal = path.join(root, 'images', 'list-facts.jsonl');
    const text = fs.readFileSync(journal, 'utf8');
    fs.writeFileSync(journal, text.slice(0, text.length - 40));
    const entries = await new ImageStore(root, new ContentStore(root), events).listEntries();
    assert.deepStrictEqual(entries.map((e) => `${e.repoTags.join()}=${e.labels.which}`).sort(), ['a:1=a', 'b:1=b']);
  });

  it('refuses a tag whose layers are missing and writes nothing', async () => {
    const b = await buildBusyboxImage(content);
    await content.delete(b.layer.digest);
    await rejectsWith(store.tag('app:1', b.manifest), 'not-found', new RegExp(`blob ${b.layer.digest}`));
    assert.deepStrictEqual(await store.list(), []);
    await rejectsWith(store.tag('app@sha256:' + 'a'.repeat(64), b.manifest), 'invalid-argument', /digest/);
  });

  it('untag leaves a dangling image; list shows it without tags', async () => {
    const b = await buildBusyboxImage(content);
    await store.tag('a:1', b.manifest);
    await store.untag('a:1');
    const all = await store.list();
    assert.strictEqual(all.length, 1);
    assert.deepStrictEqual(all[0].repoTags, []);
    await rejectsWith(store.untag('a:1'), 'not-found', /No such image: a:1/);
  });

  it('rmi by name untags; the last name deletes the image and its unshared blobs', async () => {
    const a = await buildBusyboxImage(content);
    const b = await buildBusyboxImage(content, { files: { 'etc/b': noise('b') } });
    await store.tag('one:1', a.manifest, { repoDigest: `one@${a.manifest.digest}` });
    await store.tag('two:1', a.manifest);
    await store.tag('other:1', b.manifest);
    let r = await store.remove('one:1');
    assert.deepStrictEqual(r, { untagged: ['one:1', `one@${a.manifest.digest}`], deleted: [] }, 'digest refs of a repository go with its last tag');
    r = await store.remove('two:1');
    assert.deepStrictEqual(r, { untagged: ['two:1'], deleted: [a.configDigest], layers: [a.diffId] }, 'the layer (chain ID of a one-layer image = its diff ID) goes too');
    assert.strictEqual(await content.has(a.layer.digest), false, 'layer only a used is gone');
    assert.strictEqual(await content.has(a.manifest.digest), false);
    assert.strictEqual(await content.has(b.layer.digest), true, 'other image keeps its blobs');
    assert.ok(seen.some((e) => e.type === 'image.removed' && e.id === a.configDigest));
    await rejectsWith(store.remove('two:1'), 'not-found', /No such image: two:1/);
  });

  it('rmi by ID: conflict when tagged in several repositories unless forced', async () => {
    const a = await buildBusyboxImage(content);
    await store.tag('x:1', a.manifest);
    await store.tag('y:1', a.manifest);
    const short = a.configDigest.slice(7, 19);
    await rejectsWith(store.remove(short), 'conflict', new RegExp(`^conflict: unable to delete ${short} \\(must be forced\\) - image is referenced in multiple repositories$`));
    const r = await store.remove(short, { force: true });
    assert.deepStrictEqual(r.untagged.sort(), ['x:1', 'y:1']);
    assert.deepStrictEqual(r.deleted, [a.configDigest]);
    assert.deepStrictEqual(await store.list(), []);
  });

  it('rmi refuses while a container uses the image (Docker conflict message) unless forced', async () => {
    const a = await buildBusyboxImage(content);
    await store.tag('busybox', a.manifest);
    const ctr = 'c0ffee' + '0'.repeat(58);
    store.isImageInUse = async (id) => (id === a.configDigest ? ctr : undefined);
    await rejectsWith(
      store.remove('busybox'),
      'conflict',
      new RegExp(`^conflict: unable to remove repository reference "busybox" \\(must force\\) - container c0ffee000000 is using its referenced image ${a.configDigest.slice(7, 19)}$`),
    );
    assert.deepStrictEqual((await store.resolve('busybox')).repoTags, ['busybox:latest'], 'nothing changed');
    const r = await store.remove('busybox', { force: true });
    assert.deepStrictEqual(r.deleted, [a.configDigest]);
  });

  it('gc keeps referenced blobs and roots from other stores, sweeps the rest', async () => {
    const a = await buildBusyboxImage(content);
    await store.tag('keep:1', a.manifest);
    const stray = await content.put(Buffer.from('unreferenced'));
    const rooted = await content.put(Buffer.from('a container rw layer'));
    store.addGcRoots(async () => [rooted.digest]);
    const young = await store.gc();
    assert.deepStrictEqual(young.removedBlobs, [], 'young unreferenced blobs survive the grace period');
    const r = await store.gc({ graceMs: 0 });
    assert.deepStrictEqual(r.removedBlobs, [stray.digest]);
    for (const d of [a.manifest.digest, a.configDigest, a.layer.digest, rooted.digest]) assert.ok(await content.has(d), `${d} kept`);
    assert.ok((await store.fsck()).ok);
  });

  it('fsck passes a healthy store, detects a corrupted blob and a missing layer', async () => {
    const a = await buildBusyboxImage(content);
    const b = await buildBusyboxImage(content, { files: { x: 'y' } });
    await store.tag('a:1', a.manifest);
    await store.tag('b:1', b.manifest);
    let rep = await store.fsck();
    assert.ok(rep.ok, JSON.stringify(rep.problems));
    assert.strictEqual(rep.images, 2);
    // corrupt a's config on disk (same size, different bytes)
    const cfgPath = content.blobPath(a.configDigest);
    const bytes = fs.readFileSync(cfgPath);
    bytes[bytes.length - 2] ^= 1;
    fs.writeFileSync(cfgPath, bytes);
    fs.rmSync(content.blobPath(b.layer.digest));
    const dead = path.join(root, 'images', '.tmp-db.json-4194303-deadbeef');
    const live = path.join(root, 'images', `.tmp-db.json-${process.ppid}-cafebabe`);
    fs.writeFileSync(dead, '{');
    fs.writeFileSync(live, '{');
    rep = await store.fsck();
    assert.strictEqual(rep.ok, false);
    const msgs = rep.problems.map((p) => `${p.severity} ${p.message}`);
    assert.ok(msgs.some((m) => m.includes(`blob ${a.configDigest} is corrupt`)), msgs.join('\n'));
    assert.ok(msgs.some((m) => m.includes(`layer ${b.layer.digest} is missing`)), msgs.join('\n'));
    assert.deepStrictEqual(rep.stray, [dead], 'a temp file of a dead process is stray; a live writer\'s is not');
    assert.ok(msgs.some((m) => m.startsWith('warning stray')), msgs.join('\n'));
    await store.fsck({ repair: true });
    assert.strictEqual(fs.existsSync(dead), false);
    assert.strictEqual(fs.existsSync(live), true);
  });

  it('stores an index, selects the host platform (or --platform), keeps the index for its repo digest', async () => {
    const amd = await buildBusyboxImage(content, { oci: true });
    const arm = await buildBusyboxImage(content, { oci: true, files: { arm: 'arm' } });
    // make arm's config say arm64 by writing a second config+manifest
    const armCfg = { ...arm.config, architecture: 'arm64' };
    const cfg = await content.put(Buffer.from(JSON.stringify(armCfg)));
    const armManifest = { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: { mediaType: MediaTypes.ociConfig, ...cfg }, layers: [arm.layer] };
    const am = await content.put(Buffer.from(JSON.stringify(armManifest)));
    const index = {
      schemaVersion: 2,
      mediaType: MediaTypes.ociIndex,
      manifests: [
        { mediaType: MediaTypes.ociManifest, ...am, platform: { os: 'linux', architecture: 'arm64' } },
        { ...amd.manifest, platform: { os: 'linux', architecture: 'amd64' } },
      ],
    };
    const ib = Buffer.from(JSON.stringify(index));
    const idx = { mediaType: MediaTypes.ociIndex, digest: sha256(ib), size: ib.length };
    await content.put(ib);
    const host = await store.tag('multi:1', idx, { repoDigest: `multi@${idx.digest}`, platform: parsePlatform('linux/amd64') });
    assert.strictEqual(host.id, amd.configDigest);
    assert.strictEqual(host.index?.digest, idx.digest);
    const other = await store.tag('multi:arm', idx, { platform: parsePlatform('linux/arm64') });
    assert.strictEqual(other.id, cfg.digest);
    await rejectsWith(store.tag('multi:s390x', idx, { platform: parsePlatform('linux/s390x') }), 'not-found', /no matching manifest for linux\/s390x/);
    await store.gc({ graceMs: 0 });
    assert.ok(await content.has(idx.digest), 'index kept');
    assert.strictEqual((await store.resolve(`multi@${idx.digest}`)).id, amd.configDigest);
  });
});
