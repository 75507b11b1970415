import * as crypto from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';

export { LAYER_MEASUREMENTS, layerMeasurements } from '../engine/layer/figures';
export type { LayerMeasurement } from '../engine/layer/figures';
import { LAYER_MEASUREMENTS, LayerMeasurement } from '../engine/layer/figures';

/** What the bridge needs of the language client (kept structural: the client lives in its own bundle). */
export interface MeasurementsClient {
  sendNotification(method: string, params: unknown): Promise<void>;
  code2ProtocolConverter: { asUri(uri: vscode.Uri): string };
}

interface Stored {
  /** sha256 of the Dockerfile as built. */
  hash: string;
  instructions: LayerMeasurement[];
}

const STATE_KEY = 'stevedore.layerMeasurements';
/** Dockerfiles whose figures are remembered across sessions. */
const MAX_STORED = 50;

/**
 * Carries the build's layer figures to the language server: sends them when a build finishes,
 * again when the language client (re)starts, and remembers them in the workspace state so a
 * Dockerfile that has not changed since its build shows its figures in the next session too.
 */
export class MeasurementsBridge {
  /** The figures last sent per Dockerfile (file system path). */
  readonly sent = new Map<string, LayerMeasurement[]>();
  private client?: MeasurementsClient;
  private readonly changed = new vscode.EventEmitter<{ file: string; instructions: LayerMeasurement[] }>();
  /** Fires after figures were handed to the language client. */
  readonly onDidSend = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The language client is running: send it what is known (this session's builds, then remembered ones that still match their file). */
  async attach(client: MeasurementsClient): Promise<void> {
    this.client = client;
    const stored = this.state.get<Record<string, Stored>>(STATE_KEY, {});
    for (const [file, s] of Object.entries(stored)) {
      if (this.sent.has(file)) continue;
      const hash = await hashFile(file);
      if (hash === s.hash) await this.send(file, s.instructions);
    }
    for (const [file, instructions] of [...this.sent]) await this.send(file, instructions);
  }

  detach(): void {
    this.client = undefined;
  }

  /** After a build of `dockerfile`: remember and send its figures. */
  async publish(dockerfile: string, instructions: LayerMeasurement[], builtContent?: string): Promise<void> {
    const hash = builtContent !== undefined ? sha256(builtContent) : await hashFile(dockerfile);
    if (hash) {
      const stored = { ...this.state.get<Record<string, Stored>>(STATE_KEY, {}) };
      delete stored[dockerfile];
      // the layers' file lists stay in this session only (they can be large); sizes and waste are remembered
      stored[dockerfile] = { hash, instructions: instructions.map(({ files: _files, filesTruncated: _t, ...rest }) => rest) };
      const keys = Object.keys(stored);
      for (const k of keys.slice(0, Math.max(0, keys.length - MAX_STORED))) delete stored[k];
      await this.state.update(STATE_KEY, stored);
    }
    await this.send(dockerfile, instructions);
  }

  private async send(file: string, instructions: LayerMeasurement[]): Promise<void> {
    this.sent.set(file, instructions);
    if (!this.client) return;
    try {
      await this.client.sendNotification(LAYER_MEASUREMENTS, { uri: this.client.code2ProtocolConverter.asUri(vscode.Uri.file(file)), instructions });
      this.changed.fire({ file, instructions });
    } catch {
      // The client is stopping; attach() sends again when it runs.
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function sha256(s: string | Buffer): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

async function hashFile(file: string): Promise<string | undefined> {
  try {
    return sha256(await fs.promises.readFile(file));
  } catch {
    return undefined;
  }
}
