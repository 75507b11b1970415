import * as assert from 'assert';
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { busyboxRootfsTar, makeBusyboxImage, noise } from '../../support/images';

const run = promisify(execFile);

/**
 * Archives against real tools: Debian's dockerd 20.10 (`docker load` / `docker save`)
 * and skopeo (`oci:` transport) read what Stevedore writes, and Stevedore reads theirs,
 * with the same image IDs and manifest digests.
 */
describe('archive interop: docker load/save and skopeo oci:', function () {
  this.timeout(180_000);
  let dockerd: Dockerd;
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-archive-interop-'));
    dockerd = await startDockerd();
  });
  after(async () => {
    await dockerd?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('docker load accepts our save (gzip layers decompressed) and yields the same image ID', async () => {
    const root = path.join(tmp, 'ours1');
    const rec = await makeBusyboxImage(root, 'svsave/busybox:v1', { gzip: true, files: { 'etc/motd': noise('save') }, emptyLayerHistory: 'ENV X=1' });
    const engine = await EmbeddedEngine.open(root);
    const file = path.join(tmp, 'ours.tar');
    await engine.images.save(['svsave/busybox:v1'], fs.createWriteStream(file));
    const out = await dockerd.docker(['load', '-i', file]);
    assert.match(out, /Loaded image: svsave\/busybox:v1/);
    const [dockerId, dockerSize] = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}} {{.Size}}', 'svsave/busybox:v1'])).trim().split(' ');
    assert.strictEqual(dockerId, rec.id);
    assert.strictEqual((await engine.images.inspect('svsave/busybox:v1')).Size, Number(dockerSize), 'SIZE means what it means to dockerd');
    // docker history and ours agree row by row (IDs, <missing>, created by, sizes; one real layer, two empty ones).
    const theirs = (await dockerd.docker(['history', '--no-trunc', '-H=false', '--format', '{{.ID}}|{{.CreatedBy}}|{{.Size}}', 'svsave/busybox:v1'])).trim().split('\n');
    const ours = (await engine.images.history('svsave/busybox:v1')).map((h) => `${h.id}|${h.createdBy}|${h.size}`);
    assert.strictEqual(ours.length, 3);
    assert.deepStrictEqual(ours, theirs);
    // and `images --format json` prints the same object docker's `images --format '{{json .}}'` does
    const dockerRow = JSON.parse(await dockerd.docker(['images', '--format', '{{json .}}', 'svsave/busybox']));
    const cliOut = spawnSync(process.execPath, [path.resolve(__dirname, '../../../../dist/cli.js'), '--data-root', root, 'images', '--format', 'json', 'svsave/busybox'], { encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(cliOut.stdout), dockerRow);
    // and inspect agrees with docker image inspect on every field both have a meaning for
    const [dins] = JSON.parse(await dockerd.docker(['image', 'inspect', 'svsave/busybox:v1']));
    const oins = (await engine.images.inspect('svsave/busybox:v1')) as unknown as Record<string, unknown>;
    for (const k of ['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'Container', 'ContainerConfig', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size', 'VirtualSize', 'RootFS']) {
      assert.deepStrictEqual(oins[k], dins[k], `inspect field ${k}`);
    }
  });

  it('our load of docker save output (docker import of a busybox rootfs) yields the same image ID', async () => {
    await dockerd.docker(['import', '--change', 'CMD ["sh"]', '--change', 'ENV A=1', '-', 'fromdocker/bb:v1'], { input: await busyboxRootfsTar({ 'etc/x': 'docker' }) });
    const dockerId = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', 'fromdocker/bb:v1'])).trim();
    const file = path.join(tmp, 'docker.tar');
    await dockerd.docker(['save', '-o', file, 'fromdocker/bb:v1']);
    const engine = await EmbeddedEngine.open(path.join(tmp, 'ours2'));
    const res = await engine.images.load(fs.createReadStream(file));
    assert.deepStrictEqual(res.messages, ['Loaded image: fromdocker/bb:v1']);
    const ins = await engine.images.inspect('fromdocker/bb:v1');
    assert.strictEqual(ins.Id, dockerId);
    assert.deepStrictEqual(ins.Config?.Cmd, ['sh']);
    assert.ok((await engine.images.fsck()).ok);
    // and back: docker loads our save of the image it made, same ID
    const back = path.join(tmp, 'back.tar');
    await engine.images.save(['fromdocker/bb:v1'], fs.createWriteStream(back));
    const dockerRmi = await dockerd.docker(['rmi', 'fromdocker/bb:v1']);
    // rmi says what docker's says: Untagged, the image, then its layers by chain ID.
    const ours = await engine.images.remove('fromdocker/bb:v1');
    const lines = [...ours.untagged.map((u) => `Untagged: ${u}`), ...[...ours.deleted, ...(ours.layers ?? [])].map((d) => `Deleted: ${d}`)];
    assert.deepStrictEqual(lines, dockerRmi.trim().split('\n'));
    await dockerd.docker(['load', '-i', back]);
    assert.strictEqual((await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', 'fromdocker/bb:v1'])).trim(), dockerId);
  });

  it('docker load of our import gives the same ID as ours', async () => {
    const engine = await EmbeddedEngine.open(path.join(tmp, 'ours3'));
    const { Readable } = await import('stream');
    const imp = await engine.images.import(Readable.from([await busyboxRootfsTar()]), { reference: 'svimport:1', changes: ['CMD ["sh"]', 'WORKDIR /tmp'] });
    const file = path.join(tmp, 'imp.tar');
    await engine.images.save(['svimport:1'], fs.createWriteStream(file));
    await dockerd.docker(['load', '-i', file]);
    assert.strictEqual((await dockerd.docker(['image', 'inspect', '--format', '{{.Id}} {{.Config.WorkingDir}}', 'svimport:1'])).trim(), `${imp.id} /tmp`);
  });

  it('saving by ID records no tag on either side (docker save <id> / our save <id>)', async () => {
    await dockerd.docker(['import', '-', 'byid/bb:1'], { input: await busyboxRootfsTar({ 'etc/id': 'by id' }) });
    const dockerId = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', 'byid/bb:1'])).trim();
    const file = path.join(tmp, 'byid.tar');
    await dockerd.docker(['save', '-o', file, dockerId.slice(7, 19)]);
    const engine = await EmbeddedEngine.open(path.join(tmp, 'ours8'));
    const res = await engine.images.load(fs.createReadStream(file));
    assert.deepStrictEqual(res.messages, [`Loaded image ID: ${dockerId}`]);
    assert.deepStrictEqual((await engine.images.list()).map((i) => [i.id, i.repoTags]), [[dockerId, []]]);
    const ours = path.join(tmp, 'ours-byid.tar');
    await engine.images.save([dockerId], fs.createWriteStream(ours));
    await dockerd.docker(['rmi', 'byid/bb:1']);
    const out = await dockerd.docker(['load', '-i', ours]);
    assert.match(out, new RegExp(`Loaded image ID: ${dockerId}`));
  });

  it('skopeo reads our OCI layout (inspect, copy) and we read what skopeo copies', async () => {
    const root = path.join(tmp, 'ours4');
    const rec = await makeBusyboxImage(root, 'ocis:1', { oci: true, files: { o: noise('skopeo') } });
    const engine = await EmbeddedEngine.open(root);
    const layout = path.join(tmp, 'layout');
    await engine.images.exportOciLayout(layout, [{ image: 'ocis:1', tag: 'v1' }]);
    const { stdout } = await run('skopeo', ['inspect', '--raw', `oci:${layout}:v1`]);
    const m = JSON.parse(stdout);
    assert.strictEqual(m.config.digest, rec.id);
    const cfg = JSON.parse((await run('skopeo', ['inspect', '--config', `oci:${layout}:v1`])).stdout);
    assert.deepStrictEqual(cfg.config.Cmd, ['sh']);
    const copy = path.join(tmp, 'layout-copy');
    await run('skopeo', ['copy', `oci:${layout}:v1`, `oci:${copy}:copied`]);
    const other = await EmbeddedEngine.open(path.join(tmp, 'ours5'));
    const [back] = await other.images.importOciLayout(copy, { tag: 'copied', as: 'copied:1' });
    assert.strictEqual(back.id, rec.id);
    assert.deepStrictEqual(back.repoTags, ['copied:1']);
  });

  it('loads a skopeo-written OCI layout tarball (docker-archive-free path)', async () => {
    const root = path.join(tmp, 'ours6');
    const rec = await makeBusyboxImage(root, 'ocitar:1', { oci: true, files: { t: noise('tar') } });
    const engine = await EmbeddedEngine.open(root);
    const layout = path.join(tmp, 'layout6');
    await engine.images.exportOciLayout(layout, [{ image: 'ocitar:1', tag: 'v6' }]);
    const copy = path.join(tmp, 'layout6-copy');
    await run('skopeo', ['copy', `oci:${layout}:v6`, `oci:${copy}:docker.io/library/ocitar:2`]);
    const tarFile = path.join(tmp, 'layout6.tar');
    await run('tar', ['-C', copy, '-cf', tarFile, '.']);
    const other = await EmbeddedEngine.open(path.join(tmp, 'ours7'));
    const res = await other.images.load(fs.createReadStream(tarFile));
    assert.deepStrictEqual(res.ids, [rec.id]);
  });
});
