import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { SERVER_NODE_FLAGS } from '../server/src/launch';
import { LspClient, STEVEDORE_SERVER } from '../test/support/lsp';
import { seededRandom } from '../test/support/random';
import type { BenchResult as BenchRow } from './run';

/**
 * The Dockerfile language server against dockerfile-language-server-nodejs (`docker-langserver
 * --stdio`, what VS Code's Docker extension bundles), both driven by the same stdio LSP client
 * (test/support/lsp.ts) on the same files: a generated 2,000-line Dockerfile and four real-world
 * style ones.
 *  - diagnostics: time from sending didOpen to receiving publishDiagnostics. Each run opens the text
 *    under a new URI, so neither server answers from a cache; ours includes BuildKit's checks and
 *    the layer-hygiene family (shell parsing of every RUN). Median of RUNS after WARMUP, the two
 *    servers taking turns.
 *  - completion: round-trip of textDocument/completion at COMPLETIONS seeded positions (line
 *    starts, after keywords, in flags, after `$`, mid-word ...), the two taking turns; p50 and p99.
 * Lower is better. Targets for ours: diagnostics < 20 ms, completion p99 < 5 ms, both at most half
 * the peer's.
 */
export type { BenchResult as BenchRow } from './run';
import { runAlone } from './run';

/**
 * Ours: the bundle the extension ships, with exactly the node flags the extension starts it with
 * (SERVER_NODE_FLAGS, shared with client/src/languageClient.ts), not flags of the benchmark's own.
 * The peer: plain node with no flags, as VS Code's Docker extension starts it (a node module forked
 * over IPC without execArgv). Both over stdio, with the same client.
 */
const OURS = [STEVEDORE_SERVER[0], ...SERVER_NODE_FLAGS, ...STEVEDORE_SERVER.slice(1)];
const PEER = [process.execPath, require.resolve('dockerfile-language-server-nodejs/bin/docker-langserver'), '--stdio'];
const PEER_NAME = 'dockerfile-language-server-nodejs 0.15 (docker-langserver --stdio)';
/** Notes printed beside a missed row. */
const LOAD_NOTE = 'absolute times follow the machine\'s load (2 cores shared): compare the run\'s load average with the README\'s';
const TINY_NOTE = 'both servers answer in about a millisecond on these small files: the ratio is mostly timer and scheduling noise';
const WARMUP = 5;
const RUNS = 25;
const COMPLETIONS = 200;

/** A 2,000-line Dockerfile of many stages, written the way real ones are (seeded: the same every run). */
export function generatedDockerfile(lines = 2000, seed = 2000): string {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm-slim', 'ARG VERSION=1.0.0', ''];
  let stage = 0;
  while (out.length < lines) {
    const name = `stage${stage}`;
    out.push(stage > 0 && rnd() < 0.3 ? `FROM stage${Math.floor(rnd() * stage)} AS ${name}` : `FROM \${BASE} AS ${name}`);
    out.push(`ARG VERSION`, `ENV APP_HOME=/opt/app${stage} PATH=/opt/app${stage}/bin:$PATH`, `WORKDIR $APP_HOME`);
    const body = 8 + Math.floor(rnd() * 20);
    for (let k = 0; k < body && out.length < lines; k++) {
      switch (Math.floor(rnd() * 9)) {
        case 0:
          out.push('RUN apt-get update \\', `    && apt-get install -y --no-install-recommends ${pick(['curl', 'git', 'make', 'gcc', 'libssl-dev'])} ca-certificates \\`, '    && rm -rf /var/lib/apt/lists/*');
          break;
        case 1:
          out.push(`RUN --mount=type=cache,target=/root/.cache/pip pip install ${pick(['requests', 'flask', 'numpy'])}==${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 20)}`);
          break;
        case 2:
          out.push(`COPY --chown=app:app ${pick(['src/', 'package.json', 'go.mod go.sum', 'requirements.txt'])} ./`);
          break;
        case 3:
          out.push(`RUN set -eux; \\`, `    curl -fsSL https://example.com/tool-\${VERSION}.tar.gz -o /tmp/tool.tgz; \\`, `    tar -xzf /tmp/tool.tgz -C /usr/local; \\`, `    rm /tmp/tool.tgz`);
          break;
        case 4:
          out.push(`ENV ${pick(['LANG', 'TZ', 'MODE', 'LOG_LEVEL'])}_${k}=${pick(['C.UTF-8', 'UTC', 'release', 'info'])}`);
          break;
        case 5:
          out.push(`LABEL org.opencontainers.image.version="\${VERSION}" stage="${name}"`);
          break;
        case 6:
          if (stage > 0) out.push(`COPY --from=stage${Math.floor(rnd() * stage)} /opt/app /opt/app${stage}/lib`);
          else out.push('USER root');
          break;
        case 7:
          out.push(`RUN <<EOF`, `set -e`, `echo "building ${name} $VERSION" > /etc/build-info`, `EOF`);
          break;
        default:
          out.push(`# step ${k} of ${name}`, `RUN make -C $APP_HOME ${pick(['all', 'install', 'test'])} && echo done`);
      }
    }
    out.push(`EXPOSE ${8000 + stage}`, `CMD ["app", "--port", "${8000 + stage}"]`, '');
    stage++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** Real-world style Dockerfiles (written for this benchmark, in the shapes official images use). */
export const REAL_WORLD: Record<string, string> = {
  'go-multistage.Dockerfile': `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,target=/go/pkg/mod \\
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/server"]
`,
  'node-app.Dockerfile': `FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd -r app && useradd -r -g app app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER app
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD node dist/healthcheck.js || exit 1
CMD ["node", "dist/server.js"]
`,
  'python-service.Dockerfile': `FROM python:3.12-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1 \\
    PIP_NO_CACHE_DIR=1 \\
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv

FROM base AS builder
RUN apt-get update \\
    && apt-get install -y --no-install-recommends build-essential libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM base
COPY --from=builder /wheels /wheels
RUN pip install /wheels/* && rm -rf /wheels
COPY . .
RUN useradd --create-home app
USER app
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "app.wsgi:application"]
`,
  'debian-from-source.Dockerfile': `FROM debian:bookworm-slim
ENV NGINX_VERSION=1.27.0
ENV NJS_VERSION=0.8.4
RUN set -eux; \\
    groupadd --system --gid 101 nginx; \\
    useradd --system --gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx; \\
    savedAptMark="$(apt-mark showmanual)"; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends ca-certificates curl gnupg build-essential libpcre2-dev zlib1g-dev libssl-dev; \\
    curl -fsSL "https://nginx.org/download/nginx-\${NGINX_VERSION}.tar.gz" -o nginx.tar.gz; \\
    curl -fsSL "https://nginx.org/download/nginx-\${NGINX_VERSION}.tar.gz.asc" -o nginx.tar.gz.asc; \\
    export GNUPGHOME="$(mktemp -d)"; \\
    gpg --batch --verify nginx.tar.gz.asc nginx.tar.gz; \\
    rm -rf "$GNUPGHOME" nginx.tar.gz.asc; \\
    mkdir -p /usr/src/nginx; \\
    tar -xzf nginx.tar.gz -C /usr/src/nginx --strip-components=1; \\
    rm nginx.tar.gz; \\
    cd /usr/src/nginx; \\
    ./configure --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --with-http_ssl_module --with-http_v2_module; \\
    make -j "$(nproc)"; \\
    make install; \\
    cd /; \\
    rm -rf /usr/src/nginx; \\
    apt-mark auto '.*' > /dev/null; \\
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
    rm -rf /var/lib/apt/lists/*; \\
    ln -sf /dev/stdout /var/log/nginx/access.log; \\
    ln -sf /dev/stderr /var/log/nginx/error.log
COPY docker-entrypoint.sh /
COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d
ENTRYPOINT ["/docker-entrypoint.sh"]
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
`,
};

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((xs.length - 1) * p))];

/** Seeded completion positions: line starts, just after the keyword, in the arguments, at line ends, after a `$`. */
function completionPositions(text: string, n: number, seed: number): Array<{ line: number; character: number }> {
  const rnd = seededRandom(seed);
  const lines = text.split('\n');
  const out: Array<{ line: number; character: number }> = [];
  while (out.length < n) {
    const line = Math.floor(rnd() * lines.length);
    const l = lines[line];
    const kw = /^\S*/.exec(l)![0].length;
    const dollar = l.indexOf('$');
    const choices = [0, Math.min(l.length, kw + 1), Math.floor(rnd() * (l.length + 1)), l.length, dollar >= 0 ? dollar + 1 : l.length];
    out.push({ line, character: choices[Math.floor(rnd() * choices.length)] });
  }
  return out;
}

interface Server { name: string; lsp: LspClient }

export async function run(): Promise<BenchRow[]> {
  const images = () => [{ repository: 'debian', tags: ['bookworm-slim'] }, { repository: 'node', tags: ['20-bookworm-slim'] }];
  const ours: Server = { name: 'stevedore', lsp: await LspClient.start(OURS, { handlers: { 'stevedore/localImages': images } }) };
  const peer: Server = { name: 'peer', lsp: await LspClient.start(PEER) };
  const rows: BenchRow[] = [];
  const files: Array<[string, string]> = [['generated 2,000 lines', generatedDockerfile()], ...Object.entries(REAL_WORLD)];
  // A real build context beside the files, as in an editor (COPY sources, .dockerignore).
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-lsp-'));
  for (const d of ['src', 'cmd/server', 'app', 'dist']) fs.mkdirSync(path.join(ctx, d), { recursive: true });
  for (const f of ['go.mod', 'go.sum', 'package.json', 'package-lock.json', 'requirements.txt', 'docker-entrypoint.sh', 'src/main.go', 'app/wsgi.py']) fs.writeFileSync(path.join(ctx, f), '');
  fs.writeFileSync(path.join(ctx, '.dockerignore'), '.git\nnode_modules\n*.log\n');
  let uriN = 0;
  const freshUri = (s: Server, file: string) => pathToFileURL(path.join(ctx, `${s.name}-${uriN++}-${file.replace(/[ ,]/g, '-')}`)).href;
  try {
    // diagnostics: didOpen → publishDiagnostics, fresh URI each time
    for (const [file, text] of files) {
      const times: Record<string, number[]> = { stevedore: [], peer: [] };
      let counts: Record<string, number> = {};
      for (let k = 0; k < WARMUP + RUNS; k++) {
        for (const s of k % 2 ? [peer, ours] : [ours, peer]) {
          const uri = freshUri(s, file);
          let n = 0;
          const t = await ms(async () => { n = (await s.lsp.open(uri, text)).diagnostics.length; });
          await s.lsp.notify('textDocument/didClose', { textDocument: { uri } });
          if (k >= WARMUP) times[s.name].push(t);
          counts = { ...counts, [s.name]: n };
        }
      }
      const o = pct(times.stevedore, 0.5);
      const p = pct(times.peer, 0.5);
      process.stderr.write(`lsp: diagnostics ${file}: ours p50 ${o.toFixed(2)} ms (${counts.stevedore} diagnostics), peer p50 ${p.toFixed(2)} ms (${counts.peer}); p90 ${pct(times.stevedore, 0.9).toFixed(2)} / ${pct(times.peer, 0.9).toFixed(2)}\n`);
      // The lead is on the big file; on the small real-world ones both answer in about a millisecond.
      const big = file.startsWith('generated');
      rows.push({ name: `lsp diagnostics p50: ${file}`, ours: o, theirs: p, unit: 'ms', peer: PEER_NAME, target: big ? 0.5 : 1, note: big ? LOAD_NOTE : TINY_NOTE });
      if (big) rows.push({ name: `lsp diagnostics p50: ${file}, absolute`, ours: o, theirs: 20, unit: 'ms', peer: 'target 20 ms (issue 23)', target: 1, note: LOAD_NOTE });
    }

    // completion: the generated file, then the real-world ones together, each in fresh server
    // processes that have only these files open (as when a user opens a file and types), not in
    // ones still collecting the garbage of the diagnostics runs above
    for (const s of [ours, peer]) await s.lsp.stop();
    ours.lsp = await LspClient.start(OURS, { handlers: { 'stevedore/localImages': images } });
    peer.lsp = await LspClient.start(PEER);
    const sets: Array<[string, Array<[string, string]>]> = [['generated 2,000 lines', files.slice(0, 1)], ['real-world files', files.slice(1)]];
    for (const [label, set] of sets) {
      const uris = new Map<Server, string[]>();
      for (const s of [ours, peer]) {
        const list: string[] = [];
        for (const [file, text] of set) {
          const uri = freshUri(s, file);
          await s.lsp.open(uri, text);
          list.push(uri);
        }
        uris.set(s, list);
      }
      const asks = set.flatMap(([, text], i) => completionPositions(text, Math.ceil(COMPLETIONS / set.length), 7 + i).map((p) => ({ i, p })));
      const times: Record<string, number[]> = { stevedore: [], peer: [] };
      const items: Record<string, number> = { stevedore: 0, peer: 0 };
      for (let k = -50; k < asks.length; k++) {
        const { i, p } = asks[(k + asks.length) % asks.length];
        for (const s of k % 2 ? [peer, ours] : [ours, peer]) {
          let n = 0;
          const t = await ms(async () => { n = (await s.lsp.completion(uris.get(s)![i], p.line, p.character)).length; });
          if (k >= 0) {
            times[s.name].push(t);
            items[s.name] += n;
          }
        }
      }
      for (const [q, name] of [[0.5, 'p50'], [0.99, 'p99']] as const) {
        const big = label.startsWith('generated');
        rows.push({ name: `lsp completion ${name}: ${label} (${asks.length} requests)`, ours: pct(times.stevedore, q), theirs: pct(times.peer, q), unit: 'ms', peer: PEER_NAME, target: big ? 0.5 : 1, note: big ? LOAD_NOTE : TINY_NOTE });
        if (big && name === 'p99') rows.push({ name: `lsp completion p99: ${label}, absolute`, ours: pct(times.stevedore, q), theirs: 5, unit: 'ms', peer: 'target 5 ms (issue 23)', target: 1, note: LOAD_NOTE });
      }
      process.stderr.write(`lsp: completion ${label}: ours p50/p99/max ${pct(times.stevedore, 0.5).toFixed(2)}/${pct(times.stevedore, 0.99).toFixed(2)}/${pct(times.stevedore, 1).toFixed(2)} ms (${items.stevedore} items), peer ${pct(times.peer, 0.5).toFixed(2)}/${pct(times.peer, 0.99).toFixed(2)}/${pct(times.peer, 1).toFixed(2)} ms (${items.peer} items)\n`);
    }
    // memory: fresh servers, a generated 8,000-line file opened 5 times under new URIs, one kept
    // open with 200 completions in it; the peak resident set (VmHWM) of each server process
    for (const s of [ours, peer]) await s.lsp.stop();
    ours.lsp = await LspClient.start(OURS, { handlers: { 'stevedore/localImages': images } });
    peer.lsp = await LspClient.start(PEER);
    const big = generatedDockerfile(8000, 8000);
    const bigLines = big.split('\n');
    const peak: Record<string, number> = {};
    for (const s of [ours, peer]) {
      for (let i = 0; i < 5; i++) {
        const uri = freshUri(s, 'big');
        await s.lsp.open(uri, big);
        await s.lsp.notify('textDocument/didClose', { textDocument: { uri } });
      }
      const uri = freshUri(s, 'big');
      await s.lsp.open(uri, big);
      for (let k = 0; k < 200; k++) {
        const line = (k * 37) % bigLines.length;
        await s.lsp.completion(uri, line, Math.min(3, bigLines[line].length));
      }
      peak[s.name] = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${s.lsp.proc.pid}/status`, 'utf8'))![1]) / 1024;
    }
    rows.push({ name: 'lsp peak memory, 8,000-line file (VmHWM)', ours: peak.stevedore, theirs: peak.peer, unit: ' MB', peer: PEER_NAME, target: 1.2, note: 'one figure per run and server (each peak follows when V8 collects); see the README (Benchmarks, language server)' });
  } finally {
    await ours.lsp.stop();
    await peer.lsp.stop();
    fs.rmSync(ctx, { recursive: true, force: true });
  }
  // Targets: diagnostics < 20 ms and completion p99 < 5 ms, each at most half the peer's.
  for (const r of rows) {
    const target = r.name.includes('diagnostics') ? 20 : r.name.includes('p99') ? 5 : undefined;
    if (target === undefined) continue;
    const missed = [r.ours >= target ? `over ${target} ms` : '', r.ours > r.theirs / 2 ? 'more than half the peer\'s' : ''].filter(Boolean);
    if (missed.length) process.stderr.write(`lsp: target missed: ${r.name}: ${r.ours.toFixed(2)} ms vs peer ${r.theirs.toFixed(2)} ms (${missed.join(', ')})\n`);
  }
  return rows;
}

if (require.main === module) runAlone(run);
