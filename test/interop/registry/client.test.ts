import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { ContentStore } from '../../../client/src/engine/content/store';
import { EngineError } from '../../../client/src/core/errors';
import { RegistryClient, RegistryClientOptions } from '../../../client/src/engine/registry/client';
import { makeRawImage, makeSelfSignedCert, RawImage, Registry, startRegistry } from '../../support/registry';
import { startTokenServer, TokenServer } from '../../support/tokenserver';

function opener(bytes: Buffer) {
  return (start: number, end?: number) => Readable.from([bytes.subarray(start, end === undefined ? undefined : end + 1)]);
}

async function pushRaw(c: RegistryClient, repo: string, img: RawImage, tag = 'latest'): Promise<string> {
  for (const b of [img.config, ...img.layers]) await c.pushBlob(repo, b.desc, opener(b.bytes));
  return c.putManifest(repo, tag, img.manifest, img.mediaType);
}

function rejectsWith(code: string, extra?: (m: string) => boolean) {
  return (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected EngineError, got ${String(e)}`);
    assert.strictEqual(e.code, code, e.message);
    if (extra) assert.ok(extra(e.message), e.message);
    return true;
  };
}

describe('registry client against a real docker-registry (anonymous)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let root: string;
  let content: ContentStore;
  const fast: RegistryClientOptions = { backoffMs: 10, retries: 2 };

  before(async () => {
    reg = await startRegistry();
  });
  after(async () => {
    await reg?.stop();
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-regclient-'));
    content = new ContentStore(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('pings /v2/', async () => {
    await new RegistryClient(reg.host, fast).ping();
  });

  it('pushes a small blob monolithically and a large one in PATCH chunks, and reads both back verified', async () => {
    const c = new RegistryClient(reg.host, { ...fast, monolithicMaxBytes: 1000, chunkBytes: 700 });
    const img = makeRawImage([500, 2500]);
    const seen: number[] = [];
    for (const b of [img.config, ...img.layers]) {
      assert.strictEqual(await c.pushBlob('chunks/a', b.desc, opener(b.bytes), { onProgress: (d) => seen.push(d) }), 'uploaded');
    }
    assert.strictEqual(seen[seen.length - 1], 2500);
    for (const b of img.layers) {
      await c.fetchBlob('chunks/a', b.desc, content, root);
      assert.deepStrictEqual(await content.read(b.desc.digest), b.bytes);
    }
    assert.strictEqual(await c.blobSize('chunks/a', img.layers[1].desc.digest), 2500);
  });

  it('skips blobs the repository has (HEAD) and mounts blobs from another repository', async () => {
    const c = new RegistryClient(reg.host, fast);
    const img = makeRawImage([300]);
    await pushRaw(c, 'mount/src', img);
    const layer = img.layers[0];
    assert.strictEqual(await c.pushBlob('mount/src', layer.desc, opener(layer.bytes)), 'exists');
    assert.strictEqual(await c.pushBlob('mount/dst', layer.desc, opener(layer.bytes), { mountFrom: ['mount/src'] }), 'mounted');
    assert.strictEqual(await c.blobSize('mount/dst', layer.desc.digest), 300);
  });

  it('puts, gets, heads and deletes a manifest by digest', async () => {
    const c = new RegistryClient(reg.host, fast);
    const img = makeRawImage([100, 200]);
    const digest = await pushRaw(c, 'manifests/x', img, 'v1');
    assert.strictEqual(digest, img.manifestDigest);
    const got = await c.getManifest('manifests/x', 'v1');
    assert.deepStrictEqual(got.bytes, img.manifest);
    assert.strictEqual(got.digest, img.manifestDigest);
    assert.strictEqual(got.mediaType, img.mediaType);
    assert.strictEqual((await c.headManifest('manifests/x', 'v1'))?.digest, img.manifestDigest);
    await c.deleteManifest('manifests/x', digest);
    assert.strictEqual(await c.headManifest('manifests/x', 'v1'), undefined);
    await assert.rejects(() => c.getManifest('manifests/x', digest), rejectsWith('not-found', (m) => m.includes('manifests/x')));
  });

  it('lists the catalog and tags across Link-paged responses', async () => {
    const c = new RegistryClient(reg.host, fast);
    const img = makeRawImage([50]);
    for (const t of ['a', 'b', 'c', 'd']) await pushRaw(c, 'paging/tags', img, t);
    for (const r of ['paging/r1', 'paging/r2']) await pushRaw(c, r, img);
    assert.deepStrictEqual((await c.tags('paging/tags', { pageSize: 1 })).sort(), ['a', 'b', 'c', 'd']);
    const all = await c.catalog({ pageSize: 1 });
    for (const r of ['paging/r1', 'paging/r2', 'paging/tags']) assert.ok(all.includes(r), `${r} in ${all.join(',')}`);
  });

  it('reports an unknown repository as not-found', async () => {
    const c = new RegistryClient(reg.host, fast);
    await assert.rejects(() => c.getManifest('no/such', 'latest'), rejectsWith('not-found'));
  });
});

describe('registry client with htpasswd Basic auth (real docker-registry)', function () {
  this.timeout(60_000);
  let reg: Registry;
  const password = 'Sup3r-Secret-pw';
  before(async () => {
    reg = await startRegistry({ users: [{ user: 'alice', password }] });
  });
  after(async () => {
    await reg?.stop();
  });

  it('works with the right credentials', async () => {
    const c = new RegistryClient(reg.host, { credentials: async () => ({ username: 'alice', password }) });
    await c.ping();
    const img = makeRawImage([64]);
    assert.strictEqual(await pushRaw(c, 'basic/x', img), img.manifestDigest);
    assert.deepStrictEqual((await c.getManifest('basic/x', 'latest')).bytes, img.manifest);
  });

  it('asks for a login when no credentials are known', async () => {
    const c = new RegistryClient(reg.host, { retries: 0 });
    await assert.rejects(() => c.ping(), rejectsWith('unauthorized', (m) => m.includes(`stevedore login ${reg.host}`)));
  });

  it('rejects a wrong password without putting it in the message', async () => {
    const c = new RegistryClient(reg.host, { credentials: async () => ({ username: 'alice', password: 'wrong-Pa55word' }) });
    await assert.rejects(() => c.ping(), rejectsWith('unauthorized', (m) => !m.includes('wrong-Pa55word') && !m.includes(Buffer.from('alice:wrong-Pa55word').toString('base64'))));
  });
});

describe('registry client with token auth (real docker-registry, JWTs from the test token server)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let ts: TokenServer;
  before(async () => {
    ts = await startTokenServer({ users: [{ user: 'bob', password: 'tok-pw' }], expiresIn: 2 });
    reg = await startRegistry({ token: { realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundle: ts.certFile } });
  });
  after(async () => {
    await reg?.stop();
    await ts?.stop();
  });

  it('fetches a token per scope from the realm, caches it, and refreshes it when it expires', async () => {
    const c = new RegistryClient(reg.host, { credentials: async () => ({ username: 'bob', password: 'tok-pw' }) });
    const img = makeRawImage([128]);
    await pushRaw(c, 'tok/x', img);
    const pushTokens = ts.requests.filter((r) => r.scopes.join() === 'repository:tok/x:pull,push').length;
    assert.strictEqual(pushTokens, 1, 'one token for all pull,push requests of the push');
    assert.ok(ts.requests.every((r) => r.service === ts.service && r.user === 'bob'));
    const before = ts.requests.length;
    await c.getManifest('tok/x', 'latest');
    await c.getManifest('tok/x', 'latest');
    assert.strictEqual(ts.requests.length, before + 1, 'pull scope fetched once, then cached');
    await new Promise((r) => setTimeout(r, 2100));
    await c.getManifest('tok/x', 'latest');
    assert.strictEqual(ts.requests.length, before + 2, 'expired token refreshed');
  });

  it('maps a token service refusal to unauthorized without leaking the password', async () => {
    const c = new RegistryClient(reg.host, { retries: 0, credentials: async () => ({ username: 'bob', password: 'not-the-Right-one' }) });
    await assert.rejects(() => c.getManifest('tok/x', 'latest'), rejectsWith('unauthorized', (m) => !m.includes('not-the-Right-one')));
  });

  it('exchanges an identity (refresh) token with an OAuth2 POST, as docker does', async () => {
    const c = new RegistryClient(reg.host, { credentials: async () => ({ identityToken: 'refresh-token-of-bob' }) });
    const m = await c.getManifest('tok/x', 'latest');
    assert.strictEqual(m.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.strictEqual(ts.requests[ts.requests.length - 1].user, 'bob');
  });

  it('anonymous callers get a token without access and end in unauthorized', async () => {
    const c = new RegistryClient(reg.host, { retries: 0 });
    await assert.rejects(() => c.getManifest('tok/x', 'latest'), rejectsWith('unauthorized'));
  });
});

describe('Docker Hub path against a local STAND-IN (token server as auth.docker.io, real registry behind registry-1.docker.io)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let ts: TokenServer;
  before(async () => {
    ts = await startTokenServer({ service: 'registry.docker.io', issuer: 'auth.docker.io (stand-in)', anonymousPull: true, users: [{ user: 'hubuser', password: 'hubpw' }] });
    reg = await startRegistry({ token: { realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundle: ts.certFile } });
  });
  after(async () => {
    await reg?.stop();
    await ts?.stop();
  });

  it('pulls docker.io/library/busybox anonymously with a registry.docker.io token for library/busybox', async () => {
    const overrides = { endpointOverrides: { 'registry-1.docker.io': reg.url } };
    const pusher = new RegistryClient('docker.io', { ...overrides, credentials: async () => ({ username: 'hubuser', password: 'hubpw' }) });
    const img = makeRawImage([256]);
    await pushRaw(pusher, 'library/busybox', img);
    const c = new RegistryClient('index.docker.io', overrides);
    assert.strictEqual(c.endpoint.registry, 'docker.io');
    const before = ts.requests.length;
    const m = await c.getManifest('library/busybox', 'latest');
    assert.strictEqual(m.digest, img.manifestDigest);
    const req = ts.requests[before];
    assert.deepStrictEqual(req, { service: 'registry.docker.io', scopes: ['repository:library/busybox:pull'], user: undefined, status: 200 });
  });
});

describe('registry client over TLS (real docker-registry serving HTTPS with a self-signed certificate)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let tmp: string;
  let name: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-tls-'));
    reg = await startRegistry({ tls: makeSelfSignedCert(tmp) });
    // A non-loopback registry name (so TLS is required) served at the local registry.
    name = `secure.registry.test:${reg.port}`;
  });
  after(async () => {
    await reg?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('uses TLS for a non-loopback name and refuses an untrusted certificate with a clear error', async () => {
    const c = new RegistryClient(name, { retries: 0, certsDirs: [path.join(tmp, 'empty')], endpointOverrides: { [name]: reg.url } });
    assert.strictEqual(c.endpoint.base.protocol, 'https:');
    await assert.rejects(() => c.ping(), rejectsWith('unavailable', (m) => /TLS/.test(m) && m.includes('insecure')));
  });

  it('trusts a CA from a docker-style certs.d/<host:port>/ca.crt and moves blobs over TLS', async () => {
    const certs = path.join(tmp, 'certs.d');
    fs.mkdirSync(path.join(certs, name), { recursive: true });
    fs.copyFileSync(path.join(tmp, 'tls.crt'), path.join(certs, name, 'ca.crt'));
    const c = new RegistryClient(name, { certsDirs: [certs], endpointOverrides: { [name]: reg.url } });
    await c.ping();
    const img = makeRawImage([4096]);
    assert.strictEqual(await pushRaw(c, 'tls/x', img), img.manifestDigest);
    const root = fs.mkdtempSync(path.join(tmp, 'root-'));
    const content = new ContentStore(root);
    await c.fetchBlob('tls/x', img.layers[0].desc, content, root);
    assert.deepStrictEqual(await content.read(img.layers[0].desc.digest), img.layers[0].bytes);
  });

  // The CLI and the engine's Node children start with NODE_EXTRA_CA_CERTS moved aside
  // (client/src/engine/extraCa.ts); the file must still be trusted, read at the first connection.
  // Each case is a new Node process: that is where the variable is read.
  const pingIn = (env: NodeJS.ProcessEnv) => {
    const client = path.join(__dirname, '..', '..', '..', 'client', 'src', 'engine', 'registry', 'client.js');
    const script = `const { RegistryClient } = require(${JSON.stringify(client)});
      new RegistryClient(${JSON.stringify(name)}, { retries: 0, certsDirs: [], endpointOverrides: { ${JSON.stringify(name)}: ${JSON.stringify(reg.url)} } })
        .ping().then(() => console.log('ok'), (e) => console.log('error: ' + e.message));`;
    const base = { ...process.env };
    delete base.NODE_EXTRA_CA_CERTS;
    delete base.STEVEDORE_NODE_EXTRA_CA_CERTS;
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...base, ...env }, encoding: 'utf8' });
    return { out: r.stdout.trim(), err: r.stderr };
  };

  it('trusts the CA file NODE_EXTRA_CA_CERTS named when the launcher moved the variable aside', () => {
    assert.strictEqual(pingIn({ STEVEDORE_NODE_EXTRA_CA_CERTS: path.join(tmp, 'tls.crt') }).out, 'ok');
    // the same, with the variable where Node reads it itself
    assert.strictEqual(pingIn({ NODE_EXTRA_CA_CERTS: path.join(tmp, 'tls.crt') }).out, 'ok');
    // neither: the self-signed certificate is refused
    assert.match(pingIn({}).out, /^error: TLS handshake/);
    // an unreadable file: Node's warning, and its own roots only
    const missing = pingIn({ STEVEDORE_NODE_EXTRA_CA_CERTS: path.join(tmp, 'no-such.pem') });
    assert.match(missing.out, /^error: TLS handshake/);
    assert.match(missing.err, /Ignoring extra certs from `.*no-such\.pem`, load failed/);
  });
});
