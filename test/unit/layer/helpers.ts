import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import * as tar from 'tar-stream';

/** One entry of a hand-made layer tar (any header field tar-stream takes; `data` for files). */
export type TarSpec = Partial<tar.Header> & { name: string; data?: string | Buffer };

/** A tar made from `entries` in the given order (files default to 0644, others to their type's defaults). */
export async function tarOf(entries: TarSpec[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { data, ...h } of entries) {
    const type = h.type ?? (data !== undefined || path.posix.basename(h.name).startsWith('.wh.') ? 'file' : 'directory');
    const mode = h.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644);
    const header = { uid: 0, gid: 0, mtime: new Date('2024-01-01T00:00:00Z'), ...h, type, mode } as tar.Header;
    if (type === 'file') pack.entry(header, Buffer.from(data ?? ''));
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export const streamOf = (b: Buffer) => Readable.from([b]);

/** Every path under `root` with what a layer preserves: type, mode, owner, size, content hash, link target, mtime of non-directories. */
export function treeOf(root: string, opts: { mtimes?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const n of fs.readdirSync(path.join(root, rel)).sort()) {
      const p = rel ? `${rel}/${n}` : n;
      const abs = path.join(root, p);
      const st = fs.lstatSync(abs);
      let what: string;
      if (st.isDirectory()) what = 'dir';
      else if (st.isSymbolicLink()) what = `link->${fs.readlinkSync(abs)}`;
      else if (st.isFile()) what = `file ${st.size} ${crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex').slice(0, 12)}`;
      else if (st.isCharacterDevice()) what = `chr ${st.rdev}`;
      else if (st.isFIFO()) what = 'fifo';
      else what = 'other';
      out[p] = `${what} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}${opts.mtimes && !st.isDirectory() ? ' ' + Math.floor(st.mtimeMs / 1000) : ''}`;
      if (st.isDirectory()) walk(p);
    }
  };
  walk('');
  return out;
}

/** A fingerprint of a directory tree outside the target (the tests' "nothing else changed"). */
export function fingerprint(root: string): string {
  return JSON.stringify(treeOf(root, { mtimes: true }));
}

/**
 * A tar whose symlink entries with the target `BLANK` have an empty target field instead. Made
 * by blanking the field (and redoing the header checksum) in a packer-made tar, by hand on
 * purpose: packers differ on an empty target (tar-stream 3.3 reads the target from the entry's
 * body and waits for one), and the case must hold such an entry whatever the packer does.
 */
export async function emptyTargetSymlink(entries: TarSpec[]): Promise<Buffer> {
  const buf = Buffer.from(await tarOf(entries));
  let blanked = 0;
  // Header to header: each is followed by its body (size, octal at 124) rounded up to 512 bytes.
  for (let off = 0; off + 512 <= buf.length && buf[off] !== 0; off += 512 + Math.ceil(parseInt(buf.toString('latin1', off + 124, off + 136).replace(/\0.*$/, '').trim() || '0', 8) / 512) * 512) {
    const h = buf.subarray(off, off + 512);
    if (h[156] !== 0x32 || h.toString('latin1', 157, 163) !== 'BLANK\0') continue; // typeflag '2', linkname
    h.fill(0, 157, 257);
    h.fill(0x20, 148, 156); // the checksum counts its own field as spaces
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    blanked++;
  }
  if (!blanked) throw new Error('no symlink with the target BLANK to blank');
  return buf;
}
