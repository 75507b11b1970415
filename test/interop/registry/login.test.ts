import * as assert from 'assert';
import * as fs from 'fs';
import { EngineError } from '../../../client/src/core/errors';
import type { EngineEvent } from '../../../client/src/engine/events';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { makeRawImage, openTestRegistryEngine, pushRawImage, RawImage, Registry, startRegistry, TestRegistryEngine } from '../../support/registry';
import { startTokenServer, TokenServer } from '../../support/tokenserver';

describe('Engine API login/logout and pull against a token-auth registry (real docker-registry, test token server)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let ts: TokenServer;
  let eng: TestRegistryEngine;
  let img: RawImage;
  const events: EngineEvent[] = [];
  const password = 'T0ken-Secret!';

  before(async () => {
    ts = await startTokenServer({ users: [{ user: 'carol', password }] });
    reg = await startRegistry({ token: { realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundle: ts.certFile } });
    img = makeRawImage([20_000]);
    await pushRawImage(new RegistryClient(reg.host, { credentials: async () => ({ username: 'carol', password }) }), 'private/app', img, 'v1');
    eng = openTestRegistryEngine();
    eng.events.on((e) => events.push(e));
  });
  after(async () => {
    await eng?.dispose();
    await reg?.stop();
    await ts?.stop();
  });

  it('refuses a wrong password with unauthorized, saves nothing, and leaks the password nowhere', async () => {
    const wrong = 'not-My-Pa55word';
    await assert.rejects(
      () => eng.svc.login(reg.host, { username: 'carol', password: wrong }),
      (e: unknown) => e instanceof EngineError && e.code === 'unauthorized' && !e.message.includes(wrong) && !JSON.stringify(e).includes(wrong) && !String(e.stack).includes(wrong),
    );
    assert.strictEqual(await eng.credentials.get(reg.host), undefined);
    const journal = fs.existsSync(`${eng.root}/events.jsonl`) ? fs.readFileSync(`${eng.root}/events.jsonl`, 'utf8') : '';
    assert.ok(!journal.includes(wrong));
  });

  it('pull without a login asks for one', async () => {
    await assert.rejects(() => eng.svc.pull(`${reg.host}/private/app:v1`), (e: unknown) => e instanceof EngineError && e.code === 'unauthorized' && e.message.includes(`stevedore login ${reg.host}`));
  });

  it('logs in (token fetched with the credentials), then pulls with them, then logs out', async () => {
    const before = ts.requests.length;
    assert.deepStrictEqual(await eng.svc.login(`http://${reg.host}/`, { username: 'carol', password }), { registry: reg.host });
    assert.strictEqual(ts.requests[before].user, 'carol');
    assert.deepStrictEqual(await eng.credentials.get(reg.host), { username: 'carol', password });
    const [r] = await eng.svc.pull(`${reg.host}/private/app:v1`);
    assert.strictEqual(r.digest, img.manifestDigest);
    assert.ok(events.some((e) => e.type === 'registry.login' && e.id === reg.host));
    assert.ok(events.every((e) => !JSON.stringify(e).includes(password)));
    assert.deepStrictEqual(await eng.svc.logout(reg.host), { registry: reg.host, removed: true });
    assert.strictEqual(await eng.credentials.get(reg.host), undefined);
    assert.deepStrictEqual(await eng.svc.logout(reg.host), { registry: reg.host, removed: false });
  });
});

describe('Docker Hub through the Engine API against a local STAND-IN (token server named auth.docker.io stand-in, real registry as registry-1.docker.io)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let ts: TokenServer;
  let eng: TestRegistryEngine;
  let img: RawImage;

  before(async () => {
    ts = await startTokenServer({ service: 'registry.docker.io', issuer: 'auth.docker.io stand-in', anonymousPull: true, users: [{ user: 'hubber', password: 'hub-pw' }] });
    reg = await startRegistry({ token: { realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundle: ts.certFile } });
    const overrides = { 'registry-1.docker.io': reg.url };
    img = makeRawImage([30_000]);
    await pushRawImage(new RegistryClient('docker.io', { endpointOverrides: overrides, credentials: async () => ({ username: 'hubber', password: 'hub-pw' }) }), 'library/busybox', img, 'latest');
    eng = openTestRegistryEngine({ client: { endpointOverrides: overrides } });
  });
  after(async () => {
    await eng?.dispose();
    await reg?.stop();
    await ts?.stop();
  });

  it('pulls "busybox" as docker.io/library/busybox:latest with an anonymous registry.docker.io token', async () => {
    const before = ts.requests.length;
    const [r] = await eng.svc.pull('busybox');
    assert.strictEqual(r.reference, 'docker.io/library/busybox:latest');
    assert.strictEqual(r.digest, img.manifestDigest);
    assert.deepStrictEqual(ts.requests[before], { service: 'registry.docker.io', scopes: ['repository:library/busybox:pull'], user: undefined, status: 200 });
    assert.strictEqual((await eng.images.resolve('docker.io/library/busybox:latest'))?.id, img.config.desc.digest);
  });

  it('files a Docker Hub login under docker.io whatever alias the user typed', async () => {
    assert.deepStrictEqual(await eng.svc.login('index.docker.io', { username: 'hubber', password: 'hub-pw' }), { registry: 'docker.io' });
    assert.deepStrictEqual(await eng.credentials.get('docker.io'), { username: 'hubber', password: 'hub-pw' });
    assert.deepStrictEqual(await eng.svc.logout(undefined), { registry: 'docker.io', removed: true });
  });
});
