// BuildKit's parser unit tests, converted to vectors (dockerfile-parser/extra/parser-*.json).
import * as assert from 'assert';
import {
  parse, parseWords, parseNameVal, parseJSONArgs, parseHeredoc, heredocsFromLine, chompHeredocContent,
  DirectiveParser, detectSyntax, parseDirective, parseCheckOptions,
} from '../../../client/src/core/parser';
import { readVectors } from '../../support/vectors';

const extra = <C>(name: string) => readVectors<C>('dockerfile-parser', 'extra', name).cases;

interface HeredocV { name: string; fileDescriptor: number; expand: boolean; chomp: boolean; content: string }

describe('parser extra: heredocs', () => {
  extra<{ dockerfile: string; children: Array<{ child: number; heredocs: HeredocV[] | null }> }>('parser-TestParseExtractsHeredoc.json')
    .forEach((c, ci) => {
      const df = parse(c.dockerfile);
      it(`case ${ci} parses without errors`, () => assert.deepStrictEqual(df.errors, []));
      for (const ch of c.children) {
        it(`case ${ci} instruction ${ch.child} has ${ch.heredocs ? ch.heredocs.map((h) => h.name).join(',') : 'no heredocs'}`, () => {
          const got = df.instructions[ch.child].heredocs.map((h) => ({
            name: h.name, fileDescriptor: h.fileDescriptor, expand: h.expand, chomp: h.chomp, content: h.content,
          }));
          assert.deepStrictEqual(got, ch.heredocs ?? []);
        });
      }
    });

  extra<{ dockerfile: string; children: Array<{ child: number; heredocs: null }> }>('parser-TestParseJSONHeredoc.json').forEach((c) => {
    it('exec-form instructions take no heredocs', () => {
      const df = parse(c.dockerfile);
      assert.deepStrictEqual(df.errors, []);
      for (const ch of c.children) assert.deepStrictEqual(df.instructions[ch.child].heredocs, []);
    });
  });

  extra<{ line: string; heredocNames: string[] | null; observedHeredocNames: string[] | null }>('parser-TestHeredocsFromLine.json')
    .forEach((c) => {
      it(`heredocsFromLine(${JSON.stringify(c.line)}) -> ${JSON.stringify(c.observedHeredocNames)}`, () => {
        const names = heredocsFromLine(c.line).map((h) => h.name);
        assert.deepStrictEqual(names, c.observedHeredocNames ?? []);
        assert.deepStrictEqual(names, (c.heredocNames ?? []).slice(0, names.length));
      });
    });

  extra<{ input: string; kind: string; name?: string }>('parser-TestParseHeredocHelpers.json').forEach((c) => {
    it(`ParseHeredoc(${JSON.stringify(c.input)}) is ${c.kind}`, () => {
      if (c.kind === 'invalid') assert.throws(() => parseHeredoc(c.input));
      else if (c.kind === 'notHeredoc') assert.strictEqual(parseHeredoc(c.input), undefined);
      else assert.strictEqual(parseHeredoc(c.input)?.name, c.name);
    });
  });

  extra<{ content: string; expected: string }>('parser-TestHeredocChomp.json').forEach((c) => {
    it('chomps leading tabs', () => assert.strictEqual(chompHeredocContent(c.content), c.expected));
  });
});

describe('parser extra: directives', () => {
  extra<{ input: string; directives: Array<{ name: string; value: string }> }>('parser-TestDirectives.json').forEach((c, i) => {
    it(`ParseAll #${i}`, () => {
      const got = new DirectiveParser().parseAll(c.input).map((d) => ({ name: d.name, value: d.value }));
      assert.deepStrictEqual(got, c.directives);
    });
  });
  type DCase = { input: string; ok: boolean; ref?: string; cmdline?: string; line?: number; key?: string };
  const check = (r: ReturnType<typeof detectSyntax>, c: DCase) => {
    assert.strictEqual(r !== undefined, c.ok);
    if (c.ref !== undefined) assert.strictEqual(r?.ref ?? '', c.ref);
    if (c.cmdline !== undefined) assert.strictEqual(r?.cmdline ?? '', c.cmdline);
    if (c.line !== undefined) assert.strictEqual(r?.line, c.line);
  };
  extra<DCase>('parser-TestDetectSyntax.json').forEach((c, i) => {
    it(`DetectSyntax #${i} ${JSON.stringify(c.input)}`, () => check(detectSyntax(c.input), c));
  });
  extra<DCase>('parser-TestParseDirective.json').forEach((c, i) => {
    it(`ParseDirective #${i} ${JSON.stringify(c.input)}`, () => check(parseDirective(c.key!, c.input), c));
  });
  it('the parse model reports directives, escape and errors for repeats', () => {
    const df = parse('# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM a\nRUN x `\n  y\n');
    assert.deepStrictEqual(df.directives.map((d) => [d.name, d.value, d.range.start.line]),
      [['syntax', 'docker/dockerfile:1', 0], ['escape', '`', 1], ['check', 'skip=all', 2]]);
    assert.strictEqual(df.escape, '`');
    assert.strictEqual(df.instructions[1].args[0].value, 'x   y');
    assert.deepStrictEqual(df.instructions.map((i) => i.comments), [[], []]);
    const dup = parse('# escape=`\n# escape=\\\nFROM a\n');
    assert.match(dup.errors[0].message, /only one escape parser directive can be used/);
    const bad = parse('# escape=x\nFROM a\n');
    assert.deepStrictEqual(bad.errors.map((e) => [e.message, e.range.start.line]), [["invalid escape token 'x' does not match ` or \\", 0]]);
    assert.strictEqual(bad.escape, '\\');
  });
});

describe('parser extra: words, name=value and JSON', () => {
  extra<{ input: string; expected: string[] }>('parser-TestParseWords.json').forEach((c) => {
    it(`parseWords(${JSON.stringify(c.input)})`, () => assert.deepStrictEqual(parseWords(c.input), c.expected));
  });
  extra<{ test: string; rest: string; key: string; error: string | null; values?: string[] }>('parser-TestParseNameVal.json').forEach((c) => {
    it(c.test, () => {
      if (c.error) assert.throws(() => parseNameVal(c.rest, c.key));
      else assert.deepStrictEqual(parseNameVal(c.rest, c.key), c.values);
    });
  });
  extra<{ input: string; error: string | null; values?: string[]; errorMessage?: string }>('parser-TestJSONArraysOfStrings.json').forEach((c) => {
    it(`parseJSON(${JSON.stringify(c.input)})`, () => {
      if (c.error) assert.throws(() => parseJSONArgs(c.input), (e: Error) => e.message === c.errorMessage);
      else assert.deepStrictEqual(parseJSONArgs(c.input)?.map((n) => n.value), c.values);
    });
  });
});

describe('parser extra: warnings and scanner errors', () => {
  extra<{ dockerfile: string; warningCount: number; warnings: Array<{ shortContains: string[]; detail0Contains?: string }> }>(
    'parser-TestParseWarnsOnEmptyContinutationLine.json').forEach((c) => {
    it('warns on empty continuation lines only', () => {
      const df = parse(c.dockerfile);
      assert.deepStrictEqual(df.errors, []);
      assert.strictEqual(df.warnings.length, c.warningCount);
      c.warnings.forEach((w, i) => {
        for (const s of w.shortContains) assert.ok(df.warnings[i].message.includes(s), `${df.warnings[i].message} contains ${s}`);
        assert.strictEqual(df.warnings[i].code, 'NoEmptyContinuation');
      });
    });
  });
  extra<{ dockerfile: string; error: string }>('parser-TestParseReturnsScannerErrors.json').forEach((c) => {
    it('rejects lines over 64 KiB like BuildKit', () => {
      const df = parse(c.dockerfile);
      assert.strictEqual(df.errors[0]?.message, c.error);
    });
  });
});

describe('parser: # check= options (BuildKit ParseLintOptions)', () => {
  it('parses skip lists, all, error and experimental', () => {
    assert.deepStrictEqual(parseCheckOptions(' skip = StageNameCasing, FromAsCasing ;error=true'), {
      skipAll: false, skipRules: ['StageNameCasing', 'FromAsCasing'], experimentalAll: false, experimentalRules: [], returnAsError: true,
    });
    assert.strictEqual(parseCheckOptions('skip=all').skipAll, true);
    assert.strictEqual(parseCheckOptions('experimental=all').experimentalAll, true);
    assert.deepStrictEqual(parseCheckOptions(''), { skipAll: false, skipRules: [], experimentalAll: false, experimentalRules: [], returnAsError: false });
  });
  it('rejects unknown options and bad booleans', () => {
    assert.throws(() => parseCheckOptions('skipp=x'), /invalid check option "skipp"/);
    assert.throws(() => parseCheckOptions('nokey'), /invalid check option "nokey"/);
    assert.throws(() => parseCheckOptions('error=maybe'), /failed to parse check option/);
  });
});
