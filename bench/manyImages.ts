import { ContentStore } from '../client/src/engine/content/store';
import { EventJournal } from '../client/src/engine/events';
import { ImageStore } from '../client/src/engine/image/store';
import { MediaTypes } from '../client/src/engine/image/types';
import { buildBusyboxImage } from '../test/support/images';

/**
 * `count` images in `root` for the listing benchmarks: the busybox layer shared, each with its
 * own config (a label), so each is a distinct image; tagged `<prefix>-NN:vI` over `repositories`
 * repositories. Returns the references.
 */
export async function makeManyImages(root: string, count: number, prefix: string, repositories: number): Promise<string[]> {
  const content = new ContentStore(root);
  const events = new EventJournal(root);
  const store = new ImageStore(root, content, events);
  try {
    const base = await buildBusyboxImage(content);
    const refs: string[] = [];
    for (let i = 0; i < count; i++) {
      const config = { ...base.config, config: { ...base.config.config, Labels: { 'bench.index': String(i) } } };
      const configDesc = { mediaType: MediaTypes.dockerConfig, ...(await content.put(Buffer.from(JSON.stringify(config)))) };
      const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: configDesc, layers: [base.layer] }));
      const ref = `${prefix}-${String(i % repositories).padStart(2, '0')}:v${i}`;
      await store.tag(ref, { mediaType: MediaTypes.dockerManifest, ...(await content.put(manifest)) });
      refs.push(ref);
    }
    return refs;
  } finally {
    events.dispose();
  }
}
