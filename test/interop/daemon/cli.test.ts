import * as assert from 'assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { canRunContainers, until } from '../../support/containers';
import { request, run, RunResult, SeededService, Service, startSeededService } from '../../support/daemon';
import { Registry } from '../../support/registry';
import { emptyTargetSymlink } from '../../unit/layer/helpers';

/**
 * `stevedore system service` as the daemon of the real docker CLIs: docker 28 (/usr/local/bin/docker,
 * API 1.50 negotiated down to 1.47) and Debian's docker.io 20.10 (/usr/bin/docker, API 1.41), with
 * DOCKER_HOST at the service's socket. One registry and one service for the file; the busybox
 * image is made in another data root and pushed to the registry, so the service's engine pulls it.
 */
const DOCKER28 = '/usr/local/bin/docker';
const DOCKER20 = '/usr/bin/docker';

describe('system service: the docker CLIs against the embedded engine', function () {
  this.timeout(300_000);
  let seeded: SeededService;
  let registry: Registry;
  let service: Service;
  let IMG: string;
  const docker = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; bin?: string; timeout?: number } = {}): Promise<RunResult> =>
    run(o.bin ?? DOCKER28, args, { host: service.host, ...o });
  const ok = async (args: string[], o: Parameters<typeof docker>[1] = {}): Promise<string> => {
    const r = await docker(args, o);
    assert.equal(r.status, 0, `docker ${args.join(' ')} -> ${r.status}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun (npm test installs runc)');
    seeded = await startSeededService('sv-daemon-');
    ({ registry, service, image: IMG } = seeded);
  });
  after(async () => { await seeded?.stop(); });

  it('negotiates: docker 28 downgrades to API 1.47, docker 20.10 uses 1.41, and both see the Stevedore server', async () => {
    const v28 = JSON.parse(await ok(['version', '--format', '{{json .}}']));
    assert.equal(v28.Client.ApiVersion, '1.47');
    assert.equal(v28.Server.ApiVersion, '1.47');
    assert.equal(v28.Server.MinAPIVersion, '1.24');
    assert.match(v28.Server.Platform.Name, /Stevedore/);
    const v20 = JSON.parse(await ok(['version', '--format', '{{json .}}'], { bin: DOCKER20 }));
    assert.equal(v20.Client.ApiVersion, '1.41');
    assert.match(v20.Server.Platform.Name, /Stevedore/);
    const info = JSON.parse(await ok(['info', '--format', '{{json .}}']));
    assert.equal(info.DockerRootDir, seeded.root);
    assert.equal(info.OSType, 'linux');
  });

  it('pulls from the registry with progress, and the image ID is the config digest skopeo reads from the registry', async () => {
    const out = await ok(['pull', IMG]);
    assert.match(out, /Pulling from busybox/);
    assert.match(out, /Digest: sha256:[0-9a-f]{64}/);
    assert.match(out, new RegExp(`Status: Downloaded newer image for ${IMG.replace(/[.]/g, '\\.')}`));
    const raw = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${IMG}`], { host: service.host });
    const configDigest = JSON.parse(raw.stdout).config.digest as string;
    assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', IMG])).trim(), configDigest);
    const rows = (await ok(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).trim().split('\n');
    assert.ok(rows.includes(`${IMG} ${configDigest.slice(7, 19)}`), rows.join('\n'));
    assert.match(await ok(['pull', IMG]), /Image is up to date/);
    // docker search REGISTRY/TERM: the engine's search (the registry's catalog here).
    assert.match(await ok(['search', '--format', '{{.Name}}', `${registry.host}/busy`]), /busybox/);
    assert.match(await ok(['history', IMG]), /IMAGE\s+CREATED/);
  });

  it('pull --all-tags announces each tag it pulls (TAG: Pulling from REPO), as dockerd does', async () => {
    const repo = `${registry.host}/alltags`;
    await ok(['pull', IMG]);
    for (const t of ['a', 'b']) {
      await ok(['tag', IMG, `${repo}:${t}`]);
      await ok(['push', `${repo}:${t}`]);
      await ok(['rmi', `${repo}:${t}`]);
    }
    try {
      const out = await ok(['pull', '--all-tags', repo]);
      assert.match(out, /^a: Pulling from alltags$/m);
      assert.match(out, /^b: Pulling from alltags$/m);
      for (const t of ['a', 'b']) assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', `${repo}:${t}`])).trim(), (await ok(['image', 'inspect', '--format', '{{.Id}}', IMG])).trim());
    } finally {
      // The later tests count on IMG having no other tag (rmi IMG of an image in use is a conflict).
      await docker(['rmi', `${repo}:a`, `${repo}:b`]);
    }
  });

  it('run --rm prints the output and exits with the container status; run -i feeds piped stdin to the container', async () => {
    assert.equal(await ok(['run', '--rm', IMG, 'echo', 'hello from stevedore']), 'hello from stevedore\n');
    const failed = await docker(['run', '--rm', IMG, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(failed.status, 3);
    assert.equal(failed.stdout, 'out\n');
    assert.equal(failed.stderr, 'err\n');
    assert.equal(await ok(['run', '--rm', '-i', IMG, 'sh', '-c', 'tr a-z A-Z'], { input: 'piped through\n' }), 'PIPED THROUGH\n');
    const readOnly = await docker(['run', '--rm', '--read-only', '--tmpfs', '/scratch', IMG, 'sh', '-c', 'touch /scratch/ok && echo tmpfs-writable; touch /nope']);
    assert.equal(readOnly.stdout, 'tmpfs-writable\n');
    assert.match(readOnly.stderr, /Read-only file system/);
    assert.notEqual(readOnly.status, 0);
    // --init: docker-init (tini) is PID 1 and runs the command as its child.
    const init = await ok(['run', '--rm', '--init', IMG, 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; echo pid=$$']);
    assert.match(init, /^\/sbin\/docker-init -- sh -c /);
    assert.doesNotMatch(init, /pid=1\n/);
    const missing = await docker(['run', '--rm', IMG, '/no/such/binary']);
    assert.equal(missing.status, 127, missing.stderr);
    assert.equal((await ok(['ps', '-a', '-q'])).trim(), '', 'run --rm left a container behind');
  });

  it('run -it under a pty: the container has a terminal and reads what is typed', async () => {
    const child = spawn('script', ['-qec', `${DOCKER28} run -it --rm ${IMG} sh -c 'tty; read line; echo "got:$line"; exit 4'`, '/dev/null'], {
      env: { ...process.env, DOCKER_HOST: service.host }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await until(() => out.includes('/dev/pts/'), 30_000);
    child.stdin.write('typed words\r');
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
    assert.match(out, /\/dev\/pts\/\d+/);
    assert.match(out, /got:typed words/);
    assert.equal(code, 4, out);
  });

  it('run -it: a command that reads its terminal size at once sees the caller\'s (HostConfig.ConsoleSize), every time', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [rows, cols] = [19 + i, 67 + i];
      const out = await new Promise<string>((resolve) => {
        const child = spawn('script', ['-qec', `stty rows ${rows} cols ${cols}; ${DOCKER28} run -it --rm ${IMG} sh -c 'stty size'`, '/dev/null'], {
          env: { ...process.env, DOCKER_HOST: service.host }, stdio: ['pipe', 'pipe', 'pipe'],
        });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.on('close', () => resolve(text));
      });
      // The line stty prints (a first run also shows the pull's progress before it).
      seen.push(`${/(?:^|\n)(\d+ \d+)\r*\n/.exec(out)?.[1] ?? JSON.stringify(out.slice(-200))} (want ${rows} ${cols})`);
    }
    assert.deepEqual(seen.filter((s) => !/^(\d+ \d+) \(want \1\)$/.test(s)), [], seen.join('\n'));
  });

  it('POST /build with a context holding a symlink with an empty target: 400 naming the entry, no 500 from symlink(2)', async () => {
    const context = await emptyTargetSymlink([{ name: 'Dockerfile', data: `FROM ${IMG}\n` }, { name: 'bad', type: 'symlink', linkname: 'BLANK' }]);
    const r = await request(service.socket, 'POST', '/v1.47/build?t=emptylink:1', context, { 'Content-Type': 'application/x-tar', 'Content-Length': String(context.length) });
    assert.equal(r.status, 400, r.body);
    assert.equal((JSON.parse(r.body) as { message: string }).message, 'invalid build context: "bad" is a symlink with an empty target');
    assert.notEqual((await docker(['image', 'inspect', 'emptylink:1'])).status, 0);
  });

  it('run -d -p publishes a port a request reaches; ps, port, top, exec (and exec -i), logs, stop, rm', async () => {
    const id = (await ok(['run', '-d', '--name', 'web', '-p', '127.0.0.1::80', IMG, 'sh', '-c', 'echo served > /www; httpd -f -p 80 -h / & echo started; echo warn >&2; wait'])).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const port = (await ok(['port', 'web', '80'])).trim();
    assert.match(port, /^127\.0\.0\.1:\d+$/);
    const body = await until(() => new Promise<string>((resolve) => {
      http.get(`http://${port}/www`, (res) => {
        let t = '';
        res.on('data', (d) => (t += d));
        res.on('end', () => resolve(t));
      }).on('error', () => resolve(''));
    }), 15_000, 100);
    assert.equal(body, 'served\n');
    const ps = await ok(['ps', '--format', '{{.Names}} {{.Status}} {{.Ports}}']);
    assert.match(ps, new RegExp(`^web Up .* 127\\.0\\.0\\.1:${port.split(':')[1]}->80/tcp$`, 'm'));
    assert.match(await ok(['top', 'web']), /httpd -f -p 80/);
    // stats: a reading where the engine gave the container a cgroup of its own, else the engine's reason (a 501).
    const stats = await docker(['stats', '--no-stream', '--format', '{{json .}}', 'web']);
    if (stats.status === 0) assert.equal(JSON.parse(stats.stdout).Name, 'web');
    else assert.match(stats.stderr, /Error response from daemon: stats need the container's own cgroup/);
    assert.equal(await ok(['exec', 'web', 'cat', '/www']), 'served\n');
    assert.equal((await docker(['exec', 'web', 'sh', '-c', 'exit 6'])).status, 6);
    assert.equal(await ok(['exec', '-i', 'web', 'sh', '-c', 'cat > /in; cat /in'], { input: 'to exec\n' }), 'to exec\n');
    // exec -it under a pty: the process has a terminal, and what is typed reaches it.
    const execTty = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', `${DOCKER28} exec -it web sh -c 'tty; read l; echo "read:$l"'`, '/dev/null'], { env: { ...process.env, DOCKER_HOST: service.host } });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (/\/dev\/pts\/\d+/.test(out)) child.stdin.write('typed\r');
      });
      child.on('close', () => resolve(out));
    });
    assert.match(execTty, /\/dev\/pts\/\d+/);
    assert.match(execTty, /read:typed/);
    // docker attach to the running container: its output from now on; detaching by killing the client leaves it running.
    const attach = spawn(DOCKER28, ['attach', '--no-stdin', 'web'], { env: { ...process.env, DOCKER_HOST: service.host } });
    let attached = '';
    attach.stdout.on('data', (d) => (attached += d));
    assert.ok(await until(() => /POST \/v1\.47\/containers\/web\/attach/.test(service.output()), 15_000), 'the attach request did not reach the service');
    await ok(['exec', 'web', 'sh', '-c', 'echo via-attach > /proc/1/fd/1']);
    await until(() => attached.includes('via-attach'), 15_000);
    attach.kill('SIGKILL');
    assert.match(attached, /via-attach/);
    const logs = await docker(['logs', 'web']);
    assert.equal(logs.stdout, 'started\nvia-attach\n');
    assert.equal(logs.stderr, 'warn\n');
    assert.equal(await ok(['stop', '-t', '1', 'web']), 'web\n');
    assert.match(await ok(['ps', '-a', '--filter', 'name=web', '--format', '{{.Status}}']), /^Exited/);
    assert.equal(await ok(['rm', 'web']), 'web\n');
  });

  it('--expose declares a port without publishing it; -P publishes every declared port on a free host port', async () => {
    await ok(['run', '-d', '--name', 'exposed', '--expose', '9000', IMG, 'sleep', '60']);
    await ok(['run', '-d', '--name', 'published', '-P', '--expose', '9001/udp', '--expose', '9002', IMG, 'sleep', '60']);
    try {
      assert.equal((await ok(['inspect', '--format', '{{json .Config.ExposedPorts}}', 'exposed'])).trim(), '{"9000/tcp":{}}');
      assert.equal(await ok(['port', 'exposed']), '');
      assert.match(await ok(['port', 'published', '9002']), /^0\.0\.0\.0:\d+\n/);
      assert.match(await ok(['port', 'published', '9001/udp']), /^0\.0\.0\.0:\d+\n/);
    } finally {
      await docker(['rm', '-f', 'exposed', 'published']);
    }
  });

  it('logs -f follows until the container exits; wait prints the exit code', async () => {
    await ok(['run', '-d', '--name', 'counter', IMG, 'sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done; exit 9']);
    const follow = await docker(['logs', '-f', 'counter'], { timeout: 30_000 });
    assert.equal(follow.stdout, 'line1\nline2\nline3\n');
    assert.equal(await ok(['wait', 'counter']), '9\n');
    assert.match(await ok(['logs', '-t', '--tail', '1', 'counter']), /^\d{4}-\d\d-\d\dT[\d:.]+Z line3\n$/);
    await ok(['rm', 'counter']);
  });

  it('cp copies into and out of a container, files and folders', async () => {
    await ok(['run', '-d', '--name', 'cpbox', IMG, 'sleep', '60']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-cp-'));
    try {
      fs.writeFileSync(path.join(dir, 'in.txt'), 'into the container\n');
      await ok(['cp', path.join(dir, 'in.txt'), 'cpbox:/tmp/']);
      await ok(['cp', path.join(dir, 'in.txt'), 'cpbox:/tmp/renamed.txt']);
      assert.equal(await ok(['exec', 'cpbox', 'cat', '/tmp/in.txt', '/tmp/renamed.txt']), 'into the container\ninto the container\n');
      await ok(['exec', 'cpbox', 'sh', '-c', 'mkdir -p /out/sub && echo a > /out/a && echo b > /out/sub/b']);
      await ok(['cp', 'cpbox:/out', path.join(dir, 'copied')]);
      assert.equal(fs.readFileSync(path.join(dir, 'copied', 'a'), 'utf8'), 'a\n');
      assert.equal(fs.readFileSync(path.join(dir, 'copied', 'sub', 'b'), 'utf8'), 'b\n');
      await ok(['cp', 'cpbox:/out/a', path.join(dir, 'a.txt')]);
      assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'a\n');
      const missing = await docker(['cp', 'cpbox:/nope', dir]);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /Could not find the file \/nope/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await docker(['rm', '-f', 'cpbox']);
    }
  });

  it('volumes: create, a container writes, another reads, ls, inspect, rm', async () => {
    assert.equal(await ok(['volume', 'create', 'data1']), 'data1\n');
    await ok(['run', '--rm', '-v', 'data1:/data', IMG, 'sh', '-c', 'echo kept > /data/f']);
    assert.equal(await ok(['run', '--rm', '-v', 'data1:/data', IMG, 'cat', '/data/f']), 'kept\n');
    assert.match(await ok(['volume', 'ls', '--format', '{{.Name}}']), /^data1$/m);
    assert.equal(JSON.parse(await ok(['volume', 'inspect', 'data1']))[0].Name, 'data1');
    assert.equal(await ok(['volume', 'rm', 'data1']), 'data1\n');
    const gone = await docker(['volume', 'inspect', 'data1']);
    assert.notEqual(gone.status, 0);
  });

  it('networks: create, ls, inspect; containers on a user network reach each other by name and alias; rm', async () => {
    assert.match(await ok(['network', 'create', 'appnet']), /^[0-9a-f]{64}\n$/);
    assert.match(await ok(['network', 'ls', '--format', '{{.Name}} {{.Driver}}']), /^appnet bridge$/m);
    await ok(['run', '-d', '--name', 'srv', '--network', 'appnet', '--network-alias', 'webalias', IMG, 'sh', '-c', 'echo named > /index.html; exec httpd -f -p 80 -h /']);
    try {
      const inspect = JSON.parse(await ok(['network', 'inspect', 'appnet']))[0];
      assert.equal(inspect.Name, 'appnet');
      assert.ok(Object.values(inspect.Containers as Record<string, { Name: string }>).some((c) => c.Name === 'srv'), JSON.stringify(inspect.Containers));
      const ip = (await ok(['inspect', '--format', '{{(index .NetworkSettings.Networks "appnet").IPAddress}}', 'srv'])).trim();
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
      for (const name of ['srv', 'webalias']) {
        const got = await ok(['run', '--rm', '--network', 'appnet', IMG, 'sh', '-c', `for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://${name}/index.html && exit 0; sleep 0.3; done; exit 1`]);
        assert.equal(got, 'named\n');
      }
      const busy = await docker(['network', 'rm', 'appnet']);
      assert.notEqual(busy.status, 0);
      assert.match(busy.stderr, /active endpoints|in use/);
    } finally {
      await docker(['rm', '-f', 'srv']);
    }
    assert.equal(await ok(['network', 'rm', 'appnet']), 'appnet\n');
    assert.match(await ok(['network', 'ls', '--format', '{{.Name}}']), /^bridge$/m);
  });

  it('DOCKER_BUILDKIT=0 docker build with the classic protocol, tag, push (skopeo sees the digest), save and load', async () => {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-build-'));
    try {
      fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMG}\nARG WORD=none\nCOPY greeting /greeting\nRUN echo "$WORD" >> /greeting\nCMD ["cat", "/greeting"]\n`);
      fs.writeFileSync(path.join(ctx, 'greeting'), 'hello\n');
      const built = await ok(['build', '--build-arg', 'WORD=built', '-t', 'built:1', ctx], { env: { DOCKER_BUILDKIT: '0' } });
      assert.match(built, /Step 1\/5 : FROM /);
      assert.match(built, /Successfully built [0-9a-f]{12}/);
      assert.match(built, /Successfully tagged built:1/);
      assert.equal(await ok(['run', '--rm', 'built:1']), 'hello\nbuilt\n');
      const failing = await docker(['build', '-t', 'broken:1', '-'], { env: { DOCKER_BUILDKIT: '0' }, input: `FROM ${IMG}\nRUN exit 12\n` });
      assert.notEqual(failing.status, 0);
      assert.equal((await docker(['image', 'inspect', 'broken:1'])).status, 1, 'a failed build left a tag');

      const target = `${registry.host}/built:1`;
      await ok(['tag', 'built:1', target]);
      const pushed = await ok(['push', target]);
      const digest = /1: digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(pushed)?.[1];
      assert.ok(digest, pushed);
      const seen = JSON.parse((await run('skopeo', ['inspect', '--tls-verify=false', `docker://${target}`], { host: service.host })).stdout);
      assert.equal(seen.Digest, digest);

      const tar = path.join(ctx, 'saved.tar');
      await ok(['save', '-o', tar, 'built:1']);
      const id = (await ok(['image', 'inspect', '--format', '{{.Id}}', 'built:1'])).trim();
      await ok(['rmi', 'built:1', target]);
      assert.equal((await docker(['image', 'inspect', 'built:1'])).status, 1);
      assert.match(await ok(['load', '-i', tar]), /Loaded image: built:1/);
      assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', 'built:1'])).trim(), id);
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });

  it('events streams what happens, filtered; system df counts images, containers and volumes', async () => {
    const events = spawn(DOCKER28, ['events', '--filter', 'container=evbox', '--format', '{{.Type}} {{.Action}}'], { env: { ...process.env, DOCKER_HOST: service.host } });
    let out = '';
    events.stdout.on('data', (d) => (out += d));
    // The stream is open once the CLI connected: a _ping and the events request are in the service's log.
    await until(() => /GET \/v1\.47\/events/.test(service.output()), 15_000);
    const startedAt = Date.now();
    await ok(['run', '--rm', '--name', 'evbox', IMG, 'true']);
    await until(() => out.includes('container destroy'), 15_000);
    events.kill();
    assert.deepEqual(out.trim().split('\n'), ['container create', 'container start', 'container die', 'container destroy']);
    // The same events again from the engine's history: --since before the run, --until now.
    const past = await ok(['events', '--since', String(Math.floor(startedAt / 1000) - 1), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'container=evbox', '--format', '{{.Action}}']);
    assert.deepEqual(past.trim().split('\n'), ['create', 'start', 'die', 'destroy']);
    // Image events carry dockerd's present-tense actions (the engine says tagged, untagged).
    const tagAt = Math.floor(Date.now() / 1000) - 1;
    await ok(['tag', IMG, 'evtag:1']);
    await ok(['rmi', 'evtag:1']);
    const images = await ok(['events', '--since', String(tagAt), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'type=image', '--filter', 'image=evtag:1', '--format', '{{.Action}}']);
    assert.deepEqual(images.trim().split('\n'), ['tag', 'untag']);
    const df = await ok(['system', 'df', '--format', '{{.Type}} {{.TotalCount}}']);
    assert.match(df, /^Images [1-9]\d*$/m);
    assert.match(df, /^Containers \d+$/m);
    assert.match(df, /^Local Volumes \d+$/m);
  });

  it('prune removes stopped containers and unused volumes; dangling images go with image prune', async () => {
    await ok(['run', '--name', 'stopped1', IMG, 'true']);
    await ok(['volume', 'create', 'unused1']);
    // A filter the engine cannot apply is refused, not dropped (dropping it would remove what it was meant to keep).
    const filtered = await docker(['container', 'prune', '-f', '--filter', 'label=keep=no']);
    assert.notEqual(filtered.status, 0);
    assert.match(filtered.stderr, /invalid filter 'label': container prune takes no filters here; nothing was removed/);
    const volFiltered = await docker(['volume', 'prune', '-a', '-f', '--filter', 'label=keep=no']);
    assert.match(volFiltered.stderr, /invalid filter 'label': volume prune takes only 'all' here/);
    assert.equal((await docker(['inspect', 'stopped1'])).status, 0);
    assert.equal((await docker(['volume', 'inspect', 'unused1'])).status, 0);
    const pruned = await ok(['container', 'prune', '-f']);
    assert.match(pruned, /Deleted Containers:\n[0-9a-f]{64}/);
    assert.equal((await docker(['inspect', 'stopped1'])).status, 1);
    assert.match(await ok(['volume', 'prune', '-a', '-f']), /unused1/);
    assert.match(await ok(['image', 'prune', '-f']), /Total reclaimed space/);
    assert.match(await ok(['builder', 'prune', '-f'], { env: { DOCKER_BUILDKIT: '0' } }), /Total reclaimed space/);
  });

  it('the messages users know: no such container/image, name conflicts, a running container, an image in use', async () => {
    const rm = await docker(['rm', 'nope']);
    assert.equal(rm.status, 1);
    assert.equal(rm.stderr.trim(), 'Error response from daemon: No such container: nope');
    const rmi = await docker(['rmi', 'nope:1']);
    assert.match(rmi.stderr, /No such image: nope:1/);
    const inspect = await docker(['inspect', 'nope']);
    assert.match(inspect.stderr, /No such object: nope/);
    await ok(['run', '-d', '--name', 'busy', IMG, 'sleep', '60']);
    const dup = await docker(['run', '-d', '--name', 'busy', IMG, 'true']);
    assert.equal(dup.status, 125);
    assert.match(dup.stderr, /Conflict\. The container name "\/busy" is already in use/);
    const running = await docker(['rm', 'busy']);
    assert.match(running.stderr, /container is running: stop the container before removing or force remove/);
    const inUse = await docker(['rmi', IMG]);
    assert.match(inUse.stderr, /conflict: unable to delete .* image is being used by .*container/);
    const started = await docker(['start', 'busy']);
    assert.equal(started.status, 0, 'start of a running container is a 304, not an error');
    await ok(['rm', '-f', 'busy']);
    const unknownImage = await docker(['run', '--rm', `${registry.host}/no-such-image:1`]);
    assert.equal(unknownImage.status, 125);
    assert.match(unknownImage.stderr, /Unable to find image/);
  });

  it('the Debian docker 20.10 CLI (API 1.41): pull, run with exit status and stdin, exec, logs apart, build, errors', async () => {
    const d20 = (args: string[], o: Parameters<typeof docker>[1] = {}) => docker(args, { ...o, bin: DOCKER20 });
    assert.equal((await d20(['pull', IMG])).status, 0);
    const r = await d20(['run', '--rm', IMG, 'sh', '-c', 'echo o; echo e >&2; exit 5']);
    assert.deepEqual([r.status, r.stdout, r.stderr], [5, 'o\n', 'e\n']);
    assert.equal((await d20(['run', '--rm', '-i', IMG, 'cat'], { input: 'stdin 20.10\n' })).stdout, 'stdin 20.10\n');
    assert.equal((await d20(['run', '-d', '--name', 'old', IMG, 'sh', '-c', 'echo a; echo b >&2; sleep 60'])).status, 0);
    assert.equal((await d20(['exec', 'old', 'echo', 'exec 20.10'])).stdout, 'exec 20.10\n');
    const logs = await until(async () => {
      const l = await d20(['logs', 'old']);
      return l.stdout && l.stderr ? l : undefined;
    });
    assert.deepEqual([logs?.stdout, logs?.stderr], ['a\n', 'b\n']);
    assert.equal((await d20(['rm', '-f', 'old'])).status, 0);
    const built = await d20(['build', '-t', 'old-built:1', '-'], { input: `FROM ${IMG}\nRUN echo twenty > /t\n` });
    assert.equal(built.status, 0, built.stderr);
    assert.equal((await d20(['run', '--rm', 'old-built:1', 'cat', '/t'])).stdout, 'twenty\n');
    assert.match((await d20(['rm', 'nope'])).stderr, /No such container: nope/);
  });

  it('the API itself: unknown endpoints, versions out of range, malformed JSON and huge bodies get dockerd\'s answers and the service keeps serving', async () => {
    const unknown = await request(service.socket, 'GET', '/v1.47/no/such/endpoint');
    assert.equal(unknown.status, 404);
    assert.deepEqual(JSON.parse(unknown.body), { message: 'page not found' });
    const tooNew = await request(service.socket, 'GET', '/v1.99/version');
    assert.equal(tooNew.status, 400);
    assert.match(JSON.parse(tooNew.body).message, /client version 1\.99 is too new\. Maximum supported API version is 1\.47/);
    const tooOld = await request(service.socket, 'GET', '/v1.12/version');
    assert.match(JSON.parse(tooOld.body).message, /too old\. Minimum supported API version is 1\.24/);
    const bad = await request(service.socket, 'POST', '/containers/create', '{"Image": ');
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).message, /invalid JSON/);
    const noImage = await request(service.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'nope:1', UnknownField: true }));
    assert.equal(noImage.status, 404);
    assert.match(JSON.parse(noImage.body).message, /No such image: nope:1/);
    const huge = await request(service.socket, 'POST', '/containers/create', JSON.stringify({ Image: IMG, Env: ['X=' + 'x'.repeat(20 * 1024 * 1024)] }));
    assert.equal(huge.status, 413);
    const ping = await request(service.socket, 'HEAD', '/_ping');
    assert.equal(ping.status, 200);
    assert.equal(ping.headers['api-version'], '1.47');
    assert.equal((await request(service.socket, 'GET', '/_ping')).body, 'OK');
  });
});
