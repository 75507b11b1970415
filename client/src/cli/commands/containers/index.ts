import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable } from 'stream';
import * as tar from 'tar-stream';
import type { Engine } from '../../../engine/engine';
import type { ContainerSummary, CreateContainerOptions, TerminalSize } from '../../../engine/container/api';
import { parseLabels, parseMount } from '../../../core/flags';
import { applyLayer } from '../../../engine/layer/apply';
import { treeAdditions, writeLayerTar } from '../../../engine/layer/diff';
import { EngineError, isEngineError } from '../../../core/errors';
import { humanSize, createdSince } from '../../../core/format';
import { ExitError, collect, eachArg, group, openEngine, out, parseFilters, printInspected, renderTemplate, table } from '../../helpers';

/**
 * Container commands with docker's words, flags, output and exit codes: run, create, start,
 * stop, restart, kill, pause, unpause, rm, container prune, ps, logs, exec, attach, wait,
 * rename, top, port, diff, cp, export, commit; `container <verb>` aliases for each.
 */


const shortId = (id: string) => id.slice(0, 12);

/**
 * The exit status docker gives a container that could not start (125, 126, 127), when `e` is such
 * a failure: the embedded ContainerStartError and the Docker engine's DockerStartError both carry
 * it. Read by shape: the Docker engine's errors are another bundle's classes.
 */
function startStatus(e: unknown): number | undefined {
  const status = isEngineError(e) ? (e as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

function engineFailure(e: unknown, fallback = 125): never {
  if (isEngineError(e)) throw new ExitError(startStatus(e) ?? fallback, `stevedore: Error response from daemon: ${e.message}.`);
  throw e;
}

interface CreateFlags {
  name?: string;
  env: string[];
  envFile: string[];
  workdir?: string;
  user?: string;
  entrypoint?: string;
  volume: string[];
  mount: string[];
  publish: string[];
  network?: string;
  networkAlias: string[];
  ip?: string;
  hostname?: string;
  restart?: string;
  rm?: boolean;
  interactive?: boolean;
  tty?: boolean;
  label: string[];
  pull?: string;
  stopSignal?: string;
  stopTimeout?: string;
  detach?: boolean;
}

function createOptions(cmd: Command): Command {
  return cmd
    .helpOption('--help', 'Print usage')
    .option('--name <string>', 'Assign a name to the container')
    .option('-e, --env <list>', 'Set environment variables', collect, [])
    .option('--env-file <list>', 'Read in a file of environment variables', collect, [])
    .option('-w, --workdir <string>', 'Working directory inside the container')
    .option('-u, --user <string>', 'Username or UID (format: <name|uid>[:<group|gid>])')
    .option('--entrypoint <string>', 'Overwrite the default ENTRYPOINT of the image')
    .option('-v, --volume <list>', 'Bind mount a volume', collect, [])
    .option('--mount <mount>', 'Attach a filesystem mount to the container', collect, [])
    .option('-p, --publish <list>', "Publish a container's port(s) to the host", collect, [])
    .option('--network <network>', 'Connect a container to a network')
    .option('--network-alias <list>', 'Add network-scoped alias for the container', collect, [])
    .option('--ip <string>', 'IPv4 address (e.g., 172.30.100.104)')
    .option('-h, --hostname <string>', 'Container host name')
    .option('--restart <string>', 'Restart policy to apply when a container exits', 'no')
    .option('--rm', 'Automatically remove the container when it exits')
    .option('-i, --interactive', 'Keep STDIN open even if not attached')
    .option('-t, --tty', 'Allocate a pseudo-TTY')
    .option('-l, --label <list>', 'Set meta data on a container', collect, [])
    .option('--pull <string>', 'Pull image before running ("always", "missing", "never")', 'missing')
    .option('--stop-signal <string>', 'Signal to stop the container')
    .option('--stop-timeout <int>', 'Timeout (in seconds) to stop a container')
    .argument('<image>')
    .argument('[command...]')
    .passThroughOptions();
}

/** `--env-file`: KEY=value lines, `#` comments, bare KEY taken from the environment (docker's rules). */
function readEnvFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ExitError(125, `stevedore: open ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}.`);
  }
  return text.split(/\r?\n/).map((l) => l.replace(/^\s+/, '')).filter((l) => l && !l.startsWith('#'));
}

/** Pulls `image` for run/create (the pull's errors end the command as docker's do). */
async function pullImage(engine: Engine, image: string): Promise<void> {
  try {
    await engine.images.pull(image, {});
  } catch (e) {
    engineFailure(e);
  }
}

async function createFrom(engine: Engine, image: string, command: string[], o: CreateFlags): Promise<string> {
  const env = [...o.envFile.flatMap(readEnvFile), ...o.env];
  const opts: CreateContainerOptions = {
    image, cmd: command, env, binds: o.volume, publish: o.publish, autoRemove: !!o.rm, openStdin: !!o.interactive, tty: !!o.tty,
    ...(o.name !== undefined ? { name: o.name } : {}), ...(o.workdir !== undefined ? { workingDir: o.workdir } : {}), ...(o.user !== undefined ? { user: o.user } : {}),
    ...(o.entrypoint !== undefined ? { entrypoint: o.entrypoint === '' ? [] : [o.entrypoint] } : {}),
    ...(o.network ? { network: o.network } : {}), ...(o.networkAlias.length ? { networkAliases: o.networkAlias } : {}), ...(o.ip ? { ip: o.ip } : {}), ...(o.hostname ? { hostname: o.hostname } : {}), ...(o.restart ? { restart: o.restart } : {}),
    ...(o.label.length ? { labels: parseLabels(o.label) } : {}),
    ...(o.stopSignal ? { stopSignal: o.stopSignal } : {}), ...(o.stopTimeout !== undefined ? { stopTimeout: Number(o.stopTimeout) } : {}),
  };
  try {
    opts.mounts = o.mount.map(parseMount);
    if (o.pull === 'always') await pullImage(engine, image);
    // As the docker CLI does: create, and pull only when the engine has no such image (the
    // create resolves the image anyway; looking it up first read the image store twice per create).
    try {
      return (await engine.containers.create(opts)).Id;
    } catch (e) {
      // "No such image: …" from the embedded engine, "Unable to find image '…' locally" from a daemon.
      if (!isEngineError(e, 'not-found') || !/image/i.test(e.message)) throw e;
      if (o.pull === 'never') throw new ExitError(125, `stevedore: Error response from daemon: No such image: ${image}.`);
      process.stderr.write(`Unable to find image '${image}' locally\n`);
      await pullImage(engine, image);
    }
    return (await engine.containers.create(opts)).Id;
  } catch (e) {
    if (e instanceof ExitError) throw e;
    engineFailure(e);
  }
}

/** This process's terminal as the container's: its size now and on every SIGWINCH. */
function callerTerminal(): TerminalSize {
  const out = process.stdout;
  return {
    cols: out.columns || 80,
    rows: out.rows || 24,
    onResize(listener) {
      const h = () => listener(out.columns, out.rows);
      out.on('resize', h);
      return { dispose: () => out.off('resize', h) };
    },
  };
}

/** `-it` wants a terminal on this side, as docker does ("the input device is not a TTY"). */
function checkTty(o: { interactive?: boolean; tty?: boolean }): void {
  if (o.interactive && o.tty && !process.stdin.isTTY) throw new ExitError(1, 'the input device is not a TTY');
}

/**
 * Attached run/start: streams until the container exits; stdin forwarded with -i; signals
 * forwarded (docker's sig-proxy). With a TTY, this terminal goes raw so Ctrl-C and Ctrl-D
 * travel as bytes to the container's terminal, and its size follows this one.
 */
async function runAttached(engine: Engine, id: string, interactive: boolean, tty = false): Promise<number> {
  const forward = (sig: NodeJS.Signals) => () => void engine.containers.kill(id, sig).catch(() => undefined);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const raw = tty && interactive && process.stdin.isTTY;
  if (raw) process.stdin.setRawMode(true);
  try {
    const stdin = interactive ? process.stdin : undefined;
    const res = await engine.containers.startAttached(id, {
      stdout: process.stdout, stderr: process.stderr, ...(stdin ? { stdin } : {}), ...(tty ? { terminal: callerTerminal(), closeStdin: !raw } : {}),
    });
    return res.StatusCode;
  } finally {
    if (raw) process.stdin.setRawMode(false);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    if (interactive) process.stdin.destroy();
  }
}

async function waitGone(engine: Engine, id: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (!(await engine.containers.inspect(id).catch(() => undefined))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- ps -----------------------------------------------------------------------------------

function portsText(c: ContainerSummary): string {
  return c.Ports.map((p) => (p.PublicPort ? `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`)).join(', ');
}

function psRow(c: ContainerSummary, noTrunc: boolean) {
  let command = c.Command;
  if (!noTrunc && command.length > 20) command = command.slice(0, 19) + '…';
  return {
    ID: noTrunc ? c.Id : shortId(c.Id), Image: c.Image, Command: JSON.stringify(command), CreatedAt: new Date(c.Created * 1000).toString(),
    RunningFor: createdSince(new Date(c.Created * 1000).toISOString()), Ports: portsText(c), State: c.State, Status: c.Status,
    Size: c.SizeRw !== undefined ? `${humanSize(c.SizeRw)} (virtual ${humanSize(c.SizeRootFs ?? 0)})` : '0B',
    Names: c.Names.map((n) => n.slice(1)).join(','), Labels: '', Mounts: c.Mounts.map((m) => m.Name ?? m.Source).join(','), Networks: '',
  };
}

// ---- registration -------------------------------------------------------------------------

export function register(program: Command): void {
  const container = group(program, 'container', 'Manage containers');
  /** A command both as `stevedore <verb>` and `stevedore container <verb>`. */
  const both = (build: (parent: Command) => void) => {
    build(program);
    build(container);
  };

  both((parent) => {
    createOptions(parent.command('run').description('Create and run a new container from an image'))
      .option('-d, --detach', 'Run container in background and print container ID')
      .action(async (image: string, command: string[], o: CreateFlags, cmd: Command) => {
        if (!o.detach) checkTty(o);
        const engine = await openEngine(cmd);
        const id = await createFrom(engine, image, command, o);
        if (o.detach) {
          try {
            await engine.containers.start(id);
          } catch (e) {
            engineFailure(e);
          }
          out(id + '\n');
          return;
        }
        let code: number;
        try {
          code = await runAttached(engine, id, !!o.interactive, !!o.tty);
        } catch (e) {
          if (o.rm) await engine.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
          engineFailure(e);
        }
        if (o.rm) await waitGone(engine, id);
        process.exitCode = code;
      });
  });

  both((parent) => {
    createOptions(parent.command('create').description('Create a new container')).action(async (image: string, command: string[], o: CreateFlags, cmd: Command) => {
      const engine = await openEngine(cmd);
      out((await createFrom(engine, image, command, o)) + '\n');
    });
  });

  both((parent) => {
    parent
      .command('start <containers...>')
      .description('Start one or more stopped containers')
      .option('-a, --attach', 'Attach STDOUT/STDERR and forward signals')
      .option('-i, --interactive', "Attach container's STDIN")
      .action(async (names: string[], o: { attach?: boolean; interactive?: boolean }, cmd: Command) => {
        const engine = await openEngine(cmd);
        if (o.attach || o.interactive) {
          if (names.length > 1) throw new ExitError(1, 'stevedore: you cannot start and attach multiple containers at once');
          const rec = await engine.containers.inspect(names[0]);
          try {
            process.exitCode = await runAttached(engine, rec.Id, !!o.interactive, !!rec.Config.Tty);
          } catch (e) {
            engineFailure(e, 1);
          }
          return;
        }
        await eachArg(names, async (n) => {
          try {
            await engine.containers.start(n);
          } catch (e) {
            if (startStatus(e) !== undefined) throw new EngineError('internal', `${(e as Error).message}\nError: failed to start containers: ${n}`);
            throw e;
          }
        });
      });
  });

  const simple: Array<[string, string, (e: Engine, n: string, o: Record<string, string | boolean | undefined>) => Promise<unknown>, (c: Command) => Command]> = [
    ['stop', 'Stop one or more running containers', (e, n, o) => e.containers.stop(n, { ...(o.time !== undefined ? { timeout: Number(o.time) } : {}), ...(o.signal ? { signal: String(o.signal) } : {}) }),
      (c) => c.option('-t, --time <int>', 'Seconds to wait before killing the container').option('-s, --signal <string>', 'Signal to send to the container')],
    ['restart', 'Restart one or more containers', (e, n, o) => e.containers.restart(n, o.time !== undefined ? { timeout: Number(o.time) } : {}),
      (c) => c.option('-t, --time <int>', 'Seconds to wait before killing the container')],
    ['kill', 'Kill one or more running containers', (e, n, o) => e.containers.kill(n, String(o.signal ?? 'KILL')), (c) => c.option('-s, --signal <string>', 'Signal to send to the container', 'KILL')],
    ['pause', 'Pause all processes within one or more containers', (e, n) => e.containers.pause(n), (c) => c],
    ['unpause', 'Unpause all processes within one or more containers', (e, n) => e.containers.unpause(n), (c) => c],
    ['rm', 'Remove one or more containers', (e, n, o) => e.containers.remove(n, { force: !!o.force, volumes: !!o.volumes }),
      (c) => c.option('-f, --force', 'Force the removal of a running container (uses SIGKILL)').option('-v, --volumes', 'Remove anonymous volumes associated with the container')],
  ];
  for (const [name, description, fn, flags] of simple) {
    for (const parent of [program, container]) {
      flags(parent.command(`${name} <containers...>`).description(description)).action(async (names: string[], o: Record<string, string | boolean | undefined>, cmd: Command) => {
        const engine = await openEngine(cmd);
        await eachArg(names, (n) => fn(engine, n, o));
      });
    }
  }

  container
    .command('prune')
    .description('Remove all stopped containers')
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (_o, cmd: Command) => {
      const engine = await openEngine(cmd);
      const r = await engine.containers.prune();
      if (r.ContainersDeleted.length) out(`Deleted Containers:\n${r.ContainersDeleted.join('\n')}\n\n`);
      out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`);
    });

  const ps = (c: Command) =>
    c
      .description('List containers')
      .option('-a, --all', 'Show all containers (default shows just running)')
      .option('-q, --quiet', 'Only display container IDs')
      .option('-s, --size', 'Display total file sizes')
      .option('-f, --filter <filter>', 'Filter output based on conditions provided', collect, [])
      .option('--format <string>', 'Format output using a custom template or json')
      .option('--no-trunc', "Don't truncate output")
      .option('-n, --last <int>', 'Show n last created containers (includes all states)')
      .option('-l, --latest', 'Show the latest created container (includes all states)')
      .action(async (o: { all?: boolean; quiet?: boolean; size?: boolean; filter: string[]; format?: string; trunc?: boolean; last?: string; latest?: boolean }, cmd: Command) => {
        const engine = await openEngine(cmd);
        let list = await engine.containers.list({ all: o.all || !!o.last || o.latest, size: o.size, filters: parseFilters(o.filter) });
        if (o.latest) list = list.slice(0, 1);
        else if (o.last) list = list.slice(0, Number(o.last));
        const noTrunc = o.trunc === false;
        if (o.quiet) return out(list.map((c) => (noTrunc ? c.Id : shortId(c.Id)) + '\n').join(''));
        const rows = list.map((c) => psRow(c, noTrunc));
        if (o.format === 'json') return out(rows.map((r) => JSON.stringify(r) + '\n').join(''));
        if (o.format) return out(rows.map((r) => renderTemplate(o.format!, r) + '\n').join(''));
        const head = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES', ...(o.size ? ['SIZE'] : [])];
        out(table([head, ...rows.map((r) => [r.ID, r.Image, r.Command, `${r.RunningFor}`, r.Status, r.Ports, r.Names, ...(o.size ? [r.Size] : [])])]));
      });
  ps(program.command('ps'));
  ps(container.command('ls').alias('list').alias('ps'));

  for (const parent of [program, container]) {
    parent
      .command('logs <container>')
      .description('Fetch the logs of a container')
      .option('-f, --follow', 'Follow log output')
      .option('-n, --tail <string>', 'Number of lines to show from the end of the logs', 'all')
      .option('-t, --timestamps', 'Show timestamps')
      .option('--since <string>', 'Show logs since timestamp or relative (e.g. 42m)')
      .option('--until <string>', 'Show logs before a timestamp or relative (e.g. 42m)')
      .action(async (name: string, o: { follow?: boolean; tail: string; timestamps?: boolean; since?: string; until?: string }, cmd: Command) => {
        const engine = await openEngine(cmd);
        const ac = new AbortController();
        process.once('SIGINT', () => ac.abort());
        for await (const l of engine.containers.logs(name, {
          follow: o.follow, signal: ac.signal, ...(o.tail !== 'all' ? { tail: Number(o.tail) } : {}),
          ...(o.since ? { since: parseTime(o.since) } : {}), ...(o.until ? { until: parseTime(o.until) } : {}),
        })) {
          const text = o.timestamps ? Buffer.concat([Buffer.from(l.time + ' '), l.line]) : l.line;
          (l.stream === 'stderr' ? process.stderr : process.stdout).write(text);
        }
      });

    parent
      .command('exec <container> <command...>')
      .description('Execute a command in a running container')
      .helpOption('--help', 'Print usage')
      .option('-d, --detach', 'Detached mode: run command in the background')
      .option('-i, --interactive', 'Keep STDIN open even if not attached')
      .option('-t, --tty', 'Allocate a pseudo-TTY')
      .option('-e, --env <list>', 'Set environment variables', collect, [])
      .option('-w, --workdir <string>', 'Working directory inside the container')
      .option('-u, --user <string>', 'Username or UID (format: "<name|uid>[:<group|gid>]")')
      .passThroughOptions()
      .action(async (name: string, command: string[], o: { detach?: boolean; interactive?: boolean; tty?: boolean; env: string[]; workdir?: string; user?: string }, cmd: Command) => {
        if (!o.detach) checkTty(o);
        const engine = await openEngine(cmd);
        const raw = !!o.tty && !!o.interactive && !o.detach && process.stdin.isTTY;
        if (raw) process.stdin.setRawMode(true);
        try {
          const r = await engine.containers.exec(name, {
            cmd: command, env: o.env, detach: o.detach, stdout: process.stdout, stderr: process.stderr, tty: !!o.tty, ...(o.tty ? { terminal: callerTerminal() } : {}),
            ...(o.interactive ? { stdin: process.stdin } : {}), ...(o.workdir ? { workingDir: o.workdir } : {}), ...(o.user ? { user: o.user } : {}),
          });
          process.exitCode = r.ExitCode;
        } catch (e) {
          // docker exec prints these bare (no 'docker:' prefix, no period): the daemon's refusal
          // for a missing or stopped container, the runtime's or the user lookup's error alone.
          if (isEngineError(e, 'not-found') || isEngineError(e, 'conflict')) throw new ExitError(1, `Error response from daemon: ${e.message}`);
          if (isEngineError(e)) throw new ExitError(startStatus(e) ?? 126, e.message);
          throw e;
        } finally {
          if (raw) process.stdin.setRawMode(false);
          if (o.interactive) process.stdin.destroy();
        }
      });

    parent
      .command('attach <container>')
      .description("Attach local standard input, output, and error streams to a running container")
      .option('--no-stdin', 'Do not attach STDIN')
      .action(async (name: string, o: { stdin?: boolean }, cmd: Command) => {
        const engine = await openEngine(cmd);
        const r = await engine.containers.attach(name, { stdout: process.stdout, stderr: process.stderr, ...(o.stdin !== false ? { stdin: process.stdin } : {}) });
        process.stdin.destroy();
        process.exitCode = r.StatusCode ?? 0;
      });

    parent
      .command('wait <containers...>')
      .description('Block until one or more containers stop, then print their exit codes')
      .action(async (names: string[], _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        await eachArg(names, async (n) => out(`${(await engine.containers.wait(n)).StatusCode}\n`), true);
      });

    parent
      .command('rename <container> <newName>')
      .description('Rename a container')
      .action(async (name: string, next: string, _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        await engine.containers.rename(name, next);
      });

    parent
      .command('top <container>')
      .description('Display the running processes of a container')
      .action(async (name: string, _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        const t = await engine.containers.top(name);
        out(table([t.Titles, ...t.Processes]));
      });

    parent
      .command('port <container> [privatePort]')
      .description('List port mappings or a specific mapping for the container')
      .action(async (name: string, priv: string | undefined, _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        const ports = await engine.containers.port(name);
        const want = priv ? (priv.includes('/') ? priv : `${priv}/tcp`) : undefined;
        // docker's CLI says this itself, with the port as typed (`80`, not `80/tcp`).
        if (want && !(want in ports && ports[want]?.length)) throw new ExitError(1, `Error: No public port '${priv}' published for ${name}`);
        for (const [k, bs] of Object.entries(ports).sort()) {
          if (want && k !== want) continue;
          for (const b of bs ?? []) out(want ? `${b.HostIp}:${b.HostPort}\n` : `${k} -> ${b.HostIp}:${b.HostPort}\n`);
        }
      });

    parent
      .command('diff <container>')
      .description("Inspect changes to files or directories on a container's filesystem")
      .action(async (name: string, _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        for (const c of await engine.containers.diff(name)) out(`${'CAD'[c.Kind]} ${quoteName(c.Path)}\n`);
      });

    parent
      .command('export <container>')
      .description("Export a container's filesystem as a tar archive")
      .option('-o, --output <string>', 'Write to a file, instead of STDOUT')
      .action(async (name: string, o: { output?: string }, cmd: Command) => {
        const engine = await openEngine(cmd);
        if (!o.output && process.stdout.isTTY) throw new ExitError(1, 'stevedore: cowardly refusing to save to a terminal. Use the -o flag or redirect');
        if (o.output) {
          const tmp = `${o.output}.tmp-${process.pid}`;
          try {
            await engine.containers.export(name, fs.createWriteStream(tmp));
            fs.renameSync(tmp, o.output);
          } finally {
            fs.rmSync(tmp, { force: true });
          }
        } else await engine.containers.export(name, process.stdout);
      });

    parent
      .command('commit <container> [repository]')
      .description("Create a new image from a container's changes")
      .option('-a, --author <string>', 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
      .option('-c, --change <list>', 'Apply Dockerfile instruction to the created image', collect, [])
      .option('-m, --message <string>', 'Commit message')
      .option('-p, --pause [bool]', 'Pause container during commit', (v: string) => v !== 'false', true)
      .action(async (name: string, repo: string | undefined, o: { author?: string; change: string[]; message?: string; pause?: boolean }, cmd: Command) => {
        const engine = await openEngine(cmd);
        const r = await engine.containers.commit(name, { reference: repo, author: o.author, message: o.message, changes: o.change, pause: o.pause });
        out(r.Id + '\n');
      });

    parent
      .command('cp <src> <dst>')
      .description('Copy files/folders between a container and the local filesystem')
      .action(async (src: string, dst: string, _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        await copy(engine, src, dst);
      });
  }

  container
    .command('inspect <containers...>')
    .description('Display detailed information on one or more containers')
    .option('-f, --format <string>', 'Format output using a custom template')
    .action(async (names: string[], o: { format?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await printInspected(names, o.format, (n) => engine.containers.inspect(n));
    });
}

/** `--since`/`--until`: RFC 3339, Unix seconds, or a duration back from now (`10m`, `1h30m`). */
function parseTime(s: string): number {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const d = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (d && s) return Date.now() - ((Number(d[1] ?? 0) * 60 + Number(d[2] ?? 0)) * 60 + Number(d[3] ?? 0)) * 1000;
  const t = Date.parse(s);
  if (isNaN(t)) throw new EngineError('invalid-argument', `invalid value for "since": failed to parse value as time or duration: "${s}"`);
  return t;
}

/** `cp CONTAINER:SRC DEST|-` and `cp SRC|- CONTAINER:DEST`, through tar streams like docker. */
async function copy(engine: Engine, src: string, dst: string): Promise<void> {
  const split = (s: string) => {
    const i = s.indexOf(':');
    return i > 0 && !s.startsWith('/') && !s.startsWith('.') ? { container: s.slice(0, i), path: s.slice(i + 1) } : undefined;
  };
  const from = split(src);
  const to = split(dst);
  if (!!from === !!to) throw new ExitError(1, 'stevedore: copying between containers is not supported; one of the arguments must be a local path');
  if (from) {
    if (dst === '-') return engine.containers.copyFrom(from.container, from.path, process.stdout);
    const abs = path.resolve(dst);
    const intoDir = fs.existsSync(abs) && fs.statSync(abs).isDirectory();
    // Into an existing directory: extracted there. To a new name: extracted beside it in a temp
    // folder, and the one top entry renamed to the name (docker's "copy as").
    const target = intoDir ? abs : fs.mkdtempSync(path.join(path.dirname(abs), '.stevedore-cp-'));
    try {
      const pass = new PassThrough();
      await Promise.all([engine.containers.copyFrom(from.container, from.path, pass), applyLayer(pass, target, { rootless: process.getuid?.() !== 0 })]);
      if (!intoDir) {
        const [top] = fs.readdirSync(target);
        fs.renameSync(path.join(target, top), abs);
      }
    } finally {
      if (!intoDir) fs.rmSync(target, { recursive: true, force: true });
    }
    return;
  }
  if (src === '-') return engine.containers.copyTo(to!.container, to!.path, process.stdin);
  // Into an existing directory: as it is. To a name that is not a directory (new, or a file to
  // replace): into its parent, the top entry renamed to it (docker's "copy as"; the CLI rebases
  // the archive's entries, as docker's RebaseArchiveEntries does).
  const dest = await engine.containers.statPath(to!.container, to!.path).then(
    async (st) => (st.linkTarget ? engine.containers.statPath(to!.container, st.linkTarget) : st),
    (e) => {
      if (isEngineError(e, 'not-found')) return undefined;
      throw e;
    },
  );
  const isDir = !!dest && Math.floor(dest.mode / 2 ** 31) % 2 === 1;
  if (isDir) return engine.containers.copyTo(to!.container, to!.path, await localTar(src));
  if (/\/\.?$/.test(to!.path)) throw new ExitError(1, `Error response from daemon: Could not find the file ${to!.path} in container ${to!.container}`);
  const parent = path.posix.dirname(to!.path) || '/';
  await engine.containers.copyTo(to!.container, parent, await localTar(src, path.posix.basename(to!.path)));
}

/**
 * A path for a line of output: as it is (as docker prints it) unless it holds a control
 * character, then C-quoted as git quotes paths ("a\nb"), so a container cannot forge lines of
 * `diff` output (or move the cursor) with a file name.
 */
export function quoteName(p: string): string {
  if (!/[\x00-\x1f\x7f]/.test(p)) return p;
  const named: Record<string, string> = { '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r' };
  return `"${p.replace(/[\\"]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => '\\' + (named[c] ?? c.charCodeAt(0).toString(8).padStart(3, '0')))}"`;
}

/** A tar of the local path `src`, its top entry named `as` (default: its own base name). */
async function localTar(src: string, as?: string): Promise<Readable> {
  const abs = path.resolve(src);
  if (!fs.existsSync(abs)) throw new ExitError(1, `stevedore: lstat ${abs}: no such file or directory`);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  const pass = new PassThrough();
  void writeLayerTar(parent, treeAdditions(parent, [base]), pass).catch((e) => pass.destroy(e));
  if (as === undefined || as === base) return pass;
  // Renamed entry by entry (hard links inside it too).
  const rename = (n: string) => (n === base || n.startsWith(base + '/') ? as + n.slice(base.length) : n);
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (h, stream, next) => {
    stream.pipe(pack.entry({ ...h, name: rename(h.name), ...(h.type === 'link' && h.linkname ? { linkname: rename(h.linkname) } : {}) }, next));
  });
  extract.on('finish', () => pack.finalize());
  extract.on('error', (e) => pack.destroy(e));
  pass.on('error', (e) => pack.destroy(e));
  pass.pipe(extract);
  // tar-stream's pack is a streamx stream: as a Node Readable for the engine.
  return Readable.from(pack);
}
