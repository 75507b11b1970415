import * as path from 'path';
import * as zlib from 'zlib';
import { walkTar } from '../archive/tarstream';
import type { ContentStore, Descriptor } from '../content/store';
import { isGzipLayer } from '../image/types';

/** A path of the filesystem a layer chain makes, from the tar header of its topmost layer. */
export interface ChainEntry {
  type: string;
  mode: number;
  uid: number;
  gid: number;
  linkname?: string;
  /** Index of the layer that holds it. */
  layer: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/**
 * The merged view of a layer chain's headers (whiteouts and opaque directories applied, per
 * the OCI layer spec), without extracting anything: what the builder needs to know about the
 * parent image (does a path exist, is it a directory, who owns it) and where to read a file.
 */
export class ChainIndex {
  private constructor(readonly entries: Map<string, ChainEntry>, private readonly layers: Descriptor[], private readonly content: ContentStore) {}

  static async read(content: ContentStore, layers: Descriptor[]): Promise<ChainIndex> {
    const entries = new Map<string, ChainEntry>();
    for (let i = 0; i < layers.length; i++) {
      const headers: Array<{ name: string; h: Omit<ChainEntry, 'layer'> }> = [];
      await walkTar(openLayer(content, layers[i]), async (e) => {
        headers.push({ name: e.name.replace(/\/+$/, ''), h: { type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, linkname: e.linkname } });
      });
      for (const { name, h } of headers) {
        const base = path.posix.basename(name);
        const dir = path.posix.dirname(name);
        if (base === OPAQUE) {
          for (const k of [...entries.keys()]) if (dir === '.' ? true : k.startsWith(dir + '/')) entries.delete(k);
        } else if (base.startsWith(WHITEOUT)) {
          const target = (dir === '.' ? '' : dir + '/') + base.slice(WHITEOUT.length);
          for (const k of [...entries.keys()]) if (k === target || k.startsWith(target + '/')) entries.delete(k);
        }
      }
      for (const { name, h } of headers) {
        const base = path.posix.basename(name);
        if (!base.startsWith(WHITEOUT) && name !== '' && name !== '.') entries.set(name, { ...h, layer: i });
      }
    }
    return new ChainIndex(entries, layers, content);
  }

  /** The entry at an absolute or relative path (`/etc/passwd`, `etc`). */
  get(p: string): ChainEntry | undefined {
    return this.entries.get(rel(p));
  }

  isDir(p: string): boolean {
    return rel(p) === '' || this.get(p)?.type === 'directory';
  }

  /** A regular file's bytes (for /etc/passwd and /etc/group lookups). */
  async readFile(p: string): Promise<Buffer | undefined> {
    const e = this.get(p);
    if (!e || e.type !== 'file') return undefined;
    const want = rel(p);
    let data: Buffer | undefined;
    await walkTar(openLayer(this.content, this.layers[e.layer]), async (t) => {
      if (t.name.replace(/\/+$/, '') !== want) return;
      const chunks: Buffer[] = [];
      for await (const c of t.stream) chunks.push(c as Buffer);
      data = Buffer.concat(chunks);
    });
    return data;
  }
}

function rel(p: string): string {
  return path.posix.normalize('/' + p).replace(/^\/+/, '').replace(/\/+$/, '');
}

function openLayer(content: ContentStore, d: Descriptor) {
  const s = content.openRead(d.digest);
  return isGzipLayer(d.mediaType) ? s.pipe(zlib.createGunzip()) : s;
}

/** uid/gid for `--chown=user[:group]`: numbers as is, names from the image's /etc/passwd and /etc/group. */
export async function resolveChown(spec: string, index: ChainIndex): Promise<{ uid: number; gid: number }> {
  const [user, group] = spec.split(':');
  const lookup = async (file: string, name: string, field: 2 | 3): Promise<number | undefined> => {
    const text = (await index.readFile(file))?.toString('utf8') ?? '';
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f[0] === name && f[field] !== undefined) return Number(f[field]);
    }
    return undefined;
  };
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : undefined);
  const uid = num(user) ?? (await lookup('/etc/passwd', user, 2));
  if (uid === undefined) throw new Error(`unable to convert uid/gid chown string to host mapping: can't find uid for user ${user}: no such user: ${user}`);
  let gid: number | undefined;
  if (group === undefined) gid = num(user) ?? (await lookup('/etc/passwd', user, 3));
  else gid = num(group) ?? (await lookup('/etc/group', group, 2));
  if (gid === undefined) throw new Error(`unable to convert uid/gid chown string to host mapping: can't find gid for group ${group}: no such group: ${group}`);
  return { uid, gid };
}
