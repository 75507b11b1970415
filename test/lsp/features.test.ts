import * as assert from 'assert/strict';
import type {
  CodeAction, Diagnostic, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, MarkupContent, Range, SemanticTokens,
  SemanticTokensLegend, SignatureHelp, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp';

/** Every feature of the language server, asked over real LSP (stdio) with exact answers. */

const r = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((x, y) => offset(y.range.start) - offset(x.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Decodes semantic tokens' relative data to absolute `line:char len type[+mods] text` rows. */
function decodeTokens(data: number[], legend: SemanticTokensLegend, text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, len, type, mods] = data.slice(i, i + 5);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const modNames = legend.tokenModifiers.filter((_, b) => mods & (1 << b));
    out.push(`${line}:${char} ${legend.tokenTypes[type]}${modNames.length ? '+' + modNames.join('+') : ''} ${lines[line].slice(char, char + len)}`);
  }
  return out;
}

const MAIN = [
  '# syntax=docker/dockerfile:1', //                0
  'ARG BASE=alpine', //                             1
  'ARG TAG=3.20', //                                2
  'FROM ${BASE}:${TAG} AS build', //                3
  'ARG TAG', //                                     4
  'ENV APP_HOME=/app \\', //                         5
  '    MODE=release', //                            6
  'WORKDIR $APP_HOME', //                           7
  'RUN --mount=type=cache,target=/root/.cache apk add gcc && echo $TAG', // 8
  '# the config', //                                9
  '# in two lines', //                              10
  'COPY <<EOF /etc/x.conf', //                      11
  '  keep   this  ', //                             12
  '\tand this', //                                  13
  'EOF', //                                         14
  'FROM busybox:1.36', //                           15
  'COPY --from=build /app/bin /usr/bin/', //       16
  'COPY --from=nginx:1.27 /etc/nginx /etc/nginx', // 17
  'EXPOSE 8080/tcp', //                             18
  'CMD ["app"]', //                                 19
  'FROM build AS test', //                          20
  'RUN --mount=type=bind,from=build,target=/b ls /b', // 21
  'FROM ghcr.io/acme/app:v1', //                    22
  'FROM scratch', //                                23
  '',
].join('\n');
const U = 'file:///w/features/Dockerfile';

describe('language features over LSP', function () {
  this.timeout(30_000);
  let lsp: LspClient;
  const imageFactsAsked: string[] = [];
  before(async () => {
    lsp = await LspClient.start(undefined, {
      handlers: {
        'stevedore/localImages': () => [{ repository: 'busybox', tags: ['1.36'] }],
        'stevedore/imageFacts': ({ image }: { image: string }) => {
          imageFactsAsked.push(image);
          return image === 'busybox:1.36'
            ? { id: 'sha256:0123456789abcdef0123456789abcdef', size: 4_400_000, created: '2024-05-01T10:00:00Z', layers: 1, os: 'linux', architecture: 'amd64' }
            : null;
        },
      },
    });
    await lsp.open(U, MAIN);
  });
  after(async () => { await lsp?.stop(); });

  describe('hover', () => {
    it('documents an instruction, with its syntax, over the keyword\'s range', async () => {
      const h = await lsp.at<Hover>('textDocument/hover', U, 7, 3);
      assert.deepEqual(h.range, r(7, 0, 7, 7));
      assert.equal(hoverText(h), '```\nWORKDIR <path>\n```\n\nSets the working directory for later instructions and the container.');
    });

    it('documents a flag and a --mount type with its options', async () => {
      const f = await lsp.at<Hover>('textDocument/hover', U, 16, 8);
      assert.deepEqual(f.range, r(16, 5, 16, 17));
      assert.equal(hoverText(f), '**--from**\n\nCopy from a build stage (by name or index), an image or a named context instead of the build context.');
      const m = await lsp.at<Hover>('textDocument/hover', U, 8, 20);
      assert.deepEqual(m.range, r(8, 4, 8, 42));
      const t = hoverText(m);
      assert.match(t, /^\*\*--mount type=cache\*\*\n\nA persistent cache directory/);
      assert.match(t, /- `sharing`: Concurrent access/);
    });

    it('shows the resolved value of an ARG and of an ENV reference', async () => {
      // `ARG TAG` in the stage takes the global default
      const tag = await lsp.at<Hover>('textDocument/hover', U, 8, 65);
      assert.deepEqual(tag.range, r(8, 64, 8, 67));
      assert.equal(hoverText(tag), '**TAG** = `3.20`\n\nARG in stage build, line 5');
      const base = await lsp.at<Hover>('textDocument/hover', U, 3, 8);
      assert.equal(hoverText(base), '**BASE** = `alpine`\n\nglobal ARG, line 2');
      const mode = await lsp.at<Hover>('textDocument/hover', U, 6, 6);
      assert.deepEqual(mode.range, r(6, 4, 6, 8));
      assert.equal(hoverText(mode), '**MODE** = `release`\n\nENV in stage build, line 6');
      const home = await lsp.at<Hover>('textDocument/hover', U, 7, 12);
      assert.deepEqual(home.range, r(7, 9, 7, 17));
      assert.equal(hoverText(home), '**APP_HOME** = `/app`\n\nENV in stage build, line 6');
    });

    it('describes a FROM image present locally from the client\'s stevedore/imageFacts', async () => {
      const h = await lsp.at<Hover>('textDocument/hover', U, 15, 8);
      assert.deepEqual(h.range, r(15, 5, 15, 17));
      assert.equal(hoverText(h), [
        '**busybox:1.36** (local)', '', '| | |\n|---|---|', '| ID | `0123456789ab` |', '| Size | 4.4MB |',
        '| Created | 2024-05-01T10:00:00Z |', '| Layers | 1 |', '| Platform | linux/amd64 |',
      ].join('\n'));
      assert.ok(imageFactsAsked.includes('busybox:1.36'));
    });

    it('resolves ARGs in a FROM image and says when it is not local; scratch and stage bases', async () => {
      const h = await lsp.at<Hover>('textDocument/hover', U, 22, 10);
      assert.equal(hoverText(h), '**ghcr.io/acme/app:v1**\n\nNot present locally.');
      assert.equal(hoverText(await lsp.at<Hover>('textDocument/hover', U, 23, 7)), '**scratch**: the empty image (no layers).');
      const st = await lsp.at<Hover>('textDocument/hover', U, 20, 7);
      assert.equal(hoverText(st), '**stage build** (#0)\n\n`FROM ${BASE}:${TAG}`, 6 instructions');
    });

    it('says nothing on plain arguments', async () => {
      assert.equal(await lsp.at<Hover | null>('textDocument/hover', U, 19, 7), null);
    });
  });

  describe('signature help', () => {
    it('shows the instruction\'s syntax with the flag or argument under the cursor active', async () => {
      const copy = await lsp.at<SignatureHelp>('textDocument/signatureHelp', U, 16, 8);
      assert.equal(copy.signatures.length, 1);
      assert.equal(copy.signatures[0].label, 'COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>');
      const label = (s: SignatureHelp) => {
        const [a, b] = s.signatures[s.activeSignature!].parameters![s.activeParameter!].label as [number, number];
        return s.signatures[s.activeSignature!].label.slice(a, b);
      };
      assert.equal(label(copy), '[--from=<stage|image>]');
      assert.equal(label(await lsp.at<SignatureHelp>('textDocument/signatureHelp', U, 16, 20)), '<src>');
      assert.equal(label(await lsp.at<SignatureHelp>('textDocument/signatureHelp', U, 16, 30)), '<dest>');
      const cmd = await lsp.at<SignatureHelp>('textDocument/signatureHelp', U, 19, 6);
      assert.equal(cmd.signatures[cmd.activeSignature!].label, 'CMD ["<executable>", "<param>", ...]');
      const from = await lsp.at<SignatureHelp>('textDocument/signatureHelp', U, 20, 13);
      assert.equal(label(from), '[AS <name>]');
      assert.equal(await lsp.at('textDocument/signatureHelp', U, 7, 2), null, 'not on the keyword');
    });
  });

  describe('document symbols', () => {
    it('lists global ARGs, then stages as parents of their instructions', async () => {
      const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: U } });
      const shape = (s: DocumentSymbol): unknown => ({ name: s.name, detail: s.detail, ...(s.children ? { children: s.children.map((c) => `${c.name} ${c.detail}`) } : {}) });
      assert.deepEqual(syms.map(shape), [
        { name: 'ARG', detail: 'BASE=alpine' },
        { name: 'ARG', detail: 'TAG=3.20' },
        { name: 'build', detail: 'FROM ${BASE}:${TAG}', children: ['ARG TAG', 'ENV APP_HOME=/app MODE=release', 'WORKDIR $APP_HOME', 'RUN apk add gcc && echo $TAG', 'COPY <<EOF /etc/x.conf'] },
        { name: 'stage 1', detail: 'FROM busybox:1.36', children: ['COPY /app/bin /usr/bin/', 'COPY /etc/nginx /etc/nginx', 'EXPOSE 8080/tcp', 'CMD ["app"]'] },
        { name: 'test', detail: 'FROM build', children: ['RUN ls /b'] },
        { name: 'stage 3', detail: 'FROM ghcr.io/acme/app:v1', children: [] },
        { name: 'stage 4', detail: 'FROM scratch', children: [] },
      ]);
      const build = syms[2];
      assert.deepEqual(build.range, r(3, 0, 14, 3));
      assert.deepEqual(build.selectionRange, r(3, 23, 3, 28));
      assert.deepEqual(build.children![1].range, r(5, 0, 6, 16));
      for (const s of syms) for (const c of s.children ?? []) {
        assert.ok(c.range.start.line >= s.range.start.line && c.range.end.line <= s.range.end.line, `${c.name} inside ${s.name}`);
      }
    });
  });

  describe('folding ranges', () => {
    it('folds stages, multi-line instructions, heredoc bodies and comment blocks', async () => {
      const f = await lsp.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: U } });
      const rows = f.map((x) => `${x.startLine}-${x.endLine}${x.kind ? ' ' + x.kind : ''}`).sort();
      assert.deepEqual(rows, ['11-13', '11-14', '15-19 region', '20-21 region', '3-14 region', '5-6', '9-10 comment'].sort());
    });
  });

  describe('semantic tokens', () => {
    it('types keywords, flags, variables, stages, images, ports, comments and directives at their positions', async () => {
      const legend = lsp.initializeResult!.capabilities.semanticTokensProvider!.legend;
      const t = await lsp.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: U } });
      assert.equal(t.data.length % 5, 0);
      const rows = decodeTokens(t.data, legend, MAIN);
      const expect = [
        '0:0 macro # syntax=docker/dockerfile:1',
        '1:0 keyword ARG',
        '1:4 variable+declaration BASE',
        '3:0 keyword FROM',
        '3:5 variable+readonly ${BASE}',
        '3:13 variable+readonly ${TAG}',
        '3:20 keyword AS',
        '3:23 class+declaration build',
        '6:4 variable+declaration MODE',
        '7:8 variable $APP_HOME',
        '8:4 parameter --mount',
        '8:63 variable+readonly $TAG',
        '9:0 comment # the config',
        '15:5 type busybox:1.36',
        '16:5 parameter --from',
        '16:12 class build',
        '18:7 number 8080/tcp',
        '20:5 class build',
        '21:27 class build',
        '23:5 type+defaultLibrary scratch',
      ];
      for (const e of expect) assert.ok(rows.includes(e), `missing ${e} in\n${rows.join('\n')}`);
      assert.ok(!rows.some((x) => /^1[234]:/.test(x)), 'nothing inside the heredoc body');
    });
  });

  describe('document links', () => {
    it('links base images and COPY --from images to their registry pages', async () => {
      const links = await lsp.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: U } });
      const rows = links.map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character} ${l.target}`).sort();
      assert.deepEqual(rows, [
        '15:5-17 https://hub.docker.com/_/busybox',
        '17:12-22 https://hub.docker.com/_/nginx',
        '22:5-24 https://github.com/acme/app/pkgs/container/app',
        '3:5-19 https://hub.docker.com/_/alpine',
      ].sort());
    });
  });

  describe('formatting', () => {
    const MESSY = [
      '  from alpine  ',
      'RUN apk add \\',
      'curl \\',
      '        git',
      '   ',
      'COPY <<EOF /x',
      '   keep   ',
      '\tthis',
      'EOF',
      '\tCMD ["sh"]\t',
      '',
    ].join('\n');
    const FU = 'file:///w/features/messy.Dockerfile';
    before(async () => { await lsp.open(FU, MESSY); });

    it('formats the document: instructions at column 0, continuations indented, heredoc bodies untouched', async () => {
      const edits = await lsp.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: FU }, options: { tabSize: 4, insertSpaces: true } });
      assert.equal(applyEdits(MESSY, edits), [
        'from alpine',
        'RUN apk add \\',
        '    curl \\',
        '    git',
        '',
        'COPY <<EOF /x',
        '   keep   ',
        '\tthis',
        'EOF',
        'CMD ["sh"]',
        '',
      ].join('\n'));
      const tabs = await lsp.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: FU }, options: { tabSize: 4, insertSpaces: false } });
      assert.equal(applyEdits(MESSY, tabs).split('\n')[2], '\tcurl \\');
    });

    it('leaves a continuation line that starts inside a quoted string as it is (its spaces are in the string)', async () => {
      const QU = 'file:///w/features/quoted.Dockerfile';
      const text = 'FROM alpine\nRUN echo "a \\\n      b" \\\n  && echo \'c \\\n d\' \\\n      && true\n';
      await lsp.open(QU, text);
      const edits = await lsp.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: QU }, options: { tabSize: 4, insertSpaces: true } });
      assert.equal(applyEdits(text, edits), 'FROM alpine\nRUN echo "a \\\n      b" \\\n    && echo \'c \\\n d\' \\\n    && true\n');
    });

    it('formats a range: only its lines', async () => {
      const edits = await lsp.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri: FU }, range: r(1, 0, 2, 3), options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(edits, [{ range: r(2, 0, 2, 0), newText: '  ' }]);
      const body = await lsp.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri: FU }, range: r(6, 0, 8, 3), options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(body, [], 'heredoc body and terminator are content');
    });

    it('formats on type: Enter after a continuation indents the new line', async () => {
      const OU = 'file:///w/features/ontype.Dockerfile';
      await lsp.open(OU, 'FROM alpine\nRUN apk add \\  \n\n');
      const edits = await lsp.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: OU }, position: { line: 2, character: 0 }, ch: '\n', options: { tabSize: 4, insertSpaces: true } });
      assert.deepEqual(edits, [{ range: r(1, 13, 1, 15), newText: '' }, { range: r(2, 0, 2, 0), newText: '    ' }]);
      const none = await lsp.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: OU }, position: { line: 1, character: 0 }, ch: '\n', options: { tabSize: 4, insertSpaces: true } });
      assert.deepEqual(none, []);
    });
  });

  describe('definition, references and rename', () => {
    const loc = (l: Location) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`;
    const refs = async (line: number, ch: number, includeDeclaration = true) =>
      (await lsp.request<Location[]>('textDocument/references', { textDocument: { uri: U }, position: { line, character: ch }, context: { includeDeclaration } })).map(loc).sort();

    it('ARG: definition goes to the stage declaration and the global one it inherits', async () => {
      const d = await lsp.at<Location[]>('textDocument/definition', U, 8, 65);
      assert.deepEqual(d.map(loc), ['2:4-7', '4:4-7']);
      assert.ok(d.every((x) => x.uri === U));
      assert.deepEqual(await refs(3, 16), ['2:4-7', '3:15-18', '4:4-7', '8:64-67'].sort());
      assert.deepEqual(await refs(3, 16, false), ['3:15-18', '8:64-67'].sort());
    });

    it('ENV: definition and references', async () => {
      assert.deepEqual((await lsp.at<Location[]>('textDocument/definition', U, 7, 10)).map(loc), ['5:4-12']);
      assert.deepEqual(await refs(5, 6), ['5:4-12', '7:9-17']);
    });

    it('follows BuildKit\'s scoping: ENV pairs see the environment before the instruction, ARG pairs see earlier pairs', async () => {
      const SU = 'file:///w/features/scopes.Dockerfile';
      const text = 'FROM a\nENV X=1\nENV X=2 Y=$X\nARG A=1 B=$A\nRUN echo $X $Y $B\n';
      await lsp.open(SU, text);
      const at = async (l: number, c: number) => (await lsp.request<Location[]>('textDocument/references', { textDocument: { uri: SU }, position: { line: l, character: c }, context: { includeDeclaration: true } })).map(loc).sort();
      // Y=$X is the X of line 1 (Docker's documented `def=$abc` example); all ENV X of a stage are one variable
      assert.deepEqual(await at(2, 11), ['1:4-5', '2:4-5', '2:11-12', '4:10-11'].sort());
      assert.equal(hoverText(await lsp.at<Hover>('textDocument/hover', SU, 2, 8)), '**Y** = `1`\n\nENV in stage 0, line 3\n\nas written: `$X`');
      assert.deepEqual((await lsp.at<Location[]>('textDocument/definition', SU, 3, 11)).map(loc), ['3:4-5']);
      assert.equal(hoverText(await lsp.at<Hover>('textDocument/hover', SU, 3, 8)), '**B** = `1`\n\nARG in stage 0, line 4\n\nas written: `$A`');
    });

    it('stage names: definition and references from COPY --from, FROM and --mount from=', async () => {
      assert.deepEqual((await lsp.at<Location[]>('textDocument/definition', U, 16, 14)).map(loc), ['3:23-28']);
      assert.deepEqual(await refs(3, 25), ['16:12-17', '20:5-10', '21:27-32', '3:23-28'].sort());
    });

    it('renames an ARG everywhere it is the same variable, and refuses invalid names', async () => {
      const prep = await lsp.at<{ range: Range; placeholder: string }>('textDocument/prepareRename', U, 1, 5);
      assert.deepEqual(prep, { range: r(1, 4, 1, 8), placeholder: 'BASE' });
      const e = await lsp.at<WorkspaceEdit>('textDocument/rename', U, 1, 5, { newName: 'IMAGE' });
      assert.equal(applyEdits(MAIN, e.changes![U]).split('\n').slice(1, 4).join('\n'), 'ARG IMAGE=alpine\nARG TAG=3.20\nFROM ${IMAGE}:${TAG} AS build');
      await assert.rejects(lsp.at('textDocument/rename', U, 1, 5, { newName: '9lives' }), /not a valid variable name/);
    });

    it('renames an ENV and a stage', async () => {
      const env = await lsp.at<WorkspaceEdit>('textDocument/rename', U, 7, 10, { newName: 'HOME_DIR' });
      const after = applyEdits(MAIN, env.changes![U]).split('\n');
      assert.deepEqual(after.slice(5, 8), ['ENV HOME_DIR=/app \\', '    MODE=release', 'WORKDIR $HOME_DIR']);
      const st = await lsp.at<WorkspaceEdit>('textDocument/rename', U, 20, 7, { newName: 'builder' });
      const s = applyEdits(MAIN, st.changes![U]).split('\n');
      assert.equal(s[3], 'FROM ${BASE}:${TAG} AS builder');
      assert.equal(s[16], 'COPY --from=builder /app/bin /usr/bin/');
      assert.equal(s[20], 'FROM builder AS test');
      assert.equal(s[21], 'RUN --mount=type=bind,from=builder,target=/b ls /b');
      await assert.rejects(lsp.at('textDocument/rename', U, 20, 7, { newName: 'a b' }), /not a valid stage name/);
      assert.equal(await lsp.at('textDocument/prepareRename', U, 19, 6), null);
    });
  });

  describe('scopes', () => {
    it('a variable is offered and resolved only after its definition (later ARG/ENV do not leak backwards)', async () => {
      const SU = 'file:///w/features/later.Dockerfile';
      await lsp.open(SU, 'FROM a\nARG EARLY=1\nRUN echo $\nENV LATER=2\nRUN echo $LATER\n');
      assert.deepEqual((await lsp.completion(SU, 2, 10)).map((i) => i.label), ['EARLY']);
      assert.deepEqual((await lsp.completion(SU, 4, 10)).map((i) => i.label).sort(), ['EARLY', 'LATER']);
    });
  });

  describe('code actions', () => {
    const CU = 'file:///w/features/fixes.Dockerfile';
    const TEXT = 'FROM alpine as base\nrun echo a\nRUN echo b\nRUN echo c\nCMD node server.js\n';
    let diags: Diagnostic[];
    before(async () => { diags = (await lsp.open(CU, TEXT)).diagnostics; });
    const actionsFor = async (code: string) => {
      const d = diags.filter((x) => x.code === code);
      assert.equal(d.length, 1, `${code} in ${JSON.stringify(diags)}`);
      return lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: CU }, range: d[0].range, context: { diagnostics: d } });
    };
    const apply = (a: CodeAction) => applyEdits(TEXT, a.edit!.changes![CU]);

    it('fixes instruction casing', async () => {
      const acts = await actionsFor('ConsistentInstructionCasing');
      assert.equal(acts[0].title, "Change 'run' to uppercase");
      assert.equal(acts[0].isPreferred, true);
      assert.equal(apply(acts[0]).split('\n')[1], 'RUN echo a');
    });

    it('fixes AS casing to match FROM', async () => {
      const acts = await actionsFor('FromAsCasing');
      assert.equal(acts[0].title, "Change to 'AS'");
      assert.equal(apply(acts[0]).split('\n')[0], 'FROM alpine AS base');
    });

    it('rewrites CMD in JSON form', async () => {
      const acts = await actionsFor('JSONArgsRecommended');
      assert.equal(acts[0].title, 'Use JSON form: CMD ["node", "server.js"]');
      assert.equal(apply(acts[0]).split('\n')[4], 'CMD ["node", "server.js"]');
    });

    it('offers "ignore this rule here" and "skip in this file"', async () => {
      const acts = await actionsFor('JSONArgsRecommended');
      const ignore = acts.find((x) => x.title === 'Ignore JSONArgsRecommended for this instruction')!;
      assert.ok(ignore, acts.map((x) => x.title).join());
      assert.equal(apply(ignore).split('\n').slice(4, 6).join('\n'), '# stevedore-ignore JSONArgsRecommended\nCMD node server.js');
      const skip = acts.find((x) => x.title === 'Skip JSONArgsRecommended in this file (# check=skip)')!;
      assert.equal(apply(skip).split('\n')[0], '# check=skip=JSONArgsRecommended');
      // and the ignore comment really silences it
      const d = await lsp.change(CU, apply(ignore));
      assert.ok(!d.diagnostics.some((x) => x.code === 'JSONArgsRecommended'));
    });
  });
});
