// BuildKit's shell-lexer vectors: envVarTest, wordsTest and the lexer unit tests (extra/shell-*.json).
import * as assert from 'assert';
import * as fs from 'fs';
import { Lex, envsFromSlice, expandWord, processWords, ShellError } from '../../../client/src/core/parser/shell';
import { vectorsDir, readVectors } from '../../support/vectors';

describe('shell lexer: envVarTest (ProcessWord)', () => {
  const env = envsFromSlice(['PWD=/home', 'SHELL=bash', 'KOREAN=한국어', 'NULL=']);
  const lines = fs.readFileSync(vectorsDir('dockerfile-parser', 'shell', 'envVarTest'), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.startsWith('#') || line.trim() === '') return;
    const parts = line.split('|').map((p) => p.trim());
    assert.strictEqual(parts.length, 3, `line ${i + 1} has 3 fields`);
    const [platform, input, expected] = parts;
    if (platform !== 'A' && platform !== 'U') return;
    it(`line ${i + 1}: ${input} -> ${expected}`, () => {
      const lex = new Lex('\\');
      if (expected === 'error') {
        assert.throws(() => lex.processWord(input, env), ShellError);
      } else {
        assert.strictEqual(lex.processWord(input, env), expected);
      }
    });
  });
});

describe('shell lexer: wordsTest (ProcessWords)', () => {
  const lines = fs.readFileSync(vectorsDir('dockerfile-parser', 'shell', 'wordsTest'), 'utf8').split('\n');
  const envList: string[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('#')) return;
    if (line.startsWith('ENV ')) {
      envList.push(line.slice(4).replace(/^ +/, ''));
      return;
    }
    const bar = line.indexOf('|');
    if (bar < 0) return;
    const input = line.slice(0, bar).trim();
    const expected = line.slice(bar + 1).replace(/^ +/, '').split(',');
    const env = envsFromSlice([...envList]);
    it(`line ${i + 1}: ${input} -> ${expected.join(',')}`, () => {
      let words: string[];
      try {
        words = new Lex('\\').processWords(input, env);
      } catch {
        words = ['error'];
      }
      assert.deepStrictEqual(words, expected);
    });
  });
});

interface MatchCase { input: string; envs: Record<string, string>; error: string | null; expected?: string; matches?: string[]; unmatched?: string[] }

describe('shell lexer: ProcessWordWithMatches (extra/shell-TestProcessWithMatches*)', () => {
  for (const file of ['shell-TestProcessWithMatches.json', 'shell-TestProcessWithMatchesPlatform.json']) {
    const v = readVectors<MatchCase>('dockerfile-parser', 'extra', file);
    v.cases.forEach((c, i) => {
      it(`${file} #${i}: ${c.input}`, () => {
        const lex = new Lex('\\');
        if (c.error) {
          assert.throws(() => lex.processWordWithMatches(c.input, c.envs), ShellError);
          return;
        }
        const r = lex.processWordWithMatches(c.input, c.envs);
        assert.strictEqual(r.result, c.expected);
        if (c.matches) assert.deepStrictEqual([...r.matched].sort(), [...c.matches].sort());
        if (c.unmatched) assert.deepStrictEqual([...r.unmatched].sort(), [...c.unmatched].sort());
      });
    });
  }
});

interface MandatoryCase { word: string; envs: string[]; error?: null; expected?: string; errorContains?: string }

describe('shell lexer: mandatory variables ${VAR?msg} / ${VAR:?msg}', () => {
  const v = readVectors<MandatoryCase>('dockerfile-parser', 'extra', 'shell-TestShellParserMandatoryEnvVars.json');
  v.cases.forEach((c, i) => {
    it(`#${i}: ${c.word} with [${c.envs.join(' ')}]`, () => {
      const lex = new Lex('\\');
      if (c.errorContains !== undefined) {
        assert.throws(() => lex.processWord(c.word, envsFromSlice(c.envs)), (e: Error) => e.message.includes(c.errorContains!));
      } else {
        assert.strictEqual(lex.processWord(c.word, envsFromSlice(c.envs)), c.expected);
      }
    });
  });
});

describe('shell lexer: GetEnv over EnvsFromSlice', () => {
  const v = readVectors<{ envs: string[]; name: string; value: string }>('dockerfile-parser', 'extra', 'shell-TestGetEnv.json');
  v.cases.forEach((c, i) => {
    it(`#${i}: ${c.name} in [${c.envs.join(' ')}] is ${JSON.stringify(c.value)}`, () => {
      // expansion of ${name} reads the variable exactly like getEnv
      assert.strictEqual(new Lex('\\').processWord('${' + c.name + '}', envsFromSlice(c.envs)), c.value);
    });
  });
});

describe('shell lexer: helpers', () => {
  it('expandWord honours the backtick escape token', () => {
    assert.strictEqual(expandWord('a`$B "$B"', { B: 'x' }, '`'), 'a$B x');
    assert.strictEqual(expandWord('a\\b', {}, '`'), 'a\\b');
  });
  it('processWords splits after expansion', () => {
    assert.deepStrictEqual(processWords('a $X "b c"', { X: '1 2' }), ['a', '1', '2', 'b c']);
  });
  it('error messages name the word like BuildKit', () => {
    assert.throws(() => expandWord('${X:?need X}', {}), /failed to process "\$\{X:\?need X\}": X: need X/);
  });
});

describe('shell lexer: ${VAR//pattern/replacement} like Go regexp.ReplaceAllString', () => {
  it('does not replace an empty match right after a match', () => {
    assert.strictEqual(expandWord('${X//*/-}', { X: 'abc' }), '-', 'JS replace would give --');
  });
  it('treats the replacement as a Go template ($$ is $, $0 is the match, unknown groups are empty)', () => {
    assert.strictEqual(expandWord('${X//b/[$Y]}', { X: 'abc', Y: '$0' }), 'a[b]c');
    assert.strictEqual(expandWord('${X//b/$Y}', { X: 'abc', Y: '$$' }), 'a$c');
    assert.strictEqual(expandWord('${X//b/$Y}', { X: 'abc', Y: '$1x' }), 'ac');
    assert.strictEqual(expandWord('${X/b/$Y}', { X: 'abcb', Y: '$1' }), 'a$1cb', 'a single replacement is literal');
  });
});
