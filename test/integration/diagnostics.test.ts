import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { until } from './helpers';

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

/**
 * The Problems panel of the real extension host (vscode.languages.getDiagnostics is what it
 * shows) for a Dockerfile with one case of each layer-hygiene rule and some BuildKit checks:
 * every finding arrives from the language server with its code, line and severity.
 */
describe('Dockerfile diagnostics in the Problems panel', () => {
  it('the layer-hygiene family and BuildKit checks, on the lines that cause them', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    const dir = path.join(folder.uri.fsPath, 'hygiene');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'Dockerfile');
    const lines = [
      'FROM debian:bookworm-slim as base', //                                                0 FromAsCasing
      'RUN apt-get update && apt-get install -y curl', //                                    1 layer-cache
      'RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/t.tgz && tar -xzf /tmp/tool.tar.gz -C /opt', // 2 layer-archive
      'COPY id_rsa /root/.ssh/id_rsa', //                                                    3 layer-secret
      'COPY big.bin /tmp/big.bin', //                                                        4 layer-deleted-later
      'RUN rm /tmp/big.bin', //                                                              5
      'COPY app/ /srv/app/', //                                                             6
      'RUN chown -R nobody /srv/app', //                                                     7 layer-rewrite
      'maintainer someone', //                                                               8 MaintainerDeprecated
      'CMD echo done', //                                                                    9 JSONArgsRecommended
      '',
    ];
    fs.writeFileSync(file, lines.join('\n'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const expected: Array<[string, number]> = [
      ['FromAsCasing', 0], ['layer-cache', 1], ['layer-archive', 2], ['layer-secret', 3], ['layer-deleted-later', 4], ['layer-rewrite', 7], ['MaintainerDeprecated', 8], ['JSONArgsRecommended', 9],
    ];
    const all = await until('every expected diagnostic', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return expected.every(([c, l]) => d.some((x) => codeOf(x) === c && x.range.start.line === l)) ? d : undefined;
    });
    for (const d of all) assert.equal(d.source ? typeof d.source : 'string', 'string');
    const hygiene = all.filter((d) => codeOf(d).startsWith('layer-'));
    for (const d of hygiene) {
      assert.ok(d.severity === vscode.DiagnosticSeverity.Warning || d.severity === vscode.DiagnosticSeverity.Information, `${codeOf(d)} severity`);
      assert.ok(d.message.length > 20, `${codeOf(d)} says what stays where: ${d.message}`);
    }
    // A suppression comment on the line before removes exactly that finding.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(7, 0), '# stevedore-ignore layer-rewrite\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('layer-rewrite to go away', () => (vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'layer-rewrite') ? undefined : true));
    assert.ok(vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'layer-cache'), 'the others stay');
  });
});
