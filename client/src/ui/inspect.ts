import * as vscode from 'vscode';
import type { EngineHost } from './engineHost';

/** The scheme of read-only inspect documents: `stevedore-inspect:/<kind>/<label>.json?<id>`. */
export const INSPECT_SCHEME = 'stevedore-inspect';

/** `manifest`: a registry's manifest of a tag (read remotely, nothing pulled). */
export type InspectKind = 'image' | 'container' | 'volume' | 'network' | 'manifest';

/**
 * Inspect documents (images, containers, volumes) as a virtual, read-only JSON document per
 * object, like `docker inspect` prints them. Open documents refresh when the engine reports a change.
 */
export class InspectDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly host: EngineHost) {
    this.subscription = host.onDidChange((events) => {
      // Remote manifests change only by a push or a delete (or a reopened engine), not with every local event.
      const remote = events.length === 0 || events.some((e) => e.type.startsWith('registry.') || e.type.startsWith('image.remote.') || e.type === 'image.pushed');
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme !== INSPECT_SCHEME || doc.isClosed) continue;
        if (doc.uri.path.startsWith('/manifest/') && !remote) continue;
        this.changed.fire(doc.uri);
      }
    });
  }

  static uri(kind: InspectKind, id: string, label: string): vscode.Uri {
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${label.replace(/[/\\:@]/g, '_')}.json`, query: encodeURIComponent(id) });
  }

  /** The inspect object of what `uri` names. */
  async inspect(uri: vscode.Uri): Promise<unknown> {
    const kind = uri.path.split('/')[1] as InspectKind;
    const id = decodeURIComponent(uri.query);
    const engine = await this.host.get();
    if (kind === 'image') return engine.images.inspect(id);
    if (kind === 'container') return engine.containers.inspect(id);
    if (kind === 'volume') return engine.volumes.inspect(id);
    if (kind === 'network') return engine.networks.inspect(id);
    if (kind === 'manifest') return engine.inspectRemote(id);
    throw new Error(`unknown inspect document ${uri.toString()}`);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      return JSON.stringify([await this.inspect(uri)], null, 4) + '\n';
    } catch (e) {
      return JSON.stringify({ Error: e instanceof Error ? e.message : String(e) }, null, 4) + '\n';
    }
  }

  /** Opens the document of `kind`/`id` in a preview editor; returns the inspect object. */
  async show(kind: InspectKind, id: string, label: string): Promise<unknown> {
    const uri = InspectDocumentProvider.uri(kind, id, label);
    const json = await this.inspect(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return json;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerInspectProvider(context: vscode.ExtensionContext, host: EngineHost): InspectDocumentProvider {
  const provider = new InspectDocumentProvider(host);
  context.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, provider));
  return provider;
}
