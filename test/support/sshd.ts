import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { startService } from './service';

/**
 * A real OpenSSH server (Debian's openssh-server) started by a test: its own config, host key
 * and authorized_keys under a temp dir, listening on 127.0.0.1 only, run in the foreground
 * (`sshd -D`) as the test's user. No system sshd service or config is touched. Key
 * authentication only, for one generated client key.
 */
export interface Sshd {
  readonly dir: string;
  readonly port: number;
  /** The client's private key (OpenSSH ed25519, no passphrase), which authorized_keys admits. */
  readonly identityFile: string;
  /** A known_hosts line for this server's host key (`[127.0.0.1]:PORT ssh-ed25519 ...`). */
  readonly knownHostsLine: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface SshdOptions {
  port: number;
  /** `SetEnv` values for every session (e.g. DOCKER_HOST for the remote `docker` CLI). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const SSHD = '/usr/sbin/sshd'; // sshd re-executes itself and insists on an absolute path

export async function startSshd(opts: SshdOptions): Promise<Sshd> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sv-sshd-'));
  const f = (n: string) => path.join(dir, n);
  const keygen = (file: string, comment: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
  keygen(f('host_ed25519'), 'stevedore-test-host');
  keygen(f('id_ed25519'), 'stevedore-test-client');
  fs.copyFileSync(f('id_ed25519.pub'), f('authorized_keys'));
  // The privilege-separation directory is compiled into sshd (/run/sshd); the package creates it
  // only when its service starts, which the tests never do.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const setEnv = Object.entries(opts.env ?? {}).map(([k, v]) => `SetEnv ${k}=${v}`);
  fs.writeFileSync(f('sshd_config'), [
    `ListenAddress 127.0.0.1:${opts.port}`,
    `HostKey ${f('host_ed25519')}`,
    `AuthorizedKeysFile ${f('authorized_keys')}`,
    `PidFile ${f('sshd.pid')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The temp dir's parents (/tmp is 1777) would fail StrictModes' ownership checks.
    'StrictModes no',
    'LogLevel VERBOSE',
    ...setEnv,
    '',
  ].join('\n'));
  const logFile = f('sshd.log');
  const { stop } = await startService({
    name: 'sshd', command: SSHD, args: ['-D', '-e', '-f', f('sshd_config')], logFile, stdio: 'stderr',
    ready: () => accepts(opts.port), timeoutMs: opts.startTimeoutMs ?? 10_000, graceMs: 5_000,
    cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined),
  });
  const hostKey = fs.readFileSync(f('host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  return { dir, port: opts.port, identityFile: f('id_ed25519'), knownHostsLine: `[127.0.0.1]:${opts.port} ${hostKey}`, logFile, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
