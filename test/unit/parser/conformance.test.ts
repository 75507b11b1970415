// BuildKit's own parser test files (shared vectors): positive files must dump exactly like BuildKit,
// negative ones must fail, and line numbers must match.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '../../../client/src/core/parser/parser';
import { dumpAst } from '../../../client/src/core/parser/dump';
import { vectorsDir, readVectors } from '../../support/vectors';

describe('parser conformance: BuildKit testfiles', () => {
  const dir = vectorsDir('dockerfile-parser', 'testfiles');
  for (const name of fs.readdirSync(dir).sort()) {
    it(`dumps ${name} exactly like BuildKit`, () => {
      const text = fs.readFileSync(path.join(dir, name, 'Dockerfile'), 'utf8');
      const expected = fs.readFileSync(path.join(dir, name, 'result'), 'utf8');
      const df = parse(text);
      assert.deepStrictEqual(df.errors, [], 'no parse errors');
      assert.strictEqual(dumpAst(df) + '\n', expected);
    });
  }
});

describe('parser conformance: BuildKit testfiles-negative', () => {
  const dir = vectorsDir('dockerfile-parser', 'testfiles-negative');
  const messages: Record<string, string> = {
    empty_dockerfile: 'file with no instructions',
    only_comments: 'file with no instructions',
    env_no_value: 'ENV must have two arguments',
    'shykes-nested-json': 'when using JSON array syntax, arrays must be comprised of strings only',
  };
  for (const name of fs.readdirSync(dir).sort()) {
    it(`rejects ${name}`, () => {
      const df = parse(fs.readFileSync(path.join(dir, name, 'Dockerfile'), 'utf8'));
      assert.ok(df.errors.length > 0, 'must have an error');
      if (messages[name]) assert.strictEqual(df.errors[0].message, messages[name]);
    });
  }
});

interface LineCase { file: string; startLine: number; endLine: number; childCount: number; children: Array<{ startLine: number; endLine: number }> }

describe('parser conformance: line numbers (TestParseIncludesLineNumbers)', () => {
  const v = readVectors<LineCase>('dockerfile-parser', 'extra', 'parser-TestParseIncludesLineNumbers.json');
  for (const c of v.cases) {
    it(`gives BuildKit's line numbers for ${c.file}`, () => {
      const df = parse(fs.readFileSync(vectorsDir('dockerfile-parser', c.file), 'utf8'));
      assert.deepStrictEqual(df.errors, []);
      assert.strictEqual(df.instructions.length, c.childCount);
      assert.strictEqual(df.instructions[0].startLine + 1, c.startLine);
      assert.strictEqual(df.instructions[df.instructions.length - 1].endLine + 1, c.endLine);
      c.children.forEach((ch, i) => {
        assert.strictEqual(df.instructions[i].startLine + 1, ch.startLine, `child ${i} start`);
        assert.strictEqual(df.instructions[i].endLine + 1, ch.endLine, `child ${i} end`);
      });
    });
  }
});
