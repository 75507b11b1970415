import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { promisify } from 'util';
import { applyLayer } from '../client/src/engine/layer/apply';
import { treeOf } from '../test/unit/layer/helpers';
import type { BenchResult as BenchRow } from './run';
import { runAlone } from './run';
import { seededRandom as rng } from '../test/support/random';
import { Entry, packEntries } from './tarEntries';

/**
 * Unpacking a ~200 MB, 4-layer OCI image into a root filesystem: Stevedore's `applyLayer` over
 * every layer in order vs `umoci unpack` of the same OCI layout, as root and rootless
 * (`umoci unpack --rootless`, applyLayer {rootless: true}). Layers are uncompressed tars of
 * mixed file sizes (thousands of small files, some medium, a few large; symlinks, hard links),
 * and the upper layers overwrite, white out and make a directory opaque, so both tools do real
 * layer work, not only bulk copies. Both read warm blobs from the same layout; each runs ROUNDS
 * times in alternating order and its best time counts. Both rootfs trees are compared before timing
 * figures are trusted. umoci also verifies blob digests and writes an mtree manifest of the
 * rootfs (it hashes every file) as part of unpack: that is its real cost, left in.
 */
export type { BenchResult as BenchRow } from './run';

const exec = promisify(execFile);
const TAG = 'bench';
/** Runs per tool and mode, alternating which goes first; the best counts (the disk is shared and noisy). */
const ROUNDS = 3;


interface Desc {
  mediaType: string;
  digest: string;
  size: number;
}

/** The four layers: base libraries, an app, an update (overwrites, whiteouts, an opaque dir), data. */
function layerEntries(): Entry[][] {
  const r = rng(42);
  const pool = crypto.randomBytes(32 << 20);
  const bytes = (size: number) => {
    const off = Math.floor(r() * (pool.length - size));
    return pool.subarray(off, off + size);
  };
  const between = (lo: number, hi: number) => Math.floor(lo + r() * (hi - lo));
  const small = () => bytes(between(200, 16 * 1024));
  const medium = () => bytes(between(64 * 1024, 1024 * 1024));
  const large = () => bytes(between(4 << 20, 12 << 20));

  const base: Entry[] = [{ name: 'usr/', type: 'directory' }, { name: 'usr/lib/', type: 'directory' }, { name: 'usr/bin/', type: 'directory' }];
  for (let p = 0; p < 40; p++) {
    base.push({ name: `usr/lib/pkg${p}/`, type: 'directory' });
    for (let f = 0; f < 100; f++) {
      base.push({ name: `usr/lib/pkg${p}/file${f}.so`, data: small(), mode: f % 7 === 0 ? 0o755 : 0o644 });
    }
    base.push({ name: `usr/lib/pkg${p}/blob.bin`, data: medium() });
    base.push({ name: `usr/lib/pkg${p}/blob2.bin`, data: medium() });
  }
  for (let i = 0; i < 50; i++) base.push({ name: `usr/bin/tool${i}`, type: 'symlink', linkname: `../lib/pkg${i % 40}/file0.so` });
  for (let i = 0; i < 20; i++) base.push({ name: `usr/bin/hard${i}`, type: 'link', linkname: `usr/lib/pkg${i}/file1.so` });

  const app: Entry[] = [{ name: 'opt/', type: 'directory' }, { name: 'opt/app/', type: 'directory' }];
  for (let m = 0; m < 15; m++) {
    app.push({ name: `opt/app/mod${m}/`, type: 'directory' });
    for (let f = 0; f < 100; f++) app.push({ name: `opt/app/mod${m}/f${f}.js`, data: small() });
    app.push({ name: `opt/app/mod${m}/asset.bin`, data: medium() });
  }
  for (let i = 0; i < 3; i++) app.push({ name: `opt/app/big${i}.bin`, data: large() });

  const update: Entry[] = [{ name: 'usr/', type: 'directory' }, { name: 'usr/lib/', type: 'directory' }, { name: 'usr/lib/.wh.pkg39' }, { name: 'usr/lib/.wh.pkg38' }];
  for (let p = 0; p < 30; p++) {
    update.push({ name: `usr/lib/pkg${p}/`, type: 'directory' });
    for (let f = 0; f < 100; f++) {
      if (f % 5 === 0) update.push({ name: `usr/lib/pkg${p}/file${f}.so`, data: small() });
      else if (f % 5 === 1) update.push({ name: `usr/lib/pkg${p}/.wh.file${f}.so` });
    }
    update.push({ name: `usr/lib/pkg${p}/blob.bin`, data: medium() });
  }
  update.push({ name: 'opt/', type: 'directory' }, { name: 'opt/app/', type: 'directory' }, { name: 'opt/app/mod3/', type: 'directory' }, { name: 'opt/app/mod3/.wh..wh..opq' });
  for (let f = 0; f < 50; f++) update.push({ name: `opt/app/mod3/new${f}.js`, data: small() });
  for (let i = 0; i < 2; i++) update.push({ name: `opt/app/big${i}.bin`, data: large() });

  const data: Entry[] = [{ name: 'srv/', type: 'directory' }, { name: 'srv/data/', type: 'directory' }, { name: 'var/', type: 'directory' }, { name: 'var/cache/', type: 'directory' }];
  for (let i = 0; i < 5; i++) data.push({ name: `srv/data/big${i}.bin`, data: large() });
  for (let i = 0; i < 600; i++) data.push({ name: `var/cache/c${i}`, data: small() });
  return [base, app, update, data];
}

async function writeBlob(blobs: string, entries: Entry[]): Promise<Desc> {
  const tmp = path.join(blobs, `.tmp-${process.pid}`);
  const pack = tar.pack();
  const hash = crypto.createHash('sha256');
  let size = 0;
  const done = pipeline(
    pack,
    async function* (src) {
      for await (const c of src) {
        hash.update(c as Buffer);
        size += (c as Buffer).length;
        yield c;
      }
    },
    fs.createWriteStream(tmp),
  );
  await packEntries(pack, entries);
  pack.finalize();
  await done;
  const digest = 'sha256:' + hash.digest('hex');
  fs.renameSync(tmp, path.join(blobs, digest.slice(7)));
  return { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size };
}

/** An OCI image layout at `dir` tagged TAG; returns its layers (bottom first). */
async function makeLayout(dir: string): Promise<Desc[]> {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const layers: Desc[] = [];
  for (const entries of layerEntries()) layers.push(await writeBlob(blobs, entries));
  const put = (b: Buffer, mediaType: string): Desc => {
    const digest = 'sha256:' + crypto.createHash('sha256').update(b).digest('hex');
    fs.writeFileSync(path.join(blobs, digest.slice(7)), b);
    return { mediaType, digest, size: b.length };
  };
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: '2026-01-01T00:00:00Z',
        config: { Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
        history: layers.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: `bench layer ${i}` })),
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers })), 'application/vnd.oci.image.manifest.v1+json');
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': TAG } }] }));
  return layers;
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

/** The rootfs trees must match (directory mtimes aside) or the timings compare different work. */
function assertSameTree(ours: string, theirs: string, what: string): void {
  const a = treeOf(ours);
  const b = treeOf(theirs);
  const diffs: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[k] !== b[k]) diffs.push(`${k}: stevedore ${a[k] ?? '(missing)'} / umoci ${b[k] ?? '(missing)'}`);
  if (diffs.length) throw new Error(`${what}: the two root filesystems differ in ${diffs.length} paths, e.g.\n  ${diffs.slice(0, 10).join('\n  ')}`);
  process.stderr.write(`bench: unpack ${what}: trees match (${Object.keys(a).length} paths)\n`);
}

export async function run(): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-unpack-'));
  try {
    const layout = path.join(tmp, 'layout');
    const layers = await makeLayout(layout);
    const total = layers.reduce((n, l) => n + l.size, 0);
    const mb = total / 1e6;
    process.stderr.write(`bench: unpack: ${layers.length} layers, ${mb.toFixed(1)} MB of layer tar (${layers.map((l) => (l.size / 1e6).toFixed(1)).join(' + ')})\n`);
    const blob = (d: Desc) => path.join(layout, 'blobs', 'sha256', d.digest.slice(7));

    const rows: BenchRow[] = [];
    for (const rootless of [false, true]) {
      const mode = rootless ? 'rootless' : 'root';
      let oursBest = Infinity;
      let umociBest = Infinity;
      for (let round = 0; round < ROUNDS; round++) {
        const oursDir = path.join(tmp, `ours-${mode}-${round}`);
        const bundle = path.join(tmp, `umoci-${mode}-${round}`);
        const ours = async () => {
          await settle();
          const t = await timed(async () => {
            fs.mkdirSync(oursDir);
            for (const l of layers) await applyLayer(fs.createReadStream(blob(l)), oursDir, { rootless });
          });
          oursBest = Math.min(oursBest, t);
        };
        const umoci = async () => {
          await settle();
          const t = await timed(() => exec('umoci', ['unpack', ...(rootless ? ['--rootless'] : []), '--image', `${layout}:${TAG}`, bundle], { maxBuffer: 64 << 20 }));
          umociBest = Math.min(umociBest, t);
        };
        if (round === 0) {
          await ours();
          await umoci();
          assertSameTree(oursDir, path.join(bundle, 'rootfs'), mode);
        } else if (round % 2) {
          await umoci();
          await ours();
        } else {
          await ours();
          await umoci();
        }
        fs.rmSync(oursDir, { recursive: true, force: true });
        fs.rmSync(bundle, { recursive: true, force: true });
      }
      const peer = `umoci unpack${rootless ? ' --rootless' : ''} (0.4.7; verifies digests, writes an mtree)`;
      const name = `unpack ${Math.round(mb)} MB / ${layers.length} layers, ${mode}`;
      rows.push({ name: `${name} (time)`, ours: oursBest, theirs: umociBest, unit: 's', peer, target: 1 });
      rows.push({ name: `${name} (MB/s)`, ours: mb / oursBest, theirs: mb / umociBest, unit: ' MB/s', higherIsBetter: true, peer, target: 1 });
    }
    return rows;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runAlone(run);
