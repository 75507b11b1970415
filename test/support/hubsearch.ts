import * as http from 'http';
import * as net from 'net';

/**
 * A STAND-IN for Docker Hub's search API (Docker Hub itself is not reachable from the tests).
 * It serves what index.docker.io serves for `GET /v1/search?q=TERM&n=N[&page=P]` — Hub's
 * response format: `{num_pages, num_results, page_size, page, query, results: [{name,
 * description, star_count, is_official, is_automated}]}` — over a fixed list of repositories,
 * plus `GET /v1/_ping` (dockerd pings a v1 index before searching it). Matching is a
 * case-insensitive substring match on the name and description, as Hub's is for simple terms.
 * Modes for fault tests: `html` answers a web page, `hang` never answers.
 */
export interface HubRepo {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

export interface HubSearchStandIn {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `127.0.0.1:PORT` */
  readonly host: string;
  /** Queries received (`q` values), to check what a client asked. */
  readonly queries: string[];
  mode: 'ok' | 'html' | 'hang';
  close(): Promise<void>;
}

export const HUB_REPOS: HubRepo[] = [
  { name: 'busybox', description: 'Busybox base image.', star_count: 3254, is_official: true, is_automated: false },
  { name: 'radial/busyboxplus', description: 'Full-chain, Internet enabled, busybox made from scratch. Comes in git and cURL flavors.', star_count: 56, is_official: false, is_automated: true },
  { name: 'yauritux/busybox-curl', description: 'Busybox with CURL', star_count: 23, is_official: false, is_automated: false },
  { name: 'arm32v7/busybox', description: 'Busybox base image.', star_count: 10, is_official: false, is_automated: false },
  { name: 'odise/busybox-curl', description: '', star_count: 4, is_official: false, is_automated: true },
  { name: 'mysql', description: 'MySQL is a widely used, open-source relational database management system (RDBMS).', star_count: 15042, is_official: true, is_automated: false },
  { name: 'mariadb', description: 'MariaDB Server is a high performing open source relational database, forked from MySQL.', star_count: 5822, is_official: true, is_automated: false },
  { name: 'bitnami/mysql', description: 'Bitnami MySQL Docker Image', star_count: 106, is_official: false, is_automated: true },
  { name: 'circleci/mysql', description: 'MySQL is a widely used, open-source relational database management system (RDBMS).', star_count: 29, is_official: false, is_automated: false },
  { name: 'ubuntu/mysql', description: 'MySQL open source fast, stable, multi-thread database. Long-term tracks maintained by Canonical.', star_count: 64, is_official: false, is_automated: false },
];

export async function startHubSearchStandIn(repos: HubRepo[] = HUB_REPOS): Promise<HubSearchStandIn> {
  const queries: string[] = [];
  const sockets = new Set<net.Socket>();
  const state = { mode: 'ok' as 'ok' | 'html' | 'hang' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (state.mode === 'hang') return; // never answers
    if (url.pathname === '/v1/_ping') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-docker-registry-version': '0.6.0', 'x-docker-registry-standalone': 'true' });
      res.end('true');
      return;
    }
    if (url.pathname !== '/v1/search') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
      return;
    }
    const q = url.searchParams.get('q') ?? '';
    queries.push(q);
    if (state.mode === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in to the proxy</body></html>');
      return;
    }
    const n = Math.max(1, Math.min(100, Number(url.searchParams.get('n') ?? 25) || 25));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const term = q.toLowerCase();
    const matches = repos.filter((r) => r.name.toLowerCase().includes(term) || r.description.toLowerCase().includes(term));
    const results = matches.slice((page - 1) * n, page * n);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ num_pages: Math.max(1, Math.ceil(matches.length / n)), num_results: matches.length, page_size: n, query: q, page, results }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    queries,
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
