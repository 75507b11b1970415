import * as fs from 'fs';
import type { Readable } from 'stream';
import { maybeGunzip, walkTar } from '../../client/src/engine/archive/tarstream';

/** One tar entry as the side-by-side tests compare them: what, not when. */
export interface LayerFile {
  name: string;
  type: string;
  mode: string;
  uid: number;
  gid: number;
  linkname?: string;
  size: number;
}

/** The entries of a layer tar (plain or gzip), sorted by name, directories without their trailing slash. */
export async function listLayer(input: Readable | string): Promise<LayerFile[]> {
  const stream = await maybeGunzip(typeof input === 'string' ? fs.createReadStream(input) : input);
  const out: LayerFile[] = [];
  await walkTar(stream, async (e) => {
    out.push({ name: e.name.replace(/\/+$/, ''), type: e.type, mode: (e.mode & 0o7777).toString(8), uid: e.uid, gid: e.gid, ...(e.linkname ? { linkname: e.linkname } : {}), size: e.type === 'file' ? e.size : 0 });
  });
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
