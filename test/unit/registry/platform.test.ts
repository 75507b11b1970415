import * as assert from 'assert';
import type { Descriptor } from '../../../client/src/engine/content/store';
import { isEngineError } from '../../../client/src/core/errors';
import { formatPlatform, parsePlatform, selectPlatformEntry } from '../../../client/src/core/platform';

const d = (os: string, architecture: string, variant?: string): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: 'sha256:' + Buffer.from(`${os}${architecture}${variant ?? ''}`).toString('hex').padEnd(64, '0').slice(0, 64),
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

/** What pull picks from a manifest list for `--platform spec` (engine/platform, containerd's rules). */
const choose = (list: Descriptor[], spec: string) => selectPlatformEntry(list, parsePlatform(spec));

describe('registry: platform choice from a manifest list (pull --platform)', () => {
  const list = [d('linux', 'amd64'), d('linux', 'arm', 'v6'), d('linux', 'arm', 'v7'), d('linux', 'arm64', 'v8'), d('windows', 'amd64')];

  it('parses os/arch[/variant] with the usual aliases', () => {
    assert.strictEqual(formatPlatform(parsePlatform('linux/x86_64')), 'linux/amd64');
    assert.strictEqual(formatPlatform(parsePlatform('linux/aarch64')), 'linux/arm64');
    assert.strictEqual(formatPlatform(parsePlatform('Linux/ARM/v7')), 'linux/arm/v7');
  });

  it('rejects a malformed platform with invalid-argument', () => {
    for (const bad of ['a/b/c/d', 'linux/amd64/v1/extra', '']) {
      assert.throws(() => parsePlatform(bad), (e: unknown) => isEngineError(e, 'invalid-argument'), bad);
    }
  });

  it('picks the exact os/arch, and treats arm64 without a variant as v8', () => {
    assert.strictEqual(choose(list, 'linux/amd64'), list[0]);
    assert.strictEqual(choose(list, 'windows/amd64'), list[4]);
    assert.strictEqual(choose(list, 'linux/arm64'), list[3]);
    assert.strictEqual(choose(list, 'linux/arm64/v8'), list[3]);
  });

  it('matches arm variants, falling back to a lower one a newer CPU can run', () => {
    assert.strictEqual(choose(list, 'linux/arm/v7'), list[2]);
    assert.strictEqual(choose(list, 'linux/arm/v6'), list[1]);
    assert.strictEqual(choose([list[1]], 'linux/arm/v7'), list[1]);
    assert.strictEqual(choose([list[2]], 'linux/arm/v6'), undefined);
  });

  it('finds nothing for a platform the list does not offer', () => {
    assert.strictEqual(choose(list, 'linux/s390x'), undefined);
  });
});
