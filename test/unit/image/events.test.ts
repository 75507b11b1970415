import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { EngineEvent } from '../../../client/src/engine/events';
import { makeBusyboxImage } from '../../support/images';

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

describe('image events across processes', function () {
  this.timeout(60000);
  it('an engine following the journal sees the CLI tag and remove images (what trees refresh from)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-img-events-'));
    const engine = await EmbeddedEngine.open(root);
    try {
      const rec = await makeBusyboxImage(root, 'busybox');
      const seen: EngineEvent[] = [];
      engine.onEvent((e) => seen.push(e));
      engine.journal.follow();
      for (const args of [['tag', 'busybox', 'other:1'], ['rmi', 'other:1']]) {
        const r = spawnSync(process.execPath, [CLI, '--data-root', root, ...args], { encoding: 'utf8' });
        assert.strictEqual(r.status, 0, r.stderr);
      }
      const deadline = Date.now() + 10000;
      while (seen.filter((e) => e.pid !== process.pid).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const foreign = seen.filter((e) => e.pid !== process.pid).map((e) => [e.type, e.id]);
      assert.deepStrictEqual(foreign, [
        ['image.tagged', 'other:1'],
        ['image.untagged', 'other:1'],
      ]);
      assert.strictEqual((await engine.images.inspect('busybox')).Id, rec.id);
    } finally {
      await engine.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
