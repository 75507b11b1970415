import type { IncomingHttpHeaders, ServerResponse } from 'http';
import type { Socket } from 'net';
import { PassThrough, Readable, Writable } from 'stream';
import { ApiError, errorStatus, MAX_API_VERSION } from './wire';
import { STEVEDORE_VERSION } from '../core/version';

/**
 * One API request as the routes see it, whether it came as a plain HTTP request (answered
 * through Node's ServerResponse) or as an `Upgrade: tcp` request (answered on the raw socket,
 * which attach and exec then keep as their stream: moby's "hijacked" connection).
 */
export interface Call {
  readonly method: string;
  /** The path without its `/vX.Y` prefix. */
  readonly path: string;
  /** The API version the client asked for (the newest when the path had none). */
  readonly version: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The request body (for an upgrade request: exactly Content-Length bytes). */
  readonly body: Readable;
  /** Fires when the client goes away before the answer is complete. */
  readonly signal: AbortSignal;
  readonly reply: Reply;
}

/** How a route answers. Exactly one of json/empty/stream/hijack per call. */
export interface Reply {
  readonly sent: boolean;
  json(status: number, value: unknown, headers?: Record<string, string>): void;
  empty(status: number, headers?: Record<string, string>): void;
  /** Starts a streamed 200 answer (chunked on HTTP/1.1, or until close on a raw socket). */
  stream(contentType: string, headers?: Record<string, string>): Writable;
  /**
   * Takes over the connection: `101 UPGRADED` on an upgrade request, else a 200 whose body is
   * the output stream (stdin then comes from the request body). Returns the two directions.
   */
  hijack(contentType: string): { input: Readable; output: Writable; close(): void };
  /** An error as dockerd answers it (`{"message": ...}` with its status); after a stream started it can only end the connection. */
  error(e: unknown): void;
}

const commonHeaders = (): Record<string, string> => ({
  'Api-Version': MAX_API_VERSION,
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: `Stevedore/${STEVEDORE_VERSION} (linux)`,
});

/** Reply over Node's ServerResponse. */
export class HttpReply implements Reply {
  constructor(private readonly res: ServerResponse, private readonly req: Readable) {}
  get sent(): boolean {
    return this.res.headersSent;
  }
  json(status: number, value: unknown, headers: Record<string, string> = {}): void {
    const body = JSON.stringify(value) + '\n';
    this.res.writeHead(status, { ...commonHeaders(), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
    this.res.end(body);
  }
  empty(status: number, headers: Record<string, string> = {}): void {
    this.res.writeHead(status, { ...commonHeaders(), ...headers });
    this.res.end();
  }
  stream(contentType: string, headers: Record<string, string> = {}): Writable {
    this.res.writeHead(200, { ...commonHeaders(), 'Content-Type': contentType, ...headers });
    // Clients wait for the header before going on (docker run starts the container once wait answered).
    this.res.flushHeaders();
    return this.res;
  }
  hijack(contentType: string): { input: Readable; output: Writable; close(): void } {
    const output = this.stream(contentType);
    return { input: this.req, output, close: () => this.res.end() };
  }
  error(e: unknown): void {
    if (this.res.headersSent) return void this.res.destroy();
    const { status, message } = errorStatus(e);
    this.json(status, { message });
  }
}

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 500: 'Internal Server Error' };

/** Reply written straight onto the socket of an `Upgrade` request (Node has handed it over). */
export class SocketReply implements Reply {
  private started = false;
  constructor(private readonly socket: Socket, private readonly input: Readable) {}
  get sent(): boolean {
    return this.started;
  }
  private head(status: number, headers: Record<string, string>, reason = REASONS[status] ?? 'Status'): void {
    this.started = true;
    const all = { ...commonHeaders(), ...headers };
    this.socket.write(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  }
  json(status: number, value: unknown, headers: Record<string, string> = {}): void {
    const body = JSON.stringify(value) + '\n';
    this.head(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...headers });
    this.socket.end(body);
  }
  empty(status: number, headers: Record<string, string> = {}): void {
    this.head(status, { 'Content-Length': '0', Connection: 'close', ...headers });
    this.socket.end();
  }
  stream(contentType: string, headers: Record<string, string> = {}): Writable {
    this.head(200, { 'Content-Type': contentType, Connection: 'close', ...headers });
    return this.socket;
  }
  hijack(contentType: string): { input: Readable; output: Writable; close(): void } {
    this.head(101, { 'Content-Type': contentType, Connection: 'Upgrade', Upgrade: 'tcp' }, 'UPGRADED');
    return { input: this.input, output: this.socket, close: () => this.socket.end() };
  }
  error(e: unknown): void {
    if (this.started) return void this.socket.destroy();
    const { status, message } = errorStatus(e);
    this.json(status, { message });
  }
}

/**
 * Splits an upgraded socket into the request body (Content-Length bytes, from `head` and what
 * follows) and the stream after it: stdin of an attach/exec. The socket's half-close (the
 * client's CloseWrite after its stdin ended) ends that stream, as dockerd reads it.
 */
export function splitUpgraded(socket: Socket, head: Buffer, contentLength: number): { body: Readable; rest: Readable } {
  const body = new PassThrough();
  const rest = new PassThrough();
  let need = contentLength;
  const feed = (chunk: Buffer) => {
    if (need > 0) {
      const take = chunk.subarray(0, need);
      need -= take.length;
      body.write(take);
      if (need === 0) body.end();
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length) rest.write(chunk);
  };
  if (need === 0) body.end();
  if (head.length) feed(head);
  socket.on('data', feed);
  socket.on('end', () => {
    if (need > 0) body.destroy(new ApiError(400, 'request body ended early'));
    rest.end();
  });
  socket.on('close', () => {
    if (!body.writableEnded) body.end();
    if (!rest.writableEnded) rest.end();
  });
  return { body, rest };
}
