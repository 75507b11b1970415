import * as crypto from 'crypto';
import * as fs from 'fs';
import SSHConfig from 'ssh-config';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import type { DockerOptions } from 'dockerode';
import { utils } from 'ssh2';
import { EngineError } from '../../core/errors';

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
  /** Set when a connection was refused on the client's side (an ssh host key that does not match known_hosts), for the error message. */
  problem?: string;
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
  if (url.protocol === 'ssh:') return { ...base, ...sshModemOptions(url, ep, env) };
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

// ---- ssh:// ---------------------------------------------------------------------------------
// The docker CLI runs `ssh [-l user] [-p port] host -- docker system dial-stdio`, so OpenSSH's
// ~/.ssh/config and known_hosts apply. docker-modem speaks ssh itself (ssh2), so the parts of
// them that decide where and as whom it connects, and whether the host is the one known, are read
// here: ~/.ssh/config through the `ssh-config` library (Host and Match blocks, first value wins as
// in ssh_config(5); `Match exec` is not run, and Include is not followed), and known_hosts
// below, by hand: ssh2 leaves host keys to its caller, and no well-kept package reads known_hosts
// with its hashed entries, negations and @revoked markers.

/** What ~/.ssh/config says for one host. */
export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: string;
  identityFiles: string[];
  knownHostsFiles?: string[];
  strictHostKeyChecking?: string;
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** The ~/.ssh/config settings that apply to `host` (the alias as written in the ssh:// URL). */
export function readSshConfig(host: string, env: NodeJS.ProcessEnv = process.env): SshHostConfig {
  let text: string;
  try {
    text = fs.readFileSync(path.join(homeDir(env), '.ssh', 'config'), 'utf8');
  } catch {
    return { identityFiles: [] };
  }
  let c: Record<string, string | string[]>;
  try {
    // Directive names as OpenSSH reads them (any case); a config's `Match exec` never runs a command here.
    c = SSHConfig.parse(text).compute(host, { ignoreCase: true, matchExec: false }) as Record<string, string | string[]>;
  } catch {
    return { identityFiles: [] }; // a config ssh itself would refuse: as if there were none
  }
  const one = (k: string) => (Array.isArray(c[k]) ? (c[k] as string[])[0] : (c[k] as string | undefined));
  const many = (k: string) => (c[k] === undefined ? undefined : ([] as string[]).concat(c[k]).flatMap((v) => v.split(/\s+/)).filter(Boolean));
  return {
    hostName: one('hostname'),
    user: one('user'),
    port: one('port'),
    identityFiles: ([] as string[]).concat(c.identityfile ?? []),
    knownHostsFiles: many('userknownhostsfile'),
    strictHostKeyChecking: one('stricthostkeychecking')?.toLowerCase(),
  };
}

/** `~`, `%d` (home), `%u` (local user), `%h` (host), `%r` (remote user), `%%` in IdentityFile and known-hosts paths. */
function expandPath(p: string, env: NodeJS.ProcessEnv, host: string, user: string): string {
  const home = homeDir(env);
  const tokens: Record<string, string> = { d: home, u: os.userInfo().username, h: host, r: user, '%': '%' };
  const expanded = p.replace(/%([duhr%])/g, (_, t: string) => tokens[t]);
  return expanded === '~' ? home : expanded.startsWith('~/') ? path.join(home, expanded.slice(2)) : expanded;
}

function sshModemOptions(url: URL, ep: DockerEndpoint, env: NodeJS.ProcessEnv): DockerOptions & Record<string, unknown> {
  const cfg = readSshConfig(url.hostname, env);
  const host = cfg.hostName ?? url.hostname;
  const port = url.port || cfg.port || '22';
  const username = decodeURIComponent(url.username) || cfg.user || os.userInfo().username;
  const identities = cfg.identityFiles.length
    ? cfg.identityFiles.map((f) => expandPath(f, env, host, username))
    : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => path.join(homeDir(env), '.ssh', f));
  const key = privateKey(identities, !!env.SSH_AUTH_SOCK);
  const knownHosts = (cfg.knownHostsFiles ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'])
    .filter((f) => f.toLowerCase() !== 'none')
    .map((f) => expandPath(f, env, host, username))
    .concat('/etc/ssh/ssh_known_hosts');
  const names = port === '22' ? [host] : [`[${host}]:${port}`];
  return {
    protocol: 'ssh',
    host,
    port,
    username,
    sshOptions: {
      agent: env.SSH_AUTH_SOCK || undefined,
      ...(key ? { privateKey: key } : {}),
      hostVerifier: (blob: Buffer) => {
        const verdict = checkHostKey(knownHosts, names, blob, cfg.strictHostKeyChecking);
        ep.problem = verdict === true ? undefined : verdict;
        return verdict === true;
      },
    },
  };
}

/**
 * The first identity that can be used without a passphrase. With an agent running, an
 * unreadable or encrypted key is left to the agent; without one, the first readable key is
 * given to ssh2 (an encrypted one then fails with ssh2's own message about the passphrase).
 */
function privateKey(files: string[], agent: boolean): Buffer | undefined {
  let first: Buffer | undefined;
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(f);
    } catch {
      continue;
    }
    if (!(utils.parseKey(buf) instanceof Error)) return buf;
    first ??= buf;
  }
  return agent ? undefined : first;
}

/** ssh's host patterns in known_hosts: `*` and `?` globs, `!` negation (a negated match excludes the line). */
function hostMatches(patterns: string[], host: string): boolean {
  let matched = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const glob = negated ? raw.slice(1) : raw;
    const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (re.test(host)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** known_hosts host patterns: plain names (comma-separated, globs, `!`) or hashed `|1|salt|hash` entries. */
function knownHostMatches(field: string, names: string[]): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    return names.some((n) => crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(n).digest('base64') === hash);
  }
  return names.some((n) => hostMatches(field.split(','), n));
}

/**
 * OpenSSH's host-key check against known_hosts: a host listed with another key is refused
 * ("REMOTE HOST IDENTIFICATION HAS CHANGED"); a host not listed is accepted unless
 * StrictHostKeyChecking is `yes` (nothing is written: the docker CLI's ssh would ask).
 * Returns true, or why the host was refused.
 */
export function checkHostKey(files: string[], names: string[], blob: Buffer, strict?: string): true | string {
  const presented = blob.toString('base64');
  const listedIn: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    text.split(/\r?\n/).forEach((line, i) => {
      const fields = line.trim().split(/\s+/);
      if (!fields[0] || fields[0].startsWith('#')) return;
      if (fields[0] === '@revoked' && fields[3] === presented && knownHostMatches(fields[1], names)) listedIn.push(`revoked:${file}:${i + 1}`);
      if (fields[0].startsWith('@')) return; // @cert-authority: host certificates are not checked here
      if (!knownHostMatches(fields[0], names)) return;
      if (fields[2] === presented) listedIn.push(`ok:${file}:${i + 1}`);
      else listedIn.push(`other:${file}:${i + 1}`);
    });
  }
  const revoked = listedIn.find((l) => l.startsWith('revoked:'));
  if (revoked) return `the host key of ${names[0]} is marked @revoked in ${revoked.slice('revoked:'.length)}`;
  if (listedIn.some((l) => l.startsWith('ok:'))) return true;
  const other = listedIn.find((l) => l.startsWith('other:'));
  if (other) return `the host key of ${names[0]} does not match the one in ${other.slice('other:'.length)} (REMOTE HOST IDENTIFICATION HAS CHANGED); remove that line with \`ssh-keygen -R '${names[0]}'\` if the change is expected`;
  if (strict === 'yes') return `no host key for ${names[0]} is known (StrictHostKeyChecking yes; looked in ${files.join(', ')}); connect once with \`ssh\` to add it`;
  return true;
}
