import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCompiled } from '../../../client/src/lazy';

/**
 * The launcher's V8 code cache (client/src/lazy.ts) when several copies of a bundle share the
 * user's cache folder (clones, the installed extension): each keeps its own cache, and a
 * copy's rebuild replaces only its own.
 */
describe('code cache of bundles in several folders', () => {
  let tmp: string;
  let savedTmpdir: string | undefined;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-codecache-'));
    savedTmpdir = process.env.TMPDIR;
    // os.tmpdir() follows $TMPDIR: the cache folder is this test's own.
    process.env.TMPDIR = path.join(tmp, 'tmp');
    fs.mkdirSync(process.env.TMPDIR);
  });
  afterEach(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const bundle = (dir: string, body: string) => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'cli-main.js');
    fs.writeFileSync(file, body);
    return file;
  };
  const caches = () => fs.readdirSync(path.join(process.env.TMPDIR!, `stevedore-${process.getuid?.() ?? 0}`, 'code-cache')).filter((f) => f.endsWith('.bin')).sort();

  it('keeps one cache per folder, used on the next load, and a rebuild replaces only its own', () => {
    const a = bundle(path.join(tmp, 'a', 'dist'), 'exports.answer = function () { return 1; };\n');
    const b = bundle(path.join(tmp, 'b', 'dist'), 'exports.answer = function () { return 22; };\n');
    for (const f of [a, b]) {
      const first = loadCompiled(f);
      assert.ok(first.saveCache, 'no cache yet: the first load offers to save one');
      first.saveCache!();
      delete require.cache[f];
    }
    const made = caches();
    assert.strictEqual(made.length, 2, `one cache per folder: ${made}`);
    // Each folder's next load uses its cache (no saveCache offered) and runs its own code.
    for (const [f, want] of [[a, 1], [b, 22]] as const) {
      const again = loadCompiled(f);
      assert.strictEqual(again.saveCache, undefined, `${f}: the cache was used`);
      assert.strictEqual((again.exports as { answer(): number }).answer(), want);
      delete require.cache[f];
    }
    // Rebuilding a (another size): its new cache replaces its old one; b's stays.
    fs.writeFileSync(a, 'exports.answer = function () { return 333; };\n');
    const rebuilt = loadCompiled(a);
    assert.ok(rebuilt.saveCache);
    assert.strictEqual((rebuilt.exports as { answer(): number }).answer(), 333);
    rebuilt.saveCache!();
    delete require.cache[a];
    const after = caches();
    assert.strictEqual(after.length, 2, `${after}`);
    assert.strictEqual(after.filter((n) => made.includes(n)).length, 1, 'b\'s cache is kept, a\'s old one replaced');
    delete require.cache[b];
    assert.strictEqual(loadCompiled(b).saveCache, undefined, 'b still loads from its cache');
  });
});
