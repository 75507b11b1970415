import * as assert from 'assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as tar from 'tar-stream';
import { makeBusyboxImage } from '../../support/images';
import { canRunContainers, CLI, cli, cliAsync, sleep, tempRoot, until } from '../../support/containers';
import { startRegistry } from '../../support/registry';

/**
 * The container commands end to end: the real CLI bundle, runc, the detached supervisor, real
 * busybox processes in their own namespaces. Each assertion is on what the user sees (output,
 * exit codes, files, connections), not on internals.
 */
describe('containers from the CLI (runc, real processes)', function () {
  this.timeout(120_000);
  let root: string;
  let cleanup: () => void;
  const sv = (...args: string[]) => cli(root, args);

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    ({ root, cleanup } = tempRoot('sv-ctr-'));
    await makeBusyboxImage(root, 'busybox:latest', { files: { 'var/www/index.html': 'hello from the container\n' } });
    await makeBusyboxImage(root, 'withvol:1', { files: { 'data/seed.txt': 'seeded by the image\n' } });
  });
  after(() => cleanup());

  it('run --rm prints the command output and exits with its status; the container is gone', () => {
    const r = sv('run', '--rm', 'busybox', 'sh', '-c', 'echo hello; echo oops >&2; exit 3');
    assert.equal(r.stdout, 'hello\n');
    assert.equal(r.stderr, 'oops\n');
    assert.equal(r.status, 3);
    assert.equal(sv('ps', '-a', '-q').stdout, '');
  });

  it("uses Docker's exit codes for a missing command (127), a non-executable one (126), a missing image (125), and a bad flag (125)", () => {
    const missing = sv('run', '--rm', 'busybox', 'no-such-command');
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /executable file not found in \$PATH/);
    const noImage = sv('run', '--rm', '--pull', 'never', 'nosuch:image', 'true');
    assert.equal(noImage.status, 125);
    assert.match(noImage.stderr, /No such image: nosuch:image/);
    const notExecutable = sv('run', '--rm', 'busybox', '/etc/passwd');
    assert.equal(notExecutable.status, 126);
    assert.match(notExecutable.stderr, /permission denied/);
    const badRestart = sv('run', '--restart', 'sometimes', 'busybox', 'true');
    assert.equal(badRestart.status, 125);
    assert.match(badRestart.stderr, /invalid restart policy/);
  });

  it('runs with the image config and the flags: env, workdir, user, hostname, entrypoint, stdin', () => {
    const r = sv('run', '--rm', '-e', 'GREETING=hi', '-w', '/srv/app', '-u', 'nobody', '--hostname', 'box', 'busybox', 'sh', '-c', 'echo $GREETING $(pwd) $(id -u):$(id -g) $(hostname) $HOME');
    assert.equal(r.stdout, 'hi /srv/app 65534:65534 box /nonexistent\n');
    const ep = sv('run', '--rm', '--entrypoint', 'echo', 'busybox', 'from', 'entrypoint');
    assert.equal(ep.stdout, 'from entrypoint\n');
    const stdin = cli(root, ['run', '--rm', '-i', 'busybox', 'sh', '-c', 'tr a-z A-Z 2>/dev/null || cat'], { input: 'piped in\n' });
    assert.match(stdin.stdout, /piped in|PIPED IN/);
    const unknownUser = sv('run', '--rm', '-u', 'ghost', 'busybox', 'true');
    assert.equal(unknownUser.status, 125);
    assert.match(unknownUser.stderr, /unable to find user ghost: no matching entries in passwd file/);
  });

  it('run and create pull an image they do not have, once; --pull never refuses it and --pull always pulls again', async () => {
    const reg = await startRegistry();
    const other = tempRoot('sv-ctr-pull-');
    try {
      const ref = `${reg.host}/t/busybox:1`;
      assert.equal(sv('tag', 'busybox', ref).status, 0);
      const pushed = sv('push', ref);
      assert.equal(pushed.status, 0, pushed.stderr);
      const there = (...args: string[]) => cli(other.root, args);
      const never = there('create', '--pull', 'never', '--network', 'none', ref, 'true');
      assert.equal(never.status, 125);
      assert.equal(never.stderr, `stevedore: Error response from daemon: No such image: ${ref}.\n`);
      const first = there('run', '--rm', '--network', 'none', ref, 'echo', 'pulled and ran');
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stdout.split('\n').filter((l) => l === 'pulled and ran').length, 1, first.stdout);
      assert.match(first.stderr, new RegExp(`^Unable to find image '${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' locally\n`));
      const again = there('create', '--network', 'none', ref, 'true');
      assert.equal(again.status, 0, again.stderr);
      assert.equal(again.stderr, '', 'the image is there now: no pull');
      const always = there('create', '--pull', 'always', '--network', 'none', ref, 'true');
      assert.equal(always.status, 0, always.stderr);
      const pulls = fs.readFileSync(path.join(other.root, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === 'image.pulled');
      assert.equal(pulls.length, 2, 'pulled by the first run and by --pull always, not by the plain create');
      assert.equal(there('ps', '-aq').stdout.trim().split('\n').length, 2);
    } finally {
      // The tests after this one count busybox's names (rmi busybox must conflict, not untag).
      sv('rmi', `${reg.host}/t/busybox:1`);
      await reg.stop();
      other.cleanup();
    }
  });

  it('-d keeps running after the CLI exits; ps, logs -f, exec, stop (SIGTERM honoured) and the exit code seen by a later process', async () => {
    const id = sv('run', '-d', '--name', 'counter', 'busybox', 'sh', '-c', 'trap "echo bye; exit 0" TERM; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done').stdout.trim();
    assert.match(id, /^[a-f0-9]{64}$/);
    // The CLI that started it has exited; the container runs on under its supervisor.
    await sleep(400);
    const ps = sv('ps', '--format', '{{.Names}} {{.State}}');
    assert.equal(ps.stdout, 'counter running\n');
    const follow = cliAsync(root, ['logs', '-f', 'counter']);
    const ex = sv('exec', 'counter', 'sh', '-c', 'echo exec sees $(cat /proc/1/cmdline | tr "\\0" " " | head -c 5)');
    const missing = sv('exec', 'counter', 'no-such-tool');
    assert.notEqual(missing.status, 0);
    assert.equal(missing.stderr.match(/executable file not found/g)?.length, 1, 'the runtime error is printed once');
    assert.equal(ex.stdout, 'exec sees sh -c\n');
    const t0 = Date.now();
    assert.equal(sv('stop', '-t', '5', 'counter').stdout, 'counter\n');
    assert.ok(Date.now() - t0 < 4000, 'the TERM trap ends it before the timeout');
    const logs = await follow;
    assert.equal(logs.status, 0);
    assert.match(logs.stdout, /^tick 1\ntick 2\n[\s\S]*bye\n$/);
    assert.equal(sv('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'counter').stdout, 'exited 0\n');
    assert.equal(sv('wait', 'counter').stdout, '0\n');
    sv('rm', 'counter');
  });

  it('stop sends SIGKILL after the timeout when the process ignores SIGTERM (exit 137)', () => {
    sv('run', '-d', '--name', 'stubborn', 'busybox', 'sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done');
    const t0 = Date.now();
    sv('stop', '-t', '1', 'stubborn');
    const took = Date.now() - t0;
    assert.ok(took >= 1000 && took < 8000, `stop took ${took} ms`);
    assert.equal(sv('inspect', '--format', '{{.State.ExitCode}}', 'stubborn').stdout, '137\n');
    sv('rm', 'stubborn');
  });

  it('pause freezes the processes and unpause resumes them; rm refuses a running container without -f', async () => {
    sv('run', '-d', '--name', 'frozen', 'busybox', 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i > /tmp/n; sleep 0.05; done');
    await sleep(300);
    assert.equal(sv('pause', 'frozen').status, 0);
    assert.equal(sv('ps', '--format', '{{.Status}}').stdout.trim().endsWith('(Paused)'), true);
    const read = () => sv('cp', 'frozen:/tmp/n', '-').stdout;
    const a = read();
    await sleep(400);
    assert.equal(read(), a, 'the counter does not move while paused');
    assert.equal(sv('exec', 'frozen', 'true').status, 1);
    sv('unpause', 'frozen');
    await sleep(400);
    assert.notEqual(read(), a, 'the counter moves again');
    const refused = sv('rm', 'frozen');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cannot remove container "\/frozen": container is running: stop the container before removing or force remove/);
    assert.equal(sv('rm', '-f', 'frozen').status, 0);
    assert.equal(sv('ps', '-a', '--filter', 'name=frozen', '-q').stdout, '');
  });

  it('a named volume keeps its data after the container is removed; an image VOLUME gets an anonymous volume seeded from the image', () => {
    assert.equal(sv('run', '--rm', '-v', 'keep:/data', 'busybox', 'sh', '-c', 'echo persisted > /data/f').status, 0);
    assert.equal(sv('run', '--rm', '-v', 'keep:/data', 'busybox', 'cat', '/data/f').stdout, 'persisted\n');
    assert.match(sv('volume', 'ls', '--format', '{{.Name}}').stdout, /^keep$/m);
    const inUse = cli(root, ['create', '--name', 'holder', '-v', 'keep:/data', 'busybox', 'true']);
    assert.equal(inUse.status, 0);
    const rmVol = sv('volume', 'rm', 'keep');
    assert.equal(rmVol.status, 1);
    assert.match(rmVol.stderr, /volume is in use/);
    sv('rm', 'holder');
    assert.equal(sv('volume', 'rm', 'keep').stdout, 'keep\n');
    // A fresh named volume mounted where the image has files starts with them (docker's copy-up).
    assert.equal(sv('run', '--rm', '-v', 'seeded:/data', 'withvol:1', 'cat', '/data/seed.txt').stdout, 'seeded by the image\n');
    // A bind mount, read-only.
    const host = fs.mkdtempSync(path.join(root, 'bind-'));
    fs.writeFileSync(path.join(host, 'in.txt'), 'from the host\n');
    const ro = sv('run', '--rm', '-v', `${host}:/mnt:ro`, 'busybox', 'sh', '-c', 'cat /mnt/in.txt; touch /mnt/new 2>/dev/null || echo read-only');
    assert.equal(ro.stdout, 'from the host\nread-only\n');
    const rw = sv('run', '--rm', '--mount', `type=bind,source=${host},target=/mnt`, 'busybox', 'sh', '-c', 'echo written > /mnt/out.txt');
    assert.equal(rw.status, 0);
    assert.equal(fs.readFileSync(path.join(host, 'out.txt'), 'utf8'), 'written\n');
  });

  it('anonymous volumes go with rm -v', () => {
    const id = sv('create', '-v', '/scratch', 'busybox', 'true').stdout.trim();
    const vol = JSON.parse(sv('inspect', id).stdout)[0].Mounts[0];
    assert.equal(vol.Type, 'volume');
    assert.ok(fs.existsSync(vol.Source));
    sv('rm', '-v', id);
    assert.equal(fs.existsSync(vol.Source), false);
    assert.doesNotMatch(sv('volume', 'ls', '-q').stdout, new RegExp(vol.Name));
  });

  it('-p publishes busybox httpd on 127.0.0.1; --network none has only loopback', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    sv('run', '-d', '--name', 'web', '-p', `127.0.0.1:${free}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/var/www');
    assert.equal(sv('port', 'web').stdout, `80/tcp -> 127.0.0.1:${free}\n`);
    const body = await until(() => new Promise<string | undefined>((resolve) => {
      http.get(`http://127.0.0.1:${free}/index.html`, (res) => {
        let b = '';
        res.on('data', (d) => (b += d));
        res.on('end', () => resolve(b));
      }).on('error', () => resolve(undefined));
    }), 10_000, 100);
    assert.equal(body, 'hello from the container\n');
    assert.match(sv('ps', '--format', '{{.Ports}}').stdout, new RegExp(`127.0.0.1:${free}->80/tcp`));
    sv('rm', '-f', 'web');
    const none = sv('run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'ls /sys/class/net');
    assert.equal(none.stdout.trim(), 'lo');
  });

  it('diff shows A/C/D lines; commit makes an image whose containers see the change; export lists the rootfs', async () => {
    sv('run', '--name', 'changer', 'busybox', 'sh', '-c', 'mkdir -p /opt/app && echo v2 > /opt/app/conf && rm /etc/group && echo x >> /etc/passwd');
    assert.deepEqual(sv('diff', 'changer').stdout.split('\n').filter(Boolean), ['C /etc', 'D /etc/group', 'C /etc/passwd', 'A /opt', 'A /opt/app', 'A /opt/app/conf']);
    const id = sv('commit', '-m', 'configured', '-c', 'ENV MODE=committed', 'changer', 'changed:1').stdout.trim();
    assert.match(id, /^sha256:[a-f0-9]{64}$/);
    assert.equal(sv('run', '--rm', 'changed:1', 'sh', '-c', 'cat /opt/app/conf; echo $MODE; test -e /etc/group || echo no-group').stdout, 'v2\ncommitted\nno-group\n');
    const hist = sv('history', '--format', '{{.Comment}}', 'changed:1').stdout.split('\n')[0];
    assert.equal(hist, 'configured');
    const out = path.join(root, 'export.tar');
    assert.equal(sv('export', '-o', out, 'changer').status, 0);
    const names: string[] = [];
    const ex = tar.extract();
    ex.on('entry', (h, s, next) => {
      names.push(h.name);
      s.resume();
      s.on('end', next);
    });
    await new Promise<void>((resolve, reject) => fs.createReadStream(out).pipe(ex).on('finish', () => resolve()).on('error', reject));
    for (const n of ['bin/busybox', 'opt/app/conf', 'etc/passwd']) assert.ok(names.includes(n), `${n} in the export`);
    assert.ok(!names.includes('etc/group'));
    // An image a container uses cannot be removed without -f (Docker's conflict message).
    const rmi = sv('rmi', 'changed:1');
    assert.equal(rmi.status, 0, 'no container uses changed:1');
    const used = sv('rmi', 'busybox');
    assert.equal(used.status, 1);
    assert.match(used.stderr, /conflict: unable to remove repository reference "busybox" \(must force\) - container [a-f0-9]{12} is using its referenced image/);
    sv('rm', 'changer');
  });

  it('cp copies both ways and cannot be tricked out of the rootfs by a symlink', () => {
    sv('create', '--name', 'files', 'busybox', 'true');
    const src = path.join(root, 'cp-src.txt');
    fs.writeFileSync(src, 'copied in\n');
    assert.equal(sv('cp', src, 'files:/tmp').status, 0);
    const back = path.join(root, 'cp-back.txt');
    assert.equal(sv('cp', 'files:/tmp/cp-src.txt', back).status, 0);
    assert.equal(fs.readFileSync(back, 'utf8'), 'copied in\n');
    // A symlink in the container pointing at the host's /etc resolves inside the rootfs.
    sv('start', '-a', 'files');
    const evil = sv('run', '--name', 'evil', 'busybox', 'sh', '-c', 'ln -s /etc /tmp/hostetc');
    assert.equal(evil.status, 0);
    const marker = `marker-${process.pid}`;
    fs.writeFileSync(path.join(root, marker), 'x');
    assert.equal(sv('cp', path.join(root, marker), 'evil:/tmp/hostetc').status, 0);
    assert.equal(fs.existsSync(path.join('/etc', marker)), false, 'nothing was written to the host /etc');
    assert.equal(sv('start', '-a', 'evil').status, 0);
    sv('rm', 'files', 'evil');
  });

  it('restart policy on-failure:2 restarts twice; a killed supervisor is reconciled as exited', async () => {
    sv('run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'echo run; exit 4');
    const done = await until(() => {
      const s = sv('inspect', '--format', '{{.State.Status}} {{.RestartCount}}', 'flaky').stdout.trim();
      return s === 'exited 2' ? s : undefined;
    }, 20_000, 100);
    assert.equal(done, 'exited 2');
    assert.equal(sv('logs', 'flaky').stdout, 'run\nrun\nrun\n');
    sv('rm', 'flaky');

    sv('run', '-d', '--name', 'orphan', 'busybox', 'sleep', '1000');
    const rec = JSON.parse(fs.readFileSync(path.join(root, 'containers', sv('inspect', '--format', '{{.Id}}', 'orphan').stdout.trim(), 'config.v2.json'), 'utf8'));
    process.kill(rec.Stevedore.shimPid, 'SIGKILL');
    await sleep(200);
    const after = sv('inspect', '--format', '{{.State.Status}} {{.State.Error}}', 'orphan').stdout;
    assert.match(after, /^exited the container supervisor exited unexpectedly/);
    sv('rm', 'orphan');
  });

  it('every state change is an event in the journal other processes follow', () => {
    const id = sv('run', '-d', 'busybox', 'sleep', '100').stdout.trim();
    sv('pause', id);
    sv('unpause', id);
    sv('rm', '-f', id);
    const events = fs.readFileSync(path.join(root, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.id === id).map((e) => e.type);
    for (const t of ['container.create', 'container.start', 'container.pause', 'container.unpause', 'container.die', 'container.destroy']) assert.ok(events.includes(t), `${t} in ${events}`);
    sv('volume', 'create', 'evented');
    sv('volume', 'rm', 'evented');
    const vol = fs.readFileSync(path.join(root, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.id === 'evented').map((e) => e.type);
    assert.deepEqual(vol, ['volume.create', 'volume.destroy']);
  });

  it('the CLI started with -d can exit while a concurrent `logs -f` in another process ends when the container does', async () => {
    const child = spawn(process.execPath, [CLI, '--data-root', root, 'run', '-d', '--name', 'short', 'busybox', 'sh', '-c', 'sleep 0.5; echo finished']);
    await new Promise((r) => child.on('close', r));
    const logs = await cliAsync(root, ['logs', '-f', '--timestamps', 'short']);
    assert.match(logs.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z finished\n$/);
    assert.equal(sv('wait', 'short').stdout, '0\n');
    sv('rm', 'short');
  });

  it('-it gives a real terminal: size from the caller and its changes, Ctrl-C interrupts the foreground job, exit code comes back', async () => {
    // `script` gives the CLI a terminal of its own, as a user's shell would.
    const child = spawn('script', ['-q', '-e', '-c', `stty rows 20 cols 60; exec ${process.execPath} ${CLI} --data-root ${root} run -it --rm --name tty busybox sh`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    // Two terminals in a row (the container's, then script's) each turn \\n into \\r\\n.
    child.stdout.on('data', (d) => (output += d));
    const type = async (text: string, waitFor: RegExp) => {
      child.stdin.write(text);
      const ok = await until(() => waitFor.test(output), 10_000, 20);
      assert.ok(ok, `waited for ${waitFor} after typing ${JSON.stringify(text)}; got ${JSON.stringify(output.slice(-300))}`);
    };
    await until(() => /# /.test(output), 10_000, 20);
    await type('echo $((6*7)); tty\r', /42\r*\n\/dev\/pts\/0\r*\n/);
    await type('stty size\r', /20 60\r*\n/);
    // Resize the CLI's terminal: it gets SIGWINCH and resizes the container's.
    const cliPid = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).find((p) => {
      try {
        const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return cmd.startsWith(process.execPath) && cmd.includes('--name\0tty');
      } catch {
        return false;
      }
    });
    assert.ok(cliPid, 'the CLI process');
    await new Promise<void>((resolve, reject) => spawn('stty', ['-F', `/proc/${cliPid}/fd/0`, 'rows', '33', 'cols', '77']).on('close', (c) => (c === 0 ? resolve() : reject(new Error(`stty ${c}`)))));
    // The CLI forwards SIGWINCH to the container's terminal asynchronously: ask until the new size
    // shows (on a loaded machine the first answer can still be the old one).
    let size = '';
    for (let i = 0; i < 40 && size !== '33 77'; i++) {
      const mark = output.length;
      child.stdin.write('stty size\r');
      assert.ok(await until(() => /\n(\d+ \d+)\r*\n/.test(output.slice(mark)), 10_000, 20), `stty size answered; got ${JSON.stringify(output.slice(-300))}`);
      size = /\n(\d+ \d+)\r*\n/.exec(output.slice(mark))![1];
      if (size !== '33 77') await sleep(250);
    }
    assert.equal(size, '33 77', 'the container\'s terminal took the new size');
    await type('sleep 30\r', /sleep 30\r*\n/);
    // As a person would: the shell needs a moment to leave line editing and start the job.
    await sleep(300);
    const t0 = Date.now();
    await type('\x03', /\^C/);
    await type('echo after-interrupt\r', /after-interrupt\r*\n[\s\S]*# /);
    assert.ok(Date.now() - t0 < 5000, 'Ctrl-C ended sleep 30');
    child.stdin.write('exit 9\r');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 9);
    assert.equal(sv('ps', '-a', '-q', '--filter', 'name=tty').stdout, '');
  });

  it('exec -it runs a shell on a terminal inside a running container; -t without a terminal on this side is refused like docker', async () => {
    sv('run', '-d', '--name', 'host1', 'busybox', 'sleep', '100');
    const child = spawn('script', ['-q', '-e', '-c', `stty rows 25 cols 90; exec ${process.execPath} ${CLI} --data-root ${root} exec -it host1 sh`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    await until(() => /# /.test(output), 10_000, 20);
    child.stdin.write('stty size; cat /proc/1/cmdline; echo\r');
    assert.ok(await until(() => /25 90\r*\nsleep.100/.test(output), 10_000, 20), output);
    child.stdin.write('\x04');
    assert.equal(await new Promise<number | null>((resolve) => child.on('close', resolve)), 0);
    const refused = cli(root, ['exec', '-it', 'host1', 'sh'], { input: '' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /the input device is not a TTY/);
    sv('rm', '-f', 'host1');
  });

  it('run -it, start -ai and exec -it: a process that reads its terminal size at once sees the caller\'s size (every time)', async () => {
    // The size must be on the container's pty before the process starts: a resize after the
    // start races with `stty size` run as the container's command. Several runs catch the race.
    const underPty = (args: string, rows: number, cols: number) => new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('script', ['-q', '-e', '-c', `stty rows ${rows} cols ${cols}; exec ${process.execPath} ${CLI} --data-root ${root} ${args}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.on('close', (code) => resolve({ code, output }));
    });
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const rows = 17 + i;
      const cols = 53 + i;
      const r = await underPty('run -it --rm busybox sh -c "stty size"', rows, cols);
      assert.equal(r.code, 0, r.output);
      seen.push(`${/(\d+ \d+)/.exec(r.output)?.[1]} (want ${rows} ${cols})`);
    }
    sv('create', '-it', '--name', 'sized', 'busybox', 'sh', '-c', 'stty size');
    for (let i = 0; i < 4; i++) {
      const r = await underPty('start -ai sized', 31 + i, 71 + i);
      assert.equal(r.code, 0, r.output);
      seen.push(`${/(\d+ \d+)/.exec(r.output)?.[1]} (want ${31 + i} ${71 + i})`);
    }
    sv('rm', 'sized');
    sv('run', '-d', '--name', 'sized-host', 'busybox', 'sleep', '100');
    for (let i = 0; i < 6; i++) {
      const r = await underPty('exec -it sized-host sh -c "stty size"', 41 + i, 91 + i);
      assert.equal(r.code, 0, r.output);
      seen.push(`${/(\d+ \d+)/.exec(r.output)?.[1]} (want ${41 + i} ${91 + i})`);
    }
    sv('rm', '-f', 'sized-host');
    assert.deepEqual(seen.filter((s) => !/^(\d+ \d+) \(want \1\)$/.test(s)), [], seen.join('\n'));
  });

  it('rename, top, attach, port with a random host port, and restart', async () => {
    sv('run', '-d', '--name', 'first-name', '-p', '80', 'busybox', 'sh', '-c', 'while true; do date +%s > /tmp/alive; sleep 0.2; done');
    assert.equal(sv('rename', 'first-name', 'second-name').status, 0);
    assert.equal(sv('inspect', '--format', '{{.Name}}', 'second-name').stdout, '/second-name\n');
    assert.equal(sv('inspect', 'first-name').status, 1);
    const top = sv('top', 'second-name').stdout.split('\n');
    assert.match(top[0], /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    assert.ok(top.some((l) => /sh -c while true/.test(l)), top.join('\n'));
    assert.ok(top.some((l) => /sleep 0\.2/.test(l)) || top.length >= 2);
    const port = sv('port', 'second-name', '80').stdout.trim();
    assert.match(port, /^0\.0\.0\.0:\d+$/);
    assert.notEqual(port, '0.0.0.0:0');
    const pid1 = sv('inspect', '--format', '{{.State.Pid}}', 'second-name').stdout;
    assert.equal(sv('restart', '-t', '1', 'second-name').status, 0);
    assert.equal(sv('inspect', '--format', '{{.State.Status}}', 'second-name').stdout, 'running\n');
    assert.notEqual(sv('inspect', '--format', '{{.State.Pid}}', 'second-name').stdout, pid1);
    sv('rm', '-f', 'second-name');
    // attach: a second process sees the output of a running container and its exit code.
    sv('run', '-d', '--name', 'talker', 'busybox', 'sh', '-c', 'sleep 0.5; echo said-after-attach; exit 5');
    const att = await cliAsync(root, ['attach', '--no-stdin', 'talker']);
    assert.equal(att.stdout, 'said-after-attach\n');
    assert.equal(att.status, 5);
    sv('rm', 'talker');
  });

  it('where no OCI runtime can be found, container commands say why and what to do, and images still work', () => {
    const env = { STEVEDORE_RUNTIME: '/nonexistent/runc' };
    const r = cli(root, ['run', '--rm', 'busybox', 'true'], { env });
    assert.equal(r.status, 125);
    assert.match(r.stderr, /containers cannot run on this host: the OCI runtime "\/nonexistent\/runc" \(\$STEVEDORE_RUNTIME\) was not found/);
    assert.equal(cli(root, ['images', '-q', 'busybox'], { env }).status, 0);
    assert.match(cli(root, ['images', 'busybox'], { env }).stdout, /busybox/);
  });

  it('ps filters by status, name and ancestor, shows sizes with -s, and prints JSON lines with --format json; exec -d runs in the background', async () => {
    const up = sv('run', '-d', '--name', 'flt-up', 'busybox', 'sh', '-c', 'dd if=/dev/zero of=/blob bs=1k count=100 2>/dev/null; sleep 100').stdout.trim();
    sv('create', '--name', 'flt-created', 'withvol:1', 'true');
    await sleep(300);
    const names = (...f: string[]) => sv('ps', '-a', ...f.flatMap((x) => ['--filter', x]), '--format', '{{.Names}}').stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(names('status=running'), ['flt-up']);
    assert.deepEqual(names('status=created'), ['flt-created']);
    assert.deepEqual(names('name=flt-'), ['flt-created', 'flt-up']);
    assert.deepEqual(names('ancestor=withvol:1'), ['flt-created']);
    assert.deepEqual(names('ancestor=busybox', 'name=flt'), ['flt-up']);
    const json = sv('ps', '--format', 'json', '--filter', 'name=flt-up').stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(json.length, 1);
    assert.equal(json[0].Names, 'flt-up');
    assert.equal(json[0].State, 'running');
    assert.equal(json[0].ID, up.slice(0, 12));
    const sized = sv('ps', '-s', '--filter', 'name=flt-up', '--format', '{{.Size}}').stdout.trim();
    assert.match(sized, /^10\d(\.\d)?kB \(virtual \d+(\.\d+)?MB\)$/, sized);
    // The background command waits for a file the test makes after exec -d has returned: a
    // foreground exec would never return (and time out), so no timing margin is involved.
    const bg = cli(root, ['exec', '-d', 'flt-up', 'sh', '-c', 'while [ ! -e /tmp/go ]; do sleep 0.05; done; echo later > /tmp/bg'], { timeout: 30_000 });
    assert.equal(bg.status, 0, `exec -d returned while its command still runs: ${bg.stderr}`);
    assert.equal(sv('exec', 'flt-up', 'cat', '/tmp/bg').status, 1, 'exec -d returned before the command finished');
    assert.equal(sv('exec', 'flt-up', 'touch', '/tmp/go').status, 0);
    await until(() => sv('exec', 'flt-up', 'cat', '/tmp/bg').stdout === 'later\n', 10_000, 100);
    assert.equal(sv('exec', 'flt-up', 'cat', '/tmp/bg').stdout, 'later\n');
    sv('rm', '-f', 'flt-up', 'flt-created');
  });

  it('system df counts containers (running ones active, stopped ones reclaimable) and volumes (in use = active)', async () => {
    // Other tests leave containers and volumes in this data root: compare before and after.
    const rows = () => {
      const out: Record<string, number[]> = {};
      for (const line of sv('system', 'df', '--format', 'json').stdout.split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { Type: string; TotalCount: string | number; Active: string | number };
        out[r.Type] = [Number(r.TotalCount), Number(r.Active)];
      }
      return out;
    };
    const before = rows();
    sv('run', '-d', '--name', 'df-run', '-v', 'df-vol:/data', 'busybox', 'sh', '-c', 'echo 12345 > /data/x; dd if=/dev/zero of=/f bs=1k count=50 2>/dev/null; sleep 100');
    sv('create', '--name', 'df-idle', 'busybox', 'true');
    await until(() => sv('exec', 'df-run', 'test', '-s', '/f').status === 0, 5000, 100);
    const after = rows();
    assert.deepEqual([after['Containers'][0] - before['Containers'][0], after['Containers'][1] - before['Containers'][1]], [2, 1]);
    assert.deepEqual([after['Local Volumes'][0] - before['Local Volumes'][0], after['Local Volumes'][1] - before['Local Volumes'][1]], [1, 1]);
    const text = sv('system', 'df').stdout;
    assert.match(text, /^Containers\s+\d+\s+\d+\s+\d+(\.\d+)?kB\s+/m, text);
    sv('rm', '-f', '-v', 'df-run', 'df-idle');
    sv('volume', 'rm', 'df-vol');
  });


  it("an image's VOLUME becomes an anonymous volume seeded from the image; rm -v removes it, rm alone keeps it", () => {
    const ctxDir = fs.mkdtempSync(path.join(root, 'volctx-'));
    fs.writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM withvol:1\nVOLUME /data\n');
    assert.equal(sv('build', '-q', '-t', 'declares-volume:1', ctxDir).status, 0);
    const keep = sv('run', '-d', 'declares-volume:1', 'cat', '/data/seed.txt').stdout.trim();
    assert.equal(sv('wait', keep).stdout, '0\n');
    assert.equal(sv('logs', keep).stdout, 'seeded by the image\n');
    const mount = JSON.parse(sv('inspect', keep).stdout)[0].Mounts[0];
    assert.equal(mount.Type, 'volume');
    assert.equal(mount.Destination, '/data');
    assert.match(mount.Name, /^[a-f0-9]{64}$/);
    sv('rm', keep);
    assert.ok(fs.existsSync(mount.Source), 'rm without -v keeps the anonymous volume, as docker does');
    const gone = sv('run', '-d', 'declares-volume:1', 'true').stdout.trim();
    sv('wait', gone);
    const m2 = JSON.parse(sv('inspect', gone).stdout)[0].Mounts[0];
    sv('rm', '-v', gone);
    assert.equal(fs.existsSync(m2.Source), false);
    assert.match(sv('volume', 'prune', '-f').stdout, new RegExp(mount.Name));
  });

  it('system prune (engine.system.prune): stopped containers, dangling images, with --volumes unused anonymous volumes; a running container, tagged images and named volumes stay', async () => {
    // A data root of its own: a prune there touches nothing the other tests made.
    const own = tempRoot('sv-sysprune-');
    const p = (...args: string[]) => cli(own.root, args);
    try {
      const dangling = await makeBusyboxImage(own.root, 'prune/victim:1', { files: { 'tmp/p': 'prune' } });
      await makeBusyboxImage(own.root, 'prune/victim:1', { files: { 'tmp/p': 'kept' } }); // the first loses its tag
      const stopped = p('create', '-v', '/data', 'prune/victim:1', 'true').stdout.trim();
      const anonymous = JSON.parse(p('inspect', stopped).stdout)[0].Mounts[0].Name;
      assert.equal(p('volume', 'create', 'prune-named').status, 0);
      const running = p('run', '-d', 'prune/victim:1', 'sleep', '60').stdout.trim();
      // Without -f it asks; no answer keeps everything.
      const asked = p('system', 'prune', '--volumes');
      assert.match(asked.stdout, /^WARNING! This will remove:\n {2}- all stopped containers\n {2}- all anonymous volumes not used by at least one container\n {2}- all dangling images\n/);
      assert.ok(JSON.parse(p('inspect', stopped).stdout)[0], 'nothing removed without a yes');
      const r = p('system', 'prune', '-f', '--volumes');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Deleted Containers:\n${stopped}\n\n`, 'm'));
      assert.match(r.stdout, new RegExp(`^Deleted Volumes:\n${anonymous}\n\n`, 'm'));
      assert.match(r.stdout, new RegExp(`^deleted: ${dangling.id}$`, 'm'));
      assert.match(r.stdout, /^Total reclaimed space: \d/m);
      assert.deepEqual(p('ps', '-a', '-q', '--no-trunc').stdout.split('\n').filter(Boolean), [running]);
      assert.deepEqual(p('volume', 'ls', '-q').stdout.split('\n').filter(Boolean), ['prune-named']);
      assert.equal(p('images', '-q', 'prune/victim:1').stdout.trim().length > 0, true);
      p('rm', '-f', running);
    } finally {
      own.cleanup();
    }
  });
});
