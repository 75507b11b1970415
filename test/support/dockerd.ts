import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ImagesApi } from '../../client/src/engine/image/api';
import { exited, probeHttp } from './process';

/**
 * A real Docker daemon (Debian's docker.io, dockerd 20.10) started by a test on a private
 * socket, data root and exec root under a temp dir, so it never touches a system daemon.
 * No bridge, no iptables: the tests only load/save/push/pull images. Local registries on
 * 127.0.0.0/8 are allowed over plain HTTP (`--insecure-registry` takes a CIDR).
 */
export interface Dockerd {
  /** Temp dir holding socket, data root, exec root, pidfile and log. */
  readonly dir: string;
  /** `unix://...` — the DOCKER_HOST value for this daemon. */
  readonly host: string;
  readonly socket: string;
  readonly logFile: string;
  /** Runs the `docker` CLI against this daemon; rejects with stderr on a non-zero exit. */
  docker(args: string[], opts?: DockerRunOptions): Promise<string>;
  /** Like `docker` but resolves with the exit code and both streams instead of rejecting. */
  dockerRaw(args: string[], opts?: DockerRunOptions): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Environment with DOCKER_HOST set (and a private DOCKER_CONFIG), for spawning `docker` yourself. */
  readonly env: NodeJS.ProcessEnv;
  /** `tcp://127.0.0.1:PORT` when started with `tcpPort` (plain HTTP, loopback only). */
  readonly tcpHost?: string;
  /** `tcp://127.0.0.1:PORT` when started with `tls` (`--tlsverify`: client certificates signed by the CA only). */
  readonly tlsHost?: string;
  stop(): Promise<void>;
  /** Stops the daemon (SIGTERM, as a system restart does) and starts it again on the same data; resolves when it answers again. */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Stops the daemon but keeps its data, for `resume()` later (a daemon that is down for a while). */
  pause(): Promise<void>;
  /** Starts a daemon stopped with `pause()` again. */
  resume(): Promise<void>;
}

/**
 * Loads images of a Stevedore store into the daemon (`images.save` to an archive in the daemon's
 * temp dir, then `docker load`): the same image on both sides of a comparison.
 */
export async function loadFromStevedore(d: Dockerd, images: Pick<ImagesApi, 'save'>, refs: string[], opts: { timeoutMs?: number } = {}): Promise<void> {
  const archive = path.join(d.dir, `from-stevedore-${Date.now()}.tar`);
  try {
    await images.save(refs, fs.createWriteStream(archive));
    await d.docker(['load', '-i', archive], opts);
  } finally {
    fs.rmSync(archive, { force: true });
  }
}

export interface DockerRunOptions {
  /** Bytes or a file path streamed to the command's stdin (e.g. for `docker load`). */
  input?: Buffer | string | { file: string };
  timeoutMs?: number;
  /** Extra environment for this command (e.g. DOCKER_BUILDKIT=0). */
  env?: NodeJS.ProcessEnv;
}

export interface DockerdOptions {
  /** A daemon.json for `--config-file` (it must not repeat `insecure-registries`: that is a flag here). */
  configFile?: string;
  /** Extra `--insecure-registry` values; 127.0.0.0/8 is always included. */
  insecureRegistries?: string[];
  /** Milliseconds to wait for the API socket. */
  startTimeoutMs?: number;
  /** Also listen on tcp://127.0.0.1:PORT (no TLS; loopback only). */
  tcpPort?: number;
  /**
   * Also listen on tcp://127.0.0.1:PORT with `--tlsverify`: the daemon presents `server` and
   * accepts only clients whose certificate `ca` signed (see makeDockerTls). dockerd applies TLS to
   * every tcp:// listener, so this excludes `tcpPort`.
   */
  tls?: { port: number } & DockerTlsFiles;
  /**
   * Docker's own networking (docker0, veth pairs, iptables, the embedded DNS) inside a network
   * namespace of its own (`unshare -n`), so nothing touches the host's interfaces or firewall and
   * several daemons cannot collide. Its published ports are reachable only inside that namespace.
   */
  ownNetwork?: boolean;
}

/** PEM files for a TLS daemon and its clients, as `makeDockerTls` lays them out. */
export interface DockerTlsFiles {
  /** The CA certificate that signed both the server's and the client's. */
  ca: string;
  serverCert: string;
  serverKey: string;
  /** The DOCKER_CERT_PATH for a client: ca.pem, cert.pem, key.pem. */
  clientDir: string;
}

/**
 * A CA, a server certificate for 127.0.0.1 (SAN IP, serverAuth) and a client certificate
 * (clientAuth) made with the `openssl` CLI, as Docker's "Protect the daemon socket" guide does.
 * The client's files are named for DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem).
 */
export function makeDockerTls(dir: string): DockerTlsFiles {
  const f = (n: string) => path.join(dir, n);
  const clientDir = f('client');
  fs.mkdirSync(clientDir, { recursive: true });
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('ca-key.pem'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=stevedore-test-ca');
  const sign = (name: string, subject: string, ext: string) => {
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f(`${name}-key.pem`), '-out', f(`${name}.csr`), '-subj', subject);
    fs.writeFileSync(f(`${name}.ext`), ext);
    ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca-key.pem'), '-CAcreateserial', '-days', '2', '-out', f(`${name}-cert.pem`), '-extfile', f(`${name}.ext`));
  };
  sign('server', '/CN=127.0.0.1', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  sign('client', '/CN=stevedore-test-client', 'extendedKeyUsage = clientAuth\n');
  fs.copyFileSync(f('ca.pem'), path.join(clientDir, 'ca.pem'));
  fs.copyFileSync(f('client-cert.pem'), path.join(clientDir, 'cert.pem'));
  fs.copyFileSync(f('client-key.pem'), path.join(clientDir, 'key.pem'));
  return { ca: f('ca.pem'), serverCert: f('server-cert.pem'), serverKey: f('server-key.pem'), clientDir };
}

async function ping(socket: string): Promise<boolean> {
  return (await probeHttp({ socketPath: socket, path: '/_ping' })) === 200;
}

export async function startDockerd(opts: DockerdOptions = {}): Promise<Dockerd> {
  if (opts.tls && opts.tcpPort) throw new Error('dockerd applies --tlsverify to every tcp:// listener: use tcpPort or tls, not both');
  // Short path: unix socket paths are limited to ~108 bytes.
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sv-dockerd-'));
  const socket = path.join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const logFile = path.join(dir, 'dockerd.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    '--host', host,
    '--data-root', path.join(dir, 'data'),
    '--exec-root', path.join(dir, 'exec'),
    '--pidfile', path.join(dir, 'dockerd.pid'),
    ...(opts.ownNetwork ? [] : ['--bridge=none', '--iptables=false', '--ip-masq=false', '--ip-forward=false']),
    '--insecure-registry', '127.0.0.0/8',
    ...(opts.configFile ? ['--config-file', opts.configFile] : []),
    ...(opts.insecureRegistries ?? []).flatMap((r) => ['--insecure-registry', r]),
    ...(opts.tcpPort ? ['--host', `tcp://127.0.0.1:${opts.tcpPort}`] : []),
    ...(opts.tls ? ['--tlsverify', '--tlscacert', opts.tls.ca, '--tlscert', opts.tls.serverCert, '--tlskey', opts.tls.serverKey, '--host', `tcp://127.0.0.1:${opts.tls.port}`] : []),
  ];
  // A new namespace starts with loopback down: up first (published ports bind 127.0.0.1), then exec dockerd.
  const [cmd, argv] = opts.ownNetwork ? ['unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec dockerd "$@"', 'dockerd', ...args]] : ['dockerd', args];
  let child = spawn(cmd, argv, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const configDir = path.join(dir, 'client-config');
  await fs.promises.mkdir(configDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: configDir };
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  // If the test process dies without calling stop(), don't leave a daemon behind.
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);

  const halt = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, 20_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
  };
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    await halt();
    // dockerd unmounts its overlays on a clean shutdown; a failed rm is not worth failing a test over.
    await fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  const waitReady = () => waitForDaemon(() => child, () => spawnError, socket, logFile, stop, opts.startTimeoutMs ?? 60_000);
  const resume = async (): Promise<void> => {
    const out = fs.openSync(logFile, 'a');
    child = spawn(cmd, argv, { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.on('error', (e) => (spawnError = e));
    await waitReady();
  };
  const restart = async (o: { downMs?: number } = {}): Promise<void> => {
    await halt();
    if (o.downMs) await new Promise((r) => setTimeout(r, o.downMs));
    await resume();
  };
  await waitReady();


  const dockerRaw = (args: string[], o: DockerRunOptions = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn('docker', args, { env: { ...env, ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      p.stdout.on('data', (d: Buffer) => out.push(d));
      p.stderr.on('data', (d: Buffer) => err.push(d));
      const timer = setTimeout(() => p.kill('SIGKILL'), o.timeoutMs ?? 120_000);
      p.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      p.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
      });
      p.stdin.on('error', () => undefined); // the command may exit before reading all input
      if (o.input === undefined) p.stdin.end();
      else if (typeof o.input === 'object' && 'file' in o.input) fs.createReadStream(o.input.file).pipe(p.stdin);
      else p.stdin.end(o.input);
    });

  const docker = async (args: string[], o?: DockerRunOptions): Promise<string> => {
    const r = await dockerRaw(args, o);
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim()}`);
    return r.stdout;
  };

  return {
    dir, host, socket, logFile, docker, dockerRaw, env, stop, restart,
    pause: halt, resume,
    ...(opts.tcpPort ? { tcpHost: `tcp://127.0.0.1:${opts.tcpPort}` } : {}),
    ...(opts.tls ? { tlsHost: `tcp://127.0.0.1:${opts.tls.port}` } : {}),
  };
}

/** Waits until the daemon answers on its socket; stops it and throws with its log's tail if it dies or takes too long. */
async function waitForDaemon(child: () => ChildProcess, spawnError: () => Error | undefined, socket: string, logFile: string, stop: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const err = spawnError();
    if (err) {
      await stop();
      throw new Error(`could not start dockerd: ${err.message}`);
    }
    if (child().exitCode !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      await stop();
      throw new Error(`dockerd exited with code ${child().exitCode} during start-up:\n${tail}`);
    }
    if (await ping(socket)) return;
    if (Date.now() > deadline) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      await stop();
      throw new Error(`dockerd did not answer on ${socket} in time:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
