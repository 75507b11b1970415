import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { canRunContainers, cli, tempRoot } from '../test/support/containers';
import { startService } from '../test/support/daemon';
import { startDockerd } from '../test/support/dockerd';
import { makeBusyboxImage, noise } from '../test/support/images';
import { makeLayeredImage } from '../test/support/layers';
import { startRegistry } from '../test/support/registry';
import { runAlone, type BenchResult } from './run';

/**
 * The docker 28 CLI against `stevedore system service` (the embedded engine) and against a private
 * dockerd 20.10 (containerd, runc; no bridge, so `--network none` everywhere), side by side in one
 * run: the same commands, the same image ID in both (saved from Stevedore, `docker load`ed).
 * Each row's operations take turns between the two, RUNS times, and the median counts.
 *  - run --rm IMG true; exec true in a running container; a classic build of a small context
 *  - ps -a with 200 containers; images with 1,000 image tags
 *  - pull of a 200 MB image of 6 layers from a local registry (removed between runs)
 *  - RSS of the idle service after all that, beside dockerd's.
 */
const DOCKER = '/usr/local/bin/docker';
const RSS_NOTE = "Node's heap and the whole CLI bundle (engine, registry client, builder) in the service process; the issue's target is < 80 MB absolute";
const IMG = 'bench/busybox:1';

function docker(host: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(DOCKER, args, { env: { ...process.env, DOCKER_HOST: host, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`docker ${args.join(' ')} (${host}) exited ${code}: ${err.trim()}`))));
  });
}

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function pidOf(pidfileDir: string): Promise<number> {
  for (const f of fs.readdirSync(pidfileDir)) if (f.endsWith('.pid')) return Number(fs.readFileSync(path.join(pidfileDir, f), 'utf8'));
  throw new Error('no dockerd pid file');
}

export async function run(): Promise<BenchResult[]> {
  if (!canRunContainers()) throw new Error('the daemon bench needs root, Linux namespaces and runc or crun');
  const root = tempRoot('sv-bench-daemon-');
  const src = tempRoot('sv-bench-daemon-src-');
  const registry = await startRegistry();
  const dockerd = await startDockerd();
  const service = await startService(root.root);
  const hosts = { ours: service.host, theirs: dockerd.host };
  await new Promise((r) => setTimeout(r, 2000));
  const startRss = { ours: rssMb(service.child.pid!), theirs: rssMb(await pidOf(dockerd.dir)) };
  const rows: BenchResult[] = [];
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-daemon-ctx-'));
  try {
    await makeBusyboxImage(root.root, IMG);
    const tar = path.join(ctx, 'img.tar');
    await docker(hosts.ours, ['save', '-o', tar, IMG]);
    await docker(hosts.theirs, ['load', '-i', tar]);
    fs.rmSync(tar);

    const row = async (name: string, runs: number, op: (host: string, i: number) => Promise<unknown>, after?: (host: string) => Promise<unknown>, note?: string) => {
      const t: { ours: number[]; theirs: number[] } = { ours: [], theirs: [] };
      await op(hosts.ours, -1);
      await after?.(hosts.ours);
      await op(hosts.theirs, -1);
      await after?.(hosts.theirs);
      for (let i = 0; i < runs; i++) {
        for (const k of (i % 2 ? ['theirs', 'ours'] : ['ours', 'theirs']) as Array<'ours' | 'theirs'>) {
          t[k].push(await ms(() => op(hosts[k], i)));
          await after?.(hosts[k]);
        }
      }
      rows.push({ name, ours: median(t.ours), theirs: median(t.theirs), unit: 'ms', peer: 'docker CLI -> dockerd 20.10', target: 1, ...(note ? { note } : {}) });
      process.stderr.write(`  ${name}: stevedore ${median(t.ours).toFixed(0)} ms, dockerd ${median(t.theirs).toFixed(0)} ms\n`);
    };

    await row('api: run --rm IMG true', 10, (h) => docker(h, ['run', '--rm', '--network', 'none', IMG, 'true']));
    for (const h of Object.values(hosts)) await docker(h, ['run', '-d', '--name', 'execbox', '--network', 'none', IMG, 'sleep', '3600']);
    await row('api: exec true', 10, (h) => docker(h, ['exec', 'execbox', 'true']));
    for (const h of Object.values(hosts)) await docker(h, ['rm', '-f', 'execbox']);

    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMG}\nCOPY . /ctx\nRUN ls /ctx > /listing\n`);
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(ctx, `f${i}.txt`), noise(`ctx${i}`, 4096));
    await row('api: build small context (classic)', 5, (h, i) => docker(h, ['build', '--no-cache', '--network', 'none', '-q', '-t', `bench/built:${i + 1}`, ctx], { DOCKER_BUILDKIT: '0' }));

    // 200 containers and 1,000 tags in each engine, made through the same CLI.
    for (const h of Object.values(hosts)) {
      for (let i = 0; i < 200; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => docker(h, ['create', '--network', 'none', IMG, 'true', String(i + j)])));
      for (let i = 0; i < 1000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => docker(h, ['tag', IMG, `bench/tag${i + j}:v1`])));
    }
    await row('api: ps -a (200 containers)', 10, (h) => docker(h, ['ps', '-a']), undefined, 'the embedded engine reads each container record (a JSON file per container) per listing; dockerd answers from memory');
    await row('api: images (1,000 tags)', 10, (h) => docker(h, ['images']), undefined, 'the listing reads the image store index per request; dockerd answers from memory');
    for (const h of Object.values(hosts)) await docker(h, ['container', 'prune', '-f']);

    const big = `${registry.host}/bench/big:1`;
    const layers = Array.from({ length: 6 }, (_, i) => ({ createdBy: `layer ${i}`, entries: [{ name: `data${i}.bin`, data: noise(`big-layer-${i}`, Math.floor(200 * 1024 * 1024 / 6)) }] }));
    await makeLayeredImage(src.root, big, layers);
    const pushed = cli(src.root, ['push', big], { timeout: 600_000 });
    if (pushed.status !== 0) throw new Error(`push of the 200 MB image failed: ${pushed.stderr}`);
    await row('api: pull 200 MB / 6 layers', 3, (h) => docker(h, ['pull', '-q', big]), (h) => docker(h, ['rmi', big]).then(() => docker(h, ['image', 'prune', '-f'])));

    rows.push({ name: 'api: idle server RSS at start', ours: startRss.ours, theirs: startRss.theirs, unit: 'MB', peer: 'dockerd 20.10 (without containerd)', target: 1, note: RSS_NOTE });
    // Idle: V8's memory reducer shrinks the heap some seconds after the last request.
    await new Promise((r) => setTimeout(r, 15_000));
    rows.push({ name: 'api: idle server RSS after the rows above', ours: rssMb(service.child.pid!), theirs: rssMb(await pidOf(dockerd.dir)), unit: 'MB', peer: 'dockerd 20.10 (without containerd)', target: 1.5, note: 'a Node process with the engine loaded against a Go daemon' });
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
    await service.stop();
    await dockerd.stop();
    await registry.stop();
    root.cleanup();
    src.cleanup();
  }
  return rows;
}

if (require.main === module) runAlone(run);
