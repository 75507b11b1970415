/**
 * Pieces of the Docker Engine API's wire that both sides of it in Stevedore speak: the server
 * (client/src/daemon, which writes them) and the client (engine/docker, which reads them from
 * dockerd or Podman). Names follow moby's api/ and pkg/ packages.
 */

/** `1.41` against `1.47`: negative, zero or positive, part by part (API versions are MAJOR.MINOR). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export const versionAtLeast = (v: string, min: string): boolean => compareVersions(v, min) >= 0;

/**
 * One message of a JSON message stream (moby pkg/jsonmessage): pull, push, load, import and
 * build progress. `Aux` is what the stream carries in `aux` (a push's tag and digest, a build's
 * image ID, BuildKit's base64 trace).
 */
export interface JsonMessage<Aux = unknown> {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  aux?: Aux;
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

// ---- stdcopy frames (moby pkg/stdcopy): multiplexed stdout/stderr of attach, exec and logs without a TTY

export const enum StdStream {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  /** moby's Systemerr: an error after the stream started. */
  Systemerr = 3,
}

/** One frame: `[stream, 0, 0, 0, size u32be]` then the payload (what the daemon writes). */
export function stdFrame(stream: StdStream, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

/** Reads frames (what a client gets from the daemon): calls `out` with each frame's stream (Systemerr as stdout) and bytes. */
export class FrameDemuxer {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly out: (stream: 0 | 1 | 2, data: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 8) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + size) return;
      const kind = this.buf[0];
      this.out((kind === 2 ? 2 : kind === 0 ? 0 : 1), this.buf.subarray(8, 8 + size));
      this.buf = this.buf.subarray(8 + size);
    }
  }
}

// ---- AuthConfig (X-Registry-Auth, POST /auth) ----------------------------------------

/** The API's AuthConfig, with Docker's lower-case field names. */
export interface ApiAuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  serveraddress?: string;
}

/** A login with Stevedore's field names (engine/credentials AuthConfig). */
export interface RegistryLogin {
  username?: string;
  password?: string;
  identityToken?: string;
  registryToken?: string;
}

/** Docker Hub's `serveraddress` (what the docker CLI sends for docker.io). */
export const DOCKER_HUB_AUTH_SERVER = 'https://index.docker.io/v1/';

/** A login for `registry` (a domain; docker.io is Docker Hub's index address) as the API's AuthConfig; empty fields left out. */
export function apiAuthConfig(login: RegistryLogin, registry: string): ApiAuthConfig {
  return {
    serveraddress: registry === 'docker.io' ? DOCKER_HUB_AUTH_SERVER : registry,
    ...(login.username ? { username: login.username } : {}),
    ...(login.password ? { password: login.password } : {}),
    ...(login.identityToken ? { identitytoken: login.identityToken } : {}),
    ...(login.registryToken ? { registrytoken: login.registryToken } : {}),
  };
}

/** The login an AuthConfig carries (empty fields left out), or undefined when it carries none (`{}`: use saved logins). */
export function registryLogin(a: ApiAuthConfig): RegistryLogin | undefined {
  const login: RegistryLogin = {
    ...(a.username ? { username: a.username } : {}), ...(a.password ? { password: a.password } : {}),
    ...(a.identitytoken ? { identityToken: a.identitytoken } : {}), ...(a.registrytoken ? { registryToken: a.registrytoken } : {}),
  };
  return Object.keys(login).length ? login : undefined;
}

/**
 * X-Registry-Auth as the docker CLI encodes it: JSON in Go's base64.URLEncoding, the URL alphabet
 * *with* padding (Node's 'base64url' drops it; dockerd tolerates that, Podman's decoder does not).
 */
export function encodeRegistryAuth(a: ApiAuthConfig): string {
  return Buffer.from(JSON.stringify(a)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** An X-Registry-Auth header's AuthConfig (padded or not; empty is `{}`). Throws a plain Error saying what is wrong. */
export function decodeRegistryAuth(header: string): ApiAuthConfig {
  let v: unknown;
  try {
    const json = Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    v = json.trim() ? JSON.parse(json) : {};
  } catch {
    throw new Error('invalid X-Registry-Auth header: not base64-encoded JSON');
  }
  if (!v || typeof v !== 'object') throw new Error('invalid X-Registry-Auth header: not a JSON object');
  return v as ApiAuthConfig;
}

// ---- events (GET /events) ----------------------------------------------------------------

/** One message of GET /events (with the pre-1.22 `status`, `id` and `from` older clients read). */
export interface ApiEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  status?: string;
  id?: string;
  from?: string;
  scope?: string;
  time?: number;
  timeNano?: number;
}

/** dockerd's image event actions and the engine's past-tense verbs for them (EngineEvent `image.<verb>`). */
export const IMAGE_EVENT_VERBS: Readonly<Record<string, string>> = {
  pull: 'pulled', push: 'pushed', tag: 'tagged', untag: 'untagged', delete: 'removed', load: 'loaded', import: 'imported', save: 'saved',
};
