import { PassThrough, Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';
import { EngineError, throwIfAborted } from '../../core/errors';

/**
 * Returns a stream with the same bytes, gunzipped when they start with the gzip magic.
 * `check` sees the first chunk before that (to refuse other compressions with a caller's error).
 */
export async function maybeGunzip(input: Readable, check?: (head: Buffer) => void): Promise<Readable> {
  const it = input[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value as Buffer);
  check?.(head);
  const rest = Readable.from(
    (async function* () {
      if (head.length) yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value as Buffer;
      }
    })(),
  );
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return rest.pipe(zlib.createGunzip());
  return rest;
}

export interface TarEntry {
  name: string;
  type: string;
  size: number;
  linkname?: string;
  mode: number;
  uid: number;
  gid: number;
  mtime?: Date;
  stream: Readable;
}

/**
 * Walks a tar stream entry by entry with an async handler (streaming; the handler must
 * consume or ignore `stream`, which is drained afterwards).
 */
export async function walkTar(input: Readable, handler: (e: TarEntry) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '').replace(/^\/+/, '');
      (async () => {
        // tar-stream's entries are streamx streams: watch for their end ourselves.
        const ended = new Promise<void>((r, j) => {
          stream.on('end', () => r());
          stream.on('close', () => r());
          stream.on('error', j);
        });
        throwIfAborted(signal);
        await handler({
          name, type: header.type ?? 'file', size: header.size ?? 0, linkname: header.linkname ?? undefined,
          mode: header.mode ?? 0o644, uid: header.uid ?? 0, gid: header.gid ?? 0, mtime: header.mtime, stream: stream as unknown as Readable,
        });
        // Drain what the handler left unread so the extractor can move on.
        stream.resume();
        await ended;
      })().then(
        () => next(),
        (e) => {
          extract.destroy(e);
          reject(e);
        },
      );
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  try {
    await Promise.all([pipeline(input, extract).catch((e) => Promise.reject(wrapTarError(e))), done]);
  } catch (e) {
    throw wrapTarError(e);
  }
}

function wrapTarError(e: unknown): unknown {
  if (e instanceof EngineError) return e;
  const msg = (e as Error)?.message ?? String(e);
  if (/Unexpected end|invalid|checksum|header/i.test(msg)) return new EngineError('corrupt', `the archive is not a valid tar file: ${msg}`);
  return e;
}

/** A tar writer over tar-stream's pack with awaitable entries (backpressure respected). */
export class TarWriter {
  readonly pack = tar.pack();
  private readonly mtime = new Date(0);

  pipeTo(out: Writable): Promise<void> {
    return pipeline(this.pack, out);
  }

  async file(name: string, data: Buffer | string): Promise<void> {
    await new Promise<void>((resolve, reject) => this.pack.entry({ name, mode: 0o644, mtime: this.mtime }, data, (err) => (err ? reject(err) : resolve())));
  }

  dir(name: string): void {
    this.pack.entry({ name: name.endsWith('/') ? name : name + '/', type: 'directory', mode: 0o755, mtime: this.mtime });
  }

  /** Streams `source` into an entry of exactly `size` bytes. */
  async stream(name: string, size: number, source: Readable): Promise<void> {
    const entry = this.pack.entry({ name, size, mode: 0o644, mtime: this.mtime });
    await pipeline(source, entry);
  }

  finalize(): void {
    this.pack.finalize();
  }
}

/** Counts bytes as they pass. */
export function counter(): { stream: PassThrough; bytes: () => number } {
  let n = 0;
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => (n += c.length));
  return { stream, bytes: () => n };
}
