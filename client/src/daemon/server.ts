import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';
import { Call, HttpReply, SocketReply, splitUpgraded } from './call';
import type { DaemonContext, ServedEngine } from './context';
import { DaemonState } from './context';
import { Router } from './router';
import { ApiError, errorStatus } from './wire';
import * as containers from './routes/containers';
import * as exec from './routes/exec';
import * as images from './routes/images';
import * as build from './routes/build';
import * as networks from './routes/networks';
import * as system from './routes/system';
import * as volumes from './routes/volumes';

/** Where the API listens: a unix socket path, or a TCP address (with TLS files for a non-loopback one). */
export type Listen =
  | { kind: 'unix'; path: string; group?: number }
  | { kind: 'tcp'; host: string; port: number; tls?: { ca: string; cert: string; key: string; verify: boolean } };

export interface ApiServerOptions {
  engine: ServedEngine;
  /** Stop after this many seconds without a request or an open stream (0 = never). */
  idleSeconds?: number;
  onIdle?: () => void;
  /** One line per request (method, path, status); never headers or bodies (X-Registry-Auth). */
  log?: (line: string) => void;
}

/**
 * The Docker Engine API over an Engine: HTTP in, Engine calls out. Everything Docker-specific
 * about the wire lives in ./wire and ./call; every route file translates one noun.
 */
export class ApiServer {
  private readonly router = new Router();
  private readonly servers: http.Server[] = [];
  private readonly ctx: DaemonContext;
  private active = 0;
  private idleTimer?: NodeJS.Timeout;
  private readonly sockets = new Set<net.Socket>();
  readonly addresses: string[] = [];

  constructor(private readonly o: ApiServerOptions) {
    this.ctx = { engine: o.engine, state: new DaemonState(o.engine) };
    for (const m of [system, images, build, containers, exec, volumes, networks]) m.register(this.router, this.ctx);
  }

  async listen(where: Listen[]): Promise<void> {
    for (const l of where) {
      const server = l.kind === 'tcp' && l.tls
        ? https.createServer({ ca: fs.readFileSync(l.tls.ca), cert: fs.readFileSync(l.tls.cert), key: fs.readFileSync(l.tls.key), requestCert: l.tls.verify, rejectUnauthorized: l.tls.verify })
        : http.createServer();
      // Streams (events, logs -f, wait) stay open as long as they need; keep-alive connections idle out.
      server.requestTimeout = 0;
      server.headersTimeout = 60_000;
      server.keepAliveTimeout = 5_000;
      server.on('request', (req, res) => this.onRequest(req, res));
      server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.onUpgrade(req, socket, head));
      server.on('connection', (s: net.Socket) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
      server.on('clientError', (_e, socket: net.Socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      });
      if (l.kind === 'unix') {
        await prepareSocketPath(l.path);
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(l.path, () => resolve()));
        // 0600 (0660 with a group): the socket is root on this engine, as docker.sock is.
        fs.chmodSync(l.path, l.group !== undefined ? 0o660 : 0o600);
        if (l.group !== undefined) fs.chownSync(l.path, process.getuid?.() ?? 0, l.group);
        this.addresses.push(`unix://${l.path}`);
      } else {
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(l.port, l.host, () => resolve()));
        const port = (server.address() as { port: number }).port;
        this.addresses.push(`tcp://${l.host.includes(':') ? `[${l.host}]` : l.host}:${port}`);
      }
      this.servers.push(server);
    }
    this.touch();
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    for (const s of this.sockets) s.destroy();
    this.ctx.state.dispose();
  }

  private begin(): () => void {
    this.active++;
    clearTimeout(this.idleTimer);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      this.touch();
    };
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    const secs = this.o.idleSeconds ?? 0;
    if (secs > 0 && this.active === 0) {
      this.idleTimer = setTimeout(() => this.o.onIdle?.(), secs * 1000);
      this.idleTimer.unref();
    }
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const end = this.begin();
    res.on('close', end);
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const reply = new HttpReply(res, req);
    void this.dispatch(req, req, reply, controller.signal).finally(() => {
      if (res.writableFinished || res.destroyed) end();
    });
  }

  private onUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const end = this.begin();
    socket.on('close', end);
    socket.on('error', () => undefined);
    const controller = new AbortController();
    socket.on('close', () => controller.abort());
    const { body, rest } = splitUpgraded(socket, head, Number(req.headers['content-length'] ?? 0) || 0);
    void this.dispatch(req, body, new SocketReply(socket, rest), controller.signal);
  }

  private async dispatch(req: http.IncomingMessage, body: NodeJS.ReadableStream, reply: HttpReply | SocketReply, signal: AbortSignal): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://docker');
    const method = req.method ?? 'GET';
    try {
      const { version, path: p } = Router.version(url.pathname);
      const m = this.router.match(method, p);
      if (!m) throw new ApiError(404, 'page not found');
      const call: Call = { method, path: p, version, params: m.params, query: url.searchParams, headers: req.headers, body: body as Call['body'], signal, reply };
      // Logged as it starts (streams like events or logs -f last); the query and headers never are.
      this.o.log?.(`${method} ${url.pathname}`);
      await m.handler(call);
    } catch (e) {
      if (!signal.aborted) reply.error(e);
      const { status, message } = errorStatus(e);
      this.o.log?.(`${method} ${url.pathname} -> ${status} ${message}`);
    } finally {
      // Drain an unread body so the connection can be reused (and a huge one is discarded, not buffered).
      if (!(body as { readableEnded?: boolean }).readableEnded) (body as NodeJS.ReadableStream).resume();
    }
  }
}

/**
 * The socket's directory is made private (0700) and a stale socket from a dead service removed.
 * Stale means the kernel refuses a connection (nobody listens), not "no HTTP answer in time": a
 * busy server (a window whose extension host is blocked) keeps its socket. The file is removed
 * only if it is still the one found stale, so a server that bound it meanwhile (another window
 * replacing the same stale file) keeps it and this one gets EADDRINUSE from listen.
 */
async function prepareSocketPath(p: string): Promise<void> {
  const dir = path.dirname(p);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  if (st.uid === (process.getuid?.() ?? st.uid) && (st.mode & 0o077) !== 0 && path.basename(dir) === 'stevedore') fs.chmodSync(dir, 0o700);
  const existing = fs.lstatSync(p, { throwIfNoEntry: false, bigint: true });
  if (!existing) return;
  if (!existing.isSocket()) throw new Error(`${p} exists and is not a socket`);
  if (await socketListening(p)) throw Object.assign(new Error(`another service already listens on ${p}`), { code: 'EADDRINUSE' });
  const now = fs.lstatSync(p, { throwIfNoEntry: false, bigint: true });
  if (now && sameFile(now, existing)) fs.rmSync(p, { force: true });
}

/** The same file, not a new one at the path: a freed inode number is handed out again at once, so its birth time counts too. */
function sameFile(a: fs.BigIntStats, b: fs.BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.birthtimeNs === b.birthtimeNs && a.ctimeNs === b.ctimeNs;
}

/** Whether a process listens on a unix socket: the kernel accepts a connection (ECONNREFUSED: a leftover file). */
function socketListening(p: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(p);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    // ECONNREFUSED (nobody listens) or ENOENT (gone meanwhile); anything else (EAGAIN: a full
    // backlog) means someone is there.
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'ECONNREFUSED' && e.code !== 'ENOENT'));
  });
}

/** One GET on a unix socket: the status and body, or undefined when nothing answers in time. */
function getOnSocket(socketPath: string, p: string, timeoutMs: number): Promise<{ status: number; text: string } | undefined> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path: p, method: 'GET', timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
    req.end();
  });
}

/** The data root (`/info`'s DockerRootDir) of the engine served on this unix socket, or undefined when nothing answers. */
export async function servedRoot(p: string, timeoutMs = 2000): Promise<string | undefined> {
  const r = await getOnSocket(p, '/info', timeoutMs);
  if (r?.status !== 200) return undefined;
  try {
    return String((JSON.parse(r.text) as { DockerRootDir?: unknown }).DockerRootDir ?? '');
  } catch {
    return undefined;
  }
}

/** True when something serves the Docker API on this unix socket (a `_ping` answers). */
export async function socketAnswers(p: string, timeoutMs = 1000): Promise<boolean> {
  return (await getOnSocket(p, '/_ping', timeoutMs))?.status === 200;
}
