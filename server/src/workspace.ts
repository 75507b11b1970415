// The file system around a document: its build context folder and that folder's .dockerignore.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { DockerIgnore } from '../../client/src/core/parser';

/** The build context a Dockerfile is usually built with: its own folder (undefined for unsaved files). */
export function contextDirOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

const cache = new Map<string, { mtimeMs: number; ignore: DockerIgnore | undefined; checkedAt: number }>();

/**
 * The context's .dockerignore (undefined when there is none), re-read when its mtime changes and
 * stat'ed at most once a second, so diagnostics and completion can ask on every keystroke. The stat
 * is synchronous: a few microseconds, where the thread pool's round trip of fs.promises.stat (taken
 * by the one COPY completion a second that revalidates) cost 0.1-0.5 ms and more on a busy machine.
 */
export async function readDockerIgnore(contextDir: string): Promise<DockerIgnore | undefined> {
  const file = path.join(contextDir, '.dockerignore');
  const hit = cache.get(file);
  const now = Date.now();
  if (hit && now - hit.checkedAt < 1000) return hit.ignore;
  let mtimeMs = -1;
  try {
    // No exception for the usual case of no .dockerignore (throwing one costs more than the stat).
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st) mtimeMs = st.mtimeMs;
  } catch {
    // ENOTDIR, EACCES: as if there were none
  }
  if (mtimeMs < 0) {
    cache.set(file, { mtimeMs, ignore: undefined, checkedAt: now });
    return undefined;
  }
  if (hit && hit.mtimeMs === mtimeMs) {
    hit.checkedAt = now;
    return hit.ignore;
  }
  let ignore: DockerIgnore | undefined;
  try {
    ignore = DockerIgnore.fromText(await fs.promises.readFile(file, 'utf8'));
  } catch {
    ignore = undefined;
  }
  cache.set(file, { mtimeMs, ignore, checkedAt: now });
  return ignore;
}
