import * as assert from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import { cycles, ImportEdge, importsOf, sourceFiles, stripComments } from '../../support/importGraph';

/**
 * The package boundaries (README, "Architecture"): `client/src/core` is below both processes and
 * imports nothing of the project but itself; the engine and the language server meet only in
 * core; no file takes part in an import cycle. Type-only imports count: they tie packages too.
 */
const root = path.resolve(__dirname, '..', '..', '..', '..');
const files = sourceFiles(root, ['client/src', 'server/src', 'test', 'bench']);
const edges: ImportEdge[] = files.flatMap((f) => importsOf(f, root));
const show = (list: ImportEdge[]) => list.map((e) => `${e.from} -> ${e.specifier}`).join('\n');
const under = (dir: string) => (f: string) => f.startsWith(dir + '/');

describe('structure: imports', () => {
  it('reads the graph (the scanner finds the imports it must judge)', () => {
    assert.ok(files.length > 200, `${files.length} files`);
    // Known edges of every form the scanner reads: a named import, `export * from`, a `typeof import()`.
    const has = (from: string, to: string, typeOnly?: boolean) =>
      edges.some((e) => e.from === from && e.to === to && (typeOnly === undefined || e.typeOnly === typeOnly));
    assert.ok(has('client/src/core/reference.ts', 'client/src/core/errors.ts', false));
    assert.ok(has('client/src/core/parser/index.ts', 'client/src/core/parser/model.ts'));
    assert.ok(edges.some((e) => e.from === 'client/src/ui/engineHost.ts' && e.typeOnly && e.to.startsWith('client/src/engine/')));
  });

  it('the language server does not import the engine, and the engine does not import the server', () => {
    const bad = edges.filter((e) => !e.external && (
      (under('server/src')(e.from) && under('client/src/engine')(e.to)) || (under('client/src/engine')(e.from) && under('server/src')(e.to))));
    assert.deepStrictEqual(show(bad), '');
  });

  it('the language server imports only itself and core from the project', () => {
    const bad = edges.filter((e) => !e.external && under('server/src')(e.from) && !under('server/src')(e.to) && !under('client/src/core')(e.to));
    assert.deepStrictEqual(show(bad), '');
  });

  it('core imports nothing of the project but core (no engine, server, ui, cli, daemon, vscode)', () => {
    const bad = edges.filter((e) => under('client/src/core')(e.from) && (e.external ? e.to === 'vscode' : !under('client/src/core')(e.to)));
    assert.deepStrictEqual(show(bad), '');
  });

  it('no file-level import cycle (client/src, server/src, test, bench)', () => {
    assert.deepStrictEqual(cycles(files, edges).map((c) => c.join(' <-> ')), []);
  });

  it('the CLI and the UI drive the engine through the Engine contract only (no engine classes, no Proxy, no `as unknown as`)', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => under('client/src/cli')(x) || under('client/src/ui')(x))) {
      const code = stripComments(fs.readFileSync(path.join(root, f), 'utf8'));
      for (const [re, what] of [[/\b(EmbeddedEngine|DockerEngine)\b/, 'an engine class'], [/\bnew Proxy\(/, 'a Proxy'], [/\bas unknown as\b/, '`as unknown as`']] as const) {
        if (re.test(code)) bad.push(`${f}: ${what}`);
      }
    }
    assert.deepStrictEqual(bad, []);
  });

  it('commands by noun: cli/commands and ui/commands hold only Docker-noun folders, with the same names on both sides', () => {
    const NOUNS = ['images', 'containers', 'volumes', 'networks', 'registries', 'system', 'build', 'compose'];
    const entries = (dir: string) => fs.readdirSync(path.join(root, dir), { withFileTypes: true });
    for (const dir of ['client/src/cli/commands', 'client/src/ui/commands']) {
      const loose = entries(dir).filter((e) => !e.isDirectory()).map((e) => `${dir}/${e.name}`);
      assert.deepStrictEqual(loose, [], 'a verb file outside a noun folder');
      const odd = entries(dir).filter((e) => e.isDirectory() && !NOUNS.includes(e.name)).map((e) => `${dir}/${e.name}`);
      assert.deepStrictEqual(odd, [], `noun folders are named after Docker's nouns: ${NOUNS.join(', ')}`);
    }
  });

  it('the checks fail on a violation (the rules are not vacuous)', () => {
    const fake: ImportEdge[] = [
      { from: 'client/src/core/a.ts', to: 'client/src/core/b.ts', specifier: './b', typeOnly: true, external: false },
      { from: 'client/src/core/b.ts', to: 'client/src/core/a.ts', specifier: './a', typeOnly: false, external: false },
    ];
    assert.deepStrictEqual(cycles(['client/src/core/a.ts', 'client/src/core/b.ts'], fake), [['client/src/core/a.ts', 'client/src/core/b.ts']]);
  });
});
