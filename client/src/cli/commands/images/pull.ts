import type { Command } from 'commander';
import type { LayerProgress } from '../../../engine/registry/api';
import { familiar, parseRemoteRef } from '../../../engine/registry/refs';
import { humanSize } from '../../../core/format';
import { openEngine, withInterrupt as run } from '../../helpers';

/**
 * `pull` and `push` (`image pull|push`) with docker's words, flags and output. Progress: one
 * line per layer, redrawn in place on a TTY; on a pipe, one line per state change (no byte counters).
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

const hasTag = (name: string) => /:[^/]*$/.test(name.split('@')[0]);

/** What pull and push start with: the engine, the progress printer, the reference. */
async function transfer(cmd: Command, name: string, quiet: boolean | undefined) {
  return { svc: await openEngine(cmd), quiet: !!quiet, printer: new ProgressPrinter(process.stdout, !!process.stdout.isTTY), ref: parseRemoteRef(name) };
}

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
        const { svc, quiet, printer, ref } = await transfer(cmd, name, opts.quiet);
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
        const { svc, quiet, printer, ref } = await transfer(cmd, name, opts.quiet);
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
}
