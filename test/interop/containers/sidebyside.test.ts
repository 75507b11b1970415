import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { canRunContainers, cli, CliResult, sleep, tempRoot } from '../../support/containers';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';

/**
 * The same busybox image in Stevedore and in a real dockerd (Debian's 20.10, runc), the same
 * commands typed into `stevedore` and `docker`, and what the user sees compared: output, errors,
 * exit codes, inspect fields, diff lines, committed images. The image is made in Stevedore's data
 * root, `stevedore save`d and `docker load`ed, so both run the very same layer (same image ID).
 *
 * The test dockerd has no bridge (`--bridge=none`), so every docker container runs with
 * `--network none`, and so do ours, for the same view of the network (only `lo`).
 *
 * Where the two legitimately differ, the comparison normalises explicitly and says why:
 * container IDs and hostnames (random per container), times, the engines' own error decorations
 * around the same message, and orders that docker leaves to Go map or directory iteration.
 */

const IMG = 'sbs/busybox:1';
const NET = ['--network', 'none'];

/** Container IDs (64 hex), short IDs and the default hostnames (12 hex) are random per container and engine. */
const ids = (s: string) => s.replace(/\b[0-9a-f]{64}\b/g, '<id>').replace(/\b[0-9a-f]{12}\b/g, '<short>');

/**
 * The message of a failed command, without what each engine wraps around the same words:
 * docker's CLI prefixes `docker: ` on run and adds "Run 'docker run --help'"; containerd chains
 * "failed to create shim task: OCI runtime create failed: runc create failed:" and ": unknown"
 * around runc's error where we say "failed to create task for container:"; we prefix
 * `stevedore: ` and end with a period. runc's own copy of an exec error, which our exec passes
 * through on stderr before the message, is dropped by taking the last line.
 */
function errCore(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith("Run '"));
  return (lines[lines.length - 1] ?? '')
    .replace(/^(docker|stevedore): /, '')
    .replace(/^Error response from daemon: /, '')
    .replace(/^failed to create shim task: OCI runtime create failed: runc create failed: /, '')
    .replace(/^failed to create task for container: /, '')
    .replace(/: unknown\.?$/, '')
    .replace(/\.$/, '');
}

/** `Up 2 seconds`, `Exited (3) Less than a second ago`: the durations depend on when each engine ran. */
const since = (s: string) => s.replace(/(Up|\)) .*?( ago)?$/gm, '$1 <time>');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe('containers side by side: stevedore and docker run the same image the same way', function () {
  this.timeout(300_000);
  let dockerd: Dockerd;
  let root: string;
  let cleanup: () => void;

  type Opts = { input?: string; env?: NodeJS.ProcessEnv };
  const dk = async (args: string[], o: Opts = {}): Promise<CliResult> => {
    const r = await dockerd.dockerRaw(args, { ...(o.input !== undefined ? { input: o.input } : {}), ...(o.env ? { env: o.env } : {}) });
    return { status: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const sv = (args: string[], o: Opts = {}): CliResult => cli(root, args, { ...(o.input !== undefined ? { input: o.input } : {}), ...(o.env ? { env: o.env } : {}) });
  const both = async (args: string[], o: Opts = {}) => ({ docker: await dk(args, o), ours: sv(args, o) });
  /** Both print the same stdout and stderr and exit with the same status. */
  const same = async (args: string[], o: Opts & { norm?: (s: string) => string } = {}): Promise<CliResult> => {
    const { docker, ours } = await both(args, o);
    const n = o.norm ?? ((s: string) => s);
    const show = (r: CliResult) => ({ status: r.status, stdout: n(r.stdout), stderr: n(r.stderr) });
    assert.deepEqual(show(ours), show(docker), `stevedore vs docker: ${args.join(' ')}`);
    return ours;
  };
  /** Runs the same command in both; the failure message and status must agree (decorations aside, see errCore). */
  const sameFailure = async (args: string[], status: number) => {
    const { docker, ours } = await both(args);
    assert.equal(docker.status, status, `docker ${args.join(' ')}: ${docker.stderr}`);
    assert.equal(ours.status, status, `stevedore ${args.join(' ')}: ${ours.stderr}`);
    assert.equal(ids(errCore(ours.stderr)), ids(errCore(docker.stderr)));
    assert.equal(ours.stdout, docker.stdout);
  };
  const inspect = async (name: string, format: string) => {
    const { docker, ours } = await both(['inspect', '--format', format, name]);
    assert.equal(docker.status, 0, docker.stderr);
    assert.equal(ours.status, 0, ours.stderr);
    return { docker: docker.stdout, ours: ours.stdout };
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    ({ root, cleanup } = tempRoot('sv-sbs-'));
    dockerd = await startDockerd();
    await makeBusyboxImage(root, IMG, { files: { 'etc/motd': 'welcome\n' } });
    const tarball = path.join(root, 'busybox.tar');
    const saved = sv(['save', '-o', tarball, IMG]);
    assert.equal(saved.status, 0, saved.stderr);
    assert.match(await dockerd.docker(['load', '-i', tarball]), /Loaded image: sbs\/busybox:1/);
  });
  after(async () => {
    await dockerd?.stop();
    cleanup?.();
  });

  it('both engines hold the same image (same ID after save and load)', async () => {
    const { docker, ours } = await inspect(IMG, '{{.Id}}');
    assert.match(ours, /^sha256:[0-9a-f]{64}\n$/);
    assert.equal(ours, docker);
  });

  it('run --rm: output, stderr and exit status; 127 for a missing command, 126 for one that cannot run, 125 for bad flags', async () => {
    assert.equal((await same(['run', '--rm', ...NET, IMG, 'echo', 'hello'])).stdout, 'hello\n');
    const three = await same(['run', '--rm', ...NET, IMG, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(three.status, 3);
    await sameFailure(['run', '--rm', ...NET, IMG, 'no-such-command'], 127);
    await sameFailure(['run', '--rm', ...NET, IMG, '/no/such/path'], 127);
    await sameFailure(['run', '--rm', ...NET, IMG, '/etc/motd'], 126);
    await sameFailure(['run', '--rm', ...NET, '-u', 'ghost', IMG, 'true'], 125);
    await sameFailure(['run', '--rm', ...NET, '-w', 'relative', IMG, 'true'], 125);
    // --rm left nothing behind in either engine.
    await same(['ps', '-a', '-q']);
  });

  it('run flags: -e (also a bare name from the caller), -w, -u, --entrypoint, -i', async () => {
    const env = { FROM_CALLER: 'passed' };
    // HOSTNAME is the container's short ID in both (ids() hides it).
    await same(['run', '--rm', ...NET, '-e', 'A=1', '-e', 'FROM_CALLER', '-e', 'UNSET_NAME', '-w', '/srv/x', '-u', 'nobody', IMG,
      'sh', '-c', 'echo $A $FROM_CALLER ${UNSET_NAME-unset} $(pwd); id; env | sort'], { env, norm: ids });
    await same(['run', '--rm', ...NET, IMG, 'sh', '-c', 'id; echo $HOME; grep Groups /proc/self/status']);
    for (const user of ['65534', '4242', '4242:77', 'root:nogroup']) await same(['run', '--rm', ...NET, '-u', user, IMG, 'sh', '-c', 'id; echo $HOME']);
    await same(['run', '--rm', ...NET, '--entrypoint', 'echo', IMG, 'from', 'entrypoint']);
    await same(['run', '--rm', ...NET, '--entrypoint', '', IMG, 'echo', 'cleared']);
    await same(['run', '--rm', '-i', ...NET, IMG, 'sh', '-c', 'cat; echo done'], { input: 'piped in\n' });
    // The container's view: loopback only, the same /dev, /etc/hosts, hostname file.
    await same(['run', '--rm', ...NET, IMG, 'sh', '-c', 'ls /sys/class/net; ls /dev; cat /etc/hosts; wc -c < /etc/hostname']);
  });

  it('-d prints the ID and the container outlives the CLI; logs keeps stdout and stderr apart; --tail; wait; ps', async () => {
    await same(['run', '-d', ...NET, '--name', 'logger', IMG, 'sh', '-c', 'echo out1; echo err1 >&2; echo out2; printf partial'], { norm: ids });
    await same(['wait', 'logger']);
    const logs = await same(['logs', 'logger']);
    assert.equal(logs.stdout, 'out1\nout2\npartial');
    assert.equal(logs.stderr, 'err1\n');
    await same(['logs', '--tail', '1', 'logger']);
    // -t: RFC 3339 with nanoseconds in both (docker's clock has real nanoseconds, ours milliseconds).
    const t = await both(['logs', '-t', 'logger']);
    for (const r of [t.docker, t.ours]) assert.match(r.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out1\n\S+ out2\n\S+ partial$/);
    await same(['run', '-d', ...NET, '--name', 'sleeper', IMG, 'sleep', '1000'], { norm: ids });
    await same(['ps', '-a', '--format', '{{.Names}}|{{.Image}}|{{.Command}}|{{.State}}|{{.Status}}|{{.Ports}}'], { norm: since });
    await same(['rm', '-f', 'logger', 'sleeper']);
  });

  it('exec: output and exit status, -u/-w/-e, the exec user\'s HOME and groups, stdin, and the errors', async () => {
    await same(['run', '-d', ...NET, '--name', 'target', '-e', 'X=1', '-w', '/tmp', IMG, 'sleep', '1000'], { norm: ids });
    const five = await same(['exec', 'target', 'sh', '-c', 'echo $X $(pwd) $HOME; echo to-stderr >&2; exit 5']);
    assert.equal(five.status, 5);
    await same(['exec', '-u', 'nobody', '-w', '/', '-e', 'Y=2', 'target', 'sh', '-c', 'id; echo $HOME $X $Y $(pwd); grep Groups /proc/self/status']);
    await same(['exec', '-u', '4242:77', 'target', 'id']);
    await same(['exec', '-i', 'target', 'cat'], { input: 'into exec\n' });
    await same(['exec', '-d', 'target', 'sh', '-c', 'echo detached > /tmp/d']);
    await sleep(300);
    await same(['exec', 'target', 'cat', '/tmp/d']);
    // An exec that cannot start: the same message, which docker's CLI prints on stdout (its open
    // bug docker/cli#2025) and we on stderr. A missing command exits 127 for us and for current
    // docker (translateContainerdStartErr); dockerd 20.10 overwrites it with 126 for any exec start error.
    const startFailure = async (args: string[], ourStatus: number) => {
      const r = await both(['exec', ...args]);
      assert.equal(r.ours.stdout, '');
      assert.equal(errCore(r.ours.stderr), errCore(r.docker.stdout + r.docker.stderr));
      assert.ok([126, ourStatus].includes(r.docker.status), `docker exit ${r.docker.status}`);
      assert.equal(r.ours.status, ourStatus);
      return errCore(r.ours.stderr);
    };
    assert.match(await startFailure(['target', 'no-such-command'], 127), /^OCI runtime exec failed: exec failed: unable to start container process: exec: "no-such-command": executable file not found in \$PATH$/);
    assert.match(await startFailure(['target', '/etc/motd'], 126), /permission denied$/);
    assert.equal(await startFailure(['-u', 'ghost', 'target', 'true'], 126), 'unable to find user ghost: no matching entries in passwd file');
    await sameFailure(['exec', 'no-such-container', 'true'], 1);
    await same(['stop', '-t', '0', 'target']);
    await sameFailure(['exec', 'target', 'true'], 1);
    await same(['rm', 'target']);
  });

  it('stop: a TERM trap ends at once with 0; a process ignoring TERM is killed after -t 1 (137); sleep as PID 1 too', async () => {
    const trap = 'trap "echo bye; exit 0" TERM; while true; do sleep 0.1; done';
    const ignore = 'trap "" TERM; while true; do sleep 0.1; done';
    await same(['run', '-d', ...NET, '--name', 'polite', IMG, 'sh', '-c', trap], { norm: ids });
    await same(['run', '-d', ...NET, '--name', 'stubborn', IMG, 'sh', '-c', ignore], { norm: ids });
    await same(['run', '-d', ...NET, '--name', 'pid1', IMG, 'sleep', '1000'], { norm: ids });
    await sleep(500); // the traps are set
    const timed = async (args: string[]) => {
      const t0 = Date.now();
      const r = await dk(args);
      const tDocker = Date.now() - t0;
      const t1 = Date.now();
      const o = sv(args);
      const tOurs = Date.now() - t1;
      assert.deepEqual({ status: o.status, stdout: o.stdout, stderr: o.stderr }, { status: r.status, stdout: r.stdout, stderr: r.stderr });
      return { tDocker, tOurs };
    };
    const polite = await timed(['stop', '-t', '10', 'polite']);
    assert.ok(polite.tDocker < 5000 && polite.tOurs < 5000, `the trap ends it before the timeout: docker ${polite.tDocker} ms, ours ${polite.tOurs} ms`);
    for (const n of ['stubborn', 'pid1']) {
      const t = await timed(['stop', '-t', '1', n]);
      assert.ok(t.tDocker >= 1000 && t.tOurs >= 1000, `${n}: SIGKILL only after the timeout: docker ${t.tDocker} ms, ours ${t.tOurs} ms`);
    }
    const st = '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}} {{.State.Running}}';
    assert.equal((await inspect('polite', st)).ours, 'exited 0 false false\n');
    for (const n of ['polite', 'stubborn', 'pid1']) {
      const r = await inspect(n, st);
      assert.equal(r.ours, r.docker, n);
    }
    assert.equal((await inspect('stubborn', '{{.State.ExitCode}}')).ours, '137\n');
    await same(['logs', 'polite']);
    await same(['wait', 'polite', 'stubborn', 'pid1']);
    // Stopping a stopped container is not an error in either.
    await same(['stop', 'polite']);
    await sameFailure(['stop', 'no-such-container'], 1);
    await same(['rm', 'polite', 'stubborn', 'pid1']);
  });

  it('diff: the same A/C/D lines after the same changes (added nested dirs, changed and deleted files, a removed dir, a symlink, a chmod)', async () => {
    const script = [
      'mkdir -p /opt/a/b/c', 'echo x > /opt/a/b/c/f', 'echo y > /opt/a/top', 'echo more >> /etc/motd', 'rm /etc/group', 'rm /bin/vi',
      'touch /tmp/t', 'mkdir /var/new', 'ln -s /etc/passwd /var/new/link', 'chmod 600 /etc/passwd', 'rm -rf /var/www', 'mkdir -p /root/.cache', 'echo > /root/.cache/c',
    ].join(' && ');
    await same(['run', ...NET, '--name', 'changer', IMG, 'sh', '-c', script]);
    const { docker, ours } = await both(['diff', 'changer']);
    assert.equal(docker.status, 0, docker.stderr);
    // docker lists in the order it walks its overlay upper directory (readdir order); ours is sorted.
    const lines = (s: string) => s.split('\n').filter(Boolean).sort();
    assert.deepEqual(lines(ours.stdout), lines(docker.stdout));
    assert.ok(lines(ours.stdout).includes('A /opt/a/b/c/f') && lines(ours.stdout).includes('D /etc/group') && lines(ours.stdout).includes('C /etc/motd'));
    // A container that changed nothing has no diff in either (runtime mount points stay out).
    await same(['run', ...NET, '--name', 'idle', IMG, 'true']);
    assert.equal((await same(['diff', 'idle'])).stdout, '');
    await same(['rm', 'changer', 'idle']);
  });

  it('commit, then run the committed image: its files, -c ENV/CMD, -m, users and groups from its /etc files', async () => {
    const script = [
      'echo "app:x:1000:1000::/home/app:/bin/sh" >> /etc/passwd', 'echo "wheel:x:10:app,root" >> /etc/group', 'echo "audio:x:29:app" >> /etc/group',
      'echo "app:x:1000:" >> /etc/group', 'mkdir -p /srv/app', 'echo v2 > /srv/app/conf', 'rm /etc/motd',
    ].join(' && ');
    await same(['run', ...NET, '--name', 'source', '-w', '/srv', IMG, 'sh', '-c', script]);
    const { docker, ours } = await both(['commit', '-m', 'configured', '-c', 'ENV MODE=committed', '-c', 'CMD ["id"]', 'source', 'sbs/committed:1']);
    assert.match(docker.stdout, /^sha256:[0-9a-f]{64}\n$/);
    assert.match(ours.stdout, /^sha256:[0-9a-f]{64}\n$/);
    // The default command (CMD ["id"]) as root: root's membership of wheel, and its primary group.
    assert.equal((await same(['run', '--rm', ...NET, 'sbs/committed:1'])).stdout, 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    await same(['run', '--rm', ...NET, 'sbs/committed:1', 'sh', '-c', 'cat /srv/app/conf; echo $MODE $(pwd); test -e /etc/motd || echo motd-gone']);
    // Supplementary groups: the user's memberships, and only the named group when one is named.
    for (const user of ['app', '1000', 'app:wheel', 'root:audio', '1000:29']) await same(['run', '--rm', ...NET, '-u', user, 'sbs/committed:1', 'sh', '-c', 'id; grep Groups /proc/self/status; echo $HOME']);
    await same(['run', '-d', ...NET, '--name', 'groups', 'sbs/committed:1', 'sleep', '1000'], { norm: ids });
    for (const user of ['app', 'app:wheel', '1000:29', 'nobody']) await same(['exec', '-u', user, 'groups', 'sh', '-c', 'id; echo $HOME']);
    await same(['exec', 'groups', 'id']);
    await same(['rm', '-f', 'groups']);
    const img = await both(['image', 'inspect', '--format', '{{json .Config.Cmd}} {{json .Config.Env}} {{.Config.WorkingDir}} {{json .Config.Entrypoint}} {{.Comment}}', 'sbs/committed:1']);
    assert.equal(img.ours.stdout, img.docker.stdout);
    assert.equal(img.ours.stdout, '["id"] ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","MODE=committed"] /srv null configured\n');
    // The new layer holds the same bytes (sizes of file bodies and symlink targets), with the commit message.
    await same(['history', '--format', '{{.CreatedBy}}|{{.Comment}}|{{.Size}}', 'sbs/committed:1']);
    await same(['rm', 'source']);
    await same(['rmi', 'sbs/committed:1'], { norm: ids });
  });

  it('inspect: Config.Cmd/Env/WorkingDir/Entrypoint/User, State, Path and Args agree', async () => {
    const env = { FROM_CALLER: 'passed' };
    await same(['run', ...NET, '--name', 'inspected', '-e', 'A=1', '-e', 'FROM_CALLER', '-e', 'PATH=/bin', '-w', '/work', '-u', 'nobody', IMG, 'sh', '-c', 'exit 4'], { env });
    await same(['run', ...NET, '--name', 'plain', IMG, 'true']);
    await same(['run', ...NET, '--name', 'entry', '--entrypoint', 'sh', IMG, '-c', 'echo via entrypoint']);
    await same(['create', ...NET, '--name', 'fresh', IMG, 'echo', 'not started'], { norm: ids });
    const fields = '{{json .Config.Cmd}}|{{.Config.WorkingDir}}|{{json .Config.Entrypoint}}|{{.Config.User}}|{{.Config.Image}}|{{.State.Status}}|{{.State.ExitCode}}|{{.State.Running}}|{{.Path}}|{{json .Args}}|{{.Name}}|{{.RestartCount}}|{{.HostConfig.NetworkMode}}|{{json .HostConfig.RestartPolicy}}|{{.HostConfig.AutoRemove}}|{{.Image}}';
    for (const n of ['inspected', 'plain', 'entry', 'fresh']) {
      const r = await inspect(n, fields);
      assert.equal(r.ours, r.docker, n);
    }
    assert.equal((await inspect('inspected', '{{json .Args}} {{.State.ExitCode}}')).ours, '["-c","exit 4"] 4\n');
    // Env: the image's without -e, exactly. With -e, the same entries: docker's CLI hands them to
    // its daemon in an order that varies from run to run (so sorted here); ours keeps -e's order.
    const plainEnv = await inspect('plain', '{{json .Config.Env}}');
    assert.equal(plainEnv.ours, plainEnv.docker);
    const e = await inspect('inspected', '{{json .Config.Env}}');
    const sorted = (s: string) => (JSON.parse(s) as string[]).sort();
    assert.deepEqual(sorted(e.ours), sorted(e.docker));
    assert.deepEqual(sorted(e.ours), ['A=1', 'FROM_CALLER=passed', 'PATH=/bin']);
    // The container's hostname is its short ID in both.
    for (const n of ['inspected', 'fresh']) {
      const h = await both(['inspect', '--format', '{{.Id}} {{.Config.Hostname}}', n]);
      for (const r of [h.docker, h.ours]) {
        const [id, host] = r.stdout.trim().split(' ');
        assert.equal(host, id.slice(0, 12));
      }
    }
    await same(['rm', 'inspected', 'plain', 'entry', 'fresh']);
  });

  it('port: nothing published prints nothing; asking for an unpublished port is docker CLI\'s error; a mapping prints in docker\'s format', async () => {
    await same(['run', '-d', ...NET, '--name', 'noports', IMG, 'sleep', '1000'], { norm: ids });
    assert.equal((await same(['port', 'noports'])).stdout, '');
    assert.equal((await same(['port', 'noports', '80'])).stderr, "Error: No public port '80' published for noports\n");
    await same(['port', 'noports', '53/udp']);
    await same(['rm', '-f', 'noports']);
    // This dockerd has no bridge, so it cannot publish; ours can (slirp4netns). Ours prints what
    // docker's CLI prints for a mapping: `PRIVATE/PROTO -> HOSTIP:HOSTPORT` (net.JoinHostPort),
    // and the bare `HOSTIP:HOSTPORT` when asked for one port.
    if (!fs.existsSync('/usr/bin/slirp4netns')) return;
    const [tcp, udp] = [await freePort(), await freePort()];
    const run = sv(['run', '-d', '--name', 'published', '-p', `127.0.0.1:${tcp}:80`, '-p', `127.0.0.1:${udp}:53/udp`, IMG, 'sleep', '1000']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(sv(['port', 'published']).stdout.split('\n').filter(Boolean).sort(), [`53/udp -> 127.0.0.1:${udp}`, `80/tcp -> 127.0.0.1:${tcp}`]);
    assert.equal(sv(['port', 'published', '80']).stdout, `127.0.0.1:${tcp}\n`);
    assert.equal(sv(['port', 'published', '53/udp']).stdout, `127.0.0.1:${udp}\n`);
    sv(['rm', '-f', 'published']);
  });

  it('rmi of an image a container uses: docker\'s conflict message and exit code; it goes once the container does', async () => {
    await same(['create', ...NET, '--name', 'user', IMG, 'true'], { norm: ids });
    const r = await same(['rmi', IMG], { norm: ids });
    assert.equal(r.status, 1);
    assert.equal(ids(r.stderr), 'Error response from daemon: conflict: unable to remove repository reference "sbs/busybox:1" (must force) - container <short> is using its referenced image <short>\n');
    await same(['rm', 'user']);
    await same(['tag', IMG, 'sbs/busybox:keep']);
    await same(['rmi', IMG]);
    await same(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  });
});
