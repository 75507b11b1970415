import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Worker } from 'worker_threads';
import type { Diagnostic, Position } from 'vscode-languageserver-protocol';
import { allSeeds, FuzzFailure, generate, positionsRng, WorkerJob, WorkerMessage } from '../support/fuzz';
import { LspClient, REPO } from '../support/lsp';

/**
 * The language server never crashes, hangs or throws, whatever the text: random and mutated
 * Dockerfiles (seeded, so every failure reproduces: `generate(seed, index, allSeeds(REPO))`) through
 * parse → every feature. FUZZ_SEED, FUZZ_COUNT and FUZZ_LSP_COUNT override the defaults; failing
 * inputs are written to test-output/fuzz/.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_501) >>> 0;
const COUNT = Number(process.env.FUZZ_COUNT ?? 100_000);
const LSP_COUNT = Number(process.env.FUZZ_LSP_COUNT ?? 300);
/** A worker that stays on one input this long is hung (generous: the machine may be shared and busy). */
const HANG_MS = 30_000;

function saveFailures(kind: string, failures: Array<{ index: number; input: string }>): string {
  const dir = path.join(REPO, 'test-output', 'fuzz');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of failures.slice(0, 20)) fs.writeFileSync(path.join(dir, `${kind}-seed${SEED}-${f.index}.Dockerfile`), f.input);
  return dir;
}

interface WorkerResult { failures: FuzzFailure[]; hung?: number; count: number; slowest?: { index: number; ms: number; length: number } }

function runWorker(from: number, to: number): Promise<WorkerResult> {
  const at = new SharedArrayBuffer(4);
  const job: WorkerJob = { seed: SEED, from, to, repo: REPO, positions: 2, at };
  const worker = new Worker(path.join(__dirname, '..', 'support', 'fuzz.js'), { workerData: { fuzzWorker: job } });
  const cursor = new Int32Array(at);
  const result: WorkerResult = { failures: [], count: 0 };
  return new Promise((resolve) => {
    let last = -1;
    let since = Date.now();
    const watchdog = setInterval(() => {
      const now = Atomics.load(cursor, 0);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > HANG_MS) {
        clearInterval(watchdog);
        result.hung = now;
        void worker.terminate().then(() => resolve(result));
      }
    }, 250);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'failure') result.failures.push(m.failure);
      else {
        result.count = m.count;
        result.slowest = m.slowest;
      }
    });
    worker.on('error', (e) => result.failures.push({ index: Atomics.load(cursor, 0), feature: 'worker', error: e.stack ?? String(e), input: '' }));
    worker.on('exit', () => {
      clearInterval(watchdog);
      resolve(result);
    });
  });
}

describe('fuzz: random and mutated Dockerfiles never crash, hang or throw', function () {
  this.timeout(300_000);

  it(`${COUNT} inputs through parse → every feature, in-process (seed ${SEED})`, async () => {
    const workers = Math.max(1, Math.min(os.cpus().length, 4));
    const per = Math.ceil(COUNT / workers);
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: workers }, (_, w) => runWorker(w * per, Math.min(COUNT, (w + 1) * per))));
    const seeds = allSeeds(REPO);
    const failures = results.flatMap((r) => r.failures);
    const hung = results.filter((r) => r.hung !== undefined).map((r) => ({ index: r.hung!, input: generate(SEED, r.hung!, seeds) }));
    const done = results.reduce((n, r) => n + r.count, 0);
    const slowest = results.map((r) => r.slowest).filter(Boolean).sort((x, y) => y!.ms - x!.ms)[0];
    console.log(`      ${done} inputs in ${((Date.now() - t0) / 1000).toFixed(1)} s on ${workers} workers; slowest: #${slowest?.index} (${slowest?.length} chars) ${slowest?.ms.toFixed(0)} ms`);
    if (hung.length || failures.length) {
      const dir = saveFailures('hung', hung);
      saveFailures('failed', failures);
      const lines = [
        ...hung.map((h) => `input #${h.index} hangs (no answer within ${HANG_MS / 1000} s)`),
        ...failures.slice(0, 10).map((f) => `input #${f.index}: ${f.error.split('\n').slice(0, 3).join(' | ')}`),
      ];
      assert.fail(`${hung.length} hung, ${failures.length} failed (inputs in ${dir}):\n${lines.join('\n')}`);
    }
    assert.equal(done, COUNT);
  });

  it(`${LSP_COUNT} inputs over real LSP: the server stays up and answers every request`, async () => {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-fuzz-'));
    fs.mkdirSync(path.join(ctx, 'src'));
    fs.writeFileSync(path.join(ctx, 'src', 'main.go'), '');
    fs.writeFileSync(path.join(ctx, '.env'), 'TOKEN=x\n');
    fs.writeFileSync(path.join(ctx, '.dockerignore'), '*.log\n!keep.log\n[\n');
    const logged: string[] = [];
    const lsp = await LspClient.start(undefined, {
      handlers: {
        'stevedore/localImages': () => [{ repository: 'busybox', tags: ['latest'] }],
        'stevedore/imageFacts': ({ image }: { image: string }) => (image.startsWith('busybox') ? { id: 'sha256:' + '0'.repeat(64), size: 1, layers: 1, env: ['PATH=/bin'] } : null),
      },
    });
    lsp.conn.onNotification('window/logMessage', (m: { type: number; message: string }) => { if (m.type === 1) logged.push(m.message); });
    const seeds = allSeeds(REPO);
    const uri = pathToFileURL(path.join(ctx, 'Dockerfile')).href;
    const within = <T>(p: Promise<T>, what: string): Promise<T> =>
      Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} within 10 s`)), 10_000))]);
    try {
      for (let i = 0; i < LSP_COUNT; i++) {
        const input = generate(SEED + 1, i, seeds);
        const rng = positionsRng(SEED + 1, i);
        let diagnostics: Diagnostic[];
        try {
          diagnostics = (await within(i === 0 ? lsp.open(uri, input) : lsp.change(uri, input), `didChange #${i}`)).diagnostics;
        } catch (e) {
          saveFailures('lsp', [{ index: i, input }]);
          throw e;
        }
        const lines = input.split(/\r?\n/);
        const pos = (): Position => {
          const line = rng.int(lines.length);
          return { line, character: rng.int(lines[line].length + 1) };
        };
        const doc = { textDocument: { uri } };
        const options = { tabSize: 4, insertSpaces: true };
        const p = pos();
        const at = { ...doc, position: p };
        const asks: Array<[string, unknown]> = [
          ['textDocument/hover', at],
          ['textDocument/completion', at],
          ['textDocument/signatureHelp', at],
          ['textDocument/definition', at],
          ['textDocument/references', { ...at, context: { includeDeclaration: true } }],
          ['textDocument/documentHighlight', at],
          ['textDocument/prepareRename', at],
          ['textDocument/documentSymbol', doc],
          ['textDocument/foldingRange', doc],
          ['textDocument/semanticTokens/full', doc],
          ['textDocument/documentLink', doc],
          ['textDocument/formatting', { ...doc, options }],
          ['textDocument/rangeFormatting', { ...doc, range: { start: pos(), end: { line: lines.length, character: 0 } }, options }],
          ['textDocument/onTypeFormatting', { ...doc, position: pos(), ch: '\n', options }],
          ['textDocument/codeAction', { ...doc, range: { start: p, end: p }, context: { diagnostics } }],
          ['textDocument/inlayHint', { ...doc, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } }],
          ['textDocument/codeLens', doc],
        ];
        const answers = await Promise.allSettled(asks.map(([method, params]) => within(lsp.request(method, params), `${method} on #${i}`)));
        // rename with a valid name: only a ResponseError for a bad name is an answer, and this one is valid
        const prep = answers[6].status === 'fulfilled' ? answers[6].value : null;
        if (prep) answers.push(...(await Promise.allSettled([within(lsp.request('textDocument/rename', { ...at, newName: 'renamed' }), `rename on #${i}`)])));
        const rejected = answers.map((a, k) => ({ a, method: asks[k]?.[0] ?? 'textDocument/rename' })).filter((x) => x.a.status === 'rejected');
        if (rejected.length || logged.length) {
          const dir = saveFailures('lsp', [{ index: i, input }]);
          assert.fail(`input #${i} (seed ${SEED + 1}, in ${dir}): ${rejected.map((x) => `${x.method}: ${(x.a as PromiseRejectedResult).reason}`).join('; ')} ${logged.join('\n')}`);
        }
      }
      assert.equal(lsp.proc.exitCode, null, 'the server is still running');
      const last = await lsp.change(uri, 'FROM busybox\nRUN echo ok\n');
      assert.deepEqual(last.diagnostics, []);
    } finally {
      await lsp.stop();
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });
});
