import { EngineError } from './errors';

/**
 * OCI platforms with containerd/platforms semantics (Parse, Normalize, Format, FormatAll,
 * Only, OnlyStrict, OnlyOS, Ordered, Any; OS version and OS features). Ported because the
 * image store must choose from manifest lists exactly as docker/containerd do and no npm
 * package implements this; the vectors in test/vectors/platforms pin behaviour.
 */
export interface Platform {
  os: string;
  architecture: string;
  /** '' when none. */
  variant: string;
  /** '' when none. */
  osVersion: string;
  /** undefined when none (Go nil). */
  osFeatures?: string[];
}

/** The platform object as it appears in OCI descriptors and image configs. */
export interface OciPlatform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);

const OS_AND_VERSION_RE = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const SPECIFIER_RE = /^[A-Za-z0-9_.-]+$/;

/** Node's names for this machine mapped to Go's (GOOS/GOARCH), as Docker reports them. */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };
  const os: Record<string, string> = { win32: 'windows', sunos: 'solaris' };
  return { os: os[process.platform] ?? process.platform, architecture: arch[process.arch] ?? process.arch, variant: '', osVersion: '' };
}

function invalid(msg: string): EngineError {
  return new EngineError('invalid-argument', `${msg}: invalid argument`);
}

export function normalizeOS(os: string): string {
  if (os === '') return hostPlatform().os;
  const l = os.toLowerCase();
  return l === 'macos' ? 'darwin' : l;
}

export function normalizeArch(arch: string, variant: string): [string, string] {
  arch = arch.toLowerCase();
  variant = variant.toLowerCase();
  switch (arch) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', variant === 'v1' ? '' : variant];
    case 'aarch64':
    case 'arm64':
      if (['8', 'v8', 'v8.0'].includes(variant)) variant = '';
      else if (['9', '9.0', 'v9.0'].includes(variant)) variant = 'v9';
      return ['arm64', variant];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (['5', '6', '8'].includes(variant)) variant = 'v' + variant;
      return ['arm', variant];
  }
  return [arch, variant];
}

export function normalize(p: Platform): Platform {
  const [architecture, variant] = normalizeArch(p.architecture, p.variant);
  return { ...p, os: normalizeOS(p.os), architecture, variant };
}

function decode(s: string, whole: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw invalid(`${JSON.stringify(whole)}: invalid percent-encoding in ${JSON.stringify(s)}`);
  }
}

/** containerd's Parse: `<os>[(<version>[+<feature>...])]|<arch>|<os>/<arch>[/<variant>]`. */
export function parsePlatform(specifier: string): Platform {
  if (specifier.includes('*')) throw invalid(`${JSON.stringify(specifier)}: wildcards not yet supported`);
  const parts = specifier.split('/');
  if (parts.length > 3) throw invalid(`${JSON.stringify(specifier)}: cannot parse platform specifier`);
  const p: Platform = { os: '', architecture: '', variant: '', osVersion: '' };
  parts.forEach((part, i) => {
    if (i === 0) {
      const m = OS_AND_VERSION_RE.exec(part);
      if (!m) {
        throw invalid(`${JSON.stringify(part)} is an invalid OS component of ${JSON.stringify(specifier)}: OSAndVersion specifier component must match ${JSON.stringify(OS_AND_VERSION_RE.source)}`);
      }
      p.os = normalizeOS(m[1]);
      p.osVersion = decode(m[2] ?? '', specifier);
      if (m[3]) p.osFeatures = m[3].slice(1).split('+').map((f) => decode(f, specifier));
    } else if (!SPECIFIER_RE.test(part)) {
      throw invalid(`${JSON.stringify(part)} is an invalid component of ${JSON.stringify(specifier)}: platform specifier component must match ${JSON.stringify(SPECIFIER_RE.source)}`);
    }
  });
  if (parts.length === 1) {
    if (KNOWN_OS.has(p.os)) {
      const h = hostPlatform();
      p.architecture = h.architecture;
      return p;
    }
    [p.architecture, p.variant] = normalizeArch(parts[0], '');
    if (p.architecture === 'arm' && p.variant === 'v7') p.variant = '';
    if (KNOWN_ARCH.has(p.architecture)) {
      // A bare architecture: the OS is the host's, version/features do not apply.
      return { os: hostPlatform().os, architecture: p.architecture, variant: p.variant, osVersion: '' };
    }
    throw invalid(`${JSON.stringify(specifier)}: unknown operating system or architecture`);
  }
  if (parts.length === 2) {
    [p.architecture, p.variant] = normalizeArch(parts[1], '');
    if (p.architecture === 'arm' && p.variant === 'v7') p.variant = '';
    return p;
  }
  [p.architecture, p.variant] = normalizeArch(parts[1], parts[2]);
  if (p.architecture === 'arm64' && p.variant === '') p.variant = 'v8';
  return p;
}

function joinPath(...parts: string[]): string {
  return parts.filter((s) => s !== '').join('/');
}

/** `os/arch[/variant]` (containerd's Format). */
export function formatPlatform(p: Pick<Platform, 'os' | 'architecture'> & { variant?: string }): string {
  if (!p.os) return 'unknown';
  return joinPath(p.os, p.architecture, p.variant ?? '');
}

const encodeComponent = (s: string) => s.replace(/[%+()/]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));

/** `os[(version[+features])]/arch[/variant]` (containerd's FormatAll): percent-encoded, features sorted. */
export function formatAll(p: Platform): string {
  if (!p.os) return 'unknown';
  const feats = (p.osFeatures ?? []).filter((f) => f !== '').sort();
  let os = p.os;
  if (p.osVersion || feats.length) os += `(${encodeComponent(p.osVersion)}${feats.map((f) => '+' + encodeComponent(f)).join('')})`;
  return joinPath(os, p.architecture, p.variant);
}

export function fromOci(p: OciPlatform): Platform {
  return { os: p.os, architecture: p.architecture, variant: p.variant ?? '', osVersion: p['os.version'] ?? '', ...(p['os.features'] ? { osFeatures: p['os.features'] } : {}) };
}

export function toOci(p: Platform): OciPlatform {
  return {
    architecture: p.architecture,
    os: p.os,
    ...(p.osVersion ? { 'os.version': p.osVersion } : {}),
    ...(p.osFeatures?.length ? { 'os.features': p.osFeatures } : {}),
    ...(p.variant ? { variant: p.variant } : {}),
  };
}

// ---- matching ------------------------------------------------------------------------------

export interface Matcher {
  match(p: Platform): boolean;
}
export interface MatchComparer extends Matcher {
  less(a: Platform, b: Platform): boolean;
}

/** Windows builds must agree on major.minor.build when both sides name one; Linux ignores the OS version. */
function matchOSVersion(m: Platform, p: Platform): boolean {
  if (m.os !== 'windows' || !m.osVersion || !p.osVersion) return true;
  const build = (v: string) => v.split('.').slice(0, 3).join('.');
  return build(m.osVersion) === build(p.osVersion);
}

/** A candidate may require only features the matcher has. */
function matchOSFeatures(m: Platform, p: Platform): boolean {
  const have = new Set(m.osFeatures ?? []);
  return (p.osFeatures ?? []).every((f) => f === '' || have.has(f));
}

export function newMatcher(platform: Platform): Matcher {
  const m = normalize(platform);
  return {
    match(p: Platform): boolean {
      const n = normalize(p);
      return m.os === n.os && m.architecture === n.architecture && m.variant === n.variant && matchOSVersion(m, p) && matchOSFeatures(m, n);
    },
  };
}

/** The platforms a host of `p` can run, best first (containerd's platformVector). */
function platformVector(p: Platform): Platform[] {
  const vector: Platform[] = [p];
  const like = (architecture: string, variant: string): Platform => ({ ...p, architecture, variant });
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);
  if (p.architecture === 'amd64') {
    let v = num(p.variant.replace(/^v/, ''));
    if (v > 1) for (v--; v >= 1; v--) vector.push(like('amd64', `v${v}`));
    vector.push({ ...like('386', ''), osFeatures: p.osFeatures });
  } else if (p.architecture === 'arm') {
    let v = num(p.variant.replace(/^v/, ''));
    if (v > 5) for (v--; v >= 5; v--) vector.push(like('arm', `v${v}`));
  } else if (p.architecture === 'arm64') {
    let variant = p.variant || 'v8';
    const [majorStr, minorStr] = variant.split('.', 2);
    let major = num(majorStr.replace(/^v/, ''));
    if (major >= 8) {
      let minor = 0;
      if (variant.length === 4 && minorStr !== undefined && !isNaN(num(minorStr))) minor = num(minorStr);
      const pushMinors = (maj: number, from: number) => {
        for (let n = from - 1; n >= 0; n--) vector.push(like('arm64', n === 0 ? `v${maj}` : `v${maj}.${n}`));
      };
      if (major === 9) {
        pushMinors(9, minor);
        // v9.0 diverged from v8.5: v9.x runs v8.{x+5} (up to v8.9).
        minor = Math.min(minor + 5, 9);
        major = 8;
        vector.push(like('arm64', `v8.${minor}`));
      }
      pushMinors(major, minor);
    }
    if (variant.startsWith('v8.') || variant.startsWith('v9.')) variant = 'v8';
    vector.push(...platformVector(like('arm', variant)));
  }
  return vector;
}

function orderedComparer(platforms: Platform[]): MatchComparer {
  const matchers = platforms.map(newMatcher);
  const self: MatchComparer = {
    match: (p) => matchers.some((m) => m.match(p)),
    less(p1, p2): boolean {
      for (const m of matchers) {
        const a = m.match(p1);
        const b = m.match(p2);
        if (a && !b) return true;
        if (a || b) {
          // Both match: prefer the one with more matching OS features.
          if (a && b && (p1.osFeatures?.length ?? 0) !== (p2.osFeatures?.length ?? 0)) return (p1.osFeatures?.length ?? 0) > (p2.osFeatures?.length ?? 0);
          return false;
        }
      }
      if (p1.osFeatures?.length || p2.osFeatures?.length) return self.less({ ...p1, osFeatures: undefined }, { ...p2, osFeatures: undefined });
      return false;
    },
  };
  return self;
}

export function ordered(...platforms: Platform[]): MatchComparer {
  return orderedComparer(platforms);
}

export function any(...platforms: Platform[]): MatchComparer {
  const matchers = platforms.map(newMatcher);
  const self: MatchComparer = {
    match: (p) => matchers.some((m) => m.match(p)),
    less(p1, p2): boolean {
      let a = false;
      let b = false;
      for (const m of matchers) {
        if (!a && m.match(p1)) a = true;
        if (!b && m.match(p2)) b = true;
        if (a && b) {
          const fa = p1.osFeatures?.length ?? 0;
          const fb = p2.osFeatures?.length ?? 0;
          if (fa !== fb) return fa > fb;
          break;
        }
      }
      if (!a && !b && (p1.osFeatures?.length || p2.osFeatures?.length)) return self.less({ ...p1, osFeatures: undefined }, { ...p2, osFeatures: undefined });
      return a && !b;
    },
  };
  return self;
}

/** Matches `p` and what a host of `p` can also run (amd64 -> 386, arm/v7 -> v6, v5, arm64 -> arm...). */
export function only(p: Platform): MatchComparer {
  return orderedComparer(platformVector(normalize(p)));
}

/** Matches `p` only (after normalisation). */
export function onlyStrict(p: Platform): MatchComparer {
  return orderedComparer([normalize(p)]);
}

/** Matches any architecture of `p`'s OS (version/feature rules apply); the exact platform sorts first. */
export function onlyOS(p: Platform): MatchComparer {
  const n = normalize(p);
  const strict = onlyStrict(p);
  const osMatch = (c: Platform) => {
    const cn = normalize(c);
    return cn.os === n.os && matchOSVersion(n, c) && matchOSFeatures(n, cn);
  };
  const rank = (c: Platform) => (strict.match(c) ? 0 : osMatch(c) ? 1 : 2);
  return { match: osMatch, less: (a, b) => rank(a) < rank(b) };
}

/** Sorts (stably) with a comparer's `less`. */
export function sortPlatforms<T>(items: T[], cmp: MatchComparer, get: (t: T) => Platform): T[] {
  return [...items].sort((x, y) => (cmp.less(get(x), get(y)) ? -1 : cmp.less(get(y), get(x)) ? 1 : 0));
}

/**
 * Picks the best entry of an index for `want` (default: this host), as containerd's
 * image resolution does: entries that `only(want)` matches, best first. Undefined when none.
 */
export function selectPlatformEntry<T extends { platform?: OciPlatform }>(entries: T[], want: Platform = hostPlatform()): T | undefined {
  const cmp = only(want);
  const candidates = entries.filter((e) => e.platform && cmp.match(fromOci(e.platform)));
  return sortPlatforms(candidates, cmp, (e) => fromOci(e.platform!))[0];
}
