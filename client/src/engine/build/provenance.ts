import * as fs from 'fs';
import * as path from 'path';
import { readJson, writeJsonAtomic } from '../fsutil';
import type { LayerOrigin } from '../layer/analyze';

/**
 * Which Dockerfile instruction made each layer of an image this engine built, kept beside the
 * build cache as `<root>/build/provenance/<image id>.json`, so the layer analysis (and through
 * it the language server) can put measured sizes on the right lines. Keyed by diff ID, which a
 * push/pull round trip keeps.
 */
interface Provenance {
  dockerfile: string;
  layers: Record<string, Omit<LayerOrigin, 'dockerfile'>>;
}

const file = (root: string, imageId: string) => path.join(root, 'build', 'provenance', `${imageId.replace(/^sha256:/, '')}.json`);

export async function writeProvenance(root: string, imageId: string, dockerfile: string, steps: Array<{ layer?: string; startLine: number; endLine: number; instruction: string }>): Promise<void> {
  const layers: Provenance['layers'] = {};
  for (const s of steps) if (s.layer) layers[s.layer] = { startLine: s.startLine, endLine: s.endLine, text: s.instruction };
  await writeJsonAtomic(file(root, imageId), { dockerfile, layers } satisfies Provenance);
}

export async function readLayerOrigins(root: string, imageId: string): Promise<Map<string, LayerOrigin>> {
  const p = await readJson<Provenance | undefined>(file(root, imageId), undefined).catch(() => undefined);
  const out = new Map<string, LayerOrigin>();
  for (const [diffId, o] of Object.entries(p?.layers ?? {})) out.set(diffId, { dockerfile: p!.dockerfile, ...o });
  return out;
}

/** `builder prune` forgets provenance too. */
export async function pruneProvenance(root: string): Promise<void> {
  await fs.promises.rm(path.join(root, 'build', 'provenance'), { recursive: true, force: true });
}
