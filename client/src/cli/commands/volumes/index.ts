import { Command } from 'commander';
import { parseLabels } from '../../../core/flags';
import { humanSize } from '../../../core/format';
import { collect, eachArg, group, openEngine, out, parseFilters, printInspected, renderTemplate, table } from '../../helpers';

/** `volume create | ls | inspect | rm | prune` with docker's flags and output. */
export function register(program: Command): void {
  const volume = group(program, 'volume', 'Manage volumes');
  volume
    .command('create [name]')
    .description('Create a volume')
    .option('-d, --driver <string>', 'Specify volume driver name', 'local')
    .option('--label <list>', 'Set metadata for a volume', collect, [])
    .action(async (name: string | undefined, o: { driver: string; label: string[] }, cmd: Command) => {
      if (o.driver !== 'local') throw new Error(`volume driver "${o.driver}" is not available; only "local" is`);
      const engine = await openEngine(cmd);
      const v = await engine.volumes.create({ ...(name ? { name } : {}), labels: parseLabels(o.label) });
      out(v.Name + '\n');
    });
  volume
    .command('ls')
    .alias('list')
    .description('List volumes')
    .option('-q, --quiet', 'Only display volume names')
    .option('-f, --filter <filter>', "Provide filter values (e.g. 'dangling=true')", collect, [])
    .option('--format <string>', 'Format output using a custom template or json')
    .action(async (o: { quiet?: boolean; filter: string[]; format?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const list = await engine.volumes.list({ filters: parseFilters(o.filter) });
      if (o.quiet) return out(list.map((v) => v.Name + '\n').join(''));
      const rows = list.map((v) => ({ Driver: v.Driver, Name: v.Name, Mountpoint: v.Mountpoint, Scope: v.Scope, Labels: Object.entries(v.Labels).map(([k, x]) => `${k}=${x}`).join(','), Links: 'N/A', Size: 'N/A' }));
      if (o.format === 'json') return out(rows.map((r) => JSON.stringify(r) + '\n').join(''));
      if (o.format) return out(rows.map((r) => renderTemplate(o.format!, r) + '\n').join(''));
      out(table([['DRIVER', 'VOLUME NAME'], ...rows.map((r) => [r.Driver, r.Name])]));
    });
  volume
    .command('inspect <volumes...>')
    .description('Display detailed information on one or more volumes')
    .option('-f, --format <string>', 'Format output using a custom template')
    .action(async (names: string[], o: { format?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await printInspected(names, o.format, (n) => engine.volumes.inspect(n));
    });
  volume
    .command('rm <volumes...>')
    .alias('remove')
    .description('Remove one or more volumes')
    .option('-f, --force', 'Force the removal of one or more volumes')
    .action(async (names: string[], o: { force?: boolean }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await eachArg(names, (n) => engine.volumes.remove(n, { force: o.force }));
    });
  volume
    .command('prune')
    .description('Remove unused local volumes')
    .option('-a, --all', 'Remove all unused volumes, not just anonymous ones')
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (o: { all?: boolean }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const r = await engine.volumes.prune({ all: o.all });
      if (r.VolumesDeleted.length) out(`Deleted Volumes:\n${r.VolumesDeleted.join('\n')}\n\n`);
      out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`);
    });
}
