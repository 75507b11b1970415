import type { Command } from 'commander';
import * as fs from 'fs';
import * as readline from 'readline';
import { EngineError, isEngineError } from '../core/errors';
import { openEmbeddedEngine } from '../engine/embedded';
import type { Engine } from '../engine/engine';
import { closeIdleConnections } from '../engine/registry/transport';
import { dockerMode, openDockerEngine } from './docker';

/**
 * What every CLI noun (commands/<noun>) shares: opening the engine, docker's table and Go-template
 * output, filters, repeated flags, confirmations, the exit-status error.
 */

/** docker's tabwriter (minwidth 10, padding 3): each column as wide as its widest cell + 3. */
export function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0].map((_, i) => Math.max(10, ...rows.map((r) => (r[i] ?? '').length + 3)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('').trimEnd() + '\n').join('');
}

// ---- Go-template subset for --format ------------------------------------------------------

function lookup(obj: unknown, path: string): unknown {
  if (path === '.' || path === '') return obj;
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function goValue(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.entries(v as object).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]`;
  return String(v);
}

/**
 * Renders the subset of Go templates docker users type most: `{{.Field.Sub}}`,
 * `{{json .X}}`, `{{index .Map "key"}}`, `{{join .List ","}}`, `{{lower .X}}`, `{{upper .X}}`,
 * with `\t`/`\n` escapes. Hand-written: a full text/template engine is out of scope here.
 */
export function renderTemplate(tpl: string, obj: unknown): string {
  return tpl
    .replace(/\\t/g, '\t')
    .replace(/\\n/g, '\n')
    .replace(/{{-?\s*(.*?)\s*-?}}/g, (_m, expr: string) => {
      const parts = expr.match(/"[^"]*"|\S+/g) ?? [];
      const arg = (s: string) => (s.startsWith('"') ? s.slice(1, -1) : lookup(obj, s));
      switch (parts[0]) {
        case 'json':
          return JSON.stringify(arg(parts[1] ?? '.') ?? null);
        case 'index': {
          const base = arg(parts[1]) as Record<string, unknown> | unknown[] | undefined;
          const key = arg(parts[2]);
          return goValue(base === undefined ? undefined : (base as Record<string, unknown>)[String(key)]);
        }
        case 'join':
          return ((arg(parts[1]) as unknown[]) ?? []).map(String).join(String(arg(parts[2])));
        case 'lower':
          return goValue(arg(parts[1])).toLowerCase();
        case 'upper':
          return goValue(arg(parts[1])).toUpperCase();
        default:
          return goValue(arg(parts[0] ?? "."));
      }
    });
}

// ---- helpers ----------------------------------------------------------------------------

/**
 * docker's `--format 'table {{.A}}\t{{.B}}'` (`tpl` is what follows `table `): a header row from
 * the field names (`headers`, else the name in capitals), then one row per object, aligned.
 */
export function templateTable(tpl: string, rows: object[], headers: Record<string, string>): string {
  const header = tpl.replace(/{{\s*\.(\w+)\s*}}/g, (_m, f: string) => headers[f] ?? f.toUpperCase());
  const cells = (line: string) => line.replace(/\\t/g, '\t').split('\t');
  return table([cells(header), ...rows.map((r) => cells(renderTemplate(tpl, r)))]);
}

export function dataRootOf(cmd: Command): string | undefined {
  return (cmd.optsWithGlobals() as { dataRoot?: string }).dataRoot;
}

export function openEngine(cmd: Command): Promise<Engine> {
  // `--engine docker` / `--host`: the same commands over a Docker daemon (cli/docker.ts).
  if (dockerMode(cmd)) return openDockerEngine(cmd);
  return openEmbeddedEngine(dataRootOf(cmd));
}

/** The `image`/`system` groups may be created by more than one module: reuse one. */
export function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export const collect = (v: string, prev: string[]) => [...prev, v];

/**
 * Runs `fn` per argument like docker: an EngineError prints "Error response from daemon: …" and
 * the next argument still runs; exit status 1 if any failed. Unless `silent`, prints each argument
 * that succeeded. (isEngineError, not instanceof: the Docker engine is a bundle of its own.)
 */
export async function eachArg(names: string[], fn: (n: string) => Promise<unknown>, silent = false): Promise<void> {
  let failed = false;
  for (const n of names) {
    try {
      await fn(n);
      if (!silent) out(n + '\n');
    } catch (e) {
      if (!isEngineError(e)) throw e;
      failed = true;
      process.stderr.write(`Error response from daemon: ${e.message}\n`);
    }
  }
  if (failed) process.exitCode = 1;
}

export function parseFilters(list: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of list) {
    const i = f.indexOf('=');
    if (i <= 0) throw new EngineError('invalid-argument', `bad format of filter (expected name=value)`);
    (out[f.slice(0, i).trim().toLowerCase()] ??= []).push(f.slice(i + 1));
  }
  return out;
}

/** How command output goes out: straight to fd 1 until that would block ('stream') or the reader left ('closed'). */
let outMode: 'direct' | 'stream' | 'closed' = 'direct';

/**
 * Command output, written to fd 1 directly. process.stdout on a pipe or a terminal is a
 * net.Socket or tty.WriteStream whose first use loads and sets up net, tty and the stream
 * machinery, ~3.5 ms of CPU per command (`ps -a` formats 200 rows in less); its writes to pipes,
 * files and terminals are synchronous on Linux, so the two kinds of writes keep their order. A
 * descriptor another process made non-blocking (EAGAIN once its pipe is full) hands the rest to
 * process.stdout, which waits for the reader; a reader that went away (EPIPE: `ps -a | head -1`)
 * ends the output without an error, as a native CLI ends on SIGPIPE.
 */
export function out(s: string): void {
  if (outMode === 'closed') return;
  if (outMode === 'stream') {
    process.stdout.write(s);
    return;
  }
  const buf = Buffer.from(s);
  let off = 0;
  try {
    while (off < buf.length) off += fs.writeSync(1, buf, off);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      outMode = 'closed';
      return;
    }
    if (code !== 'EAGAIN') throw e;
    outMode = 'stream';
    // Its EPIPE (the reader left while it waited) ends the output as out()'s own does.
    process.stdout.on('error', () => (outMode = 'closed'));
    process.stdout.write(buf.subarray(off));
  }
}

/**
 * Waits until what went to process.stdout has reached the reader: the CLI ends with
 * process.exit, which drops what a pipe's reader has not taken yet (Node makes fd 1
 * non-blocking and queues the rest): out()'s rest after a full pipe, and what commands write
 * to process.stdout themselves (container output of `run` and `logs`). Nothing to wait for, and
 * process.stdout is not set up, when no write is pending.
 */
export async function flushOut(): Promise<void> {
  if (outMode !== 'stream' && !process.getActiveResourcesInfo().some((r) => r.endsWith('WriteWrap'))) return;
  const stdout = process.stdout;
  // Polled: 'drain' comes only after a write that filled the stream's buffer, not for a smaller rest.
  const ignore = () => undefined; // an EPIPE meanwhile (the reader left) ends the wait: stdout is destroyed
  stdout.on('error', ignore);
  while (stdout.writableLength && !stdout.destroyed) await new Promise((r) => setTimeout(r, 5));
  stdout.off('error', ignore);
}

/** docker's `Are you sure you want to continue? [y/N]`: true for y/yes on stdin. */
export async function confirm(question: string): Promise<boolean> {
  process.stdout.write(question);
  if (!process.stdin.readable) return false;
  const rl = readline.createInterface({ input: process.stdin });
  const line = await new Promise<string>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(''));
  });
  rl.close();
  return /^y(es)?$/i.test(line.trim());
}


/**
 * `<noun> inspect NAME...` (container, volume, network): the documents as docker prints them, a
 * JSON array or `--format` once per document; a missing name is reported and the others still print.
 */
export async function printInspected(names: string[], format: string | undefined, inspect: (name: string) => Promise<unknown>): Promise<void> {
  const res: unknown[] = [];
  await eachArg(names, async (n) => void res.push(await inspect(n)), true);
  out(format ? res.map((r) => renderTemplate(format, r) + '\n').join('') : JSON.stringify(res, null, 4) + '\n');
}

/** Ends the command with `status` after printing `message` (docker's 125/126/127 for run and exec). */
export class ExitError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Runs a command body with an AbortSignal tied to Ctrl-C, closing idle connections after. */
export async function withInterrupt(fn: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSig);
    closeIdleConnections();
  }
}

