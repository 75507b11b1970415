import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { canRunContainers, cli, CliResult, tempRoot } from '../../support/containers';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { makeBusyboxImage } from '../../support/images';

/**
 * The stevedore CLI with `--engine docker --host URL` against a real dockerd, next to the same
 * commands on the embedded engine: the same output and exit status for the subset docker mode
 * supports (images, tag/rmi, save/load, run/create/start/exec/logs/stop/rm, ps, volumes, build
 * (BuildKit by default; buildkit.test.ts covers the builders)), and a clear `unavailable` for what it does not (fsck, analyze).
 */

const IMG = 'clidock/busybox:1';

describe('CLI: --engine docker gives the same results as the embedded engine', function () {
  this.timeout(300_000);
  let dockerd: Dockerd;
  let root: string;
  let cleanup: () => void;

  const emb = (args: string[], input?: string): CliResult => cli(root, args, input !== undefined ? { input } : {});
  const dock = (args: string[], input?: string): CliResult => cli(root, ['--engine', 'docker', '--host', dockerd.host, ...args], input !== undefined ? { input } : {});
  const both = (args: string[], input?: string) => ({ embedded: emb(args, input), docker: dock(args, input) });
  const same = (args: string[], o: { input?: string; norm?: (s: string) => string } = {}): CliResult => {
    const { embedded, docker } = both(args, o.input);
    const n = o.norm ?? ((s: string) => s);
    const show = (r: CliResult) => ({ status: r.status, stdout: n(r.stdout), stderr: n(r.stderr) });
    assert.deepEqual(show(docker), show(embedded), `docker vs embedded: ${args.join(' ')}`);
    return docker;
  };

  before(async function () {
    assert.ok(canRunContainers(), 'these tests need root, Linux namespaces and runc or crun');
    ({ root, cleanup } = tempRoot('sv-clidock-'));
    dockerd = await startDockerd();
    await makeBusyboxImage(root, IMG);
    const tar = path.join(root, 'bb.tar');
    assert.equal(emb(['save', '-o', tar, IMG]).status, 0);
    // Loaded through the CLI in docker mode itself.
    const loaded = dock(['load', '-i', tar]);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.match(loaded.stdout, /Loaded image: clidock\/busybox:1/);
  });
  after(async () => {
    await dockerd?.stop();
    cleanup?.();
  });

  it('images, inspect, tag and rmi', () => {
    same(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}', IMG]);
    same(['image', 'inspect', '--format', '{{.Id}} {{json .Config.Cmd}}', IMG]);
    same(['tag', IMG, 'clidock/other:2']);
    same(['rmi', 'clidock/other:2']);
    const gone = both(['image', 'inspect', 'clidock/other:2']);
    assert.equal(gone.docker.status, 1);
    assert.equal(gone.embedded.status, 1);
  });

  it('run --rm: output, stderr, exit status; stdin with -i', () => {
    assert.equal(same(['run', '--rm', '--network', 'none', IMG, 'echo', 'hello']).stdout, 'hello\n');
    assert.equal(same(['run', '--rm', '--network', 'none', IMG, 'sh', '-c', 'echo out; echo err >&2; exit 3']).status, 3);
    assert.equal(same(['run', '-i', '--rm', '--network', 'none', IMG, 'cat'], { input: 'through stdin\n' }).stdout, 'through stdin\n');
  });

  it('run -d, exec, logs, ps, stop, rm', () => {
    const name = `clidock-${process.pid}`;
    const ids = (s: string) => s.replace(/\b[0-9a-f]{64}\b/g, '<id>');
    same(['run', '-d', '--network', 'none', '--name', name, IMG, 'sh', '-c', 'echo started; sleep 300'], { norm: ids });
    assert.equal(same(['exec', name, 'sh', '-c', 'echo $((40+2)); exit 7']).status, 7);
    const deadline = Date.now() + 5000;
    while (!dock(['logs', name]).stdout && Date.now() < deadline) { /* the first line may take a moment */ }
    same(['logs', name]);
    same(['ps', '--format', '{{.Names}} {{.State}}', '--filter', `name=${name}`]);
    // `inspect NAME` tries the kinds in turn: a container's name is no image, on either engine.
    assert.equal(same(['inspect', '--format', '{{.Name}} {{.State.Status}}', name]).stdout, `/${name} running\n`);
    same(['stop', '-t', '1', name]);
    same(['ps', '-a', '--format', '{{.Names}} {{.State}}', '--filter', `name=${name}`]);
    same(['rm', name]);
  });

  it('volumes: create, ls, rm', () => {
    same(['volume', 'create', 'clidock-vol']);
    assert.match(same(['volume', 'ls', '-q']).stdout, /^clidock-vol$/m);
    // `inspect NAME` tries containers, images, then volumes: a volume's name is no image on either engine.
    assert.equal(same(['inspect', '--format', '{{.Name}} {{.Driver}}', 'clidock-vol']).stdout, 'clidock-vol local\n');
    same(['volume', 'rm', 'clidock-vol']);
  });

  it('build: a Dockerfile with COPY and CMD builds (BuildKit in docker mode) and runs the same', () => {
    const ctx = path.join(root, 'ctx');
    fs.mkdirSync(ctx, { recursive: true });
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMG}\nCOPY greeting.txt /greeting.txt\nCMD ["cat", "/greeting.txt"]\n`);
    fs.writeFileSync(path.join(ctx, 'greeting.txt'), 'built here\n');
    fs.writeFileSync(path.join(ctx, 'ignored.txt'), 'not sent\n');
    fs.writeFileSync(path.join(ctx, '.dockerignore'), 'ignored.txt\n');
    for (const r of [emb(['build', '-q', '-t', 'clidock/built:1', ctx]), dock(['build', '-q', '-t', 'clidock/built:1', ctx])]) {
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout.trim(), /^sha256:[0-9a-f]{64}$/);
    }
    assert.equal(same(['run', '--rm', '--network', 'none', 'clidock/built:1']).stdout, 'built here\n');
    same(['run', '--rm', '--network', 'none', 'clidock/built:1', 'ls', '/ignored.txt'], { norm: (s) => s.replace(/^.*No such file or directory.*$/m, '<missing>') });
  });

  it('what docker mode does not support says so (unavailable), and an unknown engine is refused', () => {
    const fsck = dock(['system', 'fsck']);
    assert.notEqual(fsck.status, 0);
    assert.match(fsck.stderr, /not supported/);
    const analyze = dock(['image', 'analyze', IMG]);
    assert.notEqual(analyze.status, 0);
    assert.match(analyze.stderr, /not supported/);
    const bad = cli(root, ['--engine', 'podman', 'images']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /unknown engine "podman"/);
  });

  it("run with a missing or non-executable command: docker's 127 and 126, with the daemon's error", () => {
    const missing = both(['run', '--rm', '--network', 'none', IMG, 'no-such-command']);
    for (const [name, r] of Object.entries(missing)) {
      assert.equal(r.status, 127, `${name}: ${r.stderr}`);
      assert.match(r.stderr, /^stevedore: Error response from daemon: .*executable file not found/m, name);
    }
    const detached = dock(['run', '-d', '--network', 'none', IMG, 'no-such-command']);
    assert.equal(detached.status, 127, detached.stderr);
    // /etc/passwd exists but is not executable.
    const denied = both(['run', '--rm', '--network', 'none', IMG, '/etc/passwd']);
    for (const [name, r] of Object.entries(denied)) {
      assert.equal(r.status, 126, `${name}: ${r.stderr}`);
      assert.match(r.stderr, /permission denied/, name);
    }
    dock(['container', 'prune', '-f']);
    // `start` of a container whose command is missing: the daemon's error, then docker's "failed to start containers", exit 1.
    const bad = `clidock-bad-${process.pid}`;
    const made = both(['create', '--network', 'none', '--name', bad, IMG, 'no-such-command']);
    for (const [name, r] of Object.entries(made)) assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    for (const [name, r] of Object.entries(both(['start', bad]))) {
      assert.equal(r.status, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^Error response from daemon: .*executable file not found.*\\nError: failed to start containers: ${bad}\\n$`, 's'), name);
    }
    both(['rm', bad]);
  });

  it("an error thrown inside dist/docker.js prints as docker's 'Error response from daemon: ...', exit 1", () => {
    const r = same(['rmi', 'clidock/nothing:here']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error response from daemon: /);
    assert.doesNotMatch(r.stderr, /^stevedore: /);
    // Several names: the failing one is reported and the next one is still removed, exit 1.
    same(['tag', IMG, 'clidock/second:1']);
    const several = same(['rmi', 'clidock/nothing:here', 'clidock/second:1']);
    assert.equal(several.status, 1);
    assert.match(several.stdout, /^Untagged: clidock\/second:1$/m);
    assert.match(several.stderr, /^Error response from daemon: .*clidock\/nothing:here/m);
  });

  it('an unreachable daemon: the endpoint and what to do, exit status 1', () => {
    const r = cli(root, ['--engine', 'docker', '--host', `unix://${path.join(root, 'nothing.sock')}`, 'ps']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Cannot connect to the Docker daemon at unix:\/\/.*nothing\.sock/);
  });
});
