import { Command } from 'commander';
import * as readline from 'readline';
import { Writable } from 'stream';
import { EngineError } from '../../../core/errors';
import type { Engine } from '../../../engine/engine';
import { openEngine, withInterrupt as run } from '../../helpers';

/**
 * `login`, `logout` with docker's words, flags and output, plus `registry catalog|tags|rm|inspect`
 * for browsing a registry (`pull`/`push` are image verbs: commands/images/pull.ts).
 */

async function readPasswordStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function prompt(question: string, hidden: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (a) => resolve(a));
      muted = hidden;
    });
  } finally {
    rl.close();
    if (hidden) process.stdout.write('\n');
  }
}

export function register(program: Command): void {
  program
    .command('login')
    .description('Log in to a registry')
    .argument('[server]', 'registry (default: Docker Hub)')
    .option('-u, --username <username>', 'username')
    .option('-p, --password <password>', 'password')
    .option('--password-stdin', 'take the password from stdin')
    .action((server: string | undefined, opts: { username?: string; password?: string; passwordStdin?: boolean }, cmd: Command) =>
      run(async (signal) => {
        let { username, password } = opts;
        if (password !== undefined && opts.passwordStdin) throw new EngineError('invalid-argument', '--password and --password-stdin are mutually exclusive');
        if (password !== undefined) process.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
        if (opts.passwordStdin) {
          if (!username) throw new EngineError('invalid-argument', 'Must provide --username with --password-stdin');
          password = await readPasswordStdin();
        }
        if (username === undefined || password === undefined) {
          if (!process.stdin.isTTY) throw new EngineError('invalid-argument', 'Cannot perform an interactive login from a non TTY device');
          if (username === undefined) username = (await prompt('Username: ', false)).trim();
          if (password === undefined) password = await prompt('Password: ', true);
        }
        if (!username) throw new EngineError('invalid-argument', 'Username is required');
        if (!password) throw new EngineError('invalid-argument', 'Password is required');
        await (await openEngine(cmd)).login(server, { username, password }, { signal });
        process.stdout.write('Login Succeeded\n');
      }),
    );

  program
    .command('logout')
    .description('Log out from a registry')
    .argument('[server]', 'registry (default: Docker Hub)')
    .action((server: string | undefined, _opts: unknown, cmd: Command) =>
      run(async () => {
        const { registry, removed } = await (await openEngine(cmd)).logout(server);
        const shown = registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
        process.stdout.write(removed ? `Removing login credentials for ${shown}\n` : `Not logged in to ${shown}\n`);
      }),
    );

  const reg = program.command('registry').description('Browse and manage a registry');
  // catalog and tags: one line per name, as `docker` would print a list.
  const listing = (name: string, description: string, arg: string, argDescription: string, list: (svc: Engine, value: string, signal: AbortSignal) => Promise<string[]>) =>
    reg
      .command(name)
      .description(description)
      .argument(arg, argDescription)
      .action((value: string, _o: unknown, cmd: Command) =>
        run(async (signal) => {
          for (const line of await list(await openEngine(cmd), value, signal)) process.stdout.write(line + '\n');
        }),
      );
  listing('catalog', 'List the repositories of a registry', '<server>', 'registry host[:port]', (svc, server, signal) => svc.catalog(server, { signal }));
  listing('tags', 'List the tags of a repository', '<repository>', 'registry/name', (svc, repo, signal) => svc.tags(repo, { signal }));
  reg
    .command('rm')
    .description('Delete a manifest from a registry (by tag or digest)')
    .argument('<reference>', 'registry/name:tag or registry/name@digest')
    .action((ref: string, _o: unknown, cmd: Command) =>
      run(async (signal) => {
        const digest = await (await openEngine(cmd)).deleteManifest(ref, { signal });
        process.stdout.write(`Deleted: ${digest}\n`);
      }),
    );
  reg
    .command('inspect')
    .description('Print the manifest of a remote image without pulling it')
    .argument('<reference>', 'registry/name[:tag|@digest]')
    .action((ref: string, _o: unknown, cmd: Command) =>
      run(async (signal) => {
        const m = await (await openEngine(cmd)).inspectRemote(ref, { signal });
        process.stdout.write(JSON.stringify({ Name: m.reference, Digest: m.digest, MediaType: m.mediaType, Platforms: m.platforms, Manifest: m.manifest }, null, 4) + '\n');
      }),
    );
}
