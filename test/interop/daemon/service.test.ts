import * as assert from 'assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, cli, tempRoot } from '../../support/containers';
import { dockerConfigDir, run, startService } from '../../support/daemon';
import { makeDockerTls } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';
import { exited } from '../../support/process';
import { freePort, startRegistry } from '../../support/registry';

/**
 * `stevedore system service` itself: where and how it listens (socket modes, TCP on loopback,
 * TLS with client certificates, nothing on the network without them), `--time`, and that
 * credentials sent to it never reach its log.
 */
const DOCKER = '/usr/local/bin/docker';

function serviceProcess(root: string, args: string[]) {
  const child = spawn(process.execPath, [CLI, '--data-root', root, 'system', 'service', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, output: () => out };
}

describe('system service: listening, idle time, credentials', function () {
  this.timeout(120_000);
  let root: ReturnType<typeof tempRoot>;
  before(() => {
    root = tempRoot('sv-daemon-svc-');
  });
  after(() => root?.cleanup());

  it('the unix socket is 0600 in a 0700 folder, 0660 with --group; the default is <data root>/run/docker.sock without XDG_RUNTIME_DIR', async () => {
    const s = await startService(root.root);
    try {
      assert.equal(fs.statSync(s.socket).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(s.socket)).mode & 0o777, 0o700);
    } finally {
      await s.stop();
    }
    const g = await startService(root.root, { args: ['--group', '0'] });
    try {
      assert.equal(fs.statSync(g.socket).mode & 0o777, 0o660);
    } finally {
      await g.stop();
    }
    const env = { ...process.env };
    delete env.XDG_RUNTIME_DIR;
    const p = spawn(process.execPath, [CLI, '--data-root', root.root, 'system', 'service'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    try {
      const want = `unix://${path.join(root.root, 'run', 'docker.sock')}`;
      for (let i = 0; i < 200 && !out.includes(want); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, new RegExp(`Serving the Docker Engine API on ${want.replace(/[.]/g, '\\.')}`));
      assert.equal((await run(DOCKER, ['version', '--format', '{{.Server.APIVersion}}'], { host: want })).stdout.trim(), '1.47');
    } finally {
      p.kill('SIGTERM');
      await exited(p, 10_000);
    }
  });

  it('TCP on loopback serves; another address is refused without --tlsverify; with TLS only a client with a certificate the CA signed gets in', async () => {
    const port = await freePort();
    const plain = serviceProcess(root.root, ['-H', `tcp://127.0.0.1:${port}`]);
    try {
      let v = '';
      for (let i = 0; i < 200 && !v; i++) v = (await run(DOCKER, ['version', '--format', '{{.Server.APIVersion}}'], { host: `tcp://127.0.0.1:${port}` })).stdout.trim();
      assert.equal(v, '1.47');
    } finally {
      plain.child.kill('SIGTERM');
      await exited(plain.child, 10_000);
    }

    const open = serviceProcess(root.root, ['-H', 'tcp://0.0.0.0:2375']);
    assert.ok(await exited(open.child, 20_000), 'a service on 0.0.0.0 without TLS kept running');
    assert.notEqual(open.child.exitCode, 0);
    assert.match(open.output(), /refusing to listen on tcp:\/\/0\.0\.0\.0:2375 without TLS/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-tls-'));
    try {
      const tls = makeDockerTls(dir);
      const tlsPort = await freePort();
      const secure = serviceProcess(root.root, ['-H', `tcp://127.0.0.1:${tlsPort}`, '--tlsverify', '--tlscacert', tls.ca, '--tlscert', tls.serverCert, '--tlskey', tls.serverKey]);
      try {
        const host = `tcp://127.0.0.1:${tlsPort}`;
        let v = '';
        for (let i = 0; i < 200 && !v; i++) v = (await run(DOCKER, ['version', '--format', '{{.Server.APIVersion}}'], { host, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.clientDir } })).stdout.trim();
        assert.equal(v, '1.47');
        // No client certificate: the handshake fails.
        const anon = path.join(dir, 'anon');
        fs.mkdirSync(anon);
        fs.copyFileSync(tls.ca, path.join(anon, 'ca.pem'));
        const refused = await run(DOCKER, ['--tls', '--tlscacert', path.join(anon, 'ca.pem'), 'version', '--format', '{{.Server.APIVersion}}'], { host });
        assert.equal(refused.stdout.trim(), '');
        assert.notEqual(refused.status, 0);
      } finally {
        secure.child.kill('SIGTERM');
        await exited(secure.child, 10_000);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--time stops the service after that many idle seconds; an open stream (events) is not idle', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-idle-'));
    const socket = path.join(dir, 'docker.sock');
    const s = serviceProcess(root.root, ['-H', `unix://${socket}`, '--time', '1']);
    try {
      for (let i = 0; i < 200 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
      const events = spawn(DOCKER, ['events'], { env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: dockerConfigDir() } });
      assert.equal(await exited(s.child, 3000), false, 'the service stopped while a client followed its events');
      events.kill();
      assert.ok(await exited(s.child, 10_000), 'the service did not stop once idle');
      assert.equal(s.child.exitCode, 0);
    } finally {
      s.child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('docker login and an authenticated pull: the password reaches neither the service\'s log nor its errors', async () => {
    const password = 'pw-that-must-not-leak-7f3a';
    const registry = await startRegistry({ users: [{ user: 'alice', password }] });
    const src = tempRoot('sv-daemon-authsrc-');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-home-'));
    // The service keeps logins in its own Docker config (the CLI's DOCKER_CONFIG is another folder).
    const s = await startService(root.root, { env: { DOCKER_CONFIG: home } });
    try {
      const ref = `${registry.host}/private/busybox:1`;
      await makeBusyboxImage(src.root, ref);
      const login = cli(src.root, ['login', '-u', 'alice', '--password-stdin', registry.host], { input: password, env: { DOCKER_CONFIG: src.root } });
      assert.equal(login.status, 0, login.stderr);
      assert.equal(cli(src.root, ['push', ref], { env: { DOCKER_CONFIG: src.root } }).status, 0);
      const wrong = await run(DOCKER, ['login', '-u', 'alice', '--password-stdin', registry.host], { host: s.host, input: 'wrong-password' });
      assert.notEqual(wrong.status, 0);
      assert.match(wrong.stderr, /incorrect username or password|unauthorized/i);
      const ok = await run(DOCKER, ['login', '-u', 'alice', '--password-stdin', registry.host], { host: s.host, input: password });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /Login Succeeded/);
      const pulled = await run(DOCKER, ['pull', ref], { host: s.host });
      assert.equal(pulled.status, 0, pulled.stderr);
      // Credentials only in the client's config (the service has none of its own for this pull):
      // they travel in X-Registry-Auth, as the docker CLI sends them, and only for this call.
      const clientOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-clientcfg-'));
      const bare = await startService(root.root, { env: { DOCKER_CONFIG: fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-bare-')) } });
      try {
        const env = { DOCKER_CONFIG: clientOnly };
        const noCreds = await run(DOCKER, ['pull', ref], { host: bare.host, env });
        assert.notEqual(noCreds.status, 0, 'the registry let an anonymous pull through');
        fs.writeFileSync(path.join(clientOnly, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`alice:${password}`).toString('base64') } } }));
        await run(DOCKER, ['rmi', ref], { host: bare.host, env });
        const withHeader = await run(DOCKER, ['pull', ref], { host: bare.host, env });
        assert.equal(withHeader.status, 0, withHeader.stderr);
        await run(DOCKER, ['tag', ref, `${registry.host}/private/copy:1`], { host: bare.host, env });
        const pushed = await run(DOCKER, ['push', `${registry.host}/private/copy:1`], { host: bare.host, env });
        assert.equal(pushed.status, 0, pushed.stderr);
        assert.ok(!bare.output().includes(password));
      } finally {
        await bare.stop();
        fs.rmSync(clientOnly, { recursive: true, force: true });
      }
      const log = s.output();
      assert.match(log, /POST \/v1\.47\/auth/);
      for (const secret of [password, Buffer.from(password).toString('base64'), Buffer.from(`alice:${password}`).toString('base64')]) assert.ok(!log.includes(secret), 'a credential reached the service log');
      assert.ok(!wrong.stderr.includes('wrong-password'));
    } finally {
      await s.stop();
      await registry.stop();
      src.cleanup();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
