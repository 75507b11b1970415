import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tempRoot } from '../../support/containers';
import { run, startService } from '../../support/daemon';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { openTestRegistryEngine, Registry, startRegistry, TestRegistryEngine } from '../../support/registry';

/** A rootfs tarball holding busybox-static, for `docker import`. */
function busyboxRootfsTar(dir: string): Buffer {
  const rootfs = path.join(dir, 'rootfs');
  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.copyFileSync('/usr/bin/busybox', path.join(rootfs, 'bin', 'busybox'));
  fs.symlinkSync('busybox', path.join(rootfs, 'bin', 'sh'));
  return execFileSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
}

describe('registry interop with a real dockerd (docker push / docker pull)', function () {
  this.timeout(180_000);
  let reg: Registry;
  let dockerd: Dockerd;
  let tmp: string;
  let eng: TestRegistryEngine;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-dockerd-reg-'));
    [reg, dockerd] = await Promise.all([startRegistry(), startDockerd()]);
    eng = openTestRegistryEngine();
  });
  after(async () => {
    await eng?.dispose();
    await dockerd?.stop();
    await reg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('pulls an image docker pushed and gets the same image ID and repo digest', async () => {
    const ref = `${reg.host}/fromdocker/busybox:v1`;
    await dockerd.docker(['import', '--change', 'CMD ["/bin/sh"]', '-', ref], { input: busyboxRootfsTar(tmp) });
    const pushOut = await dockerd.docker(['push', ref]);
    const dockerDigest = /digest: (sha256:[a-f0-9]{64})/.exec(pushOut)?.[1];
    assert.ok(dockerDigest, pushOut);
    const dockerId = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', ref])).trim();

    const [result] = await eng.svc.pull(ref);
    assert.strictEqual(result.id, dockerId);
    assert.strictEqual(result.digest, dockerDigest);
    const local = await eng.images.resolve(ref);
    assert.strictEqual(local?.id, dockerId);
    assert.strictEqual(local?.manifest.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  });

  it('pushes an image that docker pulls with the same image ID', async () => {
    const src = `${reg.host}/fromdocker/busybox:v1`;
    const dst = `${reg.host}/fromstevedore/busybox:v2`;
    const local = (await eng.images.resolve(src))!;
    await eng.images.tag(dst, local.manifest, {});
    const [pushed] = await eng.svc.push(dst);
    const out = await dockerd.docker(['pull', dst]);
    assert.match(out, new RegExp(`Digest: ${pushed.digest}`));
    const id = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', dst])).trim();
    assert.strictEqual(id, local.id);
    // and it runs nothing here, but docker can read its config
    const cmd = (await dockerd.docker(['image', 'inspect', '--format', '{{json .Config.Cmd}}', dst])).trim();
    assert.strictEqual(cmd, '["/bin/sh"]');
  });
  it('docker pull --all-tags REPO, then docker images REPO: the same rows through Stevedore\'s socket as from dockerd (no <none> row for the digest of another repository)', async () => {
    // One image under two repositories: src/busybox:v1, and alltags/app:a and :b (same manifest).
    const src = `${reg.host}/alltags-src/busybox:v1`;
    const repo = `${reg.host}/alltags/app`;
    await dockerd.docker(['import', '--change', 'CMD ["/bin/sh"]', '-', src], { input: busyboxRootfsTar(fs.mkdtempSync(path.join(tmp, 'src-'))) });
    await dockerd.docker(['push', src]);
    for (const t of ['a', 'b']) {
      await dockerd.docker(['tag', src, `${repo}:${t}`]);
      await dockerd.docker(['push', `${repo}:${t}`]);
    }
    // And an image known only by digest (pulled as REPO@DIGEST): dockerd lists it under REPO with tag <none>.
    const byDigest = `${reg.host}/alltags/bydigest`;
    await dockerd.docker(['import', '--change', 'CMD ["/bin/true"]', '-', `${byDigest}:gone`], { input: busyboxRootfsTar(fs.mkdtempSync(path.join(tmp, 'bd-'))) });
    const digest = /digest: (sha256:[a-f0-9]{64})/.exec(await dockerd.docker(['push', `${byDigest}:gone`]))![1];
    await dockerd.docker(['rmi', src, `${repo}:a`, `${repo}:b`, `${byDigest}:gone`]);
    const root = tempRoot('sv-dockerd-alltags-');
    const service = await startService(root.root);
    try {
      // The same commands, with the docker 28 CLI, against each daemon.
      const listing = async (host: string) => {
        const docker = async (args: string[]) => {
          const r = await run('/usr/local/bin/docker', args, { host });
          assert.strictEqual(r.status, 0, `docker ${args.join(' ')} on ${host}: ${r.stderr}`);
          return r.stdout;
        };
        await docker(['pull', src]);
        await docker(['pull', '--all-tags', repo]);
        await docker(['pull', `${byDigest}@${digest}`]);
        return {
          byDigest: await docker(['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}', byDigest]),
          rows: await docker(['images', '--format', '{{.Repository}} {{.Tag}} {{.ID}}', repo]),
          digests: await docker(['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}', repo]),
          table: (await docker(['images', repo])).split('\n').map((l) => l.split(/\s{2,}/).slice(0, 3).join(' ')).join('\n'),
        };
      };
      const theirs = await listing(dockerd.host);
      const ours = await listing(service.host);
      const id = (await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', src])).trim().slice(7, 19);
      assert.strictEqual(theirs.rows, `${repo} a ${id}\n${repo} b ${id}\n`);
      assert.strictEqual(theirs.byDigest, `${byDigest} <none> ${digest}\n`);
      assert.deepStrictEqual(ours, theirs);
    } finally {
      await service.stop();
      root.cleanup();
    }
  });
});
