import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { userTmpDir } from '../../tmpdir';
import { EngineError } from '../../core/errors';
import { fileKey, inBackground, readJson, readVersioned, withLock, writeFileAtomic, writeJsonAtomic } from '../fsutil';
import { ownerAlive, ProcessOwner, thisProcess } from '../process';
import type { ContainerInspect } from './api';

/** What only Stevedore keeps about a container (next to Docker's inspect fields). */
export interface ContainerPrivate {
  /** The OCI runtime binary this container was created for. */
  runtime: string;
  /** The supervisor's pid while it runs. */
  shimPid?: number;
  /** Set by stop/kill from the user: the restart policy does not restart after it. */
  stopRequested?: boolean;
  /** Unix socket the supervisor serves attach clients on (kept short: sun_path is 108 bytes). */
  attachSocket: string;
  /** slirp4netns's API socket and pid (default network). */
  netSocket: string;
  slirpPid?: number;
  /** Volumes this container created for itself (image VOLUME, bare `-v /path`); `rm -v` removes them. */
  anonymousVolumes: string[];
  /** Set while a commit (pid) has the container paused: if that process dies, the next reader unpauses it. */
  pausedBy?: { op: 'commit'; pid: number };
  /** Set when addresses were allocated for a start that may not be running yet (they count as taken for a minute). */
  netReservedAt?: number;
  /** Runtime config inputs kept for restarts (the config.json is rewritten from them). */
  rootless: boolean;
}

export type ContainerRecord = ContainerInspect & { Stevedore: ContainerPrivate };

/** What a container listing (`ps`) reads of a record: see ContainerStore.listRecords. */
export type ListRecord = Pick<ContainerRecord, 'Id' | 'Name' | 'Created' | 'Path' | 'Args' | 'State' | 'Image' | 'Mounts' | 'Stevedore'> & {
  Config: Pick<ContainerRecord['Config'], 'Image' | 'Labels'>;
  NetworkSettings: Pick<ContainerRecord['NetworkSettings'], 'Ports' | 'Networks'>;
};

/** A record's listing fields (the listing cache keeps these, ~a third of the record). */
function listFields(r: ContainerRecord): ListRecord {
  return {
    Id: r.Id, Name: r.Name, Created: r.Created, Path: r.Path, Args: r.Args, State: r.State, Image: r.Image, Mounts: r.Mounts, Stevedore: r.Stevedore,
    Config: { Image: r.Config.Image, Labels: r.Config.Labels }, NetworkSettings: { Ports: r.NetworkSettings.Ports, Networks: r.NetworkSettings.Networks },
  };
}

const byCreatedDesc = (a: { Created: string }, b: { Created: string }) => (a.Created < b.Created ? 1 : a.Created > b.Created ? -1 : 0);

const ID_RE = /^[a-f0-9]{64}$/;
/** Records all() reads before it lets the event loop run. */
const ALL_CHUNK = 100;
/** The file in a container's folder that holds its name while it is being created (ContainerStore.reserveName). */
const RESERVATION = 'name-reservation';
export const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** A short socket path for `what` of container `id` under this data root. */
export function socketPath(root: string, id: string, what: string): string {
  const h = crypto.createHash('sha256').update(`${root}\0${id}\0${what}`).digest('hex').slice(0, 20);
  return path.join(userTmpDir(), `${h}.sock`);
}

/**
 * Containers on disk: `<root>/containers/<id>/config.v2.json` (Docker's inspect document plus
 * `Stevedore`), the runtime bundle, the json-file log and the /etc files it mounts. Every
 * read-modify-write goes through `update`, under the container's cross-process lock, because the
 * supervisor (another process) writes the state while the CLI or the extension changes the rest.
 */
export class ContainerStore {
  readonly dir: string;

  constructor(readonly root: string) {
    this.dir = path.join(root, 'containers');
  }

  containerDir(id: string): string {
    if (!ID_RE.test(id)) throw new EngineError('invalid-argument', `invalid container ID "${id}"`);
    return path.join(this.dir, id);
  }

  recordFile(id: string): string {
    return path.join(this.containerDir(id), 'config.v2.json');
  }

  async ids(): Promise<string[]> {
    // Synchronous, as the records are read (all()): one folder, and a CLI `ps` that never
    // touches fs.promises does not load it (Node's internal/fs/promises brings readline's
    // interface and the stream machinery with it).
    try {
      return fs.readdirSync(this.dir).filter((n) => ID_RE.test(n));
    } catch {
      return [];
    }
  }

  async read(id: string): Promise<ContainerRecord | undefined> {
    return readJson<ContainerRecord | undefined>(this.recordFile(id), undefined).catch(() => undefined);
  }

  /**
   * Every record, newest first. Records are small: they are read synchronously, ALL_CHUNK at a
   * time with the event loop let run between chunks, which costs a fraction of fs.promises'
   * open/stat/read/close round trips through the thread pool (1,000 records: ~120 ms -> ~35 ms).
   */
  async all(): Promise<ContainerRecord[]> {
    const ids = await this.ids();
    if (this.parsed.size > ids.length) {
      const present = new Set(ids);
      for (const id of this.parsed.keys()) if (!present.has(id)) this.parsed.delete(id);
    }
    const out: ContainerRecord[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (i && i % ALL_CHUNK === 0) await new Promise((r) => setImmediate(r));
      const rec = this.readSync(ids[i]);
      if (rec) out.push(rec);
    }
    // ISO 8601 times of one format order as strings (localeCompare would be many times slower).
    return out.sort(byCreatedDesc);
  }

  /**
   * Every record's listing fields (ListRecord), newest first, for `ps`, through
   * `containers/list-cache.json` (see refreshCache): 200 containers cost 200 stats and one parse
   * of ~200 kB instead of 200 opens, reads and parses of ~570 kB (~10 -> ~4 ms of a `ps -a`).
   */
  async listRecords(): Promise<ListRecord[]> {
    const entries = await this.refreshCache<{ key: string; rec: ListRecord }>({
      file: 'list-cache.json',
      entries: (json) => (json as { entries?: Record<string, { key: string; rec: ListRecord }> }).entries ?? {},
      save: (next) => ({ entries: next }),
      make: (r) => ({ key: r.key, rec: listFields(r.rec) }),
      yieldEvery: ALL_CHUNK,
    });
    return Object.values(entries).map((e) => e.rec).sort(byCreatedDesc);
  }

  /**
   * One pass of a cache kept beside the records (names-cache.json, list-cache.json): each entry
   * holds what the cache needs of a record beside the key of the record file it came from (see
   * `parsed`), so a new process (each CLI `ps`, `create`) stats the records and reads only those
   * that changed since. It is a cache no writer has to keep: a record created, changed, renamed
   * or removed by any process (an older Stevedore too) has another key or none, and is read
   * again; a missing or unreadable cache file is rebuilt. Written only when an entry changed,
   * after the answer, without fsync or indentation (a lost one costs one full read). A
   * long-lived process (the API service, the extension) starts from what it found last instead
   * of reading the file again. `unrecorded`: a folder without a record file (a create in
   * progress, or one that was killed); `yieldEvery`: records read between event-loop turns.
   */
  private async refreshCache<E extends { key: string }>(c: {
    file: string;
    entries(json: unknown): Record<string, E>;
    save(next: Record<string, E>): unknown;
    make(r: { key: string; rec: ContainerRecord }): E;
    unrecorded?(id: string): void;
    yieldEvery?: number;
  }): Promise<Record<string, E>> {
    const file = path.join(this.dir, c.file);
    let cached = this.lastCaches.get(c.file) as Record<string, E> | undefined;
    if (!cached) {
      try {
        cached = c.entries(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch {
        cached = {}; // none yet, or unreadable: every record is read
      }
    }
    const ids = await this.ids();
    const next: Record<string, E> = {};
    let changed = false;
    for (let i = 0; i < ids.length; i++) {
      if (c.yieldEvery && i && i % c.yieldEvery === 0) await new Promise((r) => setImmediate(r));
      const id = ids[i];
      let e: E | undefined = cached[id];
      const key = this.recordKey(id);
      if (key === undefined) {
        c.unrecorded?.(id);
        changed ||= id in cached;
        continue;
      }
      if (e?.key !== key) {
        const r = this.readKeyed(id);
        e = r && c.make(r);
        // An unreadable record that was not cached either changes nothing.
        changed ||= !!e || id in cached;
      }
      if (!e) continue;
      next[id] = e;
    }
    // Unchanged entries all came from the cache: one fewer is a record that went.
    changed ||= Object.keys(next).length !== Object.keys(cached).length;
    this.lastCaches.set(c.file, next);
    if (changed) inBackground(writeFileAtomic(file, JSON.stringify(c.save(next)), { createDir: false, durable: false }));
    return next;
  }

  /** What refreshCache found last in this process, by cache file (each entry is checked against its record's key before use). */
  private readonly lastCaches = new Map<string, Record<string, { key: string }>>();

  /**
   * Records as last parsed by this process, by the file they came from: a record is replaced by a
   * rename on every change (writeJsonAtomic: a new inode, size and time), so a file with the same
   * inode, size and mtime holds the same record. A long-lived process (the API service, the
   * extension) then lists 200 containers with 200 open/fstat/close, not 200 reads and parses.
   * Records are not changed in place by callers (update() reads its own copy).
   */
  private readonly parsed = new Map<string, { key: string; rec: ContainerRecord }>();

  /** A record (`id` as ids() gives it), or undefined when it is gone or unreadable (as read()). */
  private readSync(id: string): ContainerRecord | undefined {
    return this.readKeyed(id)?.rec;
  }

  /** readSync, with the key of the file it came from (see `parsed`). */
  private readKeyed(id: string): { key: string; rec: ContainerRecord } | undefined {
    try {
      const hit = this.parsed.get(id);
      const { key, text } = readVersioned(`${this.dir}${path.sep}${id}${path.sep}config.v2.json`, hit?.key);
      if (text === undefined) return hit;
      const entry = { key, rec: JSON.parse(text) as ContainerRecord };
      this.parsed.set(id, entry);
      return entry;
    } catch {
      this.parsed.delete(id);
      return undefined;
    }
  }

  /** The key readKeyed would give the record's file now, without reading it; undefined when it is gone. */
  private recordKey(id: string): string | undefined {
    const st = fs.statSync(`${this.dir}${path.sep}${id}${path.sep}config.v2.json`, { bigint: true, throwIfNoEntry: false });
    return st && fileKey(st);
  }

  /**
   * Every container's name (`/name` → ID) as withNames needs it, through
   * `containers/names-cache.json` (see refreshCache). A folder without a record is a create in
   * progress (or one that was killed): its name, from the reservation withNames' caller wrote
   * under the lock (`reserveName`), counts as taken while the process that wrote it lives.
   */
  private async names(): Promise<Map<string, string>> {
    const taken = new Map<string, string>();
    const entries = await this.refreshCache<{ key: string; name: string }>({
      file: 'names-cache.json',
      entries: (json) => json as Record<string, { key: string; name: string }>,
      save: (next) => next,
      make: (r) => ({ key: r.key, name: r.rec.Name }),
      unrecorded: (id) => {
        const reserved = this.heldName(id);
        if (reserved) taken.set(reserved, id);
      },
    });
    for (const [id, e] of Object.entries(entries)) taken.set(e.name, id);
    return taken;
  }

  /**
   * Holds `name` for container `id` (its folder exists, its record not yet) until the record is
   * written: called under withNames' lock, so a create running at the same time in another
   * process sees the name as taken. The holder goes with it as a ProcessOwner (pid and start
   * time, so a pid the kernel reused does not hold the name of a create that was killed): a
   * create that was killed holds nothing (fsck deletes its folder).
   */
  async reserveName(id: string, name: string): Promise<void> {
    const { pid, start } = thisProcess();
    await fs.promises.writeFile(path.join(this.containerDir(id), RESERVATION), `${pid}${start ? ` ${start}` : ''} /${name.replace(/^\//, '')}\n`);
  }

  /** Whether another process that lives is creating `id` (a folder with a reservation of its, no record yet). */
  creating(id: string): boolean {
    const r = this.reservation(id);
    return !!r && r.owner.pid !== process.pid && ownerAlive(r.owner);
  }

  /** The name a create in progress holds for `id` (see reserveName), if its process lives. */
  private heldName(id: string): string | undefined {
    const r = this.reservation(id);
    return r && ownerAlive(r.owner) ? r.name : undefined;
  }

  /** `id`'s name reservation (`<pid> [<start>] /<name>`), if it has a whole one. */
  private reservation(id: string): { owner: ProcessOwner; name: string } | undefined {
    let text: string;
    try {
      text = fs.readFileSync(`${this.dir}${path.sep}${id}${path.sep}${RESERVATION}`, 'utf8');
    } catch {
      return undefined;
    }
    const m = /^(\d+)(?: (\d+))? (\/\S+)\n$/.exec(text);
    return m ? { owner: { pid: Number(m[1]), ...(m[2] ? { start: m[2] } : {}) }, name: m[3] } : undefined;
  }

  /** A container by full ID, unique ID prefix, or name (with or without the leading `/`). */
  async resolve(idOrName: string): Promise<ContainerRecord> {
    // A full ID (what create returned, what the API and the supervisor pass) is one record, not a scan.
    if (ID_RE.test(idOrName)) {
      const rec = this.readSync(idOrName);
      if (rec) return rec;
    }
    const all = await this.all();
    const name = idOrName.startsWith('/') ? idOrName : `/${idOrName}`;
    const exact = all.find((c) => c.Id === idOrName) ?? all.find((c) => c.Name === name);
    if (exact) return exact;
    if (/^[a-f0-9]+$/.test(idOrName)) {
      const hits = all.filter((c) => c.Id.startsWith(idOrName));
      if (hits.length === 1) return hits[0];
      if (hits.length > 1) throw new EngineError('invalid-argument', `multiple IDs found with provided prefix: ${idOrName}`);
    }
    throw new EngineError('not-found', `No such container: ${idOrName}`);
  }

  async write(rec: ContainerRecord): Promise<void> {
    await writeJsonAtomic(this.recordFile(rec.Id), rec);
  }

  /** Changes the record under its lock; `fn` returns the new record (or mutates and returns it). */
  async update(id: string, fn: (r: ContainerRecord) => ContainerRecord | Promise<ContainerRecord>): Promise<ContainerRecord> {
    return withLock(this.root, `container-${id}`, async () => {
      const r = await this.read(id);
      if (!r) throw new EngineError('not-found', `No such container: ${id}`);
      const next = await fn(r);
      await this.write(next);
      return next;
    });
  }

  /** Names taken (`/name` → container ID), checked and set under one lock so two creates cannot share a name. */
  async withNames<T>(fn: (taken: Map<string, string>) => Promise<T>): Promise<T> {
    return withLock(this.root, 'container-names', async () => fn(await this.names()));
  }
}

// Docker's name generator idea (moby/pkg/namesgenerator): adjective_surname. Word lists are ours.
const ADJECTIVES = ['brave', 'calm', 'eager', 'fond', 'gallant', 'happy', 'jolly', 'keen', 'lucid', 'merry', 'nifty', 'proud', 'quirky', 'sharp', 'tender', 'vibrant', 'wise', 'zen'];
const NAMES = ['babbage', 'curie', 'dijkstra', 'euler', 'feynman', 'goldberg', 'hopper', 'kare', 'lovelace', 'meitner', 'noether', 'pike', 'ritchie', 'shannon', 'thompson', 'turing', 'wozniak', 'yonath'];

export function randomName(taken: { has(name: string): boolean }): string {
  for (let i = 0; ; i++) {
    const n = `${ADJECTIVES[crypto.randomInt(ADJECTIVES.length)]}_${NAMES[crypto.randomInt(NAMES.length)]}${i > 10 ? crypto.randomInt(10) : ''}`;
    if (!taken.has(`/${n}`)) return n;
  }
}
