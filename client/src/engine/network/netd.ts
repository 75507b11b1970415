import { execFile } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { withLock } from '../fsutil';
import { DnsServer } from './dns';
import { binary, NetdEndpoint, NetdPort, NetdRequest, netdPaths, slirpApi } from './infra';
import { run } from '../process';

/**
 * The network helper ("netd"): one long-lived process per data root, started inside the infra
 * network namespace (`unshare -n`, plus `-Ur` when rootless: then the namespace belongs to a
 * user namespace the containers join too, as rootless Podman's). It owns what lives in that
 * namespace: a Linux bridge per network, the host end of every container's veth pair, the
 * nftables table (masquerade out through slirp4netns's tap0, DNAT of published ports,
 * isolation between networks, no outbound for --internal) and one DNS resolver per network on
 * the network's gateway address. Requests come as JSON lines on a unix socket (filesystem
 * sockets reach across network namespaces). It exits when no container has used it for a
 * few seconds; its death takes the namespace, the bridges, the veths, the resolvers and
 * (through the exit FIFO) slirp4netns with it, so nothing stays on the host.
 */

interface Net {
  def: NetdEndpoint['network'];
  dns?: DnsServer;
}
interface Ep {
  cid: string;
  pid: number;
  net: string;
  ip: string;
  names: string[];
  hostIf: string;
  ifname: string;
}
interface Fwd {
  cid: string;
  guestPort: number;
  proto: string;
  ip: string;
  port: number;
  slirpId?: number;
}

const nets = new Map<string, Net>();
const eps = new Map<string, Ep>();
const fwds: Fwd[] = [];
let nextGuestPort = 20000;
let slirp: { pid: number; api: string } | undefined;
let holdUntil = Date.now() + 30_000;
let busy = 0;
let idleSince = Date.now();

const log = (m: string) => process.stderr.write(`[netd ${new Date().toISOString()}] ${m}\n`);

async function ip(args: string[]): Promise<void> {
  await run(binary('ip'), args);
}

async function ensureBridge(def: NetdEndpoint['network']): Promise<Net> {
  const known = nets.get(def.id);
  if (known) return known;
  const prefix = def.subnet.split('/')[1];
  await ip(['link', 'del', def.bridge]).catch(() => undefined);
  await ip(['link', 'add', def.bridge, 'type', 'bridge']);
  await ip(['addr', 'add', `${def.gateway}/${prefix}`, 'dev', def.bridge]);
  await ip(['link', 'set', def.bridge, 'up']);
  const n: Net = { def };
  n.dns = new DnsServer(def.gateway, {
    lookup: (source, name) => lookup(def.id, source, name),
    forward: !def.internal,
  });
  await n.dns.listen();
  nets.set(def.id, n);
  return n;
}

/**
 * What the resolvers answer from, rebuilt whenever an endpoint comes or goes rather than on every
 * query: per network that answers names (user networks), each lower-case name or alias and its
 * addresses; per asking endpoint (`network address`), the networks its container is on.
 */
let names = new Map<string, Map<string, string[]>>();
let scopes = new Map<string, Set<string>>();

function reindex(): void {
  names = new Map();
  scopes = new Map();
  const netsOf = new Map<string, Set<string>>();
  for (const e of eps.values()) {
    const mine = netsOf.get(e.cid) ?? new Set<string>();
    netsOf.set(e.cid, mine.add(e.net));
    scopes.set(`${e.net} ${e.ip}`, mine);
    if (!nets.get(e.net)?.def.dns) continue;
    const table = names.get(e.net) ?? new Map<string, string[]>();
    names.set(e.net, table);
    for (const n of e.names) {
      const ips = table.get(n.toLowerCase()) ?? [];
      if (!ips.includes(e.ip)) ips.push(e.ip);
      table.set(n.toLowerCase(), ips);
    }
  }
}

/** Names answered for a query from `source` on network `netId`: every user network the asking container is on. */
function lookup(netId: string, source: string, name: string): string[] | undefined {
  const q = name.toLowerCase().replace(/\.$/, '');
  const hits = new Set<string>();
  for (const n of scopes.get(`${netId} ${source}`) ?? [netId]) for (const ip of names.get(n)?.get(q) ?? []) hits.add(ip);
  return hits.size ? [...hits] : undefined;
}

async function dropBridgeIfUnused(netId: string): Promise<void> {
  if ([...eps.values()].some((e) => e.net === netId)) return;
  const n = nets.get(netId);
  if (!n) return;
  nets.delete(netId);
  n.dns?.close();
  await ip(['link', 'del', n.def.bridge]).catch(() => undefined);
}

function ruleset(): string {
  const lines = ['add table ip stevedore', 'delete table ip stevedore', 'table ip stevedore {'];
  lines.push('  chain sv_pre {', '    type nat hook prerouting priority -100; policy accept;');
  for (const f of fwds) lines.push(`    iifname "tap0" ${f.proto} dport ${f.guestPort} dnat to ${f.ip}:${f.port}`);
  lines.push('  }', '  chain sv_post {', '    type nat hook postrouting priority 100; policy accept;', '    oifname "tap0" masquerade', '  }');
  lines.push('  chain sv_forward {', '    type filter hook forward priority 0; policy accept;');
  for (const n of nets.values()) {
    const b = n.def.bridge;
    if (n.def.internal) lines.push(`    iifname "${b}" oifname != "${b}" drop`, `    oifname "${b}" iifname != "${b}" drop`);
    else lines.push(`    iifname "${b}" oifname != { "${b}", "tap0" } drop`);
  }
  lines.push('  }', '  chain sv_input {', '    type filter hook input priority 0; policy accept;');
  for (const n of nets.values()) lines.push(`    iifname "${n.def.bridge}" ip daddr != ${n.def.gateway} drop`);
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}

async function applyRules(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const c = execFile(binary('nft'), ['-f', '-'], (err, _o, stderr) => (err ? reject(new Error(`nft: ${stderr || err.message}`)) : resolve()));
    c.stdin!.end(ruleset());
  });
}

/**
 * Wires endpoints in: a veth pair per network whose container end is moved into the namespace
 * of `pid` (by pid: the kernel checks CAP_NET_ADMIN over that namespace, which this process has)
 * and whose host end joins the bridge. Returns the `ip` commands that configure the container
 * end: the caller runs them inside the container's namespace, because opening
 * /proc/PID/ns/net of a container that is still being set up (not yet dumpable) is refused to
 * a process in a child user namespace.
 */
async function attach(cid: string, pid: number, endpoints: NetdEndpoint[], ports: NetdPort[]): Promise<{ inside: string[] }> {
  const inside: string[] = [];
  const mine = () => [...eps.values()].filter((e) => e.cid === cid);
  try {
    for (const ep of endpoints) {
      const key = `${cid}/${ep.network.id}`;
      if (eps.has(key)) throw new Error(`endpoint with name ${ep.names[0]} already exists in network ${ep.network.name}`);
      const n = await ensureBridge(ep.network);
      const used = new Set(mine().map((e) => e.ifname));
      let i = 0;
      while (used.has(`eth${i}`)) i++;
      const ifname = `eth${i}`;
      const hostIf = `sv${cid.slice(0, 8)}${ep.network.id.slice(0, 5)}`;
      await ip(['link', 'del', hostIf]).catch(() => undefined);
      await ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', ifname, 'address', ep.mac, 'netns', String(pid)]);
      eps.set(key, { cid, pid, net: ep.network.id, ip: ep.ip, names: ep.names, hostIf, ifname });
      reindex();
      await ip(['link', 'set', hostIf, 'master', n.def.bridge, 'up']);
      const prefix = ep.network.subnet.split('/')[1];
      inside.push(`addr add ${ep.ip}/${prefix} dev ${ifname}`, `link set ${ifname} up`);
      // The first network with outbound access gives the default route (`ip -force -batch` goes on past an existing one).
      if (!ep.network.internal) inside.push(`route add default via ${ep.network.gateway} dev ${ifname}`);
    }
    const primary = mine()[0];
    for (const p of ports) {
      if (!primary) break;
      const f: Fwd = { cid, guestPort: nextGuestPort++, proto: p.proto, ip: primary.ip, port: p.port };
      fwds.push(f);
      if (!slirp) throw new Error('the outbound link (slirp4netns) of the network namespace is not running');
      const res = await slirpApi(slirp.api, { execute: 'add_hostfwd', arguments: { proto: p.proto, host_addr: p.hostIp || '0.0.0.0', host_port: p.hostPort, guest_addr: '10.0.2.100', guest_port: f.guestPort } });
      if (res.error) throw new Error(`publishing ${p.hostIp || '0.0.0.0'}:${p.hostPort} -> ${p.port}/${p.proto} failed: ${res.error.desc ?? JSON.stringify(res.error)}`);
      f.slirpId = (res.return as { id?: number } | undefined)?.id;
    }
    await applyRules();
    return { inside };
  } catch (e) {
    await detach(cid, endpoints.length === 1 && !ports.length ? endpoints[0].network.id : undefined).catch(() => undefined);
    throw e;
  }
}

async function detach(cid: string, netId?: string): Promise<void> {
  const gone = [...eps.entries()].filter(([, e]) => e.cid === cid && (!netId || e.net === netId));
  for (const [key] of gone) eps.delete(key);
  reindex();
  for (const [, e] of gone) await ip(['link', 'del', e.hostIf]).catch(() => undefined);
  if (!netId || ![...eps.values()].some((e) => e.cid === cid)) {
    for (let i = fwds.length - 1; i >= 0; i--) {
      const f = fwds[i];
      if (f.cid !== cid) continue;
      fwds.splice(i, 1);
      if (slirp && f.slirpId !== undefined) await slirpApi(slirp.api, { execute: 'remove_hostfwd', arguments: { id: f.slirpId } }).catch(() => undefined);
    }
  }
  for (const id of new Set(gone.map(([, e]) => e.net))) await dropBridgeIfUnused(id);
  await applyRules().catch((err) => log(`rules: ${(err as Error).message}`));
}

/** Containers that died without a detach (their supervisor killed too): their endpoints go. */
async function collect(): Promise<void> {
  const dead = new Set([...eps.values()].filter((e) => !fs.existsSync(`/proc/${e.pid}`)).map((e) => e.cid));
  for (const cid of dead) await detach(cid);
}

async function handle(req: NetdRequest): Promise<unknown> {
  switch (req.op) {
    case 'ping':
      holdUntil = Math.max(holdUntil, Date.now() + (req.holdMs ?? 0));
      return { pid: process.pid };
    case 'slirp':
      slirp = { pid: req.pid, api: req.api };
      return {};
    case 'attach':
      return attach(req.id, req.pid, req.endpoints, req.ports);
    case 'detach':
      await detach(req.id, req.network);
      return {};
    case 'state':
      return { endpoints: [...eps.values()], ports: fwds, networks: [...nets.values()].map((n) => n.def) };
    default:
      throw new Error(`unknown request ${(req as { op: string }).op}`);
  }
}

/** One request at a time: ip/nft changes and the endpoint table stay in step. */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

export async function netdMain(root: string, control: string): Promise<void> {
  // The control socket's path comes from the starter: inside a user namespace this process's
  // uid is 0, so it would not compute the starter's per-user socket folder.
  const paths = { ...netdPaths(root), control };
  // Holding the FIFO open (read-write, so opening never blocks) is what keeps slirp4netns
  // alive: its --exit-fd is the FIFO's read end and sees EOF when this process is gone.
  fs.openSync(paths.fifo, fs.constants.O_RDWR);
  fs.writeFileSync('/proc/sys/net/ipv4/ip_forward', '1');
  await ip(['link', 'set', 'lo', 'up']);
  fs.rmSync(paths.control, { force: true });
  const server = net.createServer((sock) => {
    let buf = '';
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        busy++;
        void serialized(async () => handle(JSON.parse(line) as NetdRequest))
          .then((r) => sock.write(JSON.stringify({ ok: r }) + '\n'), (e: Error) => sock.write(JSON.stringify({ error: e.message }) + '\n'))
          .finally(() => {
            busy--;
            idleSince = Date.now();
          });
      }
    });
  });
  await new Promise<void>((resolve, reject) => server.listen(paths.control, resolve).once('error', reject));
  fs.chmodSync(paths.control, 0o600);
  try {
    fs.writeSync(3, 'ready\n');
    fs.closeSync(3);
  } catch {
    // started by hand
  }
  log(`serving on ${paths.control}`);
  setInterval(() => {
    void serialized(collect).then(async () => {
      // The data root was deleted under it (a test's temp root): leave without recreating it for a lock.
      if (!fs.existsSync(paths.dir)) {
        if (slirp) try { process.kill(slirp.pid, 'SIGTERM'); } catch { /* gone */ }
        process.exit(0);
      }
      if (eps.size || busy || Date.now() < holdUntil || Date.now() - idleSince < 5000) return;
      // Idle: leave under the start lock, so a starter never talks to a process on its way out.
      await withLock(root, 'netd', async () => {
        if (eps.size || busy || Date.now() < holdUntil) return;
        log('idle, exiting');
        fs.rmSync(paths.pid, { force: true });
        fs.rmSync(paths.control, { force: true });
        if (slirp) try { process.kill(slirp.pid, 'SIGTERM'); } catch { /* gone */ }
        process.exit(0);
      });
    }).catch((e) => log(`collect: ${(e as Error).message}`));
  }, 1000);
}

