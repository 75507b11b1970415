import * as net from 'net';

/** The registry name Docker uses for Docker Hub in references. */
export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's distribution API actually lives. */
export const DOCKER_HUB_API = 'registry-1.docker.io';
/** The key Docker (and so `~/.docker/config.json`) files Docker Hub credentials under. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function isDockerHub(registry: string): boolean {
  return HUB_ALIASES.has(registry.toLowerCase());
}

/** Canonical registry name as used in references (`index.docker.io` -> `docker.io`). */
export function canonicalRegistry(registry: string): string {
  return isDockerHub(registry) ? DOCKER_HUB : registry.toLowerCase();
}

export interface Endpoint {
  /** Registry name as in references (`docker.io`, `127.0.0.1:5000`). */
  registry: string;
  /** Base URL of the API, without the `/v2/` path: `https://registry-1.docker.io`. */
  base: URL;
  /** True when TLS is not used (or not verified). */
  insecure: boolean;
}

export interface EndpointOptions {
  /** Registries (host[:port] or CIDR like `10.0.0.0/8`) the user allows over plain HTTP, like dockerd's `--insecure-registry`. */
  insecureRegistries?: string[];
  /**
   * Overrides where a registry name is served, e.g. `{ 'registry-1.docker.io': 'http://127.0.0.1:5000' }`.
   * Used for mirrors, and by tests to put a local stand-in behind Docker Hub's name.
   */
  endpointOverrides?: Record<string, string>;
}

function hostOnly(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const i = registry.lastIndexOf(':');
  return i > 0 && registry.indexOf(':') === i ? registry.slice(0, i) : registry;
}

function inCidr(ip: string, cidr: string): boolean {
  const [range, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!net.isIPv4(ip) || !net.isIPv4(range) || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (a: string) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(range) & mask) >>> 0);
}

/** Docker's rule: loopback registries speak plain HTTP; so do those the user marks insecure. */
export function isInsecureRegistry(registry: string, insecure: string[] = []): boolean {
  const host = hostOnly(registry).toLowerCase();
  if (host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'))) return true;
  for (const entry of insecure) {
    const e = entry.toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, '');
    if (e === registry.toLowerCase() || e === host) return true;
    if (e.includes('/') && inCidr(host, e)) return true;
  }
  return false;
}

export function resolveEndpoint(registry: string, opts: EndpointOptions = {}): Endpoint {
  const name = canonicalRegistry(registry);
  const apiHost = name === DOCKER_HUB ? DOCKER_HUB_API : name;
  const override = opts.endpointOverrides?.[apiHost] ?? opts.endpointOverrides?.[name];
  if (override) {
    const base = new URL(override);
    return { registry: name, base, insecure: base.protocol === 'http:' };
  }
  const insecure = isInsecureRegistry(apiHost, opts.insecureRegistries);
  const base = new URL(`${insecure ? 'http' : 'https'}://${apiHost.startsWith('::') ? `[${apiHost}]` : apiHost}`);
  return { registry: name, base, insecure };
}

/** The key under which credentials for `registry` are filed in Docker's config.json. */
export function credentialKey(registry: string): string {
  return isDockerHub(registry) ? DOCKER_HUB_CONFIG_KEY : registry.toLowerCase();
}

/** Docker's `ConvertToHostname`: `https://host:5000/v2/` -> `host:5000`, for matching config.json keys. */
export function hostnameOfKey(key: string): string {
  let s = key.replace(/^https?:\/\//, '');
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  return s.toLowerCase();
}
