import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { CLI, cli, tempRoot } from './containers';
import { makeBusyboxImage } from './images';
import { Registry, startRegistry } from './registry';
import { exited, probeHttp } from './process';

/** `stevedore system service` started by a test: the real CLI bundle in its own process. */
export interface Service {
  /** `unix:///.../docker.sock`, for DOCKER_HOST. */
  readonly host: string;
  readonly socket: string;
  readonly root: string;
  readonly child: ChildProcess;
  /** What the service wrote (its request log with -D). */
  output(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait. */
  kill(): Promise<void>;
}

export async function startService(root: string, opts: { socket?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Service> {
  const socket = opts.socket ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sv-daemon-')), 'run', 'docker.sock');
  const child = spawn(process.execPath, [CLI, '--data-root', root, 'system', 'service', '-H', `unix://${socket}`, '-D', ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if ((await probeHttp({ socketPath: socket, path: '/_ping' })) === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (child.exitCode !== null || (await probeHttp({ socketPath: socket, path: '/_ping' })) !== 200) {
    child.kill('SIGKILL');
    throw new Error(`stevedore system service did not come up on ${socket}:\n${out}`);
  }
  const wait = async (sig: NodeJS.Signals) => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(sig);
      if (!(await exited(child, 10_000))) {
        child.kill('SIGKILL');
        await exited(child, 2000);
      }
    }
  };
  return { host: `unix://${socket}`, socket, root, child, output: () => out, stop: () => wait('SIGTERM'), kill: () => wait('SIGKILL') };
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a client program (docker, python3 ...) to completion with DOCKER_HOST at the service. */
export function run(cmd: string, args: string[], o: { host: string; input?: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, {
      env: { ...process.env, DOCKER_HOST: o.host, DOCKER_CONFIG: dockerConfigDir(), ...o.env }, timeout: o.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8',
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err.killed ? 137 : 1) : 0;
      if (err && typeof (err as { code?: unknown }).code === 'string') return reject(err);
      resolve({ status: code, stdout, stderr });
    });
    if (o.input !== undefined) child.stdin!.end(o.input);
    else child.stdin!.end();
  });
}

let configDir: string | undefined;
/** A private DOCKER_CONFIG so the tests neither read nor write the user's ~/.docker. */
export function dockerConfigDir(): string {
  configDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'sv-dockercfg-'));
  return configDir;
}

/** One raw HTTP request to the service's socket: status, headers, body. */
export function request(socket: string, method: string, p: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socket, method, path: p, headers: { ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * What most API-client tests start from: a real registry holding a busybox image (made in its own
 * data root and pushed), and a service on an empty data root whose engine pulls it from there.
 */
export interface SeededService {
  readonly registry: Registry;
  readonly service: Service;
  /** The service's data root. */
  readonly root: string;
  /** `<registry>/busybox:1`, in the registry and not yet in the service's engine. */
  readonly image: string;
  stop(): Promise<void>;
}

export async function startSeededService(prefix: string): Promise<SeededService> {
  const src = tempRoot(`${prefix}src-`);
  const root = tempRoot(prefix);
  const registry = await startRegistry();
  const image = `${registry.host}/busybox:1`;
  await makeBusyboxImage(src.root, image);
  const pushed = cli(src.root, ['push', image]);
  if (pushed.status !== 0) throw new Error(`pushing the seed image failed: ${pushed.stderr}`);
  src.cleanup();
  const service = await startService(root.root);
  return {
    registry, service, root: root.root, image,
    async stop() {
      await service.stop();
      await registry.stop();
      root.cleanup();
    },
  };
}
