import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { cli, killCli, mountsUnder, withBusyboxRoot } from '../../support/containers';

/**
 * SIGKILL of the process doing run, rm or commit at many points: afterwards `system fsck`
 * explains what was left, `--repair` finishes it, a second fsck is clean, and every container
 * still listed works (can be started and removed) — no half-state survives.
 */
describe('containers when the engine process is killed mid-operation', function () {
  this.timeout(300_000);
  let root: string;
  withBusyboxRoot('sv-ctr-crash-', (r) => (root = r));

  it('kill during run / rm / commit: fsck explains and repairs, nothing half-made remains', async () => {
    let killed = 0;
    // Kill points spread over create (snapshot, volumes, record) and start (supervisor spawn).
    for (const ms of [15, 40, 70, 100, 130, 160, 200, 250]) {
      if (await killCli(root, ['run', '-d', '-v', `vol${ms}:/data`, '-v', '/anon', 'busybox', 'sleep', '300'], ms)) killed++;
    }
    // Complete containers to remove and commit, each interrupted at several points.
    const ids = [1, 2, 3, 4, 5, 6].map(() => cli(root, ['run', '-d', 'busybox', 'sh', '-c', 'echo data > /tmp/f; sleep 300']).stdout.trim());
    for (const [i, id] of ids.entries()) if (await killCli(root, ['rm', '-f', '-v', id], 20 + i * 35)) killed++;
    const victim = cli(root, ['run', '-d', 'busybox', 'sh', '-c', 'dd if=/dev/zero of=/big bs=1M count=20 2>/dev/null; sleep 300']).stdout.trim();
    await new Promise((r) => setTimeout(r, 500));
    for (const ms of [20, 60, 120, 200]) if (await killCli(root, ['commit', victim, `committed:${ms}`], ms)) killed++;
    assert.ok(killed >= 6, `at least some operations were really interrupted (${killed})`);

    const repair = cli(root, ['system', 'fsck', '--repair']);
    if (process.env.STEVEDORE_TEST_VERBOSE) console.log(repair.stdout);
    assert.doesNotMatch(repair.stdout, /^error:/m, repair.stdout);
    const again = cli(root, ['system', 'fsck']);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.doesNotMatch(again.stdout, /^(warning|error):/m, again.stdout);

    // Everything still listed is whole: inspectable, startable, removable.
    const left = cli(root, ['ps', '-a', '-q', '--no-trunc']).stdout.split('\n').filter(Boolean);
    for (const id of left) {
      const st = JSON.parse(cli(root, ['inspect', id]).stdout)[0].State.Status;
      assert.ok(['created', 'running', 'exited'].includes(st), `${id} is ${st}`);
      if (st !== 'running') assert.equal(cli(root, ['start', id]).status, 0, `start ${id}`);
      assert.equal(cli(root, ['rm', '-f', '-v', id]).status, 0, `rm ${id}`);
    }
    // Committed images that exist run; after all containers are gone, nothing is mounted.
    for (const line of cli(root, ['images', '--format', '{{.Repository}}:{{.Tag}}', 'committed']).stdout.split('\n').filter(Boolean)) {
      const r = cli(root, ['run', '--rm', line, 'cat', '/tmp/f']);
      assert.equal(r.stdout, 'data\n', `${line} has the container's file`);
    }
    assert.deepEqual(cli(root, ['ps', '-a', '-q']).stdout, '');
    const stillMounted = mountsUnder(root).filter((m) => m.includes('/snapshots/'));
    assert.deepEqual(stillMounted, []);
    // No container's folder, record or temp file is left; the store's own caches (names, listing) may stay.
    assert.deepEqual(fs.readdirSync(path.join(root, 'containers')).filter((n) => !n.endsWith('.log') && n !== 'names-cache.json' && n !== 'list-cache.json'), []);
    assert.equal(cli(root, ['system', 'fsck']).status, 0);
  });
});
