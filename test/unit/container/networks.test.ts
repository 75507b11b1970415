import * as assert from 'assert/strict';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { makeBusyboxImage } from '../../support/images';
import { canRunContainers, CLI, sleep, stopNetworkHelper, tunForUsers, until, unmountUnder } from '../../support/containers';
import { httpGetText } from '../../support/process';

const NOBODY = 65534;

/** A DNS query over TCP (dns-packet's stream framing), run inside a container's network namespace: the A records it got. */
const TCP_QUERY = `
const [server, name, lib] = process.argv.slice(1);
const p = require(lib);
const c = require('net').connect(53, server, () => c.write(p.streamEncode({ type: 'query', id: 7, flags: p.RECURSION_DESIRED, questions: [{ type: 'A', name }] })));
let b = Buffer.alloc(0);
c.on('data', (d) => {
  b = Buffer.concat([b, d]);
  if (b.length >= 2 && b.length >= 2 + b.readUInt16BE(0)) { console.log(JSON.stringify(p.streamDecode(b).answers.map((a) => a.data))); c.end(); }
});
c.on('error', (e) => { console.error(e.message); process.exit(1); });
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Host network interfaces (names), to show that networks add nothing to the host. */
const hostLinks = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.split(': ')[1].split('@')[0]).sort();

/** Every process whose command line mentions `text`. */
function processesWith(text: string): Array<{ pid: number; cmd: string }> {
  const out: Array<{ pid: number; cmd: string }> = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(text)) out.push({ pid: Number(p), cmd });
    } catch {
      // gone
    }
  }
  return out;
}

/** Processes in the network namespace with inode `ino` (readlink /proc/PID/ns/net). */
function inNetns(ino: string): number[] {
  const out: number[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (fs.readlinkSync(`/proc/${p}/ns/net`) === ino) out.push(Number(p));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

for (const user of ['root', 'nobody'] as const) {
  describe(`networks with DNS (the CLI as ${user}): bridges in the engine's network namespace, names on user networks`, function () {
    this.timeout(180_000);
    let home: string;
    let root: string;
    let linksBefore: string[];
    const sv = (...args: string[]) => {
      const env = { ...process.env, HOME: home, TMPDIR: home, STEVEDORE_NET_HOST_LOOPBACK: '1' };
      const r = user === 'root'
        ? spawnSync(process.execPath, [CLI, '--data-root', root, ...args], { encoding: 'utf8', timeout: 90_000, env })
        : spawnSync('runuser', ['-u', 'nobody', '--', 'env', `HOME=${home}`, `TMPDIR=${home}`, 'STEVEDORE_NET_HOST_LOOPBACK=1', process.execPath, CLI, '--data-root', root, ...args], { encoding: 'utf8', timeout: 90_000, cwd: home });
      return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
    };
    /** The same, without blocking this process (when a server in it must answer the container). */
    const svAsync = (...args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, HOME: home, TMPDIR: home, STEVEDORE_NET_HOST_LOOPBACK: '1' };
      const c = user === 'root'
        ? spawn(process.execPath, [CLI, '--data-root', root, ...args], { env })
        : spawn('runuser', ['-u', 'nobody', '--', 'env', `HOME=${home}`, `TMPDIR=${home}`, 'STEVEDORE_NET_HOST_LOOPBACK=1', process.execPath, CLI, '--data-root', root, ...args], { cwd: home });
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d) => (stdout += d));
      c.stderr.on('data', (d) => (stderr += d));
      c.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
    });
    const ok = (...args: string[]) => {
      const r = sv(...args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const subnetOf = (n: string) => JSON.parse(ok('network', 'inspect', n))[0].IPAM.Config[0] as { Subnet: string; Gateway: string };
    const netdPid = () => Number(fs.readFileSync(path.join(root, 'network', 'netd.pid'), 'utf8'));

    before(async function () {
      assert.ok(canRunContainers(), 'needs runc or crun as root');
      tunForUsers();
      if (user === 'nobody') assert.equal(spawnSync('runuser', ['-u', 'nobody', '--', 'unshare', '-Ur', 'true']).status, 0, 'this kernel must allow unprivileged user namespaces');
      home = fs.mkdtempSync(path.join(os.tmpdir(), `sv-net-${user}-`));
      fs.chmodSync(home, 0o755);
      root = path.join(home, 'root');
      await makeBusyboxImage(root, 'busybox:latest', { files: { 'www/index.html': `page on ${user}\n` } });
      if (user === 'nobody') execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
      linksBefore = hostLinks();
    });
    after(() => {
      const ids = sv('ps', '-aq').stdout.split('\n').filter(Boolean);
      if (ids.length) sv('rm', '-f', ...ids);
      stopNetworkHelper(root);
      unmountUnder(home);
      fs.rmSync(home, { recursive: true, force: true });
    });

    it('two containers on a user network reach each other by name and by alias; one on another network reaches neither; the default bridge has addresses but no names', async () => {
      assert.match(ok('network', 'create', 'front'), /^[0-9a-f]{64}\n$/);
      ok('network', 'create', '--label', 'tier=back', 'back');
      const ls = ok('network', 'ls');
      assert.match(ls, /^NETWORK ID +NAME +DRIVER +SCOPE\n/);
      for (const n of ['bridge', 'host', 'none', 'front', 'back']) assert.match(ls, new RegExp(`^[0-9a-f]{12} +${n} +`, 'm'));
      assert.equal(ok('network', 'ls', '--filter', 'label=tier=back', '--format', '{{.Name}}'), 'back\n');
      ok('run', '-d', '--name', 'web', '--network', 'front', '--network-alias', 'www', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
      const ip = ok('inspect', '--format', '{{.NetworkSettings.Networks.front.IPAddress}}', 'web').trim();
      assert.match(ip, /^172\.\d+\.0\.2$/);
      const inspect = JSON.parse(ok('inspect', 'web'))[0];
      assert.deepEqual(inspect.NetworkSettings.Networks.front.Aliases, ['www']);
      assert.equal(inspect.HostConfig.NetworkMode, 'front');
      const netInspect = JSON.parse(ok('network', 'inspect', 'front'))[0];
      assert.equal(netInspect.Containers[inspect.Id].Name, 'web');
      assert.equal(netInspect.Containers[inspect.Id].IPv4Address, `${ip}/16`);

      const fetch = ok('run', '--rm', '--network', 'front', 'busybox', 'sh', '-c', 'wget -qO- http://web/index.html; wget -qO- http://www/index.html; wget -qO- http://web.');
      assert.equal(fetch.split('\n').slice(0, 2).join('\n'), `page on ${user}\npage on ${user}`);
      const other = sv('run', '--rm', '--network', 'back', 'busybox', 'sh', '-c', `nslookup web; timeout 5 wget -qO- http://${ip}/index.html && echo REACHED`);
      assert.doesNotMatch(other.stdout, /REACHED|page on/);
      // It did run, on back, asking back's resolver (the lines above would also hold for a container that never started).
      assert.match(other.stdout, new RegExp(`Server:\\s+${subnetOf('back').Gateway.replace(/\./g, '\\.')}`), other.stderr);
      assert.doesNotMatch(other.stdout, new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`));
      const missing = sv('run', '--rm', '--network', 'front', 'busybox', 'nslookup', 'no-such-container');
      assert.notEqual(missing.status, 0);
      assert.match(missing.stdout + missing.stderr, /NXDOMAIN|can't find/);

      // The default bridge: reachable by address, not by name (Docker's rule).
      ok('run', '-d', '--name', 'plain', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
      const plainIp = ok('inspect', '--format', '{{.NetworkSettings.IPAddress}}', 'plain').trim();
      assert.match(plainIp, /^172\.17\.0\.\d+$/);
      assert.equal(ok('run', '--rm', 'busybox', 'wget', '-qO-', `http://${plainIp}/index.html`), `page on ${user}\n`);
      assert.notEqual(sv('run', '--rm', 'busybox', 'nslookup', 'plain').status, 0);
      ok('rm', '-f', 'plain');
    });

    it('an alias two containers share answers with both addresses; connect and disconnect work while the container runs', async () => {
      ok('run', '-d', '--name', 'web2', '--network', 'front', '--network-alias', 'www', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
      const ips = ['web', 'web2'].map((n) => ok('inspect', '--format', '{{.NetworkSettings.Networks.front.IPAddress}}', n).trim());
      const both = ok('run', '--rm', '--network', 'front', 'busybox', 'nslookup', 'www');
      for (const ip of ips) assert.match(both, new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`));
      // The same answer over TCP (what a resolver falls back to for answers over 512 bytes).
      const webPid = ok('inspect', '--format', '{{.State.Pid}}', 'web').trim();
      const tcp = execFileSync('nsenter', [`--net=/proc/${webPid}/ns/net`, '--', process.execPath, '-e', TCP_QUERY, subnetOf('front').Gateway, 'www', require.resolve('dns-packet')], { encoding: 'utf8' });
      assert.deepEqual((JSON.parse(tcp) as string[]).sort(), [...ips].sort());

      // web joins back while running: a container on back now finds it by name, then no longer.
      ok('network', 'connect', '--alias', 'api', 'back', 'web');
      const twice = sv('network', 'connect', 'back', 'web');
      assert.equal(twice.status, 1);
      assert.match(twice.stderr, /^Error response from daemon: endpoint with name web already exists in network back\n$/);
      const backIp = ok('inspect', '--format', '{{.NetworkSettings.Networks.back.IPAddress}}', 'web').trim();
      assert.match(backIp, /^172\.\d+\.0\.\d+$/);
      assert.equal(ok('exec', 'web', 'sh', '-c', 'ip -o link | cut -d: -f2 | cut -d@ -f1 | sort | tr -d " " | tr "\\n" " "'), 'eth0 eth1 lo ');
      assert.equal(ok('run', '--rm', '--network', 'back', 'busybox', 'sh', '-c', 'wget -qO- http://web/index.html; wget -qO- http://api/index.html'), `page on ${user}\npage on ${user}\n`);
      ok('network', 'disconnect', 'back', 'web');
      const after = sv('run', '--rm', '--network', 'back', 'busybox', 'sh', '-c', `timeout 5 wget -qO- http://${backIp}/index.html && echo REACHED; nslookup web`);
      assert.doesNotMatch(after.stdout, /REACHED/);
      assert.match(after.stdout, new RegExp(`Server:\\s+${subnetOf('back').Gateway.replace(/\./g, '\\.')}`), after.stderr);
      assert.deepEqual(Object.keys(JSON.parse(ok('inspect', 'web'))[0].NetworkSettings.Networks), ['front']);
      const notOn = sv('network', 'disconnect', 'back', 'web');
      assert.equal(notOn.status, 1);
      assert.match(notOn.stderr, /is not connected to network back/);
      ok('rm', '-f', 'web2');
    });

    it('publishes -p for a container on a user network; --internal has no outbound while a user network has (to a server on the host\'s 127.0.0.1 through 10.0.2.2)', async () => {
      const port = await freePort();
      ok('run', '-d', '--name', 'pub', '--network', 'front', '-p', `127.0.0.1:${port}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
      assert.equal(await until(() => httpGetText(`http://127.0.0.1:${port}/index.html`), 10_000, 100), `page on ${user}\n`);
      ok('rm', '-f', 'pub');
      assert.equal(await httpGetText(`http://127.0.0.1:${port}/index.html`), undefined, 'the port is released with the container');

      const host = http.createServer((_q, res) => res.end('from the host\n'));
      await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
      const hostPort = (host.address() as net.AddressInfo).port;
      try {
        ok('network', 'create', '--internal', '--subnet', '10.77.0.0/24', 'sealed');
        assert.equal(ok('network', 'inspect', '--format', '{{.Internal}}', 'sealed'), 'true\n');
        assert.deepEqual(subnetOf('sealed'), { Subnet: '10.77.0.0/24', Gateway: '10.77.0.1' });
        const out = await svAsync('run', '--rm', '--network', 'front', 'busybox', 'timeout', '10', 'wget', '-qO-', `http://10.0.2.2:${hostPort}/`);
        assert.equal(out.stdout, 'from the host\n', out.stderr);
        const sealed = await svAsync('run', '--rm', '--network', 'sealed', 'busybox', 'sh', '-c', `timeout 5 wget -qO- http://10.0.2.2:${hostPort}/ && echo REACHED; ip route`);
        assert.doesNotMatch(sealed.stdout, /REACHED|from the host/);
        assert.doesNotMatch(sealed.stdout, /default/, 'an internal network gives no default route');
        assert.match(sealed.stdout, /^10\.77\.0\.0\/24 dev eth0/m, `it ran on the internal network: ${sealed.stderr}`);
        // Containers on the internal network still find each other.
        ok('run', '-d', '--name', 'vault', '--network', 'sealed', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
        assert.equal(ok('run', '--rm', '--network', 'sealed', 'busybox', 'wget', '-qO-', 'http://vault/index.html'), `page on ${user}\n`);
        ok('rm', '-f', 'vault');
      } finally {
        host.close();
      }
    });

    it('refuses bad input with Docker\'s messages and changes nothing', () => {
      const dup = sv('network', 'create', 'front');
      assert.equal(dup.status, 1);
      assert.equal(dup.stderr, 'Error response from daemon: network with name front already exists\n');
      const subnet = subnetOf('front').Subnet;
      const overlap = sv('network', 'create', '--subnet', subnet, 'again');
      assert.equal(overlap.status, 1);
      assert.match(overlap.stderr, /^Error response from daemon: Pool overlaps with other one on this address space/);
      const badGw = sv('network', 'create', '--subnet', '10.88.0.0/16', '--gateway', '10.89.0.1', 'gw');
      assert.equal(badGw.status, 1);
      assert.match(badGw.stderr, /invalid gateway 10\.89\.0\.1/);
      const inUse = sv('network', 'rm', 'front');
      assert.equal(inUse.status, 1);
      assert.match(inUse.stderr, /^Error response from daemon: error while removing network: network front id [0-9a-f]{64} has active endpoints\n$/);
      const builtin = sv('network', 'rm', 'bridge');
      assert.match(builtin.stderr, /bridge is a pre-defined network and cannot be removed/);
      const alias = sv('run', '--rm', '--network-alias', 'x', 'busybox', 'true');
      assert.equal(alias.status, 125);
      assert.match(alias.stderr, /network-scoped alias is supported only for containers in user defined networks/);
      const outside = sv('run', '--rm', '--network', 'front', '--ip', '10.1.2.3', 'busybox', 'true');
      assert.equal(outside.status, 125);
      assert.match(outside.stderr, /no configured subnet or ip-range contain the IP address 10\.1\.2\.3/);
      const unknown = sv('run', '--rm', '--network', 'nowhere', 'busybox', 'true');
      assert.equal(unknown.status, 125);
      assert.match(unknown.stderr, /network nowhere not found/);
      assert.equal(ok('network', 'ls', '--format', '{{.Name}}').split('\n').filter(Boolean).sort().join(' '), 'back bridge front host none sealed');
      assert.equal(ok('ps', '-a', '--format', '{{.Names}}'), 'web\n');
    });

    it('a fixed --ip; prune removes unused networks only', () => {
      const base = subnetOf('back').Subnet.replace(/0\.0\/16$/, '');
      ok('run', '-d', '--name', 'fixed', '--network', 'back', '--ip', `${base}0.42`, 'busybox', 'sleep', '60');
      assert.equal(ok('inspect', '--format', '{{.NetworkSettings.Networks.back.IPAddress}}', 'fixed'), `${base}0.42\n`);
      const taken = sv('run', '--rm', '--network', 'back', '--ip', `${base}0.42`, 'busybox', 'true');
      assert.equal(taken.status, 125);
      assert.match(taken.stderr, /Address already in use/);
      ok('container', 'prune', '-f'); // the container that could not start
      ok('rm', '-f', 'fixed');
      assert.equal(ok('network', 'prune', '-f'), 'Deleted Networks:\nback\nsealed\n\n');
      assert.equal(ok('network', 'ls', '--format', '{{.Name}}').split('\n').filter(Boolean).sort().join(' '), 'bridge front host none');
    });

    it('kill -9 of a container and its supervisor, then of the network helper: nothing is left on the host, and the next container brings the networks back', async () => {
      ok('run', '-d', '--name', 'victim', '--network', 'front', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
      const rec = JSON.parse(fs.readFileSync(path.join(root, 'containers', JSON.parse(ok('inspect', 'victim'))[0].Id, 'config.v2.json'), 'utf8'));
      process.kill(rec.Stevedore.shimPid, 'SIGKILL');
      process.kill(rec.State.Pid, 'SIGKILL');
      // The helper notices the dead container and drops its name (no supervisor told it).
      const gone = await until(() => sv('run', '--rm', '--network', 'front', 'busybox', 'nslookup', 'victim').status !== 0, 20_000, 500);
      assert.ok(gone, 'the name of a killed container is no longer answered');
      assert.equal(ok('run', '--rm', '--network', 'front', 'busybox', 'wget', '-qO-', 'http://web/index.html'), `page on ${user}\n`);

      const helper = netdPid();
      const infraNs = fs.readlinkSync(`/proc/${helper}/ns/net`);
      const slirp = processesWith('slirp4netns').filter((p) => p.cmd.includes(` ${helper} tap0`));
      assert.equal(slirp.length, 1, 'one slirp4netns serves the helper\'s namespace');
      const bridges = execFileSync('nsenter', ['-t', String(helper), '-n', 'ip', '-o', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' });
      assert.match(bridges, /br-[0-9a-f]{12}/, 'the bridges live in the helper\'s namespace');
      assert.deepEqual(hostLinks(), linksBefore, 'and none on the host');
      process.kill(helper, 'SIGKILL');
      assert.ok(await until(() => processesWith('slirp4netns').every((p) => p.pid !== slirp[0].pid), 10_000, 100), 'slirp4netns exits with the helper');
      assert.deepEqual(inNetns(infraNs), [], 'no process is left in the infra namespace');
      assert.deepEqual(hostLinks(), linksBefore);
      // A new container starts a new helper, and names work again.
      ok('rm', '-f', 'web');
      ok('run', '-d', '--name', 'web', '--network', 'front', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
      assert.notEqual(netdPid(), helper);
      assert.equal(ok('run', '--rm', '--network', 'front', 'busybox', 'wget', '-qO-', 'http://web/index.html'), `page on ${user}\n`);
      ok('rm', '-f', 'web', 'victim');
      // With no container left the helper leaves by itself, and slirp4netns with it.
      const last = netdPid();
      assert.ok(await until(() => !fs.existsSync(`/proc/${last}`), 40_000, 250), 'the helper exits when no container uses it');
      await sleep(200);
      assert.deepEqual(processesWith(root), [], 'no process of this data root is left');
      assert.deepEqual(processesWith('slirp4netns').filter((p) => p.cmd.includes(` ${last} tap0`)), []);
      assert.deepEqual(hostLinks(), linksBefore);
    });
  });
}
