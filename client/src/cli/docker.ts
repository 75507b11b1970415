import * as path from 'path';
import type { Command } from 'commander';
import type { Engine } from '../engine/engine';
import { EngineError } from '../core/errors';

/**
 * `stevedore --engine docker [--host URL]`: the CLI's commands over a Docker daemon. The
 * DockerEngine lives in its own bundle (dist/docker.js, dockerode), loaded only here so the
 * CLI's start-up does not pay for it. `STEVEDORE_ENGINE=docker` does the same as the flag;
 * `--host` alone implies docker.
 */
export function dockerMode(cmd: Command): boolean {
  const g = cmd.optsWithGlobals() as { engine?: string; host?: string };
  const kind = g.engine ?? process.env.STEVEDORE_ENGINE;
  if (kind !== undefined && kind !== 'embedded' && kind !== 'docker' && kind !== 'auto') {
    throw new EngineError('invalid-argument', `unknown engine "${kind}" (expected embedded or docker)`);
  }
  return kind === 'docker' || (kind === undefined && !!g.host);
}

/** The Docker engine (the whole Engine contract; what a daemon cannot do throws `unsupported`). */
export async function openDockerEngine(cmd: Command): Promise<Engine> {
  const g = cmd.optsWithGlobals() as { host?: string };
  const inDist = path.basename(__dirname) === 'dist';
  const mod = require(inDist ? path.join(__dirname, 'docker.js') : path.join(__dirname, '..', 'engine', 'docker', 'index.js')) as typeof import('../engine/docker');
  return mod.openDockerEngine({ host: g.host });
}
