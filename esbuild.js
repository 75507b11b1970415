// Builds Stevedore.
//  dist/  bundles that ship: the extension, the language server and the CLI.
//  out/   every .ts under client/src, server/src, test and bench transpiled one file
//         per file (no bundling), so mocha and the extension-host test loader run them.
// Usage: node esbuild.js [--watch] [--production]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
// package.json's version, the one every part reports (client/src/core/version.ts).
const define = { __STEVEDORE_VERSION__: JSON.stringify(require('./package.json').version) };
const production = process.argv.includes('--production');

function tsFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...tsFiles(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(p);
  }
  return found;
}

// A .js in out/ whose .ts was moved or deleted would still be found by Node's resolution (out/x.js
// before out/x/index.js) and shadow the new code: remove those before transpiling.
function removeStaleOutput(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) removeStaleOutput(p);
    else if (entry.name.endsWith('.js') && !fs.existsSync(path.relative('out', p).replace(/\.js$/, '.ts'))) fs.rmSync(p, { force: true });
  }
}

// sh-syntax loads its WASM module from a file next to its own code; ship it beside the bundles.
function copyAssets() {
  fs.mkdirSync('dist', { recursive: true });
  const wasm = require.resolve('sh-syntax/main.wasm');
  fs.copyFileSync(wasm, path.join('dist', 'main.wasm'));
}

/**
 * A plugin that rewrites a bundle's output file once esbuild wrote it, applying `rewrites` in
 * order to one read of the file and writing it once. The rewrites below keep every line where it
 * was (replacements on the same line, additions on line 1), so the source maps stay right.
 */
function rewriteOutput(rewrites) {
  return {
    name: 'rewrite-output',
    setup(build) {
      build.onEnd((result) => {
        const file = build.initialOptions.outfile;
        if (result.errors.length || !file || !fs.existsSync(file)) return;
        const text = fs.readFileSync(file, 'utf8');
        const out = rewrites.reduce((t, rewrite) => rewrite(t), text);
        if (out !== text) fs.writeFileSync(file, out);
      });
    },
  };
}

// esbuild gives every module of a bundle its own namespace copy of each Node built-in it imports
// (`import * as fs from 'fs'` -> `__toESM(require("fs"))`: a getter per export, ~100 for fs). The
// engine bundle made 93 such copies while loading (~13 ms of opening the engine in VS Code); one
// copy per built-in, kept on globalThis, serves every module (and bundle).
const { builtinModules } = require('module');
const shareBuiltinNamespaces = (text) =>
  text.replace(/__toESM\(require\("(?:node:)?([a-z_/]+)"\)\)/g, (m, name) =>
    builtinModules.includes(name) ? `((globalThis.__stevedoreBuiltinNamespaces ??= {})[${JSON.stringify(name)}] ??= ${m})` : m);

// The CLI is a new process per command, and a command needs few of the built-ins its bundle
// names: `create` uses no socket, `ps` no child process, `--version` none of them. Node compiles
// each built-in on its first require (child_process, net, http, https, tls, zlib, readline, dns,
// dgram...: ~11 ms of every command here), so in the CLI bundle those requires become a stand-in
// that requires the module on first use of one of its members. Only object-valued modules: a
// module that is itself a function or class (stream, assert) is called or extended as such and
// stays eager, as do the ones Node's bootstrap has loaded anyway (fs, path, events, util, url...).
const LAZY_BUILTINS = ['child_process', 'crypto', 'dgram', 'dns', 'http', 'https', 'net', 'os', 'readline', 'stream/promises', 'tls', 'worker_threads', 'zlib'];
const LAZY_HELPER = 'var __stevedoreLazy=(n)=>{const c=globalThis.__stevedoreLazyBuiltins??={};if(c[n])return c[n];let m;const l=()=>m??=require(n);'
  + 'return c[n]=new Proxy({},{get:(_,k)=>k==="default"?l():l()[k],has:(_,k)=>k in l(),ownKeys:()=>Reflect.ownKeys(l()),'
  + 'getOwnPropertyDescriptor:(_,k)=>{const d=Reflect.getOwnPropertyDescriptor(l(),k);return d&&{...d,configurable:true}}})};';
const lazyBuiltins = (text) => {
  const names = LAZY_BUILTINS.map((n) => n.replace('/', '\\/')).join('|');
  return text
    .replace(new RegExp(`(?:__toESM\\()?require\\("(?:node:)?(${names})"\\)(\\))?`, 'g'), (m, name, close) =>
      (m.startsWith('__toESM(') ? (close ? `__stevedoreLazy(${JSON.stringify(name)})` : m) : `__stevedoreLazy(${JSON.stringify(name)})${close ?? ''}`))
    // `stream` is a class too, but the bindings esbuild names `import_stream<N>` (our modules'
    // `import { Readable } from 'stream'`) are only ever read as `import_stream<N>.Member`:
    // those load it on first use (~1.5 ms of `ps`, which streams nothing); a dependency's own
    // `require("stream")` stays as it is.
    .replace(/\b(import_stream\d*) = require\("(?:node:)?stream"\);/g, '$1 = __stevedoreLazy("stream");')
    .replace(/^("use strict";)?/, (h) => h + LAZY_HELPER);
};

// proper-lockfile (fsutil.withLock) loads graceful-fs, which patches a copy of fs at load time
// and loads the stream machinery for its legacy streams, and signal-exit, which loads Node's
// assert for one argument check: ~4 ms of every CLI command that takes a lock (create, rm,
// start...). A lock is a few mkdir/stat/utimes/rmdir calls that need neither graceful-fs's
// EMFILE queue nor assert: in the bundles proper-lockfile gets Node's fs and signal-exit a
// one-function assert (client/src/engine/shims/assert.ts).
const lockDeps = {
  name: 'lock-deps',
  setup(build) {
    const from = (args, pkg) => args.importer.includes(`${path.sep}node_modules${path.sep}${pkg}${path.sep}`);
    build.onResolve({ filter: /^graceful-fs$/ }, (args) => (from(args, 'proper-lockfile') ? { path: 'fs', external: true } : undefined));
    build.onResolve({ filter: /^assert$/ }, (args) => (from(args, 'signal-exit') ? { path: path.resolve(__dirname, 'client/src/engine/shims/assert.ts') } : undefined));
  },
};

// esbuild writes ASCII but leaves comments and regular expressions as they are, and one
// non-ASCII character makes V8 hold the whole 1.1 MB CLI bundle as a two-byte string, which Node
// also decodes from UTF-8 several times slower: read on every command (client/src/lazy.ts reads
// an ASCII bundle as latin1). A \uXXXX escape means the same in strings, regular expressions and
// identifiers, and is only text in a comment.
const asciiOnly = (text) =>
  text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const bundles = [
  // Banner and footer stamp the bundle's evaluation, so activation can report load + activate time.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'],
    banner: { js: 'globalThis.__stevedoreLoad = { start: performance.now() };' }, footer: { js: 'globalThis.__stevedoreLoad.end = performance.now();' } },
  // Loaded lazily by the extension (client/src/lazy.ts): not part of activation.
  { entryPoints: ['client/src/engine/embedded.ts'], outfile: 'dist/engine.js', external: [] },
  // The Docker engine (dockerode), loaded only when it is chosen. ssh2's optional native addons stay out.
  { entryPoints: ['client/src/engine/docker/index.ts'], outfile: 'dist/docker.js', external: ['cpu-features', '*.node'] },
  { entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] },
  // The Docker Engine API server (client/src/daemon), loaded by the extension when it serves the socket.
  { entryPoints: ['client/src/daemon/index.ts'], outfile: 'dist/daemon.js', external: [] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: [] },
  // The per-container supervisor, started detached by the engine (client/src/engine/container).
  { entryPoints: ['client/src/engine/container/shim.ts'], outfile: 'dist/shim.js', external: [] },
  // The CLI: a small launcher (dist/cli.js) that loads the bundle (dist/cli-main.js) with V8's code cache.
  // Its first line moves NODE_EXTRA_CA_CERTS out of Node's way (Node 20 parses it and all its root
  // certificates at start-up, ~30 ms); the registry client reads it on first use (client/src/engine/extraCa.ts).
  { entryPoints: ['client/src/cli/launch.ts'], outfile: 'dist/cli.js', external: [], banner: { js: '#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS STEVEDORE_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node' } },
  { entryPoints: ['client/src/cli/main.ts'], outfile: 'dist/cli-main.js', external: [], lazyBuiltins: true },
].map(({ lazyBuiltins: lazy, ...b }) => ({
  ...b,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // The CLI's output rewrite (lazyBuiltins) finds esbuild's `__toESM(require("x"))` by name: its
  // identifiers stay unminified.
  ...(lazy ? { minifyWhitespace: production, minifySyntax: production } : { minify: production }),
  logLevel: 'warning',
  plugins: [lockDeps, rewriteOutput(lazy ? [lazyBuiltins, shareBuiltinNamespaces, asciiOnly] : [shareBuiltinNamespaces, asciiOnly])],
  define,
  // jsonc-parser's `main` is a UMD build whose requires a bundler cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
}));

const transpile = {
  entryPoints: [...tsFiles('client/src'), ...tsFiles('server/src'), ...tsFiles('test'), ...tsFiles('bench')],
  outdir: 'out',
  outbase: '.',
  bundle: false,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  define,
};

async function main() {
  copyAssets();
  if (!production) for (const d of ['client', 'server', 'test', 'bench']) removeStaleOutput(path.join('out', d));
  const configs = production ? bundles : [...bundles, transpile];
  if (watch) {
    for (const c of configs) await (await esbuild.context(c)).watch();
    console.log('esbuild: watching for changes');
    return;
  }
  await Promise.all(configs.map((c) => esbuild.build(c)));
  try { fs.chmodSync('dist/cli.js', 0o755); } catch { /* not built */ }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
