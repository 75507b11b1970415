import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContainerRecord, ContainerStore } from '../../../client/src/engine/container/store';
import { settleBackgroundWrites } from '../../../client/src/engine/fsutil';

/**
 * ContainerStore.all() keeps the records it parsed (by inode, size and mtime of their file): a
 * process that lists again must still see every change, its own and another process's.
 */
describe('container store listing', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-ctrstore-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const record = (n: number, name: string, status = 'created') => ({
    Id: String(n).repeat(64).slice(0, 64).replace(/[^0-9a-f]/g, 'a'),
    Name: `/${name}`,
    Created: `2026-01-0${n}T00:00:00.000Z`,
    State: { Status: status },
  }) as unknown as ContainerRecord;

  it('a repeated listing follows writes, renames, removals and new records from another store on the same root', async () => {
    const mine = new ContainerStore(root);
    const other = new ContainerStore(root); // another process
    const a = record(1, 'alpha');
    const b = record(2, 'beta');
    for (const r of [a, b]) {
      fs.mkdirSync(mine.containerDir(r.Id), { recursive: true });
      await other.write(r);
    }
    const view = async () => (await mine.all()).map((r) => `${r.Name} ${r.State.Status}`);
    assert.deepStrictEqual(await view(), ['/beta created', '/alpha created']);
    assert.deepStrictEqual(await view(), ['/beta created', '/alpha created'], 'unchanged');
    await other.write({ ...a, State: { ...a.State, Status: 'running' } });
    assert.deepStrictEqual(await view(), ['/beta created', '/alpha running'], "the other store's state change");
    await other.update(b.Id, (r) => ({ ...r, Name: '/gamma' }));
    assert.deepStrictEqual(await view(), ['/gamma created', '/alpha running'], "the other store's rename");
    assert.strictEqual((await mine.resolve('gamma')).Id, b.Id);
    assert.strictEqual((await mine.resolve(a.Id)).State.Status, 'running', 'by full ID');
    fs.rmSync(other.containerDir(a.Id), { recursive: true });
    assert.deepStrictEqual(await view(), ['/gamma created'], 'removed by the other store');
    await assert.rejects(mine.resolve(a.Id), /No such container/);
    const c = record(3, 'delta');
    fs.mkdirSync(other.containerDir(c.Id), { recursive: true });
    await other.write(c);
    assert.deepStrictEqual(await view(), ['/delta created', '/gamma created'], 'a new record');
  });

  it('the names create and rename check follow every change from any process, also with a stale, missing or broken names cache', async () => {
    // Each step uses a new store: a new process, which knows only what is on disk.
    const names = async () => {
      const taken = await new ContainerStore(root).withNames(async (t) => Object.fromEntries([...t].sort()));
      await settleBackgroundWrites(); // the cache is written after the answer, as a CLI process does before it exits
      return taken;
    };
    const store = new ContainerStore(root);
    const a = record(1, 'alpha');
    const b = record(2, 'beta');
    for (const r of [a, b]) {
      fs.mkdirSync(store.containerDir(r.Id), { recursive: true });
      await store.write(r);
    }
    assert.deepStrictEqual(await names(), { '/alpha': a.Id, '/beta': b.Id });
    const cache = path.join(root, 'containers', 'names-cache.json');
    assert.ok(fs.existsSync(cache), 'the cache is written');
    // A rename that does not go through withNames (an older Stevedore, a crash after the record was written).
    await store.update(a.Id, (r) => ({ ...r, Name: '/omega' }));
    assert.deepStrictEqual(await names(), { '/beta': b.Id, '/omega': a.Id });
    fs.rmSync(store.containerDir(b.Id), { recursive: true });
    assert.deepStrictEqual(await names(), { '/omega': a.Id }, 'a removed container frees its name');
    const c = record(3, 'beta');
    fs.mkdirSync(store.containerDir(c.Id), { recursive: true });
    await store.write(c);
    assert.deepStrictEqual(await names(), { '/beta': c.Id, '/omega': a.Id }, 'a new record');
    fs.writeFileSync(cache, '{"broken');
    assert.deepStrictEqual(await names(), { '/beta': c.Id, '/omega': a.Id }, 'a broken cache is rebuilt');
    fs.rmSync(cache);
    assert.deepStrictEqual(await names(), { '/beta': c.Id, '/omega': a.Id }, 'a missing cache is rebuilt');
  });

  it('the listing fields a new process reads (list-cache.json) follow every change from any process, also with a stale, missing or broken cache', async () => {
    // Each step uses a new store: a new process, which knows only what is on disk.
    const view = async (store = new ContainerStore(root)) => {
      const rows = (await store.listRecords()).map((r) => `${r.Name} ${r.State.Status} ${r.Config.Image}`);
      await settleBackgroundWrites(); // the cache is written after the answer, as a CLI process does before it exits
      return rows;
    };
    const store = new ContainerStore(root);
    const full = (n: number, name: string) => ({ ...record(n, name), Path: 'true', Args: [], Image: 'sha256:x', Mounts: [], Stevedore: {}, Config: { Image: `img${n}`, Labels: {} }, NetworkSettings: { Ports: {}, Networks: {} } }) as unknown as ContainerRecord;
    const a = full(1, 'alpha');
    const b = full(2, 'beta');
    for (const r of [a, b]) {
      fs.mkdirSync(store.containerDir(r.Id), { recursive: true });
      await store.write(r);
    }
    assert.deepStrictEqual(await view(), ['/beta created img2', '/alpha created img1']);
    const cache = path.join(root, 'containers', 'list-cache.json');
    assert.ok(fs.existsSync(cache), 'the cache is written');
    assert.deepStrictEqual(await view(), ['/beta created img2', '/alpha created img1'], 'from the cache');
    // Another process starts a container (the supervisor's state write) and renames another.
    await store.update(a.Id, (r) => ({ ...r, State: { ...r.State, Status: 'exited' } }));
    await store.update(b.Id, (r) => ({ ...r, Name: '/gamma' }));
    assert.deepStrictEqual(await view(), ['/gamma created img2', '/alpha exited img1']);
    fs.rmSync(store.containerDir(a.Id), { recursive: true });
    assert.deepStrictEqual(await view(), ['/gamma created img2'], 'a removed container is gone');
    const c = full(3, 'delta');
    fs.mkdirSync(store.containerDir(c.Id), { recursive: true });
    await store.write(c);
    assert.deepStrictEqual(await view(), ['/delta created img3', '/gamma created img2'], 'a new record');
    // A folder without a record (a create in progress) is not listed.
    fs.mkdirSync(store.containerDir('f'.repeat(64)), { recursive: true });
    assert.deepStrictEqual(await view(), ['/delta created img3', '/gamma created img2']);
    fs.writeFileSync(cache, '{"broken');
    assert.deepStrictEqual(await view(), ['/delta created img3', '/gamma created img2'], 'a broken cache is rebuilt');
    fs.rmSync(cache);
    assert.deepStrictEqual(await view(), ['/delta created img3', '/gamma created img2'], 'a missing cache is rebuilt');
    // One long-lived store (the API service) sees another's changes too.
    const service = new ContainerStore(root);
    assert.deepStrictEqual(await view(service), ['/delta created img3', '/gamma created img2']);
    await new ContainerStore(root).update(c.Id, (r) => ({ ...r, State: { ...r.State, Status: 'running' } }));
    assert.deepStrictEqual(await view(service), ['/delta running img3', '/gamma created img2'], "another process's change, seen by a store that listed before");
  });

  it('a folder without a record (a killed create) or an unreadable record does not make every ps or create write its cache again', async () => {
    const store = new ContainerStore(root);
    const a = { ...record(1, 'alpha'), Path: 'true', Args: [], Image: 'sha256:x', Mounts: [], Stevedore: {}, Config: { Image: 'img1', Labels: {} }, NetworkSettings: { Ports: {}, Networks: {} } } as unknown as ContainerRecord;
    fs.mkdirSync(store.containerDir(a.Id), { recursive: true });
    await store.write(a);
    fs.mkdirSync(store.containerDir('f'.repeat(64)), { recursive: true }); // a create that was killed before its record
    fs.mkdirSync(store.containerDir('e'.repeat(64)), { recursive: true });
    fs.writeFileSync(path.join(store.containerDir('e'.repeat(64)), 'config.v2.json'), '{"torn'); // unreadable
    // Each step a new store: a new process (a CLI `ps`, a CLI `create`).
    const ps = async () => {
      const rows = (await new ContainerStore(root).listRecords()).map((r) => r.Name);
      await settleBackgroundWrites();
      return rows;
    };
    const names = async () => {
      const taken = await new ContainerStore(root).withNames(async (t) => [...t.keys()]);
      await settleBackgroundWrites();
      return taken;
    };
    const keyOf = (f: string) => {
      const st = fs.statSync(path.join(root, 'containers', f), { bigint: true });
      return `${st.ino}:${st.mtimeNs}`;
    };
    assert.deepStrictEqual(await ps(), ['/alpha']);
    assert.deepStrictEqual(await names(), ['/alpha']);
    const written = { list: keyOf('list-cache.json'), names: keyOf('names-cache.json') };
    assert.deepStrictEqual(await ps(), ['/alpha']);
    assert.deepStrictEqual(await names(), ['/alpha']);
    assert.deepStrictEqual({ list: keyOf('list-cache.json'), names: keyOf('names-cache.json') }, written, 'nothing changed: neither cache is written again');
    fs.rmSync(store.containerDir(a.Id), { recursive: true });
    assert.deepStrictEqual(await ps(), [], 'a removed record still leaves the listing');
    assert.deepStrictEqual(await names(), [], 'and frees its name');
  });
});
