import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ContentStore } from '../../client/src/engine/content/store';
import { RegistryClient } from '../../client/src/engine/registry/client';
import { makeRawImage, pushRawImage, RawImage, Registry, startRegistry } from './registry';

/**
 * A tiny reverse proxy on 127.0.0.1 in front of a real registry that injects faults into
 * matching requests: an error status, a connection reset part-way through the body, a
 * truncated body (with a Content-Length that matches the short body), flipped bytes, or a
 * hang. Each fault fires `times` times (default once) and then requests pass through, so
 * tests can tell "retried and succeeded" from "gave up". Every request is logged.
 */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'truncate'; keepBytes: number }
  | { kind: 'corrupt'; atByte: number }
  | { kind: 'hang' }
  /** Sends the status, the headers and the first `afterBytes` of the body, then nothing (the connection stays open). */
  | { kind: 'stall'; afterBytes: number }
  /** Sends the status, the headers and the first `afterBytes` of the body, then closes the connection cleanly (FIN). */
  | { kind: 'hangup'; afterBytes: number }
  /** The whole body with a Content-Length `delta` bytes off (more promised than sent: the rest never comes). */
  | { kind: 'length'; delta: number }
  /** Replaces the upstream body entirely (e.g. a malformed manifest), keeping status and headers. */
  | { kind: 'replace-body'; body: string | Buffer }
  /** Answers Range requests with the whole body and status 200 (a registry without Range support). */
  | { kind: 'ignore-range' }
  /**
   * Takes the first `afterBytes` of the request body, then stops reading it and never answers
   * (the connection stays open): a registry that stalls in the middle of a blob upload.
   */
  | { kind: 'stall-upload'; afterBytes: number }
  /** Passes the request through untouched (consumes one match, to aim later rules at the Nth request). */
  | { kind: 'pass' };

export interface FaultRule {
  method?: string;
  /** Matched against the request path+query. */
  path: RegExp;
  fault: Fault;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  status?: number;
  fault?: Fault['kind'];
  /** Request body bytes the proxy took (set for 'stall-upload'). */
  bodyBytes?: number;
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly log: LoggedRequest[];
  add(rule: FaultRule): void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(upstream: { host: string; port: number }): Promise<FaultProxy> {
  const rules: Array<FaultRule & { left: number }> = [];
  const log: LoggedRequest[] = [];
  const sockets = new Set<net.Socket>();

  const take = (req: http.IncomingMessage): Fault | undefined => {
    for (const r of rules) {
      if (r.left <= 0) continue;
      if (r.method && r.method !== req.method) continue;
      if (!r.path.test(req.url ?? '')) continue;
      r.left--;
      return r.fault;
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const entry: LoggedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    log.push(entry);
    const fault = take(req);
    entry.fault = fault?.kind;
    if (fault?.kind === 'status') {
      req.resume();
      entry.status = fault.status;
      const body = fault.body ?? JSON.stringify({ errors: [{ code: 'INJECTED', message: `fault proxy injected ${fault.status}` }] });
      res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(fault.headers ?? {}) });
      res.end(body);
      return;
    }
    if (fault?.kind === 'stall-upload') {
      entry.bodyBytes = 0;
      const take = (c: Buffer) => {
        entry.bodyBytes! += c.length;
        if (entry.bodyBytes! >= fault.afterBytes) {
          req.off('data', take);
          req.pause(); // Node stops reading the socket: the client's writes back up
        }
      };
      req.on('data', take);
      return;
    }
    if (fault?.kind === 'hang') {
      req.resume();
      return; // never answer; the client's idle timeout has to notice
    }
    const headers = { ...req.headers };
    if (fault?.kind === 'ignore-range') delete headers.range;
    const up = http.request(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers },
      (ur) => {
        entry.status = ur.statusCode;
        const outHeaders = { ...ur.headers };
        if (!fault || fault.kind === 'ignore-range' || fault.kind === 'pass') {
          res.writeHead(ur.statusCode ?? 502, outHeaders);
          ur.pipe(res);
          return;
        }
        // Faults that touch the body need it whole (bodies here are test-sized).
        const chunks: Buffer[] = [];
        ur.on('data', (c: Buffer) => chunks.push(c));
        ur.on('end', () => {
          let body: Buffer = Buffer.concat(chunks);
          switch (fault.kind) {
            case 'replace-body':
              body = Buffer.isBuffer(fault.body) ? fault.body : Buffer.from(fault.body);
              outHeaders['content-length'] = String(body.length);
              delete outHeaders['docker-content-digest'];
              res.writeHead(ur.statusCode ?? 502, outHeaders);
              res.end(body);
              return;
            case 'corrupt':
              if (body.length > fault.atByte) body[fault.atByte] ^= 0xff;
              res.writeHead(ur.statusCode ?? 502, outHeaders);
              res.end(body);
              return;
            case 'stall':
            case 'hangup':
              res.writeHead(ur.statusCode ?? 502, outHeaders);
              res.write(body.subarray(0, Math.min(body.length, fault.afterBytes)), () => {
                if (fault.kind === 'hangup') setTimeout(() => req.socket.end(), 20);
              });
              return;
            case 'length':
              outHeaders['content-length'] = String(body.length + fault.delta);
              // The connection is not reused after it (the client would read the surplus as its next answer).
              outHeaders['connection'] = 'close';
              res.writeHead(ur.statusCode ?? 502, outHeaders);
              // Node refuses to write past a Content-Length it was given: the socket takes the bytes.
              if (fault.delta < 0) {
                res.flushHeaders();
                req.socket.end(body);
              } else res.write(body);
              return;
            case 'truncate':
              body = body.subarray(0, Math.min(body.length, fault.keepBytes));
              outHeaders['content-length'] = String(body.length);
              res.writeHead(ur.statusCode ?? 502, outHeaders);
              res.end(body);
              return;
            case 'reset':
              res.writeHead(ur.statusCode ?? 502, outHeaders);
              res.write(body.subarray(0, Math.min(body.length, fault.afterBytes)), () => {
                // Give the bytes a moment to leave, then drop the TCP connection hard.
                setTimeout(() => req.socket.resetAndDestroy(), 20);
              });
              return;
          }
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    add: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    clear: () => {
      rules.length = 0;
      log.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What `useFaultyRegistry` gives each test: the proxy, the image behind it, a fresh data root and its content store. */
export interface FaultyRegistry {
  readonly proxy: FaultProxy;
  /** The registry behind the proxy (reached directly, without faults). */
  readonly registry: Registry;
  readonly img: RawImage;
  readonly root: string;
  readonly content: ContentStore;
}

/**
 * Mocha hooks for a suite against a real docker-registry behind a fault proxy: before all, the
 * registry, the proxy and one raw image (`layerSizes`) pushed to `repo:latest` directly; before
 * each test, no fault rules, an empty request log and a fresh data root (`tmpPrefix`) with its
 * content store, removed after the test.
 */
export function useFaultyRegistry(repo: string, layerSizes: number[], opts: { seed?: string; tmpPrefix: string }): FaultyRegistry {
  let reg: Registry | undefined;
  const f = {} as { -readonly [K in keyof FaultyRegistry]: FaultyRegistry[K] };
  before(async () => {
    reg = await startRegistry();
    f.registry = reg;
    f.proxy = await startFaultProxy({ host: '127.0.0.1', port: reg.port });
    f.img = makeRawImage(layerSizes, { seed: opts.seed });
    await pushRawImage(new RegistryClient(reg.host), repo, f.img, 'latest');
  });
  after(async () => {
    await f.proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    f.proxy.clear();
    f.root = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
    f.content = new ContentStore(f.root);
  });
  afterEach(() => fs.rmSync(f.root, { recursive: true, force: true }));
  return f;
}
