import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import type { DockerOptions } from 'dockerode';
import { EngineError } from '../errors';

/**
 * Where the Docker daemon is, worked out the way the docker CLI does it:
 *   1. an explicit host (`--host`, the `stevedore.docker.host` setting),
 *   2. `DOCKER_HOST` (with `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH` for tcp://),
 *   3. a Docker context: `DOCKER_CONTEXT`, else `currentContext` in `$DOCKER_CONFIG/config.json`,
 *      read from `contexts/meta/<sha256(name)>/meta.json` (TLS material from `contexts/tls/...`),
 *   4. the platform default socket.
 * Podman's Docker-compatible socket is just another unix:// host.
 */
export interface DockerEndpoint {
  /** `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`, `ssh://user@host`, `npipe:////./pipe/docker_engine`. */
  host: string;
  /** Where the host came from, for messages (`DOCKER_HOST`, `context "remote"`, `--host` ...). */
  source: string;
  tls?: { verify: boolean; ca?: Buffer; cert?: Buffer; key?: Buffer };
}

export interface ResolveOptions {
  /** An explicit host; wins over everything else. */
  host?: string;
  /** An explicit context name (`--context`); wins over DOCKER_HOST as in the docker CLI. */
  context?: string;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_HOST = process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

function readTls(dir: string): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (f: string) => {
    try {
      return fs.readFileSync(path.join(dir, f));
    } catch {
      return undefined;
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

interface ContextMeta {
  Name: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** The named context's docker endpoint (`default` is the built-in one: null here). */
export function readContext(name: string, env: NodeJS.ProcessEnv = process.env): DockerEndpoint | null {
  if (name === 'default') return null;
  const dir = path.join(configDir(env), 'contexts');
  const hashed = crypto.createHash('sha256').update(name).digest('hex');
  let meta: ContextMeta | undefined;
  const candidates = [path.join(dir, 'meta', hashed, 'meta.json')];
  try {
    for (const d of fs.readdirSync(path.join(dir, 'meta'))) candidates.push(path.join(dir, 'meta', d, 'meta.json'));
  } catch {
    // no contexts at all
  }
  let metaDir = hashed;
  for (const file of candidates) {
    try {
      const m = JSON.parse(fs.readFileSync(file, 'utf8')) as ContextMeta;
      if (m.Name === name) {
        meta = m;
        metaDir = path.basename(path.dirname(file));
        break;
      }
    } catch {
      // unreadable or not JSON: try the next one
    }
  }
  if (!meta) throw new EngineError('not-found', `Docker context "${name}" not found (looked in ${path.join(dir, 'meta')}); list them with \`docker context ls\``);
  const ep = meta.Endpoints?.docker;
  if (!ep?.Host) throw new EngineError('invalid-argument', `Docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(dir, 'tls', metaDir, 'docker');
  const material = fs.existsSync(tlsDir) ? readTls(tlsDir) : undefined;
  return {
    host: ep.Host,
    source: `context "${name}"`,
    ...(material && (material.ca || material.cert) ? { tls: { verify: !ep.SkipTLSVerify, ...material } } : {}),
  };
}

/** The current context's name: DOCKER_CONTEXT, else config.json's currentContext, else `default`. */
export function currentContext(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(configDir(env), 'config.json'), 'utf8')) as { currentContext?: string };
    return cfg.currentContext || 'default';
  } catch {
    return 'default';
  }
}

export function resolveEndpoint(o: ResolveOptions = {}): DockerEndpoint {
  const env = o.env ?? process.env;
  const fromEnvTls = (): DockerEndpoint['tls'] => {
    const verify = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
    if (!verify && !env.DOCKER_CERT_PATH) return undefined;
    const dir = env.DOCKER_CERT_PATH || configDir(env);
    return { verify, ...readTls(dir) };
  };
  if (o.host) return { host: normalizeHost(o.host), source: '--host', tls: o.host.startsWith('tcp://') ? fromEnvTls() : undefined };
  if (o.context) return readContext(o.context, env) ?? { host: DEFAULT_HOST, source: 'context "default"' };
  if (env.DOCKER_HOST) return { host: normalizeHost(env.DOCKER_HOST), source: 'DOCKER_HOST', tls: fromEnvTls() };
  const name = currentContext(env);
  const ctx = readContext(name, env);
  if (ctx) return ctx;
  return { host: DEFAULT_HOST, source: 'the default socket' };
}

/** `host:port` and `/path/to.sock` shorthands, as the docker CLI accepts them. */
export function normalizeHost(h: string): string {
  if (h.startsWith('/')) return `unix://${h}`;
  if (!/^[a-z]+:\/\//i.test(h)) return `tcp://${h}`;
  return h;
}

/** dockerode/docker-modem options for an endpoint. Every key is set so docker-modem's own DOCKER_HOST reading cannot leak in. */
export function modemOptions(ep: DockerEndpoint, env: NodeJS.ProcessEnv = process.env): DockerOptions & Record<string, unknown> {
  const base: DockerOptions & Record<string, unknown> = {
    socketPath: undefined, host: undefined, port: undefined, protocol: undefined, username: undefined,
    ca: undefined, cert: undefined, key: undefined, pathPrefix: '/', sshOptions: {}, timeout: undefined,
  };
  const u = ep.host;
  if (u.startsWith('unix://')) return { ...base, socketPath: u.slice('unix://'.length) };
  if (u.startsWith('npipe://')) return { ...base, socketPath: u.slice('npipe://'.length).replace(/\//g, '\\') || '\\\\.\\pipe\\docker_engine' };
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new EngineError('invalid-argument', `invalid Docker host "${u}" (from ${ep.source}): expected unix:///path, tcp://host:port or ssh://user@host`);
  }
  if (url.protocol === 'ssh:') {
    return {
      ...base,
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || '22',
      username: url.username || os.userInfo().username,
      sshOptions: { agent: env.SSH_AUTH_SOCK, ...(privateKey(env) ? { privateKey: privateKey(env) } : {}) },
    };
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = ep.tls && (ep.tls.verify || ep.tls.cert) ? ep.tls : undefined;
    const secure = !!tls || url.protocol === 'https:' || url.port === '2376';
    return {
      ...base,
      protocol: secure ? 'https' : 'http',
      host: url.hostname,
      port: url.port || (secure ? '2376' : '2375'),
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
      // DOCKER_TLS_VERIFY unset with certs: encrypt but do not check the server (the CLI's --tls).
      ...(secure && !tls?.verify ? { agent: new https.Agent({ rejectUnauthorized: false }) } : {}),
    };
  }
  throw new EngineError('invalid-argument', `unsupported Docker host scheme "${url.protocol}" (from ${ep.source}): use unix://, tcp://, ssh:// or npipe://`);
}

/** The key ssh:// uses when no agent is running (~/.ssh/id_ed25519, id_rsa ...). */
function privateKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  if (env.SSH_AUTH_SOCK) return undefined;
  for (const f of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    try {
      return fs.readFileSync(path.join(os.homedir(), '.ssh', f));
    } catch {
      // try the next one
    }
  }
  return undefined;
}
