import * as fs from 'fs';
import { EngineError } from '../../core/errors';
import type { EndpointSettings } from '../network/api';
import type { NetdEndpoint, NetdPort } from '../network/infra';
import { contains, firstFree, intToIp, ipToInt, macFor, parseSubnet } from '../network/ipam';
import { BUILTIN, NetworkRecord, NetworkStore } from '../network/store';
import type { ContainerRecord, ContainerStore } from './store';

/**
 * A container's side of networks: which networks it names (create, connect), the addresses it
 * gets when it starts (allocated under the networks lock against every live container's), what
 * the network helper is told (hook.ts), and what is cleared when it stops.
 */

export function endpoint(net: NetworkRecord, o: { aliases?: string[]; ip?: string } = {}): EndpointSettings {
  return {
    IPAMConfig: o.ip ? { IPv4Address: o.ip } : null, Links: null, Aliases: o.aliases?.length ? [...o.aliases] : null, NetworkID: net.Id, EndpointID: '', Gateway: '', IPAddress: '',
    IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '', DriverOpts: null, DNSNames: null,
  };
}

/** Docker's checks for `--network-alias` and `--ip` on a network. */
export function checkEndpointOptions(net: NetworkRecord, o: { aliases?: string[]; ip?: string }): void {
  const user = !BUILTIN.includes(net.Name);
  if (o.aliases?.length && !user) throw new EngineError('invalid-argument', 'network-scoped alias is supported only for containers in user defined networks');
  if (o.ip) {
    if (!user) throw new EngineError('invalid-argument', 'user specified IP address is supported on user defined networks only');
    const n = ipToInt(o.ip);
    if (n === undefined) throw new EngineError('invalid-argument', `invalid IPv4 address: ${o.ip}`);
    const s = parseSubnet(net.IPAM.Config[0].Subnet);
    if (!contains(s, n) || n === s.base || ipToInt(net.IPAM.Config[0].Gateway) === n) throw new EngineError('invalid-argument', `no configured subnet or ip-range contain the IP address ${o.ip}`);
  }
}

/** Whether the network mode needs the network helper (every bridge network; not host, none). */
export const bridged = (rec: ContainerRecord) => !['host', 'none'].includes(rec.HostConfig.NetworkMode);

/** A record whose addresses count as taken: running, restarting, paused, or starting right now. */
function live(r: ContainerRecord): boolean {
  return r.State.Running || r.State.Restarting || r.State.Paused || (!!r.Stevedore.netReservedAt && Date.now() - r.Stevedore.netReservedAt < 60_000);
}

/** Addresses for every network of `rec` (start, connect): under the networks lock, written into the record. */
export async function allocate(store: ContainerStore, networks: NetworkStore, id: string, only?: string): Promise<ContainerRecord> {
  const nets = await networks.all();
  return networks.lock(async () => {
    const all = await store.all();
    return store.update(id, (r) => {
      const settings = { ...(r.NetworkSettings.Networks ?? {}) };
      for (const [name, ep] of Object.entries(settings)) {
        if (only && name !== only) continue;
        const net = nets.find((n) => n.Id === ep.NetworkID) ?? nets.find((n) => n.Name === name);
        if (!net) throw new EngineError('not-found', `network ${name} not found`);
        if (net.Driver !== 'bridge') continue;
        const cfg = net.IPAM.Config[0];
        const s = parseSubnet(cfg.Subnet);
        const used = new Set<number>([ipToInt(cfg.Gateway)!]);
        for (const o of all) {
          if (o.Id === r.Id || !live(o)) continue;
          for (const e of Object.values(o.NetworkSettings.Networks ?? {})) if (e.NetworkID === net.Id && e.IPAddress) used.add(ipToInt(e.IPAddress)!);
        }
        let ip: number | undefined;
        const want = ep.IPAMConfig?.IPv4Address;
        if (want) {
          ip = ipToInt(want)!;
          if (used.has(ip)) throw new EngineError('conflict', `Address already in use: ${want} on network ${net.Name}`);
        } else if (ep.IPAddress && !used.has(ipToInt(ep.IPAddress)!) && contains(s, ipToInt(ep.IPAddress)!)) {
          ip = ipToInt(ep.IPAddress)!;
        } else ip = firstFree(s, used);
        if (ip === undefined) throw new EngineError('unavailable', `no available IPv4 addresses on network ${net.Name} (${cfg.Subnet})`);
        const addr = intToIp(ip);
        const user = !BUILTIN.includes(net.Name);
        settings[name] = {
          ...ep, NetworkID: net.Id, EndpointID: `${r.Id.slice(0, 32)}${net.Id.slice(0, 32)}`, Gateway: cfg.Gateway, IPAddress: addr, IPPrefixLen: s.prefix, MacAddress: macFor(addr),
          DNSNames: user ? [r.Name.slice(1), r.Id.slice(0, 12), ...(ep.Aliases ?? [])] : null,
        };
      }
      const bridge = settings.bridge;
      return {
        ...r,
        NetworkSettings: {
          ...r.NetworkSettings, Networks: settings,
          IPAddress: bridge?.IPAddress ?? '', Gateway: bridge?.Gateway ?? '', IPPrefixLen: bridge?.IPPrefixLen ?? 0, MacAddress: bridge?.MacAddress ?? '',
        },
        Stevedore: { ...r.Stevedore, netReservedAt: Date.now() },
      };
    });
  });
}

/** The record without addresses (a stopped container, as dockerd shows it). */
export function cleared(r: ContainerRecord, only?: string): ContainerRecord {
  const settings = Object.fromEntries(Object.entries(r.NetworkSettings.Networks ?? {}).map(([k, e]) => [k, only && k !== only ? e : { ...e, EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, MacAddress: '', DNSNames: null }]));
  const top = only && only !== 'bridge' ? {} : { IPAddress: '', Gateway: '', IPPrefixLen: 0, MacAddress: '' };
  return { ...r, NetworkSettings: { ...r.NetworkSettings, ...top, Networks: settings }, Stevedore: { ...r.Stevedore, netReservedAt: undefined } };
}

/** What the network helper needs to wire `rec` in (all its networks, or `only` one). */
export function helperEndpoints(rec: ContainerRecord, nets: NetworkRecord[], only?: string): NetdEndpoint[] {
  const out: NetdEndpoint[] = [];
  for (const [name, ep] of Object.entries(rec.NetworkSettings.Networks ?? {})) {
    if (only && name !== only) continue;
    const net = nets.find((n) => n.Id === ep.NetworkID);
    if (!net || net.Driver !== 'bridge' || !ep.IPAddress) continue;
    out.push({
      network: { id: net.Id, name: net.Name, bridge: net.Stevedore.bridge, subnet: net.IPAM.Config[0].Subnet, gateway: net.IPAM.Config[0].Gateway, internal: net.Internal, dns: !BUILTIN.includes(net.Name) },
      ip: ep.IPAddress, mac: ep.MacAddress, names: ep.DNSNames ?? [],
    });
  }
  return out;
}

export function helperPorts(rec: ContainerRecord): NetdPort[] {
  const out: NetdPort[] = [];
  for (const [key, bindings] of Object.entries(rec.NetworkSettings.Ports ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of bindings ?? []) if (b.HostPort) out.push({ proto: proto === 'udp' ? 'udp' : 'tcp', hostIp: b.HostIp, hostPort: Number(b.HostPort), port: Number(port) });
  }
  return out;
}

/** /etc/hosts and /etc/resolv.conf for the addresses just allocated (the files are bind-mounted, so they are rewritten in place). */
export function writeEtc(rec: ContainerRecord): void {
  const eps = Object.values(rec.NetworkSettings.Networks ?? {}).filter((e) => e.IPAddress);
  const first = eps[0];
  const hosts = [
    '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters',
    ...(first ? [`${first.IPAddress}\t${rec.Config.Hostname}`] : []),
  ].join('\n') + '\n';
  fs.writeFileSync(rec.HostsPath, hosts);
  if (first) fs.writeFileSync(rec.ResolvConfPath, `nameserver ${first.Gateway}\noptions ndots:0\n`);
}
