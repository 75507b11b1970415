import * as fs from 'fs';

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
