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
 * The default network (slirp4netns) leaves nothing behind: no API socket file in the user's
 * temp folder once a container or a build's RUN step is done, and no slirp4netns process when
 * the build that started it is killed mid-RUN. Each CLI gets its own TMPDIR, so the temp folder
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

  it('a container run on the default network leaves no socket file once it has exited (with and without --rm)', async () => {
    const kept = sv('run', '--name', 'kept', 'busybox', 'ip', '-o', 'link', 'show', 'tap0');
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(kept.stdout, /tap0/);
    const removed = sv('run', '--rm', 'busybox', 'ip', '-o', 'link', 'show', 'tap0');
    assert.match(removed.stdout, /tap0/);
    await until(() => sockets().length === 0 && slirpsUnder(sockDir).length === 0, 10_000);
    assert.equal(sv('rm', 'kept').status, 0);
    assert.deepEqual(sockets(), []);
  });

  it('a build RUN on the default network leaves no socket file and no slirp4netns', async () => {
    const ctx = path.join(root, 'ctx-ok');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox:latest\nRUN ip -o link show tap0 > /tap\n');
    const b = sv('build', '-t', 'tapped:1', ctx);
    assert.equal(b.status, 0, b.stderr);
    assert.match(sv('run', '--rm', '--network', 'none', 'tapped:1', 'cat', '/tap').stdout, /tap0/);
    assert.deepEqual(sockets(), []);
    assert.deepEqual(slirpsUnder(sockDir), []);
  });

  it('a build killed mid-RUN takes its slirp4netns with it, and leaves no socket file', async () => {
    const ctx = path.join(root, 'ctx-kill');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM busybox:latest\nRUN echo started; sleep 60\n');
    const build = spawn(process.execPath, [CLI, '--data-root', root, 'build', '--no-cache', ctx], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    build.stdout.on('data', (d) => (out += d));
    build.stderr.on('data', (d) => (out += d));
    await until(() => /started/.test(out) && slirpsUnder(sockDir).length === 1, 60_000);
    build.kill('SIGKILL');
    await new Promise((r) => build.once('close', r));
    await until(() => slirpsUnder(sockDir).length === 0, 5_000).catch(() => undefined);
    assert.deepEqual(slirpsUnder(sockDir), [], 'slirp4netns outlived the killed build');
    await sleep(100);
    assert.deepEqual(sockets(), []);
  });
});
