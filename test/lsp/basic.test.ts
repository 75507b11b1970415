import * as assert from 'assert/strict';
import { CompletionItemKind } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp';

describe('language server over stdio (real LSP)', function () {
  this.timeout(30_000);
  let lsp: LspClient;
  before(async () => { lsp = await LspClient.start(); });
  after(async () => { await lsp?.stop(); });

  it('answers initialize with its capabilities', () => {
    const caps = lsp.initializeResult!.capabilities;
    assert.ok(caps.textDocumentSync, 'document sync');
    assert.ok(caps.completionProvider, 'completion');
  });

  it('publishes the unknown-instruction diagnostic with its exact range on didOpen', async () => {
    const d = await lsp.open('file:///w/Dockerfile', 'FROM busybox\nFORM busybox\nRUN echo ok\n');
    assert.equal(d.diagnostics.length, 1);
    const [diag] = d.diagnostics;
    assert.equal(diag.code, 'unknown-instruction');
    assert.deepEqual(diag.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    assert.match(String(diag.message), /unknown instruction: FORM/i);
  });

  it('clears the diagnostic when the text is fixed (didChange)', async () => {
    const d = await lsp.change('file:///w/Dockerfile', 'FROM busybox\nFROM busybox\n');
    assert.deepEqual(d.diagnostics, []);
  });

  it('reports a parse error at its line (a JSON-form instruction is fine, an unterminated heredoc is not)', async () => {
    const d = await lsp.open('file:///w/heredoc.Dockerfile', 'FROM busybox\nRUN <<EOF\necho never closed\n');
    assert.ok(d.diagnostics.some((x) => x.severity === 1 && x.range.start.line >= 1), JSON.stringify(d.diagnostics));
  });

  it('completes only FROM and ARG before the first FROM, every instruction after it', async () => {
    await lsp.open('file:///w/c.Dockerfile', '\nFROM busybox\n\n');
    const top = (await lsp.completion('file:///w/c.Dockerfile', 0, 0)).filter((i) => i.kind === CompletionItemKind.Keyword).map((i) => i.label).sort();
    assert.deepEqual(top, ['ARG', 'FROM']);
    const later = (await lsp.completion('file:///w/c.Dockerfile', 2, 0)).map((i) => i.label);
    for (const k of ['RUN', 'COPY', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'WORKDIR']) assert.ok(later.includes(k), k);
  });

  it('completes parser directives only at the top of the file', async () => {
    await lsp.open('file:///w/d.Dockerfile', '# \nFROM busybox\n# \n');
    assert.deepEqual((await lsp.completion('file:///w/d.Dockerfile', 0, 2)).map((i) => i.label).sort(), ['check', 'escape', 'syntax']);
    assert.deepEqual(await lsp.completion('file:///w/d.Dockerfile', 2, 2), []);
  });
});
