import * as fs from 'fs';
import { isIP } from 'net';
import * as path from 'path';
import { EngineError } from './errors';

/**
 * The words of `docker run`/`docker create` that both engines and the CLI read: `-p`, `-v`,
 * `--mount`, `--restart`, `-e`. One reading each, so a command line means the same on the
 * embedded engine and on a Docker daemon. Rules and messages follow docker's CLI
 * (docker/go-connections nat.ParsePortSpec, cli/opts mount and env options, moby's
 * runconfig restart policy).
 */

export type RestartPolicyName = 'no' | 'on-failure' | 'always' | 'unless-stopped';

export interface RestartPolicy {
  Name: RestartPolicyName | '';
  MaximumRetryCount: number;
}

export interface PortBinding {
  HostIp: string;
  /** A port, '' (any free port), or a range `8000-8002` to take the first free one from. */
  HostPort: string;
}

/** `-v`/`--mount` after parsing. */
export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind) or volume name ('' = anonymous volume). */
  Source: string;
  Target: string;
  ReadOnly?: boolean;
}

// ---- -p / --publish -------------------------------------------------------------------------

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

/** `80` or `8000-8002` as [start, end] (nat.ParsePortRange: 16-bit numbers, end not below start). */
export function parsePortRange(s: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return [start, end];
}

/** One `-p` value as `port/proto` keys with their bindings (a range gives one key per port). */
export function parsePortSpec(spec: string): Array<{ port: string; binding: PortBinding }> {
  // [ip:][hostPort:]containerPort[/proto]; an IPv6 address may be bracketed ([::1]:8080:80).
  const parts = spec.split(':');
  const last = parts[parts.length - 1];
  const host = parts.length >= 2 ? parts[parts.length - 2] : '';
  const rawIp = parts.length >= 3 ? parts.slice(0, parts.length - 2).join(':') : '';
  const slash = last.split('/');
  const ctr = slash[0];
  const proto = (slash.length > 1 && slash[1] !== '' ? slash[1] : 'tcp').toLowerCase();
  const ip = rawIp.replace(/^\[(.*)\]$/, '$1');
  if (ip && !isIP(ip)) throw new EngineError('invalid-argument', `invalid IP address: ${ip}`);
  if (ctr === '') throw new EngineError('invalid-argument', `no port specified: ${spec}<empty>`);
  const ctrs = parsePortRange(ctr);
  if (!ctrs || ctrs[0] === 0) throw new EngineError('invalid-argument', `invalid containerPort: ${ctr}`);
  const hosts = host ? parsePortRange(host) : undefined;
  if (host && !hosts) throw new EngineError('invalid-argument', `invalid hostPort: ${host}`);
  if (hosts && hosts[1] - hosts[0] !== ctrs[1] - ctrs[0] && ctrs[0] !== ctrs[1]) {
    throw new EngineError('invalid-argument', `invalid ranges specified for container and host Ports: ${ctr} and ${host}`);
  }
  if (!PROTOCOLS.includes(proto)) throw new EngineError('invalid-argument', `invalid proto: ${proto}`);
  const out: Array<{ port: string; binding: PortBinding }> = [];
  for (let i = 0; i <= ctrs[1] - ctrs[0]; i++) {
    // One container port with a host range: the daemon takes the first free port of the range.
    const hostPort = !hosts ? '' : ctrs[0] === ctrs[1] && hosts[0] !== hosts[1] ? `${hosts[0]}-${hosts[1]}` : String(hosts[0] + i);
    out.push({ port: `${ctrs[0] + i}/${proto}`, binding: { HostIp: ip, HostPort: hostPort } });
  }
  return out;
}

/** `-p` values into Docker's ExposedPorts and PortBindings. */
export function parsePublish(specs: string[]): { exposed: Record<string, object>; bindings: Record<string, PortBinding[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, PortBinding[]> = {};
  for (const spec of specs) {
    for (const { port, binding } of parsePortSpec(spec)) {
      exposed[port] = {};
      (bindings[port] ??= []).push(binding);
    }
  }
  return { exposed, bindings };
}

/** `--expose` values as the API's ExposedPorts keys (`80` is `80/tcp`, `53/udp`): a port 1-65535 and a known protocol. */
export function parseExpose(list: readonly string[]): Record<string, object> {
  const exposed: Record<string, object> = {};
  for (const p of list) {
    const [port, proto = 'tcp'] = p.split('/');
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535 || !PROTOCOLS.includes(proto)) throw new EngineError('invalid-argument', `invalid port to expose: ${p}`);
    exposed[`${Number(port)}/${proto}`] = {};
  }
  return exposed;
}

// ---- --restart ------------------------------------------------------------------------------

/** `--restart no|on-failure[:N]|always|unless-stopped`; '' or undefined is no policy. */
export function parseRestart(s: string | undefined): RestartPolicy {
  if (!s || s === 'no') return { Name: s ? 'no' : '', MaximumRetryCount: 0 };
  const [name, count] = s.split(':');
  if (!['on-failure', 'always', 'unless-stopped'].includes(name)) throw new EngineError('invalid-argument', `invalid restart policy format: unknown policy '${name}'; use one of 'no', 'always', 'on-failure' or 'unless-stopped'`);
  if (count !== undefined && name !== 'on-failure') throw new EngineError('invalid-argument', `invalid restart policy format: maximum retry count can only be used with 'on-failure'`);
  if (count !== undefined && !/^\d+$/.test(count)) throw new EngineError('invalid-argument', `invalid restart policy format: maximum retry count must be an integer`);
  return { Name: name as RestartPolicyName, MaximumRetryCount: count ? Number(count) : 0 };
}

// ---- -v / --volume --------------------------------------------------------------------------

const VOLUME_MODES = ['ro', 'rw', 'z', 'Z', 'nocopy', 'rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];

/** `-v src:dst[:opts]` / `-v dst`: an absolute source is a bind, a name a volume, none an anonymous volume. */
export function parseVolume(spec: string): MountSpec {
  const parts = spec.split(':');
  let src = '';
  let dst: string;
  let opts = '';
  if (parts.length === 1) dst = parts[0];
  else if (parts.length === 2) {
    // `/ctr:ro` is not a thing: two parts are source and destination.
    [src, dst] = parts;
  } else if (parts.length === 3) [src, dst, opts] = parts;
  else throw new EngineError('invalid-argument', `invalid volume specification: '${spec}'`);
  if (!dst || !dst.startsWith('/')) throw new EngineError('invalid-argument', `invalid volume specification: '${spec}': invalid mount config: invalid mount path: '${dst}' mount path must be absolute`);
  if (dst === '/') throw new EngineError('invalid-argument', `invalid volume specification: '${spec}': invalid mount config for type "bind": invalid specification: destination can't be '/'`);
  const flags = opts ? opts.split(',') : [];
  for (const f of flags) if (!VOLUME_MODES.includes(f)) throw new EngineError('invalid-argument', `invalid volume specification: '${spec}': invalid mode: ${f}`);
  const ro = flags.includes('ro');
  if (src.startsWith('/') || src.startsWith('.')) {
    if (src.startsWith('.')) throw new EngineError('invalid-argument', `invalid volume specification: '${spec}': a bind mount source must be an absolute path`);
    return { Type: 'bind', Source: path.resolve(src), Target: path.posix.normalize(dst), ReadOnly: ro };
  }
  return { Type: 'volume', Source: src, Target: path.posix.normalize(dst), ReadOnly: ro };
}

// ---- --mount --------------------------------------------------------------------------------

/** `--mount type=bind|volume|tmpfs,source=,target=,readonly` (docker's keys and aliases). */
export function parseMount(spec: string): MountSpec {
  const m: Partial<MountSpec> = { Type: 'volume' };
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    switch (key) {
      case 'type':
        if (!['bind', 'volume', 'tmpfs'].includes(value ?? '')) throw new EngineError('invalid-argument', `invalid argument "${spec}" for "--mount" flag: invalid mount type "${value}"`);
        m.Type = value as MountSpec['Type'];
        break;
      case 'source': case 'src':
        m.Source = value ?? '';
        break;
      case 'target': case 'destination': case 'dst':
        m.Target = value ?? '';
        break;
      case 'readonly': case 'ro':
        m.ReadOnly = value === undefined || value === 'true' || value === '1';
        break;
      default:
        if (!['bind-propagation', 'volume-nocopy', 'volume-label', 'tmpfs-size', 'tmpfs-mode', 'consistency'].includes(key)) {
          throw new EngineError('invalid-argument', `invalid argument "${spec}" for "--mount" flag: unexpected key '${key}' in '${field}'`);
        }
    }
  }
  if (!m.Target) throw new EngineError('invalid-argument', `invalid argument "${spec}" for "--mount" flag: target is required`);
  if (m.Type === 'bind') {
    if (!m.Source) throw new EngineError('invalid-argument', `invalid argument "${spec}" for "--mount" flag: source is required when specifying volume-driver`);
    if (!path.isAbsolute(m.Source)) throw new EngineError('invalid-argument', `invalid mount config for type "bind": invalid mount path: '${m.Source}' mount path must be absolute`);
    if (!fs.existsSync(m.Source)) throw new EngineError('invalid-argument', `invalid mount config for type "bind": bind source path does not exist: ${m.Source}`);
  }
  return { Type: m.Type!, Source: m.Source ?? '', Target: path.posix.normalize(m.Target), ReadOnly: !!m.ReadOnly };
}

// ---- -e / --env -----------------------------------------------------------------------------

/**
 * `-e` values as the container gets them: `NAME=value` as written, a bare `NAME` takes its value
 * from `from` (the caller's environment) or is dropped when unset (docker's opts.ValidateEnv).
 */
export function parseEnv(list: readonly string[], from: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const e of list) {
    if (e.startsWith('=') || e === '') throw new EngineError('invalid-argument', `invalid environment variable: ${e}`);
    if (e.includes('=')) out.push(e);
    else if (from[e] !== undefined) out.push(`${e}=${from[e]}`);
  }
  return out;
}

/** Merges `KEY=value` lists (image, engine, user), later ones win, order of first appearance kept (as Docker does). */
export function mergeEnv(...lists: Array<readonly string[] | null | undefined>): string[] {
  const out = new Map<string, string>();
  for (const list of lists) {
    for (const e of list ?? []) {
      const eq = e.indexOf('=');
      if (eq >= 0) out.set(e.slice(0, eq), e);
      // A bare NAME (from a caller that did not resolve it): the caller's environment or nothing.
      else if (process.env[e] !== undefined) out.set(e, `${e}=${process.env[e]}`);
    }
  }
  return [...out.values()];
}

// ---- --label / --filter label= ------------------------------------------------------------

/** `--label KEY=VALUE` values (a bare `KEY` has the empty value, as docker's opts.ConvertKVStringsToMap). */
export function parseLabels(list: readonly string[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')]));
}

/** A `label=KEY` or `label=KEY=VALUE` filter on a labels map (volumes, networks). */
export function matchLabel(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}
