import * as vscode from 'vscode';
import { humanSize } from '../core/format';
import type { ImageAnalysis, LayerAnalysis } from '../engine/layer/analyze';
import type { EngineHost } from './engineHost';

/** The scheme of read-only layer analysis documents: `stevedore-analysis:/<label>.md?<image>`. */
export const ANALYSIS_SCHEME = 'stevedore-analysis';

/** The wasted files the document lists (largest first). */
const TOP_WASTED = 25;

/**
 * "Analyze Layers": a read-only Markdown document per image with the engine's layer analysis —
 * a table of the layers (size, wasted bytes, the Dockerfile lines that made them when this
 * engine built the image) and the largest wasted files with the reason and the layer that
 * wasted them. Open documents refresh when the engine reports an image change.
 */
export class AnalysisDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly host: EngineHost) {
    this.subscription = host.onDidChange((events) => {
      if (events.length && !events.some((e) => e.type.startsWith('image.'))) return;
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === ANALYSIS_SCHEME && !doc.isClosed) this.changed.fire(doc.uri);
    });
  }

  static uri(image: string, label: string): vscode.Uri {
    return vscode.Uri.from({ scheme: ANALYSIS_SCHEME, path: `/${label.replace(/[/\\:@]/g, '_')} layers.md`, query: encodeURIComponent(image) });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const image = decodeURIComponent(uri.query);
    try {
      return renderAnalysis(image, await (await this.host.get()).images.analyze(image));
    } catch (e) {
      return `# Layer analysis of ${image}\n\nThe analysis failed: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** Analyses `image` and opens its document in a preview editor; returns the analysis. */
  async show(image: string, label: string): Promise<ImageAnalysis> {
    const analysis = await (await this.host.get()).images.analyze(image);
    const uri = AnalysisDocumentProvider.uri(image, label);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'markdown') doc = await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return analysis;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Table cells hold any text: pipes escaped, newlines folded. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

/** `Dockerfile:4` or `Dockerfile:4-6` (1-based), linked to the file. */
function origin(l: LayerAnalysis): string {
  const o = l.instruction;
  if (!o) return '';
  const lines = o.startLine === o.endLine ? `${o.startLine + 1}` : `${o.startLine + 1}-${o.endLine + 1}`;
  const name = o.dockerfile.split(/[\\/]/).pop() || 'Dockerfile';
  const link = o.dockerfile.startsWith('/') ? vscode.Uri.file(o.dockerfile).with({ fragment: `L${o.startLine + 1}` }).toString() : '';
  return link ? `[${cell(name)}:${lines}](${link})` : `${cell(name)}:${lines}`;
}

function percent(n: number): string {
  return `${(n * 100).toFixed(1)}%`;
}

/** The analysis as Markdown: a summary, the per-layer table and the top wasted files. */
export function renderAnalysis(image: string, a: ImageAnalysis): string {
  const out: string[] = [];
  out.push(`# Layer analysis of ${image}`, '');
  out.push(`Image \`${a.id}\`: ${a.layers.length} layer(s), ${humanSize(a.size)} (${a.size} bytes), ${humanSize(a.wastedBytes)} wasted (${a.wastedBytes} bytes), efficiency ${percent(a.efficiency)}.`, '');
  out.push('## Layers', '');
  out.push('| # | Size | Wasted | Files | Dockerfile | Created by |', '|---:|---:|---:|---:|---|---|');
  for (const l of a.layers) {
    const instruction = l.instruction ? `${origin(l)} \`${cell(l.instruction.text)}\`` : '';
    out.push(`| ${l.index} | ${humanSize(l.size)} | ${l.wastedBytes ? humanSize(l.wastedBytes) : '-'} | ${l.files.length} | ${instruction} | ${cell(l.createdBy || '')} |`);
  }
  out.push('');
  const wasted = a.layers.flatMap((l) => l.files.filter((f) => f.wasted).map((f) => ({ layer: l, file: f }))).sort((x, y) => y.file.size - x.file.size);
  out.push('## Top wasted files', '');
  if (!wasted.length) {
    out.push('No wasted bytes: no layer deletes, overwrites or re-permissions what an earlier layer added.', '');
    return out.join('\n');
  }
  out.push('| File | Size | Bytes | In layer | Reason |', '|---|---:|---:|---:|---|');
  for (const { layer, file } of wasted.slice(0, TOP_WASTED)) {
    const by = a.layers[file.wasted!.byLayer];
    const byText = by ? ` by layer ${by.index}${by.instruction ? ` (${origin(by)})` : by.createdBy ? ` (\`${cell(by.createdBy).slice(0, 80)}\`)` : ''}` : '';
    out.push(`| /${cell(file.path)} | ${humanSize(file.size)} | ${file.size} | ${layer.index} | ${file.wasted!.reason}${byText} |`);
  }
  if (wasted.length > TOP_WASTED) out.push('', `… and ${wasted.length - TOP_WASTED} more wasted file(s), ${humanSize(wasted.slice(TOP_WASTED).reduce((n, w) => n + w.file.size, 0))} in all.`);
  out.push('');
  return out.join('\n');
}

export function registerAnalysisProvider(context: vscode.ExtensionContext, host: EngineHost): AnalysisDocumentProvider {
  const provider = new AnalysisDocumentProvider(host);
  context.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(ANALYSIS_SCHEME, provider));
  return provider;
}
