import { Command } from 'commander';
import { isEngineError } from '../../../core/errors';
import { parseLabels } from '../../../core/flags';
import { collect, eachArg, group, openEngine, out, parseFilters, printInspected, renderTemplate, table } from '../../helpers';

/** `network create | ls | inspect | rm | prune | connect | disconnect` with docker's flags and output. */
export function register(program: Command): void {
  const network = group(program, 'network', 'Manage networks');
  network
    .command('create <network>')
    .description('Create a network')
    .option('-d, --driver <string>', 'Driver to manage the Network', 'bridge')
    .option('--subnet <strings>', 'Subnet in CIDR format that represents a network segment', collect, [])
    .option('--gateway <strings>', 'IPv4 or IPv6 Gateway for the master subnet', collect, [])
    .option('--internal', 'Restrict external access to the network')
    .option('--label <list>', 'Set metadata on a network', collect, [])
    .action(async (name: string, o: { driver: string; subnet: string[]; gateway: string[]; internal?: boolean; label: string[] }, cmd: Command) => {
      if (o.subnet.length > 1 || o.gateway.length > 1) throw new Error('only one --subnet and one --gateway are supported (IPv4)');
      const engine = await openEngine(cmd);
      const r = await engine.networks.create({ name, driver: o.driver, subnet: o.subnet[0], gateway: o.gateway[0], internal: !!o.internal, labels: parseLabels(o.label) });
      out(r.Id + '\n');
    });
  network
    .command('ls')
    .alias('list')
    .description('List networks')
    .option('-q, --quiet', 'Only display network IDs')
    .option('-f, --filter <filter>', "Provide filter values (e.g. 'driver=bridge')", collect, [])
    .option('--format <string>', 'Format output using a custom template or json')
    .option('--no-trunc', 'Do not truncate the output')
    .action(async (o: { quiet?: boolean; filter: string[]; format?: string; trunc: boolean }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const list = await engine.networks.list({ filters: parseFilters(o.filter) });
      const id = (x: string) => (o.trunc ? x.slice(0, 12) : x);
      if (o.quiet) return out(list.map((n) => id(n.Id) + '\n').join(''));
      const rows = list.map((n) => ({
        ID: id(n.Id), Name: n.Name, Driver: n.Driver, Scope: n.Scope, IPv6: String(n.EnableIPv6), Internal: String(n.Internal), CreatedAt: n.Created,
        Labels: Object.entries(n.Labels).map(([k, v]) => `${k}=${v}`).join(','),
      }));
      if (o.format === 'json') return out(rows.map((r) => JSON.stringify(r) + '\n').join(''));
      if (o.format) return out(rows.map((r) => renderTemplate(o.format!, r) + '\n').join(''));
      out(table([['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], ...rows.map((r) => [r.ID, r.Name, r.Driver, r.Scope])]));
    });
  network
    .command('inspect <networks...>')
    .description('Display detailed information on one or more networks')
    .option('-f, --format <string>', 'Format output using a custom template')
    .action(async (names: string[], o: { format?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await printInspected(names, o.format, (n) => engine.networks.inspect(n));
    });
  network
    .command('rm <networks...>')
    .alias('remove')
    .description('Remove one or more networks')
    .option('-f, --force', 'Do not error if the network does not exist')
    .action(async (names: string[], o: { force?: boolean }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await eachArg(names, async (n) => {
        try {
          await engine.networks.remove(n);
        } catch (e) {
          if (o.force && isEngineError(e) && e.code === 'not-found') return;
          throw e;
        }
        out(n + '\n');
      }, true);
    });
  network
    .command('prune')
    .description('Remove all unused networks')
    .option('-f, --force', 'Do not prompt for confirmation')
    .option('--filter <filter>', "Provide filter values (e.g. 'until=<timestamp>')", collect, [])
    .action(async (o: { filter: string[] }, cmd: Command) => {
      const engine = await openEngine(cmd);
      const r = await engine.networks.prune({ filters: parseFilters(o.filter) });
      if (r.NetworksDeleted.length) out(`Deleted Networks:\n${r.NetworksDeleted.join('\n')}\n\n`);
    });
  network
    .command('connect <network> <container>')
    .description('Connect a container to a network')
    .option('--alias <strings>', 'Add network-scoped alias for the container', collect, [])
    .option('--ip <string>', 'IPv4 address (e.g., "172.30.100.104")')
    .action(async (net: string, container: string, o: { alias: string[]; ip?: string }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await engine.networks.connect(net, container, { aliases: o.alias, ip: o.ip });
    });
  network
    .command('disconnect <network> <container>')
    .description('Disconnect a container from a network')
    .option('-f, --force', 'Force the container to disconnect from a network')
    .action(async (net: string, container: string, o: { force?: boolean }, cmd: Command) => {
      const engine = await openEngine(cmd);
      await engine.networks.disconnect(net, container, { force: o.force });
    });
}
