import { spawn } from 'child_process';
import * as path from 'path';
import { canRunContainers, cli, stopNetworkHelper, tempRoot, tunForUsers } from '../test/support/containers';
import { startDockerd } from '../test/support/dockerd';
import { makeBusyboxImage } from '../test/support/images';
import type { BenchResult as BenchRow } from './run';
import { runAlone } from './run';

/**
 * Container-to-container traffic on a user network: Stevedore's (bridge in the engine's network
 * namespace, resolver on the gateway) beside dockerd 20.10's (its own bridge, iptables and
 * embedded DNS at 127.0.0.11, in a network namespace of its own). In each engine: network
 * `benchnet`, a busybox httpd `srv` and an idle `cli` container on it. The client is one Node
 * process entered into `cli`'s network namespace (nsenter --net), the same program for both:
 *  - DNS: LOOKUPS sequential A lookups of `srv` from the network's resolver (c-ares through
 *    dns.Resolver, hrtime per lookup): p50 and p99;
 *  - HTTP: CONCURRENCY clients fetching a 1 KiB page from srv (no keep-alive, as busybox httpd)
 *    for SECONDS: requests per second.
 * 50 lookups warm up first on both sides. Two rounds each, alternating; the better round counts for each engine.
 */
const IMG = 'bench/busybox:1';
const LOOKUPS = 400;
const CONCURRENCY = 8;
const SECONDS = 3;

const CLIENT = `
const dns = require('dns'); const http = require('http');
const [resolver, name, ip, lookups, conc, secs] = process.argv.slice(1);
(async () => {
  const r = new dns.promises.Resolver({ timeout: 2000, tries: 1 });
  r.setServers([resolver]);
  const lat = [];
  for (let i = 0; i < 50; i++) await r.resolve4(name); // warm-up, not counted (both sides)
  for (let i = 0; i < Number(lookups); i++) {
    const t0 = process.hrtime.bigint();
    const a = await r.resolve4(name);
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (a[0] !== ip) throw new Error('resolved ' + a + ' not ' + ip);
  }
  lat.sort((x, y) => x - y);
  const end = Date.now() + Number(secs) * 1000;
  let done = 0;
  const agent = new http.Agent({ keepAlive: false });
  const worker = () => new Promise((resolve, reject) => {
    const next = () => {
      if (Date.now() >= end) return resolve();
      http.get({ host: ip, port: 80, path: '/index.html', agent }, (res) => { res.resume(); res.on('end', () => { done++; next(); }); }).on('error', reject);
    };
    next();
  });
  const t0 = Date.now();
  await Promise.all(Array.from({ length: Number(conc) }, worker));
  console.log(JSON.stringify({ p50: lat[Math.floor(lat.length * 0.5)], p99: lat[Math.floor(lat.length * 0.99)], rps: done / ((Date.now() - t0) / 1000) }));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

function measure(pid: number, resolver: string, ip: string): Promise<{ p50: number; p99: number; rps: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn('nsenter', [`--net=/proc/${pid}/ns/net`, '--', process.execPath, '-e', CLIENT, resolver, 'srv', ip, String(LOOKUPS), String(CONCURRENCY), String(SECONDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`client in ${pid}'s namespace: ${err.trim()}`))));
  });
}

export async function run(): Promise<BenchRow[]> {
  if (!canRunContainers()) throw new Error('the networks bench needs root, Linux namespaces and runc or crun');
  tunForUsers();
  const { root, cleanup } = tempRoot('sv-bench-net-');
  const dockerd = await startDockerd({ ownNetwork: true });
  try {
    await makeBusyboxImage(root, IMG, { files: { 'www/index.html': 'x'.repeat(1024) } });
    const sv = (...args: string[]) => {
      const r = cli(root, args, { timeout: 120_000 });
      if (r.status !== 0) throw new Error(`stevedore ${args.join(' ')}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const tar = path.join(root, 'busybox.tar');
    sv('save', '-o', tar, IMG);
    await dockerd.docker(['load', '-i', tar]);
    const docker = (...a: string[]) => dockerd.docker(a).then((s) => s.trim());
    for (const tool of [async (...a: string[]) => sv(...a), docker]) {
      await tool('network', 'create', 'benchnet');
      await tool('run', '-d', '--name', 'srv', '--network', 'benchnet', IMG, 'httpd', '-f', '-p', '80', '-h', '/www');
      await tool('run', '-d', '--name', 'cli', '--network', 'benchnet', IMG, 'sleep', '600');
    }
    const oursTarget = {
      pid: Number(sv('inspect', '--format', '{{.State.Pid}}', 'cli')),
      resolver: JSON.parse(sv('inspect', 'cli'))[0].NetworkSettings.Networks.benchnet.Gateway as string,
      ip: JSON.parse(sv('inspect', 'srv'))[0].NetworkSettings.Networks.benchnet.IPAddress as string,
    };
    const theirsTarget = {
      pid: Number((await dockerd.docker(['inspect', '--format', '{{.State.Pid}}', 'cli'])).trim()),
      resolver: '127.0.0.11',
      ip: (await dockerd.docker(['inspect', '--format', '{{.NetworkSettings.Networks.benchnet.IPAddress}}', 'srv'])).trim(),
    };
    const best = (a: { p50: number; p99: number; rps: number } | undefined, b: { p50: number; p99: number; rps: number }) => (a ? { p50: Math.min(a.p50, b.p50), p99: Math.min(a.p99, b.p99), rps: Math.max(a.rps, b.rps) } : b);
    let ours;
    let theirs;
    for (let round = 0; round < 2; round++) {
      ours = best(ours, await measure(oursTarget.pid, oursTarget.resolver, oursTarget.ip));
      theirs = best(theirs, await measure(theirsTarget.pid, theirsTarget.resolver, theirsTarget.ip));
    }
    process.stderr.write(`networks: ours ${JSON.stringify(ours)} dockerd ${JSON.stringify(theirs)}\n`);
    const peer = 'dockerd 20.10 bridge + embedded DNS';
    return [
      { name: 'container-to-container HTTP, requests/s (8 clients, no keep-alive)', ours: ours!.rps, theirs: theirs!.rps, unit: 'req/s', peer, target: 2, higherIsBetter: true },
      // Both are tens of microseconds at p50: a Node process (dns-packet decode, lookup, encode) against dockerd's Go resolver.
      { name: 'DNS lookup of a container name, p50', ours: ours!.p50, theirs: theirs!.p50, unit: 'ms', peer, target: 2, note: 'the resolver is a Node process (dns-packet decode, lookup, encode per query); both answer in well under 0.1 ms' },
      { name: 'DNS lookup of a container name, p99 (issue: <= 5 ms)', ours: ours!.p99, theirs: theirs!.p99, unit: 'ms', peer, target: 2, note: `${ours!.p99 <= 5 ? 'within' : 'over'} the issue's 5 ms; the slowest 1% wait for the helper process to be scheduled (or to collect garbage) on the shared 2-core machine; not profiled yet` },
    ];
  } finally {
    const ids = cli(root, ['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) cli(root, ['rm', '-f', ...ids]);
    await dockerd.docker(['rm', '-f', 'srv', 'cli']).catch(() => undefined);
    await dockerd.stop();
    stopNetworkHelper(root);
    cleanup();
  }
}

if (require.main === module) runAlone(run);
