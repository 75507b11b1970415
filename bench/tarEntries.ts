import * as tar from 'tar-stream';

/** One entry of a generated benchmark layer. */
export interface Entry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  data?: Buffer;
  linkname?: string;
  mode?: number;
}

/** Writes `entries` into `pack` one after another (root-owned, one fixed mtime), waiting for each. */
export async function packEntries(pack: tar.Pack, entries: Entry[]): Promise<void> {
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = { name: e.name, type, mode: e.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644), uid: 0, gid: 0, mtime, ...(e.linkname ? { linkname: e.linkname } : {}) } as tar.Header;
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (type === 'file') pack.entry(header, e.data ?? Buffer.alloc(0), cb);
      else pack.entry(header, cb);
    });
  }
}
