import * as assert from 'assert';
import { ProgressPrinter } from '../../../client/src/cli/commands/images/pull';
import { humanSize } from '../../../client/src/core/format';

const digest = (c: string) => 'sha256:' + c.repeat(64);

describe('CLI: pull/push progress lines', () => {
  it('formats sizes in docker decimal units', () => {
    assert.strictEqual(humanSize(512, 4), '512B');
    assert.strictEqual(humanSize(12_300_000, 4), '12.3MB');
    assert.strictEqual(humanSize(45_600_000, 4), '45.6MB');
    assert.strictEqual(humanSize(1_500, 4), '1.5kB');
  });

  it('on a TTY, keeps one line per layer and redraws it in place with byte counts', () => {
    let out = '';
    const p = new ProgressPrinter({ write: (s: string) => (out += s) }, true);
    p.update({ ref: 'r', digest: digest('a'), kind: 'layer', status: 'Waiting', done: 0, total: 45_600_000 });
    p.update({ ref: 'r', digest: digest('b'), kind: 'layer', status: 'Waiting', done: 0, total: 1000 });
    p.update({ ref: 'r', digest: digest('a'), kind: 'layer', status: 'Downloading', done: 12_300_000, total: 45_600_000 });
    p.update({ ref: 'r', digest: digest('c'), kind: 'config', status: 'Downloading', done: 1, total: 2 });
    assert.strictEqual(out, 'aaaaaaaaaaaa: Pulling fs layer\nbbbbbbbbbbbb: Pulling fs layer\n\x1b[2A\r\x1b[2Kaaaaaaaaaaaa: Downloading  12.3MB/45.6MB\r\x1b[2B');
  });

  it('without a TTY, prints each state change once and no byte counters', () => {
    let out = '';
    const p = new ProgressPrinter({ write: (s: string) => (out += s) }, false);
    for (const done of [0, 10, 20]) p.update({ ref: 'r', digest: digest('a'), kind: 'layer', status: 'Pushing', done, total: 20 });
    p.update({ ref: 'r', digest: digest('a'), kind: 'layer', status: 'Pushed', done: 20, total: 20 });
    assert.strictEqual(out, 'aaaaaaaaaaaa: Pushing\naaaaaaaaaaaa: Pushed\n');
  });
});
