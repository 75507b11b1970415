import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import * as tar from 'tar-stream';
import type { BuildOptions, BuildResult, BuildStep } from '../build/api';
import { BuildContext } from '../build/context';
import type { CredentialStore } from '../credentials/store';
import type { JsonMessage } from '../../core/dockerWire';
import { EngineError, isEngineError } from '../../core/errors';
import { parseNormalizedNamed } from '../../core/reference';
import type { EngineEvent } from '../events';
import { BuildkitProgress, BuildSession, chooseBuilder, decodeStatus, DockerBuilderChoice, openSession } from './buildkit';
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


/** The classic builder's `{"aux":{"ID"}}` or BuildKit's base64 trace (`moby.buildkit.trace`). */
type Message = JsonMessage<{ ID?: string } | string>;

/**
 * `docker build` through the daemon: BuildKit (POST /build, version 2) or the classic builder
 * (version 1), as chooseBuilder decides. Either way the context is streamed as a tar (no temp
 * file; BuildKit in the daemon takes the request body as its context) and steps are reported as
 * they run: the classic builder's `Step n/m` lines, BuildKit's vertexes (buildkit.ts). With
 * BuildKit, a session serves registry logins and `--secret` files; the classic builder refuses
 * secrets.
 */
export async function dockerBuild(
  c: DockerClient, credentials: CredentialStore | undefined, opts: BuildOptions, emit: (e: EngineEvent) => void,
  engine: { builder?: DockerBuilderChoice; env?: NodeJS.ProcessEnv } = {},
): Promise<BuildResult> {
  const builder = await chooseBuilder(c, [opts.builder, engine.builder], engine.env ?? process.env).catch((e) => { throw c.error(e, 'build'); });
  const hasSecrets = !!opts.secrets && Object.keys(opts.secrets).length > 0;
  if (hasSecrets && builder === 'classic') {
    throw new EngineError('unavailable', 'build secrets (--secret) need BuildKit, and the classic builder was chosen (stevedore.docker.builder or DOCKER_BUILDKIT=0); use BuildKit');
  }
  let session: BuildSession | undefined;
  if (builder === 'buildkit') {
    try {
      session = await openSession(c, { secrets: opts.secrets, credentials, signal: opts.signal });
    } catch (e) {
      // Without a session BuildKit still builds (no logins, no secrets): only secrets need it.
      if (hasSecrets || opts.signal?.aborted) throw isEngineError(e) ? e : c.error(e, 'build session');
    }
  }
  try {
    return await buildWith(c, credentials, opts, emit, builder, session);
  } finally {
    session?.close();
  }
}

async function buildWith(
  c: DockerClient, credentials: CredentialStore | undefined, opts: BuildOptions, emit: (e: EngineEvent) => void,
  builder: 'buildkit' | 'classic', session: BuildSession | undefined,
): Promise<BuildResult> {
  const { stream, dockerfile, text } = await contextTar(opts);
  const instrs = instructionLines(text);
  // Logins for the registries of the FROM images (X-Registry-Config), as the docker CLI sends them
  // (the classic builder reads them; BuildKit asks through the session).
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
  const steps: BuildStep[] = [];
  let id = '';
  let step = 0;
  let total = 0;
  let name = '';
  const at = () => instrs[step - 1] ?? { start: 0, end: 0 };
  const progress = (status: 'start' | 'cached' | 'done' | 'error' | 'output', message?: string) =>
    opts.onProgress?.({ step, total, name, startLine: at().start, endLine: at().end, status, ...(message !== undefined ? { message } : {}) });
  const kit = new BuildkitProgress(instrs, opts.target, opts.onProgress);
  try {
    const s = await c.stream('POST', '/build', {
      query: {
        dockerfile, t: opts.tags ?? [], target: opts.target, nocache: opts.noCache ? 1 : undefined, platform: opts.platform,
        buildargs: opts.buildArgs ? JSON.stringify(opts.buildArgs) : undefined, networkmode: opts.network, rm: 1, forcerm: 1,
        version: builder === 'buildkit' ? '2' : '1', session: session?.id,
      },
      file: stream,
      signal: opts.signal,
      headers: { 'Content-Type': 'application/x-tar', 'X-Registry-Config': Buffer.from(JSON.stringify(authConfigs)).toString('base64') },
    });
    for await (const m of jsonMessages<Message>(s)) {
      if (m.error) {
        const msg = m.errorDetail?.message ?? m.error;
        if (builder === 'buildkit') {
          kit.flush();
          const f = kit.failed;
          // The daemon's message names the command and its exit code; the step and the line say where.
          throw new EngineError('invalid-argument', f ? `${f.name} (Dockerfile line ${f.startLine + 1}): ${msg}` : msg);
        }
        progress('error', msg);
        throw new EngineError('invalid-argument', msg);
      }
      if (m.id === 'moby.buildkit.trace' && typeof m.aux === 'string') {
        kit.update(decodeStatus(m.aux));
        continue;
      }
      if (typeof m.aux === 'object' && m.aux?.ID) id = m.aux.ID;
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
    stream.destroy();
    if (opts.signal?.aborted) throw new EngineError('cancelled', 'build cancelled');
    throw c.error(e, 'build');
  }
  kit.flush();
  if (step) progress('done');
  if (!id) throw new EngineError('internal', 'the daemon did not report the built image ID');
  if (!id.startsWith('sha256:')) id = (await c.call<{ Id: string }>('GET', `/images/${id}/json`)).Id;
  emit({ type: 'image.built', id: opts.tags?.[0] ?? id, time: Date.now(), pid: process.pid, attributes: { id } });
  return { id, tags: opts.tags ?? [], steps: builder === 'buildkit' ? kit.steps : steps };
}
