import * as assert from 'assert';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { FaultProxy, startFaultProxy } from '../../support/faultproxy';
import { makeRawImage, openTestRegistryEngine, pushIndex, pushRawImage, RawImage, Registry, startRegistry, storeProblems, TestRegistryEngine } from '../../support/registry';
import { localImage } from '../../support/registry';
import { isCode } from '../../support/assertions';

describe('pull and push through RegistryService (real docker-registry behind the fault proxy)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let proxy: FaultProxy;
  let eng: TestRegistryEngine;
  let amd: RawImage;
  let arm: RawImage;
  let indexDigest: string;
  let host: string;

  before(async () => {
    reg = await startRegistry();
    proxy = await startFaultProxy({ host: '127.0.0.1', port: reg.port });
    host = proxy.host;
    const c = new RegistryClient(reg.host);
    amd = makeRawImage([200_000, 1000, 30_000], { architecture: 'amd64' });
    arm = makeRawImage([150_000, 2000], { architecture: 'arm64', variant: 'v8' });
    await pushRawImage(c, 'multi/app', amd, 'amd-only');
    await pushRawImage(c, 'multi/app', arm, 'arm-only');
    indexDigest = await pushIndex(
      c,
      'multi/app',
      [
        { img: amd, os: 'linux', architecture: 'amd64' },
        { img: arm, os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
      'latest',
    );
  });
  after(async () => {
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    proxy.clear();
    eng = openTestRegistryEngine();
  });
  afterEach(async () => {
    assert.deepStrictEqual(await storeProblems(eng.root, eng.images), []);
    await eng.dispose();
  });

  it('picks the host platform (linux/amd64) from an index and records the index digest as repo digest', async () => {
    const [r] = await eng.svc.pull(`${host}/multi/app`);
    assert.strictEqual(r.reference, `${host}/multi/app:latest`);
    assert.strictEqual(r.digest, indexDigest);
    assert.strictEqual(r.id, amd.config.desc.digest);
    const local = await localImage(eng.images, `${host}/multi/app:latest`);
    assert.strictEqual(local?.manifest.digest, amd.manifestDigest);
    assert.ok(local?.repoDigests.includes(`${host}/multi/app@${indexDigest}`));
    assert.strictEqual(await eng.content.has(arm.layers[0].desc.digest), false, 'other platforms are not downloaded');
  });

  it('honours --platform linux/arm64', async () => {
    const [r] = await eng.svc.pull(`${host}/multi/app:latest`, { platform: 'linux/arm64' });
    assert.strictEqual(r.id, arm.config.desc.digest);
    for (const l of arm.layers) assert.deepStrictEqual(await eng.content.read(l.desc.digest), l.bytes);
  });

  it('says which platform is missing from the list, like docker', async () => {
    await assert.rejects(() => eng.svc.pull(`${host}/multi/app`, { platform: 'linux/s390x' }), isCode('not-found', (m) => m.includes('no matching manifest for linux/s390x in the manifest list entries')));
    assert.strictEqual(await localImage(eng.images, `${host}/multi/app:latest`), undefined);
  });

  it('pulls by digest', async () => {
    const [r] = await eng.svc.pull(`${host}/multi/app@${amd.manifestDigest}`);
    assert.strictEqual(r.digest, amd.manifestDigest);
    assert.strictEqual(r.id, amd.config.desc.digest);
  });

  it('pulls all tags with -a and downloads shared layers once', async () => {
    const results = await eng.svc.pull(`${host}/multi/app`, { allTags: true });
    assert.deepStrictEqual(
      results.map((r) => r.reference),
      ['amd-only', 'arm-only', 'latest'].map((t) => `${host}/multi/app:${t}`),
    );
    const layerGets = proxy.log.filter((r) => r.method === 'GET' && r.url.includes(amd.layers[0].desc.digest));
    assert.strictEqual(layerGets.length, 1);
  });

  it('reports per-layer progress and "up to date" on a second pull', async () => {
    const seen = new Map<string, number>();
    const [first] = await eng.svc.pull(`${host}/multi/app:amd-only`, { onProgress: (p) => p.kind === 'layer' && seen.set(p.digest, p.done) });
    assert.strictEqual(first.downloaded, true);
    for (const l of amd.layers) assert.strictEqual(seen.get(l.desc.digest), l.desc.size);
    const [second] = await eng.svc.pull(`${host}/multi/app:amd-only`);
    assert.strictEqual(second.downloaded, false);
  });

  it('downloads layers concurrently (up to 3 at once)', async () => {
    proxy.add({ method: 'GET', path: /\/blobs\/sha256:/, fault: { kind: 'status', status: 503, headers: { 'retry-after': '0' } }, times: 3 });
    await eng.svc.pull(`${host}/multi/app:amd-only`);
    // config + 3 layers; the three 503s hit three distinct blobs requested at once.
    const failed = proxy.log.filter((r) => r.fault === 'status').map((r) => r.url);
    assert.strictEqual(new Set(failed).size, 3);
  });

  it('retries a reset mid-layer and ends with a complete image', async () => {
    proxy.add({ method: 'GET', path: new RegExp(amd.layers[0].desc.digest), fault: { kind: 'reset', afterBytes: 70_000 } });
    const [r] = await eng.svc.pull(`${host}/multi/app:amd-only`);
    assert.strictEqual(r.id, amd.config.desc.digest);
    assert.ok(proxy.log.some((x) => x.headers.range === 'bytes=70000-' || /^bytes=\d+-$/.test(String(x.headers.range))));
  });

  const noTag = async () => assert.strictEqual(await localImage(eng.images, `${host}/multi/app:amd-only`), undefined);

  it('fails a corrupted layer with digest-mismatch and writes no tag', async () => {
    proxy.add({ method: 'GET', path: new RegExp(amd.layers[2].desc.digest), fault: { kind: 'corrupt', atByte: 5 }, times: Infinity });
    await assert.rejects(() => eng.svc.pull(`${host}/multi/app:amd-only`), isCode('digest-mismatch'));
    await noTag();
    assert.strictEqual(await eng.content.has(amd.layers[2].desc.digest), false);
  });

  it('fails a truncated layer that never completes with a clear error and writes no tag', async () => {
    proxy.add({ method: 'GET', path: new RegExp(amd.layers[0].desc.digest), fault: { kind: 'truncate', keepBytes: 0 }, times: Infinity });
    await assert.rejects(() => eng.svc.pull(`${host}/multi/app:amd-only`), isCode('digest-mismatch', (m) => /ended early/.test(m)));
    await noTag();
  });

  for (const [status, code] of [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [500, 'unavailable'],
    [429, 'too-many-requests'],
  ] as const) {
    it(`ends a layer answering ${status} in ${code} and writes no tag`, async () => {
      proxy.add({ method: 'GET', path: new RegExp(amd.layers[1].desc.digest), fault: { kind: 'status', status, headers: { 'retry-after': '0' } }, times: Infinity });
      await assert.rejects(() => eng.svc.pull(`${host}/multi/app:amd-only`), isCode(code));
      await noTag();
    });
  }

  it('rejects a malformed manifest as corrupt and writes no tag', async () => {
    proxy.add({ method: 'GET', path: /\/manifests\/amd-only/, fault: { kind: 'replace-body', body: '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"sha256:zz","size":-1},"layers":[]}' } });
    await assert.rejects(() => eng.svc.pull(`${host}/multi/app:amd-only`), isCode('corrupt'));
    await noTag();
  });

  it('rejects an image whose config does not describe its layers, and writes no tag', async () => {
    const bad = makeRawImage([1000, 2000]);
    const cfg = JSON.parse(bad.config.bytes.toString());
    cfg.rootfs.diff_ids = cfg.rootfs.diff_ids.slice(0, 1);
    const cfgBytes = Buffer.from(JSON.stringify(cfg));
    const crypto = await import('crypto');
    bad.config = { bytes: cfgBytes, desc: { ...bad.config.desc, digest: 'sha256:' + crypto.createHash('sha256').update(cfgBytes).digest('hex'), size: cfgBytes.length } };
    bad.manifest = Buffer.from(JSON.stringify({ ...JSON.parse(bad.manifest.toString()), config: bad.config.desc }));
    await pushRawImage(new RegistryClient(reg.host), 'bad/config', bad, 'v1');
    await assert.rejects(() => eng.svc.pull(`${host}/bad/config:v1`), isCode('corrupt', (m) => /1 layer diff IDs but the manifest has 2 layers/.test(m)));
    assert.strictEqual(await localImage(eng.images, `${host}/bad/config:v1`), undefined);
  });

  it('cancels a pull when the signal fires and writes no tag', async () => {
    proxy.add({ method: 'GET', path: new RegExp(amd.layers[0].desc.digest), fault: { kind: 'hang' } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(() => eng.svc.pull(`${host}/multi/app:amd-only`, { signal: ac.signal }), isCode('cancelled'));
    await noTag();
  });

  it('pushes all local tags of a repository with -a', async () => {
    await eng.svc.pull(`${host}/multi/app:amd-only`);
    const local = (await localImage(eng.images, `${host}/multi/app:amd-only`))!;
    await eng.images.tag(`${host}/copy/app:one`, local.manifest, {});
    await eng.images.tag(`${host}/copy/app:two`, local.manifest, {});
    const pushed = await eng.svc.push(`${host}/copy/app`, { allTags: true });
    assert.deepStrictEqual(
      pushed.map((p) => p.tag),
      ['one', 'two'],
    );
    assert.deepStrictEqual((await eng.svc.tags(`${host}/copy/app`)).sort(), ['one', 'two']);
    assert.strictEqual((await eng.svc.inspectRemote(`${host}/copy/app:two`)).digest, amd.manifestDigest);
  });

  it('refuses to push an image that is not in the store, like docker', async () => {
    await assert.rejects(() => eng.svc.push(`${host}/nothing/here:v1`), isCode('not-found', (m) => m.includes('An image does not exist locally with the tag')));
  });

  it('deletes a remote manifest by tag and lists remote platforms', async () => {
    const info = await eng.svc.inspectRemote(`${host}/multi/app:latest`);
    assert.deepStrictEqual(info.platforms, ['linux/amd64', 'linux/arm64/v8']);
    const c = new RegistryClient(reg.host);
    const tmp = makeRawImage([10]);
    await pushRawImage(c, 'del/me', tmp, 'gone');
    assert.strictEqual(await eng.svc.deleteManifest(`${host}/del/me:gone`), tmp.manifestDigest);
    await assert.rejects(() => eng.svc.inspectRemote(`${host}/del/me:gone`), isCode('not-found'));
  });
});
