import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContentStore } from '../../../client/src/engine/content/store';
import { ImageStore } from '../../../client/src/engine/image/store';
import { makeBusyboxImage, noise } from '../../support/images';

const OUT = path.resolve(__dirname, '../../../..');
const CLI = path.join(OUT, 'dist', 'cli.js');

function cli(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--data-root', root, ...args], { encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and SIGKILLs it after `ms`; resolves when it is gone. */
function cliKilledAfter(root: string, args: string[], ms: number): Promise<{ killed: boolean; code: number | null; elapsed: number }> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, [CLI, '--data-root', root, ...args], { stdio: 'ignore' });
    const t = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(t);
      resolve({ killed: signal === 'SIGKILL', code, elapsed: Date.now() - start });
    });
  });
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function fsckErrors(root: string): Promise<string[]> {
  const store = new ImageStore(root, new ContentStore(root));
  const rep = await store.fsck();
  return rep.problems.filter((p) => p.severity === 'error').map((p) => `${p.subject}: ${p.message}`);
}

describe('image store under concurrency and SIGKILL', function () {
  this.timeout(240_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-img-crash-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('two processes tagging and removing on one data root corrupt nothing', async () => {
    const root = path.join(tmp, 'concurrent');
    const img = await makeBusyboxImage(root, 'base:1');
    // Workers use the store API in a tight loop (many operations, truly overlapping) ...
    const worker = path.join(tmp, 'worker.js');
    fs.writeFileSync(
      worker,
      `const { ContentStore } = require(${JSON.stringify(path.join(OUT, 'out/client/src/engine/content/store.js'))});
       const { ImageStore } = require(${JSON.stringify(path.join(OUT, 'out/client/src/engine/image/store.js'))});
       (async () => {
         const [root, name] = process.argv.slice(2);
         const s = new ImageStore(root, new ContentStore(root));
         const base = await s.resolve('base:1');
         for (let i = 0; i < 25; i++) {
           await s.tag(name + ':' + i, base.manifest);
           if (i % 2 === 0) await s.remove(name + ':' + i);
         }
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    // ... while two CLI processes tag and untag too.
    const cliSeq = async (p: string) => {
      for (let i = 0; i < 3; i++) {
        const t = await run([CLI, '--data-root', root, 'tag', 'base:1', `${p}:${i}`]);
        assert.strictEqual(t.code, 0, t.stderr);
      }
      const r = await run([CLI, '--data-root', root, 'rmi', `${p}:0`]);
      assert.strictEqual(r.code, 0, r.stderr);
    };
    const results = await Promise.all([run([worker, root, 'wa']), run([worker, root, 'wb']), cliSeq('ca'), cliSeq('cb')]);
    for (const r of results.slice(0, 2)) assert.strictEqual(r?.code, 0, r?.stderr);
    const store = new ImageStore(root, new ContentStore(root));
    const tags = (await store.resolve('base:1')).repoTags;
    const expected = ['base:1', 'ca:1', 'ca:2', 'cb:1', 'cb:2'];
    for (const w of ['wa', 'wb']) for (let i = 1; i < 25; i += 2) expected.push(`${w}:${i}`);
    assert.deepStrictEqual(tags, expected.sort(), 'every tag written and every removal kept');
    assert.strictEqual((await store.list()).length, 1);
    assert.strictEqual((await store.resolve('wa:1')).id, img.id);
    assert.deepStrictEqual(await fsckErrors(root), []);
  });

  it('SIGKILL at random points of load and rmi leaves a store fsck passes (bounded rounds)', async () => {
    const src = path.join(tmp, 'src');
    const recs = [];
    for (let i = 0; i < 2; i++) recs.push(await makeBusyboxImage(src, `victim${i}:1`, { files: { blob: noise(`crash${i}`, 512 * 1024) } }));
    const archive = path.join(tmp, 'victims.tar');
    const s = cli(src, ['save', '-o', archive, 'victim0:1', 'victim1:1']);
    assert.strictEqual(s.code, 0, s.stderr);
    const root = path.join(tmp, 'crash');
    fs.mkdirSync(root);
    // Time an uninterrupted load and rmi on this machine, then kill at random points within them.
    let t0 = Date.now();
    assert.strictEqual(cli(root, ['load', '-i', archive]).code, 0);
    const loadMs = Date.now() - t0;
    t0 = Date.now();
    assert.strictEqual(cli(root, ['rmi', 'victim0:1', 'victim1:1']).code, 0);
    const rmiMs = Date.now() - t0;
    let killedLoads = 0;
    let killedRmis = 0;
    const rounds = 14;
    // The machine's speed changes while the suite runs (other levels, other jobs): an operation that
    // finished (successfully) before its kill is the new measure of how long it takes, and more rounds are run
    // (at most three times as many) until as many kills landed as a quiet machine gives.
    let loadFull = loadMs;
    let rmiFull = rmiMs;
    for (let i = 0; i < rounds * 3 && (i < rounds || killedLoads + killedRmis < rounds); i++) {
      // Delays spread across process start-up, streaming and tag writing.
      const l = await cliKilledAfter(root, ['load', '-i', archive], Math.floor(loadFull * (0.3 + 0.65 * Math.random())));
      if (l.killed) killedLoads++;
      else if (l.code === 0) loadFull = l.elapsed;
      assert.deepStrictEqual(await fsckErrors(root), [], `after load round ${i} (killed=${l.killed})`);
      const r = await cliKilledAfter(root, ['rmi', 'victim0:1', 'victim1:1'], Math.floor(rmiFull * (0.3 + 0.65 * Math.random())));
      if (r.killed) killedRmis++;
      else if (r.code === 0) rmiFull = r.elapsed;
      assert.deepStrictEqual(await fsckErrors(root), [], `after rmi round ${i} (killed=${r.killed})`);
    }
    assert.ok(killedLoads + killedRmis >= rounds, `the kills must land mid-operation often (loads ${killedLoads}, rmis ${killedRmis} of ${rounds} each; full load ${loadMs} ms, rmi ${rmiMs} ms)`);
    // The survivor store still works: a full load gives the original IDs, fsck --repair clears strays.
    const l = cli(root, ['load', '-i', archive]);
    assert.strictEqual(l.code, 0, l.stderr);
    assert.strictEqual(cli(root, ['inspect', '-f', '{{.Id}}', 'victim0:1']).stdout.trim(), recs[0].id);
    assert.strictEqual(cli(root, ['inspect', '-f', '{{.Id}}', 'victim1:1']).stdout.trim(), recs[1].id);
    const f = cli(root, ['system', 'fsck', '--repair']);
    assert.strictEqual(f.code, 0, f.stdout);
    const again = cli(root, ['system', 'fsck']);
    assert.match(again.stdout, /: ok\n$/);
    assert.doesNotMatch(again.stdout, /warning/);
  });
});
