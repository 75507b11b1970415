import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { EmbeddedEngine } from '../client/src/engine/embedded';
import { canRunContainers, CLI, tempRoot } from '../test/support/containers';
import { startDockerd } from '../test/support/dockerd';
import { makeBusyboxImage } from '../test/support/images';
import type { BenchResult as BenchRow } from './run';

/**
 * Latency of `run --rm IMAGE true`, what a user waits for before the prompt comes back:
 *  - `stevedore run --rm --network none IMAGE true`, a new CLI process each time (Node start-up,
 *    opening the data root, the snapshot, the supervisor, runc, removal), against
 *  - `docker run --rm --network none IMAGE true` on a private dockerd 20.10 (containerd, runc),
 *    which has no bridge here, hence `--network none` for both;
 *  - the same through the engine API in one long-lived process (EmbeddedEngine.open once, then
 *    containers.create/startAttached/remove per run), which is the extension's path and shows how
 *    much of the CLI's time is the CLI process itself.
 * The same busybox image is in both engines (made here, saved, `docker load`ed). After a warm-up,
 * the three take turns, RUNS times each, so drift on the shared machine falls on all alike; the
 * median (p50) counts, and p90 goes to stderr.
 */
export type { BenchResult as BenchRow } from './run';

const IMG = 'bench/busybox:1';
const WARMUP = 3;
const RUNS = 20;

function proc(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}: ${out.trim()}`))));
  });
}

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];

export async function run(): Promise<BenchRow[]> {
  if (!canRunContainers()) throw new Error('the containers bench needs root, Linux namespaces and runc or crun');
  const { root, cleanup } = tempRoot('sv-bench-ctr-');
  const dockerd = await startDockerd();
  let engine: EmbeddedEngine | undefined;
  try {
    await makeBusyboxImage(root, IMG);
    engine = await EmbeddedEngine.open(root);
    const tarball = path.join(root, 'busybox.tar');
    await engine.images.save([IMG], fs.createWriteStream(tarball));
    await dockerd.docker(['load', '-i', tarball]);
    fs.rmSync(tarball);

    const args = ['run', '--rm', '--network', 'none', IMG, 'true'];
    const cli = () => proc(process.execPath, [CLI, '--data-root', root, ...args]);
    const docker = () => proc('docker', args, dockerd.env);
    const eng = engine;
    const api = async () => {
      const { Id } = await eng.containers.create({ image: IMG, cmd: ['true'], network: 'none' });
      const sink = new PassThrough();
      sink.resume();
      const r = await eng.containers.startAttached(Id, { stdout: sink, stderr: sink });
      await eng.containers.remove(Id);
      if (r.StatusCode !== 0) throw new Error(`engine API run exited ${r.StatusCode}`);
    };
    // Start-up alone: the CLI bundle loaded by Node and the docker CLI binary, each printing its version.
    const cliStart = () => proc(process.execPath, [CLI, '--version']);
    const dockerStart = () => proc('docker', ['--version'], dockerd.env);

    const kinds = { cli, docker, api, cliStart, dockerStart };
    const times: Record<keyof typeof kinds, number[]> = { cli: [], docker: [], api: [], cliStart: [], dockerStart: [] };
    const order = Object.keys(kinds) as Array<keyof typeof kinds>;
    for (let i = 0; i < WARMUP; i++) for (const k of order) await kinds[k]();
    for (let i = 0; i < RUNS; i++) {
      // Rotate who goes first each round.
      for (let j = 0; j < order.length; j++) {
        const k = order[(i + j) % order.length];
        times[k].push(await ms(kinds[k]));
      }
    }
    const left = (await dockerd.docker(['ps', '-aq'])).trim();
    if (left) throw new Error(`docker kept containers after --rm: ${left}`);
    if ((await eng.containers.list({ all: true })).length) throw new Error('stevedore kept containers after --rm');

    for (const k of order) process.stderr.write(`bench: containers ${k}: p50 ${pct(times[k], 0.5).toFixed(1)} ms, p90 ${pct(times[k], 0.9).toFixed(1)} ms, min ${Math.min(...times[k]).toFixed(1)} ms (${RUNS} runs)\n`);
    const p50 = (k: keyof typeof kinds) => pct(times[k], 0.5);
    const peer = 'docker run --rm --network none (dockerd 20.10)';
    return [
      { name: 'run --rm true p50: CLI process', ours: p50('cli'), theirs: p50('docker'), unit: ' ms', peer },
      { name: 'run --rm true p50: engine API in-process', ours: p50('api'), theirs: p50('docker'), unit: ' ms', peer },
      { name: 'run --rm true p50: CLI vs engine API', ours: p50('cli'), theirs: p50('api'), unit: ' ms', peer: 'stevedore engine API in-process (the ratio is the CLI process\'s cost)' },
      { name: 'CLI start-up p50 (--version)', ours: p50('cliStart'), theirs: p50('dockerStart'), unit: ' ms', peer: 'docker --version' },
    ];
  } finally {
    await engine?.dispose();
    await dockerd.stop();
    cleanup();
  }
}
