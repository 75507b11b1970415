import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerConfigCredentialStore, dockerConfigDir } from '../../../client/src/engine/credentials/dockerconfig';
import { EngineError } from '../../../client/src/core/errors';

/**
 * A credential helper speaking docker's protocol, written by the test: a stand-in for
 * docker-credential-pass/secretservice/osxkeychain, which are not installed here. It keeps
 * its secrets in a JSON file next to itself.
 */
function installHelper(binDir: string, name: string): string {
  const store = path.join(binDir, `${name}-store.json`);
  const script = `#!/usr/bin/env node
const fs = require('fs');
const file = ${JSON.stringify(store)};
const db = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const action = process.argv[2];
  if (action === 'store') { const r = JSON.parse(input); db[r.ServerURL] = r; fs.writeFileSync(file, JSON.stringify(db)); return; }
  const key = input.trim();
  if (!db[key]) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  if (action === 'get') { process.stdout.write(JSON.stringify(db[key])); return; }
  if (action === 'erase') { delete db[key]; fs.writeFileSync(file, JSON.stringify(db)); return; }
  process.exit(2);
});
`;
  fs.writeFileSync(path.join(binDir, `docker-credential-${name}`), script, { mode: 0o755 });
  return store;
}

describe('credentials: Docker config.json', () => {
  let dir: string;
  let bin: string;
  const savedPath = process.env.PATH;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-dockercfg-'));
    bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    process.env.PATH = `${bin}:${savedPath}`;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes logins the way docker does: base64 user:pass under auths, owner-only file, other keys kept', async () => {
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ psFormat: 'table {{.ID}}', auths: {} }));
    const store = new DockerConfigCredentialStore(dir);
    await store.store('127.0.0.1:5000', { username: 'alice', password: 'pa:ss' });
    await store.store('docker.io', { username: 'bob', password: 'hub' });
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    assert.strictEqual(raw.psFormat, 'table {{.ID}}');
    assert.strictEqual(raw.auths['127.0.0.1:5000'].auth, Buffer.from('alice:pa:ss').toString('base64'));
    assert.strictEqual(raw.auths['https://index.docker.io/v1/'].auth, Buffer.from('bob:hub').toString('base64'));
    assert.strictEqual(fs.statSync(path.join(dir, 'config.json')).mode & 0o777, 0o600);
    assert.deepStrictEqual(await store.get('127.0.0.1:5000'), { username: 'alice', password: 'pa:ss' });
    assert.deepStrictEqual(await store.get('index.docker.io'), { username: 'bob', password: 'hub' });
  });

  it('reads logins docker wrote under URL-style keys, and identity tokens', async () => {
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'https://myreg.example:5000/v2/': { auth: Buffer.from('carol:pw').toString('base64') },
          'other.example': { auth: '', identitytoken: 'refresh-abc' },
        },
      }),
    );
    const store = new DockerConfigCredentialStore(dir);
    assert.deepStrictEqual(await store.get('myreg.example:5000'), { username: 'carol', password: 'pw' });
    assert.deepStrictEqual(await store.get('other.example'), { identityToken: 'refresh-abc' });
    assert.strictEqual(await store.get('nothere.example'), undefined);
  });

  it('logout erases the entry and reports whether there was one', async () => {
    const store = new DockerConfigCredentialStore(dir);
    await store.store('127.0.0.1:5000', { username: 'alice', password: 'x' });
    assert.strictEqual(await store.erase('127.0.0.1:5000'), true);
    assert.strictEqual(await store.get('127.0.0.1:5000'), undefined);
    assert.strictEqual(await store.erase('127.0.0.1:5000'), false);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).auths, {});
  });

  it('keeps secrets in the credsStore helper and only an empty marker in config.json', async () => {
    const helperDb = installHelper(bin, 'svtest');
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'svtest' }));
    const store = new DockerConfigCredentialStore(dir);
    await store.store('127.0.0.1:5000', { username: 'alice', password: 'topsecret' });
    const raw = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    assert.ok(!raw.includes('topsecret') && !raw.includes(Buffer.from('alice:topsecret').toString('base64')));
    assert.deepStrictEqual(JSON.parse(raw).auths, { '127.0.0.1:5000': {} });
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(helperDb, 'utf8'))['127.0.0.1:5000'], { ServerURL: '127.0.0.1:5000', Username: 'alice', Secret: 'topsecret' });
    assert.deepStrictEqual(await store.get('127.0.0.1:5000'), { username: 'alice', password: 'topsecret' });
    assert.strictEqual(await store.erase('127.0.0.1:5000'), true);
    assert.strictEqual(await store.get('127.0.0.1:5000'), undefined);
  });

  it('prefers a per-registry credHelpers entry over credsStore', async () => {
    installHelper(bin, 'svone');
    installHelper(bin, 'svtwo');
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'svone', credHelpers: { 'reg.example': 'svtwo' } }));
    const store = new DockerConfigCredentialStore(dir);
    await store.store('reg.example', { username: 'u2', password: 'p2' });
    await store.store('docker.io', { username: 'u1', password: 'p1' });
    const two = JSON.parse(fs.readFileSync(path.join(bin, 'svtwo-store.json'), 'utf8'));
    const one = JSON.parse(fs.readFileSync(path.join(bin, 'svone-store.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(two), ['reg.example']);
    assert.deepStrictEqual(Object.keys(one), ['https://index.docker.io/v1/']);
  });

  it('names a missing helper in a clear error that holds no secret', async () => {
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'not-installed-anywhere' }));
    const store = new DockerConfigCredentialStore(dir);
    await assert.rejects(
      () => store.store('127.0.0.1:5000', { username: 'alice', password: 'hunter2' }),
      (e: unknown) => e instanceof EngineError && e.code === 'unavailable' && /docker-credential-not-installed-anywhere is not installed/.test(e.message) && !e.message.includes('hunter2'),
    );
  });

  it('reports a malformed config.json as corrupt without echoing its content', async () => {
    fs.writeFileSync(path.join(dir, 'config.json'), '{"auths": {"x": {"auth": "c2VjcmV0OnB3"}}');
    await assert.rejects(
      () => new DockerConfigCredentialStore(dir).get('x'),
      (e: unknown) => e instanceof EngineError && e.code === 'corrupt' && !e.message.includes('c2VjcmV0'),
    );
  });

  it('finds the config directory through DOCKER_CONFIG', () => {
    assert.strictEqual(dockerConfigDir({ DOCKER_CONFIG: '/x/y' }), '/x/y');
    assert.strictEqual(dockerConfigDir({}), path.join(os.homedir(), '.docker'));
  });
});
