import { parseNormalizedNamed } from '../../core/reference';

/**
 * The slice of a parsed image reference the registry code needs, taken from the one
 * reference parser (core/reference: Docker's grammar and normalisation).
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

/** Parses a pull/push reference; a name alone gets `:latest`. Throws `invalid-argument` EngineErrors. */
export function parseRemoteRef(input: string): RemoteRef {
  const ref = parseNormalizedNamed(input.trim()).withDefaultTag();
  return { registry: ref.domain, repository: ref.path, tag: ref.tag, digest: ref.digest, name: ref.name };
}

export function formatRef(r: RemoteRef): string {
  return r.name + (r.tag ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');
}

/** Docker's familiar form: `docker.io/library/busybox:latest` -> `busybox:latest`. */
export function familiar(r: RemoteRef): string {
  return parseNormalizedNamed(formatRef(r)).familiarString;
}
