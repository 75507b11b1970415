import { EmbeddedEngine } from '../client/src/engine/embedded';

/**
 * Child process of bench/build.bench.ts: `node analyze-child.js DATA_ROOT REF` runs
 * `engine.images.analyze(REF)` once and prints one JSON line: the time it took, the RSS before
 * it, the highest RSS sampled every 20 ms during it, and the process's max RSS (getrusage).
 * A process of its own, so nothing else the benchmark holds (context files, other engines)
 * counts toward the analysis's memory.
 */
async function main(): Promise<void> {
  const [root, ref] = process.argv.slice(2);
  const engine = await EmbeddedEngine.open(root);
  try {
    (globalThis as { gc?: () => void }).gc?.();
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t0 = process.hrtime.bigint();
    const a = await engine.images.analyze(ref);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(timer);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const files = a.layers.reduce((n, l) => n + l.files.length, 0);
    process.stdout.write(JSON.stringify({ seconds, baseRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024, size: a.size, wastedBytes: a.wastedBytes, efficiency: a.efficiency, layers: a.layers.length, files }) + '\n');
  } finally {
    await engine.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
