import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DockerIgnore } from '../../core/parser';
import { EngineError } from '../../core/errors';
import { goPathMatch } from '../../core/reference';

/** A file, directory or symlink of the build context that a COPY/ADD source selected. */
export interface ContextEntry {
  /** Context-relative, "/"-separated (`src/app.js`). */
  rel: string;
  /** Path relative to the selected source (what lands under the destination). */
  relToSource: string;
  abs: string;
  stat: fs.Stats;
  linkTarget?: string;
}

/** One resolved COPY/ADD source: what it names and the entries it brings. */
export interface SourceSelection {
  source: string;
  /** The source names a directory: its contents (not itself) are copied. */
  isDir: boolean;
  /** How many context paths it matched (a glob can match several; they need a directory destination). */
  matched: number;
  entries: ContextEntry[];
}

const GLOB = /[*?[]/;

/**
 * The build context: a folder plus its `.dockerignore` (`<Dockerfile>.dockerignore` next to the
 * Dockerfile is preferred, as BuildKit does). Sources are resolved like the classic builder:
 * cleaned, kept inside the context, globs matched with Go's filepath.Match, ignored files left out.
 */
export class BuildContext {
  private constructor(readonly dir: string, readonly ignore: DockerIgnore, readonly ignoreFile: string | undefined) {}

  /** A folder as a source of files with nothing ignored (a stage's root filesystem for COPY --from). */
  static plain(dir: string): BuildContext {
    return new BuildContext(path.resolve(dir), DockerIgnore.fromText(''), undefined);
  }

  static async open(dir: string, dockerfile: string): Promise<BuildContext> {
    const st = await fs.promises.stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new EngineError('invalid-argument', `unable to prepare context: path "${dir}" not found or not a directory`);
    for (const candidate of [`${dockerfile}.dockerignore`, path.join(dir, '.dockerignore')]) {
      const text = await fs.promises.readFile(candidate, 'utf8').catch(() => undefined);
      if (text !== undefined) return new BuildContext(path.resolve(dir), DockerIgnore.fromText(text), candidate);
    }
    return new BuildContext(path.resolve(dir), DockerIgnore.fromText(''), undefined);
  }

  /** Context-relative form of a source as written (leading `/`, `./`, `..` clamped to the root). */
  static clean(source: string): string {
    const p = path.posix.normalize('/' + source.replace(/\\/g, '/')).replace(/^\/+/, '');
    return p === '' || p === '.' ? '.' : p.replace(/\/+$/, '');
  }

  ignores(rel: string): boolean {
    // No patterns, nothing to clean and match for each of the context's files.
    return rel !== '.' && this.ignore.patterns.length > 0 && this.ignore.ignores(rel);
  }

  /** Resolves one source, failing like Docker when nothing matches. */
  async select(source: string): Promise<SourceSelection> {
    const rel = BuildContext.clean(source);
    if (GLOB.test(rel)) {
      const matches: string[] = [];
      await this.walk('.', (r) => {
        if (goPathMatch(rel, r)) matches.push(r);
      });
      // A match inside a matched directory is already part of it.
      const top = matches.sort().filter((m, i, all) => !all.slice(0, i).some((p) => m.startsWith(p + '/')));
      const entries: ContextEntry[] = [];
      let isDir = false;
      for (const m of top) {
        const sel = await this.selectPath(m, source);
        isDir ||= sel.isDir;
        entries.push(...sel.entries);
      }
      if (!top.length) throw notFound(source);
      return { source, isDir, matched: top.length, entries };
    }
    return this.selectPath(rel, source);
  }

  private async selectPath(rel: string, source: string): Promise<SourceSelection> {
    const abs = path.join(this.dir, rel);
    const st = await fs.promises.lstat(abs).catch(() => undefined);
    if (!st || this.ignores(rel)) throw notFound(source);
    if (!st.isDirectory()) {
      return { source, isDir: false, matched: 1, entries: [await this.entry(rel, path.posix.basename(rel), st)] };
    }
    const entries: ContextEntry[] = [];
    await this.walk(rel, (r, s) => {
      entries.push(this.entry(r, rel === '.' ? r : r.slice(rel.length + 1), s));
    });
    return { source, isDir: true, matched: 1, entries };
  }

  private entry(rel: string, relToSource: string, stat: fs.Stats): ContextEntry {
    const abs = path.join(this.dir, rel);
    return { rel, relToSource, abs, stat, ...(stat.isSymbolicLink() ? { linkTarget: fs.readlinkSync(abs) } : {}) };
  }

  /**
   * Visits every non-ignored path under `rel` (not `rel` itself), parents before children,
   * sorted. Synchronous readdir/lstat: a context of 10,000 files is 10,000 lstat calls, and
   * each async call would be a thread-pool round trip (futex hand-offs) worth more than the
   * call itself; the event loop gets a turn every few hundred entries.
   */
  private async walk(rel: string, visit: (rel: string, st: fs.Stats) => Promise<void> | void): Promise<void> {
    let sinceYield = 0;
    const step = async (r: string): Promise<void> => {
      const names = fs.readdirSync(path.join(this.dir, r)).sort();
      for (const name of names) {
        const child = r === '.' ? name : `${r}/${name}`;
        const st = fs.lstatSync(path.join(this.dir, child));
        if (++sinceYield >= 500) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        if (st.isDirectory()) {
          if (this.ignore.patterns.length && this.ignore.canSkipDir(child)) continue;
          if (!this.ignores(child)) await visit(child, st);
          await step(child);
        } else if (!this.ignores(child)) {
          await visit(child, st);
        }
      }
    };
    await step(rel);
  }
}

/**
 * The part of a source's identity that decides whether a cached COPY can be reused: paths,
 * types, modes, link targets and content digests — not mtimes (BuildKit's content checksum).
 */
export async function selectionChecksum(selections: SourceSelection[], cache?: FileDigestCache): Promise<string> {
  const h = crypto.createHash('sha256');
  // The text is hashed in chunks: one update per entry field would be ~40,000 calls for 10,000 files.
  let text = '';
  const put = (t: string) => {
    text += t;
    if (text.length > 1 << 16) {
      h.update(text);
      text = '';
    }
  };
  for (const sel of selections) {
    put(`source ${sel.source} ${sel.isDir}\n`);
    for (const e of sel.entries) {
      put(`${e.relToSource}\0${e.stat.mode}\0`);
      if (e.stat.isFile()) {
        put((cache?.known(e.abs, e.stat)) ?? (cache ? await cache.digest(e.abs, e.stat) : await fileDigest(e.abs, e.stat.size)));
      } else if (e.linkTarget !== undefined) {
        put(`-> ${e.linkTarget}`);
      }
      put('\n');
    }
  }
  h.update(text);
  return h.digest('hex');
}

/** Files up to this size are read in one synchronous call (no stream, no thread-pool round trips). */
export const SMALL_FILE = 1 << 20;

async function fileDigest(file: string, size?: number): Promise<string> {
  const fh = crypto.createHash('sha256');
  if (size !== undefined && size <= SMALL_FILE) return fh.update(fs.readFileSync(file)).digest('hex');
  for await (const chunk of fs.createReadStream(file)) fh.update(chunk as Buffer);
  return fh.digest('hex');
}

/**
 * Content digests of context files remembered by path, size, mtime (ns), ctime and inode, so an
 * unchanged rebuild does not read every byte of the context again (BuildKit keeps the same kind
 * of metadata-keyed cache). Any of those changing re-reads the file; ctime changes on every
 * write, even one that restores the mtime. Kept in the data root as one JSON file per context.
 */
export class FileDigestCache {
  private entries = new Map<string, { key: string; digest: string }>();
  private dirty = false;
  /**
   * Small files read for their digest during this step, so the COPY that follows writes its
   * layer from memory instead of reading each file a second time (a cold build); bounded.
   */
  private recent = new Map<string, Buffer>();
  private recentBytes = 0;
  private static readonly RECENT_LIMIT = 64 << 20;
  private constructor(private readonly file: string, private readonly contextDir: string) {}

  static async open(dataRoot: string, contextDir: string): Promise<FileDigestCache> {
    const id = crypto.createHash('sha256').update(path.resolve(contextDir)).digest('hex').slice(0, 32);
    const c = new FileDigestCache(path.join(dataRoot, 'build', 'digests', `${id}.json`), path.resolve(contextDir) + path.sep);
    try {
      c.entries = new Map(Object.entries(JSON.parse(await fs.promises.readFile(c.file, 'utf8'))));
    } catch {
      // none yet, or unreadable: start empty
    }
    return c;
  }

  /** The remembered digest of `abs` if its metadata is unchanged (no I/O, no await). */
  known(abs: string, st: fs.Stats): string | undefined {
    const hit = this.entries.get(abs);
    return hit?.key === metaKey(st) ? hit.digest : undefined;
  }

  async digest(abs: string, st: fs.Stats): Promise<string> {
    // Only the context's own files: stage snapshots and scratch files have new paths every build.
    if (!abs.startsWith(this.contextDir)) return fileDigest(abs, st.size);
    const key = metaKey(st);
    const hit = this.entries.get(abs);
    if (hit?.key === key) return hit.digest;
    let digest: string;
    if (st.size <= SMALL_FILE && this.recentBytes + st.size <= FileDigestCache.RECENT_LIMIT) {
      const data = fs.readFileSync(abs);
      digest = crypto.createHash('sha256').update(data).digest('hex');
      this.recent.set(abs, data);
      this.recentBytes += data.length;
    } else digest = await fileDigest(abs, st.size);
    this.entries.set(abs, { key, digest });
    this.dirty = true;
    return digest;
  }

  /** The bytes of `abs` if its digest was just computed from them (handed over once). */
  take(abs: string): Buffer | undefined {
    const data = this.recent.get(abs);
    if (data) {
      this.recent.delete(abs);
      this.recentBytes -= data.length;
    }
    return data;
  }

  /** Drops the bytes kept since the last step. */
  forget(): void {
    this.recent.clear();
    this.recentBytes = 0;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(Object.fromEntries(this.entries)));
    await fs.promises.rename(tmp, this.file);
    this.dirty = false;
  }
}

/** What must be unchanged for a remembered digest to hold: size, mtime, ctime, inode. */
const metaKey = (st: fs.Stats) => `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;

function notFound(source: string): EngineError {
  return new EngineError('not-found', `COPY failed: file not found in build context or excluded by .dockerignore: stat ${source}: file does not exist`);
}
