// The instruction model both the builder and the language server use: ranges, stages, flags,
// heredocs, helpers, error tolerance (never throws) and speed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  parse, dumpAst, parseKeyValues, stageByName, instructionAt, expandWordWith, findVariableRefs, argsRangeOf, argsPosition, formatProblem, unknownInstructionProblems,
  type Dockerfile, type Range,
} from '../../../client/src/core/parser';
import { vectorsDir } from '../../support/vectors';

const r = (range: Range | undefined): number[] =>
  range ? [range.start.line, range.start.character, range.end.line, range.end.character] : [];

const sample = [
  '# syntax=docker/dockerfile:1',                          // 0
  'ARG BASE=alpine:3.19',                                  // 1
  'FROM --platform=$BUILDPLATFORM ${BASE} AS Build',       // 2
  '# install',                                             // 3
  'RUN --mount=type=cache,target=/root/.cache \\',          // 4
  '    # comment inside',                                  // 5
  '    apk add curl && \\',                                 // 6
  '    echo done',                                         // 7
  'COPY --from=build --chmod=755 a.sh /dst/',              // 8
  "RUN <<EOF cat >/x && <<-'EOT' sh",                      // 9
  '  hello $X',                                            // 10
  'EOF',                                                   // 11
  '\tworld',                                               // 12
  '\tEOT',                                                 // 13
  'ENV A=1 B="two words" \\',                               // 14
  '    C=3',                                               // 15
  'LABEL legacy value here',                               // 16
  'ONBUILD RUN echo hi',                                   // 17
  'HEALTHCHECK --interval=5s CMD ["curl","-f","http://x"]', // 18
  'FROM scratch',                                          // 19
  'COPY --from=0 /x /x',                                   // 20
  '',
].join('\n');

describe('parser model', () => {
  const df = parse(sample);
  const at = (line: number) => instructionAt(df, line)!;

  it('parses the sample without problems and keeps directives out of the instructions', () => {
    assert.deepStrictEqual(df.errors, []);
    assert.deepStrictEqual(df.warnings, []);
    assert.deepStrictEqual(df.directives.map((d) => [d.name, d.value, ...r(d.range)]), [['syntax', 'docker/dockerfile:1', 0, 0, 0, 28]]);
    assert.deepStrictEqual(df.instructions.map((i) => i.keyword),
      ['ARG', 'FROM', 'RUN', 'COPY', 'RUN', 'ENV', 'LABEL', 'ONBUILD', 'HEALTHCHECK', 'FROM', 'COPY']);
  });

  it('gives stages, global args and the stage of each instruction', () => {
    assert.deepStrictEqual(df.globalArgs.map((i) => i.startLine), [1]);
    assert.strictEqual(df.stages.length, 2);
    const [s0, s1] = df.stages;
    assert.deepStrictEqual([s0.name, s0.baseImage, s0.platform, r(s0.nameRange), r(s0.baseImageRange)],
      ['Build', '${BASE}', '$BUILDPLATFORM', [2, 42, 2, 47], [2, 31, 2, 38]]);
    assert.deepStrictEqual([s1.name, s1.baseImage], [undefined, 'scratch']);
    assert.strictEqual(s0.instructions.length, 8);
    assert.deepStrictEqual(df.instructions.map((i) => i.stage), [-1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    assert.strictEqual(stageByName(df, 'build'), s0);
    assert.strictEqual(stageByName(df, 'BUILD'), s0);
    assert.strictEqual(stageByName(df, '1'), s1);
    assert.strictEqual(stageByName(df, 'nope'), undefined);
  });

  it('keeps ranges of instructions, keywords, flags and arguments across continuation lines', () => {
    const run = at(6);
    assert.strictEqual(run.keyword, 'RUN');
    assert.deepStrictEqual(r(run.range), [4, 0, 7, 13]);
    assert.deepStrictEqual(r(run.keywordRange), [4, 0, 4, 3]);
    assert.deepStrictEqual(run.comments, ['install']);
    assert.deepStrictEqual(run.flags.map((f) => [f.name, f.value, ...r(f.nameRange), ...r(f.valueRange)]),
      [['mount', 'type=cache,target=/root/.cache', 4, 6, 4, 11, 4, 12, 4, 42]]);
    assert.deepStrictEqual(run.args.map((a) => [a.value, ...r(a.range)]), [['apk add curl &&     echo done', 6, 4, 7, 13]]);
    assert.deepStrictEqual(run.words.map((w) => [w.value, ...r(w.range)]),
      [['apk', 6, 4, 6, 7], ['add', 6, 8, 6, 11], ['curl', 6, 12, 6, 16], ['&&', 6, 17, 6, 19], ['echo', 7, 4, 7, 8], ['done', 7, 9, 7, 13]]);
    const copy = at(8);
    assert.deepStrictEqual(copy.flags.map((f) => [f.raw, ...r(f.range)]), [['--from=build', 8, 5, 8, 17], ['--chmod=755', 8, 18, 8, 29]]);
    assert.deepStrictEqual(copy.args.map((a) => a.value), ['a.sh', '/dst/']);
  });

  it('reads several heredocs on one line, quoted delimiters and <<- with ranges', () => {
    const run = at(9);
    assert.deepStrictEqual(r(run.range), [9, 0, 13, 4]);
    assert.deepStrictEqual(run.heredocs.map((h) => [h.name, h.content, h.expand, h.chomp, ...r(h.range), ...r(h.nameRange)]), [
      ['EOF', '  hello $X\n', true, false, 10, 0, 11, 3, 9, 4, 9, 9],
      ['EOT', '\tworld\n', false, true, 12, 0, 13, 4, 9, 21, 9, 29],
    ]);
    assert.strictEqual(at(12), run, 'heredoc body lines belong to the RUN');
  });

  it('gives ENV/LABEL/ARG key-value pairs in both forms', () => {
    assert.deepStrictEqual(parseKeyValues(at(15)).map((kv) => [kv.key, kv.value, kv.legacy, ...r(kv.keyRange), ...r(kv.valueRange)]), [
      ['A', '1', false, 14, 4, 14, 5, 14, 6, 14, 7],
      ['B', '"two words"', false, 14, 8, 14, 9, 14, 10, 14, 21],
      ['C', '3', false, 15, 4, 15, 5, 15, 6, 15, 7],
    ]);
    assert.deepStrictEqual(parseKeyValues(at(16)).map((kv) => [kv.key, kv.value, kv.legacy]), [['legacy', 'value here', true]]);
    assert.deepStrictEqual(parseKeyValues(at(1)).map((kv) => [kv.key, kv.value, ...r(kv.valueRange)]), [['BASE', 'alpine:3.19', 1, 9, 1, 20]]);
    assert.deepStrictEqual(parseKeyValues(parse('FROM a\nARG X Y=\n').instructions[1]).map((kv) => [kv.key, kv.value]), [['X', undefined], ['Y', '']]);
    assert.strictEqual(expandWordWith(parseKeyValues(at(15))[1].value!, {}), 'two words');
  });

  it('wraps the ONBUILD trigger as an instruction with its own ranges', () => {
    const ob = at(17);
    assert.strictEqual(ob.onbuild?.keyword, 'RUN');
    assert.deepStrictEqual(r(ob.onbuild?.keywordRange), [17, 8, 17, 11]);
    assert.deepStrictEqual(ob.onbuild?.args.map((a) => [a.value, ...r(a.range)]), [['echo hi', 17, 12, 17, 19]]);
    assert.strictEqual(parse('FROM a\nONBUILD COPY <<EOF /x\nhi\nEOF\n').instructions[1].heredocs[0].content, 'hi\n');
  });

  it('HEALTHCHECK and exec form keep JSON element ranges', () => {
    const hc = at(18);
    assert.strictEqual(hc.json, true);
    assert.deepStrictEqual(hc.args.map((a) => [a.value, ...r(a.range)]),
      [['CMD', 18, 26, 18, 29], ['curl', 18, 31, 18, 37], ['-f', 18, 38, 18, 42], ['http://x', 18, 43, 18, 53]]);
  });

  it('handles CRLF, a BOM and the backtick escape', () => {
    const d = parse('\ufeff# escape=`\r\nFROM a\r\nRUN echo `\r\n  hi\r\nRUN dir c:\\\r\n');
    assert.deepStrictEqual(d.errors, []);
    assert.strictEqual(d.escape, '`');
    assert.strictEqual(dumpAst(d), '(from "a")\n(run "echo   hi")\n(run "dir c:\\\\")');
    assert.deepStrictEqual(r(d.instructions[1].range), [2, 0, 3, 4]);
    assert.deepStrictEqual(r(d.directives[0].range), [0, 1, 0, 11]);
  });

  it('warns on empty continuation lines with the BuildKit rule name', () => {
    const d = parse('FROM a\nRUN a \\\n\n  b\n');
    assert.deepStrictEqual(d.warnings.map((w) => [w.code, w.severity, w.message, w.range.start.line]),
      [['NoEmptyContinuation', 'warning', 'Empty continuation line found in: RUN a   b', 3]]);
  });
});

describe('parser error tolerance', () => {
  it('keeps going after errors and reports them with ranges', () => {
    const d = parse('FROM a\nENV X\nRUN ["a", 1]\nRUN <<EOF\nnever ended\n');
    assert.deepStrictEqual(d.errors.map((e) => [e.message, e.range.start.line]), [
      ['ENV must have two arguments', 1],
      ['when using JSON array syntax, arrays must be comprised of strings only', 2],
      ['unterminated heredoc', 3],
    ]);
    assert.deepStrictEqual(d.instructions.map((i) => i.keyword), ['FROM', 'ENV', 'RUN', 'RUN']);
    assert.strictEqual(d.instructions[3].heredocs[0].content, 'never ended\n');
  });

  it('reports unknown instructions like BuildKit, on the keyword', () => {
    const d = parse('FROM a\nFRO b\nONBUILD foo x\n');
    assert.deepStrictEqual(d.errors, [], "BuildKit's parser accepts them");
    const problems = unknownInstructionProblems(d);
    assert.deepStrictEqual(problems.map((e) => [e.message, e.code, ...r(e.range)]), [
      ['unknown instruction: FRO', 'UnknownInstruction', 1, 0, 1, 3],
      ['unknown instruction: foo', 'UnknownInstruction', 2, 8, 2, 11],
    ]);
    assert.strictEqual(formatProblem(problems[0]), 'dockerfile parse error on line 2: unknown instruction: FRO');
  });

  it('gives half-typed instructions a model', () => {
    const d = parse('FROM \nCOPY --from= \nRUN --mount=type=cache,\nHEALTHCHECK\nONBUILD\nEXPOSE');
    assert.deepStrictEqual(d.instructions.map((i) => [i.keyword, i.flags.map((f) => [f.name, f.value]), i.args.length]), [
      ['FROM', [], 0], ['COPY', [['from', '']], 0], ['RUN', [['mount', 'type=cache,']], 0], ['HEALTHCHECK', [], 0], ['ONBUILD', [], 0], ['EXPOSE', [], 0],
    ]);
    assert.deepStrictEqual(d.stages.map((s) => s.baseImage), ['']);
  });

  it('never throws and keeps ranges inside the document on random and mutated input (3,000 inputs)', function () {
    this.timeout(60000);
    const dir = vectorsDir('dockerfile-parser', 'testfiles');
    const seeds = fs.readdirSync(dir).map((n) => fs.readFileSync(path.join(dir, n, 'Dockerfile'), 'utf8'));
    seeds.push(sample);
    const alphabet = ['\\', '`', '\n', '\r\n', ' ', '\t', '#', '"', "'", '[', ']', '<<', '<<-', 'EOF', '--', '=', '$', '{', '}', 'RUN ', 'ONBUILD ', 'FROM ', '# escape=`\n', 'é', '😀', 'x'];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let text = seeds[rnd(seeds.length)];
      for (let m = rnd(8); m >= 0; m--) {
        const pos = rnd(text.length + 1);
        const op = rnd(3);
        if (op === 0) text = text.slice(0, pos) + alphabet[rnd(alphabet.length)] + text.slice(pos);
        else if (op === 1) text = text.slice(0, pos) + text.slice(pos + 1 + rnd(20));
        else text = text.slice(0, pos) + text.slice(rnd(text.length + 1));
      }
      let d: Dockerfile;
      try {
        d = parse(text);
      } catch (e) {
        assert.fail(`parse threw on ${JSON.stringify(text)}: ${(e as Error).stack}`);
      }
      dumpAst(d);
      const lines = text.split('\n');
      const inside = (rg: Range) => {
        for (const p of [rg.start, rg.end]) {
          assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length,
            `position ${JSON.stringify(p)} outside ${JSON.stringify(text)}`);
        }
        assert.ok(rg.start.line < rg.end.line || (rg.start.line === rg.end.line && rg.start.character <= rg.end.character), `range order in ${JSON.stringify(text)}`);
      };
      for (const inst of d.instructions) {
        inside(inst.range);
        inside(inst.keywordRange);
        for (const a of [...inst.args, ...inst.words, ...inst.flags]) inside(a.range);
        for (const h of inst.heredocs) inside(h.range);
      }
      for (const e of [...d.errors, ...d.warnings]) inside(e.range);
    }
  });
});

describe('parser speed', () => {
  it('parses a 2,000-line Dockerfile in a few milliseconds (printed, not asserted)', () => {
    const parts: string[] = ['# syntax=docker/dockerfile:1', 'ARG VERSION=1'];
    for (let i = 0; parts.length < 2000; i++) {
      parts.push(`FROM alpine:3.${i % 20} AS s${i}`, `ENV A${i}=x B${i}="y z"`, `RUN --mount=type=cache,target=/c apk add curl \\`,
        '    && echo hi \\', '    && rm -rf /var/cache/apk/*', `COPY --from=s${i} --chmod=755 /a /b`, 'RUN <<EOF', 'echo body', 'EOF',
        `LABEL k${i}=v`, 'CMD ["sh", "-c", "echo"]');
    }
    const text = parts.join('\n');
    for (let i = 0; i < 10; i++) parse(text); // warm up (the language server parses warm)
    const t0 = process.hrtime.bigint();
    const n = 20;
    let d: Dockerfile | undefined;
    for (let i = 0; i < n; i++) d = parse(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
    console.log(`      parse of ${text.split('\n').length} lines: ${ms.toFixed(2)} ms`);
    assert.deepStrictEqual(d!.errors, []);
    assert.ok(d!.stages.length > 100);
  });
});

describe('parser helpers: variable references and argument positions', () => {
  it('finds $X and ${X...} outside single quotes and escapes, nested ones too', () => {
    const refs = findVariableRefs(`a $A "\${B:-$C}" '$D' \\$E \${F#x}\${G} $1 $\{`);
    assert.deepStrictEqual(refs.map((v) => [v.name, v.start, v.end, v.braced, v.modifier]), [
      ['A', 2, 4, false, undefined],
      ['B', 6, 14, true, ':-'],
      ['C', 11, 13, false, undefined],
      ['F', 25, 31, true, '#'],
      ['G', 31, 35, true, undefined],
    ]);
    assert.deepStrictEqual(findVariableRefs('a`$B $C', '`').map((v) => v.name), ['C']);
  });

  it('maps argsText offsets back to document positions across continuation lines', () => {
    const d = parse('FROM a\nRUN echo $A \\\n  && echo ${B}\n');
    const run = d.instructions[1];
    const refs = findVariableRefs(run.argsText);
    assert.deepStrictEqual(refs.map((v) => [v.name, ...r(argsRangeOf(run, v.nameStart, v.nameEnd))]), [
      ['A', 1, 10, 1, 11],
      ['B', 2, 12, 2, 13],
    ]);
    assert.deepStrictEqual(argsPosition(run, 0), { line: 1, character: 4 });
  });
});

describe('parser comments', () => {
  it('lists comment lines, including those inside continuations, but not directives', () => {
    const d = parse('# syntax=x\n# hello\nFROM a\nRUN a \\\n  # inside\n  b\n');
    assert.deepStrictEqual(d.comments.map((c) => [c.text, ...r(c.range)]), [['# hello', 1, 0, 1, 7], ['# inside', 4, 2, 4, 10]]);
    assert.deepStrictEqual(d.instructions[0].comments, ['hello']);
  });
});
