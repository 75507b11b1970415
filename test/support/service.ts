import { spawn } from 'child_process';
import * as fs from 'fs';
import { exited } from './process';

/**
 * A server process a test starts (sshd, podman's API service): its output appended to `logFile`,
 * killed if the test process exits without stopping it, and waited for until `ready()` is true.
 * If it dies or is not ready in time, it is stopped and the error carries its log's tail.
 */
export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** Which of stdout/stderr go to the log (default both). */
  stdio?: 'both' | 'stderr';
  ready: () => Promise<boolean>;
  timeoutMs: number;
  /** How long SIGTERM is given before SIGKILL. */
  graceMs: number;
  /** Runs after the process has gone (unmounts, temp dirs). */
  cleanup: () => Promise<void>;
}

export async function startService(o: ServiceOptions): Promise<{ stop(): Promise<void> }> {
  const log = fs.openSync(o.logFile, 'a');
  const child = spawn(o.command, o.args, { env: o.env ?? process.env, stdio: ['ignore', o.stdio === 'stderr' ? 'ignore' : log, log] });
  fs.closeSync(log);
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, o.graceMs))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    await o.cleanup();
  };
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const problem = spawnError?.message ?? (child.exitCode !== null ? `exited with code ${child.exitCode}` : undefined);
    if (problem || Date.now() > deadline) {
      const tail = fs.readFileSync(o.logFile, 'utf8').split('\n').slice(-20).join('\n');
      await stop();
      throw new Error(`${o.name} ${problem ?? 'was not ready in time'}:\n${tail}`);
    }
    if (await o.ready()) return { stop };
    await new Promise((r) => setTimeout(r, 100));
  }
}
