// The per-instruction figures of a build, as the language server's `stevedore/layerMeasurements`
// takes them: the layer each layer-making step made, its size and waste from the image's layer
// analysis, and the files it stores (the layer-hygiene findings sum the files they flag from these).
// No vscode import: the UI sends them, tests build them the same way.
import type { BuildResult } from '../build/api';
import type { ImageAnalysis } from './analyze';

export { LAYER_MEASUREMENTS } from '../../core/measurements';
export type { LayerMeasurement } from '../../core/measurements';
import type { LayerMeasurement } from '../../core/measurements';

/** Files sent per layer (the largest): enough for any layer a Dockerfile line makes by hand; bounds the message. */
export const MAX_FILES = 20_000;


/**
 * The per-instruction figures of a build: each step that made a layer, with the layer's size and
 * (from the image's analysis) the bytes of it later layers delete or overwrite. A step of a stage
 * that is not in the final image keeps its size with no waste (nothing later in the image covers it).
 */
export function layerMeasurements(result: BuildResult, analysis: ImageAnalysis | undefined): LayerMeasurement[] {
  const layers = analysis?.layers ?? [];
  const claimed = new Set<number>();
  const out: LayerMeasurement[] = [];
  for (const step of result.steps) {
    if (!step.layer) continue;
    // The image's layer this step made: by Dockerfile line when the analysis knows it, else the first unclaimed one with its diff ID.
    let layer = layers.find((l) => !claimed.has(l.index) && l.diffId === step.layer && l.instruction?.startLine === step.startLine);
    layer ??= layers.find((l) => !claimed.has(l.index) && l.diffId === step.layer);
    if (layer) claimed.add(layer.index);
    const size = step.size ?? layer?.size;
    if (size === undefined) continue;
    const files = (layer?.files ?? []).filter((f) => f.change !== 'deleted' && f.size > 0).sort((x, y) => y.size - x.size);
    out.push({
      startLine: step.startLine, endLine: step.endLine, size, wasted: layer?.wastedBytes ?? 0,
      ...(layer ? { files: files.slice(0, MAX_FILES).map((f) => ({ path: `/${f.path.replace(/^\/+/, '')}`, size: f.size })), ...(files.length > MAX_FILES ? { filesTruncated: true } : {}) } : {}),
    });
  }
  // One figure per instruction (a Dockerfile line cannot show two).
  const byLine = new Map<number, LayerMeasurement>();
  for (const m of out) byLine.set(m.startLine, m);
  return [...byLine.values()].sort((a, b) => a.startLine - b.startLine);
}
