/**
 * What signal-exit (proper-lockfile's exit hook, fsutil.withLock) uses of `assert`: one argument
 * check at registration. The bundles resolve its `require('assert')` here (esbuild.js, lockDeps):
 * Node's assert module costs ~2 ms to load in each CLI command that takes a lock.
 */
export function equal(actual: unknown, expected: unknown, message?: string): void {
  // eslint-disable-next-line eqeqeq -- assert.equal is the loose comparison
  if (actual != expected) throw new Error(message ?? `${String(actual)} == ${String(expected)}`);
}
