import { Command, CommanderError } from 'commander';
import * as path from 'path';
import { isEngineError } from '../core/errors';
import { STEVEDORE_VERSION } from '../core/version';
import { settleBackgroundWrites } from '../engine/fsutil';
import { ExitError, flushOut, out } from './helpers';
import * as build from './commands/build';
import * as containers from './commands/containers';
import * as images from './commands/images';
import * as networks from './commands/networks';
import * as registries from './commands/registries';
import * as system from './commands/system';
import * as volumes from './commands/volumes';

/**
 * `stevedore` — a docker-style CLI over the Engine (embedded, or a daemon with --engine docker).
 * Each Docker noun's verbs live in `./commands/<noun>/` (index.ts registers them; a large verb has
 * its own file there), the same nouns as the UI's `ui/commands/<noun>/`; shared helpers in
 * ./helpers.ts. Add a noun, with its top-level commands, to NOUNS below.
 */
export const NOUNS: Array<{ register(program: Command): void; commands: string[] }> = [
  { register: images.register, commands: ['pull', 'push', 'image', 'search', 'images', 'inspect', 'history', 'tag', 'save', 'load', 'import', 'rmi'] },
  { register: registries.register, commands: ['login', 'logout', 'registry'] },
  { register: build.register, commands: ['build', 'builder'] },
  { register: containers.register, commands: ['container', 'run', 'create', 'start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'rm', 'ps', 'logs', 'exec', 'attach', 'wait', 'rename', 'top', 'port', 'diff', 'export', 'commit', 'cp'] },
  { register: volumes.register, commands: ['volume'] },
  { register: networks.register, commands: ['network'] },
  { register: system.register, commands: ['info', 'system'] },
];

/** The global options that take a value (as separate words, `--data-root DIR`). */
const GLOBAL_VALUES = new Set(['--data-root', '--engine', '--host', '--config']);

/**
 * The nouns to register for `argv`: only the one that owns its command word (each command is a
 * new process, and registering every noun's few hundred options was a good part of start-up),
 * every noun when there is no such word (help, --version, a mistyped command: commander then
 * lists or suggests from all of them). `NOUNS` names each noun's top-level commands; a test
 * (test/unit/cli/nouns.test.ts) checks them against what register() adds.
 */
function nounsFor(argv: string[]): typeof NOUNS {
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (GLOBAL_VALUES.has(a)) {
      i++;
      continue;
    }
    if (a === '-h' || a === '--help') return NOUNS;
    if (a === '-v' || a === '--version') version = true;
    if (a.startsWith('-')) continue;
    const owner = NOUNS.find((n) => n.commands.includes(a));
    return owner ? [owner] : NOUNS;
  }
  // `--version` alone prints the version before any command is looked at: no noun is needed.
  return version ? [] : NOUNS;
}

/** The program with its global options and settings, before any noun registers its commands. */
export function makeProgram(): Command {
  return new Command('stevedore')
    .description('A docker-compatible CLI over the Stevedore engine')
    .option('--data-root <dir>', 'data root (default: $STEVEDORE_ROOT or ~/.local/share/stevedore)')
    .option('--engine <kind>', 'engine: embedded (default) or docker (a Docker daemon; also $STEVEDORE_ENGINE)')
    .option('--host <url>', 'with --engine docker: daemon socket (unix:///var/run/docker.sock, tcp://host:port, ssh://user@host); default: $DOCKER_HOST, then the Docker context')
    .option('--config <file>', 'registry configuration: daemon.json or registries.conf (default: $STEVEDORE_REGISTRY_CONFIG, then ~/.config/stevedore/registries.conf)')
    .version(STEVEDORE_VERSION, '-v, --version')
    // Global options only before the command (docker's rule; `run IMAGE CMD --flag` passes --flag on).
    .enablePositionalOptions()
    .exitOverride()
    // Help and the version go out as command output does (helpers.out: fd 1, without process.stdout's set-up).
    .configureOutput({ writeOut: (s) => out(s), writeErr: (s) => process.stderr.write(s) });
}

export async function main(argv: string[]): Promise<number> {
  const program = makeProgram();
  for (const m of nounsFor(argv)) m.register(program);
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
    if (e instanceof ExitError) {
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
  } finally {
    // The caller ends the process (process.exit): command output still queued must go out first.
    await flushOut();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
