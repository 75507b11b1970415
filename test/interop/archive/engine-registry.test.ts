import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { EngineEvent } from '../../../client/src/engine/events';
import { makeBusyboxImage, noise } from '../../support/images';
import { Registry, startRegistry } from '../../support/registry';

/**
 * The EmbeddedEngine's registry area runs over the real ImageStore: what one engine pushes
 * to a real docker-registry, another pulls with the same ID, tag and repo digest, and the
 * image store's views (list, inspect, rmi, fsck) see it.
 */
describe('EmbeddedEngine: push/pull through a real docker-registry into the image store', function () {
  this.timeout(120_000);
  let reg: Registry;
  let tmp: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-engine-reg-'));
    reg = await startRegistry();
  });
  after(async () => {
    await reg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('push from one root, pull into another: same ID, tag and repo digest; rmi cleans up', async () => {
    const ref = `${reg.host}/sv/bb:1`;
    const a = await EmbeddedEngine.open(path.join(tmp, 'a'));
    const rec = await makeBusyboxImage(a.location, ref, { files: { reg: noise('engine-registry') } });
    const [pushed] = await a.images.push(ref);
    const b = await EmbeddedEngine.open(path.join(tmp, 'b'));
    const events: EngineEvent[] = [];
    b.onEvent((e) => events.push(e));
    const [pulled] = await b.images.pull(ref);
    assert.strictEqual(pulled.id, rec.id);
    assert.strictEqual(pulled.digest, pushed.digest);
    const [row] = await b.images.list();
    assert.deepStrictEqual(row.repoTags, [ref]);
    assert.deepStrictEqual(row.repoDigests, [`${reg.host}/sv/bb@${pushed.digest}`]);
    assert.strictEqual(row.size, (await a.images.list())[0].size, "same uncompressed SIZE on both sides");
    const ins = await b.images.inspect(`${reg.host}/sv/bb@${pushed.digest}`);
    assert.strictEqual(ins.Id, rec.id);
    assert.ok(events.some((e) => e.type === 'image.tagged'));
    assert.ok((await b.images.fsck()).ok);
    const r = await b.images.remove(ref);
    assert.deepStrictEqual(r, { untagged: [ref, `${reg.host}/sv/bb@${pushed.digest}`], deleted: [rec.id], layers: rec.config.rootfs.diff_ids });
    assert.deepStrictEqual(await b.content.list(), [], 'all blobs of the only image are gone');
  });
});
