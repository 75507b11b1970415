import * as assert from 'assert/strict';
import * as http from 'http';
import { canRunContainers } from '../../support/containers';
import { SeededService, Service, startSeededService } from '../../support/daemon';

/**
 * Testcontainers for Node (the npm package, a devDependency) with DOCKER_HOST at `stevedore
 * system service`: a GenericContainer from a test image with an exposed port and an HTTP wait
 * strategy, reached from the test through the mapped port. Ryuk (its reaper container, an image
 * from Docker Hub) is disabled, as the issue says; the test stops the container itself.
 */
describe('system service: Testcontainers', function () {
  this.timeout(300_000);
  let seeded: SeededService;
  let service: Service;
  let root: string;
  let IMG: string;
  const saved: Record<string, string | undefined> = {};

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    seeded = await startSeededService('sv-daemon-tc-');
    ({ service, root, image: IMG } = seeded);
    // Testcontainers reads its configuration from the environment once, when first used. This
    // machine has a /.dockerenv, so Testcontainers would take itself to be inside a container on
    // the bridge network and reach containers through its gateway, which lives in the engine's
    // network namespace: the test runs on the host, so the host is named (as on a CI runner in a container).
    for (const [k, v] of Object.entries({ DOCKER_HOST: service.host, TESTCONTAINERS_RYUK_DISABLED: 'true', DOCKER_CONFIG: root, TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1' })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await seeded?.stop();
  });

  it('starts a GenericContainer with an exposed port, waits until HTTP answers, and the test reaches it', async () => {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(IMG)
      .withCommand(['sh', '-c', 'echo from-testcontainers > /index.html; exec httpd -f -p 8080 -h /'])
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/index.html', 8080).forStatusCode(200))
      .withStartupTimeout(60_000)
      .start();
    try {
      const url = `http://${container.getHost()}:${container.getMappedPort(8080)}/index.html`;
      const body = await new Promise<string>((resolve, reject) => {
        http.get(url, (res) => {
          let t = '';
          res.on('data', (d) => (t += d));
          res.on('end', () => resolve(t));
        }).on('error', reject);
      });
      assert.equal(body, 'from-testcontainers\n');
      const { output, exitCode } = await container.exec(['cat', '/index.html']);
      assert.deepEqual([exitCode, output], [0, 'from-testcontainers\n']);
    } finally {
      await container.stop();
    }
  });
});
