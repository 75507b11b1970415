import { Command } from 'commander';
import { humanSize } from '../../../core/format';
import { group, openEngine, table } from '../../helpers';

/** `stevedore image analyze REF [--format json]`: per-layer sizes and wasted bytes, worst files first. */
export function register(program: Command): void {
  group(program, 'image', 'Manage images')
    .command('analyze')
    .description('Show what each layer of an image adds and how many of its bytes later layers waste')
    .argument('<image>', 'image reference or ID')
    .option('--format <format>', '"json" for the whole analysis as JSON')
    .option('--top <n>', 'how many wasted files to list', '10')
    .action(async (ref: string, o: { format?: string; top: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const a = await engine.images.analyze(ref);
      if (o.format === 'json') {
        process.stdout.write(JSON.stringify(a) + '\n');
        return;
      }
      // Layers this engine built show the Dockerfile lines that made them (1-based, as editors count).
      const lines = a.layers.some((l) => l.instruction);
      const rows = [['LAYER', 'SIZE', 'WASTED', ...(lines ? ['LINES'] : []), 'CREATED BY']];
      for (const l of a.layers) {
        const at = l.instruction ? (l.instruction.startLine === l.instruction.endLine ? `${l.instruction.startLine + 1}` : `${l.instruction.startLine + 1}-${l.instruction.endLine + 1}`) : '';
        rows.push([String(l.index), humanSize(l.size), humanSize(l.wastedBytes), ...(lines ? [at] : []), l.createdBy.length > 60 ? l.createdBy.slice(0, 59) + '…' : l.createdBy]);
      }
      process.stdout.write(table(rows));
      process.stdout.write(`\nTotal size: ${humanSize(a.size)}   Wasted: ${humanSize(a.wastedBytes)}   Efficiency: ${(a.efficiency * 100).toFixed(2)}%\n`);
      const wasted = a.layers.flatMap((l) => l.files.filter((f) => f.wasted).map((f) => ({ ...f, layer: l.index }))).sort((x, y) => y.size - x.size).slice(0, Number(o.top) || 10);
      if (wasted.length) {
        process.stdout.write('\n' + table([['SIZE', 'LAYER', 'WHY', 'PATH'], ...wasted.map((f) => [humanSize(f.size), String(f.layer), `${f.wasted!.reason} in layer ${f.wasted!.byLayer}`, '/' + f.path])]));
      }
      await engine.dispose();
    });
}
