import { EngineError } from './errors';

/**
 * Image references with the semantics of github.com/distribution/reference (the grammar
 * docker and containerd use): `[domain[:port]/]path[:tag][@digest]`, Docker's
 * normalisation (`docker.io`, `library/`, `latest`, `index.docker.io`), familiar forms,
 * and image-ID detection. There is no maintained npm package with these exact semantics
 * (the conformance vectors in test/vectors/reference pin them), hence this port.
 */

// ---- grammar (the same patterns as distribution/reference's regexp.go) ------------------

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

export const DomainRegexp = new RegExp(`^${domainAndPort}$`);
export const TagRegexp = new RegExp(`^${tagPat}$`);
export const DigestRegexp = new RegExp(`^${digestPat}$`);
export const IdentifierRegexp = /^([a-f0-9]{64})$/;
/** capture 1 = domain, 2 = path */
export const FullNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
/** capture 1 = name, 2 = tag, 3 = digest */
export const ReferenceRegexp = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);

export const NAME_TOTAL_LENGTH_MAX = 255;
export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';

/** Digest algorithms we accept and the hex length of each (go-digest with sha256 and sha512 linked, as in dockerd). */
const ALGORITHMS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Go sentinel names, so callers and tests can tell the failures apart. */
export type ReferenceErrorKind =
  | 'ErrReferenceInvalidFormat'
  | 'ErrTagInvalidFormat'
  | 'ErrDigestInvalidFormat'
  | 'ErrNameContainsUppercase'
  | 'ErrNameEmpty'
  | 'ErrNameTooLong'
  | 'ErrNameNotCanonical'
  | 'ErrDigestInvalidLength'
  | 'ErrDigestUnsupported'
  | 'ErrHexIdentifier'
  | 'ErrNoName';

const MESSAGES: Record<ReferenceErrorKind, string> = {
  ErrReferenceInvalidFormat: 'invalid reference format',
  ErrTagInvalidFormat: 'invalid tag format',
  ErrDigestInvalidFormat: 'invalid digest format',
  ErrNameContainsUppercase: 'repository name must be lowercase',
  ErrNameEmpty: 'repository name must have at least one component',
  ErrNameTooLong: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
  ErrNameNotCanonical: 'repository name must be canonical',
  ErrDigestInvalidLength: 'invalid checksum digest length',
  ErrDigestUnsupported: 'unsupported digest algorithm',
  ErrHexIdentifier: 'invalid repository name, cannot specify 64-byte hexadecimal strings',
  ErrNoName: 'reference has no name',
};

export class ReferenceError extends EngineError {
  constructor(
    readonly kind: ReferenceErrorKind,
    message: string = MESSAGES[kind],
  ) {
    super('invalid-argument', message);
  }
}

// ---- the reference value -----------------------------------------------------------------

/**
 * A parsed reference. `domain`/`path` are empty for a digest-only reference; `domain` is
 * empty for a non-normalised name without a domain (e.g. `Parse("foo")`).
 */
export class Reference {
  constructor(
    readonly domain: string,
    readonly path: string,
    readonly tag?: string,
    readonly digest?: string,
  ) {}

  /** Whether this reference has a repository name (a digest-only reference does not). */
  get named(): boolean {
    return this.path !== '';
  }

  /** `docker.io/library/busybox` (Go's Name()). */
  get name(): string {
    return this.domain ? `${this.domain}/${this.path}` : this.path;
  }

  /** The full string (Go's String()): `docker.io/library/busybox:latest@sha256:...`. */
  toString(): string {
    if (!this.named) return this.digest ?? '';
    return this.name + (this.tag !== undefined ? `:${this.tag}` : '') + (this.digest !== undefined ? `@${this.digest}` : '');
  }

  /** `busybox`, `user/app`, `127.0.0.1:5000/app` (Go's FamiliarName). */
  get familiarName(): string {
    if (this.domain !== DEFAULT_DOMAIN) return this.name;
    if (this.path.startsWith(OFFICIAL_REPO_PREFIX)) {
      const rest = this.path.slice(OFFICIAL_REPO_PREFIX.length);
      if (!rest.includes('/')) return rest;
    }
    return this.path;
  }

  /** `busybox:latest` (Go's FamiliarString). */
  get familiarString(): string {
    if (!this.named) return this.digest ?? '';
    return this.familiarName + (this.tag !== undefined ? `:${this.tag}` : '') + (this.digest !== undefined ? `@${this.digest}` : '');
  }

  /** Name-only references get `:latest` (Go's TagNameOnly). */
  withDefaultTag(): Reference {
    return this.tag === undefined && this.digest === undefined && this.named ? new Reference(this.domain, this.path, DEFAULT_TAG) : this;
  }

  /** The name alone (no tag, no digest). */
  nameOnly(): Reference {
    return new Reference(this.domain, this.path);
  }

  withTag(tag: string): Reference {
    return withTag(this, tag);
  }

  withDigest(digest: string): Reference {
    return withDigest(this, digest);
  }

  toJSON(): string {
    return this.toString();
  }
}

// ---- parsing -------------------------------------------------------------------------------

/** Go's digest.Parse + Validate: `alg:hex` with an available algorithm and the right length. */
export function validateDigest(s: string): void {
  const i = s.indexOf(':');
  if (i <= 0 || i + 1 === s.length) throw new ReferenceError('ErrDigestInvalidFormat');
  const alg = s.slice(0, i);
  const hex = s.slice(i + 1);
  const len = ALGORITHMS[alg];
  if (len === undefined) {
    if (!DigestRegexp.test(s)) throw new ReferenceError('ErrDigestInvalidFormat');
    throw new ReferenceError('ErrDigestUnsupported');
  }
  if (hex.length !== len) throw new ReferenceError('ErrDigestInvalidLength');
  if (!/^[a-f0-9]+$/.test(hex)) throw new ReferenceError('ErrDigestInvalidFormat');
}

/** Go's Parse: the grammar only, no normalisation. */
export function parse(s: string): Reference {
  const m = ReferenceRegexp.exec(s);
  if (!m) {
    if (s === '') throw new ReferenceError('ErrNameEmpty');
    if (ReferenceRegexp.test(s.toLowerCase())) throw new ReferenceError('ErrNameContainsUppercase');
    throw new ReferenceError('ErrReferenceInvalidFormat');
  }
  const nm = FullNameRegexp.exec(m[1])!;
  // The limit applies to the path (the domain does not count), as in distribution/reference v0.6.
  if (nm[2].length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceError('ErrNameTooLong');
  if (m[3] !== undefined) validateDigest(m[3]);
  return new Reference(nm[1] ?? '', nm[2], m[2], m[3]);
}

/** Docker's split: the first component is a domain when it has `.` or `:`, is `localhost`, or has uppercase. */
export function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** Go's ParseNormalizedNamed: what `docker pull NAME` accepts; the result always has a name. */
export function parseNormalizedNamed(s: string): Reference {
  if (IdentifierRegexp.test(s)) {
    throw new ReferenceError('ErrHexIdentifier', `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new ReferenceError('ErrNameContainsUppercase', `invalid reference format: repository name (${remote}) must be lowercase`);
  }
  const ref = parse(`${domain}/${remainder}`);
  if (!ref.named) throw new ReferenceError('ErrNoName', `reference ${ref.toString()} has no name`);
  return ref;
}

/** Go's ParseNamed: like parseNormalizedNamed but the input must already be canonical. */
export function parseNamed(s: string): Reference {
  const r = parseNormalizedNamed(s);
  if (r.toString() !== s) throw new ReferenceError('ErrNameNotCanonical');
  return r;
}

/** Go's ParseAnyReference: a 64-hex ID or a digest become digest-only references. */
export function parseAnyReference(s: string): Reference {
  if (IdentifierRegexp.test(s)) return new Reference('', '', undefined, `sha256:${s}`);
  if (DigestRegexp.test(s)) {
    try {
      validateDigest(s);
      return new Reference('', '', undefined, s);
    } catch {
      // not a digest after all: parse as a name
    }
  }
  return parseNormalizedNamed(s);
}

/** The familiar form (`docker.io/library/busybox:1` -> `busybox:1`) of any reference; what does not parse, as it is. */
export function familiarString(s: string): string {
  try {
    return parseAnyReference(s).familiarString;
  } catch {
    return s;
  }
}

/** Go's ParseDockerRef: normalised, `latest` when untagged, a digest wins over a tag. */
export function parseDockerRef(s: string): Reference {
  const r = parseNormalizedNamed(s);
  if (r.tag !== undefined && r.digest !== undefined) return new Reference(r.domain, r.path, undefined, r.digest);
  return r.withDefaultTag();
}

/** Go's WithName: a name (no tag/digest) checked against the grammar, not normalised. */
export function withName(name: string): Reference {
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceError('ErrNameTooLong');
  const m = FullNameRegexp.exec(name);
  if (!m) throw new ReferenceError('ErrReferenceInvalidFormat');
  return new Reference(m[1] ?? '', m[2]);
}

export function withTag(ref: Reference, tag: string): Reference {
  if (!TagRegexp.test(tag)) throw new ReferenceError('ErrTagInvalidFormat');
  return new Reference(ref.domain, ref.path, tag, ref.digest);
}

export function withDigest(ref: Reference, digest: string): Reference {
  if (!DigestRegexp.test(digest)) throw new ReferenceError('ErrDigestInvalidFormat');
  return new Reference(ref.domain, ref.path, ref.tag, digest);
}

/**
 * Go's FamiliarMatch: path.Match against the familiar string, then (for a named
 * reference) the familiar name. Used by `images --filter reference=PATTERN`.
 */
export function familiarMatch(pattern: string, ref: Reference): boolean {
  if (goPathMatch(pattern, ref.familiarString)) return true;
  return ref.named ? goPathMatch(pattern, ref.familiarName) : false;
}

/**
 * Go's path.Match (`*` = run of non-`/`, `?` = one non-`/`, `[...]` classes with `^`/`!`
 * negation and ranges, `\` escapes). Hand-written because minimatch/picomatch treat `**`,
 * braces and extglobs specially and report no ErrBadPattern. Throws on a malformed pattern.
 */
export function goPathMatch(pattern: string, name: string): boolean {
  // Validate the whole pattern first, as Go does (ErrBadPattern even after a mismatch).
  compileGoPattern(pattern);
  return compileGoPattern(pattern).test(name);
}

function compileGoPattern(pattern: string): RegExp {
  let re = '^';
  const bad = () => new ReferenceError('ErrReferenceInvalidFormat', `syntax error in pattern "${pattern}"`);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw bad();
      re += escapeRe(pattern[i]);
    } else if (c === '[') {
      i++;
      let cls = '[';
      if (pattern[i] === '^' || pattern[i] === '!') {
        cls += '^';
        i++;
      }
      let first = true;
      const readChar = (): string => {
        if (i >= pattern.length) throw bad();
        let ch = pattern[i];
        if (ch === '\\') {
          i++;
          if (i >= pattern.length) throw bad();
          ch = pattern[i];
        } else if ((ch === '-' || ch === ']') && !first) {
          throw bad();
        } else if (ch === '-' || ch === ']') {
          throw bad();
        }
        i++;
        return ch;
      };
      for (;;) {
        if (i >= pattern.length) throw bad();
        if (pattern[i] === ']' && !first) break;
        const lo = readChar();
        first = false;
        let hi = lo;
        if (pattern[i] === '-') {
          i++;
          hi = readChar();
          if (hi < lo) throw bad();
        }
        cls += lo === hi ? escapeClass(lo) : `${escapeClass(lo)}-${escapeClass(hi)}`;
      }
      cls += ']';
      // Go classes never match '/'.
      re += `(?!/)${cls}`;
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', 's');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}

// ---- image IDs -------------------------------------------------------------------------------

export const FULL_ID_RE = /^sha256:[a-f0-9]{64}$/;

/** What a user-typed string may be, for `inspect`/`rmi`: full ID, 64-hex ID, or an ID prefix. */
export function idCandidate(s: string): { full?: string; prefix?: string } {
  if (FULL_ID_RE.test(s)) return { full: s };
  if (IdentifierRegexp.test(s)) return { full: `sha256:${s}` };
  const m = /^(?:sha256:)?([a-f0-9]{1,63})$/.exec(s);
  if (m) return { prefix: m[1] };
  return {};
}

/** Docker's short image ID: 12 hex digits. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * The normalised key the image store files a user's reference under:
 * `docker.io/library/busybox:latest` or `name@sha256:...`.
 */
export function normalizeImageRef(s: string): Reference {
  return parseNormalizedNamed(s).withDefaultTag();
}
