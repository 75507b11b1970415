// How the language server's node process is started. One constant, read by the extension
// (client/src/languageClient.ts forks dist/server.js over --node-ipc with these execArgv) and by the
// benchmark (bench/lsp.bench.ts spawns the same bundle with the same flags over stdio), so the
// benchmark measures the server the way users run it. The peer in the benchmark runs on plain node
// with no flags, as VS Code's Docker extension starts it (its server module forked over IPC without
// execArgv).

/**
 * Node flags of the server process: a larger young generation. A whole-file diagnostics pass on the
 * generated 2,000-line file allocates ~13 MB of short-lived objects (ranges, shell words,
 * layer-model items) while the document's analysis stays alive; with V8's default semi-space
 * (grown on demand up to 16 MB) a quarter of the pass was scavenges copying that live analysis.
 * Measured: didOpen → publishDiagnostics of that file, our server under each setting and the peer
 * alive at once, a random order each round and a pause between opens, median of 60 opens, ours /
 * peer over 4 runs on a loaded 2-core machine: no flag 0.37-0.43, 32 MB 0.28-0.38, 64 MB 0.31-0.33,
 * 128 MB 0.28-0.30 (absolute: ~20 ms without, ~16 ms with 64 MB, peer ~50 ms). 64 MB is taken: most
 * of the gain with the young generation still bounded (resident memory after the runs ~130 MB
 * without the flag, ~220 MB with 64 or 128 MB, peer ~100 MB; 128 MB lets a bigger file grow it
 * further).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
