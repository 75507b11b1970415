import { spawn, type ChildProcess } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';

/** Resolves true once `child` has exited, false if it is still running after `ms`. */
export function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/**
 * One GET with a 1 s timeout: the status code, or undefined when nothing answers yet. Used to
 * wait for servers the tests start (a registry on a URL, dockerd on a unix socket).
 */
export function probeHttp(target: string | (http.RequestOptions & { socketPath: string })): Promise<number | undefined> {
  return new Promise((resolve) => {
    const done = (res: http.IncomingMessage) => {
      res.resume();
      resolve(res.statusCode);
    };
    const req = typeof target === 'string'
      ? (target.startsWith('https:') ? https.get : http.get)(target, { timeout: 1000, rejectUnauthorized: false }, done)
      : http.get({ ...target, timeout: 1000 }, done);
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
  });
}

/** What a finished process said: its exit code (-1 for a signal), stdout and stderr. */
export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd` to its end without blocking the test's event loop (servers in the test keep answering); `input` is its whole stdin. */
export function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.on('error', () => undefined);
    p.stdin.end(input ?? '');
  });
}

/** `stevedore ...args` from the per-file build (out/client/src/cli/main.js), run by runProcess with exactly `env`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<ProcessResult> {
  return runProcess(process.execPath, [path.resolve(__dirname, '../../client/src/cli/main.js'), ...args], env, input);
}

/** The body of a GET, or undefined when the request fails (for polling a server until it answers). */
export function httpGetText(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    http.get(url, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    }).on('error', () => resolve(undefined));
  });
}
