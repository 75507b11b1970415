import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { ContainerTerminal } from '../../client/src/ui/terminal';
import { makeBusyboxImage } from '../support/images';
import { api, containerNode, engine, imageNode, until } from './helpers';

const IMAGE = 'term/app:1';
const TICKING = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

/** Everything the terminal shows from now on (what onDidWrite fires), and a wait for a pattern in it. */
function recorder(pty: ContainerTerminal) {
  let seen = '';
  const d = pty.onDidWrite((s) => (seen += s));
  return {
    get text() { return seen; },
    wait: (re: RegExp, what: string, ms = 15_000) => until(`${what} (${re}) on the terminal; it showed ${JSON.stringify(seen.slice(-300))}`, () => re.test(seen), ms),
    dispose: () => d.dispose(),
  };
}

/** Types `line` + Enter like a user and waits for a line of output matching `re`. */
async function type(pty: ContainerTerminal, line: string, re: RegExp, what: string): Promise<string> {
  const out = recorder(pty);
  try {
    pty.handleInput(`${line}\r`);
    await out.wait(re, what);
    return out.text;
  } finally {
    out.dispose();
  }
}

/**
 * Resizes like VS Code does (setDimensions) and waits until `stty size` in the container reports
 * `rows cols` (the resize lands asynchronously). The workbench itself may lay the terminal out
 * meanwhile and call setDimensions with its own size, so each try sizes it again, as a user
 * dragging the panel would.
 */
async function resizeTo(pty: ContainerTerminal, rows: number, cols: number): Promise<void> {
  let last = '';
  try {
    await until(`stty size to report ${rows} ${cols}`, async () => {
      pty.setDimensions({ columns: cols, rows });
      // After a resize busybox's line editor redraws and asks the terminal for the cursor
      // position (ESC[6n); the workbench's answer can arrive while the test types and swallow
      // the line. So each try waits briefly and, on silence, tries again with a fresh line.
      const out = recorder(pty);
      try {
        pty.handleInput('busybox stty size\r');
        await out.wait(/^\d+ \d+\r?$/m, 'the size', 4000);
      } catch {
        pty.handleInput('\x03');
        return false;
      } finally {
        out.dispose();
      }
      last = /^(\d+ \d+)\r?$/m.exec(out.text)?.[1] ?? '';
      return last === `${rows} ${cols}`;
    }, 30_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}; it reported ${last}; the Pseudoterminal has ${pty.rows}x${pty.cols}`);
  }
}

/** The VS Code terminal closed (the Pseudoterminal fired onDidClose) with this exit code. */
async function closedWith(pty: ContainerTerminal, code: number): Promise<void> {
  assert.equal(await pty.exited, code);
  await until('the terminal to close', () => !vscode.window.terminals.includes(pty.terminal!));
  assert.equal(pty.terminal!.exitStatus?.code, code);
  assert.match(pty.text, new RegExp(`exited with code ${code}`));
}

describe('terminals: Attach Shell and Run Interactive (Pseudoterminals on TTY containers)', function () {
  this.timeout(120_000);
  const made: string[] = [];

  before(async function () {
    const caps = await (await (await api()).engineHost.get()).capabilities();
    if (!caps.containers.supported) {
      console.log(`containers cannot run here: ${caps.containers.reason}`);
      this.skip();
    }
    await makeBusyboxImage((await engine()).location, IMAGE);
  });

  after(async () => {
    const e = await engine().catch(() => undefined);
    for (const id of made) await e?.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
  });

  it('Attach Shell on a running container: a shell in a VS Code terminal; keystrokes in, output out, resize, Ctrl-C, exit code', async () => {
    const e = await engine();
    const { Id } = await e.containers.create({ image: IMAGE, name: 'shell-target', cmd: TICKING });
    made.push(Id);
    await e.containers.start(Id);
    const pty = await vscode.commands.executeCommand<ContainerTerminal>('stevedore.containers.attachShell', await containerNode('shell-target'));
    assert.ok(pty, 'the command returns the Pseudoterminal');
    assert.ok(vscode.window.terminals.includes(pty.terminal!), 'a VS Code terminal is open');
    assert.equal(pty.terminal!.name, 'Shell: shell-target');

    const out = await type(pty, 'echo $((6*7))', /^42\r?$/m, 'the arithmetic');
    assert.ok(out.includes('echo $((6*7))'), 'the container\'s terminal echoes the typed line');
    // It is a shell in that container (its hostname is the container's short ID).
    await type(pty, 'hostname', new RegExp(`^${Id.slice(0, 12)}\\r?$`, 'm'), 'the container\'s hostname');

    await resizeTo(pty, 31, 101);
    await resizeTo(pty, 19, 77);

    // Ctrl-C travels as a byte: the container's terminal interrupts the foreground command, the shell stays.
    const rec = recorder(pty);
    pty.handleInput('sleep 60; echo not-interrupted\r');
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    pty.handleInput('\x03');
    await type(pty, 'echo after-interrupt', /^after-interrupt\r?$/m, 'the shell after Ctrl-C');
    assert.ok(Date.now() - t0 < 10_000, 'the sleep was interrupted');
    assert.ok(!/^not-interrupted/m.test(rec.text));
    rec.dispose();

    pty.handleInput('exit 3\r');
    await closedWith(pty, 3);
    assert.equal((await e.containers.inspect(Id)).State.Running, true, 'the container keeps running after its shell exits');
  });

  it('Attach Shell prefers bash when the container has it', async () => {
    const e = await engine();
    const { Id } = await e.containers.create({ image: IMAGE, name: 'shell-bash', cmd: TICKING });
    made.push(Id);
    await e.containers.start(Id);
    // A "bash" that says so: the shell picks it from PATH.
    await e.containers.exec(Id, { cmd: ['sh', '-c', 'printf "#!/bin/sh\\nexport IS_BASH=yes\\nexec sh \\"\\$@\\"\\n" > /bin/bash && chmod +x /bin/bash'] });
    const pty = await vscode.commands.executeCommand<ContainerTerminal>('stevedore.containers.attachShell', await containerNode('shell-bash'));
    await type(pty, 'echo bash=$IS_BASH', /^bash=yes\r?$/m, 'the bash marker');
    pty.handleInput('\x04');
    await closedWith(pty, 0);
  });

  it('Attach Shell with a shell the container lacks: the terminal shows the runtime\'s error and closes on a key', async () => {
    const e = await engine();
    const { Id } = await e.containers.create({ image: IMAGE, name: 'shell-missing', cmd: TICKING });
    made.push(Id);
    await e.containers.start(Id);
    const pty = await vscode.commands.executeCommand<ContainerTerminal>('stevedore.containers.attachShell', await containerNode('shell-missing'), ['/no/such/shell']);
    assert.equal(await pty.exited, 127);
    assert.match(pty.text, /\/no\/such\/shell/);
    assert.match(pty.text, /press any key/);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(vscode.window.terminals.includes(pty.terminal!), 'the terminal stays open so the error can be read');
    pty.handleInput('x');
    await until('the terminal to close', () => !vscode.window.terminals.includes(pty.terminal!));
    assert.equal(pty.terminal!.exitStatus?.code, 127);
  });

  it('Attach Shell on a stopped container says so and opens no terminal', async () => {
    const e = await engine();
    const { Id } = await e.containers.create({ image: IMAGE, name: 'shell-stopped', cmd: ['true'] });
    made.push(Id);
    const before = vscode.window.terminals.length;
    const pty = await vscode.commands.executeCommand<ContainerTerminal | undefined>('stevedore.containers.attachShell', Id);
    assert.equal(pty, undefined);
    assert.equal(vscode.window.terminals.length, before);
  });

  it('Run Interactive on an image: a TTY container started attached in a terminal, removed when it exits (Ctrl-D)', async () => {
    const e = await engine();
    const pty = await vscode.commands.executeCommand<ContainerTerminal>('stevedore.images.runInteractive', await imageNode('term/app', '1'), '');
    assert.ok(pty?.containerId, 'the command returns the Pseudoterminal of the new container');
    const id = pty.containerId;
    made.push(id);
    assert.ok(vscode.window.terminals.includes(pty.terminal!));
    assert.equal(pty.terminal!.name, 'Run: term/app:1');
    const info = await e.containers.inspect(id);
    assert.equal(info.Config.Tty, true);
    assert.equal(info.Config.OpenStdin, true);
    assert.equal(info.HostConfig.AutoRemove, true);
    assert.deepEqual(info.Config.Cmd, ['sh'], 'an empty command keeps the image\'s CMD');

    await type(pty, 'echo $((6*7))', /^42\r?$/m, 'the arithmetic');
    assert.equal((await e.containers.inspect(id)).State.Running, true);
    await resizeTo(pty, 27, 93);

    pty.handleInput('\x04');
    await closedWith(pty, 0);
    await until('the container to be removed (--rm)', async () => !(await e.containers.list({ all: true })).some((c) => c.Id === id));
  });

  it('Run Interactive with a command: its exit code closes the terminal; closing the terminal first removes the container', async () => {
    const e = await engine();
    const pty = await vscode.commands.executeCommand<ContainerTerminal>('stevedore.images.runInteractive', IMAGE, 'sh -c "read x; exit $x"');
    made.push(pty.containerId!);
    await until('the container to run', async () => (await e.containers.inspect(pty.containerId!)).State.Running);
    pty.handleInput('5\r');
    await closedWith(pty, 5);
    await until('the container to be removed', async () => !(await e.containers.list({ all: true })).some((c) => c.Id === pty.containerId));

    const long = await vscode.commands.executeCommand<ContainerTerminal>('stevedore.images.runInteractive', IMAGE, 'sleep 300');
    made.push(long.containerId!);
    await until('the container to run', async () => (await e.containers.inspect(long.containerId!)).State.Running);
    long.terminal!.dispose();
    await until('the container to be removed after its terminal closed', async () => !(await e.containers.list({ all: true })).some((c) => c.Id === long.containerId), 20_000);
  });
});
