import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { goG, humanDuration, humanSize } from '../../../client/src/core/format';
import { table } from '../../../client/src/cli/helpers';
import { busyboxRootfsTar, makeBusyboxImage } from '../../support/images';

/** The built CLI bundle (node esbuild.js). */
const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

function cli(root: string, args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [CLI, '--data-root', root, ...args], { input, encoding: 'buffer', timeout: 60000 });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString(), raw: r.stdout };
}

describe('CLI image commands (node dist/cli.js)', function () {
  this.timeout(60000);
  let root: string;
  let id: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-cli-img-'));
    id = (await makeBusyboxImage(root, 'busybox:latest')).id;
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('go-units formatting matches docker', () => {
    assert.strictEqual(humanSize(4261234), '4.26MB');
    assert.strictEqual(humanSize(0), '0B');
    assert.strictEqual(humanSize(999), '999B');
    assert.strictEqual(humanSize(123456), '123kB');
    assert.strictEqual(humanSize(2016000, 4), '2.016MB');
    assert.strictEqual(goG(999.9, 3), '1e+03');
    assert.strictEqual(humanDuration(3600_000), 'About an hour');
    assert.strictEqual(humanDuration(90_000), 'About a minute');
    assert.strictEqual(humanDuration(3 * 24 * 3600_000), '3 days');
    assert.strictEqual(table([['A', 'BB'], ['xxxxxxxxxxxx', 'y']]), 'A              BB\nxxxxxxxxxxxx   y\n');
  });

  it('images lists in docker table form; -q, --digests, --format json, filters', () => {
    let r = cli(root, ['images']);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^REPOSITORY\s{3,}TAG\s{3,}IMAGE ID\s{3,}CREATED\s{3,}SIZE$/);
    assert.match(lines[1], new RegExp(`^busybox\\s+latest\\s+${id.slice(7, 19)}\\s+\\d+ years ago\\s+\\d+(\\.\\d+)?MB$`));
    r = cli(root, ['images', '-q']);
    assert.strictEqual(r.stdout, id.slice(7, 19) + '\n');
    r = cli(root, ['images', '-q', '--no-trunc']);
    assert.strictEqual(r.stdout, id + '\n');
    r = cli(root, ['images', '--format', 'json']);
    const j = JSON.parse(r.stdout.trim());
    assert.deepStrictEqual(Object.keys(j), ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize', 'VirtualSize']);
    assert.strictEqual(j.Repository, 'busybox');
    assert.strictEqual(j.CreatedAt, '2024-01-01 00:00:00 +0000 UTC');
    r = cli(root, ['images', '--format', '{{.Repository}}:{{.Tag}}']);
    assert.strictEqual(r.stdout, 'busybox:latest\n');
    r = cli(root, ['images', '--digests']);
    assert.match(r.stdout.split('\n')[0], /^REPOSITORY\s+TAG\s+DIGEST\s+IMAGE ID\s+CREATED\s+SIZE$/);
    assert.strictEqual(cli(root, ['images', '-q', '--filter', 'reference=busy*']).stdout, id.slice(7, 19) + '\n');
    assert.strictEqual(cli(root, ['images', '-q', '--filter', 'reference=other']).stdout, '');
    assert.strictEqual(cli(root, ['images', '-q', '--filter', 'dangling=true']).stdout, '');
    r = cli(root, ['images', '--filter', 'bogus=1']);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stderr, "Error response from daemon: invalid filter 'bogus'\n");
  });

  it('tag, inspect, history, rmi with docker messages and exit codes', () => {
    assert.strictEqual(cli(root, ['tag', 'busybox', 'myapp:v1']).code, 0);
    let r = cli(root, ['image', 'inspect', 'myapp:v1']);
    const [ins] = JSON.parse(r.stdout);
    assert.strictEqual(ins.Id, id);
    assert.deepStrictEqual(ins.RepoTags, ['busybox:latest', 'myapp:v1']);
    assert.deepStrictEqual(ins.Config.Cmd, ['sh']);
    assert.strictEqual(ins.RootFS.Type, 'layers');
    assert.strictEqual(cli(root, ['inspect', '-f', '{{.Id}} {{json .Config.Cmd}}', 'busybox']).stdout, `${id} ["sh"]\n`);
    r = cli(root, ['inspect', 'nothing']);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stderr, 'Error: No such object: nothing\n');
    r = cli(root, ['history', 'busybox']);
    const h = r.stdout.trimEnd().split('\n');
    assert.match(h[0], /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    assert.match(h[1], new RegExp(`^${id.slice(7, 19)}\\s+.*CMD \\["sh"\\]\\s+0B$`));
    assert.match(h[2], /^<missing>\s+/);
    assert.deepStrictEqual(cli(root, ['history', '-q', 'busybox']).stdout.trim().split('\n'), [id.slice(7, 19), '<missing>']);
    r = cli(root, ['rmi', 'myapp:v1']);
    assert.strictEqual(r.stdout, 'Untagged: myapp:v1\n');
    r = cli(root, ['rmi', 'foo']);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stderr, 'Error response from daemon: No such image: foo:latest\n');
  });

  it('save | load round trip, import with --change, prune, system df / fsck', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-cli-img2-'));
    try {
      const tarFile = path.join(other, 'bb.tar');
      assert.strictEqual(cli(root, ['save', '-o', tarFile, 'busybox']).code, 0);
      let r = cli(other, ['load', '-i', tarFile]);
      assert.strictEqual(r.stdout, 'Loaded image: busybox:latest\n', r.stderr);
      assert.strictEqual(cli(other, ['images', '-q', '--no-trunc']).stdout, id + '\n');
      r = cli(other, ['import', '-c', 'CMD ["sh"]', '-c', 'ENV A=b', '-', 'imp:1'], zlib.gzipSync(fs.readFileSync(tarFile)));
      // a docker save archive is a tar too: import takes its files as the rootfs
      assert.match(r.stdout, /^sha256:[a-f0-9]{64}\n$/, r.stderr);
      assert.strictEqual(cli(other, ['inspect', '-f', '{{json .Config.Env}}', 'imp:1']).stdout, '["A=b"]\n');
      assert.strictEqual(cli(other, ['rmi', 'imp:1']).code, 0);
      r = cli(other, ['system', 'df']);
      assert.match(r.stdout.split('\n')[1], /^Images\s+1\s+0\s+/);
      r = cli(other, ['system', 'fsck']);
      assert.strictEqual(r.code, 0, r.stdout);
      assert.match(r.stdout, /checked 1 images, 1 tags, \d+ blobs, 0 containers: ok/);
      // dangling image then prune
      cli(other, ['tag', 'busybox', 'keep:1']);
      cli(other, ['rmi', 'busybox']);
      r = cli(other, ['image', 'prune', '-f']);
      assert.strictEqual(r.stdout, 'Total reclaimed space: 0B\n', 'tagged image is not dangling');
      r = cli(other, ['image', 'prune', '-a', '-f']);
      const layer = JSON.parse(cli(root, ['inspect', '-f', '{{json .RootFS.Layers}}', 'busybox']).stdout)[0];
      assert.match(r.stdout, new RegExp(`^Deleted Images:\nuntagged: keep:1\ndeleted: ${id}\ndeleted: ${layer}\n\nTotal reclaimed space: \\d`));
      assert.strictEqual(cli(other, ['images', '-q']).stdout, '');
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('import of a plain rootfs tar from a file', async () => {
    const f = path.join(root, 'rootfs.tar');
    fs.writeFileSync(f, await busyboxRootfsTar({ 'etc/hostname': 'x\n' }));
    const r = cli(root, ['import', f, 'rootfs:1']);
    assert.match(r.stdout, /^sha256:/);
    assert.strictEqual(cli(root, ['history', '--format', '{{.Comment}}', 'rootfs:1']).stdout, `Imported from ${f}\n`);
  });
});
