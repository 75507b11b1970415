import * as fs from 'fs';
import * as path from 'path';
import { ContentStore } from '../content/store';
import { EventJournal } from '../events';
import { ImageStore } from '../image/store';
import { Snapshotter } from '../snapshot';
import { stopSlirp } from './network';
import { Runtime } from './runtime';
import { ContainerStore } from './store';
import { VolumeStore } from './volumes';

/**
 * Deletes a stopped container: first its folder is renamed away (from then on it is not listed;
 * a crash after this leaves a `.trash-*` folder and maybe a snapshot, which `fsck` removes),
 * then the runtime state, the root filesystem, and with `volumes` its anonymous volumes.
 * Shared by the service and by the supervisor (`--rm`).
 */
export async function removeContainerFiles(root: string, id: string, opts: { volumes?: boolean; snapshotter?: Snapshotter; volumeStore?: VolumeStore; events?: EventJournal } = {}): Promise<void> {
  const store = new ContainerStore(root);
  const rec = await store.read(id);
  if (!rec) return;
  const dir = store.containerDir(id);
  const trash = path.join(store.dir, `.trash-${id}`);
  await fs.promises.rm(trash, { recursive: true, force: true });
  await fs.promises.rename(dir, trash);
  stopSlirp(trash);
  await new Runtime(rec.Stevedore.runtime, root).delete(id);
  const own = !opts.events;
  const events = opts.events ?? new EventJournal(root);
  try {
    let snaps = opts.snapshotter;
    if (!snaps) {
      const content = new ContentStore(root);
      snaps = new Snapshotter({ dataRoot: root, content, images: new ImageStore(root, content, events) });
    }
    await snaps.remove(id).catch(() => undefined);
    if (opts.volumes && rec.Stevedore.anonymousVolumes.length) {
      const vols = opts.volumeStore ?? new VolumeStore(root, events);
      for (const v of rec.Stevedore.anonymousVolumes) await vols.remove(v, { force: true }).catch(() => undefined);
    }
    await fs.promises.rm(trash, { recursive: true, force: true });
    fs.rmSync(rec.Stevedore.attachSocket, { force: true });
    // The record lock's (empty) target file: one per container ever made otherwise. The lock
    // itself is proper-lockfile's `.lock` folder beside it, so this never breaks a holder.
    fs.rmSync(path.join(root, 'locks', `container-${id}`), { force: true });
    events.emit('container.destroy', id, { name: rec.Name.slice(1), image: rec.Config.Image });
  } finally {
    if (own) events.dispose();
  }
}
