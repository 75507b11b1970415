import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as tls from 'tls';
import * as path from 'path';
import { Readable } from 'stream';
import { sha256, type ContentStore, type Descriptor } from '../content/store';
import type { AuthConfig } from '../credentials/store';
import { EngineError, throwIfAborted } from '../../core/errors';
import { extraCaCerts } from '../extraCa';
import { withLock } from '../fsutil';
import { Challenge, parseWwwAuthenticate } from './challenge';
import { Endpoint, EndpointOptions, resolveEndpoint } from './hosts';
import { drain, RawResponse, readBody, send, TransientError, toTransportError } from './transport';

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const MANIFEST_ACCEPT = [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex];

/** Manifests bigger than this are refused (distribution's own limit is 4 MiB). */
const MANIFEST_LIMIT = 4 * 1024 * 1024;

/** Stalls (no data within the deadline) are retried this often at most. */
const STALL_RETRIES = 2;
const TIMEOUT_ENV = 'STEVEDORE_REGISTRY_TIMEOUT';

/** The stall deadline: $STEVEDORE_REGISTRY_TIMEOUT (seconds, fractions allowed) or 30 s. */
export function registryTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[TIMEOUT_ENV]?.trim();
  if (!v) return 30_000;
  const n = Number(v);
  if (!(n > 0) || n > 3600) throw new EngineError('invalid-argument', `${TIMEOUT_ENV}=${v}: expected a number of seconds between 0 and 3600`);
  return Math.round(n * 1000);
}

export type CredentialLookup = (registry: string) => Promise<AuthConfig | undefined>;

export interface RegistryClientOptions extends EndpointOptions {
  credentials?: CredentialLookup;
  /** Retries after the first attempt for 5xx/429/connection failures (default 4). */
  retries?: number;
  /** First backoff delay; doubles each retry, with jitter (default 300 ms). */
  backoffMs?: number;
  /** Upper bound for one backoff, including a server's Retry-After (default 30 s). */
  maxBackoffMs?: number;
  /**
   * A connection with no data for this long is treated as stalled and dropped (default 30 s, or
   * $STEVEDORE_REGISTRY_TIMEOUT seconds). A stall is retried at most twice (with back-off).
   */
  idleTimeoutMs?: number;
  /** Blobs up to this size are pushed with one PUT; larger ones in PATCH chunks (default 16 MiB). */
  monolithicMaxBytes?: number;
  /** Chunk size for chunked uploads (default 8 MiB). */
  chunkBytes?: number;
  /**
   * Directories laid out like docker's `certs.d`: `<dir>/<host[:port]>/*.crt` are extra CAs for
   * that registry, `client.cert` + `client.key` a client certificate. Default:
   * `/etc/docker/certs.d` and `~/.docker/certs.d`.
   */
  certsDirs?: string[];
}

/** A registry's certs.d material as an https agent, or undefined when there is none. */
function certsAgent(dirs: string[], names: string[]): https.Agent | undefined {
  const ca: Buffer[] = [];
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  for (const dir of dirs) {
    for (const name of names) {
      const d = path.join(dir, name);
      let files: string[];
      try {
        files = fs.readdirSync(d);
      } catch {
        continue;
      }
      for (const f of files.sort()) {
        if (f.endsWith('.crt')) ca.push(fs.readFileSync(path.join(d, f)));
        else if (f.endsWith('.cert')) cert = fs.readFileSync(path.join(d, f));
        else if (f.endsWith('.key')) key = fs.readFileSync(path.join(d, f));
      }
    }
  }
  if (!ca.length && !cert) return undefined;
  // Like docker: these CAs are added to the system ones, not a replacement for them.
  return new https.Agent({ keepAlive: true, maxSockets: 16, ca: ca.length ? [...(extraCaCerts() ?? tls.rootCertificates), ...ca.map((c) => c.toString())] : extraCaCerts(), cert, key });
}

export interface RequestOptions {
  method: string;
  /** Path (and query) under the endpoint, or an absolute URL (upload locations). */
  path: string;
  /** Token scopes this request needs (`repository:a/b:pull`). */
  scopes?: string[];
  headers?: Record<string, string>;
  body?: Buffer | (() => Readable);
  signal?: AbortSignal;
  /** Statuses handed back to the caller; anything else becomes an EngineError. Default [200]. */
  ok?: number[];
  /** What this request is about, for error messages (`manifest 127.0.0.1:5000/a:latest`). */
  what: string;
  /**
   * False for requests whose replay could do harm (upload PUT and PATCH): no retries here, and a
   * connection failure comes back as the TransientError it was, for the caller's own retries.
   */
  retry?: boolean;
}

export interface ManifestResponse {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export interface BlobProgress {
  (done: number, total: number): void;
}

interface TokenEntry {
  token: string;
  expiresAt: number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new EngineError('cancelled', 'operation cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new EngineError('cancelled', 'operation cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** `Link: </v2/_catalog?last=b&n=2>; rel="next"` -> `/v2/_catalog?last=b&n=2`. */
export function parseNextLink(link: string | string[] | undefined): string | undefined {
  const v = Array.isArray(link) ? link.join(', ') : link;
  if (!v) return undefined;
  for (const part of v.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /rel\s*=\s*"?next"?/i.test(m[2])) return m[1];
  }
  return undefined;
}

function isEngineErrorCode(e: unknown, code: string): boolean {
  return e instanceof EngineError && e.code === code;
}

function header(res: RawResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** A registry's JSON error body, condensed: `MANIFEST_UNKNOWN: manifest unknown`. */
function registryErrorText(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    }
  } catch {
    // not JSON: fall through
  }
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? text.slice(0, 200) + '...' : text;
}

/**
 * A client for one registry's distribution API (OCI distribution spec). It owns that
 * registry's auth state: the challenge it announced, Basic credentials, and bearer tokens
 * cached per scope set until they expire.
 */
export class RegistryClient {
  readonly endpoint: Endpoint;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly idleTimeoutMs: number;
  readonly monolithicMaxBytes: number;
  readonly chunkBytes: number;
  private challenge?: Challenge;
  private readonly tokens = new Map<string, TokenEntry>();
  private creds?: Promise<AuthConfig | undefined>;
  private readonly agent?: https.Agent;

  constructor(
    readonly registry: string,
    private readonly opts: RegistryClientOptions = {},
  ) {
    this.endpoint = resolveEndpoint(registry, opts);
    this.retries = opts.retries ?? 4;
    this.backoffMs = opts.backoffMs ?? 300;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? registryTimeoutMs();
    this.monolithicMaxBytes = opts.monolithicMaxBytes ?? 16 * 1024 * 1024;
    this.chunkBytes = opts.chunkBytes ?? 8 * 1024 * 1024;
    if (this.endpoint.base.protocol === 'https:') {
      const dirs = opts.certsDirs ?? ['/etc/docker/certs.d', path.join(os.homedir(), '.docker', 'certs.d')];
      this.agent = certsAgent(dirs, [...new Set([this.endpoint.base.host, registry.toLowerCase()])]);
    }
  }

  /** Uses these credentials instead of the store's (login verifies before saving). */
  useCredentials(auth: AuthConfig | undefined): void {
    this.creds = Promise.resolve(auth);
    this.tokens.clear();
  }

  private credentials(): Promise<AuthConfig | undefined> {
    if (!this.creds) this.creds = this.opts.credentials ? this.opts.credentials(this.endpoint.registry) : Promise.resolve(undefined);
    return this.creds;
  }

  private url(pathOrUrl: string): URL {
    return /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(pathOrUrl, this.endpoint.base);
  }

  /** Retries allowed after `e`: a stall costs a whole deadline each time, so it gets fewer. */
  private retriesFor(e: unknown): number {
    return e instanceof TransientError && e.code === 'ETIMEDOUT' ? Math.min(this.retries, STALL_RETRIES) : this.retries;
  }

  backoff(attempt: number, retryAfterMs?: number): number {
    const exp = this.backoffMs * 2 ** attempt;
    const jittered = exp / 2 + Math.random() * (exp / 2);
    return Math.min(this.maxBackoffMs, Math.max(retryAfterMs ?? 0, jittered));
  }

  // ---- auth ------------------------------------------------------------------------

  private tokenKey(c: Challenge, scopes: string[]): string {
    return [c.params.realm, c.params.service ?? '', ...[...scopes].sort()].join('|');
  }

  private async fetchToken(c: Challenge, scopes: string[], signal?: AbortSignal): Promise<string> {
    const creds = await this.credentials();
    if (creds?.registryToken) return creds.registryToken;
    const realm = c.params.realm;
    if (!realm) throw new EngineError('unavailable', `registry ${this.endpoint.registry} asked for a bearer token without saying where to get one (no realm)`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new EngineError('unavailable', `registry ${this.endpoint.registry} announced an invalid token realm`);
    }
    let res: RawResponse;
    const what = `token for ${this.endpoint.registry} from ${url.host}`;
    if (creds?.identityToken) {
      // OAuth2 refresh-token grant, as docker does for identity tokens.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'stevedore', access_type: 'offline' });
      if (c.params.service) form.set('service', c.params.service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      res = await this.sendWithRetry(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form.toString()), signal }, what);
    } else {
      if (c.params.service) url.searchParams.set('service', c.params.service);
      for (const s of scopes) url.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (creds?.username !== undefined) headers.authorization = 'Basic ' + Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64');
      res = await this.sendWithRetry(url, { method: 'GET', headers, signal }, what);
    }
    const body = await readBody(res, 1024 * 1024, signal);
    if (res.status === 401 || res.status === 403) {
      throw new EngineError(
        'unauthorized',
        creds ? `login to ${this.endpoint.registry} failed: incorrect username or password` : `authentication required for ${this.endpoint.registry}: run \`stevedore login ${this.endpoint.registry}\``,
      );
    }
    if (res.status !== 200) throw new EngineError('unavailable', `token service ${url.host} for ${this.endpoint.registry} answered ${res.status}: ${registryErrorText(body)}`);
    let parsed: { token?: string; access_token?: string; expires_in?: number; issued_at?: string };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new EngineError('corrupt', `token service ${url.host} for ${this.endpoint.registry} returned malformed JSON`);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw new EngineError('corrupt', `token service ${url.host} for ${this.endpoint.registry} returned no token`);
    // The spec's default lifetime is 60 s; refresh a little early.
    const lifetime = (typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60) * 1000;
    const issued = parsed.issued_at ? Date.parse(parsed.issued_at) : NaN;
    const start = Number.isNaN(issued) || issued > Date.now() ? Date.now() : issued;
    this.tokens.set(this.tokenKey(c, scopes), { token, expiresAt: start + lifetime - Math.min(10_000, lifetime / 4) });
    return token;
  }

  private async authorization(scopes: string[], signal?: AbortSignal): Promise<string | undefined> {
    const c = this.challenge;
    if (!c) return undefined;
    if (c.scheme === 'basic') {
      const creds = await this.credentials();
      if (creds?.username === undefined) return undefined;
      return 'Basic ' + Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64');
    }
    if (c.scheme === 'bearer') {
      const cached = this.tokens.get(this.tokenKey(c, scopes));
      if (cached && cached.expiresAt > Date.now()) return 'Bearer ' + cached.token;
      return 'Bearer ' + (await this.fetchToken(c, scopes, signal));
    }
    return undefined;
  }

  /** Scopes for a repository (`repository:<name>:pull,push`). */
  static scope(repository: string, actions: string): string {
    return `repository:${repository}:${actions}`;
  }

  // ---- requests --------------------------------------------------------------------

  /** One send with retries on connection failures (used for token requests and by `request`). */
  private async sendWithRetry(url: URL, o: { method: string; headers?: Record<string, string>; body?: Buffer | (() => Readable); signal?: AbortSignal }, what: string): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(url, { ...o, idleTimeoutMs: this.idleTimeoutMs, rejectUnauthorized: !this.endpoint.insecure, agent: url.origin === this.endpoint.base.origin ? this.agent : undefined });
      } catch (e) {
        if (!(e instanceof TransientError) || attempt >= this.retriesFor(e)) throw this.finalError(e, what, attempt + 1);
        await sleep(this.backoff(attempt), o.signal);
      }
    }
  }

  /**
   * The error after the last attempt: a transient failure becomes `unavailable` naming `what`
   * (`digest-mismatch` for a body cut short), with a hint where the stall deadline is set.
   */
  private finalError(e: unknown, what: string, attempts: number): Error {
    if (!(e instanceof TransientError)) return e as Error;
    const text = e.message.startsWith(`${what}:`) ? e.message : `${what}: ${e.message}`;
    return new EngineError(e.code === 'ETRUNC' ? 'digest-mismatch' : 'unavailable', `${text} (gave up after ${attempts} attempts${e.code === 'ETIMEDOUT' ? `; ${TIMEOUT_ENV} sets the deadline in seconds` : ''})`);
  }

  /**
   * Sends a request with auth (learning the challenge from a 401 and retrying once with
   * fresh credentials/token), redirects for GET/HEAD, and retries with backoff on
   * 429/5xx/connection failures (honouring Retry-After). Returns responses whose status is
   * in `ok`; turns others into EngineErrors.
   */
  async request(o: RequestOptions): Promise<RawResponse> {
    const ok = o.ok ?? [200];
    const scopes = o.scopes ?? [];
    let url = this.url(o.path);
    let authRetried = false;
    let redirects = 0;
    let attempt = 0;
    let authScopes = scopes;
    for (;;) {
      throwIfAborted(o.signal);
      const sameOrigin = url.origin === this.endpoint.base.origin;
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (sameOrigin) {
        const auth = await this.authorization(authScopes, o.signal);
        if (auth) headers.authorization = auth;
      }
      let res: RawResponse;
      try {
        res = await send(url, { method: o.method, headers, body: o.body, signal: o.signal, idleTimeoutMs: this.idleTimeoutMs, rejectUnauthorized: !this.endpoint.insecure, agent: sameOrigin ? this.agent : undefined });
      } catch (e) {
        if (e instanceof TransientError && o.retry !== false && attempt < this.retriesFor(e)) {
          await sleep(this.backoff(attempt++), o.signal);
          continue;
        }
        // Without retries here the caller retries (uploads): it needs the failure as it came
        // (a stall keeps its smaller retry budget) and counts the attempts itself.
        if (o.retry === false && e instanceof TransientError) throw e;
        throw this.finalError(e, o.what, attempt + 1);
      }
      if (ok.includes(res.status)) return res;
      if (res.status === 401 && sameOrigin && !authRetried) {
        const challenges = parseWwwAuthenticate(res.headers['www-authenticate']);
        const c = challenges.find((x) => x.scheme === 'bearer') ?? challenges.find((x) => x.scheme === 'basic');
        await drain(res);
        if (c) {
          const had = this.challenge;
          this.challenge = c;
          if (c.scheme === 'bearer') {
            // An insufficient_scope answer names the scope it wants; ask for that too.
            const wanted = c.params.scope ? c.params.scope.split(' ') : [];
            authScopes = [...new Set([...scopes, ...wanted])];
            this.tokens.delete(this.tokenKey(c, authScopes));
          }
          const creds = await this.credentials();
          // Retry when we now know how to authenticate, or when what we sent may be stale.
          if (!had || creds || c.scheme === 'bearer') {
            authRetried = true;
            continue;
          }
        }
        throw this.statusError(401, o.what, Buffer.alloc(0), await this.credentials());
      }
      if ((res.status === 301 || res.status === 302 || res.status === 303 || res.status === 307 || res.status === 308) && (o.method === 'GET' || o.method === 'HEAD')) {
        const loc = header(res, 'location');
        await drain(res);
        if (!loc || ++redirects > 5) throw new EngineError('unavailable', `${o.what}: too many or broken redirects from ${url.host}`);
        url = new URL(loc, url);
        continue;
      }
      if (RETRY_STATUSES.has(res.status) && o.retry !== false && attempt < this.retries) {
        const wait = this.backoff(attempt++, parseRetryAfter(res.headers['retry-after']));
        await drain(res);
        await sleep(wait, o.signal);
        continue;
      }
      const body = o.method === 'HEAD' ? Buffer.alloc(0) : await readBody(res, 64 * 1024, o.signal).catch(() => Buffer.alloc(0));
      throw this.statusError(res.status, o.what, body, await this.credentials());
    }
  }

  statusError(status: number, what: string, body: Buffer, creds?: AuthConfig): EngineError {
    const detail = registryErrorText(body);
    const suffix = detail ? ` (${detail})` : '';
    const reg = this.endpoint.registry;
    switch (status) {
      case 401:
        return new EngineError(
          'unauthorized',
          creds
            ? `${what}: unauthorized: the registry rejected your credentials for ${reg}${suffix}; run \`stevedore login ${reg}\` again`
            : `${what}: unauthorized: authentication required${suffix}; run \`stevedore login ${reg}\``,
        );
      case 403:
        return new EngineError('forbidden', `${what}: denied: access forbidden${suffix}`);
      case 404:
        return new EngineError('not-found', `${what}: not found${suffix}`);
      case 429:
        return new EngineError('too-many-requests', `${what}: too many requests to ${reg}${suffix}; wait and try again`);
      case 405:
        return new EngineError('unavailable', `${what}: the registry ${reg} does not support this operation${suffix}`);
      default:
        if (status >= 500) return new EngineError('unavailable', `${what}: registry ${reg} answered ${status}${suffix} (gave up after ${this.retries + 1} attempts)`);
        return new EngineError('invalid-argument', `${what}: registry ${reg} answered ${status}${suffix}`);
    }
  }

  // ---- API -------------------------------------------------------------------------

  /** `GET /v2/`: checks the registry speaks the API and that our credentials (if any) work. */
  async ping(signal?: AbortSignal): Promise<void> {
    const res = await this.request({ method: 'GET', path: '/v2/', signal, what: `registry ${this.endpoint.registry}` });
    await drain(res);
  }

  async getManifest(repository: string, reference: string, opts: { signal?: AbortSignal; accept?: string[] } = {}): Promise<ManifestResponse> {
    const what = `manifest for ${this.endpoint.registry}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
    const res = await this.request({
      method: 'GET',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [RegistryClient.scope(repository, 'pull')],
      headers: { accept: (opts.accept ?? MANIFEST_ACCEPT).join(', ') },
      signal: opts.signal,
      what,
    });
    const bytes = await readBody(res, MANIFEST_LIMIT, opts.signal).catch((e) => {
      throw e instanceof TransientError ? new EngineError('unavailable', `${what}: ${e.message}`) : e;
    });
    const digest = sha256(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new EngineError('digest-mismatch', `${what}: the registry sent a manifest that hashes to ${digest}`);
    }
    const declared = header(res, 'docker-content-digest');
    if (declared && declared.startsWith('sha256:') && declared !== digest) {
      throw new EngineError('digest-mismatch', `${what}: the manifest hashes to ${digest} but the registry says ${declared}`);
    }
    let mediaType = (header(res, 'content-type') ?? '').split(';')[0].trim();
    let parsed: { mediaType?: string; schemaVersion?: number };
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    } catch {
      throw new EngineError('corrupt', `${what}: the registry sent a malformed manifest (not JSON)`);
    }
    if (parsed.mediaType) mediaType = parsed.mediaType;
    if (parsed.schemaVersion === 1 || mediaType === MEDIA_TYPES.dockerSchema1 || mediaType === MEDIA_TYPES.dockerSchema1Signed) {
      throw new EngineError('invalid-argument', `${what}: Docker image manifest schema 1 is deprecated and not supported; push the image again with a current tool`);
    }
    if (!MANIFEST_ACCEPT.includes(mediaType as (typeof MANIFEST_ACCEPT)[number])) {
      // OCI manifests may omit mediaType; infer from shape.
      const p = parsed as { manifests?: unknown; config?: unknown; layers?: unknown };
      if (Array.isArray(p.manifests)) mediaType = MEDIA_TYPES.ociIndex;
      else if (p.config && Array.isArray(p.layers)) mediaType = MEDIA_TYPES.ociManifest;
      else throw new EngineError('corrupt', `${what}: unsupported or malformed manifest (media type "${mediaType || 'none'}")`);
    }
    return { bytes, mediaType, digest };
  }

  /** HEAD a manifest: its digest/size/mediaType, or undefined when absent. */
  async headManifest(repository: string, reference: string, signal?: AbortSignal): Promise<Descriptor | undefined> {
    const res = await this.request({
      method: 'HEAD',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [RegistryClient.scope(repository, 'pull')],
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      ok: [200, 404],
      signal,
      what: `manifest ${this.endpoint.registry}/${repository}:${reference}`,
    });
    await drain(res);
    if (res.status === 404) return undefined;
    return {
      mediaType: (header(res, 'content-type') ?? '').split(';')[0],
      digest: header(res, 'docker-content-digest') ?? '',
      size: Number(header(res, 'content-length') ?? 0),
    };
  }

  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, signal?: AbortSignal): Promise<string> {
    const res = await this.request({
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [RegistryClient.scope(repository, 'pull,push')],
      headers: { 'content-type': mediaType },
      body: bytes,
      ok: [201, 200, 202],
      signal,
      what: `push of manifest ${this.endpoint.registry}/${repository}:${reference}`,
    });
    await drain(res);
    return header(res, 'docker-content-digest') ?? sha256(bytes);
  }

  async deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
    const res = await this.request({
      method: 'DELETE',
      path: `/v2/${repository}/manifests/${digest}`,
      scopes: [RegistryClient.scope(repository, 'delete'), RegistryClient.scope(repository, '*')],
      ok: [202, 200],
      signal,
      what: `delete of manifest ${this.endpoint.registry}/${repository}@${digest}`,
    });
    await drain(res);
  }

  /** Size of a blob in the repository, or undefined when it is not there. */
  async blobSize(repository: string, digest: string, signal?: AbortSignal, actions = 'pull'): Promise<number | undefined> {
    const res = await this.request({
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      scopes: [RegistryClient.scope(repository, actions)],
      ok: [200, 404],
      signal,
      what: `blob ${digest} in ${this.endpoint.registry}/${repository}`,
    });
    await drain(res);
    return res.status === 200 ? Number(header(res, 'content-length') ?? NaN) : undefined;
  }

  /** Reads a small blob (a config) fully into memory, verified. */
  async getBlobBytes(repository: string, desc: Descriptor, signal?: AbortSignal): Promise<Buffer> {
    const what = `blob ${desc.digest} in ${this.endpoint.registry}/${repository}`;
    const res = await this.request({ method: 'GET', path: `/v2/${repository}/blobs/${desc.digest}`, scopes: [RegistryClient.scope(repository, 'pull')], signal, what });
    const bytes = await readBody(res, Math.max(desc.size, 1) + 1, signal);
    if (bytes.length !== desc.size || sha256(bytes) !== desc.digest) throw new EngineError('digest-mismatch', `${what}: content does not match its digest`);
    return bytes;
  }

  /**
   * Downloads a blob straight into the content store, verifying size and digest while it
   * streams. Interrupted transfers resume with `Range` from what the ingest file already
   * holds (even one left by a killed process); a server that answers 200 to a Range request
   * restarts the ingest. One process downloads a given blob at a time (a lock per digest),
   * so two pulls sharing a data root never write one ingest file together.
   */
  async fetchBlob(repository: string, desc: Descriptor, content: ContentStore, dataRoot: string, opts: { signal?: AbortSignal; onProgress?: BlobProgress; onRetry?: (reason: string, waitMs: number, attempt: number) => void } = {}): Promise<void> {
    const hex = desc.digest.replace(/^sha256:/, '');
    const what = `blob ${desc.digest} of ${this.endpoint.registry}/${repository}`;
    if ((await content.stat(desc.digest)) === desc.size) {
      opts.onProgress?.(desc.size, desc.size);
      return;
    }
    await lockBlob(dataRoot, hex, opts.signal, async () => {
      if ((await content.stat(desc.digest)) === desc.size) {
        opts.onProgress?.(desc.size, desc.size);
        return;
      }
      let restartedFromZero = false;
      for (let attempt = 0; ; attempt++) {
        throwIfAborted(opts.signal);
        const w = await content.writer({ digest: desc.digest, size: desc.size }, `pull-${hex}`);
        const resumedFrom = w.offset;
        try {
          if (w.offset > desc.size) w.reset();
          if (w.offset < desc.size) {
            const headers: Record<string, string> = {};
            if (w.offset > 0) headers.range = `bytes=${w.offset}-`;
            const res = await this.request({
              method: 'GET',
              path: `/v2/${repository}/blobs/${desc.digest}`,
              scopes: [RegistryClient.scope(repository, 'pull')],
              headers,
              ok: [200, 206, 416],
              signal: opts.signal,
              what,
            });
            if (res.status === 416) {
              await drain(res);
              w.reset();
              throw new TransientError(`${what}: the registry refused to resume at byte ${resumedFrom}`, 'ERANGE');
            }
            if (res.status === 206) {
              const m = /bytes\s+(\d+)-/.exec(header(res, 'content-range') ?? '');
              if (!m || Number(m[1]) !== w.offset) {
                await drain(res);
                w.reset();
                throw new TransientError(`${what}: the registry resumed at the wrong offset`, 'ERANGE');
              }
            } else if (w.offset > 0) {
              w.reset(); // the server ignored Range and is sending the whole blob
            }
            // A length longer than what is due cannot be this blob's: wrong at once, not after a wait
            // for bytes that never come. (A shorter one is a cut answer: what came is kept and the rest resumed.)
            const length = header(res, 'content-length');
            if (length !== undefined && Number(length) > desc.size - w.offset) {
              res.body.destroy();
              throw new EngineError('corrupt', `${what}: registry ${this.endpoint.registry} announced ${length} bytes (Content-Length) where ${desc.size - w.offset} were due; the registry or a proxy in between is broken`);
            }
            opts.onProgress?.(w.offset, desc.size);
            try {
              for await (const chunk of res.body) {
                if (w.offset + (chunk as Buffer).length > desc.size) throw new EngineError('corrupt', `${what}: registry ${this.endpoint.registry} sent more than the blob's ${desc.size} bytes`);
                await w.write(chunk as Buffer);
                opts.onProgress?.(w.offset, desc.size);
              }
            } catch (e) {
              res.body.destroy();
              throw toTransportError(e, res.url, opts.signal);
            }
            if (w.offset < desc.size) throw new TransientError(`${what}: the download ended early at ${w.offset} of ${desc.size} bytes`, 'ETRUNC');
          }
          await w.commit();
          return;
        } catch (e) {
          await w.close();
          // A mismatch after resuming may come from stale bytes of an earlier attempt: one clean retry.
          if (e instanceof EngineError && e.code === 'digest-mismatch' && resumedFrom > 0 && !restartedFromZero) {
            restartedFromZero = true;
            await w.close(true);
            continue;
          }
          if (e instanceof EngineError && e.code === 'digest-mismatch') await w.close(true);
          if (!(e instanceof TransientError) || attempt >= this.retriesFor(e)) throw this.finalError(e, what, attempt + 1);
          const wait = this.backoff(attempt);
          opts.onRetry?.(e.message, wait, attempt + 1);
          await sleep(wait, opts.signal);
        }
      }
    });
  }

  // ---- push ------------------------------------------------------------------------

  /**
   * Uploads a blob unless the repository already has it: HEAD, then a cross-repository
   * mount when `mountFrom` names a repository of this registry that holds it, else a
   * monolithic POST+PUT for small blobs or PATCH chunks with Content-Range for large ones.
   * Returns how it got there.
   */
  async pushBlob(
    repository: string,
    desc: Descriptor,
    open: (start: number, end?: number) => Readable,
    opts: { mountFrom?: string[]; signal?: AbortSignal; onProgress?: BlobProgress } = {},
  ): Promise<'exists' | 'mounted' | 'uploaded'> {
    const what = `upload of blob ${desc.digest} to ${this.endpoint.registry}/${repository}`;
    const push = RegistryClient.scope(repository, 'pull,push');
    if ((await this.blobSize(repository, desc.digest, opts.signal, 'pull,push')) !== undefined) {
      return 'exists';
    }
    for (const from of opts.mountFrom ?? []) {
      if (from === repository) continue;
      const res = await this.request({
        method: 'POST',
        path: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(desc.digest)}&from=${encodeURIComponent(from)}`,
        scopes: [push, RegistryClient.scope(from, 'pull')],
        headers: { 'content-length': '0' },
        ok: [201, 202],
        signal: opts.signal,
        what,
      });
      await drain(res);
      if (res.status === 201) {
        return 'mounted';
      }
      // 202: the registry could not mount and opened an ordinary upload; cancel it and upload normally.
      const loc = header(res, 'location');
      if (loc) await this.request({ method: 'DELETE', path: this.url(loc).toString(), scopes: [push], ok: [204, 200, 202, 404], signal: opts.signal, what }).then(drain, () => undefined);
    }
    // One failure budget for the whole blob, spent by restarted uploads and resumed chunks alike.
    const tries = { failures: 0 };
    for (;;) {
      try {
        await this.upload(repository, desc, open, opts, what, tries);
        return 'uploaded';
      } catch (e) {
        if (isEngineErrorCode(e, 'cancelled')) throw e;
        // The upload may have completed with only the answer lost: the registry knows.
        if ((await this.blobSize(repository, desc.digest, opts.signal, 'pull,push').catch(() => undefined)) === desc.size) return 'uploaded';
        const retryable = e instanceof TransientError || ['unavailable', 'not-found', 'too-many-requests'].some((c) => isEngineErrorCode(e, c));
        if (!retryable || tries.failures >= this.retriesFor(e)) throw this.finalError(e, what, tries.failures + 1);
        await sleep(this.backoff(tries.failures++), opts.signal);
      }
    }
  }

  private async startUpload(repository: string, what: string, signal?: AbortSignal): Promise<URL> {
    const res = await this.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/`,
      scopes: [RegistryClient.scope(repository, 'pull,push')],
      headers: { 'content-length': '0' },
      ok: [202],
      signal,
      what,
    });
    await drain(res);
    const loc = header(res, 'location');
    if (!loc) throw new EngineError('unavailable', `${what}: the registry did not say where to upload (no Location)`);
    return new URL(loc, res.url);
  }

  private withDigest(loc: URL, digest: string): string {
    const u = new URL(loc);
    u.searchParams.set('digest', digest);
    return u.toString();
  }

  private async upload(
    repository: string,
    desc: Descriptor,
    open: (start: number, end?: number) => Readable,
    opts: { signal?: AbortSignal; onProgress?: BlobProgress },
    what: string,
    tries: { failures: number },
  ): Promise<void> {
    const push = [RegistryClient.scope(repository, 'pull,push')];
    let loc = await this.startUpload(repository, what, opts.signal);
    const counted = (s: Readable, base: number): Readable => {
      let n = base;
      s.on('data', (c: Buffer) => {
        n += c.length;
        opts.onProgress?.(n, desc.size);
      });
      return s;
    };
    if (desc.size <= this.monolithicMaxBytes) {
      const res = await this.request({
        method: 'PUT',
        path: this.withDigest(loc, desc.digest),
        scopes: push,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(desc.size) },
        body: () => counted(open(0), 0),
        ok: [201, 204],
        signal: opts.signal,
        what,
        retry: false, // a replay after a lost answer hits a finished session; pushBlob restarts instead
      });
      await drain(res);
      return;
    }
    let offset = 0;
    while (offset < desc.size) {
      const end = Math.min(desc.size, offset + this.chunkBytes) - 1;
      try {
        const res = await this.request({
          method: 'PATCH',
          path: loc.toString(),
          scopes: push,
          headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${end}`, 'content-length': String(end - offset + 1) },
          body: () => counted(open(offset, end), offset),
          ok: [202],
          signal: opts.signal,
          what,
          // A replayed PATCH would not match the registry's offset if the first one landed;
          // recovery below asks the registry where it is instead.
          retry: false,
        });
        await drain(res);
        const next = header(res, 'location');
        if (next) loc = new URL(next, res.url);
        offset = end + 1;
      } catch (e) {
        const recoverable = e instanceof TransientError || (e instanceof EngineError && ['unavailable', 'not-found', 'invalid-argument', 'too-many-requests'].includes(e.code));
        if (!recoverable || tries.failures >= this.retriesFor(e)) throw e;
        // Ask the registry how much of the upload it has, and continue from there.
        const status = await this.request({ method: 'GET', path: loc.toString(), scopes: push, ok: [204, 200], signal: opts.signal, what }).catch(() => undefined);
        if (!status) throw new TransientError(`${what}: upload session lost`, 'ECONNRESET');
        await drain(status);
        const m = /^(\d+)-(\d+)$/.exec((header(status, 'range') ?? '').replace(/^bytes=/, ''));
        // distribution answers "0-0" both for an empty upload and for one byte; our chunks are
        // never one byte, so "0-0" from a session that had nothing confirmed means empty.
        offset = m ? (m[2] === '0' && offset === 0 ? 0 : Number(m[2]) + 1) : 0;
        const next = header(status, 'location');
        if (next) loc = new URL(next, status.url);
        await sleep(this.backoff(tries.failures++), opts.signal);
      }
    }
    const res = await this.request({
      method: 'PUT',
      path: this.withDigest(loc, desc.digest),
      scopes: push,
      headers: { 'content-length': '0' },
      ok: [201, 204],
      signal: opts.signal,
      what,
    });
    await drain(res);
  }

  // ---- browsing --------------------------------------------------------------------

  private async paged(first: string, key: 'repositories' | 'tags', scopes: string[], what: string, signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    let next: string | undefined = first;
    let pages = 0;
    while (next) {
      if (++pages > 10_000) throw new EngineError('unavailable', `${what}: the registry keeps paging; giving up`);
      const res = await this.request({ method: 'GET', path: next, scopes, signal, what });
      const body = await readBody(res, 16 * 1024 * 1024, signal);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new EngineError('corrupt', `${what}: the registry sent malformed JSON`);
      }
      const list = parsed[key];
      if (list !== null && list !== undefined && !Array.isArray(list)) throw new EngineError('corrupt', `${what}: the registry sent a malformed list`);
      out.push(...((list as string[] | null) ?? []));
      next = parseNextLink(res.headers.link);
    }
    return out;
  }

  /** Every repository name in the registry (`GET /v2/_catalog`, following `Link` pages). */
  catalog(opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    return this.paged(`/v2/_catalog?n=${opts.pageSize ?? 1000}`, 'repositories', ['registry:catalog:*'], `catalog of ${this.endpoint.registry}`, opts.signal);
  }

  /** Every tag of a repository (`GET /v2/<name>/tags/list`, following `Link` pages). */
  tags(repository: string, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    return this.paged(
      `/v2/${repository}/tags/list?n=${opts.pageSize ?? 1000}`,
      'tags',
      [RegistryClient.scope(repository, 'pull')],
      `tags of ${this.endpoint.registry}/${repository}`,
      opts.signal,
    );
  }
}

/**
 * Holds the per-blob download lock while `fn` runs, waiting while another process downloads
 * the same blob (as long as it takes, or until the signal fires). The data root's one lock
 * (fsutil.withLock, proper-lockfile) with a short `stale`: a pull killed with SIGKILL holds up a
 * later pull of that blob for at most 5 s. A lock lost while held only means a second download
 * of the same bytes, which the content store verifies by digest.
 */
function lockBlob(dataRoot: string, hex: string, signal: AbortSignal | undefined, fn: () => Promise<void>): Promise<void> {
  return withLock(dataRoot, `pull-${hex}`, fn, { stale: 5000, maxWaitMs: Infinity, signal, tolerateLoss: true });
}
