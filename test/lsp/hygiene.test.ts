// The layer-hygiene family over real stdio LSP: the corpus in test/lsp/corpus/hygiene (positives with
// `# expect:` comments, negatives that must stay silent, clean official-style Dockerfiles), the quick
// fixes, suppression, per-rule severities and measured bytes from the client.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, REPO } from '../support/lsp';

const CORPUS = path.join(REPO, 'test', 'lsp', 'corpus', 'hygiene');
const CODES = ['layer-deleted-later', 'layer-cache', 'layer-archive', 'layer-secret', 'layer-rewrite'];

interface Expectation { code: string; line: number; text: string }

/** `# expect: <code> <text>` comments, attached to the first line of the instruction below them. */
function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  let pending: Array<{ code: string; text: string }> = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\s*# expect: (\S+) (.+)$/.exec(l);
    if (m) pending.push({ code: m[1], text: m[2] });
    else if (l.trim() && !/^\s*#/.test(l)) {
      for (const p of pending) out.push({ ...p, line: i });
      pending = [];
    }
  });
  return out;
}

const hygiene = (ds: Diagnostic[]) => ds.filter((d) => CODES.includes(String(d.code)));
const msg = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : String(d.message));
const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1} ${d.code}: ${d.message}`).join('\n');

function offsetAt(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
  return o + p.character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

describe('layer-hygiene diagnostics over LSP', function () {
  this.timeout(60_000);
  let lsp: LspClient;
  let n = 0;
  const uri = () => `file:///w/hygiene-${n++}/Dockerfile`;
  before(async () => { lsp = await LspClient.start(undefined, { settings: { stevedore: { lint: {} } } }); });
  after(async () => { await lsp?.stop(); });

  async function diagnose(text: string, u = uri()): Promise<{ uri: string; all: Diagnostic[]; hy: Diagnostic[] }> {
    const d = await lsp.open(u, text);
    return { uri: u, all: d.diagnostics, hy: hygiene(d.diagnostics) };
  }

  async function actions(u: string, d: Diagnostic): Promise<CodeAction[]> {
    return (await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } })) ?? [];
  }

  const folders = fs.readdirSync(CORPUS).filter((f) => fs.statSync(path.join(CORPUS, f)).isDirectory()).sort();

  describe('corpus', () => {
    it('has at least five positive and five negative files per code', () => {
      for (const code of CODES) {
        const files = fs.readdirSync(path.join(CORPUS, code));
        assert.ok(files.filter((f) => f.startsWith('pos-')).length >= 5, `${code}: positives`);
        assert.ok(files.filter((f) => f.startsWith('neg-')).length >= 5, `${code}: negatives`);
      }
      // every code also has positives beyond its own folder's expectations being counted
      const all = folders.flatMap((f) => fs.readdirSync(path.join(CORPUS, f)).map((x) => fs.readFileSync(path.join(CORPUS, f, x), 'utf8')));
      for (const code of CODES) assert.ok(all.flatMap(expectations).filter((e) => e.code === code).length >= 5, `${code}: expectations`);
    });

    for (const folder of folders) {
      for (const file of fs.readdirSync(path.join(CORPUS, folder)).filter((f) => f.endsWith('.Dockerfile')).sort()) {
        it(`${folder}/${file}`, async () => {
          const text = fs.readFileSync(path.join(CORPUS, folder, file), 'utf8');
          const want = expectations(text);
          const { hy } = await diagnose(text, pathToFileURL(path.join(CORPUS, folder, file)).href);
          if (file.startsWith('neg-')) {
            assert.equal(want.length, 0, 'a negative file has no expectations');
            assert.deepEqual(hy, [], `false positives:\n${show(hy)}`);
            return;
          }
          assert.ok(want.length > 0, 'a positive file states what it expects');
          for (const e of want) {
            const hit = hy.find((d) => d.code === e.code && d.range.start.line === e.line && String(d.message).includes(e.text));
            assert.ok(hit, `expected ${e.code} on line ${e.line + 1} containing "${e.text}"; got:\n${show(hy)}`);
            assert.equal(hit.source, 'stevedore');
            assert.equal(hit.severity, 2, 'warning by default');
            assert.equal(hit.range.start.character, 0, 'starts at the instruction');
          }
          const extra = hy.filter((d) => !want.some((e) => e.code === d.code && e.line === d.range.start.line));
          assert.deepEqual(extra, [], `unexpected:\n${show(extra)}`);
        });
      }
    }
  });

  describe('messages', () => {
    it('say what stays in which layer and how to fix it', async () => {
      const { hy } = await diagnose('FROM debian:bookworm\nCOPY big.iso /tmp/big.iso\nRUN rm /tmp/big.iso\nRUN apt-get update\n');
      const del = hy.find((d) => d.code === 'layer-deleted-later')!;
      assert.equal(del.range.start.line, 1);
      assert.match(msg(del), /The RUN on line 3 removes `\/tmp\/big\.iso` \(rm\), which this COPY added, but the bytes stay in this instruction's layer/);
      assert.match(msg(del), /Remove it in the same instruction that adds it/);
      const cache = hy.find((d) => d.code === 'layer-cache')!;
      assert.equal(cache.range.start.line, 3);
      assert.match(msg(cache), /`apt-get update` leaves apt's package lists \(\/var\/lib\/apt\/lists\) in this RUN's layer/);
      assert.match(msg(cache), /rm -rf \/var\/lib\/apt\/lists\/\*/);
      assert.match(msg(cache), /--mount=type=cache,target=\/var\/lib\/apt\/lists/);
    });

    it('range covers the first line of a multi-line instruction', async () => {
      const { hy } = await diagnose('FROM alpine\nRUN apk add \\\n    curl \\\n    git\n');
      assert.equal(hy.length, 1);
      assert.deepEqual(hy[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } });
    });

    it('carry measured bytes once the client sends layer measurements', async () => {
      const text = 'FROM debian:bookworm\nCOPY big.iso /tmp/big.iso\nRUN rm /tmp/big.iso\n';
      const { uri: u, hy } = await diagnose(text);
      assert.doesNotMatch(msg(hy[0]), /Measured/);
      const next = lsp.nextDiagnostics(u);
      await lsp.notify('stevedore/layerMeasurements', { uri: u, instructions: [{ startLine: 1, endLine: 1, size: 52_400_000, wasted: 52_400_000 }, { startLine: 2, endLine: 2, size: 0, wasted: 0 }] });
      const d = hygiene((await next).diagnostics);
      assert.equal(d.length, 1);
      assert.match(msg(d[0]), /Measured: this layer is 52\.4MB, 52\.4MB of it deleted or overwritten later\.$/);
    });
  });

  describe('shell analysis', () => {
    it('follows cd, quoting, sh -c strings and ARG/ENV values into the same finding', async () => {
      const text = [
        'FROM debian:bookworm-slim',
        'ARG PREFIX=/opt/pkgs',
        'ENV PKG="${PREFIX}/tool.tar.gz"',
        'COPY tool.tar.gz ${PREFIX}/',
        "RUN cd \"$PREFIX\" && sh -c 'tar -xzf tool.tar.gz -C /opt/tool && rm -f ./tool.tar.gz'",
      ].join('\n');
      const { hy } = await diagnose(text);
      assert.deepEqual(hy.map((d) => [d.code, d.range.start.line]).sort(), [['layer-archive', 3], ['layer-deleted-later', 3]]);
      assert.match(msg(hy.find((d) => d.code === 'layer-archive')!), /`\/opt\/pkgs\/tool\.tar\.gz` is brought in by this COPY and extracted by the RUN on line 5/);
    });

    it('does not analyse a script the shell parser rejects, and never crashes on garbage', async () => {
      const { all, hy } = await diagnose('FROM alpine\nRUN apk add curl && echo "unterminated\nRUN (((((((((((\nRUN $(( 1 + \nRUN ${\n');
      assert.deepEqual(hy, []);
      assert.ok(Array.isArray(all));
      const deep = `FROM alpine\nRUN ${'$('.repeat(300)}apk add x${')'.repeat(300)}\nRUN ${'sh -c "'.repeat(50)}\n`;
      assert.ok(Array.isArray((await diagnose(deep)).all));
    });

    it('answers every mutated corpus file with diagnostics (fuzz)', async function () {
      this.timeout(120_000);
      const seeds = folders.flatMap((f) => fs.readdirSync(path.join(CORPUS, f)).filter((x) => x.endsWith('.Dockerfile')).map((x) => fs.readFileSync(path.join(CORPUS, f, x), 'utf8')));
      const pieces = ['\\\n', '"', "'", '$(', ')', '${', '}', '<<EOF\n', '\nEOF\n', '&&', '||', ';', '|', '(', '`', '#', '\n', 'rm -rf /', 'apt-get update ', 'COPY a /b\n', 'RUN ', '*', '{a,b}', '$X', 'sh -c \'', 'for i in a; do ', 'done', 'if x; then', 'fi', 'case x in', 'esac', '$((', '\r', 'é'];
      let seed = 12345;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const u = uri();
      await lsp.open(u, seeds[0]);
      for (let i = 0; i < 1000; i++) {
        let s = seeds[Math.floor(rnd() * seeds.length)];
        for (let k = 0; k < 1 + Math.floor(rnd() * 5); k++) {
          const at = Math.floor(rnd() * (s.length + 1));
          s = rnd() < 0.6 ? s.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + s.slice(at) : s.slice(0, at) + s.slice(at + Math.floor(rnd() * 30));
        }
        const d = await lsp.change(u, s);
        assert.ok(Array.isArray(d.diagnostics), `input ${i}`);
        for (const x of hygiene(d.diagnostics)) assert.ok(x.range.start.line >= 0 && x.range.start.line < s.split('\n').length, `input ${i}: ${x.range.start.line}`);
      }
    });

    it('ignores RUNs under a non-POSIX SHELL and on Windows base images', async () => {
      const { hy } = await diagnose('FROM python:3.12\nSHELL ["powershell", "-Command"]\nRUN pip install flask\n');
      assert.deepEqual(hy, []);
      const win = await diagnose('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install flask\nFROM python:3.12\nRUN pip install flask\n');
      assert.deepEqual(win.hy.map((d) => [d.code, d.range.start.line]), [['layer-cache', 3]]);
    });
  });

  describe('quick fixes', () => {
    async function fixOnce(text: string, code: string, title: RegExp): Promise<string> {
      const { uri: u, hy } = await diagnose(text);
      const d = hy.find((x) => x.code === code);
      assert.ok(d, `no ${code} in:\n${show(hy)}`);
      const acts = await actions(u, d);
      const a = acts.find((x) => title.test(x.title));
      assert.ok(a, `no action ${title} among ${acts.map((x) => x.title).join(' | ')}`);
      assert.deepEqual(a.diagnostics, [d]);
      return applyEdits(text, a.edit!.changes![u]);
    }

    it('adds --no-cache to apk add', async () => {
      const fixed = await fixOnce('FROM alpine:3.20\nRUN apk add curl\n', 'layer-cache', /^Add --no-cache to apk add$/);
      assert.equal(fixed, 'FROM alpine:3.20\nRUN apk add --no-cache curl\n');
      assert.deepEqual((await diagnose(fixed)).hy, []);
    });

    it('adds --no-cache-dir to pip install, also inside a heredoc script', async () => {
      const fixed = await fixOnce('FROM python:3.12\nRUN pip install -r requirements.txt\n', 'layer-cache', /^Add --no-cache-dir to pip install$/);
      assert.equal(fixed, 'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n');
      const heredoc = 'FROM python:3.12\nRUN <<EOF\nset -e\npip3 install flask\nEOF\n';
      const fixed2 = await fixOnce(heredoc, 'layer-cache', /^Add --no-cache-dir/);
      assert.equal(fixed2, 'FROM python:3.12\nRUN <<EOF\nset -e\npip3 install --no-cache-dir flask\nEOF\n');
      assert.deepEqual((await diagnose(fixed2)).hy, []);
    });

    it('adds --no-cache inside a single-quoted sh -c script', async () => {
      const fixed = await fixOnce("FROM alpine\nRUN sh -c 'apk add git'\n", 'layer-cache', /^Add --no-cache/);
      assert.equal(fixed, "FROM alpine\nRUN sh -c 'apk add --no-cache git'\n");
    });

    it('appends the apt lists cleanup to the same RUN (after the last command, before a trailing comment)', async () => {
      const text = 'FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl # tools\n';
      const fixed = await fixOnce(text, 'layer-cache', /^Append `&& rm -rf \/var\/lib\/apt\/lists\/\*` to this RUN$/);
      assert.equal(fixed, 'FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl && rm -rf /var/lib/apt/lists/* # tools\n');
      assert.deepEqual((await diagnose(fixed)).hy, []);
    });

    it('appends the cleanup for the other managers too', async () => {
      const fixed = await fixOnce('FROM fedora\nRUN dnf install -y gcc\n', 'layer-cache', /dnf clean all/);
      assert.equal(fixed, 'FROM fedora\nRUN dnf install -y gcc && dnf clean all\n');
      const npm = await fixOnce('FROM node\nRUN npm ci\n', 'layer-cache', /npm cache clean --force/);
      assert.equal(npm, 'FROM node\nRUN npm ci && npm cache clean --force\n');
    });

    it('moves a lone chmod of a copied file into COPY --chmod', async () => {
      const text = 'FROM debian\nCOPY run.sh /usr/local/bin/run.sh\nRUN chmod 755 /usr/local/bin/run.sh\nCMD ["run.sh"]\n';
      const fixed = await fixOnce(text, 'layer-rewrite', /^Use COPY --chmod=755 on line 2 and remove this RUN$/);
      assert.equal(fixed, 'FROM debian\nCOPY --chmod=755 run.sh /usr/local/bin/run.sh\nCMD ["run.sh"]\n');
      assert.deepEqual((await diagnose(fixed)).hy, []);
      const chown = await fixOnce('FROM debian\nCOPY --link app /srv/app\nRUN chown -R www-data:www-data /srv/app\n', 'layer-rewrite', /--chown=www-data:www-data/);
      assert.equal(chown, 'FROM debian\nCOPY --link --chown=www-data:www-data app /srv/app\n');
    });

    it('moves a cleanup-only RUN into the RUN that made the files', async () => {
      const text = 'FROM debian\nRUN apt-get update && apt-get install -y gcc\nENV CC=gcc\nRUN rm -rf /var/lib/apt/lists/*\n';
      const fixed = await fixOnce(text, 'layer-deleted-later', /^Move the cleanup on line 4 into this RUN$/);
      assert.equal(fixed, 'FROM debian\nRUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\nENV CC=gcc\n');
      assert.deepEqual((await diagnose(fixed)).hy, []);
      // not across an instruction that changes files or the working directory
      const { uri: u, hy } = await diagnose('FROM debian\nRUN curl -o /tmp/a.bin https://example.com/a.bin\nWORKDIR /app\nRUN rm /tmp/a.bin\n');
      const d = hy.find((x) => x.code === 'layer-deleted-later');
      assert.ok(d);
      assert.deepEqual((await actions(u, d)).map((a) => a.title), ['Ignore layer-deleted-later for this instruction']);
    });

    it('replaces a copied secret with a secret mount on the later RUNs', async () => {
      const text = 'FROM node:20\nWORKDIR /app\nCOPY .npmrc /app/.npmrc\nCOPY package.json .\nRUN npm ci && npm cache clean --force\nRUN --network=none npm test\n';
      const fixed = await fixOnce(text, 'layer-secret', /^Mount \.npmrc as a build secret on the later RUNs instead of copying it \(build with --secret id=npmrc,src=\.npmrc\)$/);
      assert.equal(fixed, 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci && npm cache clean --force\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc --network=none npm test\n');
      assert.deepEqual((await diagnose(fixed)).hy, []);
    });

    it('offers "ignore this rule here" for every code, and the comment silences it', async () => {
      const text = [
        'FROM debian',
        'COPY id_rsa /root/.ssh/id_rsa',
        'COPY app.tgz /tmp/app.tgz',
        'RUN tar -xzf /tmp/app.tgz -C /opt/app',
        'COPY conf /etc/app.conf',
        'RUN sed -i s/a/b/ /etc/app.conf',
        'RUN apt-get update',
        'RUN rm -rf /var/lib/apt/lists',
      ].join('\n') + '\n';
      const { uri: u, hy } = await diagnose(text);
      assert.deepEqual([...new Set(hy.map((d) => String(d.code)))].sort(), [...CODES].sort());
      for (const d of hy) {
        const acts = await actions(u, d);
        const ignore = acts.find((a) => a.title === `Ignore ${d.code} for this instruction`);
        assert.ok(ignore, `${d.code}: ${acts.map((a) => a.title).join(' | ')}`);
        const fixed = applyEdits(text, ignore.edit!.changes![u]);
        assert.ok(fixed.split('\n')[d.range.start.line] === `# stevedore-ignore ${d.code}`);
        const after = (await diagnose(fixed)).hy;
        assert.ok(!after.some((x) => x.code === d.code && x.range.start.line === d.range.start.line + 1), `${d.code} still reported:\n${show(after)}`);
      }
    });
  });

  describe('build context', () => {
    it('reports secret-like files a directory COPY takes from the context, unless .dockerignore excludes them', async function () {
      this.timeout(20_000);
      const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-hygiene-'));
      try {
        fs.writeFileSync(path.join(ctx, '.env'), 'TOKEN=x\n');
        fs.writeFileSync(path.join(ctx, 'app.py'), 'print(1)\n');
        fs.mkdirSync(path.join(ctx, 'conf'));
        fs.writeFileSync(path.join(ctx, 'conf', 'credentials.json'), '{}');
        const u = pathToFileURL(path.join(ctx, 'Dockerfile')).href;
        const text = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY conf/ /etc/app/\nCOPY *.py /srv/\n';
        const first = hygiene((await lsp.open(u, text)).diagnostics);
        assert.deepEqual(first.map((d) => [d.code, d.range.start.line]), [['layer-secret', 2], ['layer-secret', 3]], show(first));
        assert.match(msg(first[0]), /This COPY takes `\.env` from the build context along with `\.` \(an environment file, usually secrets\) into the image under `\/app`/);
        assert.match(msg(first[0]), /Add it to \.dockerignore/);
        assert.match(msg(first[1]), /`conf\/credentials\.json`/);
        fs.writeFileSync(path.join(ctx, '.dockerignore'), '.env\nconf/credentials.json\n');
        await new Promise((r) => setTimeout(r, 1100)); // the server re-reads .dockerignore at most once a second
        assert.deepEqual(hygiene((await lsp.change(u, `${text}\n`)).diagnostics), []);
      } finally {
        fs.rmSync(ctx, { recursive: true, force: true });
      }
    });

    it('finds secret-like files in context sub-folders and behind symlinks, and none in a folder without them', async function () {
      this.timeout(20_000);
      const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-hygiene-'));
      try {
        fs.mkdirSync(path.join(ctx, '.aws'));
        fs.writeFileSync(path.join(ctx, '.aws', 'credentials'), '[default]\n');
        fs.writeFileSync(path.join(ctx, 'npm-config'), '//registry/:_authToken=x\n');
        fs.symlinkSync('npm-config', path.join(ctx, '.npmrc'));
        fs.mkdirSync(path.join(ctx, 'src'));
        fs.writeFileSync(path.join(ctx, 'src', 'main.go'), 'package main\n');
        fs.mkdirSync(path.join(ctx, '.docker')); // the folder without its config.json: nothing to report
        const u = pathToFileURL(path.join(ctx, 'Dockerfile')).href;
        const found = hygiene((await lsp.open(u, 'FROM golang:1.22\nCOPY . /src\nCOPY src/ /app/\n')).diagnostics);
        assert.deepEqual(found.map((d) => [d.code, d.range.start.line]), [['layer-secret', 1]], show(found));
        assert.match(msg(found[0]), /`\.aws\/credentials`/);
        assert.match(msg(found[0]), /`\.npmrc`/);
        assert.doesNotMatch(msg(found[0]), /config\.json/);
      } finally {
        fs.rmSync(ctx, { recursive: true, force: true });
      }
    });
  });

  describe('large instructions', () => {
    // Diagnostics are computed synchronously: an instruction must not be able to stall the server.
    // Each of these took seconds to minutes before the engine indexed its items and COPY/ADD capped
    // the sources it follows one by one; now they take tens of milliseconds (the bound below is
    // loose because the machine may be shared and busy).
    const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
    async function timed(text: string, u = uri()): Promise<{ hy: Diagnostic[]; ms: number }> {
      const t = performance.now();
      const { hy } = await diagnose(text, u);
      return { hy, ms: performance.now() - t };
    }

    it('COPY with 20,000 sources (in a build context) answers well under a second, with the findings it had', async function () {
      const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-hygiene-big-'));
      try {
        fs.mkdirSync(path.join(ctx, 'src'));
        fs.writeFileSync(path.join(ctx, 'src', '.env'), 'TOKEN=x\n');
        const u = pathToFileURL(path.join(ctx, 'Dockerfile')).href;
        const text = `FROM alpine\nCOPY src/ ${many(20_000, (i) => `src/f${i}.txt`)} /app/\nRUN rm -rf /app/f1.txt\n`;
        const { hy, ms } = await timed(text, u);
        assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
        assert.deepEqual(hy.map((d) => [d.code, d.range.start.line]), [['layer-deleted-later', 1], ['layer-secret', 1]], show(hy));
        assert.match(msg(hy[0]), /removes `\/app\/f1\.txt` \(rm\), part of what this COPY added/);
        assert.match(msg(hy[1]), /takes `src\/\.env` from the build context/);
      } finally {
        fs.rmSync(ctx, { recursive: true, force: true });
      }
    });

    it('sources beyond the cap are summarised: removals under the destination and secret-like names still show', async () => {
      const text = `FROM alpine\nCOPY ${many(20_000, (i) => `f${i}.txt`)} .env /app/\nRUN rm -rf /app/f19999.txt\n`;
      const { hy, ms } = await timed(text);
      assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
      assert.deepEqual(hy.map((d) => [d.code, d.range.start.line]), [['layer-deleted-later', 1], ['layer-secret', 1]], show(hy));
      assert.match(msg(hy[0]), /removes `\/app\/f19999\.txt` \(rm\), part of what this COPY added/);
      assert.match(msg(hy[1]), /also puts `\.env` \(an environment file, usually secrets\) into the image under `\/app`/);
    });

    it('an 80,000-character ADD of a URL with 20,000 sources answers well under a second', async () => {
      const text = `FROM alpine\nADD https://example.com/tool.tar.gz ${many(20_000, () => '--f')} /dst/\nRUN rm -rf /dst\n`;
      assert.ok(text.length > 80_000);
      const { hy, ms } = await timed(text);
      assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
      assert.deepEqual(hy.map((d) => [d.code, d.range.start.line]), [['layer-deleted-later', 1]], show(hy));
    });

    it('a RUN with 20,000 operands after a large COPY answers well under a second', async () => {
      const text = `FROM alpine\nCOPY ${many(5_000, (i) => `d${i}/`)} /app/\nRUN rm -rf ${many(20_000, (i) => `/app/x${i}`)} && chmod 600 ${many(20_000, (i) => `/app/y${i}`)}\n`;
      const { ms } = await timed(text);
      assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    });
  });

  describe('suppression and settings', () => {
    it('honours # stevedore-ignore and the hadolint equivalents', async () => {
      const text = [
        'FROM debian',
        '# hadolint ignore=DL3009',
        'RUN apt-get update && apt-get install -y curl',
        'COPY app.tar.gz /tmp/',
        '# stevedore-ignore layer-secret,layer-cache',
        'COPY .npmrc /root/.npmrc',
        'RUN tar -xzf /tmp/app.tar.gz -C /opt/app',
        'FROM alpine',
        '# hadolint ignore=DL3019',
        'RUN apk add git',
      ].join('\n');
      const { hy } = await diagnose(text);
      assert.deepEqual(hy.map((d) => [d.code, d.range.start.line]), [['layer-archive', 3]]);
      const { hy: hy2 } = await diagnose(text.replace('COPY app.tar.gz /tmp/', '# hadolint ignore=DL3010\nCOPY app.tar.gz /tmp/'));
      assert.deepEqual(hy2, []);
    });

    it('applies stevedore.lint.<code> severities (and off)', async () => {
      lsp.settings = { stevedore: { lint: { 'layer-cache': 'error', 'layer-secret': 'off' } } };
      await lsp.notify('workspace/didChangeConfiguration', { settings: {} });
      await new Promise((r) => setTimeout(r, 200));
      const { hy } = await diagnose('FROM alpine\nCOPY .env /app/.env\nRUN apk add git\n');
      assert.deepEqual(hy.map((d) => [d.code, d.severity]), [['layer-cache', 1]]);
      lsp.settings = { stevedore: { lint: {} } };
      await lsp.notify('workspace/didChangeConfiguration', { settings: {} });
      await new Promise((r) => setTimeout(r, 200));
    });
  });
});
