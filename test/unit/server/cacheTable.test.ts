// layer-cache's package-manager table (server/src/lint/rules/layer-cache.ts), one row at a time: each
// row's `leaves` example is reported with the row's wording and no-cache flag fix, the row's own
// cleanup appended to it silences it, each of its `clean` examples is silent, and the build tools
// marked finalOnly are silent in a stage that does not ship.
import * as assert from 'assert/strict';
import { analyzeText } from '../../../server/src/analysis';
import { hygieneFindings } from '../../../server/src/lint/hygiene';
import { CACHE_SETTINGS, CACHE_TABLE } from '../../../server/src/lint/rules/layer-cache';
import { prepareShellSyntax } from '../../../server/src/lint/shellSyntax';

const cacheFindings = (text: string) => hygieneFindings(analyzeText(text)).filter((f) => f.code === 'layer-cache');
const run = (script: string) => `FROM example/base:1\nRUN ${script}\n`;

describe('layer-cache table: every row', () => {
  before(async () => { await prepareShellSyntax(); });

  it('has rows for the package managers and build tools real Dockerfiles use', () => {
    const ids = CACHE_TABLE.map((r) => r.id);
    for (const id of ['apt', 'apk', 'dnf', 'zypper', 'pip', 'npm', 'yarn', 'composer', 'gem', 'bundle', 'conda', 'pnpm', 'bun', 'poetry', 'uv', 'pipenv', 'pecl', 'cargo', 'go-mod', 'go-build', 'nuget', 'maven', 'gradle']) assert.ok(ids.includes(id), id);
    assert.equal(new Set(ids).size, ids.length, 'row ids are unique');
  });

  for (const row of CACHE_TABLE) {
    describe(`${row.id} (${row.names.join(', ')})`, () => {
      it(`reports \`${row.leaves}\` as leaving ${row.what}`, () => {
        const f = cacheFindings(run(row.leaves));
        const mine = f.filter((x) => x.message.includes(row.what));
        assert.equal(mine.length, 1, `one finding for ${row.what}; got:\n${f.map((x) => x.message).join('\n')}`);
        if (row.flag) assert.ok(mine[0].fixes?.some((x) => x.kind === 'insert' && x.text === ` ${row.flag}`), `a fix that adds ${row.flag}`);
        // (the dedicated handlers word the cleanup with the cache's path as found: `rm -rf /root/.cache/pip`)
        assert.ok(mine[0].fixes?.some((x) => x.kind === 'insert' && x.text.startsWith(' && ') && (row.handler || x.text === ` && ${row.cleanup}`)), 'a fix that appends the cleanup');
      });

      it(`its cleanup \`${row.cleanup}\` in the same RUN removes it`, () => {
        const f = cacheFindings(run(`${row.leaves} && ${row.cleanup}`)).filter((x) => x.message.includes(row.what));
        assert.deepEqual(f.map((x) => x.message), []);
      });

      for (const c of row.clean) {
        it(`is silent on \`${c}\``, () => {
          const f = cacheFindings(run(c)).filter((x) => x.message.includes(row.what));
          assert.deepEqual(f.map((x) => x.message), []);
        });
      }

      if (row.finalOnly) {
        it('is silent in a build stage that does not ship', () => {
          const text = `FROM example/sdk:1 AS build\nRUN ${row.leaves}\nFROM example/runtime:1\nCOPY --from=build /out /out\n`;
          assert.deepEqual(cacheFindings(text).map((x) => x.message), []);
        });
      }
    });
  }
});

describe('layer-cache quick fixes for cleanups that do not clean', () => {
  before(async () => { await prepareShellSyntax(); });
  const apply = (text: string, fix: { at: { line: number; character: number }; text: string }) => {
    const lines = text.split('\n');
    const l = lines[fix.at.line];
    lines[fix.at.line] = l.slice(0, fix.at.character) + fix.text + l.slice(fix.at.character);
    return lines.join('\n');
  };
  for (const [script, want] of [
    ['zypper -n install curl && zypper clean', 'zypper -n install curl && zypper clean --all'],
    ['conda install -y numpy && conda clean --index-cache', 'conda install -y numpy && conda clean --all --index-cache'],
  ]) {
    it(`\`${script}\` gets "add --all", and the fixed RUN is clean`, () => {
      const text = run(script);
      const f = cacheFindings(text);
      assert.equal(f.length, 1);
      const fix = f[0].fixes?.find((x) => x.kind === 'insert' && x.text === ' --all');
      assert.ok(fix && fix.kind === 'insert', f[0].fixes?.map((x) => x.title).join(', '));
      const fixed = apply(text, fix);
      assert.equal(fixed, run(want));
      assert.deepEqual(cacheFindings(fixed).map((x) => x.message), []);
    });
  }
});

describe('layer-cache: config commands that move or turn off a cache (CACHE_SETTINGS), every row', () => {
  before(async () => { await prepareShellSyntax(); });
  for (const row of CACHE_SETTINGS) {
    describe(`${row.names[0]} config ${row.key.source}`, () => {
      it(`is silent on \`${row.sets}\``, () => assert.deepEqual(cacheFindings(`FROM example/base:1\nWORKDIR /app\nRUN ${row.sets}\n`).map((x) => x.message), []));
      it('holds for the stage\'s later RUNs (the setting is in the tool\'s config file)', () => {
        const [setting, ...rest] = row.sets.split(' && ');
        assert.deepEqual(cacheFindings(`FROM example/base:1\nWORKDIR /app\nRUN ${setting}\nRUN ${rest.join(' && ')}\n`).map((x) => x.message), []);
      });
      if (row.leaves) {
        it(`reports \`${row.leaves}\` with the cache where the setting moved it (${row.moved})`, () => {
          const f = cacheFindings(`FROM example/base:1\nWORKDIR /app\nRUN ${row.leaves}\n`);
          assert.equal(f.length, 1, f.map((x) => x.message).join('\n'));
          assert.ok(f[0].message.includes(`(${row.moved})`), f[0].message);
        });
      }
    });
  }
  it('bundle install --path DIR puts the .gem files below DIR', () => {
    const f = cacheFindings('FROM ruby:3.3\nWORKDIR /app\nRUN bundle install --path vendor/bundle\n');
    assert.equal(f.length, 1);
    assert.ok(f[0].message.includes('(/app/vendor/bundle/ruby/*/cache)'), f[0].message);
  });
});
