import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isEngineError } from '../../../client/src/core/errors';
import { applyLayer, ApplyStats } from '../../../client/src/engine/layer/apply';
import { CorpusCase, MALICIOUS, PWNED, Sandbox, SPEC, tarBytes } from './corpus';
import { fingerprint, streamOf, tarOf, treeOf } from './helpers';

/** Everything under `base` except the root applyLayer writes to: what no layer may change. */
function outsideFingerprint(s: Sandbox): string {
  const tree = treeOf(s.base, { mtimes: true });
  return JSON.stringify(Object.fromEntries(Object.entries(tree).filter(([k]) => k !== 'root' && !k.startsWith('root/'))));
}

function makeSandbox(): Sandbox {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-apply-'));
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(outside, 'file'), 'secret', { mode: 0o644 });
  fs.writeFileSync(path.join(outside, 'dir', 'f'), 'inner', { mode: 0o644 });
  // Fixed, distinctive mtimes: any write through a symlink shows up in the fingerprint.
  const old = new Date('2020-01-01T00:00:00Z');
  for (const p of ['file', 'dir/f', 'dir', '.']) fs.utimesSync(path.join(outside, p), old, old);
  const root = path.join(base, 'root');
  fs.mkdirSync(root);
  return { base, root, outside };
}

/** Where an escape aimed at "above the root" would have written. */
function escapeProbes(s: Sandbox): string[] {
  return [path.join(s.base, PWNED), path.join(path.dirname(s.base), PWNED), path.join('/', PWNED), path.join(s.outside, PWNED), path.join(s.outside, 'dir', PWNED)];
}

async function runCase(c: CorpusCase, rootless: boolean | undefined): Promise<void> {
  const s = makeSandbox();
  try {
    const opts = { ...c.opts, ...(rootless !== undefined ? { rootless } : {}) };
    for (const l of c.lower?.(s) ?? []) await applyLayer(streamOf(await tarBytes(l)), s.root, opts);
    const outsideBefore = outsideFingerprint(s);
    const siblingBefore = fingerprint(s.outside);
    const bytes = await tarBytes(await c.layer(s));

    let stats: ApplyStats | undefined;
    let error: unknown;
    try {
      stats = await applyLayer(streamOf(bytes), s.root, opts);
    } catch (e) {
      error = e;
    }

    // Whatever happened, nothing outside the root changed.
    assert.equal(fingerprint(s.outside), siblingBefore, 'the sibling directory changed');
    assert.equal(outsideFingerprint(s), outsideBefore, 'something next to the root changed');
    for (const p of escapeProbes(s)) assert.ok(!fs.existsSync(p), `${p} was written outside the root`);
    assert.equal(fs.readFileSync(path.join(s.outside, 'file'), 'utf8'), 'secret');

    if (c.error) {
      assert.ok(error, `expected the layer to be refused (${c.error.message}), but it applied: ${JSON.stringify(treeOf(s.root))}`);
      assert.ok(isEngineError(error), `expected an EngineError, got ${(error as Error)?.stack ?? error}`);
      assert.equal(error.code, c.error.code, error.message);
      assert.match(error.message, c.error.message);
    } else if (error) {
      throw error;
    }
    const tree = treeOf(s.root);
    for (const [p, want] of Object.entries(c.present?.(s) ?? {})) {
      assert.ok(p in tree, `${p} missing; tree: ${JSON.stringify(tree, null, 1)}`);
      if (typeof want === 'string') assert.equal(tree[p], want, p);
      else assert.match(tree[p], want, p);
    }
    for (const p of c.absent?.(s) ?? []) assert.ok(!(p in tree), `${p} should not exist (${tree[p]})`);
    c.check?.(s, stats);
  } finally {
    fs.rmSync(s.base, { recursive: true, force: true });
  }
}

describe('applyLayer: malicious layer corpus (contained inside the root or refused)', function () {
  for (const c of MALICIOUS) {
    if (c.bothModes === false) {
      it(c.name, () => runCase(c, undefined));
      continue;
    }
    it(`${c.name} (root)`, () => runCase(c, false));
    it(`${c.name} (rootless)`, () => runCase(c, true));
  }
});

describe('applyLayer: OCI layer semantics', function () {
  for (const c of SPEC) it(c.name, () => runCase(c, undefined));

  it('device nodes and FIFOs are created when root', async function () {
    const s = makeSandbox();
    try {
      const bytes = await tarOf([{ name: 'dev/' }, { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 }, { name: 'dev/p', type: 'fifo', mode: 0o620 }]);
      let stats: ApplyStats;
      try {
        stats = await applyLayer(streamOf(bytes), s.root, { rootless: false });
      } catch (e) {
        if (/Operation not permitted|EPERM/.test(String((e as Error).message))) this.skip(); // no CAP_MKNOD here
        throw e;
      }
      const tree = treeOf(s.root);
      assert.match(tree['dev/null'], /^chr \d+ 666 0:0$/);
      assert.equal(fs.lstatSync(path.join(s.root, 'dev/null')).rdev, fs.lstatSync('/dev/null').rdev);
      assert.equal(tree['dev/p'], 'fifo 620 0:0');
      assert.equal(stats.specials, 2);
      assert.deepEqual(stats.skipped, []);
    } finally {
      fs.rmSync(s.base, { recursive: true, force: true });
    }
  });

  it('an aborted signal stops the apply with a cancelled error', async () => {
    const s = makeSandbox();
    try {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(applyLayer(streamOf(await tarOf([{ name: 'a', data: 'a' }])), s.root, { signal: ac.signal }), (e: unknown) => isEngineError(e, 'cancelled'));
    } finally {
      fs.rmSync(s.base, { recursive: true, force: true });
    }
  });

  it('a truncated tar is refused even when the cut falls in the end-of-archive padding', async () => {
    const s = makeSandbox();
    try {
      const whole = await tarOf([{ name: 'a', data: 'a' }]);
      // header + body; the two zero blocks that end an archive are missing
      const cut = whole.subarray(0, 1024);
      await applyLayer(streamOf(cut), s.root).then(
        () => assert.deepEqual(Object.keys(treeOf(s.root)), ['a']), // tar readers accept a missing trailer
        (e: unknown) => assert.ok(isEngineError(e, 'corrupt'), String(e)),
      );
    } finally {
      fs.rmSync(s.base, { recursive: true, force: true });
    }
  });
});
