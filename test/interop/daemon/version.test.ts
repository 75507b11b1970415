import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { cli, tempRoot } from '../../support/containers';
import { run, startService, Service } from '../../support/daemon';
import { startFaultProxy } from '../../support/faultproxy';
import { REPO } from '../../support/lsp';
import { startRegistry } from '../../support/registry';

/** One GET on the service's socket: status, headers and the parsed JSON body. */
function get(socketPath: string, p: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ socketPath, path: p }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

/**
 * Every place Stevedore states its version says package.json's (the build puts it in:
 * client/src/core/version.ts): `stevedore --version`, the served API's `Server` header, `/version`
 * and `/info` (as the docker 28 CLI reads them), and the User-Agent its registry client sends.
 */
describe('the version Stevedore reports is package.json\'s everywhere (a real system service, docker 28 CLI, a real registry)', function () {
  this.timeout(120_000);
  const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  let root: ReturnType<typeof tempRoot>;
  let service: Service;

  before(async () => {
    root = tempRoot('sv-version-');
    service = await startService(root.root);
  });
  after(async () => {
    await service?.stop();
    root?.cleanup();
  });

  it('stevedore --version', () => {
    const r = cli(root.root, ['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), version);
  });

  it('the Server header of every answer, /version and /info agree with it', async () => {
    for (const p of ['/_ping', '/version', '/v1.47/info', '/no/such/route']) {
      assert.equal((await get(service.socket, p)).headers.server, `Stevedore/${version} (linux)`, p);
    }
    const v = JSON.parse((await get(service.socket, '/version')).body) as { Version: string; Platform: { Name: string }; Components: Array<{ Name: string; Version: string }> };
    assert.equal(v.Version, version);
    assert.equal(v.Platform.Name, `Stevedore ${version} (embedded engine)`);
    assert.deepEqual(v.Components.map((c) => [c.Name, c.Version]), [['Engine', version]]);
    const info = JSON.parse((await get(service.socket, '/info')).body) as { ServerVersion: string; OperatingSystem: string };
    assert.equal(info.ServerVersion, version);
    assert.equal(info.OperatingSystem, `Stevedore ${version}`);
    const docker = await run('/usr/local/bin/docker', ['version', '--format', '{{.Server.Version}} {{(index .Server.Components 0).Version}}'], { host: service.host });
    assert.equal(docker.stdout.trim(), `${version} ${version}`, docker.stderr);
  });

  it('the User-Agent the registry sees when the service pulls', async () => {
    const reg = await startRegistry();
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: reg.port });
    try {
      // The tag does not exist: the registry is asked all the same, and the proxy logs who asked.
      const r = await run('/usr/local/bin/docker', ['pull', `${proxy.host}/none/here:1`], { host: service.host });
      assert.notEqual(r.status, 0);
      assert.ok(proxy.log.length > 0, r.stderr);
      assert.deepEqual([...new Set(proxy.log.map((l) => l.headers['user-agent']))], [`stevedore/${version}`]);
    } finally {
      await proxy.stop();
      await reg.stop();
    }
  });
});
