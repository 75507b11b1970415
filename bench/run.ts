import * as fs from 'fs';
import * as path from 'path';

/** One measured operation, ours beside the tool users would otherwise use. */
export interface BenchResult {
  name: string;
  ours: number;
  theirs: number;
  unit: string;
  peer: string;
  /** The most the cost ratio (see costRatio) may be: the row meets its target at or below it. */
  target: number;
  /** The figures are rates (MB/s): the cost ratio is then theirs/ours. Default: times and sizes, ours/theirs. */
  higherIsBetter?: boolean;
  /** Why a row misses its target (printed beside it); a miss without one is an unexplained miss. */
  note?: string;
}

/** Stevedore's cost over the peer's, whatever the unit: below 1 Stevedore is faster or smaller. */
/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function costRatio(r: BenchResult): number {
  return r.higherIsBetter ? r.theirs / r.ours : r.ours / r.theirs;
}

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `run(): Promise<rows>`) in one
 * process, one after another so they do not compete for the two cores, and prints one table
 * (printTable): per row Stevedore's cost over the peer's (below 1 Stevedore is faster or
 * smaller) and the target it must meet. `npm run bench -- registry` runs only the named ones.
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
  printTable(rows);
  // Every row names its target; a row without one, or a miss nobody explained, fails the run.
  if (failed || rows.some((r) => !(r.target > 0) || (costRatio(r) > r.target && !r.note))) process.exitCode = 1;
}

/**
 * The table: `cost` is Stevedore's cost over the peer's for every row (time / time, size /
 * size, and for rates peer / Stevedore), so lower is better everywhere; a row meets its
 * target when cost <= target.
 */
export function printTable(rows: BenchResult[]): void {
  const w = Math.max(10, ...rows.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(w)}  ${'stevedore'.padStart(11)}  ${'peer'.padStart(11)}  ${'cost'.padStart(5)}  ${'target'.padStart(6)}  met   peer tool (cost = stevedore/peer, lower is better)`);
  for (const r of rows) {
    const fmt = (v: number) => `${v.toFixed(v < 10 ? 3 : 1)}${r.unit}`.padStart(11);
    const cost = costRatio(r);
    const met = !(r.target > 0) ? 'NO TARGET' : cost <= r.target ? 'yes' : 'MISS';
    console.log(`${r.name.padEnd(w)}  ${fmt(r.ours)}  ${fmt(r.theirs)}  ${cost.toFixed(2).padStart(5)}  ${`<=${r.target}`.padStart(6)}  ${met.padEnd(4)}  ${r.peer}${met === 'MISS' ? ` — ${r.note ?? 'unexplained miss'}` : ''}`);
  }
}

/** A bench module run on its own (`node out/bench/x.bench.js`): its rows, one line each. */
export function runAlone(run: () => Promise<BenchResult[]>): void {
  run().then(
    (rows) => printTable(rows),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

if (require.main === module) void main();
