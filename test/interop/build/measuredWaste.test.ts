// Measured waste per finding: the corpus files test/lsp/corpus/realworld/tuned/b*.Dockerfile are built
// with the embedded builder (busybox base; apt-get, pip and npm are stand-ins from test/support/standins,
// since no package mirror is reachable here), `stevedore image analyze --format json` reports each
// layer's files, the figures go to the real language server as the extension sends them after a build
// (stevedore/layerMeasurements, built by the same layerMeasurements()), and every layer-hygiene
// diagnostic must then show the bytes its flagged files take in the built layer: the bytes the file's
// `# waste:` line declares (sizes the Dockerfile and its context create), equal to what image analyze
// reports for those paths in that layer.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as tar from 'tar-stream';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { EmbeddedEngine } from '../../../client/src/engine/embedded';
import { layerMeasurements } from '../../../client/src/engine/layer/figures';
import type { ImageAnalysis } from '../../../client/src/engine/layer/analyze';
import { canRunContainers, cli, tempRoot } from '../../support/containers';
import { makeBusyboxImage } from '../../support/images';
import { LspClient, REPO } from '../../support/lsp';

const CORPUS = path.join(REPO, 'test', 'lsp', 'corpus', 'realworld', 'tuned');
const STANDINS = path.join(REPO, 'test', 'support', 'standins');
const CODES = ['layer-deleted-later', 'layer-cache', 'layer-archive', 'layer-secret', 'layer-rewrite'];

interface Waste { code: string; amount: string; paths: string[]; line: number }

/** `# waste: CODE BYTES|file:NAME|analyze PATH...` lines, each for the instruction below it (0-based first line). */
function wasteLines(text: string): Waste[] {
  const out: Waste[] = [];
  let pending: Omit<Waste, 'line'>[] = [];
  let continued = false;
  text.split('\n').forEach((l, i) => {
    const m = /^\s*# waste: (\S+) (\S+) (.+)$/.exec(l);
    if (m) { pending.push({ code: m[1], amount: m[2], paths: m[3].split(/\s+/) }); return; }
    if (!l.trim() || /^\s*#/.test(l)) return;
    if (!continued) { for (const p of pending) out.push({ ...p, line: i }); pending = []; }
    continued = /\\\s*$/.test(l);
  });
  return out;
}

/** Text of a given size (lines of letters, so `sed s/a/b/` keeps the size). */
const filler = (n: number) => Buffer.from('abcdefghij\n'.repeat(Math.ceil(n / 11)).slice(0, n));

async function tarOf(member: string, bytes: number): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => pack.on('end', () => r()));
  pack.entry({ name: member, mode: 0o644, mtime: new Date(0) }, filler(bytes));
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The build context a corpus file asks for (`# context:` / `# context-tar:` lines), with the stand-ins. */
async function context(dir: string, text: string): Promise<void> {
  fs.mkdirSync(path.join(dir, 'standins'), { recursive: true });
  for (const f of fs.readdirSync(STANDINS)) fs.copyFileSync(path.join(STANDINS, f), path.join(dir, 'standins', f));
  for (const m of text.matchAll(/^# context: (\S+) (\d+)$/gm)) {
    fs.mkdirSync(path.dirname(path.join(dir, m[1])), { recursive: true });
    fs.writeFileSync(path.join(dir, m[1]), filler(Number(m[2])));
  }
  for (const m of text.matchAll(/^# context-tar: (\S+) (\S+) (\d+)$/gm)) fs.writeFileSync(path.join(dir, m[1]), await tarOf(m[2], Number(m[3])));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
}

const under = (file: string, p: string) => file === p || file.startsWith(`${p}/`);

describe('measured waste per finding: built corpus files, image analyze and the diagnostics (runc, real LSP)', function () {
  this.timeout(300_000);
  let root: string;
  let cleanup: () => void;
  let engine: EmbeddedEngine;
  let lsp: LspClient;
  const files = fs.readdirSync(CORPUS).filter((f) => /^b\d+-built-.*\.Dockerfile$/.test(f)).sort();

  before(async () => {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun');
    ({ root, cleanup } = tempRoot('h2-waste-'));
    await makeBusyboxImage(root, 'busybox:latest');
    engine = await EmbeddedEngine.open(root);
    lsp = await LspClient.start(undefined, { settings: { stevedore: { lint: {} } } });
  });
  after(async () => {
    await lsp?.stop();
    await engine?.dispose();
    cleanup?.();
  });

  it('has at least 10 built corpus files, each declaring the waste of every finding it labels', () => {
    assert.ok(files.length >= 10, `${files.length} files`);
    for (const f of files) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      const labels = [...text.matchAll(/^# label: (.+)$/gm)].flatMap((m) => m[1].split(/[\s,]+/).filter(Boolean));
      const waste = wasteLines(text).map((w) => w.code);
      assert.deepEqual([...waste].sort(), [...labels].sort(), f);
    }
  });

  files.forEach((file, i) => {
    it(file, async () => {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      const dir = path.join(root, `ctx-${i}`);
      await context(dir, text);
      const tag = `waste-${i}:1`;
      const result = await engine.build({ context: dir, tags: [tag] });
      const analyzed = cli(root, ['image', 'analyze', tag, '--format', 'json']);
      assert.equal(analyzed.status, 0, analyzed.stderr);
      const analysis = JSON.parse(analyzed.stdout) as ImageAnalysis;

      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      const before = await lsp.open(uri, text);
      const hyBefore = before.diagnostics.filter((d: Diagnostic) => CODES.includes(String(d.code)));
      assert.ok(hyBefore.length > 0 && hyBefore.every((d) => !String(d.message).includes('flagged files take')), 'no bytes before the build is measured');
      const next = lsp.nextDiagnostics(uri);
      await lsp.notify('stevedore/layerMeasurements', { uri, instructions: layerMeasurements(result, analysis) });
      const hy = (await next).diagnostics.filter((d: Diagnostic) => CODES.includes(String(d.code)));
      for (const d of hy) assert.match(String(d.message), /Measured: the flagged files take .* \(\d+ bytes\) in this layer\./, `${d.code} on line ${d.range.start.line + 1} shows its bytes`);

      for (const w of wasteLines(text)) {
        const layer = analysis.layers.find((l) => l.instruction?.startLine === w.line);
        assert.ok(layer, `image analyze has the layer of line ${w.line + 1}`);
        const analyzedBytes = layer.files.filter((f) => f.change !== 'deleted' && w.paths.some((p) => under(`/${f.path.replace(/^\/+/, '')}`, p))).reduce((n, f) => n + f.size, 0);
        const declared = w.amount === 'analyze' ? undefined : w.amount.startsWith('file:') ? fs.statSync(path.join(dir, w.amount.slice(5))).size : Number(w.amount);
        if (declared !== undefined) assert.equal(analyzedBytes, declared, `image analyze: ${w.paths.join(' ')} in the layer of line ${w.line + 1}`);
        assert.ok(analyzedBytes > 0);
        const d = hy.find((x) => x.code === w.code && x.range.start.line === w.line);
        assert.ok(d, `${w.code} on line ${w.line + 1}; got ${hy.map((x) => `${x.range.start.line + 1} ${x.code}`).join(', ')}`);
        const shown = /the flagged files take .*? \((\d+) bytes\)/.exec(String(d.message));
        assert.equal(Number(shown?.[1]), analyzedBytes, `${w.code} on line ${w.line + 1}: ${d.message}`);
      }
    });
  });
});
