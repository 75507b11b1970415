import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import * as tar from 'tar-stream';
import { ContentStore, sha256 } from '../../../client/src/engine/content/store';
import { EngineError } from '../../../client/src/core/errors';
import { loadImages } from '../../../client/src/engine/archive';
import { EventJournal } from '../../../client/src/engine/events';
import { ImageStore } from '../../../client/src/engine/image/store';

describe('content store', () => {
  let root: string;
  let cs: ContentStore;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-content-'));
    cs = new ContentStore(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('ingests a stream, verifying digest and size; the blob is stored under its digest', async () => {
    const data = Buffer.from('hello blob');
    const r = await cs.ingest(Readable.from([data.subarray(0, 4), data.subarray(4)]), { digest: sha256(data), size: data.length });
    assert.deepStrictEqual(r, { digest: sha256(data), size: data.length });
    assert.ok((await cs.read(r.digest)).equals(data));
    assert.ok(await cs.verify(r.digest));
    assert.deepStrictEqual(await cs.list(), [r.digest]);
  });

  it('a digest mismatch or wrong size leaves nothing under blobs/ and no ingest file', async () => {
    const data = Buffer.from('some bytes');
    await assert.rejects(cs.ingest([data], { digest: sha256('other') }), (e: EngineError) => e.code === 'digest-mismatch');
    await assert.rejects(cs.ingest([data], { size: 3 }), (e: EngineError) => e.code === 'digest-mismatch');
    assert.deepStrictEqual(await cs.list(), []);
    assert.deepStrictEqual(fs.readdirSync(path.join(cs.dir, 'ingest')), []);
  });

  it('a writer reopened with the same key resumes from its partial bytes', async () => {
    const data = Buffer.from('0123456789abcdef');
    const w1 = await cs.writer({ digest: sha256(data), size: data.length }, 'resume-key');
    w1.write(data.subarray(0, 7));
    await w1.close();
    const w2 = await cs.writer({ digest: sha256(data), size: data.length }, 'resume-key');
    assert.strictEqual(w2.offset, 7);
    w2.write(data.subarray(7));
    assert.deepStrictEqual(await w2.commit(), { digest: sha256(data), size: data.length });
  });

  it('readVerified and verify detect a blob corrupted on disk', async () => {
    const r = await cs.put('precious');
    fs.writeFileSync(cs.blobPath(r.digest), 'tampered');
    assert.strictEqual(await cs.verify(r.digest), false);
    await assert.rejects(cs.readVerified(r.digest), (e: EngineError) => e.code === 'corrupt');
    await assert.rejects(cs.read(sha256('absent')), (e: EngineError) => e.code === 'not-found');
    assert.throws(() => cs.blobPath('sha256:../../etc/passwd'), (e: EngineError) => e.code === 'invalid-argument');
  });

  it('a cancelled load writes no image and leaves no tag', async () => {
    const images = new ImageStore(root, cs, new EventJournal(root));
    const ac = new AbortController();
    ac.abort();
    const pack = tar.pack();
    pack.entry({ name: 'blobs/sha256/' + '0'.repeat(64) }, 'x');
    pack.entry({ name: 'manifest.json' }, '[]');
    pack.finalize();
    await assert.rejects(loadImages({ content: cs, images }, pack as unknown as Readable, { signal: ac.signal }), (e: EngineError) => e.code === 'cancelled');
    assert.deepStrictEqual(await images.list(), []);
  });
});
