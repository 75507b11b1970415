import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp';

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
/** Completion at the end of the given line. */
async function at(lsp: LspClient, uri: string, text: string, line: number, character?: number): Promise<CompletionItem[]> {
  await lsp.open(uri, text);
  const l = text.split('\n')[line];
  return lsp.completion(uri, line, character ?? l.length);
}

describe('completion over LSP', function () {
  this.timeout(30_000);
  let lsp: LspClient;
  let ctx: string;
  let n = 0;
  const uri = () => pathToFileURL(path.join(ctx, `c${n++}.Dockerfile`)).href;
  before(async () => {
    ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-lsp-'));
    fs.mkdirSync(path.join(ctx, 'src'));
    fs.writeFileSync(path.join(ctx, 'src', 'main.go'), '');
    fs.writeFileSync(path.join(ctx, 'go.mod'), '');
    fs.writeFileSync(path.join(ctx, 'debug.log'), '');
    fs.writeFileSync(path.join(ctx, '.dockerignore'), '*.log\n');
    lsp = await LspClient.start(undefined, {
      handlers: {
        'stevedore/localImages': () => [{ repository: 'busybox', tags: ['latest', '1.36'] }, { repository: 'ghcr.io/acme/app', tags: ['v1'] }],
      },
    });
  });
  after(async () => {
    await lsp?.stop();
    fs.rmSync(ctx, { recursive: true, force: true });
  });

  it('offers the flags of each instruction after --', async () => {
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nRUN --', 1)), ['--mount', '--network', '--security']);
    assert.ok(labels(await at(lsp, uri(), 'FROM a\nCOPY --', 1)).includes('--chmod'));
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM --', 0)), ['--platform']);
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nHEALTHCHECK --', 1)), ['--interval', '--retries', '--start-interval', '--start-period', '--timeout']);
  });

  it('offers flag values: --network, --chmod, --platform', async () => {
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nRUN --network=', 1)), ['default', 'host', 'none']);
    assert.ok(labels(await at(lsp, uri(), 'FROM a\nCOPY --chmod=', 1)).includes('755'));
    const plat = labels(await at(lsp, uri(), 'FROM --platform=', 0));
    assert.ok(plat.includes('$BUILDPLATFORM') && plat.includes('linux/arm64'), plat.join());
  });

  it('offers --mount types, then each type\'s options, then option values', async () => {
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nRUN --mount=', 1)), ['type=']);
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nRUN --mount=type=', 1)), ['bind', 'cache', 'secret', 'ssh', 'tmpfs']);
    const cache = labels(await at(lsp, uri(), 'FROM a\nRUN --mount=type=cache,target=/x,', 1));
    assert.ok(cache.includes('sharing') && cache.includes('id') && !cache.includes('target'), cache.join());
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nRUN --mount=type=cache,sharing=', 1)), ['locked', 'private', 'shared']);
    assert.ok(labels(await at(lsp, uri(), 'FROM a\nRUN --mount=type=secret,', 1)).includes('env'));
  });

  it('offers earlier stage names (and local images) after --from=', async () => {
    const items = await at(lsp, uri(), 'FROM a AS build\nFROM b AS test\nFROM c\nCOPY --from=', 3);
    const l = labels(items);
    assert.ok(l.includes('build') && l.includes('test') && l.includes('busybox'), l.join());
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a AS build\nRUN --mount=type=bind,from=', 1)), []);
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a AS build\nFROM b\nRUN --mount=type=bind,from=', 2)), ['build']);
  });

  it('offers variables in scope after $ and ${, with their values', async () => {
    const text = 'ARG V=1\nFROM a\nARG B=2\nENV C=$B-x\nRUN echo $';
    const items = await at(lsp, uri(), text, 4);
    assert.deepEqual(labels(items), ['B', 'C']);
    assert.equal(items.find((i) => i.label === 'C')!.detail, 'ENV C=2-x');
    const braced = await at(lsp, uri(), 'ARG V=1\nFROM a:${', 1);
    const v = braced.find((i) => i.label === 'V')!;
    assert.equal((v.textEdit as { newText: string }).newText, 'V}');
    assert.ok(labels(braced).includes('TARGETPLATFORM'), 'predefined args in FROM');
  });

  it('offers HEALTHCHECK types and STOPSIGNAL signals', async () => {
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nHEALTHCHECK --interval=5s ', 1)), ['CMD', 'NONE']);
    assert.ok(labels(await at(lsp, uri(), 'FROM a\nSTOPSIGNAL ', 1)).includes('SIGTERM'));
  });

  it('offers snippets for whole instructions', async () => {
    const items = await at(lsp, uri(), 'FROM a\n', 1, 0);
    const snippet = items.find((i) => i.label === 'RUN apt-get install (clean)')!;
    assert.equal(snippet.insertTextFormat, 2);
    assert.match((snippet.textEdit as { newText: string }).newText, /rm -rf \/var\/lib\/apt\/lists/);
  });

  it('offers local images and their tags from the client in FROM', async () => {
    assert.ok(labels(await at(lsp, uri(), 'FROM ', 0)).includes('ghcr.io/acme/app'));
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM busybox:', 0)), ['1.36', 'latest']);
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM busybox ', 0)), ['AS']);
  });

  it('offers COPY sources from the build context, leaving out what .dockerignore excludes', async () => {
    const top = labels(await at(lsp, uri(), 'FROM a\nCOPY ', 1));
    assert.ok(top.includes('go.mod') && top.includes('src/'), top.join());
    assert.ok(!top.includes('debug.log'), 'ignored by .dockerignore');
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nCOPY src/', 1)), ['main.go']);
    assert.deepEqual(labels(await at(lsp, uri(), 'FROM a\nCOPY --from=x ', 1)), []);
  });

  it('completes rule codes after # stevedore-ignore and # check=skip=', async () => {
    assert.ok(labels(await at(lsp, uri(), 'FROM a\n# stevedore-ignore ', 1)).includes('JSONArgsRecommended'));
    assert.ok(labels(await at(lsp, uri(), '# check=skip=', 0)).includes('UndefinedVar'));
  });

  it('answers a completion sent right behind an edit before linting the edit', async () => {
    // An editor sends the keystroke's didChange and the completion it triggers back to back: the
    // completion must not wait for the lint of the new version.
    const u = uri();
    const lines = ['FROM debian:bookworm-slim AS base'];
    for (let i = 0; i < 600; i++) lines.push(`RUN apt-get update && apt-get install -y pkg${i} && rm -rf /tmp/x${i}`);
    const text = `${lines.join('\n')}\n`;
    await lsp.open(u, text);
    const order: string[] = [];
    const diagnostics = lsp.change(u, `${text}R`).then(() => order.push('diagnostics'));
    const items = await lsp.completion(u, lines.length, 1);
    order.push('completion');
    await diagnostics;
    assert.deepEqual(order, ['completion', 'diagnostics']);
    assert.ok(items.some((i) => i.label === 'RUN'));
  });

  it('never blocks on a client that does not answer stevedore/localImages', async () => {
    const slow = await LspClient.start(undefined, { handlers: { 'stevedore/localImages': () => new Promise(() => {}) } });
    try {
      await slow.open('file:///w/slow.Dockerfile', 'FROM ');
      const t0 = Date.now();
      const items = await slow.completion('file:///w/slow.Dockerfile', 0, 5);
      assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
      assert.deepEqual(items.filter((i) => i.kind === 9), []);
    } finally {
      await slow.stop();
    }
  });
});
