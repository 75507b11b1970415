import { isAscii } from 'buffer';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { codeCacheDir } from './tmpdir';

/**
 * Loads a sibling bundle of dist/extension.js on first use. The engine and the language client
 * are bundled separately (see esbuild.js) so that activation only loads the UI code; the path is
 * computed so esbuild leaves the require alone. From out/ (tests) the module is the transpiled one.
 */
export function loadBundle<T>(bundle: 'engine' | 'docker' | 'languageClient' | 'daemon', transpiled: string): T {
  const inDist = path.basename(__dirname) === 'dist';
  if (!inDist) return require(path.join(__dirname, transpiled)) as T;
  const file = path.join(__dirname, `${bundle}.js`);
  try {
    return loadWithCodeCache(file) as T;
  } catch {
    return require(file) as T;
  }
}

/**
 * `require(file)` with V8's code cache: compiling a bundle (the engine's is ~550 kB) is most of
 * what loading it costs, and it is the same work in every window. The cache is made once per
 * bundle build and Node version, in `<tmp>/stevedore-<uid>/code-cache/`, half a second after the
 * bundle ran (so it holds the functions its first calls compiled too); V8 checks it fits the
 * source and compiles afresh when it does not.
 */
function loadWithCodeCache(file: string): unknown {
  const cached = require.cache[file];
  if (cached) return cached.exports;
  const loaded = loadCompiled(file);
  if (loaded.saveCache) setTimeout(loaded.saveCache, 500).unref();
  return loaded.exports;
}

/**
 * Loads `file` as a CommonJS module compiled with the code cache kept for it; `saveCache` is set
 * when there was no usable cache: the caller calls it once the module has done its first work
 * (the CLI: just before it exits, since a short command ends before any timer).
 */
export function loadCompiled(file: string): { exports: unknown; saveCache?: () => void } {
  // The bundles are ASCII (esbuild.js): latin1 makes the one-byte string V8 keeps anyway, several
  // times faster than decoding 1 MB of UTF-8; a file that is not ASCII is decoded as UTF-8.
  const bytes = fs.readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const st = fs.statSync(file);
  const dir = codeCacheDir();
  // Named after the bundle's folder too: several copies of Stevedore (clones, the installed
  // extension) share this folder, and each one's saveCache removes only its own older caches.
  const name = `${path.basename(file, '.js')}-${pathHash(path.dirname(file))}`;
  const cacheFile = path.join(dir, `${name}-${st.size}-${Math.floor(st.mtimeMs)}-${process.versions.v8}.bin`);
  // Compiled code runs as is: only a cache in a folder of ours that nobody else can write is used.
  let cachedData: Buffer | undefined;
  try {
    if (ownedPrivately(dir) && ownedPrivately(cacheFile)) cachedData = fs.readFileSync(cacheFile);
  } catch {
    // gone since the check (another process's saveCache replaces it): compiled afresh
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    run.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  if (cachedData && !script.cachedDataRejected) return { exports: mod.exports };
  const saveCache = () => {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!ownedPrivately(dir)) return;
      // The caches of earlier builds of this bundle go.
      for (const f of fs.readdirSync(dir)) if (f.startsWith(`${name}-`) && f.endsWith('.bin')) fs.rmSync(path.join(dir, f), { force: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
    } catch {
      // only a cache: the next load compiles the bundle again
    }
  };
  return { exports: mod.exports, saveCache };
}

/**
 * FNV-1a of a path, in hex: tells apart the bundles of different folders in a cache file name.
 * Hand-written (four lines) because the launcher runs before anything else and loading crypto for
 * it would cost more than the hash.
 */
function pathHash(p: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Whether `p` exists, belongs to this user, and neither group nor others may write it. */
function ownedPrivately(p: string): boolean {
  try {
    const st = fs.statSync(p);
    return st.uid === (process.getuid?.() ?? st.uid) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
