import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, withBusyboxRoot } from '../../support/containers';

/**
 * The CLI writes its output to fd 1 directly (cli/helpers.ts out(), without process.stdout's
 * stream set-up): everything arrives, in order, also when fd 1 is a non-blocking pipe that fills
 * up (the rest goes through process.stdout, which waits for the reader), and a reader that went
 * away ends the output quietly.
 */
describe('CLI output written to fd 1', function () {
  this.timeout(60_000);
  const helpers = path.resolve(__dirname, '../../../client/src/cli/helpers.js');
  // 1 MiB in 64 KiB pieces through out(), a line through process.stdout, then out() again.
  const writer = `const { out } = require(${JSON.stringify(helpers)});
    for (let i = 0; i < 16; i++) out(String.fromCharCode(97 + i).repeat(65536));
    process.stdout.write('|stream|');
    out('END\\n');`;
  const expected = Array.from({ length: 16 }, (_, i) => String.fromCharCode(97 + i).repeat(65536)).join('') + '|stream|END\n';

  // Python (Debian's, which has fcntl) holds the pipe: it makes the writer's end non-blocking
  // (and, with `pipeSize`, that small), runs `argv` on it, then runs `readerCode`.
  const piped = (argv: string[], readerCode: string, pipeSize?: number) => spawnSync('/usr/bin/python3', ['-c', `
import os, fcntl, subprocess, sys, time
r, w = os.pipe()
${pipeSize ? `fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, ${pipeSize})` : ''}
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
os.close(w)
${readerCode}
err = p.stderr.read()
sys.stderr.write('status %d\\n' % p.wait())
sys.stderr.write(err.decode())
`, ...argv], { maxBuffer: 8 << 20, encoding: 'latin1' });
  // Waits before reading, so the pipe fills, then reads all of it.
  const readAll = `time.sleep(0.5)
data = b''
while True:
    chunk = os.read(r, 1 << 16)
    if not chunk: break
    data += chunk
sys.stdout.write(data.decode())`;
  const py = (readerCode: string, code = writer) => piped([process.execPath, '-e', code], readerCode);

  it('a non-blocking pipe that fills up gets everything, in order', () => {
    const r = py(readAll);
    assert.match(r.stderr, /^status 0\n$/, r.stderr);
    assert.equal(r.stdout.length, expected.length);
    assert.ok(r.stdout === expected, 'the same bytes in the same order');
  });

  it('a reader that went away ends the output without an error', () => {
    // Only out(): process.stdout's own EPIPE is Node's (an 'error' event), as before.
    const r = py('os.close(r)', `const { out } = require(${JSON.stringify(helpers)});
      for (let i = 0; i < 16; i++) out('x'.repeat(65536));
      out('END\\n');`);
    assert.equal(r.stderr, 'status 0\n');
  });

  it('--version and --help go out through it too (commander\'s writeOut); help still lists every noun\'s commands', () => {
    const cli = CLI;
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `${JSON.parse(fs.readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8')).version}\n`);
    const help = spawnSync(process.execPath, [cli, '--version', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.equal(help.stdout, version.stdout, 'commander answers the first of the two, as before');
    const usage = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.equal(usage.status, 0, usage.stderr);
    for (const c of ['create', 'ps', 'images', 'build', 'volume', 'network', 'system']) assert.match(usage.stdout, new RegExp(`^  ${c}\\b`, 'm'), `help lists ${c}`);
  });

  it('the CLI, which ends with process.exit, waits for what went to process.stdout: a full non-blocking pipe still gets all of --help', () => {
    const whole = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
    assert.ok(whole.length > 4096, `help is longer than the pipe (${whole.length} bytes)`);
    // The pipe made one page (4 KiB), so --help fills it and the rest goes through process.stdout.
    const r = piped([process.execPath, CLI, '--help'], readAll, 4096);
    assert.equal(r.stderr, 'status 0\n');
    assert.equal(r.stdout, whole);
    // A reader that goes away while the rest waits for it: the CLI still ends quietly.
    const gone = piped([process.execPath, CLI, '--help'], 'time.sleep(0.5)\nos.close(r)', 4096);
    assert.equal(gone.stderr, 'status 0\n');
  });

  describe('container output written to process.stdout by the command itself', () => {
    let root: string;
    withBusyboxRoot('sv-cli-output-', (r) => (root = r));
    const big = "yes 0123456789abcdef | head -c 300000";

    it('an attached run and logs give all of 300 kB to a reader that takes it late (process.exit waits for the queue)', () => {
      const run = piped([process.execPath, CLI, '--data-root', root, 'run', '--name', 'big', '--network', 'none', 'busybox', 'sh', '-c', big], readAll);
      assert.equal(run.stderr, 'status 0\n');
      assert.equal(run.stdout.length, 300000, 'run');
      const logs = piped([process.execPath, CLI, '--data-root', root, 'logs', 'big'], readAll);
      assert.equal(logs.stderr, 'status 0\n');
      assert.equal(logs.stdout, run.stdout, 'logs');
    });
  });
});
