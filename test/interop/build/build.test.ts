import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { isCode } from '../../support/assertions';
import { startDockerd, Dockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';
import { LayerFile, listLayer } from '../../support/layers';
import { emptyTargetSymlink } from '../../unit/layer/helpers';

/** Writes a build context: path -> content (a string, or { content, mode }). */
function writeContext(dir: string, files: Record<string, string | { content: string; mode: number }>): void {
  for (const [p, v] of Object.entries(files)) {
    const abs = path.join(dir, p);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, typeof v === 'string' ? v : v.content);
    if (typeof v !== 'string') fs.chmodSync(abs, v.mode);
  }
}

/** The files of each layer of an image in our store, from its blobs. */
async function ourLayers(engine: EmbeddedEngine, ref: string): Promise<LayerFile[][]> {
  const rec = await engine.imageStore.resolve(ref);
  const out: LayerFile[][] = [];
  for (const l of rec.manifestJson.layers) out.push(await listLayer(engine.content.openRead(l.digest)));
  return out;
}

const RUNLESS = `ARG BASE=busybox:latest
FROM \${BASE} AS base
ARG GREETING=hi
ENV APP_HOME=/app GREETING=\${GREETING}
WORKDIR /app
COPY src/ ./src/
COPY --chown=65534:65534 src/a.txt /etc/a.txt
COPY src/*.sh /usr/local/bin/
ADD data.tar /opt/data/
LABEL org.example.greeting="$GREETING"
EXPOSE 8080 53/udp
USER nobody
ENTRYPOINT ["/bin/sh", "-c"]
CMD echo $GREETING
HEALTHCHECK --interval=30s --retries=2 CMD wget -q localhost:8080 || exit 1

FROM base AS final
VOLUME /data
STOPSIGNAL SIGINT
`;

function runlessContext(dir: string): void {
  writeContext(dir, {
    Dockerfile: RUNLESS,
    '.dockerignore': 'src/*.key\n**/*.log\n',
    'src/a.txt': 'hello\n',
    'src/sub/b.txt': 'sub\n',
    'src/run.sh': { content: '#!/bin/sh\necho run\n', mode: 0o755 },
    'src/tool.sh': { content: '#!/bin/sh\necho tool\n', mode: 0o750 },
    'src/secret.key': 'do not ship\n',
    'src/sub/debug.log': 'noise\n',
  });
  fs.symlinkSync('a.txt', path.join(dir, 'src', 'link-to-a'));
  fs.mkdirSync(path.join(dir, 'tarsrc', 'etc'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tarsrc', 'etc', 'data.conf'), 'k=v\n');
  execFileSync('tar', ['--owner=0', '--group=0', '-cf', path.join(dir, 'data.tar'), '-C', path.join(dir, 'tarsrc'), 'etc']);
  fs.rmSync(path.join(dir, 'tarsrc'), { recursive: true });
}

describe('build: Dockerfile to image with the embedded builder', function () {
  this.timeout(120_000);
  let tmp: string;
  let engine: EmbeddedEngine;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-build-'));
    engine = await EmbeddedEngine.open(path.join(tmp, 'root'));
    await makeBusyboxImage(engine.location, 'busybox:latest');
  });
  afterEach(async () => {
    await engine.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sets every config field the instructions name, across stages and with build args', async () => {
    const ctx = path.join(tmp, 'ctx');
    runlessContext(ctx);
    const r = await engine.build({ context: ctx, tags: ['demo:1'], buildArgs: { GREETING: 'hello' } });
    const cfg = (await engine.images.inspect('demo:1')).Config!;
    assert.ok(cfg.Env?.includes('APP_HOME=/app') && cfg.Env.includes('GREETING=hello'), String(cfg.Env));
    assert.equal(cfg.WorkingDir, '/app');
    assert.equal(cfg.User, 'nobody');
    assert.deepEqual(cfg.Entrypoint, ['/bin/sh', '-c']);
    assert.deepEqual(cfg.Cmd, ['/bin/sh', '-c', 'echo $GREETING']);
    assert.deepEqual(Object.keys(cfg.ExposedPorts ?? {}).sort(), ['53/udp', '8080/tcp']);
    assert.deepEqual(Object.keys(cfg.Volumes ?? {}), ['/data']);
    assert.equal(cfg.Labels?.['org.example.greeting'], 'hello');
    assert.equal(cfg.StopSignal, 'SIGINT');
    assert.deepEqual(cfg.Healthcheck, { Test: ['CMD-SHELL', 'wget -q localhost:8080 || exit 1'], Interval: 30e9, Retries: 2 });
    assert.equal(r.steps.filter((s) => s.layer).length, 4, 'COPY, COPY, COPY, ADD made layers');
  });

  it('layers hold the copied files with modes, owners and links, and leave out what .dockerignore excludes', async () => {
    const ctx = path.join(tmp, 'ctx');
    runlessContext(ctx);
    await engine.build({ context: ctx, tags: ['demo:1'] });
    const layers = await ourLayers(engine, 'demo:1');
    const [copySrc, copyChown, copyGlob, add] = layers.slice(1);
    const names = (l: LayerFile[]) => l.map((f) => f.name);
    assert.deepEqual(names(copySrc), ['app', 'app/src', 'app/src/a.txt', 'app/src/link-to-a', 'app/src/run.sh', 'app/src/sub', 'app/src/sub/b.txt', 'app/src/tool.sh']);
    assert.equal(copySrc.find((f) => f.name === 'app/src/link-to-a')?.linkname, 'a.txt');
    assert.equal(copySrc.find((f) => f.name === 'app/src/tool.sh')?.mode, '750');
    assert.deepEqual(copyChown.find((f) => f.name === 'etc/a.txt'), { name: 'etc/a.txt', type: 'file', mode: '644', uid: 65534, gid: 65534, size: 6 });
    assert.deepEqual(names(copyGlob), ['usr', 'usr/local', 'usr/local/bin', 'usr/local/bin/run.sh', 'usr/local/bin/tool.sh']);
    assert.ok(names(add).includes('opt/data/etc/data.conf'), 'ADD extracted the tar');
    assert.ok(!layers.flat().some((f) => f.name.endsWith('.key') || f.name.endsWith('.log')), 'ignored files are not in any layer');
  });

  it('an unchanged rebuild takes every step from the cache and yields the same image ID; touching a copied file re-runs from that step', async () => {
    const ctx = path.join(tmp, 'ctx');
    runlessContext(ctx);
    const first = await engine.build({ context: ctx, tags: ['demo:1'] });
    const again = await engine.build({ context: ctx, tags: ['demo:1'] });
    assert.equal(again.id, first.id);
    assert.ok(again.steps.every((s) => s.cached), JSON.stringify(again.steps.filter((s) => !s.cached)));
    fs.utimesSync(path.join(ctx, 'src', 'a.txt'), new Date(), new Date(2000, 1, 1));
    assert.equal((await engine.build({ context: ctx })).id, first.id, 'an mtime change alone does not invalidate the cache');
    fs.writeFileSync(path.join(ctx, 'src', 'run.sh'), '#!/bin/sh\necho changed\n');
    const changed = await engine.build({ context: ctx });
    assert.notEqual(changed.id, first.id);
    const firstRerun = changed.steps.findIndex((s) => !s.cached);
    assert.equal(changed.steps[firstRerun].instruction, 'COPY src/ ./src/');
    assert.ok(changed.steps.slice(0, firstRerun).every((s) => s.cached));
    const withArg = await engine.build({ context: ctx, buildArgs: { GREETING: 'other' } });
    assert.equal(withArg.steps.find((s) => !s.cached)?.instruction, 'ARG GREETING=hi', 'a changed build arg re-runs from its ARG');
  });

  it('--target builds only up to that stage', async () => {
    const ctx = path.join(tmp, 'ctx');
    runlessContext(ctx);
    const r = await engine.build({ context: ctx, target: 'base' });
    assert.equal((await engine.images.inspect(r.id)).Config?.StopSignal, undefined);
    await assert.rejects(engine.build({ context: ctx, target: 'nope' }), isCode('invalid-argument', (m) => m.includes('target stage "nope" could not be found')));
  });

  it('fails with the Dockerfile line: parse errors, missing sources, a failing RUN', async () => {
    const ctx = path.join(tmp, 'ctx');
    writeContext(ctx, { Dockerfile: 'FROM busybox\nCOPY missing.txt /x\n', 'bad.Dockerfile': 'FROM busybox\nRUN <<EOF\necho never ends\n', 'run.Dockerfile': 'FROM busybox\nRUN echo hi; exit 3\n' });
    await assert.rejects(engine.build({ context: ctx }), isCode('not-found', (m) => m.includes('line 2') && m.includes('missing.txt')));
    await assert.rejects(engine.build({ context: ctx, dockerfile: path.join(ctx, 'bad.Dockerfile') }), isCode('invalid-argument', (m) => /line \d+/.test(m)));
    await assert.rejects(engine.build({ context: ctx, dockerfile: path.join(ctx, 'run.Dockerfile') }), isCode('invalid-argument', (m) => m.includes('line 2: RUN') && m.includes('did not complete successfully: exit code: 3')));
    await assert.rejects(engine.build({ context: ctx, platform: 'linux/s390x' }), isCode('invalid-argument', (m) => m.includes('own platform')));
  });

  it('ADD of a local tar holding a symlink with an empty target fails with the entry named, and tags nothing', async () => {
    const ctx = path.join(tmp, 'ctx');
    writeContext(ctx, { Dockerfile: 'FROM busybox\nADD bad.tar /opt/\n' });
    fs.writeFileSync(path.join(ctx, 'bad.tar'), await emptyTargetSymlink([{ name: 'etc/' }, { name: 'etc/ok', data: 'ok' }, { name: 'etc/s', type: 'symlink', linkname: 'BLANK' }]));
    await assert.rejects(engine.build({ context: ctx, tags: ['bad:1'] }), isCode('invalid-argument', (m) => m.includes('bad.tar') && m.includes('"etc/s" is a symlink with an empty target')));
    await assert.rejects(engine.images.inspect('bad:1'), isCode('not-found'));
  });

  it('the CLI builds with -t, --build-arg, -q and --iidfile', async () => {
    const ctx = path.join(tmp, 'ctx');
    runlessContext(ctx);
    const cli = path.join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
    const iid = path.join(tmp, 'iid');
    const out = execFileSync(process.execPath, [cli, '--data-root', engine.location, 'build', '-q', '-t', 'cli:1', '--build-arg', 'GREETING=cli', '--iidfile', iid, ctx], { encoding: 'utf8' });
    assert.match(out.trim(), /^sha256:[a-f0-9]{64}$/);
    assert.equal(fs.readFileSync(iid, 'utf8'), out.trim());
    assert.equal((await engine.images.inspect('cli:1')).Config?.Labels?.['org.example.greeting'], 'cli');
  });
});

describe('build: side by side with dockerd\'s classic builder', function () {
  this.timeout(240_000);
  let dockerd: Dockerd;
  let tmp: string;
  let engine: EmbeddedEngine;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-build-docker-'));
    engine = await EmbeddedEngine.open(path.join(tmp, 'root'));
    await makeBusyboxImage(engine.location, 'busybox:latest');
    dockerd = await startDockerd();
    const archive = path.join(tmp, 'busybox.tar');
    await engine.images.save(['busybox:latest'], fs.createWriteStream(archive));
    await new Promise((r) => setTimeout(r, 100));
    await dockerd.docker(['load', '-i', archive]);
  });
  after(async () => {
    await dockerd?.stop();
    await engine?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the same Dockerfile gives the same files, modes, owners and links in each layer, and the same config', async () => {
    const ctx = path.join(tmp, 'ctx');
    runlessContext(ctx);
    await engine.build({ context: ctx, tags: ['side:ours'] });
    await dockerd.docker(['build', '-q', '-t', 'side:docker', ctx], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 });
    const saved = path.join(tmp, 'docker-side.tar');
    await dockerd.docker(['save', '-o', saved, 'side:docker']);
    const x = path.join(tmp, 'x');
    fs.mkdirSync(x);
    execFileSync('tar', ['-xf', saved, '-C', x]);
    const manifest = JSON.parse(fs.readFileSync(path.join(x, 'manifest.json'), 'utf8'))[0];
    const theirs: LayerFile[][] = [];
    for (const l of manifest.Layers as string[]) theirs.push(await listLayer(path.join(x, l)));
    const ours = await ourLayers(engine, 'side:ours');
    // The classic builder commits WORKDIR's mkdir as a layer of its own; BuildKit (and we) do not.
    const theirsComparable = theirs.filter((l) => !(l.length === 1 && l[0].name === 'app'));
    const strip = (ls: LayerFile[][]) => ls.map((l) => l.filter((f) => f.name !== 'app' || f.type !== 'directory').map(({ size, ...f }) => ({ ...f, size })));
    assert.deepEqual(strip(ours), strip(theirsComparable));
    const their = JSON.parse(await dockerd.docker(['image', 'inspect', 'side:docker']))[0].Config;
    const our = (await engine.images.inspect('side:ours')).Config!;
    for (const k of ['Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'User', 'ExposedPorts', 'Volumes', 'Labels', 'StopSignal', 'Healthcheck'] as const) {
      assert.deepEqual(our[k] ?? null, their[k] ?? null, k);
    }
  });

  it('with RUN (shell and exec form), deletions and chmod in later layers, and COPY --from: the same layers and config', async () => {
    const ctx = path.join(tmp, 'ctx-run');
    writeContext(ctx, {
      'app.txt': 'the app\n',
      Dockerfile: [
        'FROM busybox AS build', 'WORKDIR /src', 'COPY app.txt .',
        'RUN mkdir -p /out/bin && cp app.txt /out/app.txt && echo built > /out/bin/tool && chmod 755 /out/bin/tool',
        'RUN ["/bin/sh", "-c", "mkdir -p /junk/dir && echo x > /junk/dir/f && echo y > /junk/g"]',
        'RUN rm -rf /junk/dir && chmod 600 /src/app.txt',
        'FROM busybox', 'COPY --from=build /out/ /opt/', 'RUN chmod 640 /opt/app.txt', 'USER nobody', 'ENTRYPOINT ["/bin/cat"]', 'CMD ["/opt/app.txt"]', '',
      ].join('\n'),
    });
    await engine.build({ context: ctx, tags: ['run:ours'], dockerfile: path.join(ctx, 'Dockerfile'), target: undefined });
    await engine.build({ context: ctx, tags: ['runstage:ours'], target: 'build' });
    const theirsOf = async (tag: string, target?: string) => {
      await dockerd.docker(['build', '-q', '--network', 'none', ...(target ? ['--target', target] : []), '-t', tag, ctx], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 });
      const saved = path.join(tmp, `${tag.replace(/\W/g, '_')}.tar`);
      await dockerd.docker(['save', '-o', saved, tag]);
      const x = fs.mkdtempSync(path.join(tmp, 'x-'));
      execFileSync('tar', ['-xf', saved, '-C', x]);
      const manifest = JSON.parse(fs.readFileSync(path.join(x, 'manifest.json'), 'utf8'))[0];
      const out: LayerFile[][] = [];
      for (const l of manifest.Layers as string[]) out.push(await listLayer(path.join(x, l)));
      return out;
    };
    // The classic builder commits WORKDIR's mkdir as a layer of its own; BuildKit (and we) do not.
    const comparable = (ls: LayerFile[][]) => ls.filter((l) => !(l.length === 1 && l[0].name === 'src'));
    const norm = (ls: LayerFile[][]) => ls.map((l) => l.map((f) => ({ ...f })).sort((a, b) => (a.name < b.name ? -1 : 1)));
    assert.deepEqual(norm(await ourLayers(engine, 'runstage:ours')), norm(comparable(await theirsOf('runstage:docker', 'build'))));
    assert.deepEqual(norm(await ourLayers(engine, 'run:ours')), norm(await theirsOf('run:docker')));
    const their = JSON.parse(await dockerd.docker(['image', 'inspect', 'run:docker']))[0].Config;
    const our = (await engine.images.inspect('run:ours')).Config!;
    for (const k of ['Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'User'] as const) assert.deepEqual(our[k] ?? null, their[k] ?? null, k);
    // And the analysis counts the deleted directory's and the chmodded file's bytes as waste.
    const a = await engine.images.analyze('runstage:ours');
    const junk = a.layers.find((l) => l.files.some((f) => f.path === 'junk/dir/f'))!;
    assert.deepEqual(junk.files.filter((f) => f.wasted).map((f) => [f.path, f.wasted!.reason, f.size]).sort(), [['junk/dir/f', 'deleted', 2]]);
    const copied = a.layers.find((l) => l.files.some((f) => f.path === 'src/app.txt'))!;
    assert.deepEqual(copied.files.filter((f) => f.wasted).map((f) => [f.path, f.wasted!.reason, f.size]), [['src/app.txt', 'metadata', 8]]);
  });
});
