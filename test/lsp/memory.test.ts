import * as assert from 'assert/strict';
import * as fs from 'fs';
import { LspClient } from '../support/lsp';

/** Resident memory of a process (MB), as the system sees it. */
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/**
 * A very large document raises the server's memory while it is open; once it closes the
 * memory goes back (a server that kept its peak for the rest of the session was the bug: a
 * 10 MB Dockerfile left ~480 MB resident next to ~75 MB before it).
 */
describe('language server memory after a large document closes (real server over stdio)', function () {
  this.timeout(240_000);
  it('a 10 MB Dockerfile: resident memory returns to within 100 MB of where it was before it opened', async () => {
    const lsp = await LspClient.start();
    try {
      const pid = lsp.proc.pid!;
      await lsp.open('file:///w/Dockerfile', 'FROM busybox\nRUN echo small\n');
      await new Promise((r) => setTimeout(r, 1000));
      const before = rssMb(pid);
      const line = 'RUN echo hello world && apt-get install -y curl\n';
      const text = 'FROM busybox\n' + line.repeat(Math.ceil(10e6 / line.length));
      const diagnosed = lsp.nextDiagnostics('file:///w/big.Dockerfile', 200_000);
      await lsp.notify('textDocument/didOpen', { textDocument: { uri: 'file:///w/big.Dockerfile', languageId: 'dockerfile', version: 1, text } });
      await diagnosed;
      const open = rssMb(pid);
      assert.ok(open > before + 150, `the large document takes memory while open (${before.toFixed(0)} -> ${open.toFixed(0)} MB), or this test proves nothing`);
      await lsp.notify('textDocument/didClose', { textDocument: { uri: 'file:///w/big.Dockerfile' } });
      let after = open;
      for (let i = 0; i < 40 && after > before + 100; i++) {
        await new Promise((r) => setTimeout(r, 250));
        after = rssMb(pid);
      }
      assert.ok(after <= before + 100, `resident memory ${before.toFixed(0)} MB before, ${open.toFixed(0)} MB open, ${after.toFixed(0)} MB 10 s after close`);
      // Still answering.
      const syms = await lsp.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///w/Dockerfile' } });
      assert.ok(Array.isArray(syms));
    } finally {
      await lsp.stop();
    }
  });
});
