// sh-syntax (mvdan/sh compiled to WebAssembly) called synchronously.
//
// sh-syntax's public `parse()` is async-only: every call awaits the WASM bytes, instantiates a fresh
// module and runs it. Diagnostics are computed synchronously (lint() and the RuleFamily signature
// are synchronous), so this module does what that function does, minus the awaits:
//  - the WASM module is compiled once with `new WebAssembly.Module(bytes)` (synchronous in Node; the
//    browser's 4 KB limit on synchronous compilation does not apply to Node's main thread);
//  - an instance is created with `new WebAssembly.Instance` and started with `go.run()`, whose TinyGo
//    `_start` runs synchronously before its first await, after which the `process` export can be
//    called like any function;
//  - one instance serves many parses. Its heap fills up (about a thousand small parses, or a dozen
//    15 KB scripts, use the 10 MB it starts with; TinyGo's collector then runs, and the instance
//    traps soon after), and a fresh instance per few hundred parses is not cheap either: each one
//    maps a new 10 MB memory, which V8 counts as external memory and answers with full garbage
//    collections of the server's heap (15-45 ms pauses). So each instance's memory is copied right
//    after `_start` and copied back (about 1 ms for 10 MB) before the heap could fill: the same
//    instance and memory serve every parse. How far the heap got is known from the result pointer
//    (the allocator hands out addresses in order until it is full); a parse that may not fit in
//    what is left (RESET_AT) resets first, and a reset is also scheduled right after a parse that
//    leaves the heap beyond RESET_SOON, so a diagnostics pass rarely pays for it. An instance is
//    only replaced after a trap, or when its memory had to grow (a script too large for 10 MB).
// Results are cached by script text, so an edited document re-parses only the RUNs that changed.
//
// What sh-syntax returns is the top-level statements with positions and their redirections (Cmd is
// only {Pos, End}), plus parse errors. hygiene/index.ts uses it as the gate in front of shell.ts's tree: a
// script that mvdan/sh rejects is not analysed.
import * as fs from 'fs';
import * as path from 'path';

export interface ShPos { Offset: number; Line: number; Col: number }
export interface ShStmt { Pos: ShPos; End: ShPos; Cmd: { Pos: ShPos; End: ShPos } | null; Redirs: Array<{ Op: string; Hdoc: { Pos: ShPos; End: ShPos } | null }> }
export interface ShResult {
  /** Top-level statements (empty on a parse error, and for scripts validated in a batch). */
  stmts: ShStmt[];
  /** mvdan/sh's error message, when the script does not parse. */
  error?: string;
  /** Byte offset of the error. */
  errorOffset?: number;
}

// The project's lib settings (ES2022, no DOM) do not declare WebAssembly; the few pieces used here:
interface WasmModule { readonly __module: unique symbol }
interface WasmInstance { exports: unknown }
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: unknown) => WasmInstance;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface WasmExports {
  memory: { buffer: ArrayBuffer };
  wasmAlloc(n: number): number;
  wasmFree(p: number): void;
  process(...args: Array<number | boolean>): number;
}

const CACHE_SIZE = 4000;
/** Reset before a parse that could take the heap beyond this share of the memory. */
const RESET_AT = 0.7;
/** Schedule a reset (outside the diagnostics pass) once the heap is beyond this share. */
const RESET_SOON = 0.4;
/** Heap a parse may take: per call, and per byte of script (mvdan/sh's syntax tree and its JSON). */
const HEAP_PER_CALL = 64 * 1024;
const HEAP_PER_BYTE = 160;
/** Script text validated in one call (about 5 MB of heap). */
const BATCH_BYTES = 32 * 1024;
/** mvdan/sh's LangVariant bit flags (sh-syntax 0.7): bash, which /bin/sh scripts in images parse as too. */
const LANG_BASH = 1;

let module: WasmModule | undefined;
let unavailable = false;
/** The instance, the copy of its memory just after `_start`, and how far its heap got since. */
interface Slot { exports: WasmExports; initial: Uint8Array; used: number }
let instance: Slot | undefined;
let resetQueued = false;
const cache = new Map<string, ShResult>();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function wasmPath(): string {
  // The bundles (dist/server.js) ship main.wasm beside them (esbuild.js); unbundled code finds the package.
  const beside = path.join(__dirname, 'main.wasm');
  if (fs.existsSync(beside)) return beside;
  return require.resolve(['sh-syntax', 'main.wasm'].join('/')); // not a literal: esbuild would ask to mark it external
}

function load(): WasmModule | undefined {
  if (module || unavailable) return module;
  try {
    // Defines globalThis.Go (TinyGo's runtime glue), as sh-syntax's own entry point does.
    require('sh-syntax/vendors/wasm_exec.cjs');
    module = new WA.Module(fs.readFileSync(wasmPath()));
  } catch {
    unavailable = true;
  }
  return module;
}

let preparing: Promise<void> | undefined;

/**
 * Compiles the module in the background (at server start), so the first diagnostics do not pay for
 * a synchronous compile; parsing before it is done compiles synchronously as before.
 */
export function prepareShellSyntax(): Promise<void> {
  preparing ??= (async () => {
    try {
      require('sh-syntax/vendors/wasm_exec.cjs');
      const bytes = await fs.promises.readFile(wasmPath());
      const m = await WA.compile(bytes);
      module ??= m;
      instance ??= fresh();
    } catch {
      // load() reports unavailability on first use
    }
  })();
  return preparing;
}

function fresh(): Slot | undefined {
  const mod = load();
  if (!mod) return undefined;
  const Go = (globalThis as unknown as { Go: new () => { importObject: unknown; run(i: WasmInstance): Promise<unknown> } }).Go;
  const go = new Go();
  const inst = new WA.Instance(mod, go.importObject);
  void go.run(inst).catch(() => undefined);
  const exports = inst.exports as unknown as WasmExports;
  return { exports, initial: new Uint8Array(exports.memory.buffer).slice(), used: 0 };
}

/**
 * Back to the state just after `_start`. Between calls the instance's only other state (the stack
 * pointer global, TinyGo's scheduler) is where `_start` left it, and no JavaScript values are
 * created by `process`, so the memory is all there is to restore. A memory that grew holds heap
 * beyond the copy: that instance is replaced instead.
 */
function reset(slot: Slot): Slot | undefined {
  if (slot.exports.memory.buffer.byteLength !== slot.initial.byteLength) return fresh();
  new Uint8Array(slot.exports.memory.buffer).set(slot.initial);
  slot.used = 0;
  return slot;
}

/** A reset after the current work, so the next diagnostics pass starts with an empty heap. */
function resetSoon(): void {
  if (resetQueued) return;
  resetQueued = true;
  setImmediate(() => {
    resetQueued = false;
    if (instance && instance.used > instance.initial.byteLength * RESET_SOON) instance = reset(instance);
  });
}

function call(src: string): ShResult | undefined {
  const text = encoder.encode(src);
  if (!instance) instance = fresh();
  else if (instance.used + HEAP_PER_CALL + HEAP_PER_BYTE * text.byteLength > instance.initial.byteLength * RESET_AT) instance = reset(instance);
  if (!instance) return undefined;
  const slot = instance;
  const { memory, wasmAlloc, wasmFree, process } = slot.exports;
  const textPtr = wasmAlloc(text.byteLength || 1);
  new Uint8Array(memory.buffer).set(text, textPtr);
  const emptyPtr = wasmAlloc(1);
  // process(filepath ptr/len/cap, text ptr/len/cap, print, keepComments, variant, stopAt ptr/len/cap,
  //         recoverErrors, simplify, indent, binaryNextLine, switchCaseIndent, spaceRedirects,
  //         keepPadding, minify, singleLine, functionNextLine) — sh-syntax 0.7's processor.
  const resultPtr = process(emptyPtr, 0, 0, textPtr, text.byteLength, text.byteLength, false, false, LANG_BASH, emptyPtr, 0, 0, 0, false, 2, true, true, true, false, false, false, false);
  wasmFree(textPtr);
  wasmFree(emptyPtr);
  const bytes = new Uint8Array(memory.buffer).subarray(resultPtr);
  const end = bytes.indexOf(0);
  const json = decoder.decode(bytes.subarray(0, end));
  slot.used = Math.max(slot.used, resultPtr + end + 1);
  if (slot.exports.memory.buffer.byteLength !== slot.initial.byteLength) instance = fresh();
  else if (slot.used > slot.initial.byteLength * RESET_SOON) resetSoon();
  const r = JSON.parse(json) as { file?: { Stmts?: ShStmt[] }; parseError?: { Pos?: ShPos; Text?: string } | null; message?: string };
  if (r.parseError || r.message) return { stmts: [], error: r.parseError?.Text ?? r.message ?? 'parse error', errorOffset: r.parseError?.Pos?.Offset };
  return { stmts: r.file?.Stmts ?? [] };
}

/**
 * Parses a script with mvdan/sh. undefined when the WASM module cannot be loaded or traps twice
 * (callers then go on without the gate).
 */
export function shParse(src: string): ShResult | undefined {
  const hit = cache.get(src);
  if (hit) {
    cache.delete(src);
    cache.set(src, hit);
    return hit;
  }
  let r: ShResult | undefined;
  for (let attempt = 0; attempt < 2 && r === undefined; attempt++) {
    try {
      r = call(src);
      if (r === undefined) return undefined;
    } catch {
      instance = undefined; // a trapped instance is not reused
    }
  }
  if (!r) return undefined;
  remember(src, r);
  return r;
}

/**
 * Validates many scripts with one sh-syntax call (a document's RUNs on first open): each script is
 * wrapped in a subshell, `(\n<script>\n)\n`. When the batch parses and its top-level statements are
 * exactly those subshells, byte for byte, no script leaked into another (an unterminated quote or
 * here-document would have swallowed the next wrapper), so each one parses on its own: they are
 * cached as valid. Otherwise every script is parsed alone. Scripts must not be empty (an empty
 * subshell is a syntax error).
 */
export function shValidateMany(scripts: string[]): void {
  const todo = [...new Set(scripts.filter((x) => !cache.has(x)))];
  // batches of at most BATCH_BYTES, so one call fits in the instance's memory (see RESET_AT)
  for (let i = 0; i < todo.length;) {
    let j = i;
    for (let bytes = 0; j < todo.length && (j === i || bytes + todo[j].length <= BATCH_BYTES); j++) bytes += todo[j].length + 4;
    if (j - i >= 2) batch(todo.slice(i, j), 0);
    i = j;
  }
}

/**
 * One call for the lot. On a failure, the scripts before the first bad one are proven by the same
 * call (statements aligned) or re-batched (a parse error stops the parser, so nothing before it is
 * proven), the bad one is parsed alone, and the rest goes into the next call.
 */
function batch(scripts: string[], depth: number): void {
  let todo = scripts;
  while (todo.length >= 2 && depth <= 8) {
    let text = '';
    let bytes = 0;
    const spans: Array<[number, number]> = [];
    for (const sc of todo) {
      const chunk = `(\n${sc}\n)`;
      const len = encoder.encode(chunk).byteLength;
      spans.push([bytes, bytes + len]);
      text += `${chunk}\n`;
      bytes += len + 1;
    }
    let r: ShResult | undefined;
    try {
      r = call(text);
    } catch {
      instance = undefined;
      return;
    }
    if (!r) return;
    let bad: number;
    if (r.error) {
      const off = r.errorOffset ?? bytes;
      bad = spans.findIndex(([, end]) => off <= end);
      if (bad < 0) bad = spans.length - 1;
      if (bad > 0) batch(todo.slice(0, bad), depth + 1);
    } else {
      bad = 0;
      while (bad < spans.length && r.stmts[bad] && r.stmts[bad].Pos.Offset === spans[bad][0] && r.stmts[bad].End.Offset === spans[bad][1]) bad++;
      if (bad === spans.length && r.stmts.length === spans.length) {
        for (const sc of todo) remember(sc, { stmts: [] });
        return;
      }
      for (const sc of todo.slice(0, bad)) remember(sc, { stmts: [] });
    }
    if (bad < todo.length) shParse(todo[bad]);
    todo = todo.slice(bad + 1);
  }
}

function remember(src: string, r: ShResult): void {
  cache.set(src, r);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

/** Offset conversion: mvdan/sh reports byte offsets (UTF-8); JavaScript strings index UTF-16 units. */
export function byteToCharOffset(src: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < src.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = src.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) { bytes += 4; i++; } else bytes += 3;
  }
  return src.length;
}
