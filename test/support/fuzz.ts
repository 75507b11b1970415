// Fuzzing the language server: a seeded generator of random and mutated Dockerfiles, and a driver that
// runs one input through parse → every feature in-process (the functions server.ts wires), checking
// that each answers without throwing and that what it answers is well-formed.
//
// Every input is a pure function of (seed, index), so a failure found at index i reproduces alone:
// `generate(seed, i)`. test/lsp/fuzz.test.ts runs the driver in worker threads (a watchdog reports an
// input that hangs) and feeds a sample of the same inputs to the real server over stdio.
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import type { Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/analysis';
import { codeActions } from '../../server/src/codeActions';
import { complete } from '../../server/src/completion';
import type { Facts, ImageFacts, LayerMeasurement } from '../../server/src/facts';
import { foldingRanges } from '../../server/src/folding';
import { formatDocument, formatOnType, formatRange } from '../../server/src/formatting';
import { hover } from '../../server/src/hover';
import { documentLinks } from '../../server/src/links';
import { lint, RuleFamily } from '../../server/src/lint';
import { hygieneFamily } from '../../server/src/lint/hygiene';
import { hygieneFixes } from '../../server/src/lint/hygiene/fixes';
import { codeLenses, inlayHints } from '../../server/src/measurements';
import { definition, highlights, prepareRename, references, rename, RenameError } from '../../server/src/references';
import { semanticTokens } from '../../server/src/semanticTokens';
import { signatureHelp } from '../../server/src/signatureHelp';
import { documentSymbols } from '../../server/src/symbols';
import { seededRandom } from './random';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export class Rng {
  readonly next: () => number;
  constructor(seed: number) { this.next = seededRandom(seed); }
  int(n: number): number { return Math.floor(this.next() * n); }
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

/** One independent stream per input, so input i is reproducible without generating 0..i-1. */
export function rngFor(seed: number, index: number): Rng {
  return new Rng((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0);
}

// ---------------------------------------------------------------------------------------------
// Seeds: real-looking Dockerfiles (written here), plus the repository's own corpus and examples.

export const SEEDS: string[] = [
  `# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended
ARG GO_VERSION=1.22
ARG ALPINE=3.20
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-trimpath
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,target=/go/pkg/mod \\
    go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \\
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags="-s -w" -o /out/app ./cmd/app

FROM alpine:\${ALPINE} AS runtime
RUN apk add --no-cache ca-certificates tzdata && adduser -D -u 10001 app
COPY --from=build --chown=app:app /out/app /usr/local/bin/app
USER app
EXPOSE 8080/tcp 9090
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD wget -qO- http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/app"]
CMD ["serve", "--addr", ":8080"]
`,
  `FROM debian:bookworm-slim
LABEL org.opencontainers.image.source="https://example.com/repo" \\
      maintainer="ops@example.com"
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN set -eux; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends curl ca-certificates gnupg; \\
    curl -fsSL https://example.com/pkg.tar.gz -o /tmp/pkg.tar.gz; \\
    tar -xzf /tmp/pkg.tar.gz -C /opt && rm /tmp/pkg.tar.gz; \\
    rm -rf /var/lib/apt/lists/*
COPY docker-entrypoint.sh /usr/local/bin/
RUN chmod +x /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
STOPSIGNAL SIGQUIT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
`,
  `# escape=\`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/x.zip -OutFile x.zip; \`
    Expand-Archive x.zip -DestinationPath C:\\x; \`
    Remove-Item x.zip
WORKDIR C:\\app
COPY . .
CMD ["C:\\\\app\\\\run.exe"]
`,
  `FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY <<EOF /etc/app.ini
[server]
port = \${PORT:-8000}
EOF
COPY <<-'SCRIPT' /usr/local/bin/start
	#!/bin/sh
	exec gunicorn app:app --bind 0.0.0.0:8000
	SCRIPT
RUN <<EOT bash
set -e
echo "$HOME"
cat > /etc/motd <<'INNER'
hello
INNER
EOT
FROM base AS test
RUN --mount=type=bind,from=base,source=/app,target=/src pytest /src
FROM base
ONBUILD COPY . /app/src
ONBUILD RUN make -C /app/src
USER 1000:1000
CMD python -m app
`,
  `FROM node:20-alpine as deps
maintainer someone@example.com
workdir /usr/src/app
copy package*.json ./
run npm ci && npm cache clean --force
FROM node:20-alpine
ARG NODE_ENV=production
ENV NODE_ENV $NODE_ENV
COPY --from=deps /usr/src/app/node_modules ./node_modules
COPY --chmod=755 --link . .
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x.tar.gz /x/
ADD https://github.com/example/repo.git#main /src
EXPOSE 3000 80:8080 53/UDP
RUN --network=none --security=sandbox echo ok
CMD npm start
`,
  `ARG REGISTRY=ghcr.io
ARG IMAGE=\${REGISTRY}/acme/app
ARG TAG
FROM \${IMAGE}:\${TAG:-latest} AS app
FROM scratch
COPY --from=app / /
COPY --from=quay.io/prometheus/node-exporter:v1.8.0 /bin/node_exporter /bin/
ENV A=1 B=$A C="\${B:+set}" D='$literal'
RUN ["/bin/sh", "-c", "echo $A"]
CMD ["/bin/node_exporter"]
`,
];

function readSeedsFrom(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readSeedsFrom(p, out);
    else if (/Dockerfile/i.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
  }
}

/** The built-in seeds plus the repository's Dockerfiles (corpus, examples), sorted for a stable order. */
export function allSeeds(repo: string): string[] {
  const found: string[] = [];
  readSeedsFrom(path.join(repo, 'test', 'lsp', 'corpus'), found);
  readSeedsFrom(path.join(repo, 'examples'), found);
  return [...SEEDS, ...found.sort()];
}

// ---------------------------------------------------------------------------------------------
// Generation

const KEYWORDS = ['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'from', 'Run', 'FORM', 'onbuild'];
const FLAGS = ['--from=', '--from=build', '--mount=type=cache,target=/x', '--mount=type=secret,id=a,env=B', '--mount=from=0,', '--mount=', '--platform=$BUILDPLATFORM', '--platform=', '--chmod=755', '--chown=a:b', '--link', '--network=none', '--interval=', '--retries=x', '--checksum=sha256:', '--', '--=', '--exclude=*.md', '--parents'];
const PIECES = [
  '$', '${', '}', '${X', '${X:-', '${X:+y}', '${X?err}', '$X', '$$', '${#}', '${X//a/b}', '"', "'", '`', '\\', '\\\n', '\\ \n', '\n', '\r\n', '\r', '\t', ' ', '  ',
  '#', '# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '# check=skip=all', '# check=error=true;skip=', '# stevedore-ignore layer-cache', '# hadolint ignore=DL3009',
  '<<EOF', '<<-EOF', "<<'EOF'", '<<"E"OF', '<<', '<<EOF\n', '\nEOF\n', 'EOF', '0<<A 1<<B', '[', ']', '["', '", "', '["a", ', '[]', '{', '=', '==', 'a=b', 'A B', ',', ':', '@sha256:', '/', '&&', '||', ';', '|', '>', '2>&1', '(', ')',
  'AS', 'as', 'build', 'scratch', 'alpine:3.20', 'ghcr.io/o/r:v1', 'NONE', 'CMD', 'SIGTERM', '8080/tcp', '127.0.0.1:80:80', 'apt-get update', 'rm -rf /var/lib/apt/lists/*', 'apk add', 'pip install x', 'tar xzf a.tgz', 'chmod 600 /x', 'sh -c "',
];
const UNICODE = ['é', 'ß', '中文', '日本', '😀', '👩‍💻', '\u0301', '\u200b', '\u200f', '\u202e', '\ufeff', '\u2028', '\u2029', '\u0000', '\u0085', '\ud800', '\udfff', '\uffff', 'İ', 'ﬁ', 'Ω', '\u00a0', '\u3000'];

function randomChar(rng: Rng): string {
  const r = rng.int(10);
  if (r < 5) return String.fromCharCode(rng.range(32, 126));
  if (r < 7) return rng.pick(['\\', '$', '{', '}', '"', "'", '`', '\n', '\t', '\r', '#', '=', '-', '<', '[', ']', ',']);
  if (r < 9) return rng.pick(UNICODE);
  return String.fromCharCode(rng.int(0x10000));
}

function randomLine(rng: Rng): string {
  const parts: string[] = [];
  if (rng.chance(0.85)) parts.push(rng.pick(KEYWORDS));
  const n = rng.int(8);
  for (let i = 0; i < n; i++) {
    const r = rng.int(10);
    parts.push(r < 2 ? rng.pick(FLAGS) : r < 8 ? rng.pick(PIECES) : randomChar(rng) + randomChar(rng));
  }
  return parts.join(rng.chance(0.8) ? ' ' : '');
}

/** A Dockerfile of random instruction-like lines. */
function randomDockerfile(rng: Rng): string {
  const n = rng.range(0, 25);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(randomLine(rng));
  return lines.join(rng.chance(0.1) ? '\r\n' : '\n');
}

/** One structural damage applied to a text. */
function mutateOnce(text: string, rng: Rng): string {
  const at = () => rng.int(text.length + 1);
  const lines = () => text.split('\n');
  // huge lines (9) and storms (10) are costly to run: a third as often as the other damages
  let kind = rng.int(44);
  kind = kind < 42 ? kind % 14 + (kind % 14 >= 9 ? 2 : 0) : kind - 33;
  switch (kind) {
    case 0: { // delete a run of characters
      const i = at();
      return text.slice(0, i) + text.slice(i + rng.range(1, 8));
    }
    case 1: { // insert random characters
      const i = at();
      let s = '';
      for (let k = rng.range(1, 4); k > 0; k--) s += randomChar(rng);
      return text.slice(0, i) + s + text.slice(i);
    }
    case 2: { // insert a syntax piece
      const i = at();
      return text.slice(0, i) + rng.pick(PIECES) + text.slice(i);
    }
    case 3: { // duplicate a run of characters
      const i = at();
      const s = text.slice(i, i + rng.range(1, 30));
      return text.slice(0, i) + s + s + text.slice(i);
    }
    case 4: { // delete a line
      const ls = lines();
      ls.splice(rng.int(ls.length), 1);
      return ls.join('\n');
    }
    case 5: { // duplicate a line
      const ls = lines();
      const i = rng.int(ls.length);
      ls.splice(i, 0, ls[i]);
      return ls.join('\n');
    }
    case 6: { // swap two lines
      const ls = lines();
      const i = rng.int(ls.length);
      const j = rng.int(ls.length);
      [ls[i], ls[j]] = [ls[j], ls[i]];
      return ls.join('\n');
    }
    case 7: { // insert a random instruction line
      const ls = lines();
      ls.splice(rng.int(ls.length + 1), 0, randomLine(rng));
      return ls.join('\n');
    }
    case 8: { // an unterminated heredoc (or one whose terminator is damaged)
      const ls = lines();
      const i = rng.int(ls.length + 1);
      const open = rng.pick(['RUN <<EOF', 'COPY <<EOF /x', 'RUN <<-EOF cat', 'RUN cat <<EOF <<EOF2', 'RUN <<"EOF" sh', 'COPY <<a <<b /d/', 'RUN <<EOF\\']);
      ls.splice(i, 0, open, 'echo body $X \\', rng.pick(['EOF ', ' EOF', 'EO', '', '\tEOF', 'eof']));
      return ls.join('\n');
    }
    case 9: { // a huge line
      const i = at();
      const unit = rng.pick(['a', '$X', '\\ ', '${', '"', 'x=y ', '--f ', '<<E ', '\u00e9', '😀']);
      // mostly long lines; a few of the size where quadratic code shows (BuildKit allows 1 MiB - 1)
      const n = rng.chance(0.02) ? 40_000 : rng.chance(0.2) ? rng.range(2000, 8000) : rng.range(100, 1000);
      return text.slice(0, i) + unit.repeat(Math.ceil(n / unit.length)) + text.slice(i);
    }
    case 10: { // a backslash storm
      const i = at();
      const unit = rng.pick(['\\', '\\\n', '\\ \n', '\\\r\n', '\\\n\n', '`\n', '\\\\']);
      return text.slice(0, i) + unit.repeat(rng.range(2, 200)) + text.slice(i);
    }
    case 11: { // random unicode run
      const i = at();
      let s = '';
      for (let k = rng.range(1, 12); k > 0; k--) s += rng.pick(UNICODE);
      return text.slice(0, i) + s + text.slice(i);
    }
    case 12: { // toggle the escape character / add directives
      return rng.pick(['# escape=`\n', '# escape=\\\n', '# syntax=x\n# escape=`\n', '#check=skip=all\n', '\ufeff']) + text;
    }
    case 13: { // truncate
      return text.slice(0, at());
    }
    case 14: { // change line endings
      return rng.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, rng.pick(['\r', '\n\n', ' \\\n']));
    }
    default: { // indent or change a keyword's case
      const ls = lines();
      const i = rng.int(ls.length);
      ls[i] = rng.chance(0.5) ? rng.pick(['  ', '\t', ' \t ']) + ls[i] : ls[i].replace(/^\s*\w+/, (w) => (rng.chance(0.5) ? w.toLowerCase() : w.toUpperCase()));
      return ls.join('\n');
    }
  }
}

/** Input `index` of run `seed`: a mutated seed file (most), a random file, or an edge case. */
export function generate(seed: number, index: number, seeds: string[]): string {
  const rng = rngFor(seed, index);
  const r = rng.int(20);
  if (r === 0) return randomDockerfile(rng);
  if (r === 1) return rng.pick(['', '\n', '\\', '\\\n', 'FROM', 'FROM ', '#', '# escape=`', '<<', 'RUN <<EOF', 'FROM a\nRUN <<EOF', '\r', '\u0000', '\ud800', 'FROM a AS', 'ONBUILD ONBUILD RUN x', 'HEALTHCHECK', 'ARG', 'ENV', 'ENV =', 'COPY --from= ', '$', 'FROM $', 'FROM ${', 'EXPOSE ', 'FROM a\nCOPY <<EOF']) + (rng.chance(0.5) ? randomLine(rng) : '');
  let text = rng.chance(0.15) ? randomDockerfile(rng) : rng.pick(seeds);
  const n = rng.chance(0.6) ? rng.range(1, 3) : rng.range(4, 12);
  for (let k = 0; k < n; k++) text = mutateOnce(text, rng);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Driving every feature in-process

export interface FuzzFailure { index: number; feature: string; error: string; input: string }

const IMAGE: ImageFacts = { id: 'sha256:' + 'ab'.repeat(32), size: 5_000_000, created: '2024-01-01T00:00:00Z', layers: 3, os: 'linux', architecture: 'arm64', variant: 'v8', env: ['PATH=/usr/bin', 'HOME=/root', 'BROKEN', '=x'] };

/** Facts that answer everything (so hover's local-image and measured paths run), with measurements derived from the input. */
function fuzzFacts(lines: number, rng: Rng): Facts {
  const ms: LayerMeasurement[] = [];
  for (let k = rng.int(4); k > 0; k--) {
    const s = rng.int(lines + 2) - 1;
    ms.push({ startLine: s, endLine: s + rng.int(3), size: rng.int(1e9), wasted: rng.chance(0.5) ? rng.int(1e8) : 0 });
  }
  return {
    localImages: async () => [{ repository: 'busybox', tags: ['latest', '1.36'] }, { repository: 'ghcr.io/o/r', tags: [] }],
    cachedImageFacts: (image) => (image.length % 2 ? IMAGE : undefined),
    imageFacts: async (image) => (image.length % 2 ? IMAGE : undefined),
    measurements: () => ms,
  };
}

function checkRange(r: Range | undefined, lines: string[], what: string): void {
  if (!r) throw new Error(`${what}: no range`);
  const ok = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
  if (!ok(r.start) || !ok(r.end)) throw new Error(`${what}: bad range ${JSON.stringify(r)}`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) throw new Error(`${what}: inverted range ${JSON.stringify(r)}`);
  if (r.end.line > lines.length) throw new Error(`${what}: range past the end ${JSON.stringify(r)} (${lines.length} lines)`);
}

function checkEdits(edits: TextEdit[], lines: string[], what: string): void {
  const sorted = [...edits].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  for (let i = 0; i < sorted.length; i++) {
    checkRange(sorted[i].range, lines, what);
    if (typeof sorted[i].newText !== 'string') throw new Error(`${what}: newText is not a string`);
    const prev = sorted[i - 1];
    if (prev) {
      const a = prev.range.end;
      const b = sorted[i].range.start;
      if (a.line > b.line || (a.line === b.line && a.character > b.character)) throw new Error(`${what}: overlapping edits ${JSON.stringify([prev, sorted[i]])}`);
    }
  }
}

function checkTokens(data: number[], lines: string[]): void {
  if (data.length % 5) throw new Error(`semanticTokens: ${data.length} numbers`);
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, len, type] = data.slice(i, i + 5);
    if ([dl, dc, len, type].some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`semanticTokens: bad token ${data.slice(i, i + 5)}`);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    if (len === 0 || line >= lines.length || char + len > lines[line].length) throw new Error(`semanticTokens: token ${line}:${char}+${len} outside the text`);
  }
}

/** Positions to ask at: mostly inside the text (keywords, flags, words), some past line ends and past the end. */
function positions(lines: string[], rng: Rng, n: number): Position[] {
  const out: Position[] = [];
  for (let k = 0; k < n; k++) {
    const line = rng.chance(0.95) ? rng.int(Math.max(1, lines.length)) : lines.length + rng.int(3);
    const len = (lines[line] ?? '').length;
    const character = rng.chance(0.95) ? rng.int(len + 1) : len + 1 + rng.int(5);
    out.push({ line, character });
  }
  return out;
}

/**
 * Runs one input through every feature; throws (naming the feature) when one throws or answers
 * something malformed. `positionsPerInput` position-based requests of each kind.
 */
export async function exerciseAll(text: string, rng: Rng, families: RuleFamily[], positionsPerInput = 2, timings?: Map<string, number>): Promise<void> {
  let current = 'analyze';
  let since = performance.now();
  // `feature = name` marks the start of the next feature (and ends the timing of the previous one)
  const mark = (name: string) => {
    if (timings) {
      const now = performance.now();
      const k = current.replace(/@.*/, '');
      timings.set(k, (timings.get(k) ?? 0) + now - since);
      since = now;
    }
    current = name;
  };
  try {
    const a = analyzeText(text);
    const lines = a.lines;
    const facts = fuzzFacts(lines.length, rng);
    const uri = 'file:///fuzz/Dockerfile';
    mark('lint');
    const diags: Diagnostic[] = lint(a, { facts, families, settings: { severities: {} } });
    for (const d of diags) checkRange(d.range, lines, 'diagnostic');
    mark('documentSymbols');
    for (const s of documentSymbols(a)) checkRange(s.range, lines, 'symbol');
    mark('foldingRanges');
    for (const f of foldingRanges(a)) if (f.endLine < f.startLine || f.startLine < 0) throw new Error(`folding: ${JSON.stringify(f)}`);
    mark('semanticTokens');
    checkTokens(semanticTokens(a).data, lines);
    mark('documentLinks');
    for (const l of documentLinks(a)) checkRange(l.range, lines, 'link');
    const opts = { tabSize: rng.pick([2, 4, 8]), insertSpaces: rng.chance(0.7) };
    mark('formatDocument');
    checkEdits(formatDocument(a, opts), lines, 'formatDocument');
    mark('codeActions');
    for (const ca of codeActions(a, uri, diags, [hygieneFixes])) for (const e of Object.values(ca.edit?.changes ?? {})) checkEdits(e, lines, `codeAction ${ca.title}`);
    mark('inlayHints');
    inlayHints(a, facts.measurements(uri));
    codeLenses(a, facts.measurements(uri));
    for (const pos of positions(lines, rng, positionsPerInput)) {
      const at = `${pos.line}:${pos.character}`;
      mark(`completion@${at}`);
      await complete(a, pos, { facts });
      mark(`hover@${at}`);
      await hover(a, uri, pos, facts);
      mark(`signatureHelp@${at}`);
      signatureHelp(a, pos);
      mark(`definition@${at}`);
      definition(a, uri, pos);
      mark(`references@${at}`);
      references(a, uri, pos, true);
      mark(`highlights@${at}`);
      highlights(a, pos);
      mark(`prepareRename@${at}`);
      const prep = prepareRename(a, pos);
      if (prep) {
        mark(`rename@${at}`);
        try {
          const e = rename(a, uri, pos, rng.pick(['renamed', 'x_1', 'Stage-2', '1bad', '']));
          if (e) checkEdits(e.changes![uri], lines, 'rename');
        } catch (err) {
          if (!(err instanceof RenameError)) throw err;
        }
      }
      mark(`formatOnType@${at}`);
      checkEdits(formatOnType(a, pos, '\n', opts), lines, 'formatOnType');
      mark(`formatRange@${at}`);
      checkEdits(formatRange(a, { start: pos, end: { line: pos.line + rng.int(5), character: 0 } }, opts), lines, 'formatRange');
    }
    mark('');
  } catch (e) {
    const err = e as Error;
    err.message = `${current}: ${err.message}`;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Worker: runs inputs [from, to), writing the index it is at into shared memory (the parent reads it
// when the worker stops making progress: that input hangs) and posting failures as they happen.

export interface WorkerJob { seed: number; from: number; to: number; repo: string; positions: number; at: SharedArrayBuffer }
export type WorkerMessage =
  | { kind: 'failure'; failure: FuzzFailure }
  | { kind: 'done'; count: number; ms: number; slowest: { index: number; ms: number; length: number } };

/** The rng each input's positions and facts come from (separate from the one that made the input). */
export const positionsRng = (seed: number, index: number) => rngFor(seed ^ 0x5bd1e995, index);

async function workerMain(job: WorkerJob): Promise<void> {
  const at = new Int32Array(job.at);
  const seeds = allSeeds(job.repo);
  const families = [hygieneFamily()];
  const t0 = performance.now();
  let slowest = { index: -1, ms: 0, length: 0 };
  for (let i = job.from; i < job.to; i++) {
    Atomics.store(at, 0, i);
    const input = generate(job.seed, i, seeds);
    const t = performance.now();
    try {
      await exerciseAll(input, positionsRng(job.seed, i), families, job.positions);
    } catch (e) {
      const err = e as Error;
      parentPort!.postMessage({ kind: 'failure', failure: { index: i, feature: err.message.split(':')[0], error: err.stack ?? String(e), input } } satisfies WorkerMessage);
    }
    const ms = performance.now() - t;
    if (ms > slowest.ms) slowest = { index: i, ms, length: input.length };
  }
  Atomics.store(at, 0, job.to);
  parentPort!.postMessage({ kind: 'done', count: job.to - job.from, ms: performance.now() - t0, slowest } satisfies WorkerMessage);
}

if (!isMainThread && workerData && (workerData as { fuzzWorker?: WorkerJob }).fuzzWorker) {
  void workerMain((workerData as { fuzzWorker: WorkerJob }).fuzzWorker);
}
