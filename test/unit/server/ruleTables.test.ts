// The layer-hygiene rule units' tables (secrets, extractors, rewrite tools, removals), one row at a
// time, in process: what each row says it reports is reported, and what it says is fine is not.
// layer-cache's package-manager table has its own file (cacheTable.test.ts).
import * as assert from 'assert/strict';
import { analyzeText } from '../../../server/src/analysis';
import { hygieneFindings } from '../../../server/src/lint/hygiene';
import { ARCHIVE_TABLE } from '../../../server/src/lint/rules/layer-archive';
import { BUILD_TABLE, REMOVAL_TABLE } from '../../../server/src/lint/rules/layer-deleted-later';
import { PACKAGE_FILE_TABLE, PACKAGE_INSTALLS, REWRITE_TABLE } from '../../../server/src/lint/rules/layer-rewrite';
import { SECRET_TABLE, secretKind } from '../../../server/src/lint/rules/layer-secret';
import { prepareShellSyntax } from '../../../server/src/lint/shellSyntax';

const found = (text: string, code: string) => hygieneFindings(analyzeText(text)).filter((f) => f.code === code).map((f) => f.range.start.line);

describe('layer-hygiene rule tables: every row', () => {
  before(async () => { await prepareShellSyntax(); });

  describe('layer-secret', () => {
    for (const row of SECRET_TABLE) {
      it(row.kind, () => {
        for (const p of row.reported) assert.equal(secretKind(p), row.kind, p);
        for (const p of row.silent) assert.notEqual(secretKind(p), row.kind, p);
        // and over a COPY, as the rule reports it
        const src = row.reported[0].replace(/^\/+/, '');
        assert.deepEqual(found(`FROM example/base:1\nCOPY ${src} /secrets/${src.split('/').pop()}\n`, 'layer-secret'), [1], src);
      });
    }
    it('never reports source files, tokenizer data or design tokens named after tokens', () => {
      for (const p of ['token.go', 'src/lexer/token.ts', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'styles/tokens.css', 'tokens.json', 'token.pub', 'hosts.yml']) assert.equal(secretKind(p), undefined, p);
    });
    it('reads a name with a long run of separators after `secret` in one pass (a hostile line does not hang the server)', () => {
      assert.equal(secretKind(`secret${'-'.repeat(10000)}!`), undefined);
      assert.equal(secretKind(`cookie_secret${'_'.repeat(10000)}`), 'a secret file');
      assert.equal(secretKind(`cookie-secret${'-x'.repeat(5000)}.json`), 'a secret file');
    });
    it('never reports public keys, known_hosts or authorized_keys', () => {
      for (const p of ['id_rsa.pub', '.ssh/known_hosts', '.ssh/authorized_keys', 'tls/server.pub']) assert.equal(secretKind(p), undefined, p);
    });
  });

  describe('layer-archive', () => {
    for (const row of ARCHIVE_TABLE) {
      it(`${row.id} (${row.names.join(', ')})`, () => {
        if (row.leaves) assert.deepEqual(found(`FROM example/base:1\nRUN ${row.leaves}\n`, 'layer-archive'), [1], row.leaves);
        for (const c of row.clean) assert.deepEqual(found(`FROM example/base:1\nRUN ${c}\n`, 'layer-archive'), [], c);
      });
    }
  });

  describe('layer-rewrite', () => {
    for (const row of REWRITE_TABLE) {
      it(`${row.id} (${row.names.join(', ')})`, () => {
        const base = 'FROM example/base:1\nCOPY app.conf /etc/app.conf\n';
        assert.deepEqual(found(`${base}RUN ${row.rewrites}\n`, 'layer-rewrite'), [2], row.rewrites);
        for (const c of row.silent) assert.deepEqual(found(`${base}RUN ${c}\n`, 'layer-rewrite'), [], c);
      });
    }
  });

  describe('layer-rewrite: files an earlier RUN installed with a package manager', () => {
    for (const row of PACKAGE_FILE_TABLE) {
      it(`${row.id} (${row.homes.slice(0, 3).join(', ')} ...)`, () => {
        const base = `FROM example/base:1\n${row.installs}\n`;
        assert.deepEqual(found(`${base}RUN ${row.rewrites}\n`, 'layer-rewrite'), [2], row.rewrites);
        // in the RUN that installed it, it is the same layer
        assert.deepEqual(found(`FROM example/base:1\n${row.installs} && ${row.rewrites}\n`, 'layer-rewrite'), [], `${row.rewrites} in the same RUN`);
        // without the install, the files are the base image's
        assert.deepEqual(found(`FROM example/base:1\nRUN ${row.rewrites}\n`, 'layer-rewrite'), [], `${row.rewrites} without the install`);
        for (const c of row.silent) assert.deepEqual(found(`${base}RUN ${c}\n`, 'layer-rewrite'), [], c);
      });
    }
    for (const row of PACKAGE_INSTALLS) {
      it(`installed by ${row.manager}`, () => {
        assert.deepEqual(found(`FROM example/base:1\n${row.installs}\nRUN ${row.rewrites}\n`, 'layer-rewrite'), [2], row.installs);
        // a folder named after another package is not this one's
        const pkg = /(site-packages|node_modules)\/(.+)$/.exec(row.rewrites)?.[2];
        if (!pkg) assert.deepEqual(found(`FROM example/base:1\n${row.installs}\nRUN ${row.rewrites.replace(/\/(etc|usr\/share)\/[^ ]+/, '/etc/other')}\n`, 'layer-rewrite'), [], 'another package\'s folder');
      });
    }
  });

  describe('layer-deleted-later: builds in a copied tree', () => {
    for (const row of BUILD_TABLE) {
      it(`${row.id} (${row.names.join(', ')})`, () => {
        const base = `FROM example/base:1\nCOPY . /src\nWORKDIR /src\nRUN ${row.builds}\n`;
        // the build's outputs removed later: reported on the build's RUN (line 3)
        assert.ok(found(`${base}RUN ${row.removesOutputs}\n`, 'layer-deleted-later').includes(3), row.removesOutputs);
        // sources removed later: the COPY's (line 1), never the build's
        assert.deepEqual(found(`${base}RUN ${row.removesSources}\n`, 'layer-deleted-later'), [1], row.removesSources);
        // the outputs removed in the build's own RUN: one layer
        assert.ok(!found(`${base.trimEnd()} && ${row.removesOutputs}\n`, 'layer-deleted-later').includes(3), `${row.removesOutputs} in the same RUN`);
      });
    }
  });

  describe('layer-deleted-later', () => {
    for (const row of REMOVAL_TABLE) {
      it(row.id, () => {
        const base = `FROM example/base:1\n${row.adds}\n`;
        assert.deepEqual(found(`${base}${row.removes}\n`, 'layer-deleted-later'), [1], row.removes);
        for (const c of row.silent) assert.deepEqual(found(`${base}${c}\n`, 'layer-deleted-later'), [], c);
      });
    }
  });
});
