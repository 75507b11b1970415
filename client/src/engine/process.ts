import { execFile, type ExecFileOptions } from 'child_process';
import * as fs from 'fs';
import { promisify } from 'util';

/**
 * Whether process `pid` is running. With `marker`, also that its command line holds it, so a pid
 * the kernel reused for another program does not count (the container shim, the network helper);
 * without, signal 0 decides (EPERM: it runs, as another user). Linux `/proc` for the marker.
 */
export function pidAlive(pid: number | undefined, marker?: string): boolean {
  if (!pid || pid <= 0) return false;
  if (marker !== undefined) {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that wrote `owner` is still the one running: its pid alive with the same
 * start time (so a reused pid does not keep a dead owner's leftovers forever).
 */
export function ownerAlive(owner: ProcessOwner): boolean {
  if (owner.pid === process.pid) return true;
  const start = processStart(owner.pid);
  return start !== undefined && (owner.start === undefined || owner.start === start);
}

export interface ProcessOwner {
  pid: number;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  start?: string;
}

/** This process as an owner record. */
export function thisProcess(): ProcessOwner {
  return { pid: process.pid, start: processStart(process.pid) };
}

function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * `promisify(execFile)`: a program's stdout and stderr as text, rejecting on a non-zero exit.
 * Made per call rather than once per module, so that loading a module does not load
 * child_process (the CLI defers Node built-ins to their first use, see esbuild.js).
 */
export function run(file: string, args: readonly string[], opts: ExecFileOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(file, args, { ...opts, encoding: 'utf8' });
}
