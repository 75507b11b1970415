import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineEvent, EventJournal } from '../../../client/src/engine/events';

const CHILD = `
const { EventJournal } = require(${JSON.stringify(path.resolve(__dirname, '../../../client/src/engine/events.js'))});
const j = new EventJournal(process.argv[1]);
for (let i = 0; i < Number(process.argv[2]); i++) j.emit('test.event', 'id-' + i, { n: String(i), pad: 'x'.repeat(100) });
j.dispose();
`;

/** The event journal is a notification channel: it stays small however many operations a data root sees, and followers keep hearing. */
describe('event journal size', function () {
  this.timeout(60_000);
  it('stays under 64 KiB over thousands of events, and a follower in another process still gets the latest ones', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'h6-journal-'));
    const follower = new EventJournal(root);
    try {
      const seen: EngineEvent[] = [];
      follower.on((e) => seen.push(e));
      follower.follow();
      const r = spawnSync(process.execPath, ['-e', CHILD, root, '3000'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.statSync(path.join(root, 'events.jsonl')).size <= 64 * 1024, `journal is ${fs.statSync(path.join(root, 'events.jsonl')).size} bytes`);
      // A last event after the writer is done: the follower hears it (fs.watch survives the truncations).
      spawnSync(process.execPath, ['-e', CHILD.replace("'test.event', 'id-' + i", "'test.last', 'last'"), root, '1'], { encoding: 'utf8' });
      const deadline = Date.now() + 10_000;
      while (!seen.some((e) => e.type === 'test.last') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      assert.ok(seen.some((e) => e.type === 'test.last'), `follower heard ${seen.length} events, not the last one`);
    } finally {
      follower.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
