import type { Command } from 'commander';
import { humanSize } from '../../../core/format';
import type { DiskUsage } from '../../../engine/system/api';
import { confirm, group, openEngine, out, table } from '../../helpers';
import * as info from './info';
import * as service from './service';
import { imageRows } from '../images';

/**
 * `system df`, `system prune`, `system fsck`; `info` / `system info` (./info.ts); `system service` (./service.ts,
 * the Docker Engine API server).
 */

// ---- system df ------------------------------------------------------------------------------

function dfTable(d: DiskUsage): string {
  const pct = (r: number, s: number) => (s > 0 ? ` (${Math.floor((r * 100) / s)}%)` : '');
  const rows: string[][] = [['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE']];
  const add = (name: string, x: { total: number; active: number; size: number; reclaimable: number }) =>
    rows.push([name, String(x.total), String(x.active), humanSize(x.size, 4), humanSize(x.reclaimable, 4) + pct(x.reclaimable, x.size)]);
  add('Images', d.images);
  add('Containers', d.containers);
  add('Local Volumes', d.volumes);
  add('Build Cache', d.buildCache);
  if (d.layers) add('Unpacked Layers', d.layers);
  return table(rows);
}

export function register(program: Command): void {
  info.register(program);
  service.register(program);
  const system = group(program, 'system', 'Manage Stevedore');
  system
    .command('df')
    .description('Show disk usage')
    // No -v: the program's global -v is --version (commander reads global flags anywhere).
    .option('--verbose', 'Show detailed information on space usage')
    .option('--format <format>', "Format output: 'table', 'json' or a template")
    .action(async (o: { verbose?: boolean; format?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const d = await engine.system.df();
      if (o.format === 'json') {
        const row = (Type: string, x: { total: number; active: number; size: number; reclaimable: number }) => ({
          Active: String(x.active),
          Reclaimable: humanSize(x.reclaimable, 4),
          Size: humanSize(x.size, 4),
          TotalCount: String(x.total),
          Type,
        });
        for (const r of [row('Images', d.images), row('Containers', d.containers), row('Local Volumes', d.volumes), row('Build Cache', d.buildCache), ...(d.layers ? [row('Unpacked Layers', d.layers)] : [])]) out(JSON.stringify(r) + '\n');
        return;
      }
      out(dfTable(d));
      if (o.verbose) {
        out('\nImages space usage:\n\n');
        const list = await engine.images.list();
        const body = list.flatMap((img) =>
          imageRows([img], {}).map((r) => [r.Repository, r.Tag, r.ID, r.CreatedSince, r.Size, humanSize(img.sharedSize), humanSize(img.size - img.sharedSize), r.Containers]),
        );
        out(table([['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'SHARED SIZE', 'UNIQUE SIZE', 'CONTAINERS'], ...body]));
      }
    });

  system
    .command('prune')
    .description('Remove unused data')
    .option('-a, --all', 'Remove all unused images not just dangling ones')
    .option('--volumes', 'Prune anonymous volumes')
    .option('-f, --force', 'Do not prompt for confirmation')
    .action(async (o: { all?: boolean; volumes?: boolean; force?: boolean }, cmd: Command) => {
      const engine = await openEngine(cmd);
      if (!o.force) {
        // docker's warning, listing what engine.system.prune removes (it leaves networks alone).
        const what = [
          'all stopped containers',
          ...(o.volumes ? ['all anonymous volumes not used by at least one container'] : []),
          o.all ? 'all images without at least one container associated to them' : 'all dangling images',
          o.all ? 'all build cache' : 'unused build cache',
        ];
        if (!(await confirm(`WARNING! This will remove:\n${what.map((w) => `  - ${w}\n`).join('')}\nAre you sure you want to continue? [y/N] `))) return;
      }
      const r = await engine.system.prune({ all: o.all, volumes: o.volumes });
      const section = (title: string, lines: string[]) => { if (lines.length) out(`${title}:\n${lines.join('\n')}\n\n`); };
      section('Deleted Containers', r.ContainersDeleted);
      section('Deleted Volumes', r.VolumesDeleted);
      section('Deleted Images', r.ImagesDeleted.map((i) => (i.Untagged ? `untagged: ${i.Untagged}` : `deleted: ${i.Deleted}`)));
      section('Deleted build cache objects', r.BuildCacheDeleted);
      out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed, 4)}\n`);
    });

  system
    .command('fsck')
    .description('Check the data root: every tag, manifest, config and layer present, every blob digest verified; containers, root filesystems and volumes left by interrupted operations')
    .option('--repair', 'Finish or undo what interrupted operations left behind')
    .option('--format <format>', "'json' for the report as JSON")
    .action(async (o: { repair?: boolean; format?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const { ok, images: rep, containers: ctr } = await engine.system.fsck({ repair: o.repair });
      if (o.format === 'json') out(JSON.stringify({ ...rep, ok, containers: ctr.containers, problems: [...ctr.problems, ...rep.problems] }) + '\n');
      else {
        for (const p of [...ctr.problems, ...rep.problems]) out(`${p.severity}: ${p.subject}: ${p.message}\n`);
        const errors = [...ctr.problems, ...rep.problems].filter((p) => p.severity === 'error').length;
        out(`checked ${rep.images} images, ${rep.tags} tags, ${rep.blobs} blobs, ${ctr.containers} containers: ${ok ? 'ok' : `${errors} errors`}\n`);
      }
      if (!ok) process.exitCode = 1;
    });
}
