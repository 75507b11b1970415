import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { runCli as cli } from '../../support/process';
import { makeRawImage, pushRawImage, RawImage, Registry, startRegistry, storeProblems } from '../../support/registry';

describe('stevedore CLI: login, logout, pull, push (real docker-registry with htpasswd)', function () {
  this.timeout(60_000);
  let reg: Registry;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let img: RawImage;
  const password = 'c0rrect-Horse-battery';

  before(async () => {
    reg = await startRegistry({ users: [{ user: 'alice', password }] });
    const c = new RegistryClient(reg.host, { credentials: async () => ({ username: 'alice', password }) });
    img = makeRawImage([120_000, 5_000]);
    await pushRawImage(c, 'team/app', img, 'v1');
  });
  after(async () => {
    await reg?.stop();
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-cli-'));
    env = { ...process.env, HOME: tmp, DOCKER_CONFIG: path.join(tmp, 'docker'), STEVEDORE_ROOT: path.join(tmp, 'root') };
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const configJson = () => JSON.parse(fs.readFileSync(path.join(tmp, 'docker', 'config.json'), 'utf8'));

  it('logs in with --password-stdin, saves docker-style credentials, and logs out', async () => {
    const r = await cli(['login', '-u', 'alice', '--password-stdin', reg.host], env, password + '\n');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stdout, 'Login Succeeded\n');
    assert.strictEqual(configJson().auths[reg.host].auth, Buffer.from(`alice:${password}`).toString('base64'));
    const out = await cli(['logout', reg.host], env);
    assert.strictEqual(out.stdout, `Removing login credentials for ${reg.host}\n`);
    assert.deepStrictEqual(configJson().auths, {});
    assert.strictEqual((await cli(['logout', reg.host], env)).stdout, `Not logged in to ${reg.host}\n`);
  });

  it('fails a wrong password with exit 1, saves nothing, and never prints the password', async () => {
    const wrong = 'Wr0ng-pa55-XYZ';
    const r = await cli(['login', '-u', 'alice', '-p', wrong, reg.host], env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /WARNING! Using --password via the CLI is insecure/);
    assert.match(r.stderr, /login to .* failed: incorrect username or password/);
    assert.ok(!r.stderr.includes(wrong) && !r.stdout.includes(wrong));
    assert.ok(!r.stderr.includes(Buffer.from(`alice:${wrong}`).toString('base64')));
    assert.ok(!fs.existsSync(path.join(tmp, 'docker', 'config.json')));
    const journal = path.join(tmp, 'root', 'events.jsonl');
    if (fs.existsSync(journal)) assert.ok(!fs.readFileSync(journal, 'utf8').includes(wrong));
  });

  it('refuses an interactive login without a TTY', async () => {
    const r = await cli(['login', reg.host], env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /Cannot perform an interactive login from a non TTY device/);
  });

  it('pulls with saved credentials and prints docker-style plain progress, digest and status', async () => {
    await cli(['login', '-u', 'alice', '--password-stdin', reg.host], env, password);
    const r = await cli(['pull', `${reg.host}/team/app:v1`], env);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.strictEqual(lines[0], 'v1: Pulling from team/app');
    for (const l of img.layers) {
      const id = l.desc.digest.slice(7, 19);
      assert.ok(lines.includes(`${id}: Pulling fs layer`), r.stdout);
      assert.ok(lines.includes(`${id}: Pull complete`), r.stdout);
    }
    assert.ok(!r.stdout.includes('\x1b['), 'no cursor movement without a TTY');
    assert.ok(lines.includes(`Digest: ${img.manifestDigest}`));
    assert.ok(lines.includes(`Status: Downloaded newer image for ${reg.host}/team/app:v1`));
    assert.strictEqual(lines[lines.length - 1], `${reg.host}/team/app:v1`);
    assert.deepStrictEqual(await storeProblems(path.join(tmp, 'root')), []);

    const again = await cli(['pull', '-q', `${reg.host}/team/app:v1`], env);
    assert.strictEqual(again.stdout, `${reg.host}/team/app:v1\n`);

    const push = await cli(['push', `${reg.host}/team/app:v1`], env);
    assert.strictEqual(push.code, 0, push.stderr);
    assert.match(push.stdout, new RegExp(`^The push refers to repository \\[${reg.host}/team/app\\]`));
    assert.match(push.stdout, new RegExp(`: Layer already exists\\n`));
    assert.match(push.stdout, new RegExp(`v1: digest: ${img.manifestDigest} size: ${img.manifest.length}\\n$`));
  });

  it('asks for a login when pulling from a protected registry without one', async () => {
    const r = await cli(['pull', `${reg.host}/team/app:v1`], env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, new RegExp(`^Error response from daemon: .*unauthorized.*stevedore login ${reg.host.replace(/\./g, '\\.')}`, 'm'));
  });

  it('lists the catalog and tags of the registry', async () => {
    await cli(['login', '-u', 'alice', '--password-stdin', reg.host], env, password);
    assert.strictEqual((await cli(['registry', 'catalog', reg.host], env)).stdout, 'team/app\n');
    assert.strictEqual((await cli(['registry', 'tags', `${reg.host}/team/app`], env)).stdout, 'v1\n');
  });
});
