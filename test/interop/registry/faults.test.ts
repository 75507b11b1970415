import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { useFaultyRegistry } from '../../support/faultproxy';
import { makeRawImage } from '../../support/registry';
import { isCode } from '../../support/assertions';

function opener(bytes: Buffer) {
  return (start: number, end?: number) => Readable.from([bytes.subarray(start, end === undefined ? undefined : end + 1)]);
}

describe('registry client under injected faults (fault proxy in front of a real docker-registry)', function () {
  this.timeout(60_000);
  const repo = 'faults/img';
  const SIZE = 300_000;
  const f = useFaultyRegistry(repo, [SIZE], { tmpPrefix: 'sv-faults-' });

  const client = (o: { retries?: number; idleTimeoutMs?: number } = {}) => new RegistryClient(f.proxy.host, { backoffMs: 20, retries: 3, ...o });
  const layer = () => f.img.layers[0];
  const blobPath = new RegExp(`/blobs/sha256:`);
  const blobGets = () => f.proxy.log.filter((r) => r.method === 'GET' && blobPath.test(r.url));
  const noIngestLeft = () => fs.readdirSync(path.join(f.root, 'content', 'ingest')).length === 0;

  it('retries a 500 and succeeds', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'status', status: 500 }, times: 2 });
    await client().fetchBlob(repo, layer().desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(layer().desc.digest), layer().bytes);
    assert.strictEqual(blobGets().length, 3);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    f.proxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const t0 = Date.now();
    const m = await client().getManifest(repo, 'latest');
    assert.strictEqual(m.digest, f.img.manifestDigest);
    assert.ok(Date.now() - t0 >= 950, `waited ${Date.now() - t0} ms`);
  });

  it('gives up on a registry that keeps answering 503 with a clear unavailable error', async () => {
    f.proxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'status', status: 503 }, times: Infinity });
    await assert.rejects(() => client({ retries: 2 }).getManifest(repo, 'latest'), isCode('unavailable', (m) => /503/.test(m) && /3 attempts/.test(m)));
  });

  it('gives up on a registry that keeps answering 429 with too-many-requests', async () => {
    f.proxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'status', status: 429 }, times: Infinity });
    await assert.rejects(() => client({ retries: 1 }).getManifest(repo, 'latest'), isCode('too-many-requests'));
  });

  for (const [status, code] of [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
  ] as const) {
    it(`maps ${status} on a blob to ${code} and leaves nothing in the store`, async () => {
      f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'status', status }, times: Infinity });
      await assert.rejects(() => client().fetchBlob(repo, layer().desc, f.content, f.root), isCode(code, (m) => m.includes(layer().desc.digest)));
      assert.strictEqual(await f.content.has(layer().desc.digest), false);
    });
  }

  it('resumes a blob with Range after the connection is reset mid-blob', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'reset', afterBytes: 100_000 } });
    await client().fetchBlob(repo, layer().desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(layer().desc.digest), layer().bytes);
    const gets = blobGets();
    assert.strictEqual(gets.length, 2);
    assert.match(String(gets[1].headers.range), /^bytes=[1-9]\d*-$/);
    assert.ok(noIngestLeft());
  });

  it('resumes after a truncated response', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'truncate', keepBytes: 12_345 } });
    await client().fetchBlob(repo, layer().desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(layer().desc.digest), layer().bytes);
    assert.strictEqual(blobGets()[1].headers.range, 'bytes=12345-');
  });

  it('starts over when the registry answers a Range request with the whole blob', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'reset', afterBytes: 50_000 } });
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'ignore-range' } });
    await client().fetchBlob(repo, layer().desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(layer().desc.digest), layer().bytes);
    assert.strictEqual(blobGets()[1].status, 200);
  });

  it('reports corrupted bytes as digest-mismatch and stores nothing', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'corrupt', atByte: 777 }, times: Infinity });
    await assert.rejects(() => client().fetchBlob(repo, layer().desc, f.content, f.root), isCode('digest-mismatch', (m) => m.includes(layer().desc.digest)));
    assert.strictEqual(await f.content.has(layer().desc.digest), false);
    assert.ok(noIngestLeft());
  });

  it('treats a silent server as a dropped connection and retries', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'hang' } });
    await client({ idleTimeoutMs: 400 }).fetchBlob(repo, layer().desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(layer().desc.digest), layer().bytes);
  });

  it('reports a malformed manifest as corrupt', async () => {
    f.proxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'replace-body', body: '{"schemaVersion": 2, "layers": [' } });
    await assert.rejects(() => client().getManifest(repo, 'latest'), isCode('corrupt', (m) => /malformed manifest/.test(m)));
  });

  it('refuses a manifest whose bytes do not match the digest asked for', async () => {
    f.proxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'replace-body', body: JSON.stringify({ schemaVersion: 2, mediaType: f.img.mediaType, config: f.img.config.desc, layers: [] }) } });
    await assert.rejects(() => client().getManifest(repo, f.img.manifestDigest), isCode('digest-mismatch'));
  });

  it('re-sends a chunk after a reset during a chunked upload and the registry ends up with the right blob', async () => {
    const big = makeRawImage([5000]).layers[0];
    f.proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 502 } });
    const c = new RegistryClient(f.proxy.host, { backoffMs: 10, monolithicMaxBytes: 1000, chunkBytes: 2048 });
    assert.strictEqual(await c.pushBlob('faults/chunked', big.desc, opener(big.bytes)), 'uploaded');
    assert.ok(f.proxy.log.filter((r) => r.method === 'PATCH').length >= 3);
    await c.fetchBlob('faults/chunked', big.desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(big.desc.digest), big.bytes);
  });

  it('recovers a chunked upload whose PATCH reached the registry but whose answer was lost (asks the registry for its offset)', async () => {
    const big = makeRawImage([6000]).layers[0];
    // The registry takes the second chunk, then the connection drops before the client hears 202.
    f.proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'pass' }, times: 1 });
    f.proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'reset', afterBytes: 0 } });
    const c = new RegistryClient(f.proxy.host, { backoffMs: 10, monolithicMaxBytes: 1000, chunkBytes: 2048 });
    assert.strictEqual(await c.pushBlob('faults/lostack', big.desc, opener(big.bytes)), 'uploaded');
    assert.ok(f.proxy.log.some((r) => r.method === 'GET' && r.url.includes('/blobs/uploads/')), 'upload status asked');
    await c.fetchBlob('faults/lostack', big.desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(big.desc.digest), big.bytes);
  });

  it('finishes a monolithic upload whose final answer was lost (the registry has the blob)', async () => {
    const small = makeRawImage([700]).layers[0];
    f.proxy.add({ method: 'PUT', path: /\/blobs\/uploads\/.*digest=/, fault: { kind: 'reset', afterBytes: 0 } });
    assert.strictEqual(await client().pushBlob('faults/lostput', small.desc, opener(small.bytes)), 'uploaded');
    assert.strictEqual(f.proxy.log.filter((r) => r.method === 'PUT').length, 1, 'not uploaded twice');
  });

  it('restarts a monolithic upload that failed before reaching the registry', async () => {
    const small = makeRawImage([900]).layers[0];
    f.proxy.add({ method: 'PUT', path: /\/blobs\/uploads\/.*digest=/, fault: { kind: 'status', status: 503 } });
    assert.strictEqual(await client().pushBlob('faults/retryput', small.desc, opener(small.bytes)), 'uploaded');
    assert.strictEqual(f.proxy.log.filter((r) => r.method === 'POST').length, 2, 'a fresh upload session');
    await client().fetchBlob('faults/retryput', small.desc, f.content, f.root);
    assert.deepStrictEqual(await f.content.read(small.desc.digest), small.bytes);
  });

  it('cancels a download when the AbortSignal fires', async () => {
    f.proxy.add({ method: 'GET', path: blobPath, fault: { kind: 'hang' } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(() => client({ idleTimeoutMs: 30_000 }).fetchBlob(repo, layer().desc, f.content, f.root, { signal: ac.signal }), isCode('cancelled'));
    assert.strictEqual(await f.content.has(layer().desc.digest), false);
  });
});
