import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';
import { applyChanges, importRootfs, loadImages, readOciLayout, saveImages, writeOciLayout } from '../../../client/src/engine/archive';
import { walkTar } from '../../../client/src/engine/archive/tarstream';
import { ContentStore, sha256 } from '../../../client/src/engine/content/store';
import { EngineError } from '../../../client/src/core/errors';
import { EventJournal } from '../../../client/src/engine/events';
import { ImageStore } from '../../../client/src/engine/image/store';
import { busyboxRootfsTar, buildBusyboxImage, noise } from '../../support/images';

function open(root: string) {
  const content = new ContentStore(root);
  const events = new EventJournal(root);
  return { content, events, images: new ImageStore(root, content, events) };
}

async function saveToBuffer(deps: ReturnType<typeof open>, names: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new (require('stream').Writable)({
    write(c: Buffer, _e: string, cb: () => void) {
      chunks.push(c);
      cb();
    },
  });
  await saveImages(deps, names, out);
  return Buffer.concat(chunks);
}

async function tarFiles(buf: Buffer): Promise<Map<string, Buffer>> {
  const m = new Map<string, Buffer>();
  await walkTar(Readable.from([buf]), async (e) => {
    if (e.type !== 'file') return;
    const cs: Buffer[] = [];
    for await (const c of e.stream) cs.push(c as Buffer);
    m.set(e.name, Buffer.concat(cs));
  });
  return m;
}

async function makeTar(entries: Array<[string, Buffer | string]>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [n, b] of entries) pack.entry({ name: n }, b);
  pack.finalize();
  const cs: Buffer[] = [];
  for await (const c of pack) cs.push(c as Buffer);
  return Buffer.concat(cs);
}

describe('archives: save, load, import, OCI layout', function () {
  this.timeout(30000);
  let a: string;
  let b: string;
  beforeEach(() => {
    a = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-arc-a-'));
    b = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-arc-b-'));
  });
  afterEach(() => {
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  });

  it('save writes Docker 25 layout (uncompressed layers = diff IDs); load into another root keeps the image ID and tag', async () => {
    const src = open(a);
    const built = await buildBusyboxImage(src.content, { gzip: true });
    await src.images.tag('busybox:1', built.manifest);
    const buf = await saveToBuffer(src, ['busybox:1']);
    const files = await tarFiles(buf);
    assert.ok(files.has('oci-layout') && files.has('index.json') && files.has('manifest.json') && files.has('repositories'), [...files.keys()].join(','));
    const mj = JSON.parse(files.get('manifest.json')!.toString());
    assert.deepStrictEqual(mj, [{ Config: `blobs/sha256/${built.configDigest.slice(7)}`, RepoTags: ['busybox:1'], Layers: [`blobs/sha256/${built.diffId.slice(7)}`] }]);
    assert.ok(files.get(`blobs/sha256/${built.diffId.slice(7)}`)!.equals(built.layerTar), 'layer saved uncompressed');
    const idx = JSON.parse(files.get('index.json')!.toString());
    assert.strictEqual(idx.manifests[0].annotations['io.containerd.image.name'], 'docker.io/library/busybox:1');
    assert.deepStrictEqual(JSON.parse(files.get('repositories')!.toString()), { busybox: { '1': built.diffId.slice(7) } });

    const dst = open(b);
    const res = await loadImages(dst, Readable.from([zlib.gzipSync(buf)]));
    assert.deepStrictEqual(res.messages, ['Loaded image: busybox:1']);
    const rec = await dst.images.resolve('busybox:1');
    assert.strictEqual(rec.id, built.configDigest);
    assert.ok((await dst.images.fsck()).ok);
  });

  it('loads a Docker 20.10 legacy archive (<id>.json, <layer>/layer.tar) and checks diff IDs', async () => {
    const layer = await busyboxRootfsTar({ hello: 'world' });
    const diffId = sha256(layer);
    const cfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [diffId] } }));
    const id = sha256(cfg).slice(7);
    const legacy = await makeTar([
      ['abc123/VERSION', '1.0'],
      ['abc123/json', '{}'],
      ['abc123/layer.tar', layer],
      [`${id}.json`, cfg],
      ['manifest.json', JSON.stringify([{ Config: `${id}.json`, RepoTags: ['legacy:old'], Layers: ['abc123/layer.tar'] }])],
      ['repositories', JSON.stringify({ legacy: { old: 'abc123' } })],
    ]);
    const dst = open(b);
    const res = await loadImages(dst, Readable.from([legacy]));
    assert.deepStrictEqual(res.ids, [`sha256:${id}`]);
    assert.strictEqual((await dst.images.resolve('legacy:old')).id, `sha256:${id}`);

    const wrongCfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: ['sha256:' + '0'.repeat(64)] } }));
    const bad = await makeTar([
      ['l/layer.tar', layer],
      ['c.json', wrongCfg],
      ['manifest.json', JSON.stringify([{ Config: 'c.json', RepoTags: ['bad:1'], Layers: ['l/layer.tar'] }])],
    ]);
    await assert.rejects(loadImages(dst, Readable.from([bad])), (e: EngineError) => e.code === 'digest-mismatch' && /diff ID/.test(e.message));
    await assert.rejects(dst.images.resolve('bad:1'), /No such image/);
    await assert.rejects(loadImages(dst, Readable.from([Buffer.from('not a tar at all, just text that is long enough to be a header'.repeat(20))])), EngineError);
  });

  it('import makes a one-layer image with --change applied', async () => {
    const deps = open(a);
    const rootfs = zlib.gzipSync(await busyboxRootfsTar());
    const rec = await importRootfs(deps, Readable.from([rootfs]), {
      reference: 'imported:v1',
      changes: ['CMD ["sh", "-c", "echo hi"]', 'ENV A=1 B="two words"', 'WORKDIR /srv', 'EXPOSE 8080', 'USER nobody', 'LABEL x=y', 'VOLUME /data', 'ENTRYPOINT echo'],
    });
    assert.deepStrictEqual(rec.repoTags, ['imported:v1']);
    assert.strictEqual(rec.config.rootfs.diff_ids[0], rec.manifestJson.layers[0].digest);
    const c = rec.config.config!;
    assert.deepStrictEqual(c.Cmd, ['sh', '-c', 'echo hi']);
    assert.deepStrictEqual(c.Entrypoint, ['/bin/sh', '-c', 'echo']);
    assert.deepStrictEqual(c.Env, ['A=1', 'B=two words']);
    assert.strictEqual(c.WorkingDir, '/srv');
    assert.deepStrictEqual(c.ExposedPorts, { '8080/tcp': {} });
    assert.strictEqual(c.User, 'nobody');
    assert.deepStrictEqual(c.Labels, { x: 'y' });
    assert.deepStrictEqual(c.Volumes, { '/data': {} });
    assert.strictEqual(rec.config.history![0].comment, 'Imported from -');
    assert.throws(() => applyChanges({}, ['RUN echo']), /RUN is not a valid change command/);
  });

  it('writes and reads an OCI layout directory', async () => {
    const src = open(a);
    const built = await buildBusyboxImage(src.content, { oci: true, files: { f: noise('oci') } });
    await src.images.tag('ocitest:1', built.manifest);
    const dir = path.join(a, 'layout');
    await writeOciLayout(src, dir, [{ image: 'ocitest:1', tag: 'v1' }]);
    const idx = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    assert.strictEqual(idx.manifests[0].digest, built.manifest.digest);
    assert.strictEqual(idx.manifests[0].annotations['org.opencontainers.image.ref.name'], 'v1');
    const dst = open(b);
    const [rec] = await readOciLayout(dst, dir, { tag: 'v1', as: 'back:1' });
    assert.strictEqual(rec.id, built.configDigest);
    assert.strictEqual(rec.manifest.digest, built.manifest.digest);
  });
});

describe('archives: multi-platform OCI layout tarball', function () {
  this.timeout(30000);
  it('load picks the host platform from a nested index and keeps only what it needs', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-arc-idx-'));
    try {
      const deps = open(root);
      const amd = await buildBusyboxImage(deps.content, { oci: true, files: { p: 'amd64' } });
      // The other platform's manifest is named in the index but its blobs are absent (as in a single-platform export).
      const index = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + 'e'.repeat(64), size: 100, platform: { os: 'linux', architecture: 's390x' } },
          { ...amd.manifest, platform: { os: 'linux', architecture: 'amd64' } },
        ],
      };
      const ib = Buffer.from(JSON.stringify(index));
      const blobs: Array<[string, Buffer]> = [];
      for (const d of [amd.manifest.digest, amd.configDigest, amd.layer.digest]) blobs.push([`blobs/sha256/${d.slice(7)}`, await deps.content.read(d)]);
      const tarball = await makeTar([
        ['oci-layout', '{"imageLayoutVersion":"1.0.0"}'],
        ...blobs,
        [`blobs/sha256/${sha256(ib).slice(7)}`, ib],
        ['index.json', JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: index.mediaType, digest: sha256(ib), size: ib.length, annotations: { 'io.containerd.image.name': 'docker.io/library/multi:1' } }] })],
      ]);
      const dst = open(path.join(root, 'other'));
      const res = await loadImages(dst, Readable.from([tarball]), { platform: { os: 'linux', architecture: 'amd64', variant: '', osVersion: '' } });
      assert.deepStrictEqual(res.messages, ['Loaded image: multi:1']);
      const rec = await dst.images.resolve('multi:1');
      assert.strictEqual(rec.id, amd.configDigest);
      assert.strictEqual(rec.index?.digest, sha256(ib));
      assert.ok((await dst.images.fsck()).ok);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('archives: load over an existing tag', function () {
  this.timeout(30000);
  it('says, as docker does, that the old image lost its name', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-arc-retag-'));
    try {
      const deps = open(root);
      const old = await buildBusyboxImage(deps.content, { files: { v: '1' } });
      await deps.images.tag('app:1', old.manifest);
      const src = open(path.join(root, 'src'));
      const neu = await buildBusyboxImage(src.content, { files: { v: '2' } });
      await src.images.tag('app:1', neu.manifest);
      const res = await loadImages(deps, Readable.from([await saveToBuffer(src, ['app:1'])]));
      assert.deepStrictEqual(res.messages, [`The image app:1 already exists, renaming the old one with ID ${old.configDigest} to empty string`, 'Loaded image: app:1']);
      assert.strictEqual((await deps.images.resolve('app:1')).id, neu.configDigest);
      assert.deepStrictEqual((await deps.images.resolve(old.configDigest)).repoTags, [], 'the old image is dangling');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
