import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { matchLabel } from '../../core/flags';
import type { EventJournal } from '../events';
import { treeSize, readJson, withLock, writeJsonAtomic } from '../fsutil';
import type { VolumeInspect, VolumesApi } from './api';

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/**
 * Named and anonymous volumes of the `local` driver: `<root>/volumes/<name>/_data` plus a
 * `volume.json` record, as dockerd lays them out. A volume lives until it is removed; which
 * containers use it is asked of the container store (`usedBy`), so a volume in use cannot go.
 */
export class VolumeStore implements VolumesApi {
  readonly dir: string;
  /** Set by the container service: IDs of containers whose mounts name the volume. */
  usedBy: (name: string) => Promise<string[]> = async () => [];

  constructor(private readonly root: string, private readonly events: EventJournal) {
    this.dir = path.join(root, 'volumes');
  }

  private recordFile(name: string): string {
    return path.join(this.dir, name, 'volume.json');
  }

  async create(opts: { name?: string; labels?: Record<string, string>; anonymous?: boolean } = {}): Promise<VolumeInspect> {
    const name = opts.name || crypto.randomBytes(32).toString('hex');
    if (!NAME_RE.test(name)) throw new EngineError('invalid-argument', `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    let created = false;
    const rec = await withLock(this.root, 'volumes', async () => {
      const existing = await readJson<VolumeInspect | undefined>(this.recordFile(name), undefined);
      if (existing) return existing;
      const v: VolumeInspect = {
        Name: name, Driver: 'local', Mountpoint: path.join(this.dir, name, '_data'), CreatedAt: new Date().toISOString(),
        Labels: opts.labels ?? {}, Scope: 'local', Options: null, ...(opts.anonymous ? { Anonymous: true } : {}),
      };
      await fs.promises.mkdir(v.Mountpoint, { recursive: true, mode: 0o755 });
      await writeJsonAtomic(this.recordFile(name), v);
      created = true;
      return v;
    });
    if (created) this.events.emit('volume.create', name, { driver: 'local' });
    return rec;
  }

  async inspect(name: string): Promise<VolumeInspect> {
    const v = NAME_RE.test(name) ? await readJson<VolumeInspect | undefined>(this.recordFile(name), undefined) : undefined;
    if (!v) throw new EngineError('not-found', `get ${name}: no such volume`);
    return v;
  }

  async has(name: string): Promise<boolean> {
    return NAME_RE.test(name) && fs.existsSync(this.recordFile(name));
  }

  async list(opts: { filters?: Record<string, string[]> } = {}): Promise<VolumeInspect[]> {
    const out: VolumeInspect[] = [];
    for (const n of (await fs.promises.readdir(this.dir).catch(() => [] as string[])).sort()) {
      const v = await readJson<VolumeInspect | undefined>(this.recordFile(n), undefined).catch(() => undefined);
      if (!v) continue;
      const f = opts.filters ?? {};
      if (f.name && !f.name.some((x) => v.Name.includes(x))) continue;
      if (f.dangling) {
        const dangling = (await this.usedBy(v.Name)).length === 0;
        if (!f.dangling.some((x) => (x === 'true' || x === '1') === dangling)) continue;
      }
      if (f.label && !f.label.every((l) => matchLabel(v.Labels, l))) continue;
      out.push(v);
    }
    return out;
  }

  async remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    const v = await this.inspect(name).catch((e) => {
      if (opts.force) return undefined;
      throw e;
    });
    if (!v) return;
    const users = await this.usedBy(name);
    if (users.length) throw new EngineError('conflict', `remove ${name}: volume is in use - [${users.join(', ')}]`);
    await withLock(this.root, 'volumes', async () => {
      // Record first: a crash after this leaves a folder without a record, which fsck/prune clear.
      const trash = path.join(this.dir, `.trash-${name}-${process.pid}`);
      await fs.promises.rename(path.join(this.dir, name), trash);
      await fs.promises.rm(trash, { recursive: true, force: true });
    });
    this.events.emit('volume.destroy', name, { driver: 'local' });
  }

  /** `system df`'s Local Volumes row: in use by a container = active; the rest is reclaimable. */
  async usage(): Promise<{ total: number; active: number; size: number; reclaimable: number }> {
    const out = { total: 0, active: 0, size: 0, reclaimable: 0 };
    for (const v of await this.list()) {
      const bytes = treeSize(v.Mountpoint);
      const used = (await this.usedBy(v.Name)).length > 0;
      out.total++;
      out.size += bytes;
      if (used) out.active++;
      else out.reclaimable += bytes;
    }
    return out;
  }

  /** `volume prune`: unused anonymous volumes (all unused ones with `all`), as Docker 23+ does. */
  async prune(opts: { all?: boolean } = {}): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let bytes = 0;
    for (const v of await this.list()) {
      if (!opts.all && !v.Anonymous) continue;
      if ((await this.usedBy(v.Name)).length) continue;
      bytes += treeSize(v.Mountpoint);
      await this.remove(v.Name);
      deleted.push(v.Name);
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: bytes };
  }
}

export { treeSize };
