import * as assert from 'assert';
import { RegistryClient, registryTimeoutMs } from '../../../client/src/engine/registry/client';
import type { LayerProgress } from '../../../client/src/engine/registry/api';
import { useFaultyRegistry } from '../../support/faultproxy';
import { openTestRegistryEngine } from '../../support/registry';
import { isCode } from '../../support/assertions';
import { cliAsync } from '../../support/containers';

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
