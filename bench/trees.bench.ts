import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { EmbeddedEngine } from '../client/src/engine/embedded';
import { codeCacheDir } from '../client/src/tmpdir';
import { canRunContainers, tempRoot } from '../test/support/containers';
import type { BenchResult as BenchRow } from './run';
import { median, runAlone } from './run';
import { makeManyImages } from './manyImages';
import type { HostResult, TreeRender } from './trees-host';

/**
 * Issue 7's view figures, measured inside the real VS Code extension host (code-server 4.100.3,
 * the workbench in headless Chromium, Stevedore loaded as the extension under development):
 *  - activation: evaluating dist/extension.js plus activate() (the extension's own stamps);
 *  - the Images tree with 1,000 images (1,000 distinct image IDs: configs that differ by a
 *    label over one shared busybox layer, one tag each across 50 repositories) and the
 *    Containers tree with 1,000 containers (created, not started, one per image): every
 *    getChildren the view needs to show them all and getTreeItem of each element, through the
 *    providers the extension exports (`api.trees`, see bench/trees-host.ts).
 * A "cold" render is the first one of a fresh extension host: it opens the engine (its lazy
 * bundle and the data root). SESSIONS code-server sessions alternate which tree goes first, so
 * each tree has SESSIONS/2 cold figures (the median counts); "warm" is the median of the
 * re-renders (the refresh after an engine event). Session 1 is also reported on its own: the first
 * window ever, with no V8 code cache of the engine bundle (cleared before it, see client/src/lazy.ts)
 * and, on a new data root, no images/list-facts.json (its first listing reads every manifest and
 * config and writes that file). There is no peer tool for these: the peer
 * column holds the issue's target (activation < 50 ms, each tree < 100 ms), so a ratio below 1
 * means the target is met.
 */
export type { BenchResult as BenchRow } from './run';

const IMAGES = 1000;
const CONTAINERS = 1000;
const REPOSITORIES = 50;
/** Code-server sessions (BENCH_TREES_SESSIONS=N for fewer while profiling). */
const SESSIONS = Number(process.env.BENCH_TREES_SESSIONS) || 6;
const RESULT_TIMEOUT_MS = 180_000;

const REPO = path.resolve(__dirname, '..', '..');

interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  base: string;
  stop(): Promise<void>;
}
interface HostModule {
  startCodeServer(opts: { workspace?: string; env?: Record<string, string> }): Promise<CodeServer>;
  workbenchUrl(server: CodeServer, opts: { folder?: string; testsPath?: string }): string;
  launchBrowser(): Promise<Browser>;
}
const host: HostModule = require(path.join(REPO, 'test', 'setup', 'vscode-host.js'));

/** Fills `root` with IMAGES images and CONTAINERS created containers; returns the time it took. */
export async function prepareDataRoot(root: string, log: (s: string) => void = () => undefined): Promise<void> {
  const t0 = Date.now();
  const refs = await makeManyImages(root, IMAGES, 'bench/app', REPOSITORIES);
  log(`bench: ${IMAGES} images in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  const engine = await EmbeddedEngine.open(root);
  try {
    // A few at a time: each create prepares the container's snapshot (its mounts), which waits on the kernel more than on Node.
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < CONTAINERS; i = next++) await engine.containers.create({ image: refs[i % refs.length], cmd: ['sleep', String(i)], name: `bench-${i}` });
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  } finally {
    await engine.dispose();
  }
  log(`bench: ${CONTAINERS} containers in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}

/** One code-server session: the extension host runs bench/trees-host.js and writes its figures. */
async function session(browser: Browser, root: string, first: string, scratch: string, n: number): Promise<HostResult> {
  const workspace = path.join(scratch, `workspace-${n}`);
  fs.mkdirSync(workspace, { recursive: true });
  const resultFile = path.join(scratch, `result-${n}.json`);
  const server = await host.startCodeServer({ workspace, env: { STEVEDORE_ROOT: root, STEVEDORE_BENCH_RESULT: resultFile, STEVEDORE_BENCH_FIRST: first } });
  const page = await browser.newPage();
  try {
    await page.goto(host.workbenchUrl(server, { folder: workspace, testsPath: path.join(REPO, 'out', 'bench', 'trees-host.js') }));
    const deadline = Date.now() + RESULT_TIMEOUT_MS;
    while (!fs.existsSync(resultFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (!fs.existsSync(resultFile)) throw new Error(`no result from the extension host within ${RESULT_TIMEOUT_MS / 1000} s; code-server log: ${server.logFile}`);
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as HostResult;
    if (result.error) throw new Error(`the extension host failed: ${result.error}`);
    return result;
  } finally {
    await page.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(server.base, { recursive: true, force: true });
  }
}

function check(r: TreeRender, id: string): void {
  const shown = id === 'stevedore.images' ? r.kinds.image ?? 0 : r.kinds.container ?? 0;
  const want = id === 'stevedore.images' ? IMAGES : CONTAINERS;
  if (shown !== want) throw new Error(`${id} showed ${shown} elements of ${want} (${JSON.stringify(r.kinds)})`);
}

export async function run(): Promise<BenchRow[]> {
  if (!canRunContainers()) throw new Error('the trees bench creates containers: it needs root, Linux namespaces and runc or crun');
  const log = (s: string) => process.stderr.write(s + '\n');
  // STEVEDORE_BENCH_TREES_ROOT=DIR keeps the prepared data root in DIR and reuses it next time
  // (preparing takes minutes: 1,000 container snapshots); by default it is a temp dir, removed after.
  const keep = process.env.STEVEDORE_BENCH_TREES_ROOT;
  const { root, cleanup } = keep ? { root: path.resolve(keep), cleanup: () => undefined } : tempRoot('sv-bench-trees-');
  const ready = path.join(root, 'bench-trees.ready');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-trees-vscode-'));
  let browser: Browser | undefined;
  try {
    if (!fs.existsSync(ready)) {
      await prepareDataRoot(root, log);
      fs.writeFileSync(ready, `${IMAGES} images, ${CONTAINERS} containers\n`);
    }
    browser = await host.launchBrowser();
    // The first session is a first window: no code cache of the engine bundle from an earlier run.
    fs.rmSync(codeCacheDir(), { recursive: true, force: true });
    const results: HostResult[] = [];
    for (let n = 0; n < SESSIONS; n++) {
      const first = n % 2 === 0 ? 'stevedore.images' : 'stevedore.containers';
      const s0 = Date.now();
      const r = await session(browser, root, first, scratch, n);
      for (const [id, t] of Object.entries(r.cold)) check(t, id);
      log(`bench: session ${n + 1} (${((Date.now() - s0) / 1000).toFixed(1)} s): activation ${(r.moduleLoadMs + r.activationMs).toFixed(1)} ms (already active: ${r.wasActive}); ` +
        Object.entries(r.cold).map(([id, t]) => `${id} first render ${t.ms.toFixed(1)} ms (children ${t.childrenMs.toFixed(1)}, items ${t.itemsMs.toFixed(1)})`).join('; '));
      results.push(r);
    }
    const activation = median(results.map((r) => r.moduleLoadMs + r.activationMs));
    const cold = (id: string) => median(results.filter((r) => r.first === id).map((r) => r.cold[id].ms));
    const warm = (id: string) => median(results.flatMap((r) => r.warm[id].map((t) => t.ms)));
    const peer = (target: number) => `target < ${target} ms (issue 7; no peer tool, the target is the peer value)`;
    // Printed beside a missed row (the README, Benchmarks, "Registry, views, unpack and the daemon", says more).
    const coldNote = 'a cold engine is a new extension host: the engine bundle is loaded and each listing reads its index from disk; on a loaded 2-core machine the VS Code host itself takes turns with it (its RPC to the workbench, other extensions)';
    const firstNote = 'the first window also compiles the engine bundle without a code cache';
    return [
      { name: 'extension activation (bundle load + activate)', ours: activation, theirs: 50, unit: 'ms', peer: peer(50), target: 1 },
      { name: `Images tree, ${IMAGES} images, cold engine`, ours: cold('stevedore.images'), theirs: 100, unit: 'ms', peer: peer(100), target: 1, note: coldNote },
      { name: `Images tree, ${IMAGES} images, refresh`, ours: warm('stevedore.images'), theirs: 100, unit: 'ms', peer: peer(100), target: 1 },
      { name: `Images tree, ${IMAGES} images, first window${keep ? '' : ' on a new data root'}`, ours: results[0].cold['stevedore.images'].ms, theirs: 100, unit: 'ms', peer: peer(100), target: 1, note: `${firstNote}; ${coldNote}` },
      { name: `Containers tree, ${CONTAINERS} containers, cold engine`, ours: cold('stevedore.containers'), theirs: 100, unit: 'ms', peer: peer(100), target: 1, note: `${coldNote}; the listing opens, stats and reads one record file per container (~1,000 files)` },
      { name: `Containers tree, ${CONTAINERS} containers, refresh`, ours: warm('stevedore.containers'), theirs: 100, unit: 'ms', peer: peer(100), target: 1 },
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) runAlone(run);
