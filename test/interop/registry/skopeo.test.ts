import * as assert from 'assert';
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { EngineEvent } from '../../../client/src/engine/events';
import { FaultProxy, startFaultProxy } from '../../support/faultproxy';
import { makeBusyboxOciLayout, openTestRegistryEngine, Registry, startRegistry, TestRegistryEngine } from '../../support/registry';

const exec = promisify(execFile);
const sha = (b: Buffer) => 'sha256:' + crypto.createHash('sha256').update(b).digest('hex');

async function skopeo(...args: string[]): Promise<string> {
  return (await exec('skopeo', args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

describe('registry interop with skopeo (real docker-registry)', function () {
  this.timeout(120_000);
  let reg: Registry;
  let proxy: FaultProxy;
  let tmp: string;
  let eng: TestRegistryEngine;
  let layout: { layout: string; tag: string };
  const events: EngineEvent[] = [];

  before(async () => {
    reg = await startRegistry();
    // No faults: the proxy only records requests, so tests can see mounts and chunking.
    proxy = await startFaultProxy({ host: '127.0.0.1', port: reg.port });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-skopeo-'));
    layout = makeBusyboxOciLayout(tmp);
    eng = openTestRegistryEngine({ client: { monolithicMaxBytes: 256 * 1024, chunkBytes: 300 * 1024 } });
    eng.events.on((e) => events.push(e));
  });
  after(async () => {
    await eng?.dispose();
    await proxy?.stop();
    await reg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('pulls an image skopeo pushed from an OCI layout, with the same manifest digest and config', async () => {
    const remote = `${proxy.host}/skopeo/busybox:v1`;
    await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.layout}:${layout.tag}`, `docker://${remote}`);
    const raw = Buffer.from(await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${remote}`));
    const [result] = await eng.svc.pull(remote);
    assert.strictEqual(result.digest, sha(raw));
    assert.strictEqual(result.reference, remote);
    assert.strictEqual(result.downloaded, true);
    const manifest = JSON.parse(raw.toString());
    assert.strictEqual(result.id, manifest.config.digest);
    assert.deepStrictEqual(await eng.content.readVerified(result.digest), raw);
    for (const l of manifest.layers) assert.ok(await eng.content.verify(l.digest), `layer ${l.digest} stored and intact`);
    const local = await eng.images.resolve(remote);
    assert.strictEqual(local?.id, manifest.config.digest);
    assert.ok(local?.repoDigests.includes(`${proxy.host}/skopeo/busybox@${sha(raw)}`));
    assert.ok(events.some((e) => e.type === 'image.pulled' && e.id === remote && e.attributes?.digest === result.digest));
  });

  it('pushes an image that skopeo inspects and copies to an OCI layout byte for byte, mounting layers from the source repository', async () => {
    const src = `${proxy.host}/skopeo/busybox:v1`;
    const dst = `${proxy.host}/stevedore/busybox:v2`;
    const local = (await eng.images.resolve(src))!;
    await eng.images.tag(dst, local.manifest, {});
    proxy.clear();
    const [pushed] = await eng.svc.push(dst);
    assert.strictEqual(pushed.digest, local.manifest.digest, 'manifest pushed unchanged');
    const mounts = proxy.log.filter((r) => r.method === 'POST' && r.url.includes('mount=') && r.url.includes('from=skopeo%2Fbusybox'));
    assert.ok(mounts.length >= 1 && mounts.every((m) => m.status === 201), 'layers mounted from skopeo/busybox');
    assert.strictEqual(proxy.log.filter((r) => r.method === 'PATCH' || (r.method === 'PUT' && r.url.includes('/blobs/'))).length, 0, 'no blob bytes uploaded');

    const inspect = JSON.parse(await skopeo('inspect', '--tls-verify=false', `docker://${dst}`));
    assert.strictEqual(inspect.Digest, pushed.digest);
    assert.strictEqual(inspect.Architecture, 'amd64');
    const out = path.join(tmp, 'copied');
    await skopeo('copy', '--src-tls-verify=false', `docker://${dst}`, `oci:${out}:x`);
    const manifest = JSON.parse((await eng.content.read(local.manifest.digest)).toString());
    for (const d of [manifest.config, ...manifest.layers]) {
      const file = path.join(out, 'blobs', 'sha256', d.digest.slice(7));
      assert.deepStrictEqual(fs.readFileSync(file), await eng.content.read(d.digest));
    }
    assert.ok(events.some((e) => e.type === 'image.pushed' && e.id === dst && e.attributes?.digest === pushed.digest));
  });

  it('pushes new blobs to a fresh registry in PATCH chunks (large) and one PUT (small), and skopeo reads them', async () => {
    const other = await startRegistry();
    try {
      const p2 = await startFaultProxy({ host: '127.0.0.1', port: other.port });
      try {
        const src = `${proxy.host}/skopeo/busybox:v1`;
        const dst = `${p2.host}/fresh/busybox:v3`;
        const local = (await eng.images.resolve(src))!;
        await eng.images.tag(dst, local.manifest, {});
        const progress: number[] = [];
        const [pushed] = await eng.svc.push(dst, { onProgress: (p) => p.kind === 'layer' && progress.push(p.done) });
        assert.strictEqual(pushed.digest, local.manifest.digest);
        assert.ok(p2.log.filter((r) => r.method === 'PATCH').length >= 3, 'the ~1 MB layer went up in ~300 kB chunks');
        assert.ok(p2.log.some((r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/') && r.url.includes('digest=')));
        assert.ok(progress.length > 2 && progress[progress.length - 1] > 1_000_000, 'per-layer byte progress reported');
        const inspect = JSON.parse(await skopeo('inspect', '--tls-verify=false', `docker://${dst}`));
        assert.strictEqual(inspect.Digest, pushed.digest);
        // Pushing again sends no blob bytes: HEAD finds them.
        p2.clear();
        await eng.svc.push(dst);
        assert.strictEqual(p2.log.filter((r) => r.method === 'PATCH' || r.method === 'POST').length, 0);
      } finally {
        await p2.stop();
      }
    } finally {
      await other.stop();
    }
  });
});
