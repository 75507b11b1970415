// What the extension tells the language server about a built Dockerfile (`stevedore/layerMeasurements`,
// client → server): one figure per layer-making instruction. Shared by the sender
// (client/src/engine/layer/figures.ts) and the server (server/src/facts.ts).

export const LAYER_MEASUREMENTS = 'stevedore/layerMeasurements';

/** One instruction's measured layer. */
export interface LayerMeasurement {
  /** 0-based first and last line of the instruction. */
  startLine: number;
  endLine: number;
  /** Bytes the instruction's layer adds. */
  size: number;
  /** Bytes of it that later layers delete or overwrite (still shipped). */
  wasted: number;
  /**
   * The files the layer stores (absolute paths, bytes each; largest first), as the image's layer
   * analysis lists them: the layer-hygiene findings sum the files they flag from these.
   */
  files?: Array<{ path: string; size: number }>;
  /** `files` was cut short (the layer holds more files than are sent). */
  filesTruncated?: boolean;
}

export interface LayerMeasurementsParams {
  uri: string;
  instructions: LayerMeasurement[];
}
