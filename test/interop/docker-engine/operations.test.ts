import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable } from 'stream';
import * as tar from 'tar-stream';
import { DockerEngine } from '../../../client/src/engine/docker';
import { modemOptions, resolveEndpoint } from '../../../client/src/engine/docker/connection';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import type { EngineEvent } from '../../../client/src/engine/events';
import { canRunContainers, CLI, cli, tempRoot, until } from '../../support/containers';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { busyboxRootfsTar, makeBusyboxImage, PASSWD } from '../../support/images';
import { IMG, rejectsWith, seedImage } from './contract';

/**
 * The DockerEngine operations the shared contract (contract.ts) does not reach, each against a
 * real dockerd (Debian's 20.10, `--bridge=none`) and asserted by what the daemon then shows:
 * image history/import/prune, the container lifecycle beyond create/start/stop (pause, unpause,
 * restart, kill, rename, prune), logs that follow, exec and attach with a TTY, export, cp both
 * ways, top, port, volume prune, image events; the CLI in docker mode (`build --network`,
 * `run -it` / `exec -it` in a pseudo-terminal made by util-linux `script`); npipe:// parsing.
 * The busybox image is made in a temp embedded engine and streamed into the daemon (seedImage).
 */

/** A Writable that keeps what it is given, as text. */
function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (d: Buffer) => parts.push(d));
  return { stream, text: () => Buffer.concat(parts).toString('utf8') };
}

/** A tar stream's regular files and symlinks: name -> contents. */
async function untar(fill: (out: PassThrough) => Promise<void>): Promise<Map<string, string>> {
  const ex = tar.extract();
  const files = new Map<string, string>();
  ex.on('entry', (h, body, next) => {
    const parts: Buffer[] = [];
    body.on('data', (d: unknown) => void parts.push(d as Buffer));
    body.on('end', () => {
      files.set(h.name.replace(/^\.?\//, ''), h.type === 'symlink' ? `-> ${h.linkname}` : Buffer.concat(parts).toString('utf8'));
      next();
    });
    body.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  const out = new PassThrough();
  out.pipe(ex);
  await fill(out);
  await done;
  return files;
}

function tarOf(files: Record<string, string>): Readable {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name, mode: 0o644 }, body);
  pack.finalize();
  return pack as unknown as Readable;
}

const unique = (p: string) => `${p}-${crypto.randomBytes(4).toString('hex')}`;

describe('DockerEngine operations on a real dockerd', function () {
  this.timeout(120_000);
  let dockerd: Dockerd;
  let root: string;
  let cleanup: () => void;
  let engine: DockerEngine;
  const created: string[] = [];

  type CreateOptions = Parameters<DockerEngine['containers']['create']>[0];
  /** A container of the busybox image (no network) that `after` removes; `cmd` undefined runs the image's CMD. */
  const run = async (cmd: string[] | undefined, extra: Partial<CreateOptions> = {}) => {
    const { Id } = await engine.containers.create({ image: IMG, ...(cmd ? { cmd } : {}), network: 'none', ...extra });
    created.push(Id);
    return Id;
  };
  const started = async (cmd: string[] | undefined, extra: Partial<CreateOptions> = {}) => {
    const id = await run(cmd, extra);
    await engine.containers.start(id);
    return id;
  };
  const logsOf = async (id: string) => {
    let out = '';
    for await (const l of engine.containers.logs(id)) out += l.line.toString();
    return out;
  };

  before(async function () {
    this.timeout(180_000);
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc (npm test installs runc)');
    ({ root, cleanup } = tempRoot('sv-ops-'));
    dockerd = await startDockerd();
    await makeBusyboxImage(root, IMG);
    const embedded = await EmbeddedEngine.open(root);
    engine = await DockerEngine.open({ host: dockerd.host });
    try {
      await seedImage(embedded, engine);
    } finally {
      await embedded.dispose();
    }
  });
  after(async () => {
    for (const id of created) await engine?.containers.remove(id, { force: true }).catch(() => undefined);
    await engine?.dispose();
    await dockerd?.stop();
    cleanup?.();
  });

  describe('images', () => {
    it('history of a committed image: the new step first (its own ID, comment, bytes), then the base image', async () => {
      const c = await started(['sh', '-c', 'echo committed > /made']);
      await engine.containers.wait(c);
      const ref = `ops/history:${crypto.randomBytes(3).toString('hex')}`;
      const { Id } = await engine.containers.commit(c, { reference: ref, message: 'made by ops', author: 'ops test', changes: ['CMD ["cat", "/made"]', 'ENV OPS=1'] });
      const base = (await engine.images.inspect(IMG)).Id;
      const img = await engine.images.inspect(ref);
      assert.equal(img.Id, Id);
      assert.equal(img.Author, 'ops test');
      assert.deepEqual(img.Config?.Cmd, ['cat', '/made']);
      assert.ok(img.Config?.Env?.includes('OPS=1'), JSON.stringify(img.Config?.Env));
      const hist = await engine.images.history(ref);
      assert.equal(hist[0].id, Id);
      assert.deepEqual(hist[0].tags, [ref]);
      assert.equal(hist[0].comment, 'made by ops');
      assert.ok(hist[0].size > 0 && !hist[0].emptyLayer, `the commit's layer has bytes: ${hist[0].size}`);
      assert.match(hist[0].created, /^\d{4}-\d\d-\d\dT/);
      const baseRow = hist.findIndex((h) => h.id === base);
      assert.ok(baseRow > 0, `the base image is a row of its own: ${JSON.stringify(hist.map((h) => h.id))}`);
      assert.ok(hist.slice(baseRow).some((h) => /ADD file:busybox-static/.test(h.createdBy)));
      const check = await started(undefined, { image: ref });
      await engine.containers.wait(check);
      assert.equal(await logsOf(check), 'committed\n', 'the committed CMD runs');
    });

    it('import: a root filesystem tar becomes an image with the reference, message and changes given; it runs', async () => {
      const ref = `ops/imported:${crypto.randomBytes(3).toString('hex')}`;
      const input = Readable.from([await busyboxRootfsTar({ 'etc/imported': 'yes\n' })]);
      const { id } = await engine.images.import(input, { reference: ref, message: 'imported by ops', changes: ['CMD ["cat", "/etc/passwd", "/etc/imported"]', 'ENV IMPORTED=1'] });
      assert.match(id, /^sha256:[0-9a-f]{64}$/);
      const img = await engine.images.inspect(ref);
      assert.equal(img.Id, id);
      assert.deepEqual(img.Config?.Cmd, ['cat', '/etc/passwd', '/etc/imported']);
      assert.ok(img.Config?.Env?.includes('IMPORTED=1'));
      assert.equal(img.RootFS.Layers.length, 1);
      assert.equal((await engine.images.history(ref))[0].comment, 'imported by ops');
      const c = await started(undefined, { image: ref });
      assert.equal((await engine.containers.wait(c)).StatusCode, 0);
      assert.equal(await logsOf(c), `${PASSWD}yes\n`);
      await rejectsWith(engine.images.import(Readable.from([Buffer.from('not a tar at all')]), { reference: 'ops/broken:1' }), 'internal', 'import of something that is not a tar');
    });

    it('prune: dangling images go; with all, unused tagged ones (label filter) are untagged and deleted; used ones stay', async () => {
      const c = await started(['sh', '-c', `echo ${crypto.randomBytes(4).toString('hex')} > /p`]);
      await engine.containers.wait(c);
      const { Id: dangling } = await engine.containers.commit(c);
      assert.deepEqual((await engine.images.inspect(dangling)).RepoTags, []);
      assert.ok((await engine.images.list({ filters: { dangling: ['true'] } })).some((r) => r.id === dangling));
      const tagged = `ops/prunable:${crypto.randomBytes(3).toString('hex')}`;
      const { Id: taggedId } = await engine.containers.commit(c, { reference: tagged, changes: ['LABEL ops.prune=yes'] });
      const kept = `ops/kept:${crypto.randomBytes(3).toString('hex')}`;
      const { Id: keptId } = await engine.containers.commit(c, { reference: kept, changes: ['LABEL ops.prune=yes'] });
      await run(['true'], { image: kept }); // a container uses it

      const first = await engine.images.prune();
      assert.ok(first.deleted.includes(dangling), `dangling pruned: ${JSON.stringify(first)}`);
      await rejectsWith(engine.images.inspect(dangling), 'not-found', 'the pruned dangling image');
      assert.equal((await engine.images.inspect(tagged)).Id, taggedId, 'a tagged image is not dangling');

      const all = await engine.images.prune({ all: true, filters: { label: ['ops.prune=yes'] } });
      assert.deepEqual(all.untagged, [tagged]);
      assert.ok(all.deleted.includes(taggedId), JSON.stringify(all));
      await rejectsWith(engine.images.inspect(tagged), 'not-found', 'the pruned unused image');
      assert.equal((await engine.images.inspect(kept)).Id, keptId, 'an image a container uses stays');
      assert.equal((await engine.images.inspect(IMG)).RepoTags.includes(IMG), true, 'images without the label stay');
    });

    it('remove: an image a container uses is a conflict; by ID with force it is deleted', async () => {
      const c = await started(['sh', '-c', 'echo x > /r']);
      await engine.containers.wait(c);
      const ref = `ops/removable:${crypto.randomBytes(3).toString('hex')}`;
      const { Id } = await engine.containers.commit(c, { reference: ref });
      await run(['true'], { image: ref });
      await rejectsWith(engine.images.remove(Id), 'conflict', 'remove of an image a container uses');
      const r = await engine.images.remove(Id, { force: true });
      assert.deepEqual(r.untagged, [ref]);
      assert.deepEqual(r.deleted, [Id]);
      await rejectsWith(engine.images.inspect(ref), 'not-found', 'the removed image');
    });

    it('df: the images, containers and volumes the daemon holds', async () => {
      const d = await engine.system.df();
      assert.equal(d.images.total, (await engine.images.list()).length);
      assert.ok(d.images.size > 0);
      assert.equal(d.containers.total, (await engine.containers.list({ all: true })).length);
      assert.equal(d.volumes.total, (await engine.volumes.list()).length);
    });

    it('events: tag and untag reach listeners as image.tagged and image.untagged', async () => {
      const seen: EngineEvent[] = [];
      const sub = engine.onEvent((e) => seen.push(e));
      try {
        await until(() => engine.connected, 10_000);
        const ref = `ops/evented:${crypto.randomBytes(3).toString('hex')}`;
        await engine.images.tag(IMG, ref);
        await engine.images.remove(ref);
        const id = (await engine.images.inspect(IMG)).Id;
        const got = await until(() => {
          const t = seen.filter((e) => e.id === id).map((e) => e.type);
          return t.includes('image.untagged') ? t : undefined;
        }, 15_000);
        assert.deepEqual(got, ['image.tagged', 'image.untagged']);
      } finally {
        sub.dispose();
      }
    });
  });

  describe('containers', () => {
    it('pause and unpause; restart (a new process); kill with a signal and by default; stop with a signal; rename', async () => {
      // The shell exits 42 on TERM; a KILL gives 137.
      const id = await started(['sh', '-c', 'trap "exit 42" TERM; while true; do sleep 0.1; done']);
      await engine.containers.pause(id);
      let s = (await engine.containers.inspect(id)).State;
      assert.equal(s.Status, 'paused');
      assert.equal(s.Paused, true);
      assert.ok((await engine.containers.list({ filters: { status: ['paused'] } })).some((c) => c.Id === id));
      await rejectsWith(engine.containers.exec(id, { cmd: ['true'] }), 'conflict', 'exec in a paused container');
      await engine.containers.unpause(id);
      s = (await engine.containers.inspect(id)).State;
      assert.equal(s.Status, 'running');
      assert.equal(s.Paused, false);

      const before = (await engine.containers.inspect(id)).State;
      await engine.containers.restart(id, { timeout: 5 });
      const after = (await engine.containers.inspect(id)).State;
      assert.equal(after.Running, true);
      assert.notEqual(after.Pid, before.Pid, 'a new process');
      assert.ok(after.StartedAt > before.StartedAt, `started again: ${before.StartedAt} -> ${after.StartedAt}`);
      // restart stops with TERM: the trap made the old process exit 42.
      assert.equal(after.ExitCode, 0);

      const waited = engine.containers.wait(id);
      // Let the trap be set up in the restarted shell.
      await new Promise((r) => setTimeout(r, 300));
      await engine.containers.kill(id, 'TERM');
      assert.deepEqual(await waited, { StatusCode: 42 });
      await engine.containers.start(id);
      await engine.containers.kill(id);
      assert.deepEqual(await engine.containers.wait(id), { StatusCode: 137 });
      await rejectsWith(engine.containers.kill(id), 'conflict', 'kill of a stopped container');
      // stop with a signal of its own (docker stop -s; API 1.41 has no ?signal=, so the engine sends it and waits).
      await engine.containers.start(id);
      await new Promise((r) => setTimeout(r, 300));
      await engine.containers.stop(id, { signal: 'TERM', timeout: 10 });
      assert.equal((await engine.containers.inspect(id)).State.ExitCode, 42);

      const name = unique('ops-renamed');
      await engine.containers.rename(id, name);
      const renamed = await engine.containers.inspect(name);
      assert.equal(renamed.Id, id);
      assert.equal(renamed.Name, `/${name}`);
      const other = await run(['true'], { name: unique('ops-other') });
      await rejectsWith(engine.containers.rename(other, name), 'conflict', 'rename to a name in use');
    });

    it('prune removes stopped containers and keeps running ones', async () => {
      const stopped = await started(['true']);
      await engine.containers.wait(stopped);
      const running = await started(['sleep', '300']);
      const r = await engine.containers.prune();
      assert.ok(r.ContainersDeleted.includes(stopped), JSON.stringify(r));
      assert.ok(!r.ContainersDeleted.includes(running));
      await rejectsWith(engine.containers.inspect(stopped), 'not-found', 'the pruned container');
      assert.equal((await engine.containers.inspect(running)).State.Running, true);
    });

    it('logs: follow yields lines while the container runs and ends when it exits; tail; an abort ends a follow', async () => {
      const id = await started(['sh', '-c', 'for i in 1 2 3 4 5; do echo line $i; echo err $i >&2; sleep 0.3; done']);
      const got: Array<{ text: string; running: boolean }> = [];
      for await (const l of engine.containers.logs(id, { follow: true })) {
        got.push({ text: `${l.stream}:${l.line.toString().trim()}`, running: got.length ? got[got.length - 1].running : (await engine.containers.inspect(id)).State.Running });
      }
      assert.deepEqual(got.filter((g) => g.text.startsWith('stdout')).map((g) => g.text), [1, 2, 3, 4, 5].map((i) => `stdout:line ${i}`));
      assert.deepEqual(got.filter((g) => g.text.startsWith('stderr')).map((g) => g.text), [1, 2, 3, 4, 5].map((i) => `stderr:err ${i}`));
      assert.equal(got[0].running, true, 'the first line arrived while the container still ran');
      assert.equal((await engine.containers.inspect(id)).State.Running, false, 'the follow ended with the container');

      const tail: string[] = [];
      for await (const l of engine.containers.logs(id, { tail: 2 })) tail.push(l.line.toString().trim());
      assert.equal(tail.length, 2);

      const long = await started(['sh', '-c', 'echo first; sleep 300']);
      const ac = new AbortController();
      const lines: string[] = [];
      const t0 = Date.now();
      for await (const l of engine.containers.logs(long, { follow: true, signal: ac.signal })) {
        lines.push(l.line.toString());
        ac.abort();
      }
      assert.deepEqual(lines, ['first\n']);
      assert.ok(Date.now() - t0 < 10_000, 'the abort ended the follow');
    });

    it('exec with a TTY: a terminal of the size given, input through it, the exit code', async () => {
      const id = await started(['sleep', '300']);
      const stdin = new PassThrough();
      const out = collector();
      const err = collector();
      // Typed ahead, before the shell runs: the terminal has its size before the shell reads any of it.
      stdin.write('busybox tty; busybox stty size; test -t 1 && echo stdout-is-a-tty; exit 5\n');
      const r = await engine.containers.exec(id, { cmd: ['sh'], tty: true, stdin, stdout: out.stream, stderr: err.stream, terminal: { cols: 101, rows: 31 } });
      assert.equal(r.ExitCode, 5);
      const text = out.text();
      assert.match(text, /\/dev\/pts\/\d+\r\n/);
      assert.match(text, /31 101\r\n/);
      assert.match(text, /stdout-is-a-tty\r\n/);
      assert.equal(err.text(), '', 'a TTY has one stream');
    });

    it('attach with a TTY: input reaches the shell, output comes back, the exit status; run -it (startAttached) too', async () => {
      const id = await started(['sh'], { tty: true, openStdin: true });
      const stdin = new PassThrough();
      const out = collector();
      stdin.write('busybox stty size; echo attached-$((6*7)); exit 6\n');
      assert.deepEqual(await engine.containers.attach(id, { stdin, stdout: out.stream, terminal: { cols: 90, rows: 20 } }), { StatusCode: 6 });
      assert.match(out.text(), /20 90\r\n/);
      assert.match(out.text(), /attached-42\r\n/);

      // Typed ahead of the start (run -it): it reaches the shell once its terminal has the caller's size.
      const fresh = await run(['sh', '-c', 'read line; echo "got $line"; busybox stty size; test -t 0 && exit 3'], { tty: true, openStdin: true });
      const input = new PassThrough();
      input.write('hello\n');
      const out2 = collector();
      assert.deepEqual(await engine.containers.startAttached(fresh, { stdin: input, stdout: out2.stream, terminal: { cols: 77, rows: 23 } }), { StatusCode: 3 });
      assert.match(out2.text(), /got hello\r\n23 77\r\n/);
    });

    it('export streams the whole filesystem as a tar, with what the container wrote', async () => {
      const id = await started(['sh', '-c', 'echo exported > /exported.txt']);
      await engine.containers.wait(id);
      const files = await untar((out) => engine.containers.export(id, out));
      assert.equal(files.get('exported.txt'), 'exported\n');
      assert.equal(files.get('etc/passwd'), PASSWD);
      assert.equal(files.get('bin/sh'), '-> busybox');
      assert.ok(files.has('bin/busybox'));
    });

    it('cp both ways: a tar into a running container (seen by exec), a file and a folder out as tars; a missing path is not-found', async () => {
      const id = await started(['sleep', '300']);
      await engine.containers.copyTo(id, '/tmp', tarOf({ 'in/hello.txt': 'hello from the host\n', 'in/sub/deep.txt': 'deep\n' }));
      const seen = collector();
      assert.equal((await engine.containers.exec(id, { cmd: ['cat', '/tmp/in/hello.txt', '/tmp/in/sub/deep.txt'], stdout: seen.stream })).ExitCode, 0);
      assert.equal(seen.text(), 'hello from the host\ndeep\n');
      const folder = await untar((out) => engine.containers.copyFrom(id, '/tmp/in', out));
      assert.equal(folder.get('in/hello.txt'), 'hello from the host\n');
      assert.equal(folder.get('in/sub/deep.txt'), 'deep\n');
      const one = await untar((out) => engine.containers.copyFrom(id, '/etc/passwd', out));
      assert.deepEqual([...one], [['passwd', PASSWD]]);
      await rejectsWith(engine.containers.copyFrom(id, '/no/such/path', new PassThrough()), 'not-found', 'cp out of a missing path');
      await rejectsWith(engine.containers.copyTo(id, '/no/such/dir', tarOf({ 'x': 'x' })), 'not-found', 'cp into a missing folder');
    });

    it('top lists the container\'s processes', async () => {
      const id = await started(['sleep', '271']);
      const t = await engine.containers.top(id);
      assert.ok(t.Titles.includes('PID'), JSON.stringify(t.Titles));
      const cmd = t.Titles.indexOf('CMD');
      assert.ok(cmd >= 0, JSON.stringify(t.Titles));
      assert.ok(t.Processes.some((p) => p[cmd] === 'sleep 271'), JSON.stringify(t.Processes));
      await engine.containers.stop(id, { timeout: 0 });
      await rejectsWith(engine.containers.top(id), 'conflict', 'top of a stopped container');
    });

    it('port: a published port on 127.0.0.1 is listed and answers (a user network on a private subnet)', async () => {
      const net = unique('ops-net');
      await dockerd.docker(['network', 'create', '--subnet', '10.213.77.0/29', net]);
      try {
        const id = await started(['sh', '-c', 'echo port-ok > /var/www/index.html; exec httpd -f -p 80 -h /var/www'], { network: net, publish: ['127.0.0.1::80'] });
        const ports = await until(async () => {
          const p = await engine.containers.port(id);
          return p['80/tcp']?.length ? p : undefined;
        }, 10_000);
        assert.deepEqual(Object.keys(ports ?? {}), ['80/tcp']);
        const [b] = ports!['80/tcp']!;
        assert.equal(b.HostIp, '127.0.0.1');
        assert.match(b.HostPort, /^\d+$/);
        const body = await until(() => fetch(`http://127.0.0.1:${b.HostPort}/index.html`).then((r) => r.text(), () => undefined), 10_000, 200);
        assert.equal(body, 'port-ok\n');
        assert.deepEqual(await engine.containers.port(await run(['true'])), {}, 'nothing published, nothing listed');
        await engine.containers.remove(id, { force: true });
      } finally {
        await dockerd.docker(['network', 'rm', net]).catch(() => undefined);
      }
    });
  });

  describe('volumes', () => {
    it('prune removes unused volumes and keeps one a container uses', async () => {
      const unused = (await engine.volumes.create({ name: unique('ops-unused') })).Name;
      const used = (await engine.volumes.create({ name: unique('ops-used') })).Name;
      const c = await started(['sh', '-c', 'echo kept > /data/f'], { binds: [`${used}:/data`] });
      await engine.containers.wait(c);
      const r = await engine.volumes.prune({ all: true });
      assert.ok(r.VolumesDeleted.includes(unused), JSON.stringify(r));
      assert.ok(!r.VolumesDeleted.includes(used));
      await rejectsWith(engine.volumes.inspect(unused), 'not-found', 'the pruned volume');
      const reader = await started(['cat', '/data/f'], { binds: [`${used}:/data`] });
      await engine.containers.wait(reader);
      assert.equal(await logsOf(reader), 'kept\n');
      await rejectsWith(engine.volumes.remove(used), 'conflict', 'remove of a volume in use');
    });
  });

  describe('CLI in docker mode', () => {
    const dock = (args: string[], opts: { input?: string } = {}) => cli(root, ['--engine', 'docker', '--host', dockerd.host, ...args], opts);

    it('build --network none / host: RUN steps see only loopback, or the host\'s interfaces; the embedded engine takes it too', () => {
      const ctx = path.join(root, 'netctx');
      fs.mkdirSync(ctx, { recursive: true });
      fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMG}\nRUN cat /proc/net/dev | sed -n 's/^ *\\([^:]*\\):.*/\\1/p' | sort > /ifaces\nCMD ["cat", "/ifaces"]\n`);
      const hostIfaces = fs.readFileSync('/proc/net/dev', 'utf8').split('\n').map((l) => /^\s*([^:|]+):/.exec(l)?.[1]).filter(Boolean).sort();
      assert.ok(hostIfaces.length > 1, 'this host has an interface besides lo');
      const cases: Array<[string, string[], string]> = [
        ['docker --network none', ['--engine', 'docker', '--host', dockerd.host], 'none'],
        ['docker --network host', ['--engine', 'docker', '--host', dockerd.host], 'host'],
        ['embedded --network none', [], 'none'],
        ['embedded --network host', [], 'host'],
      ];
      for (const [what, engineArgs, mode] of cases) {
        const tag = `ops/net-${mode}:${crypto.randomBytes(3).toString('hex')}`;
        const b = cli(root, [...engineArgs, 'build', '-q', '--network', mode, '-t', tag, ctx]);
        assert.equal(b.status, 0, `${what}: ${b.stderr}`);
        const r = cli(root, [...engineArgs, 'run', '--rm', '--network', 'none', tag]);
        assert.equal(r.status, 0, `${what}: ${r.stderr}`);
        assert.deepEqual(r.stdout.trim().split('\n'), mode === 'none' ? ['lo'] : hostIfaces, what);
      }
      const bad = dock(['build', '-q', '--network', 'no-such-net', '--no-cache', ctx]);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /no-such-net/);
    });

    /**
     * The CLI in a pseudo-terminal of 31 rows and 101 columns (util-linux script), with `input`
     * typed into it ahead of the prompt. Lines end `\r\r\n`: Node's raw mode keeps ONLCR, so the
     * container terminal's CRLF gets one more CR on the way out (the docker CLI clears OPOST).
     */
    const inPty = (args: string[], input: string) => {
      const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      const line = [process.execPath, CLI, '--data-root', root, '--engine', 'docker', '--host', dockerd.host, ...args].map(quote).join(' ');
      const r = spawnSync('script', ['-qec', `stty rows 31 cols 101; ${line}`, '/dev/null'], { input, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, out: r.stdout };
    };

    it('run -it: a TTY in the container sized like the caller\'s terminal; input typed reaches it; its exit status', () => {
      const r = inPty(['run', '-it', '--rm', '--network', 'none', IMG, 'sh'], 'busybox tty; busybox stty size; echo typed-$((40+2)); exit 3\n');
      assert.equal(r.status, 3, r.out);
      assert.match(r.out, /\/dev\/pts\/\d+\r+\n/);
      assert.match(r.out, /\n31 101\r+\n/);
      assert.match(r.out, /\ntyped-42\r+\n/);
      const notTty = dock(['run', '-it', '--rm', '--network', 'none', IMG, 'true'], { input: '' });
      assert.equal(notTty.status, 1);
      assert.match(notTty.stderr, /the input device is not a TTY/);
    });

    it('exec -it: a TTY in a running container; input typed reaches it; its exit code', async () => {
      const name = unique('ops-exec-it');
      await started(['sleep', '300'], { name });
      const r = inPty(['exec', '-it', name, 'sh'], 'busybox tty; busybox stty size; echo in-exec-$((6*7)); exit 4\n');
      assert.equal(r.status, 4, r.out);
      assert.match(r.out, /\/dev\/pts\/\d+\r+\n/);
      assert.match(r.out, /\n31 101\r+\n/);
      assert.match(r.out, /\nin-exec-42\r+\n/);
    });
  });
});

describe('DockerEngine endpoints: npipe:// (Windows named pipes, parsed here without Windows)', () => {
  it('DOCKER_HOST=npipe:////./pipe/NAME is the named pipe \\\\.\\pipe\\NAME for dockerode', () => {
    const ep = resolveEndpoint({ env: { DOCKER_HOST: 'npipe:////./pipe/docker_engine' } });
    assert.equal(ep.host, 'npipe:////./pipe/docker_engine');
    assert.equal(ep.source, 'DOCKER_HOST');
    const o = modemOptions(ep, {});
    assert.equal(o.socketPath, '\\\\.\\pipe\\docker_engine');
    assert.equal(o.host, undefined);
    assert.equal(o.protocol, undefined);
    const custom = modemOptions(resolveEndpoint({ host: 'npipe:////./pipe/dockerDesktopLinuxEngine', env: {} }), {});
    assert.equal(custom.socketPath, '\\\\.\\pipe\\dockerDesktopLinuxEngine');
  });

  it('a DockerEngine opened on an npipe:// host hands the pipe path to its modem', async () => {
    const e = await DockerEngine.open({ env: { DOCKER_HOST: 'npipe:////./pipe/docker_engine' } });
    try {
      assert.equal(e.location, 'npipe:////./pipe/docker_engine');
      assert.equal((e.client.modem as unknown as { socketPath?: string }).socketPath, '\\\\.\\pipe\\docker_engine');
    } finally {
      await e.dispose();
    }
  });
});
