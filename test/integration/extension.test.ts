import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { integrationNotes } from '.';
import { EXTENSION_ID, until } from './helpers';

describe('the extension inside VS Code', () => {
  it('runs in a real VS Code 1.100 extension host', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('activates, and reports its activation time', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed in the host`);
    const t0 = performance.now();
    const api = await ext.activate();
    const total = performance.now() - t0;
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.moduleLoadMs > 0, 'the bundle stamped its load time');
    integrationNotes.push(`activation: ${(api.moduleLoadMs + api.activationMs).toFixed(1)} ms (bundle load ${api.moduleLoadMs.toFixed(1)} ms + activate() ${api.activationMs.toFixed(1)} ms; target < 50 ms); ${total.toFixed(1)} ms for the host's whole activate() call`);
  });

  it('registers the Stevedore views and their commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const view of ['stevedore.images', 'stevedore.containers', 'stevedore.registries', 'stevedore.volumes']) {
      assert.ok(commands.includes(`${view}.focus`), `view ${view} is registered (its focus command exists)`);
    }
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(declared.length > 0);
    for (const id of declared) assert.ok(commands.includes(id), `command ${id} is registered`);
    await vscode.commands.executeCommand('workbench.view.extension.stevedore');
    await vscode.commands.executeCommand('stevedore.images.focus');
  });

  it('a Dockerfile opened in the editor gets the language server\'s diagnostic', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    const file = path.join(folder.uri.fsPath, 'broken', 'Dockerfile');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'FROM busybox\nFORM busybox\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(doc.languageId, 'dockerfile');
    await vscode.window.showTextDocument(doc);
    const diag = await until('the unknown-instruction diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'unknown-instruction'));
    assert.equal(diag.range.start.line, 1);
    assert.equal(diag.range.start.character, 0);
    assert.equal(diag.range.end.character, 4);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
  });
});
