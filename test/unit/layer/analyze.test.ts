import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import type { ImageAnalysis } from '../../../client/src/engine/layer/analyze';
import { makeLayeredImage } from '../../support/layers';

const kb = (n: number, c = 'x') => c.repeat(n * 1024);

describe('layer analysis: what each layer adds and what later layers waste', () => {
  let tmp: string;
  let engine: EmbeddedEngine;
  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-analyze-'));
    engine = await EmbeddedEngine.open(tmp);
  });
  afterEach(async () => {
    await engine.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const wastedPaths = (a: ImageAnalysis, layer: number) => a.layers[layer].files.filter((f) => f.wasted).map((f) => `${f.path}:${f.wasted!.reason}@${f.wasted!.byLayer}`).sort();

  it('counts a file deleted later, a directory deleted later, an overwrite and a chmod-only change, and nothing else', async () => {
    await makeLayeredImage(tmp, 'waste:1', [
      { createdBy: 'COPY base', entries: [{ name: 'etc/' }, { name: 'etc/keep.conf', data: kb(1) }, { name: 'opt/' }, { name: 'opt/tool/' }, { name: 'opt/tool/a.bin', data: kb(30) }, { name: 'opt/tool/b.bin', data: kb(20) }, { name: 'tmp/' }, { name: 'tmp/big.tar', data: kb(100) }, { name: 'app/' }, { name: 'app/run.sh', data: kb(4), mode: 0o644 }, { name: 'app/data.json', data: kb(8) }] },
      { createdBy: 'RUN rm /tmp/big.tar && rm -rf /opt/tool', entries: [{ name: 'tmp/' }, { name: 'tmp/.wh.big.tar' }, { name: 'opt/' }, { name: 'opt/.wh.tool' }] },
      { createdBy: 'RUN chmod +x /app/run.sh && echo {} > /app/data.json', entries: [{ name: 'app/' }, { name: 'app/run.sh', data: kb(4), mode: 0o755 }, { name: 'app/data.json', data: '{}' }] },
    ]);
    const a = await engine.images.analyze('waste:1');
    assert.deepEqual(wastedPaths(a, 0), ['app/data.json:overwritten@2', 'app/run.sh:metadata@2', 'opt/tool/a.bin:deleted@1', 'opt/tool/b.bin:deleted@1', 'tmp/big.tar:deleted@1']);
    assert.equal(a.layers[0].wastedBytes, (100 + 30 + 20 + 4 + 8) * 1024);
    assert.equal(a.layers[1].wastedBytes, 0);
    assert.equal(a.layers[2].wastedBytes, 0);
    assert.equal(a.wastedBytes, 162 * 1024);
    assert.equal(a.size, (1 + 30 + 20 + 100 + 4 + 8 + 4) * 1024 + 2);
    assert.deepEqual(a.layers[1].files.map((f) => `${f.change} ${f.path}`).filter((s) => s.startsWith('deleted')).sort(), ['deleted opt/tool', 'deleted tmp/big.tar']);
    assert.equal(a.layers[1].createdBy, 'RUN rm /tmp/big.tar && rm -rf /opt/tool');
    assert.ok(Math.abs(a.efficiency - (1 - a.wastedBytes / a.size)) < 1e-12);
  });

  it('an opaque directory wastes everything the earlier layers had under it', async () => {
    await makeLayeredImage(tmp, 'opaque:1', [
      { createdBy: 'COPY cache', entries: [{ name: 'var/' }, { name: 'var/cache/' }, { name: 'var/cache/x', data: kb(10) }, { name: 'var/cache/sub/' }, { name: 'var/cache/sub/y', data: kb(5) }] },
      { createdBy: 'RUN rm -rf /var/cache && mkdir /var/cache', entries: [{ name: 'var/cache/' }, { name: 'var/cache/.wh..wh..opq' }, { name: 'var/cache/new', data: 'n' }] },
    ]);
    const a = await engine.images.analyze('opaque:1');
    assert.deepEqual(wastedPaths(a, 0), ['var/cache/sub/y:deleted@1', 'var/cache/x:deleted@1']);
    assert.equal(a.wastedBytes, 15 * 1024);
  });

  it('a clean image wastes nothing; the CLI prints the table and JSON', async () => {
    await makeLayeredImage(tmp, 'clean:1', [
      { createdBy: 'COPY a', entries: [{ name: 'a/' }, { name: 'a/1', data: kb(3) }] },
      { createdBy: 'COPY b', entries: [{ name: 'a/' }, { name: 'a/2', data: kb(2) }, { name: 'b', type: 'symlink', linkname: 'a/1' }] },
    ]);
    const a = await engine.images.analyze('clean:1');
    assert.equal(a.wastedBytes, 0);
    assert.equal(a.efficiency, 1);
    const cli = path.join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
    const json = JSON.parse(execFileSync(process.execPath, [cli, '--data-root', tmp, 'image', 'analyze', '--format', 'json', 'clean:1'], { encoding: 'utf8' }));
    assert.equal(json.size, 5 * 1024);
    const text = execFileSync(process.execPath, [cli, '--data-root', tmp, 'image', 'analyze', 'clean:1'], { encoding: 'utf8' });
    assert.match(text, /^LAYER\s+SIZE\s+WASTED\s+CREATED BY/);
    assert.match(text, /Efficiency: 100\.00%/);
  });
});
