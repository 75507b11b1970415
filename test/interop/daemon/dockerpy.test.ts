import * as assert from 'assert/strict';
import * as path from 'path';
import { canRunContainers } from '../../support/containers';
import { run, SeededService, Service, startSeededService } from '../../support/daemon';
import { REPO } from '../../support/lsp';

/**
 * docker-py 5.0.3 (Debian's python3-docker, run by /usr/bin/python3 — not the pyenv python3
 * first on PATH) against `stevedore system service`: the script does each thing and prints what
 * it saw as JSON lines; the assertions are here.
 */
describe('system service: docker-py', function () {
  this.timeout(300_000);
  let seeded: SeededService;
  let service: Service;
  let IMG: string;

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    seeded = await startSeededService('sv-daemon-py-');
    ({ service, image: IMG } = seeded);
  });
  after(async () => { await seeded?.stop(); });

  it('pulls, lists, runs, creates/starts/waits/logs/removes, exec_run (plain, demux, stream), volumes, builds and removes images', async () => {
    const r = await run('/usr/bin/python3', [path.join(REPO, 'test', 'interop', 'daemon', 'dockerpy.py'), IMG], { host: service.host, timeout: 240_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const steps = Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((o) => [o.step, o]));
    assert.equal(steps.version.api, '1.47');
    assert.match(steps.pull.id, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(steps.pull.tags, [IMG]);
    assert.ok(steps.list.tags.includes(IMG));
    // stdout and stderr are two pipes: their relative order in the merged log is not fixed (nor is it with dockerd).
    assert.deepEqual(steps.run.output.split('\n').filter(Boolean).sort(), ['run-err', 'run-out']);
    assert.deepEqual([steps['run-error'].raised, steps['run-error'].exit_status], [true, 3]);
    assert.match(steps['run-error'].stderr, /failing/);
    assert.deepEqual([steps['create-start-wait'].status, steps['create-start-wait'].stdout, steps['create-start-wait'].stderr], [4, 'created-out\n', 'created-err\n']);
    assert.ok(!steps.removed.names.includes('pyc'));
    assert.equal(steps.detached.status, 'running');
    assert.deepEqual([steps.exec.exit_code, steps.exec.output], [2, 'exec-out\n']);
    assert.deepEqual([steps['exec-demux'].stdout, steps['exec-demux'].stderr], ['so\n', 'se\n']);
    assert.equal(steps['exec-stream'].chunks, 's1\ns2\ns3\n');
    assert.deepEqual(steps.volume.labels, { 'made-by': 'docker-py' });
    assert.equal(steps.volume.content, 'in-volume\n');
    assert.ok(steps.volume.listed.includes('pyvol'));
    assert.deepEqual(steps.build.tags, ['pybuilt:1']);
    assert.equal(steps.build.streamed, true);
    assert.equal(steps['built-run'].output, 'from-docker-py\n');
    assert.equal(steps['image-removed'].gone, true);
    assert.match(steps['not-found'].message, /No such container: no-such-container/);
  });
});
