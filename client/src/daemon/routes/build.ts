import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough, type Readable } from 'stream';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import { maybeGunzip } from '../../engine/archive/tarstream';
import type { Call } from '../call';
import type { DaemonContext } from '../context';
import type { Router } from '../router';
import { LazyMessages } from './images';
import { ApiError, boolParam } from '../wire';

/** Largest build context accepted (the classic builder buffers none of it; this bounds the temp folder). */
const MAX_CONTEXT_BYTES = 8 * 1024 ** 3;

/** A JSON map query parameter (`buildargs`, `labels`): `{"k":"v"}`. */
function mapParam(call: Call, name: string): Record<string, string> {
  const raw = call.query.get(name);
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as Record<string, string | null>;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, String(x)]));
  } catch (e) {
    throw new ApiError(400, `invalid ${name}: ${(e as Error).message}`);
  }
}

/** Refuses the compressions dockerd reads and this server does not (bzip2, xz), by their magic bytes; gzip is gunzipped by maybeGunzip. */
function refuseOtherCompressions(head: Buffer): void {
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) throw new ApiError(400, 'bzip2-compressed build contexts are not supported; send a plain or gzip tar');
  if (head[0] === 0xfd && head.subarray(1, 6).toString('latin1') === '7zXZ\0') throw new ApiError(400, 'xz-compressed build contexts are not supported; send a plain or gzip tar');
}

/**
 * Unpacks the context tar into `dir`: regular files, folders and symlinks, every path kept
 * inside `dir` (no `..`, no absolute names, no writing through a symlink an earlier entry made).
 * Hand-written over tar-stream because a build context is not an image layer: no whiteouts, no
 * ownership, and names like `.wh.x` are ordinary files here.
 */
async function unpackContext(input: Readable, dir: string, signal: AbortSignal): Promise<void> {
  const extract = tar.extract();
  let total = 0;
  const realDir = fs.realpathSync(dir);
  const inside = (name: string): string => {
    const clean = path.posix.normalize(name.replace(/^\.?\/+/, ''));
    if (clean === '.' || clean === '') return realDir;
    if (clean.startsWith('..') || path.posix.isAbsolute(clean)) throw new ApiError(400, `invalid path in build context: ${name}`);
    const target = path.join(realDir, clean);
    const parent = fs.realpathSync(fs.existsSync(path.dirname(target)) ? path.dirname(target) : realDir);
    if (parent !== realDir && !parent.startsWith(realDir + path.sep)) throw new ApiError(400, `invalid path in build context: ${name} leaves the context`);
    return target;
  };
  extract.on('entry', (h, stream, next) => {
    const run = async () => {
      const target = inside(h.name);
      if (target === realDir) return stream.resume();
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      if (h.type === 'directory') {
        await fs.promises.mkdir(target, { recursive: true, mode: (h.mode ?? 0o755) | 0o700 });
        stream.resume();
      } else if (h.type === 'symlink') {
        // symlink(2) takes no empty target; said here rather than as its ENOENT inside the build stream.
        if (!h.linkname) throw new ApiError(400, `invalid build context: "${h.name}" is a symlink with an empty target`);
        await fs.promises.rm(target, { force: true });
        await fs.promises.symlink(h.linkname ?? '', target);
        stream.resume();
      } else if (h.type === 'link') {
        const src = inside(h.linkname ?? '');
        await fs.promises.rm(target, { force: true });
        await fs.promises.copyFile(src, target);
        stream.resume();
      } else if (h.type === 'file' || h.type === 'contiguous-file') {
        const counting = new PassThrough();
        counting.on('data', (c: Buffer) => {
          total += c.length;
          if (total > MAX_CONTEXT_BYTES) counting.destroy(new ApiError(413, `build context larger than ${MAX_CONTEXT_BYTES} bytes`));
        });
        await pipeline(stream, counting, fs.createWriteStream(target, { mode: (h.mode ?? 0o644) & 0o777 }));
        if (h.mtime) await fs.promises.utimes(target, h.mtime, h.mtime).catch(() => undefined);
      } else stream.resume();
    };
    run().then(() => next(), (e) => next(e));
  });
  await pipeline(input, extract, { signal });
}

export function register(r: Router, { engine }: DaemonContext): void {
  r.post('/build', async (call) => {
    const q = call.query;
    const remote = q.get('remote');
    if (remote) throw new ApiError(400, 'building from a remote context (remote=) is not supported; send the context as a tar');
    const tags = q.getAll('t');
    const dockerfile = q.get('dockerfile') || 'Dockerfile';
    const buildArgs = mapParam(call, 'buildargs');
    mapParam(call, 'labels');
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'stevedore-build-'));
    const m = new LazyMessages(call);
    try {
      await unpackContext(await maybeGunzip(call.body, refuseOtherCompressions), dir, call.signal);
      const df = path.resolve(dir, dockerfile);
      if (!df.startsWith(dir + path.sep)) throw new ApiError(400, `the Dockerfile (${dockerfile}) must be within the build context`);
      if (!fs.existsSync(df)) throw new ApiError(500, `Cannot locate specified Dockerfile: ${dockerfile}`);
      const quiet = boolParam(q, 'q');
      const res = await engine.build({
        context: dir, dockerfile: df, tags, target: q.get('target') || undefined, buildArgs,
        noCache: boolParam(q, 'nocache'), platform: q.get('platform') || undefined,
        network: q.get('networkmode') && q.get('networkmode') !== 'default' ? q.get('networkmode')! : undefined,
        signal: call.signal,
        onProgress: quiet ? undefined : (p) => {
          // The classic builder's lines: "Step 1/3 : FROM busybox", " ---> Using cache", RUN output.
          if (p.status === 'start') m.write({ stream: `Step ${p.step}/${p.total} : ${p.name.replace(/^\[[^\]]*\]\s*/, '')}\n` });
          else if (p.status === 'cached') m.write({ stream: ' ---> Using cache\n' });
          else if (p.status === 'output' && p.message !== undefined) m.write({ stream: `${p.message}\n` });
        },
      });
      m.write({ aux: { ID: res.id } });
      if (!quiet) {
        m.write({ stream: `Successfully built ${res.id.replace(/^sha256:/, '').slice(0, 12)}\n` });
        for (const t of res.tags) m.write({ stream: `Successfully tagged ${t}\n` });
      }
      m.end();
    } catch (e) {
      if (call.signal.aborted) return;
      // dockerd reports a build failure inside the 200 stream; the CLI prints it and exits 1.
      if (!m.started && !(e instanceof ApiError)) m.write({ stream: '' });
      m.end(e);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });

  r.post('/build/prune', async (call) => {
    call.reply.json(200, await engine.pruneBuildCache());
  });
}
