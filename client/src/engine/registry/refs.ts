import { EngineError } from '../errors';

/**
 * The slice of a parsed image reference the registry code needs. Parsing itself belongs
 * to engine/reference (the image engineer's); until it lands this file holds a minimal
 * stand-in with Docker's normalisation, to be replaced by a call into that module.
 */
export interface RemoteRef {
  /** `docker.io`, `127.0.0.1:5000` */
  registry: string;
  /** `library/busybox` */
  repository: string;
  tag?: string;
  digest?: string;
  /** `registry/repository` */
  name: string;
}

const DOMAIN = /^(?:localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?)$/i;

export function parseRemoteRef(input: string): RemoteRef {
  const s = input.trim();
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new EngineError('invalid-argument', `invalid reference format: "${input}" has a malformed digest`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new EngineError('invalid-argument', `invalid reference format: "${input}" has a malformed tag`);
  }
  let registry = 'docker.io';
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      if (!DOMAIN.test(first)) throw new EngineError('invalid-argument', `invalid reference format: "${input}" has a malformed registry`);
      registry = first;
      repository = rest.slice(slash + 1);
    }
  }
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    throw new EngineError('invalid-argument', `invalid reference format: repository name in "${input}" must be lowercase`);
  }
  if (!tag && !digest) tag = 'latest';
  return { registry, repository, tag, digest, name: `${registry}/${repository}` };
}

export function formatRef(r: RemoteRef): string {
  return r.name + (r.tag ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');
}

/** Docker's familiar form: `docker.io/library/busybox:latest` -> `busybox:latest`. */
export function familiar(r: RemoteRef): string {
  let n = r.name;
  if (n.startsWith('docker.io/library/')) n = n.slice('docker.io/library/'.length);
  else if (n.startsWith('docker.io/')) n = n.slice('docker.io/'.length);
  return n + (r.tag ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');
}
