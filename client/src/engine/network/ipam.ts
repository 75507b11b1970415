import { EngineError } from '../../core/errors';

/** IPv4 subnets as numbers: parsing, overlap, the address pool Docker draws user networks from. */

export interface Subnet {
  base: number;
  prefix: number;
}

export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const mask = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

export function parseSubnet(cidr: string): Subnet {
  const [ip, p] = cidr.split('/');
  const base = ipToInt(ip ?? '');
  const prefix = Number(p);
  if (base === undefined || p === undefined || !/^\d+$/.test(p) || prefix < 1 || prefix > 30) {
    throw new EngineError('invalid-argument', `invalid subnet ${cidr}: it must be an IPv4 CIDR with a prefix length from 1 to 30 (e.g. 172.20.0.0/16)`);
  }
  return { base: (base & mask(prefix)) >>> 0, prefix };
}

export const formatSubnet = (s: Subnet) => `${intToIp(s.base)}/${s.prefix}`;
export const contains = (s: Subnet, ip: number) => ((ip & mask(s.prefix)) >>> 0) === s.base;
export const overlaps = (a: Subnet, b: Subnet) => contains(a, b.base) || contains(b, a.base);
export const size = (s: Subnet) => 2 ** (32 - s.prefix);

/** slirp4netns's own network inside the infra namespace: no bridge may overlap it. */
export const SLIRP_SUBNET: Subnet = { base: ipToInt('10.0.2.0')!, prefix: 24 };

/**
 * Docker's default address pools, in its order: 172.17-31.0.0/16 (172.17 is the default
 * bridge), then 192.168.0.0/20 slices.
 */
export function* defaultPool(): Generator<Subnet> {
  for (let b = 18; b <= 31; b++) yield { base: ipToInt(`172.${b}.0.0`)!, prefix: 16 };
  for (let c = 0; c < 256; c += 16) yield { base: ipToInt(`192.168.${c}.0`)!, prefix: 20 };
}

/** The first free host address of `s` (network, gateway and broadcast excluded). */
export function firstFree(s: Subnet, used: Set<number>): number | undefined {
  for (let i = 1; i < size(s) - 1; i++) {
    const ip = s.base + i;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** Docker's MAC for an address: 02:42 followed by the four bytes of the IPv4 address. */
export function macFor(ip: string): string {
  const n = ipToInt(ip) ?? 0;
  return ['02', '42', ...[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
