import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../core/errors';
import { matchLabel } from '../../core/flags';
import type { EventJournal } from '../events';
import { readJson, withLock, writeJsonAtomic } from '../fsutil';
import type { NetworkContainer, NetworkCreateOptions, NetworkInspect } from './api';
import { defaultPool, formatSubnet, intToIp, ipToInt, overlaps, parseSubnet, SLIRP_SUBNET, Subnet, contains } from './ipam';

/** What only Stevedore keeps about a network: the bridge's name in the infra namespace. */
export type NetworkRecord = Omit<NetworkInspect, 'Containers'> & { Stevedore: { bridge: string } };

export const BUILTIN = ['bridge', 'host', 'none'];
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const DEFAULT_BRIDGE = { subnet: '172.17.0.0/16', gateway: '172.17.0.1', bridge: 'sv-bridge0' };

/**
 * Networks on disk: `<root>/networks/<id>.json`, one Docker inspect document each (without
 * Containers, which are the running containers' endpoints, asked of the container service).
 * Changes go through the `networks` lock, so a name or a subnet cannot be taken twice.
 * The predefined bridge, host and none networks are written on first use, as dockerd does.
 */
export class NetworkStore {
  readonly dir: string;
  /**
   * Set by the container service: the running endpoints on each of `nets` (network id ->
   * container id -> endpoint), from one pass over the containers however many networks are asked.
   */
  endpoints: (nets: NetworkRecord[]) => Promise<Map<string, Record<string, NetworkContainer>>> = async () => new Map();
  /** Set by the container service: every container that names the network (running or not). */
  members: (net: NetworkRecord) => Promise<string[]> = async () => [];

  constructor(private readonly root: string, private readonly events: EventJournal) {
    this.dir = path.join(root, 'networks');
  }

  lock<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(this.root, 'networks', fn);
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private async readAll(): Promise<NetworkRecord[]> {
    const out: NetworkRecord[] = [];
    for (const f of await fs.promises.readdir(this.dir).catch(() => [] as string[])) {
      if (!/^[a-f0-9]{64}\.json$/.test(f)) continue;
      const r = await readJson<NetworkRecord | undefined>(path.join(this.dir, f), undefined).catch(() => undefined);
      if (r) out.push(r);
    }
    return out;
  }

  /** Every network, the predefined ones first (written the first time they are asked for). */
  async all(): Promise<NetworkRecord[]> {
    let list = await this.readAll();
    if (!BUILTIN.every((n) => list.some((r) => r.Name === n))) {
      list = await this.lock(async () => {
        const now = await this.readAll();
        for (const name of BUILTIN) {
          if (now.some((r) => r.Name === name)) continue;
          const rec = record(name, name === 'bridge' ? 'bridge' : name === 'host' ? 'host' : 'null', name === 'bridge' ? [{ Subnet: DEFAULT_BRIDGE.subnet, Gateway: DEFAULT_BRIDGE.gateway }] : [], {
            internal: false, labels: {}, bridge: name === 'bridge' ? DEFAULT_BRIDGE.bridge : '',
            options: name === 'bridge' ? { 'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.name': DEFAULT_BRIDGE.bridge } : {},
          });
          await writeJsonAtomic(this.file(rec.Id), rec);
          now.push(rec);
        }
        return now;
      });
    }
    const rank = (r: NetworkRecord) => (BUILTIN.includes(r.Name) ? BUILTIN.indexOf(r.Name) : 3);
    return list.sort((a, b) => rank(a) - rank(b) || a.Created.localeCompare(b.Created));
  }

  /** A network by exact name, full ID or unique ID prefix (Docker's order). */
  async resolve(idOrName: string): Promise<NetworkRecord> {
    const all = await this.all();
    const hit = all.find((n) => n.Name === idOrName) ?? all.find((n) => n.Id === idOrName);
    if (hit) return hit;
    if (/^[a-f0-9]+$/.test(idOrName)) {
      const hits = all.filter((n) => n.Id.startsWith(idOrName));
      if (hits.length === 1) return hits[0];
      if (hits.length > 1) throw new EngineError('invalid-argument', `network ${idOrName} is ambiguous (${hits.length} matches found on name)`);
    }
    throw new EngineError('not-found', `network ${idOrName} not found`);
  }

  async inspect(idOrName: string): Promise<NetworkInspect> {
    return (await this.public([await this.resolve(idOrName)]))[0];
  }

  /** The inspect documents of `records`: without Stevedore's part, with the running containers on each bridge network. */
  private async public(records: NetworkRecord[]): Promise<NetworkInspect[]> {
    const eps = await this.endpoints(records.filter((r) => r.Driver === 'bridge'));
    return records.map(({ Stevedore: _p, ...rest }) => ({ ...rest, Containers: eps.get(rest.Id) ?? {} }));
  }

  async create(o: NetworkCreateOptions): Promise<NetworkRecord> {
    const driver = o.driver || 'bridge';
    if (driver !== 'bridge') throw new EngineError('invalid-argument', `plugin "${driver}" not found: only the bridge driver is available (host and none are predefined networks)`);
    if (!o.name) throw new EngineError('invalid-argument', 'a network needs a name');
    if (!NAME_RE.test(o.name)) throw new EngineError('invalid-argument', `invalid network name "${o.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (o.gateway && !o.subnet) throw new EngineError('invalid-argument', 'invalid pool request: gateway requires a subnet (--subnet)');
    await this.all(); // the predefined networks exist (their subnets count)
    const rec = await this.lock(async () => {
      const all = await this.readAll();
      if (all.some((n) => n.Name === o.name)) throw new EngineError('conflict', `network with name ${o.name} already exists`);
      const taken = all.flatMap((n) => n.IPAM.Config.map((c) => parseSubnet(c.Subnet)));
      let subnet: Subnet | undefined;
      if (o.subnet) {
        subnet = parseSubnet(o.subnet);
        if (formatSubnet(subnet) !== o.subnet) throw new EngineError('invalid-argument', `invalid subnet ${o.subnet}: it is not the network address of its prefix (did you mean ${formatSubnet(subnet)}?)`);
        if (overlaps(subnet, SLIRP_SUBNET)) throw new EngineError('conflict', `Pool overlaps with other one on this address space: ${o.subnet} overlaps 10.0.2.0/24, which the engine's outbound link (slirp4netns) uses`);
        const clash = all.find((n) => n.IPAM.Config.some((c) => overlaps(parseSubnet(c.Subnet), subnet!)));
        if (clash) throw new EngineError('conflict', `Pool overlaps with other one on this address space (network ${clash.Name}, ${clash.IPAM.Config[0].Subnet})`);
      } else {
        for (const s of defaultPool()) {
          if (!taken.some((t) => overlaps(t, s))) {
            subnet = s;
            break;
          }
        }
        if (!subnet) throw new EngineError('unavailable', 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
      }
      let gateway = o.gateway;
      if (gateway !== undefined) {
        const g = ipToInt(gateway);
        if (g === undefined || !contains(subnet, g) || g === subnet.base) throw new EngineError('invalid-argument', `invalid gateway ${gateway}: it must be a host address inside ${formatSubnet(subnet)}`);
      } else gateway = intToIp(subnet.base + 1);
      const id = crypto.randomBytes(32).toString('hex');
      const r = record(o.name, 'bridge', [{ Subnet: formatSubnet(subnet), Gateway: gateway }], { internal: !!o.internal, labels: o.labels ?? {}, bridge: `br-${id.slice(0, 12)}`, options: {}, id });
      await writeJsonAtomic(this.file(r.Id), r);
      return r;
    });
    this.events.emit('network.create', rec.Id, { name: rec.Name, type: 'bridge' });
    return rec;
  }

  /** Docker's checks: predefined networks stay; a network with running containers stays. */
  async remove(idOrName: string): Promise<NetworkRecord> {
    const r = await this.resolve(idOrName);
    if (BUILTIN.includes(r.Name)) throw new EngineError('forbidden', `${r.Name} is a pre-defined network and cannot be removed`);
    await this.lock(async () => {
      const active = (await this.endpoints([r])).get(r.Id) ?? {};
      if (Object.keys(active).length) throw new EngineError('forbidden', `error while removing network: network ${r.Name} id ${r.Id} has active endpoints`);
      await fs.promises.rm(this.file(r.Id), { force: true });
    });
    this.events.emit('network.destroy', r.Id, { name: r.Name, type: 'bridge' });
    return r;
  }

  async list(filters: Record<string, string[]> = {}): Promise<NetworkInspect[]> {
    const out: NetworkRecord[] = [];
    for (const r of await this.all()) {
      if (filters.name && !filters.name.some((x) => r.Name.includes(x))) continue;
      if (filters.id && !filters.id.some((x) => r.Id.startsWith(x))) continue;
      if (filters.driver && !filters.driver.includes(r.Driver)) continue;
      if (filters.scope && !filters.scope.includes('local')) continue;
      if (filters.type && !filters.type.some((t) => (t === 'builtin') === BUILTIN.includes(r.Name))) continue;
      if (filters.label && !filters.label.every((l) => matchLabel(r.Labels, l))) continue;
      if (filters.dangling) {
        const dangling = !BUILTIN.includes(r.Name) && (await this.members(r)).length === 0;
        if (!filters.dangling.some((x) => (x === 'true' || x === '1') === dangling)) continue;
      }
      out.push(r);
    }
    return this.public(out);
  }

  /** `network prune`: user networks no container (running or not) names, with label/until filters. */
  async prune(filters: Record<string, string[]> = {}): Promise<string[]> {
    const deleted: string[] = [];
    for (const r of await this.all()) {
      if (BUILTIN.includes(r.Name)) continue;
      if ((await this.members(r)).length) continue;
      if (filters.until && !filters.until.every((u) => Date.parse(r.Created) < untilTime(u))) continue;
      if (filters.label && !filters.label.every((l) => matchLabel(r.Labels, l))) continue;
      await this.remove(r.Id).then(() => deleted.push(r.Name)).catch(() => undefined);
    }
    return deleted;
  }
}

function untilTime(u: string): number {
  if (/^\d+$/.test(u)) return Number(u) * 1000;
  const m = /^(\d+)(s|m|h)$/.exec(u);
  if (m) return Date.now() - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  return Date.parse(u);
}

function record(name: string, driver: NetworkRecord['Driver'], config: NetworkRecord['IPAM']['Config'], o: { internal: boolean; labels: Record<string, string>; bridge: string; options: Record<string, string>; id?: string }): NetworkRecord {
  return {
    Name: name, Id: o.id ?? crypto.randomBytes(32).toString('hex'), Created: new Date().toISOString(), Scope: 'local', Driver: driver, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: config }, Internal: o.internal, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
    Options: o.options, Labels: o.labels, Stevedore: { bridge: o.bridge },
  };
}
