import { Command } from 'commander';
import * as readline from 'readline';
import { Writable } from 'stream';
import type { LayerProgress } from '../../engine/registry/api';
import { closeIdleConnections } from '../../engine/registry/transport';
import { EngineError } from '../../core/errors';
import { familiar, parseRemoteRef } from '../../engine/registry/refs';
import type { Engine } from '../../engine/engine';
import { openEngine } from './images';
import { humanSize } from '../../core/format';

/**
 * `pull`, `push`, `login`, `logout` with docker's words, flags and output, plus
 * `registry catalog|tags|rm|inspect` for browsing a registry. Progress: one line per layer,
 * redrawn in place on a TTY; on a pipe, one line per state change (no byte counters).
 */

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

/** Per-layer progress lines, docker style. */
export class ProgressPrinter {
  private readonly order: string[] = [];
  private readonly lines = new Map<string, string>();
  private readonly lastStatus = new Map<string, string>();

  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly tty: boolean,
  ) {}

  line(text: string): void {
    this.out.write(text + '\n');
    // Lines printed between layer lines break in-place redraw; start a new block.
    this.order.length = 0;
    this.lines.clear();
  }

  update(p: LayerProgress): void {
    if (p.kind !== 'layer') return;
    const id = short(p.digest);
    const moving = p.status === 'Downloading' || p.status === 'Pushing';
    let text = `${id}: ${p.status === 'Waiting' ? 'Pulling fs layer' : p.status}`;
    if (moving && this.tty) text += `  ${humanSize(p.done, 4)}/${humanSize(p.total, 4)}`;
    if (!this.tty) {
      // Without a TTY print state changes only: byte counters would flood logs.
      if (this.lastStatus.get(id) === p.status) return;
      this.lastStatus.set(id, p.status);
      this.out.write(text + '\n');
      return;
    }
    if (!this.lines.has(id)) {
      this.order.push(id);
      this.lines.set(id, text);
      this.out.write(text + '\n');
      return;
    }
    if (this.lines.get(id) === text) return;
    this.lines.set(id, text);
    const up = this.order.length - this.order.indexOf(id);
    this.out.write(`\x1b[${up}A\r\x1b[2K${text}\r\x1b[${up}B`);
  }
}

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

/** Runs a command body with an AbortSignal tied to Ctrl-C, closing idle connections after. */
async function run(fn: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSig);
    closeIdleConnections();
  }
}

const hasTag = (name: string) => /:[^/]*$/.test(name.split('@')[0]);

export function register(program: Command): void {
  program
    .command('pull')
    .description('Download an image from a registry')
    .argument('<name>', 'NAME[:TAG|@DIGEST]')
    .option('-a, --all-tags', 'download all tagged images in the repository')
    .option('--platform <platform>', 'set platform if server is multi-platform capable (os/arch[/variant])')
    .option('-q, --quiet', 'suppress verbose output')
    .action((name: string, opts: { allTags?: boolean; platform?: string; quiet?: boolean }, cmd: Command) =>
      run(async (signal) => {
        const svc = await openEngine(cmd);
        const quiet = !!opts.quiet;
        const printer = new ProgressPrinter(process.stdout, !!process.stdout.isTTY);
        const ref = parseRemoteRef(name);
        if (!quiet) {
          if (opts.allTags) printer.line(`Pulling all tags of ${familiar({ ...ref, tag: undefined })}`);
          else if (!hasTag(name) && !name.includes('@')) printer.line('Using default tag: latest');
        }
        let announced = '';
        const results = await svc.images.pull(name, {
          allTags: opts.allTags,
          platform: opts.platform,
          signal,
          onMessage: quiet ? undefined : (line) => printer.line(line),
          onProgress: quiet
            ? undefined
            : (p) => {
                if (p.ref !== announced) {
                  announced = p.ref;
                  const r = parseRemoteRef(p.ref);
                  printer.line(`${r.tag ?? r.digest}: Pulling from ${r.repository}`);
                }
                printer.update(p);
              },
        });
        for (const r of results) {
          if (quiet) continue;
          const p = parseRemoteRef(r.reference);
          printer.line(`Digest: ${r.digest}`);
          printer.line(r.downloaded ? `Status: Downloaded newer image for ${familiar(p)}` : `Status: Image is up to date for ${familiar(p)}`);
        }
        process.stdout.write((opts.allTags ? ref.name : results[0].reference) + '\n');
      }),
    );

  program
    .command('push')
    .description('Upload an image to a registry')
    .argument('<name>', 'NAME[:TAG]')
    .option('-a, --all-tags', 'push all tags of an image to the repository')
    .option('-q, --quiet', 'suppress verbose output')
    .action((name: string, opts: { allTags?: boolean; quiet?: boolean }, cmd: Command) =>
      run(async (signal) => {
        const svc = await openEngine(cmd);
        const quiet = !!opts.quiet;
        const printer = new ProgressPrinter(process.stdout, !!process.stdout.isTTY);
        const ref = parseRemoteRef(name);
        if (!quiet) {
          if (!opts.allTags && !hasTag(name)) printer.line('Using default tag: latest');
          printer.line(`The push refers to repository [${ref.name}]`);
        }
        const results = await svc.images.push(name, { allTags: opts.allTags, signal, onProgress: quiet ? undefined : (p) => printer.update(p) });
        for (const r of results) {
          if (quiet) process.stdout.write(r.reference + '\n');
          else printer.line(`${r.tag}: digest: ${r.digest} size: ${r.size}`);
        }
      }),
    );

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
