import type { Duplex, Readable, Writable } from 'stream';
import type {
  AttachStreams, ContainerInspect, ContainersApi, ContainerStats, ContainerSummary, CreateContainerOptions, ExecOptions, LogLine, LogsOptions,
  PathStat, PortBinding, TerminalSize, VolumeInspect, VolumesApi,
} from '../container/api';
import { EngineError } from '../../core/errors';
import { parseEnv, parseExpose, parsePublish, parseRestart } from '../../core/flags';
import { parseNormalizedNamed } from '../../core/reference';
import { FrameDemuxer } from '../../core/dockerWire';
import { DockerClient, pipeTo } from './client';
import { imageId } from './images';

const enc = encodeURIComponent;

/** Splits Docker's timestamped log lines (`2024-01-01T00:00:00.000000000Z text\n`) into LogLines. */
class LineSplitter {
  private pending: Record<'stdout' | 'stderr', Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  constructor(private readonly out: (l: LogLine) => void) {}
  push(stream: 'stdout' | 'stderr', data: Buffer): void {
    let buf = Buffer.concat([this.pending[stream], data]);
    let i: number;
    while ((i = buf.indexOf(0x0a)) >= 0) {
      this.emit(stream, buf.subarray(0, i + 1));
      buf = buf.subarray(i + 1);
    }
    this.pending[stream] = buf;
  }
  flush(): void {
    for (const s of ['stdout', 'stderr'] as const) if (this.pending[s].length) this.emit(s, this.pending[s]);
    this.pending = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  }
  private emit(stream: 'stdout' | 'stderr', line: Buffer): void {
    const sp = line.indexOf(0x20);
    const time = sp > 0 ? line.subarray(0, sp).toString() : '';
    const ok = /^\d{4}-\d\d-\d\dT/.test(time);
    this.out({ stream, time: ok ? time : '', line: ok ? line.subarray(sp + 1) : line });
  }
}

/**
 * Sizes a TTY (container or exec) on the daemon now and whenever the caller's terminal changes.
 * Returns the subscription to dispose, and `sized`: settled once the first size was applied (or refused).
 */
function followSize(term: TerminalSize | undefined, resize: (cols: number, rows: number) => Promise<void>): { dispose(): void; sized: Promise<void> } {
  if (!term) return { dispose: () => undefined, sized: Promise.resolve() };
  const sized = resize(term.cols, term.rows).catch(() => undefined);
  return { sized, ...(term.onResize?.((cols, rows) => void resize(cols, rows).catch(() => undefined)) ?? { dispose: () => undefined }) };
}

/**
 * Pumps a hijacked connection: stdin in (half-closing at its end), stdout/stderr out (demuxed
 * unless TTY). Resolves at the end of output. With `stdinAfter`, stdin is forwarded only once it
 * settles: input typed ahead (`run -it`, `exec -it`) reaches a TTY that already has the caller's
 * size, instead of a process that reads 0x0 (the API has no size at create before 1.42).
 */
function pump(sock: Duplex, tty: boolean, s: { stdin?: Readable; stdout?: Writable; stderr?: Writable; closeStdin?: boolean; signal?: AbortSignal; stdinAfter?: Promise<void> }): Promise<void> {
  return new Promise((resolve, reject) => {
    const demux = new FrameDemuxer((kind, data) => (kind === 2 ? s.stderr : s.stdout)?.write(data));
    sock.on('data', (d: Buffer) => (tty ? s.stdout?.write(d) : demux.push(d)));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (s.stdin) s.stdin.unpipe?.(sock);
      resolve();
    };
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', (e) => (done ? undefined : ((done = true), reject(e))));
    const stdin = s.stdin;
    if (stdin) {
      void (s.stdinAfter ?? Promise.resolve()).then(() => {
        if (done) return;
        stdin.on('data', (d: Buffer) => {
          if (!sock.destroyed && sock.writable) sock.write(d);
        });
        stdin.on('end', () => {
          if (s.closeStdin !== false && !sock.destroyed) sock.end();
        });
      });
    }
    s.signal?.addEventListener('abort', () => {
      sock.destroy();
      finish();
    }, { once: true });
  });
}

/** The containers area over the Engine API; shapes are Docker's already. */
export class DockerContainers implements ContainersApi {
  constructor(private readonly c: DockerClient) {}

  async create(o: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }> {
    const ports = parsePublish(o.publish ?? []);
    const body = {
      Image: o.image,
      ...(o.cmd ? { Cmd: o.cmd } : {}),
      ...(o.entrypoint ? { Entrypoint: o.entrypoint.length ? o.entrypoint : [''] } : {}),
      Env: parseEnv(o.env ?? []),
      WorkingDir: o.workingDir ?? '',
      User: o.user ?? '',
      ...(o.hostname ? { Hostname: o.hostname } : {}),
      Tty: !!o.tty,
      OpenStdin: !!o.openStdin,
      StdinOnce: !!o.openStdin,
      AttachStdin: !!o.openStdin,
      AttachStdout: true,
      AttachStderr: true,
      Labels: o.labels ?? {},
      ExposedPorts: { ...parseExpose(o.exposedPorts ?? []), ...ports.exposed },
      ...(o.stopSignal ? { StopSignal: o.stopSignal } : {}),
      ...(o.stopTimeout !== undefined ? { StopTimeout: o.stopTimeout } : {}),
      HostConfig: {
        Binds: o.binds ?? [],
        Mounts: (o.mounts ?? []).map((m) => ({ Type: m.Type, Source: m.Source || undefined, Target: m.Target, ReadOnly: !!m.ReadOnly })),
        PortBindings: ports.bindings,
        NetworkMode: o.network ?? 'default',
        ...(o.restart ? { RestartPolicy: parseRestart(o.restart) } : {}),
        AutoRemove: !!o.autoRemove,
        ...(o.readonlyRootfs ? { ReadonlyRootfs: true } : {}),
        ...(o.init ? { Init: true } : {}),
      },
      ...networkingConfig(o),
    };
    try {
      return await this.c.call<{ Id: string; Warnings: string[] | null }>('POST', '/containers/create', { query: { name: o.name }, body })
        .then((r) => ({ Id: r.Id, Warnings: r.Warnings ?? [] }));
    } catch (e) {
      // The daemon says "No such image: busybox:latest"; keep its words, but say which reference.
      if (e instanceof EngineError && e.code === 'not-found' && /image/i.test(e.message)) {
        throw new EngineError('not-found', `Unable to find image '${parseNormalizedNamed(o.image).withDefaultTag().familiarString}' locally`, { cause: e });
      }
      throw e;
    }
  }

  async start(id: string): Promise<void> {
    try {
      await this.c.call('POST', `/containers/${enc(id)}/start`);
    } catch (e) {
      throw startError(e);
    }
  }

  /** `docker run` without -d: attached from the first byte, then started; resolves with the exit status. */
  async startAttached(id: string, streams: AttachStreams): Promise<{ StatusCode: number }> {
    const info = await this.inspect(id);
    const sock = await this.c.hijack(`/containers/${enc(info.Id)}/attach`, {
      query: { stream: 1, stdin: streams.stdin && info.Config.OpenStdin ? 1 : 0, stdout: 1, stderr: 1 },
    });
    const waited = this.c.call<{ StatusCode: number }>('POST', `/containers/${enc(info.Id)}/wait`, { query: { condition: 'next-exit' } }).then((r) => ({ StatusCode: r.StatusCode }));
    waited.catch(() => undefined);
    // A TTY can only be sized once the container runs: keystrokes typed ahead wait for that.
    let sized!: () => void;
    const stdinAfter = info.Config.Tty ? new Promise<void>((r) => (sized = r)) : undefined;
    const done = pump(sock, !!info.Config.Tty, { ...streams, stdin: info.Config.OpenStdin ? streams.stdin : undefined, stdinAfter });
    try {
      await this.start(info.Id);
    } catch (e) {
      sock.destroy();
      throw e;
    }
    const sizing = info.Config.Tty ? followSize(streams.terminal, (c, r) => this.resize(info.Id, c, r)) : undefined;
    void sizing?.sized.then(sized);
    try {
      await done;
    } finally {
      sizing?.dispose();
    }
    return waited;
  }

  async stop(id: string, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
    await this.c.negotiate().catch(() => undefined);
    if (opts.signal && !this.c.atLeast('1.42')) {
      // API 1.41 has no ?signal=: send it, give the container its time, then stop (SIGKILL).
      const c = await this.inspect(id);
      if (!c.State.Running) return;
      await this.kill(id, opts.signal).catch(() => undefined);
      const waited = await Promise.race([
        this.wait(id).then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), (opts.timeout ?? 10) * 1000)),
      ]);
      if (!waited) await this.c.call('POST', `/containers/${enc(id)}/stop`, { query: { t: 0 } });
      return;
    }
    await this.c.call('POST', `/containers/${enc(id)}/stop`, { query: { t: opts.timeout, signal: opts.signal } });
  }

  async restart(id: string, opts: { timeout?: number } = {}): Promise<void> {
    await this.c.call('POST', `/containers/${enc(id)}/restart`, { query: { t: opts.timeout } });
  }

  async kill(id: string, signal = 'KILL'): Promise<void> {
    await this.c.call('POST', `/containers/${enc(id)}/kill`, { query: { signal } });
  }

  async pause(id: string): Promise<void> {
    await this.c.call('POST', `/containers/${enc(id)}/pause`);
  }

  async unpause(id: string): Promise<void> {
    await this.c.call('POST', `/containers/${enc(id)}/unpause`);
  }

  async remove(id: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.c.call('DELETE', `/containers/${enc(id)}`, { query: { force: opts.force ? 1 : undefined, v: opts.volumes ? 1 : undefined } });
  }

  async prune(): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }> {
    const r = await this.c.call<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune');
    return { ContainersDeleted: r.ContainersDeleted ?? [], SpaceReclaimed: r.SpaceReclaimed ?? 0 };
  }

  async list(opts: { all?: boolean; size?: boolean; filters?: Record<string, string[]> } = {}): Promise<ContainerSummary[]> {
    const rows = await this.c.listing(this.c.call<ContainerSummary[]>('GET', '/containers/json', {
      query: { all: opts.all ? 1 : undefined, size: opts.size ? 1 : undefined, filters: opts.filters && Object.keys(opts.filters).length ? JSON.stringify(opts.filters) : undefined },
    }));
    return rows.map((r) => ({ ...r, Ports: r.Ports ?? [], Mounts: r.Mounts ?? [], Names: r.Names ?? [] }));
  }

  async inspect(id: string): Promise<ContainerInspect> {
    return this.c.call<ContainerInspect>('GET', `/containers/${enc(id)}/json`);
  }

  async *logs(id: string, o: LogsOptions = {}): AsyncGenerator<LogLine> {
    const info = await this.inspect(id);
    const s = await this.c.stream('GET', `/containers/${enc(info.Id)}/logs`, {
      query: {
        stdout: 1, stderr: 1, timestamps: 1,
        follow: o.follow ? 1 : undefined,
        tail: o.tail !== undefined && o.tail >= 0 ? o.tail : undefined,
        since: o.since !== undefined ? (o.since / 1000).toFixed(9) : undefined,
        until: o.until !== undefined ? (o.until / 1000).toFixed(9) : undefined,
      },
      signal: o.signal,
    });
    const queue: LogLine[] = [];
    const split = new LineSplitter((l) => queue.push(l));
    const demux = new FrameDemuxer((kind, data) => split.push(kind === 2 ? 'stderr' : 'stdout', data));
    try {
      for await (const chunk of s) {
        if (info.Config.Tty) split.push('stdout', chunk as Buffer);
        else demux.push(chunk as Buffer);
        while (queue.length) yield queue.shift()!;
      }
    } catch (e) {
      if (o.signal?.aborted) return;
      throw this.c.error(e, 'logs');
    }
    split.flush();
    while (queue.length) yield queue.shift()!;
  }

  async wait(id: string, opts: { signal?: AbortSignal } = {}): Promise<{ StatusCode: number }> {
    const r = await this.c.call<{ StatusCode: number; Error?: { Message?: string } | null }>('POST', `/containers/${enc(id)}/wait`, { signal: opts.signal });
    return { StatusCode: r.StatusCode };
  }

  async exec(id: string, o: ExecOptions): Promise<{ ExitCode: number }> {
    if (!o.cmd.length) throw new EngineError('invalid-argument', 'No exec command specified');
    const tty = !!o.tty && !o.detach;
    await this.c.negotiate().catch(() => undefined);
    // API 1.42+: the terminal's size from the exec's first byte (as the docker CLI sends it); older ones get a resize after start.
    const consoleSize = tty && o.terminal && this.c.atLeast('1.42') ? { ConsoleSize: [o.terminal.rows, o.terminal.cols] } : {};
    const { Id: execId } = await this.c.call<{ Id: string }>('POST', `/containers/${enc(id)}/exec`, {
      body: {
        ...consoleSize, Cmd: o.cmd, Env: o.env ?? [], WorkingDir: o.workingDir ?? '', User: o.user ?? '', Tty: tty,
        AttachStdin: !!o.stdin && !o.detach, AttachStdout: !o.detach, AttachStderr: !o.detach,
      },
    });
    if (o.detach) {
      await this.c.call('POST', `/exec/${execId}/start`, { body: { Detach: true, Tty: false } });
      return { ExitCode: 0 };
    }
    const sock = await this.c.hijack(`/exec/${execId}/start`, { body: { Detach: false, Tty: tty } });
    const sizing = tty ? followSize(o.terminal, (cols, rows) => this.c.call('POST', `/exec/${execId}/resize`, { query: { h: rows, w: cols } }).then(() => undefined)) : undefined;
    try {
      await pump(sock, tty, { stdin: o.stdin, stdout: o.stdout, stderr: o.stderr, signal: o.signal, stdinAfter: sizing?.sized });
    } finally {
      sizing?.dispose();
    }
    // The exit code is recorded a moment after the stream ends.
    for (let i = 0; i < 100; i++) {
      const r = await this.c.call<{ Running: boolean; ExitCode: number | null }>('GET', `/exec/${execId}/json`);
      if (!r.Running && r.ExitCode !== null) return { ExitCode: r.ExitCode };
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new EngineError('internal', `exec ${execId.slice(0, 12)} did not report an exit code`);
  }

  async attach(id: string, streams: AttachStreams): Promise<{ StatusCode?: number }> {
    const info = await this.inspect(id);
    if (!info.State.Running) throw new EngineError('conflict', 'You cannot attach to a stopped container, start it first');
    const sock = await this.c.hijack(`/containers/${enc(info.Id)}/attach`, {
      query: { stream: 1, stdin: streams.stdin && info.Config.OpenStdin ? 1 : 0, stdout: 1, stderr: 1 },
    });
    const sizing = info.Config.Tty ? followSize(streams.terminal, (c, r) => this.resize(info.Id, c, r)) : undefined;
    try {
      await pump(sock, !!info.Config.Tty, { ...streams, stdin: info.Config.OpenStdin ? streams.stdin : undefined, stdinAfter: sizing?.sized });
    } finally {
      sizing?.dispose();
    }
    if (streams.signal?.aborted) return {};
    const after = await this.inspect(info.Id).catch(() => undefined);
    return after && !after.State.Running ? { StatusCode: after.State.ExitCode } : {};
  }

  async rename(id: string, name: string): Promise<void> {
    await this.c.call('POST', `/containers/${enc(id)}/rename`, { query: { name } });
  }

  async resize(id: string, cols: number, rows: number): Promise<void> {
    await this.c.call('POST', `/containers/${enc(id)}/resize`, { query: { h: rows, w: cols } });
  }

  async top(id: string): Promise<{ Titles: string[]; Processes: string[][] }> {
    const r = await this.c.call<{ Titles: string[]; Processes: string[][] | null }>('GET', `/containers/${enc(id)}/top`);
    return { Titles: r.Titles, Processes: r.Processes ?? [] };
  }

  /** GET /containers/{id}/stats?stream=false: one reading, as the daemon gives it. */
  async stats(id: string, opts: { signal?: AbortSignal } = {}): Promise<ContainerStats> {
    const r = await this.c.call<ContainerStats>('GET', `/containers/${enc(id)}/stats`, { query: { stream: 0 }, signal: opts.signal });
    // Podman leaves out the container's ID and name.
    if (!r.id || !r.name) {
      const info = await this.inspect(id);
      return { ...r, id: r.id || info.Id, name: r.name || info.Name };
    }
    return r;
  }

  async port(id: string): Promise<Record<string, PortBinding[] | null>> {
    return (await this.inspect(id)).NetworkSettings.Ports ?? {};
  }

  async diff(id: string): Promise<Array<{ Kind: 0 | 1 | 2; Path: string }>> {
    return (await this.c.call<Array<{ Kind: 0 | 1 | 2; Path: string }> | null>('GET', `/containers/${enc(id)}/changes`)) ?? [];
  }

  async export(id: string, out: Writable, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const s = await this.c.stream('GET', `/containers/${enc(id)}/export`, { signal: opts.signal });
    await pipeTo(this.c, s, out, 'export');
  }

  async commit(id: string, o: { reference?: string; message?: string; author?: string; changes?: string[]; pause?: boolean } = {}): Promise<{ Id: string }> {
    const ref = o.reference ? parseNormalizedNamed(o.reference) : undefined;
    const { Id } = await this.c.call<{ Id: string }>('POST', '/commit', {
      query: {
        container: id, repo: ref?.familiarName, tag: ref ? ref.tag ?? 'latest' : undefined,
        comment: o.message, author: o.author, pause: o.pause === false ? 0 : 1, changes: o.changes,
      },
      // The container config body is optional for Docker; Podman refuses a request without one.
      sendEmptyBody: true,
    });
    return { Id: imageId(Id) };
  }

  async copyFrom(id: string, srcPath: string, out: Writable): Promise<void> {
    const s = await this.c.stream('GET', `/containers/${enc(id)}/archive`, { query: { path: srcPath } });
    await pipeTo(this.c, s, out, 'copy');
  }

  async copyTo(id: string, dstPath: string, tar: Readable): Promise<void> {
    await this.c.call('PUT', `/containers/${enc(id)}/archive`, { query: { path: dstPath }, file: tar });
  }

  async statPath(id: string, p: string): Promise<PathStat> {
    const res = (await this.c.stream('HEAD', `/containers/${enc(id)}/archive`, { query: { path: p } })) as Readable & { headers?: Record<string, string | undefined> };
    res.resume();
    const header = res.headers?.['x-docker-container-path-stat'];
    if (!header) throw new EngineError('internal', `the daemon sent no X-Docker-Container-Path-Stat for ${p}`);
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
  }
}

export class DockerVolumes implements VolumesApi {
  constructor(private readonly c: DockerClient) {}

  private shape(v: VolumeInspect): VolumeInspect {
    return { ...v, Labels: v.Labels ?? {}, Options: v.Options ?? null, Scope: 'local' };
  }

  async create(opts: { name?: string; labels?: Record<string, string> } = {}): Promise<VolumeInspect> {
    return this.shape(await this.c.call<VolumeInspect>('POST', '/volumes/create', { body: { Name: opts.name ?? '', Labels: opts.labels ?? {}, Driver: 'local' } }));
  }

  async list(opts: { filters?: Record<string, string[]> } = {}): Promise<VolumeInspect[]> {
    const r = await this.c.listing(this.c.call<{ Volumes: VolumeInspect[] | null }>('GET', '/volumes', {
      query: { filters: opts.filters && Object.keys(opts.filters).length ? JSON.stringify(opts.filters) : undefined },
    }).then((x) => x.Volumes ?? []));
    return r.map((v) => this.shape(v));
  }

  async inspect(name: string): Promise<VolumeInspect> {
    return this.shape(await this.c.call<VolumeInspect>('GET', `/volumes/${enc(name)}`));
  }

  async remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.c.call('DELETE', `/volumes/${enc(name)}`, { query: { force: opts.force ? 1 : undefined } });
  }

  async prune(opts: { all?: boolean } = {}): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    await this.c.negotiate().catch(() => undefined);
    // API 1.42 prunes only anonymous volumes unless all=true; 1.41 prunes every unused one.
    const filters = opts.all && this.c.atLeast('1.42') ? { all: ['true'] } : undefined;
    const r = await this.c.call<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', { query: filters ? { filters: JSON.stringify(filters) } : {} });
    return { VolumesDeleted: r.VolumesDeleted ?? [], SpaceReclaimed: r.SpaceReclaimed ?? 0 };
  }
}

/**
 * A container whose process could not start, with the status docker's CLI exits with: 127 when
 * the command is not there, 126 when it cannot be executed, 125 otherwise (the same shape as the
 * embedded engine's ContainerStartError: an EngineError with a numeric `status`).
 */
export class DockerStartError extends EngineError {
  constructor(readonly status: number, message: string, options?: { cause?: unknown }) {
    super(status === 125 ? 'internal' : 'invalid-argument', message, options);
  }
}

/** docker's runStartContainerErr: the daemon's start error by its words. Other errors pass through. */
export function startError(e: unknown): unknown {
  if (!(e instanceof EngineError) || e.code === 'not-found' || e.code === 'conflict' || e.code === 'unavailable' || e.code === 'cancelled') return e;
  const m = e.message;
  if (/executable file not found|no such file or directory|system cannot find the file specified/i.test(m)) return new DockerStartError(127, m, { cause: e });
  if (/permission denied/i.test(m)) return new DockerStartError(126, m, { cause: e });
  if (/OCI runtime|failed to create (shim )?task|starting container process/i.test(m)) return new DockerStartError(125, m, { cause: e });
  return e;
}

/** `--network NAME --network-alias A --ip IP` and extra endpoints as the API's NetworkingConfig. */
function networkingConfig(o: CreateContainerOptions): { NetworkingConfig?: { EndpointsConfig: Record<string, unknown> } } {
  const eps: Record<string, unknown> = {};
  const shape = (e: { aliases?: string[]; ip?: string }) => ({ ...(e.aliases?.length ? { Aliases: e.aliases } : {}), ...(e.ip ? { IPAMConfig: { IPv4Address: e.ip } } : {}) });
  if (o.network && (o.networkAliases?.length || o.ip)) eps[o.network] = shape({ aliases: o.networkAliases, ip: o.ip });
  for (const [k, e] of Object.entries(o.endpoints ?? {})) eps[k] = shape(e);
  return Object.keys(eps).length ? { NetworkingConfig: { EndpointsConfig: eps } } : {};
}
