import { Command, CommanderError } from 'commander';
import * as path from 'path';
import { isEngineError } from '../core/errors';
import { settleBackgroundWrites } from '../engine/fsutil';
import * as analyzeCommands from './commands/analyze';
import * as buildCommands from './commands/build';
import * as containerCommands from './commands/containers';
import * as volumeCommands from './commands/volumes';
import * as networkCommands from './commands/networks';
import * as imageCommands from './commands/images';
import * as registryCommands from './commands/registry';
import * as infoCommands from './commands/info';
import * as searchCommands from './commands/search';
import * as serviceCommands from './commands/service';

/**
 * `stevedore` — a docker-style CLI over the embedded engine. Each noun's commands live in
 * `./commands/<noun>.ts` and export `register(program)`; add new modules to the list below.
 */
const modules: Array<{ register(program: Command): void }> = [registryCommands, imageCommands, buildCommands, analyzeCommands, containerCommands, volumeCommands, infoCommands, searchCommands, serviceCommands, networkCommands];

export async function main(argv: string[]): Promise<number> {
  const program = new Command('stevedore')
    .description('A docker-compatible CLI over the Stevedore engine')
    .option('--data-root <dir>', 'data root (default: $STEVEDORE_ROOT or ~/.local/share/stevedore)')
    .option('--engine <kind>', 'engine: embedded (default) or docker (a Docker daemon; also $STEVEDORE_ENGINE)')
    .option('--host <url>', 'with --engine docker: daemon socket (unix:///var/run/docker.sock, tcp://host:port, ssh://user@host); default: $DOCKER_HOST, then the Docker context')
    .option('--config <file>', 'registry configuration: daemon.json or registries.conf (default: $STEVEDORE_REGISTRY_CONFIG, then ~/.config/stevedore/registries.conf)')
    .version('0.1.0', '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const m of modules) m.register(program);
  // Every engine opened by a command reads the registry configuration from this variable.
  program.hook('preAction', (cmd) => {
    const file = (cmd.opts() as { config?: string }).config;
    if (file) process.env.STEVEDORE_REGISTRY_CONFIG = path.resolve(file);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    // Cache files the command's engine writes after answering (listing facts): the next command reads them.
    await settleBackgroundWrites();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 125;
    if (e instanceof containerCommands.ExitError) {
      process.stderr.write(`${e.message}\n`);
      return e.status;
    }
    // The shape, not the class: errors from dist/docker.js (--engine docker) carry that bundle's EngineError class.
    if (isEngineError(e)) {
      process.stderr.write(`Error response from daemon: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`stevedore: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
