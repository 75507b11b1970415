import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import type { BuildProgress } from '../../../client/src/engine/build/api';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { isCode } from '../../support/assertions';
import { canRunContainers, cli, tempRoot } from '../../support/containers';
import { makeBusyboxImage, PASSWD } from '../../support/images';
import { listLayer } from '../../support/layers';
import { maybeGunzip, walkTar } from '../../../client/src/engine/archive/tarstream';
import { chainIds } from '../../../client/src/engine/image/store';
import { applyLayer } from '../../../client/src/engine/layer/apply';

/** Every path under `root` with type, mode, owner, size, content, link target and mtime (directories' too). */
function fullTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const n of fs.readdirSync(path.join(root, rel)).sort()) {
      const p = rel ? `${rel}/${n}` : n;
      const st = fs.lstatSync(path.join(root, p));
      const body = st.isSymbolicLink() ? `-> ${fs.readlinkSync(path.join(root, p))}` : st.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(path.join(root, p))).digest('hex') : '';
      out[p] = `${st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'f'} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} ${st.isDirectory() ? '' : st.size} ${st.mtimeMs} ${body}`;
      if (st.isDirectory()) walk(p);
    }
  };
  walk('');
  return out;
}

function writeContext(dir: string, files: Record<string, string>): void {
  for (const [p, v] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), v);
  }
}

/**
 * RUN steps in containers of the embedded runtime, and COPY --from stages and images: the
 * filesystem change of each RUN is its layer (deletions as whiteouts), RUN sees the stage's
 * env, args, user and workdir, its mounts and network mode, and is cached like any step.
 */
describe('building with RUN and COPY --from (runc)', function () {
  this.timeout(180_000);
  let root: string;
  let cleanup: () => void;
  let engine: EmbeddedEngine;
  let n = 0;
  const ctx = (files: Record<string, string>) => {
    const d = path.join(root, `ctx${n++}`);
    writeContext(d, files);
    return d;
  };
  const run = (image: string, ...cmd: string[]) => cli(root, ['run', '--rm', '--network', 'none', image, ...cmd]);

  before(async () => {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun');
    ({ root, cleanup } = tempRoot('sv-build-run-'));
    await makeBusyboxImage(root, 'busybox:latest');
    engine = await EmbeddedEngine.open(root);
  });
  after(async () => {
    await engine.dispose();
    cleanup();
  });

  it('RUN in shell form, exec form and as a heredoc, with the stage env, args, user and workdir; its output is progress', async () => {
    const dir = ctx({
      Dockerfile: [
        'FROM busybox', 'ARG WHO=world', 'ENV MODE=prod', 'WORKDIR /work/dir',
        'RUN echo "hello $WHO in $MODE at $(pwd)" > greeting && echo visible-output',
        'RUN ["/bin/sh", "-c", "id -u > /work/uid-root"]',
        'USER nobody', 'RUN id -u > /tmp/uid-nobody', 'USER root',
        'RUN <<EOF', 'echo from heredoc > /work/heredoc', 'echo second line >> /work/heredoc', 'EOF',
        'CMD ["cat", "/work/dir/greeting"]', '',
      ].join('\n'),
    });
    const lines: BuildProgress[] = [];
    const r = await engine.build({ context: dir, tags: ['runs:1'], buildArgs: { WHO: 'builder' }, onProgress: (p) => lines.push(p) });
    assert.equal(run('runs:1').stdout, 'hello builder in prod at /work/dir\n');
    assert.equal(run('runs:1', 'cat', '/work/uid-root', '/tmp/uid-nobody', '/work/heredoc').stdout, '0\n65534\nfrom heredoc\nsecond line\n');
    const out = lines.filter((p) => p.status === 'output');
    assert.deepEqual(out.map((p) => p.message), ['visible-output']);
    assert.equal(out[0].startLine, 4, 'output belongs to the RUN on line 5');
    // Every RUN made a layer with only what it changed.
    const img = await engine.imageStore.resolve(r.id);
    const last = await listLayer(engine.content.openRead(img.manifestJson.layers.at(-1)!.digest));
    assert.deepEqual(last.map((e) => e.name).sort(), ['work', 'work/heredoc']);
    const hist = (await engine.images.history('runs:1')).map((h) => h.createdBy);
    assert.ok(hist.some((h) => h.startsWith('RUN echo "hello $WHO')));
  });

  it('deletions in a RUN are whiteouts, so the analysis sees the earlier layer wasted', async () => {
    const dir = ctx({ Dockerfile: 'FROM busybox\nRUN dd if=/dev/zero of=/big bs=1k count=64 2>/dev/null && mkdir -p /cache/d && echo x > /cache/d/f\nRUN rm /big && rm -rf /cache\n' });
    await engine.build({ context: dir, tags: ['waste:1'] });
    const img = await engine.imageStore.resolve('waste:1');
    const top = await listLayer(engine.content.openRead(img.manifestJson.layers.at(-1)!.digest));
    assert.deepEqual(top.map((e) => e.name).sort(), ['.wh.big', '.wh.cache']);
    const a = await engine.images.analyze('waste:1');
    const bigLayer = a.layers[a.layers.length - 2];
    assert.ok(bigLayer.wastedBytes >= 65536, `the 64 KiB file is waste (${bigLayer.wastedBytes})`);
    assert.equal(run('waste:1', 'sh', '-c', 'ls /big /cache 2>&1 | wc -l').stdout.trim(), '2');
    // Each built layer maps back to the instruction's lines (0-based), base layers to none.
    assert.deepEqual(a.layers.map((l) => l.instruction && [l.instruction.startLine, l.instruction.endLine, l.instruction.text.split(' ')[0]]), [undefined, [1, 1, 'RUN'], [2, 2, 'RUN']]);
    assert.equal(a.layers[1].instruction?.dockerfile, path.join(dir, 'Dockerfile'));
    const table = cli(root, ['image', 'analyze', 'waste:1']).stdout;
    assert.match(table, /^LAYER\s+SIZE\s+WASTED\s+LINES\s+CREATED BY$/m);
    assert.match(table, /^2\s+0B\s+0B\s+3\s+RUN rm \/big/m);
  });

  it('with SOURCE_DATE_EPOCH a RUN layer is the same bytes on every build', async () => {
    const dir = ctx({ Dockerfile: 'FROM busybox\nRUN mkdir -p /srv/x && echo same > /srv/x/f && touch /srv/y\n' });
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const a = await engine.build({ context: dir, noCache: true });
      await new Promise((r) => setTimeout(r, 1100));
      const b = await engine.build({ context: dir, noCache: true });
      assert.equal(b.id, a.id, 'same image ID: same layers and same created time');
      const top = await listLayer(engine.content.openRead((await engine.imageStore.resolve(a.id)).manifestJson.layers.at(-1)!.digest));
      assert.ok(top.length >= 3);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });

  it('with SOURCE_DATE_EPOCH a COPY into folders it makes is the same bytes on every build, the folders at that time', async () => {
    const dir = ctx({ Dockerfile: 'FROM busybox\nCOPY app.txt /opt/made/by/copy/\n', 'app.txt': 'same\n' });
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const a = await engine.build({ context: dir, noCache: true });
      await new Promise((r) => setTimeout(r, 1100));
      const b = await engine.build({ context: dir, noCache: true });
      assert.equal(b.id, a.id, 'same image ID: same COPY layer and same created time');
      const folders: Array<[string, number | undefined]> = [];
      const layer = await maybeGunzip(engine.content.openRead((await engine.imageStore.resolve(a.id)).manifestJson.layers.at(-1)!.digest));
      await walkTar(layer, async (e) => void (e.type === 'directory' && folders.push([e.name.replace(/\/+$/, ''), e.mtime?.getTime()])));
      assert.deepEqual(folders.sort(), [['opt', 1.7e12], ['opt/made', 1.7e12], ['opt/made/by', 1.7e12], ['opt/made/by/copy', 1.7e12]]);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });

  it('a COPY layer is written straight into its unpacked folder: the same tree its tar unpacks to, used by the next RUN', async () => {
    const dir = ctx({
      Dockerfile: [
        'FROM busybox',
        'COPY --chown=7:8 tree/ /etc/tree/',
        'COPY tree/a.txt /bin/yes',
        'COPY tree/deep/x/y.txt tree/run.sh /opt/new/dir/',
        'COPY --chmod=0640 tree/ /var/www/',
        'RUN cat /etc/tree/deep/x/y.txt /opt/new/dir/run.sh /bin/yes > /seen && stat -c "%a %u:%g" /etc/tree/suid /var/www/a.txt >> /seen',
      ].join('\n'),
      'tree/a.txt': 'a\n', 'tree/deep/x/y.txt': 'y\n', 'tree/run.sh': '#!/bin/sh\necho run\n', 'tree/suid': 'x', 'tree/secret': 's',
    });
    fs.chmodSync(path.join(dir, 'tree/run.sh'), 0o755);
    fs.chmodSync(path.join(dir, 'tree/suid'), 0o4755);
    fs.chmodSync(path.join(dir, 'tree/secret'), 0o600);
    fs.utimesSync(path.join(dir, 'tree/a.txt'), new Date('2001-02-03T04:05:06.789Z'), new Date('2001-02-03T04:05:06.789Z'));
    fs.mkdirSync(path.join(dir, 'tree/empty'));
    fs.symlinkSync('deep/x/y.txt', path.join(dir, 'tree/link'));
    const built = await engine.build({ context: dir, network: 'none' });
    const rec = await engine.imageStore.resolve(built.id);
    const diffIds = rec.config.rootfs.diff_ids;
    const chains = chainIds(diffIds);
    assert.equal(diffIds.length, 6, 'base, four COPY layers and the RUN');
    for (let i = 1; i <= 4; i++) {
      // What the layer's tar gives when unpacked, beside what the COPY wrote into the layer's folder.
      const folder = path.join(root, 'layers', chains[i].replace(/^sha256:/, ''), 'fs');
      assert.ok(fs.existsSync(folder), `layer ${i} is unpacked`);
      const unpacked = path.join(root, `unpacked-${i}`);
      await applyLayer(engine.content.openRead(rec.manifestJson.layers[i].digest), unpacked);
      assert.deepEqual(fullTree(folder), fullTree(unpacked), `layer ${i}: the folder is what its tar unpacks to`);
      fs.rmSync(unpacked, { recursive: true });
    }
    assert.equal(run(built.id, 'cat', '/seen').stdout, 'y\n#!/bin/sh\necho run\na\n4755 7:8\n640 0:0\n');
    // The RUN found the COPY layers unpacked: no unpack temp folder or stray layer is left.
    assert.deepEqual(fs.readdirSync(path.join(root, 'layers')).filter((n) => n.startsWith('.tmp-')), []);
    assert.match(cli(root, ['system', 'fsck']).stdout, /^(?!.*warning: layer)/s);
  });

  it('--no-cache: a COPY hard-links what the last build of the step wrote, except a file that changed (here only its mtime)', async () => {
    const dir = ctx({ Dockerfile: 'FROM busybox\nCOPY src/ /app/\nRUN cat /app/a.txt /app/d/b.txt > /seen\n', 'src/a.txt': 'a\n', 'src/d/b.txt': 'b\n' });
    const folderOf = async (id: string, i: number) => {
      const rec = await engine.imageStore.resolve(id);
      return { folder: path.join(root, 'layers', chainIds(rec.config.rootfs.diff_ids)[i].replace(/^sha256:/, ''), 'fs'), blob: rec.manifestJson.layers[i].digest };
    };
    const first = await engine.build({ context: dir, noCache: true, network: 'none' });
    const one = await folderOf(first.id, 1);
    const when = new Date('2010-01-01T00:00:00Z');
    fs.utimesSync(path.join(dir, 'src/a.txt'), when, when);
    const second = await engine.build({ context: dir, noCache: true, network: 'none' });
    assert.ok(second.steps.every((s) => !s.cached), 'every step ran');
    const two = await folderOf(second.id, 1);
    assert.notEqual(two.folder, one.folder);
    const ino = (p: string) => fs.statSync(p).ino;
    assert.equal(ino(path.join(two.folder, 'app/d/b.txt')), ino(path.join(one.folder, 'app/d/b.txt')), 'the unchanged file is the same inode');
    assert.notEqual(ino(path.join(two.folder, 'app/a.txt')), ino(path.join(one.folder, 'app/a.txt')), 'the touched file is written anew');
    assert.equal(fs.statSync(path.join(two.folder, 'app/a.txt')).mtime.toISOString(), when.toISOString());
    const unpacked = path.join(root, 'unpacked-nocache');
    await applyLayer(engine.content.openRead(two.blob), unpacked);
    assert.deepEqual(fullTree(two.folder), fullTree(unpacked), 'the folder is what its tar unpacks to');
    fs.rmSync(unpacked, { recursive: true });
    assert.equal(run(second.id, 'cat', '/seen').stdout, 'a\nb\n');
  });

  it('the context digest cache: a rewrite of the same size with the mtime put back still invalidates COPY', async () => {
    const dir = ctx({ Dockerfile: 'FROM busybox\nCOPY data.txt /data.txt\n', 'data.txt': 'version-1\n' });
    const first = await engine.build({ context: dir });
    const again = await engine.build({ context: dir });
    assert.equal(again.id, first.id);
    assert.ok(fs.existsSync(path.join(root, 'build', 'digests')), 'digests are remembered in the data root');
    const file = path.join(dir, 'data.txt');
    const st = fs.statSync(file);
    fs.writeFileSync(file, 'version-2\n');
    fs.utimesSync(file, st.atime, st.mtime);
    const changed = await engine.build({ context: dir });
    assert.notEqual(changed.id, first.id);
    assert.equal(run(changed.id, 'cat', '/data.txt').stdout, 'version-2\n');
  });

  it('RUN is cached by its inputs: CACHED on rebuild, re-run when a build arg changes; a RUN with no change adds no layer', async () => {
    const dir = ctx({ Dockerfile: 'FROM busybox\nARG V=1\nRUN echo $V > /v\nRUN true\n' });
    const first = await engine.build({ context: dir });
    const again: BuildProgress[] = [];
    const second = await engine.build({ context: dir, onProgress: (p) => again.push(p) });
    assert.equal(second.id, first.id);
    assert.equal(again.filter((p) => p.status === 'cached').length, 3);
    const changed = await engine.build({ context: dir, buildArgs: { V: '2' } });
    assert.notEqual(changed.id, first.id);
    const img = await engine.imageStore.resolve(first.id);
    assert.equal(img.manifestJson.layers.length, 2, 'busybox + the one RUN that changed something');
    assert.equal(img.config.history?.at(-1)?.empty_layer, true);
  });

  it('RUN --mount: a cache mount persists between builds and stays out of the image; a secret is readable only during the step; --network=none', async () => {
    const secret = path.join(root, 'token.txt');
    fs.writeFileSync(secret, 's3cr3t');
    const dir = ctx({
      Dockerfile: [
        'FROM busybox',
        'RUN --mount=type=cache,target=/var/cache/app echo hit >> /var/cache/app/hits && wc -l < /var/cache/app/hits > /hits',
        'RUN --mount=type=secret,id=token cat /run/secrets/token | wc -c > /secret-len',
        'RUN --network=none ls /sys/class/net > /nets',
        '',
      ].join('\n'),
    });
    await engine.build({ context: dir, tags: ['mounts:1'], secrets: { token: secret } });
    await engine.build({ context: dir, tags: ['mounts:2'], secrets: { token: secret }, noCache: true });
    assert.equal(run('mounts:1', 'cat', '/hits', '/secret-len', '/nets').stdout, '1\n6\nlo\n');
    assert.equal(run('mounts:2', 'cat', '/hits').stdout, '2\n', 'the cache mount kept the first build\'s file');
    assert.equal(run('mounts:2', 'sh', '-c', 'ls /var/cache/app 2>/dev/null | wc -l; test -s /run/secrets/token && echo leaked || echo no-secret').stdout, '0\nno-secret\n');
    // Without the secret a required one fails the step with a clear message.
    const req = ctx({ Dockerfile: 'FROM busybox\nRUN --mount=type=secret,id=missing,required=true cat /run/secrets/missing\n' });
    await assert.rejects(engine.build({ context: req }), isCode('invalid-argument', (m) => m.includes('line 2') && m.includes('secret missing not found')));
  });

  it('RUN --mount=type=bind,from= an earlier stage reads its files without copying them into the image', async () => {
    const dir = ctx({
      Dockerfile: [
        'FROM busybox AS tools', "RUN mkdir -p /opt/tools && echo 'echo tool ran' > /opt/tools/t.sh",
        'FROM busybox', 'RUN --mount=type=bind,from=tools,source=/opt/tools,target=/mnt/tools sh /mnt/tools/t.sh > /result && ls /mnt/tools > /listing', '',
      ].join('\n'),
    });
    await engine.build({ context: dir, tags: ['bindfrom:1'] });
    assert.equal(run('bindfrom:1', 'cat', '/result', '/listing').stdout, 'tool ran\nt.sh\n');
    assert.equal(run('bindfrom:1', 'sh', '-c', 'ls -A /mnt 2>/dev/null | wc -l').stdout.trim(), '0', 'the mount point is not part of the layer');
  });

  it('COPY --from an earlier stage and from an image; a symlink in the source stage cannot reach the host', async () => {
    const dir = ctx({
      Dockerfile: [
        'FROM busybox AS build', 'RUN mkdir -p /out && echo artifact > /out/app && ln -s /etc /out/hostetc-link && ln -s /etc /escape',
        'FROM busybox AS other', 'COPY --from=build /out/ /app/', 'COPY --from=build /escape/passwd /from-stage-passwd',
        'COPY --from=busybox:latest /bin/busybox /copied-busybox', '',
      ].join('\n'),
    });
    await engine.build({ context: dir, tags: ['copied:1'] });
    assert.equal(run('copied:1', 'cat', '/app/app').stdout, 'artifact\n');
    assert.match(run('copied:1', 'ls', '-l', '/app/hostetc-link').stdout, /hostetc-link -> \/etc$/m);
    // /escape -> /etc resolves inside the build stage: its passwd is busybox's, not the host's.
    assert.equal(run('copied:1', 'cat', '/from-stage-passwd').stdout, PASSWD);
    assert.equal(run('copied:1', 'sh', '-c', 'cmp /copied-busybox /bin/busybox && echo same').stdout, 'same\n');
  });

  it('the CLI prints RUN output and passes --secret', () => {
    const secret = path.join(root, 'cli-secret');
    fs.writeFileSync(secret, 'abc');
    const dir = ctx({ Dockerfile: 'FROM busybox\nRUN --mount=type=secret,id=s echo "secret has $(wc -c < /run/secrets/s) bytes"\n' });
    const r = cli(root, ['build', '--no-cache', '--secret', `id=s,src=${secret}`, '-t', 'cli-run:1', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^secret has 3 bytes$/m);
    const failing = ctx({ Dockerfile: 'FROM busybox\nRUN echo about to fail; exit 7\n' });
    const f = cli(root, ['build', failing]);
    assert.equal(f.status, 1);
    assert.match(f.stdout, /^about to fail$/m);
    assert.match(f.stderr, /line 2: RUN: process "\/bin\/sh -c "echo about to fail; exit 7"" did not complete successfully: exit code: 7/);
  });

  it('COPY from a heredoc; ADD of a URL (not extracted, mode 0600, --checksum verified); a clear error when the URL cannot be fetched', async () => {
    const payload = Buffer.from('downloaded payload\n');
    const server = http.createServer((req, res) => {
      if (req.url === '/files/payload.txt') {
        res.writeHead(200, { 'Last-Modified': 'Wed, 21 Oct 2015 07:28:00 GMT' });
        res.end(payload);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const sum = 'sha256:' + crypto.createHash('sha256').update(payload).digest('hex');
      const dir = ctx({
        Dockerfile: [
          'FROM busybox', 'ARG NAME=docs',
          'COPY <<EOF /etc/motd', 'hello from $NAME', 'EOF',
          "COPY <<'RAW' /raw.txt", 'kept $NAME', 'RAW',
          `ADD --checksum=${sum} http://127.0.0.1:${port}/files/payload.txt /dl/`, '',
        ].join('\n'),
      });
      await engine.build({ context: dir, tags: ['fetched:1'] });
      assert.equal(run('fetched:1', 'cat', '/etc/motd', '/raw.txt', '/dl/payload.txt').stdout, 'hello from docs\nkept $NAME\ndownloaded payload\n');
      assert.match(run('fetched:1', 'stat', '-c', '%a %Y', '/dl/payload.txt').stdout, /^600 1445412480\n$/);
      const bad = ctx({ Dockerfile: `FROM busybox\nADD --checksum=sha256:${'0'.repeat(64)} http://127.0.0.1:${port}/files/payload.txt /x\n` });
      await assert.rejects(engine.build({ context: bad }), isCode('digest-mismatch', (m) => m.includes('line 2') && m.includes(`got ${sum}`)));
      const missing = ctx({ Dockerfile: `FROM busybox\nADD http://127.0.0.1:${port}/nope.txt /x\n` });
      await assert.rejects(engine.build({ context: missing }), isCode('not-found', (m) => m.includes('HTTP 404')));
    } finally {
      server.close();
    }
    const closed = ctx({ Dockerfile: `FROM busybox\nADD http://127.0.0.1:${port}/files/payload.txt /x\n` });
    await assert.rejects(engine.build({ context: closed }), isCode('unavailable', (m) => m.includes('line 2: ADD') && m.includes('failed to fetch') && m.includes('ECONNREFUSED')));
  });
});
