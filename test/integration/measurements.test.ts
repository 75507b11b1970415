import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildResult } from '../../client/src/engine/build/builder';
import { humanSize } from '../../client/src/engine/format';
import type { StevedoreApi } from '../../client/src/extension';
import { makeBusyboxImage } from '../support/images';

const api = (): Thenable<StevedoreApi> => vscode.extensions.getExtension('stevedore.stevedore')!.activate();

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function label(h: vscode.InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

describe('Build Image sends the layer analysis to the language server', function () {
  this.timeout(120_000);

  it('after a build, the Dockerfile shows each instruction\'s layer size and waste (inlay hints, code lenses)', async () => {
    const { engineHost, measurements } = await api();
    const engine = await engineHost.get();
    await makeBusyboxImage(engine.location, 'busybox:1.36');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const dir = path.join(folder, 'measured');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(200_000, 7));
    fs.writeFileSync(path.join(dir, 'small.txt'), 'small\n');
    const file = path.join(dir, 'Dockerfile');
    // Line 1's 200 kB are overwritten by line 3: shipped but wasted. ENV makes no layer.
    fs.writeFileSync(file, 'FROM busybox:1.36\nCOPY big.bin /data/big.bin\nENV A=1\nCOPY small.txt \\\n  /data/big.bin\n');
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const sent = new Promise<void>((resolve) => { const d = measurements.onDidSend((e) => { if (e.file === file) { d.dispose(); resolve(); } }); });
    const result = await vscode.commands.executeCommand<BuildResult>('stevedore.images.build', uri, 'measured:1', { noCache: true });
    assert.ok(result, 'the build succeeded');
    await sent;
    const figures = measurements.sent.get(file)!;
    assert.deepEqual(figures.map((m) => [m.startLine, m.endLine]), [[1, 1], [3, 4]], 'one figure per layer-making instruction, with its lines');
    const steps = result.steps.filter((s) => s.layer);
    assert.deepEqual(figures.map((m) => m.size), steps.map((s) => s.size));
    assert.ok(figures[0].size >= 200_000);
    assert.equal(figures[0].wasted, 200_000, 'the overwritten file is wasted');
    assert.equal(figures[1].wasted, 0);

    const fullRange = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await until('the server\'s inlay hints', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, fullRange);
      return h.length >= 2 ? h : undefined;
    });
    const byLine = new Map(hints.map((h) => [h.position.line, label(h).trim()]));
    assert.equal(byLine.get(1), `${humanSize(figures[0].size)} layer, ${humanSize(200_000)} wasted`);
    assert.equal(byLine.get(3), `${humanSize(figures[1].size)} layer`);
    assert.equal(byLine.has(2), false, 'ENV makes no layer');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]).sort(), [[1, byLine.get(1)], [3, byLine.get(3)]]);
  });
});
