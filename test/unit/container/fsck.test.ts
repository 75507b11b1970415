import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { cli, withBusyboxRoot } from '../../support/containers';

interface Problem { severity: 'error' | 'warning'; subject: string; message: string; repaired?: boolean }
interface Report { ok: boolean; containers: number; problems: Problem[] }

function fsck(root: string, repair = false): Report {
  const r = cli(root, ['system', 'fsck', '--format', 'json', ...(repair ? ['--repair'] : [])]);
  return JSON.parse(r.stdout) as Report;
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The half-states an interrupted operation leaves, each made on purpose (crash.test.ts kills the
 * CLI at timed points and so cannot promise which of them it produces): `system fsck` names each
 * one, `--repair` finishes the work, and a second fsck finds nothing.
 */
describe('system fsck finds and repairs what interrupted container operations leave', function () {
  this.timeout(180_000);
  let root: string;
  withBusyboxRoot('sv-ctr-fsck-', (r) => (root = r));

  it('an interrupted create, an interrupted rm, a killed supervisor and an interrupted volume rm', async () => {
    const id = (args: string[]) => {
      const r = cli(root, args);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    const containers = path.join(root, 'containers');
    const snapshots = () => fs.readdirSync(path.join(root, 'snapshots')).filter((n) => /^[a-f0-9]{64}$/.test(n));

    // Create that never wrote its record: the folder and root filesystem exist, config.v2.json does not.
    const halfMade = id(['create', 'busybox', 'true']);
    fs.rmSync(path.join(containers, halfMade, 'config.v2.json'));
    // Removal that stopped after renaming the container out of the way.
    const halfRemoved = id(['create', 'busybox', 'true']);
    fs.renameSync(path.join(containers, halfRemoved), path.join(containers, `.trash-${halfRemoved}`));
    // Volume removal that stopped after renaming the volume out of the way.
    id(['volume', 'create', 'doomed']);
    fs.renameSync(path.join(root, 'volumes', 'doomed'), path.join(root, 'volumes', '.trash-doomed-1'));
    // A container that is fine and must be left alone.
    const healthy = id(['create', '--name', 'healthy', 'busybox', 'echo', 'still here']);
    // A running container whose supervisor was SIGKILLed (with the process it ran). Last: any
    // engine call that reads the record (create, volume create ...) already reconciles it as exited.
    const orphaned = id(['run', '-d', 'busybox', 'sleep', '300']);
    const rec = JSON.parse(fs.readFileSync(path.join(containers, orphaned, 'config.v2.json'), 'utf8'));
    const shimPid: number = rec.Stevedore.shimPid;
    const ctrPid: number = rec.State.Pid;
    assert.ok(shimPid > 0 && ctrPid > 0 && pidAlive(shimPid), 'the supervisor runs');
    process.kill(shimPid, 'SIGKILL');
    process.kill(ctrPid, 'SIGKILL');
    for (let i = 0; i < 100 && pidAlive(shimPid); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(snapshots().includes(halfMade) && snapshots().includes(halfRemoved), 'their root filesystems exist before the check');

    const found = fsck(root);
    const about = (short: string) => found.problems.filter((p) => p.subject.includes(short)).map((p) => p.message).join(' | ');
    assert.match(about(halfMade.slice(0, 12)), /creation was interrupted/);
    assert.match(about(halfRemoved.slice(0, 12)), /removal was interrupted/);
    assert.match(about(orphaned.slice(0, 12)), /supervisor is gone; marked exited/);
    assert.ok(found.problems.some((p) => p.subject === 'volume doomed' && /removal was interrupted/.test(p.message)), JSON.stringify(found.problems));
    assert.equal(about(healthy.slice(0, 12)), '', 'the healthy container is not reported');
    // A check without --repair repairs nothing but the reconciled state.
    assert.ok(fs.existsSync(path.join(containers, `.trash-${halfRemoved}`)), 'fsck alone leaves the interrupted rm alone');

    const repaired = fsck(root, true);
    assert.ok(repaired.problems.length >= 3, JSON.stringify(repaired.problems));
    assert.ok(repaired.problems.every((p) => p.severity === 'warning'), JSON.stringify(repaired.problems));
    const again = fsck(root);
    assert.deepEqual(again.problems, []);
    assert.equal(again.ok, true);

    // What the repair did is visible: the half-made and half-removed containers and their root
    // filesystems are gone, the volume's remains are deleted, the orphan is exited and restartable.
    assert.ok(!fs.existsSync(path.join(containers, halfMade)));
    assert.ok(!fs.existsSync(path.join(containers, `.trash-${halfRemoved}`)));
    assert.ok(!snapshots().includes(halfMade) && !snapshots().includes(halfRemoved), 'their root filesystems were deleted');
    assert.deepEqual(fs.readdirSync(path.join(root, 'volumes')).filter((n) => n.startsWith('.trash-')), []);
    const ps = cli(root, ['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.State}}']).stdout.trim().split('\n').sort();
    assert.deepEqual(ps, [`${healthy} created`, `${orphaned} exited`].sort());
    assert.equal(cli(root, ['start', '-a', 'healthy']).stdout, 'still here\n');
    assert.equal(cli(root, ['start', orphaned]).status, 0);
    assert.equal(cli(root, ['rm', '-f', orphaned, 'healthy']).status, 0);
  });

  it("a names-cache write cut short (its writer is gone) is reported and removed by --repair; a live writer's is left", () => {
    const containers = path.join(root, 'containers');
    fs.mkdirSync(containers, { recursive: true });
    // A pid that cannot be running (above pid_max), and this test's own (a live writer).
    const dead = path.join(containers, '.tmp-names-cache.json-4194305-0badf00d');
    const live = path.join(containers, `.tmp-names-cache.json-${process.pid}-0badf00d`);
    fs.writeFileSync(dead, '{"half');
    fs.writeFileSync(live, '{"half');
    const check = cli(root, ['system', 'fsck']);
    assert.match(check.stdout, /tmp-names-cache\.json-4194305-0badf00d: stray temporary file/);
    assert.doesNotMatch(check.stdout, new RegExp(`names-cache\\.json-${process.pid}-`));
    assert.ok(fs.existsSync(dead), 'fsck without --repair removes nothing');
    assert.equal(cli(root, ['system', 'fsck', '--repair']).status, 0);
    assert.ok(!fs.existsSync(dead));
    assert.ok(fs.existsSync(live));
    fs.rmSync(live);
  });
});
