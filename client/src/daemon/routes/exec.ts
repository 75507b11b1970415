import { Writable } from 'stream';
import type { DaemonContext, ExecInstance } from '../context';
import type { Router } from '../router';
import { clientStreams } from './containers';
import { StdStream, stdFrame } from '../../core/dockerWire';
import { ApiError, intParam, readJson, streamContentType } from '../wire';

/**
 * Exec instances: the API creates, starts (hijacked), resizes and inspects them as separate
 * requests; the Engine runs an exec as one call, so the instance lives here between requests.
 */
export function register(r: Router, { engine, state }: DaemonContext): void {
  r.post('/containers/{id}/exec', async (call) => {
    const body = await readJson<ExecInstance['config']>(call.body);
    if (!body) throw new ApiError(400, 'exec config cannot be empty');
    const cmd = typeof body.Cmd === 'string' ? [body.Cmd] : body.Cmd;
    if (!Array.isArray(cmd) || !cmd.length) throw new ApiError(400, 'No exec command specified');
    const c = await engine.containers.inspect(call.params.id);
    if (c.State.Paused) throw new ApiError(409, `Container ${c.Id} is paused, unpause the container before exec`);
    if (!c.State.Running) throw new ApiError(409, `Container ${c.Id} is not running`);
    const inst = state.newExec(c.Id, { ...body, Cmd: cmd });
    // API >= 1.42: the caller's terminal size, [rows, cols], for a TTY exec from its first byte.
    const size = (body as { ConsoleSize?: [number, number] | null }).ConsoleSize;
    if (body.Tty && size && size[0] > 0 && size[1] > 0) inst.size = { rows: size[0], cols: size[1], listeners: new Set() };
    call.reply.json(201, { Id: inst.id });
  });

  const find = (id: string): ExecInstance => {
    const inst = state.execs.get(id);
    if (!inst) throw new ApiError(404, `No such exec instance: ${id}`);
    return inst;
  };

  r.post('/exec/{id}/start', async (call) => {
    const inst = find(call.params.id);
    const body = (await readJson<{ Detach?: boolean; Tty?: boolean; ConsoleSize?: [number, number] | null }>(call.body)) ?? {};
    if (inst.started) throw new ApiError(409, `exec ${inst.id} has already been started`);
    inst.started = true;
    inst.running = true;
    const tty = !!(body.Tty ?? inst.config.Tty);
    if (tty && body.ConsoleSize && body.ConsoleSize[0] > 0) inst.size = { rows: body.ConsoleSize[0], cols: body.ConsoleSize[1], listeners: inst.size?.listeners ?? new Set() };
    const opts = { ...state.execOptions(inst), tty };
    if (body.Detach) {
      const run = engine.containers.exec(inst.containerId, { ...opts, detach: true });
      void run.then((res) => Object.assign(inst, { exitCode: res.ExitCode, running: false }), () => Object.assign(inst, { exitCode: 126, running: false }));
      return call.reply.empty(200);
    }
    const conn = call.reply.hijack(streamContentType(tty, call.version));
    const { stdout, stderr } = clientStreams(conn.output, tty);
    const quiet = new Writable({ write: (_c, _e, cb) => cb() });
    if (!inst.config.AttachStdin) conn.input.resume();
    inst.size ??= tty ? { cols: 80, rows: 24, listeners: new Set() } : undefined;
    const size = inst.size;
    try {
      const res = await engine.containers.exec(inst.containerId, {
        ...opts,
        stdin: inst.config.AttachStdin ? conn.input : undefined,
        stdout: inst.config.AttachStdout === false ? quiet : stdout,
        stderr: inst.config.AttachStderr === false ? quiet : stderr,
        terminal: size ? { cols: size.cols, rows: size.rows, onResize: (l) => (size.listeners.add(l), { dispose: () => size.listeners.delete(l) }) } : undefined,
        signal: call.signal,
      });
      inst.exitCode = res.ExitCode;
    } catch (e) {
      // The stream is open: dockerd writes a start failure into it and records exit code 126/127.
      inst.exitCode = (e as { status?: number }).status === 127 ? 127 : 126;
      const msg = Buffer.from(`${(e as Error).message}\r\n`);
      if (!conn.output.destroyed) conn.output.write(tty ? msg : stdFrame(StdStream.Stderr, msg));
    } finally {
      inst.running = false;
      conn.close();
    }
  });

  r.post('/exec/{id}/resize', async (call) => {
    const inst = find(call.params.id);
    const h = intParam(call.query, 'h');
    const w = intParam(call.query, 'w');
    if (h === undefined || w === undefined) throw new ApiError(400, 'resize needs h and w');
    if (!inst.config.Tty) throw new ApiError(400, `exec ${inst.id} has no terminal`);
    if (!inst.size) inst.size = { cols: w, rows: h, listeners: new Set() };
    else {
      inst.size.cols = w;
      inst.size.rows = h;
      for (const l of inst.size.listeners) l(w, h);
    }
    call.reply.empty(200);
  });

  r.get('/exec/{id}/json', async (call) => {
    const inst = find(call.params.id);
    const c = inst.config;
    call.reply.json(200, {
      ID: inst.id, Running: inst.running, ExitCode: inst.running || !inst.started ? null : inst.exitCode,
      ProcessConfig: { tty: !!c.Tty, entrypoint: c.Cmd[0], arguments: c.Cmd.slice(1), privileged: !!c.Privileged, user: c.User ?? '' },
      OpenStdin: !!c.AttachStdin, OpenStderr: c.AttachStderr !== false, OpenStdout: c.AttachStdout !== false,
      CanRemove: false, ContainerID: inst.containerId, DetachKeys: '', Pid: 0,
    });
  });
}
