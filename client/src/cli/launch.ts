import * as path from 'path';
import { loadCompiled } from '../lazy';

/**
 * `stevedore`: a small launcher for the CLI bundle (dist/cli-main.js). Node compiling the ~900 kB
 * bundle was about a third of every command's start-up (CPU profile of `--version`: 39 of
 * 110 ms in the compiler); with V8's code cache (client/src/lazy.ts, made by the first run
 * after each build) loading it costs a fraction of that. A V8 startup snapshot
 * (`node --snapshot-blob`) would need a flag on every `node` invocation and Node 20's snapshot
 * cannot hold this bundle's built-in modules (child_process, net), so the code cache it is.
 */
const loaded = loadCompiled(path.join(__dirname, 'cli-main.js'));
const { main } = loaded.exports as { main(argv: string[]): Promise<number> };
main(process.argv.slice(2)).then((code) => {
  loaded.saveCache?.();
  process.exit(code);
});
