import * as grpc from '@grpc/grpc-js';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as protobuf from 'protobufjs';
import type { Duplex } from 'stream';
import type { BuildProgress, BuildStep } from '../build/api';
import type { CredentialStore } from '../credentials/store';
import { EngineError } from '../../core/errors';
import { parseNormalizedNamed } from '../../core/reference';
import type { DockerClient } from './client';

/**
 * BuildKit through the Docker Engine API: `POST /build?version=2` answers with JSON messages whose
 * `moby.buildkit.trace` aux is a base64 protobuf `moby.buildkit.v1.StatusResponse` (vertexes,
 * statuses, logs), and the build calls back into the client over a session (`POST /session`,
 * upgraded to HTTP/2, on which the client is the gRPC server) for registry logins and secrets.
 *
 * The messages are described here as a protobufjs JSON descriptor of only the fields read or
 * written, instead of BuildKit's .proto files: the bundle (dist/docker.js) then needs no .proto
 * files beside it at run time, and fields BuildKit adds later are skipped by the decoder.
 */
const proto = protobuf.Root.fromJSON({
  nested: {
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { type: 'Timestamp', id: 5 },
        completed: { type: 'Timestamp', id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexLog: {
      fields: {
        vertex: { type: 'string', id: 1 },
        stream: { type: 'int64', id: 3 },
        msg: { type: 'bytes', id: 4 },
      },
    },
    Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
    // moby.buildkit.secrets.v1
    GetSecretRequest: { fields: { ID: { type: 'string', id: 1 } } },
    GetSecretResponse: { fields: { data: { type: 'bytes', id: 1 } } },
    // moby.filesync.v1 (Auth)
    CredentialsRequest: { fields: { Host: { type: 'string', id: 1 } } },
    CredentialsResponse: { fields: { Username: { type: 'string', id: 1 }, Secret: { type: 'string', id: 2 } } },
    // grpc.health.v1 (ServingStatus is an enum; SERVING = 1 encodes as this varint)
    HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
    HealthCheckResponse: { fields: { status: { type: 'int32', id: 1 } } },
  },
});

interface Vertex {
  digest: string;
  name?: string;
  cached?: boolean;
  started?: object;
  completed?: object;
  error?: string;
}

interface StatusResponse {
  vertexes?: Vertex[];
  logs?: Array<{ vertex: string; stream?: number; msg?: Uint8Array }>;
}

const StatusResponseType = proto.lookupType('StatusResponse');

/** One `moby.buildkit.trace` aux payload, decoded. */
export function decodeStatus(aux: string): StatusResponse {
  return StatusResponseType.toObject(StatusResponseType.decode(Buffer.from(aux, 'base64')), { longs: Number }) as StatusResponse;
}

// ---- builder choice ----------------------------------------------------------------------------

export type DockerBuilderChoice = 'auto' | 'buildkit' | 'classic';

/** `DOCKER_BUILDKIT` as the docker CLI reads it (a boolean; unset or empty: no choice). */
export function builderFromEnv(env: NodeJS.ProcessEnv): DockerBuilderChoice | undefined {
  const v = env.DOCKER_BUILDKIT?.trim().toLowerCase();
  if (!v) return undefined;
  if (['1', 't', 'true'].includes(v)) return 'buildkit';
  if (['0', 'f', 'false'].includes(v)) return 'classic';
  throw new EngineError('invalid-argument', `DOCKER_BUILDKIT environment variable expects boolean value: "${env.DOCKER_BUILDKIT}"`);
}

/**
 * Which builder a build uses: an explicit `buildkit` or `classic` (the build's, else the engine's
 * `stevedore.docker.builder`), else `DOCKER_BUILDKIT`, else BuildKit unless the daemon cannot
 * (a Windows daemon has none), as the docker CLI since 23.0 decides.
 */
export async function chooseBuilder(c: DockerClient, choices: Array<DockerBuilderChoice | undefined>, env: NodeJS.ProcessEnv): Promise<'buildkit' | 'classic'> {
  const explicit = choices.find((x) => x && x !== 'auto') ?? builderFromEnv(env);
  if (explicit === 'buildkit' || explicit === 'classic') return explicit;
  const v = await c.call<{ Os?: string }>('GET', '/version');
  return (v.Os ?? 'linux') === 'windows' ? 'classic' : 'buildkit';
}

// ---- session -----------------------------------------------------------------------------------

function unary(path: string, req: string, res: string): grpc.MethodDefinition<Record<string, unknown>, Record<string, unknown>> {
  const rq = proto.lookupType(req);
  const rs = proto.lookupType(res);
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (v) => Buffer.from(rq.encode(rq.fromObject(v)).finish()),
    requestDeserialize: (b) => rq.toObject(rq.decode(b)),
    responseSerialize: (v) => Buffer.from(rs.encode(rs.fromObject(v)).finish()),
    responseDeserialize: (b) => rs.toObject(rs.decode(b)),
  };
}

const SERVICES = {
  health: { Check: unary('/grpc.health.v1.Health/Check', 'HealthCheckRequest', 'HealthCheckResponse') },
  auth: { Credentials: unary('/moby.filesync.v1.Auth/Credentials', 'CredentialsRequest', 'CredentialsResponse') },
  secrets: { GetSecret: unary('/moby.buildkit.secrets.v1.Secrets/GetSecret', 'GetSecretRequest', 'GetSecretResponse') },
};

export interface BuildSession {
  id: string;
  close(): void;
}

type Handler = grpc.handleUnaryCall<Record<string, unknown>, Record<string, unknown>>;

/**
 * Opens a BuildKit session on the daemon: `POST /session` upgraded to h2c, on which the daemon is
 * the gRPC client and we serve the health check (BuildKit drops a session whose health check
 * fails), registry credentials (Auth.Credentials, from the engine's credential store: BuildKit
 * asks through the session, not X-Registry-Config) and secrets (the files of `--secret`).
 * dockerode 5 opens a session for `buildImage` too, but serves only Auth and no health check, so a
 * build that runs longer than BuildKit's first health check loses it; hence this one.
 */
export async function openSession(c: DockerClient, o: { secrets?: Record<string, string>; credentials?: CredentialStore; signal?: AbortSignal }): Promise<BuildSession> {
  await c.negotiate();
  const id = crypto.randomUUID();
  const methods = Object.values(SERVICES).flatMap((s) => Object.values(s).map((m) => m.path));
  const socket = await new Promise<Duplex>((resolve, reject) => {
    c.modem.dial({
      path: '/session?',
      method: 'POST',
      hijack: true,
      headers: {
        Upgrade: 'h2c',
        'X-Docker-Expose-Session-Uuid': id,
        'X-Docker-Expose-Session-Name': 'stevedore',
        'X-Docker-Expose-Session-Sharedkey': '',
        'X-Docker-Expose-Session-Grpc-Method': methods,
      },
      statusCodes: { 101: true, 200: true, 400: 'bad parameter', 404: 'not found', 500: 'server error', 501: 'not implemented' },
      ...(o.signal ? { abortSignal: o.signal } : {}),
    }, (err, res) => (err ? reject(c.error(err, 'session')) : resolve(res as Duplex)));
  });
  const server = new grpc.Server();
  const health: Handler = (_call, cb) => cb(null, { status: 1 });
  const credentials: Handler = (call, cb) => {
    void (async () => {
      const host = String(call.request.Host ?? '');
      let domain = host;
      try {
        domain = parseNormalizedNamed(`${host}/x`).domain;
      } catch {
        // not a registry host name: look it up as given
      }
      const a = await o.credentials?.get(domain).catch(() => undefined);
      // BuildKit takes an empty username with a secret as an identity token.
      if (a?.identityToken) return { Username: '', Secret: a.identityToken };
      return a ? { Username: a.username ?? '', Secret: a.password ?? '' } : {};
    })().then((r) => cb(null, r), (e: Error) => cb({ code: grpc.status.INTERNAL, details: e.message }));
  };
  const getSecret: Handler = (call, cb) => {
    const sid = String(call.request.ID ?? '');
    const file = o.secrets?.[sid];
    if (file === undefined) {
      cb({ code: grpc.status.NOT_FOUND, details: `secret ${sid} not found` });
      return;
    }
    fs.readFile(file, (err, data) => (err ? cb({ code: grpc.status.NOT_FOUND, details: `secret ${sid}: ${err.message}` }) : cb(null, { data })));
  };
  server.addService(SERVICES.health, { Check: health });
  server.addService(SERVICES.auth, { Credentials: credentials });
  server.addService(SERVICES.secrets, { GetSecret: getSecret });
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  injector.injectConnection(socket);
  let closed = false;
  return {
    id,
    close: () => {
      if (closed) return;
      closed = true;
      server.forceShutdown();
      socket.destroy();
    },
  };
}

// ---- progress ----------------------------------------------------------------------------------

interface Instr {
  start: number;
  end: number;
  text: string;
}

interface VertexState {
  name: string;
  /** A Dockerfile step (`[stage-0 2/5] RUN ...`), not an internal vertex (`[internal] load ...`). */
  step?: { index: number; stage: number; startLine: number; endLine: number; record: BuildStep };
  started?: boolean;
  cached?: boolean;
  done?: boolean;
  error?: string;
  /** The end of a log line not yet terminated. */
  partial: string;
}

/**
 * Turns BuildKit's vertex updates into the BuildProgress events the classic path reports: a
 * numbered vertex is a Dockerfile step, found in the Dockerfile by its stage (`stage-N` or the
 * `AS` name) and the next instruction of that stage with its keyword; its logs are `output`
 * lines; a vertex error is that step's `error`.
 */
export class BuildkitProgress {
  readonly steps: BuildStep[] = [];
  private readonly vertexes = new Map<string, VertexState>();
  private readonly stages: Array<{ name?: string; instrs: Instr[]; cursor: number }> = [];
  private readonly totals = new Map<string, number>();
  private started = 0;
  /** The step that failed, for the build's error message. */
  failed?: { name: string; startLine: number; error: string };

  constructor(instrs: Instr[], private readonly target: string | undefined, private readonly onProgress?: (e: BuildProgress) => void) {
    for (const i of instrs) {
      if (/^FROM\s/i.test(i.text) || !this.stages.length) {
        this.stages.push({ name: /\sAS\s+(\S+)\s*$/i.exec(i.text)?.[1]?.toLowerCase(), instrs: [], cursor: 0 });
      }
      this.stages[this.stages.length - 1].instrs.push(i);
    }
  }

  update(s: StatusResponse): void {
    for (const v of s.vertexes ?? []) this.vertex(v);
    for (const l of s.logs ?? []) {
      const st = this.vertexes.get(l.vertex);
      if (!st) continue;
      const text = st.partial + Buffer.from(l.msg ?? []).toString('utf8');
      const lines = text.split(/\r?\n/);
      st.partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.emit(st, 'output', line);
    }
  }

  /** Logs still without a newline, at the end. */
  flush(): void {
    for (const st of this.vertexes.values()) {
      if (st.partial.trim()) this.emit(st, 'output', st.partial);
      st.partial = '';
    }
  }

  private total(): number {
    let n = 0;
    for (const t of this.totals.values()) n += t;
    return n;
  }

  private emit(st: VertexState, status: BuildProgress['status'], message?: string): void {
    this.onProgress?.({
      step: st.step?.index ?? 0, total: this.total(), name: st.name,
      startLine: st.step?.startLine ?? 0, endLine: st.step?.endLine ?? 0, status,
      ...(message !== undefined ? { message } : {}),
    });
  }

  private stageOf(prefix: string): number {
    const words = prefix.trim().split(/\s+/).filter(Boolean);
    const name = words[words.length - 1]?.toLowerCase();
    const n = name ? /^stage-(\d+)$/.exec(name) : null;
    if (n && Number(n[1]) < this.stages.length) return Number(n[1]);
    const named = name ? this.stages.findIndex((s) => s.name === name) : -1;
    if (named >= 0) return named;
    const target = this.target ? this.stages.findIndex((s) => s.name === this.target!.toLowerCase()) : -1;
    return target >= 0 ? target : Math.max(0, this.stages.length - 1);
  }

  private vertex(v: Vertex): void {
    let st = this.vertexes.get(v.digest);
    if (!st) {
      st = { name: v.name ?? '', partial: '' };
      this.vertexes.set(v.digest, st);
      const m = /^\[([^\]]*?)\s*(\d+)\/(\d+)\]\s+(.*)$/s.exec(st.name);
      if (m) {
        const stage = this.stageOf(m[1]);
        this.totals.set(m[1].trim() || `stage-${stage}`, Number(m[3]));
        const text = m[4];
        const keyword = text.split(/\s/, 1)[0].toUpperCase();
        const s = this.stages[stage];
        let at = s ? s.instrs.findIndex((i, k) => k >= s.cursor && i.text.split(/\s/, 1)[0].toUpperCase() === keyword) : -1;
        if (at >= 0) s.cursor = at + 1;
        else at = 0;
        const instr = s?.instrs[at] ?? { start: 0, end: 0 };
        const record: BuildStep = { stage, instruction: text, startLine: instr.start, endLine: instr.end, cached: false };
        st.step = { index: 0, stage, startLine: instr.start, endLine: instr.end, record };
      }
    }
    if (!st.step) {
      if (v.error && !st.error) st.error = v.error;
      return;
    }
    if ((v.started || v.cached) && !st.started) {
      st.started = true;
      st.step.index = ++this.started;
      this.steps.push(st.step.record);
      this.emit(st, 'start');
    }
    if (v.cached && !st.cached) {
      st.cached = true;
      st.step.record.cached = true;
      this.emit(st, 'cached');
    }
    if (v.error && !st.error) {
      st.error = v.error;
      this.failed ??= { name: st.name, startLine: st.step.startLine, error: v.error };
      this.emit(st, 'error', v.error);
    } else if (v.completed && !st.done && !v.error) {
      st.done = true;
      this.emit(st, 'done');
    }
  }
}
