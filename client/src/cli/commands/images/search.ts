import { Command } from 'commander';
import type { SearchResult } from '../../../engine/registry/api';
import { parseSearchFilters } from '../../../engine/registry/search';
import { EngineError } from '../../../core/errors';
import { collect, openEngine, renderTemplate, templateTable, withInterrupt } from '../../helpers';

/**
 * `stevedore search`: docker's flags, columns (NAME, DESCRIPTION, STARS, OFFICIAL), 45-character
 * description truncation and `--format` (json: docker 28's string-valued objects; templates with
 * Name, Description, StarCount, IsOfficial, IsAutomated), plus Podman's `--list-tags`.
 */

/** docker's formatter.Ellipsis: cut to `max` characters, the last one an ellipsis. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

function context(r: SearchResult, trunc: boolean) {
  const description = r.description.replace(/\r?\n/g, ' ');
  return {
    Name: r.name,
    Description: trunc ? ellipsis(description, 45) : description,
    StarCount: String(r.stars),
    IsOfficial: r.official ? '[OK]' : '',
    IsAutomated: r.automated ? '[OK]' : '',
  };
}

const HEADERS: Record<string, string> = { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED', Tag: 'TAG' };

function print(rows: object[], format: string | undefined, def: string, json: (r: object) => object): void {
  if (format === 'json') {
    for (const r of rows) process.stdout.write(JSON.stringify(json(r)) + '\n');
  } else if (!format || format === 'table' || format.startsWith('table ')) {
    process.stdout.write(templateTable((!format || format === 'table' ? def : format).replace(/^table\s+/, ''), rows, HEADERS));
  } else {
    for (const r of rows) process.stdout.write(renderTemplate(format, r) + '\n');
  }
}

export function register(program: Command): void {
  program
    .command('search')
    .description('Search Docker Hub or a registry for images')
    .argument('<term>', 'TERM, or REGISTRY/TERM to search that registry (its v1 search, else its catalog)')
    .option('-f, --filter <filter>', 'Filter output based on conditions provided (stars=N, is-official=BOOL, is-automated=BOOL)', collect, [] as string[])
    .option('--limit <n>', 'Max number of search results (1-100, default 25)')
    .option('--no-trunc', "Don't truncate output")
    .option('--format <format>', "Format output: 'json', 'table' or a Go template")
    .option('--list-tags', 'List the tags of the repository TERM (REGISTRY/NAME)')
    .action(async (term: string, o: { filter: string[]; limit?: string; trunc: boolean; format?: string; listTags?: boolean }, cmd: Command) => {
      let limit: number | undefined;
      if (o.limit !== undefined) {
        if (!/^-?\d+$/.test(o.limit)) throw new EngineError('invalid-argument', `invalid argument "${o.limit}" for "--limit" flag: strconv.ParseInt: parsing "${o.limit}": invalid syntax`);
        limit = Number(o.limit);
      }
      const filters = parseSearchFilters(o.filter);
      if (filters.isAutomated !== undefined) process.stderr.write(`WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=${filters.isAutomated}" will not yield any results in future.\n`);
      const engine = await openEngine(cmd);
      try {
        await withInterrupt(async (signal) => {
          if (o.listTags) {
            if (!term.trim()) throw new EngineError('invalid-argument', 'search term must not be empty: name the repository whose tags to list');
            if (o.filter.length) throw new EngineError('invalid-argument', 'filters are not supported with --list-tags');
            let tags = await engine.tags(term.trim(), { signal });
            if (limit) tags = tags.slice(0, limit);
            const name = term.trim();
            if (o.format === 'json') {
              process.stdout.write(JSON.stringify([{ Name: name, Tags: tags }], null, 4) + '\n');
              return;
            }
            print(tags.map((t) => ({ Name: name, Tag: t })), o.format, 'table {{.Name}}\t{{.Tag}}', (r) => r);
            return;
          }
          const rows = await engine.search(term, { limit, filters, signal });
          const ctx = rows.map((r) => context(r, o.trunc));
          print(ctx, o.format, 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}', (r) => {
            const c = r as ReturnType<typeof context>;
            return { Description: c.Description, IsOfficial: String(c.IsOfficial === '[OK]'), Name: c.Name, StarCount: c.StarCount };
          });
        });
      } finally {
        await engine.dispose?.();
      }
    });
}
