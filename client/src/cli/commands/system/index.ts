import type { Command } from 'commander';
import { humanSize } from '../../../core/format';
import type { DiskUsage } from '../../../engine/system/api';
import { group, openEngine, out, table } from '../../helpers';
import * as info from './info';
import * as service from './service';
import { imageRows } from '../images';

/**
 * `system df`, `system fsck`; `info` / `system info` (./info.ts); `system service` (./service.ts,
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
