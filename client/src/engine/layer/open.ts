import { spawn } from 'child_process';
import { PassThrough, Readable } from 'stream';
import * as zlib from 'zlib';
import type { ContentStore, Descriptor } from '../content/store';
import { EngineError } from '../../core/errors';
import { isGzipLayer, isZstdLayer } from '../image/types';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** The uncompressed tar of a stored layer blob, by its media type (gzip, zstd or plain). */
export function openLayerBlob(content: ContentStore, layer: Descriptor): Readable {
  const raw = content.openRead(layer.digest);
  if (isGzipLayer(layer.mediaType)) return raw.pipe(zlib.createGunzip());
  if (isZstdLayer(layer.mediaType)) return zstdDecompress(raw, layer.digest);
  return raw;
}

/**
 * The bytes of `input` decompressed when they start with the gzip or zstd magic (layers from
 * files, `docker load` archives, callers that do not know the media type), as they are otherwise.
 */
export async function decompressedLayer(input: Readable): Promise<Readable> {
  const it = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < 4 && !done) {
    const n = await it.next();
    if (n.done) done = true;
    else head = Buffer.concat([head, Buffer.from(n.value as Buffer)]);
  }
  const rest = Readable.from(
    (async function* () {
      if (head.length) yield head;
      if (done) return;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value as Buffer;
      }
    })(),
  );
  const starts = (magic: number[]) => head.length >= magic.length && magic.every((b, i) => head[i] === b);
  if (starts(GZIP_MAGIC)) return rest.pipe(zlib.createGunzip());
  if (starts(ZSTD_MAGIC)) return zstdDecompress(rest, 'layer');
  return rest;
}

/**
 * Node 20's zlib has no zstd (it arrives in Node 22.15), so zstd layers go through the `zstd`
 * tool, which distributions ship; a clear error says what to install when it is missing.
 */
function zstdDecompress(input: Readable, what: string): Readable {
  const out = new PassThrough();
  const child = spawn('zstd', ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.on('error', (e) => {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    out.destroy(missing ? new EngineError('unavailable', `${what} is zstd-compressed and the zstd tool is not installed; install zstd (apt-get install zstd) and retry`) : e);
  });
  child.on('close', (code) => {
    if (code && !out.destroyed) out.destroy(new EngineError('corrupt', `${what}: zstd decompression failed: ${stderr.trim() || `exit ${code}`}`));
  });
  input.on('error', (e) => out.destroy(e));
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  child.stdout.pipe(out);
  return out;
}
