// How the language server's node process is started. One constant, read by the extension
// (client/src/languageClient.ts forks dist/server.js over --node-ipc with these execArgv) and by the
// benchmark (bench/lsp.bench.ts spawns the same bundle with the same flags over stdio), so the
// benchmark measures the server the way users run it. The peer in the benchmark runs on plain node
// with no flags, as VS Code's Docker extension starts it (its server module forked over IPC without
// execArgv).

/**
 * Node flags of the server process: a larger young generation. A whole-file diagnostics pass
 * allocates tens of megabytes of short-lived objects (ranges, shell words, layer-model items) while
 * the document's analysis stays alive; with V8's default semi-space (grown on demand up to 16 MB)
 * about a quarter of the pass was scavenges copying that live analysis. Measured on the generated
 * 2,000-line file, didOpen → publishDiagnostics, median of 60-80 runs with our server under each
 * setting and the peer alive at once and taking turns (ours / peer, 9 rounds on a loaded 2-core
 * machine): no flag 0.41, 32 MB 0.41, 64 MB 0.37, 128 MB 0.33. 64 MB is taken: most of the gain,
 * while the young generation stays bounded (resident memory after the runs: ~140 MB without the
 * flag, ~210 MB with 64 or 128 MB; 128 MB would let a larger file grow it further).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
