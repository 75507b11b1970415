import * as fs from 'fs';
import * as path from 'path';

/** One measured operation, ours beside the tool users would otherwise use. */
export interface BenchResult {
  name: string;
  ours: number;
  theirs: number;
  unit: string;
  peer: string;
}

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `run(): Promise<rows>`) in one
 * process, one after another so they do not compete for the two cores, and prints one table
 * with ratios (ours / theirs; below 1 means Stevedore is faster). `npm run bench -- registry`
 * runs only the named benchmarks.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js') && (!only.length || only.some((o) => f.startsWith(o)))).sort();
  const rows: BenchResult[] = [];
  let failed = false;
  for (const f of files) {
    process.stderr.write(`bench: ${f} ...\n`);
    try {
      const mod = require(path.join(__dirname, f)) as { run(): Promise<BenchResult[]> };
      rows.push(...(await mod.run()));
    } catch (e) {
      failed = true;
      process.stderr.write(`bench: ${f} failed: ${(e as Error).stack ?? e}\n`);
    }
  }
  const w = Math.max(10, ...rows.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(w)}  ${'stevedore'.padStart(10)}  ${'peer'.padStart(10)}  ${'ratio'.padStart(6)}  peer tool`);
  for (const r of rows) {
    const fmt = (v: number) => `${v.toFixed(v < 10 ? 3 : 1)}${r.unit}`.padStart(10);
    console.log(`${r.name.padEnd(w)}  ${fmt(r.ours)}  ${fmt(r.theirs)}  ${(r.ours / r.theirs).toFixed(2).padStart(6)}  ${r.peer}`);
  }
  if (failed) process.exitCode = 1;
}

/** A bench module run on its own (`node out/bench/x.bench.js`): its rows, one line each. */
export function runAlone(run: () => Promise<BenchResult[]>): void {
  run().then(
    (rows) => {
      const w = Math.max(10, ...rows.map((r) => r.name.length));
      for (const r of rows) console.log(`${r.name.padEnd(w)} stevedore ${r.ours.toFixed(2)}${r.unit}  ${r.peer}: ${r.theirs.toFixed(2)}${r.unit}  ratio ${(r.ours / r.theirs).toFixed(2)}`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

if (require.main === module) void main();
