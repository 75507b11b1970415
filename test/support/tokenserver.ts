import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * The token half of registry token auth (docker/distribution's "token" auth), served by the
 * test itself: it checks Basic credentials and hands out RS256 JWTs whose `x5c` header
 * carries a self-signed certificate made with openssl. The registry (real docker-registry,
 * `auth.token` with that certificate as rootcertbundle) verifies them for real. The same
 * server doubles as the local stand-in for Docker Hub's token service (auth.docker.io).
 */
export interface TokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate the registry must trust. */
  readonly certFile: string;
  /** Every token request: service, scopes, and the user who asked (undefined = anonymous). */
  readonly requests: Array<{ service?: string; scopes: string[]; user?: string; status: number }>;
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  service?: string;
  issuer?: string;
  users?: Array<{ user: string; password: string }>;
  /** Anonymous callers get `pull` on every repository (like public images on Docker Hub). */
  anonymousPull?: boolean;
  /** Token lifetime in seconds (default 300). A POST with refresh_token `refresh-token-of-<user>` acts as that user. */
  expiresIn?: number;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export async function startTokenServer(opts: TokenServerOptions = {}): Promise<TokenServer> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sv-token-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=stevedore-test-token-issuer'], { stdio: 'ignore' });
  const key = crypto.createPrivateKey(fs.readFileSync(keyFile));
  const certDer = fs
    .readFileSync(certFile, 'utf8')
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  const service = opts.service ?? 'stevedore-test-registry';
  const issuer = opts.issuer ?? 'stevedore-test-issuer';
  const requests: TokenServer['requests'] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST') {
      // OAuth2 refresh-token grant (docker's identity tokens): the form replaces the query.
      let body = '';
      for await (const c of req) body += c;
      const form = new URLSearchParams(body);
      for (const [k, v] of form) url.searchParams.append(k, v);
    }
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    let user: string | undefined;
    const refresh = url.searchParams.get('refresh_token');
    if (req.method === 'POST' && url.searchParams.get('grant_type') === 'refresh_token') {
      const owner = opts.users?.find((x) => refresh === `refresh-token-of-${x.user}`);
      if (!owner) {
        requests.push({ service: url.searchParams.get('service') ?? undefined, scopes, user: undefined, status: 401 });
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"details":"invalid refresh token"}');
        return;
      }
      user = owner.user;
    }
    const auth = req.headers.authorization;
    if (!user && auth?.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const u = decoded.slice(0, colon);
      const p = decoded.slice(colon + 1);
      if (!opts.users?.some((x) => x.user === u && x.password === p)) {
        requests.push({ service: url.searchParams.get('service') ?? undefined, scopes, user: u, status: 401 });
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ details: 'incorrect username or password' }));
        return;
      }
      user = u;
    }
    const access = scopes.flatMap((s) => {
      const m = /^([^:]+):(.+):([^:]+)$/.exec(s);
      if (!m) return [];
      const actions = m[3].split(',');
      const granted = user ? actions : opts.anonymousPull ? actions.filter((a) => a === 'pull') : [];
      return granted.length ? [{ type: m[1], name: m[2], actions: granted }] : [];
    });
    requests.push({ service: url.searchParams.get('service') ?? undefined, scopes, user, status: 200 });
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = opts.expiresIn ?? 300;
    const headerPart = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }));
    const claims = b64url(JSON.stringify({ iss: issuer, sub: user ?? '', aud: service, exp: now + expiresIn, nbf: now - 10, iat: now, jti: crypto.randomUUID(), access }));
    const sig = crypto.sign('sha256', Buffer.from(`${headerPart}.${claims}`), key);
    const token = `${headerPart}.${claims}.${b64url(sig)}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certFile,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}
