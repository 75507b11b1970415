import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

/** Tokenizes with the real TextMate engine VS Code uses (vscode-textmate + oniguruma). */
async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    // source.shell comes from VS Code's own shell grammar at run time; unresolved here on purpose.
    loadGrammar: async (scope) => (scope === 'source.dockerfile.stevedore'
      ? textmate.parseRawGrammar(fs.readFileSync(path.join(REPO, 'syntaxes', 'dockerfile.tmLanguage.json'), 'utf8'), 'dockerfile.tmLanguage.json')
      : null),
  });
  const g = await registry.loadGrammar('source.dockerfile.stevedore');
  assert.ok(g);
  return g;
}

/** Each line's tokens as [text, scopes joined] pairs. */
function tokenize(grammar: textmate.IGrammar, text: string): Array<Array<[string, string]>> {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.join(' ')] as [string, string]);
  });
}

const scopeOf = (tokens: Array<[string, string]>, text: string) => tokens.find(([t]) => t === text)?.[1] ?? `(no token ${JSON.stringify(text)} in ${JSON.stringify(tokens)})`;

describe('TextMate grammar (syntaxes/dockerfile.tmLanguage.json)', () => {
  let grammar: textmate.IGrammar;
  before(async () => { grammar = await loadGrammar(); });

  it('language configuration and grammar are valid JSON at the paths package.json names', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    for (const p of [pkg.contributes.grammars[0].path, pkg.contributes.languages[0].configuration]) JSON.parse(fs.readFileSync(path.join(REPO, p), 'utf8'));
  });

  it('marks parser directives, comments, instructions, flags and stage names', () => {
    const lines = tokenize(grammar, '# syntax=docker/dockerfile:1\n# a comment\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\ncopy --from=build /out /app');
    assert.match(scopeOf(lines[0], 'syntax'), /keyword\.other\.directive/);
    assert.match(lines[1][0][1], /comment\.line/);
    assert.match(scopeOf(lines[2], 'FROM'), /keyword\.other\.special-method/);
    assert.match(scopeOf(lines[2], 'platform'), /entity\.other\.attribute-name\.flag/);
    assert.match(scopeOf(lines[2], 'build'), /entity\.name\.type\.stage/);
    assert.match(scopeOf(lines[2], 'golang:1.22'), /entity\.name\.type\.image/);
    assert.match(scopeOf(lines[3], 'copy'), /keyword\.other\.special-method/, 'keywords are case-insensitive');
  });

  it('embeds shell in RUN (shell form, across continuations) and keeps exec form as JSON strings', () => {
    const lines = tokenize(grammar, 'RUN apt-get update && \\\n    apt-get install -y curl\nCMD ["nginx", "-g", "daemon off;"]');
    assert.match(lines[0].filter(([t]) => t.includes('apt-get')).map(([, s]) => s).join('|'), /meta\.embedded\.line\.shell/, JSON.stringify(lines[0]));
    assert.match(lines[1].map(([, s]) => s).join('|'), /meta\.embedded\.line\.shell/, 'the continuation line is still shell');
    assert.match(scopeOf(lines[2], 'nginx'), /string\.quoted\.double/);
  });

  it('highlights heredoc bodies as shell up to the delimiter, then returns to Dockerfile', () => {
    const lines = tokenize(grammar, 'RUN <<EOF\nset -e\necho hi\nEOF\nENV A=1');
    assert.match(scopeOf(lines[0], 'EOF'), /keyword\.control\.heredoc-token/);
    assert.match(lines[1][0][1], /meta\.embedded\.block\.shell/);
    assert.match(lines[3][0][1], /keyword\.control\.heredoc-token/);
    assert.match(scopeOf(lines[4], 'ENV'), /keyword\.other\.special-method/);
    assert.ok(!lines[4][0][1].includes('meta.embedded'), 'after the delimiter the text is Dockerfile again');
  });

  it('marks variables and key=value pairs in ENV/ARG/LABEL', () => {
    const [line] = tokenize(grammar, 'ENV PATH=/opt/bin:${PATH} NAME="x $HOME"');
    assert.match(scopeOf(line, 'PATH'), /variable\.other\.key/);
    assert.ok(line.some(([t, s]) => t === 'PATH' && /variable\.other\.dockerfile/.test(s)), 'the ${PATH} reference');
    assert.ok(line.some(([t, s]) => t === 'HOME' && /variable\.other/.test(s)));
  });
});
