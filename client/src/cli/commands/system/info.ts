import { Command } from 'commander';
import { openEngine, renderTemplate } from '../../helpers';

/**
 * `stevedore info` (and `system info`): the engine in use and its registry configuration —
 * the configuration file, insecure registries, mirrors (Docker Hub's and any other registry's)
 * and blocked registries — in `docker info`'s layout; `--format json|TEMPLATE` for scripts.
 */
export function register(program: Command): void {
  const action = async (o: { format?: string }, cmd: Command) => {
    const engine = await openEngine(cmd);
    const rc = await engine.registryConfig();
    const info = {
      Engine: engine.kind,
      Location: engine.location,
      RegistryConfigFile: rc.file ?? '',
      RegistryConfigError: rc.error ?? '',
      RegistryConfig: rc.docker,
      RegistryMirrors: rc.mirrors,
      BlockedRegistries: rc.blocked,
      Warnings: rc.warnings,
    };
    if (o.format === 'json') {
      process.stdout.write(JSON.stringify(info) + '\n');
      return;
    }
    if (o.format) {
      process.stdout.write(renderTemplate(o.format, info) + '\n');
      return;
    }
    const lines: string[] = ['Server:', ` Engine: ${engine.kind}`, ` ${engine.kind === 'embedded' ? 'Data Root' : 'Host'}: ${engine.location}`];
    if (engine.kind === 'embedded') lines.push(` Registry Configuration: ${rc.file ?? 'none'}`);
    lines.push(' Insecure Registries:', ...[...new Set([...rc.docker.InsecureRegistryCIDRs, ...rc.insecure])].map((h) => `  ${h}`));
    if (rc.docker.Mirrors.length) lines.push(' Registry Mirrors:', ...rc.docker.Mirrors.map((m) => `  ${m}`));
    const others = Object.entries(rc.mirrors).filter(([name]) => name !== 'docker.io');
    if (others.length) lines.push(' Mirrors of Other Registries:', ...others.map(([name, list]) => `  ${name}: ${list.join(', ')}`));
    if (rc.blocked.length) lines.push(' Blocked Registries:', ...rc.blocked.map((b) => `  ${b}`));
    process.stdout.write(lines.join('\n') + '\n');
    for (const w of rc.warnings) process.stderr.write(`WARNING: ${w}\n`);
    if (rc.error) process.stderr.write(`ERROR: ${rc.error}\n`);
  };
  program.command('info').description('Display system-wide information').option('-f, --format <format>', "'json' or a Go template").action(action);
  const system = program.commands.find((c) => c.name() === 'system');
  system?.command('info').description('Display system-wide information').option('-f, --format <format>', "'json' or a Go template").action(action);
}
