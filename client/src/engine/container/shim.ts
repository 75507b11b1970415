import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { EventJournal } from '../events';
import type { LogLine } from './api';
import { Frame, frame, FrameReader } from './frames';
import { rootfsLock, unmount } from '../snapshot/mount';
import { withLock } from '../fsutil';
import { netHook, stopSlirp } from './network';
import { bridged, cleared, helperEndpoints, helperPorts } from './endpoints';
import { ensureNetd, netdRequest } from '../network/infra';
import { NetworkStore } from '../network/store';
import { spawnWithTerminal } from './terminal';
import { runtimeMessage, Runtime, startFailureStatus } from './runtime';
import { ContainerRecord, ContainerStore } from './store';

/**
 * The per-container supervisor (Docker's containerd-shim, in Node): a detached process that
 * owns the runtime's `run` for one container, so the container outlives whoever started it
 * (the CLI with -d, a VS Code window). It
 *  - writes stdout/stderr to the json-file log (one JSON line per line, RFC 3339 nano times),
 *  - serves attach clients on a unix socket (frames, see frames.ts),
 *  - keeps State in config.v2.json (running, pid, exit code, times) and emits the events,
 *  - applies the restart policy and `--rm`.
 * Started as `node shim.js supervise <dataRoot> <id> [--attach-wait]`; reports "ok" or
 * "error <status> <message>" on fd 3 once the process started or failed.
 * The runtime's createRuntime hook is `node shim.js net-attach <dataRoot> <id>` (the container's
 * networks, through the network helper); a build step's is `net-hook <dir>` (its own slirp4netns).
 */

const nowIso = () => new Date().toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}000000Z`);

class LogWriter {
  private readonly fd: number;
  private partial: Record<'stdout' | 'stderr', Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  constructor(file: string) {
    this.fd = fs.openSync(file, 'a', 0o640);
  }

  write(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    let buf = this.partial[stream].length ? Buffer.concat([this.partial[stream], chunk]) : chunk;
    let nl: number;
    while ((nl = buf.indexOf(0x0a)) >= 0) {
      this.line(stream, buf.subarray(0, nl + 1));
      buf = buf.subarray(nl + 1);
    }
    // Docker splits lines longer than 16 KiB into several entries.
    while (buf.length >= 16384) {
      this.line(stream, buf.subarray(0, 16384));
      buf = buf.subarray(16384);
    }
    this.partial[stream] = Buffer.from(buf);
  }

  flush(): void {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s].length) this.line(s, this.partial[s]);
      this.partial[s] = Buffer.alloc(0);
    }
  }

  private line(stream: 'stdout' | 'stderr', data: Buffer): void {
    fs.writeSync(this.fd, JSON.stringify({ log: data.toString('utf8'), stream, time: nowIso() }) + '\n');
  }
}

/** Reads a json-file log (each line `{log, stream, time}`); skips a torn last line. */
export function parseLogLine(text: string): LogLine | undefined {
  try {
    const j = JSON.parse(text) as { log: string; stream: 'stdout' | 'stderr'; time: string };
    return { stream: j.stream, time: j.time, line: Buffer.from(j.log, 'utf8') };
  } catch {
    return undefined;
  }
}

function readyReport(msg: string): void {
  try {
    fs.writeSync(3, msg + '\n');
    fs.closeSync(3);
  } catch {
    // the starter is gone (or did not ask): nothing to report to
  }
}

/** `STEVEDORE_TRACE=1`: milestones with times since the supervisor started, into shim.log. */
const trace = process.env.STEVEDORE_TRACE ? (what: string) => process.stderr.write(`[${performance.now().toFixed(1)} ms] ${what}\n`) : () => undefined;

async function supervise(root: string, id: string, attachWait: boolean): Promise<void> {
  trace('supervise');
  const store = new ContainerStore(root);
  const events = new EventJournal(root);
  const dir = store.containerDir(id);
  let rec = (await store.read(id))!;
  const runtime = new Runtime(rec.Stevedore.runtime, root);
  const log = new LogWriter(rec.LogPath);
  const clients = new Set<net.Socket>();
  let child: ChildProcess | undefined;
  let stdinOpen = !!rec.Config.OpenStdin;
  const pendingStdin: Buffer[] = [];
  let pendingEnd = false;
  let firstClient: () => void = () => undefined;
  let startSize: TermSize | undefined;
  const gotClient = new Promise<void>((resolve) => (firstClient = resolve));

  // ---- attach server ----
  fs.mkdirSync(path.dirname(rec.Stevedore.attachSocket), { recursive: true, mode: 0o700 });
  fs.rmSync(rec.Stevedore.attachSocket, { force: true });
  const server = net.createServer((sock) => {
    clients.add(sock);
    sock.on('error', () => clients.delete(sock));
    sock.on('close', () => clients.delete(sock));
    const reader = new FrameReader((kind, payload) => {
      if (kind === Frame.Hello) {
        // The terminal size of the client the start waits for (docker's ConsoleSize): the first run's.
        if (!child && !startSize) startSize = helloSize(payload);
        firstClient();
      }
      else if (kind === Frame.Stdin && stdinOpen) {
        // Input that arrives before the process exists (a client piping a file) waits for it.
        if (child?.stdin) child.stdin.write(payload);
        else pendingStdin.push(Buffer.from(payload));
      } else if (kind === Frame.StdinEnd && stdinOpen) {
        stdinOpen = false;
        if (child?.stdin) child.stdin.end();
        else pendingEnd = true;
      }
    });
    sock.on('data', (d) => reader.push(d));
  });
  await new Promise<void>((resolve, reject) => server.listen(rec.Stevedore.attachSocket, resolve).once('error', reject));
  const broadcast = (kind: Frame, data: Buffer | string) => {
    const f = frame(kind, data);
    for (const c of clients) c.write(f);
  };

  trace('listening');
  rec = await store.update(id, (r) => ({ ...r, Stevedore: { ...r.Stevedore, shimPid: process.pid } }));
  trace('recorded pid');
  if (attachWait) await Promise.race([gotClient, new Promise((r) => setTimeout(r, 30_000))]);

  let first = true;
  let lastCode = 0;
  for (let attempt = 0; ; attempt++) {
    // A runtime state left from a previous run (a restart, a crash) must go first; usually there is none.
    await runtime.delete(id);
    if (bridged(rec)) await joinNetworkHelper(root, dir, rec.Stevedore.rootless);
    const pidFile = path.join(dir, 'init.pid');
    const runtimeLog = path.join(dir, 'runtime.log');
    fs.rmSync(pidFile, { force: true });
    fs.writeFileSync(runtimeLog, '');
    const runArgs = ['--root', runtime.stateDir, '--log', runtimeLog, '--log-format', 'json', 'run', '--bundle', path.join(dir, 'bundle'), '--pid-file', pidFile, id];
    // A TTY container's stdin stays a pipe even without -i: closing it would hang up the terminal.
    child = rec.Config.Tty
      ? spawnWithTerminal([runtime.binary, ...runArgs], {}, consoleSize(dir, startSize))
      : spawn(runtime.binary, runArgs, { stdio: [rec.Config.OpenStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    child.stdin?.on('error', () => undefined);
    if (child.stdin) {
      for (const b of pendingStdin.splice(0)) child.stdin.write(b);
      if (pendingEnd) child.stdin.end();
      // A restarted process gets a fresh stdin only while a client still holds it open (docker's StdinOnce).
      stdinOpen = !pendingEnd && !!rec.Config.OpenStdin;
    }
    // Until the pid file shows the process exists, output can only be the runtime's own (its
    // start error, which goes to the caller as the error, not into the container's log).
    let held: Array<['stdout' | 'stderr', Buffer]> | undefined = [];
    const emit = (stream: 'stdout' | 'stderr', d: Buffer) => {
      log.write(stream, d);
      broadcast(stream === 'stdout' ? Frame.Stdout : Frame.Stderr, d);
    };
    const release = (dropRuntimeErrors: boolean) => {
      const h = held ?? [];
      held = undefined;
      for (const [stream, d] of h) {
        const text = dropRuntimeErrors ? d.toString().split('\n').filter((l) => !/^(runc|crun)( run failed)?: |^time="/.test(l)).join('\n') : undefined;
        if (text === undefined) emit(stream, d);
        else if (text.trim()) emit(stream, Buffer.from(text));
      }
    };
    child.stdout!.on('data', (d: Buffer) => (held ? held.push(['stdout', d]) : emit('stdout', d)));
    child.stderr!.on('data', (d: Buffer) => (held ? held.push(['stderr', d]) : emit('stderr', d)));
    const exited = new Promise<number>((resolve) => child!.once('close', (code, sig) => resolve(code ?? 128 + (sig ? (require('os').constants.signals[sig] as number) : 0))));
    // The pid file appears once the process exists; a start failure exits without one.
    let pid = 0;
    const startedAt = nowIso();
    const pidWatch = (async () => {
      for (let i = 0; i < 2000 && !pid; i++) {
        try {
          pid = Number(fs.readFileSync(pidFile, 'utf8')) || 0;
        } catch {
          // not yet
        }
        if (!pid) await new Promise((r) => setTimeout(r, 5));
        if (child!.exitCode !== null || child!.signalCode !== null) break;
      }
    })();
    trace('spawned runtime');
    const raced = await Promise.race([pidWatch.then(() => 'pid' as const), exited.then(() => 'exit' as const)]);
    if (raced === 'exit') await pidWatch;
    const failure = pid ? '' : runtimeMessage(fs.readFileSync(runtimeLog, 'utf8'));
    if (failure) await exited; // all of the runtime's output is in
    if (failure) {
      release(true);
      const status = startFailureStatus(failure);
      const msg = failure.replace(/^runc run failed: /, '');
      // Not started: the mount start made goes (a failed start left it mounted, and a cp after it
      // then kept it). Not when the runtime has the container already: that is another start's.
      if (!/already exists/i.test(failure) && !rec.HostConfig.AutoRemove) await unmountRootfs(root, id, dir);
      await store.update(id, (r) => ({ ...r, State: { ...r.State, Status: first ? 'created' : 'exited', Running: false, Restarting: false, Pid: 0, ExitCode: status, Error: msg } }));
      events.emit('container.die', id, { exitCode: String(status), name: rec.Name.slice(1), image: rec.Config.Image });
      if (first) readyReport(`error ${status} ${msg}`);
      broadcast(Frame.Exit, String(status));
      lastCode = status;
      break;
    }
    rec = await store.update(id, (r) => ({
      ...r,
      State: { ...r.State, Status: 'running', Running: true, Paused: false, Restarting: false, Pid: pid, ExitCode: 0, Error: '', StartedAt: startedAt, FinishedAt: '0001-01-01T00:00:00Z' },
      RestartCount: first ? r.RestartCount : r.RestartCount + 1,
    }));
    // The process's first output goes out once the record says it runs: a client that saw output
    // and then inspects finds it running (it was released before the record was written).
    release(false);
    events.emit('container.start', id, { name: rec.Name.slice(1), image: rec.Config.Image });
    trace('running');
    if (first) readyReport('ok');
    broadcast(Frame.Started, String(pid));
    first = false;

    const code = await exited;
    trace('exited');
    log.flush();
    stopSlirp(dir);
    if (bridged(rec)) await netdRequest(root, { op: 'detach', id }).catch(() => undefined);
    // `run` in the foreground deletes its state when the process exits; only leftovers need it.
    await runtime.delete(id);
    lastCode = code;
    // Stopped for good: the root filesystem is unmounted (before the record says so, so that a
    // start right after mounts it afresh), as dockerd does; cp, diff, export and commit mount it
    // for their call, start mounts it again. A --rm container's removal unmounts it anyway.
    const latest = (await store.read(id)) ?? rec;
    if (!restarts(latest, code) && !latest.HostConfig.AutoRemove) await unmountRootfs(root, id, dir);
    rec = await store.update(id, (r) => ({ ...r, State: { ...r.State, Status: 'exited', Running: false, Paused: false, Pid: 0, ExitCode: code, FinishedAt: nowIso() } }));
    events.emit('container.die', id, { exitCode: String(code), name: rec.Name.slice(1), image: rec.Config.Image });
    if (!restarts(rec, code)) break;
    // Docker's back-off: 100 ms doubling per restart, reset after 10 s of running.
    await store.update(id, (r) => ({ ...r, State: { ...r.State, Status: 'restarting', Restarting: true } }));
    await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** Math.min(attempt, 9), 60_000)));
    const again = await store.read(id);
    if (!again || again.Stevedore.stopRequested) {
      if (again) await store.update(id, (r) => ({ ...r, State: { ...r.State, Status: 'exited', Restarting: false } }));
      break;
    }
    rec = again;
  }
  trace('recorded exit');
  broadcast(Frame.Exit, String(lastCode));
  for (const c of clients) c.end();
  server.close();
  fs.rmSync(rec.Stevedore.attachSocket, { force: true });
  if (bridged(rec)) await netdRequest(root, { op: 'detach', id }).catch(() => undefined);
  await store.update(id, (r) => ({ ...cleared(r), Stevedore: { ...cleared(r).Stevedore, shimPid: undefined } })).catch(() => undefined);
  if (rec.HostConfig.AutoRemove) {
    // Loaded only here: the image and snapshot stores are not needed on the supervisor's start path.
    const { removeContainerFiles } = require('./remove') as typeof import('./remove');
    await removeContainerFiles(root, id, { volumes: true }).catch((e) => fs.appendFileSync(path.join(root, 'containers', 'autoremove-errors.log'), `${id}: ${(e as Error).message}\n`));
  }
  events.dispose();
}

/** Whether the restart policy starts the container again after it exited with `code`. */
function restarts(rec: ContainerRecord, code: number): boolean {
  const policy = rec.HostConfig.RestartPolicy;
  return !rec.Stevedore.stopRequested && !rec.HostConfig.AutoRemove && (
    policy.Name === 'always' || policy.Name === 'unless-stopped' ||
    (policy.Name === 'on-failure' && code !== 0 && (!policy.MaximumRetryCount || rec.RestartCount < policy.MaximumRetryCount)));
}

type TermSize = { cols: number; rows: number };

function helloSize(payload: Buffer): TermSize | undefined {
  try {
    const size = (JSON.parse(payload.toString()) as { size?: TermSize }).size;
    return size && Number.isInteger(size.cols) && Number.isInteger(size.rows) && size.cols > 0 && size.rows > 0 && size.cols < 65536 && size.rows < 65536 ? size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A TTY container's terminal size from its first byte. `size` (the attached client's) goes into
 * the bundle's process.consoleSize, which the runtime's init sets on the container's pty before
 * it executes the process (moby's WithConsoleSize does the same from HostConfig.ConsoleSize);
 * without one, the size a previous attached start left there. The caller also sizes the
 * runtime's own terminal (script's) with it: runc copies that terminal's size onto the
 * container's after the start, which would otherwise put back 0x0.
 */
function consoleSize(dir: string, size: TermSize | undefined): TermSize | undefined {
  const file = path.join(dir, 'bundle', 'config.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { process: { consoleSize?: { width: number; height: number } } };
  const box = spec.process.consoleSize;
  if (!size) return box ? { cols: box.width, rows: box.height } : undefined;
  if (box?.width !== size.cols || box?.height !== size.rows) {
    spec.process.consoleSize = { width: size.cols, height: size.rows };
    fs.writeFileSync(file, JSON.stringify(spec, null, 2));
  }
  return size;
}

/**
 * Unmounts the root filesystem the bundle names (an overlay; a copied rootfs is no mount), under
 * the rootfs lock: a cp or export reading the running container's mount finishes first.
 */
async function unmountRootfs(root: string, id: string, dir: string): Promise<void> {
  try {
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'bundle', 'config.json'), 'utf8')) as { root?: { path?: string } };
    const target = spec.root?.path;
    if (target) await withLock(root, rootfsLock(id), () => unmount(target), { maxWaitMs: Infinity });
  } catch {
    // left mounted (busy from outside): remove or the next start deal with it
  }
}

/**
 * Before each run of a container on bridge networks: the network helper runs, and a rootless
 * container joins the helper's user namespace (its network namespace is then owned by that user
 * namespace, so the helper may move a veth end into it, as rootless Podman's containers share
 * its rootless user namespace). The path names the helper's pid, so it is set on every start.
 */
async function joinNetworkHelper(root: string, dir: string, rootless: boolean): Promise<void> {
  const pid = await ensureNetd(root);
  if (!rootless) return;
  const file = path.join(dir, 'bundle', 'config.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { linux: { namespaces: Array<{ type: string; path?: string }> } };
  for (const ns of spec.linux.namespaces) if (ns.type === 'user') ns.path = `/proc/${pid}/ns/user`;
  fs.writeFileSync(file, JSON.stringify(spec, null, 2));
}

/** The createRuntime hook of a container on bridge networks: the helper wires its endpoints and published ports in. */
async function netAttach(root: string, id: string): Promise<void> {
  const state = JSON.parse(fs.readFileSync(0, 'utf8')) as { pid: number };
  const rec = (await new ContainerStore(root).read(id))!;
  const nets = await new NetworkStore(root, new EventJournal(root)).all();
  const endpoints = helperEndpoints(rec, nets);
  const r = await netdRequest<{ inside: string[] }>(root, { op: 'attach', id, pid: state.pid, endpoints, ports: helperPorts(rec) });
  // Run by the createContainer hook inside the container's namespaces (see the spec).
  fs.writeFileSync(path.join(new ContainerStore(root).containerDir(id), 'net-inside.batch'), r.inside.join('\n') + '\n');
}

export async function shimMain(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'net-hook') {
      await netHook(rest[0]);
      return 0;
    }
    if (cmd === 'net-attach') {
      await netAttach(rest[0], rest[1]);
      return 0;
    }
    if (cmd === 'netd') {
      const { netdMain } = require('../network/netd') as typeof import('../network/netd');
      await netdMain(rest[0], rest[1]);
      return await new Promise<number>(() => undefined);
    }
    if (cmd === 'supervise') {
      await supervise(rest[0], rest[1], rest.includes('--attach-wait'));
      return 0;
    }
    process.stderr.write(`stevedore-shim: unknown command ${cmd}\n`);
    return 2;
  } catch (e) {
    process.stderr.write(`stevedore-shim: ${(e as Error).stack ?? e}\n`);
    readyReport(`error 125 ${(e as Error).message}`);
    return 1;
  }
}

// Bundled into dist/cli.js and dist/engine.js too (the service imports from here): run only as the shim.
if (require.main === module && path.basename(process.argv[1] ?? '') === 'shim.js') {
  shimMain(process.argv.slice(2)).then((code) => process.exit(code));
}

export type { ContainerRecord };
