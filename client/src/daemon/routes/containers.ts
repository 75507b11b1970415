import { Writable } from 'stream';
import type { ContainerInspect, ContainerSummary, CreateContainerOptions, MountSpec } from '../../engine/container/api';
import { isEngineError } from '../../core/errors';
import type { DaemonContext, PendingAttach } from '../context';
import type { Router } from '../router';
import { StdStream, stdFrame } from '../../core/dockerWire';
import { ApiError, boolParam, filtersParam, intParam, onlyFilters, readJson, streamContentType, timeParam } from '../wire';

interface CreateBody {
  Image?: string;
  Cmd?: string[] | string | null;
  Entrypoint?: string[] | string | null;
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Hostname?: string;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, object> | null;
  StopSignal?: string;
  StopTimeout?: number | null;
  HostConfig?: {
    Binds?: string[] | null;
    Mounts?: Array<{ Type?: string; Source?: string; Target?: string; ReadOnly?: boolean }> | null;
    /** `--tmpfs /path[:opts]`: path -> mount options. */
    Tmpfs?: Record<string, string> | null;
    PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    PublishAllPorts?: boolean;
    AutoRemove?: boolean;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    NetworkMode?: string;
    Init?: boolean | null;
    ReadonlyRootfs?: boolean;
    /** `[rows, cols]` of the client's terminal (API >= 1.42), applied when a TTY container starts. */
    ConsoleSize?: [number, number] | null;
  } | null;
  /** Endpoints by network name: aliases and a fixed address (`--network-alias`, `--ip`, compose's service names). */
  NetworkingConfig?: { EndpointsConfig?: Record<string, { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null } | null> | null } | null;
}

const strSlice = (v: string[] | string | null | undefined): string[] | undefined => (v === null || v === undefined ? undefined : typeof v === 'string' ? [v] : v);

/** `-p` strings for the Engine from the API's PortBindings (`{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}`). */
function publishSpecs(bindings: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>): string[] {
  const out: string[] = [];
  for (const [key, list] of Object.entries(bindings)) {
    const [port, proto = 'tcp'] = key.split('/');
    for (const b of list?.length ? list : [{}]) {
      const ip = b.HostIp ? (b.HostIp.includes(':') ? `[${b.HostIp}]` : b.HostIp) : '';
      // "0" is "any free port" in the API, as "" is (Testcontainers sends "0").
      const host = b.HostPort && b.HostPort !== '0' ? b.HostPort : '';
      out.push(`${ip ? `${ip}:${host}:` : host ? `${host}:` : ''}${port}/${proto}`);
    }
  }
  return out;
}

/** The API's container create body as the Engine's create options (moby's ContainerCreateConfig). */
async function createOptions(ctx: DaemonContext, body: CreateBody, name: string | undefined): Promise<CreateContainerOptions> {
  if (!body.Image) throw new ApiError(400, 'No image specified');
  const hc = body.HostConfig ?? {};
  const bindings = { ...(hc.PortBindings ?? {}) };
  if (hc.PublishAllPorts) {
    const img = await ctx.engine.images.inspect(body.Image);
    for (const p of [...Object.keys(img.Config?.ExposedPorts ?? {}), ...Object.keys(body.ExposedPorts ?? {})]) {
      const key = p.includes('/') ? p : `${p}/tcp`;
      if (!bindings[key]?.length) bindings[key] = [{ HostIp: '', HostPort: '' }];
    }
  }
  const mounts: MountSpec[] = (hc.Mounts ?? []).map((m) => {
    if (m.Type !== 'bind' && m.Type !== 'volume' && m.Type !== 'tmpfs') throw new ApiError(400, `invalid mount config for type "${m.Type ?? ''}": mount type unknown`);
    if (!m.Target) throw new ApiError(400, 'invalid mount config: Target must not be empty');
    if (m.Type === 'bind' && !m.Source) throw new ApiError(400, `invalid mount config for type "bind": field Source must not be empty`);
    return { Type: m.Type, Source: m.Source ?? '', Target: m.Target, ReadOnly: !!m.ReadOnly };
  });
  for (const [target, options] of Object.entries(hc.Tmpfs ?? {})) mounts.push({ Type: 'tmpfs', Source: '', Target: target, ReadOnly: options.split(',').includes('ro') });
  const rp = hc.RestartPolicy;
  const restart = rp?.Name ? (rp.Name === 'on-failure' && rp.MaximumRetryCount ? `on-failure:${rp.MaximumRetryCount}` : rp.Name) : undefined;
  const entrypoint = strSlice(body.Entrypoint);
  const network = hc.NetworkMode && hc.NetworkMode !== 'default' ? hc.NetworkMode : undefined;
  const endpoints: Record<string, { aliases?: string[]; ip?: string }> = {};
  // The docker CLI keys the endpoint of its network mode by the mode's name: "default" is the bridge network.
  for (const [k, e] of Object.entries(body.NetworkingConfig?.EndpointsConfig ?? {})) endpoints[k === 'default' ? network ?? 'bridge' : k] = { aliases: e?.Aliases ?? undefined, ip: e?.IPAMConfig?.IPv4Address || undefined };
  return {
    image: body.Image,
    name,
    cmd: strSlice(body.Cmd),
    entrypoint: entrypoint ? entrypoint.filter((s) => s !== '') : undefined,
    env: body.Env ?? undefined,
    workingDir: body.WorkingDir || undefined,
    user: body.User || undefined,
    hostname: body.Hostname || undefined,
    tty: !!body.Tty,
    openStdin: !!body.OpenStdin,
    labels: body.Labels ?? undefined,
    binds: hc.Binds ?? undefined,
    mounts,
    publish: publishSpecs(bindings),
    ...(Object.keys(body.ExposedPorts ?? {}).length ? { exposedPorts: Object.keys(body.ExposedPorts ?? {}) } : {}),
    network,
    ...(Object.keys(endpoints).length ? { endpoints } : {}),
    restart,
    autoRemove: !!hc.AutoRemove,
    readonlyRootfs: !!hc.ReadonlyRootfs,
    init: !!hc.Init,
    stopSignal: body.StopSignal || undefined,
    stopTimeout: body.StopTimeout ?? undefined,
  };
}

/** Adds what API clients read from inspect and the Engine leaves out (networks by name, Config.Labels). */
function inspectDocument(c: ContainerInspect): Record<string, unknown> {
  const net = c.HostConfig.NetworkMode === 'default' ? 'bridge' : c.HostConfig.NetworkMode;
  const ns = c.NetworkSettings;
  return {
    ...c,
    Config: { ...c.Config, Labels: c.Config.Labels ?? {} },
    // The log driver every container has here (json-file, as the supervisor writes it); clients read it (docker-py's run).
    HostConfig: { LogConfig: { Type: 'json-file', Config: {} }, ...c.HostConfig, NetworkMode: net, PortBindings: c.HostConfig.PortBindings ?? {}, Binds: c.HostConfig.Binds ?? null },
    NetworkSettings: {
      Bridge: '', SandboxID: '', HairpinMode: false, LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0, SecondaryIPAddresses: null, SecondaryIPv6Addresses: null,
      EndpointID: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, IPPrefixLen: 0, IPv6Gateway: '', MacAddress: '',
      ...ns,
      // An engine with networks fills them; else the one network the mode names.
      Networks: ns.Networks ?? { [net]: { IPAMConfig: null, Links: null, Aliases: null, NetworkID: net, EndpointID: '', Gateway: ns.Gateway ?? '', IPAddress: ns.IPAddress ?? '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '', DriverOpts: null } },
    },
  };
}

/** Output of an attach/exec to the client: raw bytes with a TTY, stdcopy frames without. */
export function clientStreams(out: Writable, tty: boolean): { stdout: Writable; stderr: Writable } {
  const make = (kind: StdStream) => new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (out.destroyed || out.writableEnded) return cb();
      out.write(tty ? chunk : stdFrame(kind, chunk), () => cb());
    },
  });
  return { stdout: make(StdStream.Stdout), stderr: make(tty ? StdStream.Stdout : StdStream.Stderr) };
}

/** Engine ContainerSummary -> API ContainerSummary (`GET /containers/json`, `/system/df`): the fields clients read that an engine may leave out. */
export function containerSummary(c: ContainerSummary): Record<string, unknown> {
  return { Labels: {}, HostConfig: { NetworkMode: 'default' }, NetworkSettings: { Networks: {} }, ...c };
}

export function register(r: Router, ctx: DaemonContext): void {
  const { engine, state } = ctx;
  const inspect = (id: string) => engine.containers.inspect(id);
  /** Runs started with an attach waiting: their exit status, for waiters on an auto-removed container. */
  const runs = new Map<string, Promise<number | undefined>>();

  r.post('/containers/create', async (call) => {
    const body = await readJson<CreateBody>(call.body);
    if (!body) throw new ApiError(400, 'config cannot be empty in order to create a container');
    const name = call.query.get('name') || undefined;
    const opts = await createOptions(ctx, body, name);
    const res = await engine.containers.create(opts);
    const size = body.HostConfig?.ConsoleSize;
    if (body.Tty && size && size[0] > 0 && size[1] > 0) state.consoleSizes.set(res.Id, { rows: size[0], cols: size[1] });
    call.reply.json(201, { Id: res.Id, Warnings: res.Warnings });
  });

  r.get('/containers/json', async (call) => {
    const filters = filtersParam(call.query);
    const limit = intParam(call.query, 'limit');
    let rows = await engine.containers.list({ all: boolParam(call.query, 'all') || (limit !== undefined && limit > 0), size: boolParam(call.query, 'size'), filters });
    if (limit !== undefined && limit > 0) rows = rows.sort((a, b) => b.Created - a.Created).slice(0, limit);
    call.reply.json(200, rows.map(containerSummary));
  });

  r.post('/containers/prune', async (call) => {
    onlyFilters(filtersParam(call.query), [], 'container prune');
    const res = await engine.containers.prune();
    call.reply.json(200, { ContainersDeleted: res.ContainersDeleted, SpaceReclaimed: res.SpaceReclaimed });
  });

  // docker commit: the container's changes as an image (`changes` are Dockerfile instructions applied to its config).
  r.post('/commit', async (call) => {
    const q = call.query;
    const container = q.get('container');
    if (!container) throw new ApiError(400, 'container is required');
    await readJson(call.body);
    const repo = q.get('repo') ?? '';
    const tag = q.get('tag') ?? '';
    const res = await engine.containers.commit(container, {
      reference: repo ? (tag ? `${repo}:${tag}` : repo) : undefined,
      message: q.get('comment') || undefined, author: q.get('author') || undefined,
      changes: q.getAll('changes').flatMap((c) => c.split('\n')).filter((c) => c.trim()), pause: boolParam(q, 'pause', true),
    });
    call.reply.json(201, { Id: res.Id });
  });

  r.get('/containers/{id}/json', async (call) => {
    const c = await inspect(call.params.id);
    call.reply.json(200, inspectDocument(c));
  });

  r.post('/containers/{id}/start', async (call) => {
    const before = await inspect(call.params.id);
    if (before.State.Running) return call.reply.empty(304);
    const pending = state.pendingAttach.get(before.Id);
    if (!pending?.length) {
      await engine.containers.start(before.Id);
      return call.reply.empty(204);
    }
    state.pendingAttach.delete(before.Id);
    const [first, ...others] = pending;
    // docker run: the client attached before starting; the Engine starts it with that attach from the first byte.
    const size = state.consoleSizes.get(before.Id);
    state.consoleSizes.delete(before.Id);
    const run = engine.containers.startAttached(before.Id, { stdin: first.stdin, stdout: first.stdout, stderr: first.stderr, ...(size && before.Config.Tty ? { terminal: size } : {}) });
    const status = run.then((res) => {
      state.exitCodes.set(before.Id, res.StatusCode);
      first.done(res.StatusCode);
      return res.StatusCode as number | undefined;
    }, (e) => {
      first.done(undefined, e);
      return undefined;
    });
    runs.set(before.Id, status);
    void status.finally(() => setTimeout(() => runs.delete(before.Id), 60_000).unref());
    // The start answers once the process runs (or the run failed to start: that error is the answer).
    let failure: unknown;
    let settled = false;
    run.catch((e) => (failure = e)).finally(() => (settled = true));
    for (;;) {
      if (failure) throw failure;
      const now = await inspect(before.Id).catch(() => undefined);
      if (!now || now.State.Running || now.State.StartedAt !== before.State.StartedAt) break;
      if (settled) {
        if (failure) throw failure;
        break;
      }
      await new Promise((res) => setTimeout(res, 10));
    }
    for (const o of others) void attachRunning(before.Id, o);
    call.reply.empty(204);
  });

  async function attachRunning(id: string, a: PendingAttach): Promise<void> {
    try {
      const res = await engine.containers.attach(id, { stdin: a.stdin, stdout: a.stdout, stderr: a.stderr });
      a.done(res.StatusCode);
    } catch (e) {
      a.done(undefined, e);
    }
  }

  r.post('/containers/{id}/stop', async (call) => {
    const c = await inspect(call.params.id);
    if (!c.State.Running && !c.State.Restarting) return call.reply.empty(304);
    await engine.containers.stop(c.Id, { timeout: intParam(call.query, 't'), signal: call.query.get('signal') || undefined });
    call.reply.empty(204);
  });

  r.post('/containers/{id}/restart', async (call) => {
    await engine.containers.restart(call.params.id, { timeout: intParam(call.query, 't') });
    call.reply.empty(204);
  });

  r.post('/containers/{id}/kill', async (call) => {
    await engine.containers.kill(call.params.id, call.query.get('signal') || 'KILL');
    call.reply.empty(204);
  });

  r.post('/containers/{id}/pause', async (call) => {
    await engine.containers.pause(call.params.id);
    call.reply.empty(204);
  });

  r.post('/containers/{id}/unpause', async (call) => {
    await engine.containers.unpause(call.params.id);
    call.reply.empty(204);
  });

  r.post('/containers/{id}/rename', async (call) => {
    const name = call.query.get('name');
    if (!name) throw new ApiError(400, 'Error when allocating new name: name is empty');
    await engine.containers.rename(call.params.id, name);
    call.reply.empty(204);
  });

  r.post('/containers/{id}/resize', async (call) => {
    const h = intParam(call.query, 'h');
    const w = intParam(call.query, 'w');
    if (h === undefined || w === undefined) throw new ApiError(400, 'resize needs h and w');
    await engine.containers.resize(call.params.id, w, h);
    call.reply.empty(200);
  });

  r.get('/containers/{id}/top', async (call) => {
    call.reply.json(200, await engine.containers.top(call.params.id));
  });

  // docker stats: one reading (stream=false), or one a second until the client leaves.
  r.get('/containers/{id}/stats', async (call) => {
    const stream = boolParam(call.query, 'stream', true) && !boolParam(call.query, 'one-shot');
    const first = await engine.containers.stats(call.params.id, { signal: call.signal });
    if (!stream) return call.reply.json(200, first);
    const out = call.reply.stream('application/json');
    out.write(JSON.stringify(first) + '\n');
    while (!call.signal.aborted) {
      await new Promise((r) => setTimeout(r, 1000));
      if (call.signal.aborted) break;
      const s = await engine.containers.stats(call.params.id, { signal: call.signal }).catch(() => undefined);
      if (!s) break;
      out.write(JSON.stringify(s) + '\n');
    }
    if (!out.writableEnded) out.end();
  });

  r.get('/containers/{id}/changes', async (call) => {
    const d = await engine.containers.diff(call.params.id);
    call.reply.json(200, d.length ? d : null);
  });

  r.get('/containers/{id}/export', async (call) => {
    await inspect(call.params.id);
    const out = call.reply.stream('application/x-tar');
    await engine.containers.export(call.params.id, out, { signal: call.signal });
    if (!out.writableEnded) out.end();
  });

  r.delete('/containers/{id}', async (call) => {
    await engine.containers.remove(call.params.id, { force: boolParam(call.query, 'force'), volumes: boolParam(call.query, 'v') });
    call.reply.empty(204);
  });

  r.post('/containers/{id}/wait', async (call) => {
    const condition = call.query.get('condition') || 'not-running';
    if (!['not-running', 'next-exit', 'removed'].includes(condition)) throw new ApiError(400, `invalid condition: "${condition}"`);
    let last = await inspect(call.params.id);
    const id = last.Id;
    const base = last.State;
    let seenRunning = base.Running || base.Restarting;
    // The header goes out now: `docker run` starts the container only once its wait is registered.
    const out = call.reply.stream('application/json');
    let code: number | undefined;
    for (;;) {
      let cur: ContainerInspect | undefined;
      try {
        cur = await inspect(id);
      } catch (e) {
        if (!isEngineError(e, 'not-found')) throw e;
      }
      if (!cur) {
        code = (await runs.get(id)) ?? state.exitCodes.get(id) ?? last.State.ExitCode;
        break;
      }
      last = cur;
      const running = cur.State.Running || cur.State.Restarting;
      if (running) seenRunning = true;
      const exitedSince = !running && (seenRunning || cur.State.FinishedAt !== base.FinishedAt);
      if (condition === 'not-running' && !running) {
        code = cur.State.ExitCode;
        break;
      }
      if (condition === 'next-exit' && exitedSince) {
        code = (await runs.get(id)) ?? cur.State.ExitCode;
        break;
      }
      await state.nextContainerEvent(250, call.signal);
      if (call.signal.aborted) return;
    }
    out.end(JSON.stringify({ Error: null, StatusCode: code ?? 0 }) + '\n');
  });

  r.get('/containers/{id}/logs', async (call) => {
    const q = call.query;
    const stdout = boolParam(q, 'stdout');
    const stderr = boolParam(q, 'stderr');
    if (!stdout && !stderr) throw new ApiError(400, 'Bad parameters: you must choose at least one stream');
    const c = await inspect(call.params.id);
    const tail = q.get('tail');
    // `all`, a count, or a negative count (all, as dockerd reads it; Testcontainers sends -1).
    if (tail && tail !== 'all' && !/^-?\d+$/.test(tail)) throw new ApiError(400, `invalid value for tail: "${tail}"`);
    const timestamps = boolParam(q, 'timestamps');
    const tty = !!c.Config.Tty;
    const out = call.reply.stream(streamContentType(tty, call.version));
    for await (const l of engine.containers.logs(c.Id, {
      follow: boolParam(q, 'follow'), tail: tail && tail !== 'all' && Number(tail) >= 0 ? Number(tail) : undefined,
      since: timeParam(q, 'since'), until: timeParam(q, 'until'), timestamps, signal: call.signal,
    })) {
      if (call.signal.aborted) return;
      if ((l.stream === 'stdout' && !stdout) || (l.stream === 'stderr' && !stderr)) continue;
      const payload = timestamps ? Buffer.concat([Buffer.from(`${l.time} `), l.line]) : l.line;
      out.write(tty ? payload : stdFrame(l.stream === 'stderr' ? StdStream.Stderr : StdStream.Stdout, payload));
    }
    if (!out.writableEnded) out.end();
  });

  r.post('/containers/{id}/attach', async (call) => {
    const q = call.query;
    const c = await inspect(call.params.id);
    if (!boolParam(q, 'stream') && !boolParam(q, 'logs')) throw new ApiError(400, 'Bad parameters: you must choose at least one stream (stream=1 or logs=1)');
    const tty = !!c.Config.Tty;
    const wantStdin = boolParam(q, 'stdin') && !!c.Config.OpenStdin;
    const conn = call.reply.hijack(streamContentType(tty, call.version));
    const { stdout, stderr } = clientStreams(conn.output, tty);
    const quiet = new Writable({ write: (_c, _e, cb) => cb() });
    const streams = { stdin: wantStdin ? conn.input : undefined, stdout: boolParam(q, 'stdout') ? stdout : quiet, stderr: boolParam(q, 'stderr') ? stderr : quiet };
    if (!wantStdin) conn.input.resume();
    if (boolParam(q, 'logs')) {
      for await (const l of engine.containers.logs(c.Id, { signal: call.signal })) (l.stream === 'stderr' ? streams.stderr : streams.stdout).write(l.line);
    }
    if (!boolParam(q, 'stream')) return conn.close();
    await new Promise<void>((resolve) => {
      const a: PendingAttach = {
        ...streams,
        done: (_code, error) => {
          if (error && !call.signal.aborted) conn.output.write(tty ? Buffer.from(`${(error as Error).message}\n`) : stdFrame(StdStream.Systemerr, Buffer.from(`${(error as Error).message}\n`)));
          conn.close();
          resolve();
        },
      };
      if (c.State.Running) {
        engine.containers.attach(c.Id, { ...streams, signal: call.signal }).then((res) => a.done(res.StatusCode), (e) => a.done(undefined, e));
        return;
      }
      // Not started yet: the start request picks this attach up (docker run's order: attach, wait, start).
      const list = state.pendingAttach.get(c.Id) ?? [];
      list.push(a);
      state.pendingAttach.set(c.Id, list);
      call.signal.addEventListener('abort', () => {
        const l = state.pendingAttach.get(c.Id)?.filter((x) => x !== a) ?? [];
        if (l.length) state.pendingAttach.set(c.Id, l);
        else state.pendingAttach.delete(c.Id);
        resolve();
      }, { once: true });
    });
  });

  r.head('/containers/{id}/archive', async (call) => {
    const path = call.query.get('path');
    if (!path) throw new ApiError(400, 'path is required');
    const st = await engine.containers.statPath(call.params.id, path);
    call.reply.empty(200, { 'X-Docker-Container-Path-Stat': Buffer.from(JSON.stringify(st)).toString('base64'), 'Content-Type': 'application/json' });
  });

  r.get('/containers/{id}/archive', async (call) => {
    const path = call.query.get('path');
    if (!path) throw new ApiError(400, 'path is required');
    const st = await engine.containers.statPath(call.params.id, path);
    const out = call.reply.stream('application/x-tar', { 'X-Docker-Container-Path-Stat': Buffer.from(JSON.stringify(st)).toString('base64') });
    await engine.containers.copyFrom(call.params.id, path, out);
    if (!out.writableEnded) out.end();
  });

  r.put('/containers/{id}/archive', async (call) => {
    const path = call.query.get('path');
    if (!path) throw new ApiError(400, 'path is required');
    await engine.containers.copyTo(call.params.id, path, call.body);
    call.reply.empty(200);
  });

}
