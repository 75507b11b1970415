import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as net from 'net';
import { PassThrough, Writable } from 'stream';
import type { ContainersApi, CreateContainerOptions, VolumesApi } from '../../../client/src/engine/container/api';
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

export type ContractEngine = Engine & { containers: ContainersApi; volumes: VolumesApi };

export interface Subject {
  engine: ContractEngine;
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

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
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
    let engine: ContractEngine;
    const created: string[] = [];

    before(async function () {
      s = await make();
      engine = s.engine;
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

    it('capabilities: containers are supported and the runtime is named', async () => {
      const c = await engine.capabilities();
      assert.equal(c.containers.supported, true, c.containers.reason);
      assert.ok(c.containers.runtime);
    });
  });
}
