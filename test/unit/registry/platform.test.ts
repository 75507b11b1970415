import * as assert from 'assert';
import type { Descriptor } from '../../../client/src/engine/content/store';
import { EngineError } from '../../../client/src/engine/errors';
import { chooseManifest, formatPlatform, parsePlatform } from '../../../client/src/engine/registry/platform';

const d = (os: string, architecture: string, variant?: string): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: 'sha256:' + Buffer.from(`${os}${architecture}${variant ?? ''}`).toString('hex').padEnd(64, '0').slice(0, 64),
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

describe('registry: platform choice from a manifest list', () => {
  const list = [d('linux', 'amd64'), d('linux', 'arm', 'v6'), d('linux', 'arm', 'v7'), d('linux', 'arm64', 'v8'), d('windows', 'amd64')];

  it('parses os/arch[/variant] with the usual aliases', () => {
    assert.deepStrictEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
    assert.deepStrictEqual(parsePlatform('linux/x86_64'), { os: 'linux', architecture: 'amd64' });
    assert.deepStrictEqual(parsePlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64' });
    assert.deepStrictEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64' });
    assert.deepStrictEqual(parsePlatform('Linux/ARM/v7'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.strictEqual(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
  });

  it('rejects a malformed platform with invalid-argument', () => {
    for (const bad of ['linux', 'linux/', '/amd64', 'a/b/c/d']) {
      assert.throws(() => parsePlatform(bad), (e: unknown) => e instanceof EngineError && e.code === 'invalid-argument');
    }
  });

  it('picks the exact os/arch, and treats arm64 without a variant as v8', () => {
    assert.strictEqual(chooseManifest(list, { os: 'linux', architecture: 'amd64' }), list[0]);
    assert.strictEqual(chooseManifest(list, { os: 'windows', architecture: 'amd64' }), list[4]);
    assert.strictEqual(chooseManifest(list, { os: 'linux', architecture: 'arm64' }), list[3]);
    assert.strictEqual(chooseManifest(list, parsePlatform('linux/arm64/v8')), list[3]);
  });

  it('matches arm variants, falling back to a lower one a newer CPU can run', () => {
    assert.strictEqual(chooseManifest(list, { os: 'linux', architecture: 'arm', variant: 'v7' }), list[2]);
    assert.strictEqual(chooseManifest(list, { os: 'linux', architecture: 'arm', variant: 'v6' }), list[1]);
    assert.strictEqual(chooseManifest([list[1]], { os: 'linux', architecture: 'arm', variant: 'v7' }), list[1]);
    assert.strictEqual(chooseManifest([list[2]], { os: 'linux', architecture: 'arm', variant: 'v6' }), undefined);
  });

  it('finds nothing for a platform the list does not offer', () => {
    assert.strictEqual(chooseManifest(list, { os: 'linux', architecture: 's390x' }), undefined);
  });
});
