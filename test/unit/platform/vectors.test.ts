import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  Platform,
  any,
  formatAll,
  formatPlatform,
  hostPlatform,
  newMatcher,
  only,
  onlyOS,
  onlyStrict,
  ordered,
  parsePlatform,
  selectPlatformEntry,
  sortPlatforms,
} from '../../../client/src/core/platform';
import { vectorsDir } from '../../support/vectors';

/** containerd/platforms conformance vectors (see test/vectors/README.md). */
const DIR = vectorsDir('platforms');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Case = Record<string, any>;
const cases = (f: string): Case[] => JSON.parse(fs.readFileSync(path.join(DIR, `${f}.json`), 'utf8')).cases;

const host = hostPlatform();
/** Vector platform objects use Go's zero values; placeholders name the host's defaults. */
function fromVector(o: Case): Platform {
  const sub = (s: string) => s.replace('$DEFAULT_OS', host.os).replace('$DEFAULT_ARCH', host.architecture).replace('$DEFAULT_VARIANT', host.variant);
  return { os: sub(o.os), architecture: sub(o.architecture), variant: sub(o.variant), osVersion: o.osVersion, ...(o.osFeatures ? { osFeatures: o.osFeatures } : {}) };
}
function plain(p: Platform): Case {
  return { os: p.os, osVersion: p.osVersion, osFeatures: p.osFeatures ?? null, architecture: p.architecture, variant: p.variant };
}

describe('platform vectors (containerd/platforms)', () => {
  it('host platform on this machine comes from process.arch', () => {
    const expected: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
    if (expected[process.arch]) assert.strictEqual(host.architecture, expected[process.arch]);
    assert.strictEqual(formatPlatform(host), `linux/${host.architecture}`);
  });

  describe('TestParseSelector', () => {
    for (const c of cases('TestParseSelector')) {
      it(`${c.input}${c.skip ? ' (wildcard: rejected, as containerd does)' : ''}`, () => {
        if (c.skip) {
          // The Go test skips these; Parse itself rejects wildcards, and so do we.
          assert.throws(() => parsePlatform(c.input), /wildcards not yet supported/);
          return;
        }
        const p = parsePlatform(c.input);
        const want = fromVector(c.expected);
        assert.deepStrictEqual(plain(p), plain(want), `Parse(${c.input})`);
        const m = newMatcher(p);
        assert.ok(m.match(want), `Match(expected) for ${c.input}`);
        for (const mm of c.matches) assert.ok(m.match(fromVector(mm)), `${c.input} must match ${JSON.stringify(mm)}`);
        const fmt = c.useV2Format ? formatAll : formatPlatform;
        const formatted: string =
          c.formatted ??
          (c.formattedJoin as string[])
            .map((s) => s.replace('$DEFAULT_OS', host.os).replace('$DEFAULT_ARCH', host.architecture).replace('$DEFAULT_VARIANT', host.variant))
            .filter(Boolean)
            .join('/');
        assert.strictEqual(fmt(p), formatted, `${c.formatFunction}(Parse(${c.input}))`);
        assert.strictEqual(fmt(parsePlatform(formatted)), formatted, `round trip of ${formatted}`);
      });
    }
  });

  describe('TestParseSelectorInvalid', () => {
    for (const c of cases('TestParseSelectorInvalid')) {
      it(JSON.stringify(c.input), () => assert.throws(() => parsePlatform(c.input), (e: Error) => /invalid argument/.test(e.message)));
    }
  });

  describe('TestFormatAllEncoding / SkipsEmptyOSFeatures', () => {
    for (const c of cases('TestFormatAllEncoding')) {
      it(c.expected, () => {
        const p = fromVector(c.platform);
        assert.strictEqual(formatAll(p), c.expected);
        const back = parsePlatform(c.expected);
        assert.strictEqual(back.osVersion, p.osVersion);
        assert.deepStrictEqual(back.osFeatures ?? null, p.osFeatures ?? null);
      });
    }
    for (const c of cases('TestFormatAllSkipsEmptyOSFeatures')) {
      it(c.expected, () => assert.strictEqual(formatAll(fromVector(c.platform)), c.expected));
    }
  });

  for (const [file, make] of [
    ['TestOnly', only],
    ['TestOnlyStrict', onlyStrict],
    ['TestOnlyOS', onlyOS],
  ] as const) {
    describe(file, () => {
      for (const c of cases(file)) {
        it(c.platform, () => {
          const m = make(parsePlatform(c.platform));
          for (const s of c.matches) assert.ok(m.match(parsePlatform(s)), `${file}(${c.platform}) must match ${s}`);
          for (const s of c.doesNotMatch) assert.ok(!m.match(parsePlatform(s)), `${file}(${c.platform}) must not match ${s}`);
        });
      }
    });
  }

  for (const file of ['TestCompareOSFeatures', 'TestOnlyOSLess']) {
    describe(file, () => {
      for (const c of cases(file)) {
        for (const comparer of c.comparers as string[]) {
          it(`${comparer}(${c.platform}) sorts ${c.platforms.join(', ')}`, () => {
            const p = parsePlatform(c.platform);
            const cmp = { only, onlyStrict, onlyOS, ordered: (x: Platform) => ordered(x), any: (x: Platform) => any(x) }[comparer as 'only'](p);
            const sorted = sortPlatforms((c.platforms as string[]).map(parsePlatform), cmp, (x) => x).map(formatAll);
            assert.deepStrictEqual(sorted, c.expected);
          });
        }
      }
    });
  }

  it('selectPlatformEntry picks the host entry, then compatible ones', () => {
    const entries = [
      { digest: 'arm', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { digest: '386', platform: { os: 'linux', architecture: '386' } },
      { digest: 'amd', platform: { os: 'linux', architecture: 'amd64' } },
    ];
    assert.strictEqual(selectPlatformEntry(entries, parsePlatform('linux/amd64'))?.digest, 'amd');
    assert.strictEqual(selectPlatformEntry(entries.slice(0, 2), parsePlatform('linux/amd64'))?.digest, '386');
    assert.strictEqual(selectPlatformEntry(entries, parsePlatform('linux/arm64'))?.digest, 'arm');
    assert.strictEqual(selectPlatformEntry(entries, parsePlatform('linux/s390x')), undefined);
  });
});
