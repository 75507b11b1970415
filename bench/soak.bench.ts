import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliAsync, stopNetworkHelper, unmountUnder } from '../test/support/containers';
import { makeBusyboxImage, noise } from '../test/support/images';
import { startRegistry } from '../test/support/registry';
import type { BenchResult as BenchRow } from './run';
import { runAlone } from './run';

/**
 * The disk soak (issue 22): 200 cycles of pull, run, rmi of a ~50 MB image from a local
 * docker-registry into one data root. The data root's size (du) after the cycles against
 * before them: with unpacked layers collected it returns to where it started (the target is
 * within 5 %); before the layer GC each cycle left ~50 MB behind. `SOAK_CYCLES` changes the count.
 */
const CYCLES = Number(process.env.SOAK_CYCLES ?? 200);

async function sv(root: string, args: string[]): Promise<void> {
  const r = await cliAsync(root, args);
  if (r.status !== 0) throw new Error(`stevedore ${args.join(' ')}: ${r.stderr}`);
}

/** Bytes on disk under `dir` (du: blocks, hard links once), what a user sees filling up. */
function diskBytes(dir: string): number {
  return Number(spawnSync('du', ['-s', '-B1', dir], { encoding: 'utf8' }).stdout.split('\t')[0]);
}

export async function run(): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-soak-'));
  const reg = await startRegistry();
  try {
    // The image: busybox plus 50 MB of incompressible data, pushed once from a separate root.
    const seed = path.join(tmp, 'seed');
    const ref = `${reg.host}/soak/big:1`;
    await makeBusyboxImage(seed, ref, { files: { 'data/blob.bin': Buffer.concat(Array.from({ length: 50 }, (_, i) => noise(`soak-${i}`, 1024 * 1024))) } });
    await sv(seed, ['push', ref]);
    const root = path.join(tmp, 'root');
    await makeBusyboxImage(root, 'busybox:latest');
    await sv(root, ['run', '--rm', 'busybox', 'true']);
    const start = diskBytes(root);
    let peak = start;
    const t0 = Date.now();
    for (let i = 0; i < CYCLES; i++) {
      await sv(root, ['pull', '-q', ref]);
      await sv(root, ['run', '--rm', ref, 'true']);
      if (i % 20 === 0) peak = Math.max(peak, diskBytes(root));
      await sv(root, ['rmi', ref]);
      if ((i + 1) % 50 === 0) process.stderr.write(`soak: ${i + 1}/${CYCLES} cycles, data root ${(diskBytes(root) / 1e6).toFixed(1)} MB\n`);
    }
    const end = diskBytes(root);
    const secs = (Date.now() - t0) / 1000;
    process.stderr.write(`soak: ${CYCLES} cycles in ${secs.toFixed(0)} s; data root ${(start / 1e6).toFixed(2)} MB before, ${(end / 1e6).toFixed(2)} MB after (${((end / start - 1) * 100).toFixed(1)} %), peak ${(peak / 1e6).toFixed(1)} MB\n`);
    // The data root's network helper (one per root, started by the first run) goes with it.
    stopNetworkHelper(root);
    unmountUnder(root);
    return [
      { name: `soak: data root after ${CYCLES} pull/run/rmi of a 50 MB image`, ours: end / 1e6, theirs: start / 1e6, unit: 'MB', peer: 'the same data root before the cycles', target: 1.05 },
    ];
  } finally {
    await reg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runAlone(run);
