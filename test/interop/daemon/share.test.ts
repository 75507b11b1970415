import * as assert from 'assert/strict';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { serveOrReuse, servedRoot, sharedSocketCandidates, socketAnswers } from '../../../client/src/daemon/index';
import { openEmbeddedEngine } from '../../../client/src/engine/embedded';
import type { Engine } from '../../../client/src/engine/engine';
import { tempRoot } from '../../support/containers';
import { run, startService } from '../../support/daemon';
import { exited } from '../../support/process';

/**
 * What VS Code does with the API socket (client/src/ui/dockerApi.ts through serveOrReuse): serve
 * it, or reuse one already served for the same data root by another process (a window, a
 * `stevedore system service`) without unlinking or binding it; replace a socket file nobody
 * listens on; leave alone a socket another data root's engine or a busy process holds. Real
 * processes on real unix sockets; the docker 28 CLI checks what answers.
 */
const DOCKER = '/usr/local/bin/docker';

/** A node process listening on `socket` that accepts connections and never answers (a busy server). */
async function silentHolder(socket: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer(() => {}).listen(${JSON.stringify(socket)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

/** A socket file whose listener was killed (SIGKILL leaves the file behind): what a crashed window leaves. */
async function staleSocket(socket: string): Promise<void> {
  const child = await silentHolder(socket);
  child.kill('SIGKILL');
  await exited(child, 5000);
  assert.ok(fs.lstatSync(socket).isSocket());
}

/** A socket file's identity: the inode number and its birth time (a freed inode number comes back at once). */
function identity(socket: string): string {
  const st = fs.lstatSync(socket, { bigint: true });
  return `${st.ino}@${st.birthtimeNs}`;
}

/** Whether the kernel accepts a connection on `socket` (somebody listens, answering or not). */
function accepts(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(socket);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('the API socket VS Code serves: serve, reuse one already served, replace a stale one (real processes and sockets)', function () {
  this.timeout(120_000);
  let root: ReturnType<typeof tempRoot>;
  let other: ReturnType<typeof tempRoot>;
  let engine: Engine;
  let dir: string;
  let sock: string;
  let spare: string;
  const children: ChildProcess[] = [];

  before(async () => {
    root = tempRoot('sv-share-');
    other = tempRoot('sv-share-other-');
    engine = await openEmbeddedEngine(root.root);
  });
  after(async () => {
    await engine?.dispose();
    root?.cleanup();
    other?.cleanup();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-share-sock-'));
    sock = path.join(dir, 'a', 'docker.sock');
    spare = path.join(dir, 'b', 'docker.sock');
    fs.mkdirSync(path.dirname(sock), { mode: 0o700 });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.kill('SIGKILL');
      await exited(c, 5000);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reuses the socket a stevedore system service serves for the same data root: neither unlinked nor bound here; once the service is killed, the stale file is replaced and served here', async () => {
    const service = await startService(root.root, { socket: sock });
    let served: Awaited<ReturnType<typeof serveOrReuse>> | undefined;
    try {
      const before = identity(sock);
      const r = await serveOrReuse(engine, [sock, spare]);
      assert.deepEqual({ socket: r.socket, servedBy: r.servedBy, server: r.server }, { socket: sock, servedBy: 'elsewhere', server: undefined });
      assert.equal(identity(sock), before, 'the socket file was replaced');
      assert.equal(fs.existsSync(spare), false);
      // The service still answers there, and it is the only one: killed, nothing answers.
      assert.equal((await run(DOCKER, ['info', '--format', '{{.DockerRootDir}}'], { host: `unix://${sock}` })).stdout.trim(), root.root);
      await service.kill();
      assert.ok(fs.lstatSync(sock).isSocket(), 'SIGKILL leaves the socket file');
      assert.equal(await accepts(sock), false, 'something in this process listens on the reused socket');

      served = await serveOrReuse(engine, [sock, spare]);
      assert.equal(served.servedBy, 'here');
      assert.equal(served.socket, sock);
      assert.notEqual(identity(sock), before, 'the stale file was not replaced');
      const v = await run(DOCKER, ['info', '--format', '{{.DockerRootDir}}'], { host: `unix://${sock}` });
      assert.equal(v.stdout.trim(), root.root, v.stderr);
    } finally {
      await service.stop();
      await served?.server?.close();
    }
  });

  it("leaves a socket another data root's service serves alone and serves on the next candidate", async () => {
    const service = await startService(other.root, { socket: sock });
    let served: Awaited<ReturnType<typeof serveOrReuse>> | undefined;
    try {
      const before = identity(sock);
      served = await serveOrReuse(engine, [sock, spare]);
      assert.equal(served.servedBy, 'here');
      assert.equal(served.socket, spare);
      assert.equal(identity(sock), before);
      assert.equal(await servedRoot(sock), other.root);
      assert.equal((await run(DOCKER, ['info', '--format', '{{.DockerRootDir}}'], { host: `unix://${spare}` })).stdout.trim(), root.root);
      // Every candidate taken: a clear refusal naming the socket and why.
      await assert.rejects(() => serveOrReuse(engine, [sock]), new RegExp(`^Error: not served: ${sock.replace(/[.]/g, '\\.')} serves another data root \\(${other.root.replace(/[.]/g, '\\.')}\\)$`));
    } finally {
      await served?.server?.close();
      await service.stop();
    }
  });

  it('does not take a socket from a process that holds it but does not answer in time (a busy window)', async () => {
    children.push(await silentHolder(sock));
    const before = identity(sock);
    await assert.rejects(() => serveOrReuse(engine, [sock]), /not served: .*another service already listens on/);
    assert.equal(identity(sock), before, 'the busy process lost its socket file');
    assert.equal(await accepts(sock), true);
    assert.equal(await socketAnswers(sock), false);
  });

  it('two servers racing for one stale socket: one serves it, the other reports reuse, and the socket stays the one that answers', async () => {
    await staleSocket(sock);
    const [a, b] = await Promise.all([serveOrReuse(engine, [sock]), serveOrReuse(engine, [sock])]);
    try {
      assert.deepEqual([a.servedBy, b.servedBy].sort(), ['elsewhere', 'here']);
      const here = a.server ?? b.server;
      assert.ok(here);
      assert.equal((await run(DOCKER, ['info', '--format', '{{.DockerRootDir}}'], { host: `unix://${sock}` })).stdout.trim(), root.root);
      // The socket the path names is the serving one's: closed, nothing is left listening there.
      await here.close();
      assert.equal(await accepts(sock), false);
    } finally {
      await a.server?.close();
      await b.server?.close();
    }
  });

  it('the candidates: the per-user socket under XDG_RUNTIME_DIR, then the one under the data root', () => {
    assert.deepEqual(sharedSocketCandidates('/srv/root', { XDG_RUNTIME_DIR: dir }), [path.join(dir, 'stevedore', 'docker.sock'), '/srv/root/run/docker.sock']);
    assert.deepEqual(sharedSocketCandidates('/srv/root', {}), ['/srv/root/run/docker.sock']);
  });
});
