import * as assert from 'assert/strict';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { ContainerStore } from '../../../client/src/engine/container/store';
import { withBusyboxRoot } from '../../support/containers';

/**
 * A container's name is held from the moment create checks it, not from when its record is
 * written (the snapshot, volumes and config come in between, outside the names lock): two
 * creates of one name at the same time, from two processes on one data root, give one container
 * and one conflict; a create that was killed holds no name.
 */
describe('container names while creates run at the same time', function () {
  this.timeout(120_000);
  let root: string;
  withBusyboxRoot('sv-ctr-names-', (r) => (root = r));

  it('two creates of the same name at once: one container, one conflict', async () => {
    // Two engines on one root stand for two processes (the CLI beside the extension).
    const a = await EmbeddedEngine.open(root);
    const b = await EmbeddedEngine.open(root);
    try {
      for (const name of ['twin1', 'twin2', 'twin3']) {
        const results = await Promise.allSettled([a, b].map((e) => e.containers.create({ image: 'busybox', cmd: ['true'], network: 'none', name })));
        const ok = results.filter((r) => r.status === 'fulfilled');
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(ok.length, 1, `${name}: ${JSON.stringify(results.map((r) => r.status === 'rejected' ? String(r.reason) : 'ok'))}`);
        assert.match(String(failed[0].reason), new RegExp(`The container name "/${name}" is already in use`));
        const holders = (await a.containers.list({ all: true })).filter((c) => c.Names.includes(`/${name}`));
        assert.equal(holders.length, 1, `one container named ${name}`);
      }
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it("a reservation counts while its process lives; a killed create's does not", async () => {
    const store = new ContainerStore(root);
    const id = 'e'.repeat(64);
    fs.mkdirSync(store.containerDir(id), { recursive: true });
    try {
      await store.reserveName(id, 'held');
      const taken = await new ContainerStore(root).withNames(async (t) => t.get('/held'));
      assert.equal(taken, id, 'held by a live process (this one)');
      // The same reservation written by a process that is gone.
      const file = path.join(store.containerDir(id), 'name-reservation');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^\d+/, '999999999'));
      assert.equal(await new ContainerStore(root).withNames(async (t) => t.get('/held')), undefined);
      const e = await EmbeddedEngine.open(root);
      try {
        const { Id } = await e.containers.create({ image: 'busybox', cmd: ['true'], network: 'none', name: 'held' });
        assert.equal((await e.containers.inspect('held')).Id, Id, 'the name is free again');
        await e.containers.remove(Id);
      } finally {
        await e.dispose();
      }
    } finally {
      fs.rmSync(store.containerDir(id), { recursive: true, force: true });
    }
  });

  /**
   * A container folder `id` (no record) whose name reservation `reservation(pid)` writes, `pid`
   * being a live `sleep` (the other process), beside an engine on the root; all removed after.
   */
  const withFolder = async (id: string, reservation: (pid: number) => string, fn: (o: { e: EmbeddedEngine; other: ChildProcess; store: ContainerStore; fsckAbout: (repair?: boolean) => Promise<string[]> }) => Promise<void>) => {
    const store = new ContainerStore(root);
    fs.mkdirSync(store.containerDir(id), { recursive: true });
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    const e = await EmbeddedEngine.open(root);
    try {
      fs.writeFileSync(path.join(store.containerDir(id), 'name-reservation'), reservation(other.pid!));
      const fsckAbout = async (repair = false) => (await e.containers.fsck({ repair })).problems.filter((p) => p.subject.includes(id.slice(0, 12))).map((p) => p.message);
      await fn({ e, other, store, fsckAbout });
    } finally {
      other.kill('SIGKILL');
      await e.snapshots.remove(id).catch(() => undefined);
      await e.dispose();
      fs.rmSync(store.containerDir(id), { recursive: true, force: true });
    }
  };

  it('a reservation whose pid now belongs to another process (reused: another start time) holds nothing', () =>
    // Written by a create that started at clock tick 1 and was killed; its pid is alive again (the sleep).
    withFolder('c'.repeat(64), (pid) => `${pid} 1 /reused\n`, async ({ fsckAbout }) => {
      assert.equal(await new ContainerStore(root).withNames(async (t) => t.get('/reused')), undefined, 'the name is free');
      assert.match((await fsckAbout()).join(' | '), /creation was interrupted/);
    }));

  it("fsck leaves a create still running in another process alone, and reports a killed one's folder", () =>
    // The sleep stands for the creating process.
    withFolder('d'.repeat(64), (pid) => `${pid} /busy\n`, async ({ other, store, fsckAbout }) => {
      assert.deepEqual(await fsckAbout(), [], 'a create in progress is not an interrupted one');
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
      assert.match((await fsckAbout()).join(' | '), /creation was interrupted/);
      await fsckAbout(true);
      assert.ok(!fs.existsSync(store.containerDir('d'.repeat(64))), 'and --repair deletes it');
    }));

  it('fsck, with --repair too, leaves alone the root filesystem a create still running in another process has made', () =>
    withFolder('b'.repeat(64), (pid) => `${pid} /busy2\n`, async ({ e, fsckAbout }) => {
      const id = 'b'.repeat(64);
      // What that create has made so far: its snapshot (the record comes last).
      await e.snapshots.prepare(id, 'busybox', { mount: false });
      assert.deepEqual(await fsckAbout(), [], 'neither the folder nor the snapshot of a create in progress is a problem');
      assert.deepEqual(await fsckAbout(true), []);
      assert.ok(await e.snapshots.get(id).catch(() => undefined), 'the snapshot is still there');
    }));

  it('fsck asks under the names lock: a folder whose create has not written its reservation yet is not an interrupted create', async () => {
    const store = new ContainerStore(root);
    const id = 'a'.repeat(64);
    const other = spawn('sleep', ['60'], { stdio: 'ignore' }); // stands for the creating process
    const e = await EmbeddedEngine.open(root);
    try {
      let fsck: ReturnType<typeof e.containers.fsck> | undefined;
      // What a create in another process does under the names lock: the folder, then the reservation.
      await new ContainerStore(root).withNames(async () => {
        fs.mkdirSync(store.containerDir(id), { recursive: true });
        fsck = e.containers.fsck({ repair: true }); // runs between the two
        await new Promise((r) => setTimeout(r, 500));
        fs.writeFileSync(path.join(store.containerDir(id), 'name-reservation'), `${other.pid} /midway\n`);
      });
      const about = (await fsck!).problems.filter((p) => p.subject.includes(id.slice(0, 12))).map((p) => p.message);
      assert.deepEqual(about, [], 'a create in progress is not an interrupted one');
      assert.ok(fs.existsSync(store.containerDir(id)), 'and --repair left its folder');
    } finally {
      other.kill('SIGKILL');
      await e.dispose();
      fs.rmSync(store.containerDir(id), { recursive: true, force: true });
    }
  });
});
