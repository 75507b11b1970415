import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import type { BuildProgress } from '../../../client/src/engine/build/api';
import { DockerEngine } from '../../../client/src/engine/docker';
import type { BuildOptions } from '../../../client/src/engine/build/api';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { isEngineError } from '../../../client/src/core/errors';
import { canRunContainers, cli, tempRoot } from '../../support/containers';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';

/**
 * Builds through the DockerEngine on a real dockerd (Debian's 20.10, `--bridge=none`), with
 * BuildKit (POST /build?version=2, progress decoded from its protobuf trace messages, a session
 * for secrets) and with the classic builder when that is chosen. The base image is a busybox
 * made by the embedded engine and loaded into the daemon; nothing is pulled. RUN steps use
 * `network: 'none'` (`docker build --network none`): the daemon has no bridge to give them.
 *
 * The daemon's BuildKit (v0.8) has the Dockerfile 1.2 syntax built in: RUN --mount (cache, bind,
 * secret, tmpfs) yes, heredocs no; `# syntax=` to get a newer frontend would pull an image.
 */

const IMG = 'bk/busybox:1';

describe('DockerEngine builds with BuildKit and the classic builder (real dockerd)', function () {
  this.timeout(240_000);
  let dockerd: Dockerd;
  let root: string;
  let cleanup: () => void;
  const engines: DockerEngine[] = [];

  const engine = async (o: { builder?: 'auto' | 'buildkit' | 'classic'; env?: NodeJS.ProcessEnv } = {}): Promise<DockerEngine> => {
    const e = await DockerEngine.open({ host: dockerd.host, ...o });
    engines.push(e);
    return e;
  };

  /** A context folder with these files (a Dockerfile among them). */
  const context = (files: Record<string, string>): string => {
    const dir = fs.mkdtempSync(path.join(root, 'ctx-'));
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), body);
    }
    return dir;
  };

  /** `docker run --rm --network none IMAGE CMD...`'s stdout, through the docker CLI. */
  const runIn = (image: string, cmd: string[]) => dockerd.docker(['run', '--rm', '--network', 'none', image, ...cmd]);

  const build = async (e: DockerEngine, opts: Omit<BuildOptions, 'onProgress'>) => {
    const events: BuildProgress[] = [];
    const result = await e.build({ network: 'none', ...opts, onProgress: (p) => events.push(p) });
    return { result, events };
  };

  const rejection = async (p: Promise<unknown>): Promise<Error & { code?: string }> => {
    try {
      await p;
    } catch (e) {
      return e as Error;
    }
    assert.fail('expected the build to fail');
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc');
    ({ root, cleanup } = tempRoot('sv-buildkit-'));
    dockerd = await startDockerd();
    await makeBusyboxImage(root, IMG);
    const embedded = await EmbeddedEngine.open(root);
    try {
      const pipe = new PassThrough();
      const [, loaded] = await Promise.all([embedded.images.save([IMG], pipe), (await engine()).images.load(pipe)]);
      assert.deepEqual(loaded.tags, [IMG]);
    } finally {
      await embedded.dispose();
    }
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    await dockerd?.stop();
    cleanup?.();
  });

  it('auto picks BuildKit: the image has its tag, ENV/CMD/labels/workdir and files; RUN --mount=type=cache and bind work', async () => {
    const e = await engine();
    const ctx = context({
      Dockerfile: [
        `FROM ${IMG}`,
        'ENV GREETING=hello',
        'LABEL org.example.kind=buildkit-test',
        'WORKDIR /app',
        'COPY greeting.txt ./',
        'RUN --mount=type=cache,target=/cache echo "$GREETING from a cache mount" > /cache/note && cp /cache/note /app/from-cache',
        'RUN --mount=type=bind,source=greeting.txt,target=/mnt/g cat /mnt/g > /app/from-bind && echo bound',
        'CMD ["cat", "/app/greeting.txt"]',
        '',
      ].join('\n'),
      'greeting.txt': 'built with buildkit\n',
    });
    const { result, events } = await build(e, { context: ctx, tags: ['bk/app:1'] });
    const ins = await e.images.inspect('bk/app:1');
    assert.equal(result.id, ins.Id);
    assert.deepEqual(result.tags, ['bk/app:1']);
    assert.ok(ins.Config?.Env?.includes('GREETING=hello'), JSON.stringify(ins.Config?.Env));
    assert.deepEqual(ins.Config?.Cmd, ['cat', '/app/greeting.txt']);
    assert.equal(ins.Config?.Labels?.['org.example.kind'], 'buildkit-test');
    assert.equal(ins.Config?.WorkingDir, '/app');
    assert.equal(await runIn('bk/app:1', []), 'built with buildkit\n');
    assert.equal(await runIn('bk/app:1', ['cat', '/app/from-cache', '/app/from-bind']), 'hello from a cache mount\nbuilt with buildkit\n');
    // What the cache mount holds is not part of the image (BuildKit leaves only the empty mount point).
    assert.equal(await runIn('bk/app:1', ['sh', '-c', 'ls -A /cache | wc -l']), '0\n');

    // Progress: BuildKit's vertex names, each step started and done, on its Dockerfile lines; RUN output as lines.
    const started = events.filter((p) => p.status === 'start').map((p) => p.name);
    assert.ok(started.some((n) => /^\[(?:stage-0 )?1\/\d+\] FROM docker\.io\/bk\/busybox:1$/.test(n)), started.join(' | '));
    const cacheRun = events.find((p) => p.status === 'start' && /^\[(?:stage-0 )?\d+\/\d+\] RUN --mount=type=cache/.test(p.name));
    assert.ok(cacheRun, started.join(' | '));
    assert.equal(cacheRun.startLine, 5, 'the cache RUN is line 6 of the Dockerfile');
    assert.ok(cacheRun.total >= cacheRun.step && cacheRun.step > 0, JSON.stringify(cacheRun));
    assert.ok(events.some((p) => p.status === 'done' && p.name === cacheRun.name), 'the step is reported done');
    const out = events.find((p) => p.status === 'output' && p.message === 'bound');
    assert.ok(out, `RUN output as a line: ${JSON.stringify(events.filter((p) => p.status === 'output'))}`);
    assert.equal(out.startLine, 6);
    assert.ok(events.some((p) => p.status === 'start' && /\] COPY greeting\.txt \.\/$/.test(p.name) && p.startLine === 4));
    // The steps of the result, as the classic path gives them.
    const runStep = result.steps.find((s) => /^RUN --mount=type=bind/.test(s.instruction));
    assert.ok(runStep, JSON.stringify(result.steps));
    assert.equal(runStep.startLine, 6);
    assert.equal(runStep.cached, false);

    // The cache mount outlives the build: the next build (another RUN) finds what the first left there.
    const again = context({ Dockerfile: `FROM ${IMG}\nRUN --mount=type=cache,target=/cache cp /cache/note /kept\n` });
    await build(e, { context: again, tags: ['bk/app:2'] });
    assert.equal(await runIn('bk/app:2', ['cat', '/kept']), 'hello from a cache mount\n');

    // The same build again: every step from BuildKit's cache, reported as cached; the same image.
    const rebuilt = await build(e, { context: ctx, tags: ['bk/app:1'] });
    assert.equal(rebuilt.result.id, result.id);
    assert.ok(rebuilt.events.some((p) => p.status === 'cached' && /RUN --mount=type=cache/.test(p.name)), 'cached steps say so');
    assert.ok(rebuilt.result.steps.filter((s) => /^RUN/.test(s.instruction)).every((s) => s.cached));
  });

  it('multi-stage: steps map to their stage and lines; --target builds the named stage; COPY --from works', async () => {
    const e = await engine({ builder: 'buildkit' });
    const ctx = context({
      Dockerfile: [
        `FROM ${IMG} AS base`,
        'RUN echo base > /base.txt',
        '',
        `FROM ${IMG} AS final`,
        'COPY --from=base /base.txt /copied.txt',
        'RUN cat /copied.txt > /final.txt',
        '',
      ].join('\n'),
    });
    const { result, events } = await build(e, { context: ctx, tags: ['bk/multi:1'] });
    assert.equal(await runIn('bk/multi:1', ['cat', '/final.txt']), 'base\n');
    const baseRun = events.find((p) => p.status === 'start' && /^\[base 2\/2\] RUN echo base/.test(p.name));
    assert.ok(baseRun, events.map((p) => p.name).join(' | '));
    assert.equal(baseRun.startLine, 1);
    const finalRun = events.find((p) => p.status === 'start' && /^\[final 3\/3\] RUN cat/.test(p.name));
    assert.ok(finalRun);
    assert.equal(finalRun.startLine, 5);
    assert.deepEqual(result.steps.filter((s) => /^RUN/.test(s.instruction)).map((s) => [s.stage, s.startLine]).sort(), [[0, 1], [1, 5]]);

    await build(e, { context: ctx, tags: ['bk/multi:base'], target: 'base' });
    assert.equal(await runIn('bk/multi:base', ['sh', '-c', 'cat /base.txt; test -e /final.txt || echo no-final']), 'base\nno-final\n');
  });

  it('a failing RUN rejects with the step, its line and the exit code; the step reports the error', async () => {
    const e = await engine({ builder: 'buildkit' });
    const ctx = context({ Dockerfile: `FROM ${IMG}\nRUN echo before\nRUN echo failing >&2; exit 3\n` });
    const events: BuildProgress[] = [];
    const err = await rejection(e.build({ context: ctx, tags: ['bk/fail:1'], network: 'none', onProgress: (p) => events.push(p) }));
    assert.ok(isEngineError(err, 'invalid-argument'), `${err.code}: ${err.message}`);
    assert.match(err.message, /RUN echo failing >&2; exit 3/);
    assert.match(err.message, /line 3/);
    assert.match(err.message, /exit code: 3/);
    const failed = events.find((p) => p.status === 'error');
    assert.ok(failed, JSON.stringify(events));
    assert.equal(failed.startLine, 2);
    assert.match(failed.message ?? '', /exit code: 3/);
    assert.ok(events.some((p) => p.status === 'output' && p.message === 'failing' && p.startLine === 2), 'its stderr is shown');
    await assert.rejects(e.images.inspect('bk/fail:1'), (x: unknown) => isEngineError(x, 'not-found'));
  });

  it('a Dockerfile error (unknown flag, heredoc on this 1.2 frontend) is the daemon\'s message as invalid-argument', async () => {
    const e = await engine({ builder: 'buildkit' });
    const ctx = context({ Dockerfile: `FROM ${IMG}\nRUN <<EOT\necho heredoc > /h\nEOT\n` });
    const err = await rejection(e.build({ context: ctx, network: 'none' }));
    assert.ok(isEngineError(err, 'invalid-argument'), err.message);
    assert.match(err.message, /dockerfile parse error line 3: unknown instruction: ECHO/i);
  });

  it('secrets: RUN --mount=type=secret reads the --secret file through the session (and it stays out of the image)', async () => {
    const e = await engine();
    const secret = path.join(root, 'token.txt');
    const value = crypto.randomBytes(12).toString('hex');
    fs.writeFileSync(secret, value);
    const ctx = context({
      Dockerfile: [
        `FROM ${IMG}`,
        // A pause first: the session must survive BuildKit's health checks (every second) while the build runs.
        'RUN sleep 3',
        'RUN --mount=type=secret,id=token sha256sum /run/secrets/token | cut -d" " -f1 > /token.sha',
        '',
      ].join('\n'),
    });
    await build(e, { context: ctx, tags: ['bk/secret:1'], secrets: { token: secret } });
    const sha = crypto.createHash('sha256').update(value).digest('hex');
    assert.equal(await runIn('bk/secret:1', ['sh', '-c', 'cat /token.sha; ls /run/secrets 2>/dev/null | wc -l']), `${sha}\n0\n`);
    assert.ok(!(await dockerd.docker(['history', '--no-trunc', 'bk/secret:1'])).includes(value), 'the value is not in the history');

    // A required secret that was not given fails the step, naming it.
    const missing = context({ Dockerfile: `FROM ${IMG}\nRUN --mount=type=secret,id=absent,required cat /run/secrets/absent\n` });
    const err = await rejection(e.build({ context: missing, network: 'none' }));
    assert.ok(isEngineError(err, 'invalid-argument'), err.message);
    assert.match(err.message, /secret absent/);

    // The classic builder has no secrets: a clear refusal, before anything is sent.
    const classic = await rejection(e.build({ context: ctx, builder: 'classic', network: 'none', secrets: { token: secret } }));
    assert.ok(isEngineError(classic, 'unavailable'), classic.message);
    assert.match(classic.message, /secrets.*need BuildKit/);
  });

  it('the classic builder when chosen (engine option, DOCKER_BUILDKIT=0): Step n/m progress, the same config, no RUN --mount', async () => {
    const ctx = context({
      Dockerfile: `FROM ${IMG}\nENV MODE=classic\nRUN echo "$MODE" > /mode\nCMD ["cat", "/mode"]\n`,
    });
    for (const e of [await engine({ builder: 'classic' }), await engine({ env: { ...process.env, DOCKER_BUILDKIT: '0' } })]) {
      const tag = `bk/classic:${engines.indexOf(e)}`;
      const { result, events } = await build(e, { context: ctx, tags: [tag] });
      assert.equal(result.id, (await e.images.inspect(tag)).Id);
      assert.equal(await runIn(tag, []), 'classic\n');
      const started = events.filter((p) => p.status === 'start');
      assert.deepEqual(started.map((p) => [p.step, p.total, p.name, p.startLine]), [
        [1, 4, `FROM ${IMG}`, 0], [2, 4, 'ENV MODE=classic', 1], [3, 4, 'RUN echo "$MODE" > /mode', 2], [4, 4, 'CMD ["cat", "/mode"]', 3],
      ]);
      // BuildKit-only syntax is refused by the classic builder: it really is the one building.
      const mount = context({ Dockerfile: `FROM ${IMG}\nRUN --mount=type=cache,target=/c true\n` });
      const err = await rejection(e.build({ context: mount, network: 'none' }));
      assert.ok(isEngineError(err, 'invalid-argument'), err.message);
      assert.match(err.message, /the --mount option requires BuildKit/);
    }
    // A per-build choice wins over the engine's.
    const kit = await build(await engine({ builder: 'classic' }), { context: ctx, builder: 'buildkit', tags: ['bk/classic:kit'] });
    assert.ok(kit.events.some((p) => /^\[(?:stage-0 )?\d+\/\d+\] RUN/.test(p.name)), kit.events.map((p) => p.name).join(' | '));
  });

  it('the CLI in docker mode: DOCKER_BUILDKIT=1 builds with BuildKit, =0 with the classic builder, anything else is refused', () => {
    const ctx = context({ Dockerfile: `FROM ${IMG}\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n`, 'hello.txt': 'from the cli\n' });
    const dock = (env: string) => cli(root, ['--engine', 'docker', '--host', dockerd.host, 'build', '-t', 'bk/cli:1', ctx], { env: { DOCKER_BUILDKIT: env }, timeout: 120_000 });
    const kit = dock('1');
    assert.equal(kit.status, 0, kit.stderr);
    assert.match(kit.stdout, /^\[(?:stage-0 )?1\/2\] FROM docker\.io\/bk\/busybox:1$/m);
    assert.match(kit.stdout, /^\[(?:stage-0 )?2\/2\] COPY hello\.txt \/hello\.txt$/m);
    assert.match(kit.stdout, /^Successfully tagged bk\/cli:1$/m);
    const classic = dock('0');
    assert.equal(classic.status, 0, classic.stderr);
    assert.match(classic.stdout, /^FROM bk\/busybox:1$/m);
    assert.match(classic.stdout, /^COPY hello\.txt \/hello\.txt$/m);
    assert.doesNotMatch(classic.stdout, /^\[/m);
    const bad = dock('maybe');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /DOCKER_BUILDKIT environment variable expects boolean value/);
  });
});
