import { execFile, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { EmbeddedEngine } from '../client/src/engine/embedded';
import { unmountUnder } from '../test/support/containers';
import { loadFromStevedore, startDockerd } from '../test/support/dockerd';
import { makeBusyboxImage } from '../test/support/images';
import { makeBigImage } from './analyze-image';
import type { BenchResult as BenchRow } from './run';
import { runAlone } from './run';
import { seededRandom as rng } from '../test/support/random';

/**
 * Three groups in one run.
 *
 * 0. bigContextGroup: the 10,000-file context, fully cold / --no-cache / no-change
 *    rebuild, against BuildKit and the classic builder (see there).
 *
 * 1. Build: one realistic Dockerfile (ENV/WORKDIR, three COPYs of a context of ~2,000 small
 *    files and a few MB-sized ones, four RUN steps that create and delete files, CMD) built by
 *    Stevedore, through the engine API in this process and through the CLI end to end
 *    (`node dist/cli.js --data-root R build`), vs `docker build` against a private dockerd
 *    (test/support/dockerd.ts: Debian's 20.10) with BuildKit (DOCKER_BUILDKIT=1, Debian's 20.10
 *    CLI) and with the classic builder (DOCKER_BUILDKIT=0), FROM the same busybox image (made in
 *    our store, `images.save`d, then `docker load`ed); every side with `--network none`.
 *    Cold = `--no-cache`; warm = the same build again with everything cached (checked: every
 *    step cached / the same image ID). Before any figure is trusted, a container of each side's
 *    image prints what the RUN steps produced (file counts, checksums of the produced files, the
 *    sorted file list's checksum), and they must match. Targets: <= 1.0x BuildKit, <= 0.5x classic.
 *
 * 2. Analyze: a ~550 MB, 6-layer image (bench/analyze-image.ts: ~42,000 entries; later layers
 *    overwrite, white out files and directories, make directories opaque, chmod files) analysed
 *    by `engine.images.analyze` in a child process (bench/analyze-child.ts) that samples its RSS
 *    every 20 ms: throughput in MB/s of layer tar (target >= 150 MB/s) and peak RSS growth
 *    (must stay flat: far below the image's size). Peers: `tar -tv` reading each layer tar from
 *    a pipe (reads every byte and lists it: the floor for anything that streams the layers) and
 *    `tar -tvf FILE` (GNU tar seeks over file data, so it reads only the headers). `dive`, the
 *    usual tool for this, is not packaged in Debian (`apt-cache policy dive` knows no such
 *    package), so it is not a peer here.
 */
export type { BenchResult as BenchRow } from './run';

const exec = promisify(execFile);
/** Debian's docker 20.10 CLI: it has the BuildKit client built in (docker 28's needs the buildx plugin, not installed here). */
const BUILDKIT_CLI = '/usr/bin/docker';
/** Why a CLI row can miss where the engine API meets its target. */
const CLI_NOTE = 'a no-change rebuild is mostly fixed cost: a new Node process (~60-90 ms here before any of our code) against the Go docker CLI plus a running daemon';
/** Rounds of builds per tool, alternating the order; the best time counts. */
const ROUNDS = 3;
/** Warm builds after each cold one. */
const WARM_REPEATS = 3;
/** Analysis runs (each in a fresh child process); the best time and the worst memory count. */
const ANALYZE_ROUNDS = 3;

const DOCKERFILE = `FROM busybox:latest
ENV APP_HOME=/app MODE=bench
WORKDIR /app
COPY config/ /etc/app/
COPY src/ ./src/
COPY assets/ ./assets/
RUN mkdir -p build && for d in src/*/; do n=\${d%/}; cat $d* > build/\${n##*/}.bundle; done && echo built in $MODE > build/stamp
RUN dd if=/dev/zero of=/tmp/scratch bs=1M count=16 2>/dev/null && sha256sum /tmp/scratch | head -c 64 > build/scratch.sum && rm -f /tmp/scratch && rm -rf src/pkg00 && rm assets/blob0.bin
RUN mkdir -p /var/cache/app && for i in $(seq 1 300); do echo $i > /var/cache/app/f$i; done && rm -f /var/cache/app/f1* && mv /etc/app/app.conf /etc/app/app.conf.orig
RUN find /app /etc/app /var/cache/app -type f | wc -l > /tmp/count && mv /tmp/count /app/count
WORKDIR /app/build
CMD ["cat", "/app/build/stamp"]
`;

/** What a container of the built image prints: the same on both sides or the timings compare different work. */
const CHECK = 'cat /app/count /app/build/stamp /app/build/scratch.sum; echo; sha256sum /app/build/*.bundle /etc/app/*; find /app /etc/app /var/cache/app | sort | sha256sum; echo $MODE $APP_HOME; pwd';

/** 20 packages x 100 small text files, 6 MB-sized binaries, a few config files. Returns bytes written. */
function writeContext(dir: string): { files: number; bytes: number } {
  const r = rng(11);
  const pool = crypto.randomBytes(16 << 20);
  const text = pool.toString('base64');
  let files = 0;
  let bytes = 0;
  const put = (p: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), data);
    files++;
    bytes += data.length;
  };
  put('Dockerfile', DOCKERFILE);
  put('.dockerignore', '**/*.tmp\n');
  for (let p = 0; p < 20; p++) {
    for (let f = 0; f < 100; f++) {
      const len = Math.floor(200 + r() * 8000);
      const off = Math.floor(r() * (text.length - len));
      put(`src/pkg${String(p).padStart(2, '0')}/mod${f}.js`, `// pkg${p}/mod${f}\n${text.slice(off, off + len)}\n`);
    }
  }
  for (let i = 0; i < 6; i++) {
    const len = Math.floor((1 + r() * 3) * (1 << 20));
    const off = Math.floor(r() * (pool.length - len));
    put(`assets/blob${i}.bin`, pool.subarray(off, off + len));
  }
  put('config/app.conf', 'listen=8080\nworkers=4\n');
  put('config/logging.conf', 'level=info\n');
  put('config/scratch.tmp', 'ignored\n');
  return { files, bytes };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Settles the previous run's dirty pages so they are not flushed during the next timed run. */
async function settle(): Promise<void> {
  await exec('sync');
}

/**
 * After a bulk delete (a round's data roots, `builder prune`): sync, then wait until the freed
 * inodes no longer count as recently deleted. ext4 without a journal (this machine's root) skips
 * inodes deleted in the last 60 s (360 s while their inode table block is dirty, hence the sync;
 * RECENTCY_MIN/RECENTCY_DIRTY in the kernel's fs/ext4/ialloc.c) when it allocates new ones, and
 * every allocation scans past each of them again: 10,000 creates took 1.6 s right after 10,000
 * deletes here, 0.22 s a minute later. Both sides' timed builds then start from the same state,
 * as a user's would. (Other processes' deletes under the same temp folder still count: on a
 * shared machine that is noise no wait removes.)
 */
async function settleDeletes(): Promise<void> {
  await exec('sync');
  await new Promise((r) => setTimeout(r, Number(process.env.BENCH_DELETE_SETTLE_MS ?? 61_000)));
}

function cliPath(): string {
  const bundled = path.resolve(__dirname, '../../dist/cli.js');
  return fs.existsSync(bundled) ? bundled : path.resolve(__dirname, '../dist/cli.js');
}

/** Runs a command to completion; resolves with stdout, rejects with stderr on a non-zero exit. */
function runCmd(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, stdinFile?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.on('data', (d) => (out += d));
    p.stderr!.on('data', (d) => (err += d));
    if (stdinFile) {
      p.stdin!.on('error', () => undefined);
      fs.createReadStream(stdinFile).pipe(p.stdin!);
    }
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} (exit ${code}): ${err.trim()}`))));
  });
}

const mb = (b: number) => b / 1e6;

async function buildGroup(tmp: string): Promise<BenchRow[]> {
  const ctx = path.join(tmp, 'ctx');
  const { files, bytes } = writeContext(ctx);
  process.stderr.write(`bench: build: context of ${files} files, ${mb(bytes).toFixed(1)} MB\n`);

  const apiRoot = path.join(tmp, 'api-root');
  const cliRoot = path.join(tmp, 'cli-root');
  await makeBusyboxImage(apiRoot, 'busybox:latest');
  await makeBusyboxImage(cliRoot, 'busybox:latest');
  const engine = await EmbeddedEngine.open(apiRoot);
  const dockerd = await startDockerd();
  try {
    await loadFromStevedore(dockerd, engine.images, ['busybox:latest']);
    const driver = (await dockerd.docker(['info', '--format', '{{.Driver}}'])).trim();
    const dockerEnv = { ...dockerd.env, DOCKER_BUILDKIT: '0' };
    const cli = cliPath();

    const ids: Record<string, string> = {};
    const api = async (noCache: boolean) => {
      const r = await engine.build({ context: ctx, tags: ['bench:api'], noCache, network: 'none' });
      if (!noCache && !r.steps.every((s) => s.cached)) throw new Error(`warm engine build re-ran: ${r.steps.filter((s) => !s.cached).map((s) => s.instruction).join(' | ')}`);
      if (!noCache && r.id !== ids.api) throw new Error('warm engine build gave another image ID than the cold one');
      ids.api = r.id;
    };
    const viaCli = async (noCache: boolean) => {
      const id = (await runCmd(process.execPath, [cli, '--data-root', cliRoot, 'build', '-q', ...(noCache ? ['--no-cache'] : []), '--network', 'none', '-t', 'bench:cli', ctx])).trim();
      if (!noCache && id !== ids.cli) throw new Error(`warm CLI build gave ${id}, the cold one ${ids.cli}`);
      ids.cli = id;
    };
    const docker = async (noCache: boolean) => {
      const id = (await runCmd('docker', ['build', '-q', ...(noCache ? ['--no-cache'] : []), '--network', 'none', '-t', 'bench:docker', ctx], dockerEnv)).trim();
      if (!noCache && id !== ids.docker) throw new Error(`warm docker build gave ${id}, the cold one ${ids.docker}`);
      ids.docker = id;
    };
    const buildkit = async (noCache: boolean) => {
      const id = (await runCmd(BUILDKIT_CLI, ['build', '-q', ...(noCache ? ['--no-cache'] : []), '--network', 'none', '-t', 'bench:buildkit', ctx], { ...dockerd.env, DOCKER_BUILDKIT: '1' })).trim();
      if (!noCache && id !== ids.buildkit) throw new Error(`warm BuildKit build gave ${id}, the cold one ${ids.buildkit}`);
      ids.buildkit = id;
    };
    const tools: Array<[string, (noCache: boolean) => Promise<void>]> = [['api', api], ['cli', viaCli], ['docker', docker], ['buildkit', buildkit]];
    const best: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...tools].reverse() : tools;
      for (const [name, fn] of order) {
        // One cold build, then WARM_REPEATS warm ones (they are short, so noise weighs more).
        for (const noCache of [true, ...Array<boolean>(WARM_REPEATS).fill(false)]) {
          await settle();
          const t = await timed(() => fn(noCache));
          const key = `${name}-${noCache ? 'cold' : 'warm'}`;
          best[key] = Math.min(best[key] ?? Infinity, t);
          process.stderr.write(`bench: build: round ${round} ${key} ${t.toFixed(2)}s\n`);
        }
      }
      if (round === 0) {
        // The same files out of both builders, or the numbers compare different work.
        const ours = await runCmd(process.execPath, [cli, '--data-root', apiRoot, 'run', '--rm', '--network', 'none', 'bench:api', 'sh', '-c', CHECK]);
        const oursCli = await runCmd(process.execPath, [cli, '--data-root', cliRoot, 'run', '--rm', '--network', 'none', 'bench:cli', 'sh', '-c', CHECK]);
        const theirs = await runCmd('docker', ['run', '--rm', '--network', 'none', 'bench:docker', 'sh', '-c', CHECK], dockerd.env);
        const bk = await runCmd('docker', ['run', '--rm', '--network', 'none', 'bench:buildkit', 'sh', '-c', CHECK], dockerd.env);
        if (ours !== theirs || oursCli !== theirs || bk !== theirs) throw new Error(`the builds differ:\n--- stevedore (API)\n${ours}--- stevedore (CLI)\n${oursCli}--- docker (classic)\n${theirs}--- docker (BuildKit)\n${bk}`);
        process.stderr.write(`bench: build: both images hold the same files:\n${ours.trimEnd().replace(/^/gm, '  ')}\n`);
      }
    }
    const peer = (cold: boolean, kit: boolean) => `docker build${cold ? ' --no-cache' : ''} (dockerd 20.10 ${kit ? 'BuildKit' : 'classic'}, ${driver}, --network none)`;
    const label = `build ${files} files/${Math.round(mb(bytes))} MB, 4 RUN, --network none`;
    const rows: BenchRow[] = [];
    for (const [kind, what] of [['cold', '--no-cache'], ['warm', 'no-change rebuild']] as const) {
      for (const [side, how] of [['api', 'engine API'], ['cli', 'CLI']] as const) {
        rows.push({ name: `${label}, ${what}, ${how} (s)`, ours: best[`${side}-${kind}`], theirs: best[`buildkit-${kind}`], unit: 's', peer: peer(kind === 'cold', true), target: 1, ...(side === 'cli' && kind === 'warm' ? { note: CLI_NOTE } : {}) });
        rows.push({ name: `${label}, ${what}, ${how} (s)`, ours: best[`${side}-${kind}`], theirs: best[`docker-${kind}`], unit: 's', peer: peer(kind === 'cold', false), target: 0.5 });
      }
    }
    return rows;
  } finally {
    await dockerd.stop();
    await engine.dispose();
  }
}

/** Why a 10k build row can miss on this machine (see bigContextGroup). */
const BIG_NOTE = 'one thread reads the context, writes the layer tar and creates the 10,000 files of the COPY layer\'s folder (a --no-cache build links them); on this machine\'s ext4 without a journal each create scans past every inode deleted in the last 60 s in its block group (fs/ext4/ialloc.c recently_deleted), about 40 % of a cold build\'s wall time under a temp folder other sessions delete in, and that swings with their deletes and the load of the shared 2 cores; BuildKit spreads its share over threads and processes (see README)';

/** The case: a 10,000-file context (100 folders x 100 small files), one COPY and one RUN. */
const BIG_FILES = 10_000;
const BIG_DOCKERFILE = 'FROM busybox:latest\nCOPY . /ctx\nRUN find /ctx -type f | wc -l > /count\n';
const BIG_ROUNDS = 3;

/**
 * 10,000 small files, built three ways on each side, in the order a user meets them:
 * fully cold (Stevedore: a new data root holding only the base image; BuildKit: `builder prune
 * -af` and the image removed, so nothing of the context is cached), `--no-cache` again (both
 * keep what they learnt about the context: BuildKit its context cache, Stevedore its
 * metadata-keyed digest cache), and a no-change rebuild. Stevedore's CLI, `--network none`,
 * against docker 20.10's BuildKit and classic builders, both `--network none`.
 */
export async function bigContextGroup(tmp: string): Promise<BenchRow[]> {
  const ctx = path.join(tmp, 'big-ctx');
  const r = rng(23);
  for (let d = 0; d < BIG_FILES / 100; d++) {
    fs.mkdirSync(path.join(ctx, `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(ctx, `d${d}`, `f${f}.txt`), `file ${d}/${f}\n`.repeat(1 + Math.floor(r() * 40)));
  }
  const dockerfile = path.join(tmp, 'big.Dockerfile');
  fs.writeFileSync(dockerfile, BIG_DOCKERFILE);
  const dockerd = await startDockerd();
  const cli = cliPath();
  try {
    const seed = path.join(tmp, 'big-seed');
    await makeBusyboxImage(seed, 'busybox:latest');
    const engine = await EmbeddedEngine.open(seed);
    try {
      await loadFromStevedore(dockerd, engine.images, ['busybox:latest']);
    } finally {
      await engine.dispose();
    }
    const kitEnv = { ...dockerd.env, DOCKER_BUILDKIT: '1' };
    const classicEnv = { ...dockerd.env, DOCKER_BUILDKIT: '0' };
    // Per round, then the median round: on a shared machine the load moves between rounds, and
    // the best of each side could come from different ones.
    const times: Record<string, number[]> = {};
    const note = (key: string, t: number) => {
      (times[key] ??= []).push(t);
      process.stderr.write(`bench: build 10k: ${key} ${t.toFixed(2)}s\n`);
    };
    const counts = new Set<string>();
    for (let round = 0; round < BIG_ROUNDS; round++) {
      if (round > 0) {
        const last = path.join(tmp, `big-root-${round - 1}`);
        unmountUnder(last);
        fs.rmSync(last, { recursive: true, force: true });
      }
      const root = path.join(tmp, `big-root-${round}`);
      fs.cpSync(seed, root, { recursive: true });
      const ours = (extra: string[]) => runCmd(process.execPath, [cli, '--data-root', root, 'build', '-q', ...extra, '--network', 'none', '-f', dockerfile, '-t', 'big:ours', ctx]);
      const kit = (extra: string[]) => runCmd(BUILDKIT_CLI, ['build', '-q', ...extra, '--network', 'none', '-f', dockerfile, '-t', 'big:kit', ctx], kitEnv);
      const classic = (extra: string[]) => runCmd('docker', ['build', '-q', ...extra, '--network', 'none', '-f', dockerfile, '-t', 'big:classic', ctx], classicEnv);
      await runCmd(BUILDKIT_CLI, ['builder', 'prune', '-af'], kitEnv);
      await runCmd(BUILDKIT_CLI, ['rmi', '-f', 'big:kit', 'big:classic'], kitEnv).catch(() => '');
      await settleDeletes();
      const sides: Array<[string, (extra: string[]) => Promise<string>]> = [['stevedore', ours], ['buildkit', kit], ['classic', classic]];
      for (const [name, build] of round % 2 ? [...sides].reverse() : sides) {
        await settle();
        note(`${name}-cold`, await timed(() => build([])));
        await settle();
        note(`${name}-nocache`, await timed(() => build(['--no-cache'])));
        await settle();
        note(`${name}-rebuild`, await timed(() => build([])));
      }
      if (round === 0) {
        // The same work on both sides: each image's RUN counted the same files.
        counts.add(await runCmd(process.execPath, [cli, '--data-root', root, 'run', '--rm', '--network', 'none', 'big:ours', 'cat', '/count']));
        for (const t of ['big:kit', 'big:classic']) counts.add(await runCmd('docker', ['run', '--rm', '--network', 'none', t, 'cat', '/count'], dockerd.env));
        if (counts.size !== 1 || !counts.has(`${BIG_FILES}\n`)) throw new Error(`the 10k builds differ: ${[...counts].map((c) => c.trim()).join(' / ')}`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const best = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    const label = `build ${BIG_FILES} files + RUN, --network none, median of ${BIG_ROUNDS}`;
    const rows: BenchRow[] = [];
    for (const [kind, what] of [['cold', 'fully cold'], ['nocache', '--no-cache again'], ['rebuild', 'no-change rebuild']] as const) {
      rows.push({ name: `${label}, ${what}, CLI (s)`, ours: best[`stevedore-${kind}`], theirs: best[`buildkit-${kind}`], unit: 's', peer: 'docker build (dockerd 20.10 BuildKit, --network none)', target: 1,
        note: kind === 'rebuild' ? CLI_NOTE : BIG_NOTE });
      rows.push({ name: `${label}, ${what}, CLI (s)`, ours: best[`stevedore-${kind}`], theirs: best[`classic-${kind}`], unit: 's', peer: 'docker build (dockerd 20.10 classic builder, --network none)', target: 0.5, note: BIG_NOTE });
    }
    return rows;
  } finally {
    await dockerd.stop();
  }
}

interface ChildReport {
  seconds: number;
  baseRss: number;
  peakRss: number;
  maxRss: number;
  size: number;
  wastedBytes: number;
  files: number;
}

async function analyzeGroup(tmp: string): Promise<BenchRow[]> {
  const root = path.join(tmp, 'analyze-root');
  const img = await makeBigImage(root, 'big:1');
  const total = mb(img.bytes);
  process.stderr.write(`bench: analyze: ${img.blobs.length} layers, ${total.toFixed(1)} MB of layer tar, ${img.files} entries\n`);
  const child = path.join(__dirname, 'analyze-child.js');
  let oursBest = Infinity;
  let growthWorst = 0;
  let pipeBest = Infinity;
  let seekBest = Infinity;
  let listed = 0;
  for (let round = 0; round < ANALYZE_ROUNDS; round++) {
    const r = JSON.parse(await runCmd(process.execPath, ['--expose-gc', child, root, 'big:1'])) as ChildReport;
    oursBest = Math.min(oursBest, r.seconds);
    growthWorst = Math.max(growthWorst, r.peakRss - r.baseRss);
    process.stderr.write(`bench: analyze: round ${round}: ${r.seconds.toFixed(2)}s, ${(total / r.seconds).toFixed(0)} MB/s, RSS ${mb(r.baseRss).toFixed(0)} -> ${mb(r.peakRss).toFixed(0)} MB (max ${mb(r.maxRss).toFixed(0)}), ${r.files} entries, ${mb(r.wastedBytes).toFixed(1)} MB wasted\n`);
    pipeBest = Math.min(pipeBest, await timed(async () => {
      listed = 0;
      for (const b of img.blobs) listed += (await runCmd('tar', ['-tv'], process.env, b)).split('\n').length - 1;
    }));
    seekBest = Math.min(seekBest, await timed(async () => {
      for (const b of img.blobs) await runCmd('tar', ['-tvf', b]);
    }));
  }
  if (listed < img.files - 10) throw new Error(`tar listed ${listed} entries of ${img.files}`);
  const label = `analyze ${Math.round(total)} MB / ${img.blobs.length} layers`;
  return [
    { name: `${label} (s)`, ours: oursBest, theirs: pipeBest, unit: 's', peer: 'tar -tv < layer (reads every byte, lists)', target: 1 },
    { name: `${label} (MB/s)`, ours: total / oursBest, theirs: total / seekBest, unit: ' MB/s', higherIsBetter: true, peer: 'tar -tvf layer (seeks past file data)', target: 2,
      note: 'GNU tar -tvf seeks past file data and reads headers only; analyze reads every byte (it sizes and compares files)' },
    { name: `${label}, peak RSS growth (MB)`, ours: mb(growthWorst), theirs: total, unit: ' MB', peer: 'the layer tar bytes (growth must stay far below)', target: 0.1 },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-build-'));
  try {
    // One group failing does not hide the other's rows; the run still fails.
    const rows: BenchRow[] = [];
    const errors: unknown[] = [];
    // BENCH_BUILD_GROUPS=big (or build, analyze; comma-separated) runs only those groups.
    const only = process.env.BENCH_BUILD_GROUPS?.split(',').map((g) => g.trim()).filter(Boolean);
    const groups = [bigContextGroup, buildGroup, analyzeGroup].filter((g) => !only?.length || only.some((o) => g.name.startsWith(o)));
    for (const group of groups) {
      try {
        rows.push(...(await group(tmp)));
      } catch (e) {
        errors.push(e);
        process.stderr.write(`bench: build: ${group.name} failed: ${(e as Error).stack ?? e}\n`);
      }
    }
    if (errors.length === groups.length) throw errors[0];
    if (errors.length) process.exitCode = 1;
    return rows;
  } finally {
    // RUN steps mount overlays under the data roots; a leftover one would make rm fail or descend into it.
    try {
      unmountUnder(tmp);
    } catch (e) {
      process.stderr.write(`bench: build: unmount under ${tmp}: ${(e as Error).message}\n`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runAlone(run);
