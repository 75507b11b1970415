import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import type { BuildProgress } from '../../../engine/build/api';
import { group, openEngine } from '../../helpers';

/** `stevedore build` and `builder prune`, with docker's flags. */
export function register(program: Command): void {
  program
    .command('build')
    .description('Build an image from a Dockerfile')
    .argument('<path>', 'build context folder')
    .option('-f, --file <file>', 'name of the Dockerfile (default: PATH/Dockerfile)')
    .option('-t, --tag <name>', 'name and optionally a tag (name:tag); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--target <stage>', 'build this stage')
    .option('--build-arg <key=value>', 'set a build-time variable; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--no-cache', 'do not use the cache')
    .option('--platform <platform>', 'os/arch[/variant]: only this host\'s platform')
    .option('--network <mode>', 'network of the RUN steps: default, none or host (docker mode: also a daemon network\'s name)')
    .option('-q, --quiet', 'print only the image ID')
    .option('--iidfile <file>', 'write the image ID to the file')
    .option('--secret <id=ID,src=FILE>', 'a secret RUN --mount=type=secret can read; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (context: string, o: { file?: string; tag: string[]; target?: string; buildArg: string[]; cache: boolean; platform?: string; network?: string; quiet?: boolean; iidfile?: string; secret: string[] }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const buildArgs: Record<string, string> = {};
      for (const a of o.buildArg) {
        const i = a.indexOf('=');
        // docker takes `--build-arg NAME` (no value) from the environment
        if (i < 0) { if (process.env[a] !== undefined) buildArgs[a] = process.env[a]!; } else buildArgs[a.slice(0, i)] = a.slice(i + 1);
      }
      const onProgress = o.quiet ? undefined : (p: BuildProgress) => {
        if (p.status === 'start') process.stdout.write(`${p.name}\n`);
        else if (p.status === 'cached') process.stdout.write(' ---> CACHED\n');
        else if (p.status === 'error') process.stderr.write(` ---> ERROR: ${p.message}\n`);
        else if (p.status === 'output') process.stdout.write(`${p.message}\n`);
      };
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      const r = await engine.build({
        context, dockerfile: o.file ? path.resolve(o.file) : undefined, tags: o.tag, target: o.target, buildArgs,
        noCache: !o.cache, platform: o.platform, network: o.network, signal: abort.signal, onProgress, secrets: parseSecrets(o.secret),
      });
      if (o.iidfile) fs.writeFileSync(o.iidfile, r.id);
      if (o.quiet) process.stdout.write(`${r.id}\n`);
      else {
        process.stdout.write(`Successfully built ${r.id.replace(/^sha256:/, '').slice(0, 12)}\n`);
        for (const t of r.tags) process.stdout.write(`Successfully tagged ${t}\n`);
      }
      await engine.dispose();
    });

  group(program, 'builder', 'Manage builds')
    .command('prune')
    .description('Remove the build cache')
    .option('-f, --force', 'do not prompt for confirmation')
    .action(async (_o: unknown, cmd: Command) => {
      const engine = await openEngine(cmd);
      const r = await engine.pruneBuildCache();
      process.stdout.write(`Deleted build cache objects: ${r.CachesDeleted.length}\n`);
      await engine.dispose();
    });
}

/** `--secret id=mysecret,src=/path` (also `source=`, `type=file`; `id` defaults to the file name, as buildx does). */
function parseSecrets(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of list) {
    const kv = Object.fromEntries(spec.split(',').map((f) => {
      const i = f.indexOf('=');
      return i < 0 ? [f, ''] : [f.slice(0, i), f.slice(i + 1)];
    }));
    const src = kv.src ?? kv.source;
    if (!src) throw new Error(`invalid secret "${spec}": src= is required`);
    if (!fs.existsSync(src)) throw new Error(`failed to read secret "${spec}": open ${src}: no such file or directory`);
    out[kv.id || path.basename(src)] = path.resolve(src);
  }
  return out;
}
