import { spawn } from 'child_process';
import { EngineError } from '../../core/errors';
import type { AuthConfig } from './store';

/**
 * Docker's credential-helper protocol: `docker-credential-<name> get|store|erase`, the
 * server URL or a JSON record on stdin, JSON on stdout. Helper output can echo secrets, so
 * error messages quote only the helper name and action, never its output or input.
 */
function run(helper: string, action: 'get' | 'store' | 'erase', input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const bin = `docker-credential-${helper}`;
    const p = spawn(bin, [action], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', (e) =>
      reject(
        new EngineError(
          'unavailable',
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? `credential helper ${bin} is not installed (it is named in your Docker config); install it or remove it from config.json`
            : `credential helper ${bin} could not be started: ${(e as Error).message}`,
        ),
      ),
    );
    p.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    p.stdin.on('error', () => undefined);
    p.stdin.end(input);
  });
}

const NOT_FOUND = /credentials not found/i;

export async function helperGet(helper: string, serverUrl: string): Promise<AuthConfig | undefined> {
  const r = await run(helper, 'get', serverUrl);
  if (r.code !== 0) {
    if (NOT_FOUND.test(r.stdout) || NOT_FOUND.test(r.stderr)) return undefined;
    throw new EngineError('unavailable', `credential helper docker-credential-${helper} failed to read credentials for ${serverUrl} (exit ${r.code})`);
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new EngineError('corrupt', `credential helper docker-credential-${helper} returned malformed output for ${serverUrl}`);
  }
  if (!parsed.Secret) return undefined;
  // Docker's convention: username "<token>" means the secret is an identity (refresh) token.
  if (parsed.Username === '<token>') return { identityToken: parsed.Secret };
  return { username: parsed.Username, password: parsed.Secret };
}

export async function helperStore(helper: string, serverUrl: string, auth: AuthConfig): Promise<void> {
  const record = auth.identityToken
    ? { ServerURL: serverUrl, Username: '<token>', Secret: auth.identityToken }
    : { ServerURL: serverUrl, Username: auth.username ?? '', Secret: auth.password ?? '' };
  const r = await run(helper, 'store', JSON.stringify(record));
  if (r.code !== 0) throw new EngineError('unavailable', `credential helper docker-credential-${helper} failed to store credentials for ${serverUrl} (exit ${r.code})`);
}

export async function helperErase(helper: string, serverUrl: string): Promise<boolean> {
  const r = await run(helper, 'erase', serverUrl);
  if (r.code !== 0) {
    if (NOT_FOUND.test(r.stdout) || NOT_FOUND.test(r.stderr)) return false;
    throw new EngineError('unavailable', `credential helper docker-credential-${helper} failed to erase credentials for ${serverUrl} (exit ${r.code})`);
  }
  return true;
}
