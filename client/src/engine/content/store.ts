import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { EngineError, throwIfAborted } from '../../core/errors';

export const SHA256_RE = /^sha256:[a-f0-9]{64}$/;

/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string; 'os.version'?: string; 'os.features'?: string[] };
}

export function sha256(data: string | Uint8Array): string {
  return 'sha256:' + crypto.createHash('sha256').update(data).digest('hex');
}

export function assertDigest(digest: string): void {
  if (!SHA256_RE.test(digest)) {
    throw new EngineError('invalid-argument', `unsupported or malformed digest "${digest}" (expected sha256:<64 hex>)`);
  }
}

/** Bytes buffered before a blob writer goes to disk. */
const WRITE_BATCH = 1 << 20;

export interface IngestExpectation {
  digest?: string;
  size?: number;
}

/**
 * A blob being written. Bytes go to `content/ingest/<key>`; `commit()` checks size and
 * digest and renames into `content/blobs/sha256/<hex>`. A writer can be reopened with
 * the same key after a failure (the partial bytes are re-hashed), which is how a pull
 * resumes a blob with an HTTP Range request. Nothing under blobs/ is ever partial.
 */
export class BlobWriter {
  private hash = crypto.createHash('sha256');
  private fd: number | undefined;
  /** Bytes accepted so far (hashed; some may still be buffered). */
  offset = 0;
  /** Chunks not yet on disk: written in batches so the event loop keeps serving other downloads. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly store: ContentStore,
    readonly ingestPath: string,
    readonly expected: IngestExpectation,
  ) {}

  /** Opens (or reopens, keeping existing bytes) the ingest file. */
  async open(): Promise<this> {
    await fs.promises.mkdir(path.dirname(this.ingestPath), { recursive: true });
    this.fd = fs.openSync(this.ingestPath, 'a+');
    const size = fs.fstatSync(this.fd).size;
    if (size > 0) {
      for await (const chunk of fs.createReadStream('', { fd: this.fd, start: 0, end: size - 1, autoClose: false })) {
        this.hash.update(chunk as Buffer);
      }
    }
    this.offset = size;
    return this;
  }

  /**
   * Hashes `chunk` and queues it; every MiB goes to disk with one asynchronous writev, so
   * concurrent layer downloads share the event loop instead of blocking it on each write.
   */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.fd === undefined) throw new EngineError('internal', 'blob writer is not open');
    if (this.expected.size !== undefined && this.offset + chunk.length > this.expected.size) {
      throw new EngineError('digest-mismatch', `blob ${this.expected.digest ?? ''} is larger than its declared ${this.expected.size} bytes`);
    }
    this.hash.update(chunk);
    this.offset += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= WRITE_BATCH) await this.flush();
  }

  /** Writes the queued chunks (the file is in append mode). */
  async flush(): Promise<void> {
    if (this.fd === undefined || this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fs.writev(fd, chunks as NodeJS.ArrayBufferView[], (e) => (e ? reject(e) : resolve())));
  }

  /** Discards the bytes written so far (e.g. when a server ignored our Range request). */
  reset(): void {
    if (this.fd === undefined) throw new EngineError('internal', 'blob writer is not open');
    this.pending = [];
    this.pendingBytes = 0;
    fs.ftruncateSync(this.fd, 0);
    this.hash = crypto.createHash('sha256');
    this.offset = 0;
  }

  /** Verifies and moves the blob into place. Returns its descriptor digest and size. */
  async commit(): Promise<{ digest: string; size: number }> {
    if (this.fd === undefined) throw new EngineError('internal', 'blob writer is not open');
    await this.flush();
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
    fs.closeSync(this.fd);
    this.fd = undefined;
    const digest = 'sha256:' + this.hash.digest('hex');
    const size = this.offset;
    try {
      if (this.expected.size !== undefined && size !== this.expected.size) {
        throw new EngineError('digest-mismatch', `blob ${this.expected.digest ?? digest} is truncated or oversized: got ${size} bytes, expected ${this.expected.size}`);
      }
      if (this.expected.digest !== undefined && digest !== this.expected.digest) {
        throw new EngineError('digest-mismatch', `digest mismatch: content hashes to ${digest}, expected ${this.expected.digest}`);
      }
    } catch (e) {
      await fs.promises.rm(this.ingestPath, { force: true });
      throw e;
    }
    const target = this.store.blobPath(digest);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(this.ingestPath, target);
    return { digest, size };
  }

  /** Closes without committing; keeps the partial file (what reached the disk) unless `discard`. */
  async close(discard = false): Promise<void> {
    if (this.fd !== undefined) {
      if (!discard) await this.flush().catch(() => undefined);
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    if (discard) await fs.promises.rm(this.ingestPath, { force: true });
  }
}

/**
 * Content-addressable blobs by sha256 under `<dataRoot>/content`. The one place that
 * makes blob writes atomic and verified; callers never write under blobs/ themselves.
 * Which blobs are still referenced is the image store's business (it runs GC).
 */
export class ContentStore {
  readonly dir: string;

  constructor(dataRoot: string) {
    this.dir = path.join(dataRoot, 'content');
  }

  blobPath(digest: string): string {
    assertDigest(digest);
    return path.join(this.dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  /** Size of a stored blob, or undefined when absent. */
  async stat(digest: string): Promise<number | undefined> {
    try {
      return (await fs.promises.stat(this.blobPath(digest))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async has(digest: string): Promise<boolean> {
    return (await this.stat(digest)) !== undefined;
  }

  /** A writer for one blob. `key` names the ingest (reuse it to resume); defaults to a random one. */
  async writer(expected: IngestExpectation = {}, key?: string): Promise<BlobWriter> {
    const name = key ? key.replace(/[^A-Za-z0-9_.-]/g, '_') : `${process.pid}-${crypto.randomBytes(8).toString('hex')}`;
    return new BlobWriter(this, path.join(this.dir, 'ingest', name), expected).open();
  }

  /** Streams `source` into the store, verifying against `expected` while it streams. */
  async ingest(
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Readable,
    expected: IngestExpectation = {},
    opts: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
  ): Promise<{ digest: string; size: number }> {
    if (expected.digest && (await this.stat(expected.digest)) !== undefined) {
      return { digest: expected.digest, size: (await this.stat(expected.digest))! };
    }
    const w = await this.writer(expected);
    try {
      for await (const chunk of source) {
        throwIfAborted(opts.signal);
        await w.write(chunk);
        opts.onProgress?.(w.offset);
      }
      return await w.commit();
    } catch (e) {
      await w.close(true);
      throw e;
    }
  }

  /** Stores a small blob held in memory (manifests, configs). */
  async put(data: string | Uint8Array, expected: IngestExpectation = {}): Promise<{ digest: string; size: number }> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    return this.ingest([buf], expected);
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.blobPath(digest));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('not-found', `blob ${digest} is not in the content store`);
      throw e;
    }
  }

  /** Reads a blob and checks that it still hashes to its name. */
  async readVerified(digest: string): Promise<Buffer> {
    const data = await this.read(digest);
    if (sha256(data) !== digest) throw new EngineError('corrupt', `blob ${digest} is corrupt on disk (its content no longer matches its digest)`);
    return data;
  }

  openRead(digest: string): fs.ReadStream {
    return fs.createReadStream(this.blobPath(digest));
  }

  /** Re-hashes a stored blob; false when it is missing or corrupt. */
  async verify(digest: string): Promise<boolean> {
    const hash = crypto.createHash('sha256');
    try {
      for await (const chunk of this.openRead(digest)) hash.update(chunk as Buffer);
    } catch {
      return false;
    }
    return 'sha256:' + hash.digest('hex') === digest;
  }

  async delete(digest: string): Promise<void> {
    await fs.promises.rm(this.blobPath(digest), { force: true });
  }

  /** Every stored blob digest. */
  async list(): Promise<string[]> {
    const dir = path.join(this.dir, 'blobs', 'sha256');
    let names: string[];
    try {
      names = await fs.promises.readdir(dir);
    } catch {
      return [];
    }
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => 'sha256:' + n);
  }

  /** Removes ingest files older than `olderThanMs` (left by crashed processes). */
  async cleanIngest(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const dir = path.join(this.dir, 'ingest');
    let removed = 0;
    for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
      const p = path.join(dir, name);
      const st = await fs.promises.stat(p).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > olderThanMs) {
        await fs.promises.rm(p, { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }
}
