import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as net from 'net';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough, Readable, Writable } from 'stream';
import * as tar from 'tar-stream';
import type { CreateContainerOptions } from '../../../client/src/engine/container/api';
import type { DockerEngine } from '../../../client/src/engine/docker';
import type { EmbeddedEngine } from '../../../client/src/engine/embedded';
import type { Engine } from '../../../client/src/engine/engine';
import { isEngineError, type ErrorCode } from '../../../client/src/core/errors';
import type { EngineEvent } from '../../../client/src/engine/events';
import { until } from '../../support/containers';

/**
 * The Engine contract, one suite run against every engine and every way of reaching one:
 * contract.test.ts runs it on the embedded engine and a real dockerd (unix socket, TCP),
 * test/integration/contract.test.ts on the extension's own engine (embedded, then docker),
 * remote.test.ts on a dockerd reached over TLS and over ssh, podman.test.ts on Podman's
 * Docker-compatible socket. The same assertions for all: what differs is only how each engine
 * is made.
 */

export interface Subject {
  engine: Engine;
  /** The busybox image in this engine. */
  image: string;
  /** `127.0.0.1:PORT` of a plain-HTTP registry both engines reach. */
  registry: string;
}

export const IMG = 'contract/busybox:1';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function sink(): { stream: Writable; text: () => string; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), bytes: () => Buffer.concat(chunks) };
}

export async function rejectsWith(p: Promise<unknown>, code: ErrorCode, what: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(isEngineError(e, code), `${what}: expected EngineError '${code}', got ${(e as { code?: string }).code ?? ''} ${(e as Error).message}`);
    return;
  }
  assert.fail(`${what}: expected EngineError '${code}', but it succeeded`);
}

const unique = (p: string) => `${p}-${crypto.randomBytes(4).toString('hex')}`;

/**
 * Copies IMG from the embedded engine to a daemon with the engines' own save and load, streamed
 * (no temp file): both then hold the same image ID under the same name.
 */
export async function seedImage(from: EmbeddedEngine, to: DockerEngine): Promise<void> {
  const pipe = new PassThrough();
  const [, loaded] = await Promise.all([from.images.save([IMG], pipe), to.images.load(pipe)]);
  assert.deepEqual(loaded.tags, [IMG]);
  assert.equal(loaded.ids[0], (await from.images.inspect(IMG)).Id);
}

/** The shared contract: `make` gives a ready engine holding the busybox image; every test uses only the Engine interface. */
export function engineContract(name: string, make: () => Promise<Subject>): void {
  describe(`Engine contract: ${name}`, function () {
    this.timeout(120_000);
    let s: Subject;
    let engine: Engine;
    const created: string[] = [];

    /** Podman's compatible API differs in a few shapes (noted where the assertions allow for it). */
    let podman = false;
    before(async function () {
      s = await make();
      engine = s.engine;
      podman = (await engine.system.version()).Components?.some((c) => /podman/i.test(c.Name)) ?? false;
    });
    after(async () => {
      for (const id of created) await engine?.containers.remove(id, { force: true }).catch(() => undefined);
    });

    const run = async (cmd: string[], extra: Record<string, unknown> = {}) => {
      const { Id } = await engine.containers.create({ image: s.image, cmd, network: 'none', ...extra } as CreateContainerOptions);
      created.push(Id);
      return Id;
    };

    it('images: list and inspect agree on the image, its tag and its ID', async () => {
      const rows = await engine.images.list();
      const row = rows.find((r) => r.repoTags.includes(s.image));
      assert.ok(row, `${s.image} listed: ${JSON.stringify(rows.map((r) => r.repoTags))}`);
      assert.match(row.id, /^sha256:[0-9a-f]{64}$/);
      assert.ok(row.size > 0);
      const ins = await engine.images.inspect(s.image);
      assert.equal(ins.Id, row.id);
      assert.ok(ins.RepoTags.includes(s.image));
      assert.deepEqual(ins.Config?.Cmd, ['sh']);
      assert.equal(ins.Os, 'linux');
      assert.equal(ins.RootFS.Layers.length, 1);
      const hist = await engine.images.history(s.image);
      assert.equal(hist[0].id, ins.Id);
      assert.ok(hist.some((h) => /ADD file:busybox-static/.test(h.createdBy)));
      await rejectsWith(engine.images.inspect('contract/nope:missing'), 'not-found', 'inspect of a missing image');
    });

    it('images: tag adds a name to the same ID; remove of that name untags it and keeps the image', async () => {
      const id = (await engine.images.inspect(s.image)).Id;
      const extra = `contract/tagged:${crypto.randomBytes(3).toString('hex')}`;
      await engine.images.tag(s.image, extra);
      assert.equal((await engine.images.inspect(extra)).Id, id);
      assert.ok((await engine.images.list()).some((r) => r.id === id && r.repoTags.includes(extra)));
      const res = await engine.images.remove(extra);
      assert.deepEqual(res.untagged, [extra]);
      assert.deepEqual(res.deleted, []);
      await rejectsWith(engine.images.inspect(extra), 'not-found', 'inspect of the removed tag');
      assert.equal((await engine.images.inspect(s.image)).Id, id, 'the image itself stays');
    });

    it('images: save and load round-trip the image (same ID, same tag)', async () => {
      const id = (await engine.images.inspect(s.image)).Id;
      const pipe = new PassThrough();
      const [, res] = await Promise.all([engine.images.save([s.image], pipe), engine.images.load(pipe)]);
      assert.deepEqual(res.tags, [s.image]);
      assert.deepEqual(res.ids, [id]);
      assert.ok(res.messages.includes(`Loaded image: ${s.image}`), res.messages.join('|'));
    });

    it('registry: push to a registry, remove, pull it back with per-layer progress; the same image ID and digest', async () => {
      // An image of its own (a committed container), so the pull really has a layer to fetch.
      const c = await run(['sh', '-c', `echo ${crypto.randomBytes(8).toString('hex')} > /unique`]);
      await engine.containers.start(c);
      await engine.containers.wait(c);
      const ref = `${s.registry}/contract/${unique('bb')}:v1`;
      const { Id: id } = await engine.containers.commit(c, { reference: ref });
      await engine.containers.remove(c);
      const pushed = await engine.images.push(ref);
      assert.equal(pushed.length, 1);
      assert.equal(pushed[0].tag, 'v1');
      assert.match(pushed[0].digest, /^sha256:[0-9a-f]{64}$/);
      const removed = await engine.images.remove(ref);
      assert.deepEqual(removed.deleted, [id]);
      const progress: string[] = [];
      const pulled = await engine.images.pull(ref, { onProgress: (p) => progress.push(`${p.kind}:${p.status}`) });
      assert.equal(pulled.length, 1);
      assert.equal(pulled[0].id, id);
      assert.equal(pulled[0].downloaded, true);
      assert.equal(pulled[0].digest, pushed[0].digest, 'the digest pushed is the digest pulled');
      assert.ok(progress.some((p) => /^layer:(Download complete|Pull complete|Downloading)/.test(p)), `per-layer progress: ${progress.join(', ')}`);
      assert.equal((await engine.images.inspect(ref)).Id, id);
      const again = await engine.images.pull(ref);
      assert.equal(again[0].downloaded, false, 'a second pull is "Image is up to date"');
      await rejectsWith(engine.images.pull(`${s.registry}/contract/never-pushed:v1`), 'not-found', 'pull of a missing repository');
      await engine.images.remove(ref);
    });

    it('containers: diff shows what a container changed; commit makes an image of it', async () => {
      const id = await run(['sh', '-c', 'echo data > /made-here; rm /etc/motd 2>/dev/null; true']);
      await engine.containers.start(id);
      assert.equal((await engine.containers.wait(id)).StatusCode, 0);
      const diff = await engine.containers.diff(id);
      assert.ok(diff.some((d) => d.Kind === 1 && d.Path === '/made-here'), JSON.stringify(diff));
      const ref = `contract/committed:${crypto.randomBytes(3).toString('hex')}`;
      const { Id } = await engine.containers.commit(id, { reference: ref, message: 'from the contract' });
      const img = await engine.images.inspect(ref);
      assert.equal(img.Id, Id);
      assert.equal(img.RootFS.Layers.length, 2);
      const check = await run(['cat', '/made-here'], { image: ref });
      await engine.containers.start(check);
      assert.equal((await engine.containers.wait(check)).StatusCode, 0);
      let out = '';
      for await (const l of engine.containers.logs(check)) out += l.line.toString();
      assert.equal(out, 'data\n');
      await engine.containers.remove(check);
      await engine.containers.remove(id);
      await engine.images.remove(ref);
    });

    it('containers: create, start, wait, exit code, logs (stdout and stderr), inspect, remove', async () => {
      const cname = unique('contract-c');
      const id = await run(['sh', '-c', 'echo hello; echo oops >&2; exit 3'], { name: cname });
      assert.match(id, /^[0-9a-f]{64}$/);
      const before = await engine.containers.inspect(cname);
      assert.equal(before.Id, id);
      assert.equal(before.State.Status, 'created');
      assert.equal(before.Name, `/${cname}`);
      await engine.containers.start(id);
      assert.deepEqual(await engine.containers.wait(id), { StatusCode: 3 });
      const after = await engine.containers.inspect(id);
      assert.equal(after.State.Status, 'exited');
      assert.equal(after.State.ExitCode, 3);
      assert.equal(after.State.Running, false);
      const lines: Record<string, string> = { stdout: '', stderr: '' };
      for await (const l of engine.containers.logs(id)) {
        lines[l.stream] += l.line.toString();
        assert.match(l.time, /^\d{4}-\d\d-\d\dT/);
      }
      assert.deepEqual(lines, { stdout: 'hello\n', stderr: 'oops\n' });
      const listed = await engine.containers.list({ all: true });
      const row = listed.find((c) => c.Id === id);
      assert.ok(row, 'listed with all');
      assert.equal(row.State, 'exited');
      assert.deepEqual(row.Names, [`/${cname}`]);
      assert.ok(!(await engine.containers.list()).some((c) => c.Id === id), 'not listed among running ones');
      await engine.containers.remove(id);
      await rejectsWith(engine.containers.inspect(id), 'not-found', 'inspect of a removed container');
    });

    it('containers: a running one lists as running, exec runs in it (output, exit code), stop ends it', async () => {
      const id = await run(['sleep', '300']);
      await engine.containers.start(id);
      const ins = await engine.containers.inspect(id);
      assert.equal(ins.State.Running, true);
      assert.equal(ins.State.Status, 'running');
      assert.ok((await engine.containers.list()).some((c) => c.Id === id && c.State === 'running'));
      const out = sink();
      const err = sink();
      const r = await engine.containers.exec(id, { cmd: ['sh', '-c', 'echo from-exec; echo exec-err >&2; exit 4'], stdout: out.stream, stderr: err.stream });
      assert.equal(r.ExitCode, 4);
      assert.equal(out.text(), 'from-exec\n');
      assert.equal(err.text(), 'exec-err\n');
      const env = sink();
      assert.equal((await engine.containers.exec(id, { cmd: ['sh', '-c', 'echo $FOO; pwd'], env: ['FOO=bar'], workingDir: '/tmp', stdout: env.stream })).ExitCode, 0);
      assert.equal(env.text(), 'bar\n/tmp\n');
      await rejectsWith(engine.containers.remove(id), 'conflict', 'remove of a running container without force');
      await engine.containers.stop(id, { timeout: 1 });
      const stopped = await engine.containers.inspect(id);
      assert.equal(stopped.State.Running, false);
      assert.equal(stopped.State.Status, 'exited');
      await engine.containers.remove(id);
    });

    it('containers: errors carry the same codes (missing image, name taken)', async () => {
      await rejectsWith(engine.containers.create({ image: 'contract/nope:missing', cmd: ['true'], network: 'none' }), 'not-found', 'create from a missing image');
      const cname = unique('contract-dup');
      await run(['true'], { name: cname });
      await rejectsWith(engine.containers.create({ image: s.image, cmd: ['true'], network: 'none', name: cname }), 'conflict', 'a second container with the same name');
      await rejectsWith(engine.containers.inspect('contract-no-such-container'), 'not-found', 'inspect of a missing container');
    });

    it('volumes: create (name, labels), list, inspect, remove', async () => {
      const vname = unique('contract-vol');
      const v = await engine.volumes.create({ name: vname, labels: { purpose: 'contract' } });
      assert.equal(v.Name, vname);
      assert.equal(v.Driver, 'local');
      assert.deepEqual(v.Labels, { purpose: 'contract' });
      assert.ok((await engine.volumes.list()).some((x) => x.Name === vname));
      assert.equal((await engine.volumes.inspect(vname)).Name, vname);
      await engine.volumes.remove(vname);
      assert.ok(!(await engine.volumes.list()).some((x) => x.Name === vname));
      await rejectsWith(engine.volumes.inspect(vname), 'not-found', 'inspect of a removed volume');
    });

    it('events: a container lifecycle is seen as container.create, start, die and destroy', async () => {
      const seen: EngineEvent[] = [];
      const sub = engine.onEvent((e) => seen.push(e));
      try {
        // Let a daemon's events stream connect before acting.
        await new Promise((r) => setTimeout(r, 300));
        const id = await run(['sh', '-c', 'exit 0']);
        await engine.containers.start(id);
        await engine.containers.wait(id);
        await engine.containers.remove(id);
        const want = ['container.create', 'container.start', 'container.die', 'container.destroy'];
        const got = await until(() => {
          const mine = seen.filter((e) => e.id === id).map((e) => e.type);
          return want.every((t) => mine.includes(t)) ? mine : undefined;
        }, 15_000);
        assert.ok(got, `events for ${id.slice(0, 12)}: ${JSON.stringify(seen.filter((e) => e.id === id).map((e) => e.type))}`);
        const order = want.map((t) => got.indexOf(t));
        assert.deepEqual([...order].sort((a, b) => a - b), order, `in lifecycle order: ${got.join(', ')}`);
        for (const e of seen.filter((x) => x.id === id)) assert.ok(e.time > Date.now() - 120_000 && e.time <= Date.now() + 5_000, `a time in ms: ${e.time}`);
      } finally {
        sub.dispose();
      }
    });

    it("registry: registryConfig in dockerd's RegistryConfig shape; search refuses an empty term", async () => {
      const rc = await engine.registryConfig();
      assert.ok(Array.isArray(rc.docker.Mirrors));
      // dockerd and the embedded engine list loopback (127.0.0.0/8); Podman lists only what registries.conf says.
      assert.ok(Array.isArray(rc.docker.InsecureRegistryCIDRs) && rc.docker.InsecureRegistryCIDRs.every((c) => typeof c === 'string'));
      assert.equal(typeof rc.docker.IndexConfigs, 'object');
      assert.deepEqual(rc.blocked, []);
      await rejectsWith(engine.search('  '), 'invalid-argument', 'search of an empty term');
    });

    it('containers: -p ranges and addresses give the same bindings on every engine (8000-8002:80-82, 127.0.0.1:9000:80/udp)', async () => {
      const { Id } = await engine.containers.create({ image: s.image, cmd: ['true'], publish: ['8000-8002:80-82', '127.0.0.1:9000:80/udp'] });
      created.push(Id);
      const ins = await engine.containers.inspect(Id);
      // Podman writes an unspecified host address as 0.0.0.0; the daemon and the embedded engine leave it empty.
      const bindings = Object.fromEntries(Object.entries(ins.HostConfig.PortBindings ?? {}).map(([k, v]) => [k, (v ?? []).map((b) => ({ HostIp: b.HostIp === '0.0.0.0' ? '' : b.HostIp, HostPort: b.HostPort }))]));
      assert.deepEqual(bindings, {
        '80/tcp': [{ HostIp: '', HostPort: '8000' }], '81/tcp': [{ HostIp: '', HostPort: '8001' }], '82/tcp': [{ HostIp: '', HostPort: '8002' }],
        '80/udp': [{ HostIp: '127.0.0.1', HostPort: '9000' }],
      });
      assert.deepEqual(Object.keys(ins.Config.ExposedPorts ?? {}).sort(), ['80/tcp', '80/udp', '81/tcp', '82/tcp']);
      await rejectsWith(engine.containers.create({ image: s.image, cmd: ['true'], publish: ['8000-8001:80-82'] }), 'invalid-argument', 'mismatched -p ranges');
      await rejectsWith(engine.containers.create({ image: s.image, cmd: ['true'], publish: ['80/quic'] }), 'invalid-argument', 'an unknown -p protocol');
      await engine.containers.remove(Id);
    });

    it('containers: startAttached, attach, exec with a TTY sized by the caller, resize, top, rename, kill, restart, pause and unpause', async () => {
      // startAttached: output from the first byte, the exit status.
      const shortLived = await run(['sh', '-c', 'echo attached-out; echo attached-err >&2; exit 7']);
      const o1 = sink();
      const e1 = sink();
      assert.deepEqual(await engine.containers.startAttached(shortLived, { stdout: o1.stream, stderr: e1.stream }), { StatusCode: 7 });
      assert.equal(o1.text(), 'attached-out\n');
      assert.equal(e1.text(), 'attached-err\n');
      const id = await run(['sh', '-c', 'trap "exit 0" TERM; while true; do echo tick; sleep 0.2; done'], { tty: true, name: unique('contract-live') });
      await engine.containers.start(id);
      // attach: the running container's output reaches the caller; the caller's abort ends the attach.
      const a = sink();
      const ac = new AbortController();
      const attached = engine.containers.attach(id, { stdout: a.stream, signal: ac.signal });
      assert.ok(await until(() => a.text().includes('tick'), 10_000), `attach output: ${JSON.stringify(a.text())}`);
      ac.abort();
      await attached;
      // exec with a TTY: the terminal has the caller's size.
      const t = sink();
      const stdin = new PassThrough();
      // After a moment: the embedded engine's exec TTY gave "stty: standard input" once to input typed ahead (noted for its owner).
      stdin.write('sleep 0.3; busybox stty size; exit 6\n');
      const r = await engine.containers.exec(id, { cmd: ['sh'], tty: true, stdin, terminal: { cols: 91, rows: 23 }, stdout: t.stream });
      assert.equal(r.ExitCode, 6);
      // The size is what is checked here. The newline may come as \r\r\n on the embedded engine: a
      // known race in runc's foreground terminal (it clears ONLCR on the container's pty only once it
      // holds it; a shell that saved its termios before that restores ONLCR, and the outer terminal,
      // raw with OPOST kept, translates too). Seen about once in ten sessions on a loaded machine.
      assert.match(t.text(), /23 91\r{1,2}\n/);
      await engine.containers.resize(id, 100, 30);
      const top = await engine.containers.top(id);
      // Podman gives ps's header as one title.
      assert.ok(top.Titles.join(' ').split(/\s+/).includes('PID') && top.Processes.length >= 1, JSON.stringify(top));
      const renamed = unique('contract-renamed');
      await engine.containers.rename(id, renamed);
      assert.equal((await engine.containers.inspect(renamed)).Id, id);
      const pid1 = (await engine.containers.inspect(id)).State.Pid;
      await engine.containers.restart(id, { timeout: 1 });
      const afterRestart = await engine.containers.inspect(id);
      assert.equal(afterRestart.State.Running, true);
      assert.notEqual(afterRestart.State.Pid, pid1);
      await engine.containers.pause(id);
      assert.equal((await engine.containers.inspect(id)).State.Status, 'paused');
      await engine.containers.unpause(id);
      assert.equal((await engine.containers.inspect(id)).State.Status, 'running');
      await engine.containers.kill(id, 'KILL');
      assert.equal((await engine.containers.wait(id)).StatusCode, 137);
      assert.equal((await engine.containers.inspect(id)).State.Running, false);
      await rejectsWith(engine.containers.rename('contract-no-such-container', 'x'), 'not-found', 'rename of a missing container');
    });

    it('containers: stats of a running container (CPU, memory, pids), or `unsupported` with the reason', async () => {
      const id = await run(['sleep', '300']);
      await engine.containers.start(id);
      try {
        const st = await engine.containers.stats(id);
        assert.equal(st.id, id);
        assert.ok(st.cpu_stats.cpu_usage.total_usage > 0, JSON.stringify(st.cpu_stats));
        assert.ok((st.memory_stats.usage ?? 0) > 0, JSON.stringify(st.memory_stats));
        assert.ok((st.pids_stats.current ?? 0) >= 1, JSON.stringify(st.pids_stats));
      } catch (e) {
        // Only where the container has no cgroup of its own (a rootless embedded engine).
        assert.ok(isEngineError(e, 'unsupported') && /cgroup/.test((e as Error).message), `stats: ${(e as Error).message}`);
        assert.notEqual(process.getuid?.(), 0, 'as root every engine has the figures');
      }
      await engine.containers.kill(id);
      await rejectsWith(engine.containers.stats('contract-no-such-container'), 'not-found', 'stats of a missing container');
    });

    it('containers: cp both ways (copyTo, statPath, copyFrom), export, port, prune', async () => {
      const id = await run(['sleep', '300']);
      await engine.containers.start(id);
      const pack = tar.pack();
      pack.entry({ name: 'from-caller.txt', mode: 0o644 }, 'copied in\n');
      pack.finalize();
      await engine.containers.copyTo(id, '/tmp', Readable.from(pack));
      const st = await engine.containers.statPath(id, '/tmp/from-caller.txt');
      assert.equal(st.name, 'from-caller.txt');
      assert.equal(st.size, 10);
      const back = sink();
      await engine.containers.copyFrom(id, '/tmp/from-caller.txt', back.stream);
      const names: string[] = [];
      let body = '';
      await new Promise<void>((resolve, reject) => {
        const x = tar.extract();
        x.on('entry', (h, stream, next) => {
          names.push(h.name);
          stream.on('data', (d: unknown) => (body += String(d)));
          stream.on('end', next);
        });
        x.on('finish', resolve);
        x.on('error', reject);
        x.end(back.bytes());
      });
      assert.deepEqual(names, ['from-caller.txt']);
      assert.equal(body, 'copied in\n');
      await rejectsWith(engine.containers.statPath(id, '/no/such/path'), 'not-found', 'statPath of a missing path');
      const exported = sink();
      await engine.containers.export(id, exported.stream);
      assert.ok(exported.bytes().includes('bin/busybox') || exported.bytes().includes('bin/sh'), 'the export holds the image filesystem');
      assert.deepEqual(await engine.containers.port(id), {});
      await engine.containers.kill(id);
      await engine.containers.wait(id);
      const pruned = await engine.containers.prune();
      assert.ok(pruned.ContainersDeleted.includes(id), `prune removed the stopped container: ${JSON.stringify(pruned)}`);
      await rejectsWith(engine.containers.inspect(id), 'not-found', 'inspect of a pruned container');
    });

    it('volumes: prune removes an unused volume', async () => {
      const v = await engine.volumes.create({ labels: { contract: 'prune' } });
      const r = await engine.volumes.prune({ all: true });
      assert.ok(r.VolumesDeleted.includes(v.Name), `pruned: ${JSON.stringify(r)}`);
      await rejectsWith(engine.volumes.inspect(v.Name), 'not-found', 'inspect of a pruned volume');
    });

    it('images: prune of dangling images; import of a filesystem tar; build with a step; builder prune', async () => {
      const pack = tar.pack();
      pack.entry({ name: 'hello.txt', mode: 0o644 }, 'imported\n');
      pack.finalize();
      const ref = `contract/imported:${crypto.randomBytes(3).toString('hex')}`;
      const { id } = await engine.images.import(Readable.from(pack), { reference: ref, message: 'contract import' });
      // Podman 4.3 does not tag an imported image from the API's repo/tag (noted): checked by ID there.
      assert.equal((await engine.images.inspect(podman ? id : ref)).Id, id);
      const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-contract-build-'));
      try {
        fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${s.image}\nRUN echo built > /built\nCMD ["cat", "/built"]\n`);
        const tag = `contract/built:${crypto.randomBytes(3).toString('hex')}`;
        const built = await engine.build({ context: ctx, tags: [tag], network: 'none' });
        assert.equal((await engine.images.inspect(tag)).Id, built.id);
        const c = await run([], { image: tag });
        const out = sink();
        assert.deepEqual(await engine.containers.startAttached(c, { stdout: out.stream }), { StatusCode: 0 });
        assert.equal(out.text(), 'built\n');
        await engine.containers.remove(c);
        await engine.images.remove(tag);
      } finally {
        fs.rmSync(ctx, { recursive: true, force: true });
      }
      if (podman) {
        // Podman 4.3's compatible API has no POST /build/prune.
        await rejectsWith(engine.pruneBuildCache(), 'unsupported', 'builder prune on Podman');
      } else {
        const bp = await engine.pruneBuildCache();
        assert.ok(Array.isArray(bp.CachesDeleted) && bp.SpaceReclaimed >= 0, JSON.stringify(bp));
      }
      // The imported image untagged is dangling: prune removes it.
      await engine.images.remove(ref).catch(() => undefined);
      await engine.images.tag(s.image, ref);
      await engine.images.remove(ref);
      const pruned = await engine.images.prune();
      assert.ok(Array.isArray(pruned.deleted) && pruned.spaceReclaimed >= 0);
      // Podman 4.3 keeps an imported image that never had a tag out of a dangling prune (noted): removed by ID there.
      if (podman) await engine.images.remove(id);
      await rejectsWith(engine.images.inspect(id), 'not-found', 'the untagged imported image');
    });

    it('system: ping, df, info, version, prune; events from `since` to `until`', async () => {
      assert.equal(typeof (await engine.ping()).apiVersion, 'string');
      const since = Date.now() - 1000;
      const vname = unique('contract-ev');
      await engine.volumes.create({ name: vname });
      await engine.volumes.remove(vname);
      const df = await engine.system.df();
      // Podman's /system/df reports no layer sizes.
      assert.ok(df.images.total >= 1 && (podman || df.images.size > 0), JSON.stringify(df.images));
      for (const row of [df.containers, df.volumes, df.buildCache]) assert.ok(row.total >= 0 && row.size >= 0);
      const info = await engine.system.info();
      assert.ok(info.Images >= 1, `info.Images ${info.Images}`);
      assert.equal(info.OSType, 'linux');
      assert.ok(info.NCPU >= 1 && info.MemTotal > 0);
      assert.equal(typeof info.ServerVersion, 'string');
      const version = await engine.system.version();
      assert.equal(version.Os, 'linux');
      assert.ok(version.Version, JSON.stringify(version));
      // A stopped container for the prune to find (the UI's System Prune is this call).
      const stopped = await run(['true']);
      await engine.containers.start(stopped);
      await engine.containers.wait(stopped);
      const pruned = await engine.system.prune();
      assert.ok(Array.isArray(pruned.ContainersDeleted) && Array.isArray(pruned.ImagesDeleted) && pruned.SpaceReclaimed >= 0);
      assert.ok(pruned.ContainersDeleted.includes(stopped), `system prune removed the stopped container: ${JSON.stringify(pruned.ContainersDeleted)}`);
      await rejectsWith(engine.containers.inspect(stopped), 'not-found', 'inspect of a container system prune removed');
      assert.ok((await engine.images.list()).some((r) => r.repoTags.includes(s.image)), 'a tagged image stays');
      const seen: string[] = [];
      for await (const e of engine.events({ since, until: Date.now() + 500 })) if (e.id === vname || e.attributes?.name === vname) seen.push(e.type);
      assert.ok(seen.includes('volume.create') && seen.includes('volume.destroy'), `past events of ${vname}: ${JSON.stringify(seen)}`);
    });

    it('registry: catalog, tags, inspectRemote and deleteManifest on a registry', async () => {
      const ref = `${s.registry}/contract/${unique('browse')}:v2`;
      await engine.images.tag(s.image, ref);
      const [pushed] = await engine.images.push(ref);
      const repo = ref.slice(s.registry.length + 1, ref.lastIndexOf(':'));
      assert.ok((await engine.catalog(s.registry)).includes(repo));
      assert.deepEqual(await engine.tags(`${s.registry}/${repo}`), ['v2']);
      const remote = await engine.inspectRemote(ref);
      assert.equal(remote.digest, pushed.digest);
      assert.equal(await engine.deleteManifest(ref), pushed.digest);
      await rejectsWith(engine.inspectRemote(ref), 'not-found', 'inspectRemote of a deleted manifest');
      await engine.images.remove(ref);
    });

    it('what only the embedded engine can do: fsck, layer analysis, OCI layouts; other engines throw `unsupported` with the reason', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-contract-oci-'));
      try {
        if (engine.kind === 'embedded') {
          const rep = await engine.system.fsck();
          assert.equal(rep.ok, true, JSON.stringify(rep.images.problems.concat(rep.containers.problems as never)));
          const a = await engine.images.analyze(s.image);
          assert.equal(a.layers.length, 1);
          await engine.images.exportOciLayout(dir, [{ image: s.image, tag: 'v1' }]);
          const back = await engine.images.importOciLayout(dir, { tag: 'v1', as: `contract/oci:${crypto.randomBytes(3).toString('hex')}` });
          assert.equal(back[0].id, (await engine.images.inspect(s.image)).Id);
        } else {
          for (const [call, what] of [
            [() => engine.system.fsck(), 'fsck'], [() => engine.images.analyze(s.image), 'layer analysis'],
            [() => engine.images.exportOciLayout(dir, [{ image: s.image, tag: 'v1' }]), 'writing an OCI layout'], [() => engine.images.importOciLayout(dir), 'reading an OCI layout'],
          ] as Array<[() => Promise<unknown>, string]>) {
            await rejectsWith(call(), 'unsupported', what);
            await assert.rejects(call(), /not supported by the Docker engine/);
          }
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('capabilities: containers are supported and the runtime is named', async () => {
      const c = await engine.capabilities();
      assert.equal(c.containers.supported, true, c.containers.reason);
      assert.ok(c.containers.runtime);
    });
  });
}
