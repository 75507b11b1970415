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
 *
 * And a first old-generation limit of 64 MB. V8 starts incremental marking once the old generation's
 * room to its limit is less than the young generation may promote; with the 64 MB semi-space that
 * happened ~200 ms after start (old generation 9 MB of a 21 MB limit), so every fresh server did one
 * full collection while the user's first completions came in: a 2-8 ms pause on one request plus
 * ~7 ms of marking steps around it, freeing ~1 MB (9.5 -> 8.5 MB). Measured over stdio (a fresh
 * server, the bench's 4 real-world files opened, 1,000-2,500 completions): that early mark-compact
 * is gone and nothing else changes — the same 13/21 scavenges, resident memory 86-100 MB either way;
 * after 40 opens of the 2,000-line file one mark-compact instead of two, resident 231-241 MB vs
 * 231 MB, diagnostics p50 21-24 ms either way.
 *
 * Then (issue 23) the young generation back to 16 MB: peak memory is what users see in their
 * process list, and the 64 MB semi-spaces were most of it. Peak RSS (VmHWM) after 5 opens of a
 * generated 8,000-line file, one kept open and 200 completions in it, same run: 64 MB 244 MB,
 * 16 MB 158-168 MB, no flags 179-191 MB, the peer 147-155 MB (1.03-1.1x with 16 MB). The first
 * old-generation limit stays (it is why 16 MB peaks below no flags at all). Diagnostics did not
 * get slower: didOpen -> publishDiagnostics of the 2,000-line file, 16 MB, 64 MB and the peer
 * alive at once and taking turns, p50 of 40-60 opens in three runs at load average ~8.7: 16 MB
 * 48/44/42 ms, 64 MB 61/51/43 ms, peer 93/120/99 ms.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--initial-old-space-size=64'];
