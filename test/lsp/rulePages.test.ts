// The layer-hygiene codes' pages (media/lint/<code>.md) over real LSP: every diagnostic links its page
// through codeDescription.href (a file: URL to the page the extension ships), hover on the flagged
// instruction shows the same text, and stevedore.lint.<code> changes apply to an open document at once.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { CACHE_TABLE } from '../../server/src/lint/rules/layer-cache';
import { LspClient, REPO } from '../support/lsp';

const CODES = ['layer-deleted-later', 'layer-cache', 'layer-archive', 'layer-secret', 'layer-rewrite'];
const ALL = [
  'FROM debian:bookworm',
  'RUN apt-get update && apt-get install -y curl',
  'COPY big.iso /tmp/big.iso',
  'RUN rm /tmp/big.iso',
  'RUN curl -fsSLO https://example.com/t-1.tgz && tar -xzf t-1.tgz -C /opt',
  'COPY .npmrc /root/.npmrc',
  'COPY app/ /srv/app/',
  'RUN chown -R nobody /srv/app',
  '',
].join('\n');

describe('layer-hygiene rule pages and settings over LSP', function () {
  this.timeout(60_000);
  let lsp: LspClient;
  let n = 0;
  before(async () => { lsp = await LspClient.start(undefined, { settings: { stevedore: { lint: {} } } }); });
  after(async () => { await lsp?.stop(); });

  it('ships a page per code with the sections the issue asks for, and the cache table in the layer-cache page', () => {
    for (const code of CODES) {
      const text = fs.readFileSync(path.join(REPO, 'media', 'lint', `${code}.md`), 'utf8');
      assert.match(text, new RegExp(`^# ${code}\\n`));
      for (const h of ['## What it detects', '## Why it matters', '## Example', 'Bad:', 'Good:', '## Quick fix', '## Silence it', `stevedore-ignore ${code}`, `stevedore.lint.${code}`]) assert.ok(text.includes(h), `${code}: ${h}`);
    }
    const cachePage = fs.readFileSync(path.join(REPO, 'media', 'lint', 'layer-cache.md'), 'utf8').toLowerCase();
    // rows whose id is not the name the page uses
    const pageName: Record<string, string> = { 'go-mod': 'go', 'go-build': 'go', bundle: 'bundler', gem: 'rubygems', 'pacman-sync': 'pacman' };
    for (const row of CACHE_TABLE) {
      const name = pageName[row.id] ?? row.id;
      assert.ok(cachePage.includes(name), `layer-cache page names ${name}`);
    }
  });

  it('links every hygiene diagnostic to its page with codeDescription.href, and hover shows the page', async () => {
    const uri = `file:///w/pages-${n++}/Dockerfile`;
    const d = await lsp.open(uri, ALL);
    const hy = d.diagnostics.filter((x: Diagnostic) => CODES.includes(String(x.code)));
    assert.deepEqual([...new Set(hy.map((x) => String(x.code)))].sort(), [...CODES].sort());
    for (const x of hy) {
      const href = x.codeDescription?.href;
      assert.ok(href && href.startsWith('file:'), `${x.code}: ${href}`);
      const file = fileURLToPath(href);
      assert.equal(path.basename(file), `${x.code}.md`);
      assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`^# ${x.code}`));
    }
    const h = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } });
    const value = (h?.contents as MarkupContent).value;
    assert.match(value, /\*\*layer-cache\*\* \(\[page\]\(file:/);
    assert.ok(value.includes('A `RUN` that installs packages or builds with a tool that keeps a cache'), 'the page text');
    const plain = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.doesNotMatch((plain?.contents as MarkupContent).value, /layer-/, 'no page on an instruction without findings');
  });

  it('applies a stevedore.lint.<code> change to an open document at once (workspace/configuration)', async () => {
    const uri = `file:///w/pages-${n++}/Dockerfile`;
    const first = await lsp.open(uri, ALL);
    assert.ok(first.diagnostics.some((x: Diagnostic) => x.code === 'layer-archive' && x.severity === 2));
    const next = lsp.nextDiagnostics(uri);
    lsp.settings = { stevedore: { lint: { 'layer-archive': 'off', 'layer-rewrite': 'error', 'layer-cache': 'hint' } } };
    await lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    const after = (await next).diagnostics.filter((x: Diagnostic) => CODES.includes(String(x.code)));
    assert.ok(!after.some((x: Diagnostic) => x.code === 'layer-archive'), 'off');
    assert.ok(after.some((x: Diagnostic) => x.code === 'layer-rewrite' && x.severity === 1), 'error');
    assert.ok(after.some((x: Diagnostic) => x.code === 'layer-cache' && x.severity === 4), 'hint');
    assert.ok(after.some((x: Diagnostic) => x.code === 'layer-secret' && x.severity === 2), 'others keep warning');
    const back = lsp.nextDiagnostics(uri);
    lsp.settings = { stevedore: { lint: {} } };
    await lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    assert.ok((await back).diagnostics.some((x: Diagnostic) => x.code === 'layer-archive'));
  });

  it('the extension contributes the five settings with the five severities', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties ?? pkg.contributes.configuration[0].properties;
    for (const code of CODES) assert.deepEqual(props[`stevedore.lint.${code}`]?.enum, ['error', 'warning', 'information', 'hint', 'off'], code);
  });
});
