import * as path from 'path';
import { loadCompiled } from '../lazy';

/**
 * `stevedore`: a small launcher for the CLI bundle (dist/cli-main.js). Node compiling the ~900 kB
 * bundle was about a third of every command's start-up (CPU profile of `--version`: 39 of
 * 110 ms in the compiler); with V8's code cache (client/src/lazy.ts, made by the first run
 * after each build) loading it costs a fraction of that. A V8 startup snapshot was measured
 * against it (issue 23): with the built-ins loaded on first use (esbuild.js) Node 20 builds a
 * snapshot of the whole bundle (`node --snapshot-blob cli.blob --build-snapshot`, 6.7 MB), and
 * `node --snapshot-blob cli.blob x --version` / `ps -a` / `images` took the same CPU time as this
 * launcher in alternating runs (73 vs 72, 88 vs 88, 130 vs 130 ms) while needing a flag on every
 * `node` invocation (a shell wrapper for the bin entry); so the code cache it is.
 */
const loaded = loadCompiled(path.join(__dirname, 'cli-main.js'));
const { main } = loaded.exports as { main(argv: string[]): Promise<number> };
main(process.argv.slice(2)).then((code) => {
  loaded.saveCache?.();
  process.exit(code);
});
