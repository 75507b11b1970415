import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar-stream';
import { busyboxRootfsTar, makeBusyboxImage } from '../../support/images';
import { cli, withBusyboxRoot } from '../../support/containers';
import { hostPlatform } from '../../../client/src/core/platform';

const sha256 = (b: Buffer) => 'sha256:' + crypto.createHash('sha256').update(b).digest('hex');

async function tarOf(files: Record<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name, mode: 0o644 }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Layers that are broken or hostile, and the two CLI behaviours around them: each refused
 * with the engine's own error (what, where, what to do), nothing half-made left; `diff` output
 * that a file name cannot forge; `cp` to a new name.
 */
describe('hostile and broken layers, diff names, cp to a new name', function () {
  this.timeout(180_000);
  let root: string;
  withBusyboxRoot('h6-layers-', (r) => (root = r));

  it('load refuses an archive whose layer tar is cut mid-file, and tags nothing', async () => {
    const whole = await busyboxRootfsTar();
    const cut = whole.subarray(0, 1024 + 100_000); // inside /bin/busybox's bytes
    const p = hostPlatform();
    const config = Buffer.from(JSON.stringify({ architecture: p.architecture, os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [sha256(cut)] }, history: [{ created_by: 'cut' }] }));
    const archive = await tarOf({
      'manifest.json': Buffer.from(JSON.stringify([{ Config: 'config.json', RepoTags: ['cut:1'], Layers: ['layer/layer.tar'] }])),
      'config.json': config,
      'layer/layer.tar': cut,
    });
    const file = path.join(root, 'cut.tar');
    fs.writeFileSync(file, archive);
    const r = cli(root, ['load', '-i', file]);
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /layer layer\/layer\.tar is not a complete tar archive .*nothing was loaded/, r.stderr);
    assert.equal(cli(root, ['images', '-q', 'cut']).stdout, '');
  });

  it('a path longer than the filesystem allows fails run with the layer error, not a raw ENAMETOOLONG', async () => {
    const deep = ('d'.repeat(250) + '/').repeat(17) + 'f'; // 4,268 bytes
    await makeBusyboxImage(root, 'deep:1', { files: { [deep]: 'x' } });
    const r = cli(root, ['run', '--rm', 'deep:1', 'true']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /layer entry "d{60}….*d\/" has a path of \d{4} bytes, longer than this filesystem allows/, r.stderr);
    assert.doesNotMatch(r.stderr, /ENAMETOOLONG/);
    assert.ok(r.stderr.length < 600, `a short message (${r.stderr.length} characters)`);
  });

  it('a layer that expands past the configured limit is refused with a clear error; under it the image runs', async () => {
    await makeBusyboxImage(root, 'big:1', { files: { 'big.bin': Buffer.alloc(3 * 1024 * 1024) } });
    const r = cli(root, ['run', '--rm', 'big:1', 'true'], { env: { STEVEDORE_MAX_LAYER_SIZE: '2MiB' } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /the layer expands to more than 2\.1MB \(at "big\.bin"\), the limit for one layer; refusing to apply it \(STEVEDORE_MAX_LAYER_SIZE sets the limit\)/, r.stderr);
    const bad = cli(root, ['run', '--rm', 'big:1', 'true'], { env: { STEVEDORE_MAX_LAYER_SIZE: 'lots' } });
    assert.match(bad.stderr, /STEVEDORE_MAX_LAYER_SIZE=lots: expected a size/);
    assert.equal(cli(root, ['run', '--rm', 'big:1', 'true'], { env: { STEVEDORE_MAX_LAYER_SIZE: '10MB' } }).status, 0);
  });

  it('diff quotes a name with a newline or an escape, so it cannot forge lines; plain names print as docker prints them', () => {
    const id = cli(root, ['run', '-d', 'busybox', 'sh', '-c', 'touch "/a\nA forged" "/esc\x1b[31m" "/plain name"; sleep 300']).stdout.trim();
    try {
      let out = '';
      for (let i = 0; i < 50 && !out.includes('plain'); i++) out = cli(root, ['diff', id]).stdout;
      const lines = out.split('\n').filter(Boolean);
      assert.ok(lines.includes('A "/a\\nA forged"'), out);
      assert.ok(lines.includes('A "/esc\\033[31m"'), out);
      assert.ok(lines.includes('A /plain name'), out);
      assert.ok(!lines.includes('A forged'), 'no forged line');
      assert.doesNotMatch(out, /\x1b/);
    } finally {
      cli(root, ['rm', '-f', id]);
    }
  });

  it('cp FILE CONTAINER:/dir/newname creates the file; a directory to a new name too; into an existing directory as before', () => {
    const local = path.join(root, 'local.txt');
    fs.writeFileSync(local, 'copied in\n');
    const localDir = path.join(root, 'localdir');
    fs.mkdirSync(localDir);
    fs.writeFileSync(path.join(localDir, 'inner'), 'inner\n');
    const id = cli(root, ['create', 'busybox', 'sh', '-c', 'cat /etc/newname /tmp/newdir/inner /tmp/local.txt']).stdout.trim();
    try {
      let r = cli(root, ['cp', local, `${id}:/etc/newname`]);
      assert.equal(r.status, 0, r.stderr);
      r = cli(root, ['cp', localDir, `${id}:/tmp/newdir`]);
      assert.equal(r.status, 0, r.stderr);
      r = cli(root, ['cp', local, `${id}:/tmp`]);
      assert.equal(r.status, 0, r.stderr);
      r = cli(root, ['cp', local, `${id}:/nosuchdir/x`]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /Could not find the file \/nosuchdir/);
      assert.equal(cli(root, ['start', '-a', id]).stdout, 'copied in\ninner\ncopied in\n');
    } finally {
      cli(root, ['rm', '-f', id]);
    }
  });
});
