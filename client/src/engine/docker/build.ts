import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import * as tar from 'tar-stream';
import type { BuildOptions, BuildResult, BuildStep } from '../build/builder';
import { BuildContext } from '../build/context';
import type { CredentialStore } from '../credentials/store';
import { EngineError } from '../errors';
import { parseNormalizedNamed } from '../reference';
import type { EngineEvent } from '../events';
import { DockerClient, jsonMessages } from './client';

/** 0-based start and end lines of each instruction, in order (continuations and heredoc bodies joined). */
function instructionLines(text: string): Array<{ start: number; end: number; text: string }> {
  const lines = text.split(/\r?\n/);
  const out: Array<{ start: number; end: number; text: string }> = [];
  let cur: { start: number; end: number; text: string } | undefined;
  let heredoc: string | undefined;
  lines.forEach((line, i) => {
    if (cur && heredoc !== undefined) {
      cur.end = i;
      if (line.trim() === heredoc) heredoc = undefined;
      if (heredoc === undefined) cur = undefined;
      return;
    }
    const t = line.trim();
    if (!cur) {
      if (!t || t.startsWith('#')) return;
      cur = { start: i, end: i, text: t };
      out.push(cur);
    } else {
      cur.end = i;
    }
    const h = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(t);
    if (h) heredoc = h[1];
    else if (!t.endsWith('\\')) cur = undefined;
  });
  return out;
}

/** The context folder as a tar stream (its `.dockerignore` honoured), plus the Dockerfile's name inside it. */
async function contextTar(opts: BuildOptions): Promise<{ stream: PassThrough; dockerfile: string; text: string }> {
  const dir = path.resolve(opts.context);
  const dockerfile = path.resolve(opts.dockerfile ?? path.join(dir, 'Dockerfile'));
  const text = await fs.promises.readFile(dockerfile, 'utf8').catch(() => {
    throw new EngineError('invalid-argument', `unable to prepare context: unable to evaluate symlinks in Dockerfile path: ${dockerfile}: no such file or directory`);
  });
  const ctx = await BuildContext.open(dir, dockerfile);
  const sel = await ctx.select('.');
  let rel = path.relative(dir, dockerfile).split(path.sep).join('/');
  const inside = !rel.startsWith('..') && sel.entries.some((e) => e.rel === rel);
  if (!inside) rel = `.dockerfile.${crypto.randomBytes(10).toString('hex')}`;
  const pack = tar.pack();
  const out = new PassThrough();
  pack.pipe(out);
  void (async () => {
    try {
      for (const e of sel.entries) {
        const header = { name: e.rel, mode: e.stat.mode & 0o7777, mtime: e.stat.mtime, uid: 0, gid: 0 };
        if (e.stat.isDirectory()) pack.entry({ ...header, type: 'directory' });
        else if (e.stat.isSymbolicLink()) pack.entry({ ...header, type: 'symlink', linkname: e.linkTarget });
        else if (e.stat.isFile()) {
          await new Promise<void>((resolve, reject) => {
            const entry = pack.entry({ ...header, size: e.stat.size }, (err) => (err ? reject(err) : resolve()));
            fs.createReadStream(e.abs).on('error', reject).pipe(entry);
          });
        }
      }
      if (!inside) pack.entry({ name: rel, mode: 0o644 }, text);
      pack.finalize();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return { stream: out, dockerfile: rel, text };
}

/**
 * `docker build` through the daemon's classic builder (POST /build, version 1): the context is
 * streamed as a tar (no temp file), steps are reported as they run. BuildKit-only features
 * (`--secret`) are refused with `unavailable`.
 */
export async function dockerBuild(c: DockerClient, credentials: CredentialStore | undefined, opts: BuildOptions, emit: (e: EngineEvent) => void): Promise<BuildResult> {
  if (opts.secrets && Object.keys(opts.secrets).length) throw new EngineError('unavailable', 'build secrets need BuildKit, which the Docker engine in Stevedore does not drive yet; use the embedded engine');
  const { stream, dockerfile, text } = await contextTar(opts);
  const instrs = instructionLines(text);
  // Logins for the registries of the FROM images (X-Registry-Config), as the docker CLI sends them.
  const authConfigs: Record<string, { username?: string; password?: string; identitytoken?: string }> = {};
  for (const i of instrs) {
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)/i.exec(i.text);
    if (!from || from[1].includes('$')) continue;
    try {
      const domain = parseNormalizedNamed(from[1]).domain;
      const a = await credentials?.get(domain);
      if (a) authConfigs[domain === 'docker.io' ? 'https://index.docker.io/v1/' : domain] = { username: a.username, password: a.password, identitytoken: a.identityToken };
    } catch {
      // a stage name or an unparsable reference: nothing to log in to
    }
  }
  const s = await c.stream('POST', '/build', {
    query: {
      dockerfile, t: opts.tags ?? [], target: opts.target, nocache: opts.noCache ? 1 : undefined, platform: opts.platform,
      buildargs: opts.buildArgs ? JSON.stringify(opts.buildArgs) : undefined, rm: 1, forcerm: 1, version: '1',
    },
    file: stream,
    signal: opts.signal,
    headers: { 'Content-Type': 'application/x-tar', 'X-Registry-Config': Buffer.from(JSON.stringify(authConfigs)).toString('base64') },
  });
  const steps: BuildStep[] = [];
  let id = '';
  let step = 0;
  let total = 0;
  let name = '';
  const at = () => instrs[step - 1] ?? { start: 0, end: 0 };
  const progress = (status: 'start' | 'cached' | 'done' | 'error' | 'output', message?: string) =>
    opts.onProgress?.({ step, total, name, startLine: at().start, endLine: at().end, status, ...(message !== undefined ? { message } : {}) });
  try {
    for await (const m of jsonMessages<{ stream?: string; error?: string; errorDetail?: { message?: string }; aux?: { ID?: string } }>(s)) {
      if (m.error) {
        progress('error', m.errorDetail?.message ?? m.error);
        throw new EngineError('invalid-argument', m.errorDetail?.message ?? m.error);
      }
      if (m.aux?.ID) id = m.aux.ID;
      for (const line of (m.stream ?? '').split('\n')) {
        const st = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
        if (st) {
          if (step) progress('done');
          step = Number(st[1]);
          total = Number(st[2]);
          name = st[3];
          steps.push({ stage: 0, instruction: name, startLine: at().start, endLine: at().end, cached: false });
          progress('start');
        } else if (/^ ---> Using cache/.test(line)) {
          if (steps.length) steps[steps.length - 1].cached = true;
          progress('cached');
        } else if (/^Successfully built ([0-9a-f]+)/.test(line) && !id) {
          id = /^Successfully built ([0-9a-f]+)/.exec(line)![1];
        } else if (line.trim() && !/^ ---> |^Removing intermediate container|^Successfully tagged/.test(line)) {
          progress('output', line);
        }
      }
    }
  } catch (e) {
    if (opts.signal?.aborted) throw new EngineError('cancelled', 'build cancelled');
    throw c.error(e, 'build');
  }
  if (step) progress('done');
  if (!id) throw new EngineError('internal', 'the daemon did not report the built image ID');
  if (!id.startsWith('sha256:')) id = (await c.call<{ Id: string }>('GET', `/images/${id}/json`)).Id;
  emit({ type: 'image.built', id: opts.tags?.[0] ?? id, time: Date.now(), pid: process.pid, attributes: { id } });
  return { id, tags: opts.tags ?? [], steps };
}
