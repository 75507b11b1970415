import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { modemOptions, readSshConfig, resolveEndpoint } from '../../../client/src/engine/docker/connection';
import { mapDaemonEvent } from '../../../client/src/engine/docker/engine';

/** How the DockerEngine finds the daemon (no daemon needed): hosts, TLS material, contexts, ssh. */
describe('DockerEngine endpoint resolution', () => {
  let cfg: string;
  beforeEach(() => (cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-dkconn-'))));
  afterEach(() => fs.rmSync(cfg, { recursive: true, force: true }));
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ DOCKER_CONFIG: cfg, ...extra });

  it('the default socket when nothing is configured; DOCKER_HOST when set; an explicit host over both', () => {
    assert.equal(resolveEndpoint({ env: env() }).host, 'unix:///var/run/docker.sock');
    assert.equal(resolveEndpoint({ env: env({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }) }).source, 'DOCKER_HOST');
    assert.equal(resolveEndpoint({ host: '/run/podman/podman.sock', env: env({ DOCKER_HOST: 'tcp://x:1' }) }).host, 'unix:///run/podman/podman.sock');
    assert.deepEqual(modemOptions(resolveEndpoint({ host: 'unix:///run/podman/podman.sock' })).socketPath, '/run/podman/podman.sock');
  });

  it('tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH is https with the client certificate and CA', () => {
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(cfg, f), `${f} contents`);
    const ep = resolveEndpoint({ env: env({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: cfg }) });
    const o = modemOptions(ep);
    assert.equal(o.protocol, 'https');
    assert.equal(o.host, 'docker.example');
    assert.equal(o.port, '2376');
    assert.equal(String(o.ca), 'ca.pem contents');
    assert.equal(String(o.cert), 'cert.pem contents');
    assert.equal(o.agent, undefined, 'the server certificate is verified');
    const plain = modemOptions(resolveEndpoint({ env: env({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }) }));
    assert.equal(plain.protocol, 'http');
    assert.equal(plain.socketPath, undefined);
  });

  it('ssh://user@host:port goes through ssh (docker system dial-stdio on the remote)', () => {
    const o = modemOptions(resolveEndpoint({ host: 'ssh://deploy@build.example:2222' }), { SSH_AUTH_SOCK: '/tmp/agent.sock' });
    assert.equal(o.protocol, 'ssh');
    assert.equal(o.host, 'build.example');
    assert.equal(o.port, '2222');
    assert.equal(o.username, 'deploy');
    assert.equal((o.sshOptions as { agent?: string }).agent, '/tmp/agent.sock');
  });

  it('the current Docker context (config.json or DOCKER_CONTEXT) with its TLS material', () => {
    const name = 'remote';
    const id = crypto.createHash('sha256').update(name).digest('hex');
    fs.mkdirSync(path.join(cfg, 'contexts', 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(cfg, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: 'tcp://remote.example:2376', SkipTLSVerify: false } } }));
    fs.mkdirSync(path.join(cfg, 'contexts', 'tls', id, 'docker'), { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(cfg, 'contexts', 'tls', id, 'docker', f), f);
    fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: name }));
    const ep = resolveEndpoint({ env: env() });
    assert.equal(ep.host, 'tcp://remote.example:2376');
    assert.equal(ep.source, 'context "remote"');
    assert.equal(ep.tls?.verify, true);
    assert.equal(modemOptions(ep).protocol, 'https');
    assert.equal(resolveEndpoint({ env: env({ DOCKER_CONTEXT: 'default' }) }).host, 'unix:///var/run/docker.sock');
    assert.throws(() => resolveEndpoint({ env: env({ DOCKER_CONTEXT: 'nope' }) }), /context "nope" not found/);
  });

  it('daemon events map to <noun>.<action> in Stevedore words', () => {
    const e = mapDaemonEvent({ Type: 'container', Action: 'exec_start: sh -c true', Actor: { ID: 'abc', Attributes: { name: 'web' } }, time: 1700000000, timeNano: 1700000000123456789 });
    assert.equal(e.type, 'container.exec_start');
    assert.equal(e.id, 'abc');
    assert.equal(e.time, 1700000000123);
    assert.deepEqual(e.attributes, { name: 'web' });
    assert.equal(mapDaemonEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'busybox:latest' } }).type, 'image.pulled');
    assert.equal(mapDaemonEvent({ Type: 'image', Action: 'delete', Actor: { ID: 'sha256:x' } }).type, 'image.removed');
    assert.equal(mapDaemonEvent({ Type: 'volume', Action: 'create', Actor: { ID: 'v' } }).type, 'volume.create');
  });
});

/** ~/.ssh/config as OpenSSH reads it for an ssh:// host (through the ssh-config library). */
describe('DockerEngine: ~/.ssh/config for ssh:// hosts', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-sshcfg-'));
    fs.mkdirSync(path.join(home, '.ssh'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  const write = (text: string) => fs.writeFileSync(path.join(home, '.ssh', 'config'), text);

  it('Host globs and negations, first value wins, every IdentityFile, directive names in any case', () => {
    write([
      'Host build-*',
      '  hostname 10.1.2.3',
      '  USER deploy',
      '  Port=2200',
      '  IdentityFile ~/.ssh/first',
      '  identityfile "~/.ssh/second key"',
      '  UserKnownHostsFile /a/known /b/known',
      '  StrictHostKeyChecking Yes',
      'Host !build-old build-*',
      '  User later-ignored',
      '  Port 9999',
      'Host *',
      '  User fallback',
      '',
    ].join('\n'));
    assert.deepEqual(readSshConfig('build-1', { HOME: home }), {
      hostName: '10.1.2.3', user: 'deploy', port: '2200', identityFiles: ['~/.ssh/first', '~/.ssh/second key'],
      knownHostsFiles: ['/a/known', '/b/known'], strictHostKeyChecking: 'yes',
    });
    assert.equal(readSshConfig('other', { HOME: home }).user, 'fallback');
    assert.equal(readSshConfig('other', { HOME: home }).hostName, undefined);
  });

  it('a `Match exec` block never runs its command; no config file is no settings', () => {
    const marker = path.join(home, 'ran');
    write(`Match exec "touch ${marker}"\n  User from-exec\nHost *\n  User plain\n`);
    assert.equal(readSshConfig('h', { HOME: home }).user, 'plain');
    assert.equal(fs.existsSync(marker), false, 'the command was not run');
    fs.rmSync(path.join(home, '.ssh', 'config'));
    assert.deepEqual(readSshConfig('h', { HOME: home }), { identityFiles: [] });
  });
});
