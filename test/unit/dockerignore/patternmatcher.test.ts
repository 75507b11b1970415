// moby/patternmatcher and ignorefile vectors (test/vectors/dockerignore) against our .dockerignore matcher.
import * as assert from 'assert';
import {
  PatternMatcher, Pattern, matches, dirPath, readIgnoreFile, DockerIgnore, BadPatternError, type MatchInfo,
} from '../../../client/src/core/parser/dockerignore';
import { readVectors } from '../../support/vectors';

const cases = <C>(name: string) => readVectors<C>('dockerignore', name).cases;

interface MatchesCase { patterns: string[]; path: string; match: boolean; methods: string[] }

// The Go test walks the parents of filepath.Dir(path), shortest first.
function ancestors(path: string): string[] {
  const parent = dirPath(path);
  if (parent === '.') return [];
  const parts = parent.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

describe('dockerignore: TestMatches (PatternMatcher methods)', () => {
  cases<MatchesCase>('TestMatches.json').forEach((c, i) => {
    it(`#${i} ${JSON.stringify(c.patterns)} ${c.path} -> ${c.match}`, () => {
      const pm = new PatternMatcher(c.patterns);
      for (const m of c.methods) {
        let got: boolean;
        switch (m) {
          case 'MatchesOrParentMatches':
            got = pm.matchesOrParentMatches(c.path);
            break;
          case 'MatchesUsingParentResult': {
            let parent = false;
            for (const a of ancestors(c.path)) parent = pm.matchesUsingParentResult(a, parent);
            got = pm.matchesUsingParentResult(c.path, parent);
            break;
          }
          case 'MatchesUsingParentResults': {
            let info: MatchInfo = { parentMatched: [] };
            for (const a of ancestors(c.path)) info = pm.matchesUsingParentResults(a, info)[1];
            got = pm.matchesUsingParentResults(c.path, info)[0];
            break;
          }
          case 'MatchesUsingParentResultsNoContext':
            got = pm.matchesUsingParentResults(c.path, { parentMatched: [] })[0];
            break;
          default:
            throw new Error(`unknown method ${m}`);
        }
        assert.strictEqual(got, c.match, m);
      }
    });
  });
});

interface MatchCase { pattern: string; path: string; match: boolean; error: string | null }

describe('dockerignore: TestMatch (Go filepath.Match syntax)', () => {
  cases<MatchCase>('TestMatch.json').forEach((c, i) => {
    it(`#${i} ${c.pattern} vs ${c.path} -> ${c.error ?? c.match}`, () => {
      if (c.error) {
        assert.throws(() => matches(c.path, [c.pattern]), BadPatternError);
      } else {
        assert.strictEqual(matches(c.path, [c.pattern]), c.match);
      }
    });
  });
});

interface SingleCase { test: string; path: string; patterns: string[]; match?: boolean; error: string | null; errorChecked?: boolean }

describe('dockerignore: single-call tests (package-level Matches)', () => {
  cases<SingleCase>('SingleCallTests.json').forEach((c) => {
    it(`${c.test}: ${JSON.stringify(c.patterns)} ${c.path}`, () => {
      if (c.error && c.errorChecked !== false) {
        assert.throws(() => matches(c.path, c.patterns));
        return;
      }
      let got: boolean | undefined;
      try {
        got = matches(c.path, c.patterns);
      } catch (e) {
        if (c.errorChecked !== false || c.error === null) throw e;
      }
      if (c.match !== undefined) assert.strictEqual(got, c.match);
    });
  });
});

interface NewCase { test: string; patterns: string[]; error: string | null; patternCount?: number; exclusions?: boolean; observedCleanedPatterns?: string[]; observedExclusionFlags?: boolean[] }

describe('dockerignore: New(patterns)', () => {
  cases<NewCase>('NewTests.json').forEach((c) => {
    it(c.test, () => {
      if (c.error) {
        assert.throws(() => new PatternMatcher(c.patterns));
        return;
      }
      const pm = new PatternMatcher(c.patterns);
      if (c.patternCount !== undefined) assert.strictEqual(pm.patterns.length, c.patternCount);
      if (c.exclusions !== undefined) assert.strictEqual(pm.exclusions, c.exclusions);
      if (c.observedCleanedPatterns) assert.deepStrictEqual(pm.patterns.map(String), c.observedCleanedPatterns);
      if (c.observedExclusionFlags) assert.deepStrictEqual(pm.patterns.map((p) => p.exclusion), c.observedExclusionFlags);
    });
  });
});

interface CompileCase { pattern: string; matchType: string; regexp: string | null; cleanedPattern: string }

describe('dockerignore: pattern compilation (TestCompile)', () => {
  cases<CompileCase>('TestCompile.json').forEach((c) => {
    it(`${c.pattern} -> ${c.matchType} ${c.regexp ?? ''}`, () => {
      const pm = new PatternMatcher([c.pattern]);
      const p: Pattern = pm.patterns[0];
      assert.strictEqual(p.cleanedPattern, c.cleanedPattern);
      p.compile();
      assert.strictEqual(p.matchType, c.matchType);
      if (c.regexp !== null) assert.strictEqual(p.regexpSource, c.regexp);
    });
  });
});

describe('dockerignore: malformed pattern on repeated calls', () => {
  cases<{ patterns: string[]; path: string; calls: number }>('TestMatchesOrParentMatchesMalformedPatternDoesNotPanicOnRepeatedCall.json').forEach((c) => {
    it(`${JSON.stringify(c.patterns)} fails ${c.calls} times with ErrBadPattern`, () => {
      const pm = new PatternMatcher(c.patterns);
      for (let i = 0; i < c.calls; i++) {
        assert.throws(() => pm.matchesOrParentMatches(c.path), (e: Error) => e instanceof BadPatternError && e.message === 'syntax error in pattern');
      }
    });
  });
});

describe('dockerignore: reading the file (ignorefile.ReadAll)', () => {
  cases<{ content: string | null; patterns: string[] }>('ignorefile-TestReadAll.json').forEach((c, i) => {
    it(`#${i}`, () => assert.deepStrictEqual(readIgnoreFile(c.content), c.patterns));
  });
  it('strips a BOM and CRLF, and DockerIgnore applies exceptions with parent directories', () => {
    const di = DockerIgnore.fromText('\ufeff# comment\r\nnode_modules\r\n*.log\r\n!keep.log\r\n/build/**\r\n');
    assert.deepStrictEqual(di.patterns, ['node_modules', '*.log', '!keep.log', 'build/**']);
    assert.strictEqual(di.ignores('node_modules/x/y.js'), true);
    assert.strictEqual(di.ignores('a.log'), true);
    assert.strictEqual(di.ignores('keep.log'), false);
    assert.strictEqual(di.ignores('sub/a.log'), false, '* does not cross /');
    assert.strictEqual(di.ignores('build/out/app'), true);
    assert.strictEqual(di.ignores('src/index.ts'), false);
    assert.strictEqual(di.ignores('.'), false);
  });
});

describe('dockerignore: skipping directories during a context walk', () => {
  it('skips an ignored directory unless an exception may re-include something inside', () => {
    const di = DockerIgnore.fromText('node_modules\nvendor\n!vendor/keep/**\nlogs\n!**/important.log\n');
    assert.strictEqual(di.canSkipDir('node_modules'), false, 'an exception with wildcards may match anywhere');
    const simple = DockerIgnore.fromText('node_modules\nvendor\n!vendor/keep\n');
    assert.strictEqual(simple.canSkipDir('node_modules'), true);
    assert.strictEqual(simple.canSkipDir('vendor'), false);
    assert.strictEqual(simple.ignores('vendor/keep/a.go'), false);
    assert.strictEqual(simple.ignores('vendor/other/a.go'), true);
    assert.strictEqual(simple.canSkipDir('src'), false, 'not ignored');
    assert.strictEqual(di.ignores('logs/important.log'), false);
    assert.strictEqual(di.ignores('logs/other.log'), true);
  });
});
