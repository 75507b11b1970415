import { Command } from 'commander';
import * as analyze from './analyze';
import * as pull from './pull';
import * as search from './search';
import * as fs from 'fs';
import { Readable } from 'stream';
import type { Engine } from '../../../engine/engine';
import { EngineError, isEngineError } from '../../../core/errors';
import type { HistoryItem, ImageSummary } from '../../../engine/image/api';
import { parseAnyReference, parseNormalizedNamed } from '../../../core/reference';
import { humanSize, createdSince, goTime } from '../../../core/format';
import { collect, confirm, eachArg, group, openEngine, out, parseFilters, renderTemplate, table, templateTable } from '../../helpers';

/**
 * Image commands with docker's words, flags and output: images / image ls, image inspect /
 * inspect, history, tag, rmi, image prune, save, load, import; pull and push (./pull.ts), analyze
 * (./analyze.ts), search (./search.ts).
 */

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

// ---- images ------------------------------------------------------------------------------

interface ImageRow {
  Containers: string;
  CreatedAt: string;
  CreatedSince: string;
  Digest: string;
  ID: string;
  Repository: string;
  SharedSize: string;
  Size: string;
  Tag: string;
  UniqueSize: string;
  VirtualSize: string;
}

export function imageRows(list: ImageSummary[], o: { noTrunc?: boolean }): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const img of list) {
    const base = {
      Containers: img.containers < 0 ? 'N/A' : String(img.containers),
      CreatedAt: goTime(img.created),
      CreatedSince: createdSince(img.created),
      ID: o.noTrunc ? img.id : shortId(img.id),
      SharedSize: 'N/A',
      Size: humanSize(img.size),
      UniqueSize: 'N/A',
      // docker/cli formats VirtualSize with HumanSize (4 digits), Size with 3.
      VirtualSize: humanSize(img.size, 4),
    };
    const digests = img.repoDigests.map((d) => parseAnyReference(d));
    const tags = img.repoTags.map((t) => parseAnyReference(t));
    for (const t of tags) {
      const d = digests.find((x) => x.name === t.name);
      rows.push({ ...base, Repository: t.familiarName, Tag: t.tag ?? '<none>', Digest: d?.digest ?? '<none>' });
    }
    for (const d of digests) {
      if (tags.some((t) => t.name === d.name)) continue;
      rows.push({ ...base, Repository: d.familiarName, Tag: '<none>', Digest: d.digest ?? '<none>' });
    }
    if (!tags.length && !digests.length) rows.push({ ...base, Repository: '<none>', Tag: '<none>', Digest: '<none>' });
  }
  return rows;
}

async function listImages(cmd: Command, repo: string | undefined, o: { all?: boolean; quiet?: boolean; digests?: boolean; noTrunc?: boolean; filter: string[]; format?: string }): Promise<void> {
  const engine = await openEngine(cmd);
  const filters = parseFilters(o.filter);
  if (repo) {
    // `docker images busybox[:tag]`: the reference filter, on the repository (and tag).
    const r = parseNormalizedNamed(repo);
    (filters.reference ??= []).push(r.tag ? `${r.familiarName}:${r.tag}` : r.familiarName);
  }
  const list = await engine.images.list({ all: o.all, filters });
  const rows = imageRows(list, o);
  if (o.quiet) {
    const seen = new Set<string>();
    for (const r of rows) if (!seen.has(r.ID)) {
      seen.add(r.ID);
      out(r.ID + '\n');
    }
    return;
  }
  const fmt = o.format;
  if (fmt === 'json') {
    // Docker prints the fields in name order.
    for (const r of rows) out(JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))) + '\n');
    return;
  }
  if (fmt && fmt !== 'table') {
    const isTable = fmt.startsWith('table ');
    const tpl = isTable ? fmt.slice(6) : fmt;
    if (isTable) {
      out(templateTable(tpl, rows, { ID: 'IMAGE ID', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', Repository: 'REPOSITORY', Tag: 'TAG', Size: 'SIZE', Digest: 'DIGEST' }));
    } else for (const r of rows) out(renderTemplate(tpl, r) + '\n');
    return;
  }
  const head = o.digests ? ['REPOSITORY', 'TAG', 'DIGEST', 'IMAGE ID', 'CREATED', 'SIZE'] : ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'];
  const body = rows.map((r) => (o.digests ? [r.Repository, r.Tag, r.Digest, r.ID, r.CreatedSince, r.Size] : [r.Repository, r.Tag, r.ID, r.CreatedSince, r.Size]));
  out(table([head, ...body]));
}

function addListOptions(c: Command): Command {
  return c
    .option('-a, --all', 'Show all images (default hides intermediate images)')
    .option('-q, --quiet', 'Only show image IDs')
    .option('--digests', 'Show digests')
    .option('--no-trunc', "Don't truncate output")
    .option('-f, --filter <filter>', 'Filter output based on conditions provided', collect, [] as string[])
    .option('--format <format>', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'");
}

// ---- inspect (images; other areas add resolvers) -------------------------------------------

/**
 * `inspect` resolvers, tried in docker's order (container, image, volume): each returns the object
 * for a name, or undefined when it is not of its kind. All here, not added by the nouns' register():
 * a command registers only its own noun (cli/main.ts).
 */
export type InspectResolver = (engine: Engine, name: string, type: string | undefined) => Promise<unknown | undefined>;
export const inspectResolvers: Array<{ type: string; resolve: InspectResolver }> = [
  {
    type: 'container',
    resolve: async (engine, name) => engine.containers.inspect(name).catch((e) => {
      if (isEngineError(e, 'not-found') || isEngineError(e, 'invalid-argument')) return undefined;
      throw e;
    }),
  },
  {
    type: 'image',
    resolve: async (engine, name) => {
      try {
        return await engine.images.inspect(name);
      } catch (e) {
        // isEngineError, not instanceof: the Docker engine's errors come from its own bundle.
        if (isEngineError(e, 'not-found') || isEngineError(e, 'invalid-argument')) return undefined;
        throw e;
      }
    },
  },
  {
    type: 'volume',
    resolve: async (engine, name) => engine.volumes.inspect(name).catch(() => undefined),
  },
];

async function inspect(cmd: Command, names: string[], o: { format?: string; type?: string }, only?: string): Promise<void> {
  const engine = await openEngine(cmd);
  const results: unknown[] = [];
  let failed = false;
  for (const n of names) {
    let found: unknown;
    for (const r of inspectResolvers) {
      const type = only ?? o.type;
      if (type && r.type !== type) continue;
      found = await r.resolve(engine, n, type);
      if (found !== undefined) break;
    }
    if (found === undefined) {
      failed = true;
      process.stderr.write(only === 'image' || o.type === 'image' ? `Error: No such image: ${n}\n` : `Error: No such object: ${n}\n`);
      continue;
    }
    results.push(found);
  }
  if (o.format) for (const r of results) out(renderTemplate(o.format, r) + '\n');
  else out(JSON.stringify(results, null, 4) + '\n');
  if (failed) process.exitCode = 1;
}

// ---- history ------------------------------------------------------------------------------

function historyRows(items: HistoryItem[], o: { noTrunc?: boolean; human?: boolean }) {
  return items.map((h) => {
    let by = h.createdBy;
    if (!o.noTrunc && by.length > 45) by = by.slice(0, 44) + '…';
    return {
      ID: h.id === '<missing>' ? '<missing>' : o.noTrunc ? h.id : shortId(h.id),
      CreatedSince: o.human === false ? h.created : createdSince(h.created),
      CreatedAt: h.created,
      CreatedBy: by,
      Size: o.human === false ? String(h.size) : humanSize(h.size),
      Comment: h.comment,
    };
  });
}

// ---- registration ----------------------------------------------------------------------------

export function register(program: Command): void {
  pull.register(program);
  analyze.register(program);
  search.register(program);
  const image = group(program, 'image', 'Manage images');

  for (const [parent, name] of [
    [program, 'images'],
    [image, 'ls'],
  ] as const) {
    const c = parent
      .command(`${name} [REPOSITORY[:TAG]]`)
      .description('List images');
    if (name === 'ls') c.alias('list');
    addListOptions(c).action(async (repo: string | undefined, o, cmd: Command) => listImages(cmd, repo, { ...o, noTrunc: o.trunc === false }));
  }

  for (const [parent, name, only] of [
    [image, 'inspect', 'image'],
    [program, 'inspect', undefined],
  ] as const) {
    const c = parent
      .command(`${name} <names...>`)
      .description(only ? 'Display detailed information on one or more images' : 'Return low-level information on Stevedore objects')
      .option('-f, --format <format>', 'Format output using a custom template');
    if (!only) c.option('--type <type>', 'Return JSON for specified type');
    c.action(async (names: string[], o, cmd: Command) => inspect(cmd, names, o, only));
  }

  for (const parent of [program, image]) {
    parent
      .command('history <image>')
      .description('Show the history of an image')
      .option('-H, --human [bool]', 'Print sizes and dates in human readable format', (v: string) => v !== 'false', true)
      .option('--no-trunc', "Don't truncate output")
      .option('-q, --quiet', 'Only show image IDs')
      .option('--format <format>', 'Format output using a custom template')
      .action(async (name: string, o: { human?: boolean; trunc?: boolean; quiet?: boolean; format?: string }, cmd: Command) => {
        const engine = await openEngine(cmd);
        const items = await engine.images.history(name);
        const rows = historyRows(items, { noTrunc: o.trunc === false, human: o.human });
        if (o.quiet) {
          for (const r of rows) out(r.ID + '\n');
          return;
        }
        if (o.format === 'json') {
          for (const r of rows) out(JSON.stringify(r) + '\n');
          return;
        }
        if (o.format) {
          for (const r of rows) out(renderTemplate(o.format, r) + '\n');
          return;
        }
        out(table([['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], ...rows.map((r) => [r.ID, r.CreatedSince, r.CreatedBy, r.Size, r.Comment])]));
      });

    parent
      .command('tag <source> <target>')
      .description('Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE')
      .action(async (source: string, target: string, _o, cmd: Command) => {
        const engine = await openEngine(cmd);
        await engine.images.tag(source, target);
      });

    parent
      .command('save <images...>')
      .description('Save one or more images to a tar archive (streamed to STDOUT by default)')
      .option('-o, --output <file>', 'Write to a file, instead of STDOUT')
      .action(async (names: string[], o: { output?: string }, cmd: Command) => {
        const engine = await openEngine(cmd);
        if (!o.output && process.stdout.isTTY) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
        if (o.output) {
          // Write next to the target and rename, so a failed save leaves no half archive.
          const tmp = `${o.output}.tmp-${process.pid}`;
          try {
            await engine.images.save(names, fs.createWriteStream(tmp));
            await fs.promises.rename(tmp, o.output);
          } catch (e) {
            await fs.promises.rm(tmp, { force: true });
            throw e;
          }
        } else await engine.images.save(names, process.stdout);
      });

    parent
      .command('load')
      .description('Load an image from a tar archive or STDIN')
      .option('-i, --input <file>', 'Read from tar archive file, instead of STDIN')
      .option('-q, --quiet', 'Suppress the load output')
      .option('--platform <platform>', 'Load only the given platform variant from a multi-platform archive')
      .action(async (o: { input?: string; quiet?: boolean; platform?: string }, cmd: Command) => {
        const engine = await openEngine(cmd);
        if (!o.input && process.stdin.isTTY) throw new CliError('requested load from stdin, but stdin is empty');
        const src: Readable = o.input ? fs.createReadStream(o.input) : process.stdin;
        if (o.input && !fs.existsSync(o.input)) throw new CliError(`open ${o.input}: no such file or directory`);
        const res = await engine.images.load(src, { platform: o.platform });
        if (!o.quiet) for (const m of res.messages) out(m + '\n');
      });

    parent
      .command('import <file> [reference]')
      .description('Import the contents from a tarball to create a filesystem image')
      .option('-c, --change <instruction>', 'Apply Dockerfile instruction to the created image', collect, [] as string[])
      .option('-m, --message <message>', 'Set commit message for imported image')
      .option('--platform <platform>', 'Set platform if server is multi-platform capable')
      .action(async (file: string, reference: string | undefined, o: { change: string[]; message?: string; platform?: string }, cmd: Command) => {
        const engine = await openEngine(cmd);
        let src: Readable;
        if (file === '-') src = process.stdin;
        else if (/^https?:\/\//.test(file)) {
          const res = await fetch(file);
          if (!res.ok || !res.body) throw new EngineError('unavailable', `import from ${file}: HTTP ${res.status}`);
          src = Readable.fromWeb(res.body as import('stream/web').ReadableStream);
        } else {
          if (!fs.existsSync(file)) throw new CliError(`open ${file}: no such file or directory`);
          src = fs.createReadStream(file);
        }
        const r = await engine.images.import(src, { reference, changes: o.change, message: o.message, platform: o.platform, source: file === '-' ? '-' : file });
        out(r.id + '\n');
      });
  }

  const rmi = (c: Command) =>
    c
      .option('-f, --force', 'Force removal of the image')
      .option('--no-prune', 'Do not delete untagged parents')
      .action(async (names: string[], o: { force?: boolean }, cmd: Command) => {
        const engine = await openEngine(cmd);
        await eachArg(names, async (n) => {
          const r = await engine.images.remove(n, { force: o.force });
          for (const u of r.untagged) out(`Untagged: ${u}\n`);
          for (const d of [...r.deleted, ...(r.layers ?? [])]) out(`Deleted: ${d}\n`);
        }, true);
      });
  rmi(program.command('rmi <images...>').description('Remove one or more images'));
  rmi(image.command('rm <images...>').alias('remove').description('Remove one or more images'));

  image
    .command('prune')
    .description('Remove unused images')
    .option('-a, --all', 'Remove all unused images, not just dangling ones')
    .option('-f, --force', 'Do not prompt for confirmation')
    .option('--filter <filter>', 'Provide filter values (e.g. "label=<key>=<value>")', collect, [] as string[])
    .action(async (o: { all?: boolean; force?: boolean; filter: string[] }, cmd: Command) => {
      const engine = await openEngine(cmd);
      if (!o.force) {
        const warn = o.all
          ? 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] '
          : 'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ';
        if (!(await confirm(warn))) return;
      }
      const r = await engine.images.prune({ all: o.all, filters: parseFilters(o.filter) });
      if (r.untagged.length || r.deleted.length) {
        out('Deleted Images:\n');
        for (const u of r.untagged) out(`untagged: ${u}\n`);
        for (const d of r.deleted) out(`deleted: ${d}\n`);
        out('\n');
      }
      out(`Total reclaimed space: ${humanSize(r.spaceReclaimed, 4)}\n`);
    });

}

/** A client-side failure docker prints without the daemon prefix. */
class CliError extends Error {}

/** Exposed for main.ts-style error printing in tests. */
export { CliError };
