import * as fs from 'fs';
import * as inspector from 'inspector';
import * as vscode from 'vscode';

/**
 * The extension-host half of bench/trees.bench.ts, loaded by VS Code as `extensionTestsPath`
 * (code-server started by the bench on a data root holding 1,000 images and 1,000 containers).
 * It activates Stevedore, then renders the Images and Containers trees through the providers
 * the extension exports (`api.trees`) the way the workbench does: `getChildren` of the root,
 * `getTreeItem` of every element, and `getChildren` of the elements the view shows expanded
 * or the user opens to reach every image (repository groups, container groups). Image layers
 * and container ports/mounts stay closed. The first render pays for opening the engine (the
 * engine bundle and the data root); then each tree is rendered WARM_RUNS more times.
 * Figures go to $STEVEDORE_BENCH_RESULT as JSON.
 */

const EXTENSION_ID = 'stevedore.stevedore';
const WARM_RUNS = 7;

interface Api {
  activationMs: number;
  moduleLoadMs: number;
  trees: Record<string, vscode.TreeDataProvider<unknown>>;
}

export interface TreeRender {
  /** Whole render: every getChildren and getTreeItem, in ms. */
  ms: number;
  /** The part spent in getChildren (the engine's lists included). */
  childrenMs: number;
  /** The part spent in getTreeItem. */
  itemsMs: number;
  /** Elements resolved, by their `kind`. */
  kinds: Record<string, number>;
}

export interface HostResult {
  wasActive: boolean;
  activationMs: number;
  moduleLoadMs: number;
  /** The whole `ext.activate()` as the host sees it (loading the bundle and activate()). */
  hostActivateMs: number;
  first: string;
  cold: Record<string, TreeRender>;
  warm: Record<string, TreeRender[]>;
  error?: string;
}

/** Element kinds the workbench shows expanded (or a user opens) to list every image or container. */
const EXPAND = new Set(['repository', 'containerGroup']);

async function render(tree: vscode.TreeDataProvider<unknown>): Promise<TreeRender> {
  const kinds: Record<string, number> = {};
  let childrenMs = 0;
  let itemsMs = 0;
  const t0 = performance.now();
  const walk = async (element?: unknown): Promise<void> => {
    const c0 = performance.now();
    const children = (await tree.getChildren(element)) ?? [];
    childrenMs += performance.now() - c0;
    const open: unknown[] = [];
    const i0 = performance.now();
    for (const child of children) {
      await tree.getTreeItem(child);
      const kind = String((child as { kind?: string }).kind ?? 'unknown');
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      if (EXPAND.has(kind)) open.push(child);
    }
    itemsMs += performance.now() - i0;
    for (const child of open) await walk(child);
  };
  await walk();
  return { ms: performance.now() - t0, childrenMs, itemsMs, kinds };
}

/** Starts the V8 sampling profiler of this extension host; the returned function stops it and gives the profile. */
async function startProfile(): Promise<() => Promise<unknown>> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<{ profile?: unknown }>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r as { profile?: unknown }))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

export async function run(): Promise<void> {
  const resultFile = process.env.STEVEDORE_BENCH_RESULT;
  const first = process.env.STEVEDORE_BENCH_FIRST === 'stevedore.containers' ? 'stevedore.containers' : 'stevedore.images';
  const order = first === 'stevedore.images' ? ['stevedore.images', 'stevedore.containers'] : ['stevedore.containers', 'stevedore.images'];
  const result: HostResult = { wasActive: false, activationMs: NaN, moduleLoadMs: NaN, hostActivateMs: NaN, first, cold: {}, warm: {} };
  try {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not in this extension host`);
    result.wasActive = ext.isActive;
    const a0 = performance.now();
    const api = await ext.activate();
    result.hostActivateMs = performance.now() - a0;
    result.activationMs = api.activationMs;
    result.moduleLoadMs = api.moduleLoadMs;
    // STEVEDORE_BENCH_PROFILE=FILE: a CPU profile of the cold renders (open it in Chrome DevTools), to see where they spend.
    const stopProfile = process.env.STEVEDORE_BENCH_PROFILE ? await startProfile() : undefined;
    for (const id of order) result.cold[id] = await render(api.trees[id]);
    if (stopProfile) fs.writeFileSync(`${process.env.STEVEDORE_BENCH_PROFILE}-${first}.cpuprofile`, JSON.stringify(await stopProfile()));
    for (const id of order) result.warm[id] = [];
    for (let i = 0; i < WARM_RUNS; i++) for (const id of order) result.warm[id].push(await render(api.trees[id]));
  } catch (e) {
    result.error = (e as Error).stack ?? String(e);
  }
  if (resultFile) {
    fs.writeFileSync(`${resultFile}.tmp`, JSON.stringify(result, null, 2));
    fs.renameSync(`${resultFile}.tmp`, resultFile);
  }
}
