import Docker from 'dockerode';
import type { Duplex, Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { compareVersions } from '../../core/dockerWire';
import { codeForHttpStatus, EngineError } from '../../core/errors';
import { DockerEndpoint, modemOptions } from './connection';

/** The oldest Engine API this engine speaks (dockerd 20.10) and the newest it knows. */
export const MIN_API = '1.41';
export const MAX_API = '1.47';


const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EACCES', 'ECONNABORTED', 'ERR_SOCKET_CLOSED']);

/** A TLS failure on either side: the server's certificate not trusted here, or ours refused there (an SSL alert). */
function isTlsError(err: { code?: string; message?: string } | undefined): boolean {
  const code = err?.code ?? '';
  return /^(ERR_SSL_|ERR_TLS_)|CERT|SIGNATURE|UNABLE_TO_(GET|VERIFY)/.test(code) || /SSL routines|alert (bad|unknown) certificate|certificate required/i.test(err?.message ?? '');
}

interface ModemError extends Error {
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | Buffer | string | null;
  code?: string;
}

const PODMAN_CONFLICTS = /name is already in use|container state improper|is running: stop the container/;

/** The daemon's message from a modem error: its JSON `message`, else the raw body, else the reason. */
function daemonMessage(e: ModemError): string {
  const j = e.json;
  if (j && typeof j === 'object' && !Buffer.isBuffer(j) && typeof j.message === 'string') return j.message;
  if (Buffer.isBuffer(j) && j.length) return j.toString('utf8').trim();
  if (typeof j === 'string' && j) return j.trim();
  // Streamed responses carry the daemon's message only in the modem's text: "(HTTP code 500) server error - MESSAGE ".
  const m = /^\(HTTP code \d+\) .*? - ([\s\S]*\S)\s*$/.exec(e.message ?? '');
  if (m) return m[1];
  return e.reason ?? e.message;
}

/**
 * One connection to a Docker daemon: dockerode's modem, the negotiated API version, and every
 * failure turned into an EngineError (HTTP status to code; an unreachable daemon to `unavailable`
 * with the endpoint and what to do).
 */
export class DockerClient {
  readonly docker: Docker;
  private negotiated?: Promise<string>;
  apiVersion?: string;

  constructor(readonly endpoint: DockerEndpoint, env: NodeJS.ProcessEnv = process.env) {
    this.docker = new Docker(modemOptions(endpoint, env));
  }

  get modem(): Docker['modem'] & { version?: string; dial: (o: object, cb: (err: unknown, res: unknown) => void) => void } {
    return this.docker.modem as never;
  }

  /** Maps any failure to an EngineError. */
  error(e: unknown, what?: string): EngineError {
    if (e instanceof EngineError) return e;
    const err = e as ModemError;
    if (err?.name === 'AbortError' || err?.code === 'ABORT_ERR') return new EngineError('cancelled', `${what ?? 'operation'} cancelled`);
    if (typeof err?.statusCode === 'number') {
      const message = daemonMessage(err);
      // Podman's compatible API answers some of Docker's 409 conflicts with a 500 (a taken name,
      // removing a running container): the same situations get the same code from either daemon.
      if (err.statusCode === 500 && PODMAN_CONFLICTS.test(message)) return new EngineError('conflict', message, { cause: e });
      return new EngineError(codeForHttpStatus(err.statusCode), message, { cause: e });
    }
    const sys = err?.code;
    if (isTlsError(err)) {
      const material = this.endpoint.tls?.cert ? 'the client certificate' : 'no client certificate';
      return new EngineError('unavailable', `Cannot connect to the Docker daemon at ${this.endpoint.host} (from ${this.endpoint.source}): TLS handshake failed (${material}): ${err.message}. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem signed by the daemon's --tlscacert) and DOCKER_TLS_VERIFY`, { cause: e });
    }
    if ((sys && CONNECTION_ERRORS.has(sys)) || /socket hang up|connect|ECONNREFUSED|All configured authentication methods failed|Host denied/i.test(err?.message ?? '')) {
      // A refusal on this side (an ssh host key known_hosts does not list) says why, and nothing else helps.
      if (this.endpoint.problem) return new EngineError('unavailable', `Cannot connect to the Docker daemon at ${this.endpoint.host} (from ${this.endpoint.source}): ${this.endpoint.problem}`, { cause: e });
      const hint = sys === 'EACCES'
        ? 'permission denied on the socket: add yourself to the docker group or use a rootless daemon'
        : 'Is the docker daemon running? Set stevedore.docker.host / DOCKER_HOST or `docker context use` to point at another one';
      return new EngineError('unavailable', `Cannot connect to the Docker daemon at ${this.endpoint.host} (from ${this.endpoint.source}): ${err?.message ?? String(e)}. ${hint}`, { cause: e });
    }
    return new EngineError('internal', `${what ? what + ': ' : ''}${err?.message ?? String(e)}`, { cause: e });
  }

  /**
   * Version negotiation (the docker CLI's): ask `/version` unversioned, then use the lower of the
   * daemon's API version and the newest this client knows; refuse daemons older than 1.41.
   * A failed attempt is forgotten, so a daemon that comes back is negotiated with again.
   */
  negotiate(): Promise<string> {
    if (!this.negotiated) {
      this.negotiated = (async () => {
        const v = (await this.raw<{ ApiVersion?: string; Version?: string }>('GET', '/version')) ?? {};
        const server = v.ApiVersion ?? MIN_API;
        if (compareVersions(server, MIN_API) < 0) {
          throw new EngineError('unavailable', `the Docker daemon at ${this.endpoint.host} speaks API ${server} (Docker ${v.Version ?? '?'}); Stevedore needs API ${MIN_API} or later (Docker 20.10+)`);
        }
        const use = compareVersions(server, MAX_API) > 0 ? MAX_API : server;
        this.modem.version = `v${use}`;
        this.apiVersion = use;
        return use;
      })();
      this.negotiated.catch(() => (this.negotiated = undefined));
    }
    return this.negotiated;
  }

  /** Forgets the negotiated version (after a connection drop: the daemon may have been upgraded). */
  forget(): void {
    this.negotiated = undefined;
  }

  /** At least this API version was negotiated. */
  atLeast(v: string): boolean {
    return !!this.apiVersion && compareVersions(this.apiVersion, v) >= 0;
  }

  private raw<T>(method: string, path: string, o: CallOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const query = o.query ? Object.fromEntries(Object.entries(o.query).filter(([, v]) => v !== undefined)) : undefined;
      const options = method === 'POST' || method === 'PUT'
        ? { _query: query ?? {}, _body: o.body ?? {} }
        : query ?? {};
      const statusCodes: Record<number, boolean | string> = { 200: true, 201: true, 204: true, 304: true, 400: 'bad parameter', 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 409: 'conflict', 500: 'server error', 501: 'not implemented', 503: 'unavailable' };
      this.modem.dial({
        path: `${path}?`,
        method,
        options,
        statusCodes,
        isStream: !!o.stream,
        hijack: !!o.hijack,
        // A hijacked request still sends a (small JSON) body with a length, so the request ends
        // and the headers go out at once; the upgraded socket stays open both ways.
        ...(o.hijack || o.sendEmptyBody ? { allowEmpty: true } : {}),
        ...(o.file ? { file: o.file } : {}),
        ...(o.authconfig ? { authconfig: o.authconfig } : {}),
        ...(o.signal ? { abortSignal: o.signal } : {}),
        ...(o.headers ? { headers: o.headers } : {}),
      }, (err, res) => (err ? reject(this.error(err)) : resolve(res as T)));
    });
  }

  /**
   * Set by a caller that shows lists while the daemon is away (the UI's views, through
   * DockerEngineOptions.whenUnreachable): list calls then give [] on `unavailable` and report why.
   */
  whenUnreachable?: (reason: string) => void;

  /** A list call under the `whenUnreachable` rule. */
  async listing<T>(list: Promise<T[]>): Promise<T[]> {
    if (!this.whenUnreachable) return list;
    try {
      return await list;
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'unavailable') throw e;
      this.whenUnreachable(e.message);
      return [];
    }
  }

  /** A JSON call, after negotiation. */
  async call<T>(method: string, path: string, o: CallOptions = {}): Promise<T> {
    try {
      await this.negotiate();
    } catch (e) {
      throw this.error(e);
    }
    return this.raw<T>(method, path, o);
  }

  /** A call whose response body is a stream (logs, events, save, export, progress). */
  stream(method: string, path: string, o: CallOptions = {}): Promise<Readable> {
    return this.call<Readable>(method, path, { ...o, stream: true });
  }

  /** An upgraded connection (attach, exec start): raw socket in both directions. */
  hijack(path: string, o: CallOptions = {}): Promise<Duplex> {
    return this.call<Duplex>('POST', path, { ...o, stream: true, hijack: true, headers: { 'Content-Type': 'application/json', ...o.headers } });
  }
}

export interface CallOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  stream?: boolean;
  hijack?: boolean;
  file?: Readable;
  authconfig?: object | { base64: string };
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Send the JSON body even when it is `{}` (the modem drops empty bodies; Podman's /commit needs one). */
  sendEmptyBody?: boolean;
}

/**
 * Streams a response body into `out`. A failure on the writing side (a closed pipe: `| head`) is
 * the caller's, and passes through as it is; one on the reading side is the daemon's.
 */
export async function pipeTo(c: DockerClient, body: Readable, out: Writable, what: string): Promise<void> {
  let outError: unknown;
  out.once('error', (e) => (outError = e));
  try {
    await pipeline(body, out, { end: out !== process.stdout && out !== process.stderr });
  } catch (e) {
    if (outError || (e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' && out.destroyed) throw outError ?? e;
    throw c.error(e, what);
  }
}

/** Splits a stream of newline-separated JSON messages (progress, events, load) into objects. */
export async function* jsonMessages<T = Record<string, unknown>>(stream: Readable): AsyncGenerator<T> {
  let buf = '';
  for await (const chunk of stream) {
    buf += (chunk as Buffer).toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (!line) continue;
      try {
        yield JSON.parse(line) as T;
      } catch {
        // a partial line is completed by the next chunk; a non-JSON line is skipped
      }
    }
  }
  if (buf.trim()) {
    try {
      yield JSON.parse(buf) as T;
    } catch {
      // ignore a torn tail
    }
  }
}
