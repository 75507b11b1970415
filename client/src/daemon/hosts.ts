import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Listen } from './server';

/**
 * The documented default socket: `$XDG_RUNTIME_DIR/stevedore/docker.sock` (per user, on a tmpfs
 * only that user can enter), else `<data root>/run/docker.sock`. The folder is made 0700.
 */
export function defaultSocketPath(dataRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime) && fs.existsSync(runtime)) return path.join(runtime, 'stevedore', 'docker.sock');
  return dataRootSocketPath(dataRoot);
}

/** The socket under the data root: the default without $XDG_RUNTIME_DIR, and where VS Code serves when the per-user one belongs to another data root. */
export function dataRootSocketPath(dataRoot: string): string {
  return path.join(dataRoot, 'run', 'docker.sock');
}

export interface TlsFlags {
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

/**
 * `--host` values as dockerd takes them: `unix:///path`, `tcp://HOST:PORT` (`fd://` is not
 * supported). A TCP address that is not loopback needs `--tlsverify` with the CA, certificate and
 * key: nothing listens on the network without clients proving who they are.
 */
export function parseHost(spec: string, tls: TlsFlags, group?: number): Listen {
  if (spec.startsWith('unix://')) {
    const p = spec.slice('unix://'.length);
    if (!path.isAbsolute(p)) throw new Error(`invalid --host ${spec}: the socket path must be absolute`);
    return { kind: 'unix', path: p, ...(group !== undefined ? { group } : {}) };
  }
  if (spec.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+)?(?::(\d+))?\/?$/.exec(spec);
    if (!m) throw new Error(`invalid --host ${spec}: expected tcp://HOST:PORT`);
    const host = (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, '');
    const wantTls = !!(tls.tls || tls.tlsverify);
    const port = m[2] !== undefined ? Number(m[2]) : wantTls ? 2376 : 2375;
    if (!isLoopback(host) && !tls.tlsverify) {
      throw new Error(`refusing to listen on ${spec} without TLS: an address other than loopback needs --tlsverify --tlscacert --tlscert --tlskey (anyone who reaches the socket controls the engine)`);
    }
    if (wantTls) {
      for (const [flag, file] of [['--tlscert', tls.tlscert], ['--tlskey', tls.tlskey], ...(tls.tlsverify ? [['--tlscacert', tls.tlscacert]] : [])] as Array<[string, string | undefined]>) {
        if (!file) throw new Error(`TLS needs ${flag}`);
        if (!fs.existsSync(file)) throw new Error(`${flag} ${file}: no such file`);
      }
      return { kind: 'tcp', host, port, tls: { ca: tls.tlscacert ?? '', cert: tls.tlscert!, key: tls.tlskey!, verify: !!tls.tlsverify } };
    }
    return { kind: 'tcp', host, port };
  }
  if (spec.startsWith('fd://') || spec.startsWith('npipe://') || spec.startsWith('ssh://')) throw new Error(`--host ${spec}: only unix:// and tcp:// are supported`);
  throw new Error(`invalid --host ${spec}: expected unix:///PATH or tcp://HOST:PORT`);
}

/** A group name or id for `--group` (0660 socket owned by that group). */
export function groupId(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[0] === name);
  if (!line) throw new Error(`--group ${name}: no such group`);
  return Number(line.split(':')[2]);
}

