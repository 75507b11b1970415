import * as assert from 'assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { slirpUsable } from '../../../client/src/engine/container/network';
import { makeBusyboxImage } from '../../support/images';
import { canRunContainers, CLI, cli, sleep, tempRoot, until } from '../../support/containers';

/** slirp4netns processes whose API socket is under `dir`. */
function slirpsUnder(dir: string): number[] {
  const out: number[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (path.basename(cmd[0]) === 'slirp4netns' && cmd.some((a) => a.startsWith(`--api-socket=${dir}/`))) out.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The default network leaves nothing behind: no socket file in the user's temp folder per
 * container or per build RUN step once it is done (the data root's network helper keeps its
 * own, one for all), and no slirp4netns process when the build whose RUN started it is killed. Each CLI gets its own TMPDIR, so the temp folder
 * holds this test's files only.
 */
describe('the default network leaves no sockets or slirp4netns processes behind', function () {
  this.timeout(120_000);
  let root: string;
  let cleanup: () => void;
  let tmp: string;
  let sockDir: string;
  const sv = (...args: string[]) => cli(root, args, { env: { TMPDIR: tmp } });
  const sockets = () => (fs.existsSync(sockDir) ? fs.readdirSync(sockDir).filter((n) => n.endsWith('.sock')) : []);

  before(async function () {
    assert.ok(canRunContainers() && slirpUsable(), 'these tests need root, runc or crun, slirp4netns and /dev/net/tun');
    ({ root, cleanup } = tempRoot('sv-leak-'));
    tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp);
    sockDir = path.join(tmp, `stevedore-${process.getuid!()}`);
    await makeBusyboxImage(root, 'busybox:latest');
  });
  after(() => {
    sv('builder', 'prune', '-f');
    cleanup();
  });

  it('containers run on the default network leave no socket file of their own (with and without --rm)', async () => {
    // The data root's network helper keeps its own (one slirp4netns for all containers); each
    // container must add nothing that outlives it.
    const first = sv('run', '--rm', 'busybox', 'true');
    assert.equal(first.status, 0, first.stderr);
    await sleep(500);
    const infra = sockets().sort();
    for (let i = 0; i < 3; i++) {
      const kept = sv('run', '--name', `kept${i}`, 'busybox', 'true');
      assert.equal(kept.status, 0, kept.stderr);
      assert.equal(sv('run', '--rm', 'busybox', 'true').status, 0);
    }
    await until(() => sockets().length <= infra.length, 10_000);
    assert.deepEqual(sockets().sort(), infra);
    assert.equal(sv('rm', 'kept0', 'kept1', 'kept2').status, 0);
    assert.deepEqual(sockets().sort(), infra);
  });

  it('a build RUN on the default network leaves no socket file and no slirp4netns', async () => {
    const ctx = path.join(root, 'ctx-ok');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox:latest\nRUN ip -o link show tap0 > /tap\n');
    const [socksBefore, slirpsBefore] = [sockets().sort(), slirpsUnder(sockDir).sort()];
    const b = sv('build', '-t', 'tapped:1', ctx);
    assert.equal(b.status, 0, b.stderr);
    assert.match(sv('run', '--rm', '--network', 'none', 'tapped:1', 'cat', '/tap').stdout, /tap0/);
    assert.deepEqual(sockets().sort(), socksBefore);
    assert.deepEqual(slirpsUnder(sockDir).sort(), slirpsBefore);
  });

  it('a build killed mid-RUN takes its slirp4netns with it, and leaves no socket file', async () => {
    const ctx = path.join(root, 'ctx-kill');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox:latest\nRUN echo started; sleep 60\n');
    const [socksBefore, slirpsBefore] = [sockets().sort(), slirpsUnder(sockDir).sort()];
    const build = spawn(process.execPath, [CLI, '--data-root', root, 'build', '--no-cache', ctx], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    build.stdout.on('data', (d) => (out += d));
    build.stderr.on('data', (d) => (out += d));
    await until(() => /started/.test(out) && slirpsUnder(sockDir).length === slirpsBefore.length + 1, 60_000);
    assert.equal(slirpsUnder(sockDir).length, slirpsBefore.length + 1, `the RUN's slirp4netns did not start: ${out}`);
    build.kill('SIGKILL');
    await new Promise((r) => build.once('close', r));
    await until(() => slirpsUnder(sockDir).length === slirpsBefore.length, 5_000);
    assert.deepEqual(slirpsUnder(sockDir).sort(), slirpsBefore, 'slirp4netns outlived the killed build');
    await sleep(100);
    assert.deepEqual(sockets().sort(), socksBefore);
  });
});
