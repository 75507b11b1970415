import * as os from 'os';
import * as path from 'path';

/**
 * This user's folder under the system temp dir (`<tmp>/stevedore-<uid>`): short unix socket
 * paths, the runtime version cache, the bundles' V8 code cache. No dependencies, so both the
 * activation bundle and the engine can use it.
 */
export function userTmpDir(): string {
  return path.join(os.tmpdir(), `stevedore-${process.getuid?.() ?? 0}`);
}

/** Where the lazy bundles' V8 code cache is kept (client/src/lazy.ts). */
export function codeCacheDir(): string {
  return path.join(userTmpDir(), 'code-cache');
}
