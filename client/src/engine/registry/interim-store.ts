import * as path from 'path';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError } from '../errors';
import { readJson, withLock, writeJsonAtomic } from '../fsutil';
import type { LocalImage, RegistryImageStore } from './service';

/**
 * INTERIM: a minimal tag store so pull/push can be exercised before engine/image lands.
 * It is replaced by the image engineer's ImageStore (same contract: RegistryImageStore);
 * delete this file then.
 */
export class InterimImageStore implements RegistryImageStore {
  private readonly file: string;

  constructor(
    private readonly root: string,
    private readonly content: ContentStore,
  ) {
    this.file = path.join(root, 'interim-images.json');
  }

  private async load(): Promise<Record<string, { manifest: Descriptor; repoDigests: string[] }>> {
    return readJson(this.file, {});
  }

  async tag(ref: string, manifest: Descriptor, opts: { repoDigest?: string } = {}): Promise<void> {
    const m = JSON.parse((await this.content.read(manifest.digest)).toString()) as { config: Descriptor; layers: Descriptor[] };
    for (const d of [m.config, ...m.layers]) {
      if (!(await this.content.has(d.digest))) throw new EngineError('not-found', `cannot tag ${ref}: blob ${d.digest} is missing`);
    }
    await withLock(this.root, 'interim-images', async () => {
      const db = await this.load();
      const prev = db[ref]?.manifest.digest === manifest.digest ? db[ref].repoDigests : [];
      db[ref] = { manifest, repoDigests: [...new Set([...prev, ...(opts.repoDigest ? [opts.repoDigest] : [])])] };
      await writeJsonAtomic(this.file, db);
    });
  }

  async resolve(ref: string): Promise<LocalImage | undefined> {
    const db = await this.load();
    const e = db[ref];
    if (!e) return undefined;
    const m = JSON.parse((await this.content.read(e.manifest.digest)).toString()) as { config: Descriptor };
    // One image, many names: every tag and repo digest recorded for the same manifest.
    const same = Object.entries(db).filter(([, v]) => v.manifest.digest === e.manifest.digest);
    return { id: m.config.digest, manifest: e.manifest, repoTags: same.map(([k]) => k), repoDigests: [...new Set(same.flatMap(([, v]) => v.repoDigests))] };
  }

  async list(): Promise<LocalImage[]> {
    const out: LocalImage[] = [];
    for (const ref of Object.keys(await this.load())) out.push((await this.resolve(ref))!);
    return out;
  }
}
