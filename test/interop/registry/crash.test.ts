import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { makeRawImage, openImageStore, pushRawImage, RawImage, Registry, startRegistry, storeProblems } from '../../support/registry';
import { localImage } from '../../support/registry';

const CLI = path.resolve(__dirname, '../../../client/src/cli/main.js');

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
}

function finished(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  p.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => p.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('crash safety and concurrency of CLI pull/push on one data root (real docker-registry)', function () {
  this.timeout(180_000);
  let reg: Registry;
  let tmp: string;
  let img: RawImage;
  let img2: RawImage;

  before(async () => {
    reg = await startRegistry();
    const c = new RegistryClient(reg.host);
    // Several small layers so kills land in downloads, commits and the final tag.
    img = makeRawImage([400_000, 300_000, 200_000, 100_000, 50_000]);
    img2 = makeRawImage([250_000, 60_000]);
    // img2 shares img's first layer by reusing its bytes.
    img2.layers[0] = img.layers[0];
    const manifest = JSON.parse(img2.manifest.toString());
    manifest.layers[0] = img.layers[0].desc;
    img2.manifest = Buffer.from(JSON.stringify(manifest));
    img2.manifestDigest = 'sha256:' + crypto.createHash('sha256').update(img2.manifest).digest('hex');
    await pushRawImage(c, 'crash/app', img, 'v1');
    await pushRawImage(c, 'crash/app', img2, 'v2');
  });
  after(async () => {
    await reg?.stop();
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-crash-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('SIGKILL at random points of pull and push leaves a consistent store, and the next pull completes', async () => {
    const root = path.join(tmp, 'root');
    const env = { ...process.env, HOME: tmp, DOCKER_CONFIG: path.join(tmp, 'docker'), STEVEDORE_ROOT: root };
    // How long one uninterrupted pull takes, to spread the kills over it.
    const t0 = Date.now();
    const full = await finished(start(['pull', `${reg.host}/crash/app:v1`], env));
    assert.strictEqual(full.code, 0, full.stderr);
    const span = Math.max(150, Date.now() - t0);
    fs.rmSync(root, { recursive: true, force: true });

    const iterations = 16;
    let pushes = 0;
    for (let i = 0; i < iterations; i++) {
      const images = openImageStore(root);
      const complete = (await localImage(images, `${reg.host}/crash/app:v1`)) !== undefined;
      // Alternate: finish/continue a pull; once the image is complete, kill pushes of it instead.
      const args = complete && i % 2 === 1 ? ['push', `${reg.host}/crash/app:v1`] : ['pull', `${reg.host}/crash/app:${i % 3 === 0 ? 'v2' : 'v1'}`];
      if (args[0] === 'push') pushes++;
      const p = start(args, env);
      const done = finished(p);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * span)));
      p.kill('SIGKILL');
      const res = await done;
      assert.ok(res.signal === 'SIGKILL' || res.code === 0, `${args.join(' ')} failed on its own: ${res.stderr}`);
      assert.deepStrictEqual(await storeProblems(root, images), [], `after killing "${args.join(' ')}" (iteration ${i})`);
      if (i === Math.floor(iterations / 2)) {
        // Start over now and then so kills also hit a fresh store.
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
    const last = await finished(start(['pull', `${reg.host}/crash/app:v1`], env));
    assert.strictEqual(last.code, 0, last.stderr);
    const images = openImageStore(root);
    const local = await localImage(images, `${reg.host}/crash/app:v1`);
    assert.strictEqual(local?.manifest.digest, img.manifestDigest);
    assert.deepStrictEqual(await storeProblems(root, images), []);
    assert.ok(iterations - pushes >= 8, 'most kills hit pulls');
  });

  it('two processes pulling overlapping images at once corrupt nothing and both succeed', async () => {
    const root = path.join(tmp, 'root');
    const env = { ...process.env, HOME: tmp, DOCKER_CONFIG: path.join(tmp, 'docker'), STEVEDORE_ROOT: root };
    for (let round = 0; round < 2; round++) {
      fs.rmSync(root, { recursive: true, force: true });
      const a = finished(start(['pull', `${reg.host}/crash/app:v1`], env));
      const b = finished(start(['pull', round === 0 ? `${reg.host}/crash/app:v1` : `${reg.host}/crash/app:v2`], env));
      const [ra, rb] = await Promise.all([a, b]);
      assert.strictEqual(ra.code, 0, ra.stderr);
      assert.strictEqual(rb.code, 0, rb.stderr);
      const images = openImageStore(root);
      assert.strictEqual((await localImage(images, `${reg.host}/crash/app:v1`))?.manifest.digest, img.manifestDigest);
      if (round === 1) assert.strictEqual((await localImage(images, `${reg.host}/crash/app:v2`))?.manifest.digest, img2.manifestDigest);
      assert.deepStrictEqual(await storeProblems(root, images), []);
    }
  });
});
