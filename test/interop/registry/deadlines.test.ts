import * as assert from 'assert';
import { Readable } from 'stream';
import { RegistryClient, registryTimeoutMs } from '../../../client/src/engine/registry/client';
import type { LayerProgress } from '../../../client/src/engine/registry/api';
import { useFaultyRegistry } from '../../support/faultproxy';
import { openTestRegistryEngine, storeProblems } from '../../support/registry';
import { isCode } from '../../support/assertions';
import { cli, cliAsync } from '../../support/containers';

/**
 * Deadlines against a registry that stalls (stops sending with the connection open), hangs up
 * mid-body, or announces a length the blob cannot have: a real docker-registry behind the fault
 * proxy, with a small configured deadline. How long the error takes is measured in the bench
 * (bench/deadlines.bench.ts, "stalled pull: time to error"), not asserted here.
 */
describe('registry deadlines: stalls, hang-ups and wrong lengths (fault proxy in front of a real docker-registry)', function () {
  this.timeout(60_000);
  const repo = 'deadlines/img';
  const SIZE = 200_000;
  const f = useFaultyRegistry(repo, [SIZE], { seed: 'deadlines', tmpPrefix: 'sv-deadlines-' });
  const blobPath = /\/blobs\/sha256:/;

  const layer = () => f.img.layers[0];
  const layerPath = () => new RegExp(`/blobs/${layer().desc.digest}`);
  const blobGets = () => f.proxy.log.filter((r) => r.method === 'GET' && blobPath.test(r.url) && r.url.includes(layer().desc.digest));
  // More retries allowed than a stall gets: stalls are bounded on their own.
  const client = () => new RegistryClient(f.proxy.host, { backoffMs: 20, retries: 4, idleTimeoutMs: 300 });

  it('a registry that stops sending mid-blob: retried at most twice, then an error naming the registry, the blob and the stall', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'stall', afterBytes: 1000 }, times: Infinity });
    await assert.rejects(() => client().fetchBlob(repo, layer().desc, f.content, f.root), isCode('unavailable', (m) =>
      m.includes(`blob ${layer().desc.digest} of ${f.proxy.host}/${repo}`) &&
      new RegExp(`registry ${f.proxy.host.replace(/\./g, '\\.')} stopped responding in the middle of its answer \\(no data for 300 ms\\)`).test(m) &&
      /gave up after 3 attempts; STEVEDORE_REGISTRY_TIMEOUT sets the deadline/.test(m)));
    assert.strictEqual(blobGets().length, 3);
    assert.strictEqual(await f.content.has(layer().desc.digest), false);
  });

  it('a registry that never answers: the same deadline, "before answering"', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'hang' }, times: Infinity });
    await assert.rejects(() => client().fetchBlob(repo, layer().desc, f.content, f.root), isCode('unavailable', (m) => /stopped responding before answering \(no data for 300 ms\)/.test(m)));
    assert.strictEqual(blobGets().length, 3);
  });

  it('a stall once: the progress shows the retry and the pull resumes where it stopped', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'stall', afterBytes: 50_000 } });
    const eng = openTestRegistryEngine({ client: { idleTimeoutMs: 300 } });
    try {
      const seen: LayerProgress[] = [];
      await eng.svc.pull(`${f.proxy.host}/${repo}:latest`, { onProgress: (p) => seen.push(p) });
      assert.deepStrictEqual(await eng.content.read(layer().desc.digest), layer().bytes);
      const retry = seen.find((p) => p.digest === layer().desc.digest && p.status.startsWith('Retrying'));
      assert.ok(retry, seen.map((p) => p.status).join('\n'));
      assert.match(retry.status, /^Retrying in 1 second \(registry 127\.0\.0\.1:\d+ stopped responding in the middle of its answer \(no data for 300 ms\)\)$/);
      assert.match(String(blobGets()[1].headers.range), /^bytes=[1-9]\d*-$/);
    } finally {
      await eng.dispose();
    }
  });

  it('a hang-up mid-blob says so (not a bare ECONNRESET)', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'hangup', afterBytes: 1000 }, times: Infinity });
    await assert.rejects(() => client().fetchBlob(repo, layer().desc, f.content, f.root), isCode('unavailable', (m) =>
      new RegExp(`registry ${f.proxy.host.replace(/\./g, '\\.')} closed the connection in the middle of an answer`).test(m) && !/failed: ECONNRESET/.test(m)));
  });

  it('a Content-Length longer than the blob is an error at once: one request, nothing stored', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'length', delta: 100 }, times: Infinity });
    await assert.rejects(() => client().fetchBlob(repo, layer().desc, f.content, f.root), isCode('corrupt', (m) => m.includes(`announced ${SIZE + 100} bytes (Content-Length) where ${SIZE} were due`)));
    assert.strictEqual(blobGets().length, 1);
    assert.strictEqual(await f.content.has(layer().desc.digest), false);
  });

  it('a Content-Length shorter than the body: what it framed is kept and the rest resumed', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'length', delta: -50_000 } });
    await client().fetchBlob(repo, layer().desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(layer().desc.digest), layer().bytes);
    assert.strictEqual(blobGets()[1].headers.range, `bytes=${SIZE - 50_000}-`);
  });

  it('the deadline comes from STEVEDORE_REGISTRY_TIMEOUT (seconds), 30 s by default; a bad value is an error', () => {
    assert.strictEqual(registryTimeoutMs({}), 30_000);
    assert.strictEqual(registryTimeoutMs({ STEVEDORE_REGISTRY_TIMEOUT: '2.5' }), 2500);
    assert.throws(() => registryTimeoutMs({ STEVEDORE_REGISTRY_TIMEOUT: 'soon' }), isCode('invalid-argument', (m) => m.includes('STEVEDORE_REGISTRY_TIMEOUT=soon')));
  });

  it('stevedore pull against a stalling registry: the error names the registry and the stall, with the configured deadline', async () => {
    f.proxy.add({ method: 'GET', path: layerPath(), fault: { kind: 'stall', afterBytes: 1000 }, times: Infinity });
    // Asynchronously: the proxy runs in this process.
    const r = await cliAsync(f.root, ['pull', `${f.proxy.host}/${repo}:latest`], { STEVEDORE_REGISTRY_TIMEOUT: '0.3' });
    assert.notStrictEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`registry ${f.proxy.host.replace(/\./g, '\\.')} stopped responding in the middle of its answer \\(no data for 300 ms\\)`), r.stderr);
    assert.doesNotMatch(r.stderr, /ECONNRESET/);
    assert.match(r.stdout, /Retrying in 1 second/, r.stdout);
    assert.strictEqual(blobGets().length, 3, f.proxy.log.map((l) => `${l.method} ${l.url} ${l.fault}`).join('\n'));
  });
});

describe('registry deadlines: a registry that stalls in the middle of a push (fault proxy in front of a real docker-registry)', function () {
  this.timeout(120_000);
  // Bigger than what the loopback socket buffers take in (4 MiB send + the proxy's receive
  // window), so the upload itself blocks, not only the wait for the answer.
  const SIZE = 12_000_000;
  const f = useFaultyRegistry('deadlines/src', [SIZE], { seed: 'push-stall', tmpPrefix: 'sv-pushstall-' });
  const layer = () => f.img.layers[0];
  const uploads = () => f.proxy.log.filter((r) => (r.method === 'PUT' || r.method === 'PATCH') && /\/blobs\/uploads\//.test(r.url) && r.headers['content-length'] !== '0');

  // Chunked (PATCH) uploads, at the client: 12 MB in an 8 MiB chunk and a 3.6 MB one.
  const chunked = () => new RegistryClient(f.proxy.host, { backoffMs: 20, retries: 4, idleTimeoutMs: 300, monolithicMaxBytes: 1_000_000 });
  const open = (start: number, end?: number) => Readable.from([layer().bytes.subarray(start, end === undefined ? undefined : end + 1)]);
  const patches = () => f.proxy.log.filter((r) => r.method === 'PATCH');

  it('a chunk the registry stops reading: three attempts in all, then an error naming the blob, the stall and the deadline', async () => {
    f.proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'stall-upload', afterBytes: 1_000_000 }, times: Infinity });
    await assert.rejects(() => chunked().pushBlob('deadlines/chunked-stall', layer().desc, open), isCode('unavailable', (m) =>
      m.startsWith(`upload of blob ${layer().desc.digest} to ${f.proxy.host}/deadlines/chunked-stall: registry ${f.proxy.host} stopped reading the upload (no progress for 300 ms)`) &&
      /gave up after 3 attempts; STEVEDORE_REGISTRY_TIMEOUT sets the deadline/.test(m)));
    const log = f.proxy.log.map((l) => `${l.method} ${l.url} ${l.fault ?? ''} ${l.headers['content-length'] ?? ''} ${l.bodyBytes ?? ''}`).join('\n');
    assert.strictEqual(patches().length, 3, log);
    for (const p of patches()) assert.ok(p.bodyBytes! >= 1_000_000 && p.bodyBytes! < Number(p.headers['content-length']), log);
    assert.strictEqual(await new RegistryClient(f.registry.host).blobSize('deadlines/chunked-stall', layer().desc.digest), undefined);
  });

  it('a stall once in the second chunk: the upload resumes where the registry says it is and completes', async () => {
    f.proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'pass' } });
    f.proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'stall-upload', afterBytes: 1_000_000 } });
    assert.strictEqual(await chunked().pushBlob('deadlines/chunked-once', layer().desc, open), 'uploaded');
    const ranges = patches().map((p) => p.headers['content-range']);
    assert.deepStrictEqual(ranges, [`0-${8 * 1024 * 1024 - 1}`, `${8 * 1024 * 1024}-${SIZE - 1}`, `${8 * 1024 * 1024}-${SIZE - 1}`]);
    assert.ok((await new RegistryClient(f.registry.host).getBlobBytes('deadlines/chunked-once', layer().desc)).equals(layer().bytes));
  });

  it('the push fails within the deadline naming the stall, the store stays consistent, and a retry against the healthy registry succeeds', async () => {
    // The image comes from the registry itself (not through the proxy), so the push to the proxy
    // cannot mount the blob from a repository it was pulled from: the layer has to be uploaded.
    const pulled = cli(f.root, ['pull', `${f.registry.host}/deadlines/src:latest`]);
    assert.strictEqual(pulled.status, 0, pulled.stderr);
    const target = `${f.proxy.host}/deadlines/pushed:v1`;
    assert.strictEqual(cli(f.root, ['tag', `${f.registry.host}/deadlines/src:latest`, target]).status, 0);
    // The layer's upload (a monolithic PUT naming its digest) stalls; the small config goes through.
    f.proxy.add({ path: new RegExp(`/blobs/uploads/.*digest=sha256(:|%3A)${layer().desc.digest.slice(7)}`), method: 'PUT', fault: { kind: 'stall-upload', afterBytes: 1_000_000 }, times: Infinity });

    const r = await cliAsync(f.root, ['push', target], { STEVEDORE_REGISTRY_TIMEOUT: '0.3' });
    const log = f.proxy.log.map((l) => `${l.method} ${l.url} ${l.fault ?? ''} ${l.headers['content-length'] ?? ''} ${l.bodyBytes ?? ''}`).join('\n');
    assert.notStrictEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, new RegExp(`upload of blob ${layer().desc.digest} to ${f.proxy.host.replace(/\./g, '\\.')}/deadlines/pushed`), r.stderr);
    assert.match(r.stderr, new RegExp(`registry ${f.proxy.host.replace(/\./g, '\\.')} stopped reading the upload \\(no progress for 300 ms\\)`), r.stderr + log);
    assert.match(r.stderr, /gave up after 3 attempts; STEVEDORE_REGISTRY_TIMEOUT sets the deadline/, r.stderr);
    // Three uploads of the layer, each stalled part-way (the proxy took some of the body, not all
    // of it).
    const layerUploads = uploads().filter((u) => u.fault === 'stall-upload' && Number(u.headers['content-length']) === SIZE);
    assert.strictEqual(layerUploads.length, 3, log);
    for (const u of layerUploads) {
      assert.ok(u.bodyBytes! >= 1_000_000 && u.bodyBytes! < SIZE, log);
    }
    // Nothing was published, and the local store is as it was.
    assert.strictEqual(f.proxy.log.some((l) => l.method === 'PUT' && /\/manifests\//.test(l.url)), false, log);
    const fsck = cli(f.root, ['system', 'fsck']);
    assert.strictEqual(fsck.status, 0, fsck.stdout + fsck.stderr);
    assert.deepStrictEqual(await storeProblems(f.root), []);

    // The registry is healthy again: the same push goes through, and the registry serves the
    // image with the local manifest's digest and the layer's bytes.
    f.proxy.clear();
    const again = await cliAsync(f.root, ['push', target], { STEVEDORE_REGISTRY_TIMEOUT: '0.3' });
    assert.strictEqual(again.status, 0, again.stdout + again.stderr);
    const reg = new RegistryClient(f.registry.host);
    const head = await reg.headManifest('deadlines/pushed', 'v1');
    assert.strictEqual(head?.digest, f.img.manifestDigest);
    assert.ok((await reg.getBlobBytes('deadlines/pushed', layer().desc)).equals(layer().bytes));
  });
});
