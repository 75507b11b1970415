import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildResult } from '../../client/src/engine/build/api';
import { humanSize } from '../../client/src/core/format';
import { makeBusyboxImage } from '../support/images';
import { api, until } from './helpers';

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

describe('the language server asks the engine about local images', function () {
  this.timeout(60_000);

  it('hover on a FROM image shows the local image\'s facts; FROM completion offers local repositories and tags', async () => {
    const { engineHost } = await api();
    const engine = await engineHost.get();
    await makeBusyboxImage(engine.location, 'busybox:1.36');
    await makeBusyboxImage(engine.location, 'facts/local:7', { files: { 'f.txt': 'facts' } });
    const id = (await engine.images.inspect('facts/local:7')).Id;
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'facts', 'Dockerfile');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'FROM facts/local:7\nFROM facts/local:\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

    const hover = await until('the local image\'s hover', async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 8));
      const text = hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return text.includes('(local)') ? text : undefined;
    });
    assert.ok(hover.includes(id.replace(/^sha256:/, '').slice(0, 12)), hover);
    assert.match(hover, /\| Layers \| 1 \|/);

    const tags = await until('local tags in FROM completion', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(1, 17));
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes('7') ? labels : undefined;
    });
    assert.ok(tags.includes('7'));
  });
});
