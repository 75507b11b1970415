import * as http from 'http';
import * as https from 'https';
import { Readable } from 'stream';
import { EngineError } from '../../core/errors';
import { STEVEDORE_VERSION } from '../../core/version';
import { extraCaCerts } from '../extraCa';

/**
 * One HTTP exchange with Node's own http/https (no dependency needed; it gives us streaming
 * bodies, socket idle timeouts and AbortSignal). Retries, auth and redirects live in
 * client.ts; this layer only sends and classifies failures.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
  url: URL;
}

export interface SendOptions {
  method: string;
  headers?: Record<string, string>;
  /** A buffer, or a factory for a fresh stream (so the request can be replayed after a 401 or a retry). */
  body?: Buffer | (() => Readable);
  signal?: AbortSignal;
  /** Socket idle timeout: a server that stops sending for this long counts as a dropped connection. */
  idleTimeoutMs: number;
  rejectUnauthorized?: boolean;
  /** An https agent carrying a registry's own CA / client certificate (certs.d). */
  agent?: https.Agent;
}

/** A network-level failure worth retrying (reset, refused, timed out, premature end). */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

// Made on the first request, not when the module loads (which would load http and https into
// every CLI command, see esbuild.js).
let agents: { http: http.Agent; https: https.Agent; insecure: https.Agent } | undefined;
const agent = () => (agents ??= {
  http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16, ca: extraCaCerts() }),
  insecure: new https.Agent({ keepAlive: true, maxSockets: 16, rejectUnauthorized: false }),
});

/** Closes idle keep-alive sockets (call when a CLI command is done). */
export function closeIdleConnections(): void {
  if (agents) for (const a of Object.values(agents)) a.destroy();
}

/** `30 s`, `500 ms`. */
function seconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export function toTransportError(e: unknown, url: URL, signal?: AbortSignal): Error {
  if (signal?.aborted) return new EngineError('cancelled', 'operation cancelled');
  if (e instanceof EngineError || e instanceof TransientError) return e;
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const msg = (e as Error)?.message ?? String(e);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new EngineError('unavailable', `cannot resolve registry host ${url.host}: check the name and your network`);
  }
  if (/CERT|SSL|TLS|self.signed|UNABLE_TO_VERIFY/i.test(code + msg)) {
    return new EngineError('unavailable', `TLS handshake with ${url.host} failed (${code || msg}); if this registry uses plain HTTP or a private CA, mark it insecure`);
  }
  // A body cut by the other side: Node calls it "aborted" with code ECONNRESET.
  if (msg === 'aborted') return new TransientError(`registry ${url.host} closed the connection in the middle of an answer`, 'ECONNRESET');
  if (code === 'ECONNRESET') return new TransientError(`registry ${url.host} reset the connection (ECONNRESET)`, code);
  return new TransientError(`connection to ${url.host} failed: ${code || msg}`, code || 'ECONNRESET');
}

export function send(url: URL, opts: SendOptions): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new EngineError('cancelled', 'operation cancelled'));
    const isHttps = url.protocol === 'https:';
    const headers: Record<string, string> = { 'user-agent': `stevedore/${STEVEDORE_VERSION}`, ...(opts.headers ?? {}) };
    if (Buffer.isBuffer(opts.body)) headers['content-length'] = String(opts.body.length);
    const reqOpts: https.RequestOptions = {
      method: opts.method,
      headers,
      agent: isHttps ? (opts.rejectUnauthorized === false ? agent().insecure : (opts.agent ?? agent().https)) : agent().http,
      signal: opts.signal,
    };
    let response: http.IncomingMessage | undefined;
    const req = (isHttps ? https : http).request(url, reqOpts, (res) => {
      response = res;
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, url });
    });
    // One deadline for silence, before and during the body: the body's reader gets this error
    // (not the bare ECONNRESET the destroyed socket would give it).
    // A body the registry stopped taking (an upload that backs up in the socket) counts too.
    req.setTimeout(opts.idleTimeoutMs, () => {
      const deadline = seconds(opts.idleTimeoutMs);
      const err = new TransientError(
        !response && opts.body !== undefined && !req.writableFinished
          ? `registry ${url.host} stopped reading the upload (no progress for ${deadline})`
          : `registry ${url.host} stopped responding ${response ? 'in the middle of its answer' : 'before answering'} (no data for ${deadline})`,
        'ETIMEDOUT',
      );
      response?.destroy(err);
      req.destroy(err);
    });
    req.on('error', (e) => reject(toTransportError(e, url, opts.signal)));
    if (opts.body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(opts.body)) {
      req.end(opts.body);
    } else {
      const stream = opts.body();
      stream.on('error', (e) => req.destroy(e));
      stream.pipe(req);
    }
  });
}

/** Reads a (small) response body fully, capped at `limit` bytes. */
export async function readBody(res: RawResponse, limit: number, signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body) {
      total += (chunk as Buffer).length;
      if (total > limit) {
        res.body.destroy();
        throw new EngineError('corrupt', `response from ${res.url.host} is larger than the ${limit}-byte limit`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    throw toTransportError(e, res.url, signal);
  }
  return Buffer.concat(chunks);
}

/** Discards a response body so the socket can be reused. */
export function drain(res: RawResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.body.readableEnded || res.body.destroyed) return resolve();
    res.body.on('end', resolve);
    res.body.on('error', () => resolve());
    res.body.on('close', resolve);
    res.body.resume();
  });
}
